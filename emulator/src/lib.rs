//! `stytch-emulator`: a local, Stytch-compatible API server (backend `/v1`, frontend-SDK
//! `/sdk/v1`) with an SMS/email outbox, a controllable clock and fault injection, plus an
//! admin API under `/emulator/v1`. See the README.
#![deny(missing_docs)]

pub mod app;
pub mod bot;
pub mod clock;
pub mod config;
pub mod cors;
pub mod errors;
pub mod extract;
pub mod faults;
pub mod flows;
pub mod host;
pub mod ids;
pub mod jwt;
pub mod messages;
pub mod outbox;
pub mod routes;
pub mod server;
pub mod state;

pub use config::Config;
pub use server::{start, Running};
