//! Bot protection against the running emulator, in a real browser: the
//! project's bootstrap says whether sends need a captcha (and a device
//! fingerprint); the config's hooks supply them; Stytch's "Captcha required"
//! refusal gets one fresh token and one retry.
#![cfg(target_arch = "wasm32")]
mod web_support;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// A captcha hook that hands out `tokens` in turn (async, like Turnstile's), counting its calls.
export function captchaHook(tokens) {
  const hook = async () => { hook.calls += 1; return tokens[Math.min(hook.calls - 1, tokens.length - 1)]; };
  hook.calls = 0;
  return hook;
}
export function throwingHook() { return () => { throw new Error('widget failed'); }; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = captchaHook)]
    fn captcha_hook(tokens: Vec<JsValue>) -> js_sys::Function;
    #[wasm_bindgen(js_name = throwingHook)]
    fn throwing_hook() -> js_sys::Function;
}

fn hook(tokens: &[&str]) -> js_sys::Function {
    captcha_hook(tokens.iter().map(|t| JsValue::from_str(t)).collect())
}

fn calls(f: &js_sys::Function) -> f64 {
    num_at(f.unchecked_ref(), "calls")
}

async fn protect(json: &str) {
    emu("POST", "/emulator/v1/bot_protection", Some(json)).await;
}

async fn bot_stats() -> JsValue {
    emu("GET", "/emulator/v1/bot_protection", None).await
}

fn client_with_hooks(captcha: Option<&js_sys::Function>, dfp: Option<&js_sys::Function>) -> Client {
    let mut cfg = parse(r#"{"storage":"memory"}"#);
    if let Some(f) = captcha {
        cfg = with_key(cfg, "captcha", f);
    }
    if let Some(f) = dfp {
        cfg = with_key(cfg, "dfpTelemetryId", f);
    }
    client_with(cfg)
}

#[wasm_bindgen_test]
async fn without_bot_protection_no_hook_is_called() {
    fresh().await;
    let captcha = hook(&["token-unused"]);
    let c = client_with_hooks(Some(&captcha), None);
    ok(c.send_sms(&send_input(&phone(500)))).await;
    assert_eq!(calls(&captcha), 0.0);
    assert_eq!(num_at(&bot_stats().await, "captcha_tokens_accepted"), 0.0);
}

#[wasm_bindgen_test]
async fn a_required_captcha_without_a_hook_fails_locally_before_sending() {
    fresh().await;
    protect(r#"{"captcha_enabled":true,"site_key":"site-key-test"}"#).await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(501);
    let e = fails(c.send_sms(&send_input(&p)), "captcha_required", false).await;
    assert_eq!(status_code(&e), 0.0, "refused locally");
    assert_eq!(sms_count(&p).await, 0, "nothing sent");
    assert_eq!(num_at(&bot_stats().await, "captcha_refusals"), 0.0);
    assert_eq!(status(&c), "none");
    fresh().await;
}

#[wasm_bindgen_test]
async fn the_hook_token_goes_with_each_send() {
    fresh().await;
    protect(r#"{"captcha_enabled":true}"#).await;
    let captcha = hook(&["captcha-token-1", "captcha-token-2", "captcha-token-3"]);
    let c = client_with_hooks(Some(&captcha), None);
    let p = phone(502);
    ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(calls(&captcha), 1.0);
    let code = sms_code(&p).await;
    ok(c.authenticate(&code_input(&code))).await;
    assert_eq!(calls(&captcha), 1.0, "authenticate needs no captcha");
    // B2B email login is a send too.
    ok(c.email_login_or_signup(&parse(&format!(
        r#"{{"organizationId":"{ORG}","emailAddress":"{ALICE_EMAIL}"}}"#
    ))))
    .await;
    assert_eq!(calls(&captcha), 2.0);
    assert_eq!(num_at(&bot_stats().await, "captcha_tokens_accepted"), 2.0);
    fresh().await;
}

#[wasm_bindgen_test]
async fn a_refused_token_gets_one_fresh_token_and_one_retry() {
    fresh().await;
    protect(r#"{"captcha_enabled":true}"#).await;
    // Spend a token, then hand it out again: Stytch refuses a used token.
    let spender = hook(&["captcha-token-spent"]);
    let first = client_with_hooks(Some(&spender), None);
    ok(first.send_sms(&send_input(&phone(503)))).await;
    let captcha = hook(&["captcha-token-spent", "captcha-token-fresh"]);
    let c = client_with_hooks(Some(&captcha), None);
    let p = phone(504);
    ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(calls(&captcha), 2.0, "a fresh token after the refusal");
    assert_eq!(sms_count(&p).await, 1);
    let stats = bot_stats().await;
    assert_eq!(num_at(&stats, "captcha_refusals"), 1.0);
    // Refused twice: the error, not a loop.
    let stale = hook(&["captcha-token-spent"]);
    let c = client_with_hooks(Some(&stale), None);
    let e = fails(
        c.send_sms(&send_input(&phone(505))),
        "captcha_required",
        false,
    )
    .await;
    assert_eq!(status_code(&e), 403.0, "Stytch's refusal");
    assert_eq!(calls(&stale), 2.0);
    assert_eq!(status(&c), "none");
    fresh().await;
}

#[wasm_bindgen_test]
async fn a_hook_that_fails_gives_captcha_required() {
    fresh().await;
    protect(r#"{"captcha_enabled":true}"#).await;
    let c = client_with_hooks(Some(&throwing_hook()), None);
    let p = phone(506);
    fails(c.send_sms(&send_input(&p)), "captcha_required", false).await;
    assert_eq!(sms_count(&p).await, 0);
    let empty = hook(&[""]);
    let c = client_with_hooks(Some(&empty), None);
    fails(c.send_sms(&send_input(&p)), "captcha_required", false).await;
    fresh().await;
}

#[wasm_bindgen_test]
async fn the_fingerprint_hook_supplies_dfp_telemetry_id_when_the_project_asks() {
    fresh().await;
    let dfp = hook(&["dfp-telemetry-id-test-1"]);
    // DFP off: not called.
    let c = client_with_hooks(None, Some(&dfp));
    ok(c.send_sms(&send_input(&phone(507)))).await;
    assert_eq!(calls(&dfp), 0.0);
    protect(r#"{"dfp_enabled":true}"#).await;
    let c = client_with_hooks(None, Some(&dfp));
    ok(c.send_sms(&send_input(&phone(508)))).await;
    assert_eq!(calls(&dfp), 1.0);
    let ids = js_sys::Array::from(&get(&bot_stats().await, "dfp_telemetry_ids"));
    assert_eq!(
        ids.get(ids.length() - 1).as_string().as_deref(),
        Some("dfp-telemetry-id-test-1")
    );
    fresh().await;
}

#[wasm_bindgen_test]
async fn a_refusal_the_bootstrap_did_not_announce_is_answered_from_the_hook() {
    fresh().await;
    let captcha = hook(&["captcha-token-late"]);
    let c = client_with_hooks(Some(&captcha), None);
    // The client has read a bootstrap without captcha; the project turns it on.
    ok(c.send_sms(&send_input(&phone(509)))).await;
    assert_eq!(calls(&captcha), 0.0);
    c.cancel();
    protect(r#"{"captcha_enabled":true}"#).await;
    let p = phone(510);
    ok(c.send_sms(&send_input(&p))).await;
    assert_eq!(
        calls(&captcha),
        1.0,
        "Stytch's refusal, then a token and one retry"
    );
    assert_eq!(sms_count(&p).await, 1);
    assert_eq!(num_at(&bot_stats().await, "captcha_refusals"), 1.0);
    fresh().await;
}
