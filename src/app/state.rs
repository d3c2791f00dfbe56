use std::sync::Arc;
use std::time::{Duration, Instant};

use super::action::Failure;
use super::editor::{Field, RequestEditor};
use super::exchange::Exchange;
use super::keymap::{Context, KeyMap, Scope};
use super::layout::Panes;
use super::problems::Problems;
use crate::config::Environment;
use crate::connect::sign::QueryMode;
use crate::locate::IndexBase;
use crate::templates::Template;

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

/// Where the current exchange stands.
#[derive(Debug, Clone)]
pub enum Phase {
    Idle,
    InFlight {
        id: u64,
        started: Instant,
        method: String,
        url: String,
    },
    Done(Arc<Exchange>),
    Failed(Failure),
}

/// A modal box over the panes; it takes the keys while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key map, scrolled by `scroll` rows on short terminals.
    Help { scroll: usize },
    /// A list to choose from; Enter takes the selected item.
    Picker { kind: PickerKind, selected: usize },
    /// Paste a curl command or an .http request; Enter imports it.
    Import { text: String },
    /// The history browser (its state is `App::history`).
    History,
    /// Typing a search (`/`) or a path filter (`f`) for the response body.
    Find { path: bool, text: String },
    /// The last request as it went on the wire, scrolled by `scroll` rows.
    AsSent { scroll: usize },
    /// Sending needs a yes: the body is not valid JSON, or the environment is production.
    Confirm { question: String, then: Confirmed },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Environment,
    Template,
    Copy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Send although the body is not JSON (testing the API's reaction is a real need).
    SendInvalidJson,
    /// Send a non-GET request to production.
    SendToProduction,
}

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
    pub index_base: IndexBase,
    pub query_mode: QueryMode,
    /// Capture the mouse: click to focus and choose an error, wheel to scroll.
    pub mouse: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            index_base: IndexBase::Auto,
            query_mode: QueryMode::Decoded,
            mouse: false,
        }
    }
}

/// The whole state of the TUI. Changed only by `update`; read by the UI.
pub struct App {
    pub env: Arc<Environment>,
    /// The key map in effect (defaults plus config.toml's `[keys]`).
    pub keymap: KeyMap,
    /// Every environment F2 offers (the built-in sim first).
    pub environments: Vec<Arc<Environment>>,
    /// Every template F4 offers.
    pub templates: Vec<Template>,
    /// The last request as it went on the wire: F6 shows it, Shift-F5 reuses its
    /// idempotence key.
    pub last_sent: Option<super::exchange::SentRequest>,
    pub history: super::history_browser::HistoryBrowser,
    /// The response body viewer: cursor, folds, search, path filter.
    pub viewer: super::response_view::ResponseView,
    /// Why history is unavailable this session (off in config, corrupt or newer file).
    pub history_off: Option<String>,
    pub editor: RequestEditor,
    pub focus: Focus,
    pub phase: Phase,
    /// First visible row of the response pane's scrolling part.
    pub response_scroll: usize,
    pub show_headers: bool,
    pub problems: Problems,
    pub overlay: Option<Overlay>,
    pub notice: Option<Notice>,
    pub panes: Panes,
    pub now: Instant,
    pub quit: bool,
    /// The focused pane fills the screen (for the colleague reading over a shoulder).
    pub zoomed: bool,
    /// Terminal size, for the layout.
    pub size: (u16, u16),
    pub settings: Settings,
    pub(super) next_id: u64,
    /// The request whose preview is shown while its whole body is built.
    pub pending: Option<u64>,
}

impl App {
    pub fn new(env: Environment, editor: RequestEditor, settings: Settings) -> Self {
        let env = Arc::new(env);
        Self {
            keymap: KeyMap::default(),
            environments: vec![Arc::clone(&env)],
            templates: crate::templates::all(),
            last_sent: None,
            history: Default::default(),
            viewer: Default::default(),
            history_off: None,
            env,
            editor,
            focus: Focus::Request(Field::Body),
            phase: Phase::Idle,
            response_scroll: 0,
            show_headers: true,
            problems: Problems::default(),
            overlay: None,
            notice: None,
            panes: Panes::default(),
            now: Instant::now(),
            quit: false,
            zoomed: false,
            size: (0, 0),
            settings,
            next_id: 1,
            pending: None,
        }
    }

    /// The exchange the response and errors panes show, if any.
    pub fn exchange(&self) -> Option<&Arc<Exchange>> {
        match &self.phase {
            Phase::Done(exchange) => Some(exchange),
            _ => None,
        }
    }

    /// A spinner runs (and the clock ticks) only while a request is in flight.
    pub fn needs_tick(&self) -> bool {
        matches!(self.phase, Phase::InFlight { .. })
    }

    pub fn key_context(&self) -> Context {
        match self.focus {
            Focus::Request(Field::Method) => Context {
                typing: false,
                scope: Some(Scope::Method),
            },
            Focus::Request(_) => Context {
                typing: true,
                scope: None,
            },
            Focus::Response => Context {
                typing: false,
                scope: Some(Scope::Response),
            },
            Focus::Errors => Context {
                typing: false,
                scope: Some(Scope::Errors),
            },
        }
    }

    /// Rows in the response pane's scrolling part: headers (when shown), a
    /// separator, then the body.
    pub fn response_rows(&self) -> usize {
        self.exchange()
            .map_or(0, |x| self.header_rows(x) + self.body_rows(x))
    }

    pub fn header_rows(&self, exchange: &Exchange) -> usize {
        if self.show_headers {
            exchange.headers.len() + 1
        } else {
            0
        }
    }
}
