//! A volume as one DOCX: the cover, the 目录 as a Word TOC field whose cached
//! entries already carry the titles and the page numbers the PDF printed,
//! then each regulation in a section of its own (its header and footer),
//! starting on an odd page, its lists numbered on their own.

use docx_rs::{
    BuildXML, Docx, FieldCharType, Header, Hyperlink, HyperlinkType, InstrText, PageNumType,
    Paragraph, Run, Section,
};

use crate::backend::layout::Theme;
use crate::backend::volume::Volume;
use crate::diag::{Diagnostic, Diagnostics};

use super::body::{Block, BodyBuilder, add_blocks, bookmark_names};
use super::page::{page_margin, page_size};
use super::props::{StyleDef, no_indent, style, text_width, val};
use super::runs::{fonts, run};
use super::xml::{self, Element, Node};

/// Numbering ids of regulation `i` start at `i * NUM_STRIDE` (a scheme has
/// at most a few lists, its appendix list is 100).
const NUM_STRIDE: usize = 1000;
/// Bookmark ids of regulation `i` start at `i * BOOKMARK_STRIDE`; the TOC's
/// own bookmarks are numbered after all of them.
const BOOKMARK_STRIDE: usize = 100_000;
/// The paragraph style of a regulation's title: what the TOC field collects.
const ENTRY_STYLE: &str = "RegulationTitle";
const ENTRY_STYLE_NAME: &str = "Regulation Title";

/// Renders `volume`; `first_pages[i]` is the printed number of regulation
/// `i`'s first page (from the PDF's layout), written into the 目录's
/// cached entries.
pub fn render_volume(
    volume: &Volume,
    themes: &[&Theme],
    first_pages: &[usize],
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let (Some(first), Some(theme)) = (volume.charters.first(), themes.first()) else {
        return None;
    };
    let toc_bookmark = |i: usize| {
        let id = volume.charters.len() * BOOKMARK_STRIDE + i + 1;
        (id, format!("_Toc{:08}", i + 1))
    };
    let mut docx = Docx::new().add_section(cover(volume, theme));
    docx = docx.add_section(contents(volume, theme, first_pages, &toc_bookmark));
    let last = volume.charters.len() - 1;
    let mut page_parts = Vec::new();
    for (i, (doc, theme)) in volume.charters.iter().zip(themes).enumerate() {
        let builder = BodyBuilder {
            doc,
            theme,
            bookmarks: bookmark_names(doc)
                .into_iter()
                .map(|(path, (id, _))| {
                    let id = i * BOOKMARK_STRIDE + id;
                    (path, (id, format!("_Ref{id:08}")))
                })
                .collect(),
            redline: None,
            num_base: i * NUM_STRIDE,
            restarts: super::parts::list_restarts(doc).0,
        };
        let mut blocks = Vec::new();
        let (id, name) = toc_bookmark(i);
        for (line_index, line) in doc.front_text("title").split('\n').enumerate() {
            let mut p = Paragraph::new().style(ENTRY_STYLE);
            if line_index == 0 {
                p = p.add_bookmark_start(id, name.clone());
            }
            p = p.add_run(run(theme, "title", line));
            if line_index == 0 {
                p = p.add_bookmark_end(id);
            }
            blocks.push(p.into());
        }
        builder.regulation(&mut blocks);
        // Every regulation's header and footers are package parts of our
        // own (docx-rs writes only a section's default header), referenced
        // from its section's properties in `package`.
        let empty = Header::new().add_paragraph(Paragraph::new().style("Footer"));
        let header = if doc.layout.header {
            builder.header()
        } else {
            empty.clone()
        };
        page_parts.push(PageParts {
            header: header.build(),
            first_header: empty.build(),
            footer: builder.footer(true).build(),
            even_footer: builder.footer(false).build(),
        });
        let numbers = if i == 0 {
            PageNumType::new().start(1)
        } else {
            PageNumType::new()
        };
        if i < last {
            let mut section = Section::new()
                .page_size(page_size(theme))
                .page_margin(page_margin(theme))
                .page_num_type(numbers)
                .title_pg();
            for block in blocks {
                section = match block {
                    Block::Paragraph(p) => section.add_paragraph(*p),
                    Block::Table(t) => section.add_table(*t),
                };
            }
            docx = docx.add_section(section);
        } else {
            // The last regulation's section is the document's own.
            docx = docx
                .page_size(
                    super::units::mm_to_twips(theme.page.width_mm),
                    super::units::mm_to_twips(theme.page.height_mm),
                )
                .page_margin(page_margin(theme))
                .page_num_type(numbers)
                .title_pg();
            docx = add_blocks(docx, blocks);
        }
    }
    match package(docx, volume, themes, first, &page_parts) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            diags.push(
                Diagnostic::error(t!("docx-volume-unwritten", reason = err.to_string()))
                    .help(t!("docx-volume-bug-help")),
            );
            None
        }
    }
}

