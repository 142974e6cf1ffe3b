//! Headless SMS one-time-passcode and SMS multi-factor authentication client
//! for Stytch's frontend API, compiled to WebAssembly.
//!
//! * [`core`] is sans-IO: phone parsing, request building, response parsing,
//!   the MFA state machine and errors. It builds and is tested natively.
//! * `platform` (wasm32 only) holds the browser adapters: fetch, storage,
//!   clock and the cross-tab channel.
//! * `bindings` (wasm32 only) is the one `#[wasm_bindgen]` surface.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
mod bindings;
/// The JS entry points, callable from Rust too (the browser test suites use them).
#[cfg(target_arch = "wasm32")]
pub use bindings::{create_client, normalize_phone_number};
#[cfg(target_arch = "wasm32")]
mod platform;

/// The shipped build has no std: abort on panic without formatting anything,
/// so that `core::fmt` never reaches the binary.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[global_allocator]
static ALLOCATOR: Alloc = Alloc(
    // SAFETY: wasm32 without atomics runs this module on one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) },
);

/// lol_alloc's free list, trapping when memory runs out: an allocation never
/// returns null, so `alloc`'s error handler (which formats a message) is
/// never linked.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
struct Alloc(lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator>);

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
// SAFETY: forwards to lol_alloc; a null result traps instead of being returned.
unsafe impl ::core::alloc::GlobalAlloc for Alloc {
    #[inline]
    unsafe fn alloc(&self, l: ::core::alloc::Layout) -> *mut u8 {
        let p = self.0.alloc(l);
        if p.is_null() {
            ::core::arch::wasm32::unreachable()
        }
        p
    }
    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, l: ::core::alloc::Layout) {
        self.0.dealloc(p, l)
    }
}
