//! Consumer SMS login and step-up against the running emulator, in a real browser.
#![cfg(target_arch = "wasm32")]
mod web_support;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn consumer_login_with_default_cookie_storage() {
    fresh().await;
    let c = client("{}");
    assert_eq!(c.storage_kind(), "cookie");
    assert_eq!(status(&c), "none");
    let p = phone(100);
    let sent = ok(c.send_sms(&parse(&format!(r#"{{"phoneNumber":"  {p} "}}"#)))).await;
    assert_eq!(str_at(&sent, "flow"), "login");
    assert_eq!(str_at(&sent, "phoneMasked"), "+1•••••••0100");
    let t = now();
    assert!(
        num_at(&sent, "codeExpiresAt") > t + 100_000.0
            && num_at(&sent, "codeExpiresAt") <= t + 120_500.0
    );
    assert!(num_at(&sent, "resendAllowedAt") > t);
    assert!(!str_at(&sent, "requestId").is_empty());
    let st = c.get_mfa_state();
    assert_eq!(str_at(&st, "status"), "code_sent");
    assert_eq!(str_at(&st, "channel"), "sms");
    assert_eq!(str_at(&st, "flow"), "login");
    let code = sms_code(&p).await;
    let session = ok(c.authenticate(&code_input(&code))).await;
    assert!(!str_at(&session, "sessionId").is_empty());
    assert!(!str_at(&session, "userId").is_empty());
    assert!(num_at(&session, "expiresAt") > now());
    let f = get(&session, "factors.0");
    assert_eq!(str_at(&f, "deliveryMethod"), "sms");
    let st = c.get_mfa_state();
    assert_eq!(str_at(&st, "status"), "authenticated");
    assert_eq!(str_at(&st, "sessionId"), str_at(&session, "sessionId"));
    // Tokens under Stytch's cookie names; the code is stored nowhere.
    let cookies = cookie_string();
    assert!(cookies.contains("stytch_session="), "{cookies}");
    assert!(cookies.contains("stytch_session_jwt="));
    assert!(cookies.contains("sms_mfa_state="));
    assert!(
        !storage_dump().contains(&code),
        "the OTP code must never be stored"
    );
    // A new client on the same page sees the same session.
    assert_eq!(status(&client("{}")), "authenticated");
    c.sign_out();
    assert_eq!(status(&c), "none");
    let cookies = cookie_string();
    assert!(
        !cookies.contains("stytch_session") && !cookies.contains("sms_mfa_state"),
        "{cookies}"
    );
}

#[wasm_bindgen_test]
async fn consumer_step_up_uses_the_session() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(101);
    let first = login(&c, &p).await;
    let sent = ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(str_at(&sent, "flow"), "step_up");
    assert_eq!(str_at(&c.get_mfa_state(), "flow"), "step_up");
    let code = sms_code(&p).await;
    let second = ok(c.authenticate(&code_input(&code))).await;
    // The step-up authenticates the same session (the emulator identifies it by the Authorization header).
    assert_eq!(str_at(&second, "sessionId"), str_at(&first, "sessionId"));
    assert_eq!(status(&c), "authenticated");
}

#[wasm_bindgen_test]
async fn wrong_code_then_right_code() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(102);
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    let before = json(&c.get_mfa_state());
    let e = fails(
        c.authenticate(&code_input(&wrong(&code))),
        "otp_code_not_found",
        false,
    )
    .await;
    assert_eq!(status_code(&e), 404.0);
    assert_eq!(
        json(&c.get_mfa_state()),
        before,
        "an error must not change the state"
    );
    ok(c.authenticate(&code_input(&code))).await;
    assert_eq!(status(&c), "authenticated");
}

#[wasm_bindgen_test]
async fn expired_code_via_emulator_clock() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(103);
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    advance_clock(121).await;
    let before = json(&c.get_mfa_state());
    let e = fails(
        c.authenticate(&code_input(&code)),
        "unable_to_auth_otp_code",
        false,
    )
    .await;
    assert_eq!(status_code(&e), 401.0);
    assert_eq!(json(&c.get_mfa_state()), before);
    fresh().await;
}

#[wasm_bindgen_test]
async fn used_code_is_refused() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(104);
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    ok(c.authenticate(&code_input(&code))).await;
    // Authenticated: no pending challenge any more, refused locally.
    fails(
        c.authenticate(&code_input(&code)),
        "no_pending_challenge",
        false,
    )
    .await;
}

