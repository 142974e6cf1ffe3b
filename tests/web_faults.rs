//! Fault matrix: every fault the emulator can inject, through `sendSms` and
//! `authenticate` in both flows. Each case checks the typed error, its
//! `retryable` flag (and `retryAfter`), that the state and the storage are
//! unchanged, and that the next call succeeds once the fault is gone.
#![cfg(target_arch = "wasm32")]
mod web_support;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Clone, Copy, Debug)]
enum Op {
    ConsumerSend,
    ConsumerAuth,
    MfaSend,
    MfaAuth,
}

const OPS: [Op; 4] = [Op::ConsumerSend, Op::ConsumerAuth, Op::MfaSend, Op::MfaAuth];

impl Op {
    fn path(self) -> &'static str {
        match self {
            Op::ConsumerSend => "/sdk/v1/otps/sms/login_or_create",
            Op::ConsumerAuth => "/sdk/v1/otps/authenticate",
            Op::MfaSend => "/sdk/v1/b2b/otps/sms/send",
            Op::MfaAuth => "/sdk/v1/b2b/otps/sms/authenticate",
        }
    }
    fn call(self, c: &Client, input: &JsValue) -> Promise {
        match self {
            Op::ConsumerSend | Op::MfaSend => c.send_sms(input),
            Op::ConsumerAuth | Op::MfaAuth => c.authenticate(input),
        }
    }
}

