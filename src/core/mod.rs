//! The sans-IO core: no web-sys, no js-sys, no wasm-bindgen.
//!
//! The data path of one call: [`phone`] validates, [`api`] builds a request
//! value, the platform sends it, [`api`] parses the response, [`state`]
//! computes the next state, the platform persists it.

pub mod api;
pub mod error;
pub mod json;
pub mod phone;
pub mod state;
pub mod time;
pub mod token;
