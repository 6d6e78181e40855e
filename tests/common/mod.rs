//! Helpers shared by the integration tests: run the release binary that
//! `cargo test --release` built, in scratch folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_charter");

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `charter` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // Messages in English, whatever the machine's locale: tests name them.
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A scratch folder holding the given files.
pub fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    dir
}

/// Runs `charter check .` in a scratch folder with the files; returns (status, stderr).
pub fn check(files: &[(&str, &str)]) -> (i32, String) {
    let dir = scratch(files);
    let output = run_in(dir.path(), &["check", "."]);
    (output.status.code().unwrap_or(-1), stderr(&output))
}

/// Whether an external checker is on PATH. Under CI=true a missing checker
/// fails the test; elsewhere the test is skipped with the reason printed.
pub fn require_tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{tool} is required under CI=true but is not installed (see .ci/run)");
        }
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

/// A small valid charter for tests to break in one place.
pub const ORG: &str =
    "name = \"测试社会工作服务中心\"\nshort_name = \"中心\"\nphone = \"010-5555-0000\"\n";

pub fn valid_charter() -> String {
    r#"[charter]
id = "rules"
title = "服务承诺制度"

[[section]]
id = "general"
title = "总体要求"
text = "{{ org.short_name }}坚持公益性。"

  [[section.clause]]
  id = "scope"
  text = "本制度适用于全体工作人员。"

[approval]
body = "理事会"
term = 2
session = 4
date = 2025-03-01
"#
    .to_string()
}

/// Lines of a PDF page from `pdftotext -bbox-layout`: (xMin, yMin, xMax, yMax, text).
pub type BoxLine = (f64, f64, f64, f64, String);

/// A word with its horizontal extent, as pdftotext boxes it.
#[derive(Debug, Clone)]
pub struct BoxWord {
    pub x_min: f64,
    pub x_max: f64,
    pub text: String,
}

/// A line with its box and its words.
#[derive(Debug, Clone)]
pub struct WordLine {
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub words: Vec<BoxWord>,
}

/// Every page of a PDF as lines with their boxes, in pdftotext's reading order.
pub fn pdf_lines(pdf: &Path) -> Vec<Vec<BoxLine>> {
    pdf_word_lines(pdf)
        .into_iter()
        .map(|page| {
            page.into_iter()
                .map(|l| {
                    let text: Vec<String> = l.words.into_iter().map(|w| w.text).collect();
                    (l.x_min, l.y_min, l.x_max, l.y_max, text.join(" "))
                })
                .collect()
        })
        .collect()
}

/// Every page of a PDF as lines of boxed words (`pdftotext -bbox-layout`).
pub fn pdf_word_lines(pdf: &Path) -> Vec<Vec<WordLine>> {
    let output = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let xml = String::from_utf8_lossy(&output.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let unescape = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    // The opening tag of an element, with a leading space so every
    // attribute is found as ` name="`.
    let tag_of = |chunk: &str| format!(" {}", chunk.split('>').next().unwrap_or(""));
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<line ")
                .skip(1)
                .map(|chunk| {
                    let tag = tag_of(chunk);
                    let body = chunk.split("</line>").next().unwrap_or("");
                    let words = body
                        .split("<word ")
                        .skip(1)
                        .map(|w| {
                            let word = tag_of(w);
                            BoxWord {
                                x_min: attr(&word, "xMin"),
                                x_max: attr(&word, "xMax"),
                                text: w
                                    .split('>')
                                    .nth(1)
                                    .and_then(|t| t.split('<').next())
                                    .map(unescape)
                                    .unwrap_or_default(),
                            }
                        })
                        .collect();
                    WordLine {
                        x_min: attr(&tag, "xMin"),
                        y_min: attr(&tag, "yMin"),
                        x_max: attr(&tag, "xMax"),
                        y_max: attr(&tag, "yMax"),
                        words,
                    }
                })
                .collect()
        })
        .collect()
}

