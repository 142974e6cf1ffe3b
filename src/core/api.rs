//! Stytch frontend-SDK endpoints as plain values: one request builder and one
//! response parser per endpoint. Paths are relative to [`BASE_PATH`].
//!
//! Parsers take `(status, body, retry_after)`. A status of 300 or more becomes
//! the API error from Stytch's error JSON ([`parse_error`]); a success is read
//! from its `{"data": {...}}` envelope. Anything missing, of the wrong type or
//! out of bounds gives an `invalid_response` error, never a panic.
use alloc::string::String;
use alloc::vec::Vec;

use super::error::Error;
use super::json::{self, Obj, Value};
use super::phone::{self, Phone};
use super::state::{Factor, MfaChallenge, SessionInfo};
use super::time::parse_rfc3339_ms;
use super::token::{Code, Secret};

/// Every path below is relative to this prefix of the API origin.
pub const BASE_PATH: &str = "/sdk/v1";
/// Code lifetime when `expiration_minutes` is not given (Stytch's default).
pub const DEFAULT_EXPIRATION_MINUTES: u32 = 2;

const MAX_ID: usize = 256;
const MAX_TOKEN: usize = 16 * 1024;
const MAX_TEXT: usize = 1024;
const MAX_FACTORS: usize = 32;
const MAX_METHODS: usize = 16;

/// One HTTP request, without headers (the platform adds `Authorization`,
/// `Content-Type: application/json` and the SDK headers).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Request {
    /// Always `"POST"` for these endpoints.
    pub method: &'static str,
    /// Path after [`BASE_PATH`], starting with `/`.
    pub path: String,
    /// JSON body; `None` for body-less calls (revoke). It may hold a passcode
    /// or an IST: never log it.
    pub body: Option<String>,
}

impl Request {
    /// The full URL: `base` (an origin such as `http://127.0.0.1:9010`, a
    /// trailing `/` is dropped) + [`BASE_PATH`] + path.
    pub fn url(&self, base: &str) -> String {
        let base = base.strip_suffix('/').unwrap_or(base);
        let mut u = String::with_capacity(base.len() + BASE_PATH.len() + self.path.len());
        u.push_str(base);
        u.push_str(BASE_PATH);
        u.push_str(&self.path);
        u
    }
}

fn post(path: &str, body: Option<String>) -> Request {
    Request { method: "POST", path: String::from(path), body }
}

fn sms_body(phone: &Phone, expiration_minutes: Option<u32>, locale: Option<&str>) -> String {
    Obj::new()
        .opt_int("expiration_minutes", expiration_minutes.map(i64::from))
        .opt_str("locale", locale)
        .str("phone_number", phone.as_str())
        .finish()
}

/// `POST /otps/sms/login_or_create`: consumer login or sign-up.
/// Body `{expiration_minutes?, locale?, phone_number}`.
pub fn sms_login_or_create(phone: &Phone, expiration_minutes: Option<u32>, locale: Option<&str>) -> Request {
    post("/otps/sms/login_or_create", Some(sms_body(phone, expiration_minutes, locale)))
}

/// `POST /otps/sms/send/secondary`: consumer step-up while a session exists
/// (the session token goes in `Authorization`). Same body as login.
pub fn sms_send_secondary(phone: &Phone, expiration_minutes: Option<u32>, locale: Option<&str>) -> Request {
    post("/otps/sms/send/secondary", Some(sms_body(phone, expiration_minutes, locale)))
}

/// `POST /otps/authenticate`: body `{token: <code>, method_id, session_duration_minutes}`
/// (the SDK sends the code as `token`).
pub fn otp_authenticate(code: &Code, method_id: &str, session_duration_minutes: u32) -> Request {
    let body = Obj::new()
        .str("token", code.expose())
        .str("method_id", method_id)
        .int("session_duration_minutes", i64::from(session_duration_minutes))
        .finish();
    post("/otps/authenticate", Some(body))
}

/// `POST /sessions/revoke`, no body (the session is in `Authorization`).
pub fn session_revoke() -> Request {
    post("/sessions/revoke", None)
}

/// `POST /b2b/otps/sms/send`: body `{organization_id, member_id,
/// mfa_phone_number?, locale?, intermediate_session_token?}`.
pub fn b2b_sms_send(
    organization_id: &str,
    member_id: &str,
    mfa_phone_number: Option<&Phone>,
    locale: Option<&str>,
    ist: Option<&Secret>,
) -> Request {
    let body = Obj::new()
        .str("organization_id", organization_id)
        .str("member_id", member_id)
        .opt_str("mfa_phone_number", mfa_phone_number.map(Phone::as_str))
        .opt_str("locale", locale)
        .opt_str("intermediate_session_token", ist.map(Secret::expose))
        .finish();
    post("/b2b/otps/sms/send", Some(body))
}

