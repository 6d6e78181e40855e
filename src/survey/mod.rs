//! Questionnaires and forms on their own: the print of `charter survey`, and
//! the tally of filled-in questionnaires.

pub mod docx_form;
pub mod error;
pub mod form;
mod header;
mod inputs;
pub mod outputs;
mod pdf_fonts;
pub mod pdf_form;
mod pdf_syntax;
pub mod read_office;
mod read_pdf;
mod sheet;
pub mod tally;
pub mod text;

use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::document::{Appendix, Closing, Document, Print};
use crate::format::AppendixKind;

/// The document `charter survey` prints: the chosen appendices (all
/// questionnaires and forms when `ids` is empty), `copies` times each, and
/// nothing else.
pub fn survey_document(
    doc: &Document,
    ids: &[String],
    copies: u32,
    diags: &mut Diagnostics,
) -> Option<Document> {
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
                    diags.push(d);
                    return None;
                }
            }
        }
        out
    };
    if chosen.is_empty() {
        diags.push(
            Diagnostic::error(format!(
                "{} has no questionnaire or form to print",
                doc.source
            ))
            .help("add an [[appendix]] with kind = \"questionnaire\" or kind = \"form\""),
        );
        return None;
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
    Some(survey)
}

/// The questionnaire `id` names, or the charter's only one.
pub fn questionnaire<'a>(
    doc: &'a Document,
    id: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<&'a Appendix> {
    let questionnaires: Vec<&Appendix> = doc
        .appendices
        .iter()
        .filter(|a| a.kind == AppendixKind::Questionnaire)
        .collect();
    let found = match id {
        Some(id) => questionnaires.iter().find(|a| a.id == id).copied(),
        None if questionnaires.len() == 1 => questionnaires.first().copied(),
        None => None,
    };
    if found.is_none() {
        let ids: Vec<&str> = questionnaires.iter().map(|a| a.id.as_str()).collect();
        let d = match id {
            Some(id) => Diagnostic::error(format!("{} has no questionnaire \"{id}\"", doc.source)),
            None => Diagnostic::error(format!(
                "{} has {} questionnaires: say which with --appendix",
                doc.source,
                ids.len()
            )),
        };
        diags.push(if ids.is_empty() {
            d.help("add an [[appendix]] with kind = \"questionnaire\"")
        } else {
            d.help(format!("its questionnaires are: {}", ids.join(", ")))
        });
    }
    found
}
