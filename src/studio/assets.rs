//! The front end, embedded: plain HTML, CSS and JavaScript from
//! assets/studio/, no build step and nothing fetched from elsewhere.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::api::ApiError;

const ASSETS: &[(&str, &str, &str)] = &[
    (
        "studio.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/studio/studio.css"),
    ),
    (
        "common.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/common.js"),
    ),
    (
        "home.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/home.js"),
    ),
    (
        "edit.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/edit.js"),
    ),
    (
        "document.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/document.js"),
    ),
    (
        "toml.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/toml.js"),
    ),
    (
        "org.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/org.js"),
    ),
    (
        "amend.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/amend.js"),
    ),
    (
        "survey.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/studio/survey.js"),
    ),
];

pub async fn home() -> Html<&'static str> {
    Html(include_str!("../../assets/studio/home.html"))
}

pub async fn editor() -> Html<&'static str> {
    Html(include_str!("../../assets/studio/edit.html"))
}

pub async fn org() -> Html<&'static str> {
    Html(include_str!("../../assets/studio/org.html"))
}

pub async fn amend() -> Html<&'static str> {
    Html(include_str!("../../assets/studio/amend.html"))
}

pub async fn survey() -> Html<&'static str> {
    Html(include_str!("../../assets/studio/survey.html"))
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, body)) => ([(header::CONTENT_TYPE, *kind)], *body).into_response(),
        None => ApiError::new(StatusCode::NOT_FOUND, t!("studio-no-file"), "").into_response(),
    }
}
