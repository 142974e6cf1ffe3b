//! B2B: e-mail OTP primary factor, then SMS MFA, against the running emulator.
#![cfg(target_arch = "wasm32")]
mod web_support;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn mfa_with_the_code_sent_at_primary_login_and_ist_kept_across_clients() {
    fresh().await;
    let c = client("{}");
    let st = email_primary(&c, ALICE_EMAIL).await;
    assert_eq!(str_at(&st, "status"), "mfa_required", "{}", json(&st));
    assert_eq!(str_at(&st, "organizationId"), ORG);
    assert_eq!(str_at(&st, "memberId"), ALICE);
    assert_eq!(str_at(&st, "phoneMasked"), "+1•••••••0162");
    assert_eq!(get(&st, "enrollmentRequired"), JsValue::FALSE);
    assert_eq!(get(&st, "smsAlreadySent"), JsValue::TRUE);
    assert!(json(&get(&st, "allowedMethods")).contains("sms_otp"));
    let ist_exp = num_at(&st, "istExpiresAt");
    assert!(ist_exp > now() + 590_000.0 && ist_exp <= now() + 600_500.0);
    assert!(cookie_string().contains("stytch_intermediate_session_token="));
    assert!(!cookie_string().contains("stytch_session="));
    // The page reloads: a new client finds the MFA step (the IST is in its cookie).
    drop(c);
    let c2 = client("{}");
    assert_eq!(json(&c2.get_mfa_state()), json(&st));
    let code = sms_code(ALICE_PHONE).await;
    let session = ok(c2.authenticate(&code_input(&code))).await;
    assert_eq!(str_at(&session, "memberId"), ALICE);
    assert_eq!(str_at(&session, "organizationId"), ORG);
    assert!(json(&get(&session, "factors")).contains("\"deliveryMethod\":\"sms\""));
    assert_eq!(status(&c2), "authenticated");
    let cookies = cookie_string();
    assert!(
        !cookies.contains("stytch_intermediate_session_token="),
        "IST cleared: {cookies}"
    );
    assert!(cookies.contains("stytch_session=") && cookies.contains("stytch_session_jwt="));
    assert!(!storage_dump().contains(&code));
    c2.sign_out();
    assert_eq!(status(&c2), "none");
}

