//! The config file: the project's credentials, allowed CORS origins and the seed data.
//! Format: see `emulator.json` (the built-in default) and the README.
use serde::Deserialize;

/// The built-in default config.
pub const DEFAULT_CONFIG: &str = include_str!("../emulator.json");

/// The values Stytch accepts in an organization's `allowed_auth_methods`.
pub const AUTH_METHOD_NAMES: [&str; 9] = [
    "sso",
    "magic_link",
    "email_otp",
    "password",
    "google_oauth",
    "microsoft_oauth",
    "slack_oauth",
    "github_oauth",
    "hubspot_oauth",
];

/// Why an organization's `auth_methods` / `allowed_auth_methods` are not valid, if they are not.
pub fn auth_methods_problem(mode: &str, allowed: &[String]) -> Option<String> {
    if mode != "ALL_ALLOWED" && mode != "RESTRICTED" {
        return Some("auth_methods must be ALL_ALLOWED or RESTRICTED.".into());
    }
    allowed
        .iter()
        .find(|m| !AUTH_METHOD_NAMES.contains(&m.as_str()))
        .map(|m| {
            format!(
                "allowed_auth_methods: {m:?} is not one of {}.",
                AUTH_METHOD_NAMES.join(", ")
            )
        })
}

/// The whole config file.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// The one emulated project.
    pub project: Project,
    /// Extra origins allowed to call with credentials (exact `scheme://host[:port]`).
    #[serde(default)]
    pub cors_origins: Vec<String>,
    /// Host names (the `Host` header, port ignored) served besides loopback ones, e.g. the
    /// machine's name for `--host 0.0.0.0`. Anything else is refused (DNS rebinding).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// The host of the WebOTP line that ends every SMS (`@host #code`). When absent, the
    /// host of the calling page (`Origin` / `X-SDK-Parent-Host`), else `localhost`.
    #[serde(default)]
    pub webotp_host: Option<String>,
    /// Seeded consumer users.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// Seeded B2B organizations.
    #[serde(default)]
    pub organizations: Vec<SeedOrg>,
}

/// Project credentials.
#[derive(Clone, Deserialize)]
pub struct Project {
    /// `project-test-...`
    pub project_id: String,
    /// The backend secret (Basic password for `/v1`).
    pub secret: String,
    /// The public token (Basic user for `/sdk/v1`).
    pub public_token: String,
    /// Shown in bootstrap.
    #[serde(default = "default_project_name")]
    pub project_name: String,
    /// Captcha on the SDK's send endpoints (default: off).
    #[serde(default)]
    pub captcha: CaptchaConfig,
    /// Whether bootstrap reports DFP Protected Auth as enabled (default: off).
    #[serde(default)]
    pub dfp_protected_auth_enabled: bool,
}

/// `project.captcha`: whether the SDK's send endpoints require a captcha token, and the site
/// key bootstrap reports.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaptchaConfig {
    /// Captcha required on the send endpoints.
    #[serde(default)]
    pub enabled: bool,
    /// Reported by bootstrap as `captcha_settings.siteKey`.
    #[serde(default)]
    pub site_key: String,
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project")
            .field("project_id", &self.project_id)
            .field("secret", &"[redacted]")
            .field("public_token", &self.public_token)
            .field("captcha", &self.captcha)
            .field(
                "dfp_protected_auth_enabled",
                &self.dfp_protected_auth_enabled,
            )
            .finish()
    }
}

fn default_project_name() -> String {
    "Stytch Emulator".into()
}

/// A consumer user of the seed.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedUser {
    /// Fixed user id.
    pub user_id: String,
    /// Fixed phone id (the `method_id`); generated when absent.
    #[serde(default)]
    pub phone_id: Option<String>,
    /// E.164.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Optional email.
    #[serde(default)]
    pub email: Option<String>,
}

/// A B2B organization of the seed.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedOrg {
    /// Fixed id.
    pub organization_id: String,
    /// Display name.
    pub organization_name: String,
    /// Slug; derived from the name when absent.
    #[serde(default)]
    pub organization_slug: Option<String>,
    /// `OPTIONAL` or `REQUIRED_FOR_ALL`.
    #[serde(default = "default_mfa_policy")]
    pub mfa_policy: String,
    /// `ALL_ALLOWED` or `RESTRICTED`.
    #[serde(default = "default_mfa_methods")]
    pub mfa_methods: String,
    /// e.g. `["sms_otp"]`.
    #[serde(default)]
    pub allowed_mfa_methods: Vec<String>,
    /// `ALL_ALLOWED` or `RESTRICTED` (only `allowed_auth_methods` may be the primary factor).
    #[serde(default = "default_auth_methods")]
    pub auth_methods: String,
    /// e.g. `["magic_link", "password"]`; enforced when `auth_methods` is `RESTRICTED`.
    #[serde(default)]
    pub allowed_auth_methods: Vec<String>,
    /// Domains whose addresses may sign up by email.
    #[serde(default)]
    pub email_allowed_domains: Vec<String>,
    /// `RESTRICTED`, `NOT_ALLOWED`.
    #[serde(default = "default_jit")]
    pub email_jit_provisioning: String,
    /// Members.
    #[serde(default)]
    pub members: Vec<SeedMember>,
}

