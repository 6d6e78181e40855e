//! Answers as sheets: a CSV's text or bytes (UTF-8 or GBK) with its lines
//! registered for carets, or one filled form as a one-row sheet, and the
//! check that a form belongs to this questionnaire. [`super::tally`] counts
//! them.

use std::ops::Range;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, SourceMap};
use crate::document::{Appendix, Document};

use super::error::RowError;
use super::form::{FilledForm, FormIdentity, question_field, respondent_field};

/// One row of a sheet: its line and cells, or why it could not be read.
pub struct SheetRow {
    pub line: u64,
    pub cells: Result<Vec<String>, RowError>,
}

/// Answers with a header: a CSV, an XLSX sheet, or one filled form.
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<SheetRow>,
    /// Where each line is in the source map (CSV only), for carets.
    pub lines: Option<(FileId, Vec<Range<usize>>)>,
    /// One filled form: messages name the file, not a line.
    pub form: bool,
}

impl Sheet {
    pub(super) fn loc(&self, line: u64) -> Option<Loc> {
        let (file, lines) = self.lines.as_ref()?;
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        lines.get(index).map(|span| Loc::new(*file, span.clone()))
    }

    /// `answers.csv, line 7` or `form-03.pdf`.
    pub(super) fn place(&self, line: u64) -> String {
        if self.form {
            self.name.clone()
        } else {
            t!("survey-place-line", name = &self.name, line = line)
        }
    }
}

/// A CSV's text as a sheet (its lines registered for carets), or an error.
pub fn csv_sheet(
    csv_text: &str,
    file: FileId,
    name: &str,
    diags: &mut Diagnostics,
) -> Option<Sheet> {
    let text = csv_text.trim_start_matches('\u{feff}');
    let bom = csv_text.len() - text.len();
    // Byte offset of every line start, so a record's line is found in log time.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let lines: Vec<Range<usize>> = starts
        .iter()
        .map(|&start| {
            let rest = &text[start..];
            let end = start + rest.find(['\r', '\n']).unwrap_or(rest.len());
            bom + start..bom + end
        })
        .collect();
    // csv's own line numbers lag on CRLF files (Excel's); count from its byte offset.
    let line_of = |position: Option<&csv::Position>| -> u64 {
        position.map(|p| line_at(&starts, p.byte())).unwrap_or(0)
    };
    if let Some(line) = unterminated_quote(text) {
        let mut d = Diagnostic::error(t!("survey-unclosed-quote", name = name, line = line))
            .help(t!("survey-unclosed-quote-help"));
        if let Some(span) = lines.get(usize::try_from(line.saturating_sub(1)).unwrap_or(0)) {
            d = d
                .at(&Loc::new(file, span.clone()))
                .label(t!("survey-unclosed-quote-label"));
        }
        diags.push(d);
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(header)) => header.iter().map(str::to_string).collect(),
        Some(Err(err)) => {
            diags.push(
                Diagnostic::error(t!(
                    "survey-csv-unreadable",
                    name = name,
                    error = err.to_string()
                ))
                .help(t!("survey-csv-help")),
            );
            return None;
        }
        None => {
            diags.push(
                Diagnostic::error(t!("survey-empty", name = name)).help(t!("survey-empty-help")),
            );
            return None;
        }
    };
    let rows = records
        .map(|record| match record {
            Ok(r) => SheetRow {
                line: line_of(r.position()),
                cells: Ok(r.iter().map(str::to_string).collect()),
            },
            Err(err) => SheetRow {
                line: line_of(err.position()),
                cells: Err(RowError::Csv(err.to_string())),
            },
        })
        .collect();
    Some(Sheet {
        name: name.to_string(),
        header,
        rows,
        lines: Some((file, lines)),
        form: false,
    })
}

