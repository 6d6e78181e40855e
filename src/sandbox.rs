//! The project root and bounded reads.
//!
//! Charters, models, org files and templates come from other organisations.
//! A path written *inside* such a file (`extends`, `template`, `logo`, a
//! template's `read`/`image`) must resolve, after symlinks, inside the
//! project root (default: the working folder; `--root DIR`), and name a
//! regular file of bounded size; it is refused before anything is read.
//! Paths given on the command line are the user's own choice and may be
//! anywhere, but they too are read only when they are regular files, up to
//! a size limit, so a FIFO or `/dev/zero` cannot hang or exhaust a run.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Largest charter, model, org file, template or theme read (a 20 MB
/// regulation, imported, still loads; typesetting has its own limit).
pub const SOURCE_LIMIT: u64 = 32 * 1024 * 1024;
/// Largest logo or image a template reads.
pub const IMAGE_LIMIT: u64 = 20 * 1024 * 1024;
/// Largest regulation `charter import` reads (a 20 MB text must still import).
pub const IMPORT_LIMIT: u64 = 64 * 1024 * 1024;
/// Largest CSV of survey answers.
pub const RESPONSES_LIMIT: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// The path leaves the project root (after following symlinks).
    Outside {
        root: PathBuf,
    },
    NotFound,
    /// A folder, FIFO, device or socket.
    NotRegular(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl Refusal {
    /// What went wrong, for the message of a diagnostic.
    pub fn describe(&self, shown: &str) -> String {
        match self {
            Refusal::Outside { root } => t!(
                "sandbox-outside",
                path = shown,
                root = root.display().to_string()
            ),
            Refusal::NotFound => t!("sandbox-not-found", path = shown),
            Refusal::NotRegular(kind) => {
                let kind = match *kind {
                    "a folder" => t!("sandbox-kind-folder"),
                    "a FIFO" => t!("sandbox-kind-fifo"),
                    "a device" => t!("sandbox-kind-device"),
                    "a socket" => t!("sandbox-kind-socket"),
                    // Not "… is not a regular file, not a regular file".
                    _ => return t!("sandbox-not-regular-other", path = shown),
                };
                t!("sandbox-not-regular", path = shown, kind = kind)
            }
            Refusal::TooLarge { size, limit } => t!(
                "sandbox-too-large",
                path = shown,
                size = size.div_ceil(1024 * 1024),
                limit = limit / (1024 * 1024)
            ),
            Refusal::Io(err) => t!("sandbox-unreadable", path = shown, error = err.to_string()),
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> String {
        match self {
            Refusal::Outside { .. } => t!("sandbox-outside-help"),
            Refusal::NotFound => t!("sandbox-not-found-help"),
            Refusal::NotRegular(_) => t!("sandbox-not-regular-help"),
            Refusal::TooLarge { .. } => t!("sandbox-too-large-help"),
            Refusal::Io(_) => t!("sandbox-unreadable-help"),
        }
    }
}

fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Checks that `path` (symlinks followed) is a regular file of at most `limit` bytes.
pub fn check_file(path: &Path, limit: u64) -> Result<u64, Refusal> {
    let meta = std::fs::metadata(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => Refusal::NotFound,
        _ => Refusal::Io(err),
    })?;
    if let Some(kind) = kind_of(&meta) {
        return Err(Refusal::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(meta.len())
}

/// Reads a regular file of at most `limit` bytes. The type is checked before
/// opening (opening a FIFO would block) and again on the open file, and at
/// most `limit + 1` bytes are read whatever the file claims.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    check_file(path, limit)?;
    let file = std::fs::File::open(path).map_err(Refusal::Io)?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if let Some(kind) = kind_of(&meta) {
        return Err(Refusal::NotRegular(kind));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// `path` with `.` and `..` removed without touching the file system
/// (`a/../../b` keeps its leading `..`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The canonical form of `path`, or of its deepest existing ancestor with
/// the rest appended, for a path that may not exist yet.
pub fn canonical_or_planned(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let absolute = normalize(&absolute);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(found) = std::fs::canonicalize(existing) {
            let mut out = found;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// The folder every path written inside a file must stay in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    /// A sandbox rooted at `root` (made absolute, symlinks resolved).
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: std::fs::canonicalize(root)?,
        })
    }

    /// The working folder, the default project root.
    pub fn working_folder() -> Self {
        Self::new(Path::new(".")).unwrap_or_else(|_| Self {
            root: std::env::current_dir().unwrap_or_default(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `path`, symlinks resolved, lies inside the root.
    pub fn contains(&self, path: &Path) -> bool {
        canonical_or_planned(path).starts_with(&self.root)
    }

    /// Resolves `written`, a path read from a file in `base_dir`: it must
    /// lead, after symlinks, to a regular file inside the root of at most
    /// `limit` bytes. Nothing is read. Returns the canonical path.
    pub fn resolve(&self, base_dir: &Path, written: &str, limit: u64) -> Result<PathBuf, Refusal> {
        let joined = base_dir.join(written);
        // Refuse before any look at the file when the path itself leaves the root.
        if !canonical_or_planned(&joined).starts_with(&self.root) {
            return Err(Refusal::Outside {
                root: self.root.clone(),
            });
        }
        let real = std::fs::canonicalize(&joined).map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => Refusal::NotFound,
            _ => Refusal::Io(err),
        })?;
        if !real.starts_with(&self.root) {
            return Err(Refusal::Outside {
                root: self.root.clone(),
            });
        }
        check_file(&real, limit)?;
        Ok(real)
    }

    /// Resolves `name`, a file a template asks for, inside the folder `dir`
    /// (itself inside the root): after symlinks it must stay in `dir`.
    pub fn resolve_in(&self, dir: &Path, name: &str, limit: u64) -> Result<PathBuf, Refusal> {
        let dir = std::fs::canonicalize(dir).map_err(Refusal::Io)?;
        if !dir.starts_with(&self.root) {
            return Err(Refusal::Outside {
                root: self.root.clone(),
            });
        }
        let inner = Sandbox { root: dir };
        inner.resolve(&inner.root.clone(), name, limit)
    }
}

/// `path` made absolute through the file system (`.` for an empty path),
/// as given when it does not exist.
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_without_the_file_system() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("a/../../b")), PathBuf::from("../b"));
        assert_eq!(normalize(Path::new("/../etc")), PathBuf::from("/etc"));
    }

    #[test]
    fn refuses_paths_leaving_the_root_and_odd_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("project");
        std::fs::create_dir_all(root.join("sub")).ok();
        std::fs::write(root.join("sub/a.toml"), "x").ok();
        std::fs::write(dir.path().join("secret"), "s").ok();
        let sandbox = Sandbox::new(&root).unwrap_or_else(|e| panic!("{e}"));
        let base = root.join("sub");
        assert!(sandbox.resolve(&base, "a.toml", 10).is_ok());
        assert!(matches!(
            sandbox.resolve(&base, "../../secret", 10),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(
            sandbox.resolve(&base, "/etc/passwd", 10),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(
            sandbox.resolve(&base, "missing.toml", 10),
            Err(Refusal::NotFound)
        ));
        assert!(matches!(
            sandbox.resolve(&base, ".", 10),
            Err(Refusal::NotRegular(_))
        ));
        assert!(matches!(
            sandbox.resolve(&base, "a.toml", 0),
            Err(Refusal::TooLarge { .. })
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), root.join("sub/link")).ok();
            assert!(matches!(
                sandbox.resolve(&base, "link", 10),
                Err(Refusal::Outside { .. })
            ));
            std::os::unix::fs::symlink("/", root.join("r")).ok();
            assert!(matches!(
                sandbox.resolve_in(&root, "r/etc/passwd", 1 << 20),
                Err(Refusal::Outside { .. })
            ));
        }
    }

    #[test]
    fn bounded_reads_refuse_devices_and_large_files() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 10),
            Err(Refusal::NotRegular(_))
        ));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("big");
        std::fs::write(&file, vec![b'x'; 100]).ok();
        assert!(matches!(
            read_bounded(&file, 99),
            Err(Refusal::TooLarge { .. })
        ));
        assert_eq!(read_bounded(&file, 100).map(|b| b.len()).ok(), Some(100));
    }
}
