//! Consumer SMS OTP: login_or_create, send (primary and step-up), authenticate, sessions.
use serde_json::{json, Value};

use super::common::{code_field, ok, parse_phone, session_minutes, sms_expiration};
use super::Api;
use crate::app::App;
use crate::errors::{ApiError, ApiResult};
use crate::extract::Fields;
use crate::ids;
use crate::state::model::{add_factor, Factor, FactorKind};
use crate::state::otp::OtpKey;
use crate::state::store::{new_user, user_not_found};
use crate::state::Store;

/// Stytch's sandbox phone number (backend API only).
pub const SANDBOX_PHONE: &str = "+10000000000";
/// The sandbox code.
pub const SANDBOX_CODE: &str = "000000";
/// Session length used by the SDK API when the request names none.
pub const SDK_DEFAULT_SESSION_MINUTES: i64 = 30;

/// Makes sure the sandbox user exists; returns (user id, phone id).
fn sandbox_user(store: &mut Store, now: i64) -> (String, String) {
    if let Some(uid) = store.phone_index.get(SANDBOX_PHONE).cloned() {
        if let Some(u) = store.users.get(&uid) {
            if let Some(p) = u.phones.iter().find(|p| p.phone_number == SANDBOX_PHONE) {
                return (uid.clone(), p.phone_id.clone());
            }
        }
    }
    let uid = ids::id("user");
    let pid = store
        .add_user(new_user(uid.clone(), now), Some(SANDBOX_PHONE))
        .unwrap_or_default();
    (uid, pid)
}

