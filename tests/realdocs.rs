//! The real-regulation corpus in `../shared/realdocs` (statutes, government
//! measures, a model 章程 as DOCX, Markdown and text; nobody here wrote them):
//! every file imports, builds, and comes back through LibreOffice with its
//! sentences. Read at run time, never copied into the project.

mod common;
use common::*;

use std::path::{Path, PathBuf};

fn corpus() -> Option<Vec<PathBuf>> {
    let dir = root().join("../shared/realdocs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing: CI runs with ../shared beside the checkout",
            dir.display()
        );
        eprintln!("skipped: {} is missing", dir.display());
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("docx" | "md" | "txt")
            ) && stem != "README"
        })
        .collect();
    files.sort();
    Some(files)
}

const PLACEHOLDER: &str = "【待填写】";

/// A model text as its drafter is meant to read it: each non-empty 【…】
/// (a drafting note) and each run of underscores (a blank) taken out.
fn without_notes_and_blanks(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('【') {
        let after = &rest[open + '【'.len_utf8()..];
        let Some(close) = after.find('】') else {
            break;
        };
        out.push_str(&rest[..open]);
        let inner = &after[..close];
        if inner.trim().is_empty() {
            out.push_str(&rest[open..open + '【'.len_utf8() + close + '】'.len_utf8()]);
        }
        rest = &after[close + '】'.len_utf8()..];
    }
    out.push_str(rest);
    out.chars().filter(|&c| c != '_' && c != '＿').collect()
}

