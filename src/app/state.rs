//! The whole state of the TUI: components composed, and what joins them (the
//! focus, the exchange in progress, the status line). Changed only by
//! `update`; the UI reads it through these accessors.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::editor::{Field, RequestEditor};
use super::errors::ErrorsPanel;
use super::history_browser::HistoryBrowser;
use super::keymap::{Context, KeyMap};
use super::layout::Panes;
use super::log_browser::LogBrowser;
use super::overlay::Overlay;
use super::response::ResponseViewer;
use crate::config::Environment;
use crate::connect::sign::QueryMode;
use crate::connect::templates::{self, Template};
use crate::history::HistoryOff;
use crate::locate::IndexBase;
use crate::pipeline::{Exchange, Failure, SendSettings, SentRequest};

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

/// The request a response answers: the editor's request and its body's
/// revision when it was sent (or shown with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerFor {
    pub request: u64,
    pub revision: u64,
}

/// A request on its way: what it answers, what the panes showed before it
/// (a refusal before the wire, such as a secret not set, puts that back),
/// and the `# @name` of the file request it is, remembered with its response.
#[derive(Debug, Clone)]
pub struct Sending {
    pub answers: AnswerFor,
    pub before: Phase,
    pub answered_before: Option<AnswerFor>,
    pub name: Option<String>,
}

/// How the response on show stands to the request in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// It answers this request as it is: its errors are located in the body.
    Current,
    /// It answers this request, whose body was edited since: located, the
    /// errors whose value the edit changed marked.
    EditedSince,
    /// It answers another request (the editor now holds a different one):
    /// labelled "previous", its errors never located in this body.
    Previous,
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
    /// Bytes of a response body kept at most.
    pub max_response: usize,
    pub index_base: IndexBase,
    pub query_mode: QueryMode,
    /// Capture the mouse: click to focus and choose an error, wheel to scroll.
    pub mouse: bool,
    /// The card masked card fields are filled from.
    pub test_card: crate::config::TestCard,
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
        }
    }
}

/// An exchange opened from an SDK log: where it is, and the errors the log's
/// response had (code, propertyName), to tell a replay what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u64,
    pub logged_errors: Vec<(String, String)>,
    /// The response on show is the logged one (not yet replaced by a replay).
    pub showing_logged: bool,
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
    pub file_requests: Vec<super::file_requests::FileRequest>,
    /// Where the webhook receiver started with the TUI listens (`--webhooks`, `--demo`).
    pub webhooks_on: Option<String>,
    /// Where it forwards events (`--webhooks-forward`).
    pub webhooks_forward: Option<String>,
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
        }
    }
}

pub struct App {
    pub(super) env: Arc<Environment>,
    pub(super) environments: Vec<Arc<Environment>>,
    pub(super) templates: Vec<Template>,
    pub(super) keymap: KeyMap,
    pub(super) settings: Settings,
    pub(super) editor: RequestEditor,
    pub(super) response: ResponseViewer,
    pub(super) errors: ErrorsPanel,
    pub(super) history: HistoryBrowser,
    pub(super) logs: LogBrowser,
    /// Requests of the `.http` files opened, offered beside the templates.
    pub(super) file_requests: Vec<super::file_requests::FileRequest>,
    /// The file request in the editor, when it came from one.
    pub(super) request_source: Option<usize>,
    /// `.http` loads in progress; a batch of any other is dropped.
    pub(super) request_loads: Vec<super::file_loading::RequestLoad>,
    pub(super) next_load: u64,
    /// The request file write in flight.
    pub(super) saving: Option<super::file_saving::Saving>,
    /// A save-as that found its name taken, waiting for a yes.
    pub(super) replacing: Option<super::file_saving::Replacing>,
    /// The start-up problems, kept in view by the load the command line asked for.
    pub(super) problems_at_start: Vec<String>,
    /// Ids successful creates left (`paymentId` → value), filled into placeholders.
    pub(super) carried: std::collections::BTreeMap<String, super::file_requests::Carried>,
    /// Where the exchange on show came from, when a log, not cinspect, sent it.
    pub(super) origin: Option<Origin>,
    /// The webhooks received (Ctrl-N).
    pub(super) webhooks: super::webhook_inbox::WebhookInbox,
    /// The response pane shows a received webhook, not a response: what its head says.
    pub(super) webhook: Option<crate::webhooks::WebhookShown>,
    /// The webhook being built for the viewer (its number); a later choice supersedes it.
    pub(super) webhook_opening: Option<u64>,
    pub(super) webhook_opens: u64,
    /// What the panes showed before the first webhook was opened over it (and
    /// whether it was a log's exchange as logged): Esc brings it back.
    pub(super) before_webhook: Option<(Phase, bool)>,
    /// Values the SDK masked that are still in the body (1-based places).
    pub(super) masks: Vec<crate::sources::sdk_log::Masked>,
    /// The body revision `masks` was found for.
    pub(super) masks_for: Option<u64>,
    /// `{{variables}}` in the body that nothing fills: (0-based row, character range).
    pub(super) unresolved: Vec<(usize, std::ops::Range<usize>)>,
    /// The body's first JSON syntax error as typed (`line:col: what`).
    pub(super) json_problem: Option<String>,
    /// Where the URL really goes when that is not the environment's origin
    /// (a full URL, a file's `@baseUrl`), and the URL and base it was found for.
    pub(super) destination: Option<String>,
    pub(super) destination_for: Option<(String, String, Option<usize>)>,
    /// The request the response on show answers (None: nothing, or a webhook).
    pub(super) answer_for: Option<AnswerFor>,
    /// The request in flight, and what the panes showed before it.
    pub(super) in_flight_for: Option<Sending>,
    /// The editor's request at start: a request file named on the command line
    /// takes its place once read, unless the user has moved on meanwhile.
    pub(super) start_request: AnswerFor,
    /// Named file requests' responses, for `{{name.response…}}` in later ones.
    pub(super) named_responses:
        std::collections::HashMap<String, Arc<crate::sources::http_file::NamedResponse>>,
    pub(super) history_off: Option<HistoryOff>,
    pub(super) overlay: Option<Overlay>,
    pub(super) focus: Focus,
    pub(super) phase: Phase,
    /// The last request as it went on the wire: F6 shows it, Shift-F5 reuses its
    /// idempotence key.
    pub(super) last_sent: Option<SentRequest>,
    pub(super) notice: Option<Notice>,
    pub(super) panes: Panes,
    pub(super) now: Instant,
    pub(super) quit: bool,
    /// The signal that ended the session, if one did.
    pub(super) exit_signal: Option<i32>,
    /// The focused pane fills the screen (for the colleague reading over a shoulder).
    pub(super) zoomed: bool,
    /// Terminal size, for the layout.
    pub(super) size: (u16, u16),
    pub(super) next_id: u64,
    /// The request whose preview is shown while its whole body is built.
    pub(super) pending: Option<u64>,
}

