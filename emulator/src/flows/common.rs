//! Small helpers shared by the consumer and B2B flows.
use serde_json::{json, Value};

use crate::errors::{ApiError, ApiResult};
use crate::ids;
use crate::state::store::SESSION_MINUTES;
use sms_mfa_sdk::core::phone::{self, PhoneError};

/// Default SMS code lifetime.
pub const DEFAULT_SMS_MINUTES: i64 = 2;
/// Default email code lifetime.
pub const DEFAULT_EMAIL_MINUTES: i64 = 10;

/// Normalises a phone number with the SDK core, so the emulator and the SDK agree.
///
/// # Errors
/// 400 `invalid_phone_number` or `invalid_phone_number_country_code`.
pub fn parse_phone(raw: &str) -> ApiResult<String> {
    match phone::parse(raw) {
        Ok(p) => Ok(p.as_str().to_string()),
        Err(PhoneError::UnsupportedCountry) => Err(ApiError::new(
            400,
            "invalid_phone_number_country_code",
            "SMS is not supported for this phone number's country.",
        )),
        Err(_) => Err(ApiError::new(
            400,
            "invalid_phone_number",
            "Phone number format is invalid. Use E.164, e.g. +12025550162.",
        )),
    }
}

/// `expiration_minutes` for SMS codes: 1..=10, default 2.
///
/// # Errors
/// 400 `invalid_expiration_minutes`.
pub fn sms_expiration(v: Option<i64>) -> ApiResult<i64> {
    match v {
        None => Ok(DEFAULT_SMS_MINUTES),
        Some(m) if (1..=10).contains(&m) => Ok(m),
        Some(_) => Err(ApiError::new(
            400,
            "invalid_expiration_minutes",
            "expiration_minutes must be between 1 and 10.",
        )),
    }
}

/// Email code lifetime: 1..=60, default 10.
///
/// # Errors
/// 400 `invalid_expiration_minutes`.
pub fn email_expiration(v: Option<i64>) -> ApiResult<i64> {
    match v {
        None => Ok(DEFAULT_EMAIL_MINUTES),
        Some(m) if (1..=60).contains(&m) => Ok(m),
        Some(_) => Err(ApiError::new(
            400,
            "invalid_expiration_minutes",
            "expiration_minutes must be between 1 and 60.",
        )),
    }
}

/// `session_duration_minutes`: 5..=527040.
///
/// # Errors
/// 400 `invalid_session_duration_minutes`.
pub fn session_minutes(v: Option<i64>) -> ApiResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(m) if SESSION_MINUTES.contains(&m) => Ok(Some(m)),
        Some(_) => Err(ApiError::new(
            400,
            "invalid_session_duration_minutes",
            "session_duration_minutes must be between 5 and 527040.",
        )),
    }
}

/// The code as sent in a request. Any non-empty string is compared (in constant time) with
/// the stored code, so a malformed code is simply a wrong one (`otp_code_not_found`).
///
/// # Errors
/// 400 `bad_request` when missing or empty.
pub fn code_field(code: Option<String>, name: &str) -> ApiResult<String> {
    match code {
        Some(c) if !c.is_empty() => Ok(c),
        _ => Err(ApiError::missing(name)),
    }
}

/// Adds `request_id` and `status_code: 200` to a response object.
pub fn ok(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert("request_id".into(), json!(ids::id("request-id")));
        m.insert("status_code".into(), json!(200));
    }
    v
}

/// A basic email syntax check.
///
/// # Errors
/// 400 `invalid_email`.
pub fn parse_email(raw: &str) -> ApiResult<String> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && e.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty()
                && d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && !d.contains('@')
        });
    if ok {
        Ok(e)
    } else {
        Err(ApiError::new(
            400,
            "invalid_email",
            "Email format is invalid.",
        ))
    }
}
