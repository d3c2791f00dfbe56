//! The embedded simulator of the Ingenico Connect Server API, for `cinspect --demo`, `cinspect sim`
//! and the tests. It answers like the real API for a useful subset (payments of every method
//! family with real validation, idempotence, payment actions, captures, refunds, tokens, payouts,
//! hosted checkouts, mandates and hosted mandate management, the finds of payments, refunds and
//! payouts (`find.rs`), test connection), keeps their state (`store.rs`; `--state` in
//! `state_file.rs`), plus fault routes, a state dump and consumer pages under `/sim/`.
//! It is a simulator, not the API: every response carries a `Server` header saying so.
//! The stateless services (products, directory, groups, convert amount, IIN details, privacy
//! policy, bank accounts, risk assessments) answer from built-in tables (`services/`); every
//! other endpoint of the API model answers an instance of its response type built from the
//! model (`generic.rs`, marked `X-Cinspect-Sim-Generated`). Request bodies are checked by the
//! model first (`model_check.rs`); `manners.rs` says `Connection: close` when a body was not read.
//!
//! Choices the simulator makes where the API's behaviour is not public (documented so the
//! inspector's users and tests know what is invented):
//! - a body that is not a JSON object → 400, code `21000000`, id `INVALID_JSON`, no propertyName;
//! - the ids `INVALID_CARD_NUMBER` (21000020) and `INVALID_EXPIRY_DATE` (21000120);
//! - shopping-cart consistency errors use 1099 `INVALID_VALUE` with a message quoting the value;
//! - the fraud denial (billing city Denver) is a 402 with code `300160` and status code 160;
//! - a payment action in the wrong status → 400, code `300410`, id `INVALID_PAYMENT_STATUS`;
//! - a SEPA direct debit naming a blocked or revoked mandate → 400 `300410`
//!   `INVALID_MANDATE_STATUS`;
//! - idempotence keys are scoped by request path;
//! - the magic values, status codes and pages of the README's "The simulator's state,
//!   scenarios and families" (`scenario.rs`, `consumer.rs`, `hosted_checkouts.rs`).
//!
//! Every `/v1/` (and File API `/files/v1/`) request must be signed (v1HMAC) with one of
//! [`SimConfig::keys`] (the demo key, and any given to `cinspect sim --api-key-id`); see `auth.rs`. The `/sim/` fault routes are
//! open. Connections that take longer than [`SimConfig::header_timeout`] to send a request head
//! are closed; see `http::serve`. With [`SimConfig::webhooks`] it sends signed webhook events for
//! the payments it creates, rejects, captures, cancels and refunds, and for refunds, payouts
//! and tokens; see `webhooks.rs`.

mod api_error;
mod auth;
mod captures;
mod card;
mod clock;
mod consumer;
mod control;
mod disputes;
mod faults;
mod find;
mod generic;
mod hosted_checkouts;
mod hosted_mandates;
mod hosted_pages;
mod idempotence;
mod mandates;
mod manners;
mod method;
mod model_check;
mod objects;
mod payment;
mod payments;
mod payouts;
mod refunds;
mod scenario;
mod server;
mod services;
mod state_file;
mod store;
mod tables;
mod tokens;
mod validate;
mod violation;
mod webhooks;

#[cfg(test)]
mod fault_route_tests;
#[cfg(test)]
mod find_route_tests;
#[cfg(test)]
mod hosted_page_route_tests;
#[cfg(test)]
mod mandate_route_tests;
#[cfg(test)]
mod model_route_tests;
#[cfg(test)]
mod model_walk_tests;
#[cfg(test)]
mod payment_route_tests;
#[cfg(test)]
mod service_route_tests;
#[cfg(test)]
mod session_route_tests;
#[cfg(test)]
mod state_route_tests;
#[cfg(test)]
mod test_support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use server::{router, router_with_store};
pub use state_file::MAX_STATE_BYTES;
pub use webhooks::{WebhookDelivery, WebhookTarget};

use crate::config::Secret;

pub use crate::config::demo::{DEMO_API_KEY_ID, DEMO_MERCHANT_ID, DEMO_SECRET};
pub const DEFAULT_PORT: u16 = 7878;
pub const BANNER: &str = "cinspect simulator of the Ingenico Connect Server API — a simulator for demos and tests, not the API";

/// The demo create-payment body: rejected by the simulator with four errors at once (see
/// `assets/demo/create-payment-rejected.json`): the expiry date `1210` in the past, the missing
/// `order.customer.billingAddress.countryCode`, `order.shoppingCart.items[2].amountOfMoney.amount`
/// (1-based: the second of two items, so a 0-based reading points at nothing) and the predicate
/// `order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount` (a negative discount).
const DEMO_REQUEST_BODY: &str = include_str!("../../assets/demo/create-payment-rejected.json");

/// How long [`RunningSim::shutdown`] lets open requests finish before the server task is aborted.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How many objects are kept unless told otherwise (`--max-objects`): enough for any test
/// suite, and a bound, so a long-running simulator's memory stops growing.
pub const DEFAULT_MAX_OBJECTS: usize = 1_000_000;

