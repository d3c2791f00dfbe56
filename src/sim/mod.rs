//! The embedded simulator of the Ingenico Connect Server API, for `cinspect --demo`, `cinspect sim`
//! and the tests. It answers like the real API for a useful subset (create/get payment with real
//! validation, idempotence, a few payment actions, test connection) plus fault routes under `/sim/`.
//! It is a simulator, not the API: every response carries a `Server` header saying so.
//!
//! Choices the simulator makes where the API's behaviour is not public (documented so the
//! inspector's users and tests know what is invented):
//! - a body that is not a JSON object → 400, code `21000000`, id `INVALID_JSON`, no propertyName;
//! - the ids `INVALID_CARD_NUMBER` (21000020) and `INVALID_EXPIRY_DATE` (21000120);
//! - shopping-cart consistency errors use 1099 `INVALID_VALUE` with a message quoting the value;
//! - the fraud denial (billing city Denver) is a 402 with code `300160` and status code 160;
//! - a payment action in the wrong status → 400, code `300410`, id `INVALID_PAYMENT_STATUS`;
//! - idempotence keys are scoped by request path; only cards are supported as payment method.
//!
//! Every `/v1/` request must be signed (v1HMAC) with [`SimConfig::api_key_id`] and
//! [`SimConfig::secret`]; see `auth.rs`. The `/sim/` fault routes are open.

mod api_error;
mod auth;
mod card;
mod clock;
mod faults;
mod idempotence;
mod payment;
mod payments;
mod server;
mod store;
mod tables;
mod validate;
mod violation;

#[cfg(test)]
mod fault_route_tests;
#[cfg(test)]
mod payment_route_tests;
#[cfg(test)]
mod test_support;

use std::net::SocketAddr;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use server::router;

pub const DEMO_API_KEY_ID: &str = "cinspect-demo-key";
pub const DEMO_SECRET: &str = "cinspect-demo-secret-not-for-production";
pub const DEMO_MERCHANT_ID: &str = "1234";
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

/// Settings of one simulator instance.
#[derive(Clone)]
pub struct SimConfig {
    /// The API key id the authentication layer (added by the caller) accepts.
    pub api_key_id: String,
    /// The secret API key the authentication layer (added by the caller) checks signatures with.
    pub secret: String,
    /// How long a create payment whose merchantReference starts with "slow" is processed: the
    /// window in which an idempotent repeat is answered 409 "in progress".
    pub slow_processing: Duration,
    /// Refuse `/v1/` requests without a valid v1HMAC signature, as the API does. Off only for
    /// poking the simulator with curl (`cinspect sim --no-auth`) and for route tests that are
    /// about something else.
    pub check_signatures: bool,
}

/// The secret never reaches a log.
impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("api_key_id", &self.api_key_id)
            .field("secret", &"<redacted>")
            .field("slow_processing", &self.slow_processing)
            .field("check_signatures", &self.check_signatures)
            .finish()
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            api_key_id: DEMO_API_KEY_ID.to_owned(),
            secret: DEMO_SECRET.to_owned(),
            slow_processing: Duration::from_secs(2),
            check_signatures: true,
        }
    }
}

/// A simulator serving in a tokio task. Dropping it asks the server to stop.
#[derive(Debug)]
pub struct RunningSim {
    /// The address actually bound (the real port when 0 was asked for).
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
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
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `addr` (port 0 picks a free port) and serves the simulator in a tokio task.
pub async fn spawn(addr: SocketAddr, config: SimConfig) -> std::io::Result<RunningSim> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(config);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                // A dropped sender means the handle is gone: stop too.
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningSim {
        addr,
        stop: Some(stop),
        task: Some(task),
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
        let text = format!("{:?}", SimConfig::default());
        assert!(text.contains(DEMO_API_KEY_ID));
        assert!(!text.contains(DEMO_SECRET));
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
        };
        assert_eq!(sim.base_url(), "http://127.0.0.1:7878");
        let v6 = RunningSim {
            addr: "[::]:80".parse().expect("address"),
            stop: None,
            task: None,
        };
        assert_eq!(v6.base_url(), "http://[::1]:80");
    }
}
