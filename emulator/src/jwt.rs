//! Session JWTs, RS256-signed like Stytch's, with a 2048-bit key made per
//! emulator run. The JWKS endpoints publish its public half, so a backend can
//! verify the JWTs locally (`jose`'s `createRemoteJWKSet`, Stytch's
//! `authenticateJwtLocal`). Making the key takes a moment: the server starts
//! it in the background ([`Jwt::warm_up`]); anything that needs it first waits.
use std::sync::{Arc, OnceLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::clock::rfc3339;
use crate::ids;
use crate::state::model::Session;

/// JWT lifetime (Stytch uses 5 minutes).
const JWT_MS: i64 = 5 * 60_000;
/// RSA modulus size; JWT libraries refuse RS256 keys under 2048 bits.
const KEY_BITS: usize = 2048;

struct Keys {
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    /// The public key as a JWK (without `kid`).
    jwk: Value,
}

/// The signing key of one emulator run (cheap to clone: shared).
#[derive(Clone)]
pub struct Jwt {
    keys: Arc<OnceLock<Keys>>,
    kid: String,
    project_id: String,
}

impl std::fmt::Debug for Jwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jwt([redacted])")
    }
}

fn make_keys() -> Keys {
    let key = match RsaPrivateKey::new(&mut rsa::rand_core::OsRng, KEY_BITS) {
        Ok(k) => k,
        // Only when the OS has no randomness to give: nothing can be signed then.
        Err(e) => panic!("cannot make the JWT signing key: {e}"),
    };
    let public = key.to_public_key();
    let jwk = json!({
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "n": B64.encode(public.n().to_bytes_be()),
        "e": B64.encode(public.e().to_bytes_be()),
    });
    Keys {
        signing: SigningKey::new(key),
        verifying: VerifyingKey::new(public),
        jwk,
    }
}

impl Jwt {
    /// A signer for `project_id`; the key is made on first use or by [`Jwt::warm_up`].
    pub fn new(project_id: &str) -> Jwt {
        Jwt {
            keys: Arc::new(OnceLock::new()),
            kid: format!("jwk-test-{}", ids::uuid()),
            project_id: project_id.into(),
        }
    }

    /// Makes the key on a background thread now, so the first login does not wait for it.
    pub fn warm_up(&self) {
        let keys = self.keys.clone();
        std::thread::spawn(move || {
            keys.get_or_init(make_keys);
        });
    }

    fn keys(&self) -> &Keys {
        self.keys.get_or_init(make_keys)
    }

    /// The JWKS document: `{"keys": [<the public key>]}`.
    pub fn jwks(&self) -> Value {
        let mut jwk = self.keys().jwk.clone();
        jwk["kid"] = json!(self.kid);
        json!({ "keys": [jwk] })
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
            claims["https://stytch.com/organization"] =
                json!({"organization_id": id, "slug": slug});
        }
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": self.kid});
        let signing_input = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(claims.to_string())
        );
        let sig = self
            .keys()
            .signing
            .sign(signing_input.as_bytes())
            .to_bytes();
        format!("{signing_input}.{}", B64.encode(sig))
    }

    /// The session id inside a JWT whose signature checks out (expiry is the session's business).
    pub fn session_id(&self, jwt: &str) -> Option<String> {
        let mut parts = jwt.split('.');
        let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let sig = Signature::try_from(B64.decode(s).ok()?.as_slice()).ok()?;
        let signed = &jwt[..h.len() + 1 + c.len()];
        self.keys().verifying.verify(signed.as_bytes(), &sig).ok()?;
        let claims: Value = serde_json::from_slice(&B64.decode(c).ok()?).ok()?;
        claims["https://stytch.com/session"]["id"]
            .as_str()
            .map(str::to_string)
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
        assert_eq!(
            Jwt::new("project-test-x").session_id(&t),
            None,
            "another run's key"
        );
        let keys = j.jwks();
        assert_eq!(keys["keys"][0]["kty"], "RSA");
        assert_eq!(keys["keys"][0]["e"], "AQAB");
        assert_eq!(
            B64.decode(keys["keys"][0]["n"].as_str().unwrap())
                .unwrap()
                .len(),
            KEY_BITS / 8
        );
    }
}
