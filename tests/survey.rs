//! Questionnaires and forms: `charter survey` prints them on their own (with
//! copies), `charter survey tally` counts filled-in answers.

mod common;
use common::*;

use std::path::Path;

const SCALE: [&str; 5] = ["很满意", "满意", "一般", "不满意", "很不满意"];

/// A charter whose questionnaire has 8 rated and 2 open questions, and a form.
fn charter() -> String {
    let mut text = valid_charter();
    text.push_str("\n[[appendix]]\nid = \"satisfaction\"\nkind = \"questionnaire\"\ntitle = \"服务对象满意度调查问卷\"\nintro = \"感谢您参加{{ org.name }}的活动。\"\nrespondent = [\"活动名称\", \"日期\"]\n");
    for i in 1..=8 {
        text.push_str(&format!("\n  [[appendix.question]]\n  id = \"q{i}\"\n  text = \"第{i}项：您对本次活动的这一方面满意吗？\"\n"));
    }
    for i in 9..=10 {
        text.push_str(&format!("\n  [[appendix.question]]\n  id = \"q{i}\"\n  kind = \"open\"\n  text = \"第{i}项：请写下您的意见。\"\n  lines = 3\n"));
    }
    text.push_str("\n[[appendix]]\nid = \"feedback\"\nkind = \"form\"\ntitle = \"服务意见反馈表\"\n\n  [[appendix.field]]\n  label = \"姓名\"\n\n  [[appendix.field]]\n  label = \"意见或建议\"\n  lines = 6\n");
    text
}

fn pages(pdf: &Path) -> usize {
    let (_, info) = tool("pdfinfo", &[&pdf.to_string_lossy()]);
    info.lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

#[test]
fn questionnaire_prints_every_question_scale_and_40_boxes() {
    if !require_tool("pdftotext") || !require_tool("pdfinfo") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter())]);
    let one = run_in(
        dir.path(),
        &[
            "survey",
            "a.toml",
            "--appendix",
            "satisfaction",
            "-o",
            "one.pdf",
        ],
    );
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    let three = run_in(
        dir.path(),
        &[
            "survey",
            "a.toml",
            "--appendix",
            "satisfaction",
            "--copies",
            "3",
            "-o",
            "three.pdf",
        ],
    );
    assert_eq!(three.status.code(), Some(0), "{}", stderr(&three));

    let (_, text) = tool(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            &dir.path().join("one.pdf").to_string_lossy(),
            "-",
        ],
    );
    for i in 1..=8 {
        assert!(
            squeeze(&text).contains(&format!("第{i}项：您对本次活动的这一方面满意吗？")),
            "question {i} missing:\n{text}"
        );
    }
    for i in 9..=10 {
        assert!(
            squeeze(&text).contains(&format!("第{i}项：请写下您的意见。")),
            "open question {i} missing"
        );
    }
    for point in SCALE {
        assert!(text.contains(point), "scale label {point} missing");
    }
    assert_eq!(
        text.matches('☐').count(),
        40,
        "one ☐ per question and scale point"
    );
    assert!(
        text.contains("测试社会工作服务中心"),
        "the organisation's name on the page"
    );
    assert!(
        !text.contains("附件1"),
        "a print of the form alone has no 附件 label"
    );

    let (p1, p3) = (
        pages(&dir.path().join("one.pdf")),
        pages(&dir.path().join("three.pdf")),
    );
    assert!(p1 >= 1);
    assert_eq!(p3, 3 * p1, "--copies 3 gives three times the pages");
    let (_, text3) = tool(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            &dir.path().join("three.pdf").to_string_lossy(),
            "-",
        ],
    );
    assert_eq!(text3.matches('☐').count(), 120);
}

