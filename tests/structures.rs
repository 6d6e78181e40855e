//! What real regulations contain: 节 under 章, articles counted on or
//! restarted, items under a chapter, deep lists, and tables, through every
//! output.

mod common;
use common::*;

use std::path::Path;

/// Builds `charter` (with the test organisation) as `formats`; the output
/// folder and the status and report.
fn build(charter: &str, formats: &str) -> (tempfile::TempDir, i32, String) {
    let dir = scratch(&[("org.toml", ORG), ("c.toml", charter)]);
    let output = run_in(
        dir.path(),
        &["build", "c.toml", "-o", "out", "--format", formats],
    );
    let status = output.status.code().unwrap_or(-1);
    (dir, status, stderr(&output))
}

/// The resolved document built from `dir`.
fn document(dir: &Path) -> serde_json::Value {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text =
        std::fs::read_to_string(dir.join("out").join(folder).join("c.json")).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn labels(doc: &serde_json::Value) -> Vec<String> {
    fn walk(nodes: &serde_json::Value, out: &mut Vec<String>) {
        for n in nodes.as_array().into_iter().flatten() {
            out.push(n["label"].as_str().unwrap_or("").to_string());
            walk(&n["children"], out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["sections"], &mut out);
    out
}

const WITH_SECTIONS: &str = r#"[charter]
id = "c"
title = "协会章程"
numbering = "articles"

[[section]]
id = "general"
title = "总则"

  [[section.clause]]
  id = "name"
  text = "本会名称。"

[[section]]
id = "organs"
title = "组织机构"

  [[section.section]]
  id = "assembly"
  title = "会员大会"

    [[section.section.clause]]
    id = "supreme"
    text = "会员大会是最高权力机构，见{{ ref('organs.council.role') }}。"

  [[section.section]]
  id = "council"
  title = "理事会"

    [[section.section.clause]]
    id = "role"
    text = "理事会是执行机构。"

      [[section.section.clause.item]]
      text = "执行决议；"

  [[section.item]]
  text = "章下直接列出的一项。"

[[section]]
id = "end"
title = "附则"

  [[section.clause]]
  text = "本章程自通过之日起施行。"
"#;

#[test]
fn sections_nest_and_articles_count_on_across_them() {
    let (dir, status, err) = build(WITH_SECTIONS, "json");
    assert_eq!(status, 0, "{err}");
    let doc = document(dir.path());
    assert_eq!(
        labels(&doc),
        [
            "第一章",
            "第一条",
            "第二章",
            "第一节",
            "第二条",
            "第二节",
            "第三条",
            "（一）",
            "（一）",
            "第三章",
            "第四条"
        ]
    );
    let council = &doc["sections"][1]["children"][1];
    assert_eq!(council["kind"], "section");
    assert_eq!(council["level"], 2);
    assert_eq!(council["children"][0]["kind"], "clause");
    assert_eq!(council["children"][0]["level"], 3);
    // ref() names an article inside a 节.
    assert_eq!(
        doc["sections"][1]["children"][0]["children"][0]["text"][0],
        "会员大会是最高权力机构，见第三条。"
    );
}

#[test]
fn restart_counts_articles_from_the_first_in_every_chapter() {
    let charter = WITH_SECTIONS.replace(
        "numbering = \"articles\"",
        "\n[charter.numbering]\nscheme = \"articles\"\nrestart = true\n",
    );
    // [charter.numbering] must follow the [charter] keys.
    let charter = charter.replacen("[charter]\nid = \"c\"\ntitle = \"协会章程\"\n", "", 1);
    let charter = format!("[charter]\nid = \"c\"\ntitle = \"协会章程\"\n{charter}");
    let (dir, status, err) = build(&charter, "json");
    assert_eq!(status, 0, "{err}");
    let labels = labels(&document(dir.path()));
    assert_eq!(labels[1], "第一条");
    assert_eq!(labels[4], "第一条", "{labels:?}");
    assert_eq!(labels[10], "第一条", "{labels:?}");
}

#[test]
fn six_levels_and_a_section_too_deep_for_the_scheme() {
    let deep = r#"[charter]
id = "c"
title = "制度"

[[section]]
title = "总体要求"

  [[section.clause]]
  text = "二级"

    [[section.clause.item]]
    text = "三级"

      [[section.clause.item.point]]
      text = "四级"

        [[section.clause.item.point.point]]
        text = "五级"

          [[section.clause.item.point.point.point]]
          text = "六级"
"#;
    let (dir, status, err) = build(deep, "json");
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        labels(&document(dir.path())),
        ["一、", "（一）", "1.", "（1）", "①", "a."]
    );
    let too_deep = "[charter]\nid = \"c\"\ntitle = \"制度\"\n\n[[section]]\ntitle = \"甲\"\n\n  [[section.section]]\n  title = \"乙\"\n";
    let (_, status, err) = build(too_deep, "json");
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("c.toml:8:"), "{err}");
    assert!(err.contains("has 1 section level"), "{err}");
}

const WITH_TABLE: &str = r#"[charter]
id = "c"
title = "会费制度"

[[section]]
id = "dues"
title = "会费"

  [[section.clause]]
  id = "rates"
  text = "会费如下，见{{ ref('dues.rates') }}："

    [[section.clause.table]]
    id = "rates-table"
    caption = "会费标准表"
    columns = [1, 2, 1]
    align = ["center", "left", "right"]
    header = [["类别", "对象", "金额"]]
    rows = [
      [{ text = "个人", rowspan = 2 }, "在职", "60"],
      ["退休", "30"],
      [{ text = "按年交纳，{{ org.short_name }}公示。", colspan = 3 }],
    ]
"#;

#[test]
fn a_table_reaches_json_pdf_and_docx() {
    let (dir, status, err) = build(WITH_TABLE, "json,pdf,docx");
    assert_eq!(status, 0, "{err}");
    let doc = document(dir.path());
    let table = &doc["sections"][0]["children"][0]["tables"][0];
    assert_eq!(table["caption"], "会费标准表");
    assert_eq!(table["widths"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        table["rows"][1][0]["column"], 1,
        "after the cell spanning down"
    );
    assert_eq!(table["rows"][2][0]["text"], "按年交纳，中心公示。");
    assert_eq!(table["rows"][2][0]["colspan"], 3);

    let folder = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = dir.path().join("out").join(folder).join("c");
    if require_tool("pdftotext") {
        let (code, text) = tool(
            "pdftotext",
            &[&stem.with_extension("pdf").to_string_lossy(), "-"],
        );
        assert_eq!(code, 0);
        let text = squeeze(&text);
        for piece in [
            "会费标准表",
            "类别",
            "在职",
            "退休",
            "30",
            "按年交纳，中心公示。",
        ] {
            assert!(text.contains(piece), "{piece} not in the PDF: {text}");
        }
    }
    let parts = docx_parts(&stem.with_extension("docx"));
    let xml = String::from_utf8_lossy(
        parts
            .get("word/document.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    assert_eq!(
        xml.matches("<w:gridCol ").count(),
        3,
        "one w:gridCol per column"
    );
    assert!(
        xml.contains("<w:gridSpan w:val=\"3\"/>"),
        "colspan as gridSpan"
    );
    assert!(
        xml.contains("<w:vMerge w:val=\"restart\"/>"),
        "rowspan starts a vMerge"
    );
    assert!(xml.contains("<w:vMerge/>") || xml.contains("<w:vMerge w:val=\"continue\"/>"));
    assert!(xml.contains("<w:tblHeader/>"), "the header row repeats");
    if require_tool("soffice") {
        let text = libreoffice_text(&[stem.with_extension("docx")]);
        let text = squeeze(&text.concat());
        for piece in ["会费标准表", "个人", "退休", "按年交纳，中心公示。"] {
            assert!(
                text.contains(piece),
                "{piece} not read by LibreOffice: {text}"
            );
        }
    }
}

#[test]
fn ragged_rows_and_spans_past_the_edge_are_errors_at_their_place() {
    let ragged = WITH_TABLE.replace("[\"退休\", \"30\"],", "[\"退休\", \"30\", \"多余\"],");
    let (_, status, err) = build(&ragged, "json");
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains("this row fills 4 of the table's 3 columns")
            || err.contains("runs past the last column"),
        "{err}"
    );
    assert!(err.contains("c.toml:21:20"), "{err}");
    let wide = WITH_TABLE.replace("colspan = 3", "colspan = 4");
    let (_, status, err) = build(&wide, "json");
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("runs past the last column"), "{err}");
    assert!(err.contains("c.toml:22:"), "{err}");
    let short = WITH_TABLE.replace("[\"退休\", \"30\"],", "[\"30\"],");
    let (_, status, err) = build(&short, "json");
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains("this row fills 2 of the table's 3 columns"),
        "{err}"
    );
}

