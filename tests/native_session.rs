#![cfg(not(target_arch = "wasm32"))]
//! The orchestration of `sdk::session::Engine`, natively: flow choice,
//! requests (path, Basic credentials, body), what each answer writes to the
//! store, errors that leave the store as it was, the local resend timer,
//! expiries, sign-out, unreadable stored state, the config rules and the
//! input checks. Server answers are JSON text shaped like Stytch's.
use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde_json::Value;
use sms_mfa_sdk::sdk::api::{self, Response};
use sms_mfa_sdk::sdk::codec::SerdeJson;
use sms_mfa_sdk::sdk::config::{Config, ConfigInput, CookieOptionsInput, StorageKind, STATE_KEY};
use sms_mfa_sdk::sdk::error::Error;
use sms_mfa_sdk::sdk::input::{AuthenticateInput, EmailInput, Loose, SendSmsInput};
use sms_mfa_sdk::sdk::session::{
    Acknowledged, Call, Done, Engine, Outcome, Prepared, SendContext, SessionIds, SmsSent, Step,
    StepKind, Transport,
};
use sms_mfa_sdk::sdk::state::{
    Flow, EXPIRED_CODE_SHOWN_MS, IST_LIFETIME_MS, MAX_STORED, RESEND_DELAY_MS,
};
use sms_mfa_sdk::sdk::store::{KeyValueStore, MemoryStore};
use sms_mfa_sdk::sdk::time::parse_retry_after;
use sms_mfa_sdk::sdk::token::Code;

// ------------------------------------------------------------------ fixtures

/// 2026-11-22T13:53:00Z
const T0: i64 = 1_795_355_580_000;
const SEC: i64 = 1000;
const MIN: i64 = 60_000;

const PUBLIC: &str = "public-token-test-emulator";
const PUBLIC_PAIR: &str = "public-token-test-emulator:public-token-test-emulator";
const ORG: &str = "organization-test-emulator-acme";
const ALICE: &str = "member-test-emulator-alice";
const BOB: &str = "member-test-emulator-bob";
const METHOD: &str = "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0";
const USER: &str = "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6";
const CONSUMER_TOKEN: &str = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q";
const CONSUMER_JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLXRlc3QifQ.c2lnbmF0dXJl";
const B2B_TOKEN: &str = "b2b-session-token-Jx0d2dY8b6P1";
const B2B_JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZW1iZXItdGVzdCJ9.c2ln";
const IST: &str = "SeWGHtYbiLC3AhL0zE4dw0FcHlc6Ei0AqU5oIsuSlz8z";
/// `session.expires_at` of [`auth_ok`]: 2026-11-22T14:53:00Z.
const CONSUMER_EXPIRES: i64 = T0 + 60 * MIN;
/// `member_session.expires_at` of [`b2b_auth_ok`]: 2026-11-22T14:54:00.250Z.
const B2B_EXPIRES: i64 = T0 + 61 * MIN + 250;

const LOGIN_OK: &str = r#"{"data":{"request_id":"request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141","status_code":200,"method_id":"phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0","user_id":"user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6","user_created":false,"phone_id":"phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"}}"#;
const B2B_SEND_OK: &str =
    r#"{"data":{"request_id":"request-id-test-b2b-sms-send","status_code":200}}"#;
const EMAIL_SEND_OK: &str =
    r#"{"data":{"request_id":"request-id-test-email-send","status_code":200}}"#;
const NOT_FOUND: &str = r#"{"status_code":404,"request_id":"request-id-test-9","error_type":"otp_code_not_found","error_message":"The passcode is incorrect.","error_url":"https://stytch.com/docs/api/errors/404#otp_code_not_found"}"#;
const TOO_MANY: &str = r#"{"status_code":429,"request_id":"request-id-test-10","error_type":"too_many_requests","error_message":"Too many requests have been made.","error_url":"https://stytch.com/docs/api/errors/429"}"#;
const INTERNAL: &str = r#"{"status_code":500,"request_id":"request-id-test-11","error_type":"internal_server_error","error_message":"Oops, something seems to have gone wrong.","error_url":"https://stytch.com/docs/api/errors/500"}"#;

/// Consumer `otps/authenticate`.
fn auth_ok(token: &str, jwt: &str) -> String {
    format!(
        r#"{{"data":{{"request_id":"request-id-test-auth","status_code":200,"user_id":"{USER}","method_id":"{METHOD}","reset_sessions":false,"session_token":"{token}","session_jwt":"{jwt}","session":{{"session_id":"session-test-fe6c042b-6286-479f-8a4f-b046a6c46509","user_id":"{USER}","started_at":"2026-11-22T13:53:00Z","last_accessed_at":"2026-11-22T13:53:00Z","expires_at":"2026-11-22T14:53:00Z","attributes":{{"ip_address":"","user_agent":""}},"authentication_factors":[{{"type":"otp","delivery_method":"sms","last_authenticated_at":"2026-11-22T13:53:00Z","phone_number_factor":{{"phone_id":"{METHOD}","phone_number":"+12025550100"}}}}],"custom_claims":{{}},"roles":["stytch_user"]}},"user":{{"user_id":"{USER}","status":"active"}},"user_device":null}}}}"#
    )
}

fn member(id: &str) -> String {
    let (phone, verified) = if id == ALICE {
        ("+12025550162", true)
    } else {
        ("", false)
    };
    format!(
        r#"{{"organization_id":"{ORG}","member_id":"{id}","email_address":"x@acme.test","status":"active","mfa_phone_number":"{phone}","mfa_phone_number_verified":{verified},"mfa_enrolled":{verified},"default_mfa_method":"","roles":[]}}"#
    )
}

const ORG_ACME: &str = r#"{"organization_id":"organization-test-emulator-acme","organization_name":"Acme Inc","organization_slug":"acme","mfa_policy":"REQUIRED_FOR_ALL","mfa_methods":"RESTRICTED","allowed_mfa_methods":["sms_otp"]}"#;

/// B2B `otps/email/authenticate` when MFA is required; `secondary` is
/// `mfa_required.secondary_auth_initiated` as JSON.
fn email_mfa(member_id: &str, secondary: &str) -> String {
    let options = if member_id == ALICE {
        r#"{"mfa_phone_number":"+12025550162","totp_registration_id":""}"#
    } else {
        "null"
    };
    format!(
        r#"{{"data":{{"request_id":"request-id-test-email-auth","status_code":200,"member_id":"{member_id}","method_id":"email-test-1","organization_id":"{ORG}","member":{m},"organization":{ORG_ACME},"session_token":"","session_jwt":"","intermediate_session_token":"{IST}","member_authenticated":false,"member_session":null,"mfa_required":{{"member_options":{options},"secondary_auth_initiated":{secondary}}},"primary_required":null,"member_device":null}}}}"#,
        m = member(member_id)
    )
}

/// B2B `otps/sms/authenticate` (or a primary auth that needs no MFA).
fn b2b_auth_ok() -> String {
    format!(
        r#"{{"data":{{"request_id":"request-id-test-b2b-auth","status_code":200,"member_id":"{ALICE}","member":{m},"organization":{ORG_ACME},"session_token":"{B2B_TOKEN}","session_jwt":"{B2B_JWT}","intermediate_session_token":"","member_authenticated":true,"mfa_required":null,"primary_required":null,"member_session":{{"member_session_id":"member-session-test-1","member_id":"{ALICE}","organization_id":"{ORG}","organization_slug":"acme","started_at":"2026-11-22T13:53:00Z","last_accessed_at":"2026-11-22T13:54:00Z","expires_at":"2026-11-22T14:54:00.250Z","roles":["stytch_member"],"custom_claims":{{}},"authentication_factors":[{{"type":"otp","delivery_method":"email","last_authenticated_at":"2026-11-22T13:53:00Z","email_factor":{{"email_id":"email-test-1","email_address":"alice@acme.test"}}}},{{"type":"otp","delivery_method":"sms","last_authenticated_at":"2026-11-22T13:54:00Z","phone_number_factor":{{"phone_id":"","phone_number":"+12025550162"}}}}]}},"member_device":null}}}}"#,
        m = member(ALICE)
    )
}

/// A store that remembers the expiry each key was written with.
#[derive(Default)]
struct Expiring {
    inner: MemoryStore,
    expiries: RefCell<Vec<(String, i64)>>,
}

impl Expiring {
    fn expiry(&self, key: &str) -> Option<i64> {
        self.expiries
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| *t)
    }
}

impl KeyValueStore for Expiring {
    fn get(&self, key: &str) -> Option<String> {
        self.inner.get(key)
    }
    fn set(&self, key: &str, value: &str, expires_at: i64) {
        self.inner.set(key, value, expires_at);
        self.expiries.borrow_mut().retain(|(k, _)| k != key);
        self.expiries.borrow_mut().push((key.into(), expires_at));
    }
    fn remove(&self, key: &str) {
        self.inner.remove(key);
        self.expiries.borrow_mut().retain(|(k, _)| k != key);
    }
}

type Memory<'a> = Engine<&'a MemoryStore, SerdeJson>;

fn de<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn check(json: &str) -> Result<Config, Error> {
    Config::check(&de::<ConfigInput>(json), false)
}

fn config(json: &str) -> Config {
    check(json).unwrap_or_else(|e| panic!("{json}: {e:?}"))
}

fn default_config() -> Config {
    config(
        r#"{"publicToken":"public-token-test-emulator","baseUrl":"http://127.0.0.1:9010","storage":"memory"}"#,
    )
}

fn engine(store: &MemoryStore) -> Memory<'_> {
    Engine::new(default_config(), store)
}

fn send_input(json: &str) -> SendSmsInput {
    de(json)
}

fn code_input(code: &str) -> AuthenticateInput {
    AuthenticateInput {
        code: code.into(),
        ..AuthenticateInput::default()
    }
}

fn email_input(json: &str) -> EmailInput {
    de(json)
}

fn answer(status: u16, body: &str, retry_after: Option<u32>) -> Outcome<Value> {
    Ok(Response {
        captcha_required: false,
        status,
        retry_after,
        body: serde_json::from_str(body).ok(),
    })
}

fn ok(body: &str) -> Outcome<Value> {
    answer(200, body, None)
}

fn body(call: &Call) -> Value {
    serde_json::from_str(call.body.as_ref().expect("body").expose()).expect("JSON body")
}

fn body_text(call: &Call) -> &str {
    call.body.as_ref().expect("body").expose()
}

fn credentials(call: &Call) -> &str {
    call.credentials.expose()
}

fn status<S: KeyValueStore>(e: &Engine<S, SerdeJson>, now: i64) -> &'static str {
    e.with_view(now, |v| v.status())
}

fn view<S: KeyValueStore>(e: &Engine<S, SerdeJson>, now: i64) -> Value {
    e.with_view(now, |v| serde_json::to_value(v).unwrap())
}

/// Every key the engine writes, and how many keys the store holds.
fn snapshot(e: &Memory<'_>) -> (Vec<Option<String>>, usize) {
    let values = e
        .config()
        .keys
        .all()
        .iter()
        .map(|k| e.store().get(k))
        .collect();
    (values, e.store().len())
}

