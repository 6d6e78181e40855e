//! `charter serve`: see [`crate::studio`].

use crate::cli::ServeArgs;
use crate::sandbox::Sandbox;

pub fn run(args: &ServeArgs, sandbox: &Sandbox) -> i32 {
    let options = crate::studio::Options {
        folder: args
            .path
            .clone()
            .unwrap_or_else(|| crate::discover::DEFAULT_PATH.into()),
        port: args.port,
        open: !args.no_open,
        font_paths: args.font_path.clone(),
    };
    crate::studio::serve(&options, sandbox)
}
