//! The one error type of the SDK.
//!
//! Every failure, local or remote, is an [`Error`] with the fields of the JS
//! `SdkError`: Stytch's `error_type` string (or one of the local types in
//! [`kind`]), the HTTP status (0 for local and transport errors), the request
//! id, message and documentation URL, whether a retry may succeed, and the
//! server's `Retry-After` when it gave one.
//!
//! Messages are static text or Stytch's own message: they never contain a
//! token, a passcode or a phone number.
use std::borrow::Cow;

use serde::Serialize;

use super::phone::PhoneError;

/// The `error_type` strings produced locally by the SDK (Stytch's own strings
/// pass through unchanged).
pub mod kind {
    /// The client configuration is unusable (e.g. a project secret as public token).
    pub const INVALID_CONFIG: &str = "invalid_config";
    /// An argument is malformed (ids, e-mail, durations...).
    pub const INVALID_INPUT: &str = "invalid_input";
    /// The passcode is not exactly six ASCII digits.
    pub const INVALID_CODE: &str = "invalid_code";
    /// The phone number is not a well-formed E.164 number (Stytch's string).
    pub const INVALID_PHONE_NUMBER: &str = "invalid_phone_number";
    /// The phone number's country is not served (Stytch's string).
    pub const INVALID_PHONE_NUMBER_COUNTRY_CODE: &str = "invalid_phone_number_country_code";
    /// `authenticate` was called with nothing pending (or it expired).
    pub const NO_PENDING_CHALLENGE: &str = "no_pending_challenge";
    /// A resend was asked for before `resend_allowed_at`.
    pub const RESEND_TOO_SOON: &str = "resend_too_soon";
    /// The request never got an HTTP response.
    pub const NETWORK_ERROR: &str = "network_error";
    /// The request took longer than the configured timeout.
    pub const TIMEOUT: &str = "timeout";
    /// The caller's `AbortSignal` fired.
    pub const ABORTED: &str = "aborted";
    /// The response could not be understood.
    pub const INVALID_RESPONSE: &str = "invalid_response";
    /// Browser storage threw; the client fell back to memory.
    pub const STORAGE_UNAVAILABLE: &str = "storage_unavailable";
    /// The WebAssembly module was not initialised.
    pub const NOT_INITIALIZED: &str = "not_initialized";
    /// The browser has no WebOTP, or refused to read the code.
    pub const WEB_OTP_UNAVAILABLE: &str = "web_otp_unavailable";
    /// The project requires a captcha and none could be had (no `captcha`
    /// hook, the hook failed, or Stytch refused the token twice).
    pub const CAPTCHA_REQUIRED: &str = "captcha_required";
}

/// Error types for which Stytch's SDK drops the local session.
const UNRECOVERABLE: [&str; 4] = [
    "unauthorized_credentials",
    "user_unauthenticated",
    "invalid_secret_authentication",
    "session_not_found",
];

/// Error types with which Stytch says an intermediate session token is gone
/// (not `invalid_intermediate_session_token_for_organization`: that token
/// is still good for its own organization).
const IST_REJECTED: [&str; 2] = [
    "intermediate_session_not_found",
    "intermediate_session_expired",
];

/// An SDK error: what the JS `SdkError` carries (its fields in camelCase).
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// Stytch's `error_type`, or a local one from [`kind`].
    pub error_type: Cow<'static, str>,
    /// HTTP status; 0 for local and transport errors.
    pub status_code: u16,
    /// Stytch's `request_id`, or empty.
    pub request_id: String,
    /// A human-readable message.
    pub error_message: Cow<'static, str>,
    /// Stytch's documentation link, or empty.
    pub error_url: String,
    /// True for transport failures, timeouts, 429 and 5xx.
    pub retryable: bool,
    /// Seconds to wait, from the server's `Retry-After` or the local resend timer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
}

/// True for statuses where the same request may succeed later (429 and 5xx).
pub fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

impl Error {
    /// A local, non-retryable error with status 0.
    pub fn local(error_type: &'static str, message: &'static str) -> Error {
        Error {
            error_type: Cow::Borrowed(error_type),
            status_code: 0,
            request_id: String::new(),
            error_message: Cow::Borrowed(message),
            error_url: String::new(),
            retryable: false,
            retry_after: None,
        }
    }

    /// An error reported by the API. `retryable` follows the status.
    pub fn api(
        status_code: u16,
        error_type: String,
        error_message: String,
        request_id: String,
        error_url: String,
        retry_after: Option<u32>,
    ) -> Error {
        Error {
            error_type: Cow::Owned(error_type),
            status_code,
            request_id,
            error_message: Cow::Owned(error_message),
            error_url,
            retryable: is_retryable_status(status_code),
            retry_after,
        }
    }

    /// `invalid_config` with `message`.
    pub fn invalid_config(message: &'static str) -> Error {
        Error::local(kind::INVALID_CONFIG, message)
    }
    /// `invalid_input` with `message`.
    /// `invalid_config` naming an option the SDK does not know (when its
    /// name is short printable ASCII: a name is not echoed otherwise).
    pub fn unknown_config_option(path: &str) -> Error {
        if path.len() > 64 || !path.bytes().all(|b| b.is_ascii_graphic()) {
            return Error::invalid_config("Unknown config option.");
        }
        let mut message = String::from("Unknown config option: ");
        message.push_str(path);
        message.push_str(" (misspelt?).");
        let mut e = Error::invalid_config("");
        e.error_message = Cow::Owned(message);
        e
    }

