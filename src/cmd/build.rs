//! `charter build`: see [`crate::batch`].

use crate::backend::{Backends, Options};
use crate::batch::{Batch, build};
use crate::cli::BuildArgs;
use crate::sandbox::Sandbox;

pub fn run(args: &BuildArgs, sandbox: &Sandbox) -> i32 {
    if args.timings.is_some() {
        typst_timing::enable();
    }
    let (status, _) = build(&batch(args), &backends(args, sandbox));
    if let Some(path) = &args.timings {
        let mut trace = Vec::new();
        // Spans are not resolved to template lines: the trace names the
        // stages (eval, layout, PDF export) and their nesting.
        let exported = typst_timing::export_json(&mut trace, |_| (String::new(), 0));
        let written = exported
            .map_err(|e| e.to_string())
            .and_then(|()| crate::output::write_atomic(path, &trace).map_err(|e| e.to_string()));
        if let Err(why) = written {
            eprintln!(
                "{}: {}",
                t!("severity-error"),
                t!(
                    "cmd-timings-unwritten",
                    path = path.display().to_string(),
                    reason = why
                )
            );
            return status.max(1);
        }
    }
    status
}

/// The batch a `build` or `watch` command line asks for.
pub fn batch(args: &BuildArgs) -> Batch {
    Batch {
        paths: args.paths.clone(),
        output: args.output.clone(),
        formats: args.format.clone(),
        org: args.org.clone(),
        force: args.force,
        quiet: args.quiet,
        jobs: args.jobs,
        shard: args.shard,
    }
}

/// Fresh backends for a build: `watch` makes new ones for every rebuild, so
/// an edited template is read again.
pub fn backends(args: &BuildArgs, sandbox: &Sandbox) -> Backends {
    Backends::new(
        sandbox,
        Options {
            font_paths: args.font_path.clone(),
            standard: args.pdf_standard,
        },
    )
}
