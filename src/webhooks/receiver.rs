//! The receiver: an HTTP server that answers every request at once, verifies
//! events with the configured keys, forwards them when asked, records them to
//! history and hands them to whoever shows them (`webhooks listen`, the TUI).
//!
//! Nothing it does waits on the viewer or the store: both get events through
//! queues bounded in count and bytes, and what does not fit is counted in
//! [`Counts`], never dropped silently. Bodies are capped (each, and all those
//! read at once), connections too, slow senders timed out, forwarding loops
//! refused, and the server binds wherever it is told (loopback by default, at
//! the callers).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::sync::{OnceCell, mpsc, watch};
use tokio_util::sync::CancellationToken;

use super::answer::{BAD_SIGNATURE_STATUS, answer_event};
use super::budget::{ByteBudget, Held};
use super::forward::{FORWARD_TIMEOUT, forward_to};
use super::forward_loop::{HOP_HEADER, came_back, forward_loops, new_mark};
use super::received::{Forwarded, Received, ReceivedKind};
use crate::config::SecretSource;
use crate::connect::webhook::{self, VERIFICATION_HEADER};
use crate::connect::webhook_events;
use crate::history::{History, NewEntry};
use crate::http::HttpEngine;

/// Bodies bigger than this are refused (413): no real event comes close.
pub const MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;
/// How long a sender may take over its body once the head arrived.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a connection may take to send a request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// Events waiting for the viewer; past it they are counted, never waited for.
const SHOWN_QUEUE: usize = 1024;
/// Events waiting for the history store.
const RECORD_QUEUE: usize = 512;
/// Bytes either queue may hold: past it an event is answered and counted, not
/// kept (1 024 events of 4 MB would be 4 GB).
pub const QUEUE_BYTES: usize = 64 * 1024 * 1024;
/// Requests not from a configured key (no signature, an unknown key id, a
/// refusal) recorded in full per run; past it they are counted, not recorded:
/// anyone who finds the URL can send them by the thousand.
pub const UNVERIFIED_RECORDED: u64 = 100;
/// Bytes of bodies being read and handled at once: past it a request is
/// answered 503 (Connect delivers again later), so 256 senders of 4 MB
/// bodies cannot take a gigabyte.
pub const READING_BYTES: usize = 64 * 1024 * 1024;
/// Connections served at once; past it they wait to be accepted.
pub const MAX_CONNECTIONS: usize = 256;
/// Connections the kernel holds for the receiver before it accepts them.
const ACCEPT_QUEUE: libc::c_int = 1024;
/// Redeliveries (F5 in the TUI) waiting for the app at once.
const MAX_REDELIVERIES: usize = 8;

/// What the receiver needs: the keys events are verified with (secrets are
/// read once, off the async threads, before the first verdict), where to
/// forward them, and the history to record them in.
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    pub keys: Vec<(String, SecretSource)>,
    pub forward: Option<String>,
    pub history: Option<Arc<History>>,
    /// How long a sender may take over its body (30 s; tests make it short).
    pub body_timeout: Duration,
    /// How long the app may take to answer a forwarded event (10 s).
    pub forward_timeout: Duration,
    /// Connections served at once ([`MAX_CONNECTIONS`]; tests make it small).
    pub max_connections: usize,
    /// Bytes of bodies read at once ([`READING_BYTES`]; tests make it small).
    pub reading_bytes: usize,
    /// The status an event that fails verification is answered with when nothing is
    /// forwarded ([`BAD_SIGNATURE_STATUS`], 401).
    pub bad_signature_status: u16,
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            forward: None,
            history: None,
            body_timeout: BODY_TIMEOUT,
            forward_timeout: FORWARD_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            reading_bytes: READING_BYTES,
            bad_signature_status: BAD_SIGNATURE_STATUS,
        }
    }
}

/// What did not go as it should, so far. Changes rarely; published on a watch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Answered and recorded but not shown: the viewer was behind.
    pub not_shown: u64,
    /// Answered but not recorded (the store was behind, or failed: `record_error`).
    pub not_recorded: u64,
    /// Answered but not recorded: not from a configured key, past the first
    /// [`UNVERIFIED_RECORDED`].
    pub unverified_not_recorded: u64,
    pub record_error: Option<String>,
    /// Keys whose secret could not be read (their events verify as unknown keys).
    pub key_problems: Vec<String>,
}

