//! `charter survey`: print a charter's questionnaires and forms on their
//! own; `charter survey tally`: count filled-in questionnaires.

use std::path::{Path, PathBuf};

use crate::backend::Format;
use crate::backend::pdf::{PdfJob, TALLY_PATH};
use crate::backend::{Backends, Options};
use crate::cli::{SurveyArgs, TallyArgs, TallyFormat, TemplateArgs};
use crate::cmd::write_outputs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::pipeline::Pipeline;
use crate::sandbox::Sandbox;

pub fn run(args: &SurveyArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| print(args, sandbox, sources, diags))
}

fn backends(sandbox: &Sandbox, font_paths: &[PathBuf]) -> Backends {
    Backends::new(
        sandbox,
        Options {
            font_paths: font_paths.to_vec(),
            ..Options::default()
        },
    )
}

fn print(
    args: &SurveyArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let Some(charter) = &args.charter else {
        return 2;
    };
    let Some(resolved) = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(charter, diags)
    else {
        return 1;
    };
    if args.fillable {
        return fillable(args, &resolved, diags);
    }
    let Some(doc) =
        crate::survey::survey_document(&resolved.document, &args.appendices, args.copies, diags)
    else {
        return 1;
    };
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let backends = backends(sandbox, &args.font_path);
    let Some(rendered) = backends.document(&doc, &formats, sources, diags) else {
        return 1;
    };
    let stem = PathBuf::from("out")
        .join(&resolved.org_folder)
        .join(format!("{}-survey", doc.id));
    let outputs: Vec<(PathBuf, Vec<u8>)> = rendered
        .into_iter()
        .map(|(format, bytes)| {
            let path = output_path(
                args.output.as_deref(),
                &stem,
                format.extension(),
                formats.len(),
            );
            (path, bytes)
        })
        .collect();
    let inputs = backends.inputs(&doc, &resolved.inputs);
    i32::from(!write_outputs(&outputs, &inputs, diags))
}

/// `-o FILE` as given for one format (adding the extension if it has none);
/// for several formats, FILE's stem with each extension.
fn output_path(
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

pub fn tally(args: &TallyArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| run_tally(args, sandbox, sources, diags))
}

fn run_tally(
    args: &TallyArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let Some(resolved) = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(&args.charter, diags)
    else {
        return 1;
    };
    let doc = &resolved.document;
    let Some(appendix) = crate::survey::questionnaire(doc, args.appendix.as_deref(), diags) else {
        return 1;
    };
    let inputs: Vec<PathBuf> = args.files.iter().chain(&args.responses).cloned().collect();
    if inputs.is_empty() {
        diags.push(Diagnostic::error(t!("survey-no-inputs")).help(t!("survey-no-inputs-help")));
        return 1;
    }
    let Some(report) = crate::survey::tally::tally_inputs(
        doc,
        appendix,
        &inputs,
        args.activity.clone(),
        sources,
        diags,
    ) else {
        return 1;
    };
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let stem = PathBuf::from("out")
        .join(&resolved.org_folder)
        .join(format!("{}-{}-tally", doc.id, appendix.id));
    let mut outputs = Vec::new();
    for format in &formats {
        let (bytes, extension) = match format {
            TallyFormat::Text => (crate::survey::text::to_text(&report).into_bytes(), "txt"),
            TallyFormat::Json => {
                let mut bytes = serde_json::to_vec_pretty(&report).unwrap_or_default();
                bytes.push(b'\n');
                (bytes, "json")
            }
            TallyFormat::Pdf => {
                let job = PdfJob {
                    data: serde_json::to_vec(&report).unwrap_or_default(),
                    data_path: TALLY_PATH,
                    ident: format!("{}/{}/{}/tally", doc.org.name, doc.id, appendix.id),
                    date: doc.approval.as_ref().map(|a| a.date),
                    logo: None,
                };
                let backends = backends(sandbox, &args.font_path);
                let Some(bytes) = backends.data_pdf("tally", job, sources, diags) else {
                    return 1;
                };
                (bytes, "pdf")
            }
        };
        // Text and JSON go to standard output unless -o is given.
        if args.output.is_none() && *format != TallyFormat::Pdf {
            use std::io::Write;
            let _ = std::io::stdout().write_all(&bytes);
            continue;
        }
        let path = output_path(args.output.as_deref(), &stem, extension, formats.len());
        outputs.push((path, bytes));
    }
    let mut all_inputs = resolved.inputs.clone();
    // A folder's files are inputs too: -o must not write over one of them.
    for input in &inputs {
        if input.is_dir() {
            let files = std::fs::read_dir(input).into_iter().flatten().flatten();
            all_inputs.extend(files.map(|entry| entry.path()));
        }
    }
    all_inputs.extend(inputs);
    i32::from(!write_outputs(&outputs, &all_inputs, diags))
}

