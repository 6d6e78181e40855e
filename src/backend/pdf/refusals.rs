//! Typst's PDF/A refusal of a glyph no font has, put at the charter's
//! text that holds it and said from the message catalog.

use crate::diag::{Diagnostics, SourceMap};
use crate::document::Document;

/// A glyph PDF/A refuses is the charter's text: point at it there.
pub(super) fn locate_refused_glyphs(
    doc: &Document,
    found: Diagnostics,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) {
    for mut d in found.list {
        if d.message.contains("could not be displayed")
            && let Some(c) = refused_char(&d.message)
            && let Some(loc) = crate::backend::glyphs::place_of(doc, c, sources)
        {
            d.loc = Some(loc);
            d.label = t!(
                "pdf-glyph-label",
                char = c,
                code = crate::hygiene::code_point(c)
            );
            if let Some(said) = refusal_in_catalog(&d.message) {
                d.message = said;
            }
            for note in &mut d.notes {
                if *note == crate::i18n::with(crate::i18n::Lang::En, || t!("pdf-glyph-hint")) {
                    *note = t!("pdf-glyph-hint");
                }
            }
        }
        diags.push(d);
    }
}

/// Typst's "PDF/A-2b error: the text `"龘"` could not be displayed with
/// font `"FandolFang R"`" from the catalog: its parts taken apart and put
/// back, and used only when the English catalog rebuilds the very same
/// message (a Typst that words it otherwise keeps its own words).
fn refusal_in_catalog(message: &str) -> Option<String> {
    let (standard, rest) = message.split_once(" error: the text `")?;
    let (text, font) = rest.split_once("` could not be displayed with font `")?;
    let font = font.strip_suffix('`')?;
    let said = || {
        t!(
            "pdf-glyph-refused",
            standard = standard,
            text = text,
            font = font
        )
    };
    (crate::i18n::with(crate::i18n::Lang::En, said) == message).then(said)
}

/// The first character of the text Typst quotes in "the text `\"龘\"`
/// could not be displayed".
fn refused_char(message: &str) -> Option<char> {
    let quoted = message.split('`').nth(1)?;
    quoted.trim_matches('"').chars().next()
}
