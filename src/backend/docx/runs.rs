//! Runs and fields: every run names its East-Asian and Latin fonts; a
//! cross-reference is a REF field to a bookmark.

use std::collections::BTreeMap;

use docx_rs::{FieldCharType, InstrText, Paragraph, Run, RunFonts};

use crate::backend::layout::Theme;
use crate::document::Reference;

use super::parts::role_font;

pub(super) fn fonts(theme: &Theme, role: &str) -> RunFonts {
    let f = role_font(theme, role);
    RunFonts::new()
        .east_asia(&f.east_asia)
        .ascii(&f.ascii)
        .hi_ansi(&f.ascii)
        .cs(&f.ascii)
}

/// A run of text; every run names its East-Asian and Latin fonts.
pub(super) fn run(theme: &Theme, role: &str, text: &str) -> Run {
    Run::new().add_text(text).fonts(fonts(theme, role))
}

pub(super) fn styled_run(theme: &Theme, role: &str, style: &str, text: &str) -> Run {
    run(theme, role, text).style(style)
}

/// A field: begin, instruction, separate, cached result, end.
pub(super) fn field(
    paragraph: Paragraph,
    theme: &Theme,
    role: &str,
    instruction: &str,
    result: &str,
) -> Paragraph {
    paragraph
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_field_char(FieldCharType::Begin, false),
        )
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_instr_text(InstrText::Unsupported(instruction.to_string())),
        )
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_field_char(FieldCharType::Separate, false),
        )
        .add_run(run(theme, role, result))
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_field_char(FieldCharType::End, false),
        )
}

/// A paragraph of text whose `ref()` labels become REF fields to bookmarks,
/// with the current label as the cached result.
pub(super) fn text_with_refs(
    mut paragraph: Paragraph,
    theme: &Theme,
    style: Option<&str>,
    text: &str,
    refs: &[&Reference],
    bookmarks: &BTreeMap<String, (usize, String)>,
) -> Paragraph {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let plain = |p: Paragraph, s: &str| {
        if s.is_empty() {
            return p;
        }
        match style {
            Some(style) => p.add_run(styled_run(theme, "body", style, s)),
            None => p.add_run(run(theme, "body", s)),
        }
    };
    for reference in refs {
        let (start, end) = (
            reference.start.min(chars.len()),
            reference.end.min(chars.len()),
        );
        if start < at || end < start {
            continue;
        }
        let before: String = chars[at..start].iter().collect();
        paragraph = plain(paragraph, &before);
        let label: String = chars[start..end].iter().collect();
        paragraph = match bookmarks.get(&reference.target) {
            // \n: the target's own label, no context of higher levels; \h: a
            // link. A bare number (第二部分 cites 二、 as 二) adds \t, which
            // makes Word drop the label's text around the number when it
            // updates the field (二, not 二、). LibreOffice ignores \t.
            Some((_, name)) => field(
                paragraph,
                theme,
                "body",
                &if is_bare_number(&label) {
                    format!(" REF {name} \\n \\t \\h ")
                } else {
                    format!(" REF {name} \\n \\h ")
                },
                &label,
            ),
            None => plain(paragraph, &label),
        };
        at = end;
    }
    let rest: String = chars[at.min(chars.len())..].iter().collect();
    plain(paragraph, &rest)
}

/// Whether a cited label is a number alone: Chinese numerals or digits.
fn is_bare_number(label: &str) -> bool {
    !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百千".contains(c))
}
