#![cfg(not(target_arch = "wasm32"))]
//! Runs every line of the bad-input corpus (`tests/corpus/*.txt`) through the
//! SDK's parsers and readers, checks the expected outcome, and prints the
//! counts.
use std::collections::BTreeMap;

use serde_json::Value;
use sms_mfa_sdk::sdk::api::{self, PrimaryAuth, Response};
use sms_mfa_sdk::sdk::codec::{Codec, SerdeJson};
use sms_mfa_sdk::sdk::config::{Config, STATE_KEY};
use sms_mfa_sdk::sdk::phone::{self, PhoneError};
use sms_mfa_sdk::sdk::session::Engine;
use sms_mfa_sdk::sdk::state::{State, StoredRef};
use sms_mfa_sdk::sdk::store::{KeyValueStore, MemoryStore};
use sms_mfa_sdk::sdk::token::Code;

fn corpus(name: &str) -> Vec<(usize, Vec<String>)> {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(unescape).collect()))
        .collect()
}

/// Expands `\\ \t \n \r \0 \u{HEX} \{N*TEXT}`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                assert_eq!(it.next(), Some('{'), "bad \\u escape in {s:?}");
                let hex: String = it.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some('{') => {
                let spec: String = it.by_ref().take_while(|&c| c != '}').collect();
                let (n, text) = spec.split_once('*').expect("\\{N*TEXT}");
                out.push_str(&text.repeat(n.parse().unwrap()));
            }
            other => panic!("bad escape \\{other:?} in {s:?}"),
        }
    }
    out
}

fn field(f: &[String], i: usize) -> &str {
    f.get(i).map(String::as_str).unwrap_or("")
}

/// Checks one outcome: a `bug:<expected>` case that still fails is a known
/// bug (reported, not failed); any other mismatch is wrong.
fn check(
    place: String,
    expected: &str,
    got: &str,
    wrong: &mut Vec<String>,
    bugs: &mut Vec<String>,
) {
    match expected.strip_prefix("bug:") {
        Some(right) if right != got => bugs.push(format!("{place}: should be {right}, is {got}")),
        Some(_) => {}
        None if expected != got => wrong.push(format!("{place}: expected {expected}, got {got}")),
        None => {}
    }
}

/// Fails on mismatches; prints known bugs, and fails on them too when
/// `strict` (the ignored `known_bugs_are_fixed` test).
fn report(name: &str, wrong: &[String], bugs: &[String], strict: bool) {
    for b in bugs {
        println!("known bug: {b}");
    }
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
    assert!(
        !strict || bugs.is_empty(),
        "{name}: known bugs remain:\n{}",
        bugs.join("\n")
    );
}

#[test]
fn phones() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (line, f) in corpus("phones.txt") {
        let (expected, input) = (field(&f, 0), field(&f, 1));
        let got = phone::parse(input);
        match (expected, &got) {
            ("invalid", Err(PhoneError::Invalid)) => *counts.entry("invalid").or_default() += 1,
            ("unsupported", Err(PhoneError::UnsupportedCountry)) => {
                *counts.entry("unsupported").or_default() += 1
            }
            (e, Ok(p)) if e.strip_prefix("ok:") == Some(p.as_str()) => {
                *counts.entry("ok").or_default() += 1
            }
            _ => panic!("phones.txt:{line}: {input:?} expected {expected}, got {got:?}"),
        }
    }
    let total: usize = counts.values().sum();
    println!("corpus phones: {total} ({counts:?})");
    assert!(total >= 300);
}

#[test]
fn codes() {
    let (mut ok, mut invalid) = (0, 0);
    for (line, f) in corpus("codes.txt") {
        let (expected, input) = (field(&f, 0), field(&f, 1));
        match (expected, Code::parse(input)) {
            ("ok", Ok(c)) => {
                let digits: String = input.chars().filter(char::is_ascii_digit).collect();
                assert_eq!(c.expose(), digits, "codes.txt:{line}");
                ok += 1;
            }
            ("invalid", Err(e)) => {
                assert_eq!(e.error_type, "invalid_code", "codes.txt:{line}");
                assert!(
                    !e.error_message.contains(input) || input.is_empty(),
                    "codes.txt:{line}: message echoes input"
                );
                invalid += 1;
            }
            (_, r) => panic!(
                "codes.txt:{line}: {input:?} expected {expected}, got ok={}",
                r.is_ok()
            ),
        }
    }
    println!(
        "corpus codes: {} (ok {ok}, invalid {invalid})",
        ok + invalid
    );
    assert!(ok + invalid >= 100);
}

/// A response as the platform hands it over: the body parsed when it is JSON.
fn response(status: u16, body: &str, retry_after: Option<u32>) -> Response<Value> {
    Response {
        captcha_required: false,
        status,
        retry_after,
        body: serde_json::from_str(body).ok(),
    }
}

