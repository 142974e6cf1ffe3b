//! Headless SMS one-time-passcode and SMS multi-factor authentication client
//! for Stytch's frontend API, compiled to WebAssembly.
//!
//! * [`sdk`] is sans-IO: phone parsing, config, request building, response
//!   reading, the MFA state machine, the orchestration of every flow
//!   ([`sdk::session::Engine`]) and errors. It builds and is tested natively.
//! * `platform` (wasm32 only) holds one module per browser API: HTTP through
//!   gloo-net, cookies, Web Storage, the memory fallback, the cross-tab channel.
//! * `wasm` (wasm32 only) is the one `#[wasm_bindgen]` surface: the `Client`
//!   class and `createClient`.
#![deny(missing_docs)]

pub mod sdk;

#[cfg(target_arch = "wasm32")]
mod platform;
#[cfg(target_arch = "wasm32")]
mod wasm;
/// The JS entry points, callable from Rust too (the browser test suites use them).
#[cfg(target_arch = "wasm32")]
pub use wasm::{check_phone_number, create_client, normalize_phone_number, Client};

/// lol_alloc's free list: the SDK's allocations are few and small, and it is
/// a few KB smaller than the standard allocator.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32 without atomics runs this module on one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
