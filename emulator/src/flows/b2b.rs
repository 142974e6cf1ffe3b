//! B2B: email OTP as the primary factor (yields an IST when MFA is required), SMS OTP as the
//! second factor, member sessions, and the backend's organization/member creation.
use serde_json::{json, Value};

use super::common::{
    code_field, email_expiration, ok, parse_email, parse_phone, session_minutes, sms_expiration,
};
use super::Api;
use crate::app::App;
use crate::clock::rfc3339;
use crate::errors::{ApiError, ApiResult};
use crate::extract::Fields;
use crate::ids;
use crate::messages::Texts;
use crate::state::model::{add_factor, Factor, FactorKind, Member, Org, Session};
use crate::state::otp::OtpKey;
use crate::state::Store;

/// B2B sessions last 60 minutes when the request names no duration.
pub const DEFAULT_B2B_SESSION_MINUTES: i64 = 60;

/// 404 `organization_not_found`.
pub fn org_not_found() -> ApiError {
    ApiError::new(
        404,
        "organization_not_found",
        "Organization could not be found.",
    )
}

fn member_not_found() -> ApiError {
    ApiError::new(404, "member_not_found", "Member could not be found.")
}

fn org_and_member(store: &Store, org_id: &str, member_id: &str) -> ApiResult<(Org, Member)> {
    let org = store.orgs.get(org_id).cloned().ok_or_else(org_not_found)?;
    let m = store
        .members
        .get(member_id)
        .filter(|m| m.organization_id == org_id)
        .cloned()
        .ok_or_else(member_not_found)?;
    Ok((org, m))
}

/// A stable per-member id for the SMS factor.
fn member_phone_id(member_id: &str) -> String {
    format!("mfa-phone-{member_id}")
}

/// The member-session token a call carries (SDK: Authorization; backend: body).
fn member_session_token(
    app: &App,
    store: &Store,
    api: Api,
    auth_session: Option<String>,
    body: &Fields,
) -> ApiResult<Option<String>> {
    match api {
        Api::Sdk => Ok(auth_session),
        Api::Backend => {
            if let Some(t) = body.opt_nonempty("session_token")? {
                return Ok(Some(t));
            }
            if let Some(j) = body.opt_nonempty("session_jwt")? {
                let sid = app
                    .jwt()
                    .session_id(&j)
                    .ok_or_else(ApiError::session_not_found)?;
                return store
                    .token_for_session_id(&sid)
                    .map(Some)
                    .ok_or_else(ApiError::session_not_found);
            }
            Ok(None)
        }
    }
}

/// The fully-authenticated response fields.
fn full_session(
    app: &App,
    s: &Session,
    token: &str,
    org: &Org,
    member: &Member,
    now: i64,
) -> Value {
    json!({
        "member_id": member.member_id,
        "organization_id": org.organization_id,
        "member": member.to_json(),
        "organization": org.to_json(),
        "member_session": s.to_member_json(&org.slug),
        "session_token": token,
        "session_jwt": app.jwt().sign(s, Some((&org.organization_id, &org.slug)), now),
        "intermediate_session_token": "",
        "member_authenticated": true,
        "mfa_required": null,
        "primary_required": null,
    })
}