/// How long a connection may take to send a request head unless told otherwise.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// An API key the simulator accepts: its id and the secret signatures are checked with.
#[derive(Clone, Debug)]
pub struct SimKey {
    pub api_key_id: String,
    pub secret: Secret,
}

impl SimKey {
    /// The built-in demo key (`DEMO_API_KEY_ID` with `DEMO_SECRET`).
    pub fn demo() -> Self {
        Self {
            api_key_id: DEMO_API_KEY_ID.to_owned(),
            secret: Secret::new(DEMO_SECRET),
        }
    }
}

/// Settings of one simulator instance. The secrets are [`Secret`]s, so Debug masks them.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// The API keys a `/v1/` request may be signed with; by default only the demo key.
    pub keys: Vec<SimKey>,
    /// How long a create payment whose merchantReference starts with "slow" is processed: the
    /// window in which an idempotent repeat is answered 409 "in progress".
    pub slow_processing: Duration,
    /// Refuse `/v1/` requests without a valid v1HMAC signature, as the API does. Off only for
    /// poking the simulator with curl (`cinspect sim --no-auth`) and for route tests that are
    /// about something else.
    pub check_signatures: bool,
    /// How long a connection may take to send a request head, counted from when it connects or
    /// from the previous answer; then it is closed. Without it a client that sends half a head
    /// (or nothing) holds its connection for ever. Idle keep-alive connections close then too.
    pub header_timeout: Duration,
    /// The clock the Date check compares with: `SystemTime::now` except in tests, which pin it
    /// to check dates that today cannot have (a one-digit day).
    pub clock: fn() -> SystemTime,
    /// Where to send webhook events for what the simulator does; none by default.
    pub webhooks: Option<WebhookTarget>,
    /// Retries, timeout and queue size of those events.
    pub webhook_delivery: WebhookDelivery,
    /// At most this many objects (payments, tokens, refunds, ...) are kept; the oldest are
    /// let go first. [`DEFAULT_MAX_OBJECTS`] by default; None: no bound.
    pub max_objects: Option<usize>,
    /// Makes the random-looking ids (tokens, RETURNMACs, hosted checkouts) the same each run.
    pub seed: Option<u64>,
    /// Where the state is kept across restarts: loaded at start, written (atomically) a
    /// moment after each change and at shutdown.
    pub state_file: Option<PathBuf>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            keys: vec![SimKey::demo()],
            slow_processing: Duration::from_secs(2),
            check_signatures: true,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            clock: SystemTime::now,
            webhooks: None,
            webhook_delivery: WebhookDelivery::default(),
            max_objects: Some(DEFAULT_MAX_OBJECTS),
            seed: None,
            state_file: None,
        }
    }
}

impl SimConfig {
    /// Accepts `key` too. It replaces a key with the same id, the demo key included, so each
    /// id has one secret.
    pub fn with_key(mut self, key: SimKey) -> Self {
        self.keys.retain(|k| k.api_key_id != key.api_key_id);
        self.keys.push(key);
        self
    }

    /// The secret of the key `api_key_id`, if the simulator accepts that key.
    pub fn secret_of(&self, api_key_id: &str) -> Option<&Secret> {
        self.keys
            .iter()
            .find(|k| k.api_key_id == api_key_id)
            .map(|k| &k.secret)
    }
}

/// A simulator serving in a tokio task. Dropping it asks the server to stop.
#[derive(Debug)]
pub struct RunningSim {
    /// The address actually bound (the real port when 0 was asked for).
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// The state and where it is written at shutdown, with `--state`.
    saver: Option<Saver>,
}

/// Writes the state file a moment after changes, and once more at shutdown.
#[derive(Debug)]
struct Saver {
    store: Arc<store::Store>,
    path: PathBuf,
    task: JoinHandle<()>,
    /// Held while a state is written: aborting the periodic task does not stop a write it
    /// started, and that older state must not land after the final one.
    writing: Arc<std::sync::Mutex<()>>,
}

/// How often the final write is repeated when a request still being answered changed the
/// state while it was written (after the shutdown grace, connections are not waited for).
const FINAL_WRITES: usize = 3;

/// Writes the state once, never while another write is under way.
fn save_alone(
    writing: &std::sync::Mutex<()>,
    path: &std::path::Path,
    store: &store::Store,
) -> Result<(), String> {
    let _alone = writing
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    state_file::save(path, store)
}

/// How long after a change the state file is written (changes in between are written together).
const SAVE_INTERVAL: Duration = Duration::from_secs(1);

impl Saver {
    fn start(store: Arc<store::Store>, path: PathBuf) -> Self {
        let writing = Arc::new(std::sync::Mutex::new(()));
        let (s, p, w) = (Arc::clone(&store), path.clone(), Arc::clone(&writing));
        let task = tokio::spawn(async move {
            let mut saved = s.generation();
            loop {
                tokio::time::sleep(SAVE_INTERVAL).await;
                let now = s.generation();
                if now == saved {
                    continue;
                }
                let (s2, p2, w2) = (Arc::clone(&s), p.clone(), Arc::clone(&w));
                match tokio::task::spawn_blocking(move || save_alone(&w2, &p2, &s2)).await {
                    Ok(Ok(())) => saved = now,
                    Ok(Err(e)) => eprintln!("cinspect sim: cannot write the state: {e}"),
                    Err(_) => {}
                }
            }
        });
        Self {
            store,
            path,
            task,
            writing,
        }
    }

