//! One-time codes: issue, verify in constant time, single use, per-phone send rate limit,
//! and the lock after repeated failures.
use std::collections::{HashMap, VecDeque};

use subtle::ConstantTimeEq;

use crate::errors::{ApiError, ApiResult};

/// Sends allowed per phone in one window.
pub const SEND_LIMIT: usize = 5;
/// The sliding window for sends.
pub const SEND_WINDOW_MS: i64 = 60_000;
/// Failed authenticates that lock a method.
pub const LOCK_AFTER: u32 = 5;
/// How long a lock lasts.
pub const LOCK_MS: i64 = 10 * 60_000;
/// Expired or used codes are kept this long (to answer `unable_to_auth_otp_code`), then evicted.
pub const GRACE_MS: i64 = 10 * 60_000;

/// What a code was sent for. One live code per key: a new send replaces the previous one.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum OtpKey {
    /// A consumer phone (`method_id` = phone id).
    Phone(String),
    /// A B2B member's SMS factor.
    MemberSms(String),
    /// A B2B email code: (organization id, address).
    Email(String, String),
}

struct Otp {
    code: String,
    target: String,
    expires_ms: i64,
    used: bool,
}

#[derive(Default)]
struct Failures {
    count: u32,
    locked_until: i64,
    last_ms: i64,
}

/// The code store.
#[derive(Default)]
pub struct Otps {
    codes: HashMap<OtpKey, Otp>,
    sends: HashMap<String, VecDeque<i64>>,
    failures: HashMap<OtpKey, Failures>,
}

impl Otps {
    /// Refuses a send when the phone already had [`SEND_LIMIT`] sends in the window.
    ///
    /// # Errors
    /// 429 `too_many_requests` with `Retry-After`.
    pub fn check_send_rate(&mut self, recipient: &str, now: i64) -> ApiResult<()> {
        if let Some(q) = self.sends.get_mut(recipient) {
            while q.front().is_some_and(|t| now - *t >= SEND_WINDOW_MS) {
                q.pop_front();
            }
            if q.len() >= SEND_LIMIT {
                let oldest = q.front().copied().unwrap_or(now);
                let wait_ms = (oldest + SEND_WINDOW_MS - now).max(1);
                let secs = ((wait_ms + 999) / 1000) as u64;
                return Err(ApiError::new(
                    429,
                    "too_many_requests",
                    "Too many requests have been made to this phone number. Please wait before sending another code.",
                )
                .retry_after(secs));
            }
        }
        Ok(())
    }

    /// Counts a send against the recipient's window.
    pub fn record_send(&mut self, recipient: &str, now: i64) {
        self.sends
            .entry(recipient.to_string())
            .or_default()
            .push_back(now);
    }

    /// Stores `code` as the one live code for `key`, replacing any previous one.
    pub fn issue(&mut self, key: OtpKey, target: &str, code: &str, expires_ms: i64) {
        self.codes.insert(
            key,
            Otp {
                code: code.to_string(),
                target: target.to_string(),
                expires_ms,
                used: false,
            },
        );
    }

    /// Whether `key` is locked now.
    ///
    /// # Errors
    /// 429 `user_lock_limit_reached` with `Retry-After`.
    pub fn check_lock(&self, key: &OtpKey, now: i64) -> ApiResult<()> {
        if let Some(f) = self.failures.get(key) {
            if f.locked_until > now {
                let secs = ((f.locked_until - now + 999) / 1000) as u64;
                return Err(ApiError::new(
                    429,
                    "user_lock_limit_reached",
                    "Too many failed authentication attempts. The method is locked for 10 minutes.",
                )
                .retry_after(secs));
            }
        }
        Ok(())
    }

