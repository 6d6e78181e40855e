//! `charter watch`: build, then rebuild whenever a source changes. The
//! incremental build rebuilds exactly the documents whose inputs changed, so
//! a change to a model rebuilds every charter extending it and nothing else.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::batch::build;
use crate::cli::BuildArgs;
use crate::cmd::build::{backends, batch};
use crate::discover::DEFAULT_PATH;

/// Changes closer together than this are one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(300);

pub fn run(args: &BuildArgs, sandbox: &crate::sandbox::Sandbox) -> i32 {
    let (sender, events) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    }) {
        Ok(w) => w,
        Err(err) => {
            eprintln!(
                "{}: {}",
                t!("severity-error"),
                t!("watch-unavailable", reason = err.to_string())
            );
            return 1;
        }
    };
    let mut roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_PATH)]
    } else {
        args.paths.clone()
    };
    roots.extend(
        [sandbox.root().join("templates")]
            .into_iter()
            .filter(|p| p.is_dir()),
    );
    roots.extend(args.org.iter().cloned());
    for root in &roots {
        let mode = if root.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if let Err(err) = watcher.watch(root, mode) {
            eprintln!(
                "{}: {}",
                t!("severity-error"),
                t!(
                    "watch-cannot-watch",
                    path = root.display().to_string(),
                    reason = err.to_string()
                )
            );
            return 1;
        }
    }
    let output = std::fs::canonicalize(&args.output).unwrap_or_else(|_| args.output.clone());
    build(&batch(args), &backends(args, sandbox));
    if !args.quiet {
        let watched = roots
            .iter()
            .map(|r| r.display().to_string())
            .collect::<Vec<_>>()
            .join(&t!("list-separator"));
        eprintln!("{}", t!("watch-watching", paths = watched));
    }
    loop {
        let Ok(first) = events.recv() else {
            return 0;
        };
        if !relevant(&first, &output) {
            continue;
        }
        // Wait for a quiet moment: editors save in several steps.
        while events.recv_timeout(DEBOUNCE).is_ok() {}
        if !args.quiet {
            eprintln!("{}", t!("watch-rebuilding"));
        }
        // Fresh backends: an edited template is read again.
        build(&batch(args), &backends(args, sandbox));
    }
}

/// A change to a source, not to our own outputs or temporary files.
fn relevant(event: &notify::Result<notify::Event>, output: &Path) -> bool {
    let Ok(event) = event else {
        return false;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|path| {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        // A version `charter revise` keeps is not a source of the build.
        !hidden && !absolute.starts_with(output) && !crate::history::is_kept_copy(path)
    })
}
