//! CORS with credentials: the request's Origin is echoed only for loopback origins
//! (`http(s)://localhost`, `127.0.0.1`, `[::1]`, any port) and for the config's
//! `cors_origins`. Never for anything else. `/v1` (secret-authenticated) gets no CORS.
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::App;

const ALLOW_HEADERS: &str = "Authorization, Content-Type, X-SDK-Client, X-SDK-Parent-Host";
const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
const EXPOSE_HEADERS: &str = "Retry-After, Content-Length";

/// Whether `origin` may call with credentials.
pub fn origin_allowed(origin: &str, configured: &[String]) -> bool {
    if configured.iter().any(|c| c.trim_end_matches('/') == origin) {
        return true;
    }
    let rest = match origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    {
        Some(r) => r,
        None => return false,
    };
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, p)) => (format!("[{h}]"), p),
            None => return false,
        }
    } else {
        match rest.find(':') {
            Some(i) => (rest[..i].to_string(), &rest[i..]),
            None => (rest.to_string(), ""),
        }
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
        });
    port_ok
        && matches!(
            host.to_ascii_lowercase().as_str(),
            "localhost" | "127.0.0.1" | "[::1]"
        )
}

fn add_cors(h: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
}

/// The middleware.
pub async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/v1/") {
        return next.run(req).await;
    }
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| origin_allowed(o, &app.cfg().cors_origins))
        .map(str::to_string);
    if req.method() == Method::OPTIONS {
        let requested = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let private_network = req
            .headers()
            .get("access-control-request-private-network")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
        let mut resp = StatusCode::NO_CONTENT.into_response();
        let h = resp.headers_mut();
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        if let Some(o) = &origin {
            add_cors(h, o);
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            let allow = requested
                .and_then(|r| r.to_str().ok().map(|s| format!("{ALLOW_HEADERS}, {s}")))
                .and_then(|s| HeaderValue::from_str(&s).ok())
                .unwrap_or(HeaderValue::from_static(ALLOW_HEADERS));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow);
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
            if private_network {
                // Chrome's Private Network Access: a configured non-local origin calling the
                // emulator on loopback.
                h.insert(
                    "access-control-allow-private-network",
                    HeaderValue::from_static("true"),
                );
            }
        }
        return resp;
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(o) = &origin {
        add_cors(h, o);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::origin_allowed;

    #[test]
    fn loopback_and_configured_only() {
        let cfg = vec!["https://app.example.com".to_string()];
        for ok in [
            "http://localhost",
            "http://localhost:5173",
            "https://127.0.0.1:8443",
            "http://[::1]:9010",
            "https://app.example.com",
        ] {
            assert!(origin_allowed(ok, &cfg), "{ok}");
        }
        for bad in [
            "http://localhost.evil.com",
            "http://evil.com",
            "http://127.0.0.1.evil.com",
            "http://localhost:80abc",
            "file://localhost",
            "null",
            "http://localhost@evil.com",
            "https://app.example.com.evil.com",
            "http://[::2]:1",
            "",
        ] {
            assert!(!origin_allowed(bad, &cfg), "{bad}");
        }
    }
}
