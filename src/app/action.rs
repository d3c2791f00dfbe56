use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crossterm::event::KeyEvent;

use super::editor::RequestEditor;
use super::keymap::Command;
use super::showing::Source;
use super::state::Focus;
use super::ticket::Ticket;
use crate::config::Environment;
use crate::history::{Entry, HistoryOff, Summary};
use crate::pipeline::{Exchange, Failure, PreparedRequest};
use crate::sources::http_file::HttpFile;
use crate::sources::http_file::edit::Edit;
use crate::sources::http_file::load::Batch;
use crate::sources::http_file::save::{SaveError, Saved};
use crate::webhooks::{Counts, Received, WebhookShown};

/// Everything that can change the app's state. Input events, command results
/// and timer ticks all arrive as actions, in order, through one queue.
#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    Paste(String),
    /// Only when mouse support is on (it breaks text selection over SSH).
    Mouse(crossterm::event::MouseEvent),
    Resize(u16, u16),
    Command(Command),
    Focus(Focus),
    /// Makes this the active environment (as F2 does), by its name in the list.
    SwitchEnvironment(Box<Environment>),
    /// Puts another request in the editor (the response stays).
    Edit(Box<RequestEditor>),
    /// The spinner's clock; only sent while a request is in flight (no
    /// other action needs it: the app reads its clock where it times).
    Tick(Instant),
    /// The head of a big response, while the whole is still being built.
    Preview {
        id: Ticket,
        exchange: Arc<Exchange>,
    },
    /// A request finished: a response, or why there is none.
    Finished {
        id: Ticket,
        result: Result<Arc<Exchange>, Failure>,
    },
    /// Puts an exchange from elsewhere in the panes: its request in the editor
    /// (when given) and its response (or failure) with the errors located.
    Show(Box<Shown>),
    /// SIGTERM, SIGHUP (the SSH connection dropped), SIGINT: its number, for
    /// the conventional exit status 128+n.
    Terminate(i32),
    /// $EDITOR finished: the new body, or why there is none.
    EditorClosed(Result<String, String>),
    /// A page of the history browser; stale queries are dropped by number.
    HistoryRows {
        query: Ticket,
        rows: Result<Vec<Summary>, String>,
        append: bool,
    },
    /// A history entry to reopen: the exchange rebuilt, or the failure it recorded.
    HistoryOpened {
        entry: Box<Entry>,
        exchange: Result<Arc<Exchange>, String>,
        resend: bool,
    },
    HistoryDeleted(i64),
    /// A response search finished (None: the query was empty).
    SearchDone {
        generation: Ticket,
        search: Option<crate::viewer::Search>,
    },
    /// A path filter over the response body finished.
    PathDone {
        generation: Ticket,
        result: Result<crate::viewer::PathFilter, String>,
    },
    HistoryFailed(HistoryFailure),
    /// Open an SDK log in the log browser (`cinspect --log FILE`, Ctrl-L).
    OpenLog(String),
    /// Exchanges read from a log so far; stale reads are dropped by number.
    LogRows {
        read: Ticket,
        rows: Vec<super::logs::LogRow>,
        bytes_read: u64,
        /// The file's size, when it has one (not stdin).
        total_bytes: Option<u64>,
    },
    /// A log read ended, with what the reader noted (fragments, an error).
    LogDone {
        read: Ticket,
        notes: Vec<String>,
    },
    /// An exchange asked for in the log browser, read again from its file.
    LoggedRead {
        open: Ticket,
        result: Result<Box<crate::sources::sdk_log::LoggedExchange>, String>,
    },
    /// Open `.http` files (a file or a folder) into F4's list (`cinspect requests/`).
    OpenRequests(PathBuf),
    /// Request files read so far; batches of a superseded load are dropped by number.
    RequestsRead {
        load: Ticket,
        batch: Batch,
    },
    /// A folder read for Tab in a path prompt.
    DirListed(crate::app::path_completion::Listing),
    /// A request file write ended: the file as written, or why not.
    RequestFileWritten {
        path: PathBuf,
        result: Result<Saved, SaveError>,
    },
    /// A problem a part running beside the TUI had (the demo's simulator could
    /// not deliver a webhook), for the status line: its stderr would draw over.
    Problem(String),
    /// A request the webhook receiver took (Ctrl-N lists them).
    Webhook(Arc<Received>),
    /// What the receiver could not show or record, and keys it could not read.
    WebhookCounts(Counts),
    /// The receiver started (its address, and the app it forwards to), or why it could not.
    WebhooksListening(Result<(String, Option<String>), String>),
    /// A webhook made ready for the response viewer; one superseded (by a
    /// send, another open, a history entry) is dropped by number.
    WebhookOpened {
        open: Ticket,
        shown: Box<WebhookShown>,
        exchange: Arc<Exchange>,
    },
    /// How far the comparison `ticket` is.
    CompareProgress {
        ticket: Ticket,
        progress: crate::diff::Progress,
    },
    /// A comparison finished: both sides and what differs, or why not (which side).
    Compared {
        ticket: Ticket,
        result: Result<Box<super::compare::Compared>, String>,
    },
    /// A large body checked against the API's model off the UI thread.
    BodyChecked(Box<super::editor::Checked>),
    /// The API's model was read off the UI thread.
    ModelRead,
    /// F2's new environment was written to config.toml (as it loads), or why not.
    EnvironmentAdded(Result<Box<Environment>, String>),
}

