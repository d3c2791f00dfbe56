//! Refunds: of a payment (`payments/{id}/refund`) or of one of its captures
//! (`captures/{id}/refund`); kept, so they can be read (`refunds/{id}`, `payments/{id}/refunds`)
//! and moved: created REFUND_REQUESTED; `cancelapproval` takes one back to PENDING_APPROVAL,
//! `approve` requests it again, `cancel` ends either.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::json_response;
use super::objects::{self, Move, Shown, order_status_output};
use super::payment::{Action, Payment};
use super::payments::{invalid_status, unknown_payment};
use super::server::SimState;
use super::store::{Kind, Object};
use super::webhooks::{PaymentEvent, object_event};

/// `POST payments/{paymentId}/refund`: 201 with the refund of a payment whose money was taken.
pub async fn refund(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let Some(payment) = state.store.get(&merchant_id, &payment_id) else {
        return unknown_payment();
    };
    create(&state, &merchant_id, &payment, None, &body)
}

/// `POST captures/{captureId}/refund`: the refund of a capture's payment, naming the capture.
pub async fn refund_capture(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, capture_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let capture = state.store.object(&merchant_id, Kind::Capture, &capture_id);
    let payment = capture
        .as_ref()
        .and_then(|c| c.meta_str("paymentId"))
        .and_then(|p| state.store.get(&merchant_id, p));
    let Some(payment) = payment else {
        return objects::unknown(Kind::Capture, "captureId");
    };
    create(&state, &merchant_id, &payment, Some(&capture_id), &body)
}

/// The amount is the body's `amountOfMoney`, else the payment's; the payment's status stays.
fn create(
    state: &SimState,
    merchant_id: &str,
    payment: &Payment,
    capture_id: Option<&str>,
    body: &[u8],
) -> Response {
    let request_id = state.store.next_request_id();
    if !payment.status.is_refundable() {
        return invalid_status(&payment.id, payment.status, Action::Refund, &request_id);
    }
    let asked = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|b| b.get("amountOfMoney").cloned())
        .filter(Value::is_object);
    let amount = asked.unwrap_or_else(
        || json!({"amount": payment.request.amount, "currencyCode": payment.request.currency_code}),
    );
    let id = format!("{}-{request_id:0>6}", payment.id);
    let status = "REFUND_REQUESTED";
    let value = json!({
        "id": id,
        "refundOutput": {
            "amountOfMoney": amount,
            "paymentMethod": payment.request.method.family().payment_method(),
        },
        "status": status,
        "statusOutput": order_status_output(status),
    });
    let mut meta = json!({ "paymentId": payment.id });
    if let Some(capture_id) = capture_id {
        meta["captureId"] = capture_id.into();
    }
    state.store.insert_object(
        merchant_id,
        Kind::Refund,
        &id,
        Object::new(value.clone(), meta),
    );
    state
        .webhooks
        .payment(PaymentEvent::Refunded, merchant_id, payment);
    state
        .webhooks
        .object(object_event::REFUND_REQUESTED, merchant_id, &value);
    json_response(StatusCode::CREATED, value)
}

/// `GET refunds/{refundId}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, refund_id)): Path<(String, String)>,
) -> Response {
    let at = (Kind::Refund, refund_id.as_str());
    objects::answer_kept(&state, &merchant_id, at, Shown::Itself)
}

/// `GET payments/{paymentId}/refunds`
pub async fn of_payment(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
) -> Response {
    if state.store.get(&merchant_id, &payment_id).is_none() {
        return unknown_payment();
    }
    let listed = (Kind::Refund, "refunds");
    objects::answer_children(&state, &merchant_id, &payment_id, listed, |_| true)
}

/// `POST refunds/{refundId}/approve`: 204 (and the event of the status reached, as for each).
pub const APPROVE: Move = Move {
    kind: Kind::Refund,
    action: "approve",
    moves: &[("PENDING_APPROVAL", "REFUND_REQUESTED")],
    shown: Shown::Nothing,
};

/// `POST refunds/{refundId}/cancel`: 204.
pub const CANCEL: Move = Move {
    kind: Kind::Refund,
    action: "cancel",
    moves: &[
        ("PENDING_APPROVAL", "CANCELLED"),
        ("REFUND_REQUESTED", "CANCELLED"),
    ],
    shown: Shown::Nothing,
};

/// `POST refunds/{refundId}/cancelapproval`: 204.
pub const CANCEL_APPROVAL: Move = Move {
    kind: Kind::Refund,
    action: "cancelapproval",
    moves: &[("REFUND_REQUESTED", "PENDING_APPROVAL")],
    shown: Shown::Nothing,
};