/// The number after `prefix` in the import report, 0 when absent.
fn report_count(report: &str, prefix: &str) -> usize {
    report
        .lines()
        .find_map(|l| l.trim_start().strip_prefix(prefix))
        .and_then(|rest| {
            let digits: String = rest
                .trim_start_matches([' ', '('])
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .unwrap_or(0)
}

struct Row {
    name: String,
    sentences: usize,
    /// Sentences found in LibreOffice's reading of the rebuilt DOCX.
    kept: usize,
    /// Sentences found in the rebuilt PDF's text block (pdftotext).
    kept_pdf: usize,
    unplaced: usize,
    groups: usize,
    tables: usize,
    missing: Vec<String>,
    missing_pdf: Vec<String>,
}

/// The share of `wanted` found, in per cent.
fn percent(kept: usize, wanted: usize) -> f64 {
    100.0 * kept as f64 / wanted.max(1) as f64
}

#[test]
fn every_real_regulation_imports_builds_and_keeps_its_sentences() {
    let Some(files) = corpus() else { return };
    assert!(files.len() >= 20, "the corpus has twenty files: {files:?}");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut rebuilt = Vec::new();
    let mut pdfs = Vec::new();
    let mut reports = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = file
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let copy = dir.path().join(&name);
        std::fs::copy(file, &copy).unwrap_or_else(|e| panic!("{e}"));
        let imported = run_in(
            dir.path(),
            &["import", &name, "-o", &format!("{stem}.toml")],
        );
        let report = stderr(&imported);
        assert!(
            imported.status.success(),
            "{name} does not import:\n{report}"
        );
        let built = run_in(
            dir.path(),
            &[
                "build",
                &format!("{stem}.toml"),
                "--format",
                "docx,pdf",
                "-o",
                "out",
            ],
        );
        assert!(
            built.status.success(),
            "{name} does not build:\n{}",
            stderr(&built)
        );
        let docx = find_docx(&dir.path().join("out"), &stem);
        if stem == "txt11" || stem == "md07" {
            assert_sections_as_in_the_original(file, dir.path(), &stem);
        }
        if stem == "txt11" {
            assert_notes_kept_and_not_printed(file, dir.path(), &stem);
        }
        // Real 章程 written by others, of a 社会团体: the items their
        // regulation requires are recognised in their own words.
        if stem == "txt11" || stem == "new03" {
            let lacking = completeness_warnings(dir.path(), &stem);
            let truly_missing = |w: &&String| stem == "new03" && w.contains("资产管理");
            let false_ones: Vec<&String> = lacking.iter().filter(|w| !truly_missing(w)).collect();
            assert!(false_ones.is_empty(), "{name}: {false_ones:?}");
        }
        rebuilt.push(docx);
        pdfs.push(find_output(&dir.path().join("out"), &stem, "pdf"));
        reports.push((name, report));
    }
    if !require_tool("soffice") || !require_tool("pdftotext") {
        return;
    }
    let originals: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "docx"))
        .cloned()
        .collect();
    let mut all = rebuilt.clone();
    all.extend(originals.iter().cloned());
    let texts = libreoffice_text(&all);
    let (rebuilt_texts, original_texts) = texts.split_at(rebuilt.len());
    let mut rows = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let (name, report) = &reports[i];
        let markdown = file.extension().is_some_and(|e| e == "md");
        let original = match originals.iter().position(|o| o == file) {
            Some(at) => original_texts[at].clone(),
            None => std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}")),
        };
        // Markdown's * is emphasis, taken out of the original's sentences;
        // one left in the text (3 * t3) is taken out of the output too.
        let unstarred = |text: String| -> String {
            if markdown {
                text.replace('*', "")
            } else {
                text
            }
        };
        // A model text's blanks are 【待填写】 in the output and its 【…】
        // notes are `note`, never printed: both are compared without them.
        let model = report.contains("model text:");
        let unfilled = |text: String| -> String {
            if model {
                text.replace(PLACEHOLDER, "")
            } else {
                text
            }
        };
        let have = same_brackets(&unfilled(unstarred(squeeze(&rebuilt_texts[i]))));
        let have_pdf = same_brackets(&unfilled(unstarred(squeeze(
            &pdf_body_pages(&pdfs[i], "formal").join(""),
        ))));
        let original = if model {
            without_notes_and_blanks(&original)
        } else {
            original
        };
        let wanted: Vec<String> = sentences(&original, markdown)
            .iter()
            .map(|s| same_brackets(s))
            .collect();
        let missing: Vec<String> = wanted
            .iter()
            .filter(|s| !have.contains(s.as_str()))
            .cloned()
            .collect();
        let missing_pdf: Vec<String> = wanted
            .iter()
            .filter(|s| !have_pdf.contains(s.as_str()))
            .cloned()
            .collect();
        rows.push(Row {
            name: name.clone(),
            sentences: wanted.len(),
            kept: wanted.len() - missing.len(),
            kept_pdf: wanted.len() - missing_pdf.len(),
            unplaced: report_count(report, "not placed"),
            groups: report_count(report, "groups"),
            tables: report_count(report, "tables"),
            missing,
            missing_pdf,
        });
    }
    println!(
        "| file | sentences | kept PDF | PDF % | kept DOCX (LO) | DOCX % | not placed | groups (节…) | tables |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {:.1} | {} | {:.1} | {} | {} | {} |",
            r.name,
            r.sentences,
            r.kept_pdf,
            percent(r.kept_pdf, r.sentences),
            r.kept,
            percent(r.kept, r.sentences),
            r.unplaced,
            r.groups,
            r.tables
        );
    }
    let unplaced: usize = rows.iter().map(|r| r.unplaced).sum();
    println!("lines not placed across the corpus: {unplaced}");
    for r in &rows {
        for s in r.missing.iter().take(6) {
            println!("  {} missing in the DOCX: {s}", r.name);
        }
        for s in r.missing_pdf.iter().take(6) {
            println!("  {} missing in the PDF: {s}", r.name);
        }
    }
    for (r, (_, report)) in rows.iter().zip(&reports) {
        // What is missing is a label the original numbered wrongly, and the
        // report says so.
        let renumbered: Vec<String> = renumbered_lines(report)
            .iter()
            .map(|l| same_brackets(l))
            .collect();
        // After a skipped article (第四十条 where 第三十九条 was due) the
        // articles that follow count on from the number charter gave it.
        let skipped_article = report.contains("numbering skips: 第");
        for s in r.missing.iter().chain(&r.missing_pdf) {
            let after_skip = skipped_article && unit_label(s).is_some_and(|(unit, _)| unit == '条');
            assert!(
                after_skip || renumbered.iter().any(|line| s.starts_with(line.as_str())),
                "{}: \"{s}\" is missing and not reported as renumbered: {renumbered:?}",
                r.name
            );
        }
        assert!(
            r.kept * 100 >= r.sentences * 97,
            "{}: {} of {} sentences kept in LibreOffice's reading of the DOCX; missing: {:?}",
            r.name,
            r.kept,
            r.sentences,
            r.missing
        );
        assert!(
            r.kept_pdf * 100 >= r.sentences * 97,
            "{}: {} of {} sentences kept in the PDF; missing: {:?}",
            r.name,
            r.kept_pdf,
            r.sentences,
            r.missing_pdf
        );
    }
    // The fourteen documents the import was first tuned on stay nearly all
    // placed; the six added later (new*) are measured and printed above:
    // their lines not placed are kept as text where they stood, and listed
    // in their reports (5.1.1、 headings where a 1） list under 5.3 took
    // level 3, 第n条 placeholders that break the count).
    let tuned: usize = rows
        .iter()
        .filter(|r| !r.name.starts_with("new"))
        .map(|r| r.unplaced)
        .sum();
    assert!(
        tuned <= 8,
        "{tuned} lines not placed across the first fourteen documents"
    );
}

