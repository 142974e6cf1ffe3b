//! Organizations that restrict primary authentication (`auth_methods: RESTRICTED`): email OTP
//! authenticate answers `primary_required` with an IST, SMS authenticate with that IST adds
//! its factor and answers a new IST; the organization's policies change through the backend's
//! create call and the admin API.
mod common;
use common::*;
use serde_json::{json, Value};

async fn set_org(e: &Emu, org: &str, body: Value) -> (u16, Value) {
    e.admin(&format!("/emulator/v1/organizations/{org}"), body)
        .await
}

/// Email OTP login + authenticate through the SDK; the authenticate answer.
async fn email_auth(e: &Emu, org: &str, email: &str) -> Value {
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/login_or_signup",
            json!({"organization_id": org, "email_address": email}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let code = e.last_email(email).await;
    let (s, v) = e
        .sdk(
            "/b2b/otps/email/authenticate",
            json!({"organization_id": org, "email_address": email, "code": code, "session_duration_minutes": 60}),
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    v
}

/// The factors (delivery methods) of the one listed IST.
async fn ist_factors(e: &Emu) -> Value {
    let (_, v) = e.get("/emulator/v1/sessions").await;
    let ists = v["intermediate_sessions"].as_array().unwrap();
    assert_eq!(ists.len(), 1, "{v}");
    ists[0]["factors"].clone()
}

fn ist_of(v: &Value) -> String {
    let t = v["intermediate_session_token"].as_str().unwrap();
    assert!(!t.is_empty(), "{v}");
    assert!(
        v["intermediate_session_token_expires_at"].is_string(),
        "{v}"
    );
    t.to_string()
}

/// The MFA-pending shape: no session, empty tokens.
fn assert_no_session(v: &Value) {
    assert_eq!(v["member_session"], Value::Null, "{v}");
    assert_eq!(v["member_authenticated"], false);
    assert_eq!(v["session_token"], "");
    assert_eq!(v["session_jwt"], "");
    for k in ["member", "organization"] {
        assert!(v[k].is_object(), "{k}: {v}");
    }
    for k in ["member_id", "organization_id", "request_id"] {
        assert!(v[k].is_string(), "{k}: {v}");
    }
    assert_eq!(v["status_code"], 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restricted_org_requires_another_primary_method() {
    let e = Emu::start().await;
    let allowed = json!(["magic_link", "password"]);
    let (s, v) = set_org(
        &e,
        ORG,
        json!({"auth_methods": "RESTRICTED", "allowed_auth_methods": allowed}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["organization"]["auth_methods"], "RESTRICTED");
    assert_eq!(v["organization"]["allowed_auth_methods"], allowed);
    assert_eq!(
        v["organization"]["mfa_policy"], "REQUIRED_FOR_ALL",
        "unnamed fields stay"
    );
    // Email OTP: an IST with primary_required, and (Acme requires MFA) the SMS sent.
    let v = email_auth(&e, ORG, "alice@acme.test").await;
    assert_no_session(&v);
    assert_eq!(
        v["primary_required"],
        json!({"allowed_auth_methods": allowed})
    );
    assert_eq!(v["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    assert_eq!(v["organization"]["auth_methods"], "RESTRICTED");
    let ist = ist_of(&v);
    assert_eq!(ist_factors(&e).await, json!(["email"]));
    // SMS authenticate with it: the code is used, the factor added, a new IST answered.
    let code = e.last_sms(ALICE_PHONE).await;
    let sms = |ist: &str, code: &str| json!({"organization_id": ORG, "member_id": ALICE, "code": code, "intermediate_session_token": ist, "session_duration_minutes": 60});
    let (s, v) = e
        .sdk("/b2b/otps/sms/authenticate", sms(&ist, &code), None)
        .await;
    assert_eq!(s, 200, "{v}");
    assert_no_session(&v);
    assert_eq!(v["mfa_required"], Value::Null);
    assert_eq!(
        v["primary_required"],
        json!({"allowed_auth_methods": allowed})
    );
    assert_eq!(v["member_id"], ALICE);
    assert_eq!(v["organization_id"], ORG);
    let next = ist_of(&v);
    assert_ne!(next, ist, "a new IST");
    assert_eq!(ist_factors(&e).await, json!(["email", "sms"]));
    let (_, listed) = e.get("/emulator/v1/sessions").await;
    assert_eq!(listed["sessions"], json!([]), "no member session");
    // The old IST is gone; the code is used.
    let (s, v) = e
        .sdk("/b2b/otps/sms/authenticate", sms(&ist, &code), None)
        .await;
    assert_error(s, &v, 404, "intermediate_session_not_found");
    let (s, v) = e
        .sdk("/b2b/otps/sms/authenticate", sms(&next, &code), None)
        .await;
    assert_error(s, &v, 401, "unable_to_auth_otp_code");
    // The backend answers the same shape.
    let (s, _) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": ALICE, "intermediate_session_token": next}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let code = e.last_sms(ALICE_PHONE).await;
    let (s, v) = e
        .backend("/v1/b2b/otps/sms/authenticate", sms(&next, &code))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_no_session(&v);
    assert_eq!(
        v["primary_required"],
        json!({"allowed_auth_methods": allowed})
    );
    let last = ist_of(&v);
    // Once the organization allows email OTP, the IST's factors complete the sign-in.
    let (s, _) = set_org(
        &e,
        ORG,
        json!({"allowed_auth_methods": ["magic_link", "email_otp"]}),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = e
        .sdk(
            "/b2b/otps/sms/send",
            json!({"organization_id": ORG, "member_id": ALICE, "intermediate_session_token": last}),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let code = e.last_sms(ALICE_PHONE).await;
    let (s, v) = e
        .sdk("/b2b/otps/sms/authenticate", sms(&last, &code), None)
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["member_authenticated"], true);
    assert_eq!(v["primary_required"], Value::Null);
    assert_eq!(v["intermediate_session_token"], "");
    let factors = v["member_session"]["authentication_factors"]
        .as_array()
        .unwrap();
    let methods: Vec<&Value> = factors.iter().map(|f| &f["delivery_method"]).collect();
    assert_eq!(methods, [&json!("email"), &json!("sms")]);
    // Reset restores the seed's policies.
    let (s, _) = e.admin("/emulator/v1/reset", json!({})).await;
    assert_eq!(s, 200);
    let v = email_auth(&e, ORG, "alice@acme.test").await;
    assert_eq!(v["primary_required"], Value::Null);
    assert_eq!(v["organization"]["auth_methods"], "ALL_ALLOWED");
    assert_eq!(v["organization"]["allowed_auth_methods"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restricted_org_without_mfa_and_with_email_otp_allowed() {
    let e = Emu::start().await;
    // Created through the backend with the policy: no MFA, SSO only.
    let (s, v) = e
        .backend(
            "/v1/b2b/organizations",
            json!({"organization_name": "Umbrella", "email_allowed_domains": ["umbrella.test"],
                "email_jit_provisioning": "RESTRICTED", "auth_methods": "RESTRICTED",
                "allowed_auth_methods": ["sso"]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let org = v["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(v["organization"]["auth_methods"], "RESTRICTED");
    assert_eq!(v["organization"]["allowed_auth_methods"], json!(["sso"]));
    let v = email_auth(&e, &org, "lee@umbrella.test").await;
    assert_no_session(&v);
    assert_eq!(v["mfa_required"], Value::Null, "no MFA needed");
    assert_eq!(
        v["primary_required"],
        json!({"allowed_auth_methods": ["sso"]})
    );
    ist_of(&v);
    // Allowing email OTP gives a session at once.
    let (s, v) = set_org(
        &e,
        &org,
        json!({"allowed_auth_methods": ["sso", "email_otp"]}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let v = email_auth(&e, &org, "lee@umbrella.test").await;
    assert_eq!(v["member_authenticated"], true);
    assert_eq!(v["primary_required"], Value::Null);
    assert!(!v["session_token"].as_str().unwrap().is_empty());
    // The MFA policy changes at runtime too: Bob (no phone) is let in without MFA.
    let (s, v) = set_org(&e, ORG, json!({"mfa_policy": "OPTIONAL"})).await;
    assert_eq!(s, 200, "{v}");
    let v = email_auth(&e, ORG, "bob@acme.test").await;
    assert_eq!(v["member_authenticated"], true, "{v}");
    let (s, v) = set_org(
        &e,
        ORG,
        json!({"mfa_methods": "ALL_ALLOWED", "allowed_mfa_methods": ["sms_otp", "totp"]}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["organization"]["mfa_methods"], "ALL_ALLOWED");
    assert_eq!(
        v["organization"]["allowed_mfa_methods"],
        json!(["sms_otp", "totp"])
    );
    let (_, project) = e.get("/emulator/v1/project").await;
    assert_eq!(project["organizations"][0]["mfa_policy"], "OPTIONAL");
    assert_eq!(project["organizations"][0]["auth_methods"], "ALL_ALLOWED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_policies_are_validated() {
    let e = Emu::start().await;
    for (body, error) in [
        (json!({"auth_methods": "SOME"}), "invalid_auth_methods"),
        (
            json!({"allowed_auth_methods": ["email"]}),
            "invalid_auth_methods",
        ),
        (json!({"allowed_auth_methods": "sso"}), "bad_request"),
        (json!({"mfa_policy": "ALWAYS"}), "invalid_mfa_policy"),
        (json!({"mfa_methods": "SOME"}), "invalid_mfa_methods"),
        (
            json!({"auth_methods": "RESTRICTED", "mfa_policy": "NEVER"}),
            "invalid_mfa_policy",
        ),
    ] {
        let (s, v) = set_org(&e, ORG, body.clone()).await;
        assert_error(s, &v, 400, error);
        let mut create = body.clone();
        create["organization_name"] = json!("Globex");
        let (s, v) = e.backend("/v1/b2b/organizations", create).await;
        assert_error(s, &v, 400, error);
    }
    let (_, project) = e.get("/emulator/v1/project").await;
    let acme = &project["organizations"][0];
    assert_eq!(acme["auth_methods"], "ALL_ALLOWED", "nothing changed");
    assert_eq!(acme["mfa_policy"], "REQUIRED_FOR_ALL");
    assert_eq!(project["organizations"].as_array().unwrap().len(), 1);
    let (s, v) = set_org(&e, "organization-test-nope", json!({})).await;
    assert_error(s, &v, 404, "organization_not_found");
    let r = e
        .http
        .post(format!("{}/emulator/v1/organizations/{ORG}", e.url))
        .header("Content-Type", "text/plain")
        .body("{\"mfa_policy\":\"OPTIONAL\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let (_, project) = e.get("/emulator/v1/project").await;
    assert_eq!(
        project["organizations"][0]["mfa_policy"],
        "REQUIRED_FOR_ALL"
    );
}