/// What the fault is and what the SDK must report.
struct Case {
    /// The fault's JSON without `path` (None: no fault).
    fault: Option<&'static str>,
    error_type: &'static str,
    retryable: bool,
    status: f64,
    retry_after: Option<f64>,
    /// Abort the call through an `AbortSignal` after this many ms.
    abort_ms: Option<u32>,
    /// Also accepted: (error type, retryable, status). A body cut before the
    /// response head was flushed is a network error to the browser.
    alt: Option<(&'static str, bool, f64)>,
}

/// Brings `op` to the point where the faulted call is next; returns the client and the call's input.
async fn setup(op: Op, n: u32) -> (Client, JsValue) {
    fresh().await;
    let c = client(r#"{"storage":"localStorage","timeoutMs":400}"#);
    let p = phone(400 + n);
    let input = match op {
        Op::ConsumerSend => send_input(&p),
        Op::ConsumerAuth => {
            ok(c.send_sms(&send_input(&p))).await;
            code_input(&sms_code(&p).await)
        }
        Op::MfaSend => {
            email_primary(&c, ALICE_EMAIL).await;
            mfa_input()
        }
        Op::MfaAuth => {
            email_primary(&c, ALICE_EMAIL).await;
            code_input(&sms_code(ALICE_PHONE).await)
        }
    };
    (c, input)
}

async fn run(case: Case, first: u32) {
    for (i, op) in OPS.into_iter().enumerate() {
        let (c, input) = setup(op, first + i as u32).await;
        let state = json(&c.get_mfa_state());
        let stored = storage_dump();
        if let Some(f) = case.fault {
            let count = if f.contains("\"count\"") {
                ""
            } else {
                r#""count":1,"#
            };
            let f = f.replacen('{', &format!(r#"{{"path":"{}",{count}"#, op.path()), 1);
            fault(&f).await;
        }
        let faulted = match case.abort_ms {
            Some(ms) => with_key(parse(&json(&input)), "signal", &abort_after(ms)),
            None => input.clone(),
        };
        let e = wasm_bindgen_futures::JsFuture::from(op.call(&c, &faulted))
            .await
            .expect_err("the faulted call succeeded");
        match case.alt {
            Some((t, r, st)) if get(&e, "errorType").as_string().as_deref() == Some(t) => {
                check_error(&e, t, r);
                assert_eq!(status_code(&e), st);
            }
            _ => {
                check_error(&e, case.error_type, case.retryable);
                assert_eq!(status_code(&e), case.status, "{op:?} {}", case.error_type);
            }
        }
        assert_eq!(
            retry_after(&e),
            case.retry_after,
            "{op:?} {}",
            case.error_type
        );
        assert_eq!(
            json(&c.get_mfa_state()),
            state,
            "{op:?} {}: state unchanged",
            case.error_type
        );
        assert_eq!(
            storage_dump(),
            stored,
            "{op:?} {}: storage unchanged",
            case.error_type
        );
        // One request used the fault up (no silent browser re-send took it); the next call succeeds.
        if case.fault.is_some() {
            let left = emu("GET", "/emulator/v1/faults", None).await;
            assert_eq!(
                js_sys::Array::from(&get(&left, "faults")).length(),
                0,
                "{op:?} {}: fault left armed",
                case.error_type
            );
        }
        emu("DELETE", "/emulator/v1/faults", None).await;
        let r = ok(op.call(&c, &input)).await;
        match op {
            Op::ConsumerSend | Op::MfaSend => {
                assert_eq!(status(&c), "code_sent", "{op:?}: {}", json(&r))
            }
            Op::ConsumerAuth | Op::MfaAuth => {
                assert_eq!(status(&c), "authenticated", "{op:?}: {}", json(&r))
            }
        }
    }
    // Let delayed requests of latency faults land before the next test resets the emulator.
    if case.abort_ms.is_some() || case.error_type == "timeout" {
        wait(1300).await;
    }
}

#[wasm_bindgen_test]
async fn status_500() {
    run(
        Case {
            fault: Some(r#"{"kind":"status","status":500}"#),
            error_type: "internal_server_error",
            retryable: true,
            status: 500.0,
            retry_after: None,
            abort_ms: None,
            alt: None,
        },
        0,
    )
    .await;
}

#[wasm_bindgen_test]
async fn status_502() {
    run(
        Case {
            fault: Some(r#"{"kind":"status","status":502}"#),
            error_type: "bad_gateway",
            retryable: true,
            status: 502.0,
            retry_after: None,
            abort_ms: None,
            alt: None,
        },
        10,
    )
    .await;
}

#[wasm_bindgen_test]
async fn status_503_with_retry_after() {
    run(
        Case {
            fault: Some(r#"{"kind":"status","status":503,"retry_after":3}"#),
            error_type: "service_unavailable",
            retryable: true,
            status: 503.0,
            retry_after: Some(3.0),
            abort_ms: None,
            alt: None,
        },
        20,
    )
    .await;
}

#[wasm_bindgen_test]
async fn status_429_with_retry_after() {
    run(
        Case {
            fault: Some(r#"{"kind":"status","status":429,"retry_after":7}"#),
            error_type: "too_many_requests",
            retryable: true,
            status: 429.0,
            retry_after: Some(7.0),
            abort_ms: None,
            alt: None,
        },
        30,
    )
    .await;
}

#[wasm_bindgen_test]
async fn latency_beyond_the_timeout() {
    run(
        Case {
            fault: Some(r#"{"kind":"latency","delay_ms":1200}"#),
            error_type: "timeout",
            retryable: true,
            status: 0.0,
            retry_after: None,
            abort_ms: None,
            alt: None,
        },
        40,
    )
    .await;
}

#[wasm_bindgen_test]
async fn dropped_connection() {
    // Armed for one request: the emulator answers with a head no client accepts,
    // so the browser cannot silently re-send on a fresh connection.
    run(
        Case {
            fault: Some(r#"{"kind":"drop"}"#),
            error_type: "network_error",
            retryable: true,
            status: 0.0,
            retry_after: None,
            abort_ms: None,
            alt: None,
        },
        50,
    )
    .await;
}

#[wasm_bindgen_test]
async fn truncated_body() {
    // Armed for one request: the head (200, JSON, CORS) always arrives, the body is cut.
    run(
        Case {
            fault: Some(r#"{"kind":"truncate"}"#),
            error_type: "invalid_response",
            retryable: false,
            status: 200.0,
            retry_after: None,
            abort_ms: None,
            alt: None,
        },
        60,
    )
    .await;
}

#[wasm_bindgen_test]
async fn malformed_json() {
    run(
        Case {
            fault: Some(r#"{"kind":"malformed_json"}"#),
            error_type: "invalid_response",
            retryable: false,
            status: 200.0,
            retry_after: None,
            abort_ms: None,
            alt: None,
        },
        70,
    )
    .await;
}

#[wasm_bindgen_test]
async fn wrong_content_type() {
    run(
        Case {
            fault: Some(r#"{"kind":"wrong_content_type"}"#),
            error_type: "invalid_response",
            retryable: false,
            status: 200.0,
            retry_after: None,
            abort_ms: None,
            alt: None,
        },
        80,
    )
    .await;
}

#[wasm_bindgen_test]
async fn aborted_by_the_caller() {
    // A slow answer, aborted by the caller before the 400 ms timeout.
    run(
        Case {
            fault: Some(r#"{"kind":"latency","delay_ms":1200}"#),
            error_type: "aborted",
            retryable: false,
            status: 0.0,
            retry_after: None,
            abort_ms: Some(50),
            alt: None,
        },
        90,
    )
    .await;
}

#[wasm_bindgen_test]
async fn already_aborted_signal_sends_nothing() {
    fresh().await;
    let c = client(r#"{"storage":"memory"}"#);
    let p = phone(499);
    let input = with_key(send_input(&p), "signal", &aborted_signal());
    fails(c.send_sms(&input), "aborted", false).await;
    assert_eq!(sms_count(&p).await, 0);
    assert_eq!(status(&c), "none");
}

#[wasm_bindgen_test]
async fn unreachable_api() {
    fresh().await;
    // Nothing listens on port 9 of loopback.
    let c = client(r#"{"storage":"memory","baseUrl":"http://127.0.0.1:9"}"#);
    fails(c.send_sms(&send_input(&phone(498))), "network_error", true).await;
    assert_eq!(status(&c), "none");
}
