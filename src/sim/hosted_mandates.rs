//! Hosted mandate management: created IN_PROGRESS with a RETURNMAC and a partial redirect URL
//! to the simulator's page, `/sim/hostedmandatemanagement/{merchantId}/{id}`, where the
//! consumer signs (the mandate of `createMandateInfo` is created ACTIVE, a real mandate a SEPA
//! direct debit can name; `?iban=IBAN` gives the consumer's account when the request had none)
//! or cancels (`?outcome=cancel`). A `uniqueMandateReference` already taken makes it FAILED.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::api_error::json_response;
use super::consumer::page_error;
use super::hosted_pages;
use super::objects::body_object;
use super::scenario::base_url;
use super::server::SimState;
use super::store::{Kind, Object};

/// The account the consumer signs with when neither the request nor the page gives one.
const DEFAULT_IBAN: &str = "NL91ABNA0417164300";

/// An IBAN is at most 34 letters and digits.
const MAX_IBAN: usize = 34;

/// `POST hostedmandatemanagements`
pub async fn create(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match body_object(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let info = body
        .get("createMandateInfo")
        .filter(|i| i.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    let id = state.store.random_hex(32);
    let returnmac = state.store.random_uuid();
    let partial = format!(
        "{}/sim/hostedmandatemanagement/{merchant_id}/{id}",
        base_url(&headers).trim_start_matches("http://")
    );
    let meta = json!({ "createMandateInfo": info, "returnmac": returnmac });
    let object = Object::new(json!({ "status": "IN_PROGRESS" }), meta);
    state
        .store
        .insert_object(&merchant_id, Kind::HostedMandateManagement, &id, object);
    json_response(
        StatusCode::CREATED,
        json!({
            "RETURNMAC": returnmac,
            "hostedMandateManagementId": id,
            "partialRedirectUrl": partial,
        }),
    )
}

/// `GET hostedmandatemanagements/{hostedMandateManagementId}`: its status, and the mandate it
/// created as the mandate is now.
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, id)): Path<(String, String)>,
) -> Response {
    let at = (Kind::HostedMandateManagement, id.as_str());
    let (managed, mut body) = match hosted_pages::status_of(&state, &merchant_id, at) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let mandate = managed
        .meta_str("mandateReference")
        .and_then(|r| state.store.object(&merchant_id, Kind::Mandate, r));
    if let Some(mandate) = mandate {
        body["mandate"] = mandate.value;
    }
    json_response(StatusCode::OK, body)
}

/// `GET|POST /sim/hostedmandatemanagement/{merchantId}/{id}[?iban=IBAN][&outcome=cancel]`:
/// the consumer signs (the mandate is created) or cancels.
pub async fn page(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let at = (Kind::HostedMandateManagement, id.as_str());
    let managed = match hosted_pages::claim(&state, &merchant_id, at, "hosted mandate management") {
        Ok(managed) => managed,
        Err(response) => return *response,
    };
    let finish = |status: &str, notes: &[(&str, &str)]| {
        hosted_pages::finish(&state, &merchant_id, at, status, notes);
    };
    if query.get("outcome").is_some_and(|o| o == "cancel") {
        finish("CANCELLED_BY_CONSUMER", &[]);
        return json_response(StatusCode::OK, json!({ "status": "CANCELLED_BY_CONSUMER" }));
    }
    let iban = query.get("iban").map(String::as_str);
    if iban.is_some_and(|i| {
        i.is_empty() || i.len() > MAX_IBAN || !i.bytes().all(|b| b.is_ascii_alphanumeric())
    }) {
        // Nothing happened: the consumer may try again.
        finish("IN_PROGRESS", &[]);
        return page_error(StatusCode::BAD_REQUEST, "iban is not an IBAN");
    }
    let mut info = match managed.meta.get("createMandateInfo") {
        Some(Value::Object(info)) => info.clone(),
        _ => Map::new(),
    };
    with_account(&mut info, iban);
    // A reference already taken is checked and kept in one step.
    let Ok(mandate) = super::mandates::keep(&state, &merchant_id, None, &info) else {
        finish("FAILED", &[]);
        return json_response(StatusCode::OK, json!({ "status": "FAILED" }));
    };
    let reference = mandate["uniqueMandateReference"]
        .as_str()
        .unwrap_or_default();
    finish("MANDATE_CREATED", &[("mandateReference", reference)]);
    json_response(
        StatusCode::OK,
        json!({ "status": "MANDATE_CREATED", "uniqueMandateReference": reference }),
    )
}

/// Puts the consumer's account into `info.customer.bankAccountIban.iban`: the page's, else the
/// request's, else the default.
fn with_account(info: &mut Map<String, Value>, iban: Option<&str>) {
    let customer = info
        .entry("customer")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(customer) = customer else { return };
    let account = customer
        .entry("bankAccountIban")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(account) = account else { return };
    match iban {
        Some(iban) => {
            account.insert("iban".into(), iban.into());
        }
        None => {
            account.entry("iban").or_insert_with(|| DEFAULT_IBAN.into());
        }
    }
}
