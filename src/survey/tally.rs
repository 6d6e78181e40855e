//! Tallying filled-in questionnaires from a CSV export (Excel, WPS): counts
//! per scale point, satisfaction rate and mean position per question and
//! overall, the written answers, and every row that could not be counted.
//!
//! The CSV has a header row of question ids (and optionally respondent
//! fields such as 活动名称), then one row per respondent. A rated cell holds a
//! scale label or its 1-based position; an empty cell is "not answered".
//! Bad rows are reported with their line number and left out, never dropped
//! silently.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, SourceMap, suggest};
use crate::document::{Appendix, Document};
use crate::format::QuestionKind;

use super::header::{Column, column};

pub const SCHEMA_VERSION: u32 = 1;

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
        if let Some(count) = self.counts.get_mut(position - 1) {
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
    /// Line of the CSV it came from.
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
    /// Open questions: the written answers, in CSV order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<OpenAnswer>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Rows {
    /// Data rows in the CSV (header and blank lines not counted).
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
    pub responses: String,
    pub scale: Vec<String>,
    pub rows: Rows,
    /// Rows left out, then single answers left out, with the reason.
    pub excluded: Vec<Problem>,
    /// Header columns that name no question or respondent field.
    pub ignored_columns: Vec<Problem>,
    pub questions: Vec<QuestionResult>,
    /// Over every rated answer of every question.
    pub overall: RatedStats,
}

