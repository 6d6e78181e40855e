//! The survey page: the questionnaires printed on their own (`charter
//! survey`), and an uploaded CSV of answers tallied (`charter survey tally`).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::Studio;
use super::api::{ApiError, blocking, first_error, inline};
use super::preview::Problem;
use crate::backend::Format;
use crate::diag::Diagnostics;
use crate::document::Document;
use crate::pipeline::{Outcome, Pipeline};

#[derive(Deserialize)]
pub struct Which {
    appendix: Option<String>,
    #[serde(default)]
    copies: Option<u32>,
    activity: Option<String>,
    /// The uploaded file's name, for messages.
    name: Option<String>,
    /// `pdf` or `docx`: the questionnaire as a form to fill in on screen.
    fillable: Option<String>,
}

fn resolved(
    studio: &Studio,
    path: &str,
    pipeline: &Pipeline,
    diags: &mut Diagnostics,
) -> Result<Document, ApiError> {
    let file = studio.resolve(path)?;
    match pipeline.resolve(&studio.job(&file), diags) {
        Outcome::Resolved(resolved) => Ok(resolved.document),
        _ => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{path} does not resolve: {}", first_error(diags)),
            "fix the errors the editor shows, then save",
        )),
    }
}

/// `GET /api/survey/{path}?appendix=ID&copies=N`: the print as a PDF to open.
pub async fn print(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
    Query(which): Query<Which>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let pipeline = studio.pipeline();
        let mut diags = Diagnostics::new();
        let doc = resolved(&studio, &path, &pipeline, &mut diags)?;
        if let Some(kind) = which.fillable.as_deref() {
            let appendix = crate::survey::questionnaire(&doc, which.appendix.as_deref(), &mut diags)
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        first_error(&diags),
                        "choose one questionnaire for the fillable form",
                    )
                })?;
            let (bytes, extension) = match kind {
                "docx" => (
                    crate::survey::docx_form::fillable_docx(&doc, appendix),
                    "docx",
                ),
                _ => (
                    crate::survey::pdf_form::fillable_pdf(&doc, appendix),
                    "pdf",
                ),
            };
            let bytes = bytes.map_err(|error| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    error,
                    "report this with the charter that caused it",
                )
            })?;
            let name = format!("{}-{}-form.{extension}", doc.id, appendix.id);
            return Ok(inline(bytes, &name));
        }
        let ids: Vec<String> = which.appendix.into_iter().collect();
        let copies = which.copies.unwrap_or(1).clamp(1, 1000);
        let unprintable = |diags: &Diagnostics| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                first_error(diags),
                "a questionnaire or form is an [[appendix]] with kind = \"questionnaire\" or \"form\"",
            )
        };
        let survey = crate::survey::survey_document(&doc, &ids, copies, &mut diags)
            .ok_or_else(|| unprintable(&diags))?;
        let (_, bytes) = studio
            .backends
            .document(&survey, &[Format::Pdf], &pipeline.sources, &mut diags)
            .and_then(|mut r| r.pop())
            .ok_or_else(|| unprintable(&diags))?;
        Ok(inline(bytes, &format!("{}-survey.pdf", doc.id)))
    })
    .await
}

#[derive(Serialize)]
struct Tallied {
    report: crate::survey::tally::Report,
    /// Rows left out and columns ignored, with their lines.
    problems: Vec<Problem>,
}

/// `POST /api/tally/{path}?appendix=ID`: the body is a CSV or XLSX export or
/// a filled PDF or DOCX form.
pub async fn tally(
    State(studio): State<Arc<Studio>>,
    Path(path): Path<String>,
    Query(which): Query<Which>,
    body: Bytes,
) -> Result<Response, ApiError> {
    blocking(move || {
        let pipeline = studio.pipeline();
        let mut diags = Diagnostics::new();
        let doc = resolved(&studio, &path, &pipeline, &mut diags)?;
        let appendix = crate::survey::questionnaire(&doc, which.appendix.as_deref(), &mut diags)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    first_error(&diags),
                    "choose the questionnaire the answers belong to",
                )
            })?;
        // Named for messages only; nothing is read from or written to it.
        let name = which
            .name
            .as_deref()
            .and_then(|n| std::path::Path::new(n).file_name())
            .map(|n| crate::hygiene::printable(&n.to_string_lossy()))
            .unwrap_or_else(|| "uploaded.csv".into());
        let shown = std::path::Path::new(&name);
        let activity = which.activity.filter(|a| !a.trim().is_empty());
        let mut found = Diagnostics::new();
        let report = crate::survey::tally::tally_bytes(
            &doc,
            appendix,
            &body,
            shown,
            activity,
            &pipeline.sources,
            &mut found,
        )
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                first_error(&found),
                found
                    .list
                    .iter()
                    .find_map(|d| d.help.clone())
                    .unwrap_or_else(|| "export the answers as CSV UTF-8 from Excel or WPS".into()),
            )
        })?;
        let problems = found
            .list
            .iter()
            .map(|d| super::preview::problem(d, &pipeline.sources, shown))
            .collect();
        Ok(Json(Tallied { report, problems }).into_response())
    })
    .await
}
