//! Stytch's error JSON: `{status_code, request_id, error_type, error_message, error_url}`,
//! with the HTTP status equal to `status_code`, never wrapped in `data`.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::ids;

/// One API error, rendered as Stytch's error JSON.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status and `status_code`.
    pub status: u16,
    /// Stytch's `error_type`.
    pub error_type: &'static str,
    /// Human-readable `error_message`.
    pub message: String,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
}

/// Shorthand for results of the API layer.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A new error.
    pub fn new(status: u16, error_type: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            error_type,
            message: message.into(),
            retry_after: None,
        }
    }

    /// Adds a `Retry-After` header.
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// 400 for a request that cannot be understood.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "bad_request", message)
    }

    /// 400 for a missing required field.
    pub fn missing(field: &str) -> Self {
        Self::new(400, "bad_request", format!("{field} is a required field."))
    }

    /// 401 for wrong or missing credentials.
    pub fn unauthorized() -> Self {
        Self::new(
            401,
            "unauthorized_credentials",
            "Unauthorized credentials: check the project ID, secret or public token.",
        )
    }

    /// 404 for a session token or JWT that is unknown or expired.
    pub fn session_not_found() -> Self {
        Self::new(404, "session_not_found", "Session could not be found.")
    }

    /// 404 for unknown routes.
    pub fn route_not_found() -> Self {
        Self::new(404, "not_found", "The requested route does not exist.")
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "status_code": self.status,
            "request_id": ids::id("request-id"),
            "error_type": self.error_type,
            "error_message": self.message,
            "error_url": format!("https://stytch.com/docs/api/errors/{}#{}", self.status, self.error_type),
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, axum::Json(self.body())).into_response();
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}
