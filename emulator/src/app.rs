//! Shared application state handed to every handler.
use std::sync::{Arc, Mutex, MutexGuard};

use crate::bot::BotProtection;
use crate::clock::Clock;
use crate::config::Config;
use crate::faults::Faults;
use crate::host::AllowedHosts;
use crate::jwt::Jwt;
use crate::state::Store;

/// Cheap to clone; everything behind one `Arc`.
#[derive(Clone)]
pub struct App(pub Arc<Inner>);

/// The state itself.
pub struct Inner {
    /// The config (credentials, seed).
    pub cfg: Config,
    /// The controllable clock.
    pub clock: Clock,
    /// All records.
    pub store: Mutex<Store>,
    /// Armed faults.
    pub faults: Mutex<Faults>,
    /// Captcha and DFP settings, spent captcha tokens, counters.
    pub bot: Mutex<BotProtection>,
    /// The JWT key.
    pub jwt: Jwt,
    /// Host names served besides loopback ones.
    pub hosts: AllowedHosts,
}

impl App {
    /// A new app with the config's seed, bound to loopback.
    pub fn new(cfg: Config) -> App {
        App::bound(cfg, "127.0.0.1")
    }

    /// A new app with the config's seed, for a server bound to `bind_host` (a specific
    /// address is served as a host name; a wildcard one is not).
    pub fn bound(cfg: Config, bind_host: &str) -> App {
        let clock = Clock::default();
        let store = Store::seeded(&cfg, clock.now_ms());
        let jwt = Jwt::new(&cfg.project.project_id);
        let hosts = AllowedHosts::new(&cfg.allowed_hosts, bind_host);
        let bot = BotProtection::from_config(&cfg);
        App(Arc::new(Inner {
            cfg,
            clock,
            store: Mutex::new(store),
            faults: Mutex::new(Faults::default()),
            bot: Mutex::new(bot),
            jwt,
            hosts,
        }))
    }

    /// The host names served besides loopback ones.
    pub fn allowed_hosts(&self) -> &AllowedHosts {
        &self.0.hosts
    }

    /// The config.
    pub fn cfg(&self) -> &Config {
        &self.0.cfg
    }

    /// Now on the emulator clock.
    pub fn now(&self) -> i64 {
        self.0.clock.now_ms()
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The JWT key.
    pub fn jwt(&self) -> &Jwt {
        &self.0.jwt
    }

    /// Locks the store (a poisoned lock is recovered: state stays usable).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Locks the fault table.
    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.0.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Locks the bot-protection state.
    pub fn bot(&self) -> MutexGuard<'_, BotProtection> {
        self.0.bot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Back to the seed: records, outboxes, faults, rate limits, clock offset, and the
    /// config's bot-protection settings (counters and spent captcha tokens cleared).
    pub fn reset(&self) {
        self.0.clock.reset();
        let fresh = Store::seeded(&self.0.cfg, self.now());
        *self.store() = fresh;
        self.faults().clear();
        *self.bot() = BotProtection::from_config(&self.0.cfg);
    }
}
