//! B2B over real HTTP: email OTP primary factor -> IST -> SMS OTP second factor.
mod common;
use common::*;
use serde_json::{json, Value};

/// The "MFA authentication flow" guide's curl bodies, verbatim; the doc's example ids,
/// code and IST are replaced with the real ones.
const DOC_SEND: &str = r#"{
    "organization_id": "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
    "member_id": "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
    "mfa_phone_number": "+15555555555"
  }"#;
const DOC_AUTHENTICATE: &str = r#"{
    "organization_id": "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
    "member_id": "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
    "code": "123456",
    "intermediate_session_token": "intermediate_session_token_...",
    "session_duration_minutes": 60
  }"#;
const DOC_ORG: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const DOC_MEMBER: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
const DOC_PHONE: &str = "+15555555555";

async fn email_primary(e: &Emu, email: &str, sdk: bool) -> Value {
    let login = json!({"organization_id": ORG, "email_address": email});
    let (s, v) = if sdk {
        e.sdk("/b2b/otps/email/login_or_signup", login, None).await
    } else {
        e.backend("/v1/b2b/otps/email/login_or_signup", login).await
    };
    assert_eq!(s, 200, "{v}");
    let code = e.last_email(email).await;
    let auth = json!({"organization_id": ORG, "email_address": email, "code": code, "session_duration_minutes": 60});
    let (s, v) = if sdk {
        e.sdk("/b2b/otps/email/authenticate", auth, None).await
    } else {
        e.backend("/v1/b2b/otps/email/authenticate", auth).await
    };
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_doc_b2b_mfa_flow_enrolls_a_phone() {
    let e = Emu::start().await;
    let v = email_primary(&e, "bob@acme.test", false).await;
    assert_eq!(v["member_authenticated"], false);
    assert_eq!(v["member_session"], Value::Null);
    assert_eq!(v["session_token"], "");
    assert_eq!(v["session_jwt"], "");
    assert_eq!(v["mfa_required"]["member_options"], Value::Null);
    assert_eq!(v["mfa_required"]["secondary_auth_initiated"], Value::Null);
    assert_eq!(v["organization_id"], ORG);
    assert!(v["method_id"].is_string());
    let ist = v["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(ist.len() >= 32);
    let send = DOC_SEND.replace(DOC_ORG, ORG).replace(DOC_MEMBER, BOB);
    let (s, v) = e
        .backend(
            "/v1/b2b/otps/sms/send",
            serde_json::from_str(&send).unwrap(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_id"], BOB);
    assert!(v["member"].is_object() && v["organization"].is_object());
    let code = e.last_sms(DOC_PHONE).await;
    let auth = DOC_AUTHENTICATE
        .replace(DOC_ORG, ORG)
        .replace(DOC_MEMBER, BOB)
        .replace("123456", &code)
        .replace("intermediate_session_token_...", &ist);
    let (s, v) = e
        .backend(
            "/v1/b2b/otps/sms/authenticate",
            serde_json::from_str(&auth).unwrap(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_authenticated"], true);
    assert_eq!(v["intermediate_session_token"], "");
    assert_eq!(v["member"]["mfa_phone_number"], DOC_PHONE);
    assert_eq!(v["member"]["mfa_phone_number_verified"], true);
    assert_eq!(v["member"]["mfa_enrolled"], true);
    let ms = &v["member_session"];
    for k in [
        "member_session_id",
        "member_id",
        "started_at",
        "last_accessed_at",
        "expires_at",
        "organization_id",
        "organization_slug",
    ] {
        assert!(ms[k].is_string(), "{k}: {ms}");
    }
    let factors = ms["authentication_factors"].as_array().unwrap();
    assert_eq!(factors.len(), 2, "{factors:?}");
    assert_eq!(factors[0]["delivery_method"], "email");
    assert_eq!(factors[1]["type"], "otp");
    assert_eq!(factors[1]["delivery_method"], "sms");
    assert_eq!(factors[1]["phone_number_factor"]["phone_number"], DOC_PHONE);
    let token = v["session_token"].as_str().unwrap().to_string();
    // The IST was consumed.
    let auth2 = json!({"organization_id": ORG, "member_id": BOB, "code": code, "intermediate_session_token": ist});
    let (s, v) = e.backend("/v1/b2b/otps/sms/authenticate", auth2).await;
    assert_error(s, &v, 404, "intermediate_session_not_found");
    // The member session validates on the backend.
    let (s, v) = e
        .backend(
            "/v1/b2b/sessions/authenticate",
            json!({"session_token": token}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member"]["member_id"], BOB);
    // Bob's next login auto-sends to the enrolled phone.
    let v = email_primary(&e, "bob@acme.test", false).await;
    assert_eq!(v["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    assert_eq!(
        v["mfa_required"]["member_options"]["mfa_phone_number"],
        DOC_PHONE
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_b2b_email_then_auto_sms_mfa() {
    let e = Emu::start().await;
    let v = email_primary(&e, "alice@acme.test", true).await;
    assert_eq!(v["member_authenticated"], false);
    assert_eq!(v["member_session"], Value::Null);
    assert_eq!(v["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    assert_eq!(
        v["mfa_required"]["member_options"]["mfa_phone_number"],
        ALICE_PHONE
    );
    assert_eq!(v["member"]["mfa_phone_number_verified"], true);
    assert_eq!(v["organization"]["mfa_policy"], "REQUIRED_FOR_ALL");
    assert_eq!(v["organization"]["allowed_mfa_methods"], json!(["sms_otp"]));
    let ist = v["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    let code = e.last_sms(ALICE_PHONE).await;
    // A wrong code does not consume the IST.
    let body = |c: &str| json!({"organization_id": ORG, "member_id": ALICE, "code": c, "session_duration_minutes": 60, "intermediate_session_token": ist});
    let (s, v) = e
        .sdk("/b2b/otps/sms/authenticate", body(&wrong(&code)), None)
        .await;
    assert_error(s, &v, 404, "otp_code_not_found");
    let (s, v) = e.sdk("/b2b/otps/sms/authenticate", body(&code), None).await;
    assert_eq!(s, 200, "{v}");
    assert!(v["member_session"].is_object());
    let token = v["session_token"].as_str().unwrap().to_string();
    assert!(!v["session_jwt"].as_str().unwrap().is_empty());
    let (s, v) = e
        .sdk("/b2b/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_session"]["member_id"], ALICE);
    // Resend for an enrolled member with a session (step-up) works without an IST.
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": ALICE}),
            Some(&token),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = e.sdk("/b2b/sessions/revoke", json!({}), Some(&token)).await;
    assert_eq!(s, 200);
    let (s, v) = e
        .sdk("/b2b/sessions/authenticate", json!({}), Some(&token))
        .await;
    assert_error(s, &v, 404, "session_not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ist_lifetime_scope_and_sdk_requirements() {
    let e = Emu::start().await;
    let v = email_primary(&e, "bob@acme.test", true).await;
    let ist = v["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(v["intermediate_session_token_expires_at"].is_string());
    // The SDK may not send to a member without an IST or a session.
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": BOB, "mfa_phone_number": "+14155550111"}),
            None,
        )
        .await;
    assert_error(s, &v, 401, "unauthorized_credentials");
    // No phone on file and none given.
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": BOB, "intermediate_session_token": ist}),
            None,
        )
        .await;
    assert_error(s, &v, 404, "member_phone_number_not_found");
    // Alice's verified phone may not be taken by Bob.
    let (s, v) = e.sdk("/b2b/otps/sms/send", json!({"organization_id": ORG, "member_id": BOB, "mfa_phone_number": ALICE_PHONE, "intermediate_session_token": ist}), None).await;
    assert_error(s, &v, 400, "duplicate_member_phone_number");
    // The IST is for Bob in Acme: another member or organization is refused.
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": ALICE, "intermediate_session_token": ist}),
            None,
        )
        .await;
    assert_error(
        s,
        &v,
        400,
        "invalid_intermediate_session_token_for_organization",
    );
    let (s, v) = e.backend("/v1/b2b/organizations", json!({"organization_name": "Globex", "mfa_policy": "REQUIRED_FOR_ALL", "email_allowed_domains": ["globex.test"], "email_jit_provisioning": "RESTRICTED"})).await;
    assert_eq!(s, 200, "{v}");
    let other = v["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, v) = e.backend(&format!("/v1/b2b/organizations/{}/members", other.replace('-', "%2D")), json!({"organization_id": other, "email_address": "carol@globex.test", "name": null, "mfa_phone_number": null})).await;
    assert_eq!(s, 200, "{v}");
    let carol = v["member_id"].as_str().unwrap().to_string();
    let (s, v) = e.sdk("/b2b/otps/sms/send", json!({"organization_id": other, "member_id": carol, "mfa_phone_number": "+14155550111", "intermediate_session_token": ist}), None).await;
    assert_error(
        s,
        &v,
        400,
        "invalid_intermediate_session_token_for_organization",
    );
    // Send to Bob's new phone and authenticate after the IST has expired.
    let (s, v) = e.sdk("/b2b/otps/sms/send", json!({"organization_id": ORG, "member_id": BOB, "mfa_phone_number": "+14155550111", "intermediate_session_token": ist}), None).await;
    assert_eq!(s, 200, "{v}");
    let code = e.last_sms("+14155550111").await;
    e.advance(9 * 60).await;
    // Nine minutes in, the IST lives but the 2-minute code has expired.
    let (s, v) = e.sdk("/b2b/otps/sms/authenticate", json!({"organization_id": ORG, "member_id": BOB, "code": code, "intermediate_session_token": ist, "session_duration_minutes": 60}), None).await;
    assert_error(s, &v, 401, "unable_to_auth_otp_code");
    let (s, _) = e.sdk("/b2b/otps/sms/send", json!({"organization_id": ORG, "member_id": BOB, "mfa_phone_number": "+14155550111", "intermediate_session_token": ist}), None).await;
    assert_eq!(s, 200);
    let code = e.last_sms("+14155550111").await;
    e.advance(61).await;
    let (s, v) = e.sdk("/b2b/otps/sms/authenticate", json!({"organization_id": ORG, "member_id": BOB, "code": code, "intermediate_session_token": ist, "session_duration_minutes": 60}), None).await;
    assert_error(s, &v, 404, "intermediate_session_not_found");
    // Without an IST or a session there is nothing to complete.
    let (s, v) = e.sdk("/b2b/otps/sms/authenticate", json!({"organization_id": ORG, "member_id": BOB, "code": code, "session_duration_minutes": 60}), None).await;
    assert_error(s, &v, 401, "unauthorized_credentials");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b2b_phone_rules_durations_and_lock() {
    let e = Emu::start().await;
    let v = email_primary(&e, "alice@acme.test", true).await;
    let ist = v["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    // A different number from the verified one on file.
    let (s, v) = e.sdk("/b2b/otps/sms/send", json!({"organization_id": ORG, "member_id": ALICE, "mfa_phone_number": "+14155550111", "intermediate_session_token": ist}), None).await;
    assert_error(s, &v, 409, "duplicate_member_phone_number_for_member");
    // Unsupported or malformed phone numbers.
    let (s, v) = e.sdk("/b2b/otps/sms/send", json!({"organization_id": ORG, "member_id": BOB, "mfa_phone_number": "+12425550100", "intermediate_session_token": ist}), None).await;
    assert_error(s, &v, 400, "invalid_phone_number_country_code");
    let (s, v) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": BOB, "mfa_phone_number": "555-0100"}),
            None,
        )
        .await;
    assert_error(s, &v, 400, "invalid_phone_number");
    let code = e.last_sms(ALICE_PHONE).await;
    let body = |c: &str, d: i64| json!({"organization_id": ORG, "member_id": ALICE, "code": c, "intermediate_session_token": ist, "session_duration_minutes": d});
    let (s, v) = e
        .sdk("/b2b/otps/sms/authenticate", body(&code, 4), None)
        .await;
    assert_error(s, &v, 400, "invalid_session_duration_minutes");
    for _ in 0..5 {
        let (s, _) = e
            .sdk("/b2b/otps/sms/authenticate", body(&wrong(&code), 60), None)
            .await;
        assert_eq!(s, 404);
    }
    let (s, v) = e
        .sdk("/b2b/otps/sms/authenticate", body(&code, 60), None)
        .await;
    assert_error(s, &v, 429, "user_lock_limit_reached");
    // Unknown organization or member.
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": "organization-test-nope", "email_address": "a@b.test"}),
            None,
        )
        .await;
    assert_error(s, &v, 404, "organization_not_found");
    let (s, v) = e
        .backend(
            "/v1/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": "member-test-nope"}),
        )
        .await;
    assert_error(s, &v, 404, "member_not_found");
    // A stranger's domain may not sign up; an allowed domain may.
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "eve@evil.test"}),
            None,
        )
        .await;
    assert_error(s, &v, 403, "unauthorized_action");
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "dave@acme.test"}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = e
        .backend(
            &format!("/v1/b2b/organizations/{ORG}/members"),
            json!({"email_address": "alice@acme.test"}),
        )
        .await;
    assert_error(s, &v, 409, "duplicate_member_email");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn optional_mfa_org_gets_a_session_at_once() {
    let e = Emu::start().await;
    let (s, v) = e.backend("/v1/b2b/organizations", json!({"organization_name": "Initech", "email_allowed_domains": ["initech.test"], "email_jit_provisioning": "RESTRICTED"})).await;
    assert_eq!(s, 200, "{v}");
    let org = v["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(v["organization"]["mfa_policy"], "OPTIONAL");
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": org, "email_address": "pat@initech.test"}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let code = e.last_email("pat@initech.test").await;
    let (s, v) = e.sdk("/b2b/otps/email/authenticate", json!({"organization_id": org, "email_address": "pat@initech.test", "code": code, "session_duration_minutes": 60}), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_authenticated"], true);
    assert_eq!(v["intermediate_session_token"], "");
    assert!(!v["session_token"].as_str().unwrap().is_empty());
    assert_eq!(v["mfa_required"], Value::Null);
}

/// Alice's full member session through the SDK (email OTP, then the auto-sent SMS):
/// the SMS authenticate answer.
async fn alice_session(e: &Emu) -> Value {
    let v = email_primary(e, "alice@acme.test", true).await;
    let ist = v["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    let code = e.last_sms(ALICE_PHONE).await;
    let (s, v) = e.sdk("/b2b/otps/sms/authenticate", json!({"organization_id": ORG, "member_id": ALICE, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist}), None).await;
    assert_eq!(s, 200, "{v}");
    v
}

/// Sends Alice an email code and returns the authenticate body for it.
async fn alice_email_code(e: &Emu) -> Value {
    let (s, _) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": ORG, "email_address": "alice@acme.test"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let code = e.last_email("alice@acme.test").await;
    json!({"organization_id": ORG, "email_address": "alice@acme.test", "code": code, "session_duration_minutes": 60})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_authenticate_adds_the_factor_to_the_member_session() {
    let e = Emu::start().await;
    let first = alice_session(&e).await;
    let token = first["session_token"].as_str().unwrap().to_string();
    let session_id = first["member_session"]["member_session_id"].clone();
    let sms_before = e.sms(ALICE_PHONE).await.len();
    e.advance(90).await;
    let body = alice_email_code(&e).await;
    let (s, v) = e
        .sdk("/b2b/otps/email/authenticate", body, Some(&token))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_authenticated"], true);
    assert_eq!(v["intermediate_session_token"], "");
    assert_eq!(v["mfa_required"], Value::Null);
    assert_eq!(v["primary_required"], Value::Null);
    assert_eq!(v["session_token"], token, "the same session");
    assert_eq!(v["member_session"]["member_session_id"], session_id);
    assert!(v["method_id"].is_string());
    let jwt = v["session_jwt"].as_str().unwrap();
    assert!(!jwt.is_empty() && jwt != first["session_jwt"].as_str().unwrap());
    let ms = &v["member_session"];
    assert_ne!(
        ms["last_accessed_at"], first["member_session"]["last_accessed_at"],
        "accessed now"
    );
    let factors = ms["authentication_factors"].as_array().unwrap();
    assert_eq!(factors.len(), 2, "{factors:?}");
    assert_eq!(factors[0]["delivery_method"], "email");
    assert_eq!(factors[0]["last_authenticated_at"], ms["last_accessed_at"]);
    assert_eq!(factors[1]["delivery_method"], "sms");
    assert_eq!(
        e.sms(ALICE_PHONE).await.len(),
        sms_before,
        "no MFA step, so no SMS"
    );
    let (_, listed) = e.get("/emulator/v1/sessions").await;
    assert_eq!(listed["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(listed["intermediate_sessions"], json!([]));
    // The backend: the session by `session_jwt` (or `session_token`) in the body.
    let mut body = alice_email_code(&e).await;
    body["session_jwt"] = json!(jwt);
    let (s, v) = e.backend("/v1/b2b/otps/email/authenticate", body).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["session_token"], token);
    assert_eq!(v["member_session"]["member_session_id"], session_id);
    // An unknown session token on the backend is refused before the code is used.
    let mut body = alice_email_code(&e).await;
    body["session_token"] = json!("never-issued");
    let (s, v) = e
        .backend("/v1/b2b/otps/email/authenticate", body.clone())
        .await;
    assert_error(s, &v, 404, "session_not_found");
    body["session_token"] = json!(token);
    let (s, v) = e.backend("/v1/b2b/otps/email/authenticate", body).await;
    assert_eq!(s, 200, "the code was not consumed: {v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_authenticate_ignores_a_stale_or_foreign_session() {
    let e = Emu::start().await;
    // Pat's session in an organization without MFA.
    let (s, v) = e.backend("/v1/b2b/organizations", json!({"organization_name": "Initech", "email_allowed_domains": ["initech.test"], "email_jit_provisioning": "RESTRICTED"})).await;
    assert_eq!(s, 200, "{v}");
    let initech = v["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": initech, "email_address": "pat@initech.test"}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let code = e.last_email("pat@initech.test").await;
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/authenticate",
            json!({"organization_id": initech, "email_address": "pat@initech.test", "code": code}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let pat = v["session_token"].as_str().unwrap().to_string();
    // Alice signs in to Acme with Pat's session in Authorization: it is ignored, and the
    // usual MFA step follows.
    let body = alice_email_code(&e).await;
    let (s, v) = e
        .sdk("/b2b/otps/email/authenticate", body, Some(&pat))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_authenticated"], false);
    assert_eq!(v["member_session"], Value::Null);
    assert!(!v["intermediate_session_token"].as_str().unwrap().is_empty());
    let (s, v) = e
        .sdk("/b2b/sessions/authenticate", json!({}), Some(&pat))
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        v["member_session"]["authentication_factors"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "Pat's session is untouched"
    );
    // A revoked (stale) session in Authorization is ignored too.
    let (s, _) = e.sdk("/b2b/sessions/revoke", json!({}), Some(&pat)).await;
    assert_eq!(s, 200);
    let body = alice_email_code(&e).await;
    let (s, v) = e
        .sdk("/b2b/otps/email/authenticate", body, Some(&pat))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_authenticated"], false);
}
