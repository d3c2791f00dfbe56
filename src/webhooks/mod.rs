//! Receiving Connect's webhooks: the receiver (verify with the configured
//! keys, answer the endpoint verification, forward to the integrator's app,
//! record to history), what it makes of each request, and how one is shown in
//! the response viewer. Shared by `cinspect webhooks listen` and the TUI.

mod forward;
mod received;
mod receiver;
mod view;

pub use received::{
    Forwarded, Received, ReceivedKind, WEBHOOK_ENV, WEBHOOK_SOURCE, is_webhook_entry,
};
pub use receiver::{Counts, MAX_EVENT_BYTES, Receiver, ReceiverConfig, bind, start};
pub use view::{WebhookSummary, exchange_of, exchange_of_entry};
