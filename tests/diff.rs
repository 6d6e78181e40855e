//! `charter diff` by clause id and `charter revise`.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use charter::backend::docx::xml::{self, Element, Node};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/diff").join(name)
}

fn diff(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    let output = run_in(&root(), &all);
    (
        output.status.code().unwrap_or(-1),
        stdout(&output),
        stderr(&output),
    )
}

fn json_diff() -> serde_json::Value {
    let (status, out, err) = diff(&[
        &fixture("v1.toml").to_string_lossy(),
        &fixture("v2.toml").to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_eq!(status, 1, "different versions exit 1: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn classification_by_clause_id() {
    let report = json_diff();
    let summary = &report["summary"];
    assert_eq!(summary["added"], 1, "{summary}");
    assert_eq!(summary["removed"], 1);
    assert_eq!(summary["modified"], 1);
    assert_eq!(summary["moved"], 1);
    assert_eq!(summary["reference"], 1);
    let of_kind = |kind: &str| -> Vec<String> {
        report["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["kind"] == kind)
            .map(|n| n["path"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(of_kind("added"), ["general.mission"]);
    assert_eq!(of_kind("removed"), ["board.powers.staff"]);
    assert_eq!(of_kind("modified"), ["board.powers.budget"]);
    assert_eq!(of_kind("moved"), ["board.minutes"]);
    assert_eq!(of_kind("reference"), ["general.name"]);
    // Every article after the inserted one, text unchanged: renumbered only, never modified.
    assert_eq!(
        of_kind("renumbered"),
        [
            "general.nature",
            "general.purpose",
            "board.composition",
            "board.meetings",
            "board.powers",
            "supplementary.interpretation",
            "supplementary.other"
        ]
    );
    let meetings = report["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|n| n["path"] == "board.meetings")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            meetings["old_label"].as_str(),
            meetings["new_label"].as_str()
        ),
        (Some("第五条"), Some("第七条"))
    );
    // The token ops of the modified item: one inserted phrase.
    let budget = report["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|n| n["kind"] == "modified")
        .cloned()
        .unwrap_or_default();
    let inserted: Vec<&str> = budget["ops"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["op"] == "insert")
        .filter_map(|o| o["text"].as_str())
        .collect();
    assert_eq!(inserted, ["，监督预算执行"]);
    let fields: Vec<&str> = report["metadata"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"approval") && fields.contains(&"statement"),
        "{fields:?}"
    );
}

#[test]
fn same_version_exits_0_and_says_so() {
    let v1 = fixture("v1.toml");
    let (status, out, err) = diff(&[&v1.to_string_lossy(), &v1.to_string_lossy()]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("no changes"), "{out}");
}

#[test]
fn text_output_names_old_and_new_labels() {
    let (status, out, _) = diff(&[
        &fixture("v1.toml").to_string_lossy(),
        &fixture("v2.toml").to_string_lossy(),
    ]);
    assert_eq!(status, 1);
    assert!(out.contains("原第七条 → 第六条"), "{out}");
    assert!(out.contains("{+，监督预算执行+}"), "{out}");
    assert!(out.contains("序号调整（内容未变）"), "{out}");
}

#[test]
fn a_missing_file_is_exit_2() {
    let (status, _, err) = diff(&["nothere.toml", &fixture("v1.toml").to_string_lossy()]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("no such charter file"), "{err}");
}

/// Text of document.xml with the insertions (`keep_inserted`) or the deletions kept.
fn version_text(e: &Element, keep_inserted: bool, out: &mut String) {
    match e.name.as_str() {
        "w:ins" if !keep_inserted && e.children.iter().any(|c| matches!(c, Node::Element(_))) => {
            return;
        }
        "w:del" if keep_inserted && e.children.iter().any(|c| matches!(c, Node::Element(_))) => {
            return;
        }
        "w:t" => out.push_str(&e.inner_text()),
        "w:delText" if !keep_inserted => out.push_str(&e.inner_text()),
        _ => {}
    }
    for c in e.elements() {
        version_text(c, keep_inserted, out);
    }
}

/// Headings and texts of a resolved document, in order (labels are numbering).
fn texts(doc: &serde_json::Value) -> Vec<String> {
    fn walk(nodes: &serde_json::Value, out: &mut Vec<String>) {
        for n in nodes.as_array().into_iter().flatten() {
            if let Some(h) = n["heading"].as_str() {
                out.push(h.to_string());
            }
            out.extend(
                n["text"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str().map(str::to_string)),
            );
            walk(&n["children"], out);
        }
    }
    let mut out = vec![doc["title"].as_str().unwrap_or("").to_string()];
    walk(&doc["sections"], &mut out);
    out.extend(doc["closing"]["statement"].as_str().map(str::to_string));
    out
}

fn resolved(dir: &Path, file: &str) -> serde_json::Value {
    let output = run_in(dir, &["build", file, "--format", "json", "-o", "json-out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = dir.join("json-out/diff/articles.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default()).unwrap_or_default()
}

#[test]
fn tracked_changes_docx_holds_both_versions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let work = dir.path().join("diff");
    std::fs::create_dir_all(&work).unwrap_or_else(|e| panic!("{e}"));
    for f in ["org.toml", "v1.toml", "v2.toml"] {
        std::fs::copy(fixture(f), work.join(f)).unwrap_or_else(|e| panic!("{e}"));
    }
    let output = run_in(
        dir.path(),
        &[
            "diff",
            "diff/v1.toml",
            "diff/v2.toml",
            "--format",
            "docx",
            "-o",
            "redline.docx",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let docx = dir.path().join("redline.docx");
    let parts = docx_parts(&docx);
    let document = xml::parse(
        parts
            .get("word/document.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .unwrap_or_default();

    let (mut new_text, mut old_text) = (String::new(), String::new());
    version_text(&document, true, &mut new_text);
    version_text(&document, false, &mut old_text);
    let (old_doc, new_doc) = (
        resolved(dir.path(), "diff/v1.toml"),
        resolved(dir.path(), "diff/v2.toml"),
    );
    assert_in_order(
        &new_text,
        &texts(&new_doc),
        "deletions dropped, insertions kept: NEW",
    );
    assert_in_order(
        &old_text,
        &texts(&old_doc),
        "insertions dropped, deletions read: OLD",
    );
    assert!(
        !squeeze(&new_text).contains("聘任或者解聘执行负责人"),
        "the removed item is gone from NEW"
    );
    assert!(
        !squeeze(&old_text).contains("本单位坚持志愿"),
        "the added article is not in OLD"
    );
    assert_eq!(
        squeeze(&new_text)
            .matches("理事会会议应当制作会议记录")
            .count(),
        1,
        "the moved article once in NEW"
    );
    assert_eq!(
        squeeze(&old_text)
            .matches("理事会会议应当制作会议记录")
            .count(),
        1,
        "the moved article once in OLD"
    );

    // Authors, dates, unique ids, no nesting.
    let raw = String::from_utf8_lossy(
        parts
            .get("word/document.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    assert!(
        raw.contains("w:author=\"第二届理事会第一次会议\""),
        "author"
    );
    assert!(raw.contains("w:date=\"2025-09-20T00:00:00Z\""), "date");
    let mut ids = Vec::new();
    fn collect(e: &Element, inside: bool, ids: &mut Vec<String>) {
        let tracked = matches!(e.name.as_str(), "w:ins" | "w:del");
        if tracked {
            assert!(!inside || e.children.is_empty(), "nested tracked change");
            ids.extend(e.get_attr("w:id").map(str::to_string));
        }
        let has_runs = tracked && !e.children.is_empty();
        for c in e.elements() {
            collect(c, inside || has_runs, ids);
        }
    }
    collect(&document, false, &mut ids);
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert!(
        ids.len() > 5 && unique.len() == ids.len(),
        "revision ids unique: {ids:?}"
    );
    assert!(
        parts.contains_key("word/comments.xml"),
        "moved/removed notes as comments"
    );

    // Same input, same bytes.
    let again = run_in(
        dir.path(),
        &[
            "diff",
            "diff/v1.toml",
            "diff/v2.toml",
            "--format",
            "docx",
            "-o",
            "again.docx",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&docx).ok(),
        std::fs::read(dir.path().join("again.docx")).ok()
    );

    if require_tool("openxml-audit") {
        let (status, audit) = tool("openxml-audit", &[&docx.to_string_lossy()]);
        assert_eq!(status, 0, "{audit}");
    }
    if require_tool("soffice") {
        let text = libreoffice_text(&[docx]).remove(0);
        assert!(
            squeeze(&text).contains("本单位坚持志愿"),
            "LibreOffice reads the insertion:\n{text}"
        );
    }
}

#[test]
fn redline_pdf_and_change_table() {
    if !require_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (v1, v2) = (fixture("v1.toml"), fixture("v2.toml"));
    let pdf = dir.path().join("redline.pdf");
    let (status, _, err) = diff(&[
        &v1.to_string_lossy(),
        &v2.to_string_lossy(),
        "--format",
        "pdf",
        "-o",
        &pdf.to_string_lossy(),
    ]);
    assert_eq!(status, 1, "{err}");
    let (_, text) = tool("pdftotext", &["-enc", "UTF-8", &pdf.to_string_lossy(), "-"]);
    for piece in [
        "修订概要",
        "本单位坚持志愿",
        "聘任或者解聘执行负责人",
        "监督预算执行",
        "调整位置",
    ] {
        assert!(
            squeeze(&text).contains(piece),
            "{piece} missing in the redline:\n{text}"
        );
    }
    let stem = dir.path().join("table");
    let (status, _, err) = diff(&[
        &v1.to_string_lossy(),
        &v2.to_string_lossy(),
        "--format",
        "table",
        "-o",
        &stem.to_string_lossy(),
    ]);
    assert_eq!(status, 1, "{err}");
    let (_, table) = tool(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            &stem.with_extension("pdf").to_string_lossy(),
            "-",
        ],
    );
    for piece in [
        "序号",
        "原条款",
        "修订后条款",
        "修订说明",
        "新增",
        "删除",
        "修改",
        "调整位置",
        "第八条（二）",
    ] {
        assert!(
            squeeze(&table).contains(piece),
            "{piece} missing in the 修订对照表:\n{table}"
        );
    }
    assert!(stem.with_extension("docx").is_file());
}

#[test]
fn git_revision_against_the_working_file() {
    if !require_tool("git") {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for f in ["org.toml", "v1.toml"] {
        std::fs::copy(
            fixture(f),
            dir.path()
                .join(if f == "v1.toml" { "articles.toml" } else { f }),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(status, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v1"]);
    std::fs::copy(fixture("v2.toml"), dir.path().join("articles.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        dir.path(),
        &[
            "diff",
            "HEAD:articles.toml",
            "articles.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap_or_default();
    assert_eq!(report["summary"]["added"], 1, "{report}");
    // The old side is named as the user wrote it, not by its temporary checkout.
    assert_eq!(report["from"]["source"], "HEAD:articles.toml", "{report}");
    let output = run_in(dir.path(), &["diff", "HEAD:missing.toml", "articles.toml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn revise_keeps_comments_and_the_rebuild_names_the_new_session() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The qingshan example, with its model, in a scratch copy.
    for f in [
        "charters/models/service-commitment.toml",
        "charters/orgs/qingshan/org.toml",
        "charters/orgs/qingshan/service-commitment.toml",
    ] {
        let target = dir.path().join(f);
        std::fs::create_dir_all(target.parent().unwrap_or(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(root().join(f), &target).unwrap_or_else(|e| panic!("{e}"));
    }
    let charter = "charters/orgs/qingshan/service-commitment.toml";
    let before = std::fs::read_to_string(dir.path().join(charter)).unwrap_or_default();
    let output = run_in(
        dir.path(),
        &[
            "revise",
            charter,
            "--term",
            "3",
            "--session",
            "1",
            "--date",
            "2026-05-08",
            "--summary",
            "修订投诉处理时限",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("第三届理事会第一次会议"),
        "{}",
        stdout(&output)
    );
    let after = std::fs::read_to_string(dir.path().join(charter)).unwrap_or_default();
    // Every comment line, byte for byte.
    for line in before.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(after.contains(line), "comment lost: {line}");
    }
    assert!(
        after.contains("version = \"3.0\"") && after.contains("date = 2026-05-08"),
        "{after}"
    );
    // A line diff: only the three approval values replaced, the revision added.
    let changes = similar::TextDiff::from_lines(&before, &after);
    let removed: Vec<String> = changes
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.value().trim_end().to_string())
        .collect();
    assert_eq!(
        removed,
        ["term = 2", "session = 4", "date = 2025-03-01"],
        "{after}"
    );
    let added = changes
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Insert)
        .count();
    assert_eq!(
        added,
        3 + 7,
        "three new approval lines and the [[revision]] block"
    );

    let build = run_in(
        dir.path(),
        &["build", charter, "--format", "json", "-o", "o"],
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let json = std::fs::read_to_string(dir.path().join("o/qingshan/service-commitment.json"))
        .unwrap_or_default();
    assert!(
        json.contains("本制度经青山社会工作服务中心第三届理事会第一次会议审议通过"),
        "{json}"
    );

    // A date before the last revision is refused and the file left alone.
    let output = run_in(
        dir.path(),
        &[
            "revise",
            charter,
            "--term",
            "3",
            "--session",
            "2",
            "--date",
            "2020-01-01",
            "--summary",
            "x",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(charter)).unwrap_or_default(),
        after
    );
}

#[test]
fn a_changed_approval_note_under_the_title_is_reported() {
    let old = valid_charter().replace("[approval]", "[layout]\napproval = \"title\"\n\n[approval]");
    let new = old
        .replace("session = 4", "session = 6")
        .replace("date = 2025-03-01", "date = 2026-05-08");
    assert_ne!(old, new);
    let dir = scratch(&[("org.toml", ORG), ("old.toml", &old), ("new.toml", &new)]);
    let output = run_in(
        dir.path(),
        &["diff", "old.toml", "new.toml", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}"));
    let statement = report["metadata"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["field"] == "statement")
        .unwrap_or_else(|| panic!("no statement change in {report}"));
    assert_eq!(
        statement["old"],
        "（2025年3月1日第二届理事会第四次会议审议通过）"
    );
    assert_eq!(
        statement["new"],
        "（2026年5月8日第二届理事会第六次会议审议通过）"
    );
}
