#![cfg(not(target_arch = "wasm32"))]
//! Request bodies against the wire contract, and response reading of the
//! contract's JSON shapes.
use serde_json::Value;
use sms_mfa_sdk::sdk::api::BotTokens;
use sms_mfa_sdk::sdk::api::{self, PrimaryAuth, Request, Response};
use sms_mfa_sdk::sdk::codec::SerdeJson;
use sms_mfa_sdk::sdk::phone;
use sms_mfa_sdk::sdk::token::{Code, Secret};

/// The JSON text of a request body.
fn text(r: &Request) -> &str {
    r.body.as_ref().expect("body").expose()
}

/// The request body, parsed.
fn body(r: &Request) -> Value {
    serde_json::from_str(text(r)).expect("valid JSON")
}

/// A response as the platform hands it over: the body parsed when it is JSON.
fn resp(status: u16, body: &str, retry_after: Option<u32>) -> Response<Value> {
    Response {
        captcha_required: false,
        status,
        retry_after,
        body: serde_json::from_str(body).ok(),
    }
}

#[test]
fn consumer_requests() {
    let p = phone::parse("+1 202 555 0162").unwrap();
    // `expiration_minutes` is always sent (the engine passes the default, 2).
    let r = api::sms_login_or_create::<SerdeJson>(&p, 2, None, &BotTokens::default());
    assert_eq!(r.path, "/otps/sms/login_or_create");
    assert_eq!(r.bearer, None);
    assert_eq!(
        text(&r),
        r#"{"expiration_minutes":2,"phone_number":"+12025550162"}"#
    );
    assert_eq!(
        r.url("http://127.0.0.1:9010/"),
        "http://127.0.0.1:9010/sdk/v1/otps/sms/login_or_create"
    );
    assert_eq!(
        r.url("https://test.stytch.com"),
        "https://test.stytch.com/sdk/v1/otps/sms/login_or_create"
    );

    let r = api::sms_login_or_create::<SerdeJson>(&p, 5, Some("es"), &BotTokens::default());
    assert_eq!(
        text(&r),
        r#"{"expiration_minutes":5,"locale":"es","phone_number":"+12025550162"}"#
    );

    let r = api::sms_send_secondary::<SerdeJson>(&p, 2, None, &BotTokens::default());
    assert_eq!(r.path, "/otps/sms/send/secondary");
    assert_eq!(
        text(&r),
        r#"{"expiration_minutes":2,"phone_number":"+12025550162"}"#
    );

    let code = Code::parse("123456").unwrap();
    let r = api::otp_authenticate::<SerdeJson>(
        &code,
        "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
        60,
    );
    assert_eq!(r.path, "/otps/authenticate");
    // The SDK sends the code as `token`.
    assert_eq!(
        text(&r),
        r#"{"token":"123456","method_id":"phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0","session_duration_minutes":60}"#
    );

    let r = api::session_revoke(false, Secret::from("session-token-1"));
    assert_eq!((r.path, r.body.as_ref()), ("/sessions/revoke", None));
    assert_eq!(
        r.bearer.as_ref().map(Secret::expose),
        Some("session-token-1")
    );
    // Debug shows the path only.
    assert!(!format!("{r:?}").contains("session-token-1"));
}

