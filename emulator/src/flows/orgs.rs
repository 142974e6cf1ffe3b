//! B2B organizations and members: the backend's creation calls and the admin API's change of
//! an organization's authentication policies.
use serde_json::{json, Value};

use super::b2b::org_not_found;
use super::common::{check_name, ok, parse_email, parse_phone};
use crate::app::App;
use crate::config::auth_methods_problem;
use crate::errors::{ApiError, ApiResult};
use crate::extract::Fields;
use crate::ids;
use crate::state::model::{Member, Org};
use crate::state::store::slugify;

/// An organization's authentication policies, each `None` when the request leaves it as is.
#[derive(Debug, Default)]
struct Policies {
    mfa_policy: Option<String>,
    mfa_methods: Option<String>,
    allowed_mfa_methods: Option<Vec<String>>,
    auth_methods: Option<String>,
    allowed_auth_methods: Option<Vec<String>>,
}

/// An optional list of strings (`null` = absent).
///
/// # Errors
/// 400 `bad_request` when it is not a list of strings.
fn strings(body: &Fields, k: &str) -> ApiResult<Option<Vec<String>>> {
    let bad = || ApiError::bad_request(format!("{k} must be a list of strings."));
    match body.value(k) {
        Value::Null => Ok(None),
        Value::Array(a) => a
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
            .collect::<ApiResult<Vec<_>>>()
            .map(Some),
        _ => Err(bad()),
    }
}

/// An optional string that must be one of `allowed`.
///
/// # Errors
/// `error_type` (400) for another value.
fn one_of(
    body: &Fields,
    k: &str,
    allowed: [&str; 2],
    error_type: &'static str,
) -> ApiResult<Option<String>> {
    match body.opt_nonempty(k)? {
        Some(v) if !allowed.contains(&v.as_str()) => Err(ApiError::new(
            400,
            error_type,
            format!("{k} must be {} or {}.", allowed[0], allowed[1]),
        )),
        v => Ok(v),
    }
}

impl Policies {
    /// Reads and checks the policy fields of a request.
    ///
    /// # Errors
    /// 400 `invalid_mfa_policy`, `invalid_mfa_methods`, `invalid_auth_methods`, `bad_request`.
    fn parse(body: &Fields) -> ApiResult<Policies> {
        let p = Policies {
            mfa_policy: one_of(
                body,
                "mfa_policy",
                ["OPTIONAL", "REQUIRED_FOR_ALL"],
                "invalid_mfa_policy",
            )?,
            mfa_methods: one_of(
                body,
                "mfa_methods",
                ["ALL_ALLOWED", "RESTRICTED"],
                "invalid_mfa_methods",
            )?,
            allowed_mfa_methods: strings(body, "allowed_mfa_methods")?,
            auth_methods: one_of(
                body,
                "auth_methods",
                ["ALL_ALLOWED", "RESTRICTED"],
                "invalid_auth_methods",
            )?,
            allowed_auth_methods: strings(body, "allowed_auth_methods")?,
        };
        let mode = p.auth_methods.as_deref().unwrap_or("ALL_ALLOWED");
        if let Some(problem) =
            auth_methods_problem(mode, p.allowed_auth_methods.as_deref().unwrap_or(&[]))
        {
            return Err(ApiError::new(400, "invalid_auth_methods", problem));
        }
        Ok(p)
    }

    /// Writes the fields the request named into `org`.
    fn apply(self, org: &mut Org) {
        let set = |slot: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut org.mfa_policy, self.mfa_policy);
        set(&mut org.mfa_methods, self.mfa_methods);
        set(&mut org.auth_methods, self.auth_methods);
        if let Some(v) = self.allowed_mfa_methods {
            org.allowed_mfa_methods = v;
        }
        if let Some(v) = self.allowed_auth_methods {
            org.allowed_auth_methods = v;
        }
    }
}

