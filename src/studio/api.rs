//! The routes: pages, assets and the JSON API (docs/studio.md).
//!
//! Handlers run the library's blocking work (resolving, typesetting) on
//! tokio's blocking threads; a panic there becomes a 500 answer, never a
//! dead server.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::files::{etag, matches};
use super::{Studio, assets, forms, guard, preview, survey};
use crate::backend::Format;
use crate::diag::Diagnostics;
use crate::pipeline::Outcome;

/// Largest request body: a charter's source or a form (charters of 20 MB
/// exist, imported; more than this is not typed in a browser).
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Largest CSV of survey answers uploaded.
pub const CSV_LIMIT: usize = 16 * 1024 * 1024;

pub fn router(studio: Arc<Studio>) -> Router {
    Router::new()
        .route("/", get(assets::home))
        .route("/edit", get(assets::editor))
        .route("/org", get(assets::org))
        .route("/amend", get(assets::amend))
        .route("/survey", get(assets::survey))
        .route("/assets/{name}", get(assets::asset))
        .route("/charter.schema.json", get(schema))
        .route("/api/schema", get(schema))
        .route("/api/charters", get(list))
        .route("/api/charters/{*path}", get(read).put(save))
        .route("/api/preview", post(preview_route))
        .route("/api/edit", post(super::document::edit))
        .route("/api/new", post(super::setup::new_org))
        .route(
            "/api/import",
            post(super::setup::import).layer(DefaultBodyLimit::max(super::setup::IMPORT_LIMIT)),
        )
        .route("/api/download/{*path}", get(download))
        .route("/api/volume/{*path}", get(volume))
        .route("/api/page/{name}", get(page))
        .route(
            "/api/org/{*path}",
            get(forms::org_read).put(forms::org_save),
        )
        .route("/api/amend/{*path}", post(forms::amend))
        .route("/api/redline/{*path}", get(forms::redline))
        .route("/api/survey/{*path}", get(survey::print))
        .route(
            "/api/tally/{*path}",
            post(survey::tally).layer(DefaultBodyLimit::max(CSV_LIMIT)),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            studio.clone(),
            guard::guard,
        ))
        .with_state(studio)
}

/// An answer that is not a success: a status and a message with a hint,
/// as JSON `{"error": …, "hint": …}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub hint: String,
}

impl ApiError {
    /// Paths in the message and hint are shown relative to the served folder.
    pub fn new(status: StatusCode, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            status,
            message: super::files::shown(&message.into()),
            hint: super::files::shown(&hint.into()),
        }
    }

    /// The server's own failure (a panicked or cancelled task).
    pub fn internal(what: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the studio failed: {what}"),
            "try again; if it keeps failing, run charter check on the file",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "hint": self.hint });
        (self.status, Json(body)).into_response()
    }
}

/// Runs blocking library work off the async threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    // The request's language goes with the work to its thread.
    let lang = crate::i18n::lang();
    tokio::task::spawn_blocking(move || crate::i18n::with(lang, work))
        .await
        .unwrap_or_else(|err| Err(ApiError::internal(err)))
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        t!("studio-no-page"),
        t!("studio-no-page-help"),
    )
}

async fn schema() -> Response {
    (
        [(header::CONTENT_TYPE, "application/schema+json")],
        crate::load::schema::json(),
    )
        .into_response()
}

async fn list(State(studio): State<Arc<Studio>>) -> Result<Response, ApiError> {
    let entries = blocking(move || Ok(studio.list())).await?;
    Ok(Json(entries).into_response())
}

#[derive(Serialize)]
struct Source {
    path: String,
    source: String,
    etag: String,
    /// The organisation's org.toml, relative to the folder.
    org_file: Option<String>,
}

async fn read(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let file = studio.resolve(&path)?;
        let bytes = studio.read(&file)?;
        let tag = etag(&bytes);
        let source = String::from_utf8(bytes).map_err(|_| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                t!("not-utf8", file = &path),
                t!("not-utf8-help"),
            )
        })?;
        let org_file =
            super::files::find_org_file(&file, studio.folder.root()).map(|p| studio.relative(&p));
        Ok(with_etag(
            Json(Source {
                path: studio.relative(&file),
                source,
                etag: tag.clone(),
                org_file,
            })
            .into_response(),
            &tag,
        ))
    })
    .await
}