/// The lines the import report lists as renumbered, without spaces.
fn renumbered_lines(report: &str) -> Vec<String> {
    report
        .lines()
        .skip_while(|l| !l.starts_with("renumbered ("))
        .skip(1)
        .take_while(|l| l.starts_with("  line "))
        .filter_map(|l| {
            let text = l
                .trim_start_matches("  line ")
                .trim_start_matches(|c: char| c.is_ascii_digit());
            text.split(" — ").next()
        })
        .map(|t| {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != '…')
                .collect()
        })
        .collect()
}

/// A label at the start of a line: 第X章, 第X节 or 第X条.
fn unit_label(line: &str) -> Option<(char, String)> {
    let line = line.trim().trim_start_matches(['#', ' ']);
    let rest = line.strip_prefix('第')?;
    let digits: String = rest
        .chars()
        .take_while(|c| "零〇一二三四五六七八九十百千".contains(*c))
        .collect();
    let unit = rest[digits.len()..].chars().next()?;
    (!digits.is_empty() && matches!(unit, '章' | '节' | '条'))
        .then(|| (unit, format!("第{digits}{unit}")))
}

/// Every 节 of the original is a section inside its chapter in the rebuilt
/// document, with the label the original gave it, holding the articles
/// that followed it: (chapter, 节, its first article).
fn assert_sections_as_in_the_original(file: &Path, dir: &Path, stem: &str) {
    let original = std::fs::read_to_string(file).unwrap_or_default();
    let mut want: Vec<(String, String, String)> = Vec::new();
    let mut chapter = String::new();
    for line in original.lines() {
        match unit_label(line) {
            Some(('章', label)) => chapter = label,
            Some(('节', label)) => want.push((chapter.clone(), label, String::new())),
            Some(('条', label)) => {
                if let Some(last) = want.last_mut().filter(|w| w.2.is_empty()) {
                    last.2 = label;
                }
            }
            _ => {}
        }
    }
    let built = run_in(
        dir,
        &[
            "build",
            &format!("{stem}.toml"),
            "--format",
            "json",
            "-o",
            "json",
        ],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let json = walk(&dir.join("json"))
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy() == format!("{stem}.json"))
        })
        .unwrap_or_else(|| panic!("no {stem}.json"));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap_or_default())
            .unwrap_or_default();
    let mut got = Vec::new();
    for chapter in doc["sections"].as_array().into_iter().flatten() {
        for child in chapter["children"].as_array().into_iter().flatten() {
            if child["kind"] == "section" {
                let first = child["children"][0]["label"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                assert_eq!(child["children"][0]["kind"], "clause", "{stem}: {child}");
                got.push((
                    chapter["label"].as_str().unwrap_or("").to_string(),
                    child["label"].as_str().unwrap_or("").to_string(),
                    first,
                ));
            }
        }
    }
    assert!(!want.is_empty(), "{stem} has 节");
    assert_eq!(got, want, "{stem}: (chapter, 节, first article)");
}

