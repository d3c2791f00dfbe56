//! What the stateless services share: reading the query, and the API-shaped refusals.
//!
//! Invented where the API's behaviour is not public (see the README's simulator table): a
//! missing query parameter → 400 `20000000 PARAMETER_NOT_FOUND_IN_REQUEST`; a value of the
//! wrong form → 400 `1099 INVALID_VALUE`; an unknown or unavailable product → 404
//! `1007 UNKNOWN_PRODUCT_ID`; both naming the parameter in `propertyName`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::sim::api_error::{ApiError, error_response};

/// A refusal on its way out of a check (boxed: a `Response` is large to move in a `Result`).
pub struct Refusal(Box<Response>);

impl From<Response> for Refusal {
    fn from(response: Response) -> Self {
        Self(Box::new(response))
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// The query's `(name, value)` pairs as sent (repeats kept, in order).
pub type QueryPairs = Vec<(String, String)>;

/// The first value of `name`, if given.
pub fn first<'q>(query: &'q QueryPairs, name: &str) -> Option<&'q str> {
    query
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Every value of a repeated parameter (`hide=fields&hide=accountsOnFile`).
pub fn all<'q>(query: &'q QueryPairs, name: &str) -> impl Iterator<Item = &'q str> {
    query
        .iter()
        .filter(move |(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The parameter's value, or the API's refusal naming it.
pub fn required<'q>(query: &'q QueryPairs, name: &str) -> Result<&'q str, Refusal> {
    first(query, name)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing(name).into())
}

/// An integer parameter, if given; a value that is not one is refused.
pub fn integer(query: &QueryPairs, name: &str) -> Result<Option<i64>, Refusal> {
    match first(query, name) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| invalid(name, v).into()),
    }
}

/// A boolean parameter (`true`/`false`), if given.
pub fn boolean(query: &QueryPairs, name: &str) -> Result<Option<bool>, Refusal> {
    match first(query, name) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(v) => Err(invalid(name, v).into()),
    }
}

/// 400 `PARAMETER_NOT_FOUND_IN_REQUEST` naming `property`.
pub fn missing(property: &str) -> Response {
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "20000000",
        "PARAMETER_NOT_FOUND_IN_REQUEST",
        "The parameter shown above was not found in the request received by connect.".to_owned(),
    )
    .with_property(property);
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// 400 `INVALID_VALUE` naming `property` and quoting its value (cut short).
pub fn invalid(property: &str, value: &str) -> Response {
    let shown = crate::sim::violation::Violation::shown(&serde_json::Value::from(value));
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "1099",
        "INVALID_VALUE",
        format!("INVALID_VALUE: '{shown}' is not a valid value for field '{property}'"),
    )
    .with_property(property);
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// 404 `UNKNOWN_PRODUCT_ID`: no such product (or group), or none for this country/currency.
pub fn unknown_product(property: &str) -> Response {
    let error = ApiError::platform(
        StatusCode::NOT_FOUND,
        "1007",
        "UNKNOWN_PRODUCT_ID",
        "UNKNOWN_PRODUCT_ID".to_owned(),
    )
    .with_property(property);
    error_response(StatusCode::NOT_FOUND, &[error])
}

/// An ISO 3166 country code parameter (required).
pub fn country(query: &QueryPairs, name: &str) -> Result<String, Refusal> {
    let code = required(query, name)?;
    if crate::sim::tables::is_country_code(code) {
        Ok(code.to_owned())
    } else {
        Err(invalid(name, code).into())
    }
}

/// An ISO 4217 currency code parameter (required).
pub fn currency(query: &QueryPairs, name: &str) -> Result<String, Refusal> {
    let code = required(query, name)?;
    if crate::sim::tables::is_currency_code(code) {
        Ok(code.to_owned())
    } else {
        Err(invalid(name, code).into())
    }
}