fn default_mfa_policy() -> String {
    "OPTIONAL".into()
}
fn default_mfa_methods() -> String {
    "ALL_ALLOWED".into()
}
fn default_auth_methods() -> String {
    "ALL_ALLOWED".into()
}
fn default_jit() -> String {
    "NOT_ALLOWED".into()
}

/// A member of a seeded organization.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedMember {
    /// Fixed id.
    pub member_id: String,
    /// Email.
    pub email_address: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// E.164 or absent.
    #[serde(default)]
    pub mfa_phone_number: Option<String>,
    /// Whether the phone was verified.
    #[serde(default)]
    pub mfa_phone_number_verified: bool,
    /// Whether MFA is enrolled.
    #[serde(default)]
    pub mfa_enrolled: bool,
}

impl Config {
    /// The built-in default config's text.
    pub const DEFAULT_CONFIG_TEXT: &'static str = DEFAULT_CONFIG;

    /// Parses a config file's text.
    ///
    /// # Errors
    /// A message when the JSON does not match the format.
    pub fn parse(text: &str) -> Result<Config, String> {
        let c: Config = serde_json::from_str(text).map_err(|e| format!("config: {e}"))?;
        if c.project.project_id.is_empty()
            || c.project.secret.is_empty()
            || c.project.public_token.is_empty()
        {
            return Err("config: project_id, secret and public_token must be non-empty".into());
        }
        let invisible = |s: &str| s.chars().any(crate::flows::common::is_invisible);
        for o in &c.organizations {
            if let Some(p) = auth_methods_problem(&o.auth_methods, &o.allowed_auth_methods) {
                return Err(format!("config: organization {}: {p}", o.organization_id));
            }
            if invisible(&o.organization_name) {
                return Err(format!(
                    "config: organization {} has invisible characters in its name",
                    o.organization_id
                ));
            }
            for m in &o.members {
                if invisible(&m.email_address) || invisible(&m.name) {
                    return Err(format!(
                        "config: member {} has invisible characters in its email address or name",
                        m.member_id
                    ));
                }
            }
        }
        if c.users
            .iter()
            .any(|u| u.email.as_deref().is_some_and(invisible))
        {
            return Err("config: a user's email has invisible characters".into());
        }
        Ok(c)
    }

    /// The built-in default.
    pub fn default_config() -> Config {
        match Config::parse(DEFAULT_CONFIG) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("stytch-emulator: built-in config is invalid: {e}");
                std::process::exit(2)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_parses_with_seed() {
        let c = Config::default_config();
        assert_eq!(c.project.project_id, "project-test-emulator");
        assert_eq!(c.organizations[0].members.len(), 2);
        assert!(!format!("{:?}", c.project).contains("secret-test"));
        assert!(!c.project.captcha.enabled && !c.project.dfp_protected_auth_enabled);
        assert_eq!(c.organizations[0].auth_methods, "ALL_ALLOWED");
    }

    #[test]
    fn bot_protection_and_auth_methods_parse() {
        let c = Config::parse(
            r#"{"project": {"project_id": "p", "secret": "s", "public_token": "t",
                "captcha": {"enabled": true, "site_key": "k"}, "dfp_protected_auth_enabled": true},
                "organizations": [{"organization_id": "o", "organization_name": "O",
                "auth_methods": "RESTRICTED", "allowed_auth_methods": ["magic_link"]}]}"#,
        )
        .unwrap();
        assert!(c.project.captcha.enabled && c.project.dfp_protected_auth_enabled);
        assert_eq!(c.project.captcha.site_key, "k");
        assert_eq!(c.organizations[0].allowed_auth_methods, ["magic_link"]);
        let bad = r#"{"project": {"project_id": "p", "secret": "s", "public_token": "t"},
            "organizations": [{"organization_id": "o", "organization_name": "O",
            "auth_methods": "RESTRICTED", "allowed_auth_methods": ["email"]}]}"#;
        assert!(Config::parse(bad)
            .unwrap_err()
            .contains("allowed_auth_methods"));
    }
}