#[wasm_bindgen_test]
async fn mfa_with_an_explicit_send() {
    fresh().await;
    let c = client(r#"{"storage":"localStorage"}"#);
    email_primary(&c, ALICE_EMAIL).await;
    let sent = ok(c.send_sms(&mfa_input())).await;
    assert_eq!(str_at(&sent, "flow"), "mfa");
    assert_eq!(str_at(&sent, "phoneMasked"), "+1•••••••0162");
    let st = c.get_mfa_state();
    assert_eq!(str_at(&st, "status"), "code_sent");
    assert_eq!(str_at(&st, "memberId"), ALICE);
    let code = sms_code(ALICE_PHONE).await;
    let e = fails(
        c.authenticate(&code_input(&wrong(&code))),
        "otp_code_not_found",
        false,
    )
    .await;
    assert_eq!(status_code(&e), 404.0);
    assert_eq!(status(&c), "code_sent");
    ok(c.authenticate(&code_input(&code))).await;
    assert_eq!(status(&c), "authenticated");
}

#[wasm_bindgen_test]
async fn member_without_phone_enrolls_one() {
    fresh().await;
    let c = client(r#"{"storage":"sessionStorage"}"#);
    let st = email_primary(&c, BOB_EMAIL).await;
    assert_eq!(str_at(&st, "status"), "mfa_required");
    assert!(get(&st, "phoneMasked").is_null());
    assert_eq!(get(&st, "enrollmentRequired"), JsValue::TRUE);
    assert_eq!(get(&st, "smsAlreadySent"), JsValue::FALSE);
    // Nothing was sent yet: authenticate has nothing to complete.
    fails(
        c.authenticate(&code_input("123456")),
        "no_pending_challenge",
        false,
    )
    .await;
    let p = phone(200);
    let input = parse(&format!(
        r#"{{"organizationId":"{ORG}","memberId":"{BOB}","mfaPhoneNumber":"{p}"}}"#
    ));
    let sent = ok(c.send_sms(&input)).await;
    assert_eq!(str_at(&sent, "phoneMasked"), "+1•••••••0200");
    let code = sms_code(&p).await;
    let s = ok(c.authenticate(&code_input(&code))).await;
    assert_eq!(str_at(&s, "memberId"), BOB);
    assert_eq!(status(&c), "authenticated");
}

#[wasm_bindgen_test]
async fn an_ist_the_server_refuses_is_forgotten_with_the_mfa_step() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let changes = Changes::watch(&c);
    email_primary(&c, ALICE_EMAIL).await;
    assert_eq!(
        get(&c.get_mfa_state(), "smsAlreadySent"),
        true,
        "a code was sent at primary login"
    );
    let heard = changes.count();
    // The emulator's clock moves past the IST's 10 minutes; the page's does not.
    advance_clock(601).await;
    let code = sms_code(ALICE_PHONE).await;
    let e = fails(
        c.authenticate(&code_input(&code)),
        "intermediate_session_not_found",
        false,
    )
    .await;
    assert_eq!(status_code(&e), 404.0);
    assert_eq!(status(&c), "none", "the refused IST and its step are gone");
    assert!(changes.count() > heard, "listeners heard of it");
    // Nothing left to send with: the server wants a new primary login.
    fails(c.send_sms(&mfa_input()), "unauthorized_credentials", false).await;
    fails(
        c.authenticate(&code_input(&code)),
        "no_pending_challenge",
        false,
    )
    .await;
    fresh().await;
}

#[wasm_bindgen_test]
async fn wrong_email_code_and_bad_input() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    ok(c.email_login_or_signup(&parse(&format!(
        r#"{{"organizationId":"{ORG}","emailAddress":"{ALICE_EMAIL}"}}"#
    ))))
    .await;
    let code = email_code(ALICE_EMAIL).await;
    let bad = parse(&format!(
        r#"{{"organizationId":"{ORG}","emailAddress":"{ALICE_EMAIL}","code":"{}"}}"#,
        wrong(&code)
    ));
    fails(c.email_authenticate(&bad), "otp_code_not_found", false).await;
    assert_eq!(status(&c), "none");
    fails(
        c.email_login_or_signup(&parse(&format!(
            r#"{{"organizationId":"{ORG}","emailAddress":"not-an-email"}}"#
        ))),
        "invalid_input",
        false,
    )
    .await;
    fails(
        c.email_login_or_signup(&parse(r#"{"organizationId":"","emailAddress":"a@b.c"}"#)),
        "invalid_input",
        false,
    )
    .await;
    fails(
        c.send_sms(&parse(r#"{"organizationId":"org","memberId":""}"#)),
        "invalid_input",
        false,
    )
    .await;
    fails(
        c.send_sms(&parse(&format!(
            r#"{{"organizationId":"{ORG}","memberId":"{BOB}","mfaPhoneNumber":"+79161234567"}}"#
        ))),
        "invalid_phone_number_country_code",
        false,
    )
    .await;
}

#[wasm_bindgen_test]
async fn set_primary_auth_from_a_login_done_elsewhere() {
    fresh().await;
    // "Elsewhere": a first client whose storage we can read plays the backend.
    let log = js_sys::Array::new();
    let adapter = memory_adapter(&log);
    let backend = client_with(with_key(parse(r#"{}"#), "storage", &adapter));
    assert_eq!(backend.storage_kind(), "custom");
    email_primary(&backend, ALICE_EMAIL).await;
    let map = get(&adapter, "map");
    let ist = js_sys::Reflect::apply(
        &js_sys::Function::from(get(&map, "get")),
        &map,
        &js_sys::Array::of1(&"stytch_intermediate_session_token".into()),
    )
    .unwrap();
    assert!(ist.as_string().is_some_and(|s| !s.is_empty()));
    assert!(
        json(&log).contains(r#"["set","stytch_intermediate_session_token","number"]"#),
        "expiry hint passed: {}",
        json(&log)
    );

    let c = client(r#"{"storage":"memory"}"#);
    let essentials = with_key(
        parse(&format!(
            r#"{{"organizationId":"{ORG}","memberId":"{ALICE}","phoneMasked":"+12025550162"}}"#
        )),
        "intermediateSessionToken",
        &ist,
    );
    let st = c.set_primary_auth(&essentials).expect("setPrimaryAuth");
    assert_eq!(str_at(&st, "status"), "mfa_required");
    assert_eq!(str_at(&st, "phoneMasked"), "+1•••••••0162");
    ok(c.send_sms(&mfa_input())).await;
    let code = sms_code(ALICE_PHONE).await;
    ok(c.authenticate(&code_input(&code))).await;
    assert_eq!(status(&c), "authenticated");

    // Stytch's raw snake_case response is accepted too; junk is refused with the same error shape.
    let c = client(r#"{"storage":"memory"}"#);
    let raw = parse(&format!(
        r#"{{"intermediate_session_token":"ist-x","member_id":"{ALICE}","organization_id":"{ORG}","member":{{"mfa_phone_number":"+12025550162"}},"mfa_required":{{"secondary_auth_initiated":null}}}}"#
    ));
    let st = c.set_primary_auth(&raw).expect("raw response");
    assert_eq!(str_at(&st, "status"), "mfa_required");
    for junk in [
        JsValue::NULL,
        parse("{}"),
        parse(r#"{"intermediateSessionToken":""}"#),
        JsValue::from_str("x"),
    ] {
        let e = client(r#"{"storage":"memory"}"#)
            .set_primary_auth(&junk)
            .expect_err("junk accepted");
        check_error(&e, "invalid_input", false);
    }
}

/// The IST in the page's cookie.
fn ist_cookie() -> Option<String> {
    cookie_string()
        .split("; ")
        .find_map(|c| c.strip_prefix("stytch_intermediate_session_token="))
        .map(String::from)
}

#[wasm_bindgen_test]
async fn an_organization_that_restricts_primary_auth_gives_primary_required() {
    fresh().await;
    emu(
        "POST",
        &format!("/emulator/v1/organizations/{ORG}"),
        Some(r#"{"auth_methods":"RESTRICTED","allowed_auth_methods":["password","magic_link"]}"#),
    )
    .await;
    let c = client("{}");
    let st = email_primary(&c, ALICE_EMAIL).await;
    assert_eq!(str_at(&st, "status"), "primary_required", "{}", json(&st));
    assert_eq!(
        json(&get(&st, "allowedAuthMethods")),
        r#"["password","magic_link"]"#
    );
    assert_eq!(str_at(&st, "memberId"), ALICE);
    assert!(num_at(&st, "istExpiresAt") > now());
    let first_ist = ist_cookie().expect("the IST is kept");
    assert_eq!(json(&c.get_mfa_state()), json(&st));

    // SMS MFA on that IST: Stytch answers without a member session and with a
    // new IST, the primary factor still required.
    ok(c.send_sms(&mfa_input())).await;
    let code = sms_code(ALICE_PHONE).await;
    let done = ok(c.authenticate(&code_input(&code))).await;
    assert!(done.is_null(), "no session yet: {}", json(&done));
    let st = c.get_mfa_state();
    assert_eq!(str_at(&st, "status"), "primary_required", "{}", json(&st));
    let second_ist = ist_cookie().expect("the new IST is kept");
    assert_ne!(
        second_ist, first_ist,
        "the answer's new IST replaces the spent one"
    );
    assert!(!cookie_string().contains("stytch_session="));
    fails(
        c.authenticate(&code_input(&code)),
        "no_pending_challenge",
        false,
    )
    .await;
    c.cancel();
    fresh().await;
}

#[wasm_bindgen_test]
async fn email_otp_with_a_member_session_adds_the_factor_to_it() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    email_primary(&c, ALICE_EMAIL).await;
    let code = sms_code(ALICE_PHONE).await;
    let session = ok(c.authenticate(&code_input(&code))).await;
    let email_at = |s: &JsValue| {
        let factors = js_sys::Array::from(&get(s, "factors"));
        factors
            .iter()
            .find(|f| str_at(f, "deliveryMethod") == "email")
            .map(|f| num_at(&f, "lastAuthenticatedAt"))
    };
    let before = email_at(&session).expect("an email factor");
    advance_clock(60).await;
    // Signed in, the member proves their email again: the session token goes
    // in Authorization, so Stytch refreshes the factor on the same session
    // instead of opening a new one.
    let st = email_primary(&c, ALICE_EMAIL).await;
    assert_eq!(str_at(&st, "status"), "authenticated", "{}", json(&st));
    assert_eq!(str_at(&st, "sessionId"), str_at(&session, "sessionId"));
    assert!(email_at(&st).expect("an email factor") >= before + 60_000.0);
    assert!(
        json(&st).contains(r#""deliveryMethod":"sms""#),
        "the SMS factor stays"
    );
    c.sign_out();
}
