//! The organisation form (org.toml's fields) and the amendment form
//! (`charter revise`), with the redline against the version before.
//!
//! Both edit the TOML with toml_edit, so every comment and every other
//! byte of the file stays; both put the file back when the result no
//! longer loads.

use std::collections::BTreeMap;
use std::path::Path as FsPath;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use toml_edit::{DocumentMut, Item, Value};

use super::Studio;
use super::api::{ApiError, blocking, check_current, if_match, with_etag};
use super::files::etag;
use super::preview::Problem;
use crate::amend::{Amendment, amend as record};
use crate::diag::Diagnostics;
use crate::document::Document;
use crate::pipeline::Outcome;
use crate::source::OrgSource;
use crate::zh::Date;

/// The form's labels of org.toml's fields, in [`OrgSource::KEYS`] order.
const LABELS: &[(&str, &str)] = &[
    ("name", "名称"),
    ("short_name", "简称"),
    ("name_en", "英文名称"),
    ("code", "代码（用于编号）"),
    ("phone", "电话"),
    ("email", "电子邮箱"),
    ("address", "地址"),
    ("website", "网站"),
    ("logo", "标志图片（相对于 org.toml 的路径）"),
    ("supervisor", "业务主管单位"),
    ("registrar", "登记管理机关"),
];

#[derive(Serialize)]
struct Field {
    key: &'static str,
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct OrgForm {
    path: String,
    etag: String,
    fields: Vec<Field>,
}

fn org_file(studio: &Studio, path: &str) -> Result<std::path::PathBuf, ApiError> {
    let file = studio.resolve(path)?;
    if file.file_name().is_none_or(|n| n != "org.toml") {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("{path} is not an org.toml"),
            "the organisation form edits an organisation's org.toml",
        ));
    }
    Ok(file)
}

fn parse(bytes: Vec<u8>, shown: &str) -> Result<DocumentMut, ApiError> {
    String::from_utf8(bytes)
        .ok()
        .and_then(|text| text.trim_start_matches('\u{feff}').parse().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{shown} is not valid TOML in UTF-8"),
                "open it in the editor or run charter check on it, fix it, then use the form",
            )
        })
}

/// Runs `f` on the `[org]` table when the file has one, else on the top level.
fn with_org_table<R>(
    doc: &mut DocumentMut,
    f: impl FnOnce(&mut dyn toml_edit::TableLike) -> R,
) -> R {
    if let Some(table) = doc.get_mut("org").and_then(Item::as_table_like_mut) {
        return f(table);
    }
    f(doc.as_table_mut())
}

pub async fn org_read(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let file = org_file(&studio, &path)?;
        let bytes = studio.read(&file)?;
        let tag = etag(&bytes);
        let mut doc = parse(bytes, &path)?;
        let fields = with_org_table(&mut doc, |table| {
            LABELS
                .iter()
                .map(|(key, label)| Field {
                    key,
                    label,
                    value: table
                        .get(key)
                        .and_then(Item::as_str)
                        .unwrap_or_default()
                        .to_string(),
                })
                .collect()
        });
        let form = OrgForm {
            path: studio.relative(&file),
            etag: tag.clone(),
            fields,
        };
        Ok(with_etag(Json(form).into_response(), &tag))
    })
    .await
}

#[derive(Deserialize)]
pub struct OrgSave {
    fields: BTreeMap<String, String>,
}

pub async fn org_save(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
    headers: HeaderMap,
    Json(body): Json<OrgSave>,
) -> Result<Response, ApiError> {
    let wanted = if_match(&headers)?;
    blocking(move || {
        let file = org_file(&studio, &path)?;
        let _writing = studio.writes.lock().unwrap_or_else(|e| e.into_inner());
        let current = studio.read(&file)?;
        check_current(&wanted, &current, &path)?;
        let mut doc = parse(current.clone(), &path)?;
        with_org_table(&mut doc, |table| edit_org(table, &body.fields))?;
        let text = doc.to_string();
        write_checked(&studio, &file, &current, text.as_bytes(), |diags| {
            let sources = crate::diag::SourceMap::new();
            crate::load::load_org_file(&file, &sources, diags).is_some() && !diags.has_errors()
        })?;
        let tag = etag(text.as_bytes());
        Ok(with_etag(
            Json(serde_json::json!({ "path": path, "etag": tag })).into_response(),
            &tag,
        ))
    })
    .await
}

