//! Randomised bad input against every route: random bytes, wrong JSON types, huge and odd
//! strings in every known field. Every answer must be a well-formed JSON response below 500
//! (Stytch's error shape when not 200), and the server must stay up.
mod common;
use common::*;
use serde_json::{json, Map, Value};

const ROUTES: &[(&str, bool)] = &[
    ("/v1/users", true),
    ("/v1/otps/sms/send", true),
    ("/v1/otps/sms/login_or_create", true),
    ("/v1/otps/authenticate", true),
    ("/v1/sessions/authenticate", true),
    ("/v1/sessions/revoke", true),
    ("/v1/b2b/organizations", true),
    (
        "/v1/b2b/organizations/organization-test-emulator-acme/members",
        true,
    ),
    ("/v1/b2b/otps/sms/send", true),
    ("/v1/b2b/otps/sms/authenticate", true),
    ("/v1/b2b/otps/email/login_or_signup", true),
    ("/v1/b2b/otps/email/authenticate", true),
    ("/v1/b2b/sessions/authenticate", true),
    ("/v1/b2b/sessions/revoke", true),
    ("/sdk/v1/otps/sms/login_or_create", false),
    ("/sdk/v1/otps/sms/send/primary", false),
    ("/sdk/v1/otps/sms/send/secondary", false),
    ("/sdk/v1/otps/authenticate", false),
    ("/sdk/v1/sessions/authenticate", false),
    ("/sdk/v1/sessions/revoke", false),
    ("/sdk/v1/b2b/otps/sms/send", false),
    ("/sdk/v1/b2b/otps/sms/authenticate", false),
    ("/sdk/v1/b2b/otps/email/login_or_signup", false),
    ("/sdk/v1/b2b/otps/email/authenticate", false),
    ("/sdk/v1/b2b/sessions/authenticate", false),
    ("/sdk/v1/b2b/sessions/revoke", false),
    ("/emulator/v1/clock/advance", false),
    ("/emulator/v1/faults", false),
    ("/emulator/v1/bot_protection", false),
    ("/emulator/v1/sessions/revoke", false),
    (
        "/emulator/v1/organizations/organization-test-emulator-acme",
        false,
    ),
];

const FIELDS: &[&str] = &[
    "phone_number",
    "method_id",
    "code",
    "token",
    "session_token",
    "session_jwt",
    "session_id",
    "session_duration_minutes",
    "expiration_minutes",
    "organization_id",
    "member_id",
    "mfa_phone_number",
    "intermediate_session_token",
    "email_address",
    "email",
    "organization_name",
    "mfa_policy",
    "mfa_methods",
    "allowed_mfa_methods",
    "email_allowed_domains",
    "set_mfa_enrollment",
    "user_id",
    "name",
    "mfa_enrolled",
    "login_expiration_minutes",
    "seconds",
    "path",
    "kind",
    "status",
    "count",
    "delay_ms",
    "captcha_enabled",
    "site_key",
    "dfp_enabled",
    "captcha_token",
    "dfp_telemetry_id",
    "all",
    "intermediate",
    "auth_methods",
    "allowed_auth_methods",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn value(r: &mut Rng, depth: u32) -> Value {
    match r.below(if depth > 2 { 9 } else { 11 }) {
        0 => Value::Null,
        1 => json!(r.below(2) == 0),
        2 => json!(r.next() as i64),
        3 => json!(-(r.below(1000) as i64)),
        4 => json!(1e308 * if r.below(2) == 0 { 1.0 } else { -1.0 }),
        5 => json!(
            [
                "+12025550100",
                "123456",
                "000000",
                "+10000000000",
                "organization-test-emulator-acme",
                "member-test-emulator-alice",
                "alice@acme.test",
                "phone-number-test-emulator-consumer",
                "REQUIRED_FOR_ALL",
                "enroll"
            ][r.below(10) as usize]
        ),
        6 => json!("\u{0}\u{202e}+１２０２５５５０１００\u{feff}"),
        7 => json!("9".repeat(r.below(5000) as usize)),
        8 => json!(format!("+1{}", r.below(10_000_000_000))),
        9 => Value::Array((0..r.below(4)).map(|_| value(r, depth + 1)).collect()),
        _ => {
            let mut m = Map::new();
            for _ in 0..r.below(4) {
                m.insert(
                    FIELDS[r.below(FIELDS.len() as u64) as usize].to_string(),
                    value(r, depth + 1),
                );
            }
            Value::Object(m)
        }
    }
}

fn body(r: &mut Rng) -> Vec<u8> {
    match r.below(6) {
        0 => (0..r.below(300)).map(|_| r.next() as u8).collect(),
        1 => value(r, 0).to_string().into_bytes(),
        _ => {
            let mut m = Map::new();
            for _ in 0..1 + r.below(6) {
                m.insert(
                    FIELDS[r.below(FIELDS.len() as u64) as usize].to_string(),
                    value(r, 1),
                );
            }
            Value::Object(m).to_string().into_bytes()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_bodies_never_cause_5xx_or_panics() {
    let e = Emu::start().await;
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut n = 0;
    for round in 0..60 {
        for (path, backend) in ROUTES {
            let b = body(&mut r);
            let auth = if *backend {
                basic(PROJECT, SECRET)
            } else {
                basic(PUBLIC, if round % 3 == 0 { "garbage" } else { PUBLIC })
            };
            let ct = [
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "",
            ][r.below(4) as usize];
            let mut req = e
                .http
                .post(format!("{}{}", e.url, path))
                .header("Authorization", auth)
                .body(b);
            if !ct.is_empty() {
                req = req.header("Content-Type", ct);
            }
            let resp = req.send().await.expect("server answers");
            let status = resp.status().as_u16();
            let text = resp.text().await.expect("body");
            // A random body may turn captcha on: the send endpoints then refuse as Stytch
            // does, in plain text.
            if !(status == 403 && text == "Captcha required") {
                let v: Value = serde_json::from_str(&text)
                    .unwrap_or_else(|_| panic!("{path}: non-JSON {status}: {text}"));
                assert!(status < 500, "{path}: {status} {v}");
                if status != 200 {
                    assert_error(status, &v, status, v["error_type"].as_str().unwrap_or("?"));
                }
            }
            n += 1;
            // Keep the state from drifting into rate limits and locks.
            if n % 200 == 0 {
                e.admin("/emulator/v1/reset", json!({})).await;
            }
        }
    }
    e.http
        .delete(format!("{}/emulator/v1/faults", e.url))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    e.admin("/emulator/v1/reset", json!({})).await;
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    println!("{n} random requests answered");
}