#[wasm_bindgen_test]
async fn rate_limit_gives_retry_after() {
    fresh().await;
    let p = phone(105);
    for _ in 0..5 {
        // A fresh client each time: the local resend guard would refuse earlier.
        ok(client(r#"{"storage":"memory"}"#).send_sms(&send_input(&p))).await;
    }
    let c = client(r#"{"storage":"memory"}"#);
    let e = fails(c.send_sms(&send_input(&p)), "too_many_requests", true).await;
    assert_eq!(status_code(&e), 429.0);
    assert!(
        retry_after(&e).is_some_and(|s| s > 0.0 && s <= 60.0),
        "retryAfter {:?}",
        retry_after(&e)
    );
    assert_eq!(status(&c), "none");
    assert_eq!(sms_count(&p).await, 5);
}

#[wasm_bindgen_test]
async fn lock_after_five_wrong_codes() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(106);
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    for _ in 0..5 {
        fails(
            c.authenticate(&code_input(&wrong(&code))),
            "otp_code_not_found",
            false,
        )
        .await;
    }
    let e = fails(
        c.authenticate(&code_input(&code)),
        "user_lock_limit_reached",
        true,
    )
    .await;
    assert_eq!(status_code(&e), 429.0);
    assert_eq!(status(&c), "code_sent");
}

#[wasm_bindgen_test]
async fn unsupported_country_and_malformed_numbers_are_refused_locally() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    for p in ["+79161234567", "+989121234567", "+5358123456"] {
        fails(
            c.send_sms(&send_input(p)),
            "invalid_phone_number_country_code",
            false,
        )
        .await;
    }
    for p in [
        "12025550100",
        "+1",
        "+1202555010a",
        "",
        "+12025550100000000",
    ] {
        fails(c.send_sms(&send_input(p)), "invalid_phone_number", false).await;
    }
    fails(
        c.send_sms(&parse(r#"{"phoneNumber":12025550100}"#)),
        "invalid_phone_number",
        false,
    )
    .await;
    fails(c.send_sms(&JsValue::NULL), "invalid_input", false).await;
    fails(
        c.send_sms(&parse(
            r#"{"phoneNumber":"+12025550107","expirationMinutes":11}"#,
        )),
        "invalid_input",
        false,
    )
    .await;
    assert_eq!(sms_count("+79161234567").await, 0);
    assert_eq!(status(&c), "none");
}

#[wasm_bindgen_test]
async fn code_shape_is_checked_locally() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(108);
    ok(c.send_sms(&send_input(&p))).await;
    for bad in [
        r#"{"code":"12345"}"#,
        r#"{"code":"1234567"}"#,
        r#"{"code":"12345a"}"#,
        r#"{"code":"١٢٣٤٥٦"}"#,
        r#"{"code":123456}"#,
        r#"{}"#,
    ] {
        fails(c.authenticate(&parse(bad)), "invalid_code", false).await;
    }
    assert_eq!(status(&c), "code_sent");
}

#[wasm_bindgen_test]
async fn no_pending_challenge() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    fails(
        c.authenticate(&code_input("123456")),
        "no_pending_challenge",
        false,
    )
    .await;
}

#[wasm_bindgen_test]
async fn resend_too_soon_is_refused_locally() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(109);
    ok(c.send_sms(&send_input(&p))).await;
    let before = json(&c.get_mfa_state());
    let e = fails(c.send_sms(&send_input(&p)), "resend_too_soon", true).await;
    assert!(retry_after(&e).is_some_and(|s| (1.0..=30.0).contains(&s)));
    assert_eq!(sms_count(&p).await, 1, "no request was sent");
    assert_eq!(json(&c.get_mfa_state()), before);
}

#[wasm_bindgen_test]
async fn concurrent_authenticate_calls_share_one_request() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(110);
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    let a = c.authenticate(&code_input(&code));
    let b = c.authenticate(&code_input(&code));
    assert!(
        JsValue::from(a.clone()) == JsValue::from(b.clone()),
        "the same promise"
    );
    let (a, b) = (ok(a).await, ok(b).await);
    assert_eq!(str_at(&a, "sessionId"), str_at(&b, "sessionId"));
    // The next call is a new request again (and finds nothing pending).
    fails(
        c.authenticate(&code_input(&code)),
        "no_pending_challenge",
        false,
    )
    .await;
}

