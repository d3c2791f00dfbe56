//! The app: the TUI's state as components that own theirs (the request
//! editor, the response viewer, the errors panel, the history browser, the
//! overlays), typed actions, and `update(state, action) -> effects`. No
//! drawing and no IO (reading logs and `.http` files, writing `.http` files,
//! the history store and the network are all effects), so every behaviour is
//! testable without a terminal; the executor runs effects through the
//! pipeline and the blocking pool and reports back as actions.

mod action;
mod copy;
pub mod editor;
pub mod errors;
mod executor;
mod file_loading;
pub mod file_requests;
mod file_saving;
mod filtered_list;
mod history_browser;
pub mod interop;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod log_browser;
mod log_open;
mod log_tasks;
mod masked_values;
mod mouse;
pub mod overlay;
mod overlay_keys;
mod reply;
pub mod response;
mod sending;
mod state;
pub mod text_input;
mod update;
pub mod webhook_inbox;
mod webhooks_view;

pub use action::{Action, Effect, Find, HistoryEffect, HistoryFailure, Shown, TerminalEffect};
pub use copy::{CopyChoice, CopyKind};
pub use errors::{ErrorsPanel, Row, RowKind, Target};
pub use executor::{Executor, WEBHOOK_BATCH};
pub use history_browser::{HISTORY_PAGE, HistoryBrowser};
pub use overlay::{Overlay, PickerKind};
pub use reply::Reply;
pub use response::ResponseViewer;
pub use state::{
    AnswerFor, App, FOCUS_ORDER, Focus, Level, Notice, Origin, Phase, Relation, Settings, Startup,
};
pub use webhook_inbox::{InboxRow, Listening, WebhookInbox};
