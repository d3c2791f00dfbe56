//! What the consumer does, simulated: `/sim/pay/{merchantId}/{paymentId}` is where a payment
//! waiting for its consumer (a redirect, 3-D Secure, a bank transfer or cash) is paid, or
//! cancelled with `?outcome=cancel` (or by the cancelling iDEAL issuer). Answers JSON saying
//! what happened and where the consumer would return, instead of redirecting, so a test's
//! HTTP client never leaves the simulator.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::json_response;
use super::clock::UtcDateTime;
use super::method::MethodInput;
use super::payment::PaymentStatus;
use super::scenario::issuer_cancels;
use super::server::SimState;
use super::webhooks::PaymentEvent;

/// A JSON answer for the simulator's own pages (not the API's error shape: no client of
/// the API reads them).
pub fn page_error(status: StatusCode, message: &str) -> Response {
    json_response(status, json!({ "error": message }))
}

/// `GET|POST /sim/pay/{merchantId}/{paymentId}[?outcome=cancel]`
pub async fn pay(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let cancel = query.get("outcome").is_some_and(|o| o == "cancel");
    let outcome = state.store.update(&merchant_id, &payment_id, |payment| {
        let cancelled = cancel || issuer_cancels(payment);
        let family = payment.request.method.family();
        let to = payment.status.after_consumer(family, cancelled)?;
        payment.status = to;
        payment.changed = UtcDateTime::now();
        Some(payment.clone())
    });
    let payment = match outcome {
        None => return page_error(StatusCode::NOT_FOUND, "no such payment"),
        Some(None) => {
            return page_error(StatusCode::CONFLICT, "this payment waits for no consumer");
        }
        Some(Some(payment)) => payment,
    };
    if payment.status == PaymentStatus::Cancelled {
        state
            .webhooks
            .payment(PaymentEvent::Cancelled, &merchant_id, &payment);
    }
    let return_url = match &payment.request.method {
        MethodInput::Other {
            return_url: Some(url),
            ..
        } => Value::from(url.clone()),
        _ => Value::Null,
    };
    json_response(
        StatusCode::OK,
        json!({
            "paymentId": payment.id,
            "status": payment.status.name(),
            "RETURNMAC": payment.returnmac,
            "returnUrl": return_url,
        }),
    )
}
