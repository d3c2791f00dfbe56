//! Tokens: a card (`card.data.cardWithoutCvv`) or a SEPA direct debit mandate
//! (`sepaDirectDebit`) kept under a fresh id; read, updated, deleted, and (SEPA) approved.
//! A card token keeps only the masked number and what the card makes happen (its scenario),
//! so a payment with the token behaves as one with the card.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::api_error::json_response;
use super::card;
use super::clock::UtcDateTime;
use super::objects::{self, body_object, no_content, refuse};
use super::scenario::CardScenario;
use super::server::SimState;
use super::store::{Kind, Object};
use super::violation::Violation;
use super::webhooks::object_event;

const CARD: &str = "card.data.cardWithoutCvv";

/// The token's JSON and meta from a create or update body, or what is wrong with it.
fn token_from(id: &str, body: &Map<String, Value>) -> Result<Object, Vec<Violation>> {
    let mut violations = Vec::new();
    let product = body.get("paymentProductId").filter(|v| !v.is_null());
    let product = match product {
        None => {
            violations.push(Violation::Missing {
                property: "paymentProductId".into(),
            });
            None
        }
        Some(v) => {
            let id = v.as_i64().filter(|n| *n > 0);
            if id.is_none() {
                violations.push(Violation::InvalidValue {
                    property: "paymentProductId".into(),
                    shown: Violation::shown(v),
                });
            }
            id
        }
    };
    let customer = |member: &str| {
        body.get(member)
            .and_then(|m| m.get("customer"))
            .filter(|c| c.is_object())
            .cloned()
    };
    let (value, meta) = if let Some(sepa) = body.get("sepaDirectDebit").filter(|s| s.is_object()) {
        let mut out = json!({});
        if let Some(customer) = customer("sepaDirectDebit") {
            out["customer"] = customer;
        }
        if let Some(mandate) = sepa.get("mandate").filter(|m| m.is_object()) {
            out["mandate"] = mandate.clone();
        }
        (
            json!({ "sepaDirectDebit": out }),
            json!({ "family": "sepaDirectDebit" }),
        )
    } else {
        let card = body
            .get("card")
            .and_then(|c| c.pointer("/data/cardWithoutCvv"));
        let number = card
            .and_then(|c| c.get("cardNumber"))
            .filter(|v| !v.is_null());
        let expiry = card
            .and_then(|c| c.get("expiryDate"))
            .filter(|v| !v.is_null());
        let number = match number {
            None => {
                violations.push(Violation::Missing {
                    property: format!("{CARD}.cardNumber"),
                });
                None
            }
            Some(v) => match v.as_str().filter(|n| card::is_valid_card_number(n)) {
                Some(n) => Some(n.to_owned()),
                None => {
                    violations.push(Violation::CardNumber {
                        property: format!("{CARD}.cardNumber"),
                        masked: card::mask_all(&Violation::shown(v)),
                    });
                    None
                }
            },
        };
        let now = UtcDateTime::now();
        let expiry = match expiry {
            None => {
                violations.push(Violation::Missing {
                    property: format!("{CARD}.expiryDate"),
                });
                None
            }
            Some(v) => match v
                .as_str()
                .filter(|d| card::is_valid_expiry(d, now.year, now.month))
            {
                Some(d) => Some(d.to_owned()),
                None => {
                    violations.push(Violation::ExpiryDate {
                        property: format!("{CARD}.expiryDate"),
                        shown: Violation::shown(v),
                    });
                    None
                }
            },
        };
        let (Some(number), Some(expiry)) = (number, expiry) else {
            return Err(violations);
        };
        let masked = card::mask_card_number(&number);
        let mut without_cvv = json!({ "cardNumber": masked, "expiryDate": expiry });
        if let Some(name) = card
            .and_then(|c| c.get("cardholderName"))
            .filter(|n| n.is_string())
        {
            without_cvv["cardholderName"] = name.clone();
        }
        let mut out = json!({ "data": { "cardWithoutCvv": without_cvv } });
        if let Some(customer) = customer("card") {
            out["customer"] = customer;
        }
        let meta = json!({
            "family": "card",
            "cardNumber": masked,
            "expiryDate": expiry,
            "scenario": CardScenario::of_card(&number).name(),
        });
        (json!({ "card": out }), meta)
    };
    let Some(product) = product.filter(|_| violations.is_empty()) else {
        return Err(violations);
    };
    let mut value = value;
    value["id"] = id.into();
    value["paymentProductId"] = product.into();
    Ok(Object::new(value, meta))
}