#[test]
fn default_prints_every_questionnaire_and_form() {
    if !require_tool("pdftotext") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter())]);
    let output = run_in(dir.path(), &["survey", "a.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let name = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pdf = dir.path().join("out").join(name).join("rules-survey.pdf");
    let (_, text) = tool("pdftotext", &["-enc", "UTF-8", &pdf.to_string_lossy(), "-"]);
    assert!(
        text.contains("服务对象满意度调查问卷") && text.contains("服务意见反馈表"),
        "{text}"
    );
}

#[test]
fn unknown_appendix_is_an_error_with_a_hint() {
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter())]);
    let output = run_in(
        dir.path(),
        &["survey", "a.toml", "--appendix", "satisfactoin"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean \"satisfaction\"?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn survey_docx_is_valid_and_libreoffice_reads_every_question() {
    if !require_tool("openxml-audit") || !require_tool("soffice") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter())]);
    let output = run_in(
        dir.path(),
        &["survey", "a.toml", "--format", "docx", "-o", "forms.docx"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let docx = dir.path().join("forms.docx");
    let (status, audit) = tool("openxml-audit", &[&docx.to_string_lossy()]);
    assert_eq!(status, 0, "{audit}");
    let text = libreoffice_text(&[docx]).remove(0);
    for i in 1..=10 {
        assert!(
            squeeze(&text).contains(&format!("第{i}项")),
            "question {i} not read back:\n{text}"
        );
    }
    assert_eq!(text.matches('☐').count(), 40, "{text}");
    assert!(text.contains("姓名") && text.contains("意见或建议"));
}

/// A deterministic sequence for the fixture (no randomness between runs).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// `charter survey tally a.toml --appendix satisfaction` on `responses`: the
/// JSON report and the messages.
fn tally_json(dir: &std::path::Path, responses: &str) -> (serde_json::Value, String) {
    let output = run_in(
        dir,
        &[
            "survey",
            "tally",
            "a.toml",
            "--appendix",
            "satisfaction",
            "--responses",
            responses,
            "--format",
            "json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{responses}: {}",
        stderr(&output)
    );
    let report = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(&output)));
    (report, stderr(&output))
}

