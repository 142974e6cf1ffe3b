//! The emulator's clock: real time plus an offset that the admin API can advance.
//! Every expiry (codes, ISTs, sessions, rate-limit windows, locks) reads this clock.
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Real time plus a controllable offset, in milliseconds since the Unix epoch.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// Now, in milliseconds since the Unix epoch, offset included.
    pub fn now_ms(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        real.saturating_add(self.offset_ms.load(Ordering::SeqCst))
    }

    /// The current offset in whole seconds.
    pub fn offset_seconds(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst) / 1000
    }

    /// Moves the clock forward (or back, for a negative value) by `seconds`.
    /// The total offset stays within ±100 years, so expiry arithmetic can never overflow.
    pub fn advance(&self, seconds: i64) {
        const LIMIT_MS: i64 = 100 * 366 * 86_400 * 1000;
        let ms = seconds.saturating_mul(1000);
        let _ = self
            .offset_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |o| {
                Some(o.saturating_add(ms).clamp(-LIMIT_MS, LIMIT_MS))
            });
    }

    /// Back to real time.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::SeqCst);
    }
}

/// Formats milliseconds since the epoch as RFC 3339 UTC with a `Z`, e.g. `2026-01-02T03:04:05Z`.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        y,
        m,
        d,
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000_999), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn advance_moves_now() {
        let c = Clock::default();
        let a = c.now_ms();
        c.advance(120);
        assert!(c.now_ms() - a >= 120_000);
        assert_eq!(c.offset_seconds(), 120);
        c.reset();
        assert_eq!(c.offset_seconds(), 0);
        for _ in 0..20 {
            c.advance(i64::MAX);
        }
        assert!(c.offset_seconds() <= 100 * 366 * 86_400);
        assert!(rfc3339(c.now_ms()).ends_with('Z'));
    }
}