/// `POST /v1/b2b/organizations`.
///
/// # Errors
/// 400 for a missing name or an unknown `mfa_policy`/`mfa_methods`/`auth_methods`/
/// `allowed_auth_methods` entry, 409 `organization_slug_already_used`.
pub fn create_org(app: &App, body: &Fields) -> ApiResult<Value> {
    let name = body.req_str("organization_name")?;
    check_name(&Value::String(name.clone()), "organization_name")?;
    let policies = Policies::parse(body)?;
    let domains = strings(body, "email_allowed_domains")?.unwrap_or_default();
    let jit = body
        .opt_nonempty("email_jit_provisioning")?
        .unwrap_or_else(|| "NOT_ALLOWED".into());
    let now = app.now();
    let mut store = app.store();
    let slug = body
        .opt_nonempty("organization_slug")?
        .unwrap_or_else(|| slugify(&name));
    if store.orgs.values().any(|o| o.slug == slug) {
        return Err(ApiError::new(
            409,
            "organization_slug_already_used",
            "This organization slug is already used.",
        ));
    }
    let mut org = Org {
        organization_id: ids::id("organization"),
        name,
        slug,
        mfa_policy: "OPTIONAL".into(),
        mfa_methods: "ALL_ALLOWED".into(),
        allowed_mfa_methods: Vec::new(),
        auth_methods: "ALL_ALLOWED".into(),
        allowed_auth_methods: Vec::new(),
        email_allowed_domains: domains,
        email_jit_provisioning: jit,
        created_ms: now,
        updated_ms: now,
    };
    policies.apply(&mut org);
    store.add_org(org.clone());
    Ok(ok(json!({"organization": org.to_json()})))
}

/// The admin API's `POST /emulator/v1/organizations/{organization_id}`: changes the
/// organization's `auth_methods`, `allowed_auth_methods`, `mfa_policy`, `mfa_methods` and
/// `allowed_mfa_methods` (those named). Returns `{"organization": ...}`.
///
/// # Errors
/// 404 `organization_not_found`; the validation errors of [`create_org`] (nothing changes).
pub fn update_policies(app: &App, org_id: &str, body: &Fields) -> ApiResult<Value> {
    let policies = Policies::parse(body)?;
    let now = app.now();
    let mut store = app.store();
    let org = store.orgs.get_mut(org_id).ok_or_else(org_not_found)?;
    policies.apply(org);
    org.updated_ms = now;
    Ok(json!({"organization": org.to_json()}))
}

/// `POST /v1/b2b/organizations/{organization_id}/members`.
///
/// # Errors
/// 404 `organization_not_found`, 400 `invalid_email` / phone errors,
/// 409 `duplicate_member_email`.
pub fn create_member(app: &App, org_id: &str, body: &Fields) -> ApiResult<Value> {
    let email = parse_email(&body.req_str("email_address")?)?;
    let phone = match body.opt_nonempty("mfa_phone_number")? {
        Some(p) => Some(parse_phone(&p)?),
        None => None,
    };
    let enrolled = body.opt_bool("mfa_enrolled")?.unwrap_or(false);
    let pending = body.opt_bool("create_member_as_pending")?.unwrap_or(false);
    let name = body.opt_str("name")?.unwrap_or_default();
    check_name(&Value::String(name.clone()), "name")?;
    let now = app.now();
    let mut store = app.store();
    let org = store.orgs.get(org_id).cloned().ok_or_else(org_not_found)?;
    if store.member_by_email(org_id, &email).is_some() {
        return Err(ApiError::new(
            409,
            "duplicate_member_email",
            "A member with this email already exists in the organization.",
        ));
    }
    let m = Member {
        member_id: ids::id("member"),
        organization_id: org_id.to_string(),
        email_address: email,
        name,
        status: if pending { "pending" } else { "active" },
        email_address_verified: false,
        mfa_phone_number: phone.unwrap_or_default(),
        mfa_phone_number_verified: false,
        mfa_enrolled: enrolled,
        created_ms: now,
    };
    store.add_member(m.clone());
    Ok(ok(
        json!({"member_id": m.member_id, "member": m.to_json(), "organization": org.to_json()}),
    ))
}