#[test]
fn the_diff_reports_table_rows_and_cells() {
    let v2 = WITH_TABLE.replace(
        "[\"退休\", \"30\"],",
        "[\"退休\", \"20\"],\n      [\"学生\", \"在读\", \"10\"],",
    );
    let dir = scratch(&[("org.toml", ORG), ("a.toml", WITH_TABLE), ("b.toml", &v2)]);
    let output = run_in(
        dir.path(),
        &["diff", "a.toml", "b.toml", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diff: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let tables = &diff["nodes"][0]["tables"][0];
    assert_eq!(tables["kind"], "modified");
    assert_eq!(tables["rows"][0]["kind"], "modified");
    assert_eq!(tables["rows"][0]["cells"][0]["column"], 3);
    assert_eq!(tables["rows"][0]["cells"][0]["new"], "20");
    assert_eq!(tables["rows"][1]["kind"], "added");
    let text = run_in(dir.path(), &["diff", "a.toml", "b.toml"]);
    assert!(
        stdout(&text).contains("表格「会费标准表」第3行 修改：第3列 30 → 20"),
        "{}",
        stdout(&text)
    );
    let table = run_in(
        dir.path(),
        &[
            "diff", "a.toml", "b.toml", "--format", "table", "-o", "t.docx",
        ],
    );
    assert_eq!(table.status.code(), Some(1));
    let parts = docx_parts(&dir.path().join("t.docx"));
    let xml = String::from_utf8_lossy(
        parts
            .get("word/document.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    assert!(
        xml.contains("会费标准表：第3行修改、第4行新增"),
        "the 修订对照表 notes the rows"
    );
}

#[test]
fn the_example_constitution_has_sections_under_a_chapter_and_tables() {
    let (out, pairs) = build_examples("pdf");
    let _ = out;
    let pdf = pairs
        .iter()
        .map(|(pdf, _)| pdf)
        .find(|p| p.ends_with("luzhou/constitution.pdf"))
        .unwrap_or_else(|| panic!("no luzhou example"));
    if !require_tool("qpdf") {
        return;
    }
    let (code, json) = tool(
        "qpdf",
        &["--json", "--json-key=outlines", &pdf.to_string_lossy()],
    );
    assert_eq!(code, 0);
    for title in [
        "第四章　组织机构和负责人",
        "第一节　会员代表大会",
        "第四节　负责人",
    ] {
        assert!(json.contains(title), "{title} not a bookmark: {json}");
    }
}

/// Both header rows of the appendix's table repeat on a new page in Word
/// and WPS (w:tblHeader), the row whose first cell continues a merge too.
#[test]
fn every_header_row_of_a_table_repeats() {
    let (_out, pairs) = build_examples("docx");
    let docx = pairs
        .iter()
        .map(|(docx, _)| docx)
        .find(|p| p.ends_with("luzhou/constitution.docx"))
        .unwrap_or_else(|| panic!("no luzhou example"));
    let parts = docx_parts(docx);
    let xml = String::from_utf8_lossy(
        parts
            .get("word/document.xml")
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
    .into_owned();
    let quota = xml
        .split("<w:tbl>")
        .filter_map(|t| t.split("</w:tbl>").next())
        .find(|t| t.contains("会员代表名额"))
        .unwrap_or_else(|| panic!("no quota table"));
    let rows: Vec<&str> = quota.split("<w:tr>").skip(1).collect();
    assert!(rows[0].contains("<w:tblHeader/>") && rows[1].contains("<w:tblHeader/>"));
    assert!(
        !rows[2].contains("<w:tblHeader/>"),
        "body rows do not repeat"
    );
}

/// Chapter and 节 headings are centred on the text block (GB/T 9704 and the
/// official model texts), not set at the left margin.
#[test]
fn chapter_and_section_headings_are_centred() {
    let (_out, pairs) = build_examples("pdf");
    let pdf = pairs
        .iter()
        .map(|(pdf, _)| pdf)
        .find(|p| p.ends_with("luzhou/constitution.pdf"))
        .unwrap_or_else(|| panic!("no luzhou example"));
    if !require_tool("pdftotext") {
        return;
    }
    // A4: the text block is centred on the page.
    let page_centre = 595.0 / 2.0;
    let mut seen = 0;
    for page in pdf_lines(pdf) {
        for (x_min, _, x_max, _, text) in page {
            let squeezed = squeeze(&text);
            if squeezed.starts_with("第四章") || squeezed.starts_with("第二节") {
                let centre = (x_min + x_max) / 2.0;
                assert!(
                    (centre - page_centre).abs() < 6.0,
                    "{text} is not centred: {x_min}–{x_max}"
                );
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 2, "both headings found");
}
