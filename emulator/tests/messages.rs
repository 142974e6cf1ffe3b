//! The text of the messages: the WebOTP line that ends every SMS (`@host #code`, the host
//! from the config or the calling page), plurals, and `locale`.
mod common;
use common::*;
use serde_json::{json, Value};
use stytch_emulator::Config;

async fn sdk_with(e: &Emu, path: &str, body: Value, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut rb = e
        .http
        .post(format!("{}/sdk/v1{path}", e.url))
        .header("Authorization", basic(PUBLIC, PUBLIC))
        .header("Content-Type", "application/json")
        .body(body.to_string());
    for (k, v) in headers {
        rb = rb.header(*k, *v);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn last_body(e: &Emu, phone: &str) -> (String, String) {
    let m = e.sms(phone).await;
    let last = m.last().expect("an SMS");
    (
        last["body"].as_str().unwrap().to_string(),
        last["code"].as_str().unwrap().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_end_with_the_webotp_line_of_the_page_or_the_config() {
    let e = Emu::start().await;
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[], "localhost"),
        (&[("Origin", "http://127.0.0.1:5173")], "127.0.0.1"),
        (
            &[
                ("Origin", "http://localhost:9010"),
                ("X-SDK-Parent-Host", "https://shop.example.com"),
            ],
            "shop.example.com",
        ),
        (&[("X-SDK-Parent-Host", "http://[::1]:3000")], "[::1]"),
    ];
    for (headers, host) in cases {
        e.admin("/emulator/v1/reset", json!({})).await;
        let (s, v) = sdk_with(
            &e,
            "/otps/sms/login_or_create",
            json!({"phone_number": SEED_PHONE}),
            headers,
        )
        .await;
        assert_eq!(s, 200, "{v}");
        let (body, code) = last_body(&e, SEED_PHONE).await;
        assert_eq!(body, format!("Your Stytch Emulator verification code is {code}. It expires in 2 minutes.\n\n@{host} #{code}"), "{headers:?}");
        assert_eq!(body.lines().last().unwrap(), format!("@{host} #{code}"));
    }
    // One minute is singular.
    let (s, _) = e
        .backend(
            "/v1/otps/sms/send",
            json!({"phone_number": SEED_PHONE, "expiration_minutes": 1}),
        )
        .await;
    assert_eq!(s, 200);
    assert!(last_body(&e, SEED_PHONE)
        .await
        .0
        .contains("It expires in 1 minute.\n"));
    // The config's webotp_host wins.
    let mut cfg = Config::default_config();
    cfg.webotp_host = Some("app.example.com".into());
    let e = Emu::with_config(cfg).await;
    sdk_with(
        &e,
        "/otps/sms/login_or_create",
        json!({"phone_number": SEED_PHONE}),
        &[("Origin", "http://localhost:1")],
    )
    .await;
    let (body, code) = last_body(&e, SEED_PHONE).await;
    assert!(
        body.ends_with(&format!("\n\n@app.example.com #{code}")),
        "{body}"
    );
    // The B2B SMS sent by email authenticate has it too.
    let (s, _) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "alice@acme.test"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let ec = e.last_email("alice@acme.test").await;
    let (s, v) = e.sdk("/b2b/otps/email/authenticate", json!({"organization_id": ORG, "email_address": "alice@acme.test", "code": ec, "locale": "fr"}), None).await;
    assert_eq!(s, 200, "{v}");
    let (body, code) = last_body(&e, ALICE_PHONE).await;
    assert_eq!(body, format!("Votre code de vérification Stytch Emulator est {code}. Il expire dans 2 minutes.\n\n@app.example.com #{code}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locale_picks_the_language() {
    let e = Emu::start().await;
    let want = [
        (
            json!(null),
            "Your Stytch Emulator verification code is",
            "Your Stytch Emulator login code is",
        ),
        (
            json!("en"),
            "Your Stytch Emulator verification code is",
            "Your Stytch Emulator login code is",
        ),
        (
            json!("es"),
            "Tu código de verificación de Stytch Emulator es",
            "Tu código de inicio de sesión de Stytch Emulator es",
        ),
        (
            json!("fr"),
            "Votre code de vérification Stytch Emulator est",
            "Votre code de connexion Stytch Emulator est",
        ),
        (
            json!("pt-br"),
            "Seu código de verificação do Stytch Emulator é",
            "Seu código de acesso do Stytch Emulator é",
        ),
        (
            json!("ptbr"),
            "Seu código de verificação do Stytch Emulator é",
            "Seu código de acesso do Stytch Emulator é",
        ),
    ];
    for (locale, sms, email) in want {
        e.admin("/emulator/v1/reset", json!({})).await;
        let (s, v) = e
            .sdk(
                "/otps/sms/login_or_create",
                json!({"phone_number": SEED_PHONE, "locale": locale}),
                None,
            )
            .await;
        assert_eq!(s, 200, "{v}");
        let (body, code) = last_body(&e, SEED_PHONE).await;
        assert!(
            body.starts_with(&format!("{sms} {code}.")),
            "{locale}: {body}"
        );
        let (s, v) = e
            .backend(
                "/v1/b2b/otps/email/login_or_signup",
                json!({"organization_id": ORG, "email_address": "bob@acme.test", "locale": locale}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        let (_, m) = e
            .get("/emulator/v1/email?email_address=bob@acme.test")
            .await;
        let last = m["messages"].as_array().unwrap().last().unwrap().clone();
        assert!(
            last["body"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{email} {}.", last["code"].as_str().unwrap())),
            "{locale}: {last}"
        );
    }
    e.admin("/emulator/v1/reset", json!({})).await;
    for bad in [json!("de"), json!("klingon"), json!(7)] {
        let (s, v) = e
            .sdk(
                "/otps/sms/login_or_create",
                json!({"phone_number": SEED_PHONE, "locale": bad}),
                None,
            )
            .await;
        assert_eq!(s, 400, "{v}");
        assert!(
            v["error_type"] == "invalid_locale" || v["error_type"] == "bad_request",
            "{v}"
        );
    }
    assert!(
        e.sms(SEED_PHONE).await.is_empty(),
        "a refused locale sends nothing"
    );
}