/// `POST /b2b/otps/email/login_or_signup`.
///
/// # Errors
/// 404 `organization_not_found`, 400 `invalid_email`, 403 `unauthorized_action` when the
/// address may not sign up, 429 `too_many_requests`.
pub fn email_login_or_signup(app: &App, body: &Fields, page: Option<&str>) -> ApiResult<Value> {
    let org_id = body.req_str("organization_id")?;
    let texts = super::common::texts(app, body, page)?;
    let email = parse_email(&body.req_str("email_address")?)?;
    let login_min =
        email_expiration(body.opt_int("login_expiration_minutes", "invalid_expiration_minutes")?)?;
    let signup_min =
        email_expiration(body.opt_int("signup_expiration_minutes", "invalid_expiration_minutes")?)?;
    let now = app.now();
    let mut store = app.store();
    let org = store.orgs.get(&org_id).cloned().ok_or_else(org_not_found)?;
    let existing = store.member_by_email(&org_id, &email).cloned();
    store.otps.check_send_rate(&email, now)?;
    let (member, created, minutes) = match existing {
        Some(m) => (m, false, login_min),
        None => {
            let domain = email.rsplit('@').next().unwrap_or("");
            let allowed = org.email_jit_provisioning == "RESTRICTED"
                && org
                    .email_allowed_domains
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(domain));
            if !allowed {
                return Err(ApiError::new(
                    403,
                    "unauthorized_action",
                    "This email address is not allowed to join the organization.",
                ));
            }
            let m = Member {
                member_id: ids::id("member"),
                organization_id: org_id.clone(),
                email_address: email.clone(),
                name: String::new(),
                status: "pending",
                email_address_verified: false,
                mfa_phone_number: String::new(),
                mfa_phone_number_verified: false,
                mfa_enrolled: false,
                created_ms: now,
            };
            store.add_member(m.clone());
            (m, true, signup_min)
        }
    };
    store.send_email(
        OtpKey::Email(org_id.clone(), email.clone()),
        &email,
        minutes,
        now,
        &texts,
    )?;
    Ok(ok(json!({
        "member_id": member.member_id,
        "member_created": created,
        "member": member.to_json(),
        "organization": org.to_json(),
    })))
}

/// The fields of an email OTP authenticate.
struct EmailAuth {
    org_id: String,
    email: String,
    code: String,
    /// `session_duration_minutes` as given (a new session defaults to 60).
    minutes: Option<i64>,
    texts: Texts,
}

impl EmailAuth {
    /// Reads and checks the request.
    ///
    /// # Errors
    /// 400 for missing fields, a bad email, locale or session duration.
    fn parse(app: &App, body: &Fields, page: Option<&str>) -> ApiResult<EmailAuth> {
        let org_id = body.req_str("organization_id")?;
        let texts = super::common::texts(app, body, page)?;
        let email = parse_email(&body.req_str("email_address")?)?;
        let code = code_field(body.opt_str("code")?, "code")?;
        let minutes = session_minutes(body.opt_int(
            "session_duration_minutes",
            "invalid_session_duration_minutes",
        )?)?;
        Ok(EmailAuth {
            org_id,
            email,
            code,
            minutes,
            texts,
        })
    }
}

/// The live member session of `member_id` that a call carries, to which a new factor is
/// added. A session of another member is ignored (Stytch documents this for magic links:
/// "If the session_token and magic_links_token belong to different Members, the
/// session_token will be ignored"), and so is an unknown or expired one sent by the SDK (a
/// stale cookie must not block a login); the backend's explicit token is strict.
///
/// # Errors
/// 404 `session_not_found` for the backend's unknown or expired `session_token`/`session_jwt`.
fn own_session(
    app: &App,
    store: &mut Store,
    api: Api,
    auth_session: Option<String>,
    body: &Fields,
    (org_id, member_id): (&str, &str),
    now: i64,
) -> ApiResult<Option<String>> {
    let Some(token) = member_session_token(app, store, api, auth_session, body)? else {
        return Ok(None);
    };
    match store.live_session(&token, true, now) {
        None if api == Api::Backend => Err(ApiError::session_not_found()),
        None => Ok(None),
        Some(s) => Ok(
            (s.subject == member_id && s.organization_id.as_deref() == Some(org_id))
                .then_some(token),
        ),
    }
}

/// Adds (or refreshes) a factor on a live member session, marks it accessed now and, when
/// `minutes` is given, extends it; returns the session.
///
/// # Errors
/// 404 `session_not_found`.
fn extend_session(
    store: &mut Store,
    token: &str,
    factor: Factor,
    minutes: Option<i64>,
    now: i64,
) -> ApiResult<Session> {
    let s = store
        .live_session(token, true, now)
        .ok_or_else(ApiError::session_not_found)?;
    add_factor(&mut s.factors, factor.kind, now, factor.sequence);
    s.last_ms = now;
    if let Some(m) = minutes {
        s.expires_ms = now + m * 60_000;
    }
    Ok(s.clone())
}

