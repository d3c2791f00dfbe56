//! The app: the TUI's state as components that own theirs (the request
//! editor, the response viewer, the errors panel, the history browser, the
//! overlays), typed actions, and `update(state, action) -> effects`. No
//! drawing and no IO (reading logs and `.http` files, writing `.http` files,
//! the history store and the network are all effects), so every behaviour is
//! testable without a terminal; the executor runs effects through the
//! pipeline and the blocking pool and reports back as actions.

mod action;
mod chrome;
pub mod clock;
pub mod component;
mod copy;
pub mod editor;
mod environments;
pub mod errors;
mod filtered_list;
mod history_browser;
pub mod interop;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod logs;
mod mouse;
pub mod overlay;
mod overlay_keys;
mod reply;
pub mod request_files;
pub mod response;
mod sending;
pub mod showing;
mod state;
pub mod text_input;
pub mod ticket;
mod update;
pub mod webhooks;

pub use action::{Action, Effect, Find, HistoryEffect, HistoryFailure, Shown, TerminalEffect};
pub use clock::{Clock, ManualClock, SystemClock};
pub use component::{Component, Cx, Input};
pub use copy::{CopyChoice, CopyKind};
pub use errors::{ErrorsPanel, Row, RowKind, Target};
pub use history_browser::{HISTORY_PAGE, HistoryBrowser};
pub use overlay::{Overlay, PickerKind};
pub use reply::{Ask, Reply};
pub use response::ResponseViewer;
pub use showing::{AnswerFor, InFlight, OnShow, Relation, Showing, Source};
pub use state::{App, FOCUS_ORDER, Focus, Level, Notice, Settings, Startup};
pub use ticket::Ticket;
pub use webhooks::{InboxRow, Listening, WebhookInbox};
