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
    self, Move, Shown, amount_of_money, body_object, order_status_output, refuse, transition,
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
    let at = (Kind::Payout, payout_id.as_str());
    objects::answer_kept(&state, &merchant_id, at, Shown::Itself)
}

/// `POST payouts/{payoutId}/approve`: 200 with the payout.
pub const APPROVE: Move = Move {
    kind: Kind::Payout,
    action: "approve",
    moves: &[("PENDING_APPROVAL", "PAYOUT_REQUESTED")],
    shown: Shown::Itself,
};

/// `POST payouts/{payoutId}/cancel`: 204.
pub const CANCEL: Move = Move {
    kind: Kind::Payout,
    action: "cancel",
    moves: &[
        ("PENDING_APPROVAL", "CANCELLED"),
        ("PAYOUT_REQUESTED", "CANCELLED"),
    ],
    shown: Shown::Nothing,
};

/// `POST payouts/{payoutId}/cancelapproval`: 204.
pub const CANCEL_APPROVAL: Move = Move {
    kind: Kind::Payout,
    action: "cancelapproval",
    moves: &[("PAYOUT_REQUESTED", "PENDING_APPROVAL")],
    shown: Shown::Nothing,
};

/// `GET|POST /sim/payout/{merchantId}/{payoutId}[?outcome=reject]`: the bank credits a
/// requested payout (ACCOUNT_CREDITED, `payout.account_credited`) or rejects the credit
/// (REJECTED_CREDIT, `payout.rejected_credit`). Answers the simulator's page JSON.
pub async fn credit(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payout_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let reject = query.get("outcome").is_some_and(|o| o == "reject");
    let to = if reject {
        "REJECTED_CREDIT"
    } else {
        "ACCOUNT_CREDITED"
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
            if let Some(event) = object_event::of_status(Kind::Payout, to) {
                state.webhooks.object(event, &merchant_id, &payout.value);
            }
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
