//! The GB/T 9704 grid, measured: 22 lines of 28 characters on a body page,
//! every character in its cell, in the PDF and in the DOCX as LibreOffice
//! lays it out.
//!
//! Measured with `pdftotext -bbox-layout` on every example (and a long
//! charter of punctuated text): each body line starts on the half-cell
//! grid; its words start on it; a word of full-width characters is exactly
//! its characters times the pitch; a line reaching the right margin holds
//! 28 cells; the lines of a page sit one line pitch apart; no page holds
//! more than 22 lines, and full pages hold 22.

mod common;
use common::*;

use std::path::{Path, PathBuf};

/// The formal theme: A4, margins 37/35/28/26 mm, 28.95 pt lines, 15.75 pt cells.
const LEFT: f64 = 28.0 * 72.0 / 25.4;
const TOP: f64 = 37.0 * 72.0 / 25.4;
const BOTTOM: f64 = 841.89 - 35.0 * 72.0 / 25.4;
const CELL: f64 = 15.75;
const LINE: f64 = 28.95;
const BODY: f64 = 16.0;

/// A line of body text: where it stands, its height and its words.
#[derive(Debug, Clone)]
struct Line {
    y_min: f64,
    height: f64,
    words: Vec<BoxWord>,
}

impl Line {
    fn x_min(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x_min)
    }
    fn x_max(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x_max)
    }
    fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every page as lines of words, from `pdftotext -bbox-layout`.
fn pages(pdf: &Path) -> Vec<Vec<Line>> {
    pdf_word_lines(pdf)
        .into_iter()
        .map(|page| {
            page.into_iter()
                .map(|l| Line {
                    y_min: l.y_min,
                    height: l.y_max - l.y_min,
                    words: l.words,
                })
                .collect()
        })
        .collect()
}

/// Body lines: body-size text inside the text block. `height`: a body
/// line's box as the PDF's maker draws it (Typst 16 pt, LibreOffice the
/// font's ascent and descent).
fn body_lines_of(page: &[Line], height: f64) -> Vec<Line> {
    page.iter()
        .filter(|l| (l.height - height).abs() < 1.0 && l.y_min > TOP - 8.0 && l.y_min < BOTTOM)
        .cloned()
        .collect()
}

fn body_lines(page: &[Line]) -> Vec<Line> {
    body_lines_of(page, BODY)
}

fn full_width(c: char) -> bool {
    let u = c as u32;
    (0x2E80..=0x9FFF).contains(&u) || (0xFF01..=0xFF60).contains(&u) || "“”‘’—…·".contains(c)
}

fn on_half_grid(x: f64, tolerance: f64) -> bool {
    let steps = (x - LEFT) / (CELL / 2.0);
    (steps - steps.round()).abs() * CELL / 2.0 < tolerance
}

/// What is wrong with a line, if anything.
fn line_problem(line: &Line) -> Option<String> {
    let text = line.text();
    // An opening bracket sits at the end of its half cell (it hugs what
    // follows, so extracted text reads "(一)"): its word may start anywhere
    // in that half cell.
    let opening = |t: &str| t.starts_with(['(', '[', '{', '<']);
    let slack = |t: &str| if opening(t) { CELL / 2.0 } else { 0.0 };
    if !on_half_grid(line.x_min(), 0.6 + slack(&text)) {
        return Some(format!(
            "starts off the grid at {:.2}: {text}",
            line.x_min()
        ));
    }
    for (i, word) in line.words.iter().enumerate() {
        // Latin words run on at their natural spacing (Luzhou Neighbourhood
        // Mutual Aid): only a run's first word starts on the grid.
        let half_width = |c: Option<char>| c.is_some_and(|c| !full_width(c));
        let runs_on = i > 0
            && half_width(line.words[i - 1].text.chars().last())
            && half_width(word.text.chars().next())
            && word.x_min - line.words[i - 1].x_max < CELL / 2.0;
        if runs_on {
            continue;
        }
        // A half-width run sits at the start of its cells; a word of
        // full-width characters fills them exactly (the last glyph's
        // advance is the font's 16 pt, a quarter point over the cell).
        if !on_half_grid(word.x_min, 1.0 + slack(&word.text)) {
            return Some(format!(
                "word \"{}\" starts off the grid: {text}",
                word.text
            ));
        }
        if word.text.chars().all(full_width) {
            let cells = word.text.chars().count() as f64;
            let width = word.x_max - word.x_min;
            if (width - cells * CELL - (BODY - CELL)).abs() > 0.6 {
                return Some(format!(
                    "\"{}\" is {width:.2} pt for {cells} cells: {text}",
                    word.text
                ));
            }
        }
    }
    let cells = (line.x_max() - LEFT - (BODY - CELL)) / CELL;
    if cells > 28.05 {
        return Some(format!("{cells:.2} cells: {text}"));
    }
    None
}

