//! The whole state of the TUI: the components and features composed, and
//! what joins them (the focus, the overlay, what the response side shows,
//! the chrome). Changed only by `update`; the UI reads it through these
//! accessors.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::chrome::Chrome;
use super::clock::{Clock, SystemClock};
use super::editor::{Field, RequestEditor};
use super::environments::Environments;
use super::errors::ErrorsPanel;
use super::history_browser::HistoryBrowser;
use super::keymap::{Context, KeyMap};
use super::layout::Panes;
use super::logs::{LogBrowser, Logs, Origin};
use super::overlay::Overlay;
use super::request_files::RequestFiles;
use super::response::ResponseViewer;
use super::sending::Sends;
use super::showing::{AnswerFor, Relation, Showing};
use super::webhooks::WebhookInbox;
use crate::config::Environment;
use crate::connect::sign::QueryMode;
use crate::connect::templates::Template;
use crate::history::HistoryOff;
use crate::locate::IndexBase;
use crate::pipeline::{Exchange, SendSettings, SentRequest};

/// What has keyboard focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Request(Field),
    Response,
    Errors,
}

pub const FOCUS_ORDER: [Focus; 6] = [
    Focus::Request(Field::Method),
    Focus::Request(Field::Url),
    Focus::Request(Field::Headers),
    Focus::Request(Field::Body),
    Focus::Response,
    Focus::Errors,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub timeout: Duration,
    /// Bytes of a response body kept at most.
    pub max_response: usize,
    pub index_base: IndexBase,
    pub query_mode: QueryMode,
    /// Capture the mouse: click to focus and choose an error, wheel to scroll.
    pub mouse: bool,
    /// The card masked card fields are filled from.
    pub test_card: crate::config::TestCard,
    /// The home folder: `~` in a path prompt (read at start; none in tests unless given).
    pub home: Option<std::path::PathBuf>,
    /// config.toml, where F2 adds an environment (none: no config directory).
    pub config_file: Option<std::path::PathBuf>,
}

impl Settings {
    pub fn send(&self) -> SendSettings {
        SendSettings {
            timeout: self.timeout,
            max_response: self.max_response,
            query_mode: self.query_mode,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_response: crate::pipeline::DEFAULT_MAX_RESPONSE,
            index_base: IndexBase::Auto,
            query_mode: QueryMode::Decoded,
            mouse: false,
            test_card: crate::config::TestCard::default(),
            home: None,
            config_file: None,
        }
    }
}

/// Everything the app starts with. `App::start` is the only way in.
pub struct Startup {
    pub env: Environment,
    /// What F2 offers; the active environment stands for its name (the demo's port).
    pub environments: Vec<Environment>,
    pub editor: RequestEditor,
    pub settings: Settings,
    pub keymap: KeyMap,
    /// Why history is unavailable this session, if it is.
    pub history_off: Option<HistoryOff>,
    /// Shown in the status bar at start: problems first, then notes.
    pub problems: Vec<String>,
    pub notes: Vec<String>,
    /// Requests of `.http` files already read (the command line's are opened
    /// with `Action::OpenRequests`, read off the UI thread).
    pub file_requests: Vec<super::request_files::FileRequest>,
    /// Where the webhook receiver started with the TUI listens (`--webhooks`, `--demo`).
    pub webhooks_on: Option<String>,
    /// Where it forwards events (`--webhooks-forward`).
    pub webhooks_forward: Option<String>,
    /// Where the time and fresh ids come from (the system's, but for tests).
    pub clock: Box<dyn Clock>,
    /// Read the API's model off the UI thread (the TUI: its first frame waits
    /// for nothing); else it is read where it is first asked.
    pub model_beside: bool,
}

impl Startup {
    pub fn new(env: Environment, editor: RequestEditor, settings: Settings) -> Self {
        Self {
            environments: Vec::new(),
            env,
            editor,
            settings,
            keymap: KeyMap::default(),
            history_off: None,
            problems: Vec::new(),
            notes: Vec::new(),
            file_requests: Vec::new(),
            webhooks_on: None,
            webhooks_forward: None,
            clock: Box::new(SystemClock),
            model_beside: false,
        }
    }
}