/// Tallies `csv` (registered as `file` in `sources`) against `appendix`.
/// Warnings about excluded rows and ignored columns go to `diags`; an
/// unreadable CSV is an error.
pub fn tally(
    doc: &Document,
    appendix: &Appendix,
    csv_text: &str,
    file: FileId,
    responses_name: &str,
    activity: Option<String>,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let text = csv_text.trim_start_matches('\u{feff}');
    let bom = csv_text.len() - text.len();
    // Byte offset of every line start, so a record's line is found in log time.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_loc = |line: u64| -> Loc {
        let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
        let start = starts.get(index).copied().unwrap_or(text.len());
        let rest = &text[start..];
        let end = start + rest.find(['\r', '\n']).unwrap_or(rest.len());
        Loc::new(file, bom + start..bom + end)
    };
    // csv's own line numbers lag on CRLF files (Excel's); count from its byte offset.
    let line_of = |position: Option<&csv::Position>| -> u64 {
        position.map(|p| line_at(&starts, p.byte())).unwrap_or(0)
    };
    if let Some(line) = unterminated_quote(text) {
        diags.push(
            Diagnostic::error(format!(
                "{responses_name}: the quote opened on line {line} is never closed"
            ))
            .at(&line_loc(line))
            .label("this cell's closing \" is missing")
            .help("every following row would be read as part of this cell; add the closing quote (write \"\" for a quote inside a cell) and tally again"),
        );
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(err)) => {
            diags.push(
                Diagnostic::error(format!("cannot read {responses_name}: {err}"))
                    .help("save the responses as CSV (UTF-8) from Excel or WPS"),
            );
            return None;
        }
        None => {
            diags.push(
                Diagnostic::error(format!("{responses_name} is empty"))
                    .help("the first row names the question ids, one row per respondent follows"),
            );
            return None;
        }
    };

    let questions = &appendix.questions;
    let question_ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    let columns: Vec<Column> = header.iter().map(|name| column(name, appendix)).collect();
    let names_question = |c: &Column| matches!(c, Column::Rated(_) | Column::Open(_));
    // A sheet none of whose columns names a question would count nothing
    // and look like a tally: refuse it.
    if !questions.is_empty() && !columns.iter().any(names_question) {
        let shown: Vec<String> = header
            .iter()
            .take(6)
            .map(|h| format!("\"{}\"", h.trim()))
            .collect();
        diags.push(
            Diagnostic::error(format!(
                "{responses_name}: no column of the header names a question of {} ({})",
                appendix.id,
                shown.join(", ")
            ))
            .at(&line_loc(1))
            .label("header row")
            .help(format!(
                "head each column with the question's id ({}), its number (1, Q1, 第1题) or its text as printed (1.{}); charter survey template writes a sheet to start from",
                question_ids.join(", "),
                questions.first().map(|q| q.text.as_str()).unwrap_or("")
            )),
        );
        return None;
    }
    let mut ignored_columns = Vec::new();
    for (index, (name, column)) in header.iter().zip(&columns).enumerate() {
        if !matches!(column, Column::Ignored) {
            continue;
        }
        let name = name.trim();
        let message = format!(
            "column {} \"{name}\" is not a question of {}: its answers are not counted",
            index + 1,
            appendix.id
        );
        let mut d = Diagnostic::warning(message.clone())
            .at(&line_loc(1))
            .label("unknown column");
        d = match suggest(name, question_ids.iter().copied()) {
            Some(near) => d.help(format!("did you mean \"{near}\"?")),
            None => d.help(format!("the question ids are: {}", question_ids.join(", "))),
        };
        diags.push(d);
        ignored_columns.push(Problem { line: 1, message });
    }
    for (q, question) in questions.iter().enumerate() {
        let has_column = columns
            .iter()
            .any(|c| matches!(c, Column::Rated(i) | Column::Open(i) if *i == q));
        if !has_column {
            let q = question;
            diags.push(
                Diagnostic::warning(format!(
                    "no column for question \"{}\": counted as not answered",
                    q.id
                ))
                .at(&line_loc(1))
                .label("header row")
                .help(format!(
                    "add a column \"{}\" to the header to count its answers",
                    q.id
                )),
            );
        }
    }

    let points = appendix.scale.len();
    let mut stats: Vec<Option<RatedStats>> = questions
        .iter()
        .map(|q| (q.kind == QuestionKind::Rated).then(|| RatedStats::new(points)))
        .collect();
    let mut answers: Vec<Vec<OpenAnswer>> = vec![Vec::new(); questions.len()];
    let mut found_activity: Option<String> = None;
    let (mut total, mut counted) = (0u64, 0u64);
    let mut excluded = Vec::new();
    let mut excluded_cells = Vec::new();
    let mut exclude = |line: u64, message: String, diags: &mut Diagnostics| {
        diags.push(
            Diagnostic::warning(format!(
                "line {line} of {responses_name} not counted: {message}"
            ))
            .at(&line_loc(line))
            .label("excluded row")
            .help("correct the row and tally again; every other row is counted"),
        );
        excluded.push(Problem { line, message });
    };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                let line = line_of(err.position());
                total += 1;
                exclude(line, format!("cannot be read as CSV ({err})"), diags);
                continue;
            }
        };
        let line = line_of(record.position());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        total += 1;
        if record.len() != header.len() {
            exclude(
                line,
                format!("{} columns, the header has {}", record.len(), header.len()),
                diags,
            );
            continue;
        }
        // An answer that is not on the scale is left out alone: the rest of
        // the respondent's answers count.
        let mut positions = Vec::new();
        for (index, (cell, column)) in record.iter().zip(&columns).enumerate() {
            let cell = cell.trim();
            if let (Column::Rated(q), false) = (column, cell.is_empty()) {
                match scale_position(cell, &appendix.scale) {
                    Some(p) => positions.push((*q, p)),
                    None => {
                        let message = format!(
                            "column {} (question {}): \"{cell}\" is not a point of the scale (write one of {} or 1–{points}); this answer is not counted",
                            index + 1,
                            questions[*q].number,
                            appendix.scale.join("、")
                        );
                        diags.push(
                            Diagnostic::warning(format!("line {line} of {responses_name}, {message}"))
                                .at(&line_loc(line))
                                .label("answer not counted")
                                .help("correct the cell and tally again; the row's other answers are counted"),
                        );
                        excluded_cells.push(Problem { line, message });
                    }
                }
            }
        }
        counted += 1;
        for (q, position) in positions {
            if let Some(s) = stats[q].as_mut() {
                s.add(position);
            }
        }
        for (cell, column) in record.iter().zip(&columns) {
            let cell = cell.trim();
            match column {
                Column::Open(q) if !cell.is_empty() => answers[*q].push(OpenAnswer {
                    line,
                    text: cell.to_string(),
                }),
                Column::Respondent(name)
                    if found_activity.is_none() && !cell.is_empty() && name.contains("活动") =>
                {
                    found_activity = Some(cell.to_string());
                }
                _ => {}
            }
        }
    }

    let mut overall = RatedStats::new(points);
    let mut results = Vec::new();
    for (index, q) in questions.iter().enumerate() {
        let mut question_stats = stats[index].take();
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
            answers: (q.kind == QuestionKind::Open).then(|| std::mem::take(&mut answers[index])),
            stats: question_stats,
        });
    }
    overall.finish();
    Some(Report {
        schema: SCHEMA_VERSION,
        charter: doc.source.clone(),
        org: doc.org.name.clone(),
        appendix: appendix.id.clone(),
        title: appendix.title.clone(),
        activity: activity
            .map(|a| crate::hygiene::strip(&a))
            .or(found_activity),
        responses: responses_name.to_string(),
        scale: appendix.scale.clone(),
        rows: Rows {
            total,
            counted,
            excluded: excluded.len() as u64,
            excluded_answers: excluded_cells.len() as u64,
        },
        excluded: {
            let mut all: Vec<Problem> = excluded.into_iter().chain(excluded_cells).collect();
            all.sort_by_key(|p| p.line);
            all
        },
        ignored_columns,
        questions: results,
        overall,
    })
}

