//! Package parts written by charter itself rather than docx-rs: styles,
//! numbering, font table, theme, settings and document properties. They
//! carry what docx-rs cannot express (built-in heading names for the
//! navigation pane, restart rules, table styles, the theme part validators
//! require) and nothing that changes between runs.

use crate::backend::layout::Theme;
use crate::document::Document;
use crate::format::{Counter, Scheme};

use super::units::{half_points, mm_to_twips, pt_to_twips};
use super::xml::Element;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Numbering instance of the appendix labels (附件1 …); clause lists count from 1.
pub const APPENDIX_NUM_ID: usize = 100;

/// The list (w:numId) and list level (w:ilvl) of each level of a scheme.
///
/// A continuous level starts a list of its own, with the levels below it:
/// then nothing above it can restart it, in Word or in LibreOffice (which
/// ignores `w:lvlRestart`). For `articles`: 第X章 is list 1, and 第X条 with its
/// （一） and 1. is list 2, so 第二十一条 counts on across chapters.
pub fn level_lists(scheme: &Scheme) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut list, mut start) = (1, 0);
    for (index, level) in scheme.levels.iter().enumerate() {
        if index > 0 && level.continuous {
            list += 1;
            start = index;
        }
        out.push((list, index - start));
    }
    out
}

/// Fonts of a role: (East-Asian name, ASCII/hAnsi name, bundled alternate).
pub struct RoleFont {
    pub east_asia: String,
    pub ascii: String,
    pub alternate: Option<String>,
}

pub fn role_font(theme: &Theme, role: &str) -> RoleFont {
    let font = theme.font.get(role);
    let east_asia = font
        .and_then(|f| f.docx.clone())
        .unwrap_or_else(|| "宋体".to_string());
    RoleFont {
        ascii: font
            .and_then(|f| f.docx_ascii.clone())
            .unwrap_or_else(|| east_asia.clone()),
        alternate: font.and_then(|f| f.pdf.first().cloned()),
        east_asia,
    }
}

fn val(name: &str, value: &str) -> Element {
    Element::new(name).attr("w:val", value)
}

pub fn fonts_element(font: &RoleFont) -> Element {
    Element::new("w:rFonts")
        .attr("w:ascii", &font.ascii)
        .attr("w:hAnsi", &font.ascii)
        .attr("w:eastAsia", &font.east_asia)
        .attr("w:cs", &font.ascii)
}

fn size(pt: f64) -> [Element; 2] {
    let hp = half_points(pt).to_string();
    [val("w:sz", &hp), val("w:szCs", &hp)]
}

/// Run properties that set only a size.
fn sized(pt: f64) -> Element {
    let [sz, sz_cs] = size(pt);
    Element::new("w:rPr").child(sz).child(sz_cs)
}

fn rpr(theme: &Theme, role: &str, pt: f64, bold: bool) -> Element {
    let mut r = Element::new("w:rPr").child(fonts_element(&role_font(theme, role)));
    if bold {
        r = r.child(Element::new("w:b")).child(Element::new("w:bCs"));
    }
    let [sz, sz_cs] = size(pt);
    r.child(sz).child(sz_cs)
}

/// Exact line spacing on the theme's grid (28.95 pt in `formal`), else 1.5 lines.
fn body_spacing(theme: &Theme) -> Element {
    match &theme.grid {
        Some(grid) => Element::new("w:spacing")
            .attr("w:before", "0")
            .attr("w:after", "0")
            .attr("w:line", &pt_to_twips(grid.line_pitch_pt).to_string())
            .attr("w:lineRule", "exact"),
        None => Element::new("w:spacing")
            .attr("w:before", "0")
            .attr("w:after", "120")
            .attr("w:line", "360")
            .attr("w:lineRule", "auto"),
    }
}

/// Two characters of first-line indent: in character units for Word and WPS
/// (they follow the font size), in twips for readers without them (LibreOffice).
fn first_line_indent(body_pt: f64) -> Element {
    Element::new("w:ind")
        .attr("w:firstLineChars", "200")
        .attr("w:firstLine", &pt_to_twips(body_pt * 2.0).to_string())
}

