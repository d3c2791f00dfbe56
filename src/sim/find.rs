//! The find endpoints (`GET payments`, `GET refunds`, `GET payouts`): the kept objects of the
//! merchant, oldest first, filtered by the query parameters the model documents for each
//! (`hostedCheckoutId`, `merchantReference`, `merchantOrderId`; all given must match), paged by
//! `offset` (default 0) and `limit` (default 10, at most 100), with `totalCount` of all matches.
//! A refund matches through its payment (the payment's references and hosted checkout).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::json_response;
use super::payment::Payment;
use super::server::SimState;
use super::services::common::invalid;
use super::store::{Kept, Kind};

/// The page size when `limit` is not given.
const DEFAULT_LIMIT: usize = 10;
/// The largest page a find answers (a larger `limit` is refused).
pub const MAX_LIMIT: usize = 100;

/// What a find asks for.
#[derive(Debug, Default, PartialEq)]
struct Filter {
    /// The payment id the named hosted checkout created; `Some(None)`: a checkout named but
    /// unknown or without a payment, so nothing matches.
    payment_id: Option<Option<String>>,
    merchant_reference: Option<String>,
    merchant_order_id: Option<i64>,
    offset: usize,
    limit: usize,
}

impl Filter {
    /// Reads the query; a value of the wrong form is a 400 naming it.
    fn read(
        state: &SimState,
        merchant_id: &str,
        query: &HashMap<String, String>,
        with_checkout: bool,
    ) -> Result<Self, Box<Response>> {
        let number = |name: &str, max: usize| -> Result<Option<usize>, Box<Response>> {
            let Some(text) = query.get(name) else {
                return Ok(None);
            };
            match text.trim().parse::<usize>() {
                Ok(n) if n <= max => Ok(Some(n)),
                _ => Err(Box::new(invalid(name, text))),
            }
        };
        let merchant_order_id = match query.get("merchantOrderId") {
            None => None,
            Some(text) => match text.trim().parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => return Err(Box::new(invalid("merchantOrderId", text))),
            },
        };
        let payment_id = query
            .get("hostedCheckoutId")
            .filter(|_| with_checkout)
            .map(|checkout| {
                state
                    .store
                    .object(merchant_id, Kind::HostedCheckout, checkout)
                    .and_then(|c| c.meta_str("paymentId").map(str::to_owned))
            });
        Ok(Self {
            payment_id,
            merchant_reference: query.get("merchantReference").cloned(),
            merchant_order_id,
            offset: number("offset", usize::MAX)?.unwrap_or(0),
            limit: number("limit", MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT),
        })
    }

    /// Whether `payment` (a found payment, or the payment of a found refund) matches.
    fn matches_payment(&self, payment: &Payment) -> bool {
        let request = &payment.request;
        self.payment_id
            .as_ref()
            .is_none_or(|id| id.as_deref() == Some(payment.id.as_str()))
            && self
                .merchant_reference
                .as_ref()
                .is_none_or(|r| request.merchant_reference.as_ref() == Some(r))
            && self
                .merchant_order_id
                .is_none_or(|n| request.merchant_order_id == Some(n))
    }

    /// Whether a payout (its JSON) matches: by its references.
    fn matches_payout(&self, payout: &Value) -> bool {
        let references = &payout["payoutOutput"]["references"];
        self.merchant_reference
            .as_ref()
            .is_none_or(|r| references["merchantReference"].as_str() == Some(r))
            && self
                .merchant_order_id
                .is_none_or(|n| references["merchantOrderId"].as_i64() == Some(n))
    }

    /// The answer: `name` lists the page.
    fn answer(&self, name: &str, (total, page): (usize, Vec<Value>)) -> Response {
        let mut body = json!({
            "limit": self.limit,
            "offset": self.offset,
            "totalCount": total,
        });
        body[name] = Value::Array(page);
        json_response(StatusCode::OK, body)
    }
}

/// Answers a find of `kind`, listed under `name`, with the objects `keep` accepts.
fn find(
    state: &SimState,
    merchant_id: &str,
    query: &HashMap<String, String>,
    (kind, name): (Kind, &str),
    keep: impl Fn(&Filter, Kept<'_>) -> bool,
) -> Response {
    // Payouts have no hosted checkout to be found by.
    let filter = match Filter::read(state, merchant_id, query, kind != Kind::Payout) {
        Ok(filter) => filter,
        Err(response) => return *response,
    };
    let found = state.store.find(
        merchant_id,
        kind,
        |kept| keep(&filter, kept),
        filter.offset,
        filter.limit,
    );
    filter.answer(name, found)
}

/// `GET payments?hostedCheckoutId&merchantReference&merchantOrderId&offset&limit`
pub async fn payments(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let keep = |filter: &Filter, kept: Kept<'_>| matches!(kept, Kept::Payment(p) if filter.matches_payment(p));
    find(
        &state,
        &merchant_id,
        &query,
        (Kind::Payment, "payments"),
        keep,
    )
}

/// `GET refunds?hostedCheckoutId&merchantReference&merchantOrderId&offset&limit`: a refund
/// matches through its payment.
pub async fn refunds(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let keep = |filter: &Filter, kept: Kept<'_>| matches!(kept, Kept::Object { parent: Some(p), .. } if filter.matches_payment(p));
    find(
        &state,
        &merchant_id,
        &query,
        (Kind::Refund, "refunds"),
        keep,
    )
}

/// `GET payouts?merchantReference&merchantOrderId&offset&limit`
pub async fn payouts(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let keep = |filter: &Filter, kept: Kept<'_>| matches!(kept, Kept::Object { object, .. } if filter.matches_payout(&object.value));
    find(
        &state,
        &merchant_id,
        &query,
        (Kind::Payout, "payouts"),
        keep,
    )
}
