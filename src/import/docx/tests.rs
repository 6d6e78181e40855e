use super::*;
use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumberFormat,
    Numbering as WordNumbering, NumberingId, Paragraph as WordParagraph, Run, Start,
    Table as WordTable, TableCell, TableRow, VMergeType,
};

fn level(l: usize, format: &str, text: &str) -> Level {
    Level::new(
        l,
        Start::new(1),
        NumberFormat::new(format),
        LevelText::new(text),
        LevelJc::new("left"),
    )
}

fn para(text: &str, num: usize, lvl: usize) -> WordParagraph {
    WordParagraph::new()
        .add_run(Run::new().add_text(text))
        .numbering(NumberingId::new(num), IndentLevel::new(lvl))
}

fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(WordParagraph::new().add_run(Run::new().add_text(text)))
}

fn pack(docx: Docx) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .unwrap_or_else(|e| panic!("{e}"));
    buf.into_inner()
}

#[test]
fn resolves_chinese_list_numbering() {
    let docx = Docx::new()
        .add_abstract_numbering(
            AbstractNumbering::new(1)
                .add_level(level(0, "chineseCounting", "%1、"))
                .add_level(level(1, "chineseCounting", "（%2）"))
                .add_level(level(2, "decimal", "%3."))
                .add_level(level(3, "decimalEnclosedCircle", "%4")),
        )
        .add_abstract_numbering(AbstractNumbering::new(2).add_level(level(
            0,
            "chineseCountingThousand",
            "第%1条",
        )))
        .add_numbering(WordNumbering::new(1, 1))
        .add_numbering(WordNumbering::new(2, 2))
        .add_numbering(WordNumbering::new(3, 2).add_override(LevelOverride::new(0).start(5)))
        .add_paragraph(WordParagraph::new().add_run(Run::new().add_text("示范制度")))
        .add_paragraph(para("总则", 1, 0))
        .add_paragraph(para("公平。", 1, 1))
        .add_paragraph(para("守信。", 1, 1))
        .add_paragraph(para("按时。", 1, 2))
        .add_paragraph(para("准点。", 1, 3))
        .add_paragraph(para("服务", 1, 0))
        .add_paragraph(para("热情。", 1, 1))
        .add_paragraph(para("名称。", 2, 0))
        .add_paragraph(para("住所。", 2, 0))
        .add_paragraph(para("宗旨。", 3, 0))
        .add_table(WordTable::new(vec![TableRow::new(vec![
            cell("1"),
            cell("您满意吗？"),
        ])]));
    let paragraphs = read_docx_paragraphs(&pack(docx)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        paragraphs,
        [
            "示范制度",
            "一、 总则",
            "（一） 公平。",
            "（二） 守信。",
            "1. 按时。",
            "① 准点。",
            "二、 服务",
            "（一） 热情。",
            "第一条 名称。",
            "第二条 住所。",
            "第五条 宗旨。",
            "\t1\t您满意吗？",
        ]
    );
}

#[test]
fn tables_keep_their_spans_widths_and_header() {
    let docx = Docx::new().add_table(
        WordTable::new(vec![
            TableRow::new(vec![cell("类别"), cell("对象"), cell("金额")]),
            TableRow::new(vec![
                cell("个人").vertical_merge(VMergeType::Restart),
                cell("在职"),
                cell("60"),
            ]),
            TableRow::new(vec![
                cell("").vertical_merge(VMergeType::Continue),
                cell("退休"),
                cell("30"),
            ]),
            TableRow::new(vec![cell("按年交纳。").grid_span(3)]),
        ])
        .set_grid(vec![2000, 4000, 2000]),
    );
    let blocks = read_docx(&pack(docx)).unwrap_or_else(|e| panic!("{e}"));
    let Some(Block::Table(table)) = blocks.first() else {
        panic!("no table: {blocks:?}");
    };
    assert_eq!(table.widths, [25, 50, 25]);
    assert_eq!(table.header_rows, 1);
    assert_eq!(table.rows[1][0].rowspan, 2);
    assert_eq!(table.rows[2].len(), 2, "the covered cell is left out");
    assert_eq!(table.rows[3][0].colspan, 3);
    assert_eq!(table.columns(), 3);
}

#[test]
fn title_style_centring_and_bold() {
    let docx = Docx::new()
        .add_paragraph(
            WordParagraph::new()
                .add_run(Run::new().add_text("示范制度").bold())
                .align(docx_rs::AlignmentType::Center),
        )
        .add_paragraph(WordParagraph::new().add_run(Run::new().add_text("正文。")));
    let blocks = read_docx(&pack(docx)).unwrap_or_else(|e| panic!("{e}"));
    let paragraphs: Vec<&Paragraph> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect();
    assert!(paragraphs[0].centred && paragraphs[0].bold);
    assert!(!paragraphs[1].centred && !paragraphs[1].bold);
}

#[test]
fn tracked_deletions_and_field_codes_are_not_text() {
    let xml = r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p>
<w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del>
<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
</w:p></w:body></w:document>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", options)
            .unwrap_or_else(|e| panic!("{e}"));
        std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        zip.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    let paragraphs = read_docx_paragraphs(&buf.into_inner()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paragraphs, ["保留插入3"]);
}

#[test]
fn not_a_docx_is_an_error() {
    assert!(read_docx_paragraphs(b"plain text, not a zip").is_err());
    assert!(read_docx_paragraphs(&[]).is_err());
}
