//! The `#[wasm_bindgen]` surface.
use wasm_bindgen::prelude::*;

/// Normalises a phone number to E.164, or returns `undefined`.
#[wasm_bindgen(js_name = normalizePhone)]
pub fn normalize_phone(input: &str) -> Option<alloc::string::String> {
    crate::core::phone::parse(input).ok().map(|p| alloc::string::String::from(p.as_str()))
}
