//! `charter log FILE`: see [`crate::history::log`].

use crate::cli::LogArgs;
use crate::sandbox::Sandbox;

pub fn run(args: &LogArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| {
        crate::history::log(&args.charter, args.org.clone(), sandbox, sources, diags)
    })
}
