//! One module per subcommand.

pub mod amend;
pub mod build;
pub mod check;
pub mod diff;
pub mod fonts;
pub mod import;
pub mod log;
pub mod new;
pub mod revise;
pub mod schema;
pub mod serve;
pub mod survey;
pub mod volume;
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
                crate::diag::Diagnostic::error(t!(
                    "cmd-control-character",
                    option = option,
                    code = crate::hygiene::code_point(c)
                ))
                .help(t!("cmd-control-character-help")),
            );
            false
        }
    }
}

/// Writes a command's files, all or none, refusing any that would
/// overwrite one of the command's `inputs`.
pub fn write_files(
    files: &[(std::path::PathBuf, Vec<u8>)],
    inputs: &[std::path::PathBuf],
    diags: &mut Diagnostics,
) -> bool {
    use crate::diag::Diagnostic;
    for (path, _) in files {
        if let Some(input) = crate::output::overwritten_input(path, inputs) {
            diags.push(
                Diagnostic::error(t!(
                    "cmd-input-overwritten",
                    path = input.display().to_string()
                ))
                .help(t!("cmd-input-overwritten-help")),
            );
            return false;
        }
    }
    match crate::output::write_all_or_nothing(files) {
        Ok(()) => true,
        Err(err) => {
            diags.push(Diagnostic::error(err.to_string()).help(t!("cmd-unwritable-help")));
            false
        }
    }
}

/// [`write_files`], then says what was written.
pub fn write_outputs(
    outputs: &[(std::path::PathBuf, Vec<u8>)],
    inputs: &[std::path::PathBuf],
    diags: &mut Diagnostics,
) -> bool {
    let written = write_files(outputs, inputs, diags);
    if written {
        for (path, _) in outputs {
            eprintln!("{}", t!("output-wrote", path = path.display().to_string()));
        }
    }
    written
}
