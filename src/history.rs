//! A charter's adopted versions kept beside it, without git: the text of
//! each version as it was recorded, in `.history/<file stem>/<version>.toml`
//! next to the charter. The folder is hidden, so `build`, `check`,
//! `volume`, `watch` and the studio never take a copy for a charter (see
//! [`crate::discover`]). `FILE@VERSION` names one of them.

use std::path::{Component, Path, PathBuf};

use toml_edit::{DocumentMut, Item, TableLike, Value};

/// The hidden folder beside a charter that holds its versions.
pub const FOLDER: &str = ".history";

/// The version a charter has before its first recorded revision: its
/// original adoption.
pub const FIRST_VERSION: &str = "1.0";

/// The folder of `charter`'s versions.
pub fn folder(charter: &Path) -> PathBuf {
    let stem = charter
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    charter
        .parent()
        .unwrap_or(Path::new(""))
        .join(FOLDER)
        .join(stem)
}

/// Where version `version` of `charter` is kept.
pub fn copy_path(charter: &Path, version: &str) -> PathBuf {
    folder(charter).join(format!("{version}.toml"))
}

/// Whether `version` can name a file: letters, digits, `.`, `-` and `_`,
/// not starting with a dot, at most 32 characters.
pub fn safe_version(version: &str) -> bool {
    !version.is_empty()
        && version.len() <= 32
        && !version.starts_with('.')
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Whether `path` lies in a history folder (a kept version, not a charter).
pub fn is_kept_copy(path: &Path) -> bool {
    path.components()
        .any(|c| matches!(c, Component::Normal(name) if name == FOLDER))
}

/// `FILE@VERSION` split into the charter file and the version, when the
/// file exists and the version could name a kept copy.
pub fn split_spec(spec: &str) -> Option<(PathBuf, String)> {
    let (file, version) = spec.rsplit_once('@')?;
    let file = PathBuf::from(file);
    (file.is_file() && safe_version(version)).then(|| (file, version.to_string()))
}

/// One version in a charter's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub version: String,
    pub date: Option<crate::zh::Date>,
    pub term: Option<u32>,
    pub session: Option<u32>,
    pub summary: Option<String>,
}

/// The version a charter's text is: its last revision's, or
/// [`FIRST_VERSION`] when it is approved and has no revision yet; `None`
/// for a draft (nothing approved, nothing to keep).
pub fn current_version(doc: &DocumentMut) -> Option<String> {
    match versions(doc).last() {
        Some(last) => Some(last.version.clone()),
        None => doc.get("approval").map(|_| FIRST_VERSION.to_string()),
    }
}

/// The `[[revision]]` entries of a charter's TOML, oldest first, written as
/// tables or as an inline list; an entry without a version is numbered by
/// its place.
pub fn versions(doc: &DocumentMut) -> Vec<Version> {
    let tables: Vec<&dyn TableLike> = match doc.get("revision") {
        Some(Item::ArrayOfTables(list)) => list.iter().map(|t| t as &dyn TableLike).collect(),
        Some(Item::Value(Value::Array(list))) => list
            .iter()
            .filter_map(Value::as_inline_table)
            .map(|t| t as &dyn TableLike)
            .collect(),
        _ => Vec::new(),
    };
    tables
        .iter()
        .enumerate()
        .map(|(index, t)| Version {
            version: t
                .get("version")
                .and_then(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .or_else(|| v.as_value().map(|v| v.to_string().trim().to_string()))
                })
                .unwrap_or_else(|| format!("{}", index + 1)),
            date: date_of(t.get("date")),
            term: count_of(t.get("term")),
            session: count_of(t.get("session")),
            summary: t.get("summary").and_then(Item::as_str).map(str::to_string),
        })
        .collect()
}

