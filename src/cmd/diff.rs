//! `charter diff OLD NEW`: what changed between two versions of a charter.
//! Exit status like `diff`: 0 same, 1 different, 2 error.

use std::path::{Path, PathBuf};

use crate::backend::{Backends, Options as BackendOptions};
use crate::cli::DiffArgs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::diff::Options;
use crate::diff::files::Written;
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
    let backends = Backends::new(
        sandbox,
        BackendOptions {
            font_paths: args.font_path.clone(),
            ..BackendOptions::default()
        },
    );
    let sides = (&old.document, &new.document, new.org_folder.as_str());
    let to = (args.format, args.output.as_deref(), &backends);
    let outputs = match crate::diff::files::outputs(sides, &diff, options, to, sources, diags) {
        Some(Written::Files(files)) => Some(files),
        Some(Written::Printed(true)) => return different,
        Some(Written::Printed(false)) | None => return 2,
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