/// The 1-based line of a record at `byte`, as the csv crate reports it: the
/// offset of the record's first character, or of the `\n` just before it on
/// CRLF files. Counting the newlines up to and including that byte gives the
/// record's line either way.
fn line_at(starts: &[usize], byte: u64) -> u64 {
    let end = usize::try_from(byte)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    // Lines whose start is at or before `end`: one per newline before it, plus one.
    starts.partition_point(|&s| s <= end) as u64
}

/// The line of a quoted cell that is never closed (RFC 4180: a quote opens
/// only at the start of a cell; `""` inside is a quote).
fn unterminated_quote(text: &str) -> Option<u64> {
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

/// Registers the CSV in the source map (for carets under bad rows) and tallies it.
pub fn tally_file(
    doc: &Document,
    appendix: &Appendix,
    path: &std::path::Path,
    activity: Option<String>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let bytes = match crate::sandbox::read_bounded(path, crate::sandbox::RESPONSES_LIMIT) {
        Ok(b) => b,
        Err(refusal) => {
            diags.push(
                Diagnostic::error(refusal.describe(&crate::diag::display_path(path)))
                    .help("give the CSV exported from Excel or WPS with --responses FILE.csv"),
            );
            return None;
        }
    };
    tally_bytes(doc, appendix, &bytes, path, activity, sources, diags)
}

/// [`tally_file`] on bytes already read (an upload to `charter serve`);
/// `path` names them in messages.
pub fn tally_bytes(
    doc: &Document,
    appendix: &Appendix,
    bytes: &[u8],
    path: &std::path::Path,
    activity: Option<String>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Report> {
    // Excel's plain “CSV (逗号分隔)” on Chinese Windows is GBK.
    let text = match crate::encoding::decode(bytes) {
        // Control characters never reach a report (or a terminal).
        Ok(decoded) => {
            let clean = crate::hygiene::strip(&decoded.text);
            let removed = decoded.text.chars().count() - clean.chars().count();
            if removed > 0 {
                diags.push(
                    Diagnostic::warning(format!(
                        "{}: {removed} control character{} removed",
                        crate::diag::display_path(path),
                        if removed == 1 { "" } else { "s" }
                    ))
                    .help("they are not text; check the export if answers look cut"),
                );
            }
            clean
        }
        Err(err) => {
            diags.push(
                Diagnostic::error(err.describe(&crate::diag::display_path(path))).help(
                    "in Excel choose Save As → CSV UTF-8; in WPS 另存为 → CSV, encoding UTF-8",
                ),
            );
            return None;
        }
    };
    let file = sources.add(path, text.as_str());
    let name = crate::diag::display_path(path);
    tally(doc, appendix, &text, file, &name, activity, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

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
