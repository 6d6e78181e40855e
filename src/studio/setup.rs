//! Starting from the home page: a new organisation from the kit (`charter
//! new --kind`), and a regulation imported from a Word, Markdown or text
//! file (`charter import`). Both write inside the served folder only, all
//! or nothing.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::Studio;
use super::api::{ApiError, blocking, first_error};
use crate::diag::{Diagnostics, SourceMap};
use crate::format::OrgKind;

/// Largest file imported from the page.
pub const IMPORT_LIMIT: usize = 16 * 1024 * 1024;

impl Studio {
    /// A folder or file `relative` names inside the served folder, which
    /// need not exist yet: plain parts only (no `..`, nothing hidden), and
    /// what exists of it inside the folder after symlinks.
    fn place(&self, relative: &str) -> Result<PathBuf, ApiError> {
        let path = Path::new(relative.trim_matches('/'));
        let plain = !relative.trim().is_empty()
            && !relative.contains(['\0', '\\'])
            && path.components().all(|c| match c {
                Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
                _ => false,
            });
        let outside = || {
            ApiError::new(
                StatusCode::FORBIDDEN,
                t!("studio-not-subfolder", folder = &relative),
                t!("studio-not-subfolder-help"),
            )
        };
        if !plain {
            return Err(outside());
        }
        let full = self.folder.root().join(path);
        // The longest part that exists must be inside, symlinks followed.
        let mut existing = full.clone();
        while !existing.exists() {
            if !existing.pop() {
                break;
            }
        }
        let real = std::fs::canonicalize(&existing).map_err(|_| outside())?;
        if !real.starts_with(self.folder.root()) {
            return Err(outside());
        }
        Ok(full)
    }
}

#[derive(Deserialize)]
pub struct NewRequest {
    /// The organisation's folder, relative to the served folder.
    pub folder: String,
    pub name: String,
    /// 社会团体, 基金会 or 社会服务机构 (or association …).
    pub kind: String,
}

#[derive(Serialize)]
struct Made {
    /// Files written, relative to the served folder.
    created: Vec<String>,
    kept: Vec<String>,
    /// Keys added to an org.toml that was there.
    added: Vec<String>,
    /// The organisation's charters, to open.
    charters: Vec<String>,
    org_file: String,
}

pub async fn new_org(
    State(studio): State<Arc<Studio>>,
    Json(request): Json<NewRequest>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let Some(kind) = OrgKind::parse(&request.kind) else {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                t!("studio-unknown-kind", kind = &request.kind),
                t!("studio-unknown-kind-help"),
            ));
        };
        let name = request.name.trim();
        if name.is_empty() || crate::hygiene::first_forbidden(name).is_some() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                t!("studio-name-needed"),
                t!("studio-name-needed-help"),
            ));
        }
        let org_dir = studio.place(&request.folder)?;
        let sources = SourceMap::new();
        let mut diags = Diagnostics::new();
        let scaffold_request = crate::scaffold::Request {
            org_dir: &org_dir,
            name,
            kind: Some(kind),
            model: None,
            models: studio.folder.root().join("models"),
        };
        let _writing = studio.writes.lock().unwrap_or_else(|e| e.into_inner());
        let scaffold =
            crate::scaffold::scaffold(&scaffold_request, &studio.folder, &sources, &mut diags)
                .ok_or_else(|| unprocessable(&diags))?;
        crate::output::write_all_or_nothing(&scaffold.files).map_err(|err| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                t!("studio-nothing-written", error = err.to_string()),
                t!("studio-folder-writable-help"),
            )
        })?;
        let shown = |p: &Path| studio.relative(p);
        let created = scaffold
            .files
            .iter()
            .filter(|(p, _)| *p != scaffold.org_file || scaffold.added.is_empty())
            .map(|(p, _)| shown(p))
            .collect();
        Ok(Json(Made {
            created,
            kept: scaffold.kept.iter().map(|p| shown(p)).collect(),
            added: scaffold.added.clone(),
            charters: scaffold.charters.iter().map(|p| shown(p)).collect(),
            org_file: shown(&scaffold.org_file),
        })
        .into_response())
    })
    .await
}

fn unprocessable(diags: &Diagnostics) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        first_error(diags),
        diags
            .list
            .iter()
            .find(|d| d.is_error())
            .and_then(|d| d.help.clone())
            .unwrap_or_default(),
    )
}

#[derive(Deserialize)]
pub struct ImportQuery {
    /// Where the charter goes, relative to the served folder.
    pub folder: String,
    /// The uploaded file's name: its extension says how to read it.
    pub name: String,
}

#[derive(Serialize)]
struct ImportedFile {
    /// The new charter, relative to the served folder.
    path: String,
    /// The import report: what was recognised, cleaned, not placed.
    report: String,
    /// The org.toml written beside it, when there was none.
    org_file: Option<String>,
}

pub async fn import(
    State(studio): State<Arc<Studio>>,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    blocking(move || {
        let folder = studio.place(&query.folder)?;
        let file_name = Path::new(&query.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = Path::new(&file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The upload is read as the command reads a file.
        let scratch = tempfile::tempdir().map_err(ApiError::internal)?;
        let input_path = scratch.path().join(&file_name);
        std::fs::write(&input_path, &body).map_err(ApiError::internal)?;
        let mut diags = Diagnostics::new();
        let input = crate::import::read_input(&input_path, &mut diags)
            .ok_or_else(|| unprocessable(&diags))?;
        let id = if crate::format::is_valid_id(&stem) && stem.is_ascii() {
            stem.clone()
        } else {
            "imported".to_string()
        };
        let org_file = folder.join("org.toml");
        let options = crate::import::Options {
            id: id.clone(),
            source: file_name.clone(),
            org_inline: org_file.exists(),
        };
        let imported = crate::import::import(&input, &options, &mut diags)
            .ok_or_else(|| unprocessable(&diags))?;
        let target = (1..)
            .map(|n| {
                let name = if n == 1 {
                    format!("{id}.toml")
                } else {
                    format!("{id}-{n}.toml")
                };
                folder.join(name)
            })
            .find(|p| !p.exists())
            .unwrap_or_else(|| folder.join(format!("{id}.toml")));
        let mut files = vec![(target.clone(), imported.charter.into_bytes())];
        let wrote_org = !org_file.exists();
        if wrote_org {
            files.push((org_file.clone(), imported.org_toml.into_bytes()));
        }
        let _writing = studio.writes.lock().unwrap_or_else(|e| e.into_inner());
        crate::output::write_all_or_nothing(&files).map_err(|err| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                t!("studio-nothing-written", error = err.to_string()),
                t!("studio-folder-writable-help"),
            )
        })?;
        // As `charter import`: a charter its own check refuses is not kept.
        let mut found = Diagnostics::new();
        let outcome = studio.pipeline().resolve(&studio.job(&target), &mut found);
        if matches!(outcome, crate::pipeline::Outcome::Failed) || found.has_errors() {
            for (path, _) in &files {
                let _ = std::fs::remove_file(path);
            }
            return Err(unprocessable(&found));
        }
        Ok(Json(ImportedFile {
            path: studio.relative(&target),
            report: super::files::shown(&imported.report),
            org_file: wrote_org.then(|| studio.relative(&org_file)),
        })
        .into_response())
    })
    .await
}
