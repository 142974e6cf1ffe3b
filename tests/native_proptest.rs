#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the SDK's parsers: phone numbers, JSON through the codec,
//! RFC 3339 times, `Retry-After`, passcodes, response reading and
//! stored-state reading never panic, and what is written reads back the same.
//!
//! Cases per property: `PROPTEST_CASES` (default 2000). Each test prints how
//! many cases it ran.
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use serde_json::Value;
use sms_mfa_sdk::sdk::api::{self, Response};
use sms_mfa_sdk::sdk::codec::{Codec, SerdeJson};
use sms_mfa_sdk::sdk::phone;
use sms_mfa_sdk::sdk::state::{
    self, Factor, Flow, MfaChallenge, Pending, SessionInfo, State, Stored, StoredRef, MAX_STORED,
};
use sms_mfa_sdk::sdk::time::{parse_retry_after, parse_rfc3339_ms};
use sms_mfa_sdk::sdk::token::Code;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

fn run<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let count = std::cell::Cell::new(0u64);
    let result = runner.run(&strategy, |v| {
        count.set(count.get() + 1);
        test(v)
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    println!("proptest {name}: {} cases", count.get());
}

// ------------------------------------------------------------------ phone

fn phone_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[+0-9 ().-]{0,24}",
        "\\+[1-9][0-9]{6,15}",
        "(\\+|00)[0-9]{1,3}[ -]?[0-9 ().-]{4,20}",
        "\\+1[0-9]{10}",
        "\\+7[0-9]{10}",
        "[+＋]?[0-9０-９٠-٩]{8,15}",
    ]
}

#[test]
fn phone_parse_never_panics_and_is_idempotent() {
    run("phone", phone_like(), |s| {
        if let Ok(p) = phone::parse(&s) {
            let e = p.as_str();
            prop_assert!(e.starts_with('+'));
            prop_assert!((9..=16).contains(&e.len()), "{e}");
            prop_assert!(e[1..].bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(phone::parse(e), Ok(p.clone()));
            let m = p.masked();
            prop_assert!(m.ends_with(&e[e.len() - 4..]));
            prop_assert!(
                !m.contains(&e[1..e.len() - 4]) || e.len() - 4 <= 1 + p.calling_code().len()
            );
            prop_assert_eq!(p.country().len(), 2);
        }
        let _ = phone::mask(&s);
        Ok(())
    });
}

#[test]
fn phone_formatting_does_not_matter() {
    let strategy = (
        "[1-9][0-9]{7,14}",
        proptest::collection::vec((0usize..16, "[ ().-]"), 0..6),
        any::<bool>(),
    );
    run(
        "phone formatting",
        strategy,
        |(digits, seps, double_zero)| {
            let plain = phone::parse(&format!("+{digits}"));
            let mut formatted: String = digits.clone();
            for (at, sep) in seps {
                let at = at.min(formatted.len());
                formatted.insert_str(at, &sep);
            }
            let formatted = if double_zero {
                format!("00{formatted}")
            } else {
                format!("+{formatted}")
            };
            prop_assert_eq!(phone::parse(&formatted), plain, "{}", formatted);
            Ok(())
        },
    );
}

// ------------------------------------------------------------------ JSON

// JSON is serde_json's natively (the hand-written reader is gone): what is
// checked here is the SDK's codec around it.

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Exactly representable, with a short decimal form: read back exactly
        // without serde_json's `float_roundtrip`.
        (-(1i64 << 20)..(1i64 << 20), 0u32..10)
            .prop_map(|(m, e)| Value::from(m as f64 / f64::from(1u32 << e))),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn json_round_trip() {
    run("json round trip", json_value(), |v| {
        let s = SerdeJson::to_text(&v).unwrap();
        prop_assert_eq!(SerdeJson::from_text::<Value>(&s), Some(v.clone()));
        // whitespace between tokens is fine
        let spaced = format!(" \n{s}\t ");
        prop_assert_eq!(SerdeJson::from_text::<Value>(&spaced), Some(v.clone()));
        prop_assert_eq!(SerdeJson::from_document::<Value>(&v), Some(v));
        Ok(())
    });
}

#[test]
fn json_never_panics() {
    let strategy = prop_oneof![
        any::<String>(),
        "[\\[\\]{}\":,0-9a-z\\\\ .eE+-]{0,64}",
        json_value()
            .prop_flat_map(|v| {
                let s = v.to_string();
                let n = s.len();
                (Just(s), 0..=n, any::<u8>())
            })
            .prop_map(|(s, cut, b)| {
                // truncate or corrupt one byte of a valid document
                let mut bytes = s.into_bytes();
                if cut < bytes.len() && b % 2 == 0 {
                    bytes[cut] = b"{}[]\",:\\0ae"[usize::from(b) % 11];
                } else {
                    bytes.truncate(cut);
                }
                String::from_utf8_lossy(&bytes).into_owned()
            }),
    ];
    run("json never panics", strategy, |s| {
        let _ = SerdeJson::from_text::<Value>(&s);
        let _ = SerdeJson::from_text::<Stored>(&s);
        Ok(())
    });
}

// ------------------------------------------------------------------ time, codes

fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[test]
fn rfc3339_round_trip() {
    // 0001-01-01 .. 9999-12-31
    let strategy = (
        -62_135_596_800_000i64..253_402_300_800_000,
        -1439i64..=1439,
        any::<bool>(),
    );
    run("rfc3339", strategy, |(ms, offset_min, z)| {
        let offset_min = if z { 0 } else { offset_min };
        let local = ms + offset_min * 60_000;
        let (days, rem) = (local.div_euclid(86_400_000), local.rem_euclid(86_400_000));
        let (y, mo, d) = civil(days);
        prop_assume!((1..=9999).contains(&y));
        let off = if z {
            "Z".to_string()
        } else {
            format!(
                "{}{:02}:{:02}",
                if offset_min < 0 { '-' } else { '+' },
                offset_min.abs() / 60,
                offset_min.abs() % 60
            )
        };
        let s = format!(
            "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{:03}{off}",
            rem / 3_600_000,
            rem / 60_000 % 60,
            rem / 1000 % 60,
            rem % 1000
        );
        prop_assert_eq!(parse_rfc3339_ms(&s), Some(ms), "{}", s);
        Ok(())
    });
    run(
        "rfc3339 never panics",
        prop_oneof![any::<String>(), "[0-9:TZ.+-]{0,40}"],
        |s| {
            let _ = parse_rfc3339_ms(&s);
            Ok(())
        },
    );
}

#[test]
fn codes() {
    run(
        "code",
        prop_oneof![any::<String>(), "[0-9]{0,8}", "[0-9０-９ ]{6}"],
        |s| {
            let ok = s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit());
            prop_assert_eq!(Code::parse(&s).is_ok(), ok);
            Ok(())
        },
    );
}

