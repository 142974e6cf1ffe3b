//! `localStorage`, `sessionStorage` and a caller's `{getItem, setItem,
//! removeItem}` adapter as key/value backends.
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const PROBE: &str = "__sms_mfa_probe";

/// A Web Storage area or an object with its three methods.
pub struct WebStorage {
    target: JsValue,
    get_item: Function,
    set_item: Function,
    remove_item: Function,
}

impl WebStorage {
    /// `globalThis[name]` (`localStorage` or `sessionStorage`), checked with
    /// a probe write.
    ///
    /// # Errors
    /// Missing, or throwing (private mode, `SecurityError`, quota).
    pub fn open(name: &str) -> Result<WebStorage, JsValue> {
        let area = Reflect::get(&js_sys::global(), &JsValue::from_str(name))?;
        let storage = WebStorage::adapter(&area).ok_or_else(|| JsValue::from_str("no storage"))?;
        storage.set(PROBE, PROBE, 0)?;
        storage.remove(PROBE)?;
        Ok(storage)
    }

    /// A caller's adapter: an object whose `getItem`, `setItem` and
    /// `removeItem` are functions; `None` for anything else.
    pub fn adapter(value: &JsValue) -> Option<WebStorage> {
        if !value.is_object() {
            return None;
        }
        let method = |name: &str| {
            Reflect::get(value, &JsValue::from_str(name))
                .ok()?
                .dyn_into::<Function>()
                .ok()
        };
        Some(WebStorage {
            target: value.clone(),
            get_item: method("getItem")?,
            set_item: method("setItem")?,
            remove_item: method("removeItem")?,
        })
    }

    /// `getItem(key)`; a value that is not a string reads as none.
    ///
    /// # Errors
    /// The method threw.
    pub fn get(&self, key: &str) -> Result<Option<String>, JsValue> {
        Ok(self
            .get_item
            .call1(&self.target, &JsValue::from_str(key))?
            .as_string())
    }

    /// `setItem(key, value, expiresAt)`; Web Storage ignores the expiry.
    ///
    /// # Errors
    /// The method threw.
    pub fn set(&self, key: &str, value: &str, expires_at: i64) -> Result<(), JsValue> {
        let expires = JsValue::from_f64(expires_at as f64);
        self.set_item
            .call3(
                &self.target,
                &JsValue::from_str(key),
                &JsValue::from_str(value),
                &expires,
            )
            .map(drop)
    }

    /// `removeItem(key)`.
    ///
    /// # Errors
    /// The method threw.
    pub fn remove(&self, key: &str) -> Result<(), JsValue> {
        self.remove_item
            .call1(&self.target, &JsValue::from_str(key))
            .map(drop)
    }
}
