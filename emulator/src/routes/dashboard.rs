//! `/emulator/`: a small dashboard page over the admin API (outbox, records, sessions,
//! clock, faults). Its three files are compiled into the binary, so it works without
//! `--www`; they are served with a strict Content-Security-Policy and may not be framed.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::app::App;

const INDEX: &str = include_str!("../../dashboard/index.html");
const SCRIPT: &str = include_str!("../../dashboard/dashboard.js");
const STYLE: &str = include_str!("../../dashboard/dashboard.css");

/// The page's Content-Security-Policy: its own script and style only, calls to its own
/// origin only, no framing, no forms to elsewhere.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn file(body: &'static str, content_type: &'static str) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/emulator",
            get(|| async { Redirect::permanent("/emulator/") }),
        )
        .route(
            "/emulator/",
            get(|| async { file(INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/emulator/index.html",
            get(|| async { file(INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/emulator/dashboard.js",
            get(|| async { file(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/emulator/dashboard.css",
            get(|| async { file(STYLE, "text/css; charset=utf-8") }),
        )
}
