//! `charter import`: an existing regulation (.txt, .md, .docx) → a charter.

use std::path::Path;

use crate::cli::ImportArgs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::discover::discover;
use crate::import::{Options, import, read_input};
use crate::output::write_atomic;
use crate::pipeline::{Outcome, Pipeline};

pub fn run(args: &ImportArgs, sandbox: &crate::sandbox::Sandbox) -> i32 {
    let sources = SourceMap::new();
    match import_file(args, sandbox) {
        Ok(status) => status,
        Err(diagnostic) => {
            diagnostic.emit(&sources);
            1
        }
    }
}

fn import_file(
    args: &ImportArgs,
    sandbox: &crate::sandbox::Sandbox,
) -> Result<i32, Box<Diagnostic>> {
    let mut inputs = vec![args.file.clone()];
    for target in args.output.iter().chain(&args.org_out) {
        if let Some(input) = crate::output::overwritten_input(target, &inputs) {
            return Err(Box::new(
                Diagnostic::error(format!(
                    "{} is the file being imported (or written twice); it is not overwritten",
                    input.display()
                ))
                .help("write the charter and the org file to other files"),
            ));
        }
        inputs.push(target.clone());
        if target.exists() && !args.force {
            return Err(Box::new(
                Diagnostic::error(format!("{} already exists", target.display()))
                    .help("choose another output file, or pass --force to overwrite it"),
            ));
        }
    }
    let input = read_input(&args.file)?;
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
    let imported = import(&input, &options)?;
    let write = |path: &Path, text: &str| {
        write_atomic(path, text.as_bytes()).map_err(|err| {
            Box::new(
                Diagnostic::error(format!("cannot write {}: {err}", path.display()))
                    .help("check that the folder exists and is writable"),
            )
        })
    };
    if let Some(org_out) = &args.org_out {
        write(org_out, &imported.org_toml)?;
    }
    match &args.output {
        Some(output) => write(output, &imported.charter)?,
        None => print!("{}", imported.charter),
    }
    if !args.quiet {
        eprint!("{}", imported.report);
    }
    let Some(output) = &args.output else {
        return Ok(0);
    };
    // The result must pass `charter check`; say so now rather than at build.
    let org_found = args.org_out.as_deref().is_none_or(|org| {
        org.file_name().is_some_and(|n| n == "org.toml")
            && org.parent().map(absolute) == output.parent().map(absolute)
    });
    let pipeline = Pipeline::new(
        if org_found {
            None
        } else {
            args.org_out.clone()
        },
        sandbox,
    );
    let mut diags = Diagnostics::new();
    let jobs = discover(std::slice::from_ref(output), &mut diags);
    let mut failed = false;
    for job in &jobs {
        if let Outcome::Failed = pipeline.resolve(job, &mut diags) {
            failed = true;
        }
    }
    diags.sort();
    for d in diags.list.iter().filter(|d| d.is_error()) {
        d.emit(&pipeline.sources);
    }
    let warnings = diags.warning_count();
    if failed || diags.has_errors() {
        eprintln!(
            "error: the imported charter {} does not pass `charter check` (see above)",
            output.display()
        );
        return Ok(1);
    }
    if !args.quiet {
        let org_hint = if org_found {
            String::new()
        } else {
            format!(
                " --org {}",
                args.org_out
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            )
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
    Ok(0)
}

fn absolute(path: &Path) -> std::path::PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
