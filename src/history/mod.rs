//! Saved history: every exchange sent (TUI and `cinspect send`) is kept in
//! `<config dir>/history.sqlite3`, redacted before it is written.
//!
//! - [`History`] is the store (SQLite, WAL, `busy_timeout` 5 s, one short transaction per
//!   write, schema migrations by `PRAGMA user_version`). One connection behind a mutex: share
//!   it between threads with `Arc<History>`; several processes may open the same file.
//! - [`redact`] holds the rules applied inside [`History::record`] before anything is
//!   written (and again by the exports).
//! - [`export`] turns an entry into a `curl` command, a `.http` request or a Markdown report.

mod bound;
mod entry;
mod error;
pub mod export;
mod json_redact;
pub mod markdown;
mod open;
pub mod personal;
pub mod redact;
mod schema;
mod search;
mod settings;
mod store;

#[cfg(test)]
mod process_tests;
#[cfg(test)]
mod store_tests;

pub use entry::{Entry, Headers, ListQuery, NewEntry, Summary};
pub use error::HistoryError;
pub use export::{Format, export};
pub use open::{FILE_NAME, HistoryOff, open_in};
pub use schema::SCHEMA_VERSION;
pub use settings::{
    DEFAULT_BODY_CAP, DEFAULT_MAX_AGE, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_WEBHOOK_ENTRIES,
    HistorySettings, WEBHOOK_ENV, parse_age,
};
pub use store::History;
