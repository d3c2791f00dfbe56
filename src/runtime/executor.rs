//! Runs effects as tokio tasks that report back as actions. The TUI and the
//! headless tests use the same executor, and it sends through the one
//! pipeline, so tests exercise the real send path.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{compare_tasks, log_tasks};
use crate::app::{
    Action, Effect, Find, HISTORY_PAGE, HistoryEffect, HistoryFailure, TerminalEffect, Ticket,
};
use crate::config::SecretSource;
use crate::history::{History, HistoryOff, ListQuery};
use crate::pipeline::{Pipeline, record::reopen};
use crate::sources::http_file;
use crate::viewer::{DEFAULT_HIT_CAP, Query, Search, filter_path};
use crate::webhooks;

pub struct Executor {
    pipeline: Pipeline,
    tx: UnboundedSender<Action>,
    in_flight: HashMap<Ticket, (CancellationToken, JoinHandle<()>)>,
    /// The webhook receiver, once started. Its events are pulled by the event
    /// loop ([`Executor::next_webhook`]), so its bounded queue is the only one:
    /// a flood waits there (and past it is counted), never in memory here.
    webhooks: Option<webhooks::Receiver>,
    /// The keys webhooks are verified with, and where they are forwarded.
    webhook_keys: Vec<(String, SecretSource)>,
    webhook_forward: Option<String>,
    /// The log read in progress: a newer read or leaving the browser stops it.
    log_read: Option<(Ticket, CancellationToken)>,
    /// What the receiver answers an event that fails verification, when it does not forward.
    webhook_bad_signature_status: u16,
}

/// Events taken from the receiver per turn of the loop: a flood is drawn in
/// batches and keys still get their turn.
pub const WEBHOOK_BATCH: usize = 256;

impl Executor {
    pub fn new(pipeline: Pipeline, tx: UnboundedSender<Action>) -> Self {
        Self {
            pipeline,
            tx,
            in_flight: HashMap::new(),
            webhooks: None,
            webhook_keys: Vec::new(),
            webhook_forward: None,
            log_read: None,
            webhook_bad_signature_status: webhooks::BAD_SIGNATURE_STATUS,
        }
    }

    /// The keys a receiver started later verifies with, and where it forwards.
    pub fn set_webhook_keys(&mut self, keys: Vec<(String, SecretSource)>, forward: Option<String>) {
        self.webhook_keys = keys;
        self.webhook_forward = forward;
    }

    /// What a receiver started later answers an event that fails verification.
    pub fn set_bad_signature_status(&mut self, status: u16) {
        self.webhook_bad_signature_status = status;
    }

    /// Starts the receiver on a bound listener (recording to the history);
    /// returns its address. A receiver already running is replaced.
    pub fn listen_webhooks(
        &mut self,
        listener: std::net::TcpListener,
    ) -> anyhow::Result<std::net::SocketAddr> {
        let receiver = webhooks::start(
            listener,
            webhooks::ReceiverConfig {
                keys: self.webhook_keys.clone(),
                forward: self.webhook_forward.clone(),
                history: self.pipeline.history().cloned(),
                bad_signature_status: self.webhook_bad_signature_status,
                ..Default::default()
            },
        )?;
        let address = receiver.address;
        self.webhooks = Some(receiver);
        Ok(address)
    }

    /// The receiver's next news: an event, or changed counts. Never ready
    /// when no receiver runs (a branch of the event loop's select).
    pub async fn next_webhook(&mut self) -> Action {
        let Some(receiver) = &mut self.webhooks else {
            return std::future::pending().await;
        };
        tokio::select! {
            Some(received) = receiver.events.recv() => Action::Webhook(Arc::new(received)),
            Ok(()) = receiver.counts.changed() => {
                Action::WebhookCounts(receiver.counts.borrow_and_update().clone())
            }
            else => std::future::pending().await,
        }
    }

