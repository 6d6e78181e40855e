//! Tallying filled-in questionnaires: counts per scale point, satisfaction
//! rate and mean position per question and overall, the written answers,
//! and every row or answer that could not be counted.
//!
//! Answers come as sheets — a CSV or XLSX export (Excel, WPS, online survey
//! tools) with a header row and one row per respondent — or as filled forms
//! (`charter survey --fillable`, PDF or DOCX), each one respondent. A header
//! names a question by id, number or text (see [`super::header`]); a header
//! naming nothing is an error, never a column silently left out. A rated
//! cell holds a scale label or its 1-based position; an answer off the
//! scale is left out alone, with its row and column; an empty cell is "not
//! answered".

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, FileId, SourceMap, suggest};
use crate::document::{Appendix, Document};
use crate::format::QuestionKind;

use super::header::{Column, column};
pub use super::sheet::{Sheet, SheetRow, check_identity, csv_bytes_sheet, csv_sheet, form_sheet};

pub const SCHEMA_VERSION: u32 = 2;

/// Counts of one rated question, or of all rated answers together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RatedStats {
    /// Respondents who answered.
    pub answered: u64,
    /// Answers per scale point, best first (same order as `scale`).
    pub counts: Vec<u64>,
    /// Share of the two best points among the answers; null when none answered.
    pub satisfaction_rate: Option<f64>,
    /// Mean 1-based position (1 = best); null when none answered.
    pub mean: Option<f64>,
}

impl RatedStats {
    fn new(points: usize) -> Self {
        Self {
            answered: 0,
            counts: vec![0; points],
            satisfaction_rate: None,
            mean: None,
        }
    }

    fn add(&mut self, position: usize) {
        if let Some(count) = self.counts.get_mut(position.wrapping_sub(1)) {
            *count += 1;
            self.answered += 1;
        }
    }

