//! The one way a request goes out: read the secret, sign at the moment of
//! sending, send (cancellable, with the request's timeout), build the
//! exchange off the async workers, and record it to history.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::exchange::{Exchange, PreparedRequest, build_exchange, build_preview};
use super::failure::{Failure, FailureKind};
use super::record::{body_for_history, entry_for_failure, entry_for_response, now_ms};
use super::sign::sign_request;
use crate::config::Environment;
use crate::history::{History, NewEntry};
use crate::http::{HttpEngine, SendOutcome};

/// The HTTP engine and the history every exchange is recorded in. Cheap to
/// clone: one connection pool and one store per process.
#[derive(Clone)]
pub struct Pipeline {
    http: HttpEngine,
    history: Option<Arc<History>>,
}

/// How one send ended, and the history write it started.
pub struct Sent {
    pub result: Result<Arc<Exchange>, Failure>,
    pub recording: Recording,
}

/// A history write in progress; `finish` waits for it. Fronts show the
/// exchange first and learn of a failed write afterwards.
pub struct Recording(Option<JoinHandle<Result<(), String>>>);

impl Recording {
    /// Ok when the entry was written or there was nothing to write.
    pub async fn finish(self) -> Result<(), String> {
        match self.0 {
            None => Ok(()),
            Some(task) => task
                .await
                .unwrap_or_else(|e| Err(format!("the history task failed: {e}"))),
        }
    }
}

impl Pipeline {
    pub fn new(http: HttpEngine, history: Option<Arc<History>>) -> Self {
        Self { http, history }
    }

    pub fn history(&self) -> Option<&Arc<History>> {
        self.history.as_ref()
    }

    pub fn set_history(&mut self, history: Option<Arc<History>>) {
        self.history = history;
    }

    /// Sends one prepared request for `env`. `on_preview` gets the head of a
    /// big response while the whole body is still being indexed.
    pub async fn send(
        &self,
        request: PreparedRequest,
        env: &Environment,
        cancel: &CancellationToken,
        on_preview: impl FnOnce(Arc<Exchange>),
    ) -> Sent {
        let not_recorded = |result| Sent {
            result,
            recording: Recording(None),
        };
        // The secret is read now (a command may take a moment) and dropped after signing.
        // A cancel, a quit, or this future being dropped stops a command still running.
        let (name, source) = (env.name.clone(), env.secret.clone());
        let stop = StopOnDrop(Arc::new(AtomicBool::new(false)));
        let flag = Arc::clone(&stop.0);
        // A request to another origin is never signed: its secret is not even read.
        let secret = if request.unsigned {
            None
        } else {
            Some(tokio::select! {
                biased;
                _ = cancel.cancelled() => return not_recorded(Err(cancelled("nothing was sent"))),
                read = tokio::task::spawn_blocking(move || source.resolve_unless(&name, &flag)) => match read {
                    Ok(Ok(secret)) => secret,
                    Ok(Err(e)) => return not_recorded(Err(Failure::not_sent(e))),
                    Err(e) => return not_recorded(Err(Failure::not_sent(format!("reading the secret failed: {e}")))),
                },
            })
        };
        // One reading of the clock: the Date signed, the send time shown and the history's
        // time are the same instant, so a report and an export agree to the millisecond.
        let now = SystemTime::now();
        let source = request.source.clone();
        let (spec, sent) = sign_request(&request, env, secret.as_ref(), now);
        let started = sent.sent_at_ms.unwrap_or_else(now_ms);
        drop(secret);
        match self.http.execute(&spec, cancel).await {
            SendOutcome::Response(record) => {
                if let Some(preview) = build_preview(&sent, &record) {
                    on_preview(Arc::new(preview));
                }
                let kept = body_for_history(self.history.as_deref(), &record.body);
                // Parsing and pretty-printing a big body takes a while: keep it off
                // the async workers so input and drawing stay responsive.
                match tokio::task::spawn_blocking(move || build_exchange(sent, record)).await {
                    Ok(exchange) => {
                        let exchange = Arc::new(exchange);
                        let recording = kept.map(|(body, size)| NewEntry {
                            source: source.clone(),
                            ..entry_for_response(&env.name, started, &exchange, &body, size)
                        });
                        Sent {
                            recording: self.record(recording),
                            result: Ok(exchange),
                        }
                    }
                    Err(e) => not_recorded(Err(Failure {
                        request: None,
                        kind: FailureKind::Transport,
                        message: format!("reading the response failed: {e}"),
                        elapsed: Default::default(),
                    })),
                }
            }
            SendOutcome::Failed(error, elapsed) => {
                let message = error.to_string();
                let entry = NewEntry {
                    source,
                    ..entry_for_failure(&env.name, started, &sent, &message, elapsed)
                };
                Sent {
                    recording: self.record(Some(entry)),
                    result: Err(Failure {
                        request: Some(sent),
                        kind: FailureKind::Transport,
                        message,
                        elapsed,
                    }),
                }
            }
            SendOutcome::Cancelled => not_recorded(Err(Failure {
                request: Some(sent),
                ..cancelled(MAY_STILL_PROCESS)
            })),
        }
    }

    /// Writes on the blocking pool: SQLite must not stall the async workers.
    fn record(&self, entry: Option<NewEntry>) -> Recording {
        let (Some(history), Some(entry)) = (self.history.clone(), entry) else {
            return Recording(None);
        };
        if !history.settings().enabled {
            return Recording(None);
        }
        Recording(Some(tokio::task::spawn_blocking(move || {
            history
                .record(entry)
                .map(|_| ())
                .map_err(|e| format!("not saved to history: {e}"))
        })))
    }
}

/// Sets its flag when dropped: however the send ends, a secret command stops.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What a cancelled request's message adds to its kind (which says "cancelled" already).
pub const MAY_STILL_PROCESS: &str = "the server may still process the request";

fn cancelled(what_it_means: &str) -> Failure {
    Failure {
        request: None,
        kind: FailureKind::Cancelled,
        message: what_it_means.to_string(),
        elapsed: Default::default(),
    }
}
