//! Incremental builds: a manifest in the output folder records, for each
//! document, a fingerprint of everything it was made from and the files it
//! wrote. A document whose fingerprint is unchanged and whose files are all
//! there is not rebuilt. A missing or unreadable manifest means a full build.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

/// Name of the manifest in the output folder.
pub const FILE_NAME: &str = ".charter-manifest.json";
const VERSION: u32 = 1;
/// Largest manifest read (about 200 bytes an entry).
const LIMIT: u64 = 256 * 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Fingerprint of every input of the document.
    pub fingerprint: String,
    /// Files written for it, relative to the output folder.
    pub outputs: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// Keyed by output stem, relative to the output folder (`qingshan/articles`).
    pub entries: BTreeMap<String, Entry>,
}

impl Manifest {
    /// The manifest of `dir`, or an empty one when there is none or it cannot
    /// be read (then everything is built, which is always correct).
    pub fn load(dir: &Path) -> Self {
        crate::sandbox::read_bounded(&dir.join(FILE_NAME), LIMIT)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default()
    }

    /// Applies this run's changes (`Some`: built, `None`: failed) to the
    /// manifest on disk as it is now, under a lock: builds running side by
    /// side into one folder (shards) keep each other's entries.
    pub fn update(dir: &Path, changes: &BTreeMap<String, Option<Entry>>) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        // The folder itself is the lock: no lock file is left behind.
        let lock = std::fs::File::open(dir)?;
        lock.lock()?;
        let mut manifest = Manifest::load(dir);
        for (key, change) in changes {
            match change {
                Some(entry) => manifest.entries.insert(key.clone(), entry.clone()),
                None => manifest.entries.remove(key),
            };
        }
        manifest.version = VERSION;
        let mut bytes = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        let written = crate::output::write_atomic(&dir.join(FILE_NAME), &bytes);
        let _ = lock.unlock();
        written
    }

    /// Whether `key` was built from the same inputs and its files are all there.
    pub fn is_fresh(&self, dir: &Path, key: &str, fingerprint: &str) -> bool {
        self.entries.get(key).is_some_and(|e| {
            e.fingerprint == fingerprint
                && !e.outputs.is_empty()
                && e.outputs.iter().all(|o| dir.join(o).is_file())
        })
    }
}

/// A stable fingerprint (SipHash-1-3, 128 bits, fixed keys): the same
/// inputs give the same value on every machine and run.
pub struct Fingerprint(SipHasher13);

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        Self(SipHasher13::new_with_keys(
            0x6368_6172_7465_7200,
            0x6d61_6e69_6665_7374,
        ))
    }

    /// Adds a labelled piece; lengths are included so pieces cannot run together.
    pub fn add(&mut self, label: &str, bytes: &[u8]) -> &mut Self {
        self.0.write(&(label.len() as u64).to_le_bytes());
        self.0.write(label.as_bytes());
        self.0.write(&(bytes.len() as u64).to_le_bytes());
        self.0.write(bytes);
        self
    }

    /// Adds a file's path and content (or its absence).
    pub fn add_file(&mut self, path: &Path) -> &mut Self {
        let content = crate::sandbox::read_bounded(path, crate::sandbox::IMAGE_LIMIT)
            .unwrap_or_else(|_| b"\0missing".to_vec());
        self.add("file", path.to_string_lossy().as_bytes())
            .add("content", &content)
    }

    /// Adds a file's path, size and modification time without reading it
    /// (for large files such as fonts and the charter binary itself).
    pub fn add_file_stamp(&mut self, path: &Path) -> &mut Self {
        let stamp = std::fs::metadata(path)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                format!("{}:{modified}", m.len())
            })
            .unwrap_or_else(|_| "missing".into());
        self.add("stamp", path.to_string_lossy().as_bytes())
            .add("at", stamp.as_bytes())
    }

    pub fn finish(&self) -> String {
        format!("{:032x}", self.0.finish128().as_u128())
    }
}

/// `K/N`: this run builds the K-th of N stable parts of the charters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u64,
    pub count: u64,
}

/// Why a `--shard` value is not K/N.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardError(String);

impl std::fmt::Display for ShardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShardError {}

impl std::str::FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| ShardError(t!("cmd-shard-form")))?;
        let number = |part: &str| {
            part.trim()
                .parse::<u64>()
                .map_err(|_| ShardError(t!("cmd-shard-not-a-number", part = part)))
        };
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 || index == 0 || index > count {
            return Err(ShardError(t!(
                "cmd-shard-range",
                index = index,
                count = count
            )));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether a charter belongs to this shard: by a stable hash of its path
    /// relative to the folder that was searched, so every machine agrees.
    pub fn contains(&self, relative: &Path) -> bool {
        let key = relative.to_string_lossy().replace('\\', "/");
        let mut hash = Fingerprint::new();
        hash.add("shard", key.as_bytes());
        let value = hash.0.finish128().as_u128();
        (value % u128::from(self.count)) as u64 == self.index - 1
    }
}

/// A charter path relative to its search root, for shard keys.
pub fn relative_key(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_sensitive() {
        let mut a = Fingerprint::new();
        a.add("x", b"abc");
        let mut b = Fingerprint::new();
        b.add("x", b"abc");
        assert_eq!(a.finish(), b.finish());
        let mut c = Fingerprint::new();
        c.add("x", b"ab").add("c", b"");
        assert_ne!(a.finish(), c.finish());
        // Fixed keys: a known value, the same on every machine.
        assert_eq!(a.finish().len(), 32);
    }

    #[test]
    fn shards_partition_every_path_once() {
        let paths: Vec<PathBuf> = (0..500)
            .map(|i| PathBuf::from(format!("orgs/org-{i}/service.toml")))
            .collect();
        let shards: Vec<Shard> = (1..=7).map(|k| Shard { index: k, count: 7 }).collect();
        for p in &paths {
            assert_eq!(shards.iter().filter(|s| s.contains(p)).count(), 1);
        }
        let sizes: Vec<usize> = shards
            .iter()
            .map(|s| paths.iter().filter(|p| s.contains(p)).count())
            .collect();
        assert!(sizes.iter().all(|&n| n > 40), "{sizes:?}");
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert!("0/8".parse::<Shard>().is_err());
        assert!("9/8".parse::<Shard>().is_err());
        assert!("2".parse::<Shard>().is_err());
    }

    #[test]
    fn corrupt_manifest_means_empty() {
        let dir = std::env::temp_dir().join(format!("charter-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(dir.join(FILE_NAME), b"{ not json").ok();
        assert!(Manifest::load(&dir).entries.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
