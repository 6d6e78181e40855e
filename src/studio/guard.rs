//! Every request names the studio's own host; every request that changes
//! anything comes from the studio's own page.
//!
//! A web page on another site can make the browser send requests to
//! 127.0.0.1 (and, by DNS rebinding, read the answers under its own name):
//! the `Host` check refuses the second, the `Origin` check the first for
//! anything that writes. Answers also forbid framing and sniffing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Studio;
use super::api::ApiError;

pub async fn guard(State(studio): State<Arc<Studio>>, request: Request, next: Next) -> Response {
    let accept = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok());
    let lang = crate::i18n::for_request(accept);
    crate::i18n::Scoped::new(lang, checked(studio, request, next)).await
}

async fn checked(studio: Arc<Studio>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| studio.host_ok(h)) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            t!("studio-wrong-host", port = studio.port),
            t!("studio-wrong-host-help"),
        )
        .into_response();
    }
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe {
        let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
        if !origin.is_some_and(|o| studio.origin_ok(o)) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                t!("studio-wrong-origin"),
                t!("studio-wrong-origin-help"),
            )
            .into_response();
        }
    }
    let mut response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !json {
        response = as_api_error(response).await;
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    // Files change under the studio: nothing is kept, but the pages named by hash.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// An error answered by axum itself (a body over the limit, a body that is
/// not the JSON asked for) in the API's own form, `{"error", "hint"}`.
async fn as_api_error(response: Response) -> Response {
    let status = response.status();
    let text = axum::body::to_bytes(response.into_body(), 16 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let (message, hint) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            t!(
                "studio-too-large",
                body = super::api::BODY_LIMIT / (1024 * 1024),
                csv = super::api::CSV_LIMIT / (1024 * 1024)
            ),
            t!("studio-too-large-help"),
        ),
        _ if !text.is_empty() => (text, t!("studio-reload-help")),
        _ => (
            status.canonical_reason().unwrap_or("error").to_string(),
            t!("studio-reload-help"),
        ),
    };
    ApiError::new(status, message, hint).into_response()
}
