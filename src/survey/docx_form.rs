//! `charter survey --fillable --format docx`: the questionnaire as a Word
//! document with content controls — a drop-down list of the scale's points
//! per rated question, a plain-text control per open question and per
//! respondent field, each tagged with its field name (see [`super::form`]).
//! The form's identity is a custom document property (`CharterForm`) and a
//! tagged control, so either survives an edit in Word or WPS.
//!
//! The package is written here, not by docx-rs (which has no content
//! controls), with the docx backend's zip writer: fixed timestamps, fixed
//! part order, same bytes for the same questionnaire.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::form::{FormIdentity, IDENTITY_FIELD, question_field, respondent_field};
use crate::backend::docx::package::Package;
use crate::backend::docx::{parts as docx_parts, xml};
use crate::document::{Appendix, Document};
use crate::format::QuestionKind;
use crate::hygiene::xml_escape;

/// What a drop-down shows before a choice is made; never a scale point.
pub const CHOOSE: &str = "请选择";
/// What an empty text control shows.
pub const WRITE_HERE: &str = "请在此填写";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn run(text: &str, bold: bool, size_half_points: u32) -> String {
    let bold = if bold { "<w:b/><w:bCs/>" } else { "" };
    format!(
        "<w:r><w:rPr>{bold}<w:sz w:val=\"{size_half_points}\"/><w:szCs w:val=\"{size_half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        xml_escape(text)
    )
}

fn placeholder_run(text: &str) -> String {
    format!(
        "<w:r><w:rPr><w:rStyle w:val=\"PlaceholderText\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        xml_escape(text)
    )
}

/// Control ids: fixed from the field's position, not random.
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

fn text_control(ids: &mut Ids, tag: &str, alias: &str, multiline: bool) -> String {
    let multi = if multiline {
        "<w:text w:multiLine=\"1\"/>"
    } else {
        "<w:text/>"
    };
    format!(
        "<w:sdt><w:sdtPr><w:alias w:val=\"{}\"/><w:tag w:val=\"{}\"/><w:id w:val=\"{}\"/><w:showingPlcHdr/>{multi}</w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>",
        xml_escape(alias),
        xml_escape(tag),
        ids.next(),
        placeholder_run(WRITE_HERE)
    )
}

fn paragraph(content: &str, centred: bool, space_after: u32) -> String {
    let jc = if centred {
        "<w:jc w:val=\"center\"/>"
    } else {
        ""
    };
    format!("<w:p><w:pPr><w:spacing w:after=\"{space_after}\"/>{jc}</w:pPr>{content}</w:p>")
}