fn sent(done: Done) -> SmsSent {
    match done {
        Done::Sent(s) => s,
        other => panic!("not a send: {other:?}"),
    }
}

/// A consumer login at `T0`: code sent, then authenticated at `T0 + 10 s`.
fn login<S: KeyValueStore>(e: &Engine<S, SerdeJson>) {
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0)
        .unwrap();
    e.finish(p.step, ok(LOGIN_OK), T0).unwrap();
    let p = e
        .prepare_authenticate(&code_input("123456"), T0 + 10 * SEC)
        .unwrap();
    e.finish(
        p.step,
        ok(&auth_ok(CONSUMER_TOKEN, CONSUMER_JWT)),
        T0 + 10 * SEC,
    )
    .unwrap();
}

/// A B2B e-mail primary auth at `T0` that requires MFA.
fn primary_mfa<S: KeyValueStore>(e: &Engine<S, SerdeJson>, member_id: &str, secondary: &str) {
    let input = email_input(
        r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","code":"111111"}"#,
    );
    let p = e.prepare_email(&input, true, T0).unwrap();
    e.finish(p.step, ok(&email_mfa(member_id, secondary)), T0)
        .unwrap();
}

fn b2b_send_input(member_id: &str) -> SendSmsInput {
    SendSmsInput {
        organization_id: ORG.into(),
        member_id: member_id.into(),
        ..SendSmsInput::default()
    }
}

// ------------------------------------------------------------------ consumer

#[test]
fn consumer_login_stores_tokens_under_custom_cookie_names() {
    let store = Expiring::default();
    let cfg = config(
        r#"{"publicToken":"public-token-test-emulator","baseUrl":"http://127.0.0.1:9010/","storage":"cookie",
            "cookieOptions":{"opaqueTokenCookieName":"app_session","jwtCookieName":"app_jwt","istCookieName":"app_ist"}}"#,
    );
    let e: Engine<&Expiring, SerdeJson> = Engine::new(cfg, &store);

    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+1 (202) 555-0100"}"#), T0)
        .unwrap();
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/otps/sms/login_or_create"
    );
    assert_eq!(credentials(&p.call), PUBLIC_PAIR);
    assert_eq!(
        body_text(&p.call),
        r#"{"expiration_minutes":2,"phone_number":"+12025550100"}"#
    );
    assert_eq!(p.call.timeout_ms, 10_000);
    assert_eq!(p.call.telemetry, SessionIds::default());
    assert_eq!(
        p.step.kind,
        StepKind::Send(SendContext {
            flow: Flow::Login,
            organization_id: None,
            member_id: None,
            phone_masked: Some("+1•••••••0100".into()),
            expiration_minutes: 2,
        })
    );
    assert!(
        store.inner.is_empty(),
        "nothing is written before the answer"
    );

    let s = sent(e.finish(p.step, ok(LOGIN_OK), T0).unwrap());
    assert_eq!(
        s,
        SmsSent {
            flow: Flow::Login,
            phone_masked: "+1•••••••0100".into(),
            code_expires_at: T0 + 2 * MIN,
            resend_allowed_at: T0 + RESEND_DELAY_MS,
            request_id: "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141".into(),
        }
    );
    let v = view(&e, T0);
    assert_eq!(v["status"], "code_sent");
    assert_eq!(v["flow"], "login");
    assert_eq!(v["channel"], "sms");
    assert_eq!(v["phoneMasked"], "+1•••••••0100");
    assert!(v.get("methodId").is_none(), "{v}");
    assert_eq!(v["codeExpired"], false);
    assert_eq!(
        store.expiry(STATE_KEY),
        Some(T0 + 2 * MIN + EXPIRED_CODE_SHOWN_MS),
        "kept while the code lives, then while it is reported as expired"
    );
    let stored = store.get(STATE_KEY).unwrap();
    assert!(
        !stored.contains("+12025550100"),
        "only the masked number is stored: {stored}"
    );

    let now = T0 + 10 * SEC;
    let p = e.prepare_authenticate(&code_input("123456"), now).unwrap();
    assert_eq!(p.call.url, "http://127.0.0.1:9010/sdk/v1/otps/authenticate");
    assert_eq!(credentials(&p.call), PUBLIC_PAIR);
    assert_eq!(
        body_text(&p.call),
        format!(r#"{{"token":"123456","method_id":"{METHOD}","session_duration_minutes":60}}"#)
    );
    assert_eq!(p.step.kind, StepKind::Authenticate { b2b: false });

    let Done::Session(session) = e
        .finish(p.step, ok(&auth_ok(CONSUMER_TOKEN, CONSUMER_JWT)), now)
        .unwrap()
    else {
        panic!("no session")
    };
    assert_eq!(
        session.session_id,
        "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509"
    );
    assert_eq!(session.user_id.as_deref(), Some(USER));
    assert_eq!(session.expires_at, CONSUMER_EXPIRES);
    assert_eq!(store.get("app_session").as_deref(), Some(CONSUMER_TOKEN));
    assert_eq!(store.get("app_jwt").as_deref(), Some(CONSUMER_JWT));
    assert_eq!(store.expiry("app_session"), Some(CONSUMER_EXPIRES));
    assert_eq!(store.expiry("app_jwt"), Some(CONSUMER_EXPIRES));
    for default in [
        "stytch_session",
        "stytch_session_jwt",
        "stytch_intermediate_session_token",
        "app_ist",
    ] {
        assert_eq!(store.get(default), None, "{default}");
    }
    assert_eq!(status(&e, now), "authenticated");
    let v = view(&e, now);
    assert_eq!(v["userId"], USER);
    assert_eq!(v["expiresAt"], CONSUMER_EXPIRES);
    let stored = store.get(STATE_KEY).unwrap();
    assert!(
        !stored.contains(CONSUMER_TOKEN) && !stored.contains(CONSUMER_JWT),
        "no secrets in the state"
    );
    // Gone when the session expires.
    assert_eq!(status(&e, CONSUMER_EXPIRES - 1), "authenticated");
    assert_eq!(status(&e, CONSUMER_EXPIRES), "none");
}

#[test]
fn empty_tokens_are_not_stored() {
    // Projects that give the browser no token answer with empty strings.
    let store = MemoryStore::new();
    let e = engine(&store);
    store.set("stytch_session", "stale", 0);
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0)
        .unwrap();
    e.finish(p.step, ok(LOGIN_OK), T0).unwrap();
    let p = e.prepare_authenticate(&code_input("123456"), T0).unwrap();
    e.finish(p.step, ok(&auth_ok("", "")), T0).unwrap();
    assert_eq!(store.get("stytch_session"), None);
    assert_eq!(store.get("stytch_session_jwt"), None);
    assert_eq!(status(&e, T0), "authenticated");
    assert_eq!(e.sign_out(T0), None, "no token, no revoke call");
}

#[test]
fn step_up_while_a_session_is_live() {
    let store = MemoryStore::new();
    let e = engine(&store);
    login(&e);
    let now = T0 + MIN;
    let p = e
        .prepare_send(
            &send_input(r#"{"phoneNumber":"+12025550100","expirationMinutes":5}"#),
            now,
        )
        .unwrap();
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/otps/sms/send/secondary"
    );
    assert_eq!(credentials(&p.call), format!("{PUBLIC}:{CONSUMER_TOKEN}"));
    assert_eq!(
        body_text(&p.call),
        r#"{"expiration_minutes":5,"phone_number":"+12025550100"}"#
    );
    assert_eq!(
        p.call.telemetry,
        SessionIds {
            stytch_user_id: Some(USER.into()),
            stytch_session_id: Some("session-test-fe6c042b-6286-479f-8a4f-b046a6c46509".into()),
            ..SessionIds::default()
        }
    );
    let s = sent(e.finish(p.step, ok(LOGIN_OK), now).unwrap());
    assert_eq!((s.flow, s.code_expires_at), (Flow::StepUp, now + 5 * MIN));
    assert_eq!(view(&e, now)["flow"], "step_up");

    let p = e
        .prepare_authenticate(&code_input("654321"), now + SEC)
        .unwrap();
    assert_eq!(p.call.url, "http://127.0.0.1:9010/sdk/v1/otps/authenticate");
    assert_eq!(credentials(&p.call), format!("{PUBLIC}:{CONSUMER_TOKEN}"));
    e.finish(
        p.step,
        ok(&auth_ok("new-session-token", "new.session.jwt")),
        now + SEC,
    )
    .unwrap();
    assert_eq!(
        store.get("stytch_session").as_deref(),
        Some("new-session-token")
    );
    assert_eq!(
        store.get("stytch_session_jwt").as_deref(),
        Some("new.session.jwt")
    );
    assert_eq!(status(&e, now + SEC), "authenticated");

    // Once the session is over, a send is a login again.
    let p = e
        .prepare_send(
            &send_input(r#"{"phoneNumber":"+12025550100"}"#),
            CONSUMER_EXPIRES,
        )
        .unwrap();
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/otps/sms/login_or_create"
    );
    assert!(matches!(
        p.step.kind,
        StepKind::Send(SendContext {
            flow: Flow::Login,
            ..
        })
    ));
    assert_eq!(p.call.telemetry, SessionIds::default());
}

// ------------------------------------------------------------------ B2B

