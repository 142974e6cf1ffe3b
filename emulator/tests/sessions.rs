//! Sessions over real HTTP: server-side revocation through the admin API, and
//! `sessions/authenticate` returning a freshly signed JWT (consumer and B2B, SDK and backend).
mod common;
use base64::Engine;
use common::*;
use serde_json::{json, Value};

/// A consumer session through the SDK: (session token, session id, JWT).
async fn consumer_login(e: &Emu) -> (String, String, String) {
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let code = e.last_sms(SEED_PHONE).await;
    let (s, v) = e
        .sdk(
            "/otps/authenticate",
            json!({"token": code, "method_id": SEED_METHOD, "session_duration_minutes": 30}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    (
        v["session_token"].as_str().unwrap().to_string(),
        v["session"]["session_id"].as_str().unwrap().to_string(),
        v["session_jwt"].as_str().unwrap().to_string(),
    )
}

/// Alice's email OTP through the SDK: the IST (her SMS has been sent).
async fn alice_ist(e: &Emu) -> String {
    let (s, _) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "alice@acme.test"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let code = e.last_email("alice@acme.test").await;
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/authenticate",
            json!({"organization_id": ORG, "email_address": "alice@acme.test", "code": code, "session_duration_minutes": 60}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    v["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Alice's member session (email + SMS): (token, member session id, JWT).
async fn alice_session(e: &Emu) -> (String, String, String) {
    let ist = alice_ist(e).await;
    let code = e.last_sms(ALICE_PHONE).await;
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/authenticate",
            json!({"organization_id": ORG, "member_id": ALICE, "code": code, "intermediate_session_token": ist, "session_duration_minutes": 60}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    (
        v["session_token"].as_str().unwrap().to_string(),
        v["member_session"]["member_session_id"]
            .as_str()
            .unwrap()
            .to_string(),
        v["session_jwt"].as_str().unwrap().to_string(),
    )
}

async fn revoke(e: &Emu, body: Value) -> Value {
    let (s, v) = e.admin("/emulator/v1/sessions/revoke", body).await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_revokes_a_consumer_session_by_id() {
    let e = Emu::start().await;
    let (token, id, _) = consumer_login(&e).await;
    let (other, _, _) = consumer_login(&e).await;
    let v = revoke(&e, json!({"session_id": id})).await;
    assert_eq!(
        v,
        json!({"revoked": 1, "sessions": 1, "intermediate_sessions": 0})
    );
    let (s, v) = e
        .sdk("/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (s, v) = e
        .backend("/v1/sessions/authenticate", json!({"session_token": token}))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    // Step-up with the revoked session fails the same way.
    let (s, v) = e
        .sdk(
            "/otps/sms/send/secondary",
            json!({"phone_number": "+14155550151"}),
            Some(&token),
        )
        .await;
    assert_error(s, &v, 404, "session_not_found");
    // The other session lives; an unknown id revokes nothing.
    let (s, _) = e
        .sdk("/sessions/authenticate", json!({}), Some(&other))
        .await;
    assert_eq!(s, 200);
    assert_eq!(revoke(&e, json!({"session_id": id})).await["revoked"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_revokes_member_sessions_and_ists() {
    let e = Emu::start().await;
    let (token, member_session_id, _) = alice_session(&e).await;
    let v = revoke(&e, json!({"session_id": member_session_id})).await;
    assert_eq!(v["revoked"], 1);
    let (s, v) = e
        .sdk("/b2b/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (s, v) = e
        .backend(
            "/v1/b2b/sessions/authenticate",
            json!({"session_token": token}),
        )
        .await;
    assert_error(s, &v, 404, "session_not_found");
    // The MFA calls with the revoked session.
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": ALICE}),
            Some(&token),
        )
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/authenticate",
            json!({"organization_id": ORG, "member_id": ALICE, "code": "123456"}),
            Some(&token),
        )
        .await;
    assert_error(s, &v, 404, "session_not_found");
    // Intermediate session tokens.
    let ist = alice_ist(&e).await;
    let code = e.last_sms(ALICE_PHONE).await;
    let v = revoke(&e, json!({"intermediate": true})).await;
    assert_eq!(
        v,
        json!({"revoked": 1, "sessions": 0, "intermediate_sessions": 1})
    );
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": ALICE, "intermediate_session_token": ist}),
            None,
        )
        .await;
    assert_error(s, &v, 404, "intermediate_session_not_found");
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/authenticate",
            json!({"organization_id": ORG, "member_id": ALICE, "code": code, "intermediate_session_token": ist}),
            None,
        )
        .await;
    assert_error(s, &v, 404, "intermediate_session_not_found");
    let (_, listed) = e.get("/emulator/v1/sessions").await;
    assert_eq!(listed["intermediate_sessions"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_revokes_everything_and_refuses_an_empty_request() {
    let e = Emu::start().await;
    let (consumer, _, _) = consumer_login(&e).await;
    let (member, _, _) = alice_session(&e).await;
    let _ist = alice_ist(&e).await;
    let v = revoke(&e, json!({"all": true})).await;
    assert_eq!(
        v,
        json!({"revoked": 2, "sessions": 2, "intermediate_sessions": 0}),
        "all: every consumer and member session, not the ISTs"
    );
    let (s, v) = e
        .sdk("/sessions/authenticate", json!({}), Some(&consumer))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (s, v) = e
        .sdk("/b2b/sessions/authenticate", json!({}), Some(&member))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (_, listed) = e.get("/emulator/v1/sessions").await;
    assert_eq!(listed["sessions"], json!([]));
    assert_eq!(listed["intermediate_sessions"].as_array().unwrap().len(), 1);
    // Combined.
    let (again, _, _) = consumer_login(&e).await;
    let v = revoke(&e, json!({"all": true, "intermediate": true})).await;
    assert_eq!(
        v,
        json!({"revoked": 2, "sessions": 1, "intermediate_sessions": 1})
    );
    let (s, _) = e
        .sdk("/sessions/authenticate", json!({}), Some(&again))
        .await;
    assert_eq!(s, 404);
    // Nothing selected, or the wrong types.
    for body in [
        json!({}),
        json!({"all": false}),
        json!({"all": "yes"}),
        json!({"session_id": 3}),
    ] {
        let (s, v) = e.admin("/emulator/v1/sessions/revoke", body.clone()).await;
        assert_error(s, &v, 400, "bad_request");
    }
}

/// The claims of a JWT (not verified here; `jwt.test.mjs` checks the signature).
fn claims(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("a JWT has three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// The emulator's clock, in seconds.
async fn now_s(e: &Emu) -> i64 {
    e.get("/emulator/v1/clock").await.1["now_ms"]
        .as_i64()
        .unwrap()
        / 1000
}

/// Asserts that `jwt` was signed now (by the emulator's clock), lives five minutes and is
/// for `session_id`.
async fn assert_fresh(e: &Emu, jwt: &str, session_id: &str) {
    let c = claims(jwt);
    let (iat, exp) = (c["iat"].as_i64().unwrap(), c["exp"].as_i64().unwrap());
    let now = now_s(e).await;
    assert!((now - 2..=now).contains(&iat), "iat {iat}, now {now}");
    assert_eq!(exp - iat, 300, "exp is 5 minutes after iat: {c}");
    assert_eq!(c["https://stytch.com/session"]["id"], session_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumer_session_authenticate_refreshes_the_jwt() {
    let e = Emu::start().await;
    let (token, id, first) = consumer_login(&e).await;
    let exp0 = claims(&first)["exp"].as_i64().unwrap();
    e.advance(240).await;
    let (s, v) = e
        .sdk("/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_eq!(s, 200, "{v}");
    let sdk_jwt = v["session_jwt"].as_str().unwrap().to_string();
    assert_fresh(&e, &sdk_jwt, &id).await;
    let exp1 = claims(&sdk_jwt)["exp"].as_i64().unwrap();
    assert!((239..=242).contains(&(exp1 - exp0)), "{exp0} -> {exp1}");
    assert_eq!(v["session_token"], token, "the token stays");
    e.advance(120).await;
    // The backend, by token and by the (now expired) JWT: a new JWT each time.
    for body in [
        json!({"session_token": token}),
        json!({"session_jwt": first}),
    ] {
        let (s, v) = e.backend("/v1/sessions/authenticate", body).await;
        assert_eq!(s, 200, "{v}");
        let jwt = v["session_jwt"].as_str().unwrap();
        assert_fresh(&e, jwt, &id).await;
        assert!(claims(jwt)["exp"].as_i64().unwrap() >= exp1 + 120);
    }
    // Past the session's 30 minutes: unrecoverable.
    e.advance(30 * 60).await;
    let (s, v) = e
        .sdk("/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (s, v) = e
        .backend("/v1/sessions/authenticate", json!({"session_token": token}))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (s, v) = e
        .backend(
            "/v1/sessions/authenticate",
            json!({"session_token": "never-issued"}),
        )
        .await;
    assert_error(s, &v, 404, "session_not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b2b_session_authenticate_refreshes_the_jwt() {
    let e = Emu::start().await;
    let (token, id, first) = alice_session(&e).await;
    let exp0 = claims(&first)["exp"].as_i64().unwrap();
    e.advance(200).await;
    let (s, v) = e
        .sdk("/b2b/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_eq!(s, 200, "{v}");
    let jwt = v["session_jwt"].as_str().unwrap().to_string();
    assert_fresh(&e, &jwt, &id).await;
    assert!((199..=202).contains(&(claims(&jwt)["exp"].as_i64().unwrap() - exp0)));
    assert_eq!(
        claims(&jwt)["https://stytch.com/organization"]["organization_id"],
        ORG
    );
    e.advance(100).await;
    for body in [
        json!({"session_token": token}),
        json!({"session_jwt": first}),
    ] {
        let (s, v) = e.backend("/v1/b2b/sessions/authenticate", body).await;
        assert_eq!(s, 200, "{v}");
        let again = v["session_jwt"].as_str().unwrap();
        assert_fresh(&e, again, &id).await;
        assert_ne!(again, jwt);
    }
    // Past the 60-minute session.
    e.advance(61 * 60).await;
    let (s, v) = e
        .sdk("/b2b/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_error(s, &v, 404, "session_not_found");
    let (s, v) = e
        .backend(
            "/v1/b2b/sessions/authenticate",
            json!({"session_token": token}),
        )
        .await;
    assert_error(s, &v, 404, "session_not_found");
}
