//! DOCX output: LibreOffice reads back the same text as the resolved
//! document (labels from Word numbering included), labels live in
//! numbering.xml, cross-references are REF fields to bookmarks, the package
//! is schema-valid and identical across builds.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use charter::backend::docx::xml::{self, Element};

/// The examples built once for this test binary: (output folder, docx/json pairs).
fn examples() -> &'static (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<(PathBuf, PathBuf)>)> = OnceLock::new();
    BUILT.get_or_init(|| build_examples("docx"))
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
        .unwrap_or(serde_json::Value::Null)
}

fn part(docx: &Path, name: &str) -> Element {
    let parts = docx_parts(docx);
    let bytes = parts
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing in {}", docx.display()));
    xml::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn all<'a>(e: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    if e.name == name {
        out.push(e);
    }
    for c in e.elements() {
        all(c, name, out);
    }
}

fn elements<'a>(e: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    all(e, name, &mut out);
    out
}

/// Nodes of a resolved document in order: (path, label, level).
fn nodes(doc: &serde_json::Value) -> Vec<(String, String, u64)> {
    fn walk(nodes: &serde_json::Value, out: &mut Vec<(String, String, u64)>) {
        for n in nodes.as_array().into_iter().flatten() {
            out.push((
                n["path"].as_str().unwrap_or("").to_string(),
                n["label"].as_str().unwrap_or("").to_string(),
                n["level"].as_u64().unwrap_or(0),
            ));
            walk(&n["children"], out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["sections"], &mut out);
    out
}

#[test]
fn libreoffice_reads_the_same_text_as_the_resolved_document() {
    if !require_tool("soffice") {
        return;
    }
    let pairs = &examples().1;
    let files: Vec<PathBuf> = pairs.iter().map(|(d, _)| d.clone()).collect();
    let texts = libreoffice_text(&files);
    for ((docx, json_path), text) in pairs.iter().zip(&texts) {
        let doc = json(json_path);
        assert_in_order(text, &reading_order(&doc), &docx.display().to_string());
        if docx.ends_with("qingshan/articles.docx") {
            assert!(
                squeeze(text).contains("第二十一条本单位的资产用于"),
                "第二十一条 from numbering.xml:\n{text}"
            );
        }
    }
}

#[test]
fn labels_come_from_numbering_not_from_typed_text() {
    for (docx, json_path) in &examples().1 {
        let doc = json(json_path);
        let numbering = part(docx, "word/numbering.xml");
        let formats: Vec<String> = elements(&numbering, "w:numFmt")
            .iter()
            .filter_map(|e| e.get_attr("w:val").map(str::to_string))
            .collect();
        let texts: Vec<String> = elements(&numbering, "w:lvlText")
            .iter()
            .filter_map(|e| e.get_attr("w:val").map(str::to_string))
            .collect();
        match doc["numbering"]["name"].as_str() {
            Some("gbt9704") => {
                assert!(
                    formats.contains(&"chineseCounting".to_string()),
                    "{formats:?}"
                );
                assert!(
                    texts.contains(&"%1、".to_string()) && texts.contains(&"（%2）".to_string()),
                    "{texts:?}"
                );
            }
            Some("articles") => {
                assert!(
                    texts.contains(&"第%1章".to_string()) && texts.contains(&"第%1条".to_string()),
                    "{texts:?}"
                );
            }
            Some("arabic") => assert!(
                formats.contains(&"decimalEnclosedCircle".to_string()),
                "{formats:?}"
            ),
            _ => {}
        }

        let document = part(docx, "word/document.xml");
        let paragraphs = elements(&document, "w:p");
        let numbered: Vec<&&Element> = paragraphs
            .iter()
            .filter(|p| {
                p.find("w:pPr")
                    .and_then(|ppr| ppr.find("w:numPr"))
                    .is_some()
            })
            .collect();
        let node_list = nodes(&doc);
        let appendices = doc["appendices"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(
            numbered.len(),
            node_list.len() + appendices,
            "one numbered paragraph per node and appendix in {}",
            docx.display()
        );
        // No label is typed: no numbered paragraph's own text starts with its label.
        for (p, (path, label, _)) in numbered.iter().zip(&node_list) {
            let own_text: String = elements(p, "w:t").iter().map(|t| t.inner_text()).collect();
            assert!(
                !own_text.starts_with(label.as_str()),
                "label {label} of {path} typed as text: {own_text}"
            );
        }
    }
}

#[test]
fn every_run_names_its_east_asian_font() {
    for (docx, _) in &examples().1 {
        for name in ["word/document.xml", "word/header1.xml", "word/footer1.xml"] {
            let parts = docx_parts(docx);
            let Some(bytes) = parts.get(name) else {
                continue;
            };
            let root = xml::parse(bytes).unwrap_or_default();
            for run in elements(&root, "w:r") {
                let fonts = run.find("w:rPr").and_then(|r| r.find("w:rFonts"));
                let east_asia = fonts.and_then(|f| f.get_attr("w:eastAsia"));
                let ascii = fonts.and_then(|f| f.get_attr("w:ascii"));
                assert!(
                    east_asia.is_some() && ascii.is_some(),
                    "a run without w:eastAsia/w:ascii in {name} of {}: {run:?}",
                    docx.display()
                );
            }
        }
    }
}

#[test]
fn cross_references_are_ref_fields_to_bookmarks() {
    let (docx, json_path) = examples()
        .1
        .iter()
        .find(|(d, _)| d.ends_with("qingshan/articles.docx"))
        .cloned()
        .unwrap_or_default();
    let doc = json(&json_path);
    let document = part(&docx, "word/document.xml");
    let bookmarks: Vec<String> = elements(&document, "w:bookmarkStart")
        .iter()
        .filter_map(|b| b.get_attr("w:name").map(str::to_string))
        .collect();
    // Field instruction runs, and the text between separate and end (the cached result).
    let mut fields = Vec::new();
    for p in elements(&document, "w:p") {
        let mut state = 0; // 0 outside, 1 instruction, 2 result
        let (mut instruction, mut result) = (String::new(), String::new());
        for r in p.elements().filter(|e| e.name == "w:r") {
            if let Some(kind) = r
                .find("w:fldChar")
                .and_then(|f| f.get_attr("w:fldCharType"))
            {
                match kind {
                    "begin" => {
                        state = 1;
                        instruction.clear();
                        result.clear();
                    }
                    "separate" => state = 2,
                    "end" => {
                        fields.push((instruction.trim().to_string(), result.clone()));
                        state = 0;
                    }
                    _ => {}
                }
            }
            if state == 1 {
                instruction.push_str(
                    &elements(r, "w:instrText")
                        .iter()
                        .map(|i| i.inner_text())
                        .collect::<String>(),
                );
            }
            if state == 2 {
                result.push_str(
                    &elements(r, "w:t")
                        .iter()
                        .map(|t| t.inner_text())
                        .collect::<String>(),
                );
            }
        }
    }
    // board.resolutions refers to board.powers (第十二条) and its items （一） （六）.
    let labels: std::collections::BTreeMap<String, String> =
        nodes(&doc).into_iter().map(|(p, l, _)| (p, l)).collect();
    let mut checked = 0;
    for (instruction, result) in &fields {
        let parts: Vec<&str> = instruction.split_whitespace().collect();
        assert_eq!(parts.first(), Some(&"REF"), "{instruction}");
        let bookmark = parts.get(1).copied().unwrap_or("");
        assert!(
            bookmarks.iter().any(|b| b == bookmark),
            "REF to a missing bookmark {bookmark}"
        );
        assert!(
            labels
                .values()
                .any(|l| l.trim_end_matches(['、', '.']) == result),
            "cached result {result} is not a label"
        );
        checked += 1;
    }
    assert!(
        checked >= 6,
        "expected the 章程's cross-references as REF fields, found {checked}: {fields:?}"
    );
    assert!(fields.iter().any(|(_, r)| r == "第十二条"));
    assert!(fields.iter().any(|(_, r)| r == "第二十八条"));
}

#[test]
fn openxml_audit_finds_no_error() {
    if !require_tool("openxml-audit") {
        return;
    }
    for (docx, _) in &examples().1 {
        let (status, out) = tool("openxml-audit", &[&docx.to_string_lossy()]);
        assert_eq!(status, 0, "openxml-audit {}:\n{out}", docx.display());
    }
}

#[test]
fn python_docx_opens_every_file_and_the_page_is_a4() {
    if !require_python_module("docx") {
        return;
    }
    for (docx, _) in &examples().1 {
        let script = "import sys, docx\nd = docx.Document(sys.argv[1])\ns = d.sections[-1]\nprint(s.page_width.mm, s.page_height.mm, len(d.paragraphs), d.core_properties.title, d.core_properties.author, d.core_properties.language)";
        let (status, out) = tool("python3", &["-c", script, &docx.to_string_lossy()]);
        assert_eq!(
            status,
            0,
            "python-docx cannot open {}:\n{out}",
            docx.display()
        );
        let fields: Vec<&str> = out.split_whitespace().collect();
        let width: f64 = fields.first().and_then(|w| w.parse().ok()).unwrap_or(0.0);
        let height: f64 = fields.get(1).and_then(|h| h.parse().ok()).unwrap_or(0.0);
        assert!(
            (width - 210.0).abs() < 0.5 && (height - 297.0).abs() < 0.5,
            "not A4: {out}"
        );
        assert!(out.contains("zh-CN"), "language: {out}");
    }
}

#[test]
fn two_builds_give_identical_bytes() {
    let again = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        &root(),
        &[
            "build",
            "--format",
            "docx",
            "-o",
            &again.path().to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for (docx, _) in &examples().1 {
        let relative = docx.strip_prefix(examples().0.path()).unwrap_or(docx);
        let a = std::fs::read(docx).unwrap_or_default();
        let b = std::fs::read(again.path().join(relative)).unwrap_or_default();
        assert!(
            !a.is_empty() && a == b,
            "{} differs between two builds",
            relative.display()
        );
    }
}

#[test]
fn properties_title_creator_language() {
    let (docx, _) = examples()
        .1
        .iter()
        .find(|(d, _)| d.ends_with("qingshan/service-commitment.docx"))
        .cloned()
        .unwrap_or_default();
    let core = String::from_utf8_lossy(
        docx_parts(&docx)
            .get("docProps/core.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    assert!(core.contains("<dc:title>服务承诺制度</dc:title>"), "{core}");
    assert!(
        core.contains("<dc:creator>青山社会工作服务中心</dc:creator>"),
        "{core}"
    );
    assert!(core.contains("<dc:language>zh-CN</dc:language>"), "{core}");
    assert!(
        core.contains("2025-03-01T00:00:00Z"),
        "dates from the approval: {core}"
    );
    let styles = String::from_utf8_lossy(
        docx_parts(&docx)
            .get("word/styles.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    assert!(styles.contains("w:eastAsia=\"仿宋\""), "body font 仿宋");
    assert!(
        styles.contains("w:val=\"heading 1\"") && styles.contains("w:outlineLvl w:val=\"0\""),
        "heading 1 with outline level"
    );
}