fn no_indent() -> Element {
    Element::new("w:ind")
        .attr("w:firstLineChars", "0")
        .attr("w:firstLine", "0")
        .attr("w:left", "0")
}

struct StyleDef {
    id: &'static str,
    name: &'static str,
    kind: &'static str,
    based_on: Option<&'static str>,
    ppr: Vec<Element>,
    rpr: Option<Element>,
    extra: Vec<Element>,
}

fn style(def: StyleDef) -> Element {
    let mut s = Element::new("w:style")
        .attr("w:type", def.kind)
        .attr("w:styleId", def.id)
        .child(val("w:name", def.name));
    if def.id == "Normal" {
        s.set_attr("w:default", "1");
    }
    if let Some(base) = def.based_on {
        s = s.child(val("w:basedOn", base));
    }
    s = s.child(Element::new("w:qFormat"));
    if !def.ppr.is_empty() {
        let mut ppr = Element::new("w:pPr");
        for e in def.ppr {
            ppr = ppr.child(e);
        }
        s = s.child(ppr);
    }
    if let Some(rpr) = def.rpr {
        s = s.child(rpr);
    }
    for e in def.extra {
        s = s.child(e);
    }
    s
}

/// The text width in twips, for tab stops and tables.
pub fn text_width(theme: &Theme) -> u32 {
    let page = &theme.page;
    mm_to_twips(page.width_mm - page.left_mm - page.right_mm)
}