/// Whether the app may ask the API's model, or is having it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelRead {
    /// Ask it (read where it is first asked, once).
    Ask,
    /// Not read yet: it is to be read off the UI thread.
    Wanted,
    /// Being read off the UI thread.
    Reading,
}

/// The app: the components and features composed, and what joins them.
/// Each feature's state is a struct of its own folder that only that
/// folder writes; the response side is one value.
pub struct App {
    pub(super) envs: Environments,
    pub(super) keymap: KeyMap,
    pub(super) settings: Settings,
    pub(super) clock: Box<dyn Clock>,
    pub(super) focus: Focus,
    /// The box over the panes that takes the keys, if one is open.
    pub(super) overlay: Option<Overlay>,
    /// What the response side shows.
    pub(super) showing: Showing,
    /// The request editor, with its marks (masks, unfilled names, the JSON check).
    pub(super) editor: RequestEditor,
    pub(super) response: ResponseViewer,
    pub(super) errors: ErrorsPanel,
    pub(super) history: HistoryBrowser,
    pub(super) logs: Logs,
    pub(super) files: RequestFiles,
    /// The ids this session's responses carried, for the id list.
    pub(super) ids: super::ids::SeenIds,
    pub(super) webhooks: WebhookInbox,
    pub(super) sends: Sends,
    /// Comparing two exchanges: the left side marked, the previous sends, the view.
    pub(super) compare: super::compare::Comparing,
    pub(super) chrome: Chrome,
    pub(super) model_read: ModelRead,
}

impl App {
    /// An app with the defaults around an environment and a request.
    pub fn new(env: Environment, editor: RequestEditor, settings: Settings) -> Self {
        Self::start(Startup::new(env, editor, settings))
    }

    pub fn start(s: Startup) -> Self {
        let notice = if !s.problems.is_empty() {
            Some(Notice {
                level: Level::Error,
                text: s.problems.join("; "),
            })
        } else if !s.notes.is_empty() {
            Some(Notice {
                level: Level::Info,
                text: s.notes.join("; "),
            })
        } else {
            None
        };
        let start_request = AnswerFor {
            request: s.editor.request_id(),
            revision: s.editor.body_revision(),
        };
        Self {
            envs: Environments::new(s.env, s.environments),
            keymap: s.keymap,
            settings: s.settings,
            chrome: Chrome::new(notice, s.clock.now(), clock_time(s.clock.epoch_ms())),
            clock: s.clock,
            focus: Focus::Request(Field::Body),
            overlay: None,
            showing: Showing::Idle,
            editor: s.editor,
            response: ResponseViewer::default(),
            errors: ErrorsPanel::default(),
            history: HistoryBrowser::new(s.history_off),
            logs: Logs::default(),
            files: RequestFiles::new(s.file_requests, s.problems, start_request),
            ids: Default::default(),
            webhooks: WebhookInbox::listening_on(s.webhooks_on, s.webhooks_forward),
            sends: Sends::default(),
            compare: Default::default(),
            model_read: if s.model_beside && crate::connect::model::loaded().is_none() {
                ModelRead::Wanted
            } else {
                ModelRead::Ask
            },
        }
    }

    pub fn env(&self) -> &Environment {
        self.envs.active()
    }

    pub fn environments(&self) -> &[Arc<Environment>] {
        self.envs.all()
    }

    pub fn templates(&self) -> &[Template] {
        self.files.templates()
    }

