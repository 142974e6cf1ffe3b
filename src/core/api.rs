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
use super::json::{self, Fields, Obj, Value};
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
    pub path: &'static str,
    /// JSON body; `None` for body-less calls (revoke). It may hold a passcode
    /// or an IST: never log it.
    pub body: Option<String>,
}

impl Request {
    /// The full URL: `base` (an origin such as `http://127.0.0.1:9010`, a
    /// trailing `/` is dropped) + [`BASE_PATH`] + path.
    pub fn url(&self, base: &str) -> String {
        let mut u = String::from(base.strip_suffix("/").unwrap_or(base));
        u.push_str(BASE_PATH);
        u.push_str(self.path);
        u
    }
}

fn post(path: &'static str, body: Option<String>) -> Request {
    Request { method: "POST", path, body }
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
    check(json::is_id(id), message)
}

fn check(ok: bool, message: &'static str) -> Result<(), Error> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(message))
    }
}

/// Checks an e-mail address loosely: 3..=254 bytes, exactly one `@` with
/// text before it, a `.` inside the domain, no ASCII whitespace or control
/// characters.
///
/// # Errors
/// `invalid_input`.
#[allow(clippy::manual_contains)] // `contains` on bytes links memchr; a plain loop is smaller
pub fn validate_email(email: &str) -> Result<(), Error> {
    let mut at = 0;
    let mut ats = 0;
    for (i, &c) in email.as_bytes().iter().enumerate() {
        if c == b'@' {
            at = i;
            ats += 1;
        }
    }
    // `at` is at an ASCII byte: a char boundary.
    let domain = email.get(at + 1..).unwrap_or("");
    let ok = (3..=254).contains(&email.len())
        && json::all_bytes(email, |c| c > b' ' && c != 0x7f)
        && ats == 1
        && at > 0
        && !matches!(domain.as_bytes().first(), Some(b'.'))
        && !matches!(domain.as_bytes().last(), Some(b'.'))
        && !json::all_bytes(domain, |c| c != b'.');
    check(ok, "Invalid email address.")
}

/// Checks `expiration_minutes` (1..=10) and returns the effective value
/// (default [`DEFAULT_EXPIRATION_MINUTES`]).
///
/// # Errors
/// `invalid_input` when out of range.
pub fn validate_expiration_minutes(m: Option<u32>) -> Result<u32, Error> {
    let m = m.unwrap_or(DEFAULT_EXPIRATION_MINUTES);
    check((1..=10).contains(&m), "expirationMinutes must be 1 to 10.").map(|()| m)
}

/// Checks `session_duration_minutes` (5..=527040, Stytch's range).
///
/// # Errors
/// `invalid_input` when out of range.
pub fn validate_session_duration(m: u32) -> Result<u32, Error> {
    check((5..=527_040).contains(&m), "sessionDurationMinutes must be 5 to 527040.").map(|()| m)
}

/// Checks a locale tag: 2..=16 ASCII letters, digits and `-`.
///
/// # Errors
/// `invalid_input`.
pub fn validate_locale(locale: &str) -> Result<(), Error> {
    check(
        (2..=16).contains(&locale.len()) && json::all_bytes(locale, |b| b.is_ascii_alphanumeric() || b == b'-'),
        "Invalid locale.",
    )
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
    let error_type = str_at_either(&v, "error_type", "error")?;
    if error_type.is_empty()
        || error_type.len() > 128
        || !json::all_bytes(error_type, |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    {
        return None;
    }
    let message = str_at_either(&v, "error_message", "error_description").unwrap_or("");
    let url = str_at_either(&v, "error_url", "error_uri").unwrap_or("");
    Some(Error::api(
        status,
        String::from(error_type),
        String::from(truncate(message, MAX_TEXT)),
        // Any other request_id (missing, mistyped, too long) is left empty.
        Fields::default().string(&v, "request_id", MAX_ID),
        String::from(if url.len() <= MAX_TEXT { url } else { "" }),
        retry_after,
    ))
}

/// The string member `a`, else the string member `b` (Stytch's and the OAuth names).
fn str_at_either<'a>(v: &'a Value, a: &str, b: &str) -> Option<&'a str> {
    v.str_at(a).or_else(|| v.str_at(b))
}

