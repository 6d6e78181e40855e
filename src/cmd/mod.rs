//! One module per subcommand.

pub mod build;
pub mod check;
pub mod diff;
pub mod fonts;
pub mod import;
pub mod new;
pub mod revise;
pub mod survey;
pub mod watch;

use crate::diag::{Diagnostics, Reporter, SourceMap};

/// Runs a single-charter command and prints what it reported.
pub fn reported(command: impl FnOnce(&SourceMap, &mut Diagnostics) -> i32) -> i32 {
    let mut reporter = Reporter::new(false);
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let status = command(&sources, &mut diags);
    reporter.report(&mut diags, &sources);
    status
}

/// Whether text given on the command line is free of control characters
/// (it goes into a charter, where they are errors).
pub fn clean_argument(option: &str, value: &str, diags: &mut Diagnostics) -> bool {
    match crate::hygiene::first_forbidden(value) {
        None => true,
        Some((_, c)) => {
            diags.push(
                crate::diag::Diagnostic::error(format!(
                    "{option} holds a control character ({})",
                    crate::hygiene::code_point(c)
                ))
                .help("give plain text"),
            );
            false
        }
    }
}

/// Writes a command's outputs, all or none, refusing any that would
/// overwrite one of the command's `inputs`; says what it wrote.
pub fn write_outputs(
    outputs: &[(std::path::PathBuf, Vec<u8>)],
    inputs: &[std::path::PathBuf],
    diags: &mut Diagnostics,
) -> bool {
    use crate::diag::Diagnostic;
    for (path, _) in outputs {
        if let Some(input) = crate::output::overwritten_input(path, inputs) {
            diags.push(
                Diagnostic::error(format!(
                    "{} is an input of this command; it is not overwritten",
                    input.display()
                ))
                .help("write the output to another file with -o"),
            );
            return false;
        }
    }
    match crate::output::write_all_or_nothing(outputs) {
        Ok(()) => {
            for (path, _) in outputs {
                eprintln!("wrote {}", path.display());
            }
            true
        }
        Err(err) => {
            diags.push(
                Diagnostic::error(err.to_string())
                    .help("check that the folder exists and is writable"),
            );
            false
        }
    }
}

/// Resolves one charter file given on the command line, for commands that
/// work on a single charter (survey, tally, diff).
pub fn resolve_one(
    path: &std::path::Path,
    org: Option<std::path::PathBuf>,
    sandbox: &crate::sandbox::Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<(crate::pipeline::Pipeline, crate::pipeline::Resolved)> {
    use crate::diag::Diagnostic;
    use crate::pipeline::{Outcome, Pipeline};
    if !path.is_file() {
        diags.push(
            Diagnostic::error(format!("no such charter file: {}", path.display()))
                .help("give the path of a charter's .toml file"),
        );
        return None;
    }
    let pipeline = Pipeline::with_sources(org, sources.clone(), sandbox);
    let jobs = crate::discover::discover(&[path.to_path_buf()], diags);
    let job = jobs.first()?;
    match pipeline.resolve(job, diags) {
        Outcome::Resolved(resolved) => Some((pipeline, *resolved)),
        Outcome::Model => {
            diags.push(
                Diagnostic::error(format!(
                    "{} is a model charter (model = true)",
                    path.display()
                ))
                .help("give a charter that extends it, for an organisation"),
            );
            None
        }
        Outcome::Failed => None,
    }
}
