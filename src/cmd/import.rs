//! `charter import`: an existing regulation (.txt, .md, .docx) → a charter.

use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::discover::discover;
use crate::import::{Options, import, read_input};
use crate::pipeline::{Outcome, Pipeline};
use crate::sandbox::Sandbox;

pub fn run(args: &ImportArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|_, diags| import_file(args, sandbox, diags))
}

fn import_file(args: &ImportArgs, sandbox: &Sandbox, diags: &mut Diagnostics) -> i32 {
    let mut inputs = vec![args.file.clone()];
    for target in args.output.iter().chain(&args.org_out) {
        if let Some(input) = crate::output::overwritten_input(target, &inputs) {
            diags.push(
                Diagnostic::error(format!(
                    "{} is the file being imported (or written twice); it is not overwritten",
                    input.display()
                ))
                .help("write the charter and the org file to other files"),
            );
            return 1;
        }
        inputs.push(target.clone());
        if target.exists() && !args.force {
            diags.push(
                Diagnostic::error(format!("{} already exists", target.display()))
                    .help("choose another output file, or pass --force to overwrite it"),
            );
            return 1;
        }
    }
    let Some(input) = read_input(&args.file, diags) else {
        return 1;
    };
    let id = args
        .output
        .as_deref()
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| crate::format::is_valid_id(s))
        .unwrap_or_else(|| "imported".to_string());
    let options = Options {
        id,
        source: crate::diag::display_path(&args.file),
        org_inline: args.org_out.is_none(),
    };
    let Some(imported) = import(&input, &options, diags) else {
        return 1;
    };
    // A charter its own checks would refuse is not written at all.
    let size = imported.charter.len() as u64;
    if size > crate::sandbox::SOURCE_LIMIT {
        diags.push(
            Diagnostic::error(format!(
                "the imported charter would be {} MB, more than a charter may be ({} MB); nothing was written",
                crate::limits::mb(size),
                crate::limits::mb(crate::sandbox::SOURCE_LIMIT)
            ))
            .help("split the document into several files (one regulation each) and import them one by one"),
        );
        return 1;
    }
    if !args.quiet {
        eprint!("{}", imported.report);
    }
    let Some(output) = &args.output else {
        // On standard output: checked in memory first, printed only if it passes.
        let job = crate::discover::Job {
            path: PathBuf::from(format!("{}.toml", options.id)),
            root: PathBuf::from("."),
        };
        let pipeline = Pipeline::new(None, sandbox);
        let mut found = Diagnostics::new();
        let outcome = pipeline.resolve_source(&job, Some(&imported.charter), &mut found);
        if matches!(outcome, Outcome::Failed) || found.has_errors() {
            report_errors(&mut found, &pipeline.sources);
            eprintln!(
                "error: the imported charter does not pass `charter check` (see above); nothing was printed"
            );
            return 1;
        }
        print!("{}", imported.charter);
        return 0;
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some(org_out) = &args.org_out {
        files.push((org_out.clone(), imported.org_toml.into_bytes()));
    }
    files.push((output.clone(), imported.charter.into_bytes()));
    // What was there before (with --force), to put back if the check fails.
    let previous: Vec<(PathBuf, Option<Vec<u8>>)> = files
        .iter()
        .map(|(path, _)| (path.clone(), std::fs::read(path).ok()))
        .collect();
    if !crate::cmd::write_files(&files, std::slice::from_ref(&args.file), diags) {
        return 1;
    }
    let status = check(output, args, sandbox);
    if status != 0 {
        for (path, bytes) in previous {
            let _ = match bytes {
                Some(bytes) => crate::output::write_atomic(&path, &bytes),
                None => std::fs::remove_file(&path),
            };
        }
    }
    status
}

fn report_errors(diags: &mut Diagnostics, sources: &SourceMap) {
    diags.sort();
    for d in diags.list.iter().filter(|d| d.is_error()) {
        d.emit(sources);
    }
}

/// The imported charter must pass `charter check`: say so now rather than
/// at build. On failure the caller puts back what was there.
fn check(output: &Path, args: &ImportArgs, sandbox: &Sandbox) -> i32 {
    let org_found = args.org_out.as_deref().is_none_or(|org| {
        org.file_name().is_some_and(|n| n == "org.toml")
            && org.parent().map(crate::sandbox::absolute)
                == output.parent().map(crate::sandbox::absolute)
    });
    let org = if org_found {
        None
    } else {
        args.org_out.clone()
    };
    let pipeline = Pipeline::with_sources(org, SourceMap::new(), sandbox);
    let mut diags = Diagnostics::new();
    let jobs = discover(&[output.to_path_buf()], &mut diags);
    let failed = jobs
        .iter()
        .any(|job| matches!(pipeline.resolve(job, &mut diags), Outcome::Failed));
    report_errors(&mut diags, &pipeline.sources);
    let warnings = diags.warning_count();
    if failed || diags.has_errors() {
        eprintln!(
            "error: the imported charter {} does not pass `charter check` (see above); nothing was written",
            output.display()
        );
        return 1;
    }
    if !args.quiet {
        let org_hint = match (&args.org_out, org_found) {
            (Some(org), false) => format!(" --org {}", org.display()),
            _ => String::new(),
        };
        eprintln!(
            "wrote {}{}: it passes `charter check` ({warnings} warning{}{}); build it with `charter build {}{org_hint}`",
            output.display(),
            args.org_out
                .as_deref()
                .map(|p| format!(" and {}", p.display()))
                .unwrap_or_default(),
            if warnings == 1 { "" } else { "s" },
            if warnings > 0 {
                format!(", shown by `charter check {}`", output.display())
            } else {
                String::new()
            },
            output.display()
        );
    }
    0
}