/// Resolves the session token a call carries: SDK from Authorization, backend from
/// `session_token` / `session_jwt` in the body.
fn session_token_of(
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

/// `POST /otps/sms/login_or_create`.
///
/// # Errors
/// Phone, expiry and rate-limit errors.
pub fn login_or_create(app: &App, api: Api, body: &Fields, page: Option<&str>) -> ApiResult<Value> {
    let raw = body.req_str("phone_number")?;
    let texts = super::common::texts(app, body, page)?;
    let minutes =
        sms_expiration(body.opt_int("expiration_minutes", "invalid_expiration_minutes")?)?;
    let pending = body.opt_bool("create_user_as_pending")?.unwrap_or(false);
    let now = app.now();
    let mut store = app.store();
    if api == Api::Backend && raw.trim() == SANDBOX_PHONE {
        let (uid, pid) = sandbox_user(&mut store, now);
        return Ok(ok(
            json!({"user_id": uid, "phone_id": pid, "method_id": pid, "user_created": false}),
        ));
    }
    let phone = parse_phone(&raw)?;
    store.otps.check_send_rate(&phone, now)?;
    let (user_id, phone_id, created) = match store.phone_index.get(&phone).cloned() {
        Some(uid) => {
            let pid = store.attach_phone(&uid, &phone)?;
            (uid, pid, false)
        }
        None => {
            let uid = ids::id("user");
            let mut u = new_user(uid.clone(), now);
            if pending {
                u.status = "pending";
            }
            let pid = store.add_user(u, Some(&phone)).unwrap_or_default();
            (uid, pid, true)
        }
    };
    store.send_sms(
        OtpKey::Phone(phone_id.clone()),
        &phone,
        minutes,
        now,
        &texts,
    )?;
    Ok(ok(
        json!({"user_id": user_id, "phone_id": phone_id, "method_id": phone_id, "user_created": created}),
    ))
}

/// `POST /otps/sms/send` (backend), `/otps/sms/send/primary` and `/send/secondary` (SDK).
/// `secondary` requires a session and adds the phone to its user (step-up).
///
/// # Errors
/// Phone, expiry, session and rate-limit errors; 404 `phone_number_not_found` for an unknown
/// phone on a primary send.
pub fn send(
    app: &App,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
    secondary: bool,
    page: Option<&str>,
) -> ApiResult<Value> {
    let raw = body.req_str("phone_number")?;
    let texts = super::common::texts(app, body, page)?;
    let minutes =
        sms_expiration(body.opt_int("expiration_minutes", "invalid_expiration_minutes")?)?;
    let now = app.now();
    let mut store = app.store();
    if api == Api::Backend && raw.trim() == SANDBOX_PHONE {
        let (uid, pid) = sandbox_user(&mut store, now);
        return Ok(ok(
            json!({"user_id": uid, "phone_id": pid, "method_id": pid}),
        ));
    }
    let phone = parse_phone(&raw)?;
    let session_token = if secondary || api == Api::Backend {
        session_token_of(app, &store, api, auth_session, body)?
    } else {
        None
    };
    if secondary && session_token.is_none() {
        return Err(ApiError::new(
            401,
            "user_unauthenticated",
            "A session is required to add a second factor.",
        ));
    }
    let owner = match &session_token {
        Some(t) => Some(
            store
                .live_session(t, false, now)
                .map(|s| s.subject.clone())
                .ok_or_else(ApiError::session_not_found)?,
        ),
        None => match api {
            Api::Backend => body.opt_nonempty("user_id")?,
            Api::Sdk => None,
        },
    };
    store.otps.check_send_rate(&phone, now)?;
    let (user_id, phone_id) = match owner {
        Some(uid) => {
            if !store.users.contains_key(&uid) {
                return Err(user_not_found());
            }
            let pid = store.attach_phone(&uid, &phone)?;
            (uid, pid)
        }
        None => {
            let uid = store.phone_index.get(&phone).cloned().ok_or_else(|| {
                ApiError::new(
                    404,
                    "phone_number_not_found",
                    "Phone number could not be found.",
                )
            })?;
            let pid = store.attach_phone(&uid, &phone)?;
            (uid, pid)
        }
    };
    store.send_sms(
        OtpKey::Phone(phone_id.clone()),
        &phone,
        minutes,
        now,
        &texts,
    )?;
    Ok(ok(
        json!({"user_id": user_id, "phone_id": phone_id, "method_id": phone_id}),
    ))
}

/// `POST /otps/authenticate`. The code is `code` on the backend and `token` in the SDK.
///
/// # Errors
/// 404 `otp_code_not_found`, 401 `unable_to_auth_otp_code`, 429 `user_lock_limit_reached`,
/// 400 `invalid_session_duration_minutes`, 404 `session_not_found`, method id errors.
pub fn authenticate(
    app: &App,
    api: Api,
    body: &Fields,
    auth_session: Option<String>,
) -> ApiResult<Value> {
    let method_id = body.req_str("method_id")?;
    let code = match api {
        Api::Backend => code_field(body.opt_str("code")?, "code")?,
        Api::Sdk => code_field(body.opt_str("token")?.or(body.opt_str("code")?), "token")?,
    };
    let minutes = session_minutes(body.opt_int(
        "session_duration_minutes",
        "invalid_session_duration_minutes",
    )?)?;
    let now = app.now();
    let mut store = app.store();
    let (user_id, phone_number) = store.phone_by_id(&method_id).ok_or_else(|| {
        if method_id.starts_with("phone-number-") {
            ApiError::new(
                404,
                "phone_number_not_found",
                "No phone number matches this method_id.",
            )
        } else {
            ApiError::new(
                400,
                "invalid_method_id",
                "method_id is not a valid phone id.",
            )
        }
    })?;
    let mut existing = session_token_of(app, &store, api, auth_session, body)?;
    if api == Api::Sdk
        && existing
            .as_ref()
            .is_some_and(|t| store.live_session(t, false, now).is_none())
    {
        // A stale `stytch_session` cookie must not block a fresh login through the SDK.
        existing = None;
    }
    if let Some(t) = &existing {
        let s = store
            .live_session(t, false, now)
            .ok_or_else(ApiError::session_not_found)?;
        if s.subject != user_id {
            return Err(ApiError::new(
                403,
                "unauthorized_action",
                "This phone number belongs to another user.",
            ));
        }
    }
    let key = OtpKey::Phone(method_id.clone());
    let sandbox = api == Api::Backend && phone_number == SANDBOX_PHONE;
    if sandbox {
        if code != SANDBOX_CODE {
            return Err(ApiError::new(
                404,
                "otp_code_not_found",
                "The passcode is incorrect.",
            ));
        }
    } else {
        store.otps.verify(&key, &code, now)?;
    }
    if let Some(u) = store.users.get_mut(&user_id) {
        u.status = "active";
        if let Some(p) = u.phones.iter_mut().find(|p| p.phone_id == method_id) {
            p.verified = true;
        }
    }
    let kind = FactorKind::Sms {
        phone_id: method_id.clone(),
        phone_number,
    };
    let minutes = match (api, minutes, &existing) {
        (Api::Sdk, None, None) => Some(SDK_DEFAULT_SESSION_MINUTES),
        (_, m, _) => m,
    };
    let (token, session) = match existing {
        Some(t) => {
            let s = store
                .live_session(&t, false, now)
                .ok_or_else(ApiError::session_not_found)?;
            add_factor(&mut s.factors, kind, now, None);
            s.last_ms = now;
            if let Some(m) = minutes {
                s.expires_ms = now + m * 60_000;
            }
            (t, Some(s.clone()))
        }
        None => match minutes {
            Some(m) => {
                let f = Factor {
                    kind,
                    created_ms: now,
                    last_ms: now,
                    sequence: None,
                };
                let t = store.create_session(&user_id, None, vec![f], m, now);
                (
                    t.clone(),
                    Some(
                        store
                            .sessions
                            .get(&t)
                            .cloned()
                            .ok_or_else(ApiError::session_not_found)?,
                    ),
                )
            }
            None => (String::new(), None),
        },
    };
    let user = store
        .users
        .get(&user_id)
        .map(|u| u.to_json())
        .unwrap_or(Value::Null);
    drop(store); // signing the JWT takes a while: let other requests in
    let (jwt, session) = match &session {
        Some(s) => (app.jwt().sign(s, None, now), s.to_consumer_json()),
        None => (String::new(), Value::Null),
    };
    Ok(ok(json!({
        "user_id": user_id,
        "method_id": method_id,
        "session_token": token,
        "session_jwt": jwt,
        "session": session,
        "user": user,
        "reset_sessions": false,
    })))
}

/// `POST /sessions/authenticate`.
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
        session_token_of(app, &store, api, auth_session, body)?.ok_or_else(|| match api {
            Api::Sdk => ApiError::new(401, "user_unauthenticated", "No session token was sent."),
            Api::Backend => ApiError::missing("session_token"),
        })?;
    let s = store
        .live_session(&token, false, now)
        .ok_or_else(ApiError::session_not_found)?;
    s.last_ms = now;
    if let Some(m) = minutes {
        s.expires_ms = now + m * 60_000;
    }
    let s = s.clone();
    let user = store
        .users
        .get(&s.subject)
        .map(|u| u.to_json())
        .ok_or_else(user_not_found)?;
    drop(store);
    Ok(ok(json!({
        "session": s.to_consumer_json(),
        "session_token": token,
        "session_jwt": app.jwt().sign(&s, None, now),
        "user": user,
        "user_id": s.subject,
    })))
}

