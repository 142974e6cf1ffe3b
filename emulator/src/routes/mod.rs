//! HTTP routes: `/v1` (backend), `/sdk/v1` (frontend SDK), `/emulator/v1` (admin).
pub mod admin;
pub mod backend;
pub mod dashboard;
pub mod sdk;

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use crate::errors::ApiResult;

/// A backend answer: flat JSON.
pub fn flat(r: ApiResult<Value>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A frontend-SDK answer: `{"data": ...}` on success, the error JSON unwrapped otherwise.
pub fn wrapped(r: ApiResult<Value>) -> Response {
    match r {
        Ok(v) => Json(serde_json::json!({ "data": v })).into_response(),
        Err(e) => e.into_response(),
    }
}
