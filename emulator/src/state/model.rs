//! The stored records and their Stytch JSON shapes.
use serde_json::{json, Value};

use crate::clock::rfc3339;

/// A consumer phone number.
#[derive(Clone, Debug)]
pub struct PhoneRec {
    /// `phone-number-test-...`, also the OTP `method_id`.
    pub phone_id: String,
    /// E.164.
    pub phone_number: String,
    /// Set by a successful authenticate.
    pub verified: bool,
}

/// A consumer email.
#[derive(Clone, Debug)]
pub struct EmailRec {
    /// `email-test-...`
    pub email_id: String,
    /// Address.
    pub email: String,
    /// Verified?
    pub verified: bool,
}

/// A consumer user.
#[derive(Clone, Debug)]
pub struct User {
    /// `user-test-...`
    pub user_id: String,
    /// `active` or `pending`.
    pub status: &'static str,
    /// Phones.
    pub phones: Vec<PhoneRec>,
    /// Emails.
    pub emails: Vec<EmailRec>,
    /// Name object as given.
    pub name: Value,
    /// Metadata as given.
    pub trusted_metadata: Value,
    /// Metadata as given.
    pub untrusted_metadata: Value,
    /// External id.
    pub external_id: Value,
    /// Creation time.
    pub created_ms: i64,
}

impl User {
    /// Stytch's `User` object.
    pub fn to_json(&self) -> Value {
        json!({
            "user_id": self.user_id,
            "status": self.status,
            "emails": self.emails.iter().map(|e| json!({"email_id": e.email_id, "email": e.email, "verified": e.verified})).collect::<Vec<_>>(),
            "phone_numbers": self.phones.iter().map(|p| json!({"phone_id": p.phone_id, "phone_number": p.phone_number, "verified": p.verified})).collect::<Vec<_>>(),
            "webauthn_registrations": [],
            "providers": [],
            "totps": [],
            "crypto_wallets": [],
            "biometric_registrations": [],
            "is_locked": false,
            "roles": ["stytch_user"],
            "name": if self.name.is_null() { json!({"first_name": "", "middle_name": "", "last_name": ""}) } else { self.name.clone() },
            "created_at": rfc3339(self.created_ms),
            "password": null,
            "trusted_metadata": if self.trusted_metadata.is_null() { json!({}) } else { self.trusted_metadata.clone() },
            "untrusted_metadata": if self.untrusted_metadata.is_null() { json!({}) } else { self.untrusted_metadata.clone() },
            "external_id": if self.external_id.is_null() { json!("") } else { self.external_id.clone() },
        })
    }
}

/// A B2B organization.
#[derive(Clone, Debug)]
pub struct Org {
    /// `organization-test-...`
    pub organization_id: String,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// `OPTIONAL` | `REQUIRED_FOR_ALL`.
    pub mfa_policy: String,
    /// `ALL_ALLOWED` | `RESTRICTED`.
    pub mfa_methods: String,
    /// e.g. `["sms_otp"]`.
    pub allowed_mfa_methods: Vec<String>,
    /// `ALL_ALLOWED` | `RESTRICTED`.
    pub auth_methods: String,
    /// The primary methods allowed when `auth_methods` is `RESTRICTED`, e.g. `["magic_link"]`.
    pub allowed_auth_methods: Vec<String>,
    /// Email domains allowed to sign up.
    pub email_allowed_domains: Vec<String>,
    /// `RESTRICTED` | `NOT_ALLOWED`.
    pub email_jit_provisioning: String,
    /// Created.
    pub created_ms: i64,
    /// Last changed (through the admin API).
    pub updated_ms: i64,
}

