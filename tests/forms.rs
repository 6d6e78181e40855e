//! Fillable questionnaires (`charter survey --fillable`) and the tally that
//! reads them back: PDF forms filled with pypdf, DOCX forms filled by
//! editing their XML, CSV and XLSX sheets with Chinese headers, all tallied
//! together and checked against the answers written here.

mod common;
mod studio_support;
use common::*;

use std::path::Path;
use std::process::Command;

const SCALE: [&str; 5] = ["很满意", "满意", "一般", "不满意", "很不满意"];
const RATED: [&str; 4] = [
    "您对服务态度的评价",
    "您对活动内容的评价",
    "您对活动时间安排的评价",
    "您对活动场地的评价",
];

/// A charter with one questionnaire: four rated questions, one open
/// question, a respondent field. `questionnaire` names it.
fn charter(questionnaire: &str) -> String {
    let mut text = valid_charter();
    text.push_str(&format!(
        "\n[[appendix]]\nid = \"{questionnaire}\"\nkind = \"questionnaire\"\ntitle = \"服务对象满意度调查问卷\"\nintro = \"感谢您参加{{{{ org.name }}}}的活动，请在每题选出一项。\"\nrespondent = [\"活动名称\"]\n"
    ));
    for (i, question) in RATED.iter().enumerate() {
        text.push_str(&format!(
            "\n  [[appendix.question]]\n  id = \"q{}\"\n  text = \"{question}\"\n",
            i + 1
        ));
    }
    text.push_str("\n  [[appendix.question]]\n  id = \"advice\"\n  kind = \"open\"\n  text = \"您对我们的工作还有什么建议？\"\n  lines = 3\n");
    text
}

/// A deterministic sequence (no randomness between runs).
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

fn charter_run(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = run_in(dir, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "charter {args:?}: {}",
        stderr(&output)
    );
    output
}

fn python(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        output.status.success(),
        "python failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Fills a PDF form with pypdf: `values` as JSON ({"q_q1": "/2", …}).
/// pypdf draws each field's appearance in the field's font and warns when
/// that font cannot encode the text: a warning fails the fill, so Chinese
/// answers are shown by the form's own field font.
const FILL_PDF: &str = r#"
import json, logging, sys
from pypdf import PdfReader, PdfWriter
warnings = []
class Record(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())
logging.getLogger("pypdf").addHandler(Record(level=logging.WARNING))
src, dst, values = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
writer = PdfWriter(clone_from=PdfReader(src))
for page in writer.pages:
    writer.update_page_form_field_values(page, values, auto_regenerate=False)
assert not warnings, warnings
with open(dst, "wb") as f:
    writer.write(f)
"#;

/// Fills a DOCX form by editing word/document.xml: each tagged control's
/// content replaced by the answer, its placeholder mark removed.
const FILL_DOCX: &str = r#"
import json, re, sys, zipfile
src, dst, values = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
zin = zipfile.ZipFile(src)
xml = zin.read("word/document.xml").decode("utf-8")
for tag, value in values.items():
    pattern = re.compile(r'(<w:sdt><w:sdtPr>(?:(?!</w:sdtPr>).)*?<w:tag w:val="' + re.escape(tag) + r'"/>(?:(?!</w:sdtPr>).)*</w:sdtPr><w:sdtContent>)(.*?)(</w:sdtContent>)', re.S)
    def fill(m):
        head = m.group(1).replace("<w:showingPlcHdr/>", "")
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return head + '<w:r><w:t xml:space="preserve">' + text + '</w:t></w:r>' + m.group(3)
    xml, n = pattern.subn(fill, xml)
    assert n == 1, (tag, n)
zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    data = xml.encode("utf-8") if item.filename == "word/document.xml" else zin.read(item.filename)
    zout.writestr(item, data)
zout.close()
"#;

#[test]
fn the_fillable_pdf_passes_qpdf_and_pypdf_lists_its_fields() {
    if !require_tool("qpdf") || !require_python_module("pypdf") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter("satisfaction"))]);
    charter_run(
        dir.path(),
        &["survey", "a.toml", "--fillable", "-o", "form.pdf"],
    );
    let pdf = dir.path().join("form.pdf");
    let (status, check) = tool("qpdf", &["--check", &pdf.to_string_lossy()]);
    assert_eq!(status, 0, "qpdf --check:\n{check}");

    let fields = python(
        r#"
import json, sys
from pypdf import PdfReader
reader = PdfReader(sys.argv[1])
fields = reader.get_fields()
out = {}
for name, f in fields.items():
    out[name] = {"type": str(f.get("/FT")), "states": [str(s) for s in f.get("/_States_", [])], "value": str(f.get("/V"))}
order = []
for page in reader.pages:
    for annot in page.get("/Annots", []):
        a = annot.get_object()
        name = a.get("/T") or a.get("/Parent").get_object().get("/T")
        if not order or order[-1] != name:
            order.append(str(name))
print(json.dumps({"fields": out, "order": order, "da": str(reader.trailer["/Root"]["/AcroForm"]["/DA"])}, ensure_ascii=False))
"#,
        &[&pdf.to_string_lossy()],
    );
    let parsed: serde_json::Value =
        serde_json::from_str(&fields).unwrap_or_else(|e| panic!("{e}: {fields}"));
    let f = &parsed["fields"];
    for q in 1..=4 {
        let field = &f[format!("q_q{q}")];
        assert_eq!(field["type"], "/Btn", "q{q} is a radio group: {field}");
        let mut states: Vec<String> = field["states"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect();
        states.sort();
        states.retain(|s| s != "/Off");
        assert_eq!(states, ["/1", "/2", "/3", "/4", "/5"], "q{q}");
    }
    assert_eq!(f["q_advice"]["type"], "/Tx");
    assert_eq!(f["respondent_1"]["type"], "/Tx");
    let identity = f["charter_form"]["value"].as_str().unwrap_or("");
    assert!(
        identity.contains("charter=rules") && identity.contains("questionnaire=satisfaction"),
        "{identity}"
    );
    // Tab order: the identity, the respondent field, then the questions in order.
    let order: Vec<&str> = parsed["order"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "charter_form",
            "respondent_1",
            "q_q1",
            "q_q2",
            "q_q3",
            "q_q4",
            "q_advice"
        ]
    );
    assert!(
        parsed["da"].as_str().unwrap_or("").contains("/STSong"),
        "a Chinese font in /DA: {}",
        parsed["da"]
    );

    // Same charter, same bytes.
    charter_run(
        dir.path(),
        &["survey", "a.toml", "--fillable", "-o", "again.pdf"],
    );
    assert_eq!(
        std::fs::read(&pdf).ok(),
        std::fs::read(dir.path().join("again.pdf")).ok(),
        "the fillable PDF is deterministic"
    );
    // The printed text is real text: question texts read back.
    if require_tool("pdftotext") {
        let (_, text) = tool("pdftotext", &["-enc", "UTF-8", &pdf.to_string_lossy(), "-"]);
        for question in RATED {
            assert!(text.contains(question), "{question} not in:\n{text}");
        }
    }
}