/// A running receiver. Dropping it stops the server.
#[derive(Debug)]
pub struct Receiver {
    pub address: SocketAddr,
    /// Events in arrival order (bounded in count and bytes).
    pub events: EventQueue,
    pub counts: watch::Receiver<Counts>,
    stop: CancellationToken,
    shared: Arc<Shared>,
}

impl Receiver {
    /// Delivers `event` to the app again, byte for byte with its headers
    /// (the integrator fixed their endpoint and wants the same event once
    /// more, not Connect's retry schedule). The app's answer comes back as
    /// a new event on [`Receiver::events`], recorded like the others. Err
    /// when there is no app to deliver to, or nothing to deliver.
    pub fn redeliver(&self, event: &Received) -> Result<(), String> {
        let Some(url) = self.shared.forward.clone() else {
            return Err("no app to deliver to: start cinspect with --webhooks-forward URL".into());
        };
        let ReceivedKind::Event { verdict, facts, .. } = &event.kind else {
            return Err("only an event can be delivered again".into());
        };
        // Each waits up to the forward timeout on the app: a held-down F5 is bounded.
        let waiting = self.shared.redelivering.load(Ordering::Relaxed);
        if waiting >= MAX_REDELIVERIES {
            return Err(format!(
                "{waiting} deliveries are still waiting for the app: wait for their answers"
            ));
        }
        self.shared.redelivering.fetch_add(1, Ordering::Relaxed);
        let shared = Arc::clone(&self.shared);
        let mut again = Received {
            received_at_ms: crate::pipeline::record::now_ms(),
            kind: ReceivedKind::Event {
                verdict: verdict.clone(),
                facts: facts.clone(),
                forward: None,
            },
            redelivered_to: Some(url.clone()),
            ..event.clone()
        };
        tokio::spawn(async move {
            let forward = forward_to(
                &shared.http,
                &url,
                &again.headers,
                &again.body,
                shared.forward_timeout,
                &shared.mark,
            )
            .await;
            again.answered = forward.status_for_sender();
            if let ReceivedKind::Event { forward: slot, .. } = &mut again.kind {
                *slot = Some(forward);
            }
            shared.redelivering.fetch_sub(1, Ordering::Relaxed);
            shared.publish(again);
        });
        Ok(())
    }
}

/// The events waiting for the viewer, taken in arrival order; what is taken
/// gives its bytes back to the queue's budget.
#[derive(Debug)]
pub struct EventQueue {
    rx: mpsc::Receiver<(Received, usize)>,
    budget: Arc<ByteBudget>,
}

impl EventQueue {
    /// The next event; `None` once the receiver stopped.
    pub async fn recv(&mut self) -> Option<Received> {
        let (received, bytes) = self.rx.recv().await?;
        self.budget.give_back(bytes);
        Some(received)
    }