fn cover(volume: &Volume, theme: &Theme) -> Section {
    let org = &volume.charters[0].org;
    let mut section = Section::new()
        .page_size(page_size(theme))
        .page_margin(page_margin(theme));
    section = section.add_paragraph(
        Paragraph::new()
            .style("CoverOrg")
            .add_run(run(theme, "title", &org.name)),
    );
    if let Some(en) = &org.name_en {
        section = section.add_paragraph(
            Paragraph::new()
                .style("CoverText")
                .add_run(run(theme, "body", en)),
        );
    }
    section = section.add_paragraph(Paragraph::new().style("CoverTitle").add_run(run(
        theme,
        "title",
        &volume.title,
    )));
    if let Some(date) = &volume.date {
        section = section.add_paragraph(
            Paragraph::new()
                .style("CoverText")
                .add_run(run(theme, "body", date)),
        );
    }
    section
}

/// The 目录: a TOC field over the regulations' title paragraphs, its result
/// already filled in: each entry a link to the title, its 编号, a dot leader
/// and the printed page number.
fn contents(
    volume: &Volume,
    theme: &Theme,
    first_pages: &[usize],
    toc_bookmark: &dyn Fn(usize) -> (usize, String),
) -> Section {
    let mut section = Section::new()
        .page_size(page_size(theme))
        .page_margin(page_margin(theme))
        .add_paragraph(
            Paragraph::new()
                .style("TOCHeading")
                .add_run(run(theme, "title", "目录")),
        );
    let field_run = |kind: FieldCharType| {
        Run::new()
            .fonts(fonts(theme, "body"))
            .add_field_char(kind, false)
    };
    let count = volume.charters.len();
    for (i, doc) in volume.charters.iter().enumerate() {
        let mut p = Paragraph::new().style("TOC1");
        if i == 0 {
            p = p
                .add_run(field_run(FieldCharType::Begin))
                .add_run(Run::new().fonts(fonts(theme, "body")).add_instr_text(
                    InstrText::Unsupported(format!(" TOC \\h \\z \\t \"{ENTRY_STYLE_NAME},1\" ")),
                ))
                .add_run(field_run(FieldCharType::Separate));
        }
        let mut title = doc.title.clone();
        if let Some(number) = &doc.number {
            title = format!("{title}\u{3000}{number}");
        }
        let page = first_pages.get(i).map(usize::to_string).unwrap_or_default();
        let (_, anchor) = toc_bookmark(i);
        p = p.add_hyperlink(
            Hyperlink::new(anchor, HyperlinkType::Anchor)
                .add_run(run(theme, "body", &title))
                .add_run(Run::new().fonts(fonts(theme, "body")).add_tab())
                .add_run(run(theme, "body", &page)),
        );
        if i + 1 == count {
            p = p.add_run(field_run(FieldCharType::End));
        }
        section = section.add_paragraph(p);
    }
    section
}

/// The package: the first regulation's styles plus the volume's own, every
/// regulation's numbering, each regulation starting on an odd page.
/// The header and footer parts of one regulation's section.
struct PageParts {
    header: Vec<u8>,
    first_header: Vec<u8>,
    footer: Vec<u8>,
    even_footer: Vec<u8>,
}

const HEADER_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml";
const FOOTER_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";
const HEADER_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
const FOOTER_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer";

