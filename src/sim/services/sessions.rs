//! `POST sessions` (a client session whose URLs point at the simulator; the tokens the
//! merchant does not have are listed as invalid) and `POST installments/getInstallmentsInfo`
//! (plans computed from the amount with a small fixed table). Both invented in their values:
//! see the README's simulator table.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use crate::sim::api_error::json_response;
use crate::sim::generic;
use crate::sim::objects::{amount_of_money, body_object, refuse};
use crate::sim::scenario::base_url;
use crate::sim::server::SimState;
use crate::sim::store::Kind;

/// At most this many tokens of a session request are looked up (the rest are not listed).
const MAX_TOKENS: usize = 100;

/// `POST sessions`
pub async fn create_session(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match body_object(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let invalid: Vec<Value> = body
        .get("tokens")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(MAX_TOKENS)
        .filter_map(Value::as_str)
        .filter(|t| state.store.object(&merchant_id, Kind::Token, t).is_none())
        .map(Value::from)
        .collect();
    let base = base_url(&headers);
    let session_id = state.store.random_hex(32);
    let mut response = json_response(
        StatusCode::CREATED,
        json!({
            "assetUrl": format!("{base}/sim/assets/"),
            "clientApiUrl": format!("{base}/client"),
            "clientSessionId": session_id,
            "customerId": format!("{merchant_id}-{}", state.store.random_hex(32)),
            "invalidTokens": invalid,
            "region": "EU",
        }),
    );
    // A session is not kept: its Location names it all the same, as every 201 does.
    let path = format!("/v1/{merchant_id}/sessions");
    if let Some(location) = generic::endpoint_of("POST", &path)
        .and_then(|e| generic::location(e, &path, &session_id, &headers))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The plans offered: (installments, interest in basis points of the amount). Invented.
const PLANS: [(i64, i64); 3] = [(3, 0), (6, 0), (12, 250)];

/// `POST installments/getInstallmentsInfo`
pub async fn installments_info(State(state): State<Arc<SimState>>, body: Bytes) -> Response {
    let request_id = state.store.next_request_id();
    let body = match body_object(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let (amount, currency) = match amount_of_money(&body, "amountOfMoney") {
        Ok(money) => money,
        Err(violations) => return refuse(&violations, &request_id),
    };
    let plans: Vec<Value> = PLANS
        .iter()
        .map(|&(count, basis_points)| plan(amount, &currency, count, basis_points))
        .collect();
    json_response(
        StatusCode::OK,
        json!({
            "installmentOptions": [{
                "displayHints": {"displayOrder": 1, "label": "Pay in installments (simulated)"},
                "id": "SIM_INSTALLMENTS",
                "installmentPlans": plans,
            }],
        }),
    )
}

/// One plan: the total with its interest, paid in `count` equal parts rounded up (the last
/// part is the same, so the total shown is parts × count).
fn plan(amount: i64, currency: &str, count: i64, basis_points: i64) -> Value {
    // Amounts are at most i64; the interest is computed in i128 so it cannot overflow.
    let with_interest = i128::from(amount) * (10_000 + i128::from(basis_points)) / 10_000;
    let part = (with_interest + i128::from(count) - 1) / i128::from(count);
    let part = i64::try_from(part).unwrap_or(i64::MAX);
    let total = part.saturating_mul(count);
    json!({
        "amountOfMoneyPerInstallment": {"amount": part, "currencyCode": currency},
        "amountOfMoneyTotal": {"amount": total, "currencyCode": currency},
        "frequencyOfInstallments": "monthly",
        "installmentPlanCode": count,
        "interestRate": format!("{}.{:02}", basis_points / 100, basis_points % 100),
        "numberOfInstallments": count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_splits_the_amount_with_its_interest_rounded_up() {
        let free = plan(1000, "EUR", 3, 0);
        assert_eq!(free["amountOfMoneyPerInstallment"]["amount"], 334);
        assert_eq!(free["amountOfMoneyTotal"]["amount"], 1002);
        assert_eq!(free["interestRate"], "0.00");
        let paid = plan(1200, "EUR", 12, 250);
        assert_eq!(paid["amountOfMoneyPerInstallment"]["amount"], 103);
        assert_eq!(paid["interestRate"], "2.50");
        let huge = plan(i64::MAX, "EUR", 3, 250);
        assert_eq!(huge["amountOfMoneyTotal"]["amount"], i64::MAX);
    }
}