#[test]
fn the_fillable_docx_passes_openxml_audit_and_libreoffice_reads_it() {
    if !require_tool("openxml-audit") || !require_tool("soffice") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter("satisfaction"))]);
    charter_run(
        dir.path(),
        &[
            "survey",
            "a.toml",
            "--fillable",
            "--format",
            "docx",
            "-o",
            "form.docx",
        ],
    );
    let docx = dir.path().join("form.docx");
    let (status, audit) = tool("openxml-audit", &[&docx.to_string_lossy()]);
    assert_eq!(status, 0, "openxml-audit:\n{audit}");
    let parts = docx_parts(&docx);
    let document = String::from_utf8_lossy(&parts["word/document.xml"]).into_owned();
    assert_eq!(
        document.matches("<w:dropDownList>").count(),
        4,
        "a drop-down per rated question"
    );
    assert_eq!(
        document.matches("<w:text").count(),
        3,
        "advice, 活动名称, identity"
    );
    let custom = String::from_utf8_lossy(&parts["docProps/custom.xml"]).into_owned();
    assert!(custom.contains("questionnaire=satisfaction"), "{custom}");
    let text = libreoffice_text(&[docx]).remove(0);
    for question in RATED {
        assert!(text.contains(question), "{question} not read back:\n{text}");
    }
    assert!(
        text.contains("请选择") && text.contains("活动名称"),
        "{text}"
    );
}

