//! The one HTTP engine: a request spec goes in, a response record (or a typed
//! transport failure) comes out. Shared by the TUI and the CLI so both behave
//! the same on the wire.

mod engine;
mod failure;
mod spec;

pub use engine::{HttpEngine, SendOutcome};
pub use failure::TransportError;
pub use spec::{BodyCut, RequestSpec, ResponseRecord, header_value};