/// The form's fields written into the table; an emptied field is removed.
fn edit_org(
    table: &mut dyn toml_edit::TableLike,
    fields: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    for (key, value) in fields {
        if !OrgSource::KEYS.contains(&key.as_str()) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("\"{key}\" is not a field of org.toml"),
                format!("the fields are: {}", OrgSource::KEYS.join(", ")),
            ));
        }
        if let Some((_, c)) = crate::hygiene::first_forbidden(value) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "{key} holds a control character ({})",
                    crate::hygiene::code_point(c)
                ),
                "give plain text",
            ));
        }
        let value = value.trim();
        if value.is_empty() {
            table.remove(key);
        } else {
            set_keeping_decor(table, key, Value::from(value));
        }
    }
    Ok(())
}

/// Sets a key keeping the old value's spaces and trailing comment.
fn set_keeping_decor(table: &mut dyn toml_edit::TableLike, key: &str, new: Value) {
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

/// Writes `new` over `file`, then puts `old` back unless `still_loads`.
fn write_checked(
    studio: &Studio,
    file: &FsPath,
    old: &[u8],
    new: &[u8],
    still_loads: impl FnOnce(&mut Diagnostics) -> bool,
) -> Result<(), ApiError> {
    let shown = studio.relative(file);
    crate::output::replace_keeping(file, new).map_err(|err| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write {shown}: {err}"),
            "check that the folder is writable",
        )
    })?;
    let mut diags = Diagnostics::new();
    if still_loads(&mut diags) {
        return Ok(());
    }
    let _ = crate::output::replace_keeping(file, old);
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!(
            "{shown} does not check after the change ({}); it was left unchanged",
            super::api::first_error(&diags)
        ),
        "fix the errors the editor shows for this file, then try again",
    ))
}

#[derive(Deserialize)]
pub struct AmendForm {
    term: u32,
    session: u32,
    date: String,
    summary: String,
    #[serde(default)]
    effective: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Serialize)]
struct Amended {
    version: String,
    statement: Option<String>,
    etag: String,
    redline: crate::redline::Redline,
    warnings: Vec<Problem>,
}

fn bad(message: String, hint: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, message, hint)
}

fn date(text: &str, field: &str) -> Result<Date, ApiError> {
    Date::parse(text.trim()).ok_or_else(|| {
        bad(
            format!("{field} “{text}” is not a date"),
            "write YYYY-MM-DD, a day that exists, e.g. 2026-05-01",
        )
    })
}

