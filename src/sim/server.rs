//! The router: routes, the not-found answer, and the middleware every answer passes through
//! (`Date`, a `Server` header saying this is a simulator, `X-Sim-Delay-Ms`, idempotence).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::SimConfig;
use super::faults;
use super::idempotence::{self, IdempotenceStore};
use super::payments;
use super::store::Store;
use super::webhooks::Webhooks;

/// Request header asking the simulator to delay its answer by this many milliseconds.
pub const DELAY_HEADER: &str = "x-sim-delay-ms";

/// Longest delay honoured (by `X-Sim-Delay-Ms` and `/sim/slow`), so a typo cannot hang a test.
pub const MAX_DELAY: Duration = Duration::from_secs(600);

/// Sent on every answer so nobody mistakes the simulator for the API.
const SERVER: &str = "cinspect-sim (a simulator, not the Ingenico Connect API)";

/// What the handlers share.
#[derive(Debug)]
pub struct SimState {
    pub config: SimConfig,
    pub store: Arc<Store>,
    pub webhooks: Webhooks,
}

/// The simulator's routes behind its middleware, the v1HMAC check (with `config.keys`) included.
pub fn router(config: SimConfig) -> Router {
    let store = Arc::new(Store::new(config.max_objects, config.seed));
    router_with_store(config, store)
}

/// [`router`] keeping its state in `store` (which a `--state` file was loaded into).
pub fn router_with_store(config: SimConfig, store: Arc<Store>) -> Router {
    let auth_config = Arc::new(config.clone());
    let webhooks = Webhooks::start(config.webhooks.as_ref(), &config.webhook_delivery);
    // Kept outcomes are bounded like the objects, so memory stays flat with keys too.
    let idempotence = Arc::new(IdempotenceStore::bounded(config.max_objects));
    let state = Arc::new(SimState {
        config,
        store,
        webhooks,
    });
    Router::new()
        .route(
            "/v1/{merchant_id}/payments",
            post(payments::create).get(super::find::payments),
        )
        .route("/v1/{merchant_id}/refunds", get(super::find::refunds))
        .route(
            "/v1/{merchant_id}/payments/{payment_id}",
            get(payments::get),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/approve",
            post(payments::approve),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/capture",
            post(payments::capture),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/refund",
            post(super::refunds::refund),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/cancel",
            post(payments::cancel),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/complete",
            post(payments::complete),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/processchallenged",
            post(payments::process_challenged),
        )
        .route(
            "/v1/{merchant_id}/services/testconnection",
            get(payments::test_connection),
        )
        // stateful families (h-simstate)
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/cancelapproval",
            post(payments::cancel_approval),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/tokenize",
            post(super::tokens::tokenize),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/captures",
            get(super::captures::of_payment),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/refunds",
            get(super::refunds::of_payment),
        )
        .route(
            "/v1/{merchant_id}/captures/{capture_id}",
            get(super::captures::get),
        )
        .route(
            "/v1/{merchant_id}/captures/{capture_id}/refund",
            post(super::refunds::refund_capture),
        )
        .route(
            "/v1/{merchant_id}/refunds/{refund_id}",
            get(super::refunds::get),
        )
        .route(
            "/v1/{merchant_id}/refunds/{refund_id}/approve",
            super::refunds::APPROVE.post(),
        )
        .route(
            "/v1/{merchant_id}/refunds/{refund_id}/cancel",
            super::refunds::CANCEL.post(),
        )
        .route(
            "/v1/{merchant_id}/refunds/{refund_id}/cancelapproval",
            super::refunds::CANCEL_APPROVAL.post(),
        )
        .route("/v1/{merchant_id}/tokens", post(super::tokens::create))
        .route(
            "/v1/{merchant_id}/tokens/{token_id}",
            get(super::tokens::get)
                .put(super::tokens::update)
                .delete(super::tokens::delete),
        )
        .route(
            "/v1/{merchant_id}/tokens/{token_id}/approvesepadirectdebit",
            post(super::tokens::approve_sepa),
        )
        .route(
            "/v1/{merchant_id}/payouts",
            post(super::payouts::create).get(super::find::payouts),
        )
        .route(
            "/v1/{merchant_id}/payouts/{payout_id}",
            get(super::payouts::get),
        )
        .route(
            "/v1/{merchant_id}/payouts/{payout_id}/approve",
            super::payouts::APPROVE.post(),
        )
        .route(
            "/v1/{merchant_id}/payouts/{payout_id}/cancel",
            super::payouts::CANCEL.post(),
        )
        .route(
            "/v1/{merchant_id}/payouts/{payout_id}/cancelapproval",
            super::payouts::CANCEL_APPROVAL.post(),
        )
        .route(
            "/v1/{merchant_id}/hostedcheckouts",
            post(super::hosted_checkouts::create),
        )
        .route(
            "/v1/{merchant_id}/hostedcheckouts/{checkout_id}",
            get(super::hosted_checkouts::get).delete(super::hosted_checkouts::delete),
        )
        .route(
            "/v1/{merchant_id}/hostedmandatemanagements",
            post(super::hosted_mandates::create),
        )
        .route(
            "/v1/{merchant_id}/hostedmandatemanagements/{management_id}",
            get(super::hosted_mandates::get),
        )
        .route("/v1/{merchant_id}/mandates", post(super::mandates::create))
        .route(
            "/v1/{merchant_id}/mandates/{reference}",
            get(super::mandates::get).put(super::mandates::create_with_reference),
        )
        .route(
            "/v1/{merchant_id}/mandates/{reference}/block",
            super::mandates::BLOCK.post(),
        )
        .route(
            "/v1/{merchant_id}/mandates/{reference}/unblock",
            super::mandates::UNBLOCK.post(),
        )
        .route(
            "/v1/{merchant_id}/mandates/{reference}/revoke",
            super::mandates::REVOKE.post(),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/dispute",
            post(super::disputes::of_payment_create),
        )
        .route(
            "/v1/{merchant_id}/payments/{payment_id}/disputes",
            get(super::disputes::of_payment),
        )
        .route(
            "/v1/{merchant_id}/captures/{capture_id}/dispute",
            post(super::disputes::of_capture_create),
        )
        .route(
            "/v1/{merchant_id}/captures/{capture_id}/disputes",
            get(super::disputes::of_capture),
        )
        .route(
            "/v1/{merchant_id}/disputes/{dispute_id}",
            get(super::disputes::get),
        )
        .route(
            "/v1/{merchant_id}/disputes/{dispute_id}/submit",
            super::disputes::SUBMIT.post(),
        )
        .route(
            "/v1/{merchant_id}/disputes/{dispute_id}/cancel",
            super::disputes::CANCEL.post(),
        )
        .route("/sim/state", get(super::control::state))
        .route("/sim/reset", post(super::control::reset))
        .route(
            "/sim/pay/{merchant_id}/{payment_id}",
            get(super::consumer::pay).post(super::consumer::pay),
        )
        .route(
            "/sim/payout/{merchant_id}/{payout_id}",
            get(super::payouts::credit).post(super::payouts::credit),
        )
        .route(
            "/sim/hostedcheckout/{merchant_id}/{checkout_id}",
            get(super::hosted_checkouts::page).post(super::hosted_checkouts::page),
        )
        .route(
            "/sim/hostedmandatemanagement/{merchant_id}/{management_id}",
            get(super::hosted_mandates::page).post(super::hosted_mandates::page),
        )
        // end of stateful families (h-simstate)
        .merge(faults::routes())
        // stateless services (h-simsvc): the catalogue and services, then every other endpoint
        // of the model generated by the fallback (plain 404 for paths the model does not know).
        .merge(super::services::routes())
        .fallback(super::generic::answer)
        .method_not_allowed_fallback(super::generic::answer)
        .layer(middleware::from_fn(delay))
        // Inside idempotence, so a refusal is kept as the key's outcome like any answer.
        .layer(middleware::from_fn(super::model_check::layer))
        .layer(middleware::from_fn_with_state(
            idempotence,
            idempotence::layer,
        ))
        // Outside idempotence: a request that fails authentication claims no key.
        .layer(middleware::from_fn_with_state(
            auth_config,
            super::auth::layer,
        ))
        // Outside authentication: a refusal before the body is read says Connection: close.
        .layer(middleware::from_fn(super::manners::layer))
        .layer(middleware::from_fn(common_headers))
        .with_state(state)
}

