//! Browser adapters: fetch, storage (cookie, Web Storage, memory, custom),
//! clock and the cross-tab channel.
//!
//! Everything that touches a browser API lives here, behind small Rust
//! functions. The JavaScript side is `browser.js`, small helpers that never
//! throw into Rust unless the import is marked `catch`; `scripts/build.sh`
//! bundles and minifies it with the generated glue.
//!
//! * `send(q, signal)`: one `POST` with the SDK headers, `credentials:
//!   'include'`, the timeout (`q.m` ms) and the caller's `AbortSignal`;
//!   resolves (never rejects) with `{k, s: status, x: text, j: is JSON, ra:
//!   Retry-After seconds or -1}`, `k` 0 answered, 1 timed out, 2 aborted,
//!   3 network failure, 4 body cut short.
//! * `wrap(core, channel, store)`: the public `Client` object. It awaits `send`
//!   between the two halves of an operation (`Core::call`), shares one in-flight
//!   `authenticate`, and tells listeners and other tabs (BroadcastChannel)
//!   after every change. Another tab's change is announced by a channel
//!   message, which may arrive before that tab's Web Storage write is visible
//!   here: the state is read again on the message and on every `storage`
//!   event, and listeners are called only when it differs from the last one
//!   they got. The channel is `unref()`'d where that exists (Node),
//!   so a client made during server-side rendering does not keep the process
//!   alive.
use alloc::string::String;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/platform/browser.js")]
extern "C" {
    /// Milliseconds since the Unix epoch (`Date.now`; no js-sys, whose
    /// linking alone costs a few KB of closure shims).
    pub fn now() -> f64;
    /// An RFC 3339 timestamp (the same forms `core::time` accepts natively)
    /// in ms since the epoch, NaN when malformed or out of range.
    #[wasm_bindgen(js_name = parseTime)]
    pub fn parse_time(s: &str) -> f64;
    /// Wraps a `bindings::Core` into the public `Client` object: awaits
    /// `fetch` between the two halves of an operation (`Core::call`), shares an in-flight `authenticate`,
    /// fans changes out to listeners and to other tabs (BroadcastChannel `n`),
    /// reads `storageKind` from `store`, and adds the client's telemetry ids.
    pub fn wrap(core: JsValue, n: &str, store: &JsValue) -> JsValue;
    /// The config as JSON, with a storage adapter object under `storage`
    /// replaced by the string `"\0custom"` (that string itself, forged, by `0`),
    /// and every function, Symbol, NaN and ±Infinity (which JSON would drop or
    /// turn into null, i.e. "not set") by the string `"\0"`, which no option
    /// accepts; so is a `baseUrl` that `new URL()` refuses (empty host, port
    /// above 65535...) or that is not a string. A trailing `/sdk/v1` (and
    /// slashes) of `baseUrl` is dropped: the SDK appends it.
    #[wasm_bindgen(js_name = configJson)]
    pub fn config_json(c: &JsValue) -> String;
    /// Builds the one JS error shape (called from `bindings` only).
    #[wasm_bindgen(js_name = makeError)]
    pub fn make_error(t: &str, status: u16, request_id: &str, msg: &str, url: &str, retryable: bool, retry_after: f64) -> JsValue;
    #[wasm_bindgen(js_name = makeStore)]
    fn make_store(config: &JsValue, spec: &str) -> JsValue;
    #[wasm_bindgen(js_name = storeGet)]
    fn store_get(s: &JsValue, k: &str) -> Option<String>;
    #[wasm_bindgen(js_name = storeSet)]
    fn store_set(s: &JsValue, k: &str, v: &str, expires: f64);
    #[wasm_bindgen(js_name = storeDelete)]
    fn store_del(s: &JsValue, k: &str);
}


/// A synchronous string store that never throws. The backend (cookies with
/// `SameSite` and `Secure` except on loopback hosts, Web Storage, a custom
/// adapter, or memory) lives in the JS snippet: when it throws, or a cookie
/// does not stick (cookies disabled or refused), the store switches to
/// memory, keeping what it could still read of its keys, and remembers the
/// failure under `f` (1) until the client reports it (`wrap`). The JS object
/// keeps the backend in use under `k` (`memory` after a fallback).
pub struct Store(pub JsValue);

impl Store {
    /// A store for the config `config` (whose `storage` is the adapter when
    /// the kind is `custom`). `spec` is `kind`, cookie `Path`, cookie
    /// `Domain`, `SameSite` and then the keys it manages, separated by NUL
    /// (an empty path or domain is none; every part is validated by the caller
    /// and holds no NUL).
    pub fn new(config: &JsValue, spec: &str) -> Store {
        Store(make_store(config, spec))
    }
    /// Reads `k`.
    pub fn get(&self, k: &str) -> Option<String> {
        store_get(&self.0, k)
    }
    /// Writes `k`; `expires` (ms since epoch) is used by cookies and passed to custom adapters.
    pub fn set(&self, k: &str, v: &str, expires: f64) {
        store_set(&self.0, k, v, expires)
    }
    /// Removes `k`.
    pub fn remove(&self, k: &str) {
        store_del(&self.0, k)
    }
}