/// `word/styles.xml`: paragraph, character and table styles. Built-in ids and
/// names (Title, heading 1, heading 2, header, footer) so Word's navigation
/// pane and table of contents see the headings.
pub fn styles(theme: &Theme, doc: &Document) -> Element {
    let body_pt = theme.size("body", 16.0);
    let table_pt = theme.size("table", 12.0);
    let chapters = doc.numbering.has_chapters();
    let width = text_width(theme);
    let border = |side: &str| {
        Element::new(side)
            .attr("w:val", "single")
            .attr("w:sz", "4")
            .attr("w:space", "0")
            .attr("w:color", "000000")
    };
    let defs = vec![
        StyleDef {
            id: "Normal",
            name: "Normal",
            kind: "paragraph",
            based_on: None,
            ppr: vec![
                Element::new("w:snapToGrid").attr("w:val", "0"),
                body_spacing(theme),
                first_line_indent(body_pt),
                val("w:jc", "both"),
            ],
            rpr: Some(rpr(theme, "body", body_pt, false)),
            extra: vec![],
        },
        StyleDef {
            id: "Title",
            name: "Title",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![
                Element::new("w:spacing")
                    .attr("w:before", "0")
                    .attr("w:after", &pt_to_twips(body_pt).to_string())
                    .attr("w:line", "240")
                    .attr("w:lineRule", "auto"),
                no_indent(),
                val("w:jc", "center"),
            ],
            rpr: Some(rpr(
                theme,
                "title",
                theme.size("title", 22.0),
                theme.font.get("title").is_some_and(|f| f.bold),
            )),
            extra: vec![],
        },
        StyleDef {
            // The approval as a note under the title, in 楷体.
            id: "TitleNote",
            name: "Title Note",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![no_indent(), val("w:jc", "center")],
            rpr: Some(rpr(theme, "heading2", body_pt, false)),
            extra: vec![],
        },
        StyleDef {
            id: "Heading1",
            name: "heading 1",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![
                Element::new("w:keepNext"),
                if chapters {
                    no_indent()
                } else {
                    first_line_indent(body_pt)
                },
                val("w:jc", if chapters { "center" } else { "both" }),
                val("w:outlineLvl", "0"),
            ],
            rpr: Some(rpr(
                theme,
                "heading1",
                theme.size("heading", body_pt),
                false,
            )),
            extra: vec![],
        },
        StyleDef {
            id: "Heading2",
            name: "heading 2",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![val("w:outlineLvl", "1")],
            rpr: Some(rpr(theme, "heading2", body_pt, false)),
            extra: vec![],
        },
        StyleDef {
            id: "Clause",
            name: "Clause",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "Clause3",
            name: "Clause 3",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "Clause4",
            name: "Clause 4",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "ClauseText",
            name: "Clause Text",
            kind: "character",
            based_on: None,
            ppr: vec![],
            rpr: Some(Element::new("w:rPr").child(fonts_element(&role_font(theme, "body")))),
            extra: vec![],
        },
        StyleDef {
            id: "RunInHeading",
            name: "Run-in Heading",
            kind: "character",
            based_on: None,
            ppr: vec![],
            rpr: Some(Element::new("w:rPr").child(fonts_element(&role_font(theme, "heading2")))),
            extra: vec![],
        },
        StyleDef {
            id: "Symbol",
            name: "Check Box Symbol",
            kind: "character",
            based_on: None,
            ppr: vec![],
            rpr: Some(Element::new("w:rPr").child(fonts_element(&role_font(theme, "symbols")))),
            extra: vec![],
        },
        StyleDef {
            id: "Closing",
            name: "Closing",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "AppendixList",
            name: "Appendix List",
            kind: "paragraph",
            based_on: Some("Normal"),
            // 附件：1. … with the following entries aligned under the first.
            ppr: vec![
                Element::new("w:ind")
                    .attr("w:leftChars", "500")
                    .attr("w:left", &pt_to_twips(body_pt * 5.0).to_string())
                    .attr("w:hangingChars", "300")
                    .attr("w:hanging", &pt_to_twips(body_pt * 3.0).to_string()),
            ],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "Signature",
            name: "Signature",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![
                Element::new("w:ind")
                    .attr("w:rightChars", "400")
                    .attr("w:right", &pt_to_twips(body_pt * 4.0).to_string())
                    .attr("w:firstLineChars", "0")
                    .attr("w:firstLine", "0"),
                val("w:jc", "right"),
            ],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "Header",
            name: "header",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![
                Element::new("w:pBdr").child(border("w:bottom")),
                Element::new("w:tabs")
                    .child(
                        Element::new("w:tab")
                            .attr("w:val", "center")
                            .attr("w:pos", &(width / 2).to_string()),
                    )
                    .child(
                        Element::new("w:tab")
                            .attr("w:val", "right")
                            .attr("w:pos", &width.to_string()),
                    ),
                Element::new("w:spacing")
                    .attr("w:before", "0")
                    .attr("w:after", "0")
                    .attr("w:line", "240")
                    .attr("w:lineRule", "auto"),
                no_indent(),
                val("w:jc", "left"),
            ],
            rpr: Some(rpr(theme, "title", theme.size("header", 10.5), false)),
            extra: vec![],
        },
        StyleDef {
            id: "Footer",
            name: "footer",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![
                Element::new("w:spacing")
                    .attr("w:before", "0")
                    .attr("w:after", "0")
                    .attr("w:line", "240")
                    .attr("w:lineRule", "auto"),
                Element::new("w:ind")
                    .attr("w:leftChars", "100")
                    .attr("w:left", "0")
                    .attr("w:rightChars", "100")
                    .attr("w:right", "0")
                    .attr("w:firstLineChars", "0")
                    .attr("w:firstLine", "0"),
            ],
            rpr: Some(rpr(theme, "title", theme.size("page_number", 14.0), false)),
            extra: vec![],
        },
        StyleDef {
            id: "AppendixLabel",
            name: "Appendix Label",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![Element::new("w:keepNext"), no_indent(), val("w:jc", "left")],
            rpr: Some(rpr(theme, "heading1", body_pt, false)),
            extra: vec![],
        },
        StyleDef {
            id: "AppendixTitle",
            name: "Appendix Title",
            kind: "paragraph",
            based_on: Some("Title"),
            ppr: vec![Element::new("w:keepNext"), val("w:outlineLvl", "0")],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "TableText",
            name: "Table Text",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![
                Element::new("w:spacing")
                    .attr("w:before", "40")
                    .attr("w:after", "40")
                    .attr("w:line", "240")
                    .attr("w:lineRule", "auto"),
                no_indent(),
                val("w:jc", "left"),
            ],
            rpr: Some(rpr(theme, "body", table_pt, false)),
            extra: vec![],
        },
        StyleDef {
            id: "TableHead",
            name: "Table Heading",
            kind: "paragraph",
            based_on: Some("TableText"),
            ppr: vec![val("w:jc", "center")],
            rpr: Some(Element::new("w:rPr").child(fonts_element(&role_font(theme, "heading1")))),
            extra: vec![],
        },
        StyleDef {
            id: "Number",
            name: "Document Number",
            kind: "paragraph",
            based_on: Some("TableText"),
            ppr: vec![val("w:jc", "right")],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "FormText",
            name: "Form Text",
            kind: "paragraph",
            based_on: Some("TableText"),
            ppr: vec![],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "AnswerLine",
            name: "Answer Line",
            kind: "paragraph",
            based_on: Some("TableText"),
            // A ruled writing line for an open question.
            // `between` draws the line under each of several answer lines in a row.
            ppr: vec![
                Element::new("w:pBdr")
                    .child(border("w:bottom"))
                    .child(border("w:between")),
                Element::new("w:spacing")
                    .attr("w:before", "0")
                    .attr("w:after", "0")
                    .attr("w:line", &pt_to_twips(table_pt * 2.2).to_string())
                    .attr("w:lineRule", "exact"),
            ],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "CoverOrg",
            name: "Cover Organisation",
            kind: "paragraph",
            based_on: Some("Title"),
            ppr: vec![
                Element::new("w:spacing")
                    .attr("w:before", "2400")
                    .attr("w:after", "120"),
            ],
            rpr: Some(sized(theme.size("cover_org", 22.0))),
            extra: vec![],
        },
        StyleDef {
            id: "CoverTitle",
            name: "Cover Title",
            kind: "paragraph",
            based_on: Some("Title"),
            ppr: vec![
                Element::new("w:spacing")
                    .attr("w:before", "2400")
                    .attr("w:after", "600"),
            ],
            rpr: Some(sized(theme.size("cover_title", 26.0))),
            extra: vec![],
        },
        StyleDef {
            id: "CoverText",
            name: "Cover Text",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![no_indent(), val("w:jc", "center")],
            rpr: None,
            extra: vec![],
        },
    ];
    let table_style = Element::new("w:style")
        .attr("w:type", "table")
        .attr("w:styleId", "CharterTable")
        .child(val("w:name", "Charter Table"))
        .child(
            Element::new("w:tblPr")
                .child(
                    Element::new("w:tblBorders")
                        .child(border("w:top"))
                        .child(border("w:left"))
                        .child(border("w:bottom"))
                        .child(border("w:right"))
                        .child(border("w:insideH"))
                        .child(border("w:insideV")),
                )
                .child(
                    Element::new("w:tblCellMar")
                        .child(
                            Element::new("w:left")
                                .attr("w:w", "85")
                                .attr("w:type", "dxa"),
                        )
                        .child(
                            Element::new("w:right")
                                .attr("w:w", "85")
                                .attr("w:type", "dxa"),
                        ),
                ),
        );
    // The survey grid: same borders; its first row repeats on every page.
    let survey_style = Element::new("w:style")
        .attr("w:type", "table")
        .attr("w:styleId", "SurveyGrid")
        .child(val("w:name", "Survey Grid"))
        .child(val("w:basedOn", "CharterTable"))
        .child(Element::new("w:tblPr"));
    let defaults = Element::new("w:docDefaults")
        .child(
            Element::new("w:rPrDefault").child(
                Element::new("w:rPr")
                    .child(fonts_element(&role_font(theme, "body")))
                    .child(val("w:kern", "2"))
                    .child(val("w:sz", &half_points(body_pt).to_string()))
                    .child(val("w:szCs", &half_points(body_pt).to_string()))
                    .child(
                        Element::new("w:lang")
                            .attr("w:val", "en-US")
                            .attr("w:eastAsia", "zh-CN")
                            .attr("w:bidi", "ar-SA"),
                    ),
            ),
        )
        .child(Element::new("w:pPrDefault").child(Element::new("w:pPr")));
    let mut root = Element::new("w:styles")
        .attr("xmlns:w", W_NS)
        .attr("xmlns:r", R_NS)
        .child(defaults);
    for def in defs {
        root = root.child(style(def));
    }
    root.child(table_style).child(survey_style)
}