/// A CSV's bytes (UTF-8 or GBK) as a sheet, registered in `sources`.
pub fn csv_bytes_sheet(
    bytes: &[u8],
    path: &Path,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Sheet> {
    let name = crate::diag::display_path(path);
    // Excel's plain “CSV (逗号分隔)” on Chinese Windows is GBK.
    let text = match crate::encoding::decode(bytes) {
        // Control characters never reach a report (or a terminal).
        Ok(decoded) => {
            let clean = crate::hygiene::strip(&decoded.text);
            let removed = decoded.text.chars().count() - clean.chars().count();
            if removed > 0 {
                diags.push(
                    Diagnostic::warning(t!("survey-control-chars", name = &name, count = removed))
                        .help(t!("survey-control-chars-help")),
                );
            }
            clean
        }
        Err(err) => {
            diags.push(Diagnostic::error(err.describe(&name)).help(t!("survey-encoding-help")));
            return None;
        }
    };
    let file = sources.add(path, text.as_str());
    csv_sheet(&text, file, &name, diags)
}

/// One filled form as a one-row sheet: a column per question (by id) and
/// per respondent field (by label).
pub fn form_sheet(appendix: &Appendix, form: &FilledForm, name: &str) -> Sheet {
    let mut header = Vec::new();
    let mut cells = Vec::new();
    for (n, label) in appendix.respondent.iter().enumerate() {
        header.push(label.clone());
        cells.push(
            form.value(&respondent_field(n + 1))
                .unwrap_or("")
                .to_string(),
        );
    }
    for q in &appendix.questions {
        header.push(q.id.clone());
        let value = form.value(&question_field(&q.id)).unwrap_or("");
        // A radio group's choice is a PDF name (/2), which some writers
        // (pypdf) store as text; an unchosen group is /Off.
        let value = value.strip_prefix('/').unwrap_or(value);
        let value = if value == "Off" { "" } else { value };
        cells.push(value.to_string());
    }
    Sheet {
        name: name.to_string(),
        header,
        rows: vec![SheetRow {
            line: 0,
            cells: Ok(cells),
        }],
        lines: None,
        form: true,
    }
}

/// Whether a form is of this questionnaire in this version; an error naming
/// what it is if not.
pub fn check_identity(
    doc: &Document,
    appendix: &Appendix,
    form: &FilledForm,
    name: &str,
    diags: &mut Diagnostics,
) -> bool {
    let expected = FormIdentity::of(doc, appendix);
    let Some(found) = form.identity.as_deref().and_then(FormIdentity::decode) else {
        diags.push(
            Diagnostic::error(t!("survey-form-no-identity", name = name))
                .help(t!("survey-form-no-identity-help")),
        );
        return false;
    };
    if found.charter != expected.charter || found.questionnaire != expected.questionnaire {
        diags.push(
            Diagnostic::error(t!(
                "survey-form-other",
                name = name,
                charter = &found.charter,
                questionnaire = &found.questionnaire,
                expected_charter = &expected.charter,
                expected_questionnaire = &expected.questionnaire
            ))
            .help(t!("survey-form-other-help", charter = &found.charter)),
        );
        return false;
    }
    if found.version != expected.version {
        diags.push(
            Diagnostic::error(t!(
                "survey-form-other-version",
                name = name,
                questionnaire = &found.questionnaire,
                version = &found.version,
                expected = &expected.version
            ))
            .help(t!("survey-form-other-version-help")),
        );
        return false;
    }
    true
}

/// The 1-based line of a record at `byte`, as the csv crate reports it: the
/// offset of the record's first character, or of the `\n` just before it on
/// CRLF files. Counting the newlines up to and including that byte gives the
/// record's line either way.
pub(super) fn line_at(starts: &[usize], byte: u64) -> u64 {
    let end = usize::try_from(byte)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    // Lines whose start is at or before `end`: one per newline before it, plus one.
    starts.partition_point(|&s| s <= end) as u64
}

/// The line of a quoted cell that is never closed (RFC 4180: a quote opens
/// only at the start of a cell; `""` inside is a quote).
pub(super) fn unterminated_quote(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let (mut line, mut opened) = (1u64, 0u64);
    let (mut in_quotes, mut at_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else {
            match b {
                b',' | b'\n' => at_start = true,
                b'\r' => {}
                b'"' if at_start => {
                    in_quotes = true;
                    opened = line;
                }
                _ => at_start = false,
            }
        }
        i += 1;
    }
    in_quotes.then_some(opened)
}
