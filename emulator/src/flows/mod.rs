//! The behaviour behind the endpoints, shared by `/v1` (backend) and `/sdk/v1` (frontend).
//! Each flow returns the response object without the `data` envelope.
pub mod b2b;
pub mod common;
pub mod consumer;
pub mod orgs;

/// Which API a call came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// `/v1`, project secret.
    Backend,
    /// `/sdk/v1`, public token.
    Sdk,
}
