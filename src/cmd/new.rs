//! `charter new`: see [`crate::scaffold`].

use crate::cli::NewArgs;
use crate::diag::{Diagnostics, SourceMap};
use crate::format::PLACEHOLDER;
use crate::sandbox::Sandbox;

pub fn run(args: &NewArgs, sandbox: &Sandbox) -> i32 {
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let status = create(args, sandbox, &sources, &mut diags);
    diags.sort();
    for d in &diags.list {
        d.emit(&sources);
    }
    status
}

fn create(args: &NewArgs, sandbox: &Sandbox, sources: &SourceMap, diags: &mut Diagnostics) -> i32 {
    if !crate::cmd::clean_argument("--name", &args.name, diags) {
        return 2;
    }
    let Some(scaffold) = crate::scaffold::scaffold(
        &args.org_dir,
        &args.name,
        args.model.as_deref(),
        args.force,
        sandbox,
        sources,
        diags,
    ) else {
        return 1;
    };
    if !crate::cmd::write_files(&scaffold.files, &scaffold.inputs, diags) {
        return 1;
    }
    for (path, _) in &scaffold.files {
        println!("created {}", path.display());
    }
    println!(
        "next: fill in the {PLACEHOLDER} values in {}, then run `charter build {}`",
        scaffold.org_file.display(),
        scaffold.charter_file.display()
    );
    0
}