// ------------------------------------------------------------------ responses

const AUTH: &str = r#"{"data":{"request_id":"r","status_code":200,"user_id":"u","method_id":"m","session_token":"t","session_jwt":"j","session":{"session_id":"s","user_id":"u","expires_at":"2026-11-22T14:53:00Z","authentication_factors":[{"type":"otp","delivery_method":"sms","phone_number_factor":{"phone_number":"+12025550100"}}]}}}"#;
const MFA: &str = r#"{"data":{"request_id":"r","member_id":"m","organization_id":"o","intermediate_session_token":"i","member_session":null,"member":{"member_id":"m","mfa_phone_number":"+12025550162","mfa_phone_number_verified":true},"organization":{"allowed_mfa_methods":["sms_otp"]},"mfa_required":{"member_options":null,"secondary_auth_initiated":"sms_otp"}}}"#;

/// Replaces the value at a random path of `doc` with `v`.
fn graft(doc: &mut Value, path: &[usize], v: Value) {
    match (doc, path.split_first()) {
        (Value::Object(m), Some((i, rest))) if !m.is_empty() => {
            let n = m.len();
            let slot = m.values_mut().nth(i % n).unwrap();
            graft(slot, rest, v)
        }
        (Value::Array(a), Some((i, rest))) if !a.is_empty() => {
            let n = a.len();
            graft(&mut a[i % n], rest, v)
        }
        (slot, _) => *slot = v,
    }
}

fn decode_all(status: u16, body: Option<Value>) {
    let r = Response {
        captcha_required: false,
        status,
        retry_after: Some(3),
        body,
    };
    let _ = api::read_sms_sent::<SerdeJson>(&r);
    let _ = api::read_ack::<SerdeJson>(&r);
    let _ = api::read_authenticated::<SerdeJson>(&r);
    let _ = api::read_b2b_authenticated::<SerdeJson>(&r);
    let _ = api::read_primary::<SerdeJson>(&r);
    if let Some(doc) = &r.body {
        let _ = api::read_primary_input::<SerdeJson>(doc);
    }
    let e = api::read_error::<SerdeJson>(&r);
    assert_eq!(e.status_code, status);
    assert_eq!(e.retry_after, Some(3));
}

#[test]
fn response_decoding_never_panics() {
    let mutated = (
        prop_oneof![Just(AUTH), Just(MFA)],
        proptest::collection::vec(any::<usize>(), 0..6),
        json_value(),
    )
        .prop_map(|(base, path, v)| {
            let mut doc: Value = serde_json::from_str(base).unwrap();
            graft(&mut doc, &path, v);
            Some(doc)
        });
    let strategy = (
        any::<u16>(),
        prop_oneof![
            mutated,
            any::<String>().prop_map(|s| serde_json::from_str(&s).ok()),
            json_value().prop_map(Some),
        ],
    );
    run("response decoding", strategy, |(status, body)| {
        decode_all(status, body);
        Ok(())
    });
}

