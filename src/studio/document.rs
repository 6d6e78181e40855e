//! `POST /api/edit`: an operation of the document view (add, move, delete,
//! edit a text, revert, edit a table) applied to the unsaved source; the
//! new source comes back, and the page keeps the old one for undo. Nothing
//! is written until the user saves.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::Studio;
use super::api::{ApiError, blocking};
use crate::diag::Diagnostics;
use crate::editing::{EditNode, Op};

#[derive(Deserialize)]
pub struct EditRequest {
    /// The charter, relative to the served folder.
    pub path: String,
    /// Its text as it stands in the page (unsaved).
    pub source: String,
    pub op: Op,
}

#[derive(Serialize)]
struct Edited {
    source: String,
    /// The node to show selected afterwards.
    select: Option<String>,
}

pub async fn edit(
    State(studio): State<Arc<Studio>>,
    Json(request): Json<EditRequest>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let file = studio.resolve(&request.path)?;
        let mut diags = Diagnostics::new();
        let applied = crate::editing::apply(
            &request.source,
            &file,
            studio.folder.root(),
            &studio.folder,
            &request.op,
            &mut diags,
        );
        match applied {
            Some(applied) => Ok(Json(Edited {
                source: applied.source,
                select: applied.select,
            })
            .into_response()),
            None => {
                let first = diags.list.iter().find(|d| d.is_error());
                Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    first
                        .map(|d| d.message.clone())
                        .unwrap_or_else(|| t!("studio-change-refused")),
                    first
                        .and_then(|d| d.help.clone())
                        .unwrap_or_else(|| t!("studio-change-refused-help")),
                ))
            }
        }
    })
    .await
}

/// The document tree of an unsaved source, for the document view; `None`
/// when it does not load (the source view shows why).
pub fn tree(studio: &Studio, file: &std::path::Path, source: &str) -> Option<Vec<EditNode>> {
    crate::editing::tree(
        source,
        file,
        studio.folder.root(),
        &studio.folder,
        &mut Diagnostics::new(),
    )
}