fn number_format(counter: &Counter) -> &'static str {
    match counter {
        Counter::N => "decimal",
        Counter::Zh => "chineseCounting",
        Counter::Circled => "decimalEnclosedCircle",
        Counter::Alpha => "lowerLetter",
    }
}

/// `word/numbering.xml`: the scheme's levels as one multi-level list (labels
/// are never typed: inserting a clause in Word renumbers the rest), and the
/// appendix labels 附件1, 附件2 ….
pub fn numbering(theme: &Theme, scheme: &Scheme) -> Element {
    let body_pt = theme.size("body", 16.0);
    let chapters = scheme.has_chapters();
    let lists = level_lists(scheme);
    let list_count = lists.iter().map(|(list, _)| *list).max().unwrap_or(0);
    let mut abstracts = Vec::new();
    for list in 1..=list_count {
        let mut abstract_num = Element::new("w:abstractNum")
            .attr("w:abstractNumId", &list.to_string())
            .child(val("w:multiLevelType", "multilevel"))
            .child(val("w:name", &format!("charter {} {list}", scheme.name)));
        for (index, level) in scheme.levels.iter().enumerate() {
            let (level_list, ilvl) = lists[index];
            if level_list != list {
                continue;
            }
            let text = format!("{}%{}{}", level.prefix, ilvl + 1, level.suffix);
            // The chapter and article labels of a 章程 are followed by a space (第一条 本单位…).
            let spaced = chapters && index <= 1;
            let role = match (index, chapters) {
                (0, _) | (1, true) => "heading1",
                (1, false) => "heading2",
                _ => "body",
            };
            abstract_num = abstract_num.child(
                Element::new("w:lvl")
                    .attr("w:ilvl", &ilvl.to_string())
                    .child(val("w:start", "1"))
                    .child(val("w:numFmt", number_format(&level.counter)))
                    .child(val("w:suff", if spaced { "space" } else { "nothing" }))
                    .child(val("w:lvlText", &text))
                    .child(val("w:lvlJc", "left"))
                    .child(Element::new("w:pPr").child(if chapters && index == 0 {
                        no_indent()
                    } else {
                        first_line_indent(body_pt)
                    }))
                    .child(Element::new("w:rPr").child(fonts_element(&role_font(theme, role)))),
            );
        }
        abstracts.push(abstract_num);
    }
    let appendix = Element::new("w:abstractNum")
        .attr("w:abstractNumId", &APPENDIX_NUM_ID.to_string())
        .child(val("w:multiLevelType", "singleLevel"))
        .child(val("w:name", "charter appendix"))
        .child(
            Element::new("w:lvl")
                .attr("w:ilvl", "0")
                .child(val("w:start", "1"))
                .child(val("w:numFmt", "decimal"))
                .child(val("w:suff", "nothing"))
                .child(val("w:lvlText", "附件%1"))
                .child(val("w:lvlJc", "left"))
                .child(Element::new("w:pPr").child(no_indent()))
                .child(Element::new("w:rPr").child(fonts_element(&role_font(theme, "heading1")))),
        );
    let num = |id: usize| {
        Element::new("w:num")
            .attr("w:numId", &id.to_string())
            .child(val("w:abstractNumId", &id.to_string()))
    };
    let mut root = Element::new("w:numbering").attr("xmlns:w", W_NS);
    for a in abstracts {
        root = root.child(a);
    }
    root = root.child(appendix);
    for list in 1..=list_count {
        root = root.child(num(list));
    }
    root.child(num(APPENDIX_NUM_ID))
}

