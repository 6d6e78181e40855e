//! `charter check`: validate only.

use crate::cli::CheckArgs;
use crate::cmd::Reporter;
use crate::diag::Diagnostics;
use crate::discover::discover;
use crate::pipeline::{Outcome, Pipeline};

pub fn run(args: &CheckArgs, sandbox: &crate::sandbox::Sandbox) -> i32 {
    let pipeline = Pipeline::new(args.org.clone(), sandbox);
    let mut reporter = Reporter::new(args.quiet).showing_drafting();
    let mut diags = Diagnostics::new();
    let jobs = discover(&args.paths, &mut diags);
    reporter.report(&mut diags, &pipeline.sources);
    let (mut ok, mut models, mut failed) = (0, 0, 0);
    for job in &jobs {
        let mut diags = Diagnostics::new();
        match pipeline.resolve(job, &mut diags) {
            Outcome::Resolved(resolved) => {
                ok += 1;
                if !args.quiet {
                    print_excluded(&resolved.document);
                }
            }
            Outcome::Model => models += 1,
            Outcome::Failed => failed += 1,
        }
        reporter.report(&mut diags, &pipeline.sources);
    }
    if !args.quiet {
        eprintln!("{}", reporter.check_summary(jobs.len(), ok, models, failed));
    }
    i32::from(reporter.errors > 0 || failed > 0)
}

/// Says which parts a charter's conditions left out, so a reader of `check`
/// knows the numbering closed up over them.
fn print_excluded(doc: &crate::document::Document) {
    if doc.excluded.is_empty() {
        return;
    }
    eprintln!(
        "{}",
        t!(
            "check-excluded",
            file = &doc.source,
            count = doc.excluded.len()
        )
    );
    for part in &doc.excluded {
        eprintln!("  {}  {}  [{}]", part.path, part.text, part.when);
    }
}
