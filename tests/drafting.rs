//! Model texts (示范文本): their 【…】 drafting notes become `note` (listed by
//! `check`, never printed) and their blanks 【待填写】 (a warning of `check`
//! at its column), from import through check to the printed PDF.

mod common;
use common::*;

use std::process::Command;

/// A model text of our own in the conventions of the 民政 models: blanks of
/// spaces and underscores, 【…】 notes inline and on their own line.
const MODEL: &str = "示范协会章程（示范文本）

第一章  总  则
第一条  本会的名称是          。【全称】
【名称应当与宗旨和业务范围相符。】
第二条  本会每____年换届一次。【最长不超过5年】
第三条  会员大会每   年召开1次，须提前    日通知会员。【不少于10日】
第四条  本会的业务范围：
（一）          ；
（二）开展培训。
第二章  附  则
第五条  本章程经会员大会表决通过。
";

const NOTES: [&str; 4] = [
    "全称",
    "名称应当与宗旨和业务范围相符。",
    "最长不超过5年",
    "不少于10日",
];

/// Every `note` string of a charter, walked through its tables.
fn notes(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) => {
            for (key, item) in table {
                if key == "note" {
                    match item {
                        toml::Value::String(s) => out.push(s.clone()),
                        toml::Value::Array(items) => {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(String::from)))
                        }
                        _ => {}
                    }
                } else {
                    notes(item, out);
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|i| notes(i, out)),
        _ => {}
    }
}

/// (line, column) of the first `needle` in `text`, from 1; the column in
/// characters, as `check` counts.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in:\n{text}"));
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    (line, text[start..at].chars().count() + 1)
}

#[test]
fn a_model_text_imports_its_notes_and_blanks_and_check_lists_them() {
    let dir = scratch(&[("model.txt", MODEL)]);
    let imported = run_in(dir.path(), &["import", "model.txt", "-o", "model.toml"]);
    let report = stderr(&imported);
    assert!(imported.status.success(), "{report}");
    assert!(report.contains("model text: 5 blank(s)"), "{report}");
    assert!(report.contains("4 【…】 drafting note(s)"), "{report}");

    let source =
        std::fs::read_to_string(dir.path().join("model.toml")).unwrap_or_else(|e| panic!("{e}"));
    let parsed = toml::Value::Table(
        source
            .parse::<toml::Table>()
            .unwrap_or_else(|e| panic!("{e}\n{source}")),
    );
    let mut found = Vec::new();
    notes(&parsed, &mut found);
    assert_eq!(found, NOTES, "{source}");
    // The note's text left the clause; the blank is a placeholder.
    assert!(source.contains("本会的名称是【待填写】。\""), "{source}");
    assert!(
        source.contains("会员大会每【待填写】年召开1次，须提前【待填写】日通知会员。"),
        "{source}"
    );
    assert!(!source.contains("【全称】"), "{source}");
    // An item that was only a blank after its label.
    assert!(source.contains("text = \"【待填写】；\""), "{source}");
    // Letter-spaced headings stay headings.
    assert!(source.contains("title = \"总  则\""), "{source}");

    let checked = run_in(dir.path(), &["check", "model.toml"]);
    let out = stderr(&checked);
    assert!(
        checked.status.success(),
        "blanks and notes are not errors:\n{out}"
    );
    for note in NOTES {
        let (line, col) = line_col(&source, &format!("\"{note}\""));
        assert!(
            out.contains(&format!("model.toml:{line}:{col}")),
            "the note {note} at {line}:{col}:\n{out}"
        );
        assert!(out.contains(note), "{out}");
    }
    // The clause's blank (org.name's placeholder is warned about on its own).
    let (line, col) = line_col(&source, "【待填写】。");
    assert!(
        out.contains(&format!("model.toml:{line}:{col}")),
        "the first blank at {line}:{col}:\n{out}"
    );
    assert!(out.contains("a blank still to fill in"), "{out}");
    assert!(out.contains("4 drafting notes"), "{out}");
    // -q keeps warnings' count but not the notes.
    let quiet = stderr(&run_in(dir.path(), &["check", "-q", "model.toml"]));
    assert!(!quiet.contains("最长不超过5年"), "{quiet}");

    if !require_tool("pdftotext") {
        return;
    }
    let built = run_in(
        dir.path(),
        &["build", "model.toml", "--format", "pdf", "-o", "out"],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let pdf = walk_pdf(&dir.path().join("out"));
    let text = squeeze(&pdf_body_pages(&pdf, "formal").join(""));
    assert!(text.contains("本会的名称是【待填写】。"), "{text}");
    for note in NOTES.iter().skip(1) {
        assert!(!text.contains(note), "a note is printed: {note}\n{text}");
    }
    assert!(!text.contains("【全称】"), "{text}");
}

#[test]
fn notes_are_told_in_chinese_under_a_chinese_locale() {
    let mut charter = valid_charter();
    charter = charter.replace(
        "  text = \"本制度适用于全体工作人员。\"",
        "  text = \"本制度适用于全体工作人员和【待填写】。\"\n  note = \"写明适用的人员范围。\"",
    );
    let dir = scratch(&[
        ("rules.toml", &charter),
        (
            "org.toml",
            "name = \"示范服务中心\"\nshort_name = \"中心\"\n",
        ),
    ]);
    let output = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["check", "."])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let out = stderr(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("起草说明"), "{out}");
    assert!(out.contains("写明适用的人员范围。"), "{out}");
    assert!(out.contains("还有空白未填写"), "{out}");
    let (line, col) = line_col(&charter, "【待填写】");
    assert!(out.contains(&format!("rules.toml:{line}:{col}")), "{out}");
}

/// The one PDF under `dir`.
fn walk_pdf(dir: &std::path::Path) -> std::path::PathBuf {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                return path;
            }
        }
    }
    panic!("no PDF under {}", dir.display())
}