/// `word/fontTable.xml`: each font the theme names, with its English name
/// and the bundled font as alternates for machines without the Windows fonts.
pub fn font_table(theme: &Theme) -> Element {
    let mut root = Element::new("w:fonts").attr("xmlns:w", W_NS);
    let mut seen: Vec<String> = Vec::new();
    for role in theme.font.keys() {
        let font = role_font(theme, role);
        for (name, alternate) in [
            (&font.east_asia, Some(&font.ascii)),
            (&font.ascii, font.alternate.as_ref()),
        ] {
            if seen.contains(name) {
                continue;
            }
            seen.push(name.clone());
            let mut entry = Element::new("w:font").attr("w:name", name);
            if let Some(alt) = alternate.filter(|a| *a != name) {
                entry = entry.child(val("w:altName", alt));
            }
            let cjk = role != "symbols";
            entry = entry
                .child(val("w:charset", if cjk { "86" } else { "00" }))
                .child(val("w:family", "auto"))
                .child(val("w:pitch", "variable"));
            root = root.child(entry);
        }
    }
    root
}

/// `word/settings.xml`: odd/even footers (page numbers on the outer side),
/// Chinese punctuation compression, no random document ids.
pub fn settings() -> Element {
    Element::new("w:settings")
        .attr("xmlns:w", W_NS)
        .child(Element::new("w:zoom").attr("w:percent", "100"))
        .child(val("w:defaultTabStop", "420"))
        .child(Element::new("w:evenAndOddHeaders"))
        .child(val("w:characterSpacingControl", "compressPunctuation"))
        .child(
            Element::new("w:compat").child(
                Element::new("w:compatSetting")
                    .attr("w:name", "compatibilityMode")
                    .attr("w:uri", "http://schemas.microsoft.com/office/word")
                    .attr("w:val", "15"),
            ),
        )
        .child(val("w:themeFontLang", "en-US").attr("w:eastAsia", "zh-CN"))
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `docProps/core.xml`: title, creator = organisation, language zh-CN; dates
/// from the approval (never the wall clock).
pub fn core_properties(doc: &Document) -> Vec<u8> {
    let date = doc
        .approval
        .as_ref()
        .map(|a| format!("{}T00:00:00Z", a.date))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_string());
    let keywords = [
        Some(doc.org.name.as_str()),
        Some(doc.title.as_str()),
        doc.number.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let subject = match &doc.number {
        Some(n) => format!("{} {n}", doc.title),
        None => doc.title.clone(),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#,
        escape_xml(&doc.title),
        escape_xml(&subject),
        escape_xml(&doc.org.name),
        escape_xml(&keywords),
        escape_xml(&doc.org.name),
    )
    .into_bytes()
}

/// `docProps/app.xml` with a fixed application name (no version: same bytes
/// across releases of the same content).
pub fn app_properties() -> Vec<u8> {
    br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>charter</Application><DocSecurity>0</DocSecurity></Properties>"#
        .to_vec()
}

/// `word/theme/theme1.xml`: the minimal theme the schema requires, with the
/// theme's body and heading fonts as the East-Asian theme fonts.
pub fn theme_part(theme: &Theme) -> Vec<u8> {
    let body = role_font(theme, "body");
    let heading = role_font(theme, "heading1");
    let colours = [
        ("dk1", "000000"),
        ("lt1", "FFFFFF"),
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ];
    let scheme: String = colours
        .iter()
        .map(|(name, rgb)| format!("<a:{name}><a:srgbClr val=\"{rgb}\"/></a:{name}>"))
        .collect();
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = "<a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>";
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="charter"><a:themeElements><a:clrScheme name="charter">{scheme}</a:clrScheme><a:fontScheme name="charter"><a:majorFont><a:latin typeface="{}"/><a:ea typeface="{}"/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="{}"/><a:ea typeface="{}"/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="charter"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{line}{line}{line}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst><a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#,
        escape_xml(&heading.ascii),
        escape_xml(&heading.east_asia),
        escape_xml(&body.ascii),
        escape_xml(&body.east_asia),
    )
    .into_bytes()
}
