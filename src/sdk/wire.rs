//! Stytch's request and response bodies (`/sdk/v1`), as serde types. Requests
//! hold what the SDK sends; responses only the fields it reads (serde skips
//! the rest).
use serde::{Deserialize, Serialize};

use super::input::Loose;
use super::token::Secret;

// ---------------------------------------------------------------- requests

/// Consumer `otps/sms/login_or_create` and `otps/sms/send/secondary`.
#[derive(Serialize)]
pub struct SmsSend<'a> {
    /// Code lifetime in minutes.
    pub expiration_minutes: u32,
    /// Message language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<&'a str>,
    /// E.164.
    pub phone_number: &'a str,
    /// Bot protection: the captcha hook's token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captcha_token: Option<&'a str>,
    /// Bot protection: the device-fingerprint hook's telemetry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dfp_telemetry_id: Option<&'a str>,
}

/// Consumer `otps/authenticate` (the SDK sends the code as `token`).
#[derive(Serialize)]
pub struct OtpAuthenticate<'a> {
    /// The six digits.
    pub token: &'a str,
    /// The phone's `method_id` from the send.
    pub method_id: &'a str,
    /// Requested session length.
    pub session_duration_minutes: u32,
}

/// B2B `otps/sms/send`.
#[derive(Serialize)]
pub struct B2bSmsSend<'a> {
    /// The organization.
    pub organization_id: &'a str,
    /// The member.
    pub member_id: &'a str,
    /// E.164, to enroll a member without a phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_phone_number: Option<&'a str>,
    /// Message language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<&'a str>,
    /// The stored IST.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intermediate_session_token: Option<&'a str>,
    /// Bot protection: the captcha hook's token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captcha_token: Option<&'a str>,
    /// Bot protection: the device-fingerprint hook's telemetry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dfp_telemetry_id: Option<&'a str>,
}

/// B2B `otps/sms/authenticate`.
#[derive(Serialize)]
pub struct B2bSmsAuthenticate<'a> {
    /// The organization.
    pub organization_id: &'a str,
    /// The member.
    pub member_id: &'a str,
    /// The six digits.
    pub code: &'a str,
    /// Requested session length.
    pub session_duration_minutes: u32,
    /// `"enroll"` when the member is enrolling this phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_mfa_enrollment: Option<&'static str>,
    /// The stored IST.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intermediate_session_token: Option<&'a str>,
}

/// B2B `otps/email/login_or_signup`.
#[derive(Serialize)]
pub struct EmailLoginOrSignup<'a> {
    /// The organization.
    pub organization_id: &'a str,
    /// The member's address.
    pub email_address: &'a str,
    /// Message language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<&'a str>,
    /// Bot protection: the captcha hook's token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captcha_token: Option<&'a str>,
    /// Bot protection: the device-fingerprint hook's telemetry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dfp_telemetry_id: Option<&'a str>,
}

/// B2B `otps/email/authenticate`.
#[derive(Serialize)]
pub struct EmailAuthenticate<'a> {
    /// The six digits.
    pub code: &'a str,
    /// The member's address.
    pub email_address: &'a str,
    /// The organization.
    pub organization_id: &'a str,
    /// Requested session length.
    pub session_duration_minutes: u32,
    /// The stored IST, when a primary factor is being added to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intermediate_session_token: Option<&'a str>,
}

/// `sessions/authenticate`: the session is the Basic password.
#[derive(Serialize)]
pub struct SessionAuthenticate {
    /// Extends the session when set (Stytch's `keepSessionAlive`); not sent today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
}

// ---------------------------------------------------------------- responses

/// The `{"data": …}` envelope of every frontend-SDK success.
#[derive(Deserialize)]
pub struct Envelope<T> {
    /// The answer.
    pub data: T,
}

/// Stytch's error body, or its OAuth form (`error`, `error_description`,
/// `error_uri`). Only `error_type` must be right: the rest is read leniently
/// (a mistyped member is left out of the error).
#[derive(Deserialize)]
pub struct ApiError {
    /// `error_type` or `error`.
    #[serde(alias = "error")]
    pub error_type: String,
    /// `error_message` or `error_description`.
    #[serde(default, alias = "error_description")]
    pub error_message: Loose,
    /// `error_url` or `error_uri`.
    #[serde(default, alias = "error_uri")]
    pub error_url: Loose,
    /// The request id.
    #[serde(default)]
    pub request_id: Loose,
}