pub fn with_etag(mut response: Response, tag: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// The `If-Match` of a request that replaces a file: required.
pub fn if_match(headers: &HeaderMap) -> Result<String, ApiError> {
    headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                t!("studio-save-no-version"),
                t!("studio-save-no-version-help"),
            )
        })
}

/// Refuses a write when the file changed since the version `if_match` names.
pub fn check_current(if_match: &str, current: &[u8], shown: &str) -> Result<(), ApiError> {
    if matches(if_match, &etag(current)) {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::CONFLICT,
        t!("studio-save-conflict", file = &shown),
        t!("studio-save-conflict-help"),
    ))
}

#[derive(Deserialize)]
struct SaveBody {
    source: String,
}

#[derive(Serialize)]
struct Saved {
    path: String,
    etag: String,
}

/// Saves a charter exactly as typed. The body is the text itself, or JSON
/// `{"source": "…"}` with `Content-Type: application/json`.
async fn save(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let wanted = if_match(&headers)?;
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let text = if json {
        serde_json::from_slice::<SaveBody>(&body)
            .map_err(|err| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    t!("studio-body-not-source", error = err.to_string()),
                    t!("studio-body-not-source-help"),
                )
            })?
            .source
    } else {
        String::from_utf8(body.to_vec()).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                t!("studio-body-not-utf8"),
                t!("studio-body-not-utf8-help"),
            )
        })?
    };
    blocking(move || {
        let file = studio.resolve(&path)?;
        let _writing = studio.writes.lock().unwrap_or_else(|e| e.into_inner());
        let current = studio.read(&file)?;
        check_current(&wanted, &current, &path)?;
        crate::output::replace_keeping(&file, text.as_bytes()).map_err(|err| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                t!("studio-cannot-write", file = &path, error = err.to_string()),
                t!("studio-folder-writable-help"),
            )
        })?;
        let tag = etag(text.as_bytes());
        Ok(with_etag(
            Json(Saved {
                path: studio.relative(&file),
                etag: tag.clone(),
            })
            .into_response(),
            &tag,
        ))
    })
    .await
}

#[derive(Deserialize)]
pub struct PreviewRequest {
    /// The charter being edited, relative to the folder: models and
    /// org.toml are found from it.
    pub path: String,
    pub source: String,
    /// Put each page's SVG in the answer too (else only its URL).
    #[serde(default)]
    pub inline: bool,
}

/// How long a preview may take before the page is told so. The work goes
/// on (it is bounded by the run's limits) and the next preview waits for it.
const PREVIEW_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

async fn preview_route(
    State(studio): State<Arc<Studio>>,
    Json(request): Json<PreviewRequest>,
) -> Result<Response, ApiError> {
    let too_slow = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            t!("studio-preview-slow", seconds = PREVIEW_DEADLINE.as_secs()),
            t!("studio-preview-slow-help"),
        )
    };
    // One preview at a time: two heavy ones side by side would only double
    // the memory, and the other requests keep a core.
    let previews = studio.previews.clone();
    let work = async move {
        let permit = previews.acquire_owned().await.map_err(ApiError::internal)?;
        blocking(move || {
            let _permit = permit;
            let file = studio.resolve(&request.path)?;
            Ok(Json(preview::run(&studio, &file, &request)).into_response())
        })
        .await
    };
    tokio::time::timeout(PREVIEW_DEADLINE, work)
        .await
        .unwrap_or_else(|_| Err(too_slow()))
}

/// A page of a recent preview. Its name is its layout's hash, so the
/// browser may keep it. Gzipped when the browser takes it (all do): a page
/// is mostly glyph outlines, which compress threefold.
async fn page(
    State(studio): State<Arc<Studio>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let hash = name.strip_suffix(".svg").unwrap_or(&name);
    let found = studio
        .pages
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(hash);
    match found {
        Some(svg) if gzip => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "private, max-age=3600, immutable"),
                (header::CONTENT_ENCODING, "gzip"),
                (header::VARY, "Accept-Encoding"),
            ],
            gzipped(svg.as_bytes()),
        )
            .into_response(),
        Some(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "private, max-age=3600, immutable"),
                (header::VARY, "Accept-Encoding"),
            ],
            svg.to_string(),
        )
            .into_response(),
        None => ApiError::new(
            StatusCode::NOT_FOUND,
            t!("studio-page-gone"),
            t!("studio-page-gone-help"),
        )
        .into_response(),
    }
}

