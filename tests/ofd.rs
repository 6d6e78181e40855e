//! OFD output (GB/T 33190-2016), read by readers that are not charter's:
//! ofdkit (text and positions), fontTools (the embedded subsets), easyofd
//! (render), against the PDF of the same layout read by pdftotext, PyMuPDF
//! and pdftoppm. tests/ofd_support/compare.py does the reading; this file
//! judges what it found. Every example, a volume, a survey form and a
//! redline; identical bytes on rebuild; the logo as an ImageObject.

mod common;
use common::*;

use std::path::{Path, PathBuf};

/// Whether every reader is installed (under CI=true a missing one fails).
fn readers() -> bool {
    let tools = require_tool("pdftotext") & require_tool("pdftoppm");
    let modules = ["ofdkit", "easyofd", "fontTools", "fitz", "reportlab"]
        .iter()
        .fold(true, |ok, m| require_python_module(m) & ok);
    tools && modules
}

/// compare.py's findings on one PDF/OFD pair.
fn compare(pdf: &Path, ofd: &Path, render: bool) -> serde_json::Value {
    let script = root().join("tests/ofd_support/compare.py");
    let mut args = vec![
        script.to_string_lossy().into_owned(),
        pdf.to_string_lossy().into_owned(),
        ofd.to_string_lossy().into_owned(),
    ];
    if render {
        args.push("--render".into());
    }
    let output = std::process::Command::new("python3")
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        output.status.success(),
        "compare.py failed on {}:\n{}",
        ofd.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("compare.py said no JSON ({e}) on {}", ofd.display()))
}

/// The OFD agrees with its PDF: pages, text, positions within 0.5 mm,
/// fonts whose cmap covers their text, ids, and (with `render`) a render
/// with ink where the PDF's has it.
fn assert_twins(pdf: &Path, ofd: &Path, render: bool) -> serde_json::Value {
    let r = compare(pdf, ofd, render);
    let what = ofd.display();
    assert_eq!(r["ofd_pages"], r["pdf_pages"], "page count of {what}");
    assert!(
        r["pdf_pages"].as_u64().unwrap_or(0) > 0,
        "no pages in {what}"
    );
    let mismatches = r["text_mismatches"].as_array().cloned().unwrap_or_default();
    assert!(
        mismatches.is_empty(),
        "text of {what} differs from the PDF's: {mismatches:?}"
    );
    let error = r["max_position_error_mm"].as_f64().unwrap_or(f64::MAX);
    assert!(
        error <= 0.5,
        "{what}: a text run is {error} mm from the PDF's"
    );
    assert!(
        r["runs_checked"].as_u64().unwrap_or(0) > 10,
        "{what}: few runs checked: {r}"
    );
    assert_eq!(r["ids_unique"], true, "{what}: an ID is used twice");
    assert_eq!(r["max_id"], r["max_unit_id"], "{what}: MaxUnitID");
    let fonts = r["fonts"].as_object().cloned().unwrap_or_default();
    assert!(!fonts.is_empty(), "{what}: no embedded font");
    for (file, font) in &fonts {
        assert_eq!(
            font["missing"], "",
            "{what}: {file} has no cmap entry for these"
        );
    }
    assert_eq!(r["problems"], serde_json::json!([]), "{what}");
    if render {
        let scores = r["render_agreement"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            scores.len() as u64,
            r["pdf_pages"].as_u64().unwrap_or(0),
            "{what}: pages rendered"
        );
        for (i, score) in scores.iter().enumerate() {
            let score = score.as_f64().unwrap_or(0.0);
            assert!(
                score >= 0.8,
                "{what} page {}: easyofd's render agrees with the PDF's on {score:.2} of the ink grid",
                i + 1
            );
        }
    }
    r
}

