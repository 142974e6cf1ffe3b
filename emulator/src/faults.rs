//! Fault injection, armed through the admin API for the next N requests to a path.
//! A faulted request never reaches its handler (except `latency`, which answers normally
//! after the delay), so no code is sent or consumed by it.
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::app::App;
use crate::errors::{ApiError, ApiResult};
use crate::extract::{Fields, BODY_TIMEOUT, MAX_BODY};
use crate::ids;

/// Longest accepted latency fault.
const MAX_DELAY_MS: u64 = 120_000;

/// What to do to a request.
#[derive(Clone, Debug, PartialEq)]
pub enum FaultKind {
    /// Answer with this status and Stytch's error JSON.
    Status {
        /// 500, 502, 503 or 429.
        status: u16,
        /// Optional `Retry-After` seconds.
        retry_after: Option<u64>,
    },
    /// Wait, then answer normally.
    Latency {
        /// Delay.
        delay_ms: u64,
    },
    /// The connection dies before any usable response: a response head no HTTP client
    /// accepts (two different `Content-Length`s), then the connection is closed. Clients see
    /// a transport error (`fetch` rejects: the SDK's `network_error`). Not a silent close:
    /// Chromium and Firefox silently re-send a request whose reused keep-alive connection
    /// closes before any byte of answer, which would use the fault up and let the retry
    /// succeed.
    Drop,
    /// A complete, valid response head (200, JSON, CORS, the `Content-Length` of a full
    /// body), half of the body, then the connection is closed. Clients see the head and then
    /// a body that cannot be read or parsed (the SDK's `invalid_response`, status 200).
    Truncate,
    /// 200 with a body that is not valid JSON.
    MalformedJson,
    /// 200 `text/html`.
    WrongContentType,
}

/// One armed fault.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Exact request path or `*`.
    pub path: String,
    /// Requests left.
    pub remaining: u64,
    /// What happens.
    pub kind: FaultKind,
    /// Optional Retry-After (any kind that answers).
    pub retry_after: Option<u64>,
    /// A `Retry-After` header written verbatim (any kind that answers), for
    /// values no server should send (`1e13`, `Infinity`); wins over `retry_after`.
    pub retry_after_raw: Option<String>,
}

impl Fault {
    fn to_json(&self) -> Value {
        let mut v = json!({"path": self.path, "count": self.remaining});
        match &self.kind {
            FaultKind::Status { status, .. } => {
                v["kind"] = json!("status");
                v["status"] = json!(status);
            }
            FaultKind::Latency { delay_ms } => {
                v["kind"] = json!("latency");
                v["delay_ms"] = json!(delay_ms);
            }
            FaultKind::Drop => v["kind"] = json!("drop"),
            FaultKind::Truncate => v["kind"] = json!("truncate"),
            FaultKind::MalformedJson => v["kind"] = json!("malformed_json"),
            FaultKind::WrongContentType => v["kind"] = json!("wrong_content_type"),
        }
        if let Some(r) = self.retry_after {
            v["retry_after"] = json!(r);
        }
        if let Some(r) = &self.retry_after_raw {
            v["retry_after_raw"] = json!(r);
        }
        v
    }
}

/// The armed faults, checked in arming order.
#[derive(Default, Debug)]
pub struct Faults {
    list: Vec<Fault>,
}

impl Faults {
    /// Arms a fault.
    pub fn arm(&mut self, f: Fault) {
        self.list.push(f);
    }

    /// Clears all.
    pub fn clear(&mut self) {
        self.list.clear();
    }

    /// The armed faults as JSON.
    pub fn to_json(&self) -> Value {
        json!({"faults": self.list.iter().map(Fault::to_json).collect::<Vec<_>>()})
    }

    /// Takes one use of the first fault matching `path`.
    pub fn take(&mut self, path: &str) -> Option<Fault> {
        let i = self
            .list
            .iter()
            .position(|f| f.remaining > 0 && (f.path == "*" || f.path == path))?;
        let f = &mut self.list[i];
        f.remaining -= 1;
        let out = f.clone();
        if f.remaining == 0 {
            self.list.remove(i);
        }
        Some(out)
    }
}

