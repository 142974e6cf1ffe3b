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
use crate::state::model::{add_factor, Factor, FactorKind, Member, Org, Session};
use crate::state::otp::OtpKey;
use crate::state::store::slugify;
use crate::state::Store;

/// B2B sessions last 60 minutes when the request names no duration.
pub const DEFAULT_B2B_SESSION_MINUTES: i64 = 60;

fn org_not_found() -> ApiError {
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

/// `POST /b2b/otps/email/authenticate`: a full session, or an IST when MFA is required
/// (sending the SMS at once when the member has a verified phone).
///
/// # Errors
/// Code errors, 404 `organization_not_found` / `member_not_found`,
/// 400 `invalid_session_duration_minutes`.
pub fn email_authenticate(app: &App, body: &Fields, page: Option<&str>) -> ApiResult<Value> {
    let org_id = body.req_str("organization_id")?;
    let texts = super::common::texts(app, body, page)?;
    let email = parse_email(&body.req_str("email_address")?)?;
    let code = code_field(body.opt_str("code")?, "code")?;
    let minutes = session_minutes(body.opt_int(
        "session_duration_minutes",
        "invalid_session_duration_minutes",
    )?)?
    .unwrap_or(DEFAULT_B2B_SESSION_MINUTES);
    let now = app.now();
    let mut store = app.store();
    let org = store.orgs.get(&org_id).cloned().ok_or_else(org_not_found)?;
    let member_id = store
        .member_by_email(&org_id, &email)
        .map(|m| m.member_id.clone())
        .ok_or_else(member_not_found)?;
    let key = OtpKey::Email(org_id.clone(), email.clone());
    store.otps.verify(&key, &code, now)?;
    let member = {
        let m = store
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        m.email_address_verified = true;
        m.status = "active";
        m.clone()
    };
    let factor = Factor {
        kind: FactorKind::Email {
            email_id: format!("email-{member_id}"),
            email_address: email.clone(),
        },
        created_ms: now,
        last_ms: now,
        sequence: Some("PRIMARY"),
    };
    let method_id = format!("email-{member_id}");
    if org.requires_mfa() || member.mfa_enrolled {
        let ist = store.create_ist(&org_id, &member_id, vec![factor], now);
        let has_phone = !member.mfa_phone_number.is_empty()
            && (member.mfa_phone_number_verified || member.mfa_enrolled);
        let mut initiated = Value::Null;
        if has_phone && org_allows_sms(&org) {
            let phone = member.mfa_phone_number.clone();
            if store
                .send_sms(
                    OtpKey::MemberSms(member_id.clone()),
                    &phone,
                    super::common::DEFAULT_SMS_MINUTES,
                    now,
                    &texts,
                )
                .is_ok()
            {
                initiated = json!("sms_otp");
            }
        }
        let options = if has_phone {
            json!({"mfa_phone_number": member.mfa_phone_number, "totp_registration_id": ""})
        } else {
            Value::Null
        };
        return Ok(ok(json!({
            "member_id": member_id,
            "method_id": method_id,
            "organization_id": org_id,
            "member": member.to_json(),
            "organization": org.to_json(),
            "member_session": null,
            "session_token": "",
            "session_jwt": "",
            "intermediate_session_token": ist,
            "intermediate_session_token_expires_at": rfc3339(now + crate::state::store::IST_MS),
            "member_authenticated": false,
            "mfa_required": {"member_options": options, "secondary_auth_initiated": initiated},
            "primary_required": null,
        })));
    }
    let token = store.create_session(&member_id, Some(&org_id), vec![factor], minutes, now);
    let s = store
        .member_sessions
        .get(&token)
        .cloned()
        .ok_or_else(ApiError::session_not_found)?;
    drop(store); // signing the JWT takes a while: let other requests in
    let mut v = full_session(app, &s, &token, &org, &member, now);
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
/// returns a member session with both factors.
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
    let token = match (ist, session) {
        (Some(ist), _) => {
            let mut factors = store
                .ists
                .remove(&ist)
                .map(|i| i.factors)
                .unwrap_or_default();
            add_factor(&mut factors, kind, now, Some("SECONDARY"));
            let m = minutes.unwrap_or(DEFAULT_B2B_SESSION_MINUTES);
            store.create_session(&member_id, Some(&org_id), factors, m, now)
        }
        (None, Some(t)) => {
            let s = store
                .live_session(&t, true, now)
                .ok_or_else(ApiError::session_not_found)?;
            add_factor(&mut s.factors, kind, now, Some("SECONDARY"));
            s.last_ms = now;
            if let Some(m) = minutes {
                s.expires_ms = now + m * 60_000;
            }
            t
        }
        (None, None) => return Err(ApiError::unauthorized()),
    };
    let s = store
        .member_sessions
        .get(&token)
        .cloned()
        .ok_or_else(ApiError::session_not_found)?;
    drop(store);
    Ok(ok(full_session(app, &s, &token, &org, &member, now)))
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

/// `POST /v1/b2b/organizations`.
///
/// # Errors
/// 400 for a missing name or an unknown `mfa_policy`/`mfa_methods`.
pub fn create_org(app: &App, body: &Fields) -> ApiResult<Value> {
    let name = body.req_str("organization_name")?;
    super::common::check_name(&Value::String(name.clone()), "organization_name")?;
    let policy = body
        .opt_nonempty("mfa_policy")?
        .unwrap_or_else(|| "OPTIONAL".into());
    if policy != "OPTIONAL" && policy != "REQUIRED_FOR_ALL" {
        return Err(ApiError::new(
            400,
            "invalid_mfa_policy",
            "mfa_policy must be OPTIONAL or REQUIRED_FOR_ALL.",
        ));
    }
    let methods = body
        .opt_nonempty("mfa_methods")?
        .unwrap_or_else(|| "ALL_ALLOWED".into());
    if methods != "ALL_ALLOWED" && methods != "RESTRICTED" {
        return Err(ApiError::new(
            400,
            "invalid_mfa_methods",
            "mfa_methods must be ALL_ALLOWED or RESTRICTED.",
        ));
    }
    let strings = |k: &str| -> ApiResult<Vec<String>> {
        match body.value(k) {
            Value::Null => Ok(Vec::new()),
            Value::Array(a) => a
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| {
                        ApiError::bad_request(format!("{k} must be a list of strings."))
                    })
                })
                .collect(),
            _ => Err(ApiError::bad_request(format!(
                "{k} must be a list of strings."
            ))),
        }
    };
    let allowed = strings("allowed_mfa_methods")?;
    let domains = strings("email_allowed_domains")?;
    let jit = body
        .opt_nonempty("email_jit_provisioning")?
        .unwrap_or_else(|| "NOT_ALLOWED".into());
    let now = app.now();
    let mut store = app.store();
    let slug = body
        .opt_nonempty("organization_slug")?
        .unwrap_or_else(|| slugify(&name));
    if store.orgs.values().any(|o| o.slug == slug) {
        return Err(ApiError::new(
            409,
            "organization_slug_already_used",
            "This organization slug is already used.",
        ));
    }
    let org = Org {
        organization_id: ids::id("organization"),
        name,
        slug,
        mfa_policy: policy,
        mfa_methods: methods,
        allowed_mfa_methods: allowed,
        email_allowed_domains: domains,
        email_jit_provisioning: jit,
        created_ms: now,
    };
    store.add_org(org.clone());
    Ok(ok(json!({"organization": org.to_json()})))
}