impl Org {
    /// Stytch's `Organization` object.
    pub fn to_json(&self) -> Value {
        json!({
            "organization_id": self.organization_id,
            "organization_name": self.name,
            "organization_logo_url": "",
            "organization_slug": self.slug,
            "organization_external_id": "",
            "sso_jit_provisioning": "NOT_ALLOWED",
            "sso_jit_provisioning_allowed_connections": [],
            "sso_active_connections": [],
            "sso_default_connection_id": null,
            "email_allowed_domains": self.email_allowed_domains,
            "email_jit_provisioning": self.email_jit_provisioning,
            "email_invites": "ALL_ALLOWED",
            "auth_methods": self.auth_methods,
            "allowed_auth_methods": self.allowed_auth_methods,
            "mfa_policy": self.mfa_policy,
            "rbac_email_implicit_role_assignments": [],
            "mfa_methods": self.mfa_methods,
            "allowed_mfa_methods": self.allowed_mfa_methods,
            "oauth_tenant_jit_provisioning": "NOT_ALLOWED",
            "allowed_oauth_tenants": {},
            "claimed_email_domains": [],
            "first_party_connected_apps_allowed_type": "ALL_ALLOWED",
            "allowed_first_party_connected_apps": [],
            "third_party_connected_apps_allowed_type": "ALL_ALLOWED",
            "allowed_third_party_connected_apps": [],
            "custom_roles": [],
            "trusted_metadata": {},
            "created_at": rfc3339(self.created_ms),
            "updated_at": rfc3339(self.updated_ms),
        })
    }

    /// Whether every member must pass MFA.
    pub fn requires_mfa(&self) -> bool {
        self.mfa_policy == "REQUIRED_FOR_ALL"
    }

    /// The organization's `allowed_auth_methods` when none of `factors` is a primary method
    /// it allows (only when `auth_methods` is `RESTRICTED`): what `primary_required` reports.
    pub fn unmet_primary(&self, factors: &[Factor]) -> Option<Vec<String>> {
        let met = self.auth_methods != "RESTRICTED"
            || factors.iter().any(|f| {
                f.primary_method()
                    .is_some_and(|m| self.allowed_auth_methods.iter().any(|a| a == m))
            });
        (!met).then(|| self.allowed_auth_methods.clone())
    }
}

/// A B2B member.
#[derive(Clone, Debug)]
pub struct Member {
    /// `member-test-...`
    pub member_id: String,
    /// Owning organization.
    pub organization_id: String,
    /// Lower-cased email.
    pub email_address: String,
    /// Name.
    pub name: String,
    /// `active` | `pending`.
    pub status: &'static str,
    /// Verified email?
    pub email_address_verified: bool,
    /// E.164 or "".
    pub mfa_phone_number: String,
    /// Verified phone?
    pub mfa_phone_number_verified: bool,
    /// MFA enrolled?
    pub mfa_enrolled: bool,
    /// Created.
    pub created_ms: i64,
}

impl Member {
    /// Stytch's `Member` object.
    pub fn to_json(&self) -> Value {
        json!({
            "organization_id": self.organization_id,
            "member_id": self.member_id,
            "email_address": self.email_address,
            "status": self.status,
            "name": self.name,
            "sso_registrations": [],
            "is_breakglass": false,
            "member_password_id": "",
            "oauth_registrations": [],
            "email_address_verified": self.email_address_verified,
            "mfa_phone_number_verified": self.mfa_phone_number_verified,
            "is_admin": false,
            "totp_registration_id": "",
            "retired_email_addresses": [],
            "is_locked": false,
            "mfa_enrolled": self.mfa_enrolled,
            "mfa_phone_number": self.mfa_phone_number,
            "default_mfa_method": if self.mfa_phone_number_verified { "sms_otp" } else { "" },
            "roles": [{"role_id": "stytch_member", "sources": [{"type": "direct_assignment", "details": {}}]}],
            "trusted_metadata": {},
            "untrusted_metadata": {},
            "created_at": rfc3339(self.created_ms),
            "updated_at": rfc3339(self.created_ms),
            "external_id": "",
            "scim_registration": null,
            "lock_created_at": null,
            "lock_expires_at": null,
        })
    }
}

/// What one authentication factor proved.
#[derive(Clone, Debug)]
pub enum FactorKind {
    /// SMS code to a phone.
    Sms {
        /// Consumer phone id or B2B member phone id.
        phone_id: String,
        /// E.164.
        phone_number: String,
    },
    /// Email code.
    Email {
        /// Email id.
        email_id: String,
        /// Address.
        email_address: String,
    },
}

/// An authentication factor on a session.
#[derive(Clone, Debug)]
pub struct Factor {
    /// What was proved.
    pub kind: FactorKind,
    /// When it was first proved.
    pub created_ms: i64,
    /// When it was last proved.
    pub last_ms: i64,
    /// `PRIMARY` / `SECONDARY` (B2B only).
    pub sequence: Option<&'static str>,
}

