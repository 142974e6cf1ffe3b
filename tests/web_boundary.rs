//! A hostile caller's objects at the boundary: fake `AbortSignal`s, inputs
//! whose getters throw, proxies, odd numbers, a clock moved back. Each gives
//! a typed `SdkError` (never a `TypeError` or a wasm trap), sends nothing and
//! leaves the state as it was.
#![cfg(target_arch = "wasm32")]
mod web_support;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function fakeSignals() {
  const real = new AbortController().signal;
  return [
    Object.create(AbortSignal.prototype),
    new Proxy(real, {}),
    new Proxy(real, { get() { throw new Error('trap'); } }),
    { aborted: false, addEventListener() {} },
    'signal',
    42,
  ];
}
export function withSignal(input, signal) { return { ...input, signal }; }
export function throwingGetter(input, key) {
  const o = { ...input };
  Object.defineProperty(o, key, { enumerable: true, get() { throw new Error('getter'); } });
  return o;
}
export function throwingProxy(input) {
  return new Proxy(input, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
}
export function stringObject(s) { return new String(s); }
let realNow;
export function shiftClock(ms) { realNow = realNow || Date.now; const r = realNow; Date.now = () => r() + ms; }
export function restoreClock() { if (realNow) Date.now = realNow; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fakeSignals)]
    fn fake_signals() -> js_sys::Array;
    #[wasm_bindgen(js_name = withSignal)]
    fn with_signal(input: &JsValue, signal: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = throwingGetter)]
    fn throwing_getter(input: &JsValue, key: &str) -> JsValue;
    #[wasm_bindgen(js_name = throwingProxy)]
    fn throwing_proxy(input: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = shiftClock)]
    fn shift_clock(ms: f64);
    #[wasm_bindgen(js_name = restoreClock)]
    fn restore_clock();
}

/// `call` fails with `error_type`, and nothing changed.
async fn refused(c: &Client, call: Promise, error_type: &str) {
    let before = json(&c.get_mfa_state());
    fails(call, error_type, false).await;
    assert_eq!(json(&c.get_mfa_state()), before, "state unchanged");
}

#[wasm_bindgen_test]
async fn fake_signals_are_refused_before_anything_is_sent() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(300);
    for signal in fake_signals().iter() {
        refused(
            &c,
            c.send_sms(&with_signal(&send_input(&p), &signal)),
            "invalid_input",
        )
        .await;
    }
    assert_eq!(sms_count(&p).await, 0, "no request was sent");
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    for signal in fake_signals().iter() {
        refused(
            &c,
            c.authenticate(&with_signal(&code_input(&code), &signal)),
            "invalid_input",
        )
        .await;
    }
    // The code was not spent: the real call still works.
    ok(c.authenticate(&code_input(&code))).await;
    assert_eq!(status(&c), "authenticated");
}

#[wasm_bindgen_test]
async fn inputs_whose_getters_throw_are_refused() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(301);
    for key in ["phoneNumber", "locale", "signal", "organizationId"] {
        refused(
            &c,
            c.send_sms(&throwing_getter(&send_input(&p), key)),
            "invalid_input",
        )
        .await;
    }
    refused(
        &c,
        c.send_sms(&throwing_proxy(&send_input(&p))),
        "invalid_input",
    )
    .await;
    refused(
        &c,
        c.authenticate(&throwing_proxy(&code_input("123456"))),
        "invalid_input",
    )
    .await;
    refused(
        &c,
        c.email_login_or_signup(&throwing_proxy(&parse(
            r#"{"organizationId":"o","emailAddress":"a@b.c"}"#,
        ))),
        "invalid_input",
    )
    .await;
    let e = c
        .set_primary_auth(&throwing_proxy(&parse(
            r#"{"intermediateSessionToken":"t","organizationId":"o","memberId":"m"}"#,
        )))
        .unwrap_err();
    check_error(&e, "invalid_input", false);
    assert_eq!(sms_count(&p).await, 0, "no request was sent");
    assert_eq!(status(&c), "none");
}

#[wasm_bindgen_test]
async fn a_config_whose_getters_throw_is_refused() {
    let cfg = throwing_getter(
        &parse(r#"{"publicToken":"public-token-test-emulator","storage":"memory"}"#),
        "baseUrl",
    );
    check_error(
        &sms_mfa_sdk::create_client(cfg)
            .map(JsValue::from)
            .unwrap_err(),
        "invalid_config",
        false,
    );
    let cfg = throwing_proxy(&parse(
        r#"{"publicToken":"public-token-test-emulator","storage":"memory"}"#,
    ));
    check_error(
        &sms_mfa_sdk::create_client(cfg)
            .map(JsValue::from)
            .unwrap_err(),
        "invalid_config",
        false,
    );
}

#[wasm_bindgen_test]
async fn a_clock_moved_back_does_not_stretch_the_resend_wait() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(302);
    ok(c.send_sms(&send_input(&p))).await;
    shift_clock(-3_600_000.0);
    let e = fails(c.send_sms(&send_input(&p)), "resend_too_soon", true).await;
    restore_clock();
    let wait = retry_after(&e).expect("retryAfter");
    assert!(
        (1.0..=30.0).contains(&wait),
        "retryAfter {wait} stays within the 30 s resend delay"
    );
    assert_eq!(sms_count(&p).await, 1);
}

#[wasm_bindgen_test]
async fn retry_after_values_no_server_should_send_are_ignored() {
    for (n, value) in ["1e13", "1e309", "Infinity", "-5", "99999999999999999999"]
        .iter()
        .enumerate()
    {
        fresh().await;
        let c = client(r#"{"storage":"memory"}"#);
        let p = phone(310 + n as u32);
        // On a 429: the rate limit, retryable, with no retryAfter (or the saturated digits).
        fault(&format!(
            r#"{{"path":"/sdk/v1/otps/sms/login_or_create","kind":"status","status":429,"retry_after_raw":"{value}"}}"#
        ))
        .await;
        let e = fails(c.send_sms(&send_input(&p)), "too_many_requests", true).await;
        assert_eq!(status_code(&e), 429.0);
        let expected = (*value == "99999999999999999999").then_some(f64::from(u32::MAX));
        assert_eq!(retry_after(&e), expected, "Retry-After {value}");
        assert_eq!(status(&c), "none");
        // On a 200: the answer is read as it is, the session is issued.
        ok(c.send_sms(&send_input(&p))).await;
        let code = sms_code(&p).await;
        fault(&format!(r#"{{"path":"/sdk/v1/otps/authenticate","kind":"latency","delay_ms":0,"retry_after_raw":"{value}"}}"#)).await;
        let s = ok(c.authenticate(&code_input(&code))).await;
        assert!(get(&s, "sessionId").is_string());
        assert_eq!(status(&c), "authenticated", "Retry-After {value} on a 200");
    }
}
