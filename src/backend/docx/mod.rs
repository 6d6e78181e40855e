//! DOCX backend: the resolved document as an editable Word file with real
//! styles, list numbering for every label, REF fields for cross-references,
//! headers and footers with page fields, and the appendices as tables.
//!
//! docx-rs builds the body, headers and footers; charter writes the parts
//! whose content docx-rs cannot express (styles, numbering, fonts, settings,
//! theme, properties) and then sorts every part into schema order, because
//! docx-rs 0.4.22 writes some property children out of order. See
//! [`package`] for the finishing pass.

mod body;
pub(crate) mod package;
mod page;
pub(crate) mod parts;
mod props;
mod redline;
mod runs;
mod styles;
mod tables;
mod units;
mod volume;
pub mod xml;

use crate::backend::layout::Theme;
use crate::diag::{Diagnostic, Diagnostics};
use crate::document::Document;
use crate::redline::Redline;

pub use body::bookmark_names;
pub use volume::render_volume;

/// Renders `doc` with the fonts, sizes and page of `theme`.
pub fn render(doc: &Document, theme: &Theme, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    render_with(doc, theme, None, diags)
}

/// Renders `doc`, the new version, with the tracked changes of `redline`
/// (`charter diff --format docx`).
pub fn render_with(
    doc: &Document,
    theme: &Theme,
    redline: Option<&Redline>,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let builder = body::BodyBuilder {
        doc,
        theme,
        bookmarks: body::bookmark_names(doc),
        redline,
        num_base: 0,
        restarts: parts::list_restarts(doc).0,
    };
    finish(builder.build(), doc, theme, diags)
}

/// The 修订对照表 as a DOCX: 序号 | 原条款 | 修订后条款 | 修订说明, the header
/// row repeating on each page.
pub fn render_change_table(
    doc: &Document,
    theme: &Theme,
    redline: &Redline,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    finish(tables::change_table(doc, theme, redline), doc, theme, diags)
}

/// A 修正案 of `doc` (the new version): its title, the meeting's note and
/// the items as paragraphs of the body style.
pub fn render_amendment(
    doc: &Document,
    amendment: &crate::amendment::Amendment,
    theme: &Theme,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    use docx_rs::{Docx, Paragraph};
    let mut docx = Docx::new()
        .page_size(
            units::mm_to_twips(theme.page.width_mm),
            units::mm_to_twips(theme.page.height_mm),
        )
        .page_margin(page::page_margin(theme))
        .add_paragraph(Paragraph::new().style("Title").add_run(runs::run(
            theme,
            "title",
            &amendment.title,
        )));
    if let Some(note) = &amendment.note {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("TitleNote")
                .add_run(runs::run(theme, "heading2", note)),
        );
    }
    for paragraph in amendment.paragraphs() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Normal")
                .add_run(runs::run(theme, "body", &paragraph)),
        );
    }
    finish(docx, doc, theme, diags)
}

/// Our own parts, schema order, fixed ids and timestamps.
fn finish(
    docx: docx_rs::Docx,
    doc: &Document,
    theme: &Theme,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    match package(docx, doc, theme) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            diags.push(
                Diagnostic::error(t!(
                    "docx-unwritten",
                    source = &doc.source,
                    reason = err.to_string()
                ))
                .help(t!("docx-bug-help")),
            );
            None
        }
    }
}

fn package(docx: docx_rs::Docx, doc: &Document, theme: &Theme) -> Result<Vec<u8>, xml::XmlError> {
    assemble(docx, doc, theme)?.write()
}

/// The package with our own parts and the document grid, not yet written.
fn assemble(
    docx: docx_rs::Docx,
    doc: &Document,
    theme: &Theme,
) -> Result<package::Package, xml::XmlError> {
    let mut raw = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut raw)
        .map_err(|e| xml::XmlError(format!("docx-rs could not write the package: {e}")))?;
    let mut package = package::Package::read(raw.get_ref())?;
    // Our own parts are built as trees: sorting them needs no parsing.
    let ordered = |mut root: xml::Element| {
        xml::sort_schema(&mut root);
        xml::write(&root)
    };
    package.set("word/styles.xml", ordered(styles::styles(theme, doc)));
    package.set(
        "word/numbering.xml",
        ordered(parts::document_numbering(theme, doc)),
    );
    package.set("word/fontTable.xml", ordered(parts::font_table(theme)));
    package.set(
        "word/settings.xml",
        ordered(parts::settings(theme.grid.is_some())),
    );
    package.set("docProps/core.xml", parts::core_properties(doc));
    package.set("docProps/app.xml", parts::app_properties());
    package.add_theme(parts::theme_part(theme))?;
    package.normalise(&[
        "word/styles.xml",
        "word/numbering.xml",
        "word/fontTable.xml",
        "word/settings.xml",
    ])?;
    if let Some(grid) = &theme.grid {
        // The document grid: the line pitch for 22 lines (Word and WPS show
        // it); the characters are set a cell apart by the body styles.
        let line_pitch = units::pt_to_twips(grid.line_pitch_pt).to_string();
        package.edit("word/document.xml", &mut |root| {
            root.walk_mut(&mut |e| {
                if e.name == "w:sectPr" {
                    e.children
                        .retain(|c| !matches!(c, xml::Node::Element(x) if x.name == "w:docGrid"));
                    e.children.push(xml::Node::Element(
                        xml::Element::new("w:docGrid")
                            .attr("w:type", "lines")
                            .attr("w:linePitch", &line_pitch),
                    ));
                }
            });
            xml::sort_schema(root);
        })?;
    }
    Ok(package)
}