fn truncate(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// Applies a decoder to the `data` object of a 2xx response (not generic,
/// to keep one copy); a status of 300 or more gives the API error.
fn decode<T>(
    status: u16,
    body: &str,
    retry_after: Option<u32>,
    f: fn(&Value) -> Option<T>,
) -> Result<T, Error> {
    if status >= 300 {
        return Err(parse_error(status, body, retry_after));
    }
    let v = if status >= 200 { json::parse(body) } else { None };
    v.as_ref()
        .and_then(|v| v.get("data"))
        .filter(|d| matches!(d, Value::Obj(_)))
        .and_then(f)
        .ok_or_else(|| Error::invalid_response(status, retry_after))
}

fn decode_sms_send(d: &Value) -> Option<SmsSent> {
    let mut r = Fields::default();
    let s = SmsSent { request_id: request_id_field(&mut r, d), method_id: r.id(d, "method_id") };
    r.ok.then_some(s)
}

fn decode_consumer_auth(d: &Value) -> Option<Authenticated> {
    decode_auth(d, false)
}

fn decode_b2b_auth(d: &Value) -> Option<Authenticated> {
    decode_auth(d, true)
}

/// Consumer `otps/sms/login_or_create` / `otps/sms/send/secondary`.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn parse_sms_send(status: u16, body: &str, retry_after: Option<u32>) -> Result<SmsSent, Error> {
    decode(status, body, retry_after, decode_sms_send)
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
    json::parse(input)
        .and_then(|v| {
            let v = v.get("data").filter(|d| matches!(d, Value::Obj(_))).unwrap_or(&v);
            if v.get("intermediateSessionToken").is_some() {
                decode_essentials(v)
            } else {
                decode_primary(v)
            }
        })
        .ok_or_else(|| {
            Error::invalid_input("setPrimaryAuth needs an intermediate session token, organization and member ids.")
        })
}

fn decode_essentials(v: &Value) -> Option<PrimaryAuth> {
    let mut r = Fields::default();
    let phone_masked = r.opt_string(v, "phoneMasked", 64).map(|p| phone::mask(&p).unwrap_or(p));
    let enrollment_required = r.opt_bool(v, "enrollmentRequired", phone_masked.is_none());
    let p = MfaPending {
        request_id: String::new(),
        intermediate_session_token: ist(&mut r, v, "intermediateSessionToken"),
        challenge: MfaChallenge {
            organization_id: r.id(v, "organizationId"),
            member_id: r.id(v, "memberId"),
            phone_masked,
            enrollment_required,
            allowed_methods: methods(r.strings(v, "allowedMethods", MAX_METHODS)),
            sms_already_sent: false,
        },
    };
    r.ok.then_some(PrimaryAuth::MfaPending(p))
}

// ---------------------------------------------------------------- field readers

fn request_id(v: &Value) -> Option<String> {
    let mut r = Fields::default();
    let id = request_id_field(&mut r, v);
    r.ok.then_some(id)
}

/// The optional `request_id` (missing or `null`: empty).
fn request_id_field(r: &mut Fields, v: &Value) -> String {
    r.opt_string(v, "request_id", MAX_ID).unwrap_or_default()
}

fn ist(r: &mut Fields, v: &Value, key: &str) -> Secret {
    let t = r.string(v, key, MAX_TOKEN);
    r.check(!t.is_empty());
    Secret::new(t)
}

fn time(r: &mut Fields, v: &Value, key: &str) -> i64 {
    let t = v.str_at(key).and_then(parse_rfc3339_ms);
    r.check(t.is_some());
    t.unwrap_or(0)
}

