#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the core parsers: phone numbers, JSON, RFC 3339 times,
//! passcodes, response decoding and stored-state decoding never panic, and
//! what is written reads back the same.
//!
//! Cases per property: `PROPTEST_CASES` (default 2000). Each test prints how
//! many cases it ran.
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use sms_mfa_sdk::core::api;
use sms_mfa_sdk::core::json::{self, Value};
use sms_mfa_sdk::core::phone;
use sms_mfa_sdk::core::state::{self, Factor, Flow, Mfa, MfaChallenge, Pending, SessionInfo, State};
use sms_mfa_sdk::core::time::parse_rfc3339_ms;
use sms_mfa_sdk::core::token::Code;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

fn run<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
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
            prop_assert!(!m.contains(&e[1..e.len() - 4]) || e.len() - 4 <= 1 + p.calling_code().len());
            prop_assert_eq!(p.country().len(), 2);
        }
        let _ = phone::mask(&s);
        Ok(())
    });
}

#[test]
fn phone_formatting_does_not_matter() {
    let strategy = ("[1-9][0-9]{7,14}", proptest::collection::vec((0usize..16, "[ ().-]"), 0..6), any::<bool>());
    run("phone formatting", strategy, |(digits, seps, double_zero)| {
        let plain = phone::parse(&format!("+{digits}"));
        let mut formatted: String = digits.clone();
        for (at, sep) in seps {
            let at = at.min(formatted.len());
            formatted.insert_str(at, &sep);
        }
        let formatted = if double_zero { format!("00{formatted}") } else { format!("+{formatted}") };
        prop_assert_eq!(phone::parse(&formatted), plain, "{}", formatted);
        Ok(())
    });
}

// ------------------------------------------------------------------ JSON

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-999_999_999_999_999_999i64..=999_999_999_999_999_999).prop_map(Value::Int),
        ("-?(0|[1-9][0-9]{0,5})\\.[0-9]{1,6}([eE][+-]?[0-9]{1,3})?").prop_map(Value::Num),
        ("-?[1-9][0-9]{0,3}[eE][+-]?[0-9]{1,3}").prop_map(Value::Num),
        ("[1-9][0-9]{19,30}").prop_map(Value::Num),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        any::<String>().prop_map(Value::Str),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Arr),
            proptest::collection::vec((any::<String>(), inner), 0..6).prop_map(Value::Obj),
        ]
    })
}

#[test]
fn json_round_trip() {
    run("json round trip", json_value(), |v| {
        let mut s = String::new();
        json::push_value(&mut s, &v);
        prop_assert_eq!(json::parse(&s), Some(v.clone()));
        // whitespace between tokens is fine
        let spaced = format!(" \n{s}\t ");
        prop_assert_eq!(json::parse(&spaced), Some(v));
        Ok(())
    });
}

