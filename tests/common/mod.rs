//! A headless driver for the app: the real state machine and the real
//! executor (HTTP, signing, response processing) against the embedded
//! simulator on a loopback port, without a terminal.
#![allow(dead_code)]

pub mod recorder;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, App, Settings, Showing, TerminalEffect};
use connect_inspector::config::Environment;
use connect_inspector::http::HttpEngine;
use connect_inspector::pipeline::{Exchange, Pipeline};
use connect_inspector::runtime::Executor;
use connect_inspector::sim::{self, RunningSim, SimConfig};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

pub struct Harness {
    pub app: App,
    pub sim: Option<RunningSim>,
    /// Terminal effects the app asked for (clipboard, editor), in order.
    pub terminal_effects: Vec<TerminalEffect>,
    executor: Executor,
    rx: UnboundedReceiver<Action>,
}

/// Longest any test waits for an answer before it fails instead of hanging.
const SAFETY: Duration = Duration::from_secs(60);

impl Harness {
    /// A simulator on a free port and an app pointed at it.
    pub async fn with_sim(method: &str, path: &str, body: &str) -> Self {
        Self::with_sim_settings(method, path, body, Settings::default()).await
    }

    /// The demo: the simulator and its create-payment request, which it rejects.
    pub async fn demo() -> Self {
        Self::with_sim(
            "POST",
            "/v1/{merchantId}/payments",
            &sim::demo_request_body(),
        )
        .await
    }

    pub async fn with_sim_settings(
        method: &str,
        path: &str,
        body: &str,
        settings: Settings,
    ) -> Self {
        let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
            .await
            .expect("simulator starts");
        let env = Environment::simulator(&running.base_url());
        let mut h = Self::new(env, method, path, body, settings);
        h.sim = Some(running);
        h
    }

    pub fn new(env: Environment, method: &str, path: &str, body: &str, settings: Settings) -> Self {
        let editor = RequestEditor::new(method, path, "", body);
        Self::start(connect_inspector::app::Startup::new(env, editor, settings))
    }

    /// An app started with everything `Startup` holds (file requests, key map, ...).
    pub fn start(startup: connect_inspector::app::Startup) -> Self {
        let (tx, rx) = unbounded_channel();
        let executor = Executor::new(
            Pipeline::new(HttpEngine::new().expect("http client"), None),
            tx,
        );
        let mut app = App::start(startup);
        app.update(Action::Resize(120, 40));
        Self {
            app,
            sim: None,
            terminal_effects: Vec::new(),
            executor,
            rx,
        }
    }

    /// Records to (and browses) a history in `dir`.
    pub fn with_history(
        &mut self,
        dir: &std::path::Path,
    ) -> std::sync::Arc<connect_inspector::history::History> {
        let history = std::sync::Arc::new(
            connect_inspector::history::History::open(
                &dir.join("history.sqlite3"),
                Default::default(),
            )
            .expect("history opens"),
        );
        self.executor.set_history(Some(history.clone()));
        history
    }

    /// The keys a receiver started from the app verifies webhooks with, and
    /// where it forwards them.
    pub fn set_webhook_keys(
        &mut self,
        keys: Vec<(String, connect_inspector::config::SecretSource)>,
        forward: Option<String>,
    ) {
        self.executor.set_webhook_keys(keys, forward);
    }

    /// Waits for the receiver's next news (an event, changed counts) and applies it.
    pub async fn next_webhook(&mut self) {
        let action = tokio::time::timeout(SAFETY, self.executor.next_webhook())
            .await
            .expect("a webhook in time");
        self.act(action);
    }

    /// Applies every webhook already waiting (as the event loop does each turn); how many.
    pub fn drain_webhooks(&mut self) -> usize {
        let mut n = 0;
        while let Some(action) = self.executor.try_next_webhook() {
            self.act(action);
            n += 1;
        }
        n
    }

    /// Waits for the next action from the executor and applies it.
    pub async fn next_action(&mut self) {
        let action = tokio::time::timeout(SAFETY, self.rx.recv())
            .await
            .expect("an action in time")
            .expect("channel open");
        self.act(action);
    }

    pub fn act(&mut self, action: Action) {
        for effect in self.app.update(action) {
            if let Some(effect) = self.executor.run(effect) {
                self.terminal_effects.push(effect);
            }
        }
    }

    pub fn command(&mut self, command: Command) {
        self.act(Action::Command(command));
    }

    /// Sends and waits until the exchange ends; returns what is then on show.
    pub async fn send(&mut self) -> Showing {
        self.command(Command::Send);
        assert!(
            matches!(self.app.showing(), Showing::InFlight(_)),
            "send did not start: {:?}",
            self.app.notice()
        );
        self.settle().await
    }

    /// Feeds the executor's results back until nothing is in flight.
    pub async fn settle(&mut self) -> Showing {
        while matches!(self.app.showing(), Showing::InFlight(_)) {
            let action = tokio::time::timeout(SAFETY, self.rx.recv())
                .await
                .expect("the request neither finished nor failed in time")
                .expect("executor channel open");
            self.act(action);
        }
        self.app.showing().clone()
    }

    /// Feeds the executor's results back until no `.http` file is being read
    /// or written; returns how many requests F4 listed after each action.
    pub async fn settle_files(&mut self) -> Vec<usize> {
        let mut listed = Vec::new();
        while self.app.is_loading_requests() || self.app.is_saving() {
            let action = tokio::time::timeout(SAFETY, self.rx.recv())
                .await
                .expect("the files were neither read nor written in time")
                .expect("executor channel open");
            self.act(action);
            listed.push(self.app.file_requests().len());
        }
        listed
    }

    pub fn exchange(&self) -> Arc<Exchange> {
        match self.app.exchange() {
            Some(x) => Arc::clone(x),
            None => panic!("expected a response, got {:?}", self.app.showing()),
        }
    }

    pub fn set_env(&mut self, env: Environment) {
        self.act(Action::SwitchEnvironment(Box::new(env)));
    }

    pub fn edit(&mut self, editor: RequestEditor) {
        self.act(Action::Edit(Box::new(editor)));
    }

    pub fn set_path(&mut self, method: &str, path: &str) {
        let body = self.app.editor().body_text();
        self.app.update(Action::Edit(Box::new(RequestEditor::new(
            method, path, "", &body,
        ))));
        self.app.update(Action::Resize(120, 40));
    }
}

/// A test fixture in `tests/fixtures/` (copied there from the team's reference shelf; see its README).
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The app drawn with ratatui's TestBackend, as text (one line per row).
pub fn screen_text(app: &App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    terminal
        .draw(|f| connect_inspector::ui::draw(f, app, &connect_inspector::ui::Theme::default()))
        .expect("drawn");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Everything the files in `dir` hold, as text (a history store and its
/// journal), for checking that a secret never reached them.
pub fn files_text(dir: &std::path::Path) -> String {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the directory is listed") {
        bytes.extend(std::fs::read(entry.expect("an entry").path()).unwrap_or_default());
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Waits (up to the safety limit) until `history` holds `n` entries: recording
/// happens off the UI thread, after the action that shows an exchange.
pub async fn wait_for_entries(history: &connect_inspector::history::History, n: usize) {
    let deadline = Instant::now() + SAFETY;
    while history.count().unwrap_or(0) < n {
        assert!(
            Instant::now() < deadline,
            "history did not reach {n} entries"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
