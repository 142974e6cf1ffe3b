//! Global JS functions, bound through wasm-bindgen so that they work in a
//! window, a worker and Node alike.
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `setTimeout(f, ms)`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(f: &Function, ms: f64) -> JsValue;
    /// `clearTimeout(id)`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue);
    /// `btoa(s)`: throws for characters above U+00FF.
    #[wasm_bindgen(catch)]
    pub fn btoa(s: &str) -> Result<String, JsValue>;
}

/// A `setTimeout` that is cleared when dropped, so that its closure never
/// runs after its owner is gone.
pub struct Timeout {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// The longest delay `setTimeout` keeps (about 24.8 days).
    pub const MAX_MS: i64 = 2_147_483_647;

    /// Runs `f` once after `ms` (clamped to 0..=[`Timeout::MAX_MS`]).
    pub fn new(ms: i64, f: impl FnOnce() + 'static) -> Timeout {
        let mut f = Some(f);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let id = set_timeout(
            callback.as_ref().unchecked_ref(),
            ms.clamp(0, Timeout::MAX_MS) as f64,
        );
        Timeout {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// `Date.now()`, in whole milliseconds.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// `globalThis[name]`, or `undefined` when reading it throws.
pub fn global(name: &str) -> JsValue {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[name]`, or `undefined` when reading it throws.
pub fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A random id: `crypto.randomUUID()` where there is one.
pub fn uuid() -> String {
    let crypto = global("crypto");
    let random = get(&crypto, "randomUUID")
        .dyn_into::<Function>()
        .ok()
        .and_then(|f| f.call0(&crypto).ok());
    random.and_then(|v| v.as_string()).unwrap_or_else(|| {
        let mut id = (js_sys::Date::now() as u64).to_string();
        id.push('-');
        id.push_str(&((js_sys::Math::random() * 9e15) as u64).to_string());
        id
    })
}

thread_local! {
    static TIME_ZONE: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
}

/// The page's IANA time zone (`Europe/Paris`), read once: the first
/// `Intl.DateTimeFormat` of a page loads the locale data (about 20 ms cold
/// in Chromium), so clients ask for it after they are ready
/// ([`read_time_zone_later`]) or at their first request.
pub fn time_zone() -> String {
    TIME_ZONE.with(|tz| {
        tz.get_or_init(|| {
            let options =
                js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                    .resolved_options();
            get(&options, "timeZone").as_string().unwrap_or_default()
        })
        .clone()
    })
}

/// Reads [`time_zone`] in a timer, off the path of `createClient`.
pub fn read_time_zone_later() {
    let read = Closure::once_into_js(|| {
        time_zone();
    });
    set_timeout(read.unchecked_ref(), 0.0);
}

/// The page's `location[part]` (`hostname`, `origin`), empty outside a page.
pub fn location(part: &str) -> String {
    get(&global("location"), part)
        .as_string()
        .unwrap_or_default()
}

/// A serde value as a plain JS value: structs and maps as objects, `None`
/// as `null` (fields that may be absent are skipped by their types).
pub fn to_value<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(
        &serde_wasm_bindgen::Serializer::new()
            .serialize_missing_as_null(true)
            .serialize_maps_as_objects(true),
    )
}

/// The browser's JSON for the sans-IO engine: `JSON.stringify` /
/// `JSON.parse` for text, serde-wasm-bindgen for values.
pub struct JsCodec;

impl crate::sdk::codec::Codec for JsCodec {
    type Document = JsValue;
    fn to_text<T: serde::Serialize>(value: &T) -> Option<String> {
        js_sys::JSON::stringify(&to_value(value).ok()?)
            .ok()
            .map(String::from)
    }
    fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(text).ok()?).ok()
    }
    fn from_document<T: serde::de::DeserializeOwned>(document: &JsValue) -> Option<T> {
        serde_wasm_bindgen::from_value(document.clone()).ok()
    }
}