/// A new member session with `factors`; returns (token, session).
///
/// # Errors
/// 404 `session_not_found` (not expected: the session was just made).
fn new_session(
    store: &mut Store,
    org_id: &str,
    member_id: &str,
    factors: Vec<Factor>,
    minutes: Option<i64>,
    now: i64,
) -> ApiResult<(String, Session)> {
    let m = minutes.unwrap_or(DEFAULT_B2B_SESSION_MINUTES);
    let token = store.create_session(member_id, Some(org_id), factors, m, now);
    let s = store
        .member_sessions
        .get(&token)
        .cloned()
        .ok_or_else(ApiError::session_not_found)?;
    Ok((token, s))
}

/// The answer that carries an IST instead of a member session (MFA and/or another primary
/// factor still needed).
fn ist_answer(
    org: &Org,
    member: &Member,
    ist: &str,
    now: i64,
    mfa_required: Value,
    primary_required: Option<Vec<String>>,
) -> Value {
    json!({
        "member_id": member.member_id,
        "organization_id": org.organization_id,
        "member": member.to_json(),
        "organization": org.to_json(),
        "member_session": null,
        "session_token": "",
        "session_jwt": "",
        "intermediate_session_token": ist,
        "intermediate_session_token_expires_at": rfc3339(now + crate::state::store::IST_MS),
        "member_authenticated": false,
        "mfa_required": mfa_required,
        "primary_required": primary_required.map(|a| json!({"allowed_auth_methods": a})),
    })
}

/// `mfa_required` after a primary factor: the member's phone if they have one, and the SMS
/// sent to it at once (`secondary_auth_initiated: "sms_otp"`) when the organization allows SMS.
fn start_mfa(store: &mut Store, org: &Org, member: &Member, texts: &Texts, now: i64) -> Value {
    let has_phone = !member.mfa_phone_number.is_empty()
        && (member.mfa_phone_number_verified || member.mfa_enrolled);
    let sent = has_phone
        && org_allows_sms(org)
        && store
            .send_sms(
                OtpKey::MemberSms(member.member_id.clone()),
                &member.mfa_phone_number,
                super::common::DEFAULT_SMS_MINUTES,
                now,
                texts,
            )
            .is_ok();
    let options = if has_phone {
        json!({"mfa_phone_number": member.mfa_phone_number, "totp_registration_id": ""})
    } else {
        Value::Null
    };
    let initiated = if sent { json!("sms_otp") } else { Value::Null };
    json!({"member_options": options, "secondary_auth_initiated": initiated})
}

/// Marks a member's email verified and the member active; returns the member.
///
/// # Errors
/// 404 `member_not_found`.
fn activate_member(store: &mut Store, member_id: &str) -> ApiResult<Member> {
    let m = store
        .members
        .get_mut(member_id)
        .ok_or_else(member_not_found)?;
    m.email_address_verified = true;
    m.status = "active";
    Ok(m.clone())
}

/// What an authenticate call ends in, decided under the store lock; the JWT is signed after.
enum Outcome {
    /// A member session (new or extended) and its token.
    Session(Session, String),
    /// An answer without a member session (see [`ist_answer`]).
    Pending(Value),
}

impl Outcome {
    /// The response object (signs the JWT for a session).
    fn into_json(self, app: &App, org: &Org, member: &Member, now: i64) -> Value {
        match self {
            Outcome::Session(s, token) => full_session(app, &s, &token, org, member, now),
            Outcome::Pending(v) => v,
        }
    }
}

/// After a primary factor without a session to add it to: a new member session, or an IST
/// when the organization or member needs MFA (the SMS sent at once) or the organization's
/// restricted primary methods do not include this one (`primary_required`).
///
/// # Errors
/// 404 `session_not_found` (not expected).
fn after_primary(
    store: &mut Store,
    org: &Org,
    member: &Member,
    factor: Factor,
    req: &EmailAuth,
    now: i64,
) -> ApiResult<Outcome> {
    let (org_id, member_id) = (org.organization_id.as_str(), member.member_id.as_str());
    let primary = org.unmet_primary(std::slice::from_ref(&factor));
    let mfa = org.requires_mfa() || member.mfa_enrolled;
    if primary.is_none() && !mfa {
        let (t, s) = new_session(store, org_id, member_id, vec![factor], req.minutes, now)?;
        return Ok(Outcome::Session(s, t));
    }
    let ist = store.create_ist(org_id, member_id, vec![factor], now);
    let mfa_required = if mfa {
        start_mfa(store, org, member, &req.texts, now)
    } else {
        Value::Null
    };
    let v = ist_answer(org, member, &ist, now, mfa_required, primary);
    Ok(Outcome::Pending(v))
}