struct Measured {
    lines: usize,
    off: Vec<String>,
    /// Body lines per page.
    per_page: Vec<usize>,
    full_lines: usize,
    vertical: Vec<String>,
}

/// `skip`: pages before the body (a cover).
fn measure(pdf: &Path, skip: usize) -> Measured {
    let mut m = Measured {
        lines: 0,
        off: Vec::new(),
        per_page: Vec::new(),
        full_lines: 0,
        vertical: Vec::new(),
    };
    for (index, page) in pages(pdf).iter().enumerate().skip(skip) {
        let body = body_lines(page);
        m.per_page.push(body.len());
        for line in &body {
            m.lines += 1;
            if let Some(problem) = line_problem(line) {
                m.off.push(format!("page {}: {problem}", index + 1));
            }
            let cells = (line.x_max() - LEFT - (BODY - CELL)) / CELL;
            if (cells - 28.0).abs() < 0.05 {
                m.full_lines += 1;
            }
        }
        // Lines one pitch apart (a table in between takes whole lines).
        if let Some(first) = body.first() {
            for line in &body {
                let steps = (line.y_min - first.y_min) / LINE;
                if (steps - steps.round()).abs() * LINE > 0.6 {
                    m.vertical.push(format!(
                        "page {}: {:.2} pt off the line grid: {}",
                        index + 1,
                        (steps - steps.round()) * LINE,
                        line.text()
                    ));
                }
            }
        }
    }
    m
}

/// A charter of long punctuated paragraphs (quotes, numbers, Latin, marks
/// in pairs) to fill whole pages.
fn punctuated_charter() -> String {
    let sentences = [
        "本中心坚持“以人为本、服务至上”的理念，为服务对象提供专业、规范、便捷的服务；",
        "服务时间为每周一至周五上午8:30至下午5:30，节假日另行公告。",
        "服务对象可通过电话0571-5550-1024或电子邮件service@example.org提出意见（建议）。",
        "对于《服务指南》未列明的事项，工作人员应当一次性告知所需材料——不得推诿。",
    ];
    let mut text = String::from("[charter]\nid = \"grid\"\ntitle = \"版面网格测试制度\"\n");
    for s in 0..4 {
        text.push_str(&format!(
            "\n[[section]]\nid = \"s{s}\"\ntitle = \"总体要求\"\n"
        ));
        for c in 0..5 {
            let body: String = (0..3).map(|i| sentences[(s + c + i) % 4]).collect();
            text.push_str(&format!(
                "\n  [[section.clause]]\n  id = \"c{c}\"\n  heading = \"规范服务。\"\n  text = \"{body}\"\n"
            ));
        }
    }
    text
}