/// The Jiangsu model's 【…】 drafting notes: each one a `note` of the
/// charter, listed by `check`, absent from the PDF; its blanks reported.
fn assert_notes_kept_and_not_printed(file: &Path, dir: &Path, stem: &str) {
    let original = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
    let mut wanted = Vec::new();
    let mut rest = original.as_str();
    while let Some(open) = rest.find('【') {
        let after = &rest[open + '【'.len_utf8()..];
        let Some(close) = after.find('】') else {
            break;
        };
        let inner = after[..close].trim();
        if !inner.is_empty() {
            wanted.push(inner.to_string());
        }
        rest = &after[close + '】'.len_utf8()..];
    }
    assert!(
        wanted.len() >= 40,
        "the model has its notes: {}",
        wanted.len()
    );
    let source =
        std::fs::read_to_string(dir.join(format!("{stem}.toml"))).unwrap_or_else(|e| panic!("{e}"));
    let charter = toml::Value::Table(
        source
            .parse::<toml::Table>()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let mut notes = Vec::new();
    collect_notes(&charter, &mut notes);
    // A note after a clause's items may belong to the clause: compared as sets.
    notes.sort();
    wanted.sort();
    assert_eq!(notes, wanted, "every 【…】 a note");
    let checked = run_in(dir, &["check", &format!("{stem}.toml")]);
    let out = stderr(&checked);
    assert!(checked.status.success(), "{out}");
    assert!(
        out.contains(&format!("{} drafting notes", wanted.len())),
        "{out}"
    );
    assert!(out.contains("a blank still to fill in"), "{out}");
    if !require_tool("pdftotext") {
        return;
    }
    let pdf = find_output(&dir.join("out"), stem, "pdf");
    let printed = squeeze(&pdf_body_pages(&pdf, "formal").join(""));
    for note in wanted.iter().filter(|n| n.chars().count() >= 12) {
        assert!(
            !printed.contains(&squeeze(note)),
            "a note is printed: {note}"
        );
    }
}

/// The completeness warnings of an imported 章程 checked as a 社会团体's.
fn completeness_warnings(dir: &Path, stem: &str) -> Vec<String> {
    let path = dir.join(format!("{stem}.toml"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    // A model's title (…章程示范文本) does not end in 章程: marked by hand.
    let source = if source.contains("role = \"章程\"") {
        source
    } else {
        source.replacen("[charter]\n", "[charter]\nrole = \"章程\"\n", 1)
    };
    let kinded = source.replacen("[org]\n", "[org]\nkind = \"社会团体\"\n", 1);
    assert_ne!(kinded, source, "{stem}: the charter has its [org]");
    let copy = dir.join(format!("{stem}-kind.toml"));
    std::fs::write(
        &copy,
        kinded.replacen(
            &format!("id = \"{stem}\""),
            &format!("id = \"{stem}-kind\""),
            1,
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = stderr(&run_in(dir, &["check", &format!("{stem}-kind.toml")]));
    out.lines()
        .filter(|l| l.starts_with("warning:") && l.contains("lacks an item"))
        .map(String::from)
        .collect()
}

fn collect_notes(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) => {
            // The charter's own notes come first, in a file's order.
            if let Some(items) = table.get("note").and_then(toml::Value::as_array) {
                out.extend(items.iter().filter_map(|i| i.as_str().map(String::from)));
            }
            for (key, item) in table {
                if key != "note" {
                    collect_notes(item, out);
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|i| collect_notes(i, out)),
        _ => {}
    }
}

fn find_docx(out: &Path, stem: &str) -> PathBuf {
    find_output(out, stem, "docx")
}

fn find_output(out: &Path, stem: &str, extension: &str) -> PathBuf {
    walk(out)
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy() == format!("{stem}.{extension}"))
        })
        .unwrap_or_else(|| panic!("no {stem}.{extension} under {}", out.display()))
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