    /// An event already waiting, if one is.
    pub fn try_recv(&mut self) -> Result<Received, mpsc::error::TryRecvError> {
        let (received, bytes) = self.rx.try_recv()?;
        self.budget.give_back(bytes);
        Ok(received)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Binds `addr` (port 0: any free one) without waiting, so a front end learns
/// of an address in use before it starts.
pub fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    deepen_accept_queue(&listener);
    Ok(listener)
}

/// Connections past [`MAX_CONNECTIONS`] wait in the kernel's accept queue; std's
/// 128 places would drop a burst's connection attempts (they are tried again
/// only after seconds). Listening again on a listening socket sets its queue.
fn deepen_accept_queue(listener: &std::net::TcpListener) {
    use std::os::fd::AsRawFd;
    // SAFETY: listen(2) on a socket this listener owns; a failure leaves std's queue.
    let _ = unsafe { libc::listen(listener.as_raw_fd(), ACCEPT_QUEUE) };
}

/// Where to listen, as a user types it: a port (`8787`, on loopback) or
/// `HOST:PORT` (`0.0.0.0:8787` to take events from other machines).
pub fn listen_address(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    if let Some(Ok(port)) = text.strip_prefix("localhost:").map(str::parse::<u16>) {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    text.parse::<SocketAddr>().map_err(|_| {
        format!("{text:?} is not an address: a port (8787) or HOST:PORT (127.0.0.1:8787)")
    })
}

/// A line saying who can reach a receiver on `addr` when it is more than this
/// machine; `None` on loopback. A receiver is a door anyone may knock on.
pub fn exposure(addr: SocketAddr) -> Option<String> {
    let ip = addr.ip();
    if ip.is_loopback() {
        return None;
    }
    Some(if ip.is_unspecified() {
        format!("listening on all interfaces ({ip}): reachable from other hosts, not only this one")
    } else {
        format!("listening on {ip}, not loopback: reachable from other hosts")
    })
}

/// Serves on `listener` until the [`Receiver`] is dropped. Needs a tokio runtime.
pub fn start(listener: std::net::TcpListener, config: ReceiverConfig) -> anyhow::Result<Receiver> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let address = listener.local_addr()?;
    if let Some(why) = config
        .forward
        .as_deref()
        .and_then(|url| forward_loops(url, address))
    {
        anyhow::bail!(why);
    }
    let (shown, events) = mpsc::channel(SHOWN_QUEUE);
    let shown_budget = Arc::new(ByteBudget::new(QUEUE_BYTES));
    let (counts_tx, counts) = watch::channel(Counts::default());
    let counts_tx = Arc::new(counts_tx);
    let recorder = config
        .history
        .map(|h| start_recorder(h, Arc::clone(&counts_tx)));
    let shared = Arc::new(Shared {
        redelivering: AtomicUsize::new(0),
        unverified: AtomicU64::new(0),
        body_timeout: config.body_timeout,
        reading: Arc::new(ByteBudget::new(config.reading_bytes)),
        forward_timeout: config.forward_timeout,
        sources: config.keys,
        keys: OnceCell::new(),
        forward: config.forward,
        bad_signature_status: config.bad_signature_status,
        http: HttpEngine::new()?,
        shown,
        shown_budget: Arc::clone(&shown_budget),
        recorder,
        counts: counts_tx,
        on: address.to_string(),
        mark: new_mark(),
    });
    // Read the secrets now, not when the first event is waiting for them.
    let early = Arc::clone(&shared);
    tokio::spawn(async move {
        early.keys().await;
    });
    let app = Router::new()
        .fallback(receive)
        .with_state(Arc::clone(&shared));
    let stop = CancellationToken::new();
    tokio::spawn(crate::http::serve_at_most(
        listener,
        app,
        HEAD_TIMEOUT,
        stop.clone().cancelled_owned(),
        Some(config.max_connections),
    ));
    Ok(Receiver {
        address,
        events: EventQueue {
            rx: events,
            budget: shown_budget,
        },
        counts,
        stop,
        shared,
    })
}

/// Debug names where it listens and forwards, never the keys.
impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("on", &self.on)
            .field("forward", &self.forward)
            .finish_non_exhaustive()
    }
}

struct Shared {
    /// Redeliveries waiting for the app.
    redelivering: AtomicUsize,
    /// Requests not from a configured key so far.
    unverified: AtomicU64,
    body_timeout: Duration,
    /// The bodies being read and handled.
    reading: Arc<ByteBudget>,
    forward_timeout: Duration,
    sources: Vec<(String, SecretSource)>,
    keys: OnceCell<Arc<Vec<(String, String)>>>,
    forward: Option<String>,
    bad_signature_status: u16,
    http: HttpEngine,
    shown: mpsc::Sender<(Received, usize)>,
    shown_budget: Arc<ByteBudget>,
    recorder: Option<Recorder>,
    counts: Arc<watch::Sender<Counts>>,
    /// The address, for the history's source.
    on: String,
    /// What the copies it forwards carry, to know them if they come back.
    mark: String,
}

impl Shared {
    /// The (key id, secret) pairs, read once on the blocking pool.
    async fn keys(&self) -> Arc<Vec<(String, String)>> {
        let keys = self.keys.get_or_init(|| async {
            let sources = self.sources.clone();
            let resolved = tokio::task::spawn_blocking(move || {
                let mut keys = Vec::new();
                let mut problems = Vec::new();
                for (id, source) in &sources {
                    match source.resolve(id) {
                        Ok(secret) => keys.push((id.clone(), secret.expose().to_string())),
                        Err(e) => problems.push(format!("webhook key {id}: {e}")),
                    }
                }
                (keys, problems)
            })
            .await;
            let (keys, problems) = resolved.unwrap_or_else(|e| {
                (
                    Vec::new(),
                    vec![format!("reading the webhook keys failed: {e}")],
                )
            });
            if !problems.is_empty() {
                self.counts.send_modify(|c| c.key_problems = problems);
            }
            Arc::new(keys)
        });
        Arc::clone(keys.await)
    }