/// Page margins in points (top, bottom) of a built-in template, from its theme.
pub fn margins(template: &str) -> (f64, f64) {
    let theme: toml::Table =
        std::fs::read_to_string(root().join(format!("templates/{template}.toml")))
            .ok()
            .and_then(|t| t.parse().ok())
            .unwrap_or_default();
    let mm = |key: &str| {
        theme
            .get("page")
            .and_then(|p| p.get(key))
            .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
            .unwrap_or(0.0)
    };
    (mm("top_mm") * 72.0 / 25.4, mm("bottom_mm") * 72.0 / 25.4)
}

/// The text inside the text block of each page: the running header above it
/// and the page number below it (page furniture) are left out.
///
/// Lines are put in reading order by position: lines whose boxes overlap
/// vertically form a row (a table row whose cells wrap), read left to right.
pub fn pdf_body_pages(pdf: &Path, template: &str) -> Vec<String> {
    let (top, bottom) = margins(template);
    let page_height = 841.89;
    pdf_lines(pdf)
        .into_iter()
        .map(|lines| {
            let mut lines: Vec<BoxLine> = lines
                .into_iter()
                .filter(|(_, y0, _, y1, _)| *y1 > top - 2.0 && *y0 < page_height - bottom + 2.0)
                .collect();
            lines.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut rows: Vec<Vec<BoxLine>> = Vec::new();
            let mut row_bottom = f64::MIN;
            for line in lines {
                match rows.last_mut() {
                    Some(row) if line.1 < row_bottom - 0.5 => {
                        row_bottom = row_bottom.max(line.3);
                        row.push(line);
                    }
                    _ => {
                        row_bottom = line.3;
                        rows.push(vec![line]);
                    }
                }
            }
            rows.into_iter()
                .flat_map(|mut row| {
                    row.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
                    row.into_iter().map(|l| l.4)
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// `— 3 —` or `第 3 页 共 9 页`.
pub fn is_page_number(line: &str) -> bool {
    let s = squeeze(line);
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if let Some(inner) = s.strip_prefix('—').and_then(|t| t.strip_suffix('—')) {
        return digits(inner);
    }
    match s
        .strip_prefix('第')
        .and_then(|rest| rest.split_once("页共"))
    {
        Some((n, total)) => digits(n) && total.strip_suffix('页').is_some_and(digits),
        None => false,
    }
}

/// The text with every kind of white space removed (pdftotext turns U+3000
/// into a plain space and breaks lines anywhere).
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every text of a resolved document in reading order, walked from its JSON:
/// title, approval note, preamble, per node label + heading + text, closing,
/// appendices.
pub fn reading_order(doc: &serde_json::Value) -> Vec<String> {
    fn strings(value: &serde_json::Value) -> Vec<String> {
        value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }
    fn walk(nodes: &serde_json::Value, out: &mut Vec<String>) {
        for node in nodes.as_array().into_iter().flatten() {
            // Label and heading print as one run: 一、总体要求, （一）公平公正。
            let mut lead = node["label"].as_str().unwrap_or("").to_string();
            lead.push_str(node["heading"].as_str().unwrap_or(""));
            out.push(lead);
            out.extend(strings(&node["text"]));
            walk(&node["children"], out);
        }
    }
    let mut out = vec![doc["title"].as_str().unwrap_or("").to_string()];
    out.extend(doc["title_note"].as_str().map(str::to_string));
    out.extend(strings(&doc["preamble"]));
    walk(&doc["sections"], &mut out);
    let closing = &doc["closing"];
    if let Some(s) = closing["statement"].as_str() {
        out.push(s.to_string());
    }
    out.extend(strings(&closing["appendix_list"]));
    if let Some(signature) = closing["signature"].as_object() {
        for key in ["org", "date"] {
            out.push(
                signature
                    .get(key)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string(),
            );
        }
    }
    for appendix in doc["appendices"].as_array().into_iter().flatten() {
        out.push(appendix["label"].as_str().unwrap_or("").to_string());
        out.push(appendix["title"].as_str().unwrap_or("").to_string());
        out.extend(strings(&appendix["intro"]));
        out.extend(strings(&appendix["respondent"]));
        for question in appendix["questions"].as_array().into_iter().flatten() {
            out.push(question["text"].as_str().unwrap_or("").to_string());
        }
        for field in appendix["fields"].as_array().into_iter().flatten() {
            out.push(field["label"].as_str().unwrap_or("").to_string());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Asserts that every piece occurs in `text`, in order (whitespace ignored).
pub fn assert_in_order(text: &str, pieces: &[String], what: &str) {
    let haystack = squeeze(text);
    let mut at = 0;
    for piece in pieces {
        let needle = squeeze(piece);
        match haystack[at..].find(&needle) {
            Some(found) => at += found + needle.len(),
            None => {
                let context: String = haystack[at..].chars().take(80).collect();
                let earlier = haystack.find(&needle).is_some();
                panic!(
                    "{what}: {needle:?} not found in order{}\nnext text: {context}",
                    if earlier {
                        " (it occurs earlier: out of order)"
                    } else {
                        ""
                    }
                );
            }
        }
    }
}

/// Runs a command and returns (status, stdout + stderr).
pub fn tool(program: &str, args: &[&str]) -> (i32, String) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

/// Whether `python3` can import `module`; under CI=true its absence fails.
pub fn require_python_module(module: &str) -> bool {
    let found = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "python module {module} is required under CI=true but cannot be imported (see .ci/run)"
            );
        }
        eprintln!("skipped: python module {module} is not installed");
    }
    found
}

/// The parts of a DOCX (zip) by name.
pub fn docx_parts(path: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive =
        zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .unwrap_or_else(|e| panic!("{e}"));
        parts.insert(entry.name().to_string(), data);
    }
    parts
}

/// Converts documents to text with LibreOffice, in a profile of its own so
/// that concurrent runs do not collide. Returns the text of each, BOM removed.
pub fn libreoffice_text(files: &[PathBuf]) -> Vec<String> {
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let profile = format!("file://{}", work.path().join("profile").display());
    // Copies under distinct names: LibreOffice names each output after its input.
    let inputs: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let extension = f
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            let copy = work.path().join(format!("in{i}.{extension}"));
            std::fs::copy(f, &copy).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            copy
        })
        .collect();
    let out_dir = work.path().join("txt");
    let output = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
        ])
        .arg(&out_dir)
        .args(&inputs)
        .output()
        .unwrap_or_else(|e| panic!("soffice: {e}"));
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (0..files.len())
        .map(|i| {
            let text = std::fs::read_to_string(out_dir.join(format!("in{i}.txt")))
                .unwrap_or_else(|e| panic!("no text for {}: {e}", files[i].display()));
            text.trim_start_matches('\u{feff}').to_string()
        })
        .collect()
}