#[test]
fn retry_after_never_panics() {
    let strategy = (
        prop_oneof![
            any::<String>(),
            "[0-9 ]{0,24}",
            "(Mon|Tue|Sun|Xyz), [0-9]{2} (Jan|Feb|Nov|Foo) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        ],
        any::<i64>(),
    );
    run("retry-after", strategy, |(s, now)| {
        let got = parse_retry_after(&s, now);
        let t = s.trim_ascii();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            prop_assert_eq!(got, Some(t.parse::<u32>().unwrap_or(u32::MAX)));
        }
        Ok(())
    });
}

// ------------------------------------------------------------------ stored state

fn id() -> impl Strategy<Value = String> {
    "[!-~]{1,40}"
}

fn text() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|s| s.chars().take(60).collect())
}

fn ms() -> impl Strategy<Value = i64> {
    -(1i64 << 53)..=(1i64 << 53)
}

fn arb_state() -> impl Strategy<Value = State> {
    let flow = prop_oneof![Just(Flow::Login), Just(Flow::StepUp), Just(Flow::Mfa)];
    let pending = (
        flow,
        proptest::option::of(id()),
        proptest::option::of(id()),
        proptest::option::of(id()),
        text(),
        ms(),
        ms(),
    )
        .prop_map(
            |(
                flow,
                method_id,
                organization_id,
                member_id,
                phone_masked,
                code_expires_at,
                resend_allowed_at,
            )| Pending {
                flow,
                method_id,
                organization_id,
                member_id,
                phone_masked,
                code_expires_at,
                resend_allowed_at,
            },
        );
    let mfa = (
        id(),
        id(),
        proptest::option::of(text()),
        any::<bool>(),
        proptest::collection::vec("[a-z_]{1,10}", 0..4),
        any::<bool>(),
        ms(),
    )
        .prop_map(
            |(
                organization_id,
                member_id,
                phone_masked,
                enrollment_required,
                allowed_methods,
                sms_already_sent,
                ist_expires_at,
            )| {
                MfaChallenge {
                    organization_id,
                    member_id,
                    phone_masked,
                    enrollment_required,
                    allowed_methods,
                    sms_already_sent,
                    ist_expires_at,
                    primary_required: None,
                }
            },
        );
    // type / delivery_method are at most 64 bytes, as the API parser keeps them
    let short = || any::<String>().prop_map(|s| s.chars().take(16).collect::<String>());
    let factor = (
        short(),
        short(),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(ms()),
    )
        .prop_map(
            |(kind, delivery_method, phone_masked, email_address, last_authenticated_at)| Factor {
                kind,
                delivery_method,
                phone_masked,
                email_address,
                last_authenticated_at,
            },
        );
    let session = (
        id(),
        ms(),
        proptest::collection::vec(factor, 0..4),
        proptest::option::of(id()),
        proptest::option::of(id()),
        proptest::option::of(id()),
    )
        .prop_map(
            |(session_id, expires_at, factors, user_id, member_id, organization_id)| SessionInfo {
                session_id,
                expires_at,
                factors,
                user_id,
                member_id,
                organization_id,
            },
        );
    (
        proptest::option::of(pending),
        proptest::option::of(mfa),
        proptest::option::of(session),
    )
        .prop_map(|(pending, mfa, session)| State {
            pending,
            mfa,
            session,
        })
}

/// The stored form of `state`, as the engine writes it.
fn to_json(state: &State) -> String {
    SerdeJson::to_text(&StoredRef::from(state)).unwrap()
}

/// A stored document, read as the engine reads it.
fn from_json(text: &str) -> Option<State> {
    if text.len() > MAX_STORED {
        return None;
    }
    SerdeJson::from_text::<Stored>(text).and_then(Stored::into_state)
}

#[test]
fn stored_state_round_trip() {
    run(
        "stored state round trip",
        (arb_state(), any::<i64>()),
        |(s, now)| {
            let j = to_json(&s);
            prop_assert_eq!(from_json(&j), Some(s.clone()));
            // reading views, targets and expiries at any time never panics
            let v = state::view(&s, now);
            let _ = serde_json::to_string(&v).unwrap();
            let _ = state::authenticate_target(&s, now);
            if let Err(e) = state::check_resend(&s, now) {
                // the local wait is never longer than the resend delay
                prop_assert!((1..=30).contains(&e.retry_after.unwrap()));
            }
            let _ = state::keep_until(&s);
            Ok(())
        },
    );
}

#[test]
fn stored_state_decoding_never_panics() {
    let mutated = (
        arb_state(),
        proptest::collection::vec(any::<usize>(), 0..5),
        json_value(),
    )
        .prop_map(|(s, path, v)| {
            let mut doc: Value = serde_json::from_str(&to_json(&s)).unwrap();
            graft(&mut doc, &path, v);
            doc.to_string()
        });
    run(
        "stored state decoding",
        prop_oneof![mutated, any::<String>()],
        |s| {
            if let Some(st) = from_json(&s) {
                prop_assert_eq!(from_json(&to_json(&st)), Some(st));
            }
            Ok(())
        },
    );
}