    /// An event already waiting, if one is (drained after each action).
    pub fn try_next_webhook(&mut self) -> Option<Action> {
        let receiver = self.webhooks.as_mut()?;
        receiver
            .events
            .try_recv()
            .ok()
            .map(|received| Action::Webhook(Arc::new(received)))
    }

    /// Records every exchange in `history` and serves the history browser.
    pub fn set_history(&mut self, history: Option<Arc<History>>) {
        self.pipeline.set_history(history);
    }

    /// Runs an effect in a task. Terminal effects are not ours: they are handed
    /// back for the event loop (headless runs have no terminal to use them on).
    pub fn run(&mut self, effect: Effect) -> Option<TerminalEffect> {
        self.in_flight.retain(|_, (_, task)| !task.is_finished());
        match effect {
            Effect::Send { id, request, env } => {
                let token = CancellationToken::new();
                let (pipeline, tx, cancel) =
                    (self.pipeline.clone(), self.tx.clone(), token.clone());
                let task = tokio::spawn(async move {
                    let preview_tx = tx.clone();
                    let sent = pipeline
                        .send(request, &env, &cancel, |exchange| {
                            let _ = preview_tx.send(Action::Preview { id, exchange });
                        })
                        .await;
                    // The receiver is gone only when the app is shutting down.
                    let _ = tx.send(Action::Finished {
                        id,
                        result: sent.result,
                    });
                    if let Err(e) = sent.recording.finish().await {
                        let _ = tx.send(Action::HistoryFailed(HistoryFailure::NotSaved(e)));
                    }
                });
                self.in_flight.insert(id, (token, task));
            }
            Effect::Cancel { id } => {
                if let Some((token, _)) = self.in_flight.remove(&id) {
                    token.cancel();
                }
            }
            Effect::History(effect) => self.history_effect(effect),
            Effect::Find {
                generation,
                exchange,
                find,
            } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let action = match find {
                        Find::Text(text) => {
                            let search = Query::new(&text)
                                .map(|q| Search::run(&exchange.body, q, DEFAULT_HIT_CAP));
                            Action::SearchDone { generation, search }
                        }
                        Find::Path(path) => {
                            let result = filter_path(&exchange.body, &path, false)
                                .map_err(|e| e.to_string());
                            Action::PathDone { generation, result }
                        }
                    };
                    let _ = tx.send(action);
                });
            }
            Effect::ReadLog { read, path } => {
                let cancel = CancellationToken::new();
                if let Some((_, older)) = self.log_read.replace((read, cancel.clone())) {
                    older.cancel();
                }
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || log_tasks::read_log(&tx, read, &path, &cancel));
            }
            Effect::StopLogRead { read } => {
                if let Some((current, cancel)) = self.log_read.take() {
                    if current == read {
                        cancel.cancel();
                    } else {
                        self.log_read = Some((current, cancel));
                    }
                }
            }
            Effect::ReadLogged { open, path, place } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = log_tasks::read_logged(&path, &place);
                    let _ = tx.send(Action::LoggedRead { open, result });
                });
            }
            Effect::LoadRequests { load, path } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    http_file::load::load_in_batches(&path, |batch| {
                        tx.send(Action::RequestsRead { load, batch }).is_ok()
                    });
                });
            }
            Effect::AddEnvironment { path, new } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = crate::config::add_environment(&path, &new)
                        .map(Box::new)
                        .map_err(|e| e.to_string());
                    let _ = tx.send(Action::EnvironmentAdded(result));
                });
            }
            Effect::ListDir { dir, asked } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let _ = tx.send(Action::DirListed(super::dir_list::list(&dir, asked)));
                });
            }
            Effect::WriteRequestFile {
                path,
                expected,
                edit,
            } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let expected = expected.as_deref().map(http_file::HttpFile::text);
                    let result = http_file::save::save(&path, expected, &edit);
                    let _ = tx.send(Action::RequestFileWritten { path, result });
                });
            }
            Effect::ListenWebhooks { addr } => {
                let started = webhooks::bind(addr)
                    .map_err(anyhow::Error::from)
                    .and_then(|listener| self.listen_webhooks(listener))
                    .map(|a| (a.to_string(), self.webhook_forward.clone()))
                    .map_err(|e| format!("cannot listen on {addr}: {e}"));
                let _ = self.tx.send(Action::WebhooksListening(started));
            }
            Effect::RedeliverWebhook(received) => {
                let started = match &self.webhooks {
                    Some(receiver) => receiver.redeliver(&received),
                    None => Err("the webhook receiver is not running".to_string()),
                };
                if let Err(e) = started {
                    let _ = self.tx.send(Action::Problem(format!("webhooks: {e}")));
                }
            }
            Effect::OpenWebhook { open, received } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let exchange = Arc::new(webhooks::exchange_of(&received));
                    let shown = Box::new(webhooks::WebhookShown::of_received(&received));
                    let _ = tx.send(Action::WebhookOpened {
                        open,
                        shown,
                        exchange,
                    });
                });
            }
            Effect::Compare {
                ticket,
                left,
                right,
                parts,
            } => {
                let tx = self.tx.clone();
                let history = self.pipeline.history().cloned();
                tokio::task::spawn_blocking(move || {
                    compare_tasks::run(&tx, ticket, [*left, *right], parts, history.as_deref());
                });
            }
            Effect::CheckBody(check) => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let _ = tx.send(Action::BodyChecked(Box::new(check.run())));
                });
            }
            Effect::ReadModel => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    // A model that cannot be read is said where it is asked.
                    let _ = crate::connect::model::model();
                    let _ = tx.send(Action::ModelRead);
                });
            }
            Effect::Terminal(effect) => return Some(effect),
        }
        None
    }

    /// Store queries run on the blocking pool: SQLite must not stall input.
    fn history_effect(&self, effect: HistoryEffect) {
        let tx = self.tx.clone();
        let Some(history) = self.pipeline.history().cloned() else {
            let off = HistoryOff::Unusable {
                reason: "no history store this session".to_string(),
            };
            let _ = tx.send(Action::HistoryFailed(HistoryFailure::Off(off)));
            return;
        };
        tokio::task::spawn_blocking(move || {
            let store = |e: crate::history::HistoryError| HistoryFailure::Store(e.to_string());
            let action = match effect {
                HistoryEffect::List {
                    query,
                    filter,
                    before_id,
                } => {
                    let q = ListQuery {
                        filter: (!filter.trim().is_empty()).then_some(filter.as_str()),
                        limit: HISTORY_PAGE,
                        before_id,
                    };
                    let rows = history.list(&q).map_err(|e| e.to_string());
                    Action::HistoryRows {
                        query,
                        rows,
                        append: before_id.is_some(),
                    }
                }
                HistoryEffect::Open { id, resend } => match history.get(id) {
                    Ok(Some(entry)) => {
                        let exchange = if webhooks::is_webhook_entry(&entry) {
                            Ok(Arc::new(webhooks::exchange_of_entry(&entry)))
                        } else {
                            reopen(&entry).map(Arc::new)
                        };
                        Action::HistoryOpened {
                            entry: Box::new(entry),
                            exchange,
                            resend,
                        }
                    }
                    Ok(None) => Action::HistoryFailed(HistoryFailure::Gone { id }),
                    Err(e) => Action::HistoryFailed(store(e)),
                },
                HistoryEffect::Delete { id } => match history.delete(id) {
                    Ok(_) => Action::HistoryDeleted(id),
                    Err(e) => Action::HistoryFailed(store(e)),
                },
            };
            let _ = tx.send(action);
        });
    }

    /// Cancels everything (on quit), so no task outlives the terminal session.
    pub fn shutdown(&mut self) {
        for (_, (token, task)) in self.in_flight.drain() {
            token.cancel();
            task.abort();
        }
        if let Some((_, cancel)) = self.log_read.take() {
            cancel.cancel();
        }
        self.webhooks = None;
    }
}
