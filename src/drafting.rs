//! What a model text (示范文本) leaves to the drafter: drafting notes
//! (`note`, from its 【…】), shown by `check` and the studio and never
//! printed, and blanks still to fill in (【待填写】 in a text), each a warning
//! at its place.

use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::format::PLACEHOLDER;
use crate::source::Text;

/// One drafting diagnostic per note of a node (or of the whole text), at
/// the note, naming the place it belongs to.
pub fn notes(notes: Option<&[Text]>, place: &str, diags: &mut Diagnostics) {
    for note in notes.unwrap_or_default() {
        diags.push(
            Diagnostic::drafting(t!("drafting-note", place = place, text = note.src.as_str()))
                .at(&note.loc)
                .label(t!("drafting-note-label"))
                .help(t!("drafting-note-help")),
        );
    }
}

/// A warning at the first 【待填写】 of `text`, counting the others.
pub fn blanks(text: &Text, diags: &mut Diagnostics) {
    let mut found = text.src.match_indices(PLACEHOLDER).map(|(at, _)| at);
    let Some(first) = found.next() else {
        return;
    };
    let loc = match text.verbatim_at {
        Some(at) => Loc::new(text.loc.file, at + first..at + first + PLACEHOLDER.len()),
        None => text.loc.clone(),
    };
    let more = found.count();
    let mut d = Diagnostic::warning(t!("drafting-blank", placeholder = PLACEHOLDER))
        .at(&loc)
        .label(t!("drafting-blank-label"))
        .help(t!("drafting-blank-help", placeholder = PLACEHOLDER));
    if more > 0 {
        d = d.note(t!("drafting-blank-more", count = more));
    }
    diags.push(d);
}
