//! Bad input, credentials, CORS and fault injection over real HTTP (plus raw TCP where a
//! client library would hide what happened on the wire).
mod common;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends raw bytes and reads until the server closes (or 5 s).
async fn raw(e: &Emu, req: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(e.running.addr).await.unwrap();
    s.write_all(req).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    out
}

fn post_raw(path: &str, auth: &str, ctype: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {auth}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// A keep-alive POST (no `Connection: close`).
fn req_keep_alive(path: &str, ctype: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        basic(PUBLIC, PUBLIC),
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// Reads one response with a Content-Length body from a kept-alive connection.
async fn read_one_response(s: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut chunk))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed early");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap();
            if body.len() >= len {
                return text;
            }
        }
    }
}

fn status_and_json(resp: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(resp);
    let status: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_stytch_errors() {
    let e = Emu::start().await;
    let sdk_auth = basic(PUBLIC, PUBLIC);
    let be_auth = basic(PROJECT, SECRET);
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [u8], u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"{\"phone_number\":",
            400,
            "invalid_json",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"[1,2]",
            400,
            "invalid_json",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"\"+12025550100\"",
            400,
            "invalid_json",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"\xff\xfe{}",
            400,
            "invalid_json",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "text/plain",
            b"{\"phone_number\":\"+12025550100\"}",
            400,
            "invalid_content_type",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/x-www-form-urlencoded",
            b"phone_number=%2B1",
            400,
            "invalid_content_type",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"{}",
            400,
            "bad_request",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"{\"phone_number\":null}",
            400,
            "bad_request",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"{\"phone_number\":12025550100}",
            400,
            "bad_request",
        ),
        (
            "/sdk/v1/otps/sms/login_or_create",
            &sdk_auth,
            "application/json",
            b"{\"phone_number\":\"+12025550100\",\"expiration_minutes\":\"5\"}",
            400,
            "invalid_expiration_minutes",
        ),
        (
            "/sdk/v1/otps/authenticate",
            &sdk_auth,
            "application/json",
            b"{\"method_id\":\"phone-number-test-emulator-consumer\"}",
            400,
            "bad_request",
        ),
        (
            "/sdk/v1/otps/authenticate",
            &sdk_auth,
            "application/json",
            b"{\"method_id\":\"nope\",\"token\":\"123456\"}",
            400,
            "invalid_method_id",
        ),
        (
            "/v1/otps/authenticate",
            &be_auth,
            "application/json",
            b"{\"method_id\":\"phone-number-test-x\",\"code\":\"1\"}",
            404,
            "phone_number_not_found",
        ),
        (
            "/v1/b2b/otps/sms/send",
            &be_auth,
            "application/json",
            b"{\"organization_id\":{}}",
            400,
            "bad_request",
        ),
        (
            "/v1/b2b/organizations",
            &be_auth,
            "application/json",
            b"{\"organization_name\":\"X\",\"mfa_policy\":\"SOMETIMES\"}",
            400,
            "invalid_mfa_policy",
        ),
    ];
    for (path, auth, ct, body, want, ty) in cases {
        let (s, v) = status_and_json(&raw(&e, &post_raw(path, auth, ct, body)).await);
        assert_error(s, &v, want, ty);
    }
    // Null = absent, unknown fields ignored (the Rust client's style).
    let (s, v) = e
        .backend("/v1/otps/sms/login_or_create", json!({"phone_number": SEED_PHONE, "expiration_minutes": null, "attributes": null, "locale": "ptbr", "surprise": [1]}))
        .await;
    assert_eq!(s, 200, "{v}");
    // A POST with no body at all, and a GET with a JSON content type and a null body.
    let (s, v) = status_and_json(
        &raw(
            &e,
            &post_raw(
                "/sdk/v1/sessions/revoke",
                &sdk_auth,
                "application/json",
                b"",
            ),
        )
        .await,
    );
    assert_error(s, &v, 404, "session_not_found");
    let get = format!("GET /sdk/v1/projects/bootstrap/{PUBLIC} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {sdk_auth}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnull");
    let (s, v) = status_and_json(&raw(&e, get.as_bytes()).await);
    assert_eq!(s, 200, "{v}");
    let d = &v["data"];
    assert_eq!(d["captcha_settings"]["enabled"], false);
    assert_eq!(d["dfp_protected_auth_enabled"], false);
    assert!(d.as_object().unwrap().contains_key("password_config"));
    assert_eq!(d["password_config"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_oversize_and_unknown_routes() {
    let e = Emu::start().await;
    let body = br#"{"phone_number":"+12025550100"}"#;
    for auth in [
        basic(PROJECT, "wrong"),
        basic("project-test-other", SECRET),
        basic(PUBLIC, PUBLIC),
        "Bearer abc".to_string(),
        "Basic !!!".to_string(),
        String::new(),
    ] {
        let (s, v) = status_and_json(
            &raw(
                &e,
                &post_raw(
                    "/v1/otps/sms/login_or_create",
                    &auth,
                    "application/json",
                    body,
                ),
            )
            .await,
        );
        assert_error(s, &v, 401, "unauthorized_credentials");
    }
    for auth in [
        basic("public-token-test-other", "x"),
        basic(PROJECT, SECRET),
        String::new(),
    ] {
        let (s, v) = status_and_json(
            &raw(
                &e,
                &post_raw(
                    "/sdk/v1/otps/sms/login_or_create",
                    &auth,
                    "application/json",
                    body,
                ),
            )
            .await,
        );
        assert_error(s, &v, 401, "unauthorized_credentials");
    }
    // Credentials are checked before the body.
    let (s, v) = status_and_json(
        &raw(
            &e,
            &post_raw(
                "/v1/otps/sms/login_or_create",
                &basic(PROJECT, "no"),
                "application/json",
                b"{bad",
            ),
        )
        .await,
    );
    assert_error(s, &v, 401, "unauthorized_credentials");
    assert!(e.sms(SEED_PHONE).await.is_empty());
    // Oversize: by Content-Length and by a chunked body.
    let big = vec![b' '; 70 * 1024];
    let (s, v) = status_and_json(
        &raw(
            &e,
            &post_raw(
                "/sdk/v1/otps/sms/login_or_create",
                &basic(PUBLIC, PUBLIC),
                "application/json",
                &big,
            ),
        )
        .await,
    );
    assert_error(s, &v, 413, "request_too_large");
    let mut chunked = format!("POST /v1/otps/sms/send HTTP/1.1\r\nHost: localhost\r\nAuthorization: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", basic(PROJECT, SECRET)).into_bytes();
    for _ in 0..20 {
        chunked.extend_from_slice(format!("{:x}\r\n", 8192).as_bytes());
        chunked.extend_from_slice(&[b' '; 8192]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let (s, v) = status_and_json(&raw(&e, &chunked).await);
    assert_error(s, &v, 413, "request_too_large");
    // Unknown routes and methods.
    let (s, v) = e.get("/sdk/v1/nope").await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = e.get("/v1/otps/sms/send").await;
    assert_error(s, &v, 405, "method_not_allowed");
    let (s, v) = e.get("/").await;
    assert_error(s, &v, 404, "not_found");
    // Garbage instead of HTTP: the connection is closed, the server lives on.
    let out = raw(&e, b"\x00\x01\x02 garbage\r\n\r\n").await;
    assert!(out.is_empty() || String::from_utf8_lossy(&out).starts_with("HTTP/1.1 400"));
    let (s, _) = e.get("/emulator/v1/clock").await;
    assert_eq!(s, 200);
    // A client that sends half a request and stalls does not block others.
    let mut stalled = TcpStream::connect(e.running.addr).await.unwrap();
    stalled
        .write_all(
            b"POST /v1/otps/sms/send HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    let t = Instant::now();
    let (s, _) = e.get("/emulator/v1/clock").await;
    assert_eq!(s, 200);
    assert!(t.elapsed() < Duration::from_secs(2));
    // ...and gets a 408 once the body deadline has passed.
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(15), stalled.read_to_end(&mut out)).await;
    let (s, v) = status_and_json(&out);
    assert_error(s, &v, 408, "request_timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_echoes_only_allowed_origins() {
    let mut cfg = stytch_emulator::Config::default_config();
    cfg.cors_origins = vec!["https://app.example.com".into()];
    let e = Emu::with_config(cfg).await;
    let path = format!("{}/sdk/v1/otps/sms/login_or_create", e.url);
    for origin in [
        "http://localhost:5173",
        "http://127.0.0.1:8080",
        "https://localhost",
        "http://[::1]:3000",
        "https://app.example.com",
    ] {
        let r = e
            .http
            .request(reqwest::Method::OPTIONS, &path)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization,content-type,x-sdk-client,x-sdk-parent-host",
            )
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        let h = r.headers();
        assert_eq!(h["access-control-allow-origin"], origin);
        assert_eq!(h["access-control-allow-credentials"], "true");
        let methods = h["access-control-allow-methods"].to_str().unwrap();
        for m in ["GET", "POST", "PUT", "DELETE"] {
            assert!(methods.contains(m));
        }
        let allowed = h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_lowercase();
        for k in [
            "authorization",
            "content-type",
            "x-sdk-client",
            "x-sdk-parent-host",
        ] {
            assert!(allowed.contains(k));
        }
        assert!(h["vary"].to_str().unwrap().contains("Origin"));
        // The real answer carries them too, errors included.
        let r = e
            .http
            .post(&path)
            .header("Origin", origin)
            .header("Authorization", basic(PUBLIC, PUBLIC))
            .header("Content-Type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        assert_eq!(r.headers()["access-control-allow-origin"], origin);
        assert_eq!(r.headers()["access-control-allow-credentials"], "true");
    }
    // Private Network Access preflight from a configured public origin.
    let r = e
        .http
        .request(reqwest::Method::OPTIONS, &path)
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Private-Network", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["access-control-allow-private-network"], "true");
    let r = e
        .http
        .request(reqwest::Method::OPTIONS, &path)
        .header("Origin", "http://evil.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Private-Network", "true")
        .send()
        .await
        .unwrap();
    assert!(r
        .headers()
        .get("access-control-allow-private-network")
        .is_none());
    for origin in [
        "http://evil.com",
        "http://localhost.evil.com",
        "null",
        "https://app.example.com.evil.com",
        "http://127.0.0.2.nip.io",
    ] {
        for method in [reqwest::Method::OPTIONS, reqwest::Method::POST] {
            let r = e
                .http
                .request(method, &path)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .send()
                .await
                .unwrap();
            assert!(
                r.headers().get("access-control-allow-origin").is_none(),
                "{origin}"
            );
            assert!(
                r.headers()
                    .get("access-control-allow-credentials")
                    .is_none(),
                "{origin}"
            );
        }
    }
    // The admin API has the same CORS; /v1 has none.
    let r = e
        .http
        .get(format!("{}/emulator/v1/clock", e.url))
        .header("Origin", "http://localhost:1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://localhost:1"
    );
    let r = e
        .http
        .post(format!("{}/v1/otps/sms/send", e.url))
        .header("Origin", "http://localhost:1")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    // Events: no Authorization, a JSON array body.
    let r = e
        .http
        .post(format!("{}/sdk/v1/events", e.url))
        .header("Origin", "http://localhost:1")
        .header("Content-Type", "application/json")
        .body(r#"[{"telemetry":{},"event":{"public_token":"public-token-test-emulator","event_name":"sdk_instance_instantiated","details":{}}}]"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

async fn arm(e: &Emu, f: Value) {
    let (s, v) = e.admin("/emulator/v1/faults", f).await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_status_latency_and_counts() {
    let e = Emu::start().await;
    let path = "/sdk/v1/otps/sms/login_or_create";
    for status in [500u16, 502, 503, 429] {
        arm(
            &e,
            json!({"path": path, "count": 2, "kind": "status", "status": status, "retry_after": 7}),
        )
        .await;
        for _ in 0..2 {
            let r = e
                .http
                .post(format!("{}{}", e.url, path))
                .header("Origin", "http://localhost:5173")
                .header("Authorization", basic(PUBLIC, PUBLIC))
                .header("Content-Type", "application/json")
                .body(json!({"phone_number": SEED_PHONE}).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), status);
            assert_eq!(r.headers()["retry-after"], "7");
            assert_eq!(
                r.headers()["access-control-allow-origin"],
                "http://localhost:5173"
            );
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["status_code"], status);
            assert!(v["error_type"].is_string());
        }
        // Count exhausted: the next call is normal. (Faulted calls sent nothing.)
        assert!(e.sms(SEED_PHONE).await.is_empty());
        let (s, _) = e
            .sdk(
                "/otps/sms/login_or_create",
                json!({"phone_number": SEED_PHONE}),
                None,
            )
            .await;
        assert_eq!(s, 200);
        e.admin("/emulator/v1/reset", json!({})).await;
    }
    // Other paths are untouched; "*" hits everything but the admin API.
    arm(
        &e,
        json!({"path": path, "count": 1, "kind": "status", "status": 503}),
    )
    .await;
    let (s, _) = e.sdk("/sessions/authenticate", json!({}), None).await;
    assert_eq!(s, 401);
    let (_, list) = e.get("/emulator/v1/faults").await;
    assert_eq!(list["faults"][0]["count"], 1);
    let r = e
        .http
        .delete(format!("{}/emulator/v1/faults", e.url))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    arm(
        &e,
        json!({"path": "*", "count": 1, "kind": "status", "status": 500}),
    )
    .await;
    let (s, _) = e.get("/emulator/v1/clock").await;
    assert_eq!(s, 200);
    let (s, _) = e
        .backend("/v1/otps/sms/send", json!({"phone_number": SEED_PHONE}))
        .await;
    assert_eq!(s, 500);
    // Latency: answers normally after the delay.
    arm(
        &e,
        json!({"path": path, "count": 1, "kind": "latency", "delay_ms": 400}),
    )
    .await;
    let t = Instant::now();
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": "+14155550123"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    assert!(t.elapsed() >= Duration::from_millis(400));
    // Bad fault specs.
    for bad in [
        json!({"path": path, "kind": "explode"}),
        json!({"path": path, "kind": "status", "status": 404}),
        json!({"kind": "drop"}),
        json!({"path": "x", "kind": "drop"}),
    ] {
        let (s, v) = e.admin("/emulator/v1/faults", bad).await;
        assert_eq!(s, 400, "{v}");
    }
    // Reset clears faults.
    arm(
        &e,
        json!({"path": path, "count": 5, "kind": "status", "status": 500}),
    )
    .await;
    e.admin("/emulator/v1/reset", json!({})).await;
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
            None,
        )
        .await;
    assert_eq!(s, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_the_wire() {
    let e = Emu::start().await;
    let path = "/sdk/v1/otps/sms/login_or_create";
    let req = post_raw(
        path,
        &basic(PUBLIC, PUBLIC),
        "application/json",
        br#"{"phone_number":"+12025550100"}"#,
    );
    // drop: a head no client accepts (two different Content-Lengths), then the close; never
    // an empty close, which a browser re-sends silently on a reused connection.
    arm(&e, json!({"path": path, "kind": "drop"})).await;
    let out = String::from_utf8_lossy(&raw(&e, &req).await).to_string();
    let lens: Vec<&str> = out
        .lines()
        .filter(|l| l.to_ascii_lowercase().starts_with("content-length:"))
        .collect();
    assert_eq!(lens.len(), 2, "{out}");
    assert_ne!(lens[0], lens[1], "{out}");
    assert!(out.ends_with("\r\n\r\n"), "nothing after the head: {out:?}");
    // The same on a reused keep-alive connection: the first request is answered, the
    // faulted second one gets the bad head, not an empty close.
    let keep = req_keep_alive(
        path,
        "application/json",
        br#"{"phone_number":"+12025550100"}"#,
    );
    let mut s = TcpStream::connect(e.running.addr).await.unwrap();
    s.write_all(&keep).await.unwrap();
    let first = read_one_response(&mut s).await;
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    arm(&e, json!({"path": path, "kind": "drop"})).await;
    s.write_all(&keep).await.unwrap();
    let mut rest = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut rest)).await;
    let rest = String::from_utf8_lossy(&rest);
    assert!(
        rest.starts_with("HTTP/1.1 502") && rest.matches("content-length").count() == 2,
        "{rest}"
    );
    e.admin("/emulator/v1/reset", json!({})).await;
    // reqwest sees a transport error.
    arm(&e, json!({"path": path, "kind": "drop"})).await;
    let r = e
        .http
        .post(format!("{}{}", e.url, path))
        .header("Authorization", basic(PUBLIC, PUBLIC))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await;
    assert!(r.is_err());
    // truncate: a complete head (CORS included) promises more than arrives; the JSON is cut.
    arm(&e, json!({"path": path, "kind": "truncate"})).await;
    let with_origin = String::from_utf8(req.clone()).unwrap().replacen(
        "Host: localhost\r\n",
        "Host: localhost\r\nOrigin: http://localhost:5173\r\n",
        1,
    );
    let out = raw(&e, with_origin.as_bytes()).await;
    let text = String::from_utf8_lossy(&out).to_string();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.to_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap();
    assert!(body.len() < len && !body.is_empty());
    assert!(
        head.to_ascii_lowercase()
            .contains("access-control-allow-origin: http://localhost:5173"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    assert!(serde_json::from_str::<Value>(body).is_err());
    arm(&e, json!({"path": path, "kind": "truncate"})).await;
    let r = e
        .http
        .post(format!("{}{}", e.url, path))
        .header("Authorization", basic(PUBLIC, PUBLIC))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(r.text().await.is_err());
    // malformed_json: a complete response whose body does not parse.
    arm(&e, json!({"path": path, "kind": "malformed_json"})).await;
    let r = e
        .http
        .post(format!("{}{}", e.url, path))
        .header("Authorization", basic(PUBLIC, PUBLIC))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());
    // wrong_content_type: 200 text/html.
    arm(&e, json!({"path": path, "kind": "wrong_content_type"})).await;
    let r = e
        .http
        .post(format!("{}{}", e.url, path))
        .header("Origin", "http://localhost:1")
        .header("Authorization", basic(PUBLIC, PUBLIC))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://localhost:1"
    );
    // None of them sent a code; the next call works.
    assert!(e.sms(SEED_PHONE).await.is_empty());
    let (s, _) = e
        .sdk(
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(e.sms(SEED_PHONE).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_records_are_evicted() {
    let e = Emu::start().await;
    for i in 0..20 {
        let phone = format!("+1415555{:04}", 100 + i);
        let (s, v) = e
            .sdk(
                "/otps/sms/login_or_create",
                json!({"phone_number": phone}),
                None,
            )
            .await;
        assert_eq!(s, 200, "{v}");
        let code = e.last_sms(&phone).await;
        let (s, _) = e
            .sdk(
                "/otps/authenticate",
                json!({"token": code, "method_id": v["method_id"], "session_duration_minutes": 5}),
                None,
            )
            .await;
        assert_eq!(s, 200);
    }
    let v = email_ist(&e).await;
    assert!(v.is_string());
    let (_, st) = e.get("/emulator/v1/stats").await;
    assert!(st["codes"].as_u64().unwrap() >= 21);
    assert_eq!(st["sessions"], 20);
    assert_eq!(st["intermediate_sessions"], 1);
    e.advance(2 * 60 * 60).await;
    let (_, st) = e.admin("/emulator/v1/evict", json!({})).await;
    for k in [
        "codes",
        "sessions",
        "intermediate_sessions",
        "send_windows",
        "sms_messages",
        "email_messages",
    ] {
        assert_eq!(st[k], 0, "{k}: {st}");
    }
    // Users and members are durable records, not evicted.
    assert_eq!(st["users"], 21);
}

async fn email_ist(e: &Emu) -> Value {
    e.sdk(
        "/b2b/otps/email/login_or_signup",
        json!({"organization_id": ORG, "email_address": "bob@acme.test"}),
        None,
    )
    .await;
    let code = e.last_email("bob@acme.test").await;
    let (_, v) = e.sdk("/b2b/otps/email/authenticate", json!({"organization_id": ORG, "email_address": "bob@acme.test", "code": code, "session_duration_minutes": 60}), None).await;
    v["intermediate_session_token"].clone()
}
