//! `charter check`: validate only.

use crate::cli::CheckArgs;
use crate::cmd::Reporter;
use crate::diag::Diagnostics;
use crate::discover::discover;
use crate::pipeline::{Outcome, Pipeline};

pub fn run(args: &CheckArgs, sandbox: &crate::sandbox::Sandbox) -> i32 {
    let pipeline = Pipeline::new(args.org.clone(), sandbox);
    let mut reporter = Reporter::new(args.quiet);
    let mut diags = Diagnostics::new();
    let jobs = discover(&args.paths, &mut diags);
    reporter.report(&mut diags, &pipeline.sources);
    let (mut ok, mut models, mut failed) = (0, 0, 0);
    for job in &jobs {
        let mut diags = Diagnostics::new();
        match pipeline.resolve(job, &mut diags) {
            Outcome::Resolved(_) => ok += 1,
            Outcome::Model => models += 1,
            Outcome::Failed => failed += 1,
        }
        reporter.report(&mut diags, &pipeline.sources);
    }
    if !args.quiet {
        eprintln!(
            "checked {} charters ({ok} valid, {models} models, {failed} with errors): {} errors, {} warnings",
            jobs.len(),
            reporter.errors,
            reporter.warnings
        );
    }
    i32::from(reporter.errors > 0 || failed > 0)
}
