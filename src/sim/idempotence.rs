//! Idempotent POSTs (`X-GCS-Idempotence-Key`): the first outcome is kept for 24 hours with the
//! first request's arrival time; a repeat gets that outcome again plus
//! `X-GCS-Idempotence-Request-Timestamp`; a repeat while the first is still being processed gets
//! 409 with the single error 1409. Keys are scoped by request path. With `--max-objects N` at
//! most N outcomes are kept (the oldest forgotten first), so memory stays flat.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::api_error::{ApiError, error_response};
use super::clock::now_millis;

pub const IDEMPOTENCE_KEY: &str = "x-gcs-idempotence-key";
pub const IDEMPOTENCE_TIMESTAMP: &str = "x-gcs-idempotence-request-timestamp";

/// How long an outcome is kept, like the API.
const RETENTION_MILLIS: u64 = 24 * 60 * 60 * 1000;

/// Outcomes are JSON answers of a few kilobytes; this only guards against the absurd.
const MAX_OUTCOME_BYTES: usize = 16 * 1024 * 1024;

/// The request path and the key.
type Scope = (String, String);

/// A kept answer: status, body, and the headers that belong to the outcome.
#[derive(Clone, Debug)]
pub struct Outcome {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl Outcome {
    fn to_response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        for (name, value) in &self.headers {
            response.headers_mut().insert(name.clone(), value.clone());
        }
        response
    }
}

#[derive(Debug)]
enum Entry {
    InFlight { arrived: u64, token: u64 },
    Done { arrived: u64, outcome: Outcome },
}

/// What a request with a key finds.
#[derive(Debug)]
pub enum Claim {
    /// The first request with this key: process it, then `complete` the guard.
    First(InFlightGuard),
    /// A request with this key is still being processed.
    InProgress { arrived: u64 },
    /// A request with this key was answered: repeat its outcome.
    Replay { arrived: u64, outcome: Outcome },
}

#[derive(Debug, Default)]
pub struct IdempotenceStore {
    entries: Mutex<HashMap<Scope, Entry>>,
    next_token: AtomicU64,
    /// Answered keys, oldest first, for the bound and the expiry sweep.
    answered: Mutex<VecDeque<(u64, Scope)>>,
    /// At most this many answered keys are kept (`--max-objects`); None: no bound.
    max_answered: Option<usize>,
}

impl IdempotenceStore {
    fn entries(&self) -> MutexGuard<'_, HashMap<Scope, Entry>> {
        // Every change is a single insert or remove, so a poisoned map is still consistent.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A store keeping at most `max_answered` answered keys (the oldest forgotten first).
    pub fn bounded(max_answered: Option<usize>) -> Self {
        Self {
            max_answered,
            ..Self::default()
        }
    }

    /// Forgets answered keys past retention, and the oldest past the bound: oldest first, so
    /// each claim costs only the keys it lets go. In-flight keys are removed by their guard.
    fn forget_old(&self, entries: &mut HashMap<Scope, Entry>, now: u64) {
        let mut answered = self
            .answered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while let Some((arrived, scope)) = answered.front() {
            let expired = now.saturating_sub(*arrived) >= RETENTION_MILLIS;
            let over = self.max_answered.is_some_and(|max| answered.len() > max);
            if !expired && !over {
                break;
            }
            // A key answered again after expiring has a newer arrival: that entry stays.
            if matches!(entries.get(scope), Some(Entry::Done { arrived: a, .. }) if a == arrived) {
                entries.remove(scope);
            }
            answered.pop_front();
        }
    }

