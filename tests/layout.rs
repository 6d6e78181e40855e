//! The layout check (#25): what an office would send back, looked for in
//! every output — each example, the volumes, the survey forms, the redline
//! and the 修订对照表 as PDF, and the examples' DOCX as LibreOffice lays them
//! out — read back with pdftotext:
//! - no word drawn over another;
//! - the body title centred on the text block;
//! - every article label (第一条) followed by its gap;
//! - Latin words at their natural spacing;
//! - one attachment unnumbered (附件：…, its page headed 附件);
//! - a table crossing pages at every kind of row without a header over a row.

mod common;
use common::*;

use std::path::{Path, PathBuf};

/// The middle of a template's text block, in points, from its theme.
fn text_centre(template: &str) -> f64 {
    let theme: toml::Table =
        std::fs::read_to_string(root().join(format!("templates/{template}.toml")))
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default();
    let page = |key: &str| {
        let value = &theme["page"][key];
        let mm = value.as_float().or(value.as_integer().map(|i| i as f64));
        mm.unwrap_or(0.0) * 72.0 / 25.4
    };
    (page("left_mm") + page("width_mm") - page("right_mm")) / 2.0
}

/// Words of two lines drawn over each other: their boxes share more than a
/// sliver both across and down.
fn overlaps(pdf: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (page, lines) in pdf_word_lines(pdf).iter().enumerate() {
        for (i, a) in lines.iter().enumerate() {
            for b in &lines[i + 1..] {
                let down = a.y_max.min(b.y_max) - a.y_min.max(b.y_min);
                if down < 2.0 {
                    continue;
                }
                for wa in &a.words {
                    for wb in &b.words {
                        let across = wa.x_max.min(wb.x_max) - wa.x_min.max(wb.x_min);
                        if across > 1.0 {
                            found.push(format!(
                                "page {}: \"{}\" over \"{}\"",
                                page + 1,
                                wa.text,
                                wb.text
                            ));
                        }
                    }
                }
            }
        }
    }
    found
}

fn assert_no_overlaps(pdfs: &[PathBuf]) {
    for pdf in pdfs {
        let found = overlaps(pdf);
        assert!(found.is_empty(), "{}: {found:#?}", pdf.display());
    }
}

/// Lines of a page as text with their boxes.
fn page_lines(pdf: &Path) -> Vec<Vec<BoxLine>> {
    pdf_lines(pdf)
}

/// The body title: the first line on a page that reads `title`.
fn title_line(pdf: &Path, title: &str) -> Option<BoxLine> {
    page_lines(pdf)
        .into_iter()
        .flatten()
        .find(|l| squeeze(&l.4) == squeeze(title))
}

fn examples() -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        &root(),
        &[
            "build",
            "--format",
            "pdf,docx,json",
            "-o",
            &out.path().to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut files: Vec<PathBuf> = walk(out.path());
    files.sort();
    (out, files)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn with_extension(files: &[PathBuf], extension: &str) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == extension))
        .cloned()
        .collect()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_default()).unwrap_or_default()
}

/// The title as the body prints it: with the organisation when it does not
/// name it.
fn printed_title(doc: &serde_json::Value) -> String {
    let title = doc["title"].as_str().unwrap_or_default();
    let org = doc["org"]["name"].as_str().unwrap_or_default();
    if title.contains(org) {
        title.to_string()
    } else {
        format!("{org}{title}")
    }
}

