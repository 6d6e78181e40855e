//! `charter build`: resolve charters and write their outputs.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::cli::{BuildArgs, Format};
use crate::cmd::Reporter;
use crate::diag::{Diagnostic, Diagnostics};
use crate::discover::discover;
use crate::output::write_atomic;
use crate::pipeline::{Outcome, Pipeline, Resolved};

pub fn run(args: &BuildArgs) -> i32 {
    let started = std::time::Instant::now();
    let pipeline = Pipeline::new(args.org.clone());
    let mut reporter = Reporter::new(args.quiet);
    let mut diags = Diagnostics::new();
    let jobs = discover(&args.paths, &mut diags);
    reporter.report(&mut diags, &pipeline.sources);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();

    let (mut built, mut failed) = (0, 0);
    let mut claimed: HashMap<PathBuf, PathBuf> = HashMap::new();
    for job in &jobs {
        let mut diags = Diagnostics::new();
        if let Outcome::Resolved(resolved) = pipeline.resolve(job, &mut diags) {
            let stem = args
                .output
                .join(&resolved.org_folder)
                .join(&resolved.document.id);
            if let Some(other) = claimed.insert(stem.clone(), job.path.clone()) {
                diags.push(
                    Diagnostic::error(format!(
                        "{} and {} both write {}.*",
                        other.display(),
                        job.path.display(),
                        stem.display()
                    ))
                    .help("give one of them another id in [charter], or move it into its organisation's own folder"),
                );
                failed += 1;
            } else if write_outputs(&resolved, &stem, &formats, &mut diags) {
                built += 1;
            } else {
                failed += 1;
            }
        } else if diags.has_errors() {
            failed += 1;
        }
        reporter.report(&mut diags, &pipeline.sources);
    }
    if !args.quiet {
        eprintln!(
            "built {built}, failed {failed} in {:.2} s ({} warnings)",
            started.elapsed().as_secs_f64(),
            reporter.warnings
        );
    }
    i32::from(failed > 0 || reporter.errors > 0)
}

/// Renders every format first and writes only when all succeeded, so a
/// failed charter leaves its previous outputs untouched.
fn write_outputs(
    resolved: &Resolved,
    stem: &std::path::Path,
    formats: &[Format],
    diags: &mut Diagnostics,
) -> bool {
    let mut rendered = Vec::new();
    for format in formats {
        let bytes = match format {
            Format::Json => crate::cmd::build::json_bytes(&resolved.document),
            Format::Pdf | Format::Docx => {
                diags.push(Diagnostic::error(format!(
                    "{} output is not available in this build",
                    format.extension()
                )));
                return false;
            }
        };
        rendered.push((stem.with_extension(format.extension()), bytes));
    }
    for (path, bytes) in rendered {
        if let Err(err) = write_atomic(&path, &bytes) {
            diags.push(
                Diagnostic::error(format!("cannot write {}: {err}", path.display()))
                    .help("check that the output folder is writable (-o DIR to choose another)"),
            );
            return false;
        }
    }
    true
}

pub fn json_bytes(document: &crate::document::Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
