//! Captures: kept when a payment is approved or captured (one capture for the whole amount,
//! with the payment's id, as `payments.rs` answers it), read by id or listed for a payment.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::json_response;
use super::objects;
use super::payments::unknown_payment;
use super::server::SimState;
use super::store::Kind;

/// `GET captures/{captureId}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, capture_id)): Path<(String, String)>,
) -> Response {
    match state.store.object(&merchant_id, Kind::Capture, &capture_id) {
        Some(capture) => json_response(StatusCode::OK, capture.value),
        None => objects::unknown(Kind::Capture, "captureId"),
    }
}

/// `GET payments/{paymentId}/captures`
pub async fn of_payment(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
) -> Response {
    if state.store.get(&merchant_id, &payment_id).is_none() {
        return unknown_payment();
    }
    let captures: Vec<Value> = state
        .store
        .children(&merchant_id, &payment_id, Kind::Capture)
        .into_iter()
        .map(|c| c.value)
        .collect();
    json_response(StatusCode::OK, json!({ "captures": captures }))
}
