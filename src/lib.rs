//! cinspect: a terminal inspector for the Ingenico Connect Server API.
//!
//! The layers, from the bottom up; data flows one way, and each layer uses
//! only those below it:
//!
//! - `connect` (what the API means: statuses, errors, verdicts, v1HMAC,
//!   templates) and `locate` (propertyName → spans in the request text): pure.
//!   `body` (lexing and pretty-printing bodies) and `viewer` (folds, search,
//!   path filter over a body) are pure too, and so is `diff` (two exchanges
//!   compared by JSON path, Connect's noise folded).
//! - `http` (the one reqwest client), `history` (the SQLite store and its
//!   redaction), `config` (config.toml, environments, secrets), `interop`
//!   (curl and .http), `style` (themes).
//! - `pipeline`: the one exchange pipeline, prepare → sign → send → record →
//!   `Exchange`; every front end sends through it.
//! - `sources`: where exchanges come from besides the editor — the SDKs'
//!   application logs read into exchanges (`sdk_log`, pure) and the files they
//!   are in (`log_file`).
//! - `webhooks`: the receiver of Connect's webhooks (verify, forward, record),
//!   behind `webhooks listen` and the TUI's webhooks view (Ctrl-N).
//! - Front ends: `app` (the TUI's state: one value for what the response
//!   side shows, components behind one interface, features in folders of
//!   their own; `update(state, action) -> effects`, no IO) drawn by `ui`
//!   (drawing only), its effects run by `runtime` (the executor: tasks and
//!   the blocking pool, reporting back as actions) and its events fed by
//!   `term` (the event loop and everything that touches the terminal); `cli`
//!   (the command line and its subcommands).
//! - `sim`: the embedded simulator of the API, for the demo and the tests.

pub mod app;
pub mod body;
pub mod cli;
pub mod config;
pub mod connect;
pub mod diff;
pub mod history;
pub mod http;
pub mod interop;
pub mod locate;
pub mod pipeline;
pub mod runtime;
pub mod sim;
pub mod sources;
pub mod style;
pub mod term;
pub mod ui;
pub mod viewer;
pub mod webhooks;
