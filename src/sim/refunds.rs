//! `POST /v1/{merchantId}/payments/{paymentId}/refund`: a refund of a captured
//! payment, so that a create → capture → refund flow runs end to end.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::json_response;
use super::payment::{Action, PaymentStatus};
use super::payments::{invalid_status, unknown_payment};
use super::server::SimState;
use super::webhooks::PaymentEvent;

/// 201 with the refund for a payment whose capture was requested; the amount
/// is the body's `amountOfMoney`, else the payment's. The payment's status stays.
pub async fn refund(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let Some(payment) = state.store.get(&merchant_id, &payment_id) else {
        return unknown_payment();
    };
    let request_id = state.store.next_request_id();
    if payment.status != PaymentStatus::CaptureRequested {
        return invalid_status(&payment_id, payment.status, Action::Refund, &request_id);
    }
    let asked = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|b| b.get("amountOfMoney").cloned());
    let amount = asked.unwrap_or_else(
        || json!({"amount": payment.request.amount, "currencyCode": payment.request.currency_code}),
    );
    let body = json!({
        "id": format!("{payment_id}-{request_id:0>6}"),
        "refundOutput": {"amountOfMoney": amount, "paymentMethod": "card"},
        "status": "REFUND_REQUESTED",
        "statusOutput": {"isCancellable": true, "statusCategory": "PENDING_CONNECT_OR_3RD_PARTY", "statusCode": 800},
    });
    state
        .webhooks
        .payment(PaymentEvent::Refunded, &merchant_id, &payment);
    json_response(StatusCode::CREATED, body)
}
