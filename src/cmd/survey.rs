//! `charter survey`: print a charter's questionnaires and forms on their
//! own; `charter survey tally`: count filled-in questionnaires.

use std::path::{Path, PathBuf};

use crate::backend::pdf::{PdfJob, TALLY_PATH};
use crate::backend::{Backends, Options};
use crate::cli::{SurveyArgs, TallyArgs, TallyFormat};
use crate::cmd::write_outputs;
use crate::diag::{Diagnostics, SourceMap};
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
    let mut inputs = resolved.inputs.clone();
    inputs.push(args.responses.clone());
    i32::from(!write_outputs(&outputs, &inputs, diags))
}