/// Each PDF with the pages before its body (1 with a cover).
fn built_pdfs() -> Vec<(PathBuf, usize)> {
    let (dir, pairs) = build_examples("pdf");
    std::mem::forget(dir);
    let mut pdfs: Vec<(PathBuf, usize)> = pairs
        .into_iter()
        .map(|(pdf, json)| {
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(json).unwrap_or_default())
                    .unwrap_or_default();
            let cover = doc["layout"]["cover"].as_bool().unwrap_or(false);
            (pdf, usize::from(cover))
        })
        .collect();
    let scratch = scratch(&[("org.toml", ORG), ("grid.toml", &punctuated_charter())]);
    let output = run_in(
        scratch.path(),
        &["build", "grid.toml", "--format", "pdf,docx", "-o", "out"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let name = scratch
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    pdfs.push((scratch.path().join("out").join(name).join("grid.pdf"), 0));
    std::mem::forget(scratch);
    pdfs
}

/// Examples on the formal template (lanting uses `plain`, which has no grid).
fn formal(pdf: &Path) -> bool {
    !pdf.to_string_lossy().contains("lanting")
}

#[test]
fn every_body_line_of_every_example_is_on_the_grid() {
    if !require_tool("pdftotext") {
        return;
    }
    for (pdf, skip) in built_pdfs().iter().filter(|(p, _)| formal(p)) {
        let m = measure(pdf, *skip);
        assert!(m.lines > 20, "{}: {} body lines", pdf.display(), m.lines);
        assert!(m.off.is_empty(), "{}: {:#?}", pdf.display(), m.off);
        assert!(
            m.vertical.is_empty(),
            "{}: {:#?}",
            pdf.display(),
            m.vertical
        );
        assert!(
            m.per_page.iter().all(|&n| n <= 22),
            "{}: lines per page {:?}",
            pdf.display(),
            m.per_page
        );
    }
}

#[test]
fn full_pages_hold_22_lines_and_full_lines_28_cells() {
    if !require_tool("pdftotext") {
        return;
    }
    let (pdf, _) = built_pdfs()
        .into_iter()
        .find(|(p, _)| p.ends_with("grid.pdf"))
        .unwrap_or_default();
    let m = measure(&pdf, 0);
    // The first page: the title, an empty line, 20 lines of text. Every
    // page after it but the last is full, unless the next one starts with
    // a heading that may not end a page.
    let all = pages(&pdf);
    assert_eq!(m.per_page.first(), Some(&20), "{:?}", m.per_page);
    for (index, &n) in m.per_page.iter().enumerate().skip(1) {
        let next_starts_with_heading = all
            .get(index + 1)
            .and_then(|page| body_lines(page).first().map(Line::text))
            .is_some_and(|t| t.contains("总体要求"));
        if index + 1 < m.per_page.len() && !next_starts_with_heading {
            assert_eq!(n, 22, "page {}: lines per page {:?}", index + 1, m.per_page);
        }
    }
    assert!(
        m.full_lines >= 20,
        "only {} lines reach 28 cells",
        m.full_lines
    );
}

/// The DOCX of each example, laid out by LibreOffice into a PDF.
fn libreoffice_pdfs(docx: &[(PathBuf, usize)]) -> Vec<(PathBuf, usize)> {
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<PathBuf> = docx.iter().map(|(f, _)| f.clone()).collect();
    let pdfs = common::libreoffice_pdfs(&files, work.path());
    std::mem::forget(work);
    pdfs.into_iter()
        .zip(docx)
        .map(|(pdf, (_, skip))| (pdf, *skip))
        .collect()
}

/// Lines of a LibreOffice PDF: the most common line height is the body's.
fn lo_measure(pdf: &Path, skip: usize) -> (usize, usize, usize, usize, Vec<usize>, Vec<String>) {
    let all = pages(pdf);
    let mut heights: std::collections::BTreeMap<i64, usize> = Default::default();
    for line in all
        .iter()
        .skip(skip)
        .flatten()
        .filter(|l| l.y_min > TOP - 8.0)
    {
        *heights
            .entry((line.height * 10.0).round() as i64)
            .or_default() += 1;
    }
    let height = heights
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or(BODY, |(h, _)| *h as f64 / 10.0);
    let (mut cjk, mut cjk_ok, mut lines, mut starts_ok) = (0, 0, 0, 0);
    let mut per_page = Vec::new();
    let mut off = Vec::new();
    for (index, page) in all.iter().enumerate().skip(skip) {
        let body = body_lines_of(page, height);
        per_page.push(body.len());
        for line in &body {
            lines += 1;
            if on_half_grid(line.x_min(), 1.0) {
                starts_ok += 1;
            } else {
                off.push(format!(
                    "page {}: starts at {:.1}: {}",
                    index + 1,
                    line.x_min(),
                    line.text()
                ));
            }
            let text: String = line.text().chars().filter(|c| *c != ' ').collect();
            if !text.chars().all(full_width) {
                continue;
            }
            cjk += 1;
            // A mark after the 28th cell hangs into the margin (LibreOffice
            // and Word both allow it).
            let hangs = text.ends_with(|c| "，。、；：？！）》”’".contains(c));
            let cells = (line.x_max() - LEFT - (BODY - CELL)) / CELL;
            let words_fit = line.words.iter().all(|w| {
                let n = w.text.chars().count() as f64;
                (w.x_max - w.x_min - n * CELL - (BODY - CELL)).abs() < 1.0
            });
            if on_half_grid(line.x_min(), 1.0)
                && words_fit
                && cells <= 28.1 + if hangs { 1.0 } else { 0.0 }
            {
                cjk_ok += 1;
            } else {
                off.push(format!(
                    "page {}: {cells:.2} cells: {}",
                    index + 1,
                    line.text()
                ));
            }
        }
    }
    (lines, starts_ok, cjk, cjk_ok, per_page, off)
}

/// The DOCX as LibreOffice lays it out: 22 lines a page, lines one pitch
/// apart, every line starting on the grid, and every line of Chinese text
/// its characters times the pitch. (LibreOffice adds its own gap between
/// Chinese and Latin or digits, which a DOCX cannot turn off: lines with
/// half-width characters are held to their start only.)
/// Whether fontconfig knows `family`; under CI its absence is a failure.
fn require_font(family: &str) -> bool {
    let (_, listed) = tool("fc-list", &[family]);
    let found = !listed.trim().is_empty();
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "font {family} is required under CI=true (.ci/run installs fonts-arphic-uming)"
        );
        eprintln!("skipped: font {family} is not installed");
    }
    found
}

