//! `charter new`: see [`crate::scaffold`].

use crate::cli::NewArgs;
use crate::diag::{Diagnostics, SourceMap};
use crate::format::PLACEHOLDER;
use crate::sandbox::Sandbox;
use crate::scaffold::Request;

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
    let request = Request {
        org_dir: &args.org_dir,
        name: &args.name,
        kind: args.kind.map(Into::into),
        model: args.model.as_deref(),
        models: sandbox.root().join(crate::scaffold::KIT_FOLDER),
    };
    let Some(scaffold) = crate::scaffold::scaffold(&request, sandbox, sources, diags) else {
        return 1;
    };
    if !crate::cmd::write_files(&scaffold.files, &scaffold.inputs, diags) {
        return 1;
    }
    for (path, _) in &scaffold.files {
        if *path == scaffold.org_file && !scaffold.added.is_empty() {
            println!("added to {}: {}", path.display(), scaffold.added.join(", "));
        } else {
            println!("created {}", crate::diag::display_path(path));
        }
    }
    for path in &scaffold.kept {
        println!(
            "kept {} (already there, not changed)",
            crate::diag::display_path(path)
        );
    }
    let folder = args.org_dir.display();
    println!(
        "next: fill in the {PLACEHOLDER} values in {}, run `charter check {folder}`, then `charter build {folder}`{}",
        scaffold.org_file.display(),
        if args.kind.is_some() {
            format!(" and `charter volume {folder}`")
        } else {
            String::new()
        }
    );
    0
}
