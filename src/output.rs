//! Writing outputs atomically: a failed or killed build leaves the previous
//! file in place, never a half-written one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Removes temporaries a killed build left in `dir` (`.name.<pid>.tmp`).
/// Only old ones: a younger one may belong to a build running right now.
pub fn remove_stale_temporaries(dir: &Path) {
    let stale = std::time::Duration::from_secs(600);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with('.') && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > stale);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("charter-output-{}", std::process::id()));
        let path = dir.join("sub/a.json");
        write_atomic(&path, b"one").ok();
        write_atomic(&path, b"two").ok();
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"two"[..]));
        let entries = std::fs::read_dir(dir.join("sub"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(entries, 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
