//! Bounded work on every input (#24): each limit of a run (rendered text,
//! template steps, table cells, typeset text, pages, writing lines, table
//! width) ends in an error at the place that crossed it, naming the limit and
//! how to raise it; random sizes either pass or stop that way, within time
//! and memory. Also the three wrong results that looked right: two charters
//! writing one output, a tally whose header names no question, an import
//! that wrote a file its own checks refuse.

mod common;
use common::*;

use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;

const ORG: &str = "name = \"限额测试中心\"\nshort_name = \"中心\"\n";

/// A charter with `clauses` clauses of `text` each, and a table of
/// `rows` × `columns` cells.
fn charter(clauses: usize, text: &str, rows: usize, columns: usize) -> String {
    let mut out = String::from(
        "[charter]\nid = \"big\"\ntitle = \"限额测试制度\"\n\n[[section]]\nid = \"s\"\ntitle = \"总则\"\n",
    );
    for _ in 0..clauses {
        out.push_str(&format!("  [[section.clause]]\n  text = \"{text}\"\n"));
    }
    if rows > 0 {
        let widths = vec!["1"; columns].join(", ");
        out.push_str(&format!(
            "  [[section.table]]\n  columns = [{widths}]\n  rows = [\n"
        ));
        let row = vec!["\"甲\""; columns].join(", ");
        for _ in 0..rows {
            out.push_str(&format!("    [{row}],\n"));
        }
        out.push_str("  ]\n");
    }
    out
}

/// The error of a limit: at a file and line, naming `--limit NAME=`.
fn assert_limit_error(status: i32, err: &str, name: &str) {
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains(&format!("--limit {name}=")),
        "no way to raise {name}: {err}"
    );
}

