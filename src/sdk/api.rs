//! Stytch frontend-SDK endpoints as plain values: one request builder and one
//! response reader per endpoint, and the checks of what goes into a request.
//!
//! Readers take a [`Response`]: a status of 300 or more becomes the API error
//! from Stytch's error JSON ([`read_error`]); a success is read from its
//! `{"data": {...}}` envelope. Anything missing, of the wrong type or out of
//! bounds gives an `invalid_response` error, never a panic.
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::codec::Codec;
use super::error::Error;
use super::phone::{self, Phone};
use super::state::{is_id, Factor, MfaChallenge, SessionInfo};
use super::time::parse_rfc3339_ms;
use super::token::{Code, Secret};
use super::wire;

/// Every path below is relative to this prefix of the API origin.
pub const BASE_PATH: &str = "/sdk/v1";
/// Code lifetime when `expiration_minutes` is not given (Stytch's default).
pub const DEFAULT_EXPIRATION_MINUTES: u32 = 2;

const MAX_TOKEN: usize = 16 * 1024;
const MAX_TEXT: usize = 1024;
const MAX_FACTORS: usize = 32;
const MAX_METHODS: usize = 16;

/// One `POST` to the frontend API, before the platform adds its headers
/// (`Authorization: Basic <credentials>`, `Content-Type: application/json`,
/// the SDK's telemetry). `Debug` shows the path only.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// Path after [`BASE_PATH`], starting with `/`.
    pub path: &'static str,
    /// The JSON body; `None` for body-less calls (revoke). It may hold a
    /// passcode or an IST.
    pub body: Option<Secret>,
    /// The secret sent as the Basic password (a session token), else the
    /// public token.
    pub bearer: Option<Secret>,
}

impl core::fmt::Debug for Request {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Request")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Request {
    /// The full URL: `base` (an origin, optionally with a path prefix; a
    /// trailing `/` is dropped) + [`BASE_PATH`] + path.
    pub fn url(&self, base: &str) -> String {
        let mut u = String::from(base.strip_suffix('/').unwrap_or(base));
        u.push_str(BASE_PATH);
        u.push_str(self.path);
        u
    }
}

/// What came back: the status, `Retry-After` in seconds, and the parsed
/// JSON body (`None` when it was not JSON, malformed or cut short).
#[derive(Clone, Debug, PartialEq)]
pub struct Response<D> {
    /// The HTTP status.
    pub status: u16,
    /// The server's `Retry-After`, in whole seconds.
    pub retry_after: Option<u32>,
    /// The body, parsed.
    pub body: Option<D>,
    /// The body was Stytch's plain-text `Captcha required` refusal.
    pub captcha_required: bool,
}

/// Bot-protection values for a send: the config hooks' answers, sent only
/// when the project's bootstrap asks for them.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct BotTokens {
    /// `captcha_token`.
    pub captcha: Option<Secret>,
    /// `dfp_telemetry_id`.
    pub dfp: Option<Secret>,
}

/// What the project's bootstrap says of bot protection.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct BotProtection {
    /// Sends need a `captcha_token`.
    pub captcha: bool,
    /// Sends carry a `dfp_telemetry_id`.
    pub dfp: bool,
}

fn post<C: Codec, T: Serialize>(path: &'static str, body: &T) -> Request {
    Request {
        path,
        body: C::to_text(body).map(Secret::new),
        bearer: None,
    }
}

/// `POST /otps/sms/login_or_create`: consumer login or sign-up.
pub fn sms_login_or_create<C: Codec>(
    phone: &Phone,
    expiration_minutes: u32,
    locale: Option<&str>,
    bot: &BotTokens,
) -> Request {
    post::<C, _>(
        "/otps/sms/login_or_create",
        &sms_body(phone, expiration_minutes, locale, bot),
    )
}

/// `POST /otps/sms/send/secondary`: consumer step-up while a session exists
/// (the caller puts the session token in [`Request::bearer`]).
pub fn sms_send_secondary<C: Codec>(
    phone: &Phone,
    expiration_minutes: u32,
    locale: Option<&str>,
    bot: &BotTokens,
) -> Request {
    post::<C, _>(
        "/otps/sms/send/secondary",
        &sms_body(phone, expiration_minutes, locale, bot),
    )
}

