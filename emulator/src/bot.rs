//! Bot protection as the frontend API applies it: a captcha token on the SDK's send
//! endpoints (single use, like Turnstile's and reCAPTCHA's), and the DFP telemetry ids the
//! SDK sends, recorded for tests to read. The settings start from the config
//! (`project.captcha`, `project.dfp_protected_auth_enabled`) and change through the admin API.
use std::collections::{HashSet, VecDeque};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::config::Config;
use crate::errors::ApiResult;
use crate::extract::Fields;

/// How many DFP telemetry ids are kept (the newest).
pub const DFP_IDS_KEPT: usize = 20;
/// How many spent captcha tokens are remembered; the oldest are forgotten past this.
pub const SPENT_TOKENS_KEPT: usize = 100_000;
/// The body of a captcha refusal; the Stytch SDK retries with a captcha when it sees it.
pub const CAPTCHA_REQUIRED: &str = "Captcha required";

/// The settings and what was seen.
#[derive(Debug, Default)]
pub struct BotProtection {
    captcha_enabled: bool,
    site_key: String,
    dfp_enabled: bool,
    spent: HashSet<String>,
    spent_order: VecDeque<String>,
    accepted: u64,
    refusals: u64,
    dfp_ids: VecDeque<String>,
}

/// A string field of a body, if it is a non-empty string (any other type counts as absent).
fn nonempty_str<'a>(body: &'a Fields, key: &str) -> Option<&'a str> {
    body.0
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

impl BotProtection {
    /// The config's settings, nothing seen yet.
    pub fn from_config(cfg: &Config) -> BotProtection {
        BotProtection {
            captcha_enabled: cfg.project.captcha.enabled,
            site_key: cfg.project.captcha.site_key.clone(),
            dfp_enabled: cfg.project.dfp_protected_auth_enabled,
            ..BotProtection::default()
        }
    }

    /// Applies the admin API's `{captcha_enabled?, site_key?, dfp_enabled?}`; nothing changes
    /// when a field has the wrong type.
    ///
    /// # Errors
    /// 400 `bad_request` for a field of the wrong type.
    pub fn update(&mut self, body: &Fields) -> ApiResult<()> {
        let captcha = body.opt_bool("captcha_enabled")?;
        let site_key = body.opt_str("site_key")?;
        let dfp = body.opt_bool("dfp_enabled")?;
        if let Some(c) = captcha {
            self.captcha_enabled = c;
        }
        if let Some(k) = site_key {
            self.site_key = k;
        }
        if let Some(d) = dfp {
            self.dfp_enabled = d;
        }
        Ok(())
    }

    /// Records the body's `dfp_telemetry_id`, if it is a non-empty string.
    pub fn record_dfp(&mut self, body: &Fields) {
        if let Some(id) = nonempty_str(body, "dfp_telemetry_id") {
            if self.dfp_ids.len() == DFP_IDS_KEPT {
                self.dfp_ids.pop_front();
            }
            self.dfp_ids.push_back(id.to_string());
        }
    }

    /// Whether a captcha-protected call may go on: always when captcha is off; otherwise only
    /// with a `captcha_token` not used before, which is then spent. Counts both outcomes.
    pub fn admit(&mut self, body: &Fields) -> bool {
        if !self.captcha_enabled {
            return true;
        }
        match nonempty_str(body, "captcha_token") {
            Some(t) if !self.spent.contains(t) => {
                self.spend(t);
                self.accepted += 1;
                true
            }
            _ => {
                self.refusals += 1;
                false
            }
        }
    }

    fn spend(&mut self, token: &str) {
        if self.spent_order.len() == SPENT_TOKENS_KEPT {
            if let Some(old) = self.spent_order.pop_front() {
                self.spent.remove(&old);
            }
        }
        self.spent.insert(token.to_string());
        self.spent_order.push_back(token.to_string());
    }

    /// Bootstrap's `captcha_settings`: `{"enabled": true, "siteKey": ...}` or `{"enabled": false}`.
    pub fn captcha_settings(&self) -> Value {
        if self.captcha_enabled {
            json!({"enabled": true, "siteKey": self.site_key})
        } else {
            json!({"enabled": false})
        }
    }

    /// Bootstrap's `dfp_protected_auth_enabled`.
    pub fn dfp_enabled(&self) -> bool {
        self.dfp_enabled
    }

    /// The admin API's view.
    pub fn to_json(&self) -> Value {
        json!({
            "captcha_enabled": self.captcha_enabled,
            "site_key": self.site_key,
            "dfp_enabled": self.dfp_enabled,
            "captcha_tokens_accepted": self.accepted,
            "captcha_refusals": self.refusals,
            "dfp_telemetry_ids": self.dfp_ids,
        })
    }
}

/// The refusal of a call that lacks a usable captcha token: 403, `text/plain`,
/// `Captcha required` (not JSON, so the Stytch SDK takes its captcha retry path).
pub fn captcha_required() -> Response {
    let mut r = (StatusCode::FORBIDDEN, CAPTCHA_REQUIRED).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> Fields {
        match v {
            Value::Object(m) => Fields(m),
            _ => Fields::default(),
        }
    }

    #[test]
    fn tokens_are_single_use_and_counted() {
        let mut b = BotProtection::default();
        assert!(
            b.admit(&fields(json!({}))),
            "captcha off: everything passes"
        );
        b.update(&fields(json!({"captcha_enabled": true}))).unwrap();
        for bad in [
            json!({}),
            json!({"captcha_token": ""}),
            json!({"captcha_token": 7}),
        ] {
            assert!(!b.admit(&fields(bad)));
        }
        assert!(b.admit(&fields(json!({"captcha_token": "t1"}))));
        assert!(!b.admit(&fields(json!({"captcha_token": "t1"}))), "spent");
        assert!(b.admit(&fields(json!({"captcha_token": "t2"}))));
        let v = b.to_json();
        assert_eq!(v["captcha_tokens_accepted"], 2);
        assert_eq!(v["captcha_refusals"], 4);
        assert!(b
            .update(&fields(
                json!({"dfp_enabled": "yes", "captcha_enabled": false})
            ))
            .is_err());
        assert_eq!(
            b.to_json()["captcha_enabled"],
            true,
            "a bad body changes nothing"
        );
    }

    #[test]
    fn dfp_ids_keep_the_newest_twenty() {
        let mut b = BotProtection::default();
        for i in 0..25 {
            b.record_dfp(&fields(json!({"dfp_telemetry_id": format!("id-{i}")})));
        }
        b.record_dfp(&fields(json!({"dfp_telemetry_id": ""})));
        b.record_dfp(&fields(json!({"dfp_telemetry_id": null})));
        let ids = b.to_json()["dfp_telemetry_ids"].clone();
        assert_eq!(ids.as_array().unwrap().len(), DFP_IDS_KEPT);
        assert_eq!(ids[0], "id-5");
        assert_eq!(ids[19], "id-24");
    }
}