#[test]
fn b2b_mfa_after_email_primary_auth() {
    let store = Expiring::default();
    let cfg = config(
        r#"{"publicToken":"public-token-test-emulator","baseUrl":"http://127.0.0.1:9010","cookieOptions":{"istCookieName":"app_ist"}}"#,
    );
    let e: Engine<&Expiring, SerdeJson> = Engine::new(cfg, &store);
    // Tokens of an older session are replaced by the MFA step.
    store.set("stytch_session", "old-session-token", 0);
    store.set("stytch_session_jwt", "old.session.jwt", 0);

    let input = email_input(
        r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","code":"111111"}"#,
    );
    let p = e.prepare_email(&input, true, T0).unwrap();
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/b2b/otps/email/authenticate"
    );
    assert_eq!(
        credentials(&p.call),
        "public-token-test-emulator:old-session-token",
        "a member session is sent, so that the code adds a factor to it (Stytch's SDK does)"
    );
    assert_eq!(
        body_text(&p.call),
        r#"{"code":"111111","email_address":"alice@acme.test","organization_id":"organization-test-emulator-acme","session_duration_minutes":60}"#
    );
    assert_eq!(p.step.kind, StepKind::EmailAuthenticate);

    let Done::State(s) = e.finish(p.step, ok(&email_mfa(ALICE, "null")), T0).unwrap() else {
        panic!("no state")
    };
    assert_eq!(
        s.mfa.as_ref().map(|m| m.ist_expires_at),
        Some(T0 + IST_LIFETIME_MS)
    );
    assert_eq!(store.get("app_ist").as_deref(), Some(IST));
    assert_eq!(store.expiry("app_ist"), Some(T0 + 10 * MIN));
    assert_eq!(store.get("stytch_session"), None);
    assert_eq!(store.get("stytch_session_jwt"), None);
    assert_eq!(store.get("stytch_intermediate_session_token"), None);
    assert_eq!(
        view(&e, T0),
        serde_json::json!({
            "status": "mfa_required",
            "organizationId": ORG,
            "memberId": ALICE,
            "phoneMasked": "+1•••••••0162",
            "enrollmentRequired": false,
            "allowedMethods": ["sms_otp"],
            "smsAlreadySent": false,
            "istExpiresAt": T0 + IST_LIFETIME_MS,
        })
    );
    // No code yet: nothing to authenticate.
    let err = e
        .prepare_authenticate(&code_input("222222"), T0)
        .unwrap_err();
    assert_eq!(err.error_type, "no_pending_challenge");

    let now = T0 + 5 * SEC;
    let p = e.prepare_send(&b2b_send_input(ALICE), now).unwrap();
    assert_eq!(p.call.url, "http://127.0.0.1:9010/sdk/v1/b2b/otps/sms/send");
    assert_eq!(credentials(&p.call), PUBLIC_PAIR);
    assert_eq!(
        body_text(&p.call),
        format!(
            r#"{{"organization_id":"{ORG}","member_id":"{ALICE}","intermediate_session_token":"{IST}"}}"#
        )
    );
    let s = sent(e.finish(p.step, ok(B2B_SEND_OK), now).unwrap());
    assert_eq!(
        s,
        SmsSent {
            flow: Flow::Mfa,
            phone_masked: "+1•••••••0162".into(),
            code_expires_at: now + 2 * MIN,
            resend_allowed_at: now + RESEND_DELAY_MS,
            request_id: "request-id-test-b2b-sms-send".into(),
        }
    );
    let v = view(&e, now);
    assert_eq!(
        (v["status"].as_str(), v["flow"].as_str()),
        (Some("code_sent"), Some("mfa"))
    );
    assert_eq!(
        (v["organizationId"].as_str(), v["memberId"].as_str()),
        (Some(ORG), Some(ALICE))
    );

    let now = T0 + 20 * SEC;
    let input = de::<AuthenticateInput>(r#"{"code":"222222","sessionDurationMinutes":30}"#);
    let p = e.prepare_authenticate(&input, now).unwrap();
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/b2b/otps/sms/authenticate"
    );
    assert_eq!(credentials(&p.call), PUBLIC_PAIR);
    assert_eq!(
        body_text(&p.call),
        format!(
            r#"{{"organization_id":"{ORG}","member_id":"{ALICE}","code":"222222","session_duration_minutes":30,"intermediate_session_token":"{IST}"}}"#
        )
    );
    assert_eq!(p.step.kind, StepKind::Authenticate { b2b: true });
    let Done::Session(session) = e.finish(p.step, ok(&b2b_auth_ok()), now).unwrap() else {
        panic!("no session")
    };
    assert_eq!(session.member_id.as_deref(), Some(ALICE));
    assert_eq!(session.organization_id.as_deref(), Some(ORG));
    assert_eq!(store.get("stytch_session").as_deref(), Some(B2B_TOKEN));
    assert_eq!(store.get("stytch_session_jwt").as_deref(), Some(B2B_JWT));
    assert_eq!(store.expiry("stytch_session"), Some(B2B_EXPIRES));
    assert_eq!(store.get("app_ist"), None, "the IST is spent");
    assert_eq!(status(&e, now), "authenticated");
    assert_eq!(view(&e, now)["memberId"], ALICE);

    // Later calls carry the member session in their telemetry and credentials.
    let p = e.prepare_send(&b2b_send_input(ALICE), now + SEC).unwrap();
    assert_eq!(credentials(&p.call), format!("{PUBLIC}:{B2B_TOKEN}"));
    assert!(body(&p.call).get("intermediate_session_token").is_none());
    assert_eq!(
        p.call.telemetry,
        SessionIds {
            stytch_member_id: Some(ALICE.into()),
            stytch_member_session_id: Some("member-session-test-1".into()),
            ..SessionIds::default()
        }
    );

    let revoke = e.sign_out(now + SEC).expect("a revoke call");
    assert_eq!(
        revoke.url,
        "http://127.0.0.1:9010/sdk/v1/b2b/sessions/revoke"
    );
    assert_eq!(credentials(&revoke), format!("{PUBLIC}:{B2B_TOKEN}"));
    assert_eq!(revoke.body, None);
    assert!(store.inner.is_empty());
}

#[test]
fn b2b_code_sent_at_primary_login() {
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, ALICE, r#""sms_otp""#);
    assert_eq!(view(&e, T0)["smsAlreadySent"], true);
    let p = e
        .prepare_authenticate(&code_input("333333"), T0 + MIN)
        .unwrap();
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/b2b/otps/sms/authenticate"
    );
    let b = body(&p.call);
    assert_eq!(
        (b["member_id"].as_str(), b["code"].as_str()),
        (Some(ALICE), Some("333333"))
    );
    assert_eq!(b["intermediate_session_token"], IST);
    assert!(b.get("set_mfa_enrollment").is_none());
    e.finish(p.step, ok(&b2b_auth_ok()), T0 + MIN).unwrap();
    assert_eq!(status(&e, T0 + MIN), "authenticated");
    // The IST's step dies with the IST.
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, ALICE, r#""sms_otp""#);
    let err = e
        .prepare_authenticate(&code_input("333333"), T0 + IST_LIFETIME_MS)
        .unwrap_err();
    assert_eq!(err.error_type, "no_pending_challenge");
    assert_eq!(status(&e, T0 + IST_LIFETIME_MS), "none");
}

#[test]
fn b2b_enrollment_of_a_new_phone() {
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, BOB, "null");
    let v = view(&e, T0);
    assert_eq!(
        (
            v["enrollmentRequired"].as_bool(),
            v["phoneMasked"].is_null()
        ),
        (Some(true), true)
    );

    let input = send_input(
        r#"{"organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-bob","mfaPhoneNumber":"+1 415 555 1234","locale":"en"}"#,
    );
    let p = e.prepare_send(&input, T0).unwrap();
    assert_eq!(
        body_text(&p.call),
        format!(
            r#"{{"organization_id":"{ORG}","member_id":"{BOB}","mfa_phone_number":"+14155551234","locale":"en","intermediate_session_token":"{IST}"}}"#
        )
    );
    let s = sent(e.finish(p.step, ok(B2B_SEND_OK), T0).unwrap());
    assert_eq!(s.phone_masked, "+1•••••••1234");
    let p = e.prepare_authenticate(&code_input("444444"), T0).unwrap();
    let b = body(&p.call);
    assert_eq!(b["set_mfa_enrollment"], "enroll");
    assert_eq!(b["member_id"], BOB);
}

