//! Writing outputs: all of a charter's files or none, each replaced
//! atomically, never over one of the command's own inputs.
//!
//! Every temporary file is named `.charter-tmp.<pid>.<n>.<name>`: a name
//! only charter makes, and the only files charter ever cleans up.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Prefix of every temporary file charter makes.
pub const TEMP_PREFIX: &str = ".charter-tmp.";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_beside(path: &Path, suffix: &str) -> PathBuf {
    let dir = parent_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(
        "{TEMP_PREFIX}{}.{n}.{name}{suffix}",
        std::process::id()
    ))
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Why a set of files was not written; none of them changed.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&t!(
            "output-cannot-write",
            path = self.path.display().to_string(),
            reason = self.error.to_string()
        ))
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_or_nothing(&[(path.to_path_buf(), bytes.to_vec())]).map_err(|e| e.error)
}

/// Writes every file or none: each goes to a temporary file first; only when
/// all are written are they renamed into place, and a rename that fails
/// puts back the files already replaced.
pub fn write_all_or_nothing(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let fail = |staged: &[(PathBuf, PathBuf)], path: &Path, error: std::io::Error| {
        for (temp, _) in staged {
            let _ = std::fs::remove_file(temp);
        }
        Err(WriteError {
            path: path.to_path_buf(),
            error,
        })
    };
    for (path, bytes) in files {
        if path.is_dir() {
            return fail(
                &staged,
                path,
                std::io::Error::other(t!("output-folder-in-the-way")),
            );
        }
        let temp = temp_beside(path, "");
        let written = (|| {
            std::fs::create_dir_all(parent_of(path))?;
            let mut file = std::fs::File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()
        })();
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temp);
            return fail(&staged, path, error);
        }
        staged.push((temp, path.clone()));
    }
    // Keep the previous version of each file under a temporary name (a hard
    // link, so the file itself never disappears) until all are in place.
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for (index, (temp, path)) in staged.iter().enumerate() {
        let backup = if path.symlink_metadata().is_ok() {
            let backup = temp_beside(path, ".old");
            let kept = std::fs::hard_link(path, &backup)
                .or_else(|_| std::fs::copy(path, &backup).map(|_| ()));
            match kept {
                Ok(()) => Some(backup),
                Err(error) => {
                    undo(&done);
                    return fail(&staged[index..], path, error);
                }
            }
        } else {
            None
        };
        if let Err(error) = std::fs::rename(temp, path) {
            if let Some(backup) = &backup {
                let _ = std::fs::remove_file(backup);
            }
            undo(&done);
            return fail(&staged[index..], path, error);
        }
        done.push((path.clone(), backup));
    }
    for (_, backup) in done {
        if let Some(backup) = backup {
            let _ = std::fs::remove_file(backup);
        }
    }
    Ok(())
}

/// Puts back the files replaced so far.
fn undo(done: &[(PathBuf, Option<PathBuf>)]) {
    for (path, backup) in done.iter().rev() {
        let _ = match backup {
            Some(backup) => std::fs::rename(backup, path),
            None => std::fs::remove_file(path),
        };
    }
}

/// Replaces an existing file in place, as an editor would: through a
/// symlink to its target, keeping its permissions.
pub fn replace_keeping(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&real)?.permissions();
    let temp = temp_beside(&real, "");
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(&temp, permissions)?;
        std::fs::rename(&temp, &real)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Removes temporaries a killed charter left in `dir`: only names charter
/// makes, and only those whose process is gone (or, where that cannot be
/// told, that are over an hour old).
pub fn remove_stale_temporaries(dir: &Path) {
    let processes = Path::new("/proc/self").exists();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|rest| rest.split('.').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let stale = if processes {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600))
        };
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The input `output` would overwrite, if any: the same path after
/// symlinks, or the same file under another name (a hard link).
pub fn overwritten_input<'a>(output: &Path, inputs: &'a [PathBuf]) -> Option<&'a PathBuf> {
    let planned = crate::sandbox::canonical_or_planned(output);
    let identity = file_identity(output);
    inputs.iter().find(|input| {
        crate::sandbox::canonical_or_planned(input) == planned
            || (identity.is_some() && file_identity(input) == identity)
    })
}

#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("sub/a.json");
        write_atomic(&path, b"one").ok();
        write_atomic(&path, b"two").ok();
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"two"[..]));
        assert_eq!(names(&dir.path().join("sub")), ["a.json"]);
    }

    #[test]
    fn a_failing_file_leaves_every_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (a, b) = (dir.path().join("x.pdf"), dir.path().join("x.docx"));
        std::fs::write(&a, "old pdf").ok();
        std::fs::create_dir(&b).ok();
        let result = write_all_or_nothing(&[(a.clone(), b"new".to_vec()), (b, b"new".to_vec())]);
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&a).ok().as_deref(), Some("old pdf"));
        assert_eq!(names(dir.path()), ["x.docx", "x.pdf"]);
    }

    #[test]
    fn only_charters_own_temporaries_are_cleaned() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join(".notes.tmp"), "mine").ok();
        std::fs::write(dir.path().join(".charter-tmp.999999999.0.a.pdf"), "").ok();
        remove_stale_temporaries(dir.path());
        assert_eq!(names(dir.path()), [".notes.tmp"]);
    }

    #[test]
    fn replacing_keeps_mode_and_symlink() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let real = dir.path().join("real.toml");
        std::fs::write(&real, "a").ok();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).ok();
            let link = dir.path().join("link.toml");
            std::os::unix::fs::symlink(&real, &link).ok();
            replace_keeping(&link, b"b").ok();
            assert!(
                link.symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
            );
            assert_eq!(std::fs::read_to_string(&real).ok().as_deref(), Some("b"));
            let mode = std::fs::metadata(&real).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o444));
        }
    }
}