impl Factor {
    /// Stytch's `AuthenticationFactor` object.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "created_at": rfc3339(self.created_ms),
            "updated_at": rfc3339(self.last_ms),
            "last_authenticated_at": rfc3339(self.last_ms),
        });
        match &self.kind {
            FactorKind::Sms {
                phone_id,
                phone_number,
            } => {
                v["type"] = json!("otp");
                v["delivery_method"] = json!("sms");
                v["phone_number_factor"] =
                    json!({"phone_id": phone_id, "phone_number": phone_number});
            }
            FactorKind::Email {
                email_id,
                email_address,
            } => {
                v["type"] = json!("otp");
                v["delivery_method"] = json!("email");
                v["email_factor"] = json!({"email_id": email_id, "email_address": email_address});
            }
        }
        if let Some(s) = self.sequence {
            v["sequence_order"] = json!(s);
        }
        v
    }

    /// The name of the primary auth method this factor proves, as in an organization's
    /// `allowed_auth_methods` (`email_otp`); `None` for SMS, which is never primary in B2B.
    pub fn primary_method(&self) -> Option<&'static str> {
        match self.kind {
            FactorKind::Email { .. } => Some("email_otp"),
            FactorKind::Sms { .. } => None,
        }
    }

    /// Same factor (same phone or same email)?
    pub fn same_as(&self, other: &FactorKind) -> bool {
        match (&self.kind, other) {
            (
                FactorKind::Sms {
                    phone_number: a, ..
                },
                FactorKind::Sms {
                    phone_number: b, ..
                },
            ) => a == b,
            (
                FactorKind::Email {
                    email_address: a, ..
                },
                FactorKind::Email {
                    email_address: b, ..
                },
            ) => a == b,
            _ => false,
        }
    }
}

/// Adds or refreshes a factor in a list.
pub fn add_factor(
    list: &mut Vec<Factor>,
    kind: FactorKind,
    now: i64,
    sequence: Option<&'static str>,
) {
    if let Some(f) = list.iter_mut().find(|f| f.same_as(&kind)) {
        f.last_ms = now;
        f.kind = kind;
    } else {
        list.push(Factor {
            kind,
            created_ms: now,
            last_ms: now,
            sequence,
        });
    }
}

/// A consumer session or a B2B member session.
#[derive(Clone, Debug)]
pub struct Session {
    /// `session-test-...` or `member-session-test-...`
    pub session_id: String,
    /// Opaque token.
    pub token: String,
    /// Consumer user id or member id.
    pub subject: String,
    /// B2B: organization id.
    pub organization_id: Option<String>,
    /// Start.
    pub started_ms: i64,
    /// Last authenticate.
    pub last_ms: i64,
    /// Expiry.
    pub expires_ms: i64,
    /// Factors.
    pub factors: Vec<Factor>,
}

impl Session {
    /// Stytch's consumer `Session` object.
    pub fn to_consumer_json(&self) -> Value {
        json!({
            "session_id": self.session_id,
            "user_id": self.subject,
            "authentication_factors": self.factors.iter().map(Factor::to_json).collect::<Vec<_>>(),
            "roles": ["stytch_user"],
            "started_at": rfc3339(self.started_ms),
            "last_accessed_at": rfc3339(self.last_ms),
            "expires_at": rfc3339(self.expires_ms),
            "attributes": {"ip_address": "", "user_agent": ""},
            "custom_claims": {},
        })
    }

    /// Stytch's `MemberSession` object.
    pub fn to_member_json(&self, org_slug: &str) -> Value {
        json!({
            "member_session_id": self.session_id,
            "member_id": self.subject,
            "organization_id": self.organization_id.clone().unwrap_or_default(),
            "organization_slug": org_slug,
            "started_at": rfc3339(self.started_ms),
            "last_accessed_at": rfc3339(self.last_ms),
            "expires_at": rfc3339(self.expires_ms),
            "authentication_factors": self.factors.iter().map(Factor::to_json).collect::<Vec<_>>(),
            "roles": ["stytch_member"],
            "custom_claims": {},
        })
    }
}

/// An intermediate session token's record.
#[derive(Clone, Debug)]
pub struct Ist {
    /// Organization it was issued for.
    pub organization_id: String,
    /// Member it was issued for.
    pub member_id: String,
    /// Expiry.
    pub expires_ms: i64,
    /// Factors proved so far.
    pub factors: Vec<Factor>,
}