fn sms_body<'a>(
    phone: &'a Phone,
    expiration_minutes: u32,
    locale: Option<&'a str>,
    bot: &'a BotTokens,
) -> wire::SmsSend<'a> {
    wire::SmsSend {
        expiration_minutes,
        locale,
        phone_number: phone.as_str(),
        captcha_token: bot.captcha.as_ref().map(Secret::expose),
        dfp_telemetry_id: bot.dfp.as_ref().map(Secret::expose),
    }
}

/// `POST /otps/authenticate` (the SDK sends the code as `token`).
pub fn otp_authenticate<C: Codec>(
    code: &Code,
    method_id: &str,
    session_duration_minutes: u32,
) -> Request {
    let body = wire::OtpAuthenticate {
        token: code.expose(),
        method_id,
        session_duration_minutes,
    };
    post::<C, _>("/otps/authenticate", &body)
}

/// `POST /b2b/otps/sms/send`.
pub fn b2b_sms_send<C: Codec>(
    organization_id: &str,
    member_id: &str,
    mfa_phone_number: Option<&Phone>,
    locale: Option<&str>,
    ist: Option<&Secret>,
    bot: &BotTokens,
) -> Request {
    let body = wire::B2bSmsSend {
        organization_id,
        member_id,
        mfa_phone_number: mfa_phone_number.map(Phone::as_str),
        locale,
        intermediate_session_token: ist.map(Secret::expose),
        captcha_token: bot.captcha.as_ref().map(Secret::expose),
        dfp_telemetry_id: bot.dfp.as_ref().map(Secret::expose),
    };
    post::<C, _>("/b2b/otps/sms/send", &body)
}

/// `POST /b2b/otps/sms/authenticate`.
pub fn b2b_sms_authenticate<C: Codec>(
    organization_id: &str,
    member_id: &str,
    code: &Code,
    session_duration_minutes: u32,
    ist: Option<&Secret>,
    enroll: bool,
) -> Request {
    let body = wire::B2bSmsAuthenticate {
        organization_id,
        member_id,
        code: code.expose(),
        session_duration_minutes,
        set_mfa_enrollment: enroll.then_some("enroll"),
        intermediate_session_token: ist.map(Secret::expose),
    };
    post::<C, _>("/b2b/otps/sms/authenticate", &body)
}

/// `POST /b2b/otps/email/login_or_signup`.
pub fn b2b_email_login_or_signup<C: Codec>(
    organization_id: &str,
    email_address: &str,
    locale: Option<&str>,
    bot: &BotTokens,
) -> Request {
    post::<C, _>(
        "/b2b/otps/email/login_or_signup",
        &wire::EmailLoginOrSignup {
            organization_id,
            email_address,
            locale,
            captcha_token: bot.captcha.as_ref().map(Secret::expose),
            dfp_telemetry_id: bot.dfp.as_ref().map(Secret::expose),
        },
    )
}

/// `POST /b2b/otps/email/authenticate`.
pub fn b2b_email_authenticate<C: Codec>(
    organization_id: &str,
    email_address: &str,
    code: &Code,
    session_duration_minutes: u32,
    ist: Option<&Secret>,
) -> Request {
    let body = wire::EmailAuthenticate {
        code: code.expose(),
        email_address,
        organization_id,
        session_duration_minutes,
        intermediate_session_token: ist.map(Secret::expose),
    };
    post::<C, _>("/b2b/otps/email/authenticate", &body)
}

/// `POST /sessions/authenticate` (consumer) or `/b2b/sessions/authenticate`
/// with the session token as the Basic password: refreshes the session and
/// its JWT.
pub fn session_authenticate<C: Codec>(b2b: bool, session_token: Secret) -> Request {
    let path = if b2b {
        "/b2b/sessions/authenticate"
    } else {
        "/sessions/authenticate"
    };
    let mut r = post::<C, _>(
        path,
        &wire::SessionAuthenticate {
            session_duration_minutes: None,
        },
    );
    r.bearer = Some(session_token);
    r
}

/// The path of `GET /projects/bootstrap/{public_token}`, after [`BASE_PATH`].
pub fn bootstrap_path(public_token: &str) -> String {
    let mut path = String::from("/projects/bootstrap/");
    path.push_str(public_token);
    path
}

