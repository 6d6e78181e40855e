//! Paths named by requests, inside the served folder only, and what the
//! home page lists about each charter.
//!
//! A request's path is relative to the served folder. It is refused before
//! any look at the disk when it is absolute, climbs with `..` or names a
//! hidden file, then resolved by the folder's [`Sandbox`], which follows
//! symlinks and refuses anything that lands outside.

use std::path::{Component, Path, PathBuf};

use axum::http::StatusCode;
use serde::Serialize;

use super::Studio;
use super::api::ApiError;
use crate::diag::Diagnostics;
use crate::discover::Job;
use crate::pipeline::{Outcome, Pipeline};
use crate::sandbox::{Refusal, SOURCE_LIMIT};

impl Studio {
    /// The file `relative` names inside the served folder, canonical: a
    /// regular `.toml` file of bounded size, else an error to answer with.
    pub(super) fn resolve(&self, relative: &str) -> Result<PathBuf, ApiError> {
        let path = Path::new(relative);
        let plain = !relative.is_empty()
            && !relative.contains('\0')
            && !relative.contains('\\')
            && path.components().all(|c| match c {
                Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
                _ => false,
            });
        if !plain {
            return Err(outside());
        }
        if path.extension().is_none_or(|e| e != "toml") {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                t!("studio-not-charter", file = relative),
                t!("studio-not-charter-help"),
            ));
        }
        let root = self.folder.root();
        self.folder
            .resolve(root, relative, SOURCE_LIMIT)
            .map_err(|refusal| match refusal {
                Refusal::Outside { .. } => outside(),
                Refusal::NotFound | Refusal::NotRegular(_) => ApiError::new(
                    StatusCode::NOT_FOUND,
                    t!("studio-no-charter", file = relative),
                    t!("studio-no-charter-help"),
                ),
                Refusal::TooLarge { .. } => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    refusal.describe(relative),
                    refusal.hint(),
                ),
                Refusal::Io(err) => ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    t!(
                        "studio-cannot-read",
                        file = relative,
                        error = err.to_string()
                    ),
                    t!("studio-cannot-read-help"),
                ),
            })
    }

    /// `path` (canonical, inside the folder) as the API names it: relative, with `/`.
    pub(super) fn relative(&self, path: &Path) -> String {
        let relative = path.strip_prefix(self.folder.root()).unwrap_or(path);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The job of a charter in the served folder: `org.toml` is looked for
    /// up to the folder.
    pub(super) fn job(&self, path: &Path) -> Job {
        Job {
            path: path.to_path_buf(),
            root: self.folder.root().to_path_buf(),
        }
    }

    /// Paths written inside the served files (extends, logo, a template's
    /// path) must stay inside the served folder: the studio reads nothing
    /// else, whatever project the folder sits in.
    pub(super) fn pipeline(&self) -> Pipeline {
        Pipeline::new(None, &self.folder)
    }

    /// Reads a resolved file, remembering its first version.
    pub(super) fn read(&self, path: &Path) -> Result<Vec<u8>, ApiError> {
        let bytes = crate::sandbox::read_bounded(path, SOURCE_LIMIT).map_err(|refusal| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                refusal.describe(&self.relative(path)),
                refusal.hint(),
            )
        })?;
        self.remember_original(path, &bytes);
        Ok(bytes)
    }

    /// Every charter of the folder with what the home page shows.
    pub(super) fn list(&self) -> Vec<Entry> {
        let mut diags = Diagnostics::new();
        let jobs = crate::discover::discover(&[self.folder.root().to_path_buf()], &mut diags);
        let pipeline = self.pipeline();
        jobs.iter()
            .filter_map(|job| {
                let path = std::fs::canonicalize(&job.path).ok()?;
                // Never list what a symlink leads to outside the folder.
                path.starts_with(self.folder.root()).then_some(())?;
                Some(self.entry(&pipeline, &path))
            })
            .collect()
    }

    fn entry(&self, pipeline: &Pipeline, path: &Path) -> Entry {
        let mut diags = Diagnostics::new();
        let outcome = pipeline.resolve(&self.job(path), &mut diags);
        let org_file = find_org_file(path, self.folder.root()).map(|p| self.relative(&p));
        let mut entry = Entry {
            path: self.relative(path),
            id: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            title: String::new(),
            org: String::new(),
            org_folder: String::new(),
            org_file,
            number: None,
            version: None,
            approval: None,
            model: matches!(outcome, Outcome::Model),
            status: Status::Ok,
            errors: diags.error_count(),
            warnings: diags.warning_count(),
            questionnaires: Vec::new(),
        };
        entry.status = if entry.errors > 0 {
            Status::Errors
        } else if entry.warnings > 0 {
            Status::Warnings
        } else {
            Status::Ok
        };
        match outcome {
            Outcome::Resolved(resolved) => {
                let doc = &resolved.document;
                entry.id = doc.id.clone();
                entry.title = doc.title.clone();
                entry.org = doc.org.name.clone();
                entry.org_folder = resolved.org_folder.clone();
                entry.number = doc.number.clone();
                entry.version = doc.revisions.last().and_then(|r| r.version.clone());
                entry.approval = doc.approval.as_ref().map(|a| {
                    format!(
                        "{} {}",
                        a.date.zh(),
                        crate::format::session(&a.body, a.term, a.session)
                    )
                });
                entry.questionnaires = doc
                    .appendices
                    .iter()
                    .filter(|a| a.kind == crate::format::AppendixKind::Questionnaire)
                    .map(|a| Questionnaire {
                        id: a.id.clone(),
                        title: a.title.clone(),
                    })
                    .collect();
            }
            Outcome::Model | Outcome::Failed => {
                // Still show something to click on: the title as written.
                entry.title = title_as_written(path).unwrap_or_else(|| entry.id.clone());
                entry.org_folder = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
            }
        }
        entry
    }
}

