//! `charter survey`: print a charter's questionnaires and forms on their
//! own; `charter survey tally`: count filled-in questionnaires.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::{Format, SurveyArgs, TallyArgs, TallyFormat};
use crate::cmd::resolve_one;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::fonts::{FontOptions, FontSet};
use crate::pdf::{PdfEngine, PdfJob, Standard, TALLY_PATH};
use crate::sandbox::Sandbox;
use crate::source::AppendixKind;

pub fn run(args: &SurveyArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| print(args, sandbox, sources, diags))
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
    let Some((_, resolved)) = resolve_one(charter, args.org.clone(), sandbox, sources, diags)
    else {
        return 1;
    };
    let doc =
        match crate::survey::survey_document(&resolved.document, &args.appendices, args.copies) {
            Ok(doc) => doc,
            Err(d) => {
                diags.push(*d);
                return 1;
            }
        };
    let template = match crate::template::locate(&doc.layout.template, sandbox) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return 1;
        }
    };
    let default_stem = PathBuf::from("out")
        .join(&resolved.org_folder)
        .join(format!("{}-survey", doc.id));
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let mut outputs = Vec::new();
    for format in &formats {
        let bytes = match format {
            Format::Pdf => {
                let engine = PdfEngine::new(Arc::new(FontSet::new(&FontOptions {
                    paths: args.font_path.clone(),
                    no_system: false,
                })));
                let (bytes, messages) = engine.render(&doc, &template, Standard::Pdf17, sources);
                for d in messages {
                    diags.push(d);
                }
                bytes
            }
            Format::Docx => match crate::docx::render(&doc, &template.theme) {
                Ok(bytes) => Some(bytes),
                Err(message) => {
                    diags.push(Diagnostic::error(format!(
                        "cannot write the DOCX: {message}"
                    )));
                    None
                }
            },
            Format::Json => Some(crate::cmd::build::json_bytes(&doc)),
        };
        let Some(bytes) = bytes else {
            return 1;
        };
        outputs.push((
            output_path(
                args.output.as_deref(),
                &default_stem,
                format.extension(),
                formats.len(),
            ),
            bytes,
        ));
    }
    let mut inputs = resolved.inputs.clone();
    inputs.extend(doc.org.logo.as_ref().map(PathBuf::from));
    i32::from(!crate::cmd::write_outputs(&outputs, &inputs, diags))
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
    let Some((_, resolved)) = resolve_one(&args.charter, args.org.clone(), sandbox, sources, diags)
    else {
        return 1;
    };
    let doc = &resolved.document;
    let questionnaires: Vec<_> = doc
        .appendices
        .iter()
        .filter(|a| a.kind == AppendixKind::Questionnaire)
        .collect();
    let appendix = match &args.appendix {
        Some(id) => questionnaires.iter().find(|a| &a.id == id).copied(),
        None if questionnaires.len() == 1 => questionnaires.first().copied(),
        None => None,
    };
    let Some(appendix) = appendix else {
        let ids: Vec<&str> = questionnaires.iter().map(|a| a.id.as_str()).collect();
        let d = match &args.appendix {
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
        return 1;
    };
    let Some(report) = crate::survey::tally::tally_file(
        doc,
        appendix,
        &args.responses,
        args.activity.clone(),
        sources,
        diags,
    ) else {
        return 1;
    };
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let default_stem = PathBuf::from("out")
        .join(&resolved.org_folder)
        .join(format!("{}-{}-tally", doc.id, appendix.id));
    let mut outputs = Vec::new();
    for format in &formats {
        let (bytes, extension) = match format {
            TallyFormat::Text => (crate::survey::tally::to_text(&report).into_bytes(), "txt"),
            TallyFormat::Json => {
                let mut bytes = serde_json::to_vec_pretty(&report).unwrap_or_default();
                bytes.push(b'\n');
                (bytes, "json")
            }
            TallyFormat::Pdf => {
                let template = match crate::template::locate("tally", sandbox) {
                    Ok(t) => t,
                    Err(d) => {
                        diags.push(*d);
                        return 1;
                    }
                };
                let engine = PdfEngine::new(Arc::new(FontSet::new(&FontOptions {
                    paths: args.font_path.clone(),
                    no_system: false,
                })));
                let job = PdfJob {
                    data: serde_json::to_vec(&report).unwrap_or_default(),
                    data_path: TALLY_PATH,
                    ident: format!("{}/{}/{}/tally", doc.org.name, doc.id, appendix.id),
                    date: doc.approval.as_ref().map(|a| a.date),
                    logo: None,
                };
                let (bytes, messages) = engine.render_job(job, &template, Standard::Pdf17, sources);
                for d in messages {
                    diags.push(d);
                }
                let Some(bytes) = bytes else {
                    return 1;
                };
                (bytes, "pdf")
            }
        };
        // Text and JSON go to standard output unless -o is given.
        let to_stdout = args.output.is_none() && *format != TallyFormat::Pdf;
        if to_stdout {
            use std::io::Write;
            let _ = std::io::stdout().write_all(&bytes);
            continue;
        }
        let path = output_path(
            args.output.as_deref(),
            &default_stem,
            extension,
            formats.len(),
        );
        outputs.push((path, bytes));
    }
    let mut inputs = resolved.inputs.clone();
    inputs.push(args.responses.clone());
    i32::from(!crate::cmd::write_outputs(&outputs, &inputs, diags))
}
