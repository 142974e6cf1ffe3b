//! Request parsing shared by all routes: the body (size limit, content type, JSON object,
//! `null` = absent) and the two Basic-auth schemes.
use axum::body::Body;
use axum::extract::FromRequest;
use axum::http::{header, HeaderMap, Request};
use base64::Engine;
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use crate::config::Config;
use crate::errors::{ApiError, ApiResult};

/// Largest accepted request body.
pub const MAX_BODY: usize = 64 * 1024;
/// How long a request body may take to arrive.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Headers plus the parsed JSON body.
pub struct ApiRequest {
    /// Request headers.
    pub headers: HeaderMap,
    /// The body's fields (empty when there was no body), or why it could not be parsed.
    /// Handlers check credentials first, then the body.
    pub body: ApiResult<Fields>,
    /// Whether a body other than whitespace and `null` was sent.
    pub had_body: bool,
}

impl<S: Send + Sync> FromRequest<S> for ApiRequest {
    type Rejection = ApiError;

    async fn from_request(req: Request<Body>, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        if let Some(len) = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
        {
            if len > MAX_BODY as u64 {
                return Err(too_large());
            }
        }
        let read = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, MAX_BODY))
            .await
            .map_err(|_| {
                ApiError::new(
                    408,
                    "request_timeout",
                    "The request body did not arrive in time.",
                )
            })?;
        let bytes = read.map_err(|e| {
            if is_length_limit(&e) {
                too_large()
            } else {
                ApiError::bad_request("The request body could not be read.")
            }
        })?;
        let is_get = parts.method == axum::http::Method::GET;
        let had_body = !is_get
            && !bytes.iter().all(|b| b.is_ascii_whitespace())
            && bytes.trim_ascii() != b"null";
        let body = parse_body(&parts.headers, &bytes, is_get);
        Ok(ApiRequest {
            headers: parts.headers,
            body,
            had_body,
        })
    }
}

/// The body of a mutating admin call (`POST`, `DELETE` under `/emulator/v1`): it must be
/// sent as `Content-Type: application/json` and be a JSON object (`{}` when the call needs
/// nothing more). A cross-site page cannot send that content type without a CORS preflight,
/// which only allowed origins pass, so a form-style or `text/plain` post from any other
/// page is refused before anything changes.
pub struct AdminBody(pub Fields);

impl<S: Send + Sync> FromRequest<S> for AdminBody {
    type Rejection = ApiError;

    async fn from_request(req: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let ct = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !is_json_mime(ct) {
            return Err(ApiError::new(
                400,
                "invalid_content_type",
                "Admin calls that change state must be sent with Content-Type: application/json and a JSON object body ({} when there is nothing more).",
            ));
        }
        let r = ApiRequest::from_request(req, state).await?;
        let body = r.body?;
        if !r.had_body {
            return Err(ApiError::new(400, "invalid_json", "Admin calls that change state take a JSON object body: send {} when there is nothing more."));
        }
        Ok(AdminBody(body))
    }
}

fn is_json_mime(ct: &str) -> bool {
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

fn is_length_limit(e: &axum::Error) -> bool {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = src {
        if s.to_string().to_lowercase().contains("length limit") {
            return true;
        }
        src = s.source();
    }
    false
}

fn too_large() -> ApiError {
    ApiError::new(
        413,
        "request_too_large",
        format!("The request body exceeds {MAX_BODY} bytes."),
    )
}

/// Parses a body: empty or `null` is no fields; otherwise it must be a JSON object sent as
/// `application/json`. GET bodies are ignored.
///
/// # Errors
/// 400 `invalid_content_type`, 400 `invalid_json`.
pub fn parse_body(headers: &HeaderMap, bytes: &[u8], is_get: bool) -> ApiResult<Fields> {
    if is_get || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Fields::default());
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !is_json_mime(ct) {
        return Err(ApiError::new(
            400,
            "invalid_content_type",
            "Request bodies must be JSON sent with Content-Type: application/json.",
        ));
    }
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|_| ApiError::new(400, "invalid_json", "The request body is not valid JSON."))?;
    match v {
        Value::Object(m) => Ok(Fields(m)),
        Value::Null => Ok(Fields::default()),
        _ => Err(ApiError::new(
            400,
            "invalid_json",
            "The request body must be a JSON object.",
        )),
    }
}

/// A JSON object's fields with typed, `null`-tolerant getters.
#[derive(Default, Debug)]
pub struct Fields(pub Map<String, Value>);

impl Fields {
    fn get(&self, k: &str) -> Option<&Value> {
        self.0.get(k).filter(|v| !v.is_null())
    }

    /// An optional string.
    ///
    /// # Errors
    /// 400 when present but not a string.
    pub fn opt_str(&self, k: &str) -> ApiResult<Option<String>> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ApiError::bad_request(format!("{k} must be a string."))),
        }
    }

    /// An optional, non-empty string ("" counts as absent).
    ///
    /// # Errors
    /// 400 when present but not a string.
    pub fn opt_nonempty(&self, k: &str) -> ApiResult<Option<String>> {
        Ok(self.opt_str(k)?.filter(|s| !s.is_empty()))
    }

    /// A required non-empty string.
    ///
    /// # Errors
    /// 400 when missing, empty or not a string.
    pub fn req_str(&self, k: &str) -> ApiResult<String> {
        self.opt_nonempty(k)?.ok_or_else(|| ApiError::missing(k))
    }

    /// An optional integer.
    ///
    /// # Errors
    /// `err_type` when present but not an integer.
    pub fn opt_int(&self, k: &str, err_type: &'static str) -> ApiResult<Option<i64>> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Ok(Some(i)),
                None => match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                    _ => Err(ApiError::new(
                        400,
                        err_type,
                        format!("{k} must be an integer."),
                    )),
                },
            },
            Some(_) => Err(ApiError::new(
                400,
                err_type,
                format!("{k} must be an integer."),
            )),
        }
    }

    /// An optional boolean.
    ///
    /// # Errors
    /// 400 when present but not a boolean.
    pub fn opt_bool(&self, k: &str) -> ApiResult<Option<bool>> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::bad_request(format!("{k} must be a boolean."))),
        }
    }

    /// Any JSON value, `null` when absent.
    pub fn value(&self, k: &str) -> Value {
        self.get(k).cloned().unwrap_or(Value::Null)
    }
}

/// The (user, password) of a Basic `Authorization` header.
pub fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = v.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let s = String::from_utf8(raw).ok()?;
    let (u, p) = s.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

fn ct_str_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Checks `project_id:secret`.
///
/// # Errors
/// 401 `unauthorized_credentials`.
pub fn backend_auth(headers: &HeaderMap, cfg: &Config) -> ApiResult<()> {
    match basic(headers) {
        Some((u, p)) if u == cfg.project.project_id && ct_str_eq(&p, &cfg.project.secret) => Ok(()),
        _ => Err(ApiError::unauthorized()),
    }
}

/// Checks the public token in the user half; returns the session token of the password half
/// (`None` when it repeats the public token or is empty).
///
/// # Errors
/// 401 `unauthorized_credentials`.
pub fn sdk_auth(headers: &HeaderMap, cfg: &Config) -> ApiResult<Option<String>> {
    match basic(headers) {
        Some((u, p)) if u == cfg.project.public_token => {
            if p.is_empty() || p == cfg.project.public_token {
                Ok(None)
            } else {
                Ok(Some(p))
            }
        }
        _ => Err(ApiError::unauthorized()),
    }
}