#[test]
fn twenty_returned_forms_and_a_csv_tally_to_the_counts_written() {
    if !require_python_module("pypdf") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter("satisfaction"))]);
    charter_run(
        dir.path(),
        &[
            "survey",
            "a.toml",
            "--fillable",
            "--format",
            "pdf,docx",
            "-o",
            "blank",
        ],
    );
    let returned = dir.path().join("returned");
    std::fs::create_dir_all(&returned).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Lcg(20261202);
    let mut counts = [[0u64; 5]; 4];
    let mut advice = 0;
    for form in 0..20 {
        let pdf = form < 12;
        let mut values = serde_json::Map::new();
        for (q, count) in counts.iter_mut().enumerate() {
            // Now and then a question left unanswered.
            let r = rng.next(11);
            if r == 10 {
                continue;
            }
            let p = (r % 5) as usize;
            count[p] += 1;
            let value = if pdf {
                format!("/{}", p + 1)
            } else {
                SCALE[p].to_string()
            };
            values.insert(format!("q_q{}", q + 1), value.into());
        }
        if form % 3 == 0 {
            advice += 1;
            values.insert("q_advice".into(), format!("建议{form}：多办几次").into());
        }
        values.insert("respondent_1".into(), "社区议事会".into());
        let json = serde_json::Value::Object(values).to_string();
        let (script, blank, name) = if pdf {
            (FILL_PDF, "blank.pdf", format!("form-{form:02}.pdf"))
        } else {
            (FILL_DOCX, "blank.docx", format!("form-{form:02}.docx"))
        };
        python(
            script,
            &[
                &dir.path().join(blank).to_string_lossy(),
                &returned.join(name).to_string_lossy(),
                &json,
            ],
        );
    }
    // Three rows in a sheet as a survey tool exports it: numbered question
    // texts, a column of its own, positions and labels mixed; one answer off
    // the scale, left out alone.
    let mut csv = String::from(
        "序号,1.您对服务态度的评价,2.您对活动内容的评价[单选题],3.您对活动时间安排的评价,4.您对活动场地的评价,5.您对我们的工作还有什么建议？\n",
    );
    csv.push_str("1,很满意,2,一般,很满意,挺好\n");
    csv.push_str("2,1,满意,非常满意,5,\n");
    csv.push_str("3,不满意,不满意,4,3,\n");
    for (q, p) in [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 0),
        (0, 0),
        (1, 1),
        (3, 4),
        (0, 3),
        (1, 3),
        (2, 3),
        (3, 2),
    ] {
        counts[q][p] += 1;
    }
    advice += 1;
    std::fs::write(dir.path().join("sheet.csv"), csv).unwrap_or_else(|e| panic!("{e}"));

    let output = charter_run(
        dir.path(),
        &[
            "survey",
            "tally",
            "a.toml",
            "returned",
            "sheet.csv",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(&output)));
    assert_eq!(report["rows"]["total"], 23);
    assert_eq!(report["rows"]["counted"], 23);
    assert_eq!(report["forms"], 20);
    assert_eq!(report["rows"]["excluded_answers"], 1);
    let problem = &report["excluded"][0];
    assert_eq!(problem["source"], "sheet.csv");
    assert_eq!(problem["line"], 3);
    let message = problem["message"].as_str().unwrap_or("");
    assert!(
        message.contains("column 4") && message.contains("非常满意"),
        "row and column of the bad answer: {message}"
    );
    assert!(
        stderr(&output).contains("sheet.csv:3:1"),
        "{}",
        stderr(&output)
    );
    for (q, expected) in counts.iter().enumerate() {
        let got: Vec<u64> = report["questions"][q]["stats"]["counts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_u64())
            .collect();
        assert_eq!(got, expected.to_vec(), "counts of question {}", q + 1);
    }
    let answers = report["questions"][4]["answers"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    assert_eq!(answers, advice, "every written answer");
    assert_eq!(report["activity"], "社区议事会");
}

#[test]
fn a_form_of_another_questionnaire_is_refused_by_name() {
    let dir = scratch(&[
        ("org.toml", ORG),
        ("a.toml", &charter("satisfaction")),
        ("b/org.toml", ORG),
        ("b/b.toml", &charter("volunteers")),
    ]);
    charter_run(
        dir.path(),
        &["survey", "b/b.toml", "--fillable", "-o", "other.pdf"],
    );
    charter_run(
        dir.path(),
        &[
            "survey",
            "b/b.toml",
            "--fillable",
            "--format",
            "docx",
            "-o",
            "other.docx",
        ],
    );
    for file in ["other.pdf", "other.docx"] {
        let output = run_in(dir.path(), &["survey", "tally", "a.toml", file]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains(file) && err.contains("\"volunteers\"") && err.contains("refused"),
            "{err}"
        );
    }
}

#[test]
fn a_wrong_header_fails_with_exit_status_1_and_says_which_column() {
    let dir = scratch(&[
        ("org.toml", ORG),
        ("a.toml", &charter("satisfaction")),
        ("bad.csv", "q1,服务态度怎么样,q3\n很满意,满意,一般\n"),
    ]);
    let output = run_in(dir.path(), &["survey", "tally", "a.toml", "bad.csv"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("column 2") && err.contains("服务态度怎么样") && err.contains("bad.csv:1:1"),
        "{err}"
    );
    assert!(stdout(&output).is_empty(), "no report: {}", stdout(&output));
    // In Chinese when the locale is.
    let output = Command::new(BIN)
        .args(["survey", "tally", "a.toml", "bad.csv"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("LC_ALL", "zh_CN.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("第 2 列“服务态度怎么样”不是问卷"), "{err}");
}

#[test]
fn a_chinese_header_csv_and_the_xlsx_template_tally() {
    if !require_python_module("openpyxl") {
        return;
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter("satisfaction"))]);
    charter_run(
        dir.path(),
        &["survey", "template", "a.toml", "-o", "answers.csv"],
    );
    let csv = std::fs::read_to_string(dir.path().join("answers.csv")).unwrap_or_default();
    let header = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    assert_eq!(
        header,
        "活动名称,1.您对服务态度的评价,2.您对活动内容的评价,3.您对活动时间安排的评价,4.您对活动场地的评价,5.您对我们的工作还有什么建议？"
    );
    let mut filled = csv.clone();
    filled.push_str("读书会,很满意,很满意,满意,一般,\r\n读书会,2,3,4,5,多一些\r\n");
    std::fs::write(dir.path().join("filled.csv"), filled).unwrap_or_else(|e| panic!("{e}"));

    charter_run(
        dir.path(),
        &["survey", "template", "a.toml", "-o", "answers.xlsx"],
    );
    // openpyxl reads the template's header and adds two rows.
    let read = python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
print("|".join(str(c.value) for c in ws[1]))
ws.append(["读书会", "很满意", 1, "满意", "很不满意", None])
ws.append(["读书会", 5, "一般", 3, 2, "谢谢"])
wb.save(sys.argv[2])
"#,
        &[
            &dir.path().join("answers.xlsx").to_string_lossy(),
            &dir.path().join("filled.xlsx").to_string_lossy(),
        ],
    );
    assert!(read.starts_with("活动名称|1.您对服务态度的评价"), "{read}");

    let output = charter_run(
        dir.path(),
        &[
            "survey",
            "tally",
            "a.toml",
            "filled.csv",
            "filled.xlsx",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(&output)));
    assert_eq!(report["rows"]["counted"], 4);
    let counts = |q: usize| -> Vec<u64> {
        report["questions"][q]["stats"]["counts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_u64())
            .collect()
    };
    assert_eq!(counts(0), [2, 1, 0, 0, 1]);
    assert_eq!(counts(1), [2, 0, 2, 0, 0]);
    assert_eq!(counts(2), [0, 2, 1, 1, 0]);
    assert_eq!(counts(3), [0, 1, 1, 0, 2]);
    assert_eq!(report["activity"], "读书会");
}

/// The studio's survey page: questionnaires listed by title, the fillable
/// forms to download, a filled form uploaded and tallied.
#[test]
fn the_studio_offers_fillable_forms_and_tallies_an_uploaded_one() {
    use studio_support::{Server, get, project, request};
    const QINGSHAN: &str = "orgs/qingshan/service-commitment.toml";
    let dir = project();
    let server = Server::start(dir.path());
    let list = get(&server, "/api/charters").json();
    let entry = list
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["path"] == QINGSHAN)
        .cloned()
        .unwrap_or_default();
    assert_eq!(entry["questionnaires"][0]["id"], "satisfaction");
    assert_eq!(
        entry["questionnaires"][0]["title"],
        "服务对象满意度调查问卷"
    );

    let pdf = get(
        &server,
        &format!("/api/survey/{QINGSHAN}?appendix=satisfaction&fillable=pdf"),
    );
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    assert!(pdf.body.starts_with(b"%PDF-") && pdf.text().contains("/AcroForm"));
    let docx = get(
        &server,
        &format!("/api/survey/{QINGSHAN}?appendix=satisfaction&fillable=docx"),
    );
    assert_eq!(docx.status, 200, "{}", docx.text());
    assert!(docx.body.starts_with(b"PK"));

    // The blank form uploaded: one form read, nothing answered.
    let host = server.host();
    let origin = server.origin();
    let answer = request(
        server.port,
        "POST",
        &format!("/api/tally/{QINGSHAN}?appendix=satisfaction&name=returned.pdf"),
        &[("Host", &host), ("Origin", &origin)],
        &pdf.body,
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let report = &answer.json()["report"];
    assert_eq!(report["forms"], 1, "{report}");
    assert_eq!(report["rows"]["counted"], 1, "{report}");
    assert_eq!(report["overall"]["answered"], 0, "{report}");
}