/// `POST /sessions/revoke` (consumer) or `/b2b/sessions/revoke`, no body,
/// with the session token as the Basic password.
pub fn session_revoke(b2b: bool, session_token: Secret) -> Request {
    let path = if b2b {
        "/b2b/sessions/revoke"
    } else {
        "/sessions/revoke"
    };
    Request {
        path,
        body: None,
        bearer: Some(session_token),
    }
}

// ---------------------------------------------------------------- input checks

fn check(ok: bool, message: &'static str) -> Result<(), Error> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(message))
    }
}

/// Checks an organization or member id: 1..=256 bytes of printable ASCII.
///
/// # Errors
/// `invalid_input` with `message`.
pub fn validate_id(id: &str, message: &'static str) -> Result<(), Error> {
    check(is_id(id), message)
}

/// Characters that change how text displays without showing themselves:
/// C0 and C1 controls, bidirectional controls, zero-width and other format
/// characters. Refused in addresses, where they let one look like another.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{20}' | '\u{7f}'..='\u{a0}' | '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}'
        | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}' | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}'
        | '\u{205f}'..='\u{206f}' | '\u{3000}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{fff0}'..='\u{fffb}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

/// Checks an e-mail address loosely: 3..=254 bytes, exactly one `@` with
/// text before it, a `.` inside the domain, no whitespace, control or
/// invisible format characters.
///
/// # Errors
/// `invalid_input`.
pub fn validate_email(email: &str) -> Result<(), Error> {
    let (local, domain) = email.split_once('@').unwrap_or(("", ""));
    let ok = (3..=254).contains(&email.len())
        && !email.chars().any(is_invisible)
        && !local.is_empty()
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.contains('.');
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
    check(
        (5..=527_040).contains(&m),
        "sessionDurationMinutes must be 5 to 527040.",
    )
    .map(|()| m)
}

/// Checks a locale tag: 2..=16 ASCII letters, digits and `-`.
///
/// # Errors
/// `invalid_input`.
pub fn validate_locale(locale: &str) -> Result<(), Error> {
    check(
        (2..=16).contains(&locale.len())
            && locale
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
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
/// over the body's `status_code`. An unreadable body gives `invalid_response`
/// with the HTTP status (retryable for 429 and 5xx).
pub fn read_error<C: Codec>(r: &Response<C::Document>) -> Error {
    let e = r
        .body
        .as_ref()
        .and_then(C::from_document::<wire::ApiError>)
        .filter(|e| {
            let t = &e.error_type;
            !t.is_empty()
                && t.len() <= 128
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        });
    match e {
        None if r.captcha_required => Error::captcha_refused(r.status),
        None => Error::invalid_response(r.status, r.retry_after),
        Some(e) => {
            let url = e.error_url.text_or_empty();
            let request_id = e.request_id.text_or_empty();
            Error::api(
                r.status,
                e.error_type,
                String::from(truncate(e.error_message.text_or_empty(), MAX_TEXT)),
                // Any other request_id (too long, not an id) is left empty.
                String::from(if is_id(request_id) { request_id } else { "" }),
                String::from(if url.len() <= MAX_TEXT { url } else { "" }),
                r.retry_after,
            )
        }
    }
}

fn truncate(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// The `data` of a 2xx answer, checked by `check`; the API error for a
/// status of 300 or more, `invalid_response` for anything else.
fn read<C: Codec, T: DeserializeOwned, U>(
    r: &Response<C::Document>,
    check: fn(T) -> Option<U>,
) -> Result<U, Error> {
    if r.status >= 300 {
        return Err(read_error::<C>(r));
    }
    r.body
        .as_ref()
        .filter(|_| r.status >= 200)
        .and_then(C::from_document::<wire::Envelope<T>>)
        .and_then(|e| check(e.data))
        .ok_or_else(|| Error::invalid_response(r.status, r.retry_after))
}

/// The project's bootstrap: whether sends need a captcha or a fingerprint.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn read_bootstrap<C: Codec>(r: &Response<C::Document>) -> Result<BotProtection, Error> {
    read::<C, wire::Bootstrap, _>(r, |d| {
        Some(BotProtection {
            captcha: d.captcha_settings.is_some_and(|c| c.enabled),
            dfp: d.dfp_protected_auth_enabled.unwrap_or(false),
        })
    })
}

/// Consumer `otps/sms/login_or_create` / `otps/sms/send/secondary`.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn read_sms_sent<C: Codec>(r: &Response<C::Document>) -> Result<SmsSent, Error> {
    read::<C, wire::SmsSent, _>(r, |d| {
        let request_id = request_id(d.request_id)?;
        is_id(&d.method_id).then_some(SmsSent {
            request_id,
            method_id: d.method_id,
        })
    })
}

/// Answers whose only useful field is `request_id`: B2B `otps/sms/send`,
/// `otps/email/login_or_signup`, `sessions/revoke`.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn read_ack<C: Codec>(r: &Response<C::Document>) -> Result<String, Error> {
    read::<C, wire::Ack, _>(r, |d| request_id(d.request_id))
}