/// `POST /b2b/otps/sms/authenticate`: body `{organization_id, member_id, code,
/// session_duration_minutes, set_mfa_enrollment?: "enroll", intermediate_session_token?}`.
pub fn b2b_sms_authenticate(
    organization_id: &str,
    member_id: &str,
    code: &Code,
    session_duration_minutes: u32,
    ist: Option<&Secret>,
    enroll: bool,
) -> Request {
    let body = Obj::new()
        .str("organization_id", organization_id)
        .str("member_id", member_id)
        .str("code", code.expose())
        .int("session_duration_minutes", i64::from(session_duration_minutes))
        .opt_str("set_mfa_enrollment", enroll.then_some("enroll"))
        .opt_str("intermediate_session_token", ist.map(Secret::expose))
        .finish();
    post("/b2b/otps/sms/authenticate", Some(body))
}

/// `POST /b2b/otps/email/login_or_signup`: body `{organization_id, email_address, locale?}`.
pub fn b2b_email_login_or_signup(organization_id: &str, email_address: &str, locale: Option<&str>) -> Request {
    let body = Obj::new()
        .str("organization_id", organization_id)
        .str("email_address", email_address)
        .opt_str("locale", locale)
        .finish();
    post("/b2b/otps/email/login_or_signup", Some(body))
}

/// `POST /b2b/otps/email/authenticate`: body `{code, email_address,
/// organization_id, session_duration_minutes, intermediate_session_token?}`.
pub fn b2b_email_authenticate(
    organization_id: &str,
    email_address: &str,
    code: &Code,
    session_duration_minutes: u32,
    ist: Option<&Secret>,
) -> Request {
    let body = Obj::new()
        .str("code", code.expose())
        .str("email_address", email_address)
        .str("organization_id", organization_id)
        .int("session_duration_minutes", i64::from(session_duration_minutes))
        .opt_str("intermediate_session_token", ist.map(Secret::expose))
        .finish();
    post("/b2b/otps/email/authenticate", Some(body))
}

/// `POST /b2b/sessions/revoke`, no body.
pub fn b2b_session_revoke() -> Request {
    post("/b2b/sessions/revoke", None)
}

// ---------------------------------------------------------------- input checks

/// Checks an organization or member id: 1..=256 bytes of printable ASCII.
///
/// # Errors
/// `invalid_input` with `message`.
pub fn validate_id(id: &str, message: &'static str) -> Result<(), Error> {
    if is_id(id) {
        Ok(())
    } else {
        Err(Error::invalid_input(message))
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_ID && s.bytes().all(|b| b.is_ascii_graphic())
}

/// Checks an e-mail address loosely: 3..=254 bytes, one `@` with text on both
/// sides, a `.` in the domain, no whitespace or control characters.
///
/// # Errors
/// `invalid_input`.
pub fn validate_email(email: &str) -> Result<(), Error> {
    let ok = (3..=254).contains(&email.len())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input("The e-mail address is not valid."))
    }
}

/// Checks `expiration_minutes` (1..=10) and returns the effective value
/// (default [`DEFAULT_EXPIRATION_MINUTES`]).
///
/// # Errors
/// `invalid_input` when out of range.
pub fn validate_expiration_minutes(m: Option<u32>) -> Result<u32, Error> {
    match m {
        None => Ok(DEFAULT_EXPIRATION_MINUTES),
        Some(m @ 1..=10) => Ok(m),
        Some(_) => Err(Error::invalid_input("expirationMinutes must be between 1 and 10.")),
    }
}

/// Checks `session_duration_minutes` (5..=527040, Stytch's range).
///
/// # Errors
/// `invalid_input` when out of range.
pub fn validate_session_duration(m: u32) -> Result<u32, Error> {
    if (5..=527_040).contains(&m) {
        Ok(m)
    } else {
        Err(Error::invalid_input("sessionDurationMinutes must be between 5 and 527040."))
    }
}

/// Checks a locale tag: 2..=16 ASCII letters, digits and `-`.
///
/// # Errors
/// `invalid_input`.
pub fn validate_locale(locale: &str) -> Result<(), Error> {
    if (2..=16).contains(&locale.len()) && locale.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(())
    } else {
        Err(Error::invalid_input("The locale is not valid."))
    }
}

