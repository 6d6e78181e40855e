//! Questionnaires and forms on their own: the print of `charter survey`, and
//! the tally of filled-in questionnaires.

pub mod tally;

use crate::diag::{Diagnostic, suggest};
use crate::document::{Closing, Document, Print};
use crate::source::AppendixKind;

/// The document `charter survey` prints: the chosen appendices (all
/// questionnaires and forms when `ids` is empty), `copies` times each, and
/// nothing else.
pub fn survey_document(
    doc: &Document,
    ids: &[String],
    copies: u32,
) -> Result<Document, Box<Diagnostic>> {
    let chosen: Vec<_> = if ids.is_empty() {
        doc.appendices
            .iter()
            .filter(|a| matches!(a.kind, AppendixKind::Questionnaire | AppendixKind::Form))
            .cloned()
            .collect()
    } else {
        let mut out = Vec::new();
        for id in ids {
            match doc.appendices.iter().find(|a| &a.id == id) {
                Some(a) => out.push(a.clone()),
                None => {
                    let known: Vec<&str> = doc.appendices.iter().map(|a| a.id.as_str()).collect();
                    let mut d =
                        Diagnostic::error(format!("{} has no appendix \"{id}\"", doc.source));
                    d = match suggest(id, known.iter().copied()) {
                        Some(near) => d.help(format!("did you mean \"{near}\"?")),
                        None if known.is_empty() => d.help("this charter has no [[appendix]]"),
                        None => d.help(format!("its appendices are: {}", known.join(", "))),
                    };
                    return Err(Box::new(d));
                }
            }
        }
        out
    };
    if chosen.is_empty() {
        return Err(Box::new(
            Diagnostic::error(format!(
                "{} has no questionnaire or form to print",
                doc.source
            ))
            .help("add an [[appendix]] with kind = \"questionnaire\" or kind = \"form\""),
        ));
    }
    let copies = copies.max(1);
    let mut survey = doc.clone();
    survey.preamble.clear();
    survey.sections.clear();
    survey.closing = Closing {
        statement: None,
        appendix_list: Vec::new(),
        signature: None,
    };
    survey.layout.cover = false;
    survey.appendices = (0..copies).flat_map(|_| chosen.iter().cloned()).collect();
    survey.print = Some(Print {
        kind: "survey".into(),
        copies,
    });
    Ok(survey)
}