/// The API answers an invalid path with a non-JSON 404.
pub async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not Found",
    )
        .into_response()
}

/// `Date` (like any server) and `Server` (saying what this is) on every answer.
async fn common_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let date = httpdate::fmt_http_date(SystemTime::now());
    if let Ok(date) = HeaderValue::from_str(&date) {
        response.headers_mut().insert(header::DATE, date);
    }
    response
        .headers_mut()
        .insert(header::SERVER, HeaderValue::from_static(SERVER));
    response
}

/// The delay asked for by `X-Sim-Delay-Ms`, capped; absent or unreadable means none.
fn requested_delay(request: &Request) -> Option<Duration> {
    let millis: u64 = request
        .headers()
        .get(DELAY_HEADER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_millis(millis).min(MAX_DELAY))
}

/// Waits before answering when `X-Sim-Delay-Ms` asks for it. Runs inside the idempotence layer,
/// so a delayed request keeps its key in flight.
async fn delay(request: Request, next: Next) -> Response {
    if let Some(delay) = requested_delay(&request) {
        tokio::time::sleep(delay).await;
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with_delay(value: &str) -> Request {
        Request::builder()
            .header(DELAY_HEADER, value)
            .body(axum::body::Body::empty())
            .expect("valid request")
    }

    #[test]
    fn delay_header_is_read_in_milliseconds_and_capped() {
        assert_eq!(
            requested_delay(&request_with_delay("250")),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            requested_delay(&request_with_delay("99999999999")),
            Some(MAX_DELAY)
        );
    }

    #[test]
    fn unreadable_delay_header_is_ignored() {
        assert_eq!(requested_delay(&request_with_delay("-5")), None);
        assert_eq!(requested_delay(&request_with_delay("soon")), None);
    }
}