/// `POST /v1/b2b/organizations/{organization_id}/members`.
///
/// # Errors
/// 404 `organization_not_found`, 400 `invalid_email` / phone errors,
/// 409 `duplicate_member_email`.
pub fn create_member(app: &App, org_id: &str, body: &Fields) -> ApiResult<Value> {
    let email = parse_email(&body.req_str("email_address")?)?;
    let phone = match body.opt_nonempty("mfa_phone_number")? {
        Some(p) => Some(parse_phone(&p)?),
        None => None,
    };
    let enrolled = body.opt_bool("mfa_enrolled")?.unwrap_or(false);
    let pending = body.opt_bool("create_member_as_pending")?.unwrap_or(false);
    let name = body.opt_str("name")?.unwrap_or_default();
    super::common::check_name(&Value::String(name.clone()), "name")?;
    let now = app.now();
    let mut store = app.store();
    let org = store.orgs.get(org_id).cloned().ok_or_else(org_not_found)?;
    if store.member_by_email(org_id, &email).is_some() {
        return Err(ApiError::new(
            409,
            "duplicate_member_email",
            "A member with this email already exists in the organization.",
        ));
    }
    let m = Member {
        member_id: ids::id("member"),
        organization_id: org_id.to_string(),
        email_address: email,
        name,
        status: if pending { "pending" } else { "active" },
        email_address_verified: false,
        mfa_phone_number: phone.unwrap_or_default(),
        mfa_phone_number_verified: false,
        mfa_enrolled: enrolled,
        created_ms: now,
    };
    store.add_member(m.clone());
    Ok(ok(
        json!({"member_id": m.member_id, "member": m.to_json(), "organization": org.to_json()}),
    ))
}
