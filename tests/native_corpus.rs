#![cfg(not(target_arch = "wasm32"))]
//! Runs every line of the bad-input corpus (`tests/corpus/*.txt`) through the
//! core's parsers, checks the expected outcome, and prints the counts.
use std::collections::BTreeMap;

use sms_mfa_sdk::core::api::{self, PrimaryAuth};
use sms_mfa_sdk::core::phone::{self, PhoneError};
use sms_mfa_sdk::core::state;
use sms_mfa_sdk::core::token::Code;

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

#[test]
fn phones() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (line, f) in corpus("phones.txt") {
        let (expected, input) = (field(&f, 0), field(&f, 1));
        let got = phone::parse(input);
        match (expected, &got) {
            ("invalid", Err(PhoneError::Invalid)) => *counts.entry("invalid").or_default() += 1,
            ("unsupported", Err(PhoneError::UnsupportedCountry)) => *counts.entry("unsupported").or_default() += 1,
            (e, Ok(p)) if e.strip_prefix("ok:") == Some(p.as_str()) => *counts.entry("ok").or_default() += 1,
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
                assert_eq!(c.expose(), input);
                ok += 1;
            }
            ("invalid", Err(e)) => {
                assert_eq!(e.error_type, "invalid_code", "codes.txt:{line}");
                assert!(!e.error_message.contains(input) || input.is_empty(), "codes.txt:{line}: message echoes input");
                invalid += 1;
            }
            (_, r) => panic!("codes.txt:{line}: {input:?} expected {expected}, got ok={}", r.is_ok()),
        }
    }
    println!("corpus codes: {} (ok {ok}, invalid {invalid})", ok + invalid);
    assert!(ok + invalid >= 100);
}

#[test]
fn responses() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (line, f) in corpus("responses.txt") {
        let (parser, status, expected, body) = (field(&f, 0), field(&f, 1), field(&f, 2), field(&f, 3));
        let status: u16 = status.parse().expect("status");
        let got: Result<&str, String> = match parser {
            "sms_send" => api::parse_sms_send(status, body, None).map(|_| "ok").map_err(|e| e.error_type.into()),
            "ack" => api::parse_ack(status, body, None).map(|_| "ok").map_err(|e| e.error_type.into()),
            "authenticate" => api::parse_authenticate(status, body, None).map(|_| "ok").map_err(|e| e.error_type.into()),
            "b2b_authenticate" => {
                api::parse_b2b_authenticate(status, body, None).map(|_| "ok").map_err(|e| e.error_type.into())
            }
            "primary" => api::parse_b2b_primary_authenticate(status, body, None)
                .map(|p| match p {
                    PrimaryAuth::Authenticated(_) => "auth",
                    PrimaryAuth::MfaPending(_) => "mfa",
                })
                .map_err(|e| e.error_type.into()),
            "error" => {
                let e = api::parse_error(status, body, Some(5));
                assert_eq!(e.status_code, status, "responses.txt:{line}");
                assert_eq!(e.retry_after, Some(5), "responses.txt:{line}");
                assert_eq!(e.retryable, status == 429 || status >= 500, "responses.txt:{line}");
                Err(e.error_type.into())
            }
            p => panic!("responses.txt:{line}: unknown parser {p}"),
        };
        let outcome = match &got {
            Ok(s) => *s,
            Err(s) => s.as_str(),
        };
        assert_eq!(outcome, expected, "responses.txt:{line}: {parser} {status}");
        *counts.entry(format!("{parser}:{}", if got.is_ok() { "accepted" } else { "refused" })).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    println!("corpus responses: {total} ({counts:?})");
    assert!(total >= 50);
}

#[test]
fn stored_states() {
    let (mut some, mut none) = (0, 0);
    for (line, f) in corpus("states.txt") {
        let (expected, input) = (field(&f, 0), field(&f, 1));
        let got = state::from_json(input);
        match (expected, &got) {
            ("some", Some(s)) => {
                // What decodes re-encodes to something that decodes the same.
                assert_eq!(state::from_json(&state::to_json(s)).as_ref(), Some(s), "states.txt:{line}");
                some += 1;
            }
            ("none", None) => none += 1,
            _ => panic!("states.txt:{line}: {input:?} expected {expected}, got {got:?}"),
        }
    }
    println!("corpus stored states: {} (some {some}, none {none})", some + none);
}