#[test]
fn a_long_variable_printed_everywhere_stops_at_the_text_limit() {
    // 0.3 MB of source that would render to 2 GB.
    let big = "甲".repeat(60_000);
    let org = format!("{ORG}[extra]\nbig = \"{big}\"\n");
    let text = "{{ org.extra.big }}{{ org.extra.big }}{{ org.extra.big }}";
    let dir = scratch(&[("org.toml", &org), ("big.toml", &charter(3000, text, 0, 0))]);
    let (status, err, took, memory) = run_measured(dir.path(), &["check", "."]);
    assert_limit_error(status, &err, "text");
    assert!(err.contains("big.toml:"), "located: {err}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(memory.is_none_or(|m| m < 1024.0), "{memory:?} MB");
    // Raised, the same charter is allowed further (and stops later).
    let raised = run_in(dir.path(), &["check", ".", "--limit", "text=16"]);
    assert!(
        stderr(&raised).contains("--limit text=32"),
        "{}",
        stderr(&raised)
    );
}

#[test]
fn a_huge_table_is_refused_before_layout() {
    let dir = scratch(&[
        ("org.toml", ORG),
        ("big.toml", &charter(1, "表。", 100_000, 3)),
    ]);
    let (status, err, took, _) = run_measured(dir.path(), &["build", ".", "-o", "out"]);
    assert_limit_error(status, &err, "cells");
    assert!(err.contains("big.toml:"), "located: {err}");
    assert!(err.contains("100000 rows × 3 columns"), "{err}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(!dir.path().join("out/big.pdf").exists());

    let wide = "[charter]\nid = \"wide\"\ntitle = \"宽表\"\n[[section]]\ntitle = \"表\"\n  [[section.table]]\n  rows = [[{ text = \"跨\", colspan = 50000 }]]\n";
    let dir = scratch(&[("org.toml", ORG), ("wide.toml", wide)]);
    let output = run_in(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("at most 64"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn writing_space_and_the_pages_of_a_pdf_are_bounded() {
    let form = "[charter]\nid = \"f\"\ntitle = \"表\"\n[[section]]\ntitle = \"一\"\ntext = \"文。\"\n[[appendix]]\nid = \"q\"\nkind = \"form\"\ntitle = \"登记表\"\n  [[appendix.field]]\n  label = \"意见\"\n  lines = 200000\n";
    let dir = scratch(&[("org.toml", ORG), ("f.toml", form)]);
    let output = run_in(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("f.toml:13"), "{}", stderr(&output));

    let dir = scratch(&[
        ("org.toml", ORG),
        ("small.toml", &charter(200, "条文。", 0, 0)),
    ]);
    let (status, err, _, _) = run_measured(
        dir.path(),
        &[
            "build", ".", "-o", "out", "--format", "pdf", "--limit", "pages=2",
        ],
    );
    assert_limit_error(status, &err, "pages");
    assert!(!dir.path().join("out").join("small.pdf").exists());
}

#[test]
fn more_text_than_a_pdf_typesets_is_refused_for_the_pdf_only() {
    let long = "这是一段很长的条文内容。".repeat(2_000);
    let dir = scratch(&[("org.toml", ORG), ("long.toml", &charter(100, &long, 0, 0))]);
    let (status, err, took, memory) = run_measured(dir.path(), &["build", ".", "-o", "out"]);
    assert_limit_error(status, &err, "typeset");
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert!(memory.is_none_or(|m| m < 2048.0), "{memory:?} MB");
    // DOCX and JSON are not typeset: they build.
    let output = run_in(
        dir.path(),
        &["build", ".", "-o", "out", "--format", "docx,json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_huge_answer_sheet_tallies_as_text_and_refuses_the_pdf() {
    let root = root();
    let charter = root.join("charters/orgs/qingshan/service-commitment.toml");
    let dir = scratch(&[]);
    let mut csv = String::from(
        "活动名称,overall,time,venue,format,content,publicity,facilitator,staff,gains,improve\n",
    );
    for i in 0..60_000 {
        csv.push_str(&format!(
            "活动{},很满意,满意,1,2,1,很满意,满意,1,收获{i},建议{i}\n",
            i % 7
        ));
    }
    std::fs::write(dir.path().join("big.csv"), &csv).unwrap_or_default();
    let charter = charter.to_string_lossy().into_owned();
    let args = |format: &'static str| {
        vec![
            "survey",
            "tally",
            charter.as_str(),
            "--responses",
            "big.csv",
            "--format",
            format,
            "-o",
        ]
    };
    let mut json = args("json");
    json.push("t.json");
    let output = run_in_root(dir.path(), &json);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut pdf = args("pdf");
    pdf.push("t.pdf");
    let (status, err, took, _) = run_measured(dir.path(), &with_root(&pdf));
    assert_limit_error(status, &err, "typeset");
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert!(!dir.path().join("t.pdf").exists());
}

/// `args` with `--root /`, for a charter outside the scratch folder.
fn with_root<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut out = args.to_vec();
    out.extend(["--root", "/"]);
    out
}

fn run_in_root(dir: &Path, args: &[&str]) -> std::process::Output {
    run_in(dir, &with_root(args))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// Random sizes around small limits: either the charter checks, or it
    /// stops with the error of a limit; never more time or memory.
    #[test]
    fn random_sizes_pass_or_stop_at_a_limit(
        clauses in 1usize..400,
        repeat in 1usize..200,
        rows in 0usize..3000,
        columns in 1usize..8,
    ) {
        let text = "条".repeat(repeat);
        let dir = scratch(&[("org.toml", ORG), ("big.toml", &charter(clauses, &text, rows, columns))]);
        let (status, err, took, memory) = run_measured(
            dir.path(),
            &["check", ".", "--limit", "text=1", "--limit", "cells=5000"],
        );
        let cells = rows * columns;
        let bytes = clauses * repeat * 3;
        prop_assert!(took < Duration::from_secs(20));
        prop_assert!(memory.is_none_or(|m| m < 1024.0));
        if cells > 5000 {
            prop_assert!(status == 1 && err.contains("--limit cells="), "{}", err);
        } else if bytes > 1024 * 1024 + 64 * 1024 {
            prop_assert!(status == 1 && err.contains("--limit text="), "{}", err);
        } else if bytes < 1024 * 1024 - 64 * 1024 {
            prop_assert!(status == 0, "{}", err);
        }
    }
}

#[test]
fn two_charters_writing_one_output_build_neither() {
    let real = valid_charter();
    let copy = valid_charter().replace("坚持公益性", "旧的文字");
    let dir = scratch(&[
        ("org/org.toml", ORG),
        ("org/rules.toml", &real),
        ("org/rules-copy.toml", &copy),
    ]);
    let output = run_in(dir.path(), &["build", "org", "-o", "out"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("rules.toml") && err.contains("rules-copy.toml"),
        "both named: {err}"
    );
    assert!(!dir.path().join("out/org/rules.pdf").exists(), "{err}");
    assert!(!dir.path().join("out/org/rules.json").exists(), "{err}");
}

#[test]
fn a_tally_whose_header_names_no_question_is_an_error() {
    let charter = root().join("charters/orgs/qingshan/service-commitment.toml");
    let charter = charter.to_string_lossy().into_owned();
    let dir = scratch(&[(
        "answers.csv",
        "姓名,电话,备注\n张三,123,很满意\n李四,456,满意\n",
    )]);
    let output = run_in_root(
        dir.path(),
        &[
            "survey",
            "tally",
            &charter,
            "--responses",
            "answers.csv",
            "--format",
            "json",
        ],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("answers.csv:1"),
        "located at the header: {err}"
    );
    assert!(stdout(&output).is_empty(), "no report: {}", stdout(&output));
}

#[test]
fn a_huge_paragraph_imports_to_nothing() {
    let dir = scratch(&[]);
    let paragraph = "这是一个没有分段的超长段落。".repeat(1_100_000);
    std::fs::write(
        dir.path().join("huge.txt"),
        format!("测试办法\n\n{paragraph}\n"),
    )
    .unwrap_or_default();
    let output = run_in(dir.path(), &["import", "huge.txt", "-o", "huge.toml"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!dir.path().join("huge.toml").exists());
}
