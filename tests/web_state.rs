//! State a UI can trust, against the running emulator in a real browser:
//! expiry events, expired codes, the session behind a step-up, `cancel()`,
//! refused config options, typed codes and `checkPhoneNumber`.
#![cfg(target_arch = "wasm32")]
mod web_support;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

const MIN: f64 = 60_000.0;

#[wasm_bindgen_test]
async fn an_expiring_code_is_heard_and_reported_until_resent() {
    fresh().await;
    let clock = TimeMachine::install();
    let c = client(r#"{"storage":"memory"}"#);
    let changes = Changes::watch(&c);
    let p = phone(300);
    ok(c.send_sms(&parse(&format!(
        r#"{{"phoneNumber":"{p}","expirationMinutes":1}}"#
    ))))
    .await;
    assert_eq!(get(&changes.last(), "codeExpired"), JsValue::FALSE);
    let heard = changes.count();
    // Nothing is called: the client's own timer tells the listeners.
    clock.jump(MIN + 10.0);
    assert_eq!(changes.count(), heard + 1, "the expiry is heard");
    assert_eq!(str_at(&changes.last(), "status"), "code_sent");
    assert_eq!(get(&changes.last(), "codeExpired"), JsValue::TRUE);
    assert_eq!(get(&c.get_mfa_state(), "codeExpired"), JsValue::TRUE);
    // A resend starts a live code again.
    ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(get(&changes.last(), "codeExpired"), JsValue::FALSE);
    // Unresent, an expired code is reported for 10 minutes, then the state moves on.
    clock.jump(2.0 * MIN + 10.0);
    assert_eq!(get(&changes.last(), "codeExpired"), JsValue::TRUE);
    clock.jump(10.0 * MIN);
    assert_eq!(str_at(&changes.last(), "status"), "none");
    c.close();
}

#[wasm_bindgen_test]
async fn ist_and_session_expiries_are_heard() {
    fresh().await;
    let clock = TimeMachine::install();
    let c = client(r#"{"storage":"memory"}"#);
    let changes = Changes::watch(&c);
    let st = email_primary(&c, BOB_EMAIL).await;
    assert_eq!(str_at(&st, "status"), "mfa_required");
    clock.jump(10.0 * MIN + 10.0);
    assert_eq!(
        str_at(&changes.last(), "status"),
        "none",
        "IST expiry heard"
    );
    c.close();
    drop(clock);

    let clock = TimeMachine::install();
    let c = client(r#"{"storage":"memory","sessionDurationMinutes":5}"#);
    let changes = Changes::watch(&c);
    login(&c, &phone(301)).await;
    assert_eq!(str_at(&changes.last(), "status"), "authenticated");
    clock.jump(5.0 * MIN + 10.0);
    assert_eq!(
        str_at(&changes.last(), "status"),
        "none",
        "session expiry heard"
    );
    c.close();
}

#[wasm_bindgen_test]
async fn a_pending_step_up_still_shows_the_session() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(302);
    let session = login(&c, &p).await;
    let sent = ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(str_at(&sent, "flow"), "step_up");
    let st = c.get_mfa_state();
    assert_eq!(str_at(&st, "status"), "code_sent");
    assert_eq!(
        str_at(&st, "session.sessionId"),
        str_at(&session, "sessionId"),
        "the user is still signed in while the step-up code is pending"
    );
    assert!(js_sys::Array::from(&get(&st, "session.factors")).length() >= 1);
}

#[wasm_bindgen_test]
async fn cancel_abandons_a_code_or_an_mfa_step_and_keeps_the_session() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    // A typo, then the corrected number at once: no resend wait, no signOut.
    ok(c.send_sms(&send_input(&phone(303)))).await;
    fails(
        c.send_sms(&send_input(&phone(304))),
        "resend_too_soon",
        true,
    )
    .await;
    assert_eq!(str_at(&c.cancel(), "status"), "none");
    let sent = ok(c.send_sms(&send_input(&phone(304)))).await;
    assert_eq!(str_at(&sent, "phoneMasked"), "+1•••••••0304");
    let code = sms_code(&phone(304)).await;
    ok(c.authenticate(&code_input(&code))).await;

    // A step-up code abandoned: still signed in.
    ok(c.send_sms(&send_input(&phone(304)))).await;
    let st = c.cancel();
    assert_eq!(str_at(&st, "status"), "authenticated");
    fails(
        c.authenticate(&code_input(&code)),
        "no_pending_challenge",
        false,
    )
    .await;

    // A B2B MFA step abandoned: the IST goes with it.
    let c = client("{}");
    email_primary(&c, ALICE_EMAIL).await;
    assert!(cookie_string().contains("stytch_intermediate_session_token="));
    assert_eq!(str_at(&c.cancel(), "status"), "none");
    assert!(!cookie_string().contains("stytch_intermediate_session_token="));
    fresh().await;
}

#[wasm_bindgen_test]
async fn unknown_config_options_are_refused_by_name() {
    for (config, named) in [
        (
            r#"{"publicToken":"public-token-test-emulator","basURL":"http://127.0.0.1:1"}"#,
            "basURL",
        ),
        (
            r#"{"publicToken":"public-token-test-emulator","cookieOptions":{"pth":"/"}}"#,
            "cookieOptions.pth",
        ),
    ] {
        let e = sms_mfa_sdk::create_client(parse(config))
            .map(drop)
            .expect_err(config);
        check_error(&e, "invalid_config", false);
        assert!(str_at(&e, "errorMessage").contains(named), "{}", json(&e));
    }
    // The hooks must be functions.
    let e = sms_mfa_sdk::create_client(parse(
        r#"{"publicToken":"public-token-test-emulator","captcha":"token"}"#,
    ))
    .map(drop)
    .expect_err("captcha must be a function");
    check_error(&e, "invalid_config", false);
}

#[wasm_bindgen_test]
async fn codes_typed_with_spaces_or_hyphens_are_accepted() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(305);
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    let typed = format!("{} {}", &code[..3], &code[3..]);
    fails(
        c.authenticate(&code_input("12a 456")),
        "invalid_code",
        false,
    )
    .await;
    ok(c.authenticate(&code_input(&typed))).await;
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    let typed = format!("{}-{}", &code[..3], &code[3..]);
    ok(c.authenticate(&code_input(&typed))).await;
}

#[wasm_bindgen_test]
fn check_phone_number_tells_why() {
    let ok = sms_mfa_sdk::check_phone_number(&JsValue::from_str("+1 (202) 555-0100"));
    assert_eq!(
        json(&ok),
        r#"{"valid":true,"phoneNumber":"+12025550100","country":"US"}"#
    );
    let malformed = sms_mfa_sdk::check_phone_number(&JsValue::from_str("202-555"));
    assert_eq!(get(&malformed, "valid"), JsValue::FALSE);
    assert_eq!(str_at(&malformed, "errorType"), "invalid_phone_number");
    let unsupported = sms_mfa_sdk::check_phone_number(&JsValue::from_str("+79161234567"));
    assert_eq!(
        str_at(&unsupported, "errorType"),
        "invalid_phone_number_country_code"
    );
    assert!(!str_at(&unsupported, "message").is_empty());
    let not_text = sms_mfa_sdk::check_phone_number(&JsValue::from_f64(12025550100.0));
    assert_eq!(str_at(&not_text, "errorType"), "invalid_phone_number");
}
