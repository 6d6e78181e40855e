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
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| studio.host_ok(h)) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "this studio answers only to 127.0.0.1:{port} and localhost:{port}",
                port = studio.port
            ),
            "open the address charter serve printed",
        )
        .into_response();
    }
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe {
        let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
        if !origin.is_some_and(|o| studio.origin_ok(o)) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "a change must come from the studio's own page (its Origin)",
                "edit in the studio's page; other sites cannot change your files",
            )
            .into_response();
        }
    }
    let mut response = next.run(request).await;
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
