//! The emulator runs next to a developer's browser, so any page they visit can reach it.
//! Each attack of such a page is tried here over raw TCP (so that every header is exactly
//! what a browser could send): a cross-site form-style reset, DNS rebinding (a foreign
//! `Host`), percent-encoded API paths served from `--www`, and invisible characters in
//! email addresses and names.
mod common;
use std::path::PathBuf;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use stytch_emulator::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One raw HTTP/1.1 request; returns (status, body text, head text).
async fn raw(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let mut r = format!("{method} {path} HTTP/1.1\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("Connection: close\r\n\r\n");
    r.push_str(body);
    s.write_all(r.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, body.to_string(), head.to_string())
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or(Value::Null)
}

/// What a page of another site can send without a CORS preflight ("simple" requests):
/// POST with no body, or with one of the three CORS-safelisted content types.
const SIMPLE_BODIES: [(Option<&str>, &str); 5] = [
    (None, ""),
    (Some("text/plain"), "{}"),
    (
        Some("text/plain;charset=UTF-8"),
        "{\"seconds\":86400,\"path\":\"*\",\"kind\":\"drop\"}",
    ),
    (Some("application/x-www-form-urlencoded"), "seconds=86400"),
    (
        Some("multipart/form-data; boundary=x"),
        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n",
    ),
];

const ORIGINS: [&str; 5] = [
    "https://evil.example",
    "null",
    "http://localhost.evil.example",
    "http://127.0.0.1.nip.io",
    "https://attacker.test:8443",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_form_posts_change_nothing() {
    let e = Emu::start().await;
    let addr = e.running.addr;
    // State that a reset, an eviction, a clock move or a fault change would show.
    let (s, _) = e
        .backend(
            "/v1/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = e
        .admin(
            "/emulator/v1/faults",
            json!({"path": "/v1/never", "kind": "drop"}),
        )
        .await;
    assert_eq!(s, 200);
    let before_clock = e.get("/emulator/v1/clock").await.1["offset_seconds"].clone();
    let calls = [
        ("POST", "/emulator/v1/reset"),
        ("POST", "/emulator/v1/evict"),
        ("POST", "/emulator/v1/clock/advance"),
        ("POST", "/emulator/v1/clock/reset"),
        ("POST", "/emulator/v1/faults"),
        ("DELETE", "/emulator/v1/faults"),
        ("POST", "/emulator/v1/bot_protection"),
        ("POST", "/emulator/v1/sessions/revoke"),
        (
            "POST",
            "/emulator/v1/organizations/organization-test-emulator-acme",
        ),
    ];
    let mut tried = 0;
    for (method, path) in calls {
        for origin in ORIGINS {
            for (ct, body) in SIMPLE_BODIES {
                let mut h = vec![("Host", "127.0.0.1"), ("Origin", origin)];
                if let Some(ct) = ct {
                    h.push(("Content-Type", ct));
                }
                let (status, text, head) = raw(addr, method, path, &h, body).await;
                let v = json_of(&text);
                assert_eq!(status, 400, "{method} {path} {ct:?} from {origin}: {text}");
                assert!(
                    v["error_type"] == "invalid_content_type" || v["error_type"] == "invalid_json",
                    "{method} {path} {ct:?}: {v}"
                );
                assert!(
                    !head
                        .to_ascii_lowercase()
                        .contains("access-control-allow-origin"),
                    "{origin} got CORS: {head}"
                );
                tried += 1;
            }
        }
    }
    // Nothing changed: the SMS is still in the outbox, the fault is still armed, the clock
    // has not moved.
    assert_eq!(
        e.sms(SEED_PHONE).await.len(),
        1,
        "the outbox survived every attempt"
    );
    let (_, f) = e.get("/emulator/v1/faults").await;
    assert_eq!(f["faults"].as_array().unwrap().len(), 1, "{f}");
    assert_eq!(
        e.get("/emulator/v1/clock").await.1["offset_seconds"],
        before_clock
    );
    // The same calls as JSON (what a same-origin page, the tests and the dashboard send) work.
    for (method, path, body) in [
        ("POST", "/emulator/v1/clock/advance", "{\"seconds\":60}"),
        ("POST", "/emulator/v1/clock/reset", "{}"),
        ("POST", "/emulator/v1/evict", "{}"),
        ("DELETE", "/emulator/v1/faults", "{}"),
        ("POST", "/emulator/v1/bot_protection", "{}"),
        ("POST", "/emulator/v1/sessions/revoke", "{\"all\":true}"),
        (
            "POST",
            "/emulator/v1/organizations/organization-test-emulator-acme",
            "{}",
        ),
        ("POST", "/emulator/v1/reset", "{}"),
        ("POST", "/emulator/v1/reset", " { } "),
    ] {
        let (s, t, _) = raw(
            addr,
            method,
            path,
            &[("Host", "127.0.0.1"), ("Content-Type", "application/json")],
            body,
        )
        .await;
        assert_eq!(s, 200, "{method} {path}: {t}");
    }
    // `null` and an empty JSON body are not `{}`.
    for body in ["", "null"] {
        let (s, t, _) = raw(
            addr,
            "POST",
            "/emulator/v1/reset",
            &[("Host", "127.0.0.1"), ("Content-Type", "application/json")],
            body,
        )
        .await;
        assert_eq!(
            (s, json_of(&t)["error_type"].clone()),
            (400, json!("invalid_json")),
            "{body:?}"
        );
    }
    assert!(
        e.sms(SEED_PHONE).await.is_empty(),
        "the JSON reset did reset"
    );
    eprintln!(
        "cross-site: {tried} form-style requests ({} calls x {} origins x {} bodies) refused",
        calls.len(),
        ORIGINS.len(),
        SIMPLE_BODIES.len()
    );
}

/// (method, path, headers, body)
type Route<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, &'a str);

/// `Host` values a DNS-rebinding page (or a confused proxy) would send.
const FOREIGN_HOSTS: [&str; 16] = [
    "evil.example",
    "evil.example:9010",
    "rebind.attacker.test:80",
    "localhost.evil.example",
    "127.0.0.1.nip.io:9010",
    "localtest.me",
    "0.0.0.0:9010",
    "127.1",
    "0x7f000001",
    "2130706433",
    "[::2]:9010",
    "sub.localhost",
    "localhost.",
    "user@localhost",
    "",
    "dev.example.com.evil.example",
];

const LOOPBACK_HOSTS: [&str; 7] = [
    "localhost",
    "localhost:9010",
    "LocalHost:1",
    "127.0.0.1:9010",
    "127.42.0.7",
    "[::1]:9010",
    "[0:0:0:0:0:0:0:1]",
];

fn www_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("emu-www-{}-{}", std::process::id(), rand_suffix()));
    for f in [
        "index.html",
        "v1/users",
        "sdk/v1/otps/authenticate",
        "emulator/v1/sms",
        "emulator/index.html",
        "V1/users",
        "Emulator/index.html",
    ] {
        let p = d.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, format!("SECRET-FILE {f}")).unwrap();
    }
    d
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_host_names_are_refused_on_every_route() {
    let www = www_dir();
    let mut cfg = Config::default_config();
    cfg.allowed_hosts = vec!["dev.example.com".into()];
    let running = stytch_emulator::start(cfg, "127.0.0.1", 0, Some(www.clone()))
        .await
        .unwrap();
    let addr = running.addr;
    let sdk = basic(PUBLIC, PUBLIC);
    let be = basic(PROJECT, SECRET);
    let routes: Vec<Route> = vec![
        ("GET", "/emulator/v1/sms".into(), vec![], ""),
        ("GET", "/emulator/v1/project".into(), vec![], ""),
        (
            "POST",
            "/emulator/v1/reset".into(),
            vec![("Content-Type", "application/json")],
            "{}",
        ),
        (
            "POST",
            "/emulator/v1/faults".into(),
            vec![("Content-Type", "application/json")],
            "{\"path\":\"*\",\"kind\":\"drop\"}",
        ),
        (
            "OPTIONS",
            "/emulator/v1/reset".into(),
            vec![
                ("Origin", "http://evil.example"),
                ("Access-Control-Request-Method", "POST"),
            ],
            "",
        ),
        ("GET", "/emulator/".into(), vec![], ""),
        (
            "GET",
            format!("/sdk/v1/projects/bootstrap/{PUBLIC}"),
            vec![("Authorization", &sdk)],
            "",
        ),
        (
            "POST",
            "/sdk/v1/otps/sms/login_or_create".into(),
            vec![
                ("Authorization", &sdk),
                ("Content-Type", "application/json"),
            ],
            "{\"phone_number\":\"+12025550100\"}",
        ),
        (
            "GET",
            format!("/v1/sessions/jwks/{PROJECT}"),
            vec![("Authorization", &be)],
            "",
        ),
        ("GET", "/".into(), vec![], ""),
        ("GET", "/index.html".into(), vec![], ""),
        ("GET", "/nope".into(), vec![], ""),
    ];
    let mut tried = 0;
    for host in FOREIGN_HOSTS {
        for (method, path, headers, body) in &routes {
            let mut h = headers.clone();
            h.push(("Host", host));
            let (s, t, _) = raw(addr, method, path, &h, body).await;
            let v = json_of(&t);
            assert_eq!(s, 403, "{method} {path} Host {host:?}: {t}");
            assert_error(s, &v, 403, "host_not_allowed");
            tried += 1;
        }
    }
    // No Host at all (HTTP/1.0 style) is refused too.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /emulator/v1/sms HTTP/1.0\r\n\r\n")
        .await
        .unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    assert!(
        String::from_utf8_lossy(&out).starts_with("HTTP/1.0 403")
            || String::from_utf8_lossy(&out).starts_with("HTTP/1.1 403")
    );
    // Nothing reached a handler: no SMS was sent, no fault armed, the reset did not run.
    let (s, t, _) = raw(
        addr,
        "GET",
        "/emulator/v1/sms",
        &[("Host", "localhost")],
        "",
    )
    .await;
    assert_eq!(
        (s, json_of(&t)["messages"].as_array().map(Vec::len)),
        (200, Some(0)),
        "{t}"
    );
    let (_, t, _) = raw(
        addr,
        "GET",
        "/emulator/v1/faults",
        &[("Host", "localhost")],
        "",
    )
    .await;
    assert_eq!(json_of(&t)["faults"], json!([]));
    // Loopback names, the bind address and the configured name are served.
    let mut served = 0;
    for host in LOOPBACK_HOSTS
        .iter()
        .chain(["dev.example.com", "DEV.example.com:443"].iter())
    {
        for (method, path, headers, body) in &routes[..2] {
            let mut h = headers.clone();
            h.push(("Host", host));
            let (s, t, _) = raw(addr, method, path, &h, body).await;
            assert_eq!(s, 200, "{method} {path} Host {host}: {t}");
            served += 1;
        }
        let (s, t, _) = raw(addr, "GET", "/index.html", &[("Host", host)], "").await;
        assert_eq!((s, t.as_str()), (200, "SECRET-FILE index.html"));
    }
    running.stop();
    let _ = std::fs::remove_dir_all(&www);
    eprintln!(
        "hosts: {} foreign Host values x {} routes = {tried} requests refused (+ one without Host); {} allowed Host values served",
        FOREIGN_HOSTS.len(),
        routes.len(),
        LOOPBACK_HOSTS.len() + 2
    );
    let _ = served;
}

/// Spellings of API paths that a file server decodes back to the API prefix.
const ENCODED_PATHS: [&str; 22] = [
    "/%76%31/users",
    "/v1%2fusers",
    "/v1%2Fusers",
    "/%2576%2531/users",
    "/%76%31%2f%75%73%65%72%73",
    "/V1/users",
    "/v1%5cusers",
    "//v1/users",
    "/./v1/users",
    "/x/../v1/users",
    "/x/%2e%2e/v1/users",
    "/%73dk/v1/otps/authenticate",
    "/sdk%2fv1%2fotps%2fauthenticate",
    "/sdk/%76%31/otps/authenticate",
    "/SDK/V1/otps/authenticate",
    "/%65mulator/v1/sms",
    "/emulator%2fv1%2fsms",
    "/emulator/index.html",
    "/%65mulator/index.html",
    "/Emulator/index.html",
    "/emulator%2findex.html",
    "/v1./users",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_paths_are_never_served_from_www_in_any_spelling() {
    let www = www_dir();
    let running =
        stytch_emulator::start(Config::default_config(), "127.0.0.1", 0, Some(www.clone()))
            .await
            .unwrap();
    for path in ENCODED_PATHS {
        for method in ["GET", "HEAD"] {
            let (s, t, _) = raw(running.addr, method, path, &[("Host", "localhost")], "").await;
            assert!(
                !t.contains("SECRET-FILE"),
                "{method} {path} was served from --www: {s} {t}"
            );
            // `/emulator/index.html` is the dashboard's own page (compiled in), not the file.
            if path != "/emulator/index.html" {
                assert_ne!(s, 200, "{method} {path}: {t}");
            }
        }
    }
    // The rest of --www is still served.
    let (s, t, _) = raw(
        running.addr,
        "GET",
        "/index.html",
        &[("Host", "localhost")],
        "",
    )
    .await;
    assert_eq!((s, t.as_str()), (200, "SECRET-FILE index.html"));
    running.stop();
    let _ = std::fs::remove_dir_all(&www);
    eprintln!(
        "paths: {} encoded spellings of API paths x 2 methods, none served from --www",
        ENCODED_PATHS.len()
    );
}

/// Invisible characters an attacker would hide in an address or a name.
const INVISIBLE: [char; 12] = [
    '\u{202E}', '\u{202D}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{200B}', '\u{200C}', '\u{200D}',
    '\u{200F}', '\u{2060}', '\u{FEFF}', '\u{00AD}',
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invisible_characters_in_emails_and_names_are_refused() {
    let e = Emu::start().await;
    let members_before = e.get("/emulator/v1/project").await.1["organizations"][0]["members"]
        .as_array()
        .unwrap()
        .len();
    for c in INVISIBLE {
        // Looks like alice@acme.test reversed around "tset.emca" on screen.
        let email = format!("mallory{c}tset.emca@acme.test");
        let (s, v) = e
            .sdk(
                "/b2b/otps/email/login_or_signup",
                json!({"organization_id": ORG, "email_address": email}),
                None,
            )
            .await;
        assert_error(s, &v, 400, "invalid_email");
        let (s, v) = e
            .backend(
                "/v1/b2b/otps/email/login_or_signup",
                json!({"organization_id": ORG, "email_address": email}),
            )
            .await;
        assert_error(s, &v, 400, "invalid_email");
        let (s, v) = e
            .backend(
                &format!("/v1/b2b/organizations/{ORG}/members"),
                json!({"email_address": email}),
            )
            .await;
        assert_error(s, &v, 400, "invalid_email");
        let (s, v) = e.backend("/v1/users", json!({"email": email})).await;
        assert_error(s, &v, 400, "invalid_email");
        let (s, v) = e
            .backend(&format!("/v1/b2b/organizations/{ORG}/members"), json!({"email_address": format!("m{}@acme.test", c as u32), "name": format!("Alice{c}")}))
            .await;
        assert_error(s, &v, 400, "invalid_name");
        let (s, v) = e
            .backend(
                "/v1/users",
                json!({"name": {"first_name": format!("Al{c}ice")}}),
            )
            .await;
        assert_error(s, &v, 400, "invalid_name");
        let (s, v) = e
            .backend(
                "/v1/b2b/organizations",
                json!({"organization_name": format!("Acme{c} Inc")}),
            )
            .await;
        assert_error(s, &v, 400, "invalid_name");
    }
    let (_, p) = e.get("/emulator/v1/project").await;
    assert_eq!(
        p["organizations"][0]["members"].as_array().unwrap().len(),
        members_before,
        "no member was created"
    );
    assert_eq!(
        p["organizations"].as_array().unwrap().len(),
        1,
        "no organization was created"
    );
    let (_, em) = e.get("/emulator/v1/email").await;
    assert_eq!(em["messages"], json!([]), "no email was sent");
    // Visible non-ASCII names are fine.
    let (s, v) = e
        .backend(
            &format!("/v1/b2b/organizations/{ORG}/members"),
            json!({"email_address": "zoe@acme.test", "name": "Zoë Łukasz"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    // A seed with such a character is refused at start-up.
    let bad = Config::DEFAULT_CONFIG_TEXT.replace("alice@acme.test", "ali\u{202E}ce@acme.test");
    assert!(Config::parse(&bad).unwrap_err().contains("invisible"));
    eprintln!(
        "invisible: {} characters x 7 entry points refused",
        INVISIBLE.len()
    );
}