#[wasm_bindgen_test]
async fn config_is_validated() {
    let bad = [
        r#"{"publicToken":"secret-test-emulator"}"#,
        r#"{"publicToken":"secret-live-abc"}"#,
        r#"{"publicToken":"project-test-emulator"}"#,
        r#"{"publicToken":""}"#,
        r#"{}"#,
        r#"{"publicToken":"public-token-test-x","baseUrl":"ftp://x"}"#,
        r#"{"publicToken":"public-token-test-x","baseUrl":"http://x/?q"}"#,
        r#"{"publicToken":"public-token-test-x","storage":"indexedDB"}"#,
        r#"{"publicToken":"public-token-test-x","storage":{"getItem":1}}"#,
        r#"{"publicToken":"public-token-test-x","sessionDurationMinutes":4}"#,
        r#"{"publicToken":"public-token-test-x","timeoutMs":-1}"#,
        r#"{"publicToken":"public-token-test-x","cookieOptions":{"sameSite":"Loose"}}"#,
        r#"{"publicToken":"public-token-test-x","cookieOptions":{"path":"/a;b"}}"#,
        r#"{"publicToken":"public-token-"}"#,
        r#"{"publicToken":"public-token-test-x","baseUrl":"http://user:pass@127.0.0.1:9010"}"#,
        r#"{"publicToken":"public-token-test-x","baseUrl":"https://secret-test-emulator@test.stytch.com"}"#,
        r#"{"publicToken":"public-token-test-x","baseUrl":"http://:9010"}"#,
        r#"{"publicToken":"public-token-test-x","baseUrl":"http://127.0.0.1:65536"}"#,
        r#"{"publicToken":"public-token-test-x","cookieOptions":{"opaqueTokenCookieName":"t","jwtCookieName":"t"}}"#,
        r#"{"publicToken":"public-token-test-x","cookieOptions":{"jwtCookieName":"t","istCookieName":"t"}}"#,
        r#"{"publicToken":"public-token-test-x","cookieOptions":{"istCookieName":"stytch_session"}}"#,
        r#"{"publicToken":"public-token-test-x","cookieOptions":{"opaqueTokenCookieName":"sms_mfa_state"}}"#,
    ];
    for cfg in bad {
        let e = sms_mfa_sdk::create_client(parse(cfg))
            .err()
            .unwrap_or_else(|| panic!("accepted {cfg}"));
        check_error(&e, "invalid_config", false);
    }
    for cfg in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from_str("public-token-test-x"),
        JsValue::from_f64(1.0),
    ] {
        let e = sms_mfa_sdk::create_client(cfg)
            .err()
            .expect("accepted a non-object");
        check_error(&e, "invalid_config", false);
    }
    // NaN and ±Infinity (which JSON would turn into null, "not set") are refused, not defaulted.
    for (k, v) in [
        ("timeoutMs", f64::NAN),
        ("timeoutMs", f64::NEG_INFINITY),
        ("sessionDurationMinutes", f64::NAN),
        ("sessionDurationMinutes", f64::INFINITY),
    ] {
        let cfg = with_key(
            parse(r#"{"publicToken":"public-token-test-x","storage":"memory"}"#),
            k,
            &JsValue::from_f64(v),
        );
        let e = sms_mfa_sdk::create_client(cfg)
            .err()
            .unwrap_or_else(|| panic!("accepted {k}: {v}"));
        check_error(&e, "invalid_config", false);
    }
    let e = sms_mfa_sdk::create_client(parse(r#"{"publicToken":"secret-test-emulator"}"#))
        .err()
        .unwrap();
    assert!(
        !str_at(&e, "errorMessage").contains("secret-test-emulator"),
        "the secret is not echoed"
    );
    // Defaults: test token -> test.stytch.com; live -> api.stytch.com (no request made here).
    assert!(sms_mfa_sdk::create_client(parse(
        r#"{"publicToken":"public-token-live-abc","storage":"memory"}"#
    ))
    .is_ok());
}

#[wasm_bindgen_test]
async fn base_url_ending_in_sdk_v1_is_taken_without_it() {
    fresh().await;
    // `/sdk/v1` is appended by the SDK: a base that already ends with it still reaches the API.
    for (n, suffix) in [(112, "/sdk/v1"), (113, "/sdk/v1/")] {
        let c = client(&format!(
            r#"{{"storage":"memory","baseUrl":"{EMU}{suffix}"}}"#
        ));
        let sent = ok(c.send_sms(&send_input(&phone(n)))).await;
        assert_eq!(str_at(&sent, "flow"), "login");
    }
}

#[wasm_bindgen_test]
fn normalize_phone_number() {
    assert_eq!(
        sms_mfa_sdk::normalize_phone_number(" +1 (202) 555-0100 ")
            .as_string()
            .as_deref(),
        Some("+12025550100")
    );
    assert!(sms_mfa_sdk::normalize_phone_number("+79161234567").is_null());
}

#[wasm_bindgen_test]
async fn sign_out_revokes_the_session_on_the_server() {
    fresh().await;
    let log = js_sys::Array::new();
    let a_store = memory_adapter(&log);
    let a = client_with(with_key(parse("{}"), "storage", &a_store));
    let p = phone(111);
    login(&a, &p).await;
    // What a stolen copy of the storage would hold.
    let copy = memory_adapter(&js_sys::Array::new());
    assert!(copy_entries(&a_store, &copy) >= 3);
    let b = client_with(with_key(parse("{}"), "storage", &copy));
    assert_eq!(status(&b), "authenticated");
    a.sign_out();
    assert_eq!(
        get(&a_store, "map.size").as_f64(),
        Some(0.0),
        "every key removed"
    );
    wait(300).await; // the revoke is not awaited by signOut
                     // The copied token no longer opens a step-up: either b's refresh at
                     // start already learned it (and b sends a plain login), or the step-up
                     // is refused; either way b forgets the session.
    match wasm_bindgen_futures::JsFuture::from(b.send_sms(&send_input(&p))).await {
        Ok(sent) => assert_eq!(str_at(&sent, "flow"), "login"),
        Err(e) => {
            let code = status_code(&e);
            assert!(code == 401.0 || code == 404.0, "{}", json(&e));
            assert_eq!(get(&e, "retryable"), JsValue::FALSE);
        }
    }
    assert_ne!(status(&b), "authenticated");
    assert!(b.get_tokens().is_null(), "the refused tokens are gone");
}