impl App {
    /// An app with the defaults around an environment and a request.
    pub fn new(env: Environment, editor: RequestEditor, settings: Settings) -> Self {
        Self::start(Startup::new(env, editor, settings))
    }

    pub fn start(s: Startup) -> Self {
        let env = Arc::new(s.env);
        let mut environments: Vec<Arc<Environment>> = s
            .environments
            .into_iter()
            .map(|e| {
                if e.name == env.name {
                    Arc::clone(&env)
                } else {
                    Arc::new(e)
                }
            })
            .collect();
        if !environments.iter().any(|e| e.name == env.name) {
            environments.insert(0, Arc::clone(&env));
        }
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
            start_request,
            env,
            environments,
            templates: templates::all(),
            keymap: s.keymap,
            settings: s.settings,
            editor: s.editor,
            response: ResponseViewer::default(),
            errors: ErrorsPanel::default(),
            history: HistoryBrowser::default(),
            logs: LogBrowser::default(),
            file_requests: s.file_requests,
            request_source: None,
            request_loads: Vec::new(),
            next_load: 0,
            saving: None,
            replacing: None,
            problems_at_start: s.problems.clone(),
            carried: Default::default(),
            origin: None,
            webhooks: super::webhook_inbox::WebhookInbox::listening_on(
                s.webhooks_on,
                s.webhooks_forward,
            ),
            webhook: None,
            webhook_opening: None,
            webhook_opens: 0,
            before_webhook: None,
            masks: Vec::new(),
            masks_for: None,
            unresolved: Vec::new(),
            json_problem: None,
            destination: None,
            destination_for: None,
            answer_for: None,
            in_flight_for: None,
            named_responses: Default::default(),
            history_off: s.history_off,
            overlay: None,
            focus: Focus::Request(Field::Body),
            phase: Phase::Idle,
            last_sent: None,
            notice,
            panes: Panes::default(),
            now: Instant::now(),
            quit: false,
            exit_signal: None,
            zoomed: false,
            size: (0, 0),
            next_id: 1,
            pending: None,
        }
    }

    pub fn env(&self) -> &Environment {
        &self.env
    }

    pub fn environments(&self) -> &[Arc<Environment>] {
        &self.environments
    }

    pub fn templates(&self) -> &[Template] {
        &self.templates
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
        &self.logs
    }

    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    pub fn webhooks(&self) -> &super::webhook_inbox::WebhookInbox {
        &self.webhooks
    }

    /// The received webhook the response pane shows, when it shows one.
    pub fn webhook_shown(&self) -> Option<&crate::webhooks::WebhookShown> {
        self.webhook.as_ref()
    }

    /// `{{variables}}` in the body that nothing fills (0-based row, character range).
    pub fn unresolved(&self) -> &[(usize, std::ops::Range<usize>)] {
        &self.unresolved
    }

    /// The body's first JSON syntax error as typed, `line:col: what`.
    pub fn json_problem(&self) -> Option<&str> {
        self.json_problem.as_deref()
    }

    /// How the response on show stands to the request in the editor.
    pub fn relation(&self) -> Relation {
        if self.webhook.is_some() {
            return Relation::Current;
        }
        match self.answer_for {
            Some(a) if a.request != self.editor.request_id() => Relation::Previous,
            Some(a) if a.revision != self.editor.body_revision() => Relation::EditedSince,
            Some(_) => Relation::Current,
            None => Relation::Previous,
        }
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
        self.destination.as_deref()
    }

    /// Values the SDK masked that are still in the body.
    pub fn masks(&self) -> &[crate::sources::sdk_log::Masked] {
        &self.masks
    }

    pub fn history_off(&self) -> Option<&HistoryOff> {
        self.history_off.as_ref()
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn last_sent(&self) -> Option<&SentRequest> {
        self.last_sent.as_ref()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn panes(&self) -> &Panes {
        &self.panes
    }

    pub fn now(&self) -> Instant {
        self.now
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The signal that ended the session (SIGTERM, SIGHUP, SIGINT), if one did.
    pub fn exit_signal(&self) -> Option<i32> {
        self.exit_signal
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// A big response's head is shown while its whole body is being built.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
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