/// The examples built into a scratch folder: each `extension` output with
/// the resolved document's JSON beside it, sorted.
pub fn build_examples(extension: &str) -> (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let formats = format!("{extension},json");
    let output = run_in(
        &root(),
        &[
            "build",
            "--format",
            &formats,
            "-o",
            &out.path().to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut pairs = Vec::new();
    for org in std::fs::read_dir(out.path())
        .into_iter()
        .flatten()
        .flatten()
    {
        for file in std::fs::read_dir(org.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            if path.extension().is_some_and(|e| e == extension) {
                pairs.push((path.clone(), path.with_extension("json")));
            }
        }
    }
    pairs.sort();
    assert_eq!(pairs.len(), 5, "one {extension} per example charter");
    (out, pairs)
}

/// Runs charter with `args` in `dir`, with its peak memory in MB when GNU
/// time is there to measure it.
pub fn run_measured(dir: &Path, args: &[&str]) -> (i32, String, std::time::Duration, Option<f64>) {
    let started = std::time::Instant::now();
    let report = dir.join(".time");
    // GNU time measures the peak; CI installs it (.ci/run).
    let timed = require_tool("/usr/bin/time");
    let output = if timed {
        let mut full = vec!["-f", "%M", "-o", report.to_str().unwrap_or("")];
        full.push(BIN);
        full.extend(args);
        std::process::Command::new("/usr/bin/time")
            .args(&full)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    } else {
        run_in(dir, args)
    };
    let memory = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    (
        output.status.code().unwrap_or(-1),
        stderr(&output),
        started.elapsed(),
        memory,
    )
}

/// fontconfig for LibreOffice: the fonts the DOCX names (仿宋, 黑体, 楷体,
/// 宋体 and their English names) resolve to AR PL UMing (Debian's
/// fonts-arphic-uming, installed by .ci/run), a CJK font whose Latin is
/// half-width like Windows' 仿宋: "whichever 仿宋 they substitute".
pub fn substitute_fonts(dir: &Path) -> PathBuf {
    let names = [
        "仿宋", "FangSong", "黑体", "SimHei", "楷体", "KaiTi", "宋体", "SimSun",
    ];
    let mut conf = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n",
    );
    conf.push_str(&format!(
        "  <cachedir>{}</cachedir>\n",
        dir.join("cache").display()
    ));
    for name in names {
        conf.push_str(&format!(
            "  <match target=\"pattern\"><test name=\"family\" qual=\"any\"><string>{name}</string></test><edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>AR PL UMing CN</string></edit></match>\n"
        ));
    }
    conf.push_str("</fontconfig>\n");
    let path = dir.join("fonts.conf");
    std::fs::write(&path, conf).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Each DOCX laid out by LibreOffice into a PDF in `work` (named in0.pdf,
/// in1.pdf … in the order given), with 仿宋, 黑体, 楷体 and 宋体 resolved
/// to AR PL UMing.
pub fn libreoffice_pdfs(files: &[PathBuf], work: &Path) -> Vec<PathBuf> {
    let conf = substitute_fonts(work);
    let inputs: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let copy = work.join(format!("in{i}.docx"));
            std::fs::copy(f, &copy).unwrap_or_else(|e| panic!("{e}"));
            copy
        })
        .collect();
    let profile = format!("file://{}", work.join("profile").display());
    let output = std::process::Command::new("soffice")
        .env("FONTCONFIG_FILE", &conf)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(work)
        .args(&inputs)
        .output()
        .unwrap_or_else(|e| panic!("soffice: {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (0..files.len())
        .map(|i| work.join(format!("in{i}.pdf")))
        .collect()
}

/// Sentences: pieces ending in 。！？； or at a line end, without spaces
/// (pdftotext and LibreOffice space differently) and Markdown marks.
pub fn sentences(text: &str, markdown: bool) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        // A Word bullet is list furniture, not text.
        let mut line = line.trim().trim_start_matches(['•', '●', '▪', '◦']);
        if markdown {
            if line.starts_with("<!--") {
                continue;
            }
            line = line.trim_start_matches(['#', '>', ' ']);
            // A bullet is list furniture too.
            for bullet in ["- ", "+ "] {
                line = line.strip_prefix(bullet).unwrap_or(line);
            }
        }
        let mut piece = String::new();
        for c in line.chars() {
            if c.is_whitespace() || c == '\u{3000}' || (markdown && c == '*') {
                continue;
            }
            piece.push(c);
            if matches!(c, '。' | '！' | '？' | '；') {
                out.push(std::mem::take(&mut piece));
            }
        }
        out.push(piece);
    }
    out.retain(|s| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    out
}

/// Half-width brackets as full-width: one level written both ways, (一)
/// among （一）, is printed one way, as the report says ("written … among").
pub fn same_brackets(text: &str) -> String {
    text.replace('(', "（").replace(')', "）")
}