/// Consumer `otps/authenticate`: `session`, `session_token`, `session_jwt`.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn read_authenticated<C: Codec>(r: &Response<C::Document>) -> Result<Authenticated, Error> {
    read::<C, wire::Authenticated, _>(r, |d| authenticated(d, false))
}

/// B2B `otps/sms/authenticate`: `member_session`, `session_token`, `session_jwt`.
///
/// # Errors
/// The API error, or `invalid_response` (also when `member_session` is null).
pub fn read_b2b_authenticated<C: Codec>(r: &Response<C::Document>) -> Result<Authenticated, Error> {
    read::<C, wire::Authenticated, _>(r, |d| authenticated(d, true))
}

/// B2B primary authentication (`otps/email/authenticate`, and the same shape
/// of passwords, magic links, discovery exchange): fully authenticated, or MFA
/// pending with an IST.
///
/// # Errors
/// The API error, or `invalid_response`.
pub fn read_primary<C: Codec>(r: &Response<C::Document>) -> Result<PrimaryAuth, Error> {
    read::<C, wire::Authenticated, _>(r, primary)
}

/// The argument of `setPrimaryAuth`: Stytch's raw primary-auth answer
/// (snake_case, with or without the `data` envelope), or the essentials
/// `{intermediateSessionToken, organizationId, memberId, phoneMasked?,
/// enrollmentRequired?, allowedMethods?}`.
///
/// # Errors
/// `invalid_input` when neither shape is recognised.
pub fn read_primary_input<C: Codec>(input: &C::Document) -> Result<PrimaryAuth, Error> {
    let first = C::from_document::<wire::PrimaryAuthInput>(input);
    let outcome = match first {
        Some(i) if i.intermediate_session_token.is_some() => essentials(i),
        Some(wire::PrimaryAuthInput { data: Some(d), .. }) => primary(d),
        _ => C::from_document::<wire::Authenticated>(input).and_then(primary),
    };
    outcome.ok_or_else(|| {
        Error::invalid_input(
            "setPrimaryAuth needs an intermediate session token, organization and member ids.",
        )
    })
}

fn essentials(i: wire::PrimaryAuthInput) -> Option<PrimaryAuth> {
    let phone_masked = match i.phone_masked {
        Some(p) if p.len() > 64 => return None,
        p => p.map(|p| phone::mask(&p).unwrap_or(p)),
    };
    let allowed_methods = i.allowed_methods.unwrap_or_default();
    Some(PrimaryAuth::MfaPending(MfaPending {
        request_id: String::new(),
        intermediate_session_token: ist(i.intermediate_session_token)?,
        challenge: MfaChallenge {
            organization_id: id(i.organization_id)?,
            member_id: id(i.member_id)?,
            enrollment_required: i.enrollment_required.unwrap_or(phone_masked.is_none()),
            phone_masked,
            allowed_methods: methods(allowed_methods)?,
            sms_already_sent: false,
            ist_expires_at: 0,
            primary_required: None,
        },
    }))
}

// ---------------------------------------------------------------- field checks

/// An optional `request_id` (missing: empty); `None` when it is not an id.
fn request_id(id: Option<String>) -> Option<String> {
    match id {
        None => Some(String::new()),
        Some(id) => is_id(&id).then_some(id),
    }
}

fn id(v: Option<String>) -> Option<String> {
    v.filter(|v| is_id(v))
}

fn token(t: Option<Secret>) -> Option<Secret> {
    let t = t.unwrap_or_default();
    (t.expose().len() <= MAX_TOKEN).then_some(t)
}

fn ist(t: Option<Secret>) -> Option<Secret> {
    token(t).filter(|t| !t.is_empty())
}

fn text(v: Option<String>) -> Option<Option<String>> {
    match v {
        Some(v) if v.len() > MAX_TEXT => None,
        v => Some(v),
    }
}