/// `POST /sessions/revoke`.
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
        Api::Backend => match body.opt_nonempty("session_id")? {
            Some(id) => store.token_for_session_id(&id),
            None => session_token_of(app, &store, api, None, body)?,
        },
        Api::Sdk => auth_session,
    };
    let token = token.ok_or_else(ApiError::session_not_found)?;
    if !store.revoke(&token, false) {
        return Err(ApiError::session_not_found());
    }
    Ok(ok(json!({})))
}

/// `POST /v1/users`.
///
/// # Errors
/// Phone errors, 409 `duplicate_phone_number`.
pub fn create_user(app: &App, body: &Fields) -> ApiResult<Value> {
    let phone = match body.opt_nonempty("phone_number")? {
        Some(p) => Some(parse_phone(&p)?),
        None => None,
    };
    let email = match body.opt_nonempty("email")? {
        Some(e) => Some(super::common::parse_email(&e)?),
        None => None,
    };
    super::common::check_name(&body.value("name"), "name")?;
    let now = app.now();
    let mut store = app.store();
    if let Some(p) = &phone {
        if store.phone_index.contains_key(p) {
            return Err(ApiError::new(
                409,
                "duplicate_phone_number",
                "A user with this phone number already exists.",
            ));
        }
    }
    let uid = ids::id("user");
    let mut u = new_user(uid.clone(), now);
    if body.opt_bool("create_user_as_pending")?.unwrap_or(false) {
        u.status = "pending";
    }
    u.name = body.value("name");
    u.trusted_metadata = body.value("trusted_metadata");
    u.untrusted_metadata = body.value("untrusted_metadata");
    u.external_id = body.value("external_id");
    let mut email_id = String::new();
    if let Some(e) = email {
        email_id = ids::id("email");
        u.emails.push(crate::state::model::EmailRec {
            email_id: email_id.clone(),
            email: e,
            verified: false,
        });
    }
    let phone_id = store.add_user(u, phone.as_deref()).unwrap_or_default();
    let user = store
        .users
        .get(&uid)
        .map(|u| u.to_json())
        .unwrap_or(Value::Null);
    let status = user["status"].clone();
    Ok(ok(
        json!({"user_id": uid, "email_id": email_id, "phone_id": phone_id, "status": status, "user": user}),
    ))
}

/// `PUT /v1/users/{user_id}`: name, metadata, external id.
///
/// # Errors
/// 404 `user_not_found`.
pub fn update_user(app: &App, user_id: &str, body: &Fields) -> ApiResult<Value> {
    super::common::check_name(&body.value("name"), "name")?;
    let mut store = app.store();
    let u = store.users.get_mut(user_id).ok_or_else(user_not_found)?;
    for (k, slot) in [
        ("name", &mut u.name),
        ("trusted_metadata", &mut u.trusted_metadata),
        ("untrusted_metadata", &mut u.untrusted_metadata),
        ("external_id", &mut u.external_id),
    ] {
        let v = body.value(k);
        if !v.is_null() {
            *slot = v;
        }
    }
    let user = u.to_json();
    Ok(ok(json!({
        "user_id": user_id,
        "emails": user["emails"].clone(),
        "phone_numbers": user["phone_numbers"].clone(),
        "crypto_wallets": [],
        "user": user,
    })))
}
