//! Test harness: an emulator in-process on a free loopback port, and a small JSON client.
#![allow(dead_code)]
use base64::Engine;
use serde_json::{json, Value};
use stytch_emulator::{Config, Running};

pub const PROJECT: &str = "project-test-emulator";
pub const SECRET: &str = "secret-test-emulator";
pub const PUBLIC: &str = "public-token-test-emulator";
pub const ORG: &str = "organization-test-emulator-acme";
pub const ALICE: &str = "member-test-emulator-alice";
pub const BOB: &str = "member-test-emulator-bob";
pub const ALICE_PHONE: &str = "+12025550162";
pub const SEED_PHONE: &str = "+12025550100";
pub const SEED_METHOD: &str = "phone-number-test-emulator-consumer";

pub struct Emu {
    pub url: String,
    pub http: reqwest::Client,
    pub running: Running,
}

pub fn basic(u: &str, p: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))
    )
}

impl Emu {
    pub async fn start() -> Emu {
        Self::with_config(Config::default_config()).await
    }

    pub async fn with_config(cfg: Config) -> Emu {
        let running = stytch_emulator::start(cfg, "127.0.0.1", 0, None)
            .await
            .expect("bind");
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("client");
        Emu {
            url: running.url(),
            http,
            running,
        }
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> (u16, Value) {
        let r = rb.send().await.expect("request");
        let status = r.status().as_u16();
        let text = r.text().await.expect("body");
        let v = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "_raw": text }));
        (status, v)
    }

    /// Backend call with the project secret.
    pub async fn backend(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(
            self.http
                .post(format!("{}{}", self.url, path))
                .header("Authorization", basic(PROJECT, SECRET))
                .header("Content-Type", "application/json")
                .body(body.to_string()),
        )
        .await
    }

    /// Frontend-SDK call with the public token and an optional session token. Returns the
    /// `data` object on success, the error JSON otherwise.
    pub async fn sdk(&self, path: &str, body: Value, session: Option<&str>) -> (u16, Value) {
        let (s, v) = self
            .send(
                self.http
                    .post(format!("{}/sdk/v1{}", self.url, path))
                    .header("Authorization", basic(PUBLIC, session.unwrap_or(PUBLIC)))
                    .header("Content-Type", "application/json")
                    .body(body.to_string()),
            )
            .await;
        if s == 200 {
            assert!(
                v.get("data").is_some(),
                "SDK success without data envelope: {v}"
            );
            (s, v["data"].clone())
        } else {
            assert!(v.get("data").is_none(), "SDK error wrapped in data: {v}");
            (s, v)
        }
    }

    /// Frontend-SDK GET (bootstrap) with the public token; the `data` object on success.
    pub async fn sdk_get(&self, path: &str) -> (u16, Value) {
        let (s, v) = self
            .send(
                self.http
                    .get(format!("{}/sdk/v1{}", self.url, path))
                    .header("Authorization", basic(PUBLIC, PUBLIC))
                    .header("Content-Type", "application/json"),
            )
            .await;
        if s == 200 {
            (s, v["data"].clone())
        } else {
            (s, v)
        }
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(self.http.get(format!("{}{}", self.url, path)))
            .await
    }

    pub async fn admin(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(
            self.http
                .post(format!("{}{}", self.url, path))
                .header("Content-Type", "application/json")
                .body(body.to_string()),
        )
        .await
    }

    pub async fn sms(&self, phone: &str) -> Vec<Value> {
        let enc = phone.replace('+', "%2B");
        let (s, v) = self
            .get(&format!("/emulator/v1/sms?phone_number={enc}"))
            .await;
        assert_eq!(s, 200);
        v["messages"].as_array().cloned().unwrap_or_default()
    }

    pub async fn last_sms(&self, phone: &str) -> String {
        let m = self.sms(phone).await;
        let last = m.last().unwrap_or_else(|| panic!("no SMS to {phone}"));
        assert_eq!(last["phone_number"], phone);
        last["code"].as_str().expect("code").to_string()
    }

    pub async fn last_email(&self, email: &str) -> String {
        let (s, v) = self
            .get(&format!("/emulator/v1/email?email_address={email}"))
            .await;
        assert_eq!(s, 200);
        let m = v["messages"].as_array().cloned().unwrap_or_default();
        let last = m.last().unwrap_or_else(|| panic!("no email to {email}"));
        last["code"].as_str().expect("code").to_string()
    }

    pub async fn advance(&self, seconds: i64) -> Value {
        let (s, v) = self
            .admin("/emulator/v1/clock/advance", json!({ "seconds": seconds }))
            .await;
        assert_eq!(s, 200, "{v}");
        v
    }
}

/// Asserts Stytch's error shape and type.
pub fn assert_error(status: u16, v: &Value, want_status: u16, want_type: &str) {
    assert_eq!(status, want_status, "status for {v}");
    assert_eq!(v["status_code"], want_status, "{v}");
    assert_eq!(v["error_type"], want_type, "{v}");
    for k in ["request_id", "error_message", "error_url"] {
        assert!(v[k].is_string(), "{k} missing in {v}");
    }
    for k in ["body", "params", "query", "data"] {
        assert!(v.get(k).is_none(), "{k} must not be in errors: {v}");
    }
}

/// A wrong code different from `code`.
pub fn wrong(code: &str) -> String {
    if code == "000001" {
        "000002".into()
    } else {
        "000001".into()
    }
}
