//! The app: the TUI's state and `update(state, action) -> effects`, the
//! only place it changes. No drawing and no IO (reading logs and `.http`
//! files, writing them, the history store, the network and the clock are
//! all outside), so every behaviour is testable without a terminal; the
//! runtime runs effects and reports back as actions.
//!
//! What the response side shows is one value (`showing`). Panes and list
//! overlays are components behind one interface (`component`). Features keep
//! their state in folders of their own (`request_files`, `logs`, `webhooks`,
//! `compare`; the editor's marks, what the API's model says of its request
//! and the completion list in `editor`; `model_editing` keeps them in step
//! and takes completions and renames in), and every answer that comes later
//! carries a `ticket`.

mod action;
pub mod add_environment;
mod chrome;
pub mod clock;
pub mod compare;
pub mod component;
mod copy;
pub mod editor;
mod environments;
pub mod errors;
pub mod field_filter;
mod filtered_list;
pub mod help;
mod history_browser;
pub mod ids;
pub mod interop;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod logs;
mod model_editing;
mod mouse;
pub mod overlay;
mod overlay_keys;
pub mod palette;
pub mod path_completion;
mod quick_fix;
mod reply;
pub mod request_files;
pub mod response;
pub mod response_head;
mod sending;
pub mod showing;
mod state;
pub mod text_input;
pub mod ticket;
mod update;
pub mod webhooks;
pub mod wrap;

pub use action::{Action, Effect, Find, HistoryEffect, HistoryFailure, Shown, TerminalEffect};
pub use clock::{Clock, ManualClock, SystemClock};
pub use compare::{CompareView, Comparing};
pub use component::{Component, Cx, Input};
pub use copy::{CopyChoice, CopyKind};
pub use errors::{ErrorsPanel, Row, RowKind, Target};
pub use history_browser::{HISTORY_PAGE, HistoryBrowser};
pub use overlay::{Overlay, PickerKind};
pub use quick_fix::QuickFix;
pub use reply::{Ask, Reply};
pub use response::ResponseViewer;
pub use showing::{AnswerFor, InFlight, OnShow, Relation, Showing, Source};
pub use state::{App, FOCUS_ORDER, Focus, Level, Notice, Settings, Startup};
pub use ticket::Ticket;
pub use webhooks::{InboxRow, Listening, WebhookInbox};