    /// Records and shows one request; neither ever waits. Past either
    /// queue's bound (in count or bytes) the request is counted instead.
    fn publish(&self, received: Received) {
        if let Some(recorder) = &self.recorder {
            if !received.from_a_configured_key()
                && self.unverified.fetch_add(1, Ordering::Relaxed) >= UNVERIFIED_RECORDED
            {
                self.counts.send_modify(|c| c.unverified_not_recorded += 1);
            } else if !recorder.try_send(received.entry(&self.on)) {
                self.counts.send_modify(|c| c.not_recorded += 1);
            }
        }
        let bytes = received.queued_bytes();
        if !self.shown_budget.try_take(bytes) {
            self.counts.send_modify(|c| c.not_shown += 1);
            return;
        }
        if self.shown.try_send((received, bytes)).is_err() {
            self.shown_budget.give_back(bytes);
            self.counts.send_modify(|c| c.not_shown += 1);
        }
    }
}

/// The history store's queue, bounded in count and bytes.
struct Recorder {
    tx: mpsc::Sender<(NewEntry, usize)>,
    budget: Arc<ByteBudget>,
}

impl Recorder {
    /// Queues `entry`; false when it does not fit.
    fn try_send(&self, entry: NewEntry) -> bool {
        let bytes = entry_bytes(&entry);
        if !self.budget.try_take(bytes) {
            return false;
        }
        if self.tx.try_send((entry, bytes)).is_err() {
            self.budget.give_back(bytes);
            return false;
        }
        true
    }
}

/// About what an entry holds in memory: its texts (the rest is small and fixed).
fn entry_bytes(e: &NewEntry) -> usize {
    let headers: usize = e
        .request_headers
        .iter()
        .map(|(n, v)| n.len() + v.len())
        .sum();
    e.request_body.len()
        + e.response_body.len()
        + e.url.len()
        + e.verdict_summary.len()
        + e.transport_error.as_ref().map_or(0, String::len)
        + headers
        + 256
}

/// Writes entries on the blocking pool, several per transaction when they queue up.
fn start_recorder(history: Arc<History>, counts: Arc<watch::Sender<Counts>>) -> Recorder {
    let (tx, mut rx) = mpsc::channel::<(NewEntry, usize)>(RECORD_QUEUE);
    let budget = Arc::new(ByteBudget::new(QUEUE_BYTES));
    let held = Arc::clone(&budget);
    tokio::task::spawn_blocking(move || {
        while let Some(first) = rx.blocking_recv() {
            let mut batch = vec![first];
            while batch.len() < 64
                && let Ok(more) = rx.try_recv()
            {
                batch.push(more);
            }
            let n = batch.len() as u64;
            // The bytes stay taken until written: the batch is part of the bound.
            let bytes: usize = batch.iter().map(|(_, b)| b).sum();
            let result = history.record_batch(batch.into_iter().map(|(e, _)| e));
            held.give_back(bytes);
            if let Err(e) = result {
                counts.send_modify(|c| {
                    c.not_recorded += n;
                    c.record_error = Some(e.to_string());
                });
            }
        }
    });
    Recorder { tx, budget }
}

