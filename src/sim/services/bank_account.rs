//! `POST /v1/{merchantId}/services/convert/bankaccount`: a BBAN made into an IBAN (or an IBAN
//! checked and split), by the ISO 13616 rules, for German and Dutch accounts; the bank's name
//! and BIC from a few real banks. Other countries are refused as unsupported (the simulator's
//! choice; the API knows more).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::common;
use crate::sim::api_error::json_response;

/// (country, bank code, bank name, BIC).
const BANKS: &[(&str, &str, &str, &str)] = &[
    ("DE", "10070000", "Deutsche Bank", "DEUTDEBBXXX"),
    ("DE", "37040044", "Commerzbank", "COBADEFFXXX"),
    ("DE", "50010517", "ING-DiBa", "INGDDEFFXXX"),
    ("NL", "ABNA", "ABN AMRO", "ABNANL2AXXX"),
    ("NL", "INGB", "ING", "INGBNL2AXXX"),
    ("NL", "RABO", "Rabobank", "RABONL2UXXX"),
];

/// A bank account in both forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub country: String,
    pub bank_code: String,
    pub account_number: String,
    pub iban: String,
}

impl Account {
    /// `(bank name, BIC)` when the bank is one the simulator knows.
    pub fn bank(&self) -> Option<(&'static str, &'static str)> {
        BANKS
            .iter()
            .find(|(c, code, _, _)| *c == self.country && *code == self.bank_code)
            .map(|(_, _, name, bic)| (*name, *bic))
    }
}

/// Why an account was refused: the propertyName and the value.
pub type Refusal = (String, String);

/// The remainder of the IBAN `text` (letters as 10–35) divided by 97.
fn mod97(text: &str) -> Option<u32> {
    let rearranged = text.get(4..)?.chars().chain(text.get(..4)?.chars());
    let mut rest = 0u32;
    for c in rearranged {
        let value = c.to_digit(36)?;
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    Some(rest)
}

/// The IBAN of a country and BBAN.
fn iban_of(country: &str, bban: &str) -> Option<String> {
    let rest = mod97(&format!("{country}00{bban}"))?;
    Some(format!("{country}{:02}{bban}", 98 - rest))
}

/// A BBAN of a country the simulator knows, checked and completed.
pub fn from_bban(country: &str, bank_code: &str, account: &str) -> Result<Account, Refusal> {
    let refuse =
        |field: &str, value: &str| Err((format!("bankAccountBban.{field}"), value.to_owned()));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (bank_ok, width) = match country {
        "DE" => (bank_code.len() == 8 && digits(bank_code), 10),
        "NL" => (
            bank_code.len() == 4 && bank_code.bytes().all(|b| b.is_ascii_uppercase()),
            10,
        ),
        _ => return refuse("countryCode", country),
    };
    if !bank_ok {
        return refuse("bankCode", bank_code);
    }
    if !digits(account) || account.len() > width {
        return refuse("accountNumber", account);
    }
    let account = format!("{account:0>width$}");
    let iban = iban_of(country, &format!("{bank_code}{account}"))
        .ok_or_else(|| ("bankAccountBban.accountNumber".to_owned(), account.clone()))?;
    Ok(Account {
        country: country.to_owned(),
        bank_code: bank_code.to_owned(),
        account_number: account,
        iban,
    })
}

/// An IBAN, checked (mod 97) and split when its country is one the simulator knows.
pub fn from_iban(iban: &str) -> Result<Account, Refusal> {
    let compact: String = iban.chars().filter(|c| *c != ' ').collect();
    let refuse = || Err(("bankAccountIban.iban".to_owned(), iban.to_owned()));
    if !(15..=34).contains(&compact.len())
        || !compact
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        || mod97(&compact) != Some(1)
    {
        return refuse();
    }
    let (bank, account) = match &compact[..2] {
        "DE" if compact.len() == 22 => (&compact[4..12], &compact[12..]),
        "NL" if compact.len() == 18 => (&compact[4..8], &compact[8..]),
        _ => return refuse(),
    };
    Ok(Account {
        country: compact[..2].to_owned(),
        bank_code: bank.to_owned(),
        account_number: account.to_owned(),
        iban: compact.clone(),
    })
}

/// The account a request names by `bankAccountBban` or `bankAccountIban` (the IBAN first).
pub fn account_of(body: &Map<String, Value>) -> Result<Account, Refusal> {
    let text = |object: &Value, name: &str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    if let Some(iban) = body.get("bankAccountIban").filter(|v| v.is_object()) {
        return from_iban(&text(iban, "iban"));
    }
    if let Some(bban) = body.get("bankAccountBban").filter(|v| v.is_object()) {
        return from_bban(
            &text(bban, "countryCode"),
            &text(bban, "bankCode"),
            &text(bban, "accountNumber"),
        );
    }
    Err(("bankAccountBban".to_owned(), String::new()))
}

/// The refusal as the API's 400 (a missing account: PARAMETER_NOT_FOUND_IN_REQUEST).
pub fn refusal_response((property, value): Refusal) -> Response {
    if value.is_empty() {
        common::missing(&property)
    } else {
        common::invalid(&property, &value)
    }
}

pub async fn convert_bank_account(body: axum::body::Bytes) -> Response {
    let object = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    let account = match account_of(&object) {
        Ok(account) => account,
        Err(refusal) => return refusal_response(refusal),
    };
    let mut bban = json!({
        "accountNumber": account.account_number,
        "bankCode": account.bank_code,
        "countryCode": account.country,
    });
    let mut answer = json!({
        "bankAccountIban": { "iban": account.iban },
        "bankData": {
            "reformattedAccountNumber": account.account_number,
            "reformattedBankCode": account.bank_code,
        },
    });
    if let Some((name, bic)) = account.bank() {
        bban["bankName"] = name.into();
        answer["bankData"]["newBankName"] = name.into();
        answer["swift"] = json!({ "bic": bic });
    }
    answer["bankAccountBban"] = bban;
    json_response(StatusCode::OK, answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_german_bban_becomes_its_iban() {
        // The ISO 13616 example account.
        let account = from_bban("DE", "37040044", "532013000").expect("valid");
        assert_eq!(account.iban, "DE89370400440532013000");
        assert_eq!(account.account_number, "0532013000");
        assert_eq!(account.bank(), Some(("Commerzbank", "COBADEFFXXX")));
    }

    #[test]
    fn a_dutch_iban_is_checked_and_split() {
        let account = from_iban("NL91 ABNA 0417 1643 00").expect("valid");
        assert_eq!(account.bank_code, "ABNA");
        assert_eq!(account.account_number, "0417164300");
        assert!(from_iban("NL92ABNA0417164300").is_err());
        assert!(from_iban("GB82WEST12345698765432").is_err());
    }

    #[test]
    fn a_bban_of_another_country_or_form_is_refused_naming_the_field() {
        assert_eq!(
            from_bban("FR", "1", "2").map(|a| a.iban),
            Err(("bankAccountBban.countryCode".to_owned(), "FR".to_owned()))
        );
        assert_eq!(
            from_bban("DE", "3704", "1").map(|a| a.iban),
            Err(("bankAccountBban.bankCode".to_owned(), "3704".to_owned()))
        );
    }
}
