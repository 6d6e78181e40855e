//! Package parts written by charter itself rather than docx-rs: styles,
//! numbering, font table, theme, settings and document properties. They
//! carry what docx-rs cannot express (built-in heading names for the
//! navigation pane, restart rules, table styles, the theme part validators
//! require) and nothing that changes between runs.

use std::collections::BTreeMap;

use crate::backend::layout::Theme;
use crate::document::{Document, Layout};
use crate::format::{Counter, Scheme};

use super::props::{cell, first_line_indent, fonts_element, no_indent, val};
use super::xml::Element;
use crate::hygiene::xml_escape;

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

/// First w:numId of the list instances that restart a level under a
/// parent outside its list (below a volume's stride of 1000).
pub const RESTART_NUM_ID: usize = 101;
/// Most restarted instances per document; beyond, the level counts on.
const RESTART_LIMIT: usize = 800;

/// Node path → numId, and per restarted instance (numId, list, ilvl).
pub type Restarts = (BTreeMap<String, usize>, Vec<(usize, usize, usize)>);

/// Nodes whose level sits below a continuous level of its list but whose
/// parent is in a list above (items right under a chapter, where other
/// chapters have 第X条): nothing in their list restarts them, so each such
/// run of children gets a list instance of its own that starts at 1, as
/// the PDF counts them. Returns the numId of every node numbered by such an
/// instance (its descendants in the same list too), and per instance its
/// (numId, list, ilvl).
pub fn list_restarts(doc: &Document) -> Restarts {
    fn walk(
        nodes: &[crate::document::Node],
        parent_list: Option<usize>,
        inherited: Option<(usize, usize)>,
        lists: &[(usize, usize)],
        out: &mut Restarts,
    ) {
        let mut fresh: Option<(usize, usize)> = None;
        for node in nodes {
            let Some(&(list, ilvl)) = lists.get(usize::from(node.level).saturating_sub(1)) else {
                continue;
            };
            let mut own = inherited.filter(|(l, _)| *l == list);
            if own.is_none() && ilvl > 0 && parent_list != Some(list) {
                if fresh.is_none_or(|(l, _)| l != list) && out.1.len() < RESTART_LIMIT {
                    let id = RESTART_NUM_ID + out.1.len();
                    out.1.push((id, list, ilvl));
                    fresh = Some((list, id));
                }
                own = fresh.filter(|(l, _)| *l == list);
            }
            if let Some((_, id)) = own {
                out.0.insert(node.path.clone(), id);
            }
            walk(&node.children, Some(list), own, lists, out);
        }
    }
    let lists = level_lists(&doc.numbering);
    let mut out = (BTreeMap::new(), Vec::new());
    walk(&doc.sections, None, None, &lists, &mut out);
    out
}

/// `word/numbering.xml` of a document: [`numbering`] and the list
/// instances of [`list_restarts`], each starting its level at 1.
pub fn document_numbering(theme: &Theme, doc: &Document) -> Element {
    let mut root = numbering(theme, &doc.numbering, &doc.layout, doc.appendices.len());
    for (id, list, ilvl) in list_restarts(doc).1 {
        root = root.child(
            Element::new("w:num")
                .attr("w:numId", &id.to_string())
                .child(val("w:abstractNumId", &list.to_string()))
                .child(
                    Element::new("w:lvlOverride")
                        .attr("w:ilvl", &ilvl.to_string())
                        .child(val("w:startOverride", "1")),
                ),
        );
    }
    root
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

fn number_format(counter: &Counter) -> &'static str {
    match counter {
        Counter::N => "decimal",
        Counter::Zh => "chineseCounting",
        Counter::Circled => "decimalEnclosedCircle",
        Counter::Alpha => "lowerLetter",
        Counter::Decimal => "decimal",
    }
}

/// A level's number in `w:lvlText`: `%2`, or for a `{decimal}` level the
/// numbers of the decimal levels above it in its list too (`%1.%2.%3`).
fn decimal_level_text(scheme: &Scheme, lists: &[(usize, usize)], index: usize) -> String {
    let (list, ilvl) = lists[index];
    let mut parts = vec![format!("%{}", ilvl + 1)];
    if scheme.levels[index].counter == Counter::Decimal {
        let mut at = index;
        while at > 0 {
            at -= 1;
            let above = &scheme.levels[at];
            if lists[at].0 != list || !above.counter.in_decimal_chain() {
                break;
            }
            parts.insert(0, format!("%{}", lists[at].1 + 1));
            if above.counter != Counter::Decimal {
                break;
            }
        }
    }
    parts.join(".")
}

/// `word/numbering.xml`: the scheme's levels as one multi-level list (labels
/// are never typed: inserting a clause in Word renumbers the rest), and the
/// appendix labels 附件1, 附件2 ….
/// A label's run properties: its role's fonts, and bold for an article's
/// 黑体 label (第一条), so it stands out as in the PDF where 黑体 is
/// replaced by a font without a heavy face (LibreOffice, a machine without
/// 黑体).
fn label_rpr(theme: &Theme, role: &str, group: bool) -> Element {
    let rpr = Element::new("w:rPr").child(fonts_element(&role_font(theme, role)));
    if role == "heading1" && !group {
        rpr.child(Element::new("w:b")).child(Element::new("w:bCs"))
    } else {
        rpr
    }
}

