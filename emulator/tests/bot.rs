//! Bot protection over real HTTP: captcha on the SDK's send endpoints (single-use tokens,
//! refused with 403 `text/plain` `Captcha required` before any side effect), DFP telemetry
//! ids recorded, bootstrap's settings, the admin API and reset.
mod common;
use common::*;
use serde_json::{json, Value};
use stytch_emulator::Config;

/// A raw SDK call: (status, content type, body text, Access-Control-Allow-Origin).
async fn sdk_raw(e: &Emu, path: &str, body: Value) -> (u16, String, String, String) {
    let r = e
        .http
        .post(format!("{}/sdk/v1{path}", e.url))
        .header("Authorization", basic(PUBLIC, PUBLIC))
        .header("Content-Type", "application/json")
        .header("Origin", "http://localhost:3000")
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    let header = |k: &str| {
        r.headers()
            .get(k)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (ct, acao) = (
        header("content-type"),
        header("access-control-allow-origin"),
    );
    let status = r.status().as_u16();
    (status, ct, r.text().await.expect("body"), acao)
}

/// Asserts the captcha refusal: 403, `text/plain`, exactly `Captcha required`, with CORS.
fn assert_captcha_refusal(r: &(u16, String, String, String)) {
    assert_eq!(r.0, 403, "{r:?}");
    assert!(r.1.starts_with("text/plain"), "{r:?}");
    assert_eq!(r.2, "Captcha required");
    assert_eq!(
        r.3, "http://localhost:3000",
        "the refusal keeps the CORS headers"
    );
}

async fn bot(e: &Emu) -> Value {
    let (s, v) = e.get("/emulator/v1/bot_protection").await;
    assert_eq!(s, 200, "{v}");
    v
}

async fn set_bot(e: &Emu, body: Value) -> Value {
    let (s, v) = e.admin("/emulator/v1/bot_protection", body).await;
    assert_eq!(s, 200, "{v}");
    v
}

async fn bootstrap(e: &Emu) -> Value {
    let (s, v) = e.sdk_get(&format!("/projects/bootstrap/{PUBLIC}")).await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_and_admin_report_the_settings() {
    let e = Emu::start().await;
    let v = bot(&e).await;
    assert_eq!(
        v,
        json!({"captcha_enabled": false, "site_key": "", "dfp_enabled": false,
            "captcha_tokens_accepted": 0, "captcha_refusals": 0, "dfp_telemetry_ids": []})
    );
    let b = bootstrap(&e).await;
    assert_eq!(b["captcha_settings"], json!({"enabled": false}));
    assert_eq!(b["dfp_protected_auth_enabled"], false);
    let v = set_bot(
        &e,
        json!({"captcha_enabled": true, "site_key": "site-key-test", "dfp_enabled": true}),
    )
    .await;
    assert_eq!(v["captcha_enabled"], true);
    assert_eq!(v["site_key"], "site-key-test");
    assert_eq!(v["dfp_enabled"], true);
    let b = bootstrap(&e).await;
    assert_eq!(
        b["captcha_settings"],
        json!({"enabled": true, "siteKey": "site-key-test"})
    );
    assert_eq!(b["dfp_protected_auth_enabled"], true);
    // Fields are optional: only the named ones change.
    let v = set_bot(&e, json!({"dfp_enabled": false})).await;
    assert_eq!(
        (v["captcha_enabled"].clone(), v["dfp_enabled"].clone()),
        (json!(true), json!(false))
    );
    // A field of the wrong type changes nothing.
    let (s, v) = e
        .admin(
            "/emulator/v1/bot_protection",
            json!({"captcha_enabled": false, "site_key": 7}),
        )
        .await;
    assert_error(s, &v, 400, "bad_request");
    assert_eq!(bot(&e).await["captcha_enabled"], true);
    // Not JSON: refused like every mutating admin call.
    let r = e
        .http
        .post(format!("{}/emulator/v1/bot_protection", e.url))
        .header("Content-Type", "text/plain")
        .body("{\"captcha_enabled\":false}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(bot(&e).await["captcha_enabled"], true);
    // Reset restores the config's values (here: the defaults).
    let (s, _) = e.admin("/emulator/v1/reset", json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(bot(&e).await["captcha_enabled"], false);
    assert_eq!(
        bootstrap(&e).await["captcha_settings"],
        json!({"enabled": false})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumer_sends_need_a_fresh_captcha_token() {
    let e = Emu::start().await;
    set_bot(&e, json!({"captcha_enabled": true, "site_key": "k"})).await;
    let new_phone = "+14155550123";
    let users_before = e.get("/emulator/v1/project").await.1["users"]
        .as_array()
        .unwrap()
        .len();
    // Missing, empty, not a string: refused, before anything else happens.
    for extra in [
        json!({}),
        json!({"captcha_token": ""}),
        json!({"captcha_token": 5}),
    ] {
        let mut body = json!({"phone_number": new_phone, "expiration_minutes": 2});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        assert_captcha_refusal(&sdk_raw(&e, "/otps/sms/login_or_create", body).await);
    }
    // Even an invalid request is refused for its captcha first.
    assert_captcha_refusal(
        &sdk_raw(
            &e,
            "/otps/sms/login_or_create",
            json!({"phone_number": "nope"}),
        )
        .await,
    );
    assert!(e.sms(new_phone).await.is_empty(), "no SMS sent");
    let (_, project) = e.get("/emulator/v1/project").await;
    assert_eq!(
        project["users"].as_array().unwrap().len(),
        users_before,
        "no user created"
    );
    assert_eq!(
        e.get("/emulator/v1/stats").await.1["send_windows"],
        0,
        "no send counted against the rate limit"
    );
    // A token is accepted once.
    let body = json!({"phone_number": new_phone, "captcha_token": "captcha-1"});
    let (s, v) = e.sdk("/otps/sms/login_or_create", body.clone(), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(e.sms(new_phone).await.len(), 1);
    assert_captcha_refusal(&sdk_raw(&e, "/otps/sms/login_or_create", body).await);
    assert_eq!(e.sms(new_phone).await.len(), 1);
    // send/primary and send/secondary are protected too.
    let primary = json!({"phone_number": SEED_PHONE});
    assert_captcha_refusal(&sdk_raw(&e, "/otps/sms/send/primary", primary).await);
    let (s, v) = e
        .sdk(
            "/otps/sms/send/primary",
            json!({"phone_number": SEED_PHONE, "captcha_token": "captcha-2"}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let code = e.last_sms(SEED_PHONE).await;
    // Authenticate is not captcha-checked.
    let (s, v) = e
        .sdk(
            "/otps/authenticate",
            json!({"token": code, "method_id": SEED_METHOD, "session_duration_minutes": 30}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let session = v["session_token"].as_str().unwrap().to_string();
    let step_up = json!({"phone_number": "+14155550124"});
    let r = e
        .http
        .post(format!("{}/sdk/v1/otps/sms/send/secondary", e.url))
        .header("Authorization", basic(PUBLIC, &session))
        .header("Content-Type", "application/json")
        .body(step_up.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(r.text().await.unwrap(), "Captcha required");
    let (s, v) = e
        .sdk(
            "/otps/sms/send/secondary",
            json!({"phone_number": "+14155550124", "captcha_token": "captcha-3"}),
            Some(&session),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    // The backend API is never captcha-checked.
    let (s, v) = e
        .backend(
            "/v1/otps/sms/login_or_create",
            json!({"phone_number": "+14155550125"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let v = bot(&e).await;
    assert_eq!(v["captcha_tokens_accepted"], 3, "{v}");
    assert_eq!(v["captcha_refusals"], 7, "{v}");
    // Off again: sends need no token.
    set_bot(&e, json!({"captcha_enabled": false})).await;
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": "+14155550126"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(bot(&e).await["captcha_refusals"], 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b2b_sends_need_a_captcha_token() {
    let e = Emu::start().await;
    // An IST for Bob (no phone: nothing auto-sent), made with captcha off.
    let (s, _) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "bob@acme.test"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let code = e.last_email("bob@acme.test").await;
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/authenticate",
            json!({"organization_id": ORG, "email_address": "bob@acme.test", "code": code, "session_duration_minutes": 60}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let ist = v["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    set_bot(&e, json!({"captcha_enabled": true})).await;
    let phone = "+14155550131";
    let send = json!({"organization_id": ORG, "member_id": BOB, "mfa_phone_number": phone, "intermediate_session_token": ist});
    assert_captcha_refusal(&sdk_raw(&e, "/b2b/otps/sms/send", send.clone()).await);
    assert!(e.sms(phone).await.is_empty());
    let mut with_token = send.clone();
    with_token["captcha_token"] = json!("b2b-captcha-1");
    let (s, v) = e.sdk("/b2b/otps/sms/send", with_token, None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(e.sms(phone).await.len(), 1);
    // Email login_or_signup: a refused sign-up creates no member and sends nothing.
    let signup = json!({"organization_id": ORG, "email_address": "dave@acme.test"});
    assert_captcha_refusal(&sdk_raw(&e, "/b2b/otps/email/login_or_signup", signup).await);
    let (_, project) = e.get("/emulator/v1/project").await;
    let members = project["organizations"][0]["members"].as_array().unwrap();
    assert!(members
        .iter()
        .all(|m| m["email_address"] != "dave@acme.test"));
    let (_, emails) = e
        .get("/emulator/v1/email?email_address=dave@acme.test")
        .await;
    assert_eq!(emails["messages"], json!([]));
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "dave@acme.test", "captcha_token": "b2b-captcha-2"}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_created"], true);
    // The backend's B2B sends are not checked.
    let (s, v) = e
        .backend(
            "/v1/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "alice@acme.test"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let v = bot(&e).await;
    assert_eq!(
        (
            v["captcha_tokens_accepted"].clone(),
            v["captcha_refusals"].clone()
        ),
        (json!(2), json!(2)),
        "{v}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_apply_before_the_captcha_check() {
    let e = Emu::start().await;
    set_bot(&e, json!({"captcha_enabled": true})).await;
    let (s, _) = e
        .admin(
            "/emulator/v1/faults",
            json!({"path": "/sdk/v1/otps/sms/login_or_create", "kind": "status", "status": 503}),
        )
        .await;
    assert_eq!(s, 200);
    let r = sdk_raw(
        &e,
        "/otps/sms/login_or_create",
        json!({"phone_number": SEED_PHONE}),
    )
    .await;
    assert_eq!(r.0, 503, "{r:?}");
    assert_eq!(
        bot(&e).await["captcha_refusals"],
        0,
        "the fault answered first"
    );
    let r = sdk_raw(
        &e,
        "/otps/sms/login_or_create",
        json!({"phone_number": SEED_PHONE}),
    )
    .await;
    assert_captcha_refusal(&r);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dfp_telemetry_ids_are_recorded_on_every_sdk_call() {
    let e = Emu::start().await;
    // Recorded whether DFP is enabled or not, on any SDK call, even a refused or failed one.
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE, "dfp_telemetry_id": "dfp-1"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = e
        .sdk(
            "/otps/authenticate",
            json!({"token": "000000", "method_id": SEED_METHOD, "dfp_telemetry_id": "dfp-2"}),
            None,
        )
        .await;
    assert_eq!(s, 404, "a wrong code still records the id");
    set_bot(&e, json!({"captcha_enabled": true, "dfp_enabled": true})).await;
    let r = sdk_raw(
        &e,
        "/otps/sms/login_or_create",
        json!({"phone_number": SEED_PHONE, "dfp_telemetry_id": "dfp-3"}),
    )
    .await;
    assert_captcha_refusal(&r);
    // Empty or non-string ids, and the backend API, record nothing.
    for id in [json!(""), json!(12), json!(null)] {
        let _ = e
            .sdk(
                "/sessions/authenticate",
                json!({"dfp_telemetry_id": id}),
                None,
            )
            .await;
    }
    let _ = e
        .backend(
            "/v1/otps/sms/login_or_create",
            json!({"phone_number": "+14155550141", "dfp_telemetry_id": "backend"}),
        )
        .await;
    assert_eq!(
        bot(&e).await["dfp_telemetry_ids"],
        json!(["dfp-1", "dfp-2", "dfp-3"])
    );
    // The newest 20 are kept, newest last.
    for i in 4..=25 {
        let _ = e
            .sdk(
                "/sessions/authenticate",
                json!({"dfp_telemetry_id": format!("dfp-{i}")}),
                None,
            )
            .await;
    }
    let ids = bot(&e).await["dfp_telemetry_ids"].clone();
    let ids = ids.as_array().unwrap();
    assert_eq!(ids.len(), 20);
    assert_eq!(ids[0], "dfp-6");
    assert_eq!(ids[19], "dfp-25");
    // Reset clears what was seen.
    let (s, _) = e.admin("/emulator/v1/reset", json!({})).await;
    assert_eq!(s, 200);
    let v = bot(&e).await;
    assert_eq!(v["dfp_telemetry_ids"], json!([]));
    assert_eq!(v["captcha_refusals"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_enables_captcha_and_reset_restores_it() {
    let mut cfg = Config::default_config();
    cfg.project.captcha.enabled = true;
    cfg.project.captcha.site_key = "site-key-config".into();
    cfg.project.dfp_protected_auth_enabled = true;
    let e = Emu::with_config(cfg).await;
    let b = bootstrap(&e).await;
    assert_eq!(
        b["captcha_settings"],
        json!({"enabled": true, "siteKey": "site-key-config"})
    );
    assert_eq!(b["dfp_protected_auth_enabled"], true);
    assert_captcha_refusal(
        &sdk_raw(
            &e,
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
        )
        .await,
    );
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE, "captcha_token": "t"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    set_bot(&e, json!({"captcha_enabled": false, "site_key": "other"})).await;
    let (s, _) = e.admin("/emulator/v1/reset", json!({})).await;
    assert_eq!(s, 200);
    let v = bot(&e).await;
    assert_eq!(
        v["captcha_enabled"], true,
        "the config's value, not the default"
    );
    assert_eq!(v["site_key"], "site-key-config");
    assert_eq!(v["captcha_tokens_accepted"], 0);
    // Spent tokens are forgotten by the reset.
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE, "captcha_token": "t"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
}
