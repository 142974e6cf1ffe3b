//! The client's [`KeyValueStore`] in a browser: cookies, Web Storage, a
//! custom adapter or memory, falling back to memory when the backend fails.
//!
//! A backend that throws moves the store to memory, keeping what can still
//! be read of the client's keys, and the failure is remembered until the
//! client reports it ([`BrowserStore::take_failure`]). Cookie writes are
//! checked once the task that made them is over (reading `document.cookie`
//! right after a write waits for the cookie store): a cookie that did not
//! stick (too large, refused) moves the store to memory with every value
//! written in that task.
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::cookie::Cookies;
use super::js;
use super::web_storage::WebStorage;
use crate::sdk::config::{Config, StorageKind};
use crate::sdk::store::{KeyValueStore, MemoryStore};

enum Backend {
    Cookies(Cookies),
    Web(WebStorage),
    Memory,
}

impl Backend {
    fn get(&self, key: &str) -> Result<Option<String>, JsValue> {
        match self {
            Backend::Cookies(c) => c.get(key),
            Backend::Web(w) => w.get(key),
            Backend::Memory => Ok(None),
        }
    }
}

/// Cookie writes of the current task, checked in a timer.
#[derive(Default)]
struct Pending {
    /// Each key written, with its value (`None`: removed).
    written: Vec<(String, Option<String>)>,
    /// Run once the writes are checked (and so readable by other tabs).
    waiting: Vec<Box<dyn FnOnce()>>,
    /// The check's timer, while one is scheduled.
    timer: Option<JsValue>,
}

/// See the module docs.
pub struct BrowserStore {
    backend: RefCell<Backend>,
    memory: MemoryStore,
    keys: Vec<String>,
    kind: Cell<StorageKind>,
    failed: Cell<bool>,
    pending: RefCell<Pending>,
    check: Closure<dyn FnMut()>,
}

impl BrowserStore {
    /// The store of `config`; `adapter` is the caller's storage object for
    /// [`StorageKind::Custom`].
    pub fn open(config: &Config, adapter: Option<WebStorage>) -> Rc<BrowserStore> {
        let opened = match config.storage {
            StorageKind::Cookie => Cookies::open(&config.cookie).map(Backend::Cookies),
            StorageKind::LocalStorage => WebStorage::open("localStorage").map(Backend::Web),
            StorageKind::SessionStorage => WebStorage::open("sessionStorage").map(Backend::Web),
            StorageKind::Custom => adapter.map(Backend::Web).ok_or(JsValue::NULL),
            StorageKind::Memory => Ok(Backend::Memory),
        };
        let (backend, kind, failed) = match opened {
            Ok(b) => (b, config.storage, false),
            Err(_) => (Backend::Memory, StorageKind::Memory, true),
        };
        Rc::new_cyclic(|me: &Weak<BrowserStore>| {
            let me = me.clone();
            BrowserStore {
                backend: RefCell::new(backend),
                memory: MemoryStore::new(),
                keys: config.keys.all().iter().map(|k| String::from(*k)).collect(),
                kind: Cell::new(kind),
                failed: Cell::new(failed),
                pending: RefCell::default(),
                check: Closure::new(move || {
                    if let Some(store) = me.upgrade() {
                        store.check_writes();
                    }
                }),
            }
        })
    }

    /// The backend in use (`memory` after a fallback).
    pub fn kind(&self) -> StorageKind {
        self.kind.get()
    }

    /// True once after the store fell back to memory.
    pub fn take_failure(&self) -> bool {
        self.failed.replace(false)
    }

    /// Runs `f` once this task's writes are visible to other tabs: now,
    /// or after the cookie check.
    pub fn after_writes(&self, f: Box<dyn FnOnce()>) {
        let mut p = self.pending.borrow_mut();
        if p.timer.is_some() {
            p.waiting.push(f);
        } else {
            drop(p);
            f();
        }
    }

    /// Moves to memory, keeping what the backend still gives of our keys.
    fn fall_back(&self) {
        let backend = self.backend.replace(Backend::Memory);
        for key in &self.keys {
            if let Ok(Some(v)) = backend.get(key) {
                self.memory.set(key, &v, 0);
            }
        }
        self.kind.set(StorageKind::Memory);
        self.failed.set(true);
    }

    /// `op` on the backend; on memory when there is none or `op` threw.
    fn with_backend<T>(
        &self,
        op: impl FnOnce(&Backend) -> Result<T, JsValue>,
        on_memory: impl FnOnce(&MemoryStore) -> T,
    ) -> T {
        let result = match &*self.backend.borrow() {
            Backend::Memory => None,
            b => Some(op(b)),
        };
        match result {
            Some(Ok(v)) => v,
            Some(Err(_)) => {
                self.fall_back();
                on_memory(&self.memory)
            }
            None => on_memory(&self.memory),
        }
    }

    fn note_cookie_write(&self, key: &str, value: Option<&str>) {
        if !matches!(*self.backend.borrow(), Backend::Cookies(_)) {
            return;
        }
        let mut p = self.pending.borrow_mut();
        p.written.push((String::from(key), value.map(String::from)));
        if p.timer.is_none() {
            p.timer = Some(js::set_timeout(
                self.check.as_ref().unchecked_ref::<Function>(),
                0.0,
            ));
        }
    }

    fn check_writes(&self) {
        let p = std::mem::take(&mut *self.pending.borrow_mut());
        let stuck = p.written.iter().all(|(k, v)| match v {
            Some(v) => self
                .backend
                .borrow()
                .get(k)
                .is_ok_and(|got| got.as_deref() == Some(v)),
            None => true,
        });
        if !stuck && matches!(*self.backend.borrow(), Backend::Cookies(_)) {
            self.fall_back();
            for (k, v) in &p.written {
                match v {
                    Some(v) => self.memory.set(k, v, 0),
                    None => self.memory.remove(k),
                }
            }
        }
        for f in p.waiting {
            f();
        }
    }
}

impl Drop for BrowserStore {
    fn drop(&mut self) {
        if let Some(timer) = &self.pending.get_mut().timer {
            js::clear_timeout(timer);
        }
    }
}

impl KeyValueStore for BrowserStore {
    fn get(&self, key: &str) -> Option<String> {
        self.with_backend(|b| b.get(key), |m| m.get(key))
    }

    fn set(&self, key: &str, value: &str, expires_at: i64) {
        self.with_backend(
            |b| match b {
                Backend::Cookies(c) => c.set(key, value, expires_at),
                Backend::Web(w) => w.set(key, value, expires_at),
                Backend::Memory => Ok(()),
            },
            |m| m.set(key, value, expires_at),
        );
        self.note_cookie_write(key, Some(value));
    }

    fn remove(&self, key: &str) {
        self.with_backend(
            |b| match b {
                Backend::Cookies(c) => c.remove(key),
                Backend::Web(w) => w.remove(key),
                Backend::Memory => Ok(()),
            },
            |m| m.remove(key),
        );
        self.note_cookie_write(key, None);
    }
}