#[test]
fn json_never_panics() {
    let strategy = prop_oneof![
        any::<String>(),
        "[\\[\\]{}\":,0-9a-z\\\\ .eE+-]{0,64}",
        json_value().prop_flat_map(|v| {
            let mut s = String::new();
            json::push_value(&mut s, &v);
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
        let _ = json::parse(&s);
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
    let strategy = (-62_135_596_800_000i64..253_402_300_800_000, -1439i64..=1439, any::<bool>());
    run("rfc3339", strategy, |(ms, offset_min, z)| {
        let offset_min = if z { 0 } else { offset_min };
        let local = ms + offset_min * 60_000;
        let (days, rem) = (local.div_euclid(86_400_000), local.rem_euclid(86_400_000));
        let (y, mo, d) = civil(days);
        prop_assume!((1..=9999).contains(&y));
        let off = if z {
            "Z".to_string()
        } else {
            format!("{}{:02}:{:02}", if offset_min < 0 { '-' } else { '+' }, offset_min.abs() / 60, offset_min.abs() % 60)
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
    run("rfc3339 never panics", prop_oneof![any::<String>(), "[0-9:TZ.+-]{0,40}"], |s| {
        let _ = parse_rfc3339_ms(&s);
        Ok(())
    });
}

#[test]
fn codes() {
    run("code", prop_oneof![any::<String>(), "[0-9]{0,8}", "[0-9０-９ ]{6}"], |s| {
        let ok = s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit());
        prop_assert_eq!(Code::parse(&s).is_ok(), ok);
        Ok(())
    });
}

// ------------------------------------------------------------------ responses

const AUTH: &str = r#"{"data":{"request_id":"r","status_code":200,"user_id":"u","method_id":"m","session_token":"t","session_jwt":"j","session":{"session_id":"s","user_id":"u","expires_at":"2026-11-22T14:53:00Z","authentication_factors":[{"type":"otp","delivery_method":"sms","phone_number_factor":{"phone_number":"+12025550100"}}]}}}"#;
const MFA: &str = r#"{"data":{"request_id":"r","member_id":"m","organization_id":"o","intermediate_session_token":"i","member_session":null,"member":{"member_id":"m","mfa_phone_number":"+12025550162","mfa_phone_number_verified":true},"organization":{"allowed_mfa_methods":["sms_otp"]},"mfa_required":{"member_options":null,"secondary_auth_initiated":"sms_otp"}}}"#;

/// Replaces the value at a random path of `doc` with `v`.
fn graft(doc: &mut Value, path: &[usize], v: Value) {
    match (doc, path.split_first()) {
        (Value::Obj(m), Some((i, rest))) if !m.is_empty() => {
            let n = m.len();
            graft(&mut m[i % n].1, rest, v)
        }
        (Value::Arr(a), Some((i, rest))) if !a.is_empty() => {
            let n = a.len();
            graft(&mut a[i % n], rest, v)
        }
        (slot, _) => *slot = v,
    }
}

fn decode_all(status: u16, body: &str) {
    let _ = api::parse_sms_send(status, body, None);
    let _ = api::parse_ack(status, body, Some(3));
    let _ = api::parse_authenticate(status, body, None);
    let _ = api::parse_b2b_authenticate(status, body, None);
    let _ = api::parse_b2b_primary_authenticate(status, body, None);
    let _ = api::parse_primary_auth_input(body);
    let e = api::parse_error(status, body, None);
    assert_eq!(e.status_code, status);
}

#[test]
fn response_decoding_never_panics() {
    let mutated = (prop_oneof![Just(AUTH), Just(MFA)], proptest::collection::vec(any::<usize>(), 0..6), json_value())
        .prop_map(|(base, path, v)| {
            let mut doc = json::parse(base).unwrap();
            graft(&mut doc, &path, v);
            let mut s = String::new();
            json::push_value(&mut s, &doc);
            s
        });
    let strategy = (any::<u16>(), prop_oneof![mutated, any::<String>(), json_value().prop_map(|v| {
        let mut s = String::new();
        json::push_value(&mut s, &v);
        s
    })]);
    run("response decoding", strategy, |(status, body)| {
        decode_all(status, &body);
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
    let pending = (flow, proptest::option::of(id()), proptest::option::of(id()), proptest::option::of(id()), text(), ms(), ms())
        .prop_map(|(flow, method_id, organization_id, member_id, phone_masked, code_expires_at, resend_allowed_at)| Pending {
            flow,
            method_id,
            organization_id,
            member_id,
            phone_masked,
            code_expires_at,
            resend_allowed_at,
        });
    let mfa = (id(), id(), proptest::option::of(text()), any::<bool>(), proptest::collection::vec("[a-z_]{1,10}", 0..4), any::<bool>(), ms())
        .prop_map(|(organization_id, member_id, phone_masked, enrollment_required, allowed_methods, sms_already_sent, ist_expires_at)| Mfa {
            challenge: MfaChallenge { organization_id, member_id, phone_masked, enrollment_required, allowed_methods, sms_already_sent },
            ist_expires_at,
        });
    // type / delivery_method are at most 64 bytes, as the API parser keeps them
    let short = || any::<String>().prop_map(|s| s.chars().take(16).collect::<String>());
    let factor = (short(), short(), proptest::option::of(text()), proptest::option::of(text()), proptest::option::of(ms()))
        .prop_map(|(kind, delivery_method, phone_number, email_address, last_authenticated_at)| Factor {
            kind,
            delivery_method,
            phone_number,
            email_address,
            last_authenticated_at,
        });
    let session = (id(), ms(), proptest::collection::vec(factor, 0..4), proptest::option::of(id()), proptest::option::of(id()), proptest::option::of(id()))
        .prop_map(|(session_id, expires_at, factors, user_id, member_id, organization_id)| SessionInfo {
            session_id,
            expires_at,
            factors,
            user_id,
            member_id,
            organization_id,
        });
    (proptest::option::of(pending), proptest::option::of(mfa), proptest::option::of(session))
        .prop_map(|(pending, mfa, session)| State { pending, mfa, session })
}

#[test]
fn stored_state_round_trip() {
    run("stored state round trip", (arb_state(), any::<i64>()), |(s, now)| {
        let j = state::to_json(&s);
        prop_assert_eq!(state::from_json(&j), Some(s.clone()));
        // reading views and targets at any time never panics
        let v = state::view(&s, now);
        let _ = state::view_to_js_json(&v);
        let _ = state::authenticate_target(&s, now);
        let _ = state::check_resend(&s, now);
        Ok(())
    });
}

#[test]
fn stored_state_decoding_never_panics() {
    let mutated = (arb_state(), proptest::collection::vec(any::<usize>(), 0..5), json_value()).prop_map(|(s, path, v)| {
        let mut doc = json::parse(&state::to_json(&s)).unwrap();
        graft(&mut doc, &path, v);
        let mut out = String::new();
        json::push_value(&mut out, &doc);
        out
    });
    run("stored state decoding", prop_oneof![mutated, any::<String>()], |s| {
        if let Some(st) = state::from_json(&s) {
            prop_assert_eq!(state::from_json(&state::to_json(&st)), Some(st));
        }
        Ok(())
    });
}
