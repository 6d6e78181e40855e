//! Import rules measured on documents written here (no real text): a Word
//! file with tracked changes imports its accepted view and says so; an
//! organisation's name is guessed only when sure; Markdown blocks stay apart.

mod common;
use common::*;

use std::io::Write as _;
use std::path::Path;

/// A DOCX holding `body` (the inside of w:body), written with the zip crate.
fn write_docx(path: &Path, body: &str) {
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)
            .unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    zip.finish().unwrap_or_else(|e| panic!("{e}"));
}

fn para(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

#[test]
fn a_word_file_with_tracked_changes_imports_its_accepted_view() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let body = [
        para(&run("示例互助会服务制度")),
        para(&(run("第一条 本制度适用于")
            + "<w:del w:id=\"1\" w:author=\"甲\"><w:r><w:delText>全体旧成员</w:delText></w:r></w:del>"
            + "<w:ins w:id=\"2\" w:author=\"甲\"><w:r><w:t>全体会员</w:t></w:r></w:ins>"
            + &run("。"))),
        "<w:moveFrom w:id=\"3\" w:author=\"甲\"><w:p><w:r><w:t>第二条 移走的旧位置。</w:t></w:r></w:p></w:moveFrom>".to_string(),
        para(&run("第二条 会员按时缴纳会费。")),
        para("<w:moveTo w:id=\"4\" w:author=\"甲\"><w:r><w:t>第三条 移来的新位置。</w:t></w:r></w:moveTo>"),
    ]
    .concat();
    write_docx(&dir.path().join("tracked.docx"), &body);
    let out = run_in(
        dir.path(),
        &["import", "tracked.docx", "-o", "tracked.toml"],
    );
    let report = stderr(&out);
    assert!(out.status.success(), "{report}");
    let charter =
        std::fs::read_to_string(dir.path().join("tracked.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(charter.contains("本制度适用于全体会员。"), "{charter}");
    assert!(!charter.contains("全体旧成员"), "{charter}");
    assert!(!charter.contains("移走的旧位置"), "{charter}");
    assert!(charter.contains("移来的新位置。"), "{charter}");
    assert!(
        report.contains("tracked changes  read as accepted: 1 insertion(s) kept, 1 deletion(s) left out, 1 move(s)"),
        "{report}"
    );
}

#[test]
fn an_organisation_named_only_in_the_title_or_with_punctuation_stays_literal() {
    // The title's name is the front of a longer word and the body never
    // names it: not sure, so no {{ org.name }}.
    let dir = scratch(&[(
        "model.txt",
        "示范省社会团体章程\n第一章 总则\n第一条 本团体是自愿结成的非营利性社会组织。\n第二条 本团体遵守法律法规。\n",
    )]);
    let out = run_in(dir.path(), &["import", "model.txt", "-o", "model.toml"]);
    let report = stderr(&out);
    assert!(out.status.success(), "{report}");
    let charter =
        std::fs::read_to_string(dir.path().join("model.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(!charter.contains("{{ org.name }}"), "{charter}");
    assert!(charter.contains("role = \"章程\""), "{charter}");
    assert!(report.contains("organisation  not sure of"), "{report}");
}

#[test]
fn markdown_list_items_and_headings_are_never_joined() {
    let dir = scratch(&[(
        "club.md",
        "# 示例兴趣小组约定\n\n####一、活动\n - 每周聚会一次，地点轮换\n - 活动记录由组长整理\n\n####二、费用\n1. 会费按学期收取，数额由全体讨论\n2. 结余转入下学期\n",
    )]);
    let out = run_in(dir.path(), &["import", "club.md", "-o", "club.toml"]);
    let report = stderr(&out);
    assert!(out.status.success(), "{report}");
    let charter =
        std::fs::read_to_string(dir.path().join("club.toml")).unwrap_or_else(|e| panic!("{e}"));
    let doc: toml::Table = charter.parse().unwrap_or_else(|e| panic!("{e}\n{charter}"));
    let sections = doc["section"].as_array().cloned().unwrap_or_default();
    assert_eq!(sections.len(), 2, "{charter}");
    assert_eq!(sections[0]["title"].as_str(), Some("活动"), "{charter}");
    let text = sections[0]["text"].as_str().unwrap_or("");
    assert!(
        text.contains("每周聚会一次，地点轮换") && !text.contains("地点轮换活动记录"),
        "{charter}"
    );
    assert_eq!(
        sections[1]["clause"].as_array().map(Vec::len),
        Some(2),
        "{charter}"
    );
}
