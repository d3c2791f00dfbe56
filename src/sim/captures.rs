//! Captures: kept when a payment is approved or captured (one capture for the whole amount,
//! with the payment's id, as `payments.rs` answers it), read by id or listed for a payment.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;

use super::objects;
use super::payments::unknown_payment;
use super::server::SimState;
use super::store::Kind;

/// `GET captures/{captureId}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, capture_id)): Path<(String, String)>,
) -> Response {
    let at = (Kind::Capture, capture_id.as_str());
    objects::answer_kept(&state, &merchant_id, at, objects::Shown::Itself)
}

/// `GET payments/{paymentId}/captures`
pub async fn of_payment(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
) -> Response {
    if state.store.get(&merchant_id, &payment_id).is_none() {
        return unknown_payment();
    }
    let listed = (Kind::Capture, "captures");
    objects::answer_children(&state, &merchant_id, &payment_id, listed, |_| true)
}
