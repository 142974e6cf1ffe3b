//! Bounded load generator: concurrent SDK send + authenticate flows against an emulator on
//! loopback. Shared by `examples/load.rs` (the benchmark) and `tests/load.rs` (a small run).
#![allow(dead_code)]
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use futures_util::StreamExt;
use serde_json::{json, Value};

/// What a run is allowed to do.
#[derive(Clone, Debug)]
pub struct Plan {
    pub flows: usize,
    pub concurrency: usize,
    pub time_limit: Duration,
    /// Every n-th flow is a B2B MFA flow (0 = consumer only).
    pub b2b_every: usize,
}

/// What a round measured.
#[derive(Debug, Default, Clone)]
pub struct Round {
    pub flows_started: u64,
    pub flows_ok: u64,
    pub requests: u64,
    pub status_5xx: u64,
    pub other_failures: u64,
    pub misdelivered: u64,
    pub elapsed: Duration,
    pub first_error: Option<String>,
}

impl Round {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The i-th distinct, valid US number (+1 415 XXX XXXX, exchange 200..999).
pub fn phone(i: usize) -> String {
    format!("+1415{:03}{:04}", 200 + (i / 10_000) % 800, i % 10_000)
}

#[derive(Default)]
struct Counters {
    started: AtomicU64,
    ok: AtomicU64,
    requests: AtomicU64,
    s5xx: AtomicU64,
    failures: AtomicU64,
    misdelivered: AtomicU64,
}

fn auth() -> String {
    let t = "public-token-test-emulator";
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{t}:{t}"))
    )
}

async fn call(
    http: &reqwest::Client,
    c: &Counters,
    req: reqwest::RequestBuilder,
) -> Result<(u16, Value), String> {
    let _ = http;
    c.requests.fetch_add(1, Ordering::Relaxed);
    let r = req.send().await.map_err(|e| format!("transport: {e}"))?;
    let s = r.status().as_u16();
    if s >= 500 {
        c.s5xx.fetch_add(1, Ordering::Relaxed);
    }
    let v: Value = r.json().await.map_err(|e| format!("body: {e}"))?;
    Ok((s, v))
}

/// One flow: send, read the outbox, check every message there is for this phone,
/// authenticate with the newest code, check the session's factor is this phone.
async fn flow(http: &reqwest::Client, base: &str, c: &Counters, i: usize) -> Result<(), String> {
    let p = phone(i);
    let (s, v) = call(
        http,
        c,
        http.post(format!("{base}/sdk/v1/otps/sms/login_or_create"))
            .header("Authorization", auth())
            .header("Content-Type", "application/json")
            .body(json!({"phone_number": p}).to_string()),
    )
    .await?;
    if s != 200 {
        return Err(format!("send {s}: {v}"));
    }
    let method = v["data"]["method_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (s, v) = call(
        http,
        c,
        http.get(format!(
            "{base}/emulator/v1/sms?phone_number={}",
            p.replace('+', "%2B")
        )),
    )
    .await?;
    if s != 200 {
        return Err(format!("outbox {s}"));
    }
    let msgs = v["messages"].as_array().cloned().unwrap_or_default();
    for m in &msgs {
        if m["phone_number"] != p.as_str() {
            c.misdelivered.fetch_add(1, Ordering::Relaxed);
        }
    }
    let code = msgs
        .last()
        .and_then(|m| m["code"].as_str())
        .ok_or("no code")?
        .to_string();
    let (s, v) = call(
        http,
        c,
        http.post(format!("{base}/sdk/v1/otps/authenticate"))
            .header("Authorization", auth())
            .header("Content-Type", "application/json")
            .body(
                json!({"token": code, "method_id": method, "session_duration_minutes": 5})
                    .to_string(),
            ),
    )
    .await?;
    if s != 200 {
        return Err(format!("authenticate {s}: {v}"));
    }
    let factor_phone =
        &v["data"]["session"]["authentication_factors"][0]["phone_number_factor"]["phone_number"];
    if factor_phone != p.as_str() {
        c.misdelivered.fetch_add(1, Ordering::Relaxed);
        return Err(format!("session for {factor_phone}, expected {p}"));
    }
    Ok(())
}