async fn receive(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let received_at_ms = crate::pipeline::record::now_ms();
    let (parts, body) = request.into_parts();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), ToString::to_string);
    let mut received = Received {
        received_at_ms,
        method: parts.method.to_string(),
        path,
        headers,
        body: Vec::new(),
        kind: ReceivedKind::Refused {
            reason: String::new(),
        },
        answered: 200,
        redelivered_to: None,
    };
    // A copy this receiver forwarded, back: forwarding it again would never end.
    if came_back(&received.headers, &shared.mark) {
        let reason = format!(
            "a copy this receiver forwarded came back ({HOP_HEADER}): the --forward target leads \
             back here, so it is not forwarded again"
        );
        received.answered = StatusCode::LOOP_DETECTED.as_u16();
        received.kind = ReceivedKind::Refused {
            reason: reason.clone(),
        };
        shared.publish(received);
        return (StatusCode::LOOP_DETECTED, reason).into_response();
    }
    // Registering an endpoint: answer the value back as plain text.
    if parts.method == Method::GET
        && let Some(value) = parts.headers.get(VERIFICATION_HEADER)
    {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        received.kind = ReceivedKind::Verification {
            value: value.clone(),
        };
        shared.publish(received);
        return ([("content-type", "text/plain")], value).into_response();
    }
    // Held until the answer: the body and its copies live that long.
    let mut held = Held::new(Arc::clone(&shared.reading));
    let body = match read_body(body, shared.body_timeout, &mut held).await {
        Ok(body) => body,
        Err((status, reason)) => {
            received.answered = status.as_u16();
            received.kind = ReceivedKind::Refused {
                reason: reason.clone(),
            };
            shared.publish(received);
            return (status, reason).into_response();
        }
    };
    let keys = shared.keys().await;
    let verdict = webhook::verify(&received.headers, &body, &keys);
    let facts = webhook_events::facts(&body);
    let forward = match &shared.forward {
        Some(url) => Some(
            forward_to(
                &shared.http,
                url,
                &received.headers,
                &body,
                shared.forward_timeout,
                &shared.mark,
            )
            .await,
        ),
        None => None,
    };
    // The app's answer goes back: its failure to accept an event is what is hunted. Without
    // an app, the receiver answers as a correct endpoint would.
    let (status, answer) = match &forward {
        Some(Forwarded::Answered { status, body, .. }) => (*status, body.clone()),
        Some(Forwarded::Failed { .. }) => (502, "the forward target did not answer".to_string()),
        None => answer_event(&verdict, shared.bad_signature_status),
    };
    received.answered = status;
    received.body = body;
    received.kind = ReceivedKind::Event {
        verdict,
        facts,
        forward,
    };
    shared.publish(received);
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        answer,
    )
        .into_response()
}

/// The whole body, or the status and reason it is refused with: bigger than
/// [`MAX_EVENT_BYTES`] (read no further), past what all requests may hold at
/// once (`held`'s budget), slower than `timeout`, or cut off.
async fn read_body(
    body: Body,
    timeout: Duration,
    held: &mut Held,
) -> Result<Vec<u8>, (StatusCode, String)> {
    let started = Instant::now();
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    loop {
        let left = timeout.saturating_sub(started.elapsed());
        let chunk = match tokio::time::timeout(left, stream.next()).await {
            Err(_) => {
                return Err((
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "the body did not arrive within {:.1} s ({} bytes came)",
                        timeout.as_secs_f64(),
                        bytes.len()
                    ),
                ));
            }
            Ok(None) => return Ok(bytes),
            Ok(Some(Err(e))) => {
                return Err((
                    StatusCode::BAD_REQUEST,
                    format!("the body was cut off after {} bytes: {e}", bytes.len()),
                ));
            }
            Ok(Some(Ok(chunk))) => chunk,
        };
        if bytes.len() + chunk.len() > MAX_EVENT_BYTES {
            return Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the body is bigger than {} MiB, more than any event",
                    MAX_EVENT_BYTES / (1024 * 1024)
                ),
            ));
        }
        if !held.grow(chunk.len()) {
            return Err((
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the receiver is reading {} MiB of bodies at once already: try again later",
                    READING_BYTES / (1024 * 1024)
                ),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::listen_address;

    #[test]
    fn a_port_alone_listens_on_loopback() {
        assert_eq!(
            listen_address(" 8787 ").unwrap().to_string(),
            "127.0.0.1:8787"
        );
        assert_eq!(
            listen_address("localhost:9000").unwrap().to_string(),
            "127.0.0.1:9000"
        );
        assert_eq!(
            listen_address("0.0.0.0:8787").unwrap().to_string(),
            "0.0.0.0:8787"
        );
        assert_eq!(listen_address("[::1]:80").unwrap().to_string(), "[::1]:80");
    }

    #[test]
    fn only_loopback_is_not_called_exposed() {
        let exposed = |a: &str| super::exposure(a.parse().unwrap());
        assert_eq!(exposed("127.0.0.1:8787"), None);
        assert_eq!(exposed("[::1]:8787"), None);
        let all = exposed("0.0.0.0:8787").unwrap();
        assert!(
            all.contains("all interfaces") && all.contains("other hosts"),
            "{all}"
        );
        assert!(exposed("[::]:8787").unwrap().contains("all interfaces"));
        assert!(exposed("192.168.1.5:80").unwrap().contains("other hosts"));
    }

    #[test]
    fn anything_else_says_what_is_expected() {
        let e = listen_address("example.com:80").unwrap_err();
        assert!(e.contains("HOST:PORT"), "{e}");
        assert!(listen_address("99999").is_err());
    }
}
