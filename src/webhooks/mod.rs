//! Receiving Connect's webhooks: the receiver (verify with the configured
//! keys, answer the endpoint verification, forward to the integrator's app,
//! record to history) and what it makes of each request. Behind `cinspect
//! webhooks listen`; the TUI's webhooks view is still to come.

mod forward;
mod received;
mod receiver;

pub use received::{Forwarded, Received, ReceivedKind, WEBHOOK_ENV, WEBHOOK_SOURCE};
pub use receiver::{Counts, MAX_EVENT_BYTES, Receiver, ReceiverConfig, bind, start};
