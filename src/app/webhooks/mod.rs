//! Webhooks in the TUI: the inbox of what the receiver took (Ctrl-N), the
//! prompt that starts a receiver, and an event opened into the response
//! viewer over what was on show (the request in the editor is left alone).

mod inbox;
mod view;

pub use inbox::{InboxRow, Listening, WebhookInbox};
pub use view::DEFAULT_LISTEN;
