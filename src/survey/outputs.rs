//! What `charter survey --fillable` and `charter survey template` make: the
//! files with their paths, for the command (or the studio) to write.

use std::path::{Path, PathBuf};

use crate::backend::Format;
use crate::backend::pdf::{Output, PdfJob, Standard, TALLY_PATH};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::document::Document;

/// `-o FILE` as given for one format (adding the extension if it has none);
/// for several formats, FILE's stem with each extension.
pub fn output_path(
    output: Option<&Path>,
    default_stem: &Path,
    extension: &str,
    formats: usize,
) -> PathBuf {
    match output {
        Some(path) if formats == 1 && path.extension().is_some() => path.to_path_buf(),
        Some(path) => path.with_extension(extension),
        None => default_stem.with_extension(extension),
    }
}

/// `charter survey --fillable`: a form per chosen questionnaire (every
/// one when none is named) in each format, with the path it goes to.
pub fn fillable_forms(
    doc: &Document,
    org_folder: &str,
    appendices: &[String],
    formats: &[Format],
    output: Option<&Path>,
    diags: &mut Diagnostics,
) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    let chosen: Vec<&crate::document::Appendix> = if appendices.is_empty() {
        doc.appendices
            .iter()
            .filter(|a| a.kind == crate::format::AppendixKind::Questionnaire)
            .collect()
    } else {
        let mut chosen = Vec::new();
        for id in appendices {
            match super::questionnaire(doc, Some(id), diags) {
                Some(a) => chosen.push(a),
                None => return None,
            }
        }
        chosen
    };
    if chosen.is_empty() {
        super::questionnaire(doc, None, diags);
        return None;
    }
    let mut formats: Vec<Format> = formats.to_vec();
    formats.sort();
    formats.dedup();
    let mut outputs = Vec::new();
    for appendix in &chosen {
        let stem = PathBuf::from("out")
            .join(org_folder)
            .join(format!("{}-{}-form", doc.id, appendix.id));
        for format in &formats {
            let bytes = match format {
                Format::Pdf => super::pdf_form::fillable_pdf(doc, appendix),
                Format::Docx => super::docx_form::fillable_docx(doc, appendix),
                other => {
                    diags.push(
                        Diagnostic::error(t!("survey-fillable-format", format = other.extension()))
                            .help(t!("survey-fillable-format-help")),
                    );
                    return None;
                }
            };
            let bytes = made(bytes, &appendix.id, diags)?;
            // -o names the file when there is one; else its stem per questionnaire.
            let path = match output {
                Some(o) if chosen.len() == 1 => {
                    output_path(Some(o), &stem, format.extension(), formats.len())
                }
                Some(o) => o
                    .with_file_name(format!(
                        "{}-{}",
                        o.file_stem().and_then(|s| s.to_str()).unwrap_or("form"),
                        appendix.id
                    ))
                    .with_extension(format.extension()),
                None => stem.with_extension(format.extension()),
            };
            outputs.push((path, bytes));
        }
    }
    Some(outputs)
}

/// `charter survey template`: the empty answer sheet (CSV, or XLSX when the
/// path says so) whose header is the respondent fields and the numbered
/// questions, with the path it goes to.
pub fn answer_sheet(
    doc: &Document,
    org_folder: &str,
    appendix: Option<&str>,
    output: Option<&Path>,
    diags: &mut Diagnostics,
) -> Option<(PathBuf, Vec<u8>)> {
    let appendix = super::questionnaire(doc, appendix, diags)?;
    // The header a respondent reads: the fields, then the numbered questions.
    let header: Vec<String> = appendix
        .respondent
        .iter()
        .cloned()
        .chain(
            appendix
                .questions
                .iter()
                .map(|q| format!("{}.{}", q.number, q.text)),
        )
        .collect();
    let path = output.map(Path::to_path_buf).unwrap_or_else(|| {
        PathBuf::from("out")
            .join(org_folder)
            .join(format!("{}-{}-answers.csv", doc.id, appendix.id))
    });
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        made(super::read_office::write_xlsx(&header), &appendix.id, diags)?
    } else {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = writer.write_record(&header);
        // A BOM: Excel opens UTF-8 CSV as UTF-8 only with one.
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(writer.into_inner().unwrap_or_default());
        bytes
    };
    Some((path, bytes))
}

/// A tally's formats (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum TallyFormat {
    Text,
    Json,
    Pdf,
    /// The PDF's twin as OFD (GB/T 33190)
    Ofd,
}

/// A tally report in each format, with its path; no path: standard output
/// (text and JSON without -o).
#[allow(clippy::too_many_arguments)]
pub fn tally_outputs(
    report: &super::tally::Report,
    doc: &Document,
    appendix: &crate::document::Appendix,
    org_folder: &str,
    formats: &[TallyFormat],
    output: Option<&Path>,
    backends: impl Fn() -> crate::backend::Backends,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Vec<(Option<PathBuf>, Vec<u8>)>> {
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let stem = PathBuf::from("out")
        .join(org_folder)
        .join(format!("{}-{}-tally", doc.id, appendix.id));
    let mut outputs = Vec::new();
    for format in &formats {
        let (bytes, extension) = match format {
            TallyFormat::Text => (super::text::to_text(report).into_bytes(), "txt"),
            TallyFormat::Json => {
                let mut bytes = serde_json::to_vec_pretty(report).unwrap_or_default();
                bytes.push(b'\n');
                (bytes, "json")
            }
            TallyFormat::Pdf | TallyFormat::Ofd => {
                let job = PdfJob {
                    data: serde_json::to_vec(report).unwrap_or_default(),
                    data_path: TALLY_PATH,
                    ident: format!("{}/{}/{}/tally", doc.org.name, doc.id, appendix.id),
                    date: doc.approval.as_ref().map(|a| a.date),
                    logo: None,
                    number: doc.number.clone(),
                };
                let (output, extension) = match format {
                    TallyFormat::Ofd => (Output::Ofd, "ofd"),
                    _ => (Output::Pdf(Standard::Pdf17), "pdf"),
                };
                let bytes = backends().data_file("tally", job, output, sources, diags)?;
                (bytes, extension)
            }
        };
        // Text and JSON go to standard output unless -o is given.
        if output.is_none() && matches!(format, TallyFormat::Text | TallyFormat::Json) {
            outputs.push((None, bytes));
            continue;
        }
        let path = output_path(output, &stem, extension, formats.len());
        outputs.push((Some(path), bytes));
    }
    Some(outputs)
}

/// The files a tally read: the charter's, the answers given and every file
/// of a folder given (-o must not write over one of them).
pub fn read_inputs(charter_inputs: &[PathBuf], answers: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut all = charter_inputs.to_vec();
    for input in &answers {
        if input.is_dir() {
            let files = std::fs::read_dir(input).into_iter().flatten().flatten();
            all.extend(files.map(|entry| entry.path()));
        }
    }
    all.extend(answers);
    all
}

/// A form's or sheet's bytes, or its failure reported against the questionnaire.
fn made(
    bytes: Result<Vec<u8>, super::error::FormError>,
    appendix: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    bytes
        .map_err(|error| {
            diags.push(
                Diagnostic::error(t!(
                    "survey-fillable-failed",
                    appendix = appendix,
                    error = error
                ))
                .help(t!("survey-fillable-failed-help")),
            );
        })
        .ok()
}