    /// An argument is malformed.
    pub fn invalid_input(message: &'static str) -> Error {
        Error::local(kind::INVALID_INPUT, message)
    }
    /// `invalid_code`: the passcode is not six digits.
    pub fn invalid_code() -> Error {
        Error::local(kind::INVALID_CODE, "The code must be 6 digits.")
    }
    /// `invalid_phone_number`.
    pub fn invalid_phone_number() -> Error {
        Error::local(
            kind::INVALID_PHONE_NUMBER,
            "Not a valid phone number (E.164, e.g. +12025550162).",
        )
    }
    /// `invalid_phone_number_country_code`.
    pub fn unsupported_country() -> Error {
        Error::local(
            kind::INVALID_PHONE_NUMBER_COUNTRY_CODE,
            "SMS is not supported in this country.",
        )
    }
    /// `no_pending_challenge`.
    pub fn no_pending_challenge() -> Error {
        Error::local(
            kind::NO_PENDING_CHALLENGE,
            "Nothing pending: send a code first.",
        )
    }
    /// `resend_too_soon`, retryable after `retry_after_secs`.
    pub fn resend_too_soon(retry_after_secs: u32) -> Error {
        let mut e = Error::local(kind::RESEND_TOO_SOON, "Wait before resending.");
        e.retryable = true;
        e.retry_after = Some(retry_after_secs);
        e
    }
    /// `network_error` (retryable).
    pub fn network_error() -> Error {
        let mut e = Error::local(kind::NETWORK_ERROR, "Network error.");
        e.retryable = true;
        e
    }
    /// `timeout` (retryable).
    pub fn timeout() -> Error {
        let mut e = Error::local(kind::TIMEOUT, "Timed out.");
        e.retryable = true;
        e
    }
    /// `aborted` (not retryable: the caller asked for it).
    pub fn aborted() -> Error {
        Error::local(kind::ABORTED, "Aborted.")
    }
    /// `invalid_response` for a response of `status` that could not be
    /// understood; retryable when the status is (429, 5xx).
    pub fn invalid_response(status: u16, retry_after: Option<u32>) -> Error {
        let mut e = Error::local(kind::INVALID_RESPONSE, "Unexpected response.");
        e.status_code = status;
        e.retryable = is_retryable_status(status);
        e.retry_after = retry_after;
        e
    }
    /// `storage_unavailable`.
    pub fn storage_unavailable() -> Error {
        Error::local(
            kind::STORAGE_UNAVAILABLE,
            "Storage unavailable; using memory.",
        )
    }
    /// `web_otp_unavailable`: type the code instead.
    pub fn web_otp_unavailable() -> Error {
        Error::local(
            kind::WEB_OTP_UNAVAILABLE,
            "This browser cannot read the code from the SMS: type it in.",
        )
    }
    /// The project requires a captcha and the client has no `captcha` hook,
    /// or the hook gave no token.
    pub fn captcha_required(message: &'static str) -> Error {
        Error::local(kind::CAPTCHA_REQUIRED, message)
    }

    /// Stytch's plain-text `Captcha required` refusal, with its status.
    pub fn captcha_refused(status: u16) -> Error {
        let mut e = Error::captcha_required("Stytch requires a captcha for this request.");
        e.status_code = status;
        e
    }

    /// `not_initialized`.
    pub fn not_initialized() -> Error {
        Error::local(
            kind::NOT_INITIALIZED,
            "Call init() and await it before using the SDK.",
        )
    }

    /// True when Stytch's SDK would drop the local session on this error
    /// (`unauthorized_credentials`, `user_unauthenticated`,
    /// `invalid_secret_authentication`, `session_not_found`).
    pub fn is_unrecoverable_session_error(&self) -> bool {
        UNRECOVERABLE.contains(&&*self.error_type)
    }

    /// The server refused the intermediate session token: it is gone.
    pub fn is_ist_rejected(&self) -> bool {
        IST_REJECTED.contains(&&*self.error_type)
    }
}

impl From<PhoneError> for Error {
    fn from(e: PhoneError) -> Error {
        match e {
            PhoneError::Invalid => Error::invalid_phone_number(),
            PhoneError::UnsupportedCountry => Error::unsupported_country(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_rules() {
        assert!(Error::network_error().retryable);
        assert!(Error::timeout().retryable);
        assert!(!Error::aborted().retryable);
        assert!(!Error::invalid_code().retryable);
        for s in [429u16, 500, 502, 503, 504, 599] {
            assert!(
                Error::api(s, "x".into(), "".into(), "".into(), "".into(), None).retryable,
                "{s}"
            );
        }
        for s in [400u16, 401, 403, 404, 409, 300, 600] {
            assert!(
                !Error::api(s, "x".into(), "".into(), "".into(), "".into(), None).retryable,
                "{s}"
            );
        }
        assert!(Error::invalid_response(503, Some(3)).retryable);
        assert!(!Error::invalid_response(200, None).retryable);
        let e = Error::resend_too_soon(12);
        assert_eq!(
            (e.retry_after, e.status_code, &*e.error_type),
            (Some(12), 0, "resend_too_soon")
        );
    }

    #[test]
    fn phone_errors_map_to_stytch_types() {
        assert_eq!(
            Error::from(PhoneError::Invalid).error_type,
            "invalid_phone_number"
        );
        assert_eq!(
            Error::from(PhoneError::UnsupportedCountry).error_type,
            "invalid_phone_number_country_code"
        );
    }
}
