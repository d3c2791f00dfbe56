//! The product catalogue's routes: products and their fields, the 809 directory, wallet
//! networks, the `cards` group, and device fingerprint scripts.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::catalogue::{self, Context, IDEAL_ISSUERS, Product};
use super::common::{self, QueryPairs, Refusal};
use crate::sim::api_error::json_response;

/// The countries whose names the directory gives its entries (the customer's view).
const DIRECTORY_COUNTRY_NAMES: &[&str] = &["Nederland"];

/// The request's country, currency, amount and recurring flag.
fn context(query: &QueryPairs) -> Result<Context, Refusal> {
    Ok(Context {
        country: common::country(query, "countryCode")?,
        currency: common::currency(query, "currencyCode")?,
        amount: common::integer(query, "amount")?,
        recurring: common::boolean(query, "isRecurring")?.unwrap_or(false),
    })
}

/// `hide=fields` leaves the fields out; the other `hide` values filter products.
fn hidden(query: &QueryPairs, what: &str) -> bool {
    common::all(query, "hide").any(|h| h == what)
}

/// The product id of the path, when it is one of the catalogue's and offered in the context.
fn offered(id: &str, query: &QueryPairs) -> Result<(&'static Product, Context), Refusal> {
    let product = id
        .parse::<i64>()
        .ok()
        .and_then(catalogue::product)
        .ok_or_else(|| Refusal::from(common::unknown_product("paymentProductId")))?;
    let context = context(query)?;
    if product.offered(&context) {
        Ok((product, context))
    } else {
        Err(common::unknown_product("paymentProductId").into())
    }
}

/// `GET /v1/{merchantId}/products`
pub async fn find(Query(query): Query<QueryPairs>) -> Response {
    let context = match context(&query) {
        Ok(context) => context,
        Err(refusal) => return refusal.into_response(),
    };
    let with_fields = !hidden(&query, "fields");
    let products: Vec<Value> = catalogue::PRODUCTS
        .iter()
        .filter(|p| p.offered(&context))
        .filter(|p| !(hidden(&query, "productsWithoutFields") && p.fields.is_empty()))
        .filter(|p| !(hidden(&query, "productsWithRedirects") && p.redirect))
        .map(|p| p.to_json(with_fields))
        .collect();
    json_response(StatusCode::OK, json!({ "paymentProducts": products }))
}

/// `GET /v1/{merchantId}/products/{paymentProductId}`
pub async fn get(
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<QueryPairs>,
) -> Response {
    match offered(&id, &query) {
        Ok((product, _)) => {
            json_response(StatusCode::OK, product.to_json(!hidden(&query, "fields")))
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// `GET /v1/{merchantId}/products/{paymentProductId}/directory`: the iDEAL banks.
pub async fn directory(
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<QueryPairs>,
) -> Response {
    let product = match offered(&id, &query) {
        Ok((product, _)) => product,
        Err(refusal) => return refusal.into_response(),
    };
    if product.id != 809 {
        return common::unknown_product("paymentProductId");
    }
    let entries: Vec<Value> = IDEAL_ISSUERS
        .iter()
        .map(|(issuer_id, name, short)| {
            json!({
                "countryNames": DIRECTORY_COUNTRY_NAMES,
                "issuerId": issuer_id,
                "issuerList": if *short { "short" } else { "long" },
                "issuerName": name,
            })
        })
        .collect();
    json_response(StatusCode::OK, json!({ "entries": entries }))
}

/// `GET /v1/{merchantId}/products/{paymentProductId}/networks`: a wallet's card networks.
pub async fn networks(
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<QueryPairs>,
) -> Response {
    match offered(&id, &query) {
        Ok((product, _)) if !product.networks.is_empty() => {
            json_response(StatusCode::OK, json!({ "networks": product.networks }))
        }
        Ok(_) => common::unknown_product("paymentProductId"),
        Err(refusal) => refusal.into_response(),
    }
}

/// `GET /v1/{merchantId}/productgroups`
pub async fn find_groups(Query(query): Query<QueryPairs>) -> Response {
    let context = match context(&query) {
        Ok(context) => context,
        Err(refusal) => return refusal.into_response(),
    };
    let with_fields = !hidden(&query, "fields");
    let groups: Vec<Value> = catalogue::GROUPS
        .iter()
        .filter(|g| catalogue::group_members(g).any(|p| p.offered(&context)))
        .map(|g| catalogue::group_json(g, with_fields))
        .collect();
    json_response(StatusCode::OK, json!({ "paymentProductGroups": groups }))
}

/// `GET /v1/{merchantId}/productgroups/{paymentProductGroupId}`
pub async fn get_group(
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<QueryPairs>,
) -> Response {
    let Some(group) = catalogue::GROUPS.iter().find(|g| **g == id) else {
        return common::unknown_product("paymentProductGroupId");
    };
    let context = match context(&query) {
        Ok(context) => context,
        Err(refusal) => return refusal.into_response(),
    };
    if !catalogue::group_members(group).any(|p| p.offered(&context)) {
        return common::unknown_product("paymentProductGroupId");
    }
    json_response(
        StatusCode::OK,
        catalogue::group_json(group, !hidden(&query, "fields")),
    )
}

/// `POST …/products/{id}/deviceFingerprint`: a script that collects nothing (the simulator
/// has no fraud engine), under a transaction id made from the product's.
pub async fn device_fingerprint(Path((_, id)): Path<(String, String)>) -> Response {
    let known = id
        .parse::<i64>()
        .ok()
        .and_then(catalogue::product)
        .is_some();
    if !known {
        return common::unknown_product("paymentProductId");
    }
    fingerprint_answer(&id)
}

/// `POST …/productgroups/{id}/deviceFingerprint`
pub async fn group_device_fingerprint(Path((_, id)): Path<(String, String)>) -> Response {
    if !catalogue::GROUPS.contains(&id.as_str()) {
        return common::unknown_product("paymentProductGroupId");
    }
    fingerprint_answer(&id)
}

fn fingerprint_answer(of: &str) -> Response {
    json_response(
        StatusCode::OK,
        json!({
            "deviceFingerprintTransactionId": format!("sim-dfp-{}", uuid::Uuid::new_v4().simple()),
            "html": format!("<!-- cinspect simulator: no device fingerprint is collected for {} -->",
                of.chars().filter(char::is_ascii_alphanumeric).take(32).collect::<String>()),
        }),
    )
}
