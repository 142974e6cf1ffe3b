//! Runs `tests/vanilla/` (Stytch's own `@stytch/vanilla-js` 6.3.0 headless clients in headless
//! Chromium against this emulator binary) from `cargo test`. Needs node, the npm dev
//! dependencies and Chromium; without them it says so and passes, except under `CI=true`,
//! where missing tools are a failure.
use std::path::PathBuf;
use std::process::Command;

#[test]
fn stytch_vanilla_js_clients_complete_sms_login_and_b2b_mfa() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("workspace root").to_path_buf();
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<&str> = [
        (
            "node",
            Command::new("node").arg("--version").output().is_ok(),
        ),
        (
            "@stytch/vanilla-js",
            root.join("node_modules/@stytch/vanilla-js/package.json")
                .exists(),
        ),
        (
            "esbuild",
            root.join("node_modules/esbuild/package.json").exists(),
        ),
        (
            "playwright-core",
            root.join("node_modules/playwright-core/package.json")
                .exists(),
        ),
        ("chromium", PathBuf::from(&chromium).exists()),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(n, _)| n)
    .collect();
    if !missing.is_empty() {
        let msg = format!("vanilla-js browser test needs: {}", missing.join(", "));
        assert!(
            std::env::var("CI").map(|v| v != "true").unwrap_or(true),
            "{msg}"
        );
        eprintln!("SKIPPED: {msg} (run the project's set-up script)");
        return;
    }
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec"])
        .arg(manifest.join("tests/vanilla/stytch-vanilla.test.mjs"))
        .env("EMULATOR_BIN", env!("CARGO_BIN_EXE_stytch-emulator"))
        .current_dir(&root)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "vanilla-js browser test failed");
    assert!(
        stdout.contains("pass 2") || stdout.contains("tests 2"),
        "expected 2 browser tests"
    );
}