// ---------------------------------------------------------------- responses

/// A consumer SMS send (`login_or_create` or `send/secondary`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SmsSent {
    /// Stytch's `request_id`.
    pub request_id: String,
    /// The phone number's `method_id`, needed by `otps/authenticate`.
    pub method_id: String,
}

/// A successful authentication: the session and its tokens.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Authenticated {
    /// Stytch's `request_id`.
    pub request_id: String,
    /// The session (consumer `session` or B2B `member_session`).
    pub session: SessionInfo,
    /// `session_token` (may be empty when the project issues no token to the browser).
    pub session_token: Secret,
    /// `session_jwt` (may be empty likewise).
    pub session_jwt: Secret,
}

/// A B2B primary authentication that still needs the MFA step.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MfaPending {
    /// Stytch's `request_id` (empty when not given).
    pub request_id: String,
    /// The intermediate session token to attach to the MFA calls.
    pub intermediate_session_token: Secret,
    /// Who must pass MFA and how.
    pub challenge: MfaChallenge,
}

/// Outcome of a B2B primary authentication.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum PrimaryAuth {
    /// The member is fully authenticated (no MFA needed).
    Authenticated(Authenticated),
    /// MFA is required.
    MfaPending(MfaPending),
}

/// The API error of a response with status >= 300: Stytch's
/// `{status_code, request_id, error_type, error_message, error_url}` (or the
/// OAuth form `{error, error_description, error_uri}`). The HTTP status wins
/// over the body's `status_code`. An unparseable body gives `invalid_response`
/// with the HTTP status (retryable for 429 and 5xx).
pub fn parse_error(status: u16, body: &str, retry_after: Option<u32>) -> Error {
    decode_error(status, body, retry_after).unwrap_or_else(|| Error::invalid_response(status, retry_after))
}

fn decode_error(status: u16, body: &str, retry_after: Option<u32>) -> Option<Error> {
    let v = json::parse(body)?;
    let error_type = v.str_at("error_type").or_else(|| v.str_at("error"))?;
    if error_type.is_empty()
        || error_type.len() > 128
        || !error_type.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    {
        return None;
    }
    let message = v.str_at("error_message").or_else(|| v.str_at("error_description")).unwrap_or("");
    let url = v.str_at("error_url").or_else(|| v.str_at("error_uri")).unwrap_or("");
    let request_id = v.str_at("request_id").filter(|r| r.len() <= MAX_ID).unwrap_or("");
    Some(Error::api(
        status,
        String::from(error_type),
        String::from(truncate(message, MAX_TEXT)),
        String::from(request_id),
        String::from(if url.len() <= MAX_TEXT { url } else { "" }),
        retry_after,
    ))
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// The `data` object of a 2xx response.
fn data(status: u16, body: &str, retry_after: Option<u32>) -> Result<Value, Error> {
    if status >= 300 {
        return Err(parse_error(status, body, retry_after));
    }
    let bad = || Error::invalid_response(status, retry_after);
    if status < 200 {
        return Err(bad());
    }
    match json::parse(body).ok_or_else(bad)? {
        Value::Obj(m) => match m.into_iter().find(|(k, _)| k == "data") {
            Some((_, d @ Value::Obj(_))) => Ok(d),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

fn decode<T>(
    status: u16,
    body: &str,
    retry_after: Option<u32>,
    f: impl FnOnce(&Value) -> Option<T>,
) -> Result<T, Error> {
    let d = data(status, body, retry_after)?;
    f(&d).ok_or_else(|| Error::invalid_response(status, retry_after))
}

/// Consumer `otps/sms/login_or_create` / `otps/sms/send/secondary`.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn parse_sms_send(status: u16, body: &str, retry_after: Option<u32>) -> Result<SmsSent, Error> {
    decode(status, body, retry_after, |d| Some(SmsSent { request_id: request_id(d)?, method_id: id(d, "method_id")? }))
}

/// Responses whose only useful field is `request_id`: B2B `otps/sms/send`,
/// `otps/email/login_or_signup`, `sessions/revoke`.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn parse_ack(status: u16, body: &str, retry_after: Option<u32>) -> Result<String, Error> {
    decode(status, body, retry_after, request_id)
}

/// Consumer `otps/authenticate`: `session`, `session_token`, `session_jwt`.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn parse_authenticate(status: u16, body: &str, retry_after: Option<u32>) -> Result<Authenticated, Error> {
    decode(status, body, retry_after, decode_consumer_auth)
}

/// B2B `otps/sms/authenticate`: `member_session`, `session_token`, `session_jwt`.
///
/// # Errors
/// The API error, or `invalid_response` (also when `member_session` is null).
pub fn parse_b2b_authenticate(status: u16, body: &str, retry_after: Option<u32>) -> Result<Authenticated, Error> {
    decode(status, body, retry_after, decode_b2b_auth)
}

/// B2B primary authentication (`otps/email/authenticate`, and the same shape
/// of passwords, magic links, discovery exchange): fully authenticated, or MFA
/// pending with an IST.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn parse_b2b_primary_authenticate(
    status: u16,
    body: &str,
    retry_after: Option<u32>,
) -> Result<PrimaryAuth, Error> {
    decode(status, body, retry_after, decode_primary)
}