#[derive(Deserialize)]
struct DownloadQuery {
    format: Option<String>,
}

impl DownloadQuery {
    /// `?format=pdf` (the default) or `?format=docx`.
    fn format(&self) -> Result<Format, ApiError> {
        match self.format.as_deref().unwrap_or("pdf") {
            "pdf" => Ok(Format::Pdf),
            "docx" => Ok(Format::Docx),
            "ofd" => Ok(Format::Ofd),
            other => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                t!("studio-unknown-format", format = other),
                t!("studio-unknown-format-help"),
            )),
        }
    }
}

/// The saved charter built as PDF or DOCX, as `charter build` writes it.
async fn download(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
    Query(query): Query<DownloadQuery>,
) -> Result<Response, ApiError> {
    let format = query.format()?;
    blocking(move || {
        let file = studio.resolve(&path)?;
        let pipeline = studio.pipeline();
        let mut diags = Diagnostics::new();
        let Outcome::Resolved(resolved) = pipeline.resolve(&studio.job(&file), &mut diags) else {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                t!("studio-model-not-built", file = &path),
                t!("studio-model-not-built-help"),
            ));
        };
        let doc = &resolved.document;
        let rendered = studio
            .backends
            .document(doc, &[format], &pipeline.sources, &mut diags)
            .and_then(|mut r| r.pop())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    t!(
                        "studio-does-not-build",
                        file = &path,
                        error = first_error(&diags)
                    ),
                    t!("studio-fix-errors-help"),
                )
            })?;
        Ok(attachment(
            rendered.1,
            &format!("{}.{}", doc.id, format.extension()),
        ))
    })
    .await
}

/// The organisation's volume (制度汇编) as `charter volume` binds it: `path`
/// names its org.toml (or any charter file in its folder).
async fn volume(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
    Query(query): Query<DownloadQuery>,
) -> Result<Response, ApiError> {
    let format = query.format()?;
    blocking(move || {
        let file = studio.resolve(&path)?;
        let folder = file.parent().map(PathBuf::from).unwrap_or_default();
        let pipeline = studio.pipeline();
        let mut diags = Diagnostics::new();
        let request = crate::volume::Request {
            folder: folder.clone(),
            output: None,
            formats: vec![format],
            title: None,
            date: None,
            org: None,
            force: true,
            quiet: true,
        };
        let bytes = crate::volume::bind(
            &request,
            &[format],
            &studio.backends,
            &pipeline.sources,
            &mut diags,
        )
        .and_then(|mut files| files.pop())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                t!("studio-volume-fails", error = first_error(&diags)),
                t!("studio-volume-fails-help"),
            )
        })?;
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "charters".into());
        Ok(attachment(
            bytes.1,
            &format!("{name}-volume.{}", format.extension()),
        ))
    })
    .await
}

/// The first error's message, for an answer that cannot show them all.
pub fn first_error(diags: &Diagnostics) -> String {
    diags
        .list
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.message.clone())
        .unwrap_or_default()
}

/// A file to save, named `name`.
pub fn attachment(bytes: Vec<u8>, name: &str) -> Response {
    file_response(bytes, name, "attachment")
}

/// A file for the browser to show (a PDF to print).
pub fn inline(bytes: Vec<u8>, name: &str) -> Response {
    file_response(bytes, name, "inline")
}

fn file_response(bytes: Vec<u8>, name: &str, disposition: &str) -> Response {
    let kind = match PathBuf::from(name).extension().and_then(|e| e.to_str()) {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("ofd") => "application/ofd",
        _ => "application/octet-stream",
    };
    // RFC 5987: the id may be any text; the ASCII fallback is "charter".
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let extension = name.rsplit('.').next().unwrap_or("bin");
    let value =
        format!("{disposition}; filename=\"charter.{extension}\"; filename*=UTF-8''{encoded}");
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `bytes` gzipped at the fastest level: ~5 ms a page.
fn gzipped(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
