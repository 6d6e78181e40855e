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
            println!(
                "{}",
                t!(
                    "new-added",
                    path = path.display().to_string(),
                    keys = scaffold.added.join(&t!("list-separator"))
                )
            );
        } else {
            println!(
                "{}",
                t!("new-created", path = crate::diag::display_path(path))
            );
        }
    }
    for path in &scaffold.kept {
        println!("{}", t!("new-kept", path = crate::diag::display_path(path)));
    }
    let folder = args.org_dir.display().to_string();
    let org_file = scaffold.org_file.display().to_string();
    let next = if args.kind.is_some() {
        t!(
            "new-next-volume",
            placeholder = PLACEHOLDER,
            file = org_file,
            folder = folder
        )
    } else {
        t!(
            "new-next",
            placeholder = PLACEHOLDER,
            file = org_file,
            folder = folder
        )
    };
    println!("{next}");
    0
}