/// An exchange shown from elsewhere than a send.
#[derive(Debug)]
pub struct Shown {
    pub editor: Option<RequestEditor>,
    pub result: Result<Arc<Exchange>, Failure>,
    pub notice: Option<String>,
    /// Where it came from (a log's `file:line`, a history entry).
    pub source: Source,
}

/// What went wrong with the history store, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryFailure {
    #[error("history is off: {0}")]
    Off(HistoryOff),
    #[error("history entry {id} is gone")]
    Gone { id: i64 },
    #[error("history: {0}")]
    Store(String),
    /// An exchange was shown but could not be recorded.
    #[error("{0}")]
    NotSaved(String),
}

/// Work the app asks the runtime to do; results come back as actions.
#[derive(Debug, Clone)]
pub enum Effect {
    Send {
        id: Ticket,
        request: PreparedRequest,
        env: Arc<Environment>,
    },
    Cancel {
        id: Ticket,
    },
    History(HistoryEffect),
    /// Search or path-filter a response body (linear in its size: off the UI thread).
    Find {
        generation: Ticket,
        exchange: Arc<Exchange>,
        find: Find,
    },
    /// Read an SDK log (off the UI thread), reporting batches as `LogRows`.
    ReadLog {
        read: Ticket,
        path: String,
    },
    /// Stop the log read `read` (the browser was left while it read).
    StopLogRead {
        read: Ticket,
    },
    /// Read one exchange again from its log, reporting `LoggedRead`.
    ReadLogged {
        open: Ticket,
        path: String,
        place: crate::sources::log_reread::Place,
    },
    /// Read `.http` files (off the UI thread), reporting batches as `RequestsRead`.
    LoadRequests {
        load: Ticket,
        path: PathBuf,
    },
    /// Read the names in `dir` to complete the prompt text `asked`, reporting `DirListed`.
    ListDir {
        dir: PathBuf,
        asked: String,
    },
    /// Apply `edit` to the file at `path` and write it, unless it no longer
    /// holds `expected` (the file the edit was made from); reports
    /// `RequestFileWritten`.
    WriteRequestFile {
        path: PathBuf,
        expected: Option<Arc<HttpFile>>,
        edit: Edit,
    },
    /// Start the webhook receiver on `addr`; reports `WebhooksListening`.
    ListenWebhooks {
        addr: std::net::SocketAddr,
    },
    /// Deliver an event to the app again (the receiver's forward target); its
    /// answer arrives as a new `Webhook`, a problem as `Problem`.
    RedeliverWebhook(Arc<Received>),
    /// Build a received webhook's view (off the UI thread); reports `WebhookOpened`.
    OpenWebhook {
        open: Ticket,
        received: Arc<Received>,
    },
    /// Load two sides and compare them (off the UI thread); reports
    /// `CompareProgress`, then `Compared`.
    Compare {
        ticket: Ticket,
        left: Box<super::compare::SideSpec>,
        right: Box<super::compare::SideSpec>,
        parts: crate::diff::Parts,
    },
    /// Check a body too large to check as it is typed against the API's
    /// model (off the UI thread); reports `BodyChecked`.
    CheckBody(super::editor::Check),
    /// Read the API's model (off the UI thread); reports `ModelRead`.
    ReadModel,
    /// Add an environment to config.toml; reports `EnvironmentAdded`.
    AddEnvironment {
        path: PathBuf,
        new: crate::config::NewEnvironment,
    },
    /// Needs the terminal itself; the event loop runs these, not the executor.
    Terminal(TerminalEffect),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Find {
    Text(String),
    Path(String),
}

/// Work on the history store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryEffect {
    List {
        query: Ticket,
        filter: String,
        before_id: Option<i64>,
    },
    Open {
        id: i64,
        resend: bool,
    },
    Delete {
        id: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerminalEffect {
    /// Put text on the clipboard with OSC 52 (works over SSH and in tmux).
    Copy { text: String },
    /// Suspend the TUI, edit the body in $VISUAL/$EDITOR, resume; the result
    /// comes back as `Action::EditorClosed`.
    EditBody { text: String },
}