/// The original adoption, from `[approval]`, for a charter with no
/// revision yet.
pub fn adoption(doc: &DocumentMut) -> Option<Version> {
    let approval = doc.get("approval")?.as_table_like()?;
    Some(Version {
        version: FIRST_VERSION.to_string(),
        date: Some(date_of(approval.get("date"))?),
        term: Some(count_of(approval.get("term"))?),
        session: Some(count_of(approval.get("session"))?),
        summary: None,
    })
}

pub fn date_of(item: Option<&Item>) -> Option<crate::zh::Date> {
    let date = item?.as_datetime()?.date?;
    crate::zh::Date::new(date.year, date.month, date.day)
}

fn count_of(item: Option<&Item>) -> Option<u32> {
    u32::try_from(item?.as_integer()?).ok()
}

/// Keeps `bytes` as version `version` of `charter`, unless a copy of it is
/// kept already. Returns the path when it wrote one.
pub fn keep(charter: &Path, version: &str, bytes: &[u8]) -> std::io::Result<Option<PathBuf>> {
    if !safe_version(version) {
        return Err(std::io::Error::other(format!(
            "version \"{version}\" cannot name a file"
        )));
    }
    let path = copy_path(charter, version);
    if path.exists() {
        return Ok(None);
    }
    crate::output::write_atomic(&path, bytes)?;
    Ok(Some(path))
}

/// The versions of `charter` kept in its history folder, by version.
pub fn kept(charter: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(folder(charter))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml")
                .filter(|v| safe_version(v))
                .map(str::to_string)
        })
        .collect();
    out.sort();
    out
}

/// The text of version `version` of `charter`: its kept copy, else the
/// file itself when that is the version it is (and nothing was kept of it).
/// The second value is the copy read, if one was.
pub fn text_of(
    charter: &Path,
    version: &str,
    diags: &mut crate::diag::Diagnostics,
) -> Option<(String, Option<PathBuf>)> {
    use crate::diag::Diagnostic;
    let shown = charter.display().to_string();
    let read =
        |path: &Path, diags: &mut crate::diag::Diagnostics| match crate::sandbox::read_bounded(
            path,
            crate::sandbox::SOURCE_LIMIT,
        ) {
            Ok(bytes) => Some(
                String::from_utf8_lossy(&bytes)
                    .trim_start_matches('\u{feff}')
                    .to_string(),
            ),
            Err(refusal) => {
                diags.push(
                    Diagnostic::error(refusal.describe(&path.display().to_string()))
                        .help(t!("history-not-kept-help")),
                );
                None
            }
        };
    let copy = copy_path(charter, version);
    if copy.is_file() {
        return read(&copy, diags).map(|text| (text, Some(copy)));
    }
    let text = read(charter, diags)?;
    let doc: DocumentMut = text.parse().unwrap_or_default();
    let mut known: Vec<String> = versions(&doc).into_iter().map(|v| v.version).collect();
    if known.is_empty()
        && let Some(current) = current_version(&doc)
    {
        known.push(current);
    }
    if current_version(&doc).as_deref() == Some(version) {
        return Some((text, None));
    }
    if known.iter().any(|v| v == version) {
        diags.push(
            Diagnostic::error(t!(
                "history-not-kept-version",
                version = version,
                file = shown.clone()
            ))
            .help(t!("history-not-kept-version-help", file = shown)),
        );
    } else {
        let mut all = known;
        for v in kept(charter) {
            if !all.contains(&v) {
                all.push(v);
            }
        }
        diags.push(
            Diagnostic::error(t!(
                "history-no-version",
                file = shown.clone(),
                version = version
            ))
            .help(t!(
                "history-no-version-help",
                versions = all.join(", "),
                file = shown
            )),
        );
    }
    None
}