#[test]
fn tally_counts_rates_and_means_match_an_independent_count() {
    let mut rng = Lcg(20250301);
    let mut csv = String::from("\u{feff}活动名称,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10\r\n");
    // Expected counts per question, computed here from what is written.
    let mut counts = vec![[0u64; 5]; 8];
    let mut open_answers = 0;
    let mut bad_lines = Vec::new();
    for row in 0..34 {
        let line = row + 2;
        if row == 7 {
            // One answer off the scale: it alone is left out, the row counts.
            csv.push_str("社区议事会,很满意,满意,还行,1,2,3,4,5,,\r\n");
            for (question, point) in [(0, 0), (1, 1), (3, 0), (4, 1), (5, 2), (6, 3), (7, 4)] {
                counts[question][point] += 1;
            }
            bad_lines.push(line);
            continue;
        }
        if row == 20 {
            csv.push_str("社区议事会,很满意,满意\r\n");
            bad_lines.push(line);
            continue;
        }
        let mut cells = vec!["社区议事会".to_string()];
        for question in counts.iter_mut() {
            match rng.next(12) {
                0 => cells.push(String::new()),
                r => {
                    let p = (r % 5) as usize;
                    question[p] += 1;
                    cells.push(if r % 2 == 0 {
                        SCALE[p].to_string()
                    } else {
                        (p + 1).to_string()
                    });
                }
            }
        }
        for _ in 0..2 {
            if rng.next(3) == 0 {
                cells.push(String::new());
            } else {
                open_answers += 1;
                cells.push("\"建议，多办几次\"".to_string());
            }
        }
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    let dir = scratch(&[
        ("org.toml", ORG),
        ("a.toml", &charter()),
        ("answers.csv", &csv),
    ]);
    let (report, err) = tally_json(dir.path(), "answers.csv");

    assert_eq!(report["rows"]["total"], 34);
    assert_eq!(report["rows"]["counted"], 33);
    assert_eq!(report["rows"]["excluded"], 1);
    assert_eq!(report["rows"]["excluded_answers"], 1);
    let lines: Vec<u64> = report["excluded"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["line"].as_u64())
        .collect();
    assert_eq!(
        lines, bad_lines,
        "the bad answer and the bad row reported with their line numbers"
    );
    for line in &bad_lines {
        assert!(
            err.contains(&format!("answers.csv:{line}:1")),
            "line {line} not reported:\n{err}"
        );
    }
    assert_eq!(report["activity"], "社区议事会");

    let close = |a: &serde_json::Value, b: f64| (a.as_f64().unwrap_or(f64::NAN) - b).abs() < 1e-9;
    let mut overall = [0u64; 5];
    for (q, expected) in counts.iter().enumerate() {
        let stats = &report["questions"][q]["stats"];
        let got: Vec<u64> = stats["counts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_u64())
            .collect();
        assert_eq!(got, expected.to_vec(), "counts of q{}", q + 1);
        let n: u64 = expected.iter().sum();
        assert_eq!(stats["answered"], n);
        let rate = (expected[0] + expected[1]) as f64 / n as f64;
        let mean = expected
            .iter()
            .enumerate()
            .map(|(i, c)| (i as u64 + 1) * c)
            .sum::<u64>() as f64
            / n as f64;
        assert!(
            close(&stats["satisfaction_rate"], rate),
            "rate of q{}: {} vs {rate}",
            q + 1,
            stats["satisfaction_rate"]
        );
        assert!(close(&stats["mean"], mean), "mean of q{}", q + 1);
        for (total, count) in overall.iter_mut().zip(expected) {
            *total += count;
        }
    }
    let n: u64 = overall.iter().sum();
    assert_eq!(report["overall"]["answered"], n);
    assert!(close(
        &report["overall"]["satisfaction_rate"],
        (overall[0] + overall[1]) as f64 / n as f64
    ));
    let written: usize = (8..10)
        .map(|q| {
            report["questions"][q]["answers"]
                .as_array()
                .map(Vec::len)
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(written, open_answers, "every written answer listed");
    assert_eq!(
        report["questions"][8]["answers"][0]["text"],
        "建议，多办几次"
    );
}

#[test]
fn tally_refuses_unknown_columns_and_renders_text_and_pdf() {
    if !require_tool("pdftotext") {
        return;
    }
    let dir = scratch(&[
        ("org.toml", ORG),
        ("a.toml", &charter()),
        ("unknown.csv", "q1,q2,qx\n很满意,2,?\n3,很不满意,?\n"),
        ("answers.csv", "q1,q2\n很满意,2\n3,很不满意\n"),
    ]);
    // A column naming no question is an error, not a column left out.
    let output = run_in(
        dir.path(),
        &["survey", "tally", "a.toml", "--responses", "unknown.csv"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("column 3 \"qx\" names no question"),
        "{}",
        stderr(&output)
    );
    let output = run_in(
        dir.path(),
        &[
            "survey",
            "tally",
            "a.toml",
            "--responses",
            "answers.csv",
            "--format",
            "text,pdf",
            "-o",
            "report",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("report.txt")).unwrap_or_default();
    assert!(text.contains("有效问卷 2 份"), "{text}");
    let (_, pdf_text) = tool(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            &dir.path().join("report.pdf").to_string_lossy(),
            "-",
        ],
    );
    assert!(
        pdf_text.contains("满意度统计报告") && pdf_text.contains("测试社会工作服务中心"),
        "{pdf_text}"
    );
}

/// Excel's plain “CSV (逗号分隔)” on Chinese Windows writes GBK.
#[test]
fn a_gbk_csv_tallies_like_its_utf8_twin() {
    let csv = "活动名称,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10\r\n\
               社区议事会,很满意,满意,一般,1,2,3,4,5,多办几次,无\r\n\
               社区议事会,满意,很不满意,,2,2,2,1,1,,场地太小\r\n";
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter()), ("utf8.csv", csv)]);
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(csv);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the fixture must not be UTF-8"
    );
    std::fs::write(dir.path().join("gbk.csv"), &gbk).unwrap_or_else(|e| panic!("{e}"));
    // The same report but for the file's name, wherever it is given.
    let tally = |file: &str| {
        let (report, _) = tally_json(dir.path(), file);
        let text = report.to_string().replace(file, "FILE");
        serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{e}"))
    };
    let (utf8, gbk) = (tally("utf8.csv"), tally("gbk.csv"));
    assert_eq!(utf8["rows"]["counted"], 2, "{utf8}");
    assert_eq!(utf8, gbk);
}