fn built(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for org in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(org.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.path().extension().is_some_and(|e| e == extension) {
                found.push(file.path());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_example_has_an_ofd_twin_of_its_pdf() {
    if !readers() {
        return;
    }
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = out.path().to_string_lossy().into_owned();
    let output = run_in(&root(), &["build", "--format", "pdf,ofd", "-o", &dir]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let ofds = built(out.path(), "ofd");
    assert_eq!(ofds.len(), 5, "one OFD per example charter");
    for ofd in &ofds {
        let r = assert_twins(&ofd.with_extension("pdf"), ofd, true);
        let info = &r["info"];
        assert!(
            info["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{}: {info}",
            ofd.display()
        );
        assert!(
            info["author"].as_str().is_some_and(|t| !t.is_empty()),
            "{}: {info}",
            ofd.display()
        );
        assert!(
            info["creation_date"]
                .as_str()
                .is_some_and(|d| d.len() == 10),
            "{}: {info}",
            ofd.display()
        );
    }
    // The 编号 of a charter that has one.
    let articles = ofds.iter().find(|p| p.ends_with("qingshan/articles.ofd"));
    let r = compare(
        &articles.cloned().unwrap_or_default().with_extension("pdf"),
        articles.map_or(Path::new(""), |p| p.as_path()),
        false,
    );
    assert_eq!(r["info"]["custom_data"]["编号"], "QSSW-ZC-2025-001", "{r}");
}

#[test]
fn the_same_charter_gives_the_same_ofd_bytes() {
    let mut bytes = Vec::new();
    for _ in 0..2 {
        let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = run_in(
            &root(),
            &[
                "build",
                "charters/orgs/qingshan/service-commitment.toml",
                "--format",
                "ofd",
                "-o",
                &out.path().to_string_lossy(),
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let file = out.path().join("qingshan/service-commitment.ofd");
        bytes.push(std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())));
    }
    assert!(!bytes[0].is_empty());
    assert!(
        bytes[0] == bytes[1],
        "two builds of one charter gave different OFDs"
    );
}

#[test]
fn a_volume_a_survey_form_and_a_redline_have_ofd_twins() {
    if !readers() {
        return;
    }
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let at = |name: &str| out.path().join(name).to_string_lossy().into_owned();
    for extension in ["pdf", "ofd"] {
        let file = at(&format!("volume.{extension}"));
        let output = run_in(&root(), &["volume", "charters/orgs/qingshan", "-o", &file]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let survey = [
        "survey",
        "charters/orgs/qingshan/service-commitment.toml",
        "--format",
        "pdf,ofd",
        "-o",
        &at("survey"),
    ];
    let output = run_in(&root(), &survey);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let work = out.path().join("diff");
    std::fs::create_dir_all(&work).unwrap_or_else(|e| panic!("{e}"));
    for f in ["org.toml", "v1.toml", "v2.toml"] {
        let from = root().join("tests/fixtures/diff").join(f);
        std::fs::copy(&from, work.join(f)).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    for extension in ["pdf", "ofd"] {
        let file = format!("redline.{extension}");
        let args = [
            "diff",
            "diff/v1.toml",
            "diff/v2.toml",
            "--format",
            extension,
            "-o",
            &file,
        ];
        let output = run_in(out.path(), &args);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    }
    for stem in ["volume", "survey", "redline"] {
        let ofd = out.path().join(format!("{stem}.ofd"));
        assert_twins(&ofd.with_extension("pdf"), &ofd, true);
    }
}

#[test]
fn the_logo_is_an_image_object() {
    if !readers() {
        return;
    }
    // An 8×8 grey PNG, a chequerboard.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x00, 0x00, 0x00, 0x00, 0xE1,
        0x64, 0xE1, 0x57, 0x00, 0x00, 0x00, 0x13, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8,
        0xCF, 0x00, 0x81, 0x0C, 0x0C, 0xFF, 0xD1, 0x20, 0x49, 0x22, 0x00, 0x7C, 0x04, 0x1F, 0xE1,
        0x1D, 0xEA, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60,
        0x82,
    ];
    let charter = "[charter]\nid = \"rules\"\ntitle = \"服务承诺制度\"\n\n[org]\nname = \"测试社会工作服务中心\"\nlogo = \"logo.png\"\n\n[layout]\ncover = true\n\n[[section]]\nid = \"general\"\ntitle = \"总体要求\"\ntext = \"本制度适用于全体工作人员。\"\n\n[approval]\nbody = \"理事会\"\nterm = 2\nsession = 4\ndate = 2025-03-01\n";
    let dir = scratch(&[("a.toml", charter)]);
    std::fs::write(dir.path().join("logo.png"), PNG).unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        dir.path(),
        &["build", "a.toml", "--format", "pdf,ofd", "-o", "out"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let ofd = built(&dir.path().join("out"), "ofd");
    assert_eq!(ofd.len(), 1, "{}", stderr(&output));
    let r = compare(&ofd[0].with_extension("pdf"), &ofd[0], false);
    assert!(
        r["images"].as_u64().unwrap_or(0) >= 1,
        "no ImageObject for the logo: {r}"
    );
    assert_eq!(r["ofd_pages"], r["pdf_pages"], "{r}");
}

#[test]
fn a_fillable_form_has_no_ofd_twin_and_says_so() {
    let output = run_in(
        &root(),
        &[
            "survey",
            "charters/orgs/qingshan/service-commitment.toml",
            "--fillable",
            "--format",
            "ofd",
            "-o",
            "/nonexistent/form.ofd",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("an OFD has no form fields"),
        "{}",
        stderr(&output)
    );
}
