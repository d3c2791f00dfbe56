//! Runs effects as tokio tasks that report back as actions. The TUI and the
//! headless tests use the same executor, so tests exercise the real send path.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::action::{Action, Effect, Failure, Find, HistoryEffect, TerminalEffect};
use super::exchange::{Exchange, PreparedRequest, build_exchange, build_preview, sign_request};
use super::history_link::{
    body_for_history, entry_for_failure, entry_for_response, now_ms, reopen,
};
use crate::config::Environment;
use crate::history::{History, ListQuery, NewEntry};
use crate::http::{HttpEngine, SendOutcome};
use crate::viewer::{DEFAULT_HIT_CAP, Query, Search, filter_path};

/// Rows the history browser asks for at a time.
pub const HISTORY_PAGE: usize = 200;

pub struct Executor {
    http: HttpEngine,
    tx: UnboundedSender<Action>,
    history: Option<Arc<History>>,
    in_flight: HashMap<u64, (CancellationToken, JoinHandle<()>)>,
}

impl Executor {
    pub fn new(http: HttpEngine, tx: UnboundedSender<Action>) -> Self {
        Self {
            http,
            tx,
            history: None,
            in_flight: HashMap::new(),
        }
    }

    /// Records every exchange in `history` and serves the history browser.
    pub fn with_history(mut self, history: Option<Arc<History>>) -> Self {
        self.set_history(history);
        self
    }

    pub fn set_history(&mut self, history: Option<Arc<History>>) {
        self.history = history;
    }

    /// Runs an effect in a task. Terminal effects are not ours: they are handed
    /// back for the event loop (headless runs have no terminal to use them on).
    pub fn run(&mut self, effect: Effect) -> Option<TerminalEffect> {
        self.in_flight.retain(|_, (_, task)| !task.is_finished());
        match effect {
            Effect::Send { id, request, env } => {
                let token = CancellationToken::new();
                let task = tokio::spawn(send(
                    self.http.clone(),
                    self.tx.clone(),
                    self.history.clone(),
                    id,
                    request,
                    env,
                    token.clone(),
                ));
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
            Effect::Terminal(effect) => return Some(effect),
        }
        None
    }

    /// Store queries run on the blocking pool: SQLite must not stall input.
    fn history_effect(&self, effect: HistoryEffect) {
        let tx = self.tx.clone();
        let Some(history) = self.history.clone() else {
            let _ = tx.send(Action::HistoryFailed(
                "history is off for this session".to_string(),
            ));
            return;
        };
        tokio::task::spawn_blocking(move || {
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
                        let exchange = reopen(&entry).map(Arc::new);
                        Action::HistoryOpened {
                            entry: Box::new(entry),
                            exchange,
                            resend,
                        }
                    }
                    Ok(None) => Action::HistoryFailed(format!("history entry {id} is gone")),
                    Err(e) => Action::HistoryFailed(e.to_string()),
                },
                HistoryEffect::Delete { id } => match history.delete(id) {
                    Ok(_) => Action::HistoryDeleted(id),
                    Err(e) => Action::HistoryFailed(e.to_string()),
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
    }
}

/// One send: read the secret, sign, send, build the exchange, record it.
async fn send(
    http: HttpEngine,
    tx: UnboundedSender<Action>,
    history: Option<Arc<History>>,
    id: u64,
    request: PreparedRequest,
    env: Arc<Environment>,
    cancel: CancellationToken,
) {
    // The secret is read now (a command may take a moment) and dropped after signing.
    let (name, source) = (env.name.clone(), env.secret.clone());
    let secret = match tokio::task::spawn_blocking(move || source.resolve(&name)).await {
        Ok(Ok(secret)) => secret,
        Ok(Err(e)) => return report(&tx, id, Err(not_sent(e.to_string()))),
        Err(e) => {
            return report(
                &tx,
                id,
                Err(not_sent(format!("reading the secret failed: {e}"))),
            );
        }
    };
    let started = now_ms();
    // Signed here, not in update: the Date must be the moment of sending.
    let (spec, sent) = sign_request(&request, &env, &secret, SystemTime::now());
    drop(secret);
    let result = match http.execute(&spec, &cancel).await {
        SendOutcome::Response(record) => {
            // Parsing and pretty-printing a big body takes a while: keep it off
            // the async workers so input and drawing stay responsive.
            if let Some(preview) = build_preview(&sent, &record) {
                let _ = tx.send(Action::Preview {
                    id,
                    exchange: Arc::new(preview),
                });
            }
            let record_body = body_for_history(history.as_deref(), &record.body);
            match tokio::task::spawn_blocking(move || build_exchange(sent, record)).await {
                Ok(exchange) => {
                    let exchange = Arc::new(exchange);
                    if let Some((body, size)) = record_body {
                        save(
                            &tx,
                            history.clone(),
                            entry_for_response(&env.name, started, &exchange, &body, size),
                        );
                    }
                    Ok(exchange)
                }
                Err(e) => Err(Failure {
                    request: None,
                    message: format!("reading the response failed: {e}"),
                    elapsed: Default::default(),
                    cancelled: false,
                }),
            }
        }
        SendOutcome::Failed(error, elapsed) => {
            let message = error.to_string();
            save(
                &tx,
                history.clone(),
                entry_for_failure(&env.name, started, &sent, &message, elapsed),
            );
            Err(Failure {
                request: Some(sent),
                message,
                elapsed,
                cancelled: false,
            })
        }
        SendOutcome::Cancelled => return,
    };
    report(&tx, id, result);
}

/// Records off the async workers; a failure is shown, never fatal.
fn save(tx: &UnboundedSender<Action>, history: Option<Arc<History>>, entry: NewEntry) {
    let Some(history) = history else { return };
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = history.record(entry) {
            let _ = tx.send(Action::HistoryFailed(format!("not saved to history: {e}")));
        }
    });
}

fn not_sent(message: String) -> Failure {
    Failure {
        request: None,
        message: format!("not sent: {message}"),
        elapsed: Default::default(),
        cancelled: false,
    }
}

fn report(tx: &UnboundedSender<Action>, id: u64, result: Result<Arc<Exchange>, Failure>) {
    // The receiver is gone only when the app is shutting down.
    let _ = tx.send(Action::Finished { id, result });
}
