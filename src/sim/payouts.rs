//! Payouts: created PENDING_APPROVAL; `approve` → PAYOUT_REQUESTED, `cancelapproval` back,
//! `cancel` ends either. A payout of the magic amount is rejected (402 with a payoutResult).
//! The bank's part is played at the simulator's page `/sim/payout/{merchantId}/{payoutId}`: a
//! requested payout is credited (ACCOUNT_CREDITED, the payout paid), or with `?outcome=reject`
//! its credit is rejected (REJECTED_CREDIT); a test decides when, so nothing moves on a timer.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::api_error::{ApiError, error_body, json_response};
use super::consumer::page_error;
use super::objects::{
    self, amount_of_money, body_object, no_content, order_status_output, refuse, transition,
};
use super::server::SimState;
use super::store::{Kind, Object};
use super::webhooks::object_event;

/// A payout of this amount is rejected by the (simulated) bank (invented by the simulator).
pub const REJECTED_PAYOUT_AMOUNT: i64 = 6666;

/// The payout's JSON in `status`.
fn payout_json(
    id: &str,
    amount: i64,
    currency: &str,
    references_in: Option<&Value>,
    status: &str,
) -> Value {
    let mut references = Map::new();
    let reference = references_in.and_then(|r| r.get("merchantReference"));
    if let Some(reference) = reference.filter(|r| r.is_string()) {
        references.insert("merchantReference".into(), reference.clone());
    }
    let order_id = references_in.and_then(|r| r.get("merchantOrderId"));
    if let Some(order_id) = order_id.filter(|n| n.is_i64()) {
        references.insert("merchantOrderId".into(), order_id.clone());
    }
    references.insert("paymentReference".into(), "0".into());
    json!({
        "id": id,
        "payoutOutput": {
            "amountOfMoney": {"amount": amount, "currencyCode": currency},
            "references": references,
        },
        "status": status,
        "statusOutput": order_status_output(status),
    })
}

/// `POST payouts`: the amount from `payoutDetails.amountOfMoney` (or the older top-level
/// `amountOfMoney`).
pub async fn create(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    body: Bytes,
) -> Response {
    let request_id = state.store.next_request_id();
    let body = match body_object(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let whole = Value::Object(body.clone());
    let base = if body.contains_key("amountOfMoney") && !body.contains_key("payoutDetails") {
        "amountOfMoney"
    } else {
        "payoutDetails.amountOfMoney"
    };
    let (amount, currency) = match amount_of_money(&body, base) {
        Ok(money) => money,
        Err(violations) => return refuse(&violations, &request_id),
    };
    let reference = body
        .get("payoutDetails")
        .and_then(|d| d.get("references"))
        .or_else(|| whole.get("references"));
    let id = state.store.new_ids(&merchant_id).payment_id;
    if amount == REJECTED_PAYOUT_AMOUNT {
        let mut payout = payout_json(&id, amount, &currency, reference, "REJECTED");
        let error = ApiError::bare(StatusCode::PAYMENT_REQUIRED, "430330", "Not authorised");
        payout["statusOutput"]["errors"] = json!([error.clone().with_request_id(&request_id)]);
        let object = Object::new(payout.clone(), Value::Null);
        state
            .store
            .insert_object(&merchant_id, Kind::Payout, &id, object);
        state
            .webhooks
            .object(object_event::PAYOUT_REJECTED, &merchant_id, &payout);
        let mut body = error_body(&[error]);
        body["payoutResult"] = payout;
        return json_response(StatusCode::PAYMENT_REQUIRED, body);
    }
    let payout = payout_json(&id, amount, &currency, reference, "PENDING_APPROVAL");
    let object = Object::new(payout.clone(), Value::Null);
    state
        .store
        .insert_object(&merchant_id, Kind::Payout, &id, object);
    state
        .webhooks
        .object(object_event::PAYOUT_CREATED, &merchant_id, &payout);
    json_response(StatusCode::CREATED, payout)
}

/// `GET payouts/{payoutId}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payout_id)): Path<(String, String)>,
) -> Response {
    match state.store.object(&merchant_id, Kind::Payout, &payout_id) {
        Some(payout) => json_response(StatusCode::OK, payout.value),
        None => objects::unknown(Kind::Payout, "payoutId"),
    }
}

/// `POST payouts/{payoutId}/approve`: 200 with the payout.
pub async fn approve(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payout_id)): Path<(String, String)>,
    _body: Bytes,
) -> Response {
    let moves = [("PENDING_APPROVAL", "PAYOUT_REQUESTED")];
    match transition(
        &state,
        &merchant_id,
        Kind::Payout,
        &payout_id,
        "approve",
        &moves,
    ) {
        Ok(payout) => {
            state
                .webhooks
                .object(object_event::PAYOUT_REQUESTED, &merchant_id, &payout.value);
            json_response(StatusCode::OK, payout.value)
        }
        Err(response) => *response,
    }
}

/// `POST payouts/{payoutId}/cancel`: 204.
pub async fn cancel(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payout_id)): Path<(String, String)>,
    _body: Bytes,
) -> Response {
    let moves = [
        ("PENDING_APPROVAL", "CANCELLED"),
        ("PAYOUT_REQUESTED", "CANCELLED"),
    ];
    match transition(
        &state,
        &merchant_id,
        Kind::Payout,
        &payout_id,
        "cancel",
        &moves,
    ) {
        Ok(payout) => {
            state
                .webhooks
                .object(object_event::PAYOUT_CANCELLED, &merchant_id, &payout.value);
            no_content()
        }
        Err(response) => *response,
    }
}

/// `POST payouts/{payoutId}/cancelapproval`: 204.
pub async fn cancel_approval(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payout_id)): Path<(String, String)>,
    _body: Bytes,
) -> Response {
    let moves = [("PAYOUT_REQUESTED", "PENDING_APPROVAL")];
    match transition(
        &state,
        &merchant_id,
        Kind::Payout,
        &payout_id,
        "cancelapproval",
        &moves,
    ) {
        Ok(_) => no_content(),
        Err(response) => *response,
    }
}

/// `GET|POST /sim/payout/{merchantId}/{payoutId}[?outcome=reject]`: the bank credits a
/// requested payout (ACCOUNT_CREDITED, `payout.account_credited`) or rejects the credit
/// (REJECTED_CREDIT, `payout.rejected_credit`). Answers the simulator's page JSON.
pub async fn credit(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payout_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let reject = query.get("outcome").is_some_and(|o| o == "reject");
    let (to, event) = if reject {
        ("REJECTED_CREDIT", object_event::PAYOUT_REJECTED_CREDIT)
    } else {
        ("ACCOUNT_CREDITED", object_event::PAYOUT_ACCOUNT_CREDITED)
    };
    let moves = [("PAYOUT_REQUESTED", to)];
    let outcome = transition(
        &state,
        &merchant_id,
        Kind::Payout,
        &payout_id,
        "credit",
        &moves,
    );
    match outcome {
        Ok(payout) => {
            state.webhooks.object(event, &merchant_id, &payout.value);
            json_response(
                StatusCode::OK,
                json!({"payoutId": payout_id, "status": payout.value["status"]}),
            )
        }
        Err(_)
            if state
                .store
                .object(&merchant_id, Kind::Payout, &payout_id)
                .is_none() =>
        {
            page_error(StatusCode::NOT_FOUND, "no such payout")
        }
        Err(_) => page_error(
            StatusCode::CONFLICT,
            "only a PAYOUT_REQUESTED payout (an approved one) is credited",
        ),
    }
}