#[test]
fn responses() {
    check_responses(false);
}

fn check_responses(strict: bool) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let (mut wrong, mut bugs) = (Vec::new(), Vec::new());
    for (line, f) in corpus("responses.txt") {
        let (reader, status, expected, body) =
            (field(&f, 0), field(&f, 1), field(&f, 2), field(&f, 3));
        let status: u16 = status.parse().expect("status");
        let r = response(status, body, None);
        let got: Result<&str, String> = match reader {
            "sms_send" => api::read_sms_sent::<SerdeJson>(&r)
                .map(|_| "ok")
                .map_err(|e| e.error_type.into()),
            "ack" => api::read_ack::<SerdeJson>(&r)
                .map(|_| "ok")
                .map_err(|e| e.error_type.into()),
            "authenticate" => api::read_authenticated::<SerdeJson>(&r)
                .map(|_| "ok")
                .map_err(|e| e.error_type.into()),
            "b2b_authenticate" => api::read_b2b_authenticated::<SerdeJson>(&r)
                .map(|_| "ok")
                .map_err(|e| e.error_type.into()),
            "primary" => api::read_primary::<SerdeJson>(&r)
                .map(|p| match p {
                    PrimaryAuth::Authenticated(_) => "auth",
                    PrimaryAuth::MfaPending(_) => "mfa",
                })
                .map_err(|e| e.error_type.into()),
            "error" => {
                let e = api::read_error::<SerdeJson>(&response(status, body, Some(5)));
                assert_eq!(e.status_code, status, "responses.txt:{line}");
                assert_eq!(e.retry_after, Some(5), "responses.txt:{line}");
                assert_eq!(
                    e.retryable,
                    status == 429 || status >= 500,
                    "responses.txt:{line}"
                );
                Err(e.error_type.into())
            }
            p => panic!("responses.txt:{line}: unknown reader {p}"),
        };
        let outcome = match &got {
            Ok(s) => *s,
            Err(s) => s.as_str(),
        };
        check(
            format!("responses.txt:{line}: {reader} {status}"),
            expected,
            outcome,
            &mut wrong,
            &mut bugs,
        );
        *counts
            .entry(format!(
                "{reader}:{}",
                if got.is_ok() { "accepted" } else { "refused" }
            ))
            .or_default() += 1;
    }
    let total: usize = counts.values().sum();
    println!("corpus responses: {total} ({counts:?})");
    report("responses.txt", &wrong, &bugs, strict);
    assert!(total >= 50);
}

fn config() -> Config {
    let input =
        serde_json::from_str(r#"{"publicToken":"public-token-test-emulator","storage":"memory"}"#)
            .unwrap();
    Config::check(&input, false).unwrap()
}

/// The state the engine reads from `stored`, and whether it found it
/// unreadable (then the key is gone).
fn load(stored: &str) -> (State, bool) {
    let store = MemoryStore::new();
    store.set(STATE_KEY, stored, 0);
    let engine: Engine<&MemoryStore, SerdeJson> = Engine::new(config(), &store);
    let state = engine.load();
    let unreadable = engine.take_unreadable_state();
    assert_eq!(
        store.get(STATE_KEY).is_none(),
        unreadable,
        "{stored:?}: the key goes with an unreadable state"
    );
    assert!(!engine.take_unreadable_state(), "reported once");
    (state, unreadable)
}

#[test]
fn stored_states() {
    check_stored_states(false);
}

fn check_stored_states(strict: bool) {
    let (mut some, mut none) = (0, 0);
    let (mut wrong, mut bugs) = (Vec::new(), Vec::new());
    for (line, f) in corpus("states.txt") {
        let (expected, input) = (field(&f, 0), field(&f, 1));
        let (state, unreadable) = load(input);
        let got = if unreadable { "none" } else { "some" };
        check(
            format!("states.txt:{line}: {input:?}"),
            expected,
            got,
            &mut wrong,
            &mut bugs,
        );
        if unreadable {
            assert_eq!(state, State::default(), "states.txt:{line}");
            none += 1;
        } else {
            // What decodes re-encodes to something that decodes the same.
            let text = SerdeJson::to_text(&StoredRef::from(&state)).unwrap();
            assert_eq!(load(&text), (state, false), "states.txt:{line}");
            some += 1;
        }
    }
    println!(
        "corpus stored states: {} (some {some}, none {none})",
        some + none
    );
    report("states.txt", &wrong, &bugs, strict);
    assert!(some + none >= 50);
}

/// The `bug:` cases of the corpus, strictly: fails until they are fixed.
#[test]
#[ignore = "known sdk bug: serde-derived structs read JSON arrays positionally (`bug:` lines of tests/corpus)"]
fn known_bugs_are_fixed() {
    check_responses(true);
    check_stored_states(true);
}
