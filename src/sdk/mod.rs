//! The sans-IO SDK: no wasm-bindgen, web-sys or js-sys, so all of it builds
//! and is tested natively.
//!
//! The data path of one call: [`session::Engine`] validates the input
//! ([`phone`], [`config`]), builds a [`api::Request`] value, the platform
//! sends it, and the engine reads the answer ([`api`], [`wire`]), computes the
//! next [`state`] and writes it through a [`store::KeyValueStore`].

pub mod api;
pub mod codec;
pub mod config;
pub mod error;
pub mod input;
pub mod phone;
pub mod session;
pub mod state;
pub mod store;
pub mod time;
pub mod token;
pub mod wire;
