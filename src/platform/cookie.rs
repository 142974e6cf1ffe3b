//! `document.cookie` as a key/value backend, with Stytch's attributes.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlDocument;

use super::js;
use crate::sdk::config::CookieAttributes;

const PROBE: &str = "__sms_mfa_probe";

/// The cookie jar of the page, writing with fixed attributes.
pub struct Cookies {
    document: HtmlDocument,
    /// `; Path=…; Domain=…; SameSite=…[; Secure]`.
    attributes: String,
}

impl Cookies {
    /// The page's jar, checked by writing and reading a probe cookie.
    ///
    /// # Errors
    /// No document, cookies disabled, or a `Domain` or `Secure` the page
    /// cannot set.
    pub fn open(attributes: &CookieAttributes) -> Result<Cookies, JsValue> {
        let document = js::global("document").dyn_into::<HtmlDocument>()?;
        let host = js::location("hostname");
        let loopback = host == "localhost" || host == "[::1]" || host.starts_with("127.");
        let mut a = String::new();
        for (name, value) in [("Path", &attributes.path), ("Domain", &attributes.domain)] {
            if let Some(v) = value {
                a.push_str("; ");
                a.push_str(name);
                a.push('=');
                a.push_str(v);
            }
        }
        a.push_str("; SameSite=");
        a.push_str(attributes.same_site);
        // Secure, except on loopback hosts (unless SameSite=None, which needs it).
        if attributes.same_site == "None" || !loopback {
            a.push_str("; Secure");
        }
        let jar = Cookies {
            document,
            attributes: a,
        };
        jar.write(PROBE, "1", None)?;
        if jar.get(PROBE)?.as_deref() != Some("1") {
            return Err(JsValue::from_str("cookies are refused"));
        }
        jar.write(PROBE, "", Some(0.0))?;
        Ok(jar)
    }

    /// The value of cookie `key`. Of two cookies of one name, the first
    /// (the one with the longer path) wins.
    ///
    /// # Errors
    /// Reading the jar threw, or the value is not URI-encoded.
    pub fn get(&self, key: &str) -> Result<Option<String>, JsValue> {
        let all = self.document.cookie()?;
        for pair in all.split(';') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if name.trim() == key {
                return Ok(Some(js_sys::decode_uri_component(value)?.into()));
            }
        }
        Ok(None)
    }

    /// Writes cookie `key`, expiring at `expires_at` (ms since epoch).
    ///
    /// # Errors
    /// Writing threw.
    pub fn set(&self, key: &str, value: &str, expires_at: i64) -> Result<(), JsValue> {
        self.write(
            key,
            &String::from(js_sys::encode_uri_component(value)),
            Some(expires_at as f64),
        )
    }

    /// Removes cookie `key` (when there is one).
    ///
    /// # Errors
    /// Reading or writing threw.
    pub fn remove(&self, key: &str) -> Result<(), JsValue> {
        if self.get(key)?.is_some() {
            self.write(key, "", Some(0.0))?;
        }
        Ok(())
    }

    fn write(&self, key: &str, encoded: &str, expires_at: Option<f64>) -> Result<(), JsValue> {
        let mut c = String::from(key);
        c.push('=');
        c.push_str(encoded);
        if let Some(t) = expires_at {
            c.push_str("; Expires=");
            c.push_str(&String::from(
                js_sys::Date::new(&JsValue::from_f64(t)).to_utc_string(),
            ));
        }
        c.push_str(&self.attributes);
        self.document.set_cookie(&c)
    }
}