#[test]
fn b2b_requests() {
    let org = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
    let mem = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
    let ist = Secret::from("oNJB3foIA79dn_uNVMNghG_MGkKSLHnR65NsKXv0gZzY");
    let r = api::b2b_sms_send::<SerdeJson>(org, mem, None, None, Some(&ist), &BotTokens::default());
    assert_eq!(r.path, "/b2b/otps/sms/send");
    assert_eq!(
        text(&r),
        concat!(
            r#"{"organization_id":"organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931","#,
            r#""member_id":"member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f","#,
            r#""intermediate_session_token":"oNJB3foIA79dn_uNVMNghG_MGkKSLHnR65NsKXv0gZzY"}"#
        )
    );
    let p = phone::parse("+1 415 555 1234").unwrap();
    let b = body(&api::b2b_sms_send::<SerdeJson>(
        org,
        mem,
        Some(&p),
        Some("en"),
        None,
        &BotTokens::default(),
    ));
    assert_eq!(b["mfa_phone_number"], "+14155551234");
    assert_eq!(b["locale"], "en");
    assert!(b.get("intermediate_session_token").is_none());

    let code = Code::parse("654321").unwrap();
    let r = api::b2b_sms_authenticate::<SerdeJson>(org, mem, &code, 60, Some(&ist), false);
    assert_eq!(r.path, "/b2b/otps/sms/authenticate");
    let b = body(&r);
    assert_eq!(b["organization_id"], org);
    assert_eq!(b["member_id"], mem);
    assert_eq!(b["code"], "654321");
    assert_eq!(b["session_duration_minutes"].as_i64(), Some(60));
    assert_eq!(b["intermediate_session_token"], ist.expose());
    assert!(b.get("set_mfa_enrollment").is_none());
    let b = body(&api::b2b_sms_authenticate::<SerdeJson>(
        org,
        mem,
        &code,
        30,
        Some(&ist),
        true,
    ));
    assert_eq!(b["set_mfa_enrollment"], "enroll");

    let r = api::b2b_email_login_or_signup::<SerdeJson>(
        org,
        "alice@acme.test",
        None,
        &BotTokens::default(),
    );
    assert_eq!(r.path, "/b2b/otps/email/login_or_signup");
    assert_eq!(
        text(&r),
        r#"{"organization_id":"organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931","email_address":"alice@acme.test"}"#
    );
    let r = api::b2b_email_authenticate::<SerdeJson>(org, "alice@acme.test", &code, 60, None);
    assert_eq!(r.path, "/b2b/otps/email/authenticate");
    assert_eq!(
        text(&r),
        r#"{"code":"654321","email_address":"alice@acme.test","organization_id":"organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931","session_duration_minutes":60}"#
    );
    let r = api::session_revoke(true, Secret::from("b2b-session-token"));
    assert_eq!((r.path, r.body.as_ref()), ("/b2b/sessions/revoke", None));
    assert_eq!(
        r.bearer.as_ref().map(Secret::expose),
        Some("b2b-session-token")
    );
}

#[test]
fn bodies_escape_strings() {
    let r = api::b2b_email_login_or_signup::<SerdeJson>(
        "org\"x\\y",
        "a\u{1}@b.c",
        Some("en\n"),
        &BotTokens::default(),
    );
    let b = body(&r);
    assert_eq!(b["organization_id"], "org\"x\\y");
    assert_eq!(b["email_address"], "a\u{1}@b.c");
    assert_eq!(b["locale"], "en\n");
}