/// The argument of `setPrimaryAuth`, serialised as JSON: either Stytch's raw
/// primary-auth response (snake_case, with or without the `data` envelope), or
/// the essentials `{intermediateSessionToken, organizationId, memberId,
/// phoneMasked?, enrollmentRequired?, allowedMethods?}`.
///
/// # Errors
/// `invalid_input` when neither shape is recognised.
pub fn parse_primary_auth_input(input: &str) -> Result<PrimaryAuth, Error> {
    let bad = || Error::invalid_input("setPrimaryAuth needs an intermediate session token, an organization id and a member id.");
    let v = json::parse(input).ok_or_else(bad)?;
    let v = v.get("data").filter(|d| matches!(d, Value::Obj(_))).unwrap_or(&v);
    if v.get("intermediateSessionToken").is_some() {
        return decode_essentials(v).map(PrimaryAuth::MfaPending).ok_or_else(bad);
    }
    decode_primary(v).ok_or_else(bad)
}

fn decode_essentials(v: &Value) -> Option<MfaPending> {
    let ist = token(v, "intermediateSessionToken").filter(|t| !t.is_empty())?;
    let phone_masked = match v.non_null("phoneMasked") {
        None => None,
        Some(p) => {
            let p = p.as_str().filter(|p| p.len() <= 64)?;
            Some(phone::mask(p).unwrap_or_else(|| String::from(p)))
        }
    };
    let enrollment_required = match v.non_null("enrollmentRequired") {
        None => phone_masked.is_none(),
        Some(b) => b.as_bool()?,
    };
    let allowed_methods = match v.non_null("allowedMethods") {
        None => default_methods(),
        Some(a) => str_list(a)?,
    };
    Some(MfaPending {
        request_id: String::new(),
        intermediate_session_token: ist,
        challenge: MfaChallenge {
            organization_id: id(v, "organizationId")?,
            member_id: id(v, "memberId")?,
            phone_masked,
            enrollment_required,
            allowed_methods,
            sms_already_sent: false,
        },
    })
}

// ---------------------------------------------------------------- field readers

fn request_id(v: &Value) -> Option<String> {
    match v.get("request_id") {
        None | Some(Value::Null) => Some(String::new()),
        Some(r) => bounded(r.as_str()?, MAX_ID),
    }
}

fn bounded(s: &str, max: usize) -> Option<String> {
    (s.len() <= max).then(|| String::from(s))
}

fn id(v: &Value, key: &str) -> Option<String> {
    let s = v.str_at(key)?;
    is_id(s).then(|| String::from(s))
}

fn token(v: &Value, key: &str) -> Option<Secret> {
    bounded(v.str_at(key)?, MAX_TOKEN).map(Secret::new)
}

fn timestamp(v: &Value, key: &str) -> Option<i64> {
    parse_rfc3339_ms(v.str_at(key)?)
}

fn str_list(v: &Value) -> Option<Vec<String>> {
    let a = v.as_array()?;
    if a.len() > MAX_METHODS {
        return None;
    }
    a.iter().map(|e| bounded(e.as_str()?, 64)).collect()
}

fn default_methods() -> Vec<String> {
    alloc::vec![String::from("sms_otp"), String::from("totp")]
}

fn factors(v: &Value) -> Option<Vec<Factor>> {
    let a = v.get("authentication_factors")?.as_array()?;
    if a.len() > MAX_FACTORS {
        return None;
    }
    a.iter()
        .map(|f| {
            let opt = |obj: &str, key: &str| -> Option<Option<String>> {
                match f.non_null(obj) {
                    None => Some(None),
                    Some(o) => match o.non_null(key) {
                        None => Some(None),
                        Some(s) => Some(Some(bounded(s.as_str()?, MAX_TEXT)?)),
                    },
                }
            };
            Some(Factor {
                kind: bounded(f.str_at("type")?, 64)?,
                delivery_method: bounded(f.str_at("delivery_method")?, 64)?,
                phone_number: opt("phone_number_factor", "phone_number")?,
                email_address: opt("email_factor", "email_address")?,
                last_authenticated_at: match f.non_null("last_authenticated_at") {
                    None => None,
                    Some(t) => Some(parse_rfc3339_ms(t.as_str()?)?),
                },
            })
        })
        .collect()
}

