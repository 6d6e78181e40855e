//! `charter import` on the shapes of real regulations: 节 inside 章 (found
//! wherever they first appear), articles restarting in every chapter, items
//! right under a chapter, five numbered levels, tables from Markdown, text
//! and Word (spans and all), and a Word title. Fictional text throughout.

mod common;
use common::*;

use std::path::Path;

/// Imports `name` (written into a scratch folder with `content`), builds
/// the charter as JSON and DOCX; the import report and the document.
fn import_and_build(name: &str, content: &[u8]) -> (tempfile::TempDir, String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join(name), content).unwrap_or_else(|e| panic!("{e}"));
    import_file(dir, name)
}

fn import_file(
    dir: tempfile::TempDir,
    name: &str,
) -> (tempfile::TempDir, String, serde_json::Value) {
    let imported = run_in(dir.path(), &["import", name, "-o", "c.toml"]);
    let report = stderr(&imported);
    assert!(imported.status.success(), "{report}");
    let built = run_in(
        dir.path(),
        &["build", "c.toml", "-o", "out", "--format", "json,docx"],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let doc = read_json(&find(dir.path(), "c.json"));
    (dir, report, doc)
}

fn find(dir: &Path, name: &str) -> std::path::PathBuf {
    fn walk(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if let Some(found) = walk(&path, name) {
                    return Some(found);
                }
            } else if path.file_name().is_some_and(|n| n == name) {
                return Some(path);
            }
        }
        None
    }
    walk(dir, name).unwrap_or_else(|| panic!("no {name} under {}", dir.display()))
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// (kind, label, depth) of every node in reading order.
fn outline(doc: &serde_json::Value) -> Vec<(String, String, usize)> {
    fn walk(nodes: &serde_json::Value, depth: usize, out: &mut Vec<(String, String, usize)>) {
        for n in nodes.as_array().into_iter().flatten() {
            out.push((
                n["kind"].as_str().unwrap_or("").to_string(),
                n["label"].as_str().unwrap_or("").to_string(),
                depth,
            ));
            walk(&n["children"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["sections"], 0, &mut out);
    out
}

fn not_placed(report: &str) -> usize {
    report
        .lines()
        .find_map(|l| l.strip_prefix("not placed ("))
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// All tables of the document (nodes and appendices), in order.
fn tables(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    fn walk(nodes: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        for n in nodes.as_array().into_iter().flatten() {
            out.extend(n["tables"].as_array().into_iter().flatten().cloned());
            walk(&n["children"], out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["sections"], &mut out);
    for a in doc["appendices"].as_array().into_iter().flatten() {
        out.extend(a["tables"].as_array().into_iter().flatten().cloned());
    }
    out
}

fn cell_texts(rows: &serde_json::Value) -> Vec<Vec<String>> {
    rows.as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            r.as_array()
                .into_iter()
                .flatten()
                .map(|c| c["text"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .collect()
}

const WITH_SECTIONS: &str = "鹭洲邻里互助协会章程

第一章 总则
第一条 本会名称为鹭洲邻里互助协会。
第二条 本会是非营利性社会组织。
第二章 组织机构
第一节 会员代表大会
第三条 会员代表大会是最高权力机构，其职权是：
（一）制定和修改章程；
（二）选举理事。
第四条 会员代表大会每年召开一次。
第二节 理事会
第五条 理事会是执行机构。
第三章 附则
第六条 本章程由理事会负责解释。
";

#[test]
fn sections_inside_a_chapter_come_back_as_groups_holding_their_articles() {
    for (name, text) in [
        ("c.txt", WITH_SECTIONS.to_string()),
        // Markdown headings, as statutes are published.
        (
            "c.md",
            WITH_SECTIONS
                .replace("第一章", "## 第一章")
                .replace("第二章", "## 第二章")
                .replace("第三章", "## 第三章")
                .replace("第一节", "### 第一节")
                .replace("第二节", "### 第二节")
                .replace('\n', "\n\n"),
        ),
    ] {
        let (_dir, report, doc) = import_and_build(name, text.as_bytes());
        assert_eq!(not_placed(&report), 0, "{report}");
        assert!(report.contains("groups        2 headings"), "{report}");
        let outline = outline(&doc);
        let want = [
            ("section", "第一章", 0),
            ("clause", "第一条", 1),
            ("clause", "第二条", 1),
            ("section", "第二章", 0),
            ("section", "第一节", 1),
            ("clause", "第三条", 2),
            ("item", "（一）", 3),
            ("item", "（二）", 3),
            ("clause", "第四条", 2),
            ("section", "第二节", 1),
            ("clause", "第五条", 2),
            ("section", "第三章", 0),
            ("clause", "第六条", 1),
        ];
        let want: Vec<(String, String, usize)> = want
            .iter()
            .map(|(k, l, d)| (k.to_string(), l.to_string(), *d))
            .collect();
        assert_eq!(outline, want, "{name}");
    }
}

#[test]
fn articles_restarting_per_chapter_items_under_a_chapter_and_five_levels() {
    let text = "专项资金管理办法

第一章 总则
第一条 为规范专项资金管理，制定本办法。
第二条 本办法适用于示范区。
第二章 支持方向
专项资金支持下列方向：
（一）社区养老服务；
（二）青少年课后托管。
第三章 申报
第一条 申报单位应当具备下列条件：
（一）依法登记满一年；
（二）近两年内无不良记录，并且：
1. 财务制度健全；
2. 有专职人员，包括：
（1）项目负责人；
（2）财务人员，其中：
① 会计一名；
② 出纳一名。
第二条 申报材料报送示范区民政局。
";
    let (_dir, report, doc) = import_and_build("c.txt", text.as_bytes());
    assert_eq!(not_placed(&report), 0, "{report}");
    assert!(
        report.contains("counted from 1 again in every chapter"),
        "{report}"
    );
    let outline = outline(&doc);
    let labels: Vec<&str> = outline.iter().map(|(_, l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "第一章",
            "第一条",
            "第二条",
            "第二章",
            "（一）",
            "（二）",
            "第三章",
            "第一条",
            "（一）",
            "（二）",
            "1.",
            "2.",
            "（1）",
            "（2）",
            "①",
            "②",
            "第二条"
        ]
    );
    // Items right under 第二章; ① five levels below 第三章.
    assert_eq!(outline[4], ("item".into(), "（一）".into(), 1));
    assert_eq!(outline[14], ("point".into(), "①".into(), 5));
    assert_eq!(doc["sections"][1]["text"][0], "专项资金支持下列方向：");
}

#[test]
fn a_markdown_pipe_table_and_tab_separated_rows_become_tables() {
    let markdown = "会费制度

一、会费标准

会费按下表交纳：

会费标准表

| 类别 | 对象 | 金额（元） |
|:--|:-:|--:|
| 个人 | 在职 | 60 |
| 个人 | 退休 | 30 |
| 单位 | 社区单位 | 600 |

二、附则

本制度由理事会解释。
";
    let (_dir, report, doc) = import_and_build("c.md", markdown.as_bytes());
    assert_eq!(not_placed(&report), 0, "{report}");
    assert!(report.contains("a Markdown pipe table"), "{report}");
    let found = tables(&doc);
    assert_eq!(found.len(), 1, "{doc}");
    assert_eq!(found[0]["caption"], "会费标准表");
    assert_eq!(
        cell_texts(&found[0]["header"]),
        [["类别", "对象", "金额（元）"]]
    );
    assert_eq!(
        cell_texts(&found[0]["rows"])[2],
        ["单位", "社区单位", "600"]
    );
    assert_eq!(
        found[0]["align"],
        serde_json::json!(["left", "center", "right"])
    );
    assert_eq!(doc["sections"][0]["text"][0], "会费按下表交纳：");

    let text = "会费制度\n一、会费标准\n会费按下表交纳：\n类别\t对象\t金额\n个人\t在职\t60\n单位\t社区单位\t600\n二、附则\n本制度由理事会解释。\n";
    let (dir, report, doc) = import_and_build("c.txt", text.as_bytes());
    assert!(report.contains("tab-separated rows"), "{report}");
    let found = tables(&doc);
    assert_eq!(found.len(), 1, "{doc}");
    assert_eq!(
        cell_texts(&found[0]["rows"]),
        [["个人", "在职", "60"], ["单位", "社区单位", "600"]]
    );
    // …and the DOCX has it as a Word table.
    let parts = docx_parts(&find(dir.path(), "c.docx"));
    let xml = String::from_utf8_lossy(
        parts
            .get("word/document.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    assert_eq!(xml.matches("<w:tbl>").count(), 1);
    assert_eq!(xml.matches("<w:gridCol ").count(), 3);
}

/// A Word file made by python-docx (Word's own template): a Title-styled
/// title, a table with a vertical and a horizontal merge and a header row,
/// a table in an appendix.
const MAKE_DOCX: &str = r#"
import sys
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
d = Document()
d.add_paragraph("鹭洲社区服务中心收费管理办法", style="Title")
d.add_paragraph("第一条 本中心的服务收费按下表执行：")
t = d.add_table(rows=4, cols=3)
t.style = "Table Grid"
for i, h in enumerate(["服务项目", "对象", "收费（元/次）"]):
    t.cell(0, i).text = h
t.cell(1, 0).text = "助餐"
t.cell(1, 1).text = "独居老人"
t.cell(1, 2).text = "8"
t.cell(2, 1).text = "其他居民"
t.cell(2, 2).text = "15"
t.cell(1, 0).merge(t.cell(2, 0))
t.cell(3, 0).merge(t.cell(3, 2)).text = "困难家庭凭证免费。"
for cell in t.columns[2].cells[1:3]:
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
d.add_paragraph("第二条 本办法自公布之日起施行。")
d.add_paragraph("附件：服务网点一览表")
d.add_paragraph("附件")
d.add_paragraph("服务网点一览表")
u = d.add_table(rows=3, cols=2)
for r, row in enumerate([["网点", "地址"], ["榕树巷站", "榕树巷6号"], ["渔港站", "渔港路12号"]]):
    for c, text in enumerate(row):
        u.cell(r, c).text = text
d.save(sys.argv[1])
"#;

#[test]
fn a_word_title_and_word_tables_with_merged_cells() {
    if !require_python_module("docx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let docx = dir.path().join("c.docx");
    let (status, message) = tool("python3", &["-c", MAKE_DOCX, &docx.to_string_lossy()]);
    assert_eq!(status, 0, "{message}");
    let (dir, report, doc) = import_file(dir, "c.docx");
    assert_eq!(not_placed(&report), 0, "{report}");
    assert_eq!(doc["title"], "鹭洲社区服务中心收费管理办法", "{report}");
    let found = tables(&doc);
    assert_eq!(found.len(), 2, "{report}");
    let fees = &found[0];
    assert_eq!(
        cell_texts(&fees["header"]),
        [["服务项目", "对象", "收费（元/次）"]]
    );
    assert_eq!(fees["rows"][0][0]["rowspan"], 2, "vMerge → rowspan: {fees}");
    assert_eq!(fees["rows"][1].as_array().map(Vec::len), Some(2), "{fees}");
    assert_eq!(
        fees["rows"][2][0]["colspan"], 3,
        "gridSpan → colspan: {fees}"
    );
    assert_eq!(fees["align"][2], "right");
    assert_eq!(doc["appendices"][0]["kind"], "text");
    assert_eq!(cell_texts(&found[1]["rows"])[1], ["渔港站", "渔港路12号"]);
    // The rebuilt DOCX: the same merges, and LibreOffice reads the cells.
    let rebuilt = find(&dir.path().join("out"), "c.docx");
    let parts = docx_parts(&rebuilt);
    let xml = String::from_utf8_lossy(
        parts
            .get("word/document.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    assert!(xml.contains("<w:vMerge w:val=\"restart\"/>"), "{xml}");
    assert!(xml.contains("<w:gridSpan w:val=\"3\"/>"));
    if require_tool("soffice") {
        let text = squeeze(&libreoffice_text(&[rebuilt]).concat());
        for piece in ["助餐", "独居老人", "困难家庭凭证免费。", "渔港路12号"] {
            assert!(text.contains(piece), "{piece}: {text}");
        }
    }
}
