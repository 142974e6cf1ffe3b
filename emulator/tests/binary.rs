//! The `stytch-emulator` binary: flags, first stdout line, printed SMS, --config, --www.
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Proc(Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(args: &[&str]) -> (Proc, String, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stytch-emulator"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("first line");
    (Proc(child), first.trim_end().to_string(), out)
}

fn post(url: &str, auth: (&str, &str), body: &str) -> (u16, serde_json::Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .post(url)
            .basic_auth(auth.0, Some(auth.1))
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .unwrap();
        (
            r.status().as_u16(),
            r.json().await.unwrap_or(serde_json::Value::Null),
        )
    })
}

fn get(url: &str) -> (u16, String, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .get(url)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .unwrap();
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("").to_string())
            .unwrap_or_default();
        (r.status().as_u16(), ct, r.text().await.unwrap_or_default())
    })
}

#[test]
fn first_line_and_printed_sms() {
    let (_p, first, mut out) = spawn(&["--port", "0"]);
    let url = first
        .strip_prefix("listening on ")
        .expect(&first)
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert!(port > 0);
    let (s, v) = post(
        &format!("{url}/v1/otps/sms/login_or_create"),
        ("project-test-emulator", "secret-test-emulator"),
        r#"{"phone_number":"+12025550100"}"#,
    );
    assert_eq!(s, 200, "{v}");
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(
        line.contains("+12025550100") && line.contains("sms"),
        "{line}"
    );
}

#[test]
fn config_file_and_www() {
    let dir = std::env::temp_dir().join(format!("stytch-emulator-test-{}", std::process::id()));
    let www = dir.join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(www.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::create_dir_all(www.join("sdk/js")).unwrap();
    std::fs::write(www.join("sdk/js/index.js"), "export const ok = 1;").unwrap();
    let cfg = dir.join("custom.json");
    std::fs::write(
        &cfg,
        r#"{"project":{"project_id":"project-test-custom","secret":"secret-test-custom","public_token":"public-token-test-custom"},
            "users":[{"user_id":"user-test-custom-1","phone_number":"+14155550100"}]}"#,
    )
    .unwrap();
    let (_p, first, _out) = spawn(&[
        "--port",
        "0",
        "--config",
        cfg.to_str().unwrap(),
        "--www",
        www.to_str().unwrap(),
    ]);
    let url = first
        .strip_prefix("listening on ")
        .expect(&first)
        .to_string();
    let (s, _) = post(
        &format!("{url}/v1/otps/sms/send"),
        ("project-test-custom", "secret-test-custom"),
        r#"{"phone_number":"+14155550100"}"#,
    );
    assert_eq!(s, 200);
    let (s, _) = post(
        &format!("{url}/v1/otps/sms/send"),
        ("project-test-emulator", "secret-test-emulator"),
        r#"{"phone_number":"+14155550100"}"#,
    );
    assert_eq!(s, 401);
    let (s, ct, body) = get(&format!("{url}/"));
    assert_eq!(s, 200);
    assert!(ct.starts_with("text/html") && body.contains("demo"));
    let (s, ct, _) = get(&format!("{url}/app_bg.wasm"));
    assert_eq!((s, ct.as_str()), (200, "application/wasm"));
    // The demo's copy of the package under www/sdk/ is served (only /sdk/v1 is the API).
    let (s, ct, body) = get(&format!("{url}/sdk/js/index.js"));
    assert_eq!(s, 200);
    assert!(ct.contains("javascript") && body.contains("ok"), "{ct}");
    let (s, _, _) = get(&format!("{url}/missing.html"));
    assert_eq!(s, 404);
    // API prefixes stay JSON 404s even with --www.
    let (s, ct, _) = get(&format!("{url}/sdk/v1/nope"));
    assert_eq!(s, 404);
    assert!(ct.starts_with("application/json"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_flags_and_config_exit_with_a_message() {
    for args in [
        vec!["--port", "70000"],
        vec!["--bogus"],
        vec!["--config", "/nonexistent/file.json"],
        vec!["--port"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_stytch-emulator"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty());
    }
}