#[test]
fn input_checks() {
    assert!(api::validate_id("member-test-emulator-alice", "m").is_ok());
    for bad in ["", " ", "a b", "é", "x\0", &"a".repeat(257)] {
        assert_eq!(
            api::validate_id(bad, "bad id").unwrap_err().error_type,
            "invalid_input",
            "{bad:?}"
        );
    }
    for ok in ["alice@acme.test", "a.b+c@sub.example.co"] {
        assert!(api::validate_email(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "alice",
        "@acme.test",
        "alice@",
        "alice@acme",
        "a b@c.d",
        "a@b@c.d",
        "a@.c",
        "a@c.",
        "a\n@b.c",
        // Invisible format characters: one address could pass for another.
        "ali\u{202e}ce@acme.test",
        "\u{200b}alice@acme.test",
        "alice@acme.test\u{feff}",
        "alice@acme\u{ad}.test",
    ] {
        assert_eq!(
            api::validate_email(bad).unwrap_err().error_type,
            "invalid_input",
            "{bad:?}"
        );
    }
    assert_eq!(api::validate_expiration_minutes(None).unwrap(), 2);
    assert_eq!(api::validate_expiration_minutes(Some(10)).unwrap(), 10);
    assert!(api::validate_expiration_minutes(Some(0)).is_err());
    assert!(api::validate_expiration_minutes(Some(11)).is_err());
    assert!(api::validate_session_duration(5).is_ok());
    assert!(api::validate_session_duration(527_040).is_ok());
    assert!(api::validate_session_duration(4).is_err());
    assert!(api::validate_session_duration(527_041).is_err());
    assert!(api::validate_locale("pt-br").is_ok());
    assert!(api::validate_locale("e").is_err());
    assert!(api::validate_locale("en_US").is_err());
}

pub const LOGIN_OR_CREATE_OK: &str = r#"{"data":{"request_id":"request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141","status_code":200,"method_id":"phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0","user_id":"user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6","user_created":false,"phone_id":"phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"}}"#;

pub const AUTHENTICATE_OK: &str = r#"{
  "data": {
    "request_id": "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13142",
    "status_code": 200,
    "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
    "method_id": "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
    "reset_sessions": false,
    "session_token": "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
    "session_jwt": "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0In0.eyJzdWIiOiJ1c2VyLXRlc3QifQ.c2lnbmF0dXJl",
    "session": {
      "session_id": "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509",
      "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
      "started_at": "2026-11-22T13:53:00Z",
      "last_accessed_at": "2026-11-22T13:53:00Z",
      "expires_at": "2026-11-22T14:53:00Z",
      "attributes": {"ip_address": "", "user_agent": ""},
      "authentication_factors": [
        {
          "type": "otp",
          "delivery_method": "sms",
          "last_authenticated_at": "2026-11-22T13:53:00Z",
          "created_at": "2026-11-22T13:53:00Z",
          "updated_at": "2026-11-22T13:53:00Z",
          "phone_number_factor": {"phone_id": "phone-number-test-d5a3b680", "phone_number": "+12025550100"}
        }
      ],
      "custom_claims": {},
      "roles": ["stytch_user"]
    },
    "user": {
      "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
      "status": "active", "emails": [], "is_locked": false, "roles": ["stytch_user"],
      "phone_numbers": [{"phone_id": "phone-number-test-d5a3b680", "phone_number": "+12025550100", "verified": true}],
      "webauthn_registrations": [], "providers": [], "totps": [], "crypto_wallets": [], "biometric_registrations": [],
      "name": {"first_name": "", "middle_name": "", "last_name": ""},
      "trusted_metadata": {"n": 1.5e3, "nested": {"deep": [[[[1]]]]}}
    },
    "user_device": null
  }
}"#;

pub const MEMBER_ALICE: &str = r#"{"organization_id":"organization-test-emulator-acme","member_id":"member-test-emulator-alice","email_address":"alice@acme.test","status":"active","name":"Alice","sso_registrations":[],"is_breakglass":false,"member_password_id":"","oauth_registrations":[],"email_address_verified":true,"mfa_phone_number_verified":true,"is_admin":false,"totp_registration_id":"","retired_email_addresses":[],"is_locked":false,"mfa_enrolled":true,"mfa_phone_number":"+12025550162","default_mfa_method":"sms_otp","roles":[]}"#;
pub const MEMBER_BOB: &str = r#"{"organization_id":"organization-test-emulator-acme","member_id":"member-test-emulator-bob","email_address":"bob@acme.test","status":"active","name":"Bob","sso_registrations":[],"is_breakglass":false,"member_password_id":"","oauth_registrations":[],"email_address_verified":true,"mfa_phone_number_verified":false,"is_admin":false,"totp_registration_id":"","retired_email_addresses":[],"is_locked":false,"mfa_enrolled":false,"mfa_phone_number":"","default_mfa_method":"","roles":[]}"#;
pub const ORG_ACME: &str = r#"{"organization_id":"organization-test-emulator-acme","organization_name":"Acme Inc","organization_logo_url":"","organization_slug":"acme","sso_jit_provisioning":"NOT_ALLOWED","sso_jit_provisioning_allowed_connections":[],"sso_active_connections":[],"email_allowed_domains":[],"email_jit_provisioning":"NOT_ALLOWED","email_invites":"ALL_ALLOWED","auth_methods":"ALL_ALLOWED","allowed_auth_methods":[],"mfa_policy":"REQUIRED_FOR_ALL","rbac_email_implicit_role_assignments":[],"mfa_methods":"RESTRICTED","allowed_mfa_methods":["sms_otp"],"oauth_tenant_jit_provisioning":"NOT_ALLOWED","claimed_email_domains":[],"first_party_connected_apps_allowed_type":"ALL_ALLOWED","allowed_first_party_connected_apps":[],"third_party_connected_apps_allowed_type":"ALL_ALLOWED","allowed_third_party_connected_apps":[],"custom_roles":[]}"#;

pub fn email_auth_mfa_pending(member: &str, secondary: &str) -> String {
    let parsed: Value = serde_json::from_str(member).unwrap();
    format!(
        r#"{{"data":{{"request_id":"request-id-test-1","status_code":200,"member_id":"{mid}","method_id":"email-test-1","organization_id":"organization-test-emulator-acme","member":{member},"organization":{ORG_ACME},"session_token":"","session_jwt":"","intermediate_session_token":"SeWGHtYbiLC3AhL0zE4dw0FcHlc6Ei0AqU5oIsuSlz8z","member_authenticated":false,"member_session":null,"mfa_required":{{"member_options":{opts},"secondary_auth_initiated":{secondary}}},"primary_required":null,"member_device":null}}}}"#,
        mid = parsed["member_id"].as_str().unwrap(),
        opts = if member.contains("+12025550162") {
            r#"{"mfa_phone_number":"+12025550162","totp_registration_id":""}"#
        } else {
            "null"
        },
    )
}

pub fn b2b_authenticated() -> String {
    format!(
        r#"{{"data":{{"request_id":"request-id-test-2","status_code":200,"member_id":"member-test-emulator-alice","member":{MEMBER_ALICE},"organization":{ORG_ACME},"session_token":"b2b-session-token","session_jwt":"b2b.session.jwt","intermediate_session_token":"","member_authenticated":true,"mfa_required":null,"primary_required":null,"member_session":{{"member_session_id":"member-session-test-1","member_id":"member-test-emulator-alice","organization_id":"organization-test-emulator-acme","organization_slug":"acme","started_at":"2026-11-22T13:53:00Z","last_accessed_at":"2026-11-22T13:54:00Z","expires_at":"2026-11-22T14:54:00.250Z","roles":["stytch_member"],"custom_claims":{{}},"authentication_factors":[{{"type":"otp","delivery_method":"email","last_authenticated_at":"2026-11-22T13:53:00Z","email_factor":{{"email_id":"email-test-1","email_address":"alice@acme.test"}},"sequence_order":"PRIMARY"}},{{"type":"otp","delivery_method":"sms","last_authenticated_at":"2026-11-22T13:54:00Z","phone_number_factor":{{"phone_id":"","phone_number":"+12025550162"}},"sequence_order":"SECONDARY"}}]}},"member_device":null}}}}"#
    )
}

fn primary(body: &str) -> PrimaryAuth {
    api::read_primary::<SerdeJson>(&resp(200, body, None)).unwrap()
}

#[test]
fn consumer_responses() {
    let s = api::read_sms_sent::<SerdeJson>(&resp(200, LOGIN_OR_CREATE_OK, None)).unwrap();
    assert_eq!(
        s.method_id,
        "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"
    );
    assert_eq!(
        s.request_id,
        "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141"
    );

    let a = api::read_authenticated::<SerdeJson>(&resp(200, AUTHENTICATE_OK, None)).unwrap();
    assert_eq!(
        a.session.session_id,
        "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509"
    );
    assert_eq!(a.session.expires_at, 1_795_359_180_000);
    assert_eq!(
        a.session.user_id.as_deref(),
        Some("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
    );
    assert_eq!(a.session.member_id, None);
    assert_eq!(a.session.factors.len(), 1);
    let f = &a.session.factors[0];
    assert_eq!(
        (f.kind.as_str(), f.delivery_method.as_str()),
        ("otp", "sms")
    );
    assert_eq!(f.phone_masked.as_deref(), Some("+1•••••••0100"));
    assert_eq!(f.last_authenticated_at, Some(1_795_355_580_000));
    assert_eq!(
        a.session_token.expose(),
        "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q"
    );
    assert!(a.session_jwt.expose().starts_with("eyJ"));
    // Debug of the parsed result never shows the tokens.
    let dbg = format!("{a:?}");
    assert!(!dbg.contains("mZAYn5") && !dbg.contains("eyJ"), "{dbg}");

    let ack = resp(
        200,
        r#"{"data":{"request_id":"r-1","status_code":200}}"#,
        None,
    );
    assert_eq!(api::read_ack::<SerdeJson>(&ack).unwrap(), "r-1");
}

#[test]
fn b2b_responses() {
    let a =
        api::read_b2b_authenticated::<SerdeJson>(&resp(200, &b2b_authenticated(), None)).unwrap();
    assert_eq!(a.session.session_id, "member-session-test-1");
    assert_eq!(
        a.session.member_id.as_deref(),
        Some("member-test-emulator-alice")
    );
    assert_eq!(
        a.session.organization_id.as_deref(),
        Some("organization-test-emulator-acme")
    );
    assert_eq!(a.session.expires_at, 1_795_359_240_250);
    assert_eq!(a.session.factors.len(), 2);
    assert_eq!(
        a.session.factors[0].email_address.as_deref(),
        Some("alice@acme.test")
    );
    assert_eq!(a.session_token.expose(), "b2b-session-token");

    // Primary auth that is already complete.
    match primary(&b2b_authenticated()) {
        PrimaryAuth::Authenticated(x) => assert_eq!(x, a),
        other => panic!("{other:?}"),
    }

    // Alice: enrolled, code sent automatically.
    let body = email_auth_mfa_pending(MEMBER_ALICE, r#""sms_otp""#);
    let PrimaryAuth::MfaPending(p) = primary(&body) else {
        panic!("expected MFA")
    };
    assert_eq!(
        p.intermediate_session_token.expose(),
        "SeWGHtYbiLC3AhL0zE4dw0FcHlc6Ei0AqU5oIsuSlz8z"
    );
    assert_eq!(p.request_id, "request-id-test-1");
    assert_eq!(
        p.challenge.organization_id,
        "organization-test-emulator-acme"
    );
    assert_eq!(p.challenge.member_id, "member-test-emulator-alice");
    assert_eq!(p.challenge.phone_masked.as_deref(), Some("+1•••••••0162"));
    assert!(!p.challenge.enrollment_required);
    assert_eq!(p.challenge.allowed_methods, ["sms_otp"]);
    assert!(p.challenge.sms_already_sent);
    // The IST's expiry is set by the state machine when the step begins.
    assert_eq!(p.challenge.ist_expires_at, 0);
    assert!(!format!("{p:?}").contains("SeWGHt"));

    // Bob: no phone, must enroll, nothing sent.
    let body = email_auth_mfa_pending(MEMBER_BOB, "null");
    let PrimaryAuth::MfaPending(p) = primary(&body) else {
        panic!("expected MFA")
    };
    assert_eq!(p.challenge.member_id, "member-test-emulator-bob");
    assert_eq!(p.challenge.phone_masked, None);
    assert!(p.challenge.enrollment_required);
    assert!(!p.challenge.sms_already_sent);

    // A phone on file but not verified: enrollment still required.
    let unverified = MEMBER_ALICE.replace(
        r#""mfa_phone_number_verified":true"#,
        r#""mfa_phone_number_verified":false"#,
    );
    let body = email_auth_mfa_pending(&unverified, "null");
    let PrimaryAuth::MfaPending(p) = primary(&body) else {
        panic!("expected MFA")
    };
    assert!(p.challenge.enrollment_required);
    assert_eq!(p.challenge.phone_masked.as_deref(), Some("+1•••••••0162"));

    // ALL_ALLOWED with an empty list means every method.
    let all = body.replace(
        r#""mfa_methods":"RESTRICTED","allowed_mfa_methods":["sms_otp"]"#,
        r#""mfa_methods":"ALL_ALLOWED","allowed_mfa_methods":[]"#,
    );
    let PrimaryAuth::MfaPending(p) = primary(&all) else {
        panic!()
    };
    assert_eq!(p.challenge.allowed_methods, ["sms_otp", "totp"]);

    // A null member_session on the SMS authenticate is not a session.
    let e = api::read_b2b_authenticated::<SerdeJson>(&resp(200, &body, None)).unwrap_err();
    assert_eq!(e.error_type, "invalid_response");
}

fn primary_input(text: &str) -> Result<PrimaryAuth, sms_mfa_sdk::sdk::error::Error> {
    // What the platform hands over: the caller's value; a text that is not
    // JSON stands for a JS string.
    let doc = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into()));
    api::read_primary_input::<SerdeJson>(&doc)
}

#[test]
fn primary_auth_input() {
    // Raw snake_case response, with or without the envelope.
    let enveloped = email_auth_mfa_pending(MEMBER_ALICE, r#""sms_otp""#);
    let raw: Value = serde_json::from_str(&enveloped).unwrap();
    let inner = raw["data"].to_string();
    for input in [enveloped.as_str(), inner.as_str()] {
        let PrimaryAuth::MfaPending(p) = primary_input(input).unwrap() else {
            panic!()
        };
        assert_eq!(p.challenge.member_id, "member-test-emulator-alice");
        assert!(p.challenge.sms_already_sent);
    }
    // Essentials, camelCase.
    let PrimaryAuth::MfaPending(p) = primary_input(
        r#"{"intermediateSessionToken":"ist-1","organizationId":"org-1","memberId":"mem-1","phoneMasked":"+14155551234"}"#,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(p.intermediate_session_token.expose(), "ist-1");
    assert_eq!(
        p.challenge.phone_masked.as_deref(),
        Some("+1•••••••1234"),
        "a full number is masked"
    );
    assert!(!p.challenge.enrollment_required);
    assert_eq!(p.challenge.allowed_methods, ["sms_otp", "totp"]);
    let PrimaryAuth::MfaPending(p) = primary_input(
        r#"{"intermediateSessionToken":"ist-1","organizationId":"org-1","memberId":"mem-1","phoneMasked":null,"allowedMethods":["sms_otp"]}"#,
    )
    .unwrap() else {
        panic!()
    };
    assert!(p.challenge.enrollment_required);
    assert_eq!(p.challenge.allowed_methods, ["sms_otp"]);
    for bad in [
        "",
        "null",
        "{}",
        "[]",
        r#"{"intermediateSessionToken":""}"#,
        r#"{"intermediateSessionToken":"x","organizationId":"o"}"#,
        r#"{"intermediateSessionToken":"x","organizationId":"o","memberId":""}"#,
        r#"{"intermediateSessionToken":5,"organizationId":"o","memberId":"m"}"#,
        r#"{"intermediateSessionToken":"x","organizationId":"o","memberId":"m","allowedMethods":"sms_otp"}"#,
        r#"{"intermediate_session_token":"","member_id":"m","organization_id":"o"}"#,
        r#"{"intermediate_session_token":"x","member_id":"m"}"#,
    ] {
        assert_eq!(
            primary_input(bad).unwrap_err().error_type,
            "invalid_input",
            "{bad}"
        );
    }
}

#[test]
fn error_responses() {
    let e = api::read_error::<SerdeJson>(&resp(
        404,
        r#"{"status_code":404,"request_id":"request-id-test-9","error_type":"otp_code_not_found","error_message":"The passcode is incorrect.","error_url":"https://stytch.com/docs/api/errors/404#otp_code_not_found"}"#,
        None,
    ));
    assert_eq!(e.error_type, "otp_code_not_found");
    assert_eq!(e.status_code, 404);
    assert_eq!(e.request_id, "request-id-test-9");
    assert_eq!(e.error_message, "The passcode is incorrect.");
    assert_eq!(
        e.error_url,
        "https://stytch.com/docs/api/errors/404#otp_code_not_found"
    );
    assert!(!e.retryable);

    // The same through a response reader.
    let e2 = api::read_authenticated::<SerdeJson>(&resp(
        401,
        r#"{"status_code":401,"request_id":"r","error_type":"unable_to_auth_otp_code","error_message":"expired","error_url":"u"}"#,
        None,
    ))
    .unwrap_err();
    assert_eq!(
        (e2.error_type.as_ref(), e2.status_code),
        ("unable_to_auth_otp_code", 401)
    );

    let e = api::read_sms_sent::<SerdeJson>(&resp(
        429,
        r#"{"status_code":429,"request_id":"r","error_type":"too_many_requests","error_message":"Too many requests.","error_url":"https://stytch.com/docs/api/errors/429"}"#,
        Some(42),
    ))
    .unwrap_err();
    assert_eq!(
        (e.error_type.as_ref(), e.retryable, e.retry_after),
        ("too_many_requests", true, Some(42))
    );

    // OAuth form.
    let e = api::read_error::<SerdeJson>(&resp(
        400,
        r#"{"error":"invalid_request","error_description":"bad","error_uri":"https://x"}"#,
        None,
    ));
    assert_eq!(
        (
            e.error_type.as_ref(),
            e.error_message.as_ref(),
            e.error_url.as_str()
        ),
        ("invalid_request", "bad", "https://x")
    );

    // The HTTP status wins over the body.
    let e = api::read_error::<SerdeJson>(&resp(
        503,
        r#"{"status_code":200,"error_type":"internal_server_error","error_message":"x"}"#,
        None,
    ));
    assert_eq!((e.status_code, e.retryable), (503, true));

    // Past `error_type`, mistyped members are left out of the error.
    let e = api::read_error::<SerdeJson>(&resp(
        400,
        r#"{"error_type":"x","error_message":5,"request_id":["r"],"error_url":null}"#,
        None,
    ));
    assert_eq!(
        (
            e.error_type.as_ref(),
            e.error_message.as_ref(),
            e.request_id.as_str(),
            e.error_url.as_str()
        ),
        ("x", "", "", "")
    );
    // A request id that is not an id is left out too.
    let e = api::read_error::<SerdeJson>(&resp(
        400,
        r#"{"error_type":"x","request_id":"has space"}"#,
        None,
    ));
    assert_eq!(e.request_id, "");

    // Not understood.
    for (status, body) in [
        (502, "<html>Bad Gateway</html>"),
        (500, ""),
        (500, r#"{"error_type":5}"#),
        (400, r#"{"error_type":""}"#),
        (400, r#"{"error_type":"has space"}"#),
        (400, r#"{"error_message":"no type"}"#),
        (404, r#"{"error_type":"x""#),
        (399, "Captcha required"),
    ] {
        let e = api::read_error::<SerdeJson>(&resp(status, body, Some(1)));
        assert_eq!(e.error_type, "invalid_response", "{body}");
        assert_eq!(e.status_code, status);
        assert_eq!(e.retryable, status >= 500 || status == 429);
        assert_eq!(e.retry_after, Some(1));
    }

    // A huge message is cut, the type survives.
    let big = format!(
        r#"{{"error_type":"x","error_message":"{}"}}"#,
        "é".repeat(5000)
    );
    let e = api::read_error::<SerdeJson>(&resp(400, &big, None));
    assert_eq!(e.error_type, "x");
    assert!(e.error_message.len() <= 1024);
}

/// An error body that is a JSON array is not Stytch's error object.
#[test]
#[ignore = "sdk bug: read_error reads a JSON array positionally (serde derive visit_seq): [\"error_type\"] gives error_type \"error_type\""]
fn error_body_array_is_not_an_error_object() {
    let e = api::read_error::<SerdeJson>(&resp(400, r#"["error_type"]"#, Some(1)));
    assert_eq!(e.error_type, "invalid_response");
}

/// A success `data` that is a JSON array is not Stytch's answer.
#[test]
#[ignore = "sdk bug: readers accept a JSON array as `data` positionally (serde derive visit_seq)"]
fn success_data_array_is_refused() {
    let r = resp(200, r#"{"data":["r-1","phone-number-test-1"]}"#, None);
    assert_eq!(
        api::read_sms_sent::<SerdeJson>(&r).unwrap_err().error_type,
        "invalid_response"
    );
}

#[test]
fn success_shapes_refused() {
    for (status, body) in [
        (200, ""),
        (200, "{}"),
        (200, r#"{"data":null}"#),
        (200, r#"{"data":[]}"#),
        (200, r#"{"request_id":"r","method_id":"m"}"#),
        (200, r#"{"data":{"method_id":5}}"#),
        (200, r#"{"data":{"method_id":""}}"#),
        (200, r#"{"data":{"method_id":"m","request_id":7}}"#),
        (100, r#"{"data":{"method_id":"m"}}"#),
        (200, r#"{"data":{"method_id":"m"}"#),
    ] {
        let e = api::read_sms_sent::<SerdeJson>(&resp(status, body, None)).unwrap_err();
        assert_eq!(e.error_type, "invalid_response", "{body}");
        assert!(!e.retryable);
    }
    // session fields: missing / wrong types
    for (from, to) in [
        (
            r#""expires_at": "2026-11-22T14:53:00Z""#,
            r#""expires_at": null"#,
        ),
        (
            r#""expires_at": "2026-11-22T14:53:00Z""#,
            r#""expires_at": "tomorrow""#,
        ),
        (
            r#""expires_at": "2026-11-22T14:53:00Z""#,
            r#""expires_at": 1795359180000"#,
        ),
        (
            r#""session_token": "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q""#,
            r#""session_token": 5"#,
        ),
        (
            r#""session_id": "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509","#,
            "",
        ),
        (r#""type": "otp","#, ""),
        (
            r#""delivery_method": "sms""#,
            r#""delivery_method": ["sms"]"#,
        ),
        (
            r#""authentication_factors": ["#,
            r#""authentication_factors": {"x":["#,
        ),
    ] {
        assert!(AUTHENTICATE_OK.contains(from), "{from}");
        let body = AUTHENTICATE_OK.replacen(from, to, 1);
        let e = api::read_authenticated::<SerdeJson>(&resp(200, &body, None)).unwrap_err();
        assert_eq!(e.error_type, "invalid_response", "{to}");
    }
    // A missing or null `session_token` now reads as an empty token (as for
    // projects that give the browser none), like `""`.
    for to in ["", r#""session_token": null,"#, r#""session_token": "","#] {
        let from = r#""session_token": "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q","#;
        let body = AUTHENTICATE_OK.replacen(from, to, 1);
        let a = api::read_authenticated::<SerdeJson>(&resp(200, &body, None)).unwrap();
        assert!(a.session_token.is_empty(), "{to}");
    }
}