/// `POST /b2b/otps/email/authenticate`. With a live member session of the same member
/// (SDK: in Authorization; backend: `session_token`/`session_jwt`), the email factor is added
/// to that session. Otherwise a new session, or an IST when MFA is required (sending the SMS
/// at once when the member has a phone) or when the organization restricts primary
/// authentication to methods other than `email_otp` (`primary_required`).
///
/// # Errors
/// Code errors, 404 `organization_not_found` / `member_not_found`,
/// 400 `invalid_session_duration_minutes`, 404 `session_not_found` (backend's own token).
pub fn email_authenticate(
    app: &App,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
    page: Option<&str>,
) -> ApiResult<Value> {
    let req = EmailAuth::parse(app, body, page)?;
    let now = app.now();
    let mut store = app.store();
    let org = store
        .orgs
        .get(&req.org_id)
        .cloned()
        .ok_or_else(org_not_found)?;
    let member_id = store
        .member_by_email(&req.org_id, &req.email)
        .map(|m| m.member_id.clone())
        .ok_or_else(member_not_found)?;
    let ids = (req.org_id.as_str(), member_id.as_str());
    let session = own_session(app, &mut store, api, auth_session, body, ids, now)?;
    let key = OtpKey::Email(req.org_id.clone(), req.email.clone());
    store.otps.verify(&key, &req.code, now)?;
    let member = activate_member(&mut store, &member_id)?;
    let method_id = format!("email-{member_id}");
    let factor = Factor {
        kind: FactorKind::Email {
            email_id: method_id.clone(),
            email_address: req.email.clone(),
        },
        created_ms: now,
        last_ms: now,
        sequence: Some("PRIMARY"),
    };
    let outcome = match session {
        Some(t) => Outcome::Session(extend_session(&mut store, &t, factor, req.minutes, now)?, t),
        None => after_primary(&mut store, &org, &member, factor, &req, now)?,
    };
    drop(store); // signing the JWT takes a while: let other requests in
    let mut v = outcome.into_json(app, &org, &member, now);
    v["method_id"] = json!(method_id);
    Ok(ok(v))
}

fn org_allows_sms(org: &Org) -> bool {
    org.mfa_methods != "RESTRICTED" || org.allowed_mfa_methods.iter().any(|m| m == "sms_otp")
}

/// Checks the IST or member session a B2B SMS call carries. Returns the IST token if any.
fn check_mfa_context(
    app: &App,
    store: &mut Store,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
    (org_id, member_id): (&str, &str),
    now: i64,
) -> ApiResult<(Option<String>, Option<String>)> {
    let ist = body.opt_nonempty("intermediate_session_token")?;
    if let Some(t) = &ist {
        store.check_ist(t, org_id, Some(member_id), now)?;
        return Ok((ist, None));
    }
    let session = member_session_token(app, store, api, auth_session, body)?;
    if let Some(t) = &session {
        let s = store
            .live_session(t, true, now)
            .ok_or_else(ApiError::session_not_found)?;
        if s.subject != member_id || s.organization_id.as_deref() != Some(org_id) {
            return Err(ApiError::new(
                403,
                "unauthorized_action",
                "The session does not belong to this member.",
            ));
        }
        return Ok((None, session));
    }
    Ok((None, None))
}

