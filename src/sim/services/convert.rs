//! `GET /v1/{merchantId}/services/convert/amount?source&target&amount`, from a fixed table of
//! rates (the simulator's own, roughly the level of late 2024; never a live rate) so tests can
//! assert on the result.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::common::{self, QueryPairs};
use crate::sim::api_error::json_response;

/// (currency, units of it per euro × 1 000 000, decimals of its minor unit). Sorted.
const RATES: &[(&str, u128, u32)] = &[
    ("AUD", 1_650_000, 2),
    ("BRL", 6_100_000, 2),
    ("CAD", 1_470_000, 2),
    ("CHF", 940_000, 2),
    ("DKK", 7_460_000, 2),
    ("EUR", 1_000_000, 2),
    ("GBP", 850_000, 2),
    ("JPY", 162_000_000, 0),
    ("NOK", 11_600_000, 2),
    ("PLN", 4_300_000, 2),
    ("SEK", 11_400_000, 2),
    ("USD", 1_080_000, 2),
];

fn rate(code: &str) -> Option<(u128, u32)> {
    RATES
        .binary_search_by(|(c, _, _)| c.cmp(&code))
        .ok()
        .map(|i| (RATES[i].1, RATES[i].2))
}

/// `amount` minor units of `source` in minor units of `target`, rounded half up.
pub fn convert(amount: u64, source: &str, target: &str) -> Option<u64> {
    let (from_rate, from_decimals) = rate(source)?;
    let (to_rate, to_decimals) = rate(target)?;
    let numerator = u128::from(amount) * to_rate * 10u128.pow(to_decimals);
    let denominator = from_rate * 10u128.pow(from_decimals);
    u64::try_from((2 * numerator + denominator) / (2 * denominator)).ok()
}

pub async fn convert_amount(Query(query): Query<QueryPairs>) -> Response {
    let mut codes = Vec::new();
    for name in ["source", "target"] {
        match common::required(&query, name) {
            Ok(code) if rate(code).is_some() => codes.push(code),
            Ok(code) => return common::invalid(name, code),
            Err(refusal) => return refusal.into_response(),
        }
    }
    let amount = match common::required(&query, "amount") {
        Ok(text) => match text.parse::<u64>() {
            Ok(amount) => amount,
            Err(_) => return common::invalid("amount", text),
        },
        Err(refusal) => return refusal.into_response(),
    };
    match convert(amount, codes[0], codes[1]) {
        Some(converted) => json_response(StatusCode::OK, json!({ "convertedAmount": converted })),
        None => common::invalid("amount", &amount.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_sorted_for_the_binary_search() {
        assert!(RATES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn conversion_goes_through_the_euro_and_minds_minor_units() {
        assert_eq!(convert(10_000, "EUR", "USD"), Some(10_800));
        assert_eq!(convert(10_800, "USD", "EUR"), Some(10_000));
        assert_eq!(convert(100, "EUR", "JPY"), Some(162));
        assert_eq!(convert(123, "USD", "EUR"), Some(114));
        assert_eq!(convert(5, "EUR", "EUR"), Some(5));
        assert_eq!(convert(1, "EUR", "XYZ"), None);
        assert_eq!(convert(u64::MAX, "JPY", "EUR").map(|v| v > 0), Some(true));
    }
}
