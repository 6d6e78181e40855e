//! `charter volume`: bind an organisation's charters into one volume.

use crate::backend::{Backends, Options};
use crate::cli::VolumeArgs;
use crate::sandbox::Sandbox;
use crate::volume::Request;

pub fn run(args: &VolumeArgs, sandbox: &Sandbox) -> i32 {
    let mut ok = true;
    crate::cmd::reported(|sources, diags| {
        for (option, value) in [("--title", &args.title), ("--date", &args.date)] {
            if let Some(value) = value {
                ok &= crate::cmd::clean_argument(option, value, diags);
            }
        }
        if !ok {
            return 2;
        }
        let backends = Backends::new(
            sandbox,
            Options {
                font_paths: args.font_path.clone(),
                ..Options::default()
            },
        );
        let request = Request {
            folder: args.folder.clone(),
            output: args.output.clone(),
            formats: args.format.clone(),
            title: args.title.clone(),
            date: args.date.clone(),
            org: args.org.clone(),
            force: args.force,
            quiet: args.quiet,
        };
        let status = crate::volume::build(&request, &backends, sources, diags);
        if args.quiet {
            diags.list.retain(|d| d.is_error());
        }
        status
    })
}
