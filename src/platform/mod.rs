//! Browser IO, one module per browser API. Every JS call that can throw is
//! made through a `catch` binding or js-sys's `Reflect`, so no caller's
//! object and no browser failure unwinds through the wasm.
//!
//! * [`http`]: one `send(call)` through gloo-net, with the timeout and the
//!   caller's `AbortSignal`.
//! * [`store`]: the [`store::BrowserStore`] over a [`cookie`] jar,
//!   [`web_storage`], a custom adapter, or memory, falling back to memory when
//!   the backend throws.
//! * [`channel`]: the `BroadcastChannel` and `storage` event that tell this
//!   tab of other tabs' changes.
//! * [`web_otp`]: the code of an incoming SMS, where the browser has WebOTP.
//! * [`js`]: the global functions the others share (timers, `btoa`, time).
pub mod channel;
pub mod cookie;
pub mod http;
pub mod js;
pub mod store;
pub mod web_otp;
pub mod web_storage;