/// `POST /b2b/otps/sms/send`.
///
/// # Errors
/// 404 `organization_not_found` / `member_not_found` / `intermediate_session_not_found`,
/// 400 `invalid_intermediate_session_token_for_organization`, phone errors,
/// 404 `member_phone_number_not_found` (no phone on file and none given),
/// 409 `duplicate_member_phone_number_for_member` (a different phone than the verified one),
/// 400 `duplicate_member_phone_number` (another member of the organization verified it),
/// 401 `unauthorized_credentials` (SDK call without an IST or member session), 429.
pub fn sms_send(
    app: &App,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
    page: Option<&str>,
) -> ApiResult<Value> {
    let org_id = body.req_str("organization_id")?;
    let member_id = body.req_str("member_id")?;
    let texts = super::common::texts(app, body, page)?;
    let given = match body.opt_nonempty("mfa_phone_number")? {
        Some(p) => Some(parse_phone(&p)?),
        None => None,
    };
    let minutes =
        sms_expiration(body.opt_int("expiration_minutes", "invalid_expiration_minutes")?)?;
    let now = app.now();
    let mut store = app.store();
    let (org, member) = org_and_member(&store, &org_id, &member_id)?;
    let (ist, session) = check_mfa_context(
        app,
        &mut store,
        api,
        body,
        auth_session,
        (&org_id, &member_id),
        now,
    )?;
    if api == Api::Sdk && ist.is_none() && session.is_none() {
        return Err(ApiError::new(
            401,
            "unauthorized_credentials",
            "An intermediate session token or a member session is required to send an SMS.",
        ));
    }
    let phone = match (
        given,
        member.mfa_phone_number_verified && !member.mfa_phone_number.is_empty(),
    ) {
        (Some(p), true) if p != member.mfa_phone_number => {
            return Err(ApiError::new(
                409,
                "duplicate_member_phone_number_for_member",
                "The member already has a different verified MFA phone number.",
            ))
        }
        (Some(p), _) => p,
        (None, _) if !member.mfa_phone_number.is_empty() => member.mfa_phone_number.clone(),
        (None, _) => {
            return Err(ApiError::new(
                404,
                "member_phone_number_not_found",
                "The member has no MFA phone number; pass mfa_phone_number.",
            ))
        }
    };
    let taken = store
        .member_by_verified_phone(&org_id, &phone)
        .is_some_and(|owner| *owner != member_id);
    if taken {
        return Err(ApiError::new(
            400,
            "duplicate_member_phone_number",
            "Another member of this organization uses this phone number.",
        ));
    }
    store.send_sms(
        OtpKey::MemberSms(member_id.clone()),
        &phone,
        minutes,
        now,
        &texts,
    )?;
    let member = {
        let m = store
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        if !m.mfa_phone_number_verified {
            m.mfa_phone_number = phone.clone();
        }
        m.clone()
    };
    Ok(ok(
        json!({"member_id": member_id, "member": member.to_json(), "organization": org.to_json()}),
    ))
}

/// `POST /b2b/otps/sms/authenticate`: consumes the IST (or extends the member session) and
/// returns a member session with both factors; or, when the IST's factors do not meet the
/// organization's restricted primary methods, a new IST with `primary_required`.
///
/// # Errors
/// Code errors, IST errors, 400 `invalid_session_duration_minutes`, 401
/// `unauthorized_credentials` when neither an IST nor a member session is given.
pub fn sms_authenticate(
    app: &App,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
) -> ApiResult<Value> {
    let org_id = body.req_str("organization_id")?;
    let member_id = body.req_str("member_id")?;
    let code = code_field(body.opt_str("code")?, "code")?;
    let minutes = session_minutes(body.opt_int(
        "session_duration_minutes",
        "invalid_session_duration_minutes",
    )?)?;
    let enrollment = body.opt_nonempty("set_mfa_enrollment")?;
    if enrollment
        .as_deref()
        .is_some_and(|e| e != "enroll" && e != "unenroll")
    {
        return Err(ApiError::bad_request(
            "set_mfa_enrollment must be 'enroll' or 'unenroll'.",
        ));
    }
    let now = app.now();
    let mut store = app.store();
    let (org, _) = org_and_member(&store, &org_id, &member_id)?;
    let (ist, session) = check_mfa_context(
        app,
        &mut store,
        api,
        body,
        auth_session,
        (&org_id, &member_id),
        now,
    )?;
    if ist.is_none() && session.is_none() {
        return Err(ApiError::new(
            401,
            "unauthorized_credentials",
            "An intermediate session token or a member session is required.",
        ));
    }
    let phone = store
        .otps
        .verify(&OtpKey::MemberSms(member_id.clone()), &code, now)?;
    store
        .verify_member_phone(&member_id, &phone)
        .ok_or_else(member_not_found)?;
    let member = {
        let m = store
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        m.mfa_enrolled = enrollment.as_deref() != Some("unenroll");
        m.clone()
    };
    let kind = FactorKind::Sms {
        phone_id: member_phone_id(&member_id),
        phone_number: phone,
    };
    let factor = Factor {
        kind,
        created_ms: now,
        last_ms: now,
        sequence: Some("SECONDARY"),
    };
    let outcome = match (ist, session) {
        (Some(ist), _) => complete_ist(&mut store, &org, &member, &ist, factor, minutes, now)?,
        (None, Some(t)) => {
            Outcome::Session(extend_session(&mut store, &t, factor, minutes, now)?, t)
        }
        (None, None) => return Err(ApiError::unauthorized()),
    };
    drop(store);
    Ok(ok(outcome.into_json(app, &org, &member, now)))
}