#[test]
fn libreoffice_lays_out_the_docx_on_the_grid() {
    if !require_tool("soffice") || !require_tool("pdftotext") || !require_font("AR PL UMing CN") {
        return;
    }
    let (dir, pairs) = build_examples("docx");
    let docx: Vec<(PathBuf, usize)> = pairs
        .iter()
        .filter(|(d, _)| formal(d))
        .map(|(d, json)| {
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(json).unwrap_or_default())
                    .unwrap_or_default();
            (
                d.clone(),
                usize::from(doc["layout"]["cover"].as_bool().unwrap_or(false)),
            )
        })
        .collect();
    let pdfs = libreoffice_pdfs(&docx);
    let (mut all_lines, mut all_starts, mut all_cjk, mut all_cjk_ok) = (0, 0, 0, 0);
    for ((pdf, skip), (source, _)) in pdfs.iter().zip(&docx) {
        let (lines, starts_ok, cjk, cjk_ok, per_page, off) = lo_measure(pdf, *skip);
        println!(
            "{}: {starts_ok}/{lines} lines start on the grid, {cjk_ok}/{cjk} lines of Chinese text on it; lines per page {per_page:?}",
            source.display()
        );
        for o in &off {
            println!("  {o}");
        }
        assert!(
            per_page.iter().all(|&n| n <= 22),
            "{}: {per_page:?}",
            source.display()
        );
        assert!(
            per_page.contains(&22),
            "{}: no full page: {per_page:?}",
            source.display()
        );
        assert!(
            cjk_ok * 100 >= cjk * 95,
            "{}: {cjk_ok}/{cjk}: {off:#?}",
            source.display()
        );
        all_lines += lines;
        all_starts += starts_ok;
        all_cjk += cjk;
        all_cjk_ok += cjk_ok;
    }
    // LibreOffice updates the REF fields when it lays out the DOCX: each
    // cross-reference must read as in the PDF (第二部分, not 第二、部分).
    // Not checked: a bare number citing a 二、 or 6、 label (第二部分), which
    // LibreOffice shows with its 、 (第二、部分) whatever the field's switches
    // (\t, which Word honours, included); the DOCX's cached text is right.
    let formal_pairs = pairs.iter().filter(|(d, _)| formal(d));
    for ((pdf, _), (_, json)) in pdfs.iter().zip(formal_pairs) {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(json).unwrap_or_default())
                .unwrap_or_default();
        // The text without page furniture (a running header, page numbers),
        // which may fall in the middle of a sentence.
        let (_, text) = common::tool("pdftotext", &["-layout", &pdf.to_string_lossy(), "-"]);
        let org = doc["org"]["name"].as_str().unwrap_or("\u{0}");
        let number = doc["number"].as_str().unwrap_or("\u{0}");
        let text: String = text
            .lines()
            .filter(|l| {
                let header = l.contains(org) && l.contains(number);
                !(is_page_number(l) || header)
            })
            .collect();
        let text = common::squeeze(&text);
        let mut nodes: Vec<&serde_json::Value> = doc["sections"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        while let Some(node) = nodes.pop() {
            nodes.extend(node["children"].as_array().into_iter().flatten());
            for r in node["refs"].as_array().into_iter().flatten() {
                let paragraph = node["text"][r["paragraph"].as_u64().unwrap_or(0) as usize]
                    .as_str()
                    .unwrap_or("");
                let chars: Vec<char> = paragraph.chars().collect();
                let start = r["start"].as_u64().unwrap_or(0) as usize;
                let end = (r["end"].as_u64().unwrap_or(0) as usize).min(chars.len());
                let cited: String = chars[start.min(end)..end].iter().collect();
                if cited
                    .chars()
                    .all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百千".contains(c))
                {
                    continue;
                }
                let around: String = chars
                    [start.saturating_sub(2).min(end)..(end + 2).min(chars.len())]
                    .iter()
                    .collect();
                assert!(
                    text.contains(&common::squeeze(&around)),
                    "{}: the reference in {around:?} reads otherwise",
                    pdf.display()
                );
            }
        }
    }
    println!(
        "all: {all_starts}/{all_lines} start on the grid, {all_cjk_ok}/{all_cjk} Chinese lines on it"
    );
    assert!(
        all_starts * 100 >= all_lines * 95,
        "{all_starts}/{all_lines}"
    );
    drop(dir);
}
