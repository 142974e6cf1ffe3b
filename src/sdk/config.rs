//! The client's configuration: what `createClient` takes ([`ConfigInput`])
//! and what it means once checked ([`Config`]).
use serde::Deserialize;

use super::api;
use super::error::Error;
use super::input::{Loose, Mistyped};

/// The key of the non-secret state, in every storage.
pub const STATE_KEY: &str = "sms_mfa_state";

/// `createClient`'s argument. A storage adapter object is recognised by the
/// platform and passed apart (see [`Config::check`]).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigInput {
    /// `public-token-test-…` or `public-token-live-…`.
    pub public_token: Loose,
    /// The API origin, optionally with a path prefix.
    pub base_url: Loose,
    /// A [`StorageKind`] name.
    pub storage: Loose,
    /// Cookie names and attributes.
    pub cookie_options: Option<CookieOptionsInput>,
    /// Session length asked for by `authenticate`.
    pub session_duration_minutes: Loose,
    /// Per-request timeout.
    pub timeout_ms: Loose,
}

impl ConfigInput {
    /// The JS names of its plain members, which the boundary reads
    /// (`cookieOptions` is read apart, as an object).
    pub const MEMBERS: &'static [&'static str] = &[
        "publicToken",
        "baseUrl",
        "storage",
        "sessionDurationMinutes",
        "timeoutMs",
    ];
    /// The bot-protection hooks, functions read by the platform.
    pub const HOOKS: &'static [&'static str] = &["captcha", "dfpTelemetryId"];
}

impl CookieOptionsInput {
    /// The JS names of its members.
    pub const MEMBERS: &'static [&'static str] = &[
        "opaqueTokenCookieName",
        "jwtCookieName",
        "istCookieName",
        "path",
        "domain",
        "sameSite",
    ];
}

/// Refuses an option the SDK does not know (`basURL` would otherwise send
/// every request to Stytch's test API), given the names of the config's own
/// members and of its `cookieOptions`' members.
///
/// # Errors
/// `invalid_config` naming the first unknown option.
pub fn check_option_names<'a>(
    config: impl IntoIterator<Item = &'a str>,
    cookie_options: impl IntoIterator<Item = &'a str>,
) -> Result<(), Error> {
    let known = |n: &str| {
        ConfigInput::MEMBERS.contains(&n) || ConfigInput::HOOKS.contains(&n) || n == "cookieOptions"
    };
    if let Some(n) = config.into_iter().find(|n| !known(n)) {
        return Err(Error::unknown_config_option(n));
    }
    match cookie_options
        .into_iter()
        .find(|n| !CookieOptionsInput::MEMBERS.contains(n))
    {
        Some(n) => {
            let mut path = String::from("cookieOptions.");
            path.push_str(n);
            Err(Error::unknown_config_option(&path))
        }
        None => Ok(()),
    }
}

/// `cookieOptions`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CookieOptionsInput {
    /// Default `stytch_session`.
    pub opaque_token_cookie_name: Loose,
    /// Default `stytch_session_jwt`.
    pub jwt_cookie_name: Loose,
    /// Default `stytch_intermediate_session_token`.
    pub ist_cookie_name: Loose,
    /// `Path`.
    pub path: Loose,
    /// `Domain`.
    pub domain: Loose,
    /// `Lax`, `Strict` or `None`.
    pub same_site: Loose,
}

/// Where tokens and the state are kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StorageKind {
    /// `document.cookie`.
    Cookie,
    /// `localStorage`.
    LocalStorage,
    /// `sessionStorage`.
    SessionStorage,
    /// Nothing outlives the page.
    Memory,
    /// The caller's `{getItem, setItem, removeItem}`.
    Custom,
}

impl StorageKind {
    /// The name JS sees in `storageKind`.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageKind::Cookie => "cookie",
            StorageKind::LocalStorage => "localStorage",
            StorageKind::SessionStorage => "sessionStorage",
            StorageKind::Memory => "memory",
            StorageKind::Custom => "custom",
        }
    }
}

/// The keys the client writes, in every storage.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Keys {
    /// The session token.
    pub session: String,
    /// The session JWT.
    pub jwt: String,
    /// The intermediate session token.
    pub ist: String,
}

impl Keys {
    /// The three token keys and [`STATE_KEY`].
    pub fn all(&self) -> [&str; 4] {
        [&self.session, &self.jwt, &self.ist, STATE_KEY]
    }
}

/// Cookie attributes.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CookieAttributes {
    /// `Path`, when given.
    pub path: Option<String>,
    /// `Domain`, when given.
    pub domain: Option<String>,
    /// `Lax`, `Strict` or `None`.
    pub same_site: &'static str,
}

/// A checked configuration.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Config {
    /// The project's public token.
    pub public_token: String,
    /// The API origin (and prefix), without a trailing `/` or `/sdk/v1`.
    pub base_url: String,
    /// Where to keep things.
    pub storage: StorageKind,
    /// Storage keys (cookie names).
    pub keys: Keys,
    /// Cookie attributes.
    pub cookie: CookieAttributes,
    /// Default session length, minutes.
    pub session_duration_minutes: u32,
    /// Per-request timeout, ms.
    pub timeout_ms: u32,
}