    pub fn keymap(&self) -> &KeyMap {
        &self.keymap
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn editor(&self) -> &RequestEditor {
        &self.editor
    }

    pub fn response(&self) -> &ResponseViewer {
        &self.response
    }

    pub fn errors(&self) -> &ErrorsPanel {
        &self.errors
    }

    pub fn history(&self) -> &HistoryBrowser {
        &self.history
    }

    /// Called once the terminal is given back and the process is ending:
    /// what is big and needs no goodbye is not freed piece by piece.
    pub fn let_go_at_exit(&mut self) {
        self.logs.let_go_at_exit();
    }

    pub fn logs(&self) -> &LogBrowser {
        self.logs.browser()
    }

    /// The SDK log the request in the editor came from, when it did.
    pub fn origin(&self) -> Option<&Origin> {
        self.logs.origin_of(self.editor.request_id())
    }

    pub fn webhooks(&self) -> &WebhookInbox {
        &self.webhooks
    }

    /// What the response side shows.
    pub fn showing(&self) -> &Showing {
        &self.showing
    }

    /// The received webhook the response pane shows, when it shows one.
    pub fn webhook_shown(&self) -> Option<&crate::webhooks::WebhookShown> {
        self.showing.webhook()
    }

    /// `{{variables}}` in the body that nothing fills (0-based row, character range).
    pub fn unresolved(&self) -> &[(usize, std::ops::Range<usize>)] {
        self.editor.marks().unresolved()
    }

    /// The body's first JSON syntax error as typed, `line:col: what`.
    pub fn json_problem(&self) -> Option<&str> {
        self.editor.marks().json_problem()
    }

    /// How the response on show stands to the request in the editor.
    pub fn relation(&self) -> Relation {
        self.showing.relation(self.current_request())
    }

    /// What the editor holds now, as a response would answer it.
    pub(super) fn current_request(&self) -> AnswerFor {
        AnswerFor {
            request: self.editor.request_id(),
            revision: self.editor.body_revision(),
        }
    }

    /// The origin the URL goes to when it is not the environment's: drawn on
    /// the request line, since nothing is signed for it.
    pub fn destination(&self) -> Option<&str> {
        self.editor.marks().destination()
    }

    /// Values the SDK masked that are still in the body.
    pub fn masks(&self) -> &[crate::sources::sdk_log::Masked] {
        self.editor.marks().masks()
    }

    pub fn history_off(&self) -> Option<&HistoryOff> {
        self.history.off()
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn last_sent(&self) -> Option<&SentRequest> {
        self.sends.last_sent()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.chrome.notice.as_ref()
    }

    pub fn panes(&self) -> &Panes {
        &self.chrome.panes
    }

    /// The time the spinner was last drawn for.
    pub fn now(&self) -> Instant {
        self.chrome.now
    }

    pub fn should_quit(&self) -> bool {
        self.chrome.quit
    }

    /// The signal that ended the session (SIGTERM, SIGHUP, SIGINT), if one did.
    pub fn exit_signal(&self) -> Option<i32> {
        self.chrome.exit_signal
    }

    pub fn size(&self) -> (u16, u16) {
        self.chrome.size
    }

    /// A big response's head is shown while its whole body is being built.
    pub fn is_pending(&self) -> bool {
        self.showing.is_partial()
    }

    /// The exchange the response and errors panes show, if any.
    pub fn exchange(&self) -> Option<&Arc<Exchange>> {
        self.showing.exchange()
    }

    /// A spinner runs (and the clock ticks) only while a request is in flight.
    pub fn needs_tick(&self) -> bool {
        matches!(self.showing, Showing::InFlight(_))
    }

    /// Where keys go now: the open overlay, else the focused pane.
    pub fn key_context(&self) -> Context {
        self.overlay
            .as_ref()
            .map_or_else(|| self.pane_context(), Overlay::context)
    }

    /// The key context of the focused pane, whatever overlay is open (for its hints).
    pub fn pane_context(&self) -> Context {
        match self.focus {
            Focus::Request(Field::Method) => Context::METHOD,
            Focus::Request(_) => Context::TEXT,
            Focus::Response => Context::RESPONSE,
            Focus::Errors => Context::ERRORS,
        }
    }
}

/// `HH:MM:SS` of an epoch time in milliseconds, UTC: when a notice was said.
pub(super) fn clock_time(epoch_ms: i64) -> String {
    let full = crate::connect::datetime::format_epoch_millis(epoch_ms);
    full.get(11..19).unwrap_or_default().to_owned()
}