/// `POST tokens`: 201 with the new token's id.
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
    let id = state.store.random_uuid();
    match token_from(&id, &body) {
        Ok(token) => {
            state
                .webhooks
                .object(object_event::TOKEN_CREATED, &merchant_id, &token.value);
            state
                .store
                .insert_object(&merchant_id, Kind::Token, &id, token);
            json_response(
                StatusCode::CREATED,
                json!({ "token": id, "isNewToken": true }),
            )
        }
        Err(violations) => refuse(&violations, &request_id),
    }
}

/// `GET tokens/{tokenId}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, token_id)): Path<(String, String)>,
) -> Response {
    let at = (Kind::Token, token_id.as_str());
    objects::answer_kept(&state, &merchant_id, at, objects::Shown::Itself)
}

/// `PUT tokens/{tokenId}`: the token's data replaced; 204.
pub async fn update(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, token_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let request_id = state.store.next_request_id();
    let body = match body_object(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let token = match token_from(&token_id, &body) {
        Ok(token) => token,
        Err(violations) => return refuse(&violations, &request_id),
    };
    match state
        .store
        .update_object(&merchant_id, Kind::Token, &token_id, |stored| {
            *stored = token
        }) {
        Some(()) => no_content(),
        None => objects::unknown(Kind::Token, "tokenId"),
    }
}

/// `DELETE tokens/{tokenId}`: 204.
pub async fn delete(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, token_id)): Path<(String, String)>,
) -> Response {
    match state
        .store
        .remove_object(&merchant_id, Kind::Token, &token_id)
    {
        Some(token) => {
            state
                .webhooks
                .object(object_event::TOKEN_DELETED, &merchant_id, &token.value);
            no_content()
        }
        None => objects::unknown(Kind::Token, "tokenId"),
    }
}

/// `POST tokens/{tokenId}/approvesepadirectdebit`: the mandate of a SEPA token signed; 204.
pub async fn approve_sepa(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, token_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let body = match body_object(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let approval: Map<String, Value> = [
        "mandateSignatureDate",
        "mandateSignaturePlace",
        "mandateSigned",
    ]
    .iter()
    .filter_map(|k| body.get(*k).map(|v| ((*k).to_owned(), v.clone())))
    .collect();
    let outcome = state
        .store
        .update_object(&merchant_id, Kind::Token, &token_id, |token| {
            if token.meta_str("family") != Some("sepaDirectDebit") {
                return false;
            }
            token.value["sepaDirectDebit"]["mandate"]["mandateApproval"] = Value::Object(approval);
            true
        });
    match outcome {
        None => objects::unknown(Kind::Token, "tokenId"),
        Some(false) => objects::invalid_status(
            Kind::Token,
            &token_id,
            "CARD",
            "approvesepadirectdebit",
            "tokenId",
        ),
        Some(true) => no_content(),
    }
}

/// `POST payments/{paymentId}/tokenize`: a token of a card payment's card (masked, with what
/// the card makes happen); 201 naming the payment.
pub async fn tokenize(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
    _body: Bytes,
) -> Response {
    let Some(payment) = state.store.get(&merchant_id, &payment_id) else {
        return super::payments::unknown_payment();
    };
    let super::method::MethodInput::Card {
        card_number,
        expiry_date,
        ..
    } = &payment.request.method
    else {
        return objects::invalid_status(
            Kind::Payment,
            &payment_id,
            payment.status.name(),
            "tokenize",
            "paymentId",
        );
    };
    let id = state.store.random_uuid();
    let masked = card::mask_card_number(card_number);
    let value = json!({
        "id": id,
        "paymentProductId": payment.request.payment_product_id,
        "card": { "data": { "cardWithoutCvv": { "cardNumber": masked, "expiryDate": expiry_date } } },
    });
    let meta = json!({
        "family": "card",
        "cardNumber": masked,
        "expiryDate": expiry_date,
        // The payment's own: a restored or token-paid payment's number says nothing (masked).
        "scenario": payment
            .card_scenario
            .as_deref()
            .map_or_else(|| CardScenario::of_card(card_number), CardScenario::from_name)
            .name(),
    });
    state
        .webhooks
        .object(object_event::TOKEN_CREATED, &merchant_id, &value);
    state
        .store
        .insert_object(&merchant_id, Kind::Token, &id, Object::new(value, meta));
    json_response(
        StatusCode::CREATED,
        json!({ "token": id, "isNewToken": true, "originalPaymentId": payment_id }),
    )
}