/// A cookie-safe value: 1..=255 bytes of printable ASCII without space,
/// `;`, `,` or `=`. `Ok(None)` when absent.
fn plain(v: &Loose) -> Result<Option<&str>, Mistyped> {
    match v.text()? {
        None => Ok(None),
        Some(s)
            if !s.is_empty()
                && s.len() < 256
                && s.bytes()
                    .all(|b| b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'=')) =>
        {
            Ok(Some(s))
        }
        Some(_) => Err(Mistyped),
    }
}

impl Config {
    /// Checks `input`. `custom_storage`: the platform found a storage
    /// adapter object under `storage`.
    ///
    /// # Errors
    /// `invalid_config` with a message naming the option. A project secret is
    /// refused without being echoed.
    pub fn check(input: &ConfigInput, custom_storage: bool) -> Result<Config, Error> {
        let bad = |m: &'static str| Error::invalid_config(m);
        if input.public_token.text_or_empty().starts_with("secret-") {
            return Err(bad(
                "Never use a project secret in the browser: pass the public token.",
            ));
        }
        let public_token = plain(&input.public_token)
            .ok()
            .flatten()
            .filter(|t| t.len() > 13 && t.starts_with("public-token-"))
            .ok_or(bad("publicToken must be a public token."))?;
        let base_url = match input.base_url.text() {
            Ok(None) => String::from(if public_token.starts_with("public-token-test") {
                "https://test.stytch.com"
            } else {
                "https://api.stytch.com"
            }),
            Ok(Some(s)) => base_url(s).ok_or(bad(
                "baseUrl must be an http(s) URL, no credentials, query or fragment.",
            ))?,
            Err(_) => {
                return Err(bad(
                    "baseUrl must be an http(s) URL, no credentials, query or fragment.",
                ))
            }
        };
        let storage = match (custom_storage, input.storage.text()) {
            (true, _) => StorageKind::Custom,
            (false, Ok(None)) => StorageKind::Cookie,
            (false, Ok(Some("cookie"))) => StorageKind::Cookie,
            (false, Ok(Some("localStorage"))) => StorageKind::LocalStorage,
            (false, Ok(Some("sessionStorage"))) => StorageKind::SessionStorage,
            (false, Ok(Some("memory"))) => StorageKind::Memory,
            _ => return Err(bad("storage must be a StorageKind or a StorageAdapter.")),
        };
        let (keys, cookie) = cookie_options(
            input
                .cookie_options
                .as_ref()
                .unwrap_or(&CookieOptionsInput::default()),
        )
        .ok_or(bad("Invalid cookieOptions."))?;
        let session_duration_minutes = input
            .session_duration_minutes
            .whole()
            .ok()
            .and_then(|m| api::validate_session_duration(m.unwrap_or(60)).ok())
            .ok_or(bad("sessionDurationMinutes must be 5 to 527040."))?;
        let timeout_ms = input
            .timeout_ms
            .whole()
            .ok()
            .map(|t| t.unwrap_or(10_000))
            .filter(|t| (1..=600_000).contains(t))
            .ok_or(bad("timeoutMs must be 1 to 600000."))?;
        Ok(Config {
            public_token: String::from(public_token),
            base_url,
            storage,
            keys,
            cookie,
            session_duration_minutes,
            timeout_ms,
        })
    }

    /// The `BroadcastChannel` that tabs of this project share.
    pub fn channel_name(&self) -> String {
        let mut n = String::from("sms-mfa:");
        n.push_str(&self.public_token);
        n
    }
}

fn cookie_options(c: &CookieOptionsInput) -> Option<(Keys, CookieAttributes)> {
    let name = |v: &Loose, default: &str| {
        plain(v)
            .ok()
            .map(|n| String::from(n.unwrap_or(default)))
            .filter(|n| n != STATE_KEY)
    };
    let keys = Keys {
        session: name(&c.opaque_token_cookie_name, "stytch_session")?,
        jwt: name(&c.jwt_cookie_name, "stytch_session_jwt")?,
        ist: name(&c.ist_cookie_name, "stytch_intermediate_session_token")?,
    };
    // Each key holds one value: two tokens under one name would overwrite each other.
    if keys.session == keys.jwt || keys.session == keys.ist || keys.jwt == keys.ist {
        return None;
    }
    let same_site = match plain(&c.same_site).ok()? {
        None | Some("Lax") => "Lax",
        Some("Strict") => "Strict",
        Some("None") => "None",
        Some(_) => return None,
    };
    // `Path=/` unless set, as Stytch's cookie library writes them: without
    // it the browser scopes a cookie to the page's directory, and a backend
    // under another path never receives the session.
    let path = Some(String::from(plain(&c.path).ok()?.unwrap_or("/")));
    let domain = plain(&c.domain).ok()?.map(String::from);
    Some((
        keys,
        CookieAttributes {
            path,
            domain,
            same_site,
        },
    ))
}

/// `http(s)://host[:port][/prefix]`, without credentials, query or fragment;
/// a trailing `/sdk/v1` (the SDK appends it) and trailing slashes dropped.
fn base_url(s: &str) -> Option<String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        // A bare IPv6 address: refused by the host check below.
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (authority, None),
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => {
            !v6.is_empty()
                && v6
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        }
        None => {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        }
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|p| p <= 65_535)
    });
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'@' | b'\\'));
    if !(host_ok && port_ok && path_ok) {
        return None;
    }
    let mut base = s.trim_end_matches('/');
    if let Some(b) = base.strip_suffix("/sdk/v1") {
        base = b.trim_end_matches('/');
    }
    Some(String::from(base))
}
