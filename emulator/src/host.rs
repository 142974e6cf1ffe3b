//! The `Host` check against DNS rebinding: a page of `evil.example` whose name is made to
//! resolve to 127.0.0.1 would otherwise be same-origin with the emulator and could read the
//! outbox (every code) and drive the admin API. Only loopback names (`localhost`,
//! `127.0.0.0/8`, `[::1]`), the address the emulator was bound to (when it is a specific
//! one) and the config's `allowed_hosts` are served; anything else gets 403 with Stytch's
//! error JSON, on every route (API, admin, dashboard, static files, preflights).
use std::net::{IpAddr, Ipv6Addr};

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::App;
use crate::errors::ApiError;

/// The host name of a `Host` header value (or a URI authority): lower-cased, without the
/// port, IPv6 literals with their brackets. `None` when it is malformed.
pub fn host_name(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.contains(['@', '/', '\\', '?', '#', ' ', '\t']) {
        return None;
    }
    let (name, port) = if let Some(rest) = v.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        inside.parse::<Ipv6Addr>().ok()?;
        (format!("[{inside}]"), after)
    } else {
        match v.find(':') {
            Some(i) => (v[..i].to_string(), &v[i..]),
            None => (v.to_string(), ""),
        }
    };
    if !port.is_empty() {
        let p = port.strip_prefix(':')?;
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if name.is_empty() {
        return None;
    }
    Some(name.to_ascii_lowercase())
}

/// Whether a host name (as [`host_name`] returns it) is a loopback name.
pub fn is_loopback(name: &str) -> bool {
    if name == "localhost" {
        return true;
    }
    let ip = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    // Only the canonical dotted form: `0x7f.1` and `127.1` are names a resolver may treat
    // differently, so they are refused rather than guessed at.
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => a.is_loopback() && a.to_string() == ip,
        Ok(IpAddr::V6(a)) => {
            name.starts_with('[')
                && (a.is_loopback() || a.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()))
        }
        Err(_) => false,
    }
}

/// The hosts served besides loopback names: the config's `allowed_hosts` and the bind
/// address when it is a specific (not wildcard) one.
#[derive(Clone, Debug, Default)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// From the config's list and the `--host` the emulator was bound to.
    pub fn new(configured: &[String], bind_host: &str) -> AllowedHosts {
        let mut v: Vec<String> = configured.iter().filter_map(|h| host_name(h)).collect();
        let bind = bind_host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bind.parse::<IpAddr>() {
            if !ip.is_unspecified() {
                v.push(match ip {
                    IpAddr::V4(a) => a.to_string(),
                    IpAddr::V6(a) => format!("[{a}]"),
                });
            }
        } else if let Some(h) = host_name(bind_host) {
            v.push(h);
        }
        AllowedHosts(v)
    }

    /// Whether a request with this `Host` value is served.
    pub fn allows(&self, host_header: &str) -> bool {
        match host_name(host_header) {
            Some(n) => is_loopback(&n) || self.0.contains(&n),
            None => false,
        }
    }
}

/// 403 `host_not_allowed`.
pub fn refused() -> ApiError {
    ApiError::new(
        403,
        "host_not_allowed",
        "This Host is not served by the emulator (DNS rebinding protection). Use localhost or 127.0.0.1, or add the name to allowed_hosts in the config.",
    )
}

/// The middleware (outermost: nothing runs for a refused host).
pub async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    // HTTP/1.1 puts the authority in `Host`; an absolute-form request line carries it in the
    // URI, which then takes precedence (RFC 9112 3.2.2).
    let host = req
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            req.headers()
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        });
    let ok = match host {
        Some(h) => app.allowed_hosts().allows(&h),
        None => false,
    };
    if !ok {
        let mut r = refused().into_response();
        r.headers_mut().insert(
            header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return r;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_configured_and_bind_address_only() {
        let a = AllowedHosts::new(
            &["dev.example.com".into(), "Laptop.Local:9010".into()],
            "127.0.0.1",
        );
        for ok in [
            "localhost",
            "localhost:9010",
            "LOCALHOST:1",
            "127.0.0.1",
            "127.0.0.1:9010",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:9010",
            "[0:0:0:0:0:0:0:1]:9010",
            "[::ffff:127.0.0.1]:9010",
            "dev.example.com",
            "dev.example.com:443",
            "laptop.local:9010",
        ] {
            assert!(a.allows(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:9010",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "localtest.me",
            "0.0.0.0:9010",
            "0",
            "127.1",
            "0x7f.0.0.1",
            "2130706433",
            "[::2]",
            "::1",
            "localhost:",
            "localhost:99999a",
            "user@localhost",
            "localhost/x",
            "sub.localhost",
            "localhost.",
            "dev.example.com.evil.example",
            "[::1",
        ] {
            assert!(!a.allows(bad), "{bad}");
        }
    }

    #[test]
    fn a_specific_bind_address_is_served_a_wildcard_is_not() {
        assert!(AllowedHosts::new(&[], "192.168.1.20").allows("192.168.1.20:9010"));
        assert!(!AllowedHosts::new(&[], "0.0.0.0").allows("0.0.0.0:9010"));
        assert!(!AllowedHosts::new(&[], "::").allows("[::]:9010"));
        assert!(AllowedHosts::new(&[], "::1").allows("[::1]:9010"));
    }
}