    fn finish(&mut self) {
        if self.answered == 0 {
            return;
        }
        let n = self.answered as f64;
        let top: u64 = self.counts.iter().take(2).sum();
        let sum: u64 = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| (i as u64 + 1) * c)
            .sum();
        self.satisfaction_rate = Some(top as f64 / n);
        self.mean = Some(sum as f64 / n);
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct OpenAnswer {
    /// The file it came from.
    pub source: String,
    /// Line of a sheet it came from (0 for a form).
    pub line: u64,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuestionResult {
    pub id: String,
    pub number: usize,
    pub kind: QuestionKind,
    pub text: String,
    /// Rated questions: the counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<RatedStats>,
    /// Open questions: the written answers, in the order read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<OpenAnswer>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    /// The file (a sheet or a form).
    pub source: String,
    /// Its line in a sheet; 0 for a form.
    pub line: u64,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Rows {
    /// Respondents read: data rows of the sheets (header and blank lines
    /// not counted) and filled forms.
    pub total: u64,
    pub counted: u64,
    pub excluded: u64,
    /// Answers left out of rows that were counted (a cell off the scale).
    pub excluded_answers: u64,
}

/// The tally, as written to JSON and given to the PDF template.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub schema: u32,
    pub charter: String,
    pub org: String,
    pub appendix: String,
    pub title: String,
    pub activity: Option<String>,
    /// The inputs in a few words (their names, or the first and a count).
    pub responses: String,
    /// Every input read, in order.
    pub sources: Vec<String>,
    /// Filled forms among them.
    pub forms: u64,
    pub scale: Vec<String>,
    pub rows: Rows,
    /// Rows left out, then single answers left out, with the reason.
    pub excluded: Vec<Problem>,
    /// Kept for readers of schema 1: a header naming no question is now an
    /// error, so this is always empty.
    pub ignored_columns: Vec<Problem>,
    pub questions: Vec<QuestionResult>,
    /// Over every rated answer of every question.
    pub overall: RatedStats,
}

/// Counts answers over every sheet and form it is given.
pub struct Counter<'a> {
    doc: &'a Document,
    appendix: &'a Appendix,
    stats: Vec<Option<RatedStats>>,
    answers: Vec<Vec<OpenAnswer>>,
    found_activity: Option<String>,
    total: u64,
    counted: u64,
    forms: u64,
    excluded: Vec<Problem>,
    excluded_cells: Vec<Problem>,
    sources: Vec<String>,
}

impl<'a> Counter<'a> {
    pub fn new(doc: &'a Document, appendix: &'a Appendix) -> Self {
        let points = appendix.scale.len();
        Self {
            doc,
            appendix,
            stats: appendix
                .questions
                .iter()
                .map(|q| (q.kind == QuestionKind::Rated).then(|| RatedStats::new(points)))
                .collect(),
            answers: vec![Vec::new(); appendix.questions.len()],
            found_activity: None,
            total: 0,
            counted: 0,
            forms: 0,
            excluded: Vec::new(),
            excluded_cells: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Reads the columns of `sheet`'s header: an error (and false) when a
    /// column names no question, respondent field or survey-tool column.
    fn columns(&self, sheet: &Sheet, diags: &mut Diagnostics) -> Option<Vec<Column>> {
        let appendix = self.appendix;
        let questions = &appendix.questions;
        let question_ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
        let first_text = questions.first().map(|q| q.text.as_str()).unwrap_or("");
        let header_help = t!(
            "survey-header-help",
            ids = question_ids.join(", "),
            first = first_text
        );
        let columns: Vec<Column> = sheet.header.iter().map(|h| column(h, appendix)).collect();
        let names_question = |c: &Column| matches!(c, Column::Rated(_) | Column::Open(_));
        let at_header = |d: Diagnostic| match sheet.loc(1) {
            Some(loc) => d.at(&loc).label(t!("survey-header-row")),
            None => d,
        };
        // A sheet none of whose columns names a question would count
        // nothing and look like a tally: refuse it.
        if !questions.is_empty() && !columns.iter().any(names_question) {
            let shown: Vec<String> = sheet
                .header
                .iter()
                .take(6)
                .map(|h| format!("\"{}\"", h.trim()))
                .collect();
            diags.push(
                at_header(Diagnostic::error(t!(
                    "survey-no-question-column",
                    name = &sheet.name,
                    appendix = &appendix.id,
                    shown = shown.join(", ")
                )))
                .help(header_help),
            );
            return None;
        }
        let mut unknown = false;
        for (index, (name, column)) in sheet.header.iter().zip(&columns).enumerate() {
            if !matches!(column, Column::Ignored) {
                continue;
            }
            unknown = true;
            let name = name.trim();
            let d = at_header(Diagnostic::error(t!(
                "survey-unknown-column",
                name = &sheet.name,
                column = index + 1,
                header = name,
                appendix = &appendix.id
            )));
            let near = suggest(name, question_ids.iter().copied());
            diags.push(match near {
                Some(near) => d.help(t!("survey-did-you-mean", near = near)),
                None => d.help(header_help.clone()),
            });
        }
        if unknown {
            return None;
        }
        if !sheet.form {
            for (q, question) in questions.iter().enumerate() {
                let has_column = columns
                    .iter()
                    .any(|c| matches!(c, Column::Rated(i) | Column::Open(i) if *i == q));
                if !has_column {
                    diags.push(
                        at_header(Diagnostic::warning(t!(
                            "survey-missing-column",
                            name = &sheet.name,
                            id = &question.id
                        )))
                        .help(t!("survey-missing-column-help", id = &question.id)),
                    );
                }
            }
        }
        Some(columns)
    }

    fn exclude_row(&mut self, sheet: &Sheet, line: u64, reason: String, diags: &mut Diagnostics) {
        let mut d = Diagnostic::warning(t!(
            "survey-row-excluded",
            place = sheet.place(line),
            reason = &reason
        ))
        .help(t!("survey-row-excluded-help"));
        if let Some(loc) = sheet.loc(line) {
            d = d.at(&loc).label(t!("survey-row-excluded-label"));
        }
        diags.push(d);
        self.excluded.push(Problem {
            source: sheet.name.clone(),
            line,
            message: reason,
        });
    }

    /// Counts the rows of `sheet`; false (with an error) if its header is refused.
    pub fn add(&mut self, sheet: &Sheet, diags: &mut Diagnostics) -> bool {
        let Some(columns) = self.columns(sheet, diags) else {
            return false;
        };
        self.sources.push(sheet.name.clone());
        if sheet.form {
            self.forms += 1;
        }
        let appendix = self.appendix;
        let questions = &appendix.questions;
        let points = appendix.scale.len();
        for row in &sheet.rows {
            let line = row.line;
            let cells = match &row.cells {
                Ok(cells) => cells,
                Err(err) => {
                    self.total += 1;
                    self.exclude_row(sheet, line, err.to_string(), diags);
                    continue;
                }
            };
            if cells.iter().all(|cell| cell.trim().is_empty()) && !sheet.form {
                continue;
            }
            self.total += 1;
            if cells.len() != sheet.header.len() {
                let reason = t!(
                    "survey-reason-columns",
                    found = cells.len(),
                    expected = sheet.header.len()
                );
                self.exclude_row(sheet, line, reason, diags);
                continue;
            }
            // An answer that is not on the scale is left out alone: the
            // rest of the respondent's answers count.
            let mut positions = Vec::new();
            for (index, (cell, column)) in cells.iter().zip(&columns).enumerate() {
                let cell = cell.trim();
                if let (Column::Rated(q), false) = (column, cell.is_empty()) {
                    match scale_position(cell, &appendix.scale) {
                        Some(p) => positions.push((*q, p)),
                        None => {
                            let scale = appendix.scale.join("、");
                            let number = questions[*q].number;
                            // A form has no columns: its question says where.
                            let message = if sheet.form {
                                t!(
                                    "survey-form-answer-off-scale",
                                    number = number,
                                    cell = cell,
                                    scale = scale,
                                    points = points
                                )
                            } else {
                                t!(
                                    "survey-answer-off-scale",
                                    column = index + 1,
                                    number = number,
                                    cell = cell,
                                    scale = scale,
                                    points = points
                                )
                            };
                            let mut d = Diagnostic::warning(t!(
                                "survey-answer-excluded",
                                place = sheet.place(line),
                                reason = &message
                            ))
                            .help(t!("survey-answer-excluded-help"));
                            if let Some(loc) = sheet.loc(line) {
                                d = d.at(&loc).label(t!("survey-answer-excluded-label"));
                            }
                            diags.push(d);
                            self.excluded_cells.push(Problem {
                                source: sheet.name.clone(),
                                line,
                                message,
                            });
                        }
                    }
                }
            }
            self.counted += 1;
            for (q, position) in positions {
                if let Some(s) = self.stats[q].as_mut() {
                    s.add(position);
                }
            }
            for (cell, column) in cells.iter().zip(&columns) {
                let cell = cell.trim();
                match column {
                    Column::Open(q) if !cell.is_empty() => self.answers[*q].push(OpenAnswer {
                        source: sheet.name.clone(),
                        line,
                        text: cell.to_string(),
                    }),
                    Column::Respondent(name)
                        if self.found_activity.is_none()
                            && !cell.is_empty()
                            && name.contains("活动") =>
                    {
                        self.found_activity = Some(cell.to_string());
                    }
                    _ => {}
                }
            }
        }
        true
    }

    pub fn finish(mut self, activity: Option<String>) -> Report {
        let appendix = self.appendix;
        let mut overall = RatedStats::new(appendix.scale.len());
        let mut results = Vec::new();
        for (index, q) in appendix.questions.iter().enumerate() {
            let mut question_stats = self.stats[index].take();
            if let Some(s) = question_stats.as_mut() {
                for (i, c) in s.counts.iter().enumerate() {
                    overall.counts[i] += c;
                }
                overall.answered += s.answered;
                s.finish();
            }
            results.push(QuestionResult {
                id: q.id.clone(),
                number: q.number,
                kind: q.kind,
                text: q.text.clone(),
                answers: (q.kind == QuestionKind::Open)
                    .then(|| std::mem::take(&mut self.answers[index])),
                stats: question_stats,
            });
        }
        overall.finish();
        let responses = match self.sources.len() {
            0..=3 => self.sources.join("、"),
            n => t!("survey-sources-many", first = &self.sources[0], count = n),
        };
        let excluded_rows = self.excluded.len() as u64;
        let excluded_answers = self.excluded_cells.len() as u64;
        let mut excluded: Vec<Problem> = std::mem::take(&mut self.excluded)
            .into_iter()
            .chain(std::mem::take(&mut self.excluded_cells))
            .collect();
        // By file in the order read, then by line.
        let order = |p: &Problem| {
            let file = self.sources.iter().position(|s| *s == p.source);
            (file.unwrap_or(usize::MAX), p.line)
        };
        excluded.sort_by_key(order);
        Report {
            schema: SCHEMA_VERSION,
            charter: self.doc.source.clone(),
            org: self.doc.org.name.clone(),
            appendix: appendix.id.clone(),
            title: appendix.title.clone(),
            activity: activity
                .map(|a| crate::hygiene::strip(&a))
                .or(self.found_activity),
            responses,
            sources: self.sources,
            forms: self.forms,
            scale: appendix.scale.clone(),
            rows: Rows {
                total: self.total,
                counted: self.counted,
                excluded: excluded_rows,
                excluded_answers,
            },
            excluded,
            ignored_columns: Vec::new(),
            questions: results,
            overall,
        }
    }
}

/// Tallies `csv` (registered as `file` in `sources`) against `appendix`.
/// Warnings about excluded rows go to `diags`; an unreadable CSV or a
/// header naming no question is an error.
pub fn tally(
    doc: &Document,
    appendix: &Appendix,
    csv_text: &str,
    file: FileId,
    responses_name: &str,
    activity: Option<String>,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let sheet = csv_sheet(csv_text, file, responses_name, diags)?;
    let mut counter = Counter::new(doc, appendix);
    if !counter.add(&sheet, diags) {
        return None;
    }
    Some(counter.finish(activity))
}

/// Tallies one CSV file.
pub fn tally_file(
    doc: &Document,
    appendix: &Appendix,
    path: &Path,
    activity: Option<String>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Report> {
    tally_inputs(
        doc,
        appendix,
        &[path.to_path_buf()],
        activity,
        sources,
        diags,
    )
}

/// [`tally_file`] on bytes already read (an upload to `charter serve`);
/// `path` names them in messages.
pub fn tally_bytes(
    doc: &Document,
    appendix: &Appendix,
    bytes: &[u8],
    path: &Path,
    activity: Option<String>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let mut counter = Counter::new(doc, appendix);
    let sheet = super::inputs::sheet_of(doc, appendix, bytes, path, sources, diags)?;
    if !counter.add(&sheet, diags) {
        return None;
    }
    Some(counter.finish(activity))
}

/// Tallies every input: CSV, XLSX, filled PDF and DOCX forms, and folders
/// of them. Any input refused (unreadable, a header naming no question, a
/// form of another questionnaire) is an error and there is no report.
pub fn tally_inputs(
    doc: &Document,
    appendix: &Appendix,
    paths: &[PathBuf],
    activity: Option<String>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let files = super::inputs::expand(paths, diags)?;
    let mut counter = Counter::new(doc, appendix);
    let mut refused = false;
    for path in &files {
        let bytes = match crate::sandbox::read_bounded(path, crate::sandbox::RESPONSES_LIMIT) {
            Ok(b) => b,
            Err(refusal) => {
                diags.push(
                    Diagnostic::error(refusal.describe(&crate::diag::display_path(path)))
                        .help(t!("survey-read-help")),
                );
                refused = true;
                continue;
            }
        };
        match super::inputs::sheet_of(doc, appendix, &bytes, path, sources, diags) {
            Some(sheet) => refused |= !counter.add(&sheet, diags),
            None => refused = true,
        }
    }
    if refused {
        return None;
    }
    Some(counter.finish(activity))
}

/// A cell's 1-based scale position: a scale label or its number.
fn scale_position(cell: &str, scale: &[String]) -> Option<usize> {
    let squeezed: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(i) = scale.iter().position(|s| *s == squeezed) {
        return Some(i + 1);
    }
    let digits = squeezed.trim_end_matches(".0");
    match digits.parse::<usize>() {
        Ok(n) if (1..=scale.len()).contains(&n) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::sheet::{line_at, unterminated_quote};

    #[test]
    fn positions_from_labels_and_numbers() {
        let scale: Vec<String> = ["很满意", "满意", "一般", "不满意", "很不满意"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(scale_position("很满意", &scale), Some(1));
        assert_eq!(scale_position(" 一 般 ", &scale), Some(3));
        assert_eq!(scale_position("5", &scale), Some(5));
        assert_eq!(scale_position("2.0", &scale), Some(2));
        assert_eq!(scale_position("6", &scale), None);
        assert_eq!(scale_position("还行", &scale), None);
    }

    #[test]
    fn line_numbers_for_lf_and_crlf() {
        for text in ["h\na\nb\n", "h\r\na\r\nb\r\n"] {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let lines: Vec<u64> = reader
                .records()
                .filter_map(|r| r.ok())
                .map(|r| {
                    r.position()
                        .map(|p| line_at(&starts, p.byte()))
                        .unwrap_or(0)
                })
                .collect();
            assert_eq!(lines, [1, 2, 3], "{text:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_is_found_on_its_line() {
        assert_eq!(
            unterminated_quote("a,b\n1,\"x\"\"y\"\n2,\"open\n3,4\n"),
            Some(3)
        );
        assert_eq!(unterminated_quote("a,b\n1,\"two\nlines\"\n2,x\"y\n"), None);
    }

    #[test]
    fn stats_rate_and_mean() {
        let mut s = RatedStats::new(5);
        for p in [1, 1, 2, 3, 5] {
            s.add(p);
        }
        s.finish();
        assert_eq!(s.counts, [2, 1, 1, 0, 1]);
        assert_eq!(s.satisfaction_rate, Some(0.6));
        assert_eq!(s.mean, Some(12.0 / 5.0));
    }
}
