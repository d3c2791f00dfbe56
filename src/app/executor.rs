//! Runs effects as tokio tasks that report back as actions. The TUI and the
//! headless tests use the same executor, so tests exercise the real send path.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::action::{Action, Effect, Failure};
use super::exchange::{build_exchange, sign_request};
use crate::http::{HttpEngine, SendOutcome};

pub struct Executor {
    http: HttpEngine,
    tx: UnboundedSender<Action>,
    in_flight: HashMap<u64, (CancellationToken, JoinHandle<()>)>,
}

impl Executor {
    pub fn new(http: HttpEngine, tx: UnboundedSender<Action>) -> Self {
        Self {
            http,
            tx,
            in_flight: HashMap::new(),
        }
    }

    /// Runs an effect in a task. Terminal effects are not ours: they are handed
    /// back for the event loop (headless runs have no terminal to use them on).
    pub fn run(&mut self, effect: Effect) -> Option<super::action::TerminalEffect> {
        self.in_flight.retain(|_, (_, task)| !task.is_finished());
        match effect {
            Effect::Send { id, request, env } => {
                let token = CancellationToken::new();
                let http = self.http.clone();
                let tx = self.tx.clone();
                let cancel = token.clone();
                let task = tokio::spawn(async move {
                    // The secret is read now (a command may take a moment) and dropped after signing.
                    let name = env.name.clone();
                    let source = env.secret.clone();
                    let secret =
                        match tokio::task::spawn_blocking(move || source.resolve(&name)).await {
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
                    // Signed here, not in update: the Date must be the moment of sending.
                    let (spec, sent) = sign_request(&request, &env, &secret, SystemTime::now());
                    drop(secret);
                    let result = match http.execute(&spec, &cancel).await {
                        SendOutcome::Response(record) => {
                            // Parsing and pretty-printing a big body takes a while: keep it
                            // off the async workers so input and drawing stay responsive.
                            let built =
                                tokio::task::spawn_blocking(move || build_exchange(sent, record))
                                    .await;
                            match built {
                                Ok(exchange) => Ok(Arc::new(exchange)),
                                Err(e) => Err(Failure {
                                    request: None,
                                    message: format!("reading the response failed: {e}"),
                                    elapsed: Default::default(),
                                    cancelled: false,
                                }),
                            }
                        }
                        SendOutcome::Failed(error, elapsed) => Err(Failure {
                            request: Some(sent),
                            message: error.to_string(),
                            elapsed,
                            cancelled: false,
                        }),
                        SendOutcome::Cancelled => return,
                    };
                    report(&tx, id, result);
                });
                self.in_flight.insert(id, (token, task));
            }
            Effect::Cancel { id } => {
                if let Some((token, _)) = self.in_flight.remove(&id) {
                    token.cancel();
                }
            }
            Effect::Terminal(effect) => return Some(effect),
        }
        None
    }

    /// Cancels everything (on quit), so no task outlives the terminal session.
    pub fn shutdown(&mut self) {
        for (_, (token, task)) in self.in_flight.drain() {
            token.cancel();
            task.abort();
        }
    }
}

fn not_sent(message: String) -> Failure {
    Failure {
        request: None,
        message: format!("not sent: {message}"),
        elapsed: Default::default(),
        cancelled: false,
    }
}

fn report(
    tx: &UnboundedSender<Action>,
    id: u64,
    result: Result<Arc<super::exchange::Exchange>, Failure>,
) {
    // The receiver is gone only when the app is shutting down.
    let _ = tx.send(Action::Finished { id, result });
}
