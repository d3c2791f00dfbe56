//! `GET /v1/{merchantId}/services/privacypolicy`: a placeholder text saying it is the
//! simulator's (the platform's policy text is not reproduced).

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::catalogue;
use super::common::{self, QueryPairs};
use crate::sim::api_error::json_response;

pub async fn privacy_policy(Query(query): Query<QueryPairs>) -> Response {
    let product = match common::integer(&query, "paymentProductId") {
        Ok(Some(id)) => match catalogue::product(id) {
            Some(product) => Some(product),
            None => return common::unknown_product("paymentProductId"),
        },
        Ok(None) => None,
        Err(refusal) => return refusal.into_response(),
    };
    let about = product.map_or_else(
        || "all payment products".to_owned(),
        |p| format!("payment product {} ({})", p.id, p.label),
    );
    let html = format!(
        "<p>cinspect simulator: placeholder privacy policy for {about}. \
         The simulator keeps no personal data beyond its own run.</p>"
    );
    json_response(StatusCode::OK, json!({ "htmlContent": html }))
}