#[test]
fn every_example_lays_out_cleanly_in_the_pdf() {
    if !require_tool("pdftotext") {
        return;
    }
    let (_out, files) = examples();
    let pdfs = with_extension(&files, "pdf");
    assert_eq!(pdfs.len(), 5);
    assert_no_overlaps(&pdfs);
    for pdf in &pdfs {
        let doc = json(&pdf.with_extension("json"));
        let title = printed_title(&doc);
        let line = title_line(pdf, &title)
            .or_else(|| title_line(pdf, doc["title"].as_str().unwrap_or_default()))
            .unwrap_or_else(|| panic!("{}: no title", pdf.display()));
        let centre = (line.0 + line.2) / 2.0;
        let template = doc["layout"]["template"].as_str().unwrap_or("formal");
        assert!(
            (centre - text_centre(template)).abs() < 2.0,
            "{}: the title \"{title}\" is not centred: {:.1}–{:.1}",
            pdf.display(),
            line.0,
            line.2
        );
        let text = pdf_text(pdf);
        check_labels(&doc, &text, &pdf.display().to_string());
    }
    // Latin words at their natural spacing: the English name of 鹭洲 in its
    // first article, no gap wider than a space between its words, and no
    // gap before the mark after it.
    let luzhou = pdfs
        .iter()
        .find(|p| p.ends_with("luzhou/constitution.pdf"))
        .unwrap_or_else(|| panic!("no luzhou"));
    let lines = pdf_word_lines(luzhou);
    let english = lines
        .iter()
        .flatten()
        .find(|l| l.words.first().is_some_and(|w| w.text == "Luzhou"))
        .unwrap_or_else(|| panic!("the English name is not on a line of its own"));
    for pair in english.words.windows(2) {
        let gap = pair[1].x_min - pair[0].x_max;
        assert!(
            gap < 6.0,
            "\"{}\" and \"{}\" are {gap:.1} pt apart",
            pair[0].text,
            pair[1].text
        );
    }
    // One attachment: 附件：its title, no number, its page headed 附件.
    let text = pdf_text(luzhou);
    assert!(text.contains("附件：会员代表名额分配表"), "{text}");
    assert!(!text.contains("附件1"), "one attachment is not numbered");
}

/// Every article label (第一条) is followed by its gap, in text extracted
/// from the layout; 一、 and （一） run into their text.
fn check_labels(doc: &serde_json::Value, text: &str, what: &str) {
    fn walk(nodes: &serde_json::Value, out: &mut Vec<String>) {
        for node in nodes.as_array().into_iter().flatten() {
            if node["kind"] != "section" {
                out.push(node["label"].as_str().unwrap_or_default().to_string());
            }
            walk(&node["children"], out);
        }
    }
    let mut labels = Vec::new();
    walk(&doc["sections"], &mut labels);
    let lines: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
    for label in labels.iter().filter(|l| l.ends_with('条')) {
        let line = lines
            .iter()
            .find(|l| l.starts_with(label.as_str()) && !l.starts_with(&format!("{label}第")))
            .unwrap_or_else(|| panic!("{what}: {label} not at a line's start"));
        let after = line[label.len()..].chars().next();
        assert!(
            after.is_some_and(char::is_whitespace),
            "{what}: no gap after {label}: {line}"
        );
    }
}

fn pdf_text(pdf: &Path) -> String {
    let (status, text) = tool("pdftotext", &["-layout", &pdf.to_string_lossy(), "-"]);
    assert_eq!(status, 0, "pdftotext {}", pdf.display());
    text
}

#[test]
fn the_docx_lays_out_cleanly_in_libreoffice() {
    if !require_tool("pdftotext") || !require_tool("soffice") {
        return;
    }
    let (_out, files) = examples();
    let docx = with_extension(&files, "docx");
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pdfs = libreoffice_pdfs(&docx, work.path());
    assert_no_overlaps(&pdfs);
    for (pdf, source) in pdfs.iter().zip(&docx) {
        let doc = json(&source.with_extension("json"));
        let what = format!("{} in LibreOffice", source.display());
        let text = pdf_text(pdf);
        check_labels(&doc, &text, &what);
        let title = printed_title(&doc);
        let line = title_line(pdf, &title)
            .or_else(|| title_line(pdf, doc["title"].as_str().unwrap_or_default()))
            .unwrap_or_else(|| panic!("{what}: no title"));
        let centre = (line.0 + line.2) / 2.0;
        let template = doc["layout"]["template"].as_str().unwrap_or("formal");
        assert!(
            (centre - text_centre(template)).abs() < 4.0,
            "{what}: the title is not centred: {:.1}–{:.1}",
            line.0,
            line.2
        );
    }
}