/// `charter survey --fillable`: a form per questionnaire, PDF and/or DOCX.
fn fillable(
    args: &SurveyArgs,
    resolved: &crate::pipeline::Resolved,
    diags: &mut Diagnostics,
) -> i32 {
    let doc = &resolved.document;
    let chosen: Vec<&crate::document::Appendix> = if args.appendices.is_empty() {
        doc.appendices
            .iter()
            .filter(|a| a.kind == crate::format::AppendixKind::Questionnaire)
            .collect()
    } else {
        let mut chosen = Vec::new();
        for id in &args.appendices {
            match crate::survey::questionnaire(doc, Some(id), diags) {
                Some(a) => chosen.push(a),
                None => return 1,
            }
        }
        chosen
    };
    if chosen.is_empty() {
        crate::survey::questionnaire(doc, None, diags);
        return 1;
    }
    let mut formats: Vec<Format> = args.format.clone();
    formats.sort();
    formats.dedup();
    let mut outputs = Vec::new();
    for appendix in &chosen {
        let stem = PathBuf::from("out")
            .join(&resolved.org_folder)
            .join(format!("{}-{}-form", doc.id, appendix.id));
        for format in &formats {
            let bytes = match format {
                Format::Pdf => crate::survey::pdf_form::fillable_pdf(doc, appendix),
                Format::Docx => crate::survey::docx_form::fillable_docx(doc, appendix),
                other => {
                    diags.push(
                        Diagnostic::error(t!("survey-fillable-format", format = other.extension()))
                            .help(t!("survey-fillable-format-help")),
                    );
                    return 1;
                }
            };
            let bytes = match bytes {
                Ok(bytes) => bytes,
                Err(error) => {
                    diags.push(
                        Diagnostic::error(t!(
                            "survey-fillable-failed",
                            appendix = &appendix.id,
                            error = error
                        ))
                        .help(t!("survey-fillable-failed-help")),
                    );
                    return 1;
                }
            };
            // -o names the file when there is one; else its stem per questionnaire.
            let path = match args.output.as_deref() {
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
    i32::from(!write_outputs(&outputs, &resolved.inputs, diags))
}

pub fn template(args: &TemplateArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| {
        let Some(resolved) = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
            .resolve_file(&args.charter, diags)
        else {
            return 1;
        };
        let doc = &resolved.document;
        let Some(appendix) = crate::survey::questionnaire(doc, args.appendix.as_deref(), diags)
        else {
            return 1;
        };
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
        let path = args.output.clone().unwrap_or_else(|| {
            PathBuf::from("out")
                .join(&resolved.org_folder)
                .join(format!("{}-{}-answers.csv", doc.id, appendix.id))
        });
        let xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let bytes = if xlsx {
            match crate::survey::read_office::write_xlsx(&header) {
                Ok(bytes) => bytes,
                Err(error) => {
                    diags.push(
                        Diagnostic::error(t!(
                            "survey-fillable-failed",
                            appendix = &appendix.id,
                            error = error
                        ))
                        .help(t!("survey-fillable-failed-help")),
                    );
                    return 1;
                }
            }
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
        i32::from(!write_outputs(&[(path, bytes)], &resolved.inputs, diags))
    })
}
