//! The one HTTP engine: a request spec goes in, a response record (or a typed
//! transport failure) comes out. Shared by the TUI and the CLI so both behave
//! the same on the wire. `serve` is the other side: serving a router (the
//! simulator, the webhook receiver) with a timeout on each request head.

mod engine;
mod failure;
mod serve;
mod spec;

pub use engine::{HttpEngine, SendOutcome};
pub use failure::TransportError;
pub use serve::{serve, serve_at_most};
pub use spec::{BodyCut, RequestSpec, ResponseRecord, header_value};
