//! PDF output: fonts embedded, structure valid, the same text as the
//! resolved document in order, the GB/T 9704 grid, Typst syntax in charter
//! text kept literal, identical bytes on rebuild, PDF/A-2b.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The examples built once for this test binary: (output folder, pdf/json pairs).
fn examples() -> &'static (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<(PathBuf, PathBuf)>)> = OnceLock::new();
    BUILT.get_or_init(|| build_examples("pdf"))
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
        .unwrap_or(serde_json::Value::Null)
}

#[test]
fn every_font_is_embedded() {
    if !require_tool("pdffonts") {
        return;
    }
    for (pdf, _) in &examples().1 {
        let (status, out) = tool("pdffonts", &[&pdf.to_string_lossy()]);
        assert_eq!(status, 0, "{out}");
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
        for row in rows {
            // name type encoding emb sub uni object ID
            let columns: Vec<&str> = row.split_whitespace().collect();
            let emb = columns
                .get(columns.len().saturating_sub(5))
                .copied()
                .unwrap_or("");
            assert_eq!(emb, "yes", "not embedded in {}: {row}", pdf.display());
        }
        // Only the bundled fonts of the templates' roles: nothing fell back to another font.
        for row in out.lines().skip(2) {
            assert!(
                row.contains("Fandol") || row.contains("NotoSansSymbols"),
                "unexpected font in {}: {row}",
                pdf.display()
            );
        }
        if !pdf.ends_with("lanting/service-commitment.pdf") {
            assert!(
                out.contains("FandolFang"),
                "body font 仿宋 (FandolFang) missing in {}:\n{out}",
                pdf.display()
            );
        }
    }
}

#[test]
fn qpdf_finds_no_structural_problem() {
    if !require_tool("qpdf") {
        return;
    }
    for (pdf, _) in &examples().1 {
        let (status, out) = tool("qpdf", &["--check", &pdf.to_string_lossy()]);
        assert_eq!(status, 0, "qpdf --check {}:\n{out}", pdf.display());
    }
}

#[test]
fn pdf_text_follows_the_resolved_document() {
    if !require_tool("pdftotext") {
        return;
    }
    for (pdf, json_path) in &examples().1 {
        let doc = json(json_path);
        let template = doc["layout"]["template"]
            .as_str()
            .unwrap_or("formal")
            .to_string();
        let text = pdf_body_pages(pdf, &template).join("\n");
        assert_in_order(&text, &reading_order(&doc), &pdf.display().to_string());
    }
}

/// Plain `pdftotext` (no -layout) groups text into blocks by its own
/// geometry rules: each label must still come out next to its text, in order.
#[test]
fn plain_pdftotext_keeps_every_label_with_its_text() {
    if !require_tool("pdftotext") {
        return;
    }
    fn leads(nodes: &serde_json::Value, out: &mut Vec<String>) {
        for node in nodes.as_array().into_iter().flatten() {
            let first: String = node["text"][0]
                .as_str()
                .unwrap_or("")
                .chars()
                .take(4)
                .collect();
            if !first.is_empty() {
                let label = node["label"].as_str().unwrap_or("");
                let heading = node["heading"].as_str().unwrap_or("");
                out.push(format!("{label}{heading}{first}"));
            }
            leads(&node["children"], out);
        }
    }
    for (pdf, json_path) in &examples().1 {
        let (status, text) = tool("pdftotext", &["-enc", "UTF-8", &pdf.to_string_lossy(), "-"]);
        assert_eq!(status, 0, "{text}");
        let mut pieces = Vec::new();
        leads(&json(json_path)["sections"], &mut pieces);
        assert!(!pieces.is_empty(), "{}", json_path.display());
        assert_in_order(
            &text,
            &pieces,
            &format!("plain pdftotext of {}", pdf.display()),
        );
    }
}

#[test]
fn twenty_first_article_is_labelled_in_the_pdf() {
    if !require_tool("pdftotext") {
        return;
    }
    let (pdf, _) = examples()
        .1
        .iter()
        .find(|(p, _)| p.ends_with("qingshan/articles.pdf"))
        .cloned()
        .unwrap_or_default();
    let text = squeeze(&pdf_body_pages(&pdf, "formal").join(""));
    assert!(
        text.contains("第二十一条本单位的资产用于"),
        "第二十一条 missing"
    );
    assert!(
        text.contains("须按照第十四条规定的表决程序"),
        "ref() label missing"
    );
}