/// Parses the admin API's fault body.
///
/// # Errors
/// 400 for unknown kinds, statuses or missing fields.
pub fn parse(body: &Fields) -> ApiResult<Fault> {
    let path = body.req_str("path")?;
    if path != "*" && !path.starts_with('/') {
        return Err(ApiError::bad_request(
            "path must be an absolute path or \"*\".",
        ));
    }
    let count = body.opt_int("count", "bad_request")?.unwrap_or(1);
    if !(1..=1_000_000).contains(&count) {
        return Err(ApiError::bad_request(
            "count must be between 1 and 1000000.",
        ));
    }
    let retry_after = match body.opt_int("retry_after", "bad_request")? {
        Some(r) if (0..=86_400).contains(&r) => Some(r as u64),
        Some(_) => {
            return Err(ApiError::bad_request(
                "retry_after must be between 0 and 86400.",
            ))
        }
        None => None,
    };
    let retry_after_raw = body.opt_str("retry_after_raw")?;
    if retry_after_raw
        .as_ref()
        .is_some_and(|r| r.len() > 64 || HeaderValue::from_str(r).is_err())
    {
        return Err(ApiError::bad_request(
            "retry_after_raw must be at most 64 characters a header can hold.",
        ));
    }
    let kind = match body.req_str("kind")?.as_str() {
        "status" => {
            let status = body.opt_int("status", "bad_request")?.unwrap_or(500);
            if ![500, 502, 503, 429].contains(&status) {
                return Err(ApiError::bad_request(
                    "status must be 500, 502, 503 or 429.",
                ));
            }
            FaultKind::Status {
                status: status as u16,
                retry_after,
            }
        }
        "latency" => {
            let d = body
                .opt_int("delay_ms", "bad_request")?
                .ok_or_else(|| ApiError::missing("delay_ms"))?;
            if d < 0 || d as u64 > MAX_DELAY_MS {
                return Err(ApiError::bad_request(format!(
                    "delay_ms must be between 0 and {MAX_DELAY_MS}."
                )));
            }
            FaultKind::Latency { delay_ms: d as u64 }
        }
        "drop" => FaultKind::Drop,
        "truncate" => FaultKind::Truncate,
        "malformed_json" => FaultKind::MalformedJson,
        "wrong_content_type" => FaultKind::WrongContentType,
        _ => return Err(ApiError::bad_request(
            "kind must be status, latency, drop, truncate, malformed_json or wrong_content_type.",
        )),
    };
    Ok(Fault {
        path,
        remaining: count as u64,
        kind,
        retry_after,
        retry_after_raw,
    })
}

/// Marks a response that the server must write itself, byte for byte, and then close the
/// connection (see [`FaultKind::Drop`] and [`FaultKind::Truncate`]).
#[derive(Clone, Debug)]
pub enum RawFault {
    /// A head with two different `Content-Length`s, nothing else.
    Drop,
    /// The response's own head (its headers, CORS included), then the first half of `body`.
    Truncate {
        /// The full body the head announces.
        body: Bytes,
    },
}

impl RawFault {
    /// The bytes to write for `resp` (whose head, after every layer, is used for `Truncate`).
    pub fn render(&self, resp: &Response) -> Vec<u8> {
        match self {
            RawFault::Drop => b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\ncontent-length: 1\r\nconnection: close\r\n\r\n".to_vec(),
            RawFault::Truncate { body } => {
                let st = resp.status();
                let mut out = format!("HTTP/1.1 {} {}\r\n", st.as_u16(), st.canonical_reason().unwrap_or("OK")).into_bytes();
                for (k, v) in resp.headers() {
                    if k == header::CONNECTION || k == header::CONTENT_LENGTH || k == header::TRANSFER_ENCODING {
                        continue;
                    }
                    out.extend_from_slice(k.as_str().as_bytes());
                    out.extend_from_slice(b": ");
                    out.extend_from_slice(v.as_bytes());
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()).as_bytes());
                out.extend_from_slice(&body[..body.len() / 2]);
                out
            }
        }
    }
}

/// The middleware applying armed faults to API requests (never to the admin API or
/// to CORS preflights).
pub async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() == axum::http::Method::OPTIONS || path.starts_with("/emulator/") {
        return next.run(req).await;
    }
    let fault = app.faults().take(&path);
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    let mut resp = match fault.kind {
        FaultKind::Latency { delay_ms } => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            next.run(req).await
        }
        FaultKind::Status {
            status,
            retry_after,
        } => {
            let (t, m) = match status {
                502 => ("bad_gateway", "Bad gateway (injected fault)."),
                503 => (
                    "service_unavailable",
                    "Service unavailable (injected fault).",
                ),
                429 => ("too_many_requests", "Too many requests (injected fault)."),
                _ => (
                    "internal_server_error",
                    "Internal server error (injected fault).",
                ),
            };
            let mut e = ApiError::new(status, t, m);
            e.retry_after = retry_after;
            e.into_response()
        }
        FaultKind::Drop | FaultKind::Truncate => {
            // Read the request body first: closing a socket with unread data sends a TCP
            // reset, which may destroy the bytes written just before it.
            let (_, body) = req.into_parts();
            let _ = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, MAX_BODY)).await;
            if fault.kind == FaultKind::Drop {
                let mut r = StatusCode::BAD_GATEWAY.into_response();
                r.extensions_mut().insert(RawFault::Drop);
                r
            } else {
                truncated()
            }
        }
        FaultKind::MalformedJson => {
            let body = format!(
                "{{\"data\": {{\"request_id\": \"{}\", \"status_code\": 200, \"method_id\": ",
                ids::id("request-id")
            );
            let mut r = (StatusCode::OK, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        FaultKind::WrongContentType => {
            let mut r = (
                StatusCode::OK,
                "<!doctype html><html><body><h1>Gateway</h1></body></html>",
            )
                .into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
    };
    if let (Some(r), false) = (
        fault.retry_after,
        resp.headers().contains_key(header::RETRY_AFTER),
    ) {
        if let Ok(v) = HeaderValue::from_str(&r.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    if let Some(v) = fault
        .retry_after_raw
        .as_deref()
        .and_then(|r| HeaderValue::from_str(r).ok())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// 200 `application/json` announcing a full JSON body, of which the server writes only the
/// first half before closing the connection.
fn truncated() -> Response {
    let full = json!({"data": {"request_id": ids::id("request-id"), "status_code": 200, "method_id": "phone-number-test-truncated", "padding": "x".repeat(64)}}).to_string();
    let mut r = StatusCode::OK.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.extensions_mut().insert(RawFault::Truncate {
        body: Bytes::from(full),
    });
    r
}