/// An allowed-methods list; empty means every method.
fn methods(mut list: Vec<String>) -> Option<Vec<String>> {
    if list.len() > MAX_METHODS || list.iter().any(|m| m.len() > 64) {
        return None;
    }
    if list.is_empty() {
        list = vec![String::from("sms_otp"), String::from("totp")];
    }
    Some(list)
}

fn factor(f: wire::Factor) -> Option<Factor> {
    let last_authenticated_at = match f.last_authenticated_at {
        None => None,
        Some(t) => Some(parse_rfc3339_ms(&t)?),
    };
    (f.kind.len() <= 64 && f.delivery_method.len() <= 64).then_some(())?;
    Some(Factor {
        kind: f.kind,
        delivery_method: f.delivery_method,
        phone_masked: text(f.phone_number_factor.and_then(|p| p.phone_number))?
            .map(|p| phone::mask(&p).unwrap_or_else(|| String::from("•••"))),
        email_address: text(f.email_factor.and_then(|e| e.email_address))?,
        last_authenticated_at,
    })
}

fn authenticated(d: wire::Authenticated, b2b: bool) -> Option<Authenticated> {
    let s = if b2b { d.member_session } else { d.session }?;
    if s.authentication_factors.len() > MAX_FACTORS {
        return None;
    }
    let (session_id, user_id, member_id, organization_id) = if b2b {
        (
            s.member_session_id,
            None,
            Some(id(s.member_id)?),
            Some(id(s.organization_id)?),
        )
    } else {
        (s.session_id, Some(id(s.user_id.or(d.user_id))?), None, None)
    };
    let factors = s
        .authentication_factors
        .into_iter()
        .map(factor)
        .collect::<Option<Vec<_>>>()?;
    Some(Authenticated {
        request_id: request_id(d.request_id)?,
        session: SessionInfo {
            session_id: id(session_id)?,
            expires_at: parse_rfc3339_ms(&s.expires_at)?,
            factors,
            user_id,
            member_id,
            organization_id,
        },
        session_token: token(d.session_token)?,
        session_jwt: token(d.session_jwt)?,
    })
}

fn primary(d: wire::Authenticated) -> Option<PrimaryAuth> {
    if d.member_session.is_some() {
        return authenticated(d, true).map(PrimaryAuth::Authenticated);
    }
    let member = d.member.unwrap_or_default();
    let organization = d.organization.unwrap_or_default();
    let mfa_required = d.mfa_required.unwrap_or_default();
    // The member's phone: `member.mfa_phone_number`, else `mfa_required.member_options.mfa_phone_number`.
    let from_options = mfa_required.member_options.and_then(|o| o.mfa_phone_number);
    let phone = member
        .mfa_phone_number
        .filter(|p| !p.is_empty())
        .or(from_options.filter(|p| !p.is_empty()));
    if phone.as_ref().is_some_and(|p| p.len() > 64) {
        return None;
    }
    let verified = member.mfa_phone_number_verified.unwrap_or(phone.is_some());
    let phone_masked = phone.map(|p| phone::mask(&p).unwrap_or_else(|| String::from("•••")));
    let allowed_methods = if organization.mfa_methods.as_deref() == Some("ALL_ALLOWED") {
        Vec::new()
    } else {
        organization.allowed_mfa_methods.unwrap_or_default()
    };
    Some(PrimaryAuth::MfaPending(MfaPending {
        request_id: request_id(d.request_id)?,
        intermediate_session_token: ist(d.intermediate_session_token)?,
        challenge: MfaChallenge {
            organization_id: id(d
                .organization_id
                .or(member.organization_id)
                .or(organization.organization_id))?,
            member_id: id(d.member_id.or(member.member_id))?,
            enrollment_required: phone_masked.is_none() || !verified,
            phone_masked,
            allowed_methods: methods(allowed_methods)?,
            sms_already_sent: mfa_required.secondary_auth_initiated.as_deref() == Some("sms_otp"),
            ist_expires_at: 0,
            primary_required: match d.primary_required {
                Some(p) if p.allowed_auth_methods.len() > MAX_METHODS => return None,
                Some(p) if p.allowed_auth_methods.iter().any(|m| m.len() > 64) => return None,
                p => p.map(|p| p.allowed_auth_methods),
            },
        },
    }))
}