/// A charter whose body is long paragraphs of Chinese, to measure full pages.
fn long_charter() -> String {
    let sentence = "本中心坚持以服务对象为中心开展各项工作并接受社会监督";
    let mut text = String::from(
        "[charter]\nid = \"grid\"\ntitle = \"版面网格测试制度\"\n\n[approval]\nterm = 1\nsession = 1\ndate = 2025-01-02\n",
    );
    for s in 0..3 {
        text.push_str(&format!(
            "\n[[section]]\nid = \"s{s}\"\ntitle = \"总体要求\"\n"
        ));
        for c in 0..6 {
            text.push_str(&format!(
                "\n  [[section.clause]]\n  id = \"c{c}\"\n  text = \"{}\"\n",
                sentence.repeat(6)
            ));
        }
    }
    text
}

#[test]
fn a_full_body_page_has_22_lines_of_28_characters() {
    if !require_tool("pdftotext") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("grid.toml", &long_charter())]);
    let output = run_in(dir.path(), &["build", ".", "--format", "pdf", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let name = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pdf = dir.path().join("out").join(name).join("grid.pdf");
    // Page 2 is a full body page: no title; the header and page number sit
    // outside the text block (top margin 37 mm, bottom 35 mm).
    let (top, bottom) = margins("formal");
    let pages = pdf_lines(&pdf);
    let body: Vec<&BoxLine> = pages[1]
        .iter()
        .filter(|l| l.3 > top - 2.0 && l.1 < 841.89 - bottom + 2.0)
        .collect();
    assert_eq!(body.len(), 22, "lines on a full page: {body:#?}");
    // A full line starts at the left margin (28 mm = 79.4 pt) and ends at the right one (26 mm).
    let right = 595.28 - 26.0 * 72.0 / 25.4;
    let full: Vec<usize> = body
        .iter()
        .filter(|l| (l.0 - 79.4).abs() < 2.0 && (l.2 - right).abs() < 4.0)
        .map(|l| squeeze(&l.4).chars().count())
        .collect();
    assert!(full.len() >= 10, "too few full lines: {full:?}");
    assert!(
        full.iter().all(|&n| n == 28),
        "characters per full line: {full:?}"
    );
}

/// Builds a one-clause charter with `text` and returns (pdf text, page count, page size line).
fn build_with_text(text: &str) -> (String, String) {
    let charter = valid_charter().replace(
        "本制度适用于全体工作人员。",
        &text.replace('\\', "\\\\").replace('"', "\\\""),
    );
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter)]);
    let output = run_in(dir.path(), &["build", ".", "--format", "pdf", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let name = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pdf = dir.path().join("out").join(name).join("rules.pdf");
    let (_, info) = tool("pdfinfo", &[&pdf.to_string_lossy()]);
    let (_, text) = tool("pdftotext", &["-enc", "UTF-8", &pdf.to_string_lossy(), "-"]);
    let layout: String = info
        .lines()
        .filter(|l| l.starts_with("Pages:") || l.starts_with("Page size:"))
        .collect::<Vec<_>>()
        .join("\n");
    (text, layout)
}

fn assert_literal(payload: &str) {
    if !require_tool("pdftotext") || !require_tool("pdfinfo") {
        return;
    }
    let (_, plain_layout) = build_with_text("甲乙丙丁");
    let (text, layout) = build_with_text(&format!("甲{payload}乙"));
    assert!(
        squeeze(&text).contains(&squeeze(&format!("甲{payload}乙"))),
        "{payload:?} not literal in:\n{text}"
    );
    assert_eq!(layout, plain_layout, "{payload:?} changed the layout");
    assert!(layout.contains("595.276 x 841.89"), "not A4: {layout}");
}

#[test]
fn typst_read_is_literal() {
    assert_literal("#read(\"/etc/passwd\")");
}

#[test]
fn typst_set_rule_is_literal() {
    assert_literal("#set page(width: 1cm)");
}

#[test]
fn typst_math_is_literal() {
    assert_literal("$x^2$");
}

#[test]
fn closing_bracket_is_literal() {
    assert_literal("]");
}

#[test]
fn strong_markup_is_literal() {
    assert_literal("*粗*");
}

#[test]
fn label_markup_is_literal() {
    assert_literal("<l>");
}

#[test]
fn reference_markup_is_literal() {
    assert_literal("@r");
}

#[test]
fn backslash_is_literal() {
    assert_literal("\\");
}

#[test]
fn comment_markup_is_literal() {
    assert_literal("// 注释");
}

#[test]
fn building_twice_gives_identical_bytes() {
    let first = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        &root(),
        &[
            "build",
            "--format",
            "pdf",
            "-o",
            &first.path().to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for (pdf, _) in &examples().1 {
        let relative = pdf.strip_prefix(examples().0.path()).unwrap_or(pdf);
        let a = std::fs::read(pdf).unwrap_or_default();
        let b = std::fs::read(first.path().join(relative)).unwrap_or_default();
        assert!(!a.is_empty());
        assert!(a == b, "{} differs between two builds", relative.display());
    }
}

#[test]
fn pdf_a_2b_builds_for_the_examples() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        &root(),
        &[
            "build",
            "--format",
            "pdf",
            "--pdf-standard",
            "a-2b",
            "-o",
            &out.path().to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = std::fs::read(out.path().join("qingshan/service-commitment.pdf")).unwrap_or_default();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
        "no PDF/A-2 identification in the XMP"
    );
}

#[test]
fn metadata_title_author_language_and_outline() {
    if !require_tool("pdfinfo") {
        return;
    }
    let (pdf, _) = examples()
        .1
        .iter()
        .find(|(p, _)| p.ends_with("qingshan/service-commitment.pdf"))
        .cloned()
        .unwrap_or_default();
    let (_, info) = tool("pdfinfo", &[&pdf.to_string_lossy()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_default()
    };
    assert_eq!(field("Title:"), "服务承诺制度", "{info}");
    assert_eq!(field("Author:"), "青山社会工作服务中心", "{info}");
    assert_eq!(field("Creator:"), "charter", "{info}");
    assert_eq!(field("Subject:"), "服务承诺制度 QSSW-ZD-2025-004", "{info}");
    assert!(
        info.contains("CreationDate:") && info.contains("2025"),
        "creation date from the approval: {info}"
    );
    let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap_or_default()).into_owned();
    assert!(
        raw.contains("/Lang (zh-CN)") || raw.contains("/Lang(zh-CN)"),
        "no /Lang zh-CN"
    );
    assert!(raw.contains("/Outlines"), "no outline");
}

#[test]
fn missing_glyph_is_a_warning_with_code_point_and_line() {
    let charter =
        valid_charter().replace("本制度适用于全体工作人员。", "本制度适用于全体工作人员𪚥。");
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter)]);
    let output = run_in(dir.path(), &["build", ".", "--format", "pdf", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("character '𪚥' (U+2A6A5)"), "{err}");
    assert!(err.contains("a.toml:12:"), "{err}");

    // PDF/A refuses the missing glyph: a charter error, not a crash.
    let output = run_in(
        dir.path(),
        &[
            "build",
            ".",
            "--format",
            "pdf",
            "--pdf-standard",
            "a-2b",
            "-o",
            "out2",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("error"), "{}", stderr(&output));
}

/// A template of our own, next to the charter.
fn custom_template(typ: &str) -> (i32, String) {
    let charter = valid_charter().replace(
        "[approval]",
        "[layout]\ntemplate = \"mine/custom.typ\"\n\n[approval]",
    );
    let dir = scratch(&[
        ("org.toml", ORG),
        ("a.toml", &charter),
        ("mine/custom.typ", typ),
    ]);
    let output = run_in(dir.path(), &["build", ".", "--format", "pdf", "-o", "out"]);
    (output.status.code().unwrap_or(-1), stderr(&output))
}

#[test]
fn template_error_points_into_the_template() {
    let (status, err) =
        custom_template("#let doc = json(\"/charter.json\")\n#doc.title\n#undefined-function()\n");
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("mine/custom.typ:3:"), "{err}");
    assert!(err.contains("#undefined-function()"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn template_cannot_read_other_files() {
    let (status, err) = custom_template("#read(\"/../../../../etc/passwd\")\n");
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("escape the project root"), "{err}");
    // Inside the root, only the template's own files are there.
    let (status, err) = custom_template("#read(\"/secret.txt\")\n");
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("/secret.txt is not readable"), "{err}");
}

#[test]
fn packages_are_not_available_offline() {
    let (status, err) = custom_template("#import \"@preview/example:0.1.0\": *\n");
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("offline"), "{err}");
}

#[test]
fn custom_template_receives_the_document() {
    let (status, err) = custom_template(
        "#let doc = json(\"/charter.json\")\n#set text(font: \"FandolSong\")\n#doc.org.name #doc.title\n",
    );
    assert_eq!(status, 0, "{err}");
}
