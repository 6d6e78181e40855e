//! `charter diff OLD NEW`: what changed between two versions of a charter.
//! Exit status like `diff`: 0 same, 1 different, 2 error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::backend::{Backends, Options as BackendOptions, RedlineMode};
use crate::cli::{DiffArgs, DiffFormat};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::diff::Options;
use crate::document::Document;
use crate::pipeline::{Outcome, Pipeline};
use crate::sandbox::Sandbox;

pub fn run(args: &DiffArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| compare(args, sandbox, sources, diags))
}

/// One side of the comparison, resolved.
struct Side {
    document: Document,
    org_folder: String,
}

fn compare(
    args: &DiffArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let mut checkouts = Vec::new();
    let mut inputs = Vec::new();
    let mut side = |spec: &str, diags: &mut Diagnostics| {
        resolve(
            spec,
            args,
            sandbox,
            sources,
            diags,
            &mut checkouts,
            &mut inputs,
        )
    };
    let (Some(old), Some(new)) = (side(&args.old, diags), side(&args.new, diags)) else {
        return 2;
    };
    let options = Options {
        ignore_punct_width: args.ignore_punct_width,
    };
    let diff = crate::diff::diff(&old.document, &new.document, options);
    let different = i32::from(!diff.is_empty());
    let stem = |suffix: &str| {
        PathBuf::from("out")
            .join(&new.org_folder)
            .join(format!("{}-{suffix}", new.document.id))
    };
    let backends = Backends::new(
        sandbox,
        BackendOptions {
            font_paths: args.font_path.clone(),
            ..BackendOptions::default()
        },
    );
    let redline = || crate::diff::redline::build(&old.document, &new.document, &diff, options);
    let date = new.document.approval.as_ref().map(|a| a.date);
    let outputs: Option<Vec<(PathBuf, Vec<u8>)>> = match args.format {
        DiffFormat::Text | DiffFormat::Json => {
            let bytes = if args.format == DiffFormat::Text {
                let colour = args.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none();
                crate::diff::output::to_text(&diff, colour).into_bytes()
            } else {
                let mut bytes = serde_json::to_vec_pretty(&diff).unwrap_or_default();
                bytes.push(b'\n');
                bytes
            };
            match &args.output {
                Some(path) => Some(vec![(path.clone(), bytes)]),
                None => {
                    use std::io::Write;
                    let printed = std::io::stdout().write_all(&bytes).is_ok();
                    return if printed { different } else { 2 };
                }
            }
        }
        DiffFormat::Docx => {
            let path = args
                .output
                .clone()
                .unwrap_or_else(|| stem("diff").with_extension("docx"));
            backends
                .redline_docx(&new.document, &redline(), RedlineMode::Redline, diags)
                .map(|bytes| vec![(path, bytes)])
        }
        DiffFormat::Pdf => {
            let path = args
                .output
                .clone()
                .unwrap_or_else(|| stem("diff").with_extension("pdf"));
            backends
                .redline_pdf(&redline(), RedlineMode::Redline, date, sources, diags)
                .map(|bytes| vec![(path, bytes)])
        }
        DiffFormat::Amendment => {
            let amendment = crate::amendment::write::amendment(&old.document, &new.document, &diff);
            match crate::amendment::run::outputs(
                &amendment,
                &new.document,
                args.output.as_deref(),
                (&backends, date, sources),
                diags,
            ) {
                Ok(outputs) => outputs,
                Err(printed) => return if printed { different } else { 2 },
            }
        }
        DiffFormat::Table => {
            // Both a DOCX and a PDF, or the one the -o extension names.
            let table = args.output.clone().unwrap_or_else(|| stem("修订对照表"));
            let extension = table
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase());
            let redline = redline();
            let docx = (extension.as_deref() != Some("pdf")).then(|| {
                backends
                    .redline_docx(&new.document, &redline, RedlineMode::Table, diags)
                    .map(|bytes| (table.with_extension("docx"), bytes))
            });
            let pdf = (extension.as_deref() != Some("docx")).then(|| {
                backends
                    .redline_pdf(&redline, RedlineMode::Table, date, sources, diags)
                    .map(|bytes| (table.with_extension("pdf"), bytes))
            });
            docx.into_iter().chain(pdf).collect()
        }
    };
    match outputs {
        Some(outputs) if crate::cmd::write_outputs(&outputs, &inputs, diags) => different,
        _ => 2,
    }
}

/// Resolves one side: a charter file, `FILE@VERSION` from its history, or `REV:PATH` from git. The files it
/// was made from are added to `inputs`; a checkout is kept in `checkouts`
/// until the comparison is done.
fn resolve(
    spec: &str,
    args: &DiffArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    checkouts: &mut Vec<crate::diff::git::Checkout>,
    inputs: &mut Vec<PathBuf>,
) -> Option<Side> {
    let path = Path::new(spec);
    if !path.is_file()
        && let Some((file, version)) = crate::history::split_spec(spec)
    {
        let pipeline = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox);
        let (document, org_folder, read) =
            crate::history::resolve_version(spec, &file, &version, &pipeline, diags)?;
        inputs.extend(read);
        return Some(Side {
            document,
            org_folder,
        });
    }
    let from_git = !path.is_file();
    let (job, sandbox) = if !from_git {
        let job = crate::discover::discover(&[path.to_path_buf()], diags)
            .into_iter()
            .next()?;
        (job, sandbox.clone())
    } else if let Some((rev, file)) = spec.split_once(':').filter(|(rev, _)| !rev.is_empty()) {
        let checkout = crate::diff::git::checkout(spec, rev, file, diags)?;
        let found = (checkout.job.clone(), checkout.sandbox.clone());
        checkouts.push(checkout);
        found
    } else {
        diags.push(
            Diagnostic::error(format!("no such charter file: {spec}")).help(
                "give a charter file, or REV:PATH for a version in git (HEAD~1:charters/…/x.toml)",
            ),
        );
        return None;
    };
    let pipeline = Pipeline::with_sources(args.org.clone(), sources.clone(), &sandbox);
    match pipeline.resolve(&job, diags) {
        Outcome::Resolved(resolved) => {
            if !from_git {
                inputs.extend(resolved.inputs.iter().cloned());
            }
            let mut document = resolved.document;
            if from_git {
                // Name the version as the user did, not by its temporary checkout.
                document.source = spec.to_string();
            }
            Some(Side {
                document,
                org_folder: resolved.org_folder,
            })
        }
        Outcome::Model => {
            diags.push(
                Diagnostic::error(format!("{spec} is a model charter"))
                    .help("compare the charters of an organisation"),
            );
            None
        }
        Outcome::Failed => None,
    }
}