/// Records an amendment as `charter revise` does, then answers with the
/// redline against the file as the studio first saw it.
pub async fn amend(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
    Json(form): Json<AmendForm>,
) -> Result<Response, ApiError> {
    if form.term == 0 || form.session == 0 {
        return Err(bad(
            "term and session count from 1".into(),
            "第二届 is term 2; 第四次会议 is session 4",
        ));
    }
    let summary = form.summary.trim().to_string();
    if summary.is_empty() || crate::hygiene::first_forbidden(&summary).is_some() {
        return Err(bad(
            "the summary is empty or holds a control character".into(),
            "say in a sentence what the amendment changed",
        ));
    }
    let amendment = Amendment {
        term: form.term,
        session: form.session,
        date: date(&form.date, "date")?,
        summary,
        version: form
            .version
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        effective: match form.effective.as_deref().map(str::trim) {
            None | Some("") | Some("upon-approval") => None,
            Some(text) => Some(date(text, "effective date")?),
        },
    };
    blocking(move || {
        let file = studio.resolve(&path)?;
        let _writing = studio.writes.lock().unwrap_or_else(|e| e.into_inner());
        let current = studio.read(&file)?;
        let mut diags = Diagnostics::new();
        let (revised, version) = record(&current, &amendment, &path, &mut diags).map_err(|_| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                super::api::first_error(&diags),
                diags
                    .list
                    .first()
                    .and_then(|d| d.help.clone())
                    .unwrap_or_default(),
            )
        })?;
        // The version replaced: its copy kept when it was recorded, else the
        // file as the studio first saw it (the edits since are the amendment).
        let replaced = String::from_utf8_lossy(&current)
            .trim_start_matches('\u{feff}')
            .parse::<toml_edit::DocumentMut>()
            .ok()
            .and_then(|doc| crate::history::current_version(&doc));
        let kept_before = replaced
            .as_ref()
            .and_then(|v| std::fs::read(crate::history::copy_path(&file, v)).ok());
        let before = kept_before
            .or_else(|| studio.original(&file))
            .unwrap_or_else(|| current.clone());
        let pipeline = studio.pipeline();
        let mut new_doc = None;
        write_checked(&studio, &file, &current, &revised, |diags| {
            if let Outcome::Resolved(resolved) = pipeline.resolve(&studio.job(&file), diags) {
                new_doc = Some(resolved.document);
            }
            new_doc.is_some()
        })?;
        let Some(new_doc) = new_doc else {
            return Err(ApiError::internal("the amended charter vanished"));
        };
        // Both versions kept beside the charter, as `charter revise` keeps them.
        if let Some(replaced) = &replaced {
            let _ = crate::history::keep(&file, replaced, &before);
        }
        let _ = crate::history::keep(&file, &version, &revised);
        let redline = redline_between(&studio, &file, &before, &new_doc)?;
        let tag = etag(&revised);
        let warnings = diags
            .list
            .iter()
            .map(|d| super::preview::problem(d, &pipeline.sources, &file))
            .collect();
        Ok(with_etag(
            Json(Amended {
                version,
                statement: new_doc
                    .closing
                    .statement
                    .clone()
                    .or(new_doc.title_note.clone()),
                etag: tag.clone(),
                redline,
                warnings,
            })
            .into_response(),
            &tag,
        ))
    })
    .await
}

/// The redline from `before` (the file's bytes then) to `new`.
fn redline_between(
    studio: &Studio,
    file: &FsPath,
    before: &[u8],
    new: &Document,
) -> Result<crate::redline::Redline, ApiError> {
    let text = String::from_utf8_lossy(before);
    let pipeline = studio.pipeline();
    let mut diags = Diagnostics::new();
    let Outcome::Resolved(old) =
        pipeline.resolve_source(&studio.job(file), Some(&text), &mut diags)
    else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the version before does not resolve, so there is no redline to draw".to_string(),
            "the amendment itself was recorded",
        ));
    };
    let options = crate::diff::Options::default();
    let diff = crate::diff::diff(&old.document, new, options);
    Ok(crate::diff::redline::build(
        &old.document,
        new,
        &diff,
        options,
    ))
}

/// `GET /api/redline/{path}`: what changed since the studio first read the
/// file (this session), as the amendment's redline will show it.
pub async fn redline(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let file = studio.resolve(&path)?;
        let current = studio.read(&file)?;
        let pipeline = studio.pipeline();
        let mut diags = Diagnostics::new();
        let Outcome::Resolved(now) = pipeline.resolve(&studio.job(&file), &mut diags) else {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "{path} does not resolve: {}",
                    super::api::first_error(&diags)
                ),
                "fix the errors the editor shows, then save",
            ));
        };
        let before = studio.original(&file).unwrap_or(current);
        let redline = redline_between(&studio, &file, &before, &now.document)?;
        Ok(Json(redline).into_response())
    })
    .await
}
