//! Receiving Connect's webhooks: the receiver (verify with the configured
//! keys, answer the endpoint verification, forward to the integrator's app,
//! record to history), what it makes of each request, and how an event is
//! shown in the response viewer. Behind `cinspect webhooks listen` and the
//! TUI's webhooks view (Ctrl-N, `cinspect --webhooks PORT`, `--demo`).

mod answer;
mod budget;
mod forward;
mod forward_loop;
mod received;
mod receiver;
mod shown;

pub use answer::BAD_SIGNATURE_STATUS;
pub use forward_loop::{HOP_HEADER, forward_loops};
pub use received::{Forwarded, Received, ReceivedKind, WEBHOOK_ENV, WEBHOOK_SOURCE};
pub use receiver::{
    Counts, EventQueue, MAX_CONNECTIONS, MAX_EVENT_BYTES, QUEUE_BYTES, READING_BYTES, Receiver,
    ReceiverConfig, UNVERIFIED_RECORDED, bind, exposure, listen_address, start,
};
pub use shown::{WebhookShown, exchange_of, exchange_of_entry, is_webhook_entry, loaded_of_entry};