/// A B2B flow: email OTP primary factor (IST), then SMS OTP to the member's own phone
/// (enrolling it on the first round; the emulator auto-sends on later rounds).
async fn flow_b2b(
    http: &reqwest::Client,
    base: &str,
    c: &Counters,
    i: usize,
) -> Result<(), String> {
    let org = "organization-test-emulator-acme";
    let email = format!("load-{i}@acme.test");
    let p = phone(i + 4_000_000);
    let post = |path: &str, body: Value| {
        http.post(format!("{base}/sdk/v1{path}"))
            .header("Authorization", auth())
            .header("Content-Type", "application/json")
            .body(body.to_string())
    };
    let (s, v) = call(
        http,
        c,
        post(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": org, "email_address": email}),
        ),
    )
    .await?;
    if s != 200 {
        return Err(format!("email send {s}: {v}"));
    }
    let (_, v) = call(
        http,
        c,
        http.get(format!("{base}/emulator/v1/email?email_address={email}")),
    )
    .await?;
    let msgs = v["messages"].as_array().cloned().unwrap_or_default();
    if msgs.iter().any(|m| m["email_address"] != email.as_str()) {
        c.misdelivered.fetch_add(1, Ordering::Relaxed);
    }
    let code = msgs
        .last()
        .and_then(|m| m["code"].as_str())
        .ok_or("no email code")?
        .to_string();
    let (s, v) = call(
        http,
        c,
        post("/b2b/otps/email/authenticate", json!({"organization_id": org, "email_address": email, "code": code, "session_duration_minutes": 60})),
    )
    .await?;
    if s != 200 {
        return Err(format!("email authenticate {s}: {v}"));
    }
    let d = &v["data"];
    let member_id = d["member_id"].as_str().unwrap_or_default().to_string();
    let ist = d["intermediate_session_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if d["mfa_required"]["secondary_auth_initiated"] != "sms_otp" {
        let (s, v) = call(
            http,
            c,
            post("/b2b/otps/sms/send", json!({"organization_id": org, "member_id": member_id, "mfa_phone_number": p, "intermediate_session_token": ist})),
        )
        .await?;
        if s != 200 {
            return Err(format!("b2b sms send {s}: {v}"));
        }
    }
    let (_, v) = call(
        http,
        c,
        http.get(format!(
            "{base}/emulator/v1/sms?phone_number={}",
            p.replace('+', "%2B")
        )),
    )
    .await?;
    let msgs = v["messages"].as_array().cloned().unwrap_or_default();
    if msgs.iter().any(|m| m["phone_number"] != p.as_str()) {
        c.misdelivered.fetch_add(1, Ordering::Relaxed);
    }
    let code = msgs
        .last()
        .and_then(|m| m["code"].as_str())
        .ok_or("no sms code")?
        .to_string();
    let (s, v) = call(
        http,
        c,
        post(
            "/b2b/otps/sms/authenticate",
            json!({"organization_id": org, "member_id": member_id, "code": code, "intermediate_session_token": ist, "session_duration_minutes": 60, "set_mfa_enrollment": "enroll"}),
        ),
    )
    .await?;
    if s != 200 {
        return Err(format!("b2b sms authenticate {s}: {v}"));
    }
    let ms = &v["data"]["member_session"];
    let sms_factor = ms["authentication_factors"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["delivery_method"] == "sms"))
        .cloned();
    if ms["member_id"] != member_id.as_str()
        || sms_factor
            .map(|f| f["phone_number_factor"]["phone_number"] != p.as_str())
            .unwrap_or(true)
    {
        c.misdelivered.fetch_add(1, Ordering::Relaxed);
        return Err(format!(
            "member session for the wrong member or phone: {ms}"
        ));
    }
    Ok(())
}

/// Runs `plan.flows` flows (phones 0..flows) with bounded concurrency; stops launching new
/// flows once the time limit has passed.
pub async fn round(base: &str, plan: &Plan) -> Round {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(plan.concurrency)
        .build()
        .expect("client");
    let c = Arc::new(Counters::default());
    let first_error = Arc::new(std::sync::Mutex::new(None::<String>));
    let t0 = Instant::now();
    let deadline = t0 + plan.time_limit;
    futures_util::stream::iter(0..plan.flows)
        .map(|i| {
            let http = http.clone();
            let c = c.clone();
            let fe = first_error.clone();
            async move {
                if Instant::now() > deadline {
                    return;
                }
                c.started.fetch_add(1, Ordering::Relaxed);
                let b2b = plan.b2b_every > 0 && i % plan.b2b_every == plan.b2b_every - 1;
                let r = if b2b {
                    flow_b2b(&http, base, &c, i).await
                } else {
                    flow(&http, base, &c, i).await
                };
                match r {
                    Ok(()) => {
                        c.ok.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        c.failures.fetch_add(1, Ordering::Relaxed);
                        let mut g = fe.lock().unwrap_or_else(|e| e.into_inner());
                        if g.is_none() {
                            *g = Some(e);
                        }
                    }
                }
            }
        })
        .buffer_unordered(plan.concurrency.max(1))
        .collect::<Vec<()>>()
        .await;
    let first_error = first_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    Round {
        flows_started: c.started.load(Ordering::Relaxed),
        flows_ok: c.ok.load(Ordering::Relaxed),
        requests: c.requests.load(Ordering::Relaxed),
        status_5xx: c.s5xx.load(Ordering::Relaxed),
        other_failures: c.failures.load(Ordering::Relaxed),
        misdelivered: c.misdelivered.load(Ordering::Relaxed),
        elapsed: t0.elapsed(),
        first_error,
    }
}

/// Resident set size of this process in KiB (Linux), 0 elsewhere.
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Advances the emulator clock past every expiry and evicts; returns the store counts.
pub async fn expire_and_evict(base: &str) -> Value {
    let http = reqwest::Client::new();
    let _ = http
        .post(format!("{base}/emulator/v1/clock/advance"))
        .header("Content-Type", "application/json")
        .body(json!({"seconds": 2 * 60 * 60}).to_string())
        .send()
        .await;
    let r = http
        .post(format!("{base}/emulator/v1/evict"))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("evict");
    r.json().await.expect("stats")
}