    /// Looks the key up at `now` (ms since the epoch), claiming it when it is new or expired.
    pub fn claim(self: &Arc<Self>, scope: Scope, now: u64) -> Claim {
        let token = self.next_token.fetch_add(1, Ordering::Relaxed);
        let mut entries = self.entries();
        self.forget_old(&mut entries, now);
        // An answered key past retention that the sweep has not reached (a clock that went
        // back) is new again.
        if matches!(entries.get(&scope), Some(Entry::Done { arrived, .. }) if now.saturating_sub(*arrived) >= RETENTION_MILLIS)
        {
            entries.remove(&scope);
        }
        match entries.get(&scope) {
            Some(Entry::InFlight { arrived, .. }) => Claim::InProgress { arrived: *arrived },
            Some(Entry::Done { arrived, outcome }) => Claim::Replay {
                arrived: *arrived,
                outcome: outcome.clone(),
            },
            None => {
                entries.insert(
                    scope.clone(),
                    Entry::InFlight {
                        arrived: now,
                        token,
                    },
                );
                Claim::First(InFlightGuard {
                    store: Arc::clone(self),
                    scope,
                    token,
                    arrived: now,
                    completed: false,
                })
            }
        }
    }
}

/// Holds a claimed key while its request is processed. Dropped without `complete` (the client
/// went away, the handler failed), it releases the key so a retry is processed afresh.
#[derive(Debug)]
pub struct InFlightGuard {
    store: Arc<IdempotenceStore>,
    scope: Scope,
    token: u64,
    arrived: u64,
    completed: bool,
}

impl InFlightGuard {
    pub fn complete(mut self, outcome: Outcome) {
        let mut entries = self.store.entries();
        if self.owns(&entries) {
            let arrived = self.arrived;
            entries.insert(self.scope.clone(), Entry::Done { arrived, outcome });
            self.store
                .answered
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push_back((arrived, self.scope.clone()));
        }
        self.completed = true;
    }

    fn owns(&self, entries: &HashMap<Scope, Entry>) -> bool {
        matches!(entries.get(&self.scope), Some(Entry::InFlight { token, .. }) if *token == self.token)
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if !self.completed {
            let mut entries = self.store.entries();
            if self.owns(&entries) {
                entries.remove(&self.scope);
            }
        }
    }
}

/// The 409 for a repeat while the first request is being processed
/// (fixtures/409-duplicate-request.json).
fn duplicate_in_progress() -> Response {
    let error = ApiError::bare(
        StatusCode::CONFLICT,
        "1409",
        "DUPLICATE REQUEST IN PROGRESS",
    );
    error_response(StatusCode::CONFLICT, &[error])
}

fn with_timestamp(mut response: Response, arrived: u64) -> Response {
    response.headers_mut().insert(
        HeaderName::from_static(IDEMPOTENCE_TIMESTAMP),
        HeaderValue::from(arrived),
    );
    response
}

/// The key of a POST to the API (`/v1/...`) that carries one.
fn idempotence_key(request: &Request) -> Option<String> {
    if request.method() != Method::POST || !request.uri().path().starts_with("/v1/") {
        return None;
    }
    let key = request
        .headers()
        .get(IDEMPOTENCE_KEY)?
        .to_str()
        .ok()?
        .trim();
    (!key.is_empty()).then(|| key.to_owned())
}

