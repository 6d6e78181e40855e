//! Discover: the charter files under the paths given on the command line.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};

/// The default place of charters.
pub const DEFAULT_PATH: &str = "charters";

/// A charter file to process, with the folder its search for `org.toml` stops at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub path: PathBuf,
    pub root: PathBuf,
}

/// Files ending in `.toml`, except `org.toml` and `volume.toml`, in a stable order (sorted by
/// path), folders walked recursively. Hidden folders are skipped, among
/// them `.history`, where `charter revise` keeps earlier versions.
pub fn discover(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<Job> {
    let default = [PathBuf::from(DEFAULT_PATH)];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut jobs = Vec::new();
    for path in paths {
        if path.is_file() {
            // A version kept by `charter revise` is read only as FILE@VERSION.
            if crate::history::is_kept_copy(path) {
                diags.push(
                    Diagnostic::error(t!("history-kept-copy", file = path.display().to_string()))
                        .help(t!("history-kept-copy-help")),
                );
                continue;
            }
            jobs.push(Job {
                path: path.clone(),
                root: file_root(path),
            });
            continue;
        }
        if !path.is_dir() {
            diags.push(
                Diagnostic::error(t!("discover-no-path", path = path.display().to_string()))
                    .help(t!("discover-no-path-help")),
            );
            continue;
        }
        let walker = WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(entry)
                    if is_charter_file(entry.path())
                        && entry.file_type().is_file()
                        && !crate::history::is_kept_copy(entry.path()) =>
                {
                    jobs.push(Job {
                        path: entry.path().to_path_buf(),
                        root: path.clone(),
                    })
                }
                Ok(_) => {}
                Err(err) => diags.push(
                    Diagnostic::error(t!("discover-unreadable", error = err.to_string()))
                        .help(t!("discover-unreadable-help")),
                ),
            }
        }
    }
    jobs.dedup_by(|a, b| a.path == b.path);
    jobs
}

fn is_charter_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
        && path
            .file_name()
            .is_some_and(|n| n != "org.toml" && n != crate::volume::SPEC_FILE)
}

/// For a single file, `org.toml` is searched up to the working directory when
/// the file is below it, else only in the file's own folder.
fn file_root(path: &Path) -> PathBuf {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let cwd = std::env::current_dir().unwrap_or_default();
    match std::fs::canonicalize(parent) {
        Ok(absolute) if absolute.starts_with(&cwd) => cwd,
        _ => parent.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_org_files_and_hidden_folders() {
        let dir = std::env::temp_dir().join(format!("charter-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in [
            "b/x.toml",
            "a/org.toml",
            "a/y.toml",
            ".hidden/z.toml",
            "a/notes.txt",
        ] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap_or(&dir)).ok();
            std::fs::write(&path, "").ok();
        }
        let mut diags = Diagnostics::new();
        let jobs = discover(std::slice::from_ref(&dir), &mut diags);
        let names: Vec<String> = jobs
            .iter()
            .map(|j| {
                j.path
                    .strip_prefix(&dir)
                    .unwrap_or(&j.path)
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["a/y.toml", "b/x.toml"]);
        assert!(diags.list.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_path_is_an_error() {
        let mut diags = Diagnostics::new();
        let jobs = discover(&[PathBuf::from("/nonexistent/charters")], &mut diags);
        assert!(jobs.is_empty());
        assert!(diags.has_errors());
    }
}
