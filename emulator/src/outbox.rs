//! The SMS and email outbox: what the emulator "sent", kept per recipient, newest last.
use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use crate::clock::rfc3339;
use crate::state::otp::OtpKey;

/// Messages kept per recipient; older ones fall off.
const PER_RECIPIENT: usize = 20;
/// Recipients whose newest message is older than this (emulator time) are evicted.
const KEEP_MS: i64 = 60 * 60 * 1000;

/// One delivered message.
#[derive(Clone, Serialize)]
pub struct Message {
    /// The recipient (phone number or email address).
    #[serde(skip)]
    pub to: String,
    /// The code it carried.
    pub code: String,
    /// The full text.
    pub body: String,
    /// RFC 3339.
    pub sent_at: String,
    /// When it was sent (emulator time, ms).
    #[serde(skip)]
    pub sent_ms: i64,
    /// What the code was issued for (to tell a live code from a superseded one).
    #[serde(skip)]
    pub key: OtpKey,
    /// When the code expires (emulator time, ms).
    #[serde(skip)]
    pub expires_ms: i64,
    /// Send order across both outboxes (several messages can share a millisecond).
    #[serde(skip)]
    pub seq: u64,
}

static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// One outbox (SMS or email).
#[derive(Default)]
pub struct Outbox {
    by_recipient: HashMap<String, VecDeque<Message>>,
}

impl Outbox {
    /// Records a message.
    pub fn push(
        &mut self,
        to: &str,
        code: &str,
        body: String,
        now_ms: i64,
        key: OtpKey,
        expires_ms: i64,
    ) {
        let q = self.by_recipient.entry(to.to_string()).or_default();
        q.push_back(Message {
            to: to.to_string(),
            code: code.to_string(),
            body,
            sent_at: rfc3339(now_ms),
            sent_ms: now_ms,
            key,
            expires_ms,
            seq: SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        });
        while q.len() > PER_RECIPIENT {
            q.pop_front();
        }
    }

    /// Messages to `to`, newest last.
    pub fn list(&self, to: &str) -> Vec<Message> {
        self.by_recipient
            .get(to)
            .map(|q| q.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// All messages, oldest recipient order unspecified, each recipient's newest last.
    pub fn all(&self) -> Vec<Message> {
        let mut v: Vec<Message> = self.by_recipient.values().flatten().cloned().collect();
        v.sort_by_key(|m| (m.sent_ms, m.seq));
        v
    }

    /// Drops recipients with nothing recent.
    pub fn evict(&mut self, now_ms: i64) {
        self.by_recipient.retain(|_, q| {
            q.back()
                .map(|m| now_ms - m.sent_ms < KEEP_MS)
                .unwrap_or(false)
        });
    }

    /// Number of stored messages.
    pub fn len(&self) -> usize {
        self.by_recipient.values().map(|q| q.len()).sum()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.by_recipient.is_empty()
    }
}