fn package(
    docx: Docx,
    volume: &Volume,
    themes: &[&Theme],
    first: &crate::document::Document,
    page_parts: &[PageParts],
) -> Result<Vec<u8>, xml::XmlError> {
    let theme = themes[0];
    let mut package = super::assemble(docx, first, theme)?;
    let mut styles = super::styles::styles(theme, first);
    for def in volume_styles(theme) {
        styles.children.push(Node::Element(style(def)));
    }
    xml::sort_schema(&mut styles);
    package.set("word/styles.xml", xml::write(&styles));
    let mut abstracts = Vec::new();
    let mut nums = Vec::new();
    for (i, (doc, theme)) in volume.charters.iter().zip(themes).enumerate() {
        let numbering = super::parts::document_numbering(theme, doc);
        for mut e in numbering.elements().cloned().collect::<Vec<_>>() {
            renumber(&mut e, i * NUM_STRIDE);
            if e.name == "w:abstractNum" {
                abstracts.push(e);
            } else {
                nums.push(e);
            }
        }
    }
    let mut numbering = Element::new("w:numbering").attr("xmlns:w", super::parts::W_NS);
    numbering
        .children
        .extend(abstracts.into_iter().map(Node::Element));
    numbering
        .children
        .extend(nums.into_iter().map(Node::Element));
    xml::sort_schema(&mut numbering);
    package.set("word/numbering.xml", xml::write(&numbering));
    package.set("docProps/core.xml", core_properties(volume));
    // Section i + 2 (after the cover and the 目录) is regulation i's.
    let mut references: Vec<Vec<Element>> = Vec::new();
    for (i, parts) in page_parts.iter().enumerate() {
        let mut refs = Vec::new();
        let files = [
            ("header", "default", &parts.header),
            ("header", "even", &parts.header),
            ("header", "first", &parts.first_header),
            ("footer", "default", &parts.footer),
            ("footer", "even", &parts.even_footer),
            ("footer", "first", &parts.footer),
        ];
        for (kind, which, data) in files {
            let id = format!("rIdVolume{kind}{i}{which}");
            let (content_type, relationship, element) = if kind == "header" {
                (HEADER_TYPE, HEADER_REL, "w:headerReference")
            } else {
                (FOOTER_TYPE, FOOTER_REL, "w:footerReference")
            };
            let name = format!("word/volume-{kind}{i}-{which}.xml");
            package.add_part(&name, content_type, relationship, &id, data.to_vec())?;
            refs.push(
                Element::new(element)
                    .attr("w:type", which)
                    .attr("r:id", &id),
            );
        }
        references.push(refs);
    }
    package.normalise(&["word/styles.xml", "word/numbering.xml"])?;
    // The cover's section starts the document; the 目录 and every
    // regulation start on an odd (recto) page, each with its page parts.
    package.edit("word/document.xml", &mut |root| {
        let mut index: usize = 0;
        root.walk_mut(&mut |e| {
            if e.name == "w:sectPr" {
                if index > 0 {
                    e.children
                        .retain(|c| !matches!(c, Node::Element(x) if x.name == "w:type"));
                    e.children.push(Node::Element(val("w:type", "oddPage")));
                }
                if let Some(refs) = index.checked_sub(2).and_then(|i| references.get(i)) {
                    e.children.retain(|c| {
                        !matches!(c, Node::Element(x) if x.name == "w:headerReference" || x.name == "w:footerReference")
                    });
                    e.children.extend(refs.iter().cloned().map(Node::Element));
                }
                index += 1;
            }
        });
        xml::sort_schema(root);
    })?;
    package.write()
}

/// Shifts the ids of a numbering element by `base`.
fn renumber(e: &mut Element, base: usize) {
    let shift = |value: &str| {
        value
            .parse::<usize>()
            .map(|n| (n + base).to_string())
            .unwrap_or_else(|_| value.to_string())
    };
    for key in ["w:abstractNumId", "w:numId"] {
        if let Some(value) = e.get_attr(key).map(shift) {
            e.set_attr(key, &value);
        }
    }
    for child in e.elements_mut() {
        if child.name == "w:abstractNumId"
            && let Some(value) = child.get_attr("w:val").map(shift)
        {
            child.set_attr("w:val", &value);
        }
        if child.name == "w:name"
            && let Some(value) = child.get_attr("w:val").map(|v| format!("{v} ({base})"))
        {
            child.set_attr("w:val", &value);
        }
    }
}

/// The regulation title the TOC collects, the TOC's own heading and its
/// entries (built-in name "toc 1": a dot leader to the page number).
fn volume_styles(theme: &Theme) -> Vec<StyleDef> {
    let width = text_width(theme).to_string();
    vec![
        StyleDef {
            id: ENTRY_STYLE,
            name: ENTRY_STYLE_NAME,
            kind: "paragraph",
            based_on: Some("Title"),
            ppr: vec![Element::new("w:keepNext"), val("w:outlineLvl", "0")],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "TOCHeading",
            name: "TOC Heading",
            kind: "paragraph",
            based_on: Some("Title"),
            ppr: vec![
                Element::new("w:spacing")
                    .attr("w:before", "0")
                    .attr("w:after", "480"),
            ],
            rpr: None,
            extra: vec![],
        },
        StyleDef {
            id: "TOC1",
            name: "toc 1",
            kind: "paragraph",
            based_on: Some("Normal"),
            ppr: vec![
                Element::new("w:tabs").child(
                    Element::new("w:tab")
                        .attr("w:val", "right")
                        .attr("w:leader", "dot")
                        .attr("w:pos", &width),
                ),
                Element::new("w:snapToGrid").attr("w:val", "0"),
                Element::new("w:spacing")
                    .attr("w:before", "120")
                    .attr("w:after", "120"),
                no_indent(),
            ],
            rpr: None,
            extra: vec![],
        },
    ]
}

/// Title, author and keywords of the volume (the first regulation's date).
fn core_properties(volume: &Volume) -> Vec<u8> {
    let mut doc = volume.charters[0].clone();
    doc.title = volume.title.clone();
    doc.number = None;
    super::parts::core_properties(&doc)
}