fn outside() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        t!("studio-outside"),
        t!("studio-outside-help"),
    )
}

/// The `org.toml` a charter uses: the nearest above it, up to the folder.
pub(super) fn find_org_file(charter: &Path, folder: &Path) -> Option<PathBuf> {
    let mut dir = charter.parent();
    while let Some(d) = dir {
        let candidate = d.join("org.toml");
        if candidate.is_file()
            && std::fs::canonicalize(&candidate).is_ok_and(|c| c.starts_with(folder))
        {
            return Some(candidate);
        }
        if d == folder {
            break;
        }
        dir = d.parent();
    }
    None
}

/// `[charter] title` read plainly, for a charter that does not resolve.
fn title_as_written(path: &Path) -> Option<String> {
    let bytes = crate::sandbox::read_bounded(path, SOURCE_LIMIT).ok()?;
    let doc: toml_edit::DocumentMut = String::from_utf8(bytes).ok()?.parse().ok()?;
    let title = doc.get("charter")?.get("title")?.as_str()?;
    Some(crate::hygiene::printable(title))
}

/// The ETag of a file's bytes.
pub(super) fn etag(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(bytes);
    let hash = siphasher::sip128::Hasher128::finish128(&hasher).as_u128();
    format!("\"{hash:032x}\"")
}

/// Whether an `If-Match` header value names `current`.
pub(super) fn matches(if_match: &str, current: &str) -> bool {
    if_match.trim() == "*"
        || if_match
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == current)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warnings,
    Errors,
}

/// One charter as `GET /api/charters` lists it.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Relative to the served folder, with `/`.
    pub path: String,
    pub id: String,
    pub title: String,
    pub org: String,
    pub org_folder: String,
    /// The organisation's `org.toml`, relative to the folder.
    pub org_file: Option<String>,
    pub number: Option<String>,
    pub version: Option<String>,
    /// 2025年3月1日 第二届理事会第四次会议
    pub approval: Option<String>,
    pub model: bool,
    pub status: Status,
    pub errors: usize,
    pub warnings: usize,
    /// Its questionnaires, for the survey page (listed by title).
    pub questionnaires: Vec<Questionnaire>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Questionnaire {
    pub id: String,
    pub title: String,
}

/// How the served folder is named in messages (absolute, and as seen from
/// the working folder), so answers show paths relative to it.
struct Shown {
    absolute: String,
    from_working: Option<String>,
}

static SHOWN: std::sync::OnceLock<Shown> = std::sync::OnceLock::new();

/// Sets the served folder whose paths [`shown`] makes relative.
pub(super) fn set_shown(folder: &Path) {
    let absolute = folder.display().to_string();
    let from_working = Some(crate::diag::display_path(folder))
        .filter(|p| !p.is_empty() && !Path::new(p).is_absolute());
    let _ = SHOWN.set(Shown {
        absolute,
        from_working,
    });
}

/// `text` with every path into the served folder made relative to it, and
/// the folder itself named as such, never by its place on the disk.
pub fn shown(text: &str) -> String {
    let Some(names) = SHOWN.get() else {
        return text.to_string();
    };
    let text = text
        .replace(
            &format!("the project folder {}", names.absolute),
            "the served folder",
        )
        .replace(&format!("{}/", names.absolute), "")
        .replace(&names.absolute, "the served folder");
    match &names.from_working {
        Some(prefix) => strip_path_prefix(&text, &format!("{prefix}/")),
        None => text,
    }
}

/// Removes `prefix` where it starts a path: at the start of `text` or after
/// a space, quote or bracket, not inside a longer name.
fn strip_path_prefix(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let starts_path = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "\"'“‘(（《:：".contains(c));
        out.push_str(&rest[..at]);
        if !starts_path {
            out.push_str(prefix);
        }
        rest = &rest[at + prefix.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_lists_and_weak_tags() {
        let tag = etag(b"x");
        assert!(matches(&tag, &tag));
        assert!(matches(&format!("\"a\", W/{tag}"), &tag));
        assert!(matches("*", &tag));
        assert!(!matches(&etag(b"y"), &tag));
        assert_ne!(etag(b"x"), etag(b"x "));
    }
}
