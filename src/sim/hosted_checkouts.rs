//! Hosted checkouts: created IN_PROGRESS with a RETURNMAC and a partial redirect URL to the
//! simulator's checkout page, `/sim/hostedcheckout/{merchantId}/{hostedCheckoutId}`, where the
//! consumer pays (with `?card=NUMBER`, by default the approved test card) or cancels
//! (`?outcome=cancel`). Paying creates the payment; the checkout then shows it, as it is now.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::json_response;
use super::card;
use super::consumer::page_error;
use super::hosted_pages;
use super::method::MethodInput;
use super::objects::{self, amount_of_money, body_object, no_content, refuse};
use super::payments::process;
use super::scenario::{CardScenario, base_url};
use super::server::SimState;
use super::store::{Kind, Object};
use super::validate::PaymentRequest;
use super::webhooks::PaymentEvent;

/// The card a consumer pays with when the checkout page is given none.
const DEFAULT_CARD: &str = "4567350000427977";

/// `POST hostedcheckouts`
pub async fn create(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = state.store.next_request_id();
    let body = match body_object(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let whole = Value::Object(body.clone());
    let (amount, currency) = match amount_of_money(&body, "order.amountOfMoney") {
        Ok(money) => money,
        Err(violations) => return refuse(&violations, &request_id),
    };
    let reference = whole
        .pointer("/order/references/merchantReference")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let order_id = whole
        .pointer("/order/references/merchantOrderId")
        .and_then(Value::as_i64);
    let city = whole
        .pointer("/order/customer/billingAddress/city")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let id = state.store.random_hex(32);
    let returnmac = state.store.random_uuid();
    let page = base_url(&headers);
    let partial = format!(
        "{}/sim/hostedcheckout/{merchant_id}/{id}",
        page.trim_start_matches("http://")
    );
    let mut answer = json!({
        "RETURNMAC": returnmac,
        "hostedCheckoutId": id,
        "partialRedirectUrl": partial,
    });
    if let Some(reference) = &reference {
        answer["merchantReference"] = reference.clone().into();
    }
    let meta = json!({
        "amount": amount,
        "currencyCode": currency,
        "merchantReference": reference,
        "merchantOrderId": order_id,
        "city": city,
    });
    let object = Object::new(json!({ "status": "IN_PROGRESS" }), meta);
    state
        .store
        .insert_object(&merchant_id, Kind::HostedCheckout, &id, object);
    json_response(StatusCode::CREATED, answer)
}

/// `GET hostedcheckouts/{hostedCheckoutId}`: its status, and the payment it created as the
/// payment is now.
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, checkout_id)): Path<(String, String)>,
) -> Response {
    let at = (Kind::HostedCheckout, checkout_id.as_str());
    let (checkout, mut body) = match hosted_pages::status_of(&state, &merchant_id, at) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let payment = checkout
        .meta_str("paymentId")
        .and_then(|p| state.store.get(&merchant_id, p));
    if let Some(payment) = payment {
        // Without the deprecated paymentStatusCategory: the payment's statusOutput says it.
        body["createdPaymentOutput"] = json!({ "payment": payment.to_json() });
    }
    json_response(StatusCode::OK, body)
}

/// `DELETE hostedcheckouts/{hostedCheckoutId}`: 204.
pub async fn delete(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, checkout_id)): Path<(String, String)>,
) -> Response {
    match state
        .store
        .remove_object(&merchant_id, Kind::HostedCheckout, &checkout_id)
    {
        Some(_) => no_content(),
        None => objects::unknown(Kind::HostedCheckout, "hostedCheckoutId"),
    }
}

/// `GET|POST /sim/hostedcheckout/{merchantId}/{hostedCheckoutId}[?card=N][&outcome=cancel]`:
/// the consumer pays (a card payment is created) or cancels.
pub async fn page(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, checkout_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let at = (Kind::HostedCheckout, checkout_id.as_str());
    let checkout = match hosted_pages::claim(&state, &merchant_id, at, "hosted checkout") {
        Ok(checkout) => checkout,
        Err(response) => return *response,
    };
    if query.get("outcome").is_some_and(|o| o == "cancel") {
        let status = "CANCELLED_BY_CONSUMER";
        hosted_pages::finish(&state, &merchant_id, at, status, &[]);
        return json_response(StatusCode::OK, json!({ "status": status }));
    }
    let number = query.get("card").map_or(DEFAULT_CARD, String::as_str);
    if !card::is_valid_card_number(number) {
        // Nothing happened: the consumer may try again.
        hosted_pages::finish(&state, &merchant_id, at, "IN_PROGRESS", &[]);
        return page_error(StatusCode::BAD_REQUEST, "card is not a valid card number");
    }
    let meta = &checkout.meta;
    let request = PaymentRequest {
        amount: meta["amount"].as_i64().unwrap_or_default(),
        currency_code: meta["currencyCode"].as_str().unwrap_or("EUR").to_owned(),
        payment_product_id: 1,
        method: MethodInput::Card {
            card_number: number.to_owned(),
            expiry_date: "1299".to_owned(),
            has_cvv: true,
            token: None,
            sale: false,
        },
        billing_city: meta["city"].as_str().map(str::to_owned),
        merchant_reference: meta["merchantReference"].as_str().map(str::to_owned),
        merchant_order_id: meta["merchantOrderId"].as_i64(),
    };
    let request_id = state.store.next_request_id();
    let scenario = CardScenario::of_card(number);
    let payment = process(&state, &merchant_id, request, scenario, &request_id);
    state.store.insert(&merchant_id, payment.clone());
    let event = if payment.errors.is_empty() {
        PaymentEvent::Created
    } else {
        PaymentEvent::Rejected
    };
    state.webhooks.payment(event, &merchant_id, &payment);
    let notes = [("paymentId", payment.id.as_str())];
    hosted_pages::finish(&state, &merchant_id, at, "PAYMENT_CREATED", &notes);
    json_response(
        StatusCode::OK,
        json!({ "status": "PAYMENT_CREATED", "paymentId": payment.id }),
    )
}
