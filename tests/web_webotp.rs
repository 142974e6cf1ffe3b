//! WebOTP through a scripted `navigator.credentials`: a headless browser
//! cannot receive an SMS, so each test installs a `credentials.get` that
//! answers with the emulator's code (or never, or refuses) and checks what
//! the SDK asked for and did with the answer.
#![cfg(target_arch = "wasm32")]
mod web_support;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const own = Object.getOwnPropertyDescriptor(Navigator.prototype, 'credentials');
const hadOtp = 'OTPCredential' in globalThis;
const seen = [];
function install(get) {
  Object.defineProperty(navigator, 'credentials', { configurable: true, value: { get } });
  if (!('OTPCredential' in globalThis)) globalThis.OTPCredential = function OTPCredential() {};
}
// Answers the next request with `code` (after `ms`), recording its options.
export function scriptCode(code, ms) {
  install((options) => {
    seen.push({ transport: options && options.otp && options.otp.transport, hasSignal: options && options.signal instanceof AbortSignal });
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => resolve({ type: 'otp', id: 'otp', code }), ms);
      options.signal && options.signal.addEventListener('abort', () => { clearTimeout(t); reject(new DOMException('aborted', 'AbortError')); });
    });
  });
}
export function scriptRefusal(name) { install(() => Promise.reject(new DOMException('refused', name))); }
export function scriptNoWebOtp() {
  Object.defineProperty(navigator, 'credentials', { configurable: true, value: {} });
  delete globalThis.OTPCredential;
}
export function restoreCredentials() {
  if (own) delete navigator.credentials;
  if (!hadOtp) delete globalThis.OTPCredential;
}
export function lastRequest() { return JSON.stringify(seen[seen.length - 1] || null); }
export function withSignal(input, signal) { return Object.assign(input, { signal }); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = scriptCode)]
    fn script_code(code: &str, ms: u32);
    #[wasm_bindgen(js_name = scriptRefusal)]
    fn script_refusal(name: &str);
    #[wasm_bindgen(js_name = scriptNoWebOtp)]
    fn script_no_web_otp();
    #[wasm_bindgen(js_name = restoreCredentials)]
    fn restore_credentials();
    #[wasm_bindgen(js_name = lastRequest)]
    fn last_request() -> String;
    #[wasm_bindgen(js_name = withSignal)]
    fn with_signal(input: JsValue, signal: &JsValue) -> JsValue;
    #[wasm_bindgen(method, js_name = waitForCode)]
    fn wait_for_code(this: &Client, input: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(method, js_name = authenticateWithWebOtp)]
    fn authenticate_with_web_otp(this: &Client, input: &JsValue) -> js_sys::Promise;
}

async fn code_sent(n: u32, storage: &str) -> (Client, String, String) {
    fresh().await;
    let c = client(&format!(r#"{{"storage":"{storage}"}}"#));
    let p = phone(n);
    ok(c.send_sms(&send_input(&p))).await;
    let code = sms_code(&p).await;
    (c, p, code)
}

#[wasm_bindgen_test]
async fn scripted_web_otp_gives_the_code_which_is_never_stored() {
    let (c, _, code) = code_sent(400, "localStorage").await;
    script_code(&code, 20);
    let got = ok(c.wait_for_code(&parse("{}"))).await;
    assert_eq!(got.as_string().as_deref(), Some(code.as_str()));
    assert_eq!(last_request(), r#"{"transport":["sms"],"hasSignal":false}"#);
    assert!(!storage_dump().contains(&code), "the code is not stored");
    assert_eq!(status(&c), "code_sent", "waiting changes nothing");
    ok(c.authenticate(&code_input(&code))).await;
    restore_credentials();
}

#[wasm_bindgen_test]
async fn scripted_web_otp_authenticates_in_one_call() {
    let (c, _, code) = code_sent(401, "cookie").await;
    script_code(&code, 20);
    let input = with_signal(
        parse(r#"{"sessionDurationMinutes":30}"#),
        &abort_after(5_000),
    );
    let s = ok(c.authenticate_with_web_otp(&input)).await;
    assert!(get(&s, "sessionId").is_string());
    assert_eq!(last_request(), r#"{"transport":["sms"],"hasSignal":true}"#);
    assert_eq!(status(&c), "authenticated");
    assert!(!storage_dump().contains(&code), "the code is not stored");
    let expires = num_at(&s, "expiresAt") - now();
    assert!(
        (29.0 * 60_000.0..=30.0 * 60_000.0).contains(&expires),
        "sessionDurationMinutes was sent"
    );
    restore_credentials();
}

#[wasm_bindgen_test]
async fn scripted_web_otp_stops_when_the_signal_fires() {
    let (c, _, code) = code_sent(402, "memory").await;
    script_code(&code, 60_000);
    let before = json(&c.get_mfa_state());
    fails(
        c.wait_for_code(&with_signal(parse("{}"), &abort_after(50))),
        "aborted",
        false,
    )
    .await;
    fails(
        c.authenticate_with_web_otp(&with_signal(parse("{}"), &abort_after(50))),
        "aborted",
        false,
    )
    .await;
    assert_eq!(json(&c.get_mfa_state()), before, "state unchanged");
    ok(c.authenticate(&code_input(&code))).await;
    restore_credentials();
}

#[wasm_bindgen_test]
async fn without_web_otp_the_code_is_null_and_the_one_call_refuses() {
    let (c, _, code) = code_sent(403, "memory").await;
    script_no_web_otp();
    assert!(ok(c.wait_for_code(&parse("{}"))).await.is_null());
    fails(
        c.authenticate_with_web_otp(&parse("{}")),
        "web_otp_unavailable",
        false,
    )
    .await;
    script_refusal("NotAllowedError");
    fails(c.wait_for_code(&parse("{}")), "web_otp_unavailable", false).await;
    assert_eq!(status(&c), "code_sent");
    ok(c.authenticate(&code_input(&code))).await;
    restore_credentials();
}

#[wasm_bindgen_test]
async fn web_otp_needs_a_pending_challenge_and_a_real_signal() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    script_code("123456", 10);
    fails(c.wait_for_code(&parse("{}")), "no_pending_challenge", false).await;
    fails(
        c.authenticate_with_web_otp(&parse("{}")),
        "no_pending_challenge",
        false,
    )
    .await;
    fails(
        c.wait_for_code(&parse(r#"{"signal":{}}"#)),
        "invalid_input",
        false,
    )
    .await;
    restore_credentials();
}