    /// Checks `code` for `key` in constant time and consumes it. Returns the target
    /// (phone number or email) the code was sent to.
    ///
    /// # Errors
    /// 429 `user_lock_limit_reached` when locked; 404 `otp_code_not_found` for a wrong
    /// code (counts towards the lock); 401 `unable_to_auth_otp_code` for an expired or used one.
    pub fn verify(&mut self, key: &OtpKey, code: &str, now: i64) -> ApiResult<String> {
        self.check_lock(key, now)?;
        let matches = match self.codes.get(key) {
            Some(otp) => {
                let a = otp.code.as_bytes();
                let b = code.as_bytes();
                a.len() == b.len() && bool::from(a.ct_eq(b))
            }
            None => false,
        };
        if !matches {
            let f = self.failures.entry(key.clone()).or_default();
            if f.locked_until <= now && f.locked_until != 0 {
                *f = Failures::default();
            }
            f.count += 1;
            f.last_ms = now;
            if f.count >= LOCK_AFTER {
                f.locked_until = now + LOCK_MS;
                f.count = 0;
            }
            return Err(ApiError::new(
                404,
                "otp_code_not_found",
                "The passcode is incorrect. Please check the code and try again.",
            ));
        }
        let Some(otp) = self.codes.get_mut(key) else {
            return Err(ApiError::new(
                404,
                "otp_code_not_found",
                "The passcode is incorrect.",
            ));
        };
        if otp.used || now >= otp.expires_ms {
            return Err(ApiError::new(
                401,
                "unable_to_auth_otp_code",
                "The passcode has expired or was already used. Please request a new one.",
            ));
        }
        otp.used = true;
        self.failures.remove(key);
        Ok(otp.target.clone())
    }

    /// Where the code `code`, sent for `key`, stands now: `live`, `used`, `expired`, or
    /// `superseded` (a newer code was sent for the same key, or it was evicted).
    pub fn status(&self, key: &OtpKey, code: &str, now: i64) -> &'static str {
        match self.codes.get(key) {
            Some(o) if o.code == code => {
                if o.used {
                    "used"
                } else if now >= o.expires_ms {
                    "expired"
                } else {
                    "live"
                }
            }
            _ => "superseded",
        }
    }

    /// Drops codes past their grace period, empty send windows and stale failure counters.
    pub fn evict(&mut self, now: i64) {
        self.codes.retain(|_, o| now < o.expires_ms + GRACE_MS);
        self.sends.retain(|_, q| {
            while q.front().is_some_and(|t| now - *t >= SEND_WINDOW_MS) {
                q.pop_front();
            }
            !q.is_empty()
        });
        self.failures
            .retain(|_, f| f.locked_until > now || now - f.last_ms < LOCK_MS);
    }

    /// (codes, send windows, failure counters) held.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.codes.len(), self.sends.len(), self.failures.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_use_and_expiry() {
        let mut o = Otps::default();
        let k = OtpKey::Phone("p".into());
        o.issue(k.clone(), "+1", "123456", 1000);
        assert_eq!(o.verify(&k, "654321", 0).unwrap_err().status, 404);
        assert_eq!(o.verify(&k, "123456", 0).unwrap(), "+1");
        assert_eq!(o.verify(&k, "123456", 0).unwrap_err().status, 401);
        o.issue(k.clone(), "+1", "111111", 1000);
        assert_eq!(
            o.verify(&k, "111111", 1000).unwrap_err().error_type,
            "unable_to_auth_otp_code"
        );
    }

    #[test]
    fn locks_after_five_failures() {
        let mut o = Otps::default();
        let k = OtpKey::Phone("p".into());
        o.issue(k.clone(), "+1", "123456", 10_000_000);
        for _ in 0..5 {
            assert_eq!(o.verify(&k, "000000", 0).unwrap_err().status, 404);
        }
        let e = o.verify(&k, "123456", 1).unwrap_err();
        assert_eq!(e.error_type, "user_lock_limit_reached");
        assert!(o.verify(&k, "123456", LOCK_MS + 1).is_ok());
    }

    #[test]
    fn send_window_slides() {
        let mut o = Otps::default();
        for i in 0..5 {
            o.check_send_rate("+1", i).unwrap();
            o.record_send("+1", i);
        }
        let e = o.check_send_rate("+1", 10).unwrap_err();
        assert_eq!(e.retry_after, Some(60));
        assert!(o.check_send_rate("+1", SEND_WINDOW_MS).is_ok());
    }
}