/// The list definitions of a document: its numbering scheme (a label ending
/// in a character is followed by a space, as the PDF prints it, when
/// `layout.label_gap`), and the appendix labels (附件1 …, or 附件 alone
/// when there is one).
pub fn numbering(theme: &Theme, scheme: &Scheme, layout: &Layout, appendices: usize) -> Element {
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
            let groups = scheme.groups();
            let group = index < groups;
            let first_numbered = index == groups;
            // A chapter's heading text starts with a full-width space (第一章　总则,
            // see body.rs), so the label stays the plain pattern. An article's
            // label is followed by a space, except on a grid, where it runs
            // into its text as in the PDF: every character keeps its cell.
            // 第一条 本会…: the gap after a label ending in a character is the
            // level's suffix (a space), not part of its text, so a REF to
            // the article reads 第一条 without it.
            let gap = !group
                && !layout
                    .gap_after(&format!("{}一{}", level.prefix, level.suffix))
                    .is_empty();
            let text = format!(
                "{}{}{}",
                level.prefix,
                decimal_level_text(scheme, &lists, index),
                level.suffix
            );
            let spaced = gap || (chapters && first_numbered && theme.grid.is_none());
            let role = if group || (first_numbered && chapters) {
                "heading1"
            } else if first_numbered {
                "heading2"
            } else {
                "body"
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
                        first_line_indent(cell(theme))
                    }))
                    .child(label_rpr(theme, role, group)),
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
                .child(val(
                    "w:lvlText",
                    if appendices == 1 {
                        "附件"
                    } else {
                        "附件%1"
                    },
                ))
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
/// `word/settings.xml`. On a character grid, punctuation is not
/// compressed: every mark keeps its cell.
pub fn settings(grid: bool) -> Element {
    let spacing = if grid {
        "doNotCompress"
    } else {
        "compressPunctuation"
    };
    Element::new("w:settings")
        .attr("xmlns:w", W_NS)
        .child(Element::new("w:zoom").attr("w:percent", "100"))
        .child(val("w:defaultTabStop", "420"))
        .child(Element::new("w:evenAndOddHeaders"))
        .child(val("w:characterSpacingControl", spacing))
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
        xml_escape(&doc.title),
        xml_escape(&subject),
        xml_escape(&doc.org.name),
        xml_escape(&keywords),
        xml_escape(&doc.org.name),
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
        xml_escape(&heading.ascii),
        xml_escape(&heading.east_asia),
        xml_escape(&body.ascii),
        xml_escape(&body.east_asia),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_all<'a>(e: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
        if e.name == name {
            out.push(e);
        }
        for child in e.elements() {
            find_all(child, name, out);
        }
    }

    #[test]
    fn a_continuous_level_is_a_list_of_its_own() {
        let articles = Scheme::named("articles", false).unwrap_or_else(|| unreachable!());
        assert_eq!(
            level_lists(&articles),
            [
                (1, 0),
                (1, 1),
                (2, 0),
                (2, 1),
                (2, 2),
                (2, 3),
                (2, 4),
                (2, 5)
            ]
        );
        let gbt = Scheme::named("gbt9704", false).unwrap_or_else(|| unreachable!());
        assert_eq!(
            level_lists(&gbt),
            [(1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5)]
        );
    }

    #[test]
    fn numbering_writes_chinese_counting_and_the_article_pattern() {
        let theme = crate::backend::layout::default_theme();
        let articles = Scheme::named("articles", false).unwrap_or_else(|| unreachable!());
        let layout = Layout {
            template: "formal".into(),
            cover: false,
            header: true,
            page_number: crate::format::PageNumber::Dash,
            signature: true,
            approval: crate::format::ApprovalPlace::Closing,
            label_gap: true,
        };
        let root = numbering(&theme, &articles, &layout, 2);
        let mut formats = Vec::new();
        find_all(&root, "w:numFmt", &mut formats);
        let formats: Vec<&str> = formats.iter().filter_map(|e| e.get_attr("w:val")).collect();
        assert!(formats.contains(&"chineseCounting"), "{formats:?}");
        let mut texts = Vec::new();
        find_all(&root, "w:lvlText", &mut texts);
        let texts: Vec<&str> = texts.iter().filter_map(|e| e.get_attr("w:val")).collect();
        assert!(
            texts.contains(&"第%1章") && texts.contains(&"第%1条"),
            "{texts:?}"
        );
        assert!(texts.contains(&"附件%1"), "{texts:?}");
    }

    #[test]
    fn roles_name_east_asian_latin_and_bundled_fonts() {
        let theme = crate::backend::layout::default_theme();
        let body = role_font(&theme, "body");
        assert_eq!(
            (body.east_asia.as_str(), body.ascii.as_str()),
            ("仿宋", "FangSong")
        );
        assert_eq!(body.alternate.as_deref(), Some("FandolFang R"));
        let unknown = role_font(&theme, "nothing");
        assert_eq!(unknown.east_asia, "宋体");
    }
}
