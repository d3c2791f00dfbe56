//! The test card a masked body is filled from (`[test_card]` in config.toml):
//! an SDK log masks the card number, expiry and cvv, and a replay needs real
//! test values. The built-in one is the card the simulator accepts, also a
//! documented test card of the sandbox.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TestCard {
    pub number: String,
    /// MMYY, as the API takes it.
    pub expiry: String,
    pub cvv: String,
    pub holder: String,
}

impl Default for TestCard {
    fn default() -> Self {
        Self {
            number: "4567350000427977".into(),
            expiry: "1230".into(),
            cvv: "123".into(),
            holder: "Wile E. Coyote".into(),
        }
    }
}

impl TestCard {
    /// The value for a card field by its name (`cardNumber`, `expiryDate`,
    /// `cvv`, `cardholderName`), names compared ignoring case.
    pub fn value_for(&self, field: &str) -> Option<&str> {
        let field = field.to_ascii_lowercase();
        match field.as_str() {
            "cardnumber" => Some(&self.number),
            "expirydate" => Some(&self.expiry),
            "cvv" => Some(&self.cvv),
            "cardholdername" => Some(&self.holder),
            _ => None,
        }
    }

    /// `4567 35…7977, 12/30`: enough to know which card, never the cvv.
    pub fn describe(&self) -> String {
        let digits = &self.number;
        let shown = match (
            digits.get(..6),
            digits.get(digits.len().saturating_sub(4)..),
        ) {
            (Some(head), Some(tail)) if digits.len() > 10 => format!("{head}…{tail}"),
            _ => digits.clone(),
        };
        let expiry = match (self.expiry.get(..2), self.expiry.get(2..)) {
            (Some(mm), Some(yy)) => format!("{mm}/{yy}"),
            _ => self.expiry.clone(),
        };
        format!("{shown}, {expiry}")
    }
}
