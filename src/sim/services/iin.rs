//! `POST /v1/{merchantId}/services/getIINdetails`: the card product of the first digits of a
//! card number, by the schemes' published ranges (Visa 4, MasterCard 51–55 and 2221–2720,
//! American Express 34/37), answered for the catalogue's card products. The issuer country and
//! name are the simulator's choice.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::catalogue::{self, Context};
use super::common;
use crate::sim::api_error::json_response;

/// The card product of a BIN, by its leading digits.
pub fn product_of(bin: &str) -> Option<i64> {
    let prefix = |n: usize| bin.get(..n).and_then(|p| p.parse::<u32>().ok());
    if bin.starts_with('4') {
        Some(1)
    } else if prefix(2).is_some_and(|p| (51..=55).contains(&p))
        || prefix(4).is_some_and(|p| (2221..=2720).contains(&p))
    {
        Some(3)
    } else if prefix(2).is_some_and(|p| p == 34 || p == 37) {
        Some(2)
    } else {
        None
    }
}

pub async fn get_iin_details(body: axum::body::Bytes) -> Response {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return common::missing("bin");
    };
    let bin = match body.get("bin") {
        Some(Value::String(bin)) if !bin.is_empty() => bin.as_str(),
        Some(Value::String(_)) | None | Some(Value::Null) => return common::missing("bin"),
        Some(other) => return common::invalid("bin", &other.to_string()),
    };
    if bin.len() < 6 || bin.len() > 19 || !bin.bytes().all(|b| b.is_ascii_digit()) {
        return common::invalid("bin", bin);
    }
    let Some(product_id) = product_of(bin) else {
        return common::unknown_product("bin");
    };
    let mut answer = Map::new();
    answer.insert("countryCode".into(), "NL".into());
    answer.insert("issuerName".into(), "cinspect simulator test issuer".into());
    answer.insert("paymentProductId".into(), product_id.into());
    if let Some(Value::Object(context)) = body.get("paymentContext") {
        let text = |name: &str| context.get(name).and_then(Value::as_str).map(str::to_owned);
        let money = context.get("amountOfMoney");
        let context = Context {
            country: text("countryCode").unwrap_or_default(),
            currency: money
                .and_then(|m| m.get("currencyCode"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            amount: money.and_then(|m| m.get("amount")).and_then(Value::as_i64),
            recurring: context.get("isRecurring").and_then(Value::as_bool) == Some(true),
        };
        let allowed = catalogue::product(product_id).is_some_and(|p| p.offered(&context));
        answer.insert("isAllowedInContext".into(), allowed.into());
    }
    json_response(StatusCode::OK, Value::Object(answer))
}

#[cfg(test)]
mod tests {
    use super::product_of;

    #[test]
    fn the_schemes_ranges_give_the_card_products() {
        assert_eq!(product_of("456735"), Some(1));
        assert_eq!(product_of("542418"), Some(3));
        assert_eq!(product_of("222100"), Some(3));
        assert_eq!(product_of("272099"), Some(3));
        assert_eq!(product_of("272100"), None);
        assert_eq!(product_of("374111"), Some(2));
        assert_eq!(product_of("601100"), None);
    }
}
