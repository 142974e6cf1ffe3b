//! The sans-IO core: no web-sys, no js-sys, no wasm-bindgen.

pub mod phone;