fn decode_consumer_auth(d: &Value) -> Option<Authenticated> {
    let s = d.get("session")?;
    let user_id = match s.get("user_id") {
        Some(_) => id(s, "user_id")?,
        None => id(d, "user_id")?,
    };
    Some(Authenticated {
        request_id: request_id(d)?,
        session: SessionInfo {
            session_id: id(s, "session_id")?,
            expires_at: timestamp(s, "expires_at")?,
            factors: factors(s)?,
            user_id: Some(user_id),
            member_id: None,
            organization_id: None,
        },
        session_token: token(d, "session_token")?,
        session_jwt: token(d, "session_jwt")?,
    })
}

fn decode_b2b_auth(d: &Value) -> Option<Authenticated> {
    let s = d.get("member_session")?;
    Some(Authenticated {
        request_id: request_id(d)?,
        session: SessionInfo {
            session_id: id(s, "member_session_id")?,
            expires_at: timestamp(s, "expires_at")?,
            factors: factors(s)?,
            user_id: None,
            member_id: Some(id(s, "member_id")?),
            organization_id: Some(id(s, "organization_id")?),
        },
        session_token: token(d, "session_token")?,
        session_jwt: token(d, "session_jwt")?,
    })
}

fn decode_primary(d: &Value) -> Option<PrimaryAuth> {
    if d.non_null("member_session").is_some() {
        return decode_b2b_auth(d).map(PrimaryAuth::Authenticated);
    }
    let ist = token(d, "intermediate_session_token").filter(|t| !t.is_empty())?;
    let member = d.non_null("member");
    let organization = d.non_null("organization");
    let member_id = match d.get("member_id") {
        Some(_) => id(d, "member_id")?,
        None => id(member?, "member_id")?,
    };
    let organization_id = match (d.get("organization_id"), member, organization) {
        (Some(_), _, _) => id(d, "organization_id")?,
        (None, Some(m), _) if m.get("organization_id").is_some() => id(m, "organization_id")?,
        (None, _, Some(o)) => id(o, "organization_id")?,
        _ => return None,
    };
    let mfa_required = d.non_null("mfa_required");
    // The member's phone: `member.mfa_phone_number`, else `mfa_required.member_options.mfa_phone_number`.
    let from_member = match member.and_then(|m| m.non_null("mfa_phone_number")) {
        None => None,
        Some(p) => Some(bounded(p.as_str()?, 64)?),
    };
    let from_options = match mfa_required.and_then(|m| m.non_null("member_options")).and_then(|o| o.non_null("mfa_phone_number")) {
        None => None,
        Some(p) => Some(bounded(p.as_str()?, 64)?),
    };
    let phone = from_member.filter(|p| !p.is_empty()).or(from_options.filter(|p| !p.is_empty()));
    let verified = match member.and_then(|m| m.non_null("mfa_phone_number_verified")) {
        None => phone.is_some(),
        Some(b) => b.as_bool()?,
    };
    let phone_masked = match &phone {
        Some(p) => Some(phone::mask(p).unwrap_or_else(|| String::from("•••"))),
        None => None,
    };
    let allowed_methods = match organization {
        None => default_methods(),
        Some(o) => {
            let all = o.str_at("mfa_methods") == Some("ALL_ALLOWED");
            let list = match o.non_null("allowed_mfa_methods") {
                None => Vec::new(),
                Some(a) => str_list(a)?,
            };
            if all || list.is_empty() {
                default_methods()
            } else {
                list
            }
        }
    };
    let sms_already_sent = match mfa_required.and_then(|m| m.non_null("secondary_auth_initiated")) {
        None => false,
        Some(s) => s.as_str()? == "sms_otp",
    };
    Some(PrimaryAuth::MfaPending(MfaPending {
        request_id: request_id(d)?,
        intermediate_session_token: ist,
        challenge: MfaChallenge {
            organization_id,
            member_id,
            enrollment_required: phone_masked.is_none() || !verified,
            phone_masked,
            allowed_methods,
            sms_already_sent,
        },
    }))
}