#[test]
fn b2b_flow_is_chosen_by_ids() {
    let store = MemoryStore::new();
    let e = engine(&store);
    // The ids choose the B2B flow, even with a phone number and a consumer session.
    login(&e);
    let input = send_input(
        r#"{"phoneNumber":"+12025550100","organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-alice"}"#,
    );
    let p = e.prepare_send(&input, T0 + MIN).unwrap();
    assert_eq!(p.call.url, "http://127.0.0.1:9010/sdk/v1/b2b/otps/sms/send");
    assert_eq!(credentials(&p.call), format!("{PUBLIC}:{CONSUMER_TOKEN}"));
    assert_eq!(
        body_text(&p.call),
        format!(r#"{{"organization_id":"{ORG}","member_id":"{ALICE}"}}"#)
    );
    assert!(matches!(
        p.step.kind,
        StepKind::Send(SendContext {
            flow: Flow::Mfa,
            ..
        })
    ));

    // One id without the other is a B2B call with a missing id.
    let e = engine(&store);
    let err = e
        .prepare_send(
            &send_input(r#"{"organizationId":"organization-test-emulator-acme"}"#),
            T0,
        )
        .unwrap_err();
    assert_eq!(
        (err.error_type.as_ref(), err.error_message.as_ref()),
        ("invalid_input", "Invalid memberId.")
    );
    let err = e
        .prepare_send(
            &send_input(
                r#"{"phoneNumber":"+12025550100","memberId":"member-test-emulator-alice"}"#,
            ),
            T0,
        )
        .unwrap_err();
    assert_eq!(
        (err.error_type.as_ref(), err.error_message.as_ref()),
        ("invalid_input", "Invalid organizationId.")
    );
    // `null` ids are absent: a consumer send.
    let p = e
        .prepare_send(
            &send_input(r#"{"phoneNumber":"+12025550100","organizationId":null,"memberId":null}"#),
            T0 + MIN,
        )
        .unwrap();
    assert!(
        p.call.url.ends_with("/otps/sms/send/secondary"),
        "{}",
        p.call.url
    );
}

#[test]
fn email_login_or_signup_writes_nothing() {
    let store = MemoryStore::new();
    let e = engine(&store);
    let input = email_input(
        r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","locale":"pt-br"}"#,
    );
    let p = e.prepare_email(&input, false, T0).unwrap();
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/b2b/otps/email/login_or_signup"
    );
    assert_eq!(credentials(&p.call), PUBLIC_PAIR);
    assert_eq!(
        body_text(&p.call),
        r#"{"organization_id":"organization-test-emulator-acme","email_address":"alice@acme.test","locale":"pt-br"}"#
    );
    assert_eq!(p.step.kind, StepKind::EmailLogin);
    let done = e.finish(p.step, ok(EMAIL_SEND_OK), T0).unwrap();
    assert_eq!(
        done,
        Done::Acknowledged(Acknowledged {
            request_id: "request-id-test-email-send".into()
        })
    );
    assert!(store.is_empty());
}

#[test]
fn email_primary_auth_without_mfa_is_a_session() {
    let store = MemoryStore::new();
    let e = engine(&store);
    store.set("stytch_intermediate_session_token", "older-ist", 0);
    let input = email_input(
        r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","code":"111111"}"#,
    );
    let p = e.prepare_email(&input, true, T0).unwrap();
    // The stored IST is attached to the primary factor.
    assert_eq!(body(&p.call)["intermediate_session_token"], "older-ist");
    let Done::State(s) = e.finish(p.step, ok(&b2b_auth_ok()), T0).unwrap() else {
        panic!()
    };
    assert!(s.session.is_some() && s.mfa.is_none());
    assert_eq!(store.get("stytch_session").as_deref(), Some(B2B_TOKEN));
    assert_eq!(store.get("stytch_intermediate_session_token"), None);
    assert_eq!(status(&e, T0), "authenticated");
}

#[test]
fn set_primary_auth() {
    let store = Expiring::default();
    let e: Engine<&Expiring, SerdeJson> = Engine::new(default_config(), &store);
    let essentials = de::<Value>(
        r#"{"intermediateSessionToken":"ist-from-elsewhere","organizationId":"org-1","memberId":"mem-1","phoneMasked":"+14155551234"}"#,
    );
    let s = e.set_primary_auth(&essentials, T0).unwrap();
    assert_eq!(
        s.mfa.as_ref().map(|m| m.phone_masked.as_deref()),
        Some(Some("+1•••••••1234"))
    );
    assert_eq!(
        store.get("stytch_intermediate_session_token").as_deref(),
        Some("ist-from-elsewhere")
    );
    assert_eq!(
        store.expiry("stytch_intermediate_session_token"),
        Some(T0 + IST_LIFETIME_MS)
    );
    assert_eq!(status(&e, T0), "mfa_required");
    let p = e.prepare_send(&b2b_send_input("mem-1"), T0).unwrap();
    assert_eq!(
        body(&p.call)["intermediate_session_token"],
        "ist-from-elsewhere"
    );

    // Stytch's raw answer works too; a full session replaces the MFA step.
    let s = e
        .set_primary_auth(&de::<Value>(&b2b_auth_ok()), T0)
        .unwrap();
    assert!(s.mfa.is_none() && s.session.is_some());
    assert_eq!(store.get("stytch_intermediate_session_token"), None);

    // Anything else is refused and changes nothing.
    let before = (
        store.get(STATE_KEY),
        store.get("stytch_session"),
        store.inner.len(),
    );
    for bad in [
        r#"{}"#,
        r#"{"intermediateSessionToken":""}"#,
        "null",
        r#""ist""#,
    ] {
        let err = e.set_primary_auth(&de::<Value>(bad), T0).unwrap_err();
        assert_eq!(err.error_type, "invalid_input", "{bad}");
    }
    assert_eq!(
        before,
        (
            store.get(STATE_KEY),
            store.get("stytch_session"),
            store.inner.len()
        )
    );
}

// ------------------------------------------------------------------ failures

/// A failure: its name, the outcome, and the error it must give (type,
/// retryable, retry_after).
type Failure = (
    &'static str,
    Outcome<Value>,
    &'static str,
    bool,
    Option<u32>,
);

/// Every failure a call can end with.
fn failures() -> Vec<Failure> {
    vec![
        (
            "network",
            Err(Transport::Network),
            "network_error",
            true,
            None,
        ),
        ("timeout", Err(Transport::Timeout), "timeout", true, None),
        ("aborted", Err(Transport::Aborted), "aborted", false, None),
        (
            "500",
            answer(500, INTERNAL, None),
            "internal_server_error",
            true,
            None,
        ),
        (
            "502 html",
            answer(502, "<html>Bad Gateway</html>", None),
            "invalid_response",
            true,
            None,
        ),
        (
            "429",
            answer(429, TOO_MANY, Some(17)),
            "too_many_requests",
            true,
            Some(17),
        ),
        (
            "404",
            answer(404, NOT_FOUND, None),
            "otp_code_not_found",
            false,
            None,
        ),
        (
            "malformed JSON",
            answer(200, r#"{"data":{"method_id":"m""#, None),
            "invalid_response",
            false,
            None,
        ),
        (
            "wrong shape",
            ok(r#"{"data":"ok"}"#),
            "invalid_response",
            false,
            None,
        ),
        (
            "no envelope",
            ok(r#"{"request_id":"r","status_code":200}"#),
            "invalid_response",
            false,
            None,
        ),
    ]
}

/// Finishes `prepared` with every failure and checks the error and that the
/// store is byte-for-byte what it was.
fn assert_failures_change_nothing(e: &Memory<'_>, prepared: &Prepared, now: i64, what: &str) {
    let before = snapshot(e);
    let view_before = view(e, now);
    for (name, outcome, error_type, retryable, retry_after) in failures() {
        let err = e.finish(prepared.step.clone(), outcome, now).unwrap_err();
        assert_eq!(err.error_type, error_type, "{what}: {name}");
        assert_eq!(err.retryable, retryable, "{what}: {name}");
        assert_eq!(err.retry_after, retry_after, "{what}: {name}");
        assert_eq!(snapshot(e), before, "{what}: {name} changed the store");
        assert_eq!(view(e, now), view_before, "{what}: {name}");
    }
    let err = e
        .finish(prepared.step.clone(), answer(404, NOT_FOUND, None), now)
        .unwrap_err();
    assert_eq!(
        (
            err.status_code,
            err.request_id.as_str(),
            err.error_message.as_ref()
        ),
        (404, "request-id-test-9", "The passcode is incorrect.")
    );
}

#[test]
fn consumer_failures_leave_the_store_unchanged() {
    let store = MemoryStore::new();
    let e = engine(&store);
    store.set("unrelated", "kept", 0);
    // Nothing stored yet.
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0)
        .unwrap();
    assert_failures_change_nothing(&e, &p, T0, "first send");
    assert_eq!(snapshot(&e), (vec![None, None, None, None], 1));
    // A code pending.
    e.finish(p.step, ok(LOGIN_OK), T0).unwrap();
    let p = e.prepare_authenticate(&code_input("123456"), T0).unwrap();
    assert_failures_change_nothing(&e, &p, T0, "authenticate");
    let p = e
        .prepare_send(
            &send_input(r#"{"phoneNumber":"+12025550100"}"#),
            T0 + 40 * SEC,
        )
        .unwrap();
    assert_failures_change_nothing(&e, &p, T0 + 40 * SEC, "resend");
    // A session, then a step-up.
    let p = e.prepare_authenticate(&code_input("123456"), T0).unwrap();
    e.finish(p.step, ok(&auth_ok(CONSUMER_TOKEN, CONSUMER_JWT)), T0)
        .unwrap();
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0 + MIN)
        .unwrap();
    assert_failures_change_nothing(&e, &p, T0 + MIN, "step-up send");
    e.finish(p.step, ok(LOGIN_OK), T0 + MIN).unwrap();
    let p = e
        .prepare_authenticate(&code_input("123456"), T0 + MIN)
        .unwrap();
    assert_failures_change_nothing(&e, &p, T0 + MIN, "step-up authenticate");
    assert_eq!(store.get("stytch_session").as_deref(), Some(CONSUMER_TOKEN));
    assert_eq!(store.get("unrelated").as_deref(), Some("kept"));
}

#[test]
fn b2b_failures_leave_the_store_unchanged() {
    let store = MemoryStore::new();
    let e = engine(&store);
    let input = email_input(
        r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test"}"#,
    );
    let p = e.prepare_email(&input, false, T0).unwrap();
    assert_failures_change_nothing(&e, &p, T0, "email login");
    let input = email_input(
        r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","code":"111111"}"#,
    );
    let p = e.prepare_email(&input, true, T0).unwrap();
    assert_failures_change_nothing(&e, &p, T0, "email authenticate");
    primary_mfa(&e, ALICE, "null");
    let p = e.prepare_send(&b2b_send_input(ALICE), T0).unwrap();
    assert_failures_change_nothing(&e, &p, T0, "b2b send");
    e.finish(p.step, ok(B2B_SEND_OK), T0).unwrap();
    let p = e.prepare_authenticate(&code_input("222222"), T0).unwrap();
    assert_failures_change_nothing(&e, &p, T0, "b2b authenticate");
    // The MFA step is still there; an e-mail authenticate that fails keeps it.
    let p = e.prepare_email(&input, true, T0).unwrap();
    assert_failures_change_nothing(&e, &p, T0, "email authenticate during MFA");
    assert_eq!(
        store.get("stytch_intermediate_session_token").as_deref(),
        Some(IST)
    );
    // A B2B answer to a consumer send, and the reverse, are wrong shapes.
    let p = e.prepare_authenticate(&code_input("222222"), T0).unwrap();
    let before = snapshot(&e);
    let err = e
        .finish(p.step, ok(&auth_ok(CONSUMER_TOKEN, CONSUMER_JWT)), T0)
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_response");
    let err = e
        .finish(
            Step::new(StepKind::Authenticate { b2b: false }),
            ok(&b2b_auth_ok()),
            T0,
        )
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_response");
    assert_eq!(snapshot(&e), before);
}

#[test]
fn retry_after_reaches_the_error() {
    // What the platform reads from `Retry-After` (digits or an HTTP date).
    let now = T0;
    assert_eq!(parse_retry_after("17", now), Some(17));
    assert_eq!(
        parse_retry_after("Sun, 22 Nov 2026 13:54:00 GMT", now),
        Some(60)
    );
    for bad in ["1.5", "-1", "soon", "Sun, 22 Nov 2026 13:54:00 UTC", ""] {
        assert_eq!(parse_retry_after(bad, now), None, "{bad}");
    }
    let store = MemoryStore::new();
    let e = engine(&store);
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), now)
        .unwrap();
    let retry_after = parse_retry_after("Sun, 22 Nov 2026 13:54:00 GMT", now);
    let err = e
        .finish(p.step.clone(), answer(429, TOO_MANY, retry_after), now)
        .unwrap_err();
    assert_eq!(
        (err.status_code, err.retry_after, err.retryable),
        (429, Some(60), true)
    );
    // Without a usable error body the status and the wait still come through.
    let err = e
        .finish(p.step, answer(503, "Service Unavailable", Some(5)), now)
        .unwrap_err();
    assert_eq!(
        (
            err.error_type.as_ref(),
            err.status_code,
            err.retry_after,
            err.retryable
        ),
        ("invalid_response", 503, Some(5), true)
    );
}

/// `parse_retry_after` documents `None` for an HTTP date in the past (and
/// `src/sdk/time.rs`'s own `retry_after_forms` test expects it).
#[test]
fn retry_after_in_the_past_is_none() {
    assert_eq!(parse_retry_after("Sun, 22 Nov 2026 13:52:00 GMT", T0), None);
}

// ------------------------------------------------------------------ timers

#[test]
fn resend_is_refused_locally_for_30_seconds() {
    let store = MemoryStore::new();
    let e = engine(&store);
    let input = send_input(r#"{"phoneNumber":"+12025550100"}"#);
    let p = e.prepare_send(&input, T0).unwrap();
    e.finish(p.step, ok(LOGIN_OK), T0).unwrap();
    let before = snapshot(&e);
    for (at, wait) in [
        (T0, 30),
        (T0 + 1, 30),
        (T0 + SEC, 29),
        (T0 + 29 * SEC, 1),
        (T0 + RESEND_DELAY_MS - 1, 1),
    ] {
        let err = e.prepare_send(&input, at).unwrap_err();
        assert_eq!(err.error_type, "resend_too_soon", "{at}");
        assert_eq!(
            (err.retry_after, err.retryable, err.status_code),
            (Some(wait), true, 0),
            "{}",
            at - T0
        );
    }
    // Another number is refused too: the timer is the client's.
    let err = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+14155551234"}"#), T0 + SEC)
        .unwrap_err();
    assert_eq!(err.error_type, "resend_too_soon");
    // The clock moved back an hour: still refused, never for more than 30 s.
    for back in [SEC, MIN, 60 * MIN] {
        let err = e.prepare_send(&input, T0 - back).unwrap_err();
        assert_eq!(err.error_type, "resend_too_soon");
        let wait = err.retry_after.unwrap();
        assert!((1..=30).contains(&wait), "{back}: {wait}");
    }
    // An input error comes before the timer.
    let err = e
        .prepare_send(&send_input(r#"{"phoneNumber":"555"}"#), T0)
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_phone_number");
    assert_eq!(snapshot(&e), before, "refusals write nothing");

    let p = e.prepare_send(&input, T0 + RESEND_DELAY_MS).unwrap();
    let s = sent(
        e.finish(p.step, ok(LOGIN_OK), T0 + RESEND_DELAY_MS)
            .unwrap(),
    );
    assert_eq!(s.resend_allowed_at, T0 + 2 * RESEND_DELAY_MS);
    assert_eq!(s.code_expires_at, T0 + RESEND_DELAY_MS + 2 * MIN);
}

#[test]
fn b2b_resend_is_refused_locally_for_30_seconds() {
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, ALICE, "null");
    let p = e.prepare_send(&b2b_send_input(ALICE), T0).unwrap();
    e.finish(p.step, ok(B2B_SEND_OK), T0).unwrap();
    let err = e
        .prepare_send(&b2b_send_input(ALICE), T0 + 10 * SEC)
        .unwrap_err();
    assert_eq!(
        (err.error_type.as_ref(), err.retry_after),
        ("resend_too_soon", Some(20))
    );
    let err = e
        .prepare_send(&b2b_send_input(ALICE), T0 - 60 * MIN)
        .unwrap_err();
    assert!((1..=30).contains(&err.retry_after.unwrap()));
    assert!(e
        .prepare_send(&b2b_send_input(ALICE), T0 + 30 * SEC)
        .is_ok());
}

#[test]
fn authenticate_with_nothing_pending() {
    let store = MemoryStore::new();
    let e = engine(&store);
    let err = e
        .prepare_authenticate(&code_input("123456"), T0)
        .unwrap_err();
    assert_eq!(
        (err.error_type.as_ref(), err.status_code, err.retryable),
        ("no_pending_challenge", 0, false)
    );
    // The code is checked first.
    assert_eq!(
        e.prepare_authenticate(&code_input("12345"), T0)
            .unwrap_err()
            .error_type,
        "invalid_code"
    );
    // A session alone is nothing to authenticate.
    login(&e);
    let err = e
        .prepare_authenticate(&code_input("123456"), T0 + MIN)
        .unwrap_err();
    assert_eq!(err.error_type, "no_pending_challenge");
}

#[test]
fn codes_expire() {
    let store = MemoryStore::new();
    let e = engine(&store);
    let p = e
        .prepare_send(
            &send_input(r#"{"phoneNumber":"+12025550100","expirationMinutes":5}"#),
            T0,
        )
        .unwrap();
    assert_eq!(body(&p.call)["expiration_minutes"], 5);
    let s = sent(e.finish(p.step, ok(LOGIN_OK), T0).unwrap());
    assert_eq!(s.code_expires_at, T0 + 5 * MIN);
    assert!(e
        .prepare_authenticate(&code_input("123456"), T0 + 5 * MIN - 1)
        .is_ok());
    assert_eq!(view(&e, T0 + 5 * MIN - 1)["codeExpired"], false);
    // Expired: reported as such for 10 minutes; a late code still goes to
    // the server, whose clock decides.
    let expired = view(&e, T0 + 5 * MIN);
    assert_eq!(expired["status"], "code_sent");
    assert_eq!(expired["codeExpired"], true);
    assert!(e
        .prepare_authenticate(&code_input("123456"), T0 + 5 * MIN)
        .is_ok());
    let gone = T0 + 5 * MIN + EXPIRED_CODE_SHOWN_MS;
    assert_eq!(view(&e, gone - 1)["codeExpired"], true);
    assert_eq!(status(&e, gone), "none");
    let err = e
        .prepare_authenticate(&code_input("123456"), gone)
        .unwrap_err();
    assert_eq!(err.error_type, "no_pending_challenge");
    // An expired code does not hold back a new send.
    assert!(e
        .prepare_send(
            &send_input(r#"{"phoneNumber":"+12025550100"}"#),
            T0 + 5 * MIN
        )
        .is_ok());

    // A B2B code sent late in the MFA step dies with the IST.
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, ALICE, "null");
    let p = e
        .prepare_send(&b2b_send_input(ALICE), T0 + 9 * MIN)
        .unwrap();
    let s = sent(e.finish(p.step, ok(B2B_SEND_OK), T0 + 9 * MIN).unwrap());
    assert_eq!(s.code_expires_at, T0 + 11 * MIN);
    assert_eq!(status(&e, T0 + IST_LIFETIME_MS - 1), "code_sent");
    assert_eq!(status(&e, T0 + IST_LIFETIME_MS), "none");
    let err = e
        .prepare_authenticate(&code_input("123456"), T0 + IST_LIFETIME_MS)
        .unwrap_err();
    assert_eq!(err.error_type, "no_pending_challenge");
    // A code that expires before the IST is reported as expired until the
    // IST goes; `cancel()` abandons it with the MFA step.
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, ALICE, "null");
    let p = e.prepare_send(&b2b_send_input(ALICE), T0).unwrap();
    e.finish(p.step, ok(B2B_SEND_OK), T0).unwrap();
    assert_eq!(view(&e, T0 + 2 * MIN)["codeExpired"], true);
    assert_eq!(status(&e, T0 + IST_LIFETIME_MS), "none");
    e.cancel(T0 + 2 * MIN);
    assert_eq!(status(&e, T0 + 2 * MIN), "none");
}

// ------------------------------------------------------------------ sign-out

#[test]
fn sign_out_revokes_only_with_a_session_token() {
    // Consumer.
    let store = MemoryStore::new();
    let e = engine(&store);
    login(&e);
    store.set("unrelated", "kept", 0);
    let call = e.sign_out(T0 + MIN).expect("a revoke call");
    assert_eq!(call.url, "http://127.0.0.1:9010/sdk/v1/sessions/revoke");
    assert_eq!(credentials(&call), format!("{PUBLIC}:{CONSUMER_TOKEN}"));
    assert_eq!(call.body, None);
    assert_eq!(snapshot(&e), (vec![None, None, None, None], 1));
    assert_eq!(store.get("unrelated").as_deref(), Some("kept"));
    assert_eq!(status(&e, T0 + MIN), "none");
    // Signed out already: nothing to revoke.
    assert_eq!(e.sign_out(T0 + MIN), None);

    // B2B, custom names.
    let store = MemoryStore::new();
    let cfg = config(
        r#"{"publicToken":"public-token-test-emulator","baseUrl":"https://auth.example.com/stytch/",
            "cookieOptions":{"opaqueTokenCookieName":"s","jwtCookieName":"j","istCookieName":"i"}}"#,
    );
    let e: Memory<'_> = Engine::new(cfg, &store);
    primary_mfa(&e, ALICE, r#""sms_otp""#);
    assert_eq!(store.get("i").as_deref(), Some(IST));
    // Only an IST: nothing to revoke, everything removed.
    assert_eq!(e.sign_out(T0), None);
    assert!(store.is_empty());
    primary_mfa(&e, ALICE, r#""sms_otp""#);
    let p = e.prepare_authenticate(&code_input("333333"), T0).unwrap();
    e.finish(p.step, ok(&b2b_auth_ok()), T0).unwrap();
    let call = e.sign_out(T0).expect("a revoke call");
    assert_eq!(
        call.url,
        "https://auth.example.com/stytch/sdk/v1/b2b/sessions/revoke"
    );
    assert_eq!(credentials(&call), format!("{PUBLIC}:{B2B_TOKEN}"));
    assert!(store.is_empty());

    // A token without a readable state: the consumer path.
    let store = MemoryStore::new();
    let e = engine(&store);
    store.set("stytch_session", "orphan-token", 0);
    store.set(STATE_KEY, "garbage", 0);
    let call = e.sign_out(T0).expect("a revoke call");
    assert!(call.url.ends_with("/sdk/v1/sessions/revoke"));
    assert!(store.is_empty());
    // An empty token is no token.
    store.set("stytch_session", "", 0);
    assert_eq!(e.sign_out(T0), None);
    assert!(store.is_empty());
}

// ------------------------------------------------------------------ stored state

#[test]
fn unreadable_stored_state_resets_to_none() {
    let good = {
        let store = MemoryStore::new();
        let e = engine(&store);
        primary_mfa(&e, ALICE, "null");
        let p = e.prepare_send(&b2b_send_input(ALICE), T0).unwrap();
        e.finish(p.step, ok(B2B_SEND_OK), T0).unwrap();
        store.get(STATE_KEY).unwrap()
    };
    assert!(
        good.contains(r#""memberId":"member-test-emulator-alice""#),
        "{good}"
    );
    let cases = [
        ("garbage", String::from("not json at all")),
        ("empty", String::new()),
        ("truncated", good[..good.len() - 1].to_string()),
        ("wrong version", good.replacen(r#""v":1"#, r#""v":2"#, 1)),
        (
            "version as text",
            good.replacen(r#""v":1"#, r#""v":"1""#, 1),
        ),
        ("too large", format!("{good}{}", " ".repeat(MAX_STORED))),
        (
            "member id edited",
            good.replace(
                r#""memberId":"member-test-emulator-alice""#,
                r#""memberId":"alice bob""#,
            ),
        ),
        (
            "member id emptied",
            good.replacen(
                r#""memberId":"member-test-emulator-alice""#,
                r#""memberId":"""#,
                1,
            ),
        ),
        (
            "organization id not text",
            good.replacen(
                r#""organizationId":"organization-test-emulator-acme""#,
                r#""organizationId":7"#,
                1,
            ),
        ),
        (
            "flow edited",
            good.replacen(r#""flow":"mfa""#, r#""flow":"admin""#, 1),
        ),
    ];
    for (name, text) in cases {
        let store = MemoryStore::new();
        store.set(STATE_KEY, &text, 0);
        store.set("stytch_intermediate_session_token", IST, 0);
        let e = engine(&store);
        assert_eq!(status(&e, T0), "none", "{name}");
        assert_eq!(store.get(STATE_KEY), None, "{name}: the key is removed");
        assert!(e.take_unreadable_state(), "{name}: reported");
        assert!(!e.take_unreadable_state(), "{name}: reported once");
        assert_eq!(status(&e, T0), "none");
        assert!(!e.take_unreadable_state(), "{name}: nothing left to report");
        assert_eq!(
            store.get("stytch_intermediate_session_token").as_deref(),
            Some(IST),
            "{name}"
        );
    }
    // Reset, the client works as new.
    let store = MemoryStore::new();
    store.set(STATE_KEY, "{\"v\":1", 0);
    let e = engine(&store);
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0)
        .unwrap();
    assert!(e.take_unreadable_state());
    assert!(p.call.url.ends_with("/otps/sms/login_or_create"));
    e.finish(p.step, ok(LOGIN_OK), T0).unwrap();
    assert_eq!(status(&e, T0), "code_sent");
    assert!(!e.take_unreadable_state());

    // What the SDK wrote is read back, unflagged.
    let store = MemoryStore::new();
    store.set(STATE_KEY, &good, 0);
    let e = engine(&store);
    assert_eq!(status(&e, T0), "code_sent");
    assert!(!e.take_unreadable_state());
    assert_eq!(store.get(STATE_KEY).as_deref(), Some(good.as_str()));
}

#[test]
fn nothing_left_removes_the_stored_state() {
    let store = Expiring::default();
    let e: Engine<&Expiring, SerdeJson> = Engine::new(default_config(), &store);
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0)
        .unwrap();
    e.finish(p.step, ok(LOGIN_OK), T0).unwrap();
    assert!(store.get(STATE_KEY).is_some());
    e.sign_out(T0);
    assert_eq!(store.get(STATE_KEY), None);
    assert_eq!(store.expiry(STATE_KEY), None);
}

// ------------------------------------------------------------------ config

fn config_error(json: &str) -> Error {
    match check(json) {
        Ok(c) => panic!("{json}: accepted as {c:?}"),
        Err(e) => e,
    }
}

#[test]
fn config_defaults() {
    let c = config(r#"{"publicToken":"public-token-test-emulator"}"#);
    assert_eq!(c.public_token, PUBLIC);
    assert_eq!(c.base_url, "https://test.stytch.com");
    assert_eq!(c.storage, StorageKind::Cookie);
    assert_eq!(
        (
            c.keys.session.as_str(),
            c.keys.jwt.as_str(),
            c.keys.ist.as_str()
        ),
        (
            "stytch_session",
            "stytch_session_jwt",
            "stytch_intermediate_session_token"
        )
    );
    assert_eq!(c.keys.all()[3], STATE_KEY);
    assert_eq!(
        (
            c.cookie.path.as_deref(),
            c.cookie.domain.as_deref(),
            c.cookie.same_site
        ),
        (Some("/"), None, "Lax"),
        "Path=/ as Stytch's cookies, so that a backend under any path receives them"
    );
    assert_eq!((c.session_duration_minutes, c.timeout_ms), (60, 10_000));
    assert_eq!(c.channel_name(), "sms-mfa:public-token-test-emulator");
    let c = config(r#"{"publicToken":"public-token-live-8c1fb0e2-5d0b-4bde-9c3b-7f1d5c1a2e90"}"#);
    assert_eq!(c.base_url, "https://api.stytch.com");
    // `null` members are absent members.
    let c = config(
        r#"{"publicToken":"public-token-test-emulator","baseUrl":null,"storage":null,"cookieOptions":null,"sessionDurationMinutes":null,"timeoutMs":null}"#,
    );
    assert_eq!(
        (c.storage, c.session_duration_minutes, c.timeout_ms),
        (StorageKind::Cookie, 60, 10_000)
    );
    // Built directly.
    let input = ConfigInput {
        public_token: PUBLIC.into(),
        timeout_ms: 2500u32.into(),
        ..ConfigInput::default()
    };
    let c = Config::check(&input, false).unwrap();
    assert_eq!(c.timeout_ms, 2500);
    let store = MemoryStore::new();
    let e: Memory<'_> = Engine::new(c, &store);
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0)
        .unwrap();
    assert_eq!(p.call.timeout_ms, 2500);
    assert_eq!(
        p.call.url,
        "https://test.stytch.com/sdk/v1/otps/sms/login_or_create"
    );
}

#[test]
fn config_refuses_a_secret_without_echoing_it() {
    for secret in [
        "secret-test-Zm9vYmFyYmF6cXV4",
        "secret-live-8c1fb0e2-5d0b-4bde-9c3b-7f1d5c1a2e90",
    ] {
        let e = config_error(&format!(r#"{{"publicToken":"{secret}"}}"#));
        assert_eq!(
            (e.error_type.as_ref(), e.status_code),
            ("invalid_config", 0)
        );
        let shown = format!("{e:?} {}", serde_json::to_string(&e).unwrap());
        assert!(
            !shown.contains(secret) && !shown.contains(&secret[12..]),
            "{shown}"
        );
        assert!(e.error_message.contains("secret"), "{}", e.error_message);
    }
    for other in [
        " secret-test-emulator",
        "SECRET-TEST-EMULATOR",
        "project-test-emulator:secret-test-emulator",
    ] {
        let e = config_error(&format!(r#"{{"publicToken":"{other}"}}"#));
        assert_eq!(e.error_type, "invalid_config");
        let shown = format!("{e:?}");
        assert!(!shown.contains("emulator"), "{shown}");
    }
}

#[test]
fn config_token_shape() {
    for ok in [
        "public-token-test-emulator",
        "public-token-live-8c1fb0e2",
        "public-token-x",
    ] {
        assert_eq!(
            config(&format!(r#"{{"publicToken":"{ok}"}}"#)).public_token,
            ok
        );
    }
    for bad in [
        r#""""#,
        r#""   ""#,
        r#""public-token-""#,
        r#""public-token""#,
        r#""project-test-emulator""#,
        r#""pk_test_emulator""#,
        r#"" public-token-test-emulator""#,
        r#""public-token-test-emulator\n""#,
        r#""public-token-test emulator""#,
        r#""public-token-test;emulator""#,
        r#""public-token-test-émulator""#,
        "null",
        "123",
        "true",
        r#"["public-token-test-emulator"]"#,
        r#"{"token":"public-token-test-emulator"}"#,
    ] {
        let e = config_error(&format!(r#"{{"publicToken":{bad}}}"#));
        assert_eq!(e.error_type, "invalid_config", "{bad}");
    }
    assert_eq!(config_error("{}").error_type, "invalid_config");
    let long = format!("public-token-test-{}", "a".repeat(300));
    assert_eq!(
        config_error(&format!(r#"{{"publicToken":"{long}"}}"#)).error_type,
        "invalid_config"
    );
}

#[test]
fn config_base_url() {
    let base = |url: &str| {
        config(&format!(
            r#"{{"publicToken":"public-token-test-emulator","baseUrl":"{url}"}}"#
        ))
        .base_url
    };
    for (given, expected) in [
        ("http://127.0.0.1:9010", "http://127.0.0.1:9010"),
        ("http://127.0.0.1:9010/", "http://127.0.0.1:9010"),
        ("https://api.example.com", "https://api.example.com"),
        ("https://api.example.com/sdk/v1", "https://api.example.com"),
        ("https://api.example.com/sdk/v1/", "https://api.example.com"),
        (
            "https://api.example.com/prefix/sdk/v1",
            "https://api.example.com/prefix",
        ),
        (
            "https://api.example.com/prefix//",
            "https://api.example.com/prefix",
        ),
        ("http://localhost:65535", "http://localhost:65535"),
        ("http://[::1]:9010", "http://[::1]:9010"),
        ("http://[::1]", "http://[::1]"),
        ("https://my_host.internal", "https://my_host.internal"),
    ] {
        assert_eq!(base(given), expected, "{given}");
    }
    // The call URL is the base, `/sdk/v1` and the path.
    let store = MemoryStore::new();
    let cfg = config(
        r#"{"publicToken":"public-token-test-emulator","baseUrl":"https://api.example.com/prefix/sdk/v1/"}"#,
    );
    let e: Memory<'_> = Engine::new(cfg, &store);
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0)
        .unwrap();
    assert_eq!(
        p.call.url,
        "https://api.example.com/prefix/sdk/v1/otps/sms/login_or_create"
    );

    for bad in [
        r#""""#,
        r#""api.example.com""#,
        r#""ftp://api.example.com""#,
        r#""HTTPS://api.example.com""#,
        r#""//api.example.com""#,
        r#""https://""#,
        r#""https:///sdk/v1""#,
        r#""https://:9010""#,
        r#""https://user:pass@api.example.com""#,
        r#""https://user@api.example.com""#,
        r#""https://api.example.com/path@x""#,
        r#""https://api.example.com?x=1""#,
        r#""https://api.example.com/sdk/v1?x=1""#,
        r#""https://api.example.com#frag""#,
        r#""https://api.example.com/a b""#,
        r#""https://api example.com""#,
        r#""https://api.example.com:65536""#,
        r#""https://api.example.com:99999""#,
        r#""https://api.example.com:123456""#,
        r#""https://api.example.com:""#,
        r#""https://api.example.com:-1""#,
        r#""https://api.example.com:80a""#,
        r#""http://::1:9010""#,
        r#""http://[]:9010""#,
        r#""http://[::g]:9010""#,
        r#""https://api.example.com\\x""#,
        r#""https://exämple.com""#,
        "5",
        "true",
        r#"{"href":"https://api.example.com"}"#,
    ] {
        let e = config_error(&format!(
            r#"{{"publicToken":"public-token-test-emulator","baseUrl":{bad}}}"#
        ));
        assert_eq!(e.error_type, "invalid_config", "{bad}");
        assert!(
            e.error_message.contains("baseUrl"),
            "{bad}: {}",
            e.error_message
        );
    }
}

#[test]
fn config_storage() {
    let kind = |s: &str| {
        config(&format!(
            r#"{{"publicToken":"public-token-test-emulator","storage":{s}}}"#
        ))
        .storage
    };
    assert_eq!(kind(r#""cookie""#), StorageKind::Cookie);
    assert_eq!(kind(r#""localStorage""#), StorageKind::LocalStorage);
    assert_eq!(kind(r#""sessionStorage""#), StorageKind::SessionStorage);
    assert_eq!(kind(r#""memory""#), StorageKind::Memory);
    for bad in [
        r#""Cookie""#,
        r#""localstorage""#,
        r#""indexedDB""#,
        r#""custom""#,
        r#""""#,
        "5",
        "true",
        "{}",
        "[]",
    ] {
        let e = config_error(&format!(
            r#"{{"publicToken":"public-token-test-emulator","storage":{bad}}}"#
        ));
        assert_eq!(e.error_type, "invalid_config", "{bad}");
    }
    // The platform found an adapter object: custom, whatever `storage` reads as.
    for storage in [Loose::Other, Loose::Absent, "memory".into()] {
        let input = ConfigInput {
            public_token: PUBLIC.into(),
            storage,
            ..ConfigInput::default()
        };
        assert_eq!(
            Config::check(&input, true).unwrap().storage,
            StorageKind::Custom
        );
    }
    let input = ConfigInput {
        public_token: PUBLIC.into(),
        storage: Loose::Other,
        ..ConfigInput::default()
    };
    assert_eq!(
        Config::check(&input, false).unwrap_err().error_type,
        "invalid_config"
    );
    for k in [
        StorageKind::Cookie,
        StorageKind::LocalStorage,
        StorageKind::SessionStorage,
        StorageKind::Memory,
        StorageKind::Custom,
    ] {
        assert!(!k.as_str().is_empty());
    }
    assert_eq!(StorageKind::Custom.as_str(), "custom");
}

#[test]
fn config_cookie_options() {
    let cookies = |o: &str| {
        check(&format!(
            r#"{{"publicToken":"public-token-test-emulator","cookieOptions":{o}}}"#
        ))
    };
    let c = cookies(
        r#"{"opaqueTokenCookieName":"a","jwtCookieName":"b","istCookieName":"c","path":"/app","domain":".example.com","sameSite":"Strict"}"#,
    )
    .unwrap();
    assert_eq!(
        (
            c.keys.session.as_str(),
            c.keys.jwt.as_str(),
            c.keys.ist.as_str()
        ),
        ("a", "b", "c")
    );
    assert_eq!(
        (
            c.cookie.path.as_deref(),
            c.cookie.domain.as_deref(),
            c.cookie.same_site
        ),
        (Some("/app"), Some(".example.com"), "Strict")
    );
    for same_site in ["Lax", "Strict", "None"] {
        assert_eq!(
            cookies(&format!(r#"{{"sameSite":"{same_site}"}}"#))
                .unwrap()
                .cookie
                .same_site,
            same_site
        );
    }
    assert_eq!(cookies("{}").unwrap().cookie.same_site, "Lax");
    let name255 = "n".repeat(255);
    assert_eq!(
        cookies(&format!(r#"{{"jwtCookieName":"{name255}"}}"#))
            .unwrap()
            .keys
            .jwt,
        name255
    );
    // Built directly.
    let input = ConfigInput {
        public_token: PUBLIC.into(),
        cookie_options: Some(CookieOptionsInput {
            path: "/".into(),
            ..CookieOptionsInput::default()
        }),
        ..ConfigInput::default()
    };
    assert_eq!(
        Config::check(&input, false).unwrap().cookie.path.as_deref(),
        Some("/")
    );

    let name256 = "n".repeat(256);
    for bad in [
        // Two tokens under one name, or a token under the state's name.
        r#"{"opaqueTokenCookieName":"same","jwtCookieName":"same"}"#.to_string(),
        r#"{"jwtCookieName":"x","istCookieName":"x"}"#.into(),
        r#"{"istCookieName":"stytch_session"}"#.into(),
        r#"{"jwtCookieName":"stytch_intermediate_session_token"}"#.into(),
        r#"{"opaqueTokenCookieName":"sms_mfa_state"}"#.into(),
        r#"{"jwtCookieName":"sms_mfa_state"}"#.into(),
        r#"{"istCookieName":"sms_mfa_state"}"#.into(),
        // Not cookie-safe.
        r#"{"opaqueTokenCookieName":""}"#.into(),
        r#"{"opaqueTokenCookieName":"a b"}"#.into(),
        r#"{"opaqueTokenCookieName":"a;b"}"#.into(),
        r#"{"opaqueTokenCookieName":"a,b"}"#.into(),
        r#"{"opaqueTokenCookieName":"a=b"}"#.into(),
        r#"{"opaqueTokenCookieName":"café"}"#.into(),
        r#"{"opaqueTokenCookieName":"a\u0000"}"#.into(),
        format!(r#"{{"opaqueTokenCookieName":"{name256}"}}"#),
        r#"{"opaqueTokenCookieName":5}"#.into(),
        r#"{"opaqueTokenCookieName":["a"]}"#.into(),
        // SameSite.
        r#"{"sameSite":"lax"}"#.into(),
        r#"{"sameSite":"none"}"#.into(),
        r#"{"sameSite":"Secure"}"#.into(),
        r#"{"sameSite":""}"#.into(),
        r#"{"sameSite":true}"#.into(),
        // Path and domain.
        r#"{"path":""}"#.into(),
        r#"{"path":"/a b"}"#.into(),
        r#"{"path":"/a;b"}"#.into(),
        r#"{"path":"/a,b"}"#.into(),
        r#"{"path":"/a=b"}"#.into(),
        r#"{"path":"/é"}"#.into(),
        r#"{"path":1}"#.into(),
        r#"{"domain":"example.com; Secure"}"#.into(),
        r#"{"domain":"exa mple.com"}"#.into(),
        r#"{"domain":""}"#.into(),
        r#"{"domain":{}}"#.into(),
    ] {
        let e = cookies(&bad).map(|c| format!("{c:?}")).unwrap_err();
        assert_eq!(e.error_type, "invalid_config", "{bad}");
        assert!(e.error_message.contains("cookieOptions"), "{bad}");
    }
}

#[test]
fn config_numbers() {
    let n = |name: &str, v: &str| {
        check(&format!(
            r#"{{"publicToken":"public-token-test-emulator","{name}":{v}}}"#
        ))
    };
    for (v, m) in [
        ("5", 5),
        ("60", 60),
        ("527040", 527_040),
        ("60.0", 60),
        ("1e3", 1000),
    ] {
        assert_eq!(
            n("sessionDurationMinutes", v)
                .unwrap()
                .session_duration_minutes,
            m,
            "{v}"
        );
    }
    for (v, t) in [("1", 1), ("10000", 10_000), ("600000", 600_000)] {
        assert_eq!(n("timeoutMs", v).unwrap().timeout_ms, t, "{v}");
    }
    for bad in [
        "0",
        "4",
        "527041",
        "-5",
        "60.5",
        "0.1",
        r#""60""#,
        "true",
        "[60]",
        "{}",
        "1e20",
        "4294967356",
    ] {
        let e = n("sessionDurationMinutes", bad).unwrap_err();
        assert_eq!(e.error_type, "invalid_config", "{bad}");
        assert!(e.error_message.contains("sessionDurationMinutes"), "{bad}");
    }
    for bad in [
        "0",
        "600001",
        "-1",
        "1.5",
        r#""1000""#,
        "false",
        "[1]",
        "1e20",
        "4294967297",
    ] {
        let e = n("timeoutMs", bad).unwrap_err();
        assert_eq!(e.error_type, "invalid_config", "{bad}");
        assert!(e.error_message.contains("timeoutMs"), "{bad}");
    }
    // What JSON cannot write but JS can pass.
    for x in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.5,
        60.000_001,
        f64::MIN_POSITIVE,
    ] {
        let input = ConfigInput {
            public_token: PUBLIC.into(),
            session_duration_minutes: Loose::Number(x),
            ..ConfigInput::default()
        };
        assert_eq!(
            Config::check(&input, false).unwrap_err().error_type,
            "invalid_config",
            "{x}"
        );
        let input = ConfigInput {
            public_token: PUBLIC.into(),
            timeout_ms: Loose::Number(x),
            ..ConfigInput::default()
        };
        assert_eq!(
            Config::check(&input, false).unwrap_err().error_type,
            "invalid_config",
            "{x}"
        );
    }
}

// ------------------------------------------------------------------ inputs

#[test]
fn mistyped_inputs_give_the_members_own_error() {
    let store = MemoryStore::new();
    let e = engine(&store);
    let send = |json: &str| {
        e.prepare_send(&send_input(json), T0)
            .map(|_| ())
            .unwrap_err()
            .error_type
    };
    for json in [
        r#"{"phoneNumber":12025550100}"#,
        r#"{"phoneNumber":"12025550100"}"#,
        r#"{"phoneNumber":null}"#,
        r#"{}"#,
        r#"{"phoneNumber":["+12025550100"]}"#,
        r#"{"phoneNumber":{"number":"+12025550100"}}"#,
        r#"{"phoneNumber":true}"#,
        r#"{"organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-alice","mfaPhoneNumber":5}"#,
        r#"{"organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-alice","mfaPhoneNumber":"555"}"#,
    ] {
        assert_eq!(send(json), "invalid_phone_number", "{json}");
    }
    assert_eq!(
        send(r#"{"phoneNumber":"+7 912 345 6789"}"#),
        "invalid_phone_number_country_code"
    );
    for json in [
        r#"{"phoneNumber":"+12025550100","expirationMinutes":"5"}"#,
        r#"{"phoneNumber":"+12025550100","expirationMinutes":5.5}"#,
        r#"{"phoneNumber":"+12025550100","expirationMinutes":true}"#,
        r#"{"phoneNumber":"+12025550100","expirationMinutes":-1}"#,
        r#"{"phoneNumber":"+12025550100","expirationMinutes":0}"#,
        r#"{"phoneNumber":"+12025550100","expirationMinutes":11}"#,
        r#"{"phoneNumber":"+12025550100","expirationMinutes":[5]}"#,
        r#"{"phoneNumber":"+12025550100","locale":5}"#,
        r#"{"phoneNumber":"+12025550100","locale":"en_US"}"#,
        r#"{"organizationId":5,"memberId":"member-test-emulator-alice"}"#,
        r#"{"organizationId":"organization-test-emulator-acme","memberId":false}"#,
        r#"{"organizationId":"org 1","memberId":"member-test-emulator-alice"}"#,
        r#"{"organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-alice","locale":[]}"#,
    ] {
        assert_eq!(send(json), "invalid_input", "{json}");
    }
    // Built directly: a number where text belongs, and JS numbers JSON cannot write.
    let input = SendSmsInput {
        phone_number: Loose::Number(12_025_550_100.0),
        ..SendSmsInput::default()
    };
    assert_eq!(
        e.prepare_send(&input, T0).unwrap_err().error_type,
        "invalid_phone_number"
    );
    for x in [f64::NAN, f64::INFINITY, 2.5] {
        let input = SendSmsInput {
            phone_number: "+12025550100".into(),
            expiration_minutes: Loose::Number(x),
            ..SendSmsInput::default()
        };
        assert_eq!(
            e.prepare_send(&input, T0).unwrap_err().error_type,
            "invalid_input",
            "{x}"
        );
    }
    // `null` minutes are the default.
    let p = e
        .prepare_send(
            &send_input(r#"{"phoneNumber":"+12025550100","expirationMinutes":null}"#),
            T0,
        )
        .unwrap();
    assert_eq!(body(&p.call)["expiration_minutes"], 2);
    e.finish(p.step, ok(LOGIN_OK), T0).unwrap();

    let auth = |json: &str| {
        e.prepare_authenticate(&de(json), T0)
            .map(|_| ())
            .unwrap_err()
            .error_type
    };
    for json in [
        r#"{"code":123456}"#,
        r#"{"code":null}"#,
        r#"{}"#,
        r#"{"code":["123456"]}"#,
        r#"{"code":"12345 "}"#,
    ] {
        assert_eq!(auth(json), "invalid_code", "{json}");
    }
    for json in [
        r#"{"code":"123456","sessionDurationMinutes":"60"}"#,
        r#"{"code":"123456","sessionDurationMinutes":4}"#,
        r#"{"code":"123456","sessionDurationMinutes":527041}"#,
        r#"{"code":"123456","sessionDurationMinutes":30.5}"#,
        r#"{"code":"123456","sessionDurationMinutes":true}"#,
    ] {
        assert_eq!(auth(json), "invalid_input", "{json}");
    }

    let email = |json: &str, authenticate: bool| {
        e.prepare_email(&email_input(json), authenticate, T0)
            .map(|_| ())
            .unwrap_err()
            .error_type
    };
    assert_eq!(
        email(
            r#"{"organizationId":"organization-test-emulator-acme","emailAddress":5}"#,
            false
        ),
        "invalid_input"
    );
    assert_eq!(
        email(
            r#"{"organizationId":7,"emailAddress":"alice@acme.test"}"#,
            false
        ),
        "invalid_input"
    );
    assert_eq!(
        email(
            r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","locale":1}"#,
            false
        ),
        "invalid_input"
    );
    assert_eq!(
        email(
            r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","code":123456}"#,
            true
        ),
        "invalid_code"
    );
    assert_eq!(
        email(
            r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","code":"123456","sessionDurationMinutes":"60"}"#,
            true
        ),
        "invalid_input"
    );
}

#[test]
fn email_addresses_with_invisible_characters_are_refused() {
    let store = MemoryStore::new();
    let e = engine(&store);
    for address in [
        "ali\u{202e}ecilA@acme.test",
        "\u{200b}alice@acme.test",
        "alice@acme.test\u{feff}",
        "alice@ac\u{200d}me.test",
        "alice\u{2066}@acme.test",
        "alice@acme.test\u{0}",
        "alice @acme.test",
        "alice@acme\u{3000}.test",
    ] {
        let input = EmailInput {
            organization_id: ORG.into(),
            email_address: address.into(),
            code: "123456".into(),
            ..EmailInput::default()
        };
        for authenticate in [false, true] {
            let err = e.prepare_email(&input, authenticate, T0).unwrap_err();
            assert_eq!(err.error_type, "invalid_input", "{address:?}");
        }
    }
    assert!(store.is_empty());
}

#[test]
fn passcodes_and_tokens_never_appear_in_debug_output() {
    let store = MemoryStore::new();
    let e = engine(&store);
    login(&e);
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0 + MIN)
        .unwrap();
    e.finish(p.step, ok(LOGIN_OK), T0 + MIN).unwrap();

    let input = code_input("987654");
    let p = e.prepare_authenticate(&input, T0 + MIN).unwrap();
    assert!(body_text(&p.call).contains("987654"), "the code is sent");
    assert!(
        credentials(&p.call).contains(CONSUMER_TOKEN),
        "the token is sent"
    );
    let request = api::otp_authenticate::<SerdeJson>(&Code::parse("987654").unwrap(), METHOD, 60);
    let email = email_input(
        r#"{"organizationId":"organization-test-emulator-acme","emailAddress":"alice@acme.test","code":"987654"}"#,
    );
    let ep = e.prepare_email(&email, true, T0).unwrap();
    let send = send_input(r#"{"phoneNumber":"+12025550100"}"#);
    let shown = [
        format!("{p:?}"),
        format!("{:?}", p.call),
        format!("{:?}", p.step),
        format!("{request:?}"),
        format!("{input:?}"),
        format!("{email:?}"),
        format!("{ep:?}"),
        format!("{:?}", de::<AuthenticateInput>(r#"{"code":"987654"}"#)),
        format!("{:?}", Code::parse("987654").unwrap()),
        format!("{send:?}"),
    ];
    for s in shown {
        assert!(!s.contains("987654"), "passcode in {s}");
        assert!(
            !s.contains(CONSUMER_TOKEN) && !s.contains(PUBLIC_PAIR),
            "token in {s}"
        );
        assert!(!s.contains("2025550100"), "phone number in {s}");
    }
    let revoke = e.sign_out(T0 + MIN).unwrap();
    assert!(!format!("{revoke:?}").contains(CONSUMER_TOKEN));
}

// ------------------------------------------------------------------ option names

#[test]
fn unknown_options_are_refused_by_name() {
    use sms_mfa_sdk::sdk::config::check_option_names;
    assert!(check_option_names(
        [
            "publicToken",
            "baseUrl",
            "storage",
            "cookieOptions",
            "captcha",
            "dfpTelemetryId"
        ],
        ["path", "domain", "sameSite"],
    )
    .is_ok());
    let e = check_option_names(["publicToken", "basURL"], []).unwrap_err();
    assert_eq!(e.error_type, "invalid_config");
    assert!(e.error_message.contains("basURL"), "{}", e.error_message);
    let e = check_option_names(["cookieOptions"], ["Path"]).unwrap_err();
    assert!(
        e.error_message.contains("cookieOptions.Path"),
        "{}",
        e.error_message
    );
}

// ------------------------------------------------------------------ sessions, #12

const GONE: &str = r#"{"status_code":404,"request_id":"request-id-test-12","error_type":"session_not_found","error_message":"Session could not be found.","error_url":"https://stytch.com/docs/api/errors/404#session_not_found"}"#;
const IST_GONE: &str = r#"{"status_code":404,"request_id":"request-id-test-13","error_type":"intermediate_session_not_found","error_message":"Intermediate session could not be found.","error_url":""}"#;

#[test]
fn a_refresh_stores_the_new_jwt_unless_the_session_changed_meanwhile() {
    let store = MemoryStore::new();
    let e = engine(&store);
    assert!(e.prepare_refresh(T0).is_none(), "no session, no refresh");
    login(&e);
    let p = e.prepare_refresh(T0 + 3 * MIN).expect("a refresh");
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/sessions/authenticate"
    );
    assert_eq!(
        credentials(&p.call),
        format!("public-token-test-emulator:{CONSUMER_TOKEN}")
    );
    assert_eq!(body_text(&p.call), "{}");
    e.finish(
        p.step,
        ok(&auth_ok(CONSUMER_TOKEN, "new.jwt.1")),
        T0 + 3 * MIN,
    )
    .unwrap();
    assert_eq!(
        store.get("stytch_session_jwt").as_deref(),
        Some("new.jwt.1")
    );
    assert_eq!(status(&e, T0 + 3 * MIN), "authenticated");
    // Signed out while the refresh was out: its answer writes nothing.
    let p = e.prepare_refresh(T0 + 6 * MIN).unwrap();
    assert!(e.sign_out(T0 + 6 * MIN).is_some());
    e.finish(
        p.step,
        ok(&auth_ok(CONSUMER_TOKEN, "new.jwt.2")),
        T0 + 6 * MIN,
    )
    .unwrap();
    assert!(store.is_empty(), "nothing came back");
}

#[test]
fn a_session_the_server_no_longer_knows_is_forgotten_whichever_call_learns_it() {
    let store = MemoryStore::new();
    let e = engine(&store);
    login(&e);
    assert_eq!(
        e.tokens(T0 + MIN)
            .map(|(t, j)| (t.expose().to_owned(), j.expose().to_owned())),
        Some((CONSUMER_TOKEN.to_owned(), CONSUMER_JWT.to_owned()))
    );
    // A 5xx says nothing about the session: kept.
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0 + MIN)
        .unwrap();
    e.finish(p.step.clone(), answer(500, INTERNAL, None), T0 + MIN)
        .unwrap_err();
    assert!(!e.take_forgotten());
    assert_eq!(status(&e, T0 + MIN), "authenticated");
    // The step-up send learns that the session is gone.
    let err = e
        .finish(p.step, answer(404, GONE, None), T0 + MIN)
        .unwrap_err();
    assert_eq!(err.error_type, "session_not_found");
    assert!(e.take_forgotten(), "the client tells its listeners");
    assert_eq!(status(&e, T0 + MIN), "none");
    assert!(e.tokens(T0 + MIN).is_none());
    assert!(store.get("stytch_session").is_none() && store.get("stytch_session_jwt").is_none());
    // The next send is a login.
    let p = e
        .prepare_send(&send_input(r#"{"phoneNumber":"+12025550100"}"#), T0 + MIN)
        .unwrap();
    assert!(p.call.url.ends_with("/otps/sms/login_or_create"));
}

#[test]
fn an_ist_the_server_refuses_goes_with_its_mfa_step() {
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, ALICE, "\"sms_otp\"");
    let p = e.prepare_authenticate(&code_input("123456"), T0).unwrap();
    let err = e
        .finish(p.step, answer(404, IST_GONE, None), T0)
        .unwrap_err();
    assert_eq!(err.error_type, "intermediate_session_not_found");
    assert!(e.take_forgotten());
    assert_eq!(status(&e, T0), "none");
    assert!(store.get("stytch_intermediate_session_token").is_none());
}

#[test]
fn primary_required_then_an_sms_answer_without_a_session_keeps_the_new_ist() {
    let store = MemoryStore::new();
    let e = engine(&store);
    let restricted = email_mfa(ALICE, "null").replace(
        r#""primary_required":null"#,
        r#""primary_required":{"allowed_auth_methods":["password","magic_link"]}"#,
    );
    let p = e
        .prepare_email(
            &email_input(&format!(
                r#"{{"organizationId":"{ORG}","emailAddress":"alice@acme.test","code":"111111"}}"#
            )),
            true,
            T0,
        )
        .unwrap();
    e.finish(p.step, ok(&restricted), T0).unwrap();
    let v = view(&e, T0);
    assert_eq!(v["status"], "primary_required");
    assert_eq!(
        v["allowedAuthMethods"],
        serde_json::json!(["password", "magic_link"])
    );
    assert_eq!(
        store.get("stytch_intermediate_session_token").as_deref(),
        Some(IST)
    );

    let p = e.prepare_send(&b2b_send_input(ALICE), T0).unwrap();
    e.finish(p.step, ok(B2B_SEND_OK), T0).unwrap();
    let p = e
        .prepare_authenticate(&code_input("123456"), T0 + SEC)
        .unwrap();
    // Stytch's answer: a new IST, `mfa_required` null (the old object is
    // moved under a key the SDK does not read), primary still required.
    let no_session = restricted
        .replace(IST, "new-intermediate-session-token-2")
        .replace(r#""mfa_required":{"#, r#""mfa_required":null,"was":{"#);
    let done = e.finish(p.step, ok(&no_session), T0 + SEC).unwrap();
    assert!(matches!(done, Done::State(_)), "{done:?}");
    assert_eq!(status(&e, T0 + SEC), "primary_required");
    assert_eq!(
        store.get("stytch_intermediate_session_token").as_deref(),
        Some("new-intermediate-session-token-2")
    );
}

#[test]
fn a_member_session_goes_with_email_otp() {
    let store = MemoryStore::new();
    let e = engine(&store);
    primary_mfa(&e, ALICE, "\"sms_otp\"");
    let p = e.prepare_authenticate(&code_input("123456"), T0).unwrap();
    e.finish(p.step, ok(&b2b_auth_ok()), T0).unwrap();
    for authenticate in [false, true] {
        let p = e
            .prepare_email(
                &email_input(&format!(
                    r#"{{"organizationId":"{ORG}","emailAddress":"alice@acme.test","code":"111111"}}"#
                )),
                authenticate,
                T0 + SEC,
            )
            .unwrap();
        assert_eq!(
            credentials(&p.call),
            format!("public-token-test-emulator:{B2B_TOKEN}")
        );
    }
}

#[test]
fn bot_tokens_go_in_send_bodies_only_when_given() {
    use sms_mfa_sdk::sdk::api::BotTokens;
    use sms_mfa_sdk::sdk::token::Secret;
    let store = MemoryStore::new();
    let e = engine(&store);
    let input = send_input(r#"{"phoneNumber":"+12025550100"}"#);
    assert!(!body_text(&e.prepare_send(&input, T0).unwrap().call).contains("captcha"));
    let bot = BotTokens {
        captcha: Some(Secret::from("captcha-token-1")),
        dfp: Some(Secret::from("dfp-id-1")),
    };
    let b = body(&e.prepare_send_with(&input, &bot, T0).unwrap().call);
    assert_eq!(
        (&b["captcha_token"], &b["dfp_telemetry_id"]),
        (&"captcha-token-1".into(), &"dfp-id-1".into())
    );
    let p = e.prepare_bootstrap(T0);
    assert_eq!(
        p.call.url,
        "http://127.0.0.1:9010/sdk/v1/projects/bootstrap/public-token-test-emulator"
    );
    let on = r#"{"data":{"captcha_settings":{"enabled":true,"siteKey":"k"},"dfp_protected_auth_enabled":true,"password_config":null}}"#;
    assert!(matches!(
        e.finish(p.step.clone(), ok(on), T0).unwrap(),
        Done::Bootstrap(b) if b.captcha && b.dfp
    ));
    // Stytch's plain-text refusal.
    let refused = Ok(Response {
        captcha_required: true,
        status: 403,
        retry_after: None,
        body: None,
    });
    let p = e.prepare_send(&input, T0).unwrap();
    let err = e.finish(p.step, refused, T0).unwrap_err();
    assert_eq!(
        (&*err.error_type, err.status_code),
        ("captcha_required", 403)
    );
    assert_eq!(status(&e, T0), "none");
}