/// The fillable DOCX of `appendix`.
pub fn fillable_docx(
    doc: &Document,
    appendix: &Appendix,
) -> Result<Vec<u8>, super::error::FormError> {
    let identity = FormIdentity::of(doc, appendix);
    let mut ids = Ids(1000);
    let mut body = String::new();
    body.push_str(&paragraph(&run(&appendix.label, false, 24), false, 120));
    body.push_str(&paragraph(&run(&appendix.title, true, 32), true, 240));
    for intro in &appendix.intro {
        body.push_str(&paragraph(&run(intro, false, 24), false, 120));
    }
    for (n, label) in appendix.respondent.iter().enumerate() {
        let content = format!(
            "{}{}",
            run(&format!("{label}："), false, 24),
            text_control(&mut ids, &respondent_field(n + 1), label, false)
        );
        body.push_str(&paragraph(&content, false, 120));
    }
    for q in &appendix.questions {
        let head = run(&format!("{}. {}", q.number, q.text), false, 24);
        body.push_str(&paragraph(&head, false, 60));
        let tag = question_field(&q.id);
        let alias = format!("{}. {}", q.number, q.text);
        let control = match q.kind {
            QuestionKind::Rated => {
                let mut items = String::new();
                for point in &appendix.scale {
                    let _ = write!(
                        items,
                        "<w:listItem w:displayText=\"{0}\" w:value=\"{0}\"/>",
                        xml_escape(point)
                    );
                }
                format!(
                    "<w:sdt><w:sdtPr><w:alias w:val=\"{}\"/><w:tag w:val=\"{}\"/><w:id w:val=\"{}\"/><w:showingPlcHdr/><w:dropDownList>{items}</w:dropDownList></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>",
                    xml_escape(&alias),
                    xml_escape(&tag),
                    ids.next(),
                    placeholder_run(CHOOSE)
                )
            }
            QuestionKind::Open => text_control(&mut ids, &tag, &alias, true),
        };
        let indent = "<w:pPr><w:spacing w:after=\"200\"/><w:ind w:left=\"420\"/></w:pPr>";
        body.push_str(&format!("<w:p>{indent}{control}</w:p>"));
    }
    // The identity, also as a control: it travels with the text when the
    // body is copied into a new document.
    body.push_str(&format!(
        "<w:sdt><w:sdtPr><w:alias w:val=\"charter form\"/><w:tag w:val=\"{IDENTITY_FIELD}\"/><w:id w:val=\"{}\"/><w:lock w:val=\"sdtContentLocked\"/><w:text/></w:sdtPr><w:sdtContent><w:p><w:pPr><w:spacing w:before=\"240\"/></w:pPr><w:r><w:rPr><w:color w:val=\"A6A6A6\"/><w:sz w:val=\"14\"/><w:szCs w:val=\"14\"/></w:rPr><w:t>{}</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        ids.next(),
        xml_escape(&identity.encode())
    ));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let mut parts = BTreeMap::new();
    parts.insert(
        "[Content_Types].xml".to_string(),
        CONTENT_TYPES.as_bytes().to_vec(),
    );
    parts.insert("_rels/.rels".to_string(), ROOT_RELS.as_bytes().to_vec());
    parts.insert(
        "word/_rels/document.xml.rels".to_string(),
        DOCUMENT_RELS.as_bytes().to_vec(),
    );
    parts.insert("word/document.xml".to_string(), document.into_bytes());
    parts.insert("word/styles.xml".to_string(), STYLES.as_bytes().to_vec());
    // The parts Word expects beside the document: the docx backend's own.
    let theme = crate::backend::layout::default_theme();
    let ordered = |mut root: xml::Element| {
        xml::sort_schema(&mut root);
        xml::write(&root)
    };
    parts.insert(
        "word/fontTable.xml".to_string(),
        ordered(docx_parts::font_table(&theme)),
    );
    parts.insert(
        "word/settings.xml".to_string(),
        ordered(docx_parts::settings(false)),
    );
    parts.insert(
        "word/theme/theme1.xml".to_string(),
        docx_parts::theme_part(&theme),
    );
    parts.insert(
        "docProps/core.xml".to_string(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>charter</dc:creator></cp:coreProperties>",
            xml_escape(&appendix.title)
        )
        .into_bytes(),
    );
    let mut custom = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
    );
    for (pid, (name, value)) in [
        ("CharterForm", identity.encode()),
        ("CharterId", identity.charter.clone()),
        ("CharterQuestionnaire", identity.questionnaire.clone()),
        ("CharterFormVersion", identity.version.clone()),
    ]
    .iter()
    .enumerate()
    {
        let _ = write!(
            custom,
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"{name}\"><vt:lpwstr>{}</vt:lpwstr></property>",
            pid + 2,
            xml_escape(value)
        );
    }
    custom.push_str("</Properties>");
    parts.insert("docProps/custom.xml".to_string(), custom.into_bytes());
    Package { parts }
        .write()
        .map_err(super::error::FormError::library)
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/><Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/></Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/><Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/></Relationships>";

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line=\"360\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style><w:style w:type=\"character\" w:styleId=\"PlaceholderText\"><w:name w:val=\"Placeholder Text\"/><w:rPr><w:color w:val=\"808080\"/></w:rPr></w:style></w:styles>";
