//! The event loop: terminal events, effect results and signals become actions;
//! the screen is drawn only when something changed and nothing else is queued,
//! so an idle cinspect writes nothing and uses no CPU.

use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use std::io::Write;
use std::sync::Arc;

use super::clipboard::osc52;
use super::editor_launch;
use super::session::Session;
use crate::app::{Action, App, TerminalEffect};
use crate::config::SecretSource;
use crate::history::History;
use crate::http::HttpEngine;
use crate::pipeline::Pipeline;
use crate::runtime::{Executor, WEBHOOK_BATCH};
use crate::ui::{self, Theme};

/// Signal numbers (POSIX), for the exit status 128+n.
const SIGHUP: i32 = 1;
const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// Spinner frame rate while a request is in flight.
const TICK: Duration = Duration::from_millis(100);
/// Queued actions taken in one turn for at most this long, then a frame.
const DRAIN: Duration = Duration::from_millis(50);
/// What the screen waits, at most, to show work done in the background (a
/// log's rows streaming in): drawing for every batch would cost the reading
/// a core's share. What the user does is drawn at once.
const FRAME: Duration = Duration::from_millis(16);

/// What the executor works with: the HTTP client, the history, and the
/// webhook receiver's keys and (with `--webhooks`, `--demo`) its socket.
pub struct Services {
    pub http: HttpEngine,
    pub history: Option<Arc<History>>,
    pub webhook_keys: Vec<(String, SecretSource)>,
    pub webhook_forward: Option<String>,
    /// What the receiver answers an event that fails verification (`[webhooks]
    /// bad_signature_status`) when it does not forward.
    pub webhook_bad_signature_status: u16,
    /// Bound before the terminal was taken, so an address in use is said plainly.
    pub webhook_listener: Option<std::net::TcpListener>,
    /// What the demo's simulator has to say (it must not write on the terminal).
    pub problems: Option<mpsc::Receiver<String>>,
}

pub async fn run(
    mut app: App,
    services: Services,
    theme: Theme,
    initial: Vec<Action>,
) -> anyhow::Result<Option<i32>> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut executor = Executor::new(Pipeline::new(services.http, services.history), tx);
    executor.set_webhook_keys(services.webhook_keys, services.webhook_forward);
    executor.set_bad_signature_status(services.webhook_bad_signature_status);
    if let Some(listener) = services.webhook_listener {
        executor.listen_webhooks(listener)?;
    }
    let mut problems = services.problems;
    let mut session = Session::start(app.settings().mouse)?;
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);

    let size = session.terminal.size()?;
    // Its effects run too: a large body is checked against the API's model off the UI thread.
    apply(
        &mut app,
        &mut executor,
        Action::Resize(size.width, size.height),
    );
    for action in initial {
        apply(&mut app, &mut executor, action);
    }
    let mut dirty = true;
    // A key (or resize, or signal) is drawn at once; background work waits
    // for the next frame.
    let mut urgent = true;
    let mut drawn_at = Instant::now();
    let mut break_error: Option<std::io::Error> = None;
    let result = loop {
        if app.should_quit() {
            break Ok(());
        }
        if dirty && (urgent || drawn_at.elapsed() >= FRAME) {
            if let Err(e) = session.terminal.draw(|frame| ui::draw(frame, &app, &theme)) {
                break Err(e.into());
            }
            dirty = false;
            urgent = false;
            drawn_at = Instant::now();
        }
        let next_frame = tokio::time::Instant::from_std(drawn_at + FRAME);
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => match to_action(event) {
                    Some(action) => {
                        urgent = true;
                        action
                    }
                    None => continue,
                },
                Some(Err(e)) => break Err(e.into()),
                None => break Ok(()),
            },
            Some(action) = rx.recv() => action,
            action = executor.next_webhook() => action,
            Some(text) = next_problem(&mut problems) => Action::Problem(text),
            _ = sigterm.recv() => {
                urgent = true;
                Action::Terminate(SIGTERM)
            },
            _ = sighup.recv() => {
                urgent = true;
                Action::Terminate(SIGHUP)
            },
            _ = sigint.recv() => {
                urgent = true;
                Action::Terminate(SIGINT)
            },
            _ = ticker.tick(), if app.needs_tick() => Action::Tick(Instant::now()),
            // The frame a background change waited for.
            () = tokio::time::sleep_until(next_frame), if dirty => continue,
        };
        let mut terminal_effects = apply(&mut app, &mut executor, action);
        // Drain what is already queued before drawing once for all of it, but
        // not for longer than a frame: a stream of batches (a folder of
        // 100 000 files) must not keep keys, signals and drawing waiting.
        let drain_until = Instant::now() + DRAIN;
        while Instant::now() < drain_until
            && let Ok(action) = rx.try_recv()
        {
            terminal_effects.extend(apply(&mut app, &mut executor, action));
        }
        // A flood of webhooks is taken a batch per turn: keys stay responsive.
        for _ in 0..WEBHOOK_BATCH {
            let Some(action) = executor.try_next_webhook() else {
                break;
            };
            terminal_effects.extend(apply(&mut app, &mut executor, action));
        }
        for effect in terminal_effects {
            match effect {
                TerminalEffect::Copy { text } => {
                    let backend = session.terminal.backend_mut().writer_mut();
                    if let Err(e) = backend
                        .write_all(osc52(&text).as_bytes())
                        .and_then(|()| backend.flush())
                    {
                        break_error = Some(e);
                    }
                }
                TerminalEffect::EditBody { text } => {
                    // The editor owns the terminal meanwhile: stop reading keys,
                    // or they would be stolen from it.
                    drop(events);
                    session.suspend();
                    let edited = tokio::task::spawn_blocking(move || editor_launch::edit(&text))
                        .await
                        .unwrap_or_else(|e| Err(format!("the editor task failed: {e}")));
                    if let Err(e) = session.resume() {
                        break_error = Some(e);
                    }
                    events = EventStream::new();
                    // A body edited there asks nothing of the terminal.
                    let _ = apply(&mut app, &mut executor, Action::EditorClosed(edited));
                }
            }
        }
        if let Some(e) = break_error.take() {
            break Err(e.into());
        }
        dirty = true;
    };
    executor.shutdown();
    drop(session);
    app.let_go_at_exit();
    result.map(|()| app.exit_signal())
}

/// The next problem reported beside the TUI; never ready without a source.
async fn next_problem(problems: &mut Option<mpsc::Receiver<String>>) -> Option<String> {
    match problems {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// Updates the app (once per action: it reads its own clock where it times)
/// and starts its effects; returns those that need the terminal.
fn apply(app: &mut App, executor: &mut Executor, action: Action) -> Vec<TerminalEffect> {
    app.update(action)
        .into_iter()
        .filter_map(|effect| executor.run(effect))
        .collect()
}

fn to_action(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => Some(Action::Key(key)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        // Moves without a button would redraw on every twitch: ignore them.
        Event::Mouse(m) if !matches!(m.kind, crossterm::event::MouseEventKind::Moved) => {
            Some(Action::Mouse(m))
        }
        _ => None,
    }
}
