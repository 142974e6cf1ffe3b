//! Storage backends, fallback to memory, corrupted state, cookie attributes,
//! listeners and cross-tab notification.
#![cfg(target_arch = "wasm32")]
mod web_support;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn web_sys_log(s: &str) {
    wasm_bindgen_test::console_log!("{}", s);
}

const KEYS: [&str; 3] = ["stytch_session", "stytch_session_jwt", "sms_mfa_state"];

#[wasm_bindgen_test]
async fn each_builtin_backend_keeps_its_keys_where_it_says() {
    for (i, kind) in ["cookie", "localStorage", "sessionStorage", "memory"]
        .into_iter()
        .enumerate()
    {
        fresh().await;
        let cfg = format!(r#"{{"storage":"{kind}"}}"#);
        let c = client(&cfg);
        assert_eq!(c.storage_kind(), kind);
        let p = phone(300 + i as u32);
        login(&c, &p).await;
        assert_eq!(status(&c), "authenticated");
        let cookies = cookie_string();
        for k in KEYS {
            let in_cookie = cookies.contains(&format!("{k}="));
            assert_eq!(
                in_cookie,
                kind == "cookie",
                "{kind}: {k} in cookies: {cookies}"
            );
            assert_eq!(
                local_get(k).is_some(),
                kind == "localStorage",
                "{kind}: {k} in localStorage"
            );
            assert_eq!(
                session_get(k).is_some(),
                kind == "sessionStorage",
                "{kind}: {k} in sessionStorage"
            );
        }
        // A second client (a reload) sees the session unless it lived in memory.
        let again = client(&cfg);
        assert_eq!(
            status(&again),
            if kind == "memory" {
                "none"
            } else {
                "authenticated"
            },
            "{kind}"
        );
        c.sign_out();
        assert_eq!(status(&c), "none");
        assert_eq!(
            status(&again),
            "none",
            "{kind}: sign-out is seen by the other client"
        );
        assert!(
            !storage_dump().contains("stytch_session"),
            "{kind}: {}",
            storage_dump()
        );
        assert!(!storage_dump().contains("sms_mfa_state"));
    }
}

#[wasm_bindgen_test]
async fn cookie_names_and_attributes() {
    fresh().await;
    let c = client(
        r#"{"cookieOptions":{"opaqueTokenCookieName":"my_sess","jwtCookieName":"my_jwt","istCookieName":"my_ist","path":"/"}}"#,
    );
    email_primary(&c, ALICE_EMAIL).await;
    let cookies = cookie_string();
    assert!(
        cookies.contains("my_ist=") && !cookies.contains("stytch_intermediate_session_token"),
        "{cookies}"
    );
    let d = cookie_details("my_ist").await;
    web_sys_log(&format!(
        "cookieStore available: {} {}",
        !d.is_null(),
        json(&d)
    ));
    if get(&d, "expires").as_f64().is_some() {
        // cookieStore reports attributes (Chrome; Firefox gives name and value only): check them.
        assert_eq!(str_at(&d, "sameSite"), "lax");
        assert_eq!(get(&d, "secure"), JsValue::FALSE, "no Secure on 127.0.0.1");
        let exp = num_at(&d, "expires");
        assert!(
            exp > now() + 590_000.0 && exp < now() + 601_000.0,
            "IST cookie lives 10 minutes: {exp}"
        );
        assert_eq!(str_at(&d, "path"), "/");
    }
    let code = sms_code(ALICE_PHONE).await;
    ok(c.authenticate(&code_input(&code))).await;
    let cookies = cookie_string();
    assert!(
        cookies.contains("my_sess=") && cookies.contains("my_jwt=") && !cookies.contains("my_ist="),
        "{cookies}"
    );
    let d = cookie_details("my_sess").await;
    if get(&d, "expires").as_f64().is_some() {
        let st = c.get_mfa_state();
        let exp = num_at(&d, "expires");
        assert!(
            (exp - num_at(&st, "expiresAt")).abs() < 1500.0,
            "session cookie expires with the session"
        );
    }
    assert!(!storage_dump().contains(&code));
    c.sign_out();
    assert!(!cookie_string().contains("my_"), "{}", cookie_string());
}

#[wasm_bindgen_test]
async fn rejected_cookies_fall_back_to_memory_with_an_event() {
    fresh().await;
    // A Domain the page is not on: the browser drops every cookie, as with cookies disabled.
    let c = client(r#"{"cookieOptions":{"domain":"example.com"}}"#);
    let r = recorder();
    c.on_storage_error(&get(&r, "f"));
    assert_eq!(c.storage_kind(), "memory");
    assert_eq!(
        calls(&r),
        1,
        "the creation-time fallback is delivered to the first listener"
    );
    assert_eq!(
        str_at(&get(&r, "calls.0.v"), "errorType"),
        "storage_unavailable"
    );
    login(&c, &phone(310)).await;
    assert_eq!(status(&c), "authenticated");
    assert_eq!(cookie_string(), "");
}

#[wasm_bindgen_test]
async fn a_cookie_too_large_to_keep_moves_the_store_to_memory_with_its_value() {
    fresh().await;
    let c = client("{}");
    let r = recorder();
    c.on_storage_error(&get(&r, "f"));
    // Browsers refuse a cookie over 4096 bytes. Cookie writes are checked once
    // the task that made them is over.
    let ist = format!("ist-{}", "x".repeat(5000));
    let input = parse(
        r#"{"organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-alice"}"#,
    );
    let st = c
        .set_primary_auth(&with_key(
            input,
            "intermediateSessionToken",
            &JsValue::from_str(&ist),
        ))
        .expect("setPrimaryAuth");
    assert_eq!(str_at(&st, "status"), "mfa_required");
    wait(50).await;
    assert_eq!(c.storage_kind(), "memory");
    assert_eq!(
        status(&c),
        "mfa_required",
        "the state written in the same task is kept"
    );
    assert_eq!(calls(&r), 1);
    assert_eq!(
        str_at(&get(&r, "calls.0.v"), "errorType"),
        "storage_unavailable"
    );
    assert!(!cookie_string().contains("xxxx"));
    // The IST is kept too: the server gets it and says what it thinks of it.
    let e = fails(
        c.send_sms(&mfa_input()),
        "intermediate_session_not_found",
        false,
    )
    .await;
    assert!(!json(&e).contains("xxxx"));
}

#[wasm_bindgen_test]
async fn throwing_storage_never_breaks_the_client() {
    for name in ["SecurityError", "QuotaExceededError", "Error"] {
        fresh().await;
        let c = client_with(with_key(parse("{}"), "storage", &throwing_adapter(name)));
        let r = recorder();
        c.on_storage_error(&get(&r, "f"));
        assert_eq!(status(&c), "none", "getMfaState does not throw");
        assert_eq!(c.storage_kind(), "memory");
        assert!(calls(&r) >= 1);
        login(&c, &phone(320)).await;
        assert_eq!(status(&c), "authenticated");
    }
}

#[wasm_bindgen_test]
async fn quota_exceeded_on_write_keeps_what_was_read() {
    fresh().await;
    let c = client_with(with_key(parse("{}"), "storage", &quota_adapter()));
    let r = recorder();
    c.on_storage_error(&get(&r, "f"));
    let p = phone(330);
    ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(c.storage_kind(), "memory");
    assert_eq!(calls(&r), 1);
    assert_eq!(status(&c), "code_sent");
    let code = sms_code(&p).await;
    ok(c.authenticate(&code_input(&code))).await;
    assert_eq!(status(&c), "authenticated");
}

#[wasm_bindgen_test]
async fn unavailable_web_storage_falls_back() {
    fresh().await;
    for (name, err) in [
        ("localStorage", "SecurityError"),
        ("sessionStorage", "SecurityError"),
    ] {
        if !shadow_storage(name, err) {
            web_sys_log(&format!("{name} cannot be hidden in this browser"));
            continue; // this browser does not let a page hide its storage
        }
        web_sys_log(&format!("{name} hidden"));
        let c = client(&format!(r#"{{"storage":"{name}"}}"#));
        unshadow_storage(name);
        assert_eq!(c.storage_kind(), "memory");
        let r = recorder();
        c.on_storage_error(&get(&r, "f"));
        assert_eq!(calls(&r), 1);
        assert_eq!(status(&c), "none");
    }
}

#[wasm_bindgen_test]
async fn corrupted_state_resets_to_none_with_an_event() {
    for junk in [
        "{",
        "null",
        "[]",
        r#"{"v":1,"session":{"session_id":"x"}}"#,
        r#"{"v":99}"#,
        "\u{0}\u{1}",
    ] {
        fresh().await;
        local_set("sms_mfa_state", junk);
        let c = client(r#"{"storage":"localStorage"}"#);
        let r = recorder();
        c.on_storage_error(&get(&r, "f"));
        assert_eq!(status(&c), "none", "{junk}");
        assert_eq!(calls(&r), 1, "{junk}");
        assert_eq!(local_get("sms_mfa_state"), None, "{junk}: reset");
        assert_eq!(c.storage_kind(), "localStorage");
    }
}

#[wasm_bindgen_test]
async fn on_change_fires_for_every_change_and_unsubscribes() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let r = recorder();
    let un = c.on_change(&get(&r, "f"));
    let p = phone(340);
    ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(calls(&r), 1);
    assert_eq!(str_at(&get(&r, "calls.0.v"), "status"), "code_sent");
    // An error changes nothing and tells nobody.
    fails(
        c.authenticate(&code_input(&wrong(&sms_code(&p).await))),
        "otp_code_not_found",
        false,
    )
    .await;
    assert_eq!(calls(&r), 1);
    ok(c.authenticate(&code_input(&sms_code(&p).await))).await;
    assert_eq!(calls(&r), 2);
    assert_eq!(str_at(&get(&r, "calls.1.v"), "status"), "authenticated");
    un.call0(&JsValue::NULL).unwrap();
    c.sign_out();
    assert_eq!(calls(&r), 2, "unsubscribed");
}

#[wasm_bindgen_test]
async fn other_tabs_are_told_through_broadcast_channel() {
    fresh().await;
    let a = client(r#"{"storage":"localStorage"}"#);
    let b = client(r#"{"storage":"localStorage"}"#);
    let r = recorder();
    b.on_change(&get(&r, "f"));
    let p = phone(350);
    ok(a.send_sms(&send_input(&p))).await;
    let t0 = perf();
    let mut waited = 0;
    while calls(&r) < 1 && waited < 2000 {
        wait(5).await;
        waited += 5;
    }
    assert_eq!(calls(&r), 1, "B heard about A's send");
    let delay = num_at(&get(&r, "calls.0"), "at") - t0;
    web_sys_log(&format!("cross-tab notification delay: {delay:.1} ms"));
    assert!(delay < 1000.0);
    assert_eq!(str_at(&get(&r, "calls.0.v"), "status"), "code_sent");
    assert_eq!(status(&b), "code_sent");
    // B completes what A started; A sees it.
    let code = sms_code(&p).await;
    ok(b.authenticate(&code_input(&code))).await;
    assert_eq!(status(&a), "authenticated");
    a.sign_out();
    waited = 0;
    while calls(&r) < 3 && waited < 2000 {
        wait(5).await;
        waited += 5;
    }
    assert!(calls(&r) >= 3, "B heard the sign-out");
    assert_eq!(status(&b), "none");
}

#[wasm_bindgen_test]
async fn a_closed_client_hears_nothing_more_and_still_works() {
    fresh().await;
    let a = client(r#"{"storage":"localStorage"}"#);
    let b = client(r#"{"storage":"localStorage"}"#);
    let (ra, rb) = (recorder(), recorder());
    a.on_change(&get(&ra, "f"));
    b.on_change(&get(&rb, "f"));
    b.close();
    let p = phone(360);
    ok(a.send_sms(&send_input(&p))).await;
    wait(200).await;
    assert_eq!(calls(&ra), 1);
    assert_eq!(calls(&rb), 0, "closed: no listener is called");
    // Still usable: it reads the stored state and completes the challenge.
    assert_eq!(status(&b), "code_sent");
    ok(b.authenticate(&code_input(&sms_code(&p).await))).await;
    assert_eq!(status(&a), "authenticated");
    assert_eq!(calls(&rb), 0);
    b.close(); // twice is fine
}

#[wasm_bindgen_test]
async fn session_duration_is_sent() {
    fresh().await;
    let c = client(r#"{"storage":"memory","sessionDurationMinutes":30}"#);
    let s = login(&c, &phone(360)).await;
    let left = num_at(&s, "expiresAt") - now();
    assert!(
        left > 29.0 * 60_000.0 && left <= 30.0 * 60_000.0 + 2_000.0,
        "{left}"
    );
    let p = phone(361);
    let c = client(r#"{"storage":"memory"}"#);
    ok(c.send_sms(&send_input(&p))).await;
    let s = ok(c.authenticate(&parse(&format!(
        r#"{{"code":"{}","sessionDurationMinutes":5}}"#,
        sms_code(&p).await
    ))))
    .await;
    let left = num_at(&s, "expiresAt") - now();
    assert!(
        left > 4.0 * 60_000.0 && left <= 5.0 * 60_000.0 + 2_000.0,
        "{left}"
    );
    fails(
        c.authenticate(&parse(r#"{"code":"123456","sessionDurationMinutes":4}"#)),
        "invalid_input",
        false,
    )
    .await;
}
