//! What a create-payment validation finds wrong, and the API error each finding becomes.

use axum::http::StatusCode;
use serde_json::Value;

use super::api_error::ApiError;

/// Quoted values longer than this are cut, to keep messages readable.
const MAX_SHOWN_CHARS: usize = 64;

/// One problem with a request body, located by its propertyName (1-based indexes, predicates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// A required value is absent (or null).
    Missing { property: String },
    /// A value has the wrong type or is not allowed; `shown` is how the message quotes it.
    InvalidValue { property: String, shown: String },
    /// The card number is not 12–19 digits passing the Luhn check; `masked` is all stars.
    CardNumber { property: String, masked: String },
    /// The expiry date is not MMYY or lies in the past.
    ExpiryDate { property: String, shown: String },
    /// A value contradicts another one (e.g. an item amount and its price × count).
    Inconsistent { property: String, message: String },
}

impl Violation {
    /// The value as the API's messages quote it: strings raw, anything else as JSON, cut short.
    pub fn shown(value: &Value) -> String {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if text.chars().count() <= MAX_SHOWN_CHARS {
            text
        } else {
            let cut: String = text.chars().take(MAX_SHOWN_CHARS).collect();
            format!("{cut}…")
        }
    }

    pub fn property(&self) -> &str {
        match self {
            Self::Missing { property }
            | Self::InvalidValue { property, .. }
            | Self::CardNumber { property, .. }
            | Self::ExpiryDate { property, .. }
            | Self::Inconsistent { property, .. } => property,
        }
    }

    /// The API error for this violation, stamped with the request's id.
    pub fn to_api_error(&self, request_id: &str) -> ApiError {
        let status = StatusCode::BAD_REQUEST;
        let error = match self {
            Self::Missing { .. } => ApiError::platform(
                status,
                "20000000",
                "PARAMETER_NOT_FOUND_IN_REQUEST",
                "The parameter shown above was not found in the request received by connect."
                    .to_owned(),
            ),
            Self::InvalidValue { property, shown } => ApiError::platform(
                status,
                "1099",
                "INVALID_VALUE",
                format!(
                    "INVALID_VALUE: '{shown}' is not a valid value for field '{}'",
                    field_name(property)
                ),
            ),
            Self::CardNumber { masked, .. } => ApiError::platform(
                status,
                "21000020",
                "INVALID_CARD_NUMBER",
                format!("VALUE {masked} OF FIELD CREDITCARDNUMBER DID NOT PASS THE LUHNCHECK"),
            ),
            Self::ExpiryDate { property, shown } => ApiError::platform(
                status,
                "21000120",
                "INVALID_EXPIRY_DATE",
                format!("{property} ({shown}) IS IN THE PAST OR NOT IN CORRECT MMYY FORMAT"),
            ),
            Self::Inconsistent { message, .. } => {
                ApiError::platform(status, "1099", "INVALID_VALUE", message.clone())
            }
        };
        error
            .with_property(self.property())
            .with_request_id(request_id)
    }
}

/// The last name step of a propertyName, without its index or predicate:
/// `order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount` → `amount`,
/// `order.shoppingCart.items[2]` → `items`. Dots and brackets inside quotes are not steps.
pub fn field_name(property: &str) -> &str {
    let mut depth = 0usize;
    let mut quoted = false;
    let mut start = 0;
    let mut end = property.len();
    for (i, c) in property.char_indices() {
        match c {
            '\'' if depth > 0 => quoted = !quoted,
            '[' if !quoted => {
                if depth == 0 {
                    end = i;
                }
                depth += 1;
            }
            ']' if !quoted => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                start = i + 1;
                end = property.len();
            }
            _ => {}
        }
    }
    &property[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_name_skips_indexes_and_predicates() {
        assert_eq!(field_name("order.amountOfMoney.amount"), "amount");
        assert_eq!(field_name("order.shoppingCart.items[2]"), "items");
        assert_eq!(
            field_name("order.shoppingCart.amountBreakdown[type='A.B[x]'].amount"),
            "amount"
        );
        assert_eq!(field_name("order"), "order");
    }

    #[test]
    fn invalid_value_message_matches_the_fixture() {
        let v = Violation::InvalidValue {
            property: "order.amountOfMoney.amount".into(),
            shown: Violation::shown(&json!(50.3)),
        };
        let e = v.to_api_error("1");
        assert_eq!(
            e.message,
            "INVALID_VALUE: '50.3' is not a valid value for field 'amount'"
        );
        assert_eq!(e.code, "1099");
        assert_eq!(
            e.property_name.as_deref(),
            Some("order.amountOfMoney.amount")
        );
    }

    #[test]
    fn expiry_message_quotes_the_value_in_parentheses() {
        let v = Violation::ExpiryDate {
            property: "cardPaymentMethodSpecificInput.card.expiryDate".into(),
            shown: "1210".into(),
        };
        assert_eq!(
            v.to_api_error("1").message,
            "cardPaymentMethodSpecificInput.card.expiryDate (1210) IS IN THE PAST OR NOT IN CORRECT MMYY FORMAT"
        );
    }

    #[test]
    fn shown_values_are_raw_strings_json_otherwise_and_cut_short() {
        assert_eq!(Violation::shown(&json!("abc")), "abc");
        assert_eq!(Violation::shown(&json!(true)), "true");
        assert_eq!(Violation::shown(&json!({"a": 1})), r#"{"a":1}"#);
        let long = Violation::shown(&json!("x".repeat(100)));
        assert_eq!(long.chars().count(), MAX_SHOWN_CHARS + 1);
    }
}
