//! `word/styles.xml`: the style table. Built-in ids and names (Title,
//! heading 1, heading 2, header, footer) so Word's navigation pane and table
//! of contents see the headings; sizes and fonts from the theme.

use crate::backend::layout::Theme;
use crate::document::Document;

use super::parts::{R_NS, W_NS, role_font};
use super::props::{
    StyleDef, body_spacing, border, cell, first_line_indent, fonts_element, no_indent, rpr, sized,
    style, text_width, val,
};
use super::units::{half_points, pt_to_twips};
use super::xml::Element;

/// What every group of styles is made from.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    theme: &'a Theme,
    body_pt: f64,
    table_pt: f64,
    chapters: bool,
    width: u32,
}

/// `word/styles.xml`: paragraph, character and table styles. Built-in ids and
/// names (Title, heading 1, heading 2, header, footer) so Word's navigation
/// pane and table of contents see the headings.
/// Styles set off the character grid: larger or smaller type, and tables.
const OFF_GRID: &[&str] = &[
    "Title",
    "TitleNote",
    "Header",
    "Footer",
    "AppendixLabel",
    "AppendixTitle",
    "TableText",
    "TableHead",
    "Number",
    "FormText",
    "AnswerLine",
    "TableCaption",
    "CoverOrg",
    "CoverTitle",
    "CoverText",
    "CoverDate",
];

pub fn styles(theme: &Theme, doc: &Document) -> Element {
    let ctx = Ctx {
        theme,
        body_pt: theme.size("body", 16.0),
        table_pt: theme.size("table", 12.0),
        chapters: doc.numbering.has_chapters(),
        width: text_width(theme),
    };
    let Ctx { body_pt, .. } = ctx;
    let defs = [
        text_styles(&ctx),
        closing_styles(&ctx),
        page_styles(&ctx),
        form_styles(&ctx),
        cover_styles(&ctx),
    ]
    .into_iter()
    .flatten()
    .map(|mut def| {
        // On a theme's grid, body text keeps 22 lines of 28 characters in
        // Word, WPS and LibreOffice alike: exact line pitch, characters a
        // cell apart; titles, tables, headers and the cover keep their own
        // spacing. (A linesAndChars grid is not used: LibreOffice spreads
        // its characters over two cells each.)
        if let Some(grid) = &theme.grid {
            let condense = |def: &mut StyleDef, twentieths: i64| {
                let spacing = Element::new("w:spacing").attr("w:val", &twentieths.to_string());
                def.rpr = Some(match def.rpr.take() {
                    Some(rpr) => rpr.child(spacing),
                    None => Element::new("w:rPr").child(spacing),
                });
            };
            if def.id == "Normal" {
                // Each character a cell: 28 of them on a line at 16 pt is
                // 0.25 pt less than the size apart (as the PDF's tracking).
                let twentieths = ((grid.char_pitch_pt - body_pt) * 20.0).round() as i64;
                condense(&mut def, twentieths);
                def.ppr.retain(|e| e.name != "w:snapToGrid");
                // No extra space between Chinese and Latin or digits.
                def.ppr.push(val("w:autoSpaceDE", "0"));
                def.ppr.push(val("w:autoSpaceDN", "0"));
                // Fill every page to its 22 lines, as the PDF does: a
                // paragraph may leave one line at a page's foot or head
                // (LibreOffice keeps two by default and ends pages short).
                def.ppr.push(val("w:widowControl", "0"));
            } else if OFF_GRID.contains(&def.id) {
                def.ppr
                    .insert(0, Element::new("w:snapToGrid").attr("w:val", "0"));
                condense(&mut def, 0);
            }
        }
        def
    })
    .collect::<Vec<_>>();
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

/// Paragraph and character styles of the body: text, title, headings, clauses, run-in headings.
fn text_styles(ctx: &Ctx) -> Vec<StyleDef> {
    let Ctx {
        theme,
        body_pt,
        chapters,
        ..
    } = *ctx;
    // On a grid, lines are not stretched: a line a Latin word or a mark
    // that may not start a line leaves short keeps its characters in their
    // cells (as in the PDF).
    let justify = if theme.grid.is_some() { "left" } else { "both" };
    vec![
        StyleDef {
            id: "Normal",
            name: "Normal",
            kind: "paragraph",
            based_on: None,
            ppr: vec![
                Element::new("w:snapToGrid").attr("w:val", "0"),
                body_spacing(theme),
                first_line_indent(cell(theme)),
                val("w:jc", justify),
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
                    first_line_indent(cell(theme))
                },
                val("w:jc", if chapters { "center" } else { justify }),
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
            // 第一节 under a chapter, centred like it; a clause with a run-in
            // heading in schemes without chapters.
            id: "Heading2",
            name: "heading 2",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: if chapters {
                vec![
                    Element::new("w:keepNext"),
                    no_indent(),
                    val("w:jc", "center"),
                    val("w:outlineLvl", "1"),
                ]
            } else {
                vec![val("w:outlineLvl", "1")]
            },
            rpr: Some(rpr(
                theme,
                if chapters { "heading1" } else { "heading2" },
                body_pt,
                false,
            )),
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
    ]
}

/// The closing: approval sentence, 附件 list, signature.
fn closing_styles(ctx: &Ctx) -> Vec<StyleDef> {
    let Ctx { body_pt, .. } = *ctx;
    vec![
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
    ]
}

/// Running header and page-number footer.
fn page_styles(ctx: &Ctx) -> Vec<StyleDef> {
    let Ctx { theme, width, .. } = *ctx;
    vec![
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
    ]
}

/// Appendices and their tables, and the 编号 line.
fn form_styles(ctx: &Ctx) -> Vec<StyleDef> {
    let Ctx {
        theme,
        body_pt,
        table_pt,
        ..
    } = *ctx;
    vec![
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
                // At least 1.3 lines of its size: "single" spacing is taken
                // from the font's metrics, and a CJK font substituted for
                // 仿宋 (LibreOffice) set a cell's two lines touching.
                Element::new("w:spacing")
                    .attr("w:before", "40")
                    .attr("w:after", "40")
                    .attr("w:line", &pt_to_twips(table_pt * 1.3).to_string())
                    .attr("w:lineRule", "atLeast"),
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
            // The caption above a table of the text.
            id: "TableCaption",
            name: "Table Caption",
            kind: "paragraph",
            based_on: Some("TableText"),
            ppr: vec![Element::new("w:keepNext"), val("w:jc", "center")],
            rpr: Some(Element::new("w:rPr").child(fonts_element(&role_font(theme, "heading1")))),
            extra: vec![],
        },
    ]
}

/// The cover page.
fn cover_styles(ctx: &Ctx) -> Vec<StyleDef> {
    let Ctx { theme, .. } = *ctx;
    vec![
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
        // The date at the foot of the cover: page.rs frames it in place.
        StyleDef {
            id: "CoverDate",
            name: "Cover Date",
            kind: "paragraph",
            based_on: Some("CoverText"),
            ppr: vec![],
            rpr: None,
            extra: vec![],
        },
    ]
}
