//! Session JWTs, HS256-signed with a key made at start-up. The JWKS endpoints answer with
//! an empty key set because an HMAC key is not public (see the README).
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::clock::rfc3339;
use crate::ids;
use crate::state::model::Session;

/// JWT lifetime (Stytch uses 5 minutes).
const JWT_MS: i64 = 5 * 60_000;

/// The signing key.
#[derive(Clone)]
pub struct Jwt {
    key: [u8; 32],
    kid: String,
    project_id: String,
}

impl std::fmt::Debug for Jwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jwt([redacted])")
    }
}

impl Jwt {
    /// A new random key for `project_id`.
    pub fn new(project_id: &str) -> Jwt {
        Jwt { key: ids::bytes::<32>(), kid: format!("jwk-test-{}", ids::uuid()), project_id: project_id.into() }
    }

    fn mac(&self) -> Hmac<Sha256> {
        match Hmac::<Sha256>::new_from_slice(&self.key) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC accepts any key length"),
        }
    }

    /// A session JWT for `s`; `org` carries (organization id, slug) for member sessions.
    pub fn sign(&self, s: &Session, org: Option<(&str, &str)>, now: i64) -> String {
        let factors: Vec<Value> = s.factors.iter().map(|f| f.to_json()).collect();
        let mut claims = json!({
            "sub": s.subject,
            "iss": format!("stytch.com/{}", self.project_id),
            "aud": [self.project_id],
            "iat": now / 1000,
            "nbf": now / 1000,
            "exp": (now + JWT_MS) / 1000,
            "https://stytch.com/session": {
                "id": s.session_id,
                "started_at": rfc3339(s.started_ms),
                "last_accessed_at": rfc3339(s.last_ms),
                "expires_at": rfc3339(s.expires_ms),
                "attributes": {"ip_address": "", "user_agent": ""},
                "authentication_factors": factors,
            },
        });
        if let Some((id, slug)) = org {
            claims["https://stytch.com/organization"] = json!({"organization_id": id, "slug": slug});
        }
        let header = json!({"alg": "HS256", "typ": "JWT", "kid": self.kid});
        let signing_input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
        let mut mac = self.mac();
        mac.update(signing_input.as_bytes());
        let sig = mac.finalize().into_bytes();
        format!("{signing_input}.{}", B64.encode(sig))
    }

    /// The session id inside a JWT whose signature checks out (expiry is the session's business).
    pub fn session_id(&self, jwt: &str) -> Option<String> {
        let mut parts = jwt.split('.');
        let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let sig = B64.decode(s).ok()?;
        let mut mac = self.mac();
        mac.update(h.as_bytes());
        mac.update(b".");
        mac.update(c.as_bytes());
        let expected = mac.finalize().into_bytes();
        if expected.len() != sig.len() || !bool::from(expected.as_slice().ct_eq(&sig)) {
            return None;
        }
        let claims: Value = serde_json::from_slice(&B64.decode(c).ok()?).ok()?;
        claims["https://stytch.com/session"]["id"].as_str().map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify() {
        let j = Jwt::new("project-test-x");
        let s = Session {
            session_id: "session-test-1".into(),
            token: "t".into(),
            subject: "user-test-1".into(),
            organization_id: None,
            started_ms: 0,
            last_ms: 0,
            expires_ms: 1,
            factors: vec![],
        };
        let t = j.sign(&s, None, 0);
        assert_eq!(j.session_id(&t).as_deref(), Some("session-test-1"));
        let mut bad = t.clone();
        bad.pop();
        bad.push(if t.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(j.session_id(&bad), None);
        assert_eq!(Jwt::new("project-test-x").session_id(&t), None);
    }
}