/// Middleware applying the idempotence rules to the routes it wraps.
pub async fn layer(
    State(store): State<Arc<IdempotenceStore>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = idempotence_key(&request) else {
        return next.run(request).await;
    };
    let scope = (request.uri().path().to_owned(), key);
    let guard = match store.claim(scope, now_millis()) {
        Claim::InProgress { arrived } => return with_timestamp(duplicate_in_progress(), arrived),
        Claim::Replay { arrived, outcome } => {
            return with_timestamp(outcome.to_response(), arrived);
        }
        Claim::First(guard) => guard,
    };
    let (parts, body) = next.run(request).await.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_OUTCOME_BYTES).await else {
        // The guard drops here and releases the key: this answer is not an outcome to keep.
        let error = ApiError::bare(
            StatusCode::INTERNAL_SERVER_ERROR,
            "9999",
            "UNKNOWN_SERVER_ERROR",
        );
        return error_response(StatusCode::INTERNAL_SERVER_ERROR, &[error]);
    };
    let headers = [header::CONTENT_TYPE, header::LOCATION]
        .into_iter()
        .filter_map(|name| parts.headers.get(&name).map(|v| (name, v.clone())))
        .collect();
    let outcome = Outcome {
        status: parts.status,
        headers,
        body,
    };
    let response = outcome.to_response();
    guard.complete(outcome);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(key: &str) -> Scope {
        ("/v1/1234/payments".to_owned(), key.to_owned())
    }

    fn outcome(status: StatusCode) -> Outcome {
        Outcome {
            status,
            headers: Vec::new(),
            body: Bytes::from_static(b"{}"),
        }
    }

    #[test]
    fn repeat_while_in_flight_is_in_progress_with_first_arrival() {
        let store = Arc::new(IdempotenceStore::default());
        let Claim::First(_guard) = store.claim(scope("k"), 1_000) else {
            panic!("first claim must be first");
        };
        assert!(matches!(
            store.claim(scope("k"), 2_000),
            Claim::InProgress { arrived: 1_000 }
        ));
    }

    #[test]
    fn repeat_after_completion_replays_the_first_outcome() {
        let store = Arc::new(IdempotenceStore::default());
        let Claim::First(guard) = store.claim(scope("k"), 1_000) else {
            panic!("first claim must be first");
        };
        guard.complete(outcome(StatusCode::CREATED));
        match store.claim(scope("k"), 5_000) {
            Claim::Replay { arrived, outcome } => {
                assert_eq!(arrived, 1_000);
                assert_eq!(outcome.status, StatusCode::CREATED);
            }
            other => panic!("expected a replay, got {other:?}"),
        }
    }

    #[test]
    fn dropped_guard_releases_the_key() {
        let store = Arc::new(IdempotenceStore::default());
        drop(store.claim(scope("k"), 1_000));
        assert!(matches!(store.claim(scope("k"), 2_000), Claim::First(_)));
    }

    #[test]
    fn outcomes_expire_after_24_hours() {
        let store = Arc::new(IdempotenceStore::default());
        let Claim::First(guard) = store.claim(scope("k"), 1_000) else {
            panic!("first claim must be first");
        };
        guard.complete(outcome(StatusCode::CREATED));
        assert!(matches!(
            store.claim(scope("k"), 1_000 + RETENTION_MILLIS),
            Claim::First(_)
        ));
    }

    #[test]
    fn keys_are_scoped_by_path_and_key() {
        let store = Arc::new(IdempotenceStore::default());
        let _first = store.claim(scope("k"), 1_000);
        assert!(matches!(
            store.claim(scope("other"), 1_000),
            Claim::First(_)
        ));
        let elsewhere = ("/v1/1234/payments/1/cancel".to_owned(), "k".to_owned());
        assert!(matches!(store.claim(elsewhere, 1_000), Claim::First(_)));
    }

    #[test]
    fn past_the_bound_the_oldest_answered_keys_are_forgotten() {
        let store = Arc::new(IdempotenceStore::bounded(Some(2)));
        for key in ["a", "b", "c"] {
            let Claim::First(guard) = store.claim(scope(key), 1_000) else {
                panic!("first claim must be first");
            };
            guard.complete(outcome(StatusCode::CREATED));
        }
        // The claim of "c" again sweeps: "a" is past the bound of 2.
        assert!(matches!(
            store.claim(scope("c"), 2_000),
            Claim::Replay { .. }
        ));
        assert!(matches!(
            store.claim(scope("b"), 2_000),
            Claim::Replay { .. }
        ));
        assert!(matches!(store.claim(scope("a"), 2_000), Claim::First(_)));
    }

    #[test]
    fn stale_guard_does_not_remove_a_newer_entry() {
        let store = Arc::new(IdempotenceStore::default());
        let Claim::First(old) = store.claim(scope("k"), 1_000) else {
            panic!("first claim must be first");
        };
        // Simulate the entry being replaced (as after expiry) while the old guard lives.
        store.entries().remove(&scope("k"));
        let Claim::First(new) = store.claim(scope("k"), 2_000) else {
            panic!("claim after removal must be first");
        };
        drop(old);
        assert!(matches!(
            store.claim(scope("k"), 3_000),
            Claim::InProgress { arrived: 2_000 }
        ));
        drop(new);
    }
}