/// An allowed-methods list; empty means every method.
fn methods(mut list: Vec<String>) -> Vec<String> {
    if list.is_empty() {
        list.push(String::from("sms_otp"));
        list.push(String::from("totp"));
    }
    list
}

/// The first of `sources` that has `key`, or [`json::NULL`].
fn first<'a>(sources: &[&'a Value], key: &str) -> &'a Value {
    sources.iter().find(|v| v.get(key).is_some()).copied().unwrap_or(&json::NULL)
}

fn decode_auth(d: &Value, b2b: bool) -> Option<Authenticated> {
    let mut r = Fields::default();
    let s = d.field(if b2b { "member_session" } else { "session" });
    r.check(matches!(s, Value::Obj(_)));
    let mut factors = Vec::new();
    for f in r.array(s, "authentication_factors", MAX_FACTORS) {
        factors.push(Factor {
            kind: r.string(f, "type", 64),
            delivery_method: r.string(f, "delivery_method", 64),
            phone_number: r.opt_string(f.field("phone_number_factor"), "phone_number", MAX_TEXT),
            email_address: r.opt_string(f.field("email_factor"), "email_address", MAX_TEXT),
            last_authenticated_at: f.non_null("last_authenticated_at").map(|_| time(&mut r, f, "last_authenticated_at")),
        });
    }
    let (user_id, member_id, organization_id) = if b2b {
        (None, Some(r.id(s, "member_id")), Some(r.id(s, "organization_id")))
    } else {
        (Some(r.id(first(&[s, d], "user_id"), "user_id")), None, None)
    };
    let a = Authenticated {
        request_id: request_id_field(&mut r, d),
        session: SessionInfo {
            session_id: r.id(s, if b2b { "member_session_id" } else { "session_id" }),
            expires_at: time(&mut r, s, "expires_at"),
            factors,
            user_id,
            member_id,
            organization_id,
        },
        session_token: Secret::new(r.string(d, "session_token", MAX_TOKEN)),
        session_jwt: Secret::new(r.string(d, "session_jwt", MAX_TOKEN)),
    };
    r.ok.then_some(a)
}

fn decode_primary(d: &Value) -> Option<PrimaryAuth> {
    if d.non_null("member_session").is_some() {
        return decode_auth(d, true).map(PrimaryAuth::Authenticated);
    }
    let mut r = Fields::default();
    let member = d.field("member");
    let organization = d.field("organization");
    let mfa_required = d.field("mfa_required");
    // The member's phone: `member.mfa_phone_number`, else `mfa_required.member_options.mfa_phone_number`.
    let from_member = r.opt_string(member, "mfa_phone_number", 64).filter(|p| !p.is_empty());
    let from_options =
        r.opt_string(mfa_required.field("member_options"), "mfa_phone_number", 64).filter(|p| !p.is_empty());
    let phone = from_member.or(from_options);
    let verified = r.opt_bool(member, "mfa_phone_number_verified", phone.is_some());
    let phone_masked = phone.map(|p| phone::mask(&p).unwrap_or_else(|| String::from("•••")));
    let allowed_methods = if matches!(organization.str_at("mfa_methods"), Some("ALL_ALLOWED")) {
        Vec::new()
    } else {
        r.strings(organization, "allowed_mfa_methods", MAX_METHODS)
    };
    let p = MfaPending {
        request_id: request_id_field(&mut r, d),
        intermediate_session_token: ist(&mut r, d, "intermediate_session_token"),
        challenge: MfaChallenge {
            organization_id: r.id(first(&[d, member, organization], "organization_id"), "organization_id"),
            member_id: r.id(first(&[d, member], "member_id"), "member_id"),
            enrollment_required: phone_masked.is_none() || !verified,
            phone_masked,
            allowed_methods: methods(allowed_methods),
            sms_already_sent: matches!(r.opt_string(mfa_required, "secondary_auth_initiated", 64).as_deref(), Some("sms_otp")),
        },
    };
    r.ok.then_some(PrimaryAuth::MfaPending(p))
}
