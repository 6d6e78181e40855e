//! `charter amend apply OLD AMENDMENT -o NEW`: see [`crate::amendment::run`].

use crate::amendment::run::{Request, apply_command};
use crate::cli::AmendApplyArgs;
use crate::sandbox::Sandbox;

pub fn apply(args: &AmendApplyArgs, sandbox: &Sandbox) -> i32 {
    let request = Request {
        old: &args.old,
        amendment: &args.amendment,
        output: &args.output,
        summary: args.summary.as_deref(),
        version: args.version.as_deref(),
        org: args.org.clone(),
    };
    crate::cmd::reported(|sources, diags| apply_command(&request, sandbox, sources, diags))
}
