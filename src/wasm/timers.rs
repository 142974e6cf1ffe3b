//! The client's timers: expiry events, the session refresh, and a second
//! look after another tab's message.
use super::{Inner, REFRESH_MS};
use crate::platform::js::{self, Timeout};
use wasm_bindgen_futures::spawn_local;

/// How long after another tab's message the state is read again.
const RECHECK_MS: i64 = 100;

impl Inner {
    /// Refreshes the stored session after `delay_ms`, then every
    /// [`REFRESH_MS`] while the client is open. A refused session is
    /// forgotten (and listeners told); other failures wait for the next turn.
    pub(super) fn schedule_refresh(&self, delay_ms: i64) {
        if self.closed.get() {
            return;
        }
        let me = self.me.clone();
        let timer = Timeout::new(delay_ms, move || {
            let Some(inner) = me.upgrade() else { return };
            if let Some(prepared) = inner.engine.prepare_refresh(js::now()) {
                let running = inner.clone();
                spawn_local(async move {
                    let refreshed = running.send(prepared, None).await.is_ok();
                    if running.engine.take_forgotten() {
                        running.changed();
                    } else if refreshed {
                        running.check();
                    }
                });
            }
            inner.schedule_refresh(REFRESH_MS);
        });
        *self.refresh.borrow_mut() = Some(timer);
    }

    /// Checks again just after `at` (ms since epoch), when the state
    /// changes by itself; replaces the timer set before.
    pub(super) fn schedule_expiry(&self, at: Option<i64>, now: i64) {
        let timer = at.filter(|_| !self.closed.get()).map(|at| {
            let me = self.me.clone();
            Timeout::new(at.saturating_sub(now).saturating_add(1), move || {
                if let Some(inner) = me.upgrade() {
                    inner.check();
                }
            })
        });
        *self.expiry.borrow_mut() = timer;
    }

    /// Checks again shortly after another tab's message: Firefox may show
    /// this tab that tab's cookie writes a little after its message.
    pub(super) fn check_again_soon(&self) {
        if self.closed.get() {
            return;
        }
        let me = self.me.clone();
        let timer = Timeout::new(RECHECK_MS, move || {
            if let Some(inner) = me.upgrade() {
                inner.check();
            }
        });
        *self.recheck.borrow_mut() = Some(timer);
    }
}
