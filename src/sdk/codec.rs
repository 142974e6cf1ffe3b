//! How JSON crosses the sans-IO boundary: the engine is generic over a
//! [`Codec`], so the browser build uses the browser's JSON (`Response.json()`,
//! `JSON.stringify`, serde-wasm-bindgen) and native builds use serde_json.
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Turns serde types into JSON text and parsed documents back into types.
pub trait Codec {
    /// A parsed JSON document: the browser's `JsValue`, or `serde_json::Value`.
    type Document;
    /// The JSON text of `value`; `None` if it cannot be written.
    fn to_text<T: Serialize>(value: &T) -> Option<String>;
    /// Parses JSON text into `T`; `None` when malformed or of another shape.
    fn from_text<T: DeserializeOwned>(text: &str) -> Option<T>;
    /// Reads `T` out of a parsed document; `None` when it has another shape.
    fn from_document<T: DeserializeOwned>(document: &Self::Document) -> Option<T>;
}

/// serde_json, for native builds and tests.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, Default)]
pub struct SerdeJson;

#[cfg(not(target_arch = "wasm32"))]
impl Codec for SerdeJson {
    type Document = serde_json::Value;
    fn to_text<T: Serialize>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }
    fn from_text<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_json::from_str(text).ok()
    }
    fn from_document<T: DeserializeOwned>(document: &serde_json::Value) -> Option<T> {
        T::deserialize(document).ok()
    }
}