/// `charter log`: prints the versions of `charter`; the exit status.
pub fn log(
    charter: &Path,
    org: Option<PathBuf>,
    sandbox: &crate::sandbox::Sandbox,
    sources: &crate::diag::SourceMap,
    diags: &mut crate::diag::Diagnostics,
) -> i32 {
    use crate::diag::Diagnostic;
    let shown = charter.display().to_string();
    if is_kept_copy(charter) {
        diags.push(
            Diagnostic::error(t!("history-kept-copy", file = shown))
                .help(t!("history-kept-copy-help")),
        );
        return 1;
    }
    let text = match crate::sandbox::read_bounded(charter, crate::sandbox::SOURCE_LIMIT) {
        Ok(bytes) => String::from_utf8_lossy(&bytes)
            .trim_start_matches('\u{feff}')
            .to_string(),
        Err(refusal) => {
            diags.push(
                Diagnostic::error(refusal.describe(&shown)).help("give the charter's .toml file"),
            );
            return 1;
        }
    };
    let doc: toml_edit::DocumentMut = match text.parse() {
        Ok(doc) => doc,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!(
                    "{shown} is not valid TOML: {}",
                    err.message().trim()
                ))
                .help("run charter check on it and fix the errors"),
            );
            return 1;
        }
    };
    let mut versions = versions(&doc);
    if versions.is_empty() {
        versions.extend(adoption(&doc));
    }
    if versions.is_empty() {
        diags.push(
            Diagnostic::error(t!("log-none", file = shown)).help(t!("history-kept-copy-help")),
        );
        return 1;
    }
    // The approving body as the charter names it (it may come from its model).
    let mut quiet = crate::diag::Diagnostics::new();
    let body = crate::pipeline::Pipeline::with_sources(org, sources.clone(), sandbox)
        .resolve_file(charter, &mut quiet)
        .and_then(|r| r.document.approval.map(|a| a.body))
        .unwrap_or_default();
    let kept = kept(charter);
    println!("{}", t!("log-header"));
    let last = versions.len() - 1;
    for (index, v) in versions.iter().enumerate() {
        let date = v.date.map(|d| d.to_string()).unwrap_or_default();
        let meeting = match (v.term, v.session) {
            (Some(term), Some(session)) => crate::format::session(&body, term, session),
            _ => String::new(),
        };
        let mut notes = Vec::new();
        if index == last {
            notes.push(t!("log-current"));
        }
        notes.push(if kept.contains(&v.version) {
            t!("log-kept")
        } else if index == last {
            String::new()
        } else {
            t!("log-no-copy")
        });
        notes.retain(|n| !n.is_empty());
        println!(
            "{}{}{}{}[{}]",
            padded(&v.version, 10),
            padded(&date, 13),
            padded(&meeting, 34),
            padded(v.summary.as_deref().unwrap_or(""), 24),
            notes.join(", ")
        );
    }
    if let Some(current) = versions.last()
        && edited_since(charter, &current.version, &text)
    {
        println!(
            "{}",
            t!(
                "log-edited",
                version = current.version.clone(),
                file = shown
            )
        );
    }
    0
}

/// Whether the file differs from the copy kept of its current version.
fn edited_since(charter: &Path, version: &str, text: &str) -> bool {
    let copy = copy_path(charter, version);
    match crate::sandbox::read_bounded(&copy, crate::sandbox::SOURCE_LIMIT) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim_start_matches('\u{feff}') != text,
        Err(_) => false,
    }
}

/// `text` followed by spaces to `width` columns, a CJK character counting
/// two; at least one space.
fn padded(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used).max(1)))
}

/// Keeps the charter as it stands as the version it is, in its history
/// folder, when no copy of that version is kept yet; the copy written, if
/// any; `None` when it could not be kept (reported). A draft (never
/// approved) is not kept.
pub fn keep_replaced(
    charter: &std::path::Path,
    original: &[u8],
    diags: &mut crate::diag::Diagnostics,
) -> Option<Option<std::path::PathBuf>> {
    let text = String::from_utf8_lossy(original);
    let Ok(doc) = text
        .trim_start_matches('\u{feff}')
        .parse::<toml_edit::DocumentMut>()
    else {
        return Some(None);
    };
    let Some(version) = current_version(&doc) else {
        return Some(None);
    };
    keep(charter, &version, original)
        .map_err(|err| {
            diags.push(
                crate::diag::Diagnostic::error(t!(
                    "history-not-kept",
                    file = charter.display().to_string(),
                    reason = err.to_string()
                ))
                .help(t!("history-not-kept-help")),
            );
        })
        .ok()
}