/// Consumes an IST and adds `factor` to its factors: a new member session when they meet
/// the organization's primary-authentication requirement, else a new IST (the old one is
/// gone) with `primary_required` and `mfa_required: null` (this factor was the MFA step).
///
/// # Errors
/// 404 `session_not_found` (not expected).
fn complete_ist(
    store: &mut Store,
    org: &Org,
    member: &Member,
    ist: &str,
    factor: Factor,
    minutes: Option<i64>,
    now: i64,
) -> ApiResult<Outcome> {
    let mut factors = store
        .ists
        .remove(ist)
        .map(|i| i.factors)
        .unwrap_or_default();
    add_factor(&mut factors, factor.kind, now, factor.sequence);
    let (org_id, member_id) = (org.organization_id.as_str(), member.member_id.as_str());
    if let Some(allowed) = org.unmet_primary(&factors) {
        let next = store.create_ist(org_id, member_id, factors, now);
        let v = ist_answer(org, member, &next, now, Value::Null, Some(allowed));
        return Ok(Outcome::Pending(v));
    }
    let (t, s) = new_session(store, org_id, member_id, factors, minutes, now)?;
    Ok(Outcome::Session(s, t))
}

/// `POST /b2b/sessions/authenticate`.
///
/// # Errors
/// 404 `session_not_found`, 400 `invalid_session_duration_minutes`.
pub fn session_authenticate(
    app: &App,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
) -> ApiResult<Value> {
    let minutes = session_minutes(body.opt_int(
        "session_duration_minutes",
        "invalid_session_duration_minutes",
    )?)?;
    let now = app.now();
    let mut store = app.store();
    let token =
        member_session_token(app, &store, api, auth_session, body)?.ok_or_else(|| match api {
            Api::Sdk => ApiError::new(401, "user_unauthenticated", "No session token was sent."),
            Api::Backend => ApiError::missing("session_token"),
        })?;
    let s = store
        .live_session(&token, true, now)
        .ok_or_else(ApiError::session_not_found)?;
    s.last_ms = now;
    if let Some(m) = minutes {
        s.expires_ms = now + m * 60_000;
    }
    let s = s.clone();
    let org_id = s.organization_id.clone().unwrap_or_default();
    let (org, member) = org_and_member(&store, &org_id, &s.subject)?;
    drop(store);
    Ok(ok(full_session(app, &s, &token, &org, &member, now)))
}

/// `POST /b2b/sessions/revoke`.
///
/// # Errors
/// 404 `session_not_found`.
pub fn session_revoke(
    app: &App,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
) -> ApiResult<Value> {
    let mut store = app.store();
    let token = match api {
        Api::Backend => match body.opt_nonempty("member_session_id")? {
            Some(id) => store.token_for_session_id(&id),
            None => member_session_token(app, &store, api, None, body)?,
        },
        Api::Sdk => auth_session,
    };
    let token = token.ok_or_else(ApiError::session_not_found)?;
    if !store.revoke(&token, true) {
        return Err(ApiError::session_not_found());
    }
    Ok(ok(json!({})))
}