#[test]
fn volumes_surveys_and_redlines_lay_out_cleanly() {
    if !require_tool("pdftotext") {
        return;
    }
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = |name: &str| out.path().join(name).to_string_lossy().into_owned();
    let mut pdfs = Vec::new();
    for org in ["qingshan", "luzhou"] {
        let file = o(&format!("{org}-volume.pdf"));
        let output = run_in(
            &root(),
            &["volume", &format!("charters/orgs/{org}"), "-o", &file],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        pdfs.push(PathBuf::from(file));
    }
    let survey = o("survey.pdf");
    let output = run_in(
        &root(),
        &[
            "survey",
            "charters/orgs/qingshan/service-commitment.toml",
            "-o",
            &survey,
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    pdfs.push(PathBuf::from(survey));
    // A redline and a 对照表 of the qingshan 服务承诺制度 against the model's text.
    let project = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_tree(&root().join("charters"), &project.path().join("charters"));
    let current = project
        .path()
        .join("charters/orgs/qingshan/service-commitment.toml");
    let text = std::fs::read_to_string(&current).unwrap_or_default();
    let older = text
        .replace("三个工作日内答复", "五个工作日内答复")
        .replace("节假日留言顺延至节后首个工作日起算。", "");
    let old = project.path().join("charters/orgs/qingshan/old.toml");
    std::fs::write(
        &old,
        older.replace("id = \"service-commitment\"", "id = \"old\""),
    )
    .unwrap_or_default();
    for format in ["pdf", "table"] {
        let file = o(&format!("diff-{format}.pdf"));
        let output = run_in(
            project.path(),
            &[
                "diff",
                "charters/orgs/qingshan/old.toml",
                "charters/orgs/qingshan/service-commitment.toml",
                "--format",
                format,
                "-o",
                &file,
            ],
        );
        assert!(output.status.code() == Some(1), "{}", stderr(&output));
        let text = pdf_text(Path::new(&file));
        // Versions by their approval, never by their file; places as cited.
        assert!(
            !text.contains(".toml"),
            "a file path in the {format}: {text}"
        );
        assert!(text.contains("四、服务方式"), "the section named: {text}");
        pdfs.push(PathBuf::from(file));
    }
    assert_no_overlaps(&pdfs);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// The 会费 table of 鹭洲's 章程 grown a row at a time, so that the page
/// breaks after each kind of row (a spanned cell, a plain row, the row that
/// spans every column): the repeated header never lands on a row, and the
/// text after the table is back on the grid.
#[test]
fn a_table_crosses_pages_at_every_kind_of_row() {
    if !require_tool("pdftotext") {
        return;
    }
    let project = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_tree(&root().join("charters"), &project.path().join("charters"));
    let path = project
        .path()
        .join("charters/orgs/luzhou/constitution.toml");
    let original = std::fs::read_to_string(&path).unwrap_or_default();
    let anchor =
        "      [\"单位会员\", \"社区单位、社会组织\", \"600\", \"含两名代表的活动名额\"],\n";
    assert!(original.contains(anchor), "the 会费 table changed");
    let mut pdfs = Vec::new();
    for extra in 0..=14 {
        let rows: String = (0..extra)
            .map(|i| {
                if i % 3 == 2 {
                    format!("      [{{ text = \"附注{i}：逾期交纳的，按本章程第十二条处理。\", colspan = 4 }}],\n")
                } else {
                    format!("      [\"附加{i}\", \"附加对象\", \"{i}\", \"说明文字\"],\n")
                }
            })
            .collect();
        std::fs::write(&path, original.replace(anchor, &format!("{anchor}{rows}")))
            .unwrap_or_default();
        let out = project.path().join(format!("out{extra}"));
        let output = run_in(
            project.path(),
            &[
                "build",
                "charters/orgs/luzhou",
                "--format",
                "pdf",
                "-o",
                &out.to_string_lossy(),
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        pdfs.push(out.join("luzhou/constitution.pdf"));
    }
    assert_no_overlaps(&pdfs);
}