/// Removes a copy [`keep_replaced`] wrote for a revision that was not made.
pub fn forget(copy: Option<std::path::PathBuf>) {
    if let Some(copy) = copy {
        let _ = std::fs::remove_file(&copy);
        if let Some(parent) = copy.parent() {
            let _ = std::fs::remove_dir(parent);
            if let Some(history) = parent.parent() {
                let _ = std::fs::remove_dir(history);
            }
        }
    }
}

/// `FILE@VERSION` resolved: the version's kept text read as if it stood
/// where the charter does (its `extends`, org.toml and paths as they are
/// now); the document, its organisation's folder and the files read.
pub fn resolve_version(
    spec: &str,
    file: &Path,
    version: &str,
    pipeline: &crate::pipeline::Pipeline,
    diags: &mut crate::diag::Diagnostics,
) -> Option<(crate::document::Document, String, Vec<PathBuf>)> {
    use crate::pipeline::Outcome;
    let (text, copy) = text_of(file, version, diags)?;
    let job = crate::discover::discover(&[file.to_path_buf()], diags)
        .into_iter()
        .next()?;
    match pipeline.resolve_source(&job, Some(&text), diags) {
        Outcome::Resolved(resolved) => {
            let mut inputs = resolved.inputs.clone();
            inputs.extend(copy);
            let mut document = resolved.document;
            document.source = spec.to_string();
            Some((document, resolved.org_folder, inputs))
        }
        Outcome::Model => {
            diags.push(
                crate::diag::Diagnostic::error(format!("{spec} is a model charter"))
                    .help("compare the charters of an organisation"),
            );
            None
        }
        Outcome::Failed => None,
    }
}

/// Keeps a version just recorded, as adopted, before anyone edits it again;
/// a warning when it cannot be kept.
pub fn keep_recorded(
    charter: &Path,
    version: &str,
    bytes: &[u8],
    diags: &mut crate::diag::Diagnostics,
) {
    if let Err(err) = keep(charter, version, bytes) {
        diags.push(
            crate::diag::Diagnostic::warning(t!(
                "history-not-kept",
                file = charter.display().to_string(),
                reason = err.to_string()
            ))
            .help(t!("history-not-kept-help")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_name_files_safely() {
        assert!(safe_version("1.0"));
        assert!(safe_version("2024-rev_2"));
        assert!(!safe_version("../x"));
        assert!(!safe_version(".hidden"));
        assert!(!safe_version("a/b"));
        assert!(!safe_version(""));
    }

    #[test]
    fn copies_live_in_a_hidden_folder_beside_the_charter() {
        let path = copy_path(Path::new("charters/orgs/a/rules.toml"), "2.0");
        assert_eq!(
            path,
            Path::new("charters/orgs/a/.history/rules/2.0.toml").to_path_buf()
        );
        assert!(is_kept_copy(&path));
        assert!(!is_kept_copy(Path::new("charters/orgs/a/rules.toml")));
    }

    #[test]
    fn an_approved_charter_without_revisions_is_version_one() {
        let doc: DocumentMut = "[approval]\nterm = 1\nsession = 2\ndate = 2025-06-18\n"
            .parse()
            .unwrap_or_default();
        assert_eq!(current_version(&doc).as_deref(), Some("1.0"));
        let adopted = adoption(&doc);
        assert_eq!(adopted.map(|a| a.session), Some(Some(2)));
        let draft: DocumentMut = "[charter]\nid = \"x\"\n".parse().unwrap_or_default();
        assert_eq!(current_version(&draft), None);
    }
}
