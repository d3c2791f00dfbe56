//! Disputes of a payment whose money was taken, or of one of its captures: created CREATED,
//! `submit` → SUBMITTED, `cancel` (from either) → CANCELLED; listed by payment or capture.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::json_response;
use super::objects::{self, Move, Shown, body_object, order_status_output};
use super::payment::{Action, Payment};
use super::payments::{invalid_status, unknown_payment};
use super::server::SimState;
use super::store::{Kind, Object};

/// The request fields a dispute keeps in its `disputeOutput`.
const KEPT: [&str; 5] = [
    "amountOfMoney",
    "contactPerson",
    "emailAddress",
    "replyTo",
    "requestMessage",
];

fn create(
    state: &SimState,
    merchant_id: &str,
    payment: &Payment,
    capture_id: Option<&str>,
    body: &[u8],
) -> Response {
    let body = match body_object(body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let request_id = state.store.next_request_id();
    if !payment.status.is_refundable() {
        // A dispute, like a refund, needs money taken.
        return invalid_status(&payment.id, payment.status, Action::Refund, &request_id);
    }
    let mut output: serde_json::Map<String, Value> = KEPT
        .iter()
        .filter_map(|k| body.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect();
    output.entry("amountOfMoney").or_insert_with(
        || json!({"amount": payment.request.amount, "currencyCode": payment.request.currency_code}),
    );
    let id = format!("{}-D{request_id:0>6}", payment.id);
    let mut value = json!({
        "id": id,
        "paymentId": payment.id,
        "disputeOutput": output,
        "status": "CREATED",
        "statusOutput": order_status_output("CREATED"),
    });
    let mut meta = json!({ "paymentId": payment.id });
    if let Some(capture_id) = capture_id {
        value["captureId"] = capture_id.into();
        meta["captureId"] = capture_id.into();
    }
    state.store.insert_object(
        merchant_id,
        Kind::Dispute,
        &id,
        Object::new(value.clone(), meta),
    );
    json_response(StatusCode::CREATED, value)
}

/// The payment of a capture, if both are kept.
fn payment_of_capture(state: &SimState, merchant_id: &str, capture_id: &str) -> Option<Payment> {
    let capture = state.store.object(merchant_id, Kind::Capture, capture_id)?;
    state.store.get(merchant_id, capture.meta_str("paymentId")?)
}

/// `POST payments/{paymentId}/dispute`
pub async fn of_payment_create(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match state.store.get(&merchant_id, &payment_id) {
        Some(payment) => create(&state, &merchant_id, &payment, None, &body),
        None => unknown_payment(),
    }
}

/// `POST captures/{captureId}/dispute`
pub async fn of_capture_create(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, capture_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match payment_of_capture(&state, &merchant_id, &capture_id) {
        Some(payment) => create(&state, &merchant_id, &payment, Some(&capture_id), &body),
        None => objects::unknown(Kind::Capture, "captureId"),
    }
}

fn list(
    state: &SimState,
    merchant_id: &str,
    payment_id: &str,
    capture_id: Option<&str>,
) -> Response {
    let of_capture = |d: &Object| capture_id.is_none() || d.meta_str("captureId") == capture_id;
    let listed = (Kind::Dispute, "disputes");
    objects::answer_children(state, merchant_id, payment_id, listed, of_capture)
}

/// `GET payments/{paymentId}/disputes`
pub async fn of_payment(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
) -> Response {
    if state.store.get(&merchant_id, &payment_id).is_none() {
        return unknown_payment();
    }
    list(&state, &merchant_id, &payment_id, None)
}

/// `GET captures/{captureId}/disputes`
pub async fn of_capture(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, capture_id)): Path<(String, String)>,
) -> Response {
    match payment_of_capture(&state, &merchant_id, &capture_id) {
        Some(payment) => list(&state, &merchant_id, &payment.id, Some(&capture_id)),
        None => objects::unknown(Kind::Capture, "captureId"),
    }
}

/// `GET disputes/{disputeId}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, dispute_id)): Path<(String, String)>,
) -> Response {
    let at = (Kind::Dispute, dispute_id.as_str());
    objects::answer_kept(&state, &merchant_id, at, Shown::Itself)
}

/// `POST disputes/{disputeId}/submit`
pub const SUBMIT: Move = Move {
    kind: Kind::Dispute,
    action: "submit",
    moves: &[("CREATED", "SUBMITTED")],
    shown: Shown::Itself,
};

/// `POST disputes/{disputeId}/cancel`
pub const CANCEL: Move = Move {
    kind: Kind::Dispute,
    action: "cancel",
    moves: &[("CREATED", "CANCELLED"), ("SUBMITTED", "CANCELLED")],
    shown: Shown::Itself,
};
