//! The app: state, typed actions, and `update(state, action) -> effects`. No
//! drawing and no IO here, so every behaviour is testable without a terminal.

mod action;
mod copy;
pub mod editor;
mod error_rows;
pub mod exchange;
mod executor;
mod history_browser;
pub mod history_link;
pub mod interop;
pub mod keymap;
pub mod layout;
mod mouse;
mod overlay_keys;
mod problems;
pub mod report;
pub mod response_view;
mod sending;
mod state;
mod update;

pub use action::{Action, Effect, Failure, Find, HistoryEffect, TerminalEffect};
pub use copy::{CopyChoice, CopyKind};
pub use error_rows::{Row, RowKind, entry_rows, wrap};
pub use exchange::{Exchange, PreparedRequest, SentRequest};
pub use executor::{Executor, HISTORY_PAGE};
pub use history_browser::HistoryBrowser;
pub use problems::{Problems, Target, locate_all};
pub use state::{
    App, Confirmed, FOCUS_ORDER, Focus, Level, Notice, Overlay, Phase, PickerKind, Settings,
};