    /// Writes the final state after any write under way; again (a few times at most) if a
    /// request still being answered changed the state meanwhile.
    async fn finish(self) {
        self.task.abort();
        let (store, path, writing) = (self.store, self.path, self.writing);
        let last = tokio::task::spawn_blocking(move || {
            for _ in 0..FINAL_WRITES {
                let before = store.generation();
                save_alone(&writing, &path, &store)?;
                if store.generation() == before {
                    break;
                }
            }
            Ok::<(), String>(())
        });
        match last.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("cinspect sim: cannot write the state: {e}"),
            Err(_) => {}
        }
    }
}

impl RunningSim {
    /// The base URL to send requests to, e.g. `http://127.0.0.1:7878`; an unspecified bind
    /// address (0.0.0.0, ::) is replaced by the loopback address of the same family.
    pub fn base_url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("http://{addr}")
    }

    /// Stops accepting connections, lets open requests finish for a few seconds, then aborts.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            // The server task may already be gone; then there is nothing to stop.
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
        if let Some(saver) = self.saver.take() {
            saver.finish().await;
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `addr` (port 0 picks a free port) and serves the simulator in a tokio task. With a
/// state file, its state is loaded first (an unreadable one is an `InvalidData` error saying why).
pub async fn spawn(addr: SocketAddr, config: SimConfig) -> std::io::Result<RunningSim> {
    let store = Arc::new(store::Store::new(config.max_objects, config.seed));
    if let Some(path) = &config.state_file {
        let (s, p) = (Arc::clone(&store), path.clone());
        tokio::task::spawn_blocking(move || state_file::load(&p, &s))
            .await
            .map_err(std::io::Error::other)?
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let header_timeout = config.header_timeout;
    let saver = config
        .state_file
        .clone()
        .map(|path| Saver::start(Arc::clone(&store), path));
    let app = router_with_store(config, store);
    let task = tokio::spawn(crate::http::serve(listener, app, header_timeout, async {
        // A dropped sender means the handle is gone: stop too.
        let _ = stopped.await;
    }));
    Ok(RunningSim {
        addr,
        stop: Some(stop),
        task: Some(task),
        saver,
    })
}

/// The demo create-payment body as pretty-printed (2-space) JSON text.
pub fn demo_request_body() -> String {
    DEMO_REQUEST_BODY.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_request_body_is_pretty_printed_json() {
        let body = demo_request_body();
        let value: serde_json::Value = serde_json::from_str(&body).expect("demo body is JSON");
        let pretty = serde_json::to_string_pretty(&value).expect("serialises");
        assert_eq!(pretty, body.trim_end());
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let config = SimConfig::default().with_key(SimKey {
            api_key_id: "mykey".into(),
            secret: Secret::new("my-own-secret"),
        });
        let text = format!("{config:?}");
        assert!(text.contains(DEMO_API_KEY_ID) && text.contains("mykey"));
        assert!(!text.contains(DEMO_SECRET) && !text.contains("my-own-secret"));
    }

    #[test]
    fn an_added_key_is_accepted_besides_the_demo_key() {
        let config = SimConfig::default().with_key(SimKey {
            api_key_id: "mykey".into(),
            secret: Secret::new("s1"),
        });
        assert_eq!(config.secret_of("mykey").map(Secret::expose), Some("s1"));
        assert_eq!(
            config.secret_of(DEMO_API_KEY_ID).map(Secret::expose),
            Some(DEMO_SECRET)
        );
        assert!(config.secret_of("other").is_none());
    }

    #[test]
    fn an_added_key_with_the_demo_id_replaces_the_demo_secret() {
        let config = SimConfig::default().with_key(SimKey {
            api_key_id: DEMO_API_KEY_ID.into(),
            secret: Secret::new("s2"),
        });
        assert_eq!(config.keys.len(), 1);
        assert_eq!(
            config.secret_of(DEMO_API_KEY_ID).map(Secret::expose),
            Some("s2")
        );
    }

    #[test]
    fn banner_says_it_is_not_the_api() {
        assert!(BANNER.ends_with("not the API"));
        assert!(!BANNER.contains('\n'));
    }

    #[test]
    fn base_url_replaces_unspecified_address_with_loopback() {
        let sim = RunningSim {
            addr: "0.0.0.0:7878".parse().expect("address"),
            stop: None,
            task: None,
            saver: None,
        };
        assert_eq!(sim.base_url(), "http://127.0.0.1:7878");
        let v6 = RunningSim {
            addr: "[::]:80".parse().expect("address"),
            stop: None,
            task: None,
            saver: None,
        };
        assert_eq!(v6.base_url(), "http://[::1]:80");
    }
}
