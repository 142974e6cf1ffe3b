//! In-memory state: records, codes, sessions and the outboxes.
pub mod model;
pub mod otp;
pub mod store;

pub use store::Store;