/// Answers whose only useful field is `request_id`.
#[derive(Deserialize)]
pub struct Ack {
    /// The request id.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// Consumer SMS send.
#[derive(Deserialize)]
pub struct SmsSent {
    /// The request id.
    #[serde(default)]
    pub request_id: Option<String>,
    /// The phone's id, needed by `otps/authenticate`.
    pub method_id: String,
}

/// A factor of a session.
#[derive(Deserialize)]
pub struct Factor {
    /// `otp`, `email_otp`…
    #[serde(rename = "type")]
    pub kind: String,
    /// `sms`, `email`…
    pub delivery_method: String,
    /// Phone factors.
    #[serde(default)]
    pub phone_number_factor: Option<PhoneFactor>,
    /// E-mail factors.
    #[serde(default)]
    pub email_factor: Option<EmailFactor>,
    /// RFC 3339.
    #[serde(default)]
    pub last_authenticated_at: Option<String>,
}

/// `phone_number_factor`.
#[derive(Deserialize)]
pub struct PhoneFactor {
    /// E.164.
    #[serde(default)]
    pub phone_number: Option<String>,
}

/// `email_factor`.
#[derive(Deserialize)]
pub struct EmailFactor {
    /// The address.
    #[serde(default)]
    pub email_address: Option<String>,
}

/// A consumer `session` or a B2B `member_session`.
#[derive(Deserialize)]
pub struct Session {
    /// Consumer sessions.
    #[serde(default)]
    pub session_id: Option<String>,
    /// B2B sessions.
    #[serde(default)]
    pub member_session_id: Option<String>,
    /// RFC 3339.
    pub expires_at: String,
    /// The factors.
    #[serde(default)]
    pub authentication_factors: Vec<Factor>,
    /// Consumer sessions (also at the top level of the answer).
    #[serde(default)]
    pub user_id: Option<String>,
    /// B2B sessions.
    #[serde(default)]
    pub member_id: Option<String>,
    /// B2B sessions.
    #[serde(default)]
    pub organization_id: Option<String>,
}

/// Consumer `otps/authenticate`, B2B `otps/sms/authenticate`, and every B2B
/// primary authentication (`otps/email/authenticate`, passwords, magic
/// links): a session, or an IST with what MFA needs.
#[derive(Deserialize)]
pub struct Authenticated {
    /// The request id.
    #[serde(default)]
    pub request_id: Option<String>,
    /// Consumer session.
    #[serde(default)]
    pub session: Option<Session>,
    /// B2B session (`null` while MFA is pending).
    #[serde(default)]
    pub member_session: Option<Session>,
    /// Consumer answers carry the user here.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Empty when the project gives the browser no token.
    #[serde(default)]
    pub session_token: Option<Secret>,
    /// Empty likewise.
    #[serde(default)]
    pub session_jwt: Option<Secret>,
    /// B2B, MFA pending.
    #[serde(default)]
    pub intermediate_session_token: Option<Secret>,
    /// B2B.
    #[serde(default)]
    pub member_id: Option<String>,
    /// B2B.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// B2B.
    #[serde(default)]
    pub member: Option<Member>,
    /// B2B.
    #[serde(default)]
    pub organization: Option<Organization>,
    /// B2B, MFA pending.
    #[serde(default)]
    pub mfa_required: Option<MfaRequired>,
    /// B2B: the organization requires another primary factor first.
    #[serde(default)]
    pub primary_required: Option<PrimaryRequired>,
}

/// B2B `primary_required`.
#[derive(Deserialize)]
pub struct PrimaryRequired {
    /// `password`, `magic_link`, `sso`...
    #[serde(default)]
    pub allowed_auth_methods: Vec<String>,
}

/// `projects/bootstrap`: only what bot protection needs.
#[derive(Deserialize)]
pub struct Bootstrap {
    /// `{enabled, siteKey}`.
    #[serde(default)]
    pub captcha_settings: Option<CaptchaSettings>,
    /// Device fingerprinting.
    #[serde(default)]
    pub dfp_protected_auth_enabled: Option<bool>,
}

/// `captcha_settings`.
#[derive(Deserialize)]
pub struct CaptchaSettings {
    /// A captcha token is required on sends.
    #[serde(default)]
    pub enabled: bool,
}

/// B2B `member`.
#[derive(Deserialize, Default)]
pub struct Member {
    /// The member.
    #[serde(default)]
    pub member_id: Option<String>,
    /// Its organization.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// E.164 or empty.
    #[serde(default)]
    pub mfa_phone_number: Option<String>,
    /// Whether that phone is verified.
    #[serde(default)]
    pub mfa_phone_number_verified: Option<bool>,
}

/// B2B `organization`.
#[derive(Deserialize, Default)]
pub struct Organization {
    /// The organization.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// `ALL_ALLOWED` or `RESTRICTED`.
    #[serde(default)]
    pub mfa_methods: Option<String>,
    /// With `RESTRICTED`: `sms_otp`, `totp`…
    #[serde(default)]
    pub allowed_mfa_methods: Option<Vec<String>>,
}

/// B2B `mfa_required`.
#[derive(Deserialize, Default)]
pub struct MfaRequired {
    /// What Stytch knows of the member's factors.
    #[serde(default)]
    pub member_options: Option<MemberOptions>,
    /// `"sms_otp"` when Stytch already sent a code.
    #[serde(default)]
    pub secondary_auth_initiated: Option<String>,
}

/// `mfa_required.member_options`.
#[derive(Deserialize, Default)]
pub struct MemberOptions {
    /// E.164 or empty.
    #[serde(default)]
    pub mfa_phone_number: Option<String>,
}

/// The argument of `setPrimaryAuth`, first read: Stytch's raw primary-auth
/// answer in its envelope, or the essentials in camelCase. An answer without
/// its envelope is read again as [`Authenticated`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryAuthInput {
    /// Stytch's answer inside its envelope.
    #[serde(default)]
    pub data: Option<Authenticated>,
    /// Essentials: the IST.
    #[serde(default)]
    pub intermediate_session_token: Option<Secret>,
    /// Essentials.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Essentials.
    #[serde(default)]
    pub member_id: Option<String>,
    /// Essentials: the phone on file (masked or E.164).
    #[serde(default)]
    pub phone_masked: Option<String>,
    /// Essentials.
    #[serde(default)]
    pub enrollment_required: Option<bool>,
    /// Essentials.
    #[serde(default)]
    pub allowed_methods: Option<Vec<String>>,
}
