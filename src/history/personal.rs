//! Personal data in a ticket: the values of the fields the Connect API model
//! holds about a person (names, contact details, addresses, birth date,
//! identity and fiscal numbers, IP address, account holder and account
//! numbers) are masked in reports made for support, unless the user asks for
//! them. History itself keeps its own rule (card data only).

use std::borrow::Cow;

use super::entry::Entry;
use super::json_redact::redact_json_with;

/// Field names whose scalar values are personal, from the model's types
/// `PersonalName(Base)`, `ContactDetails(Base)`, `Address`, `PersonalInformation`,
/// `PersonalIdentification`, `CustomerDevice`, `Customer(Base)`, `CardEssentials`,
/// `BankAccount*`, and the airline, mandate, payout and loan recipients. The
/// country is kept: it is no one's identity, and errors are often about it.
pub const PERSONAL_FIELDS: &[&str] = &[
    // names
    "title",
    "firstName",
    "surname",
    "surnamePrefix",
    "cardholderName",
    "accountHolderName",
    // contact details
    "emailAddress",
    "phoneNumber",
    "mobilePhoneNumber",
    "workPhoneNumber",
    "faxNumber",
    // addresses
    "street",
    "houseNumber",
    "additionalInfo",
    "zip",
    "city",
    "state",
    "stateCode",
    // who the person is
    "dateOfBirth",
    "gender",
    "idValue",
    "fiscalNumber",
    "vatNumber",
    "ipAddress",
    // accounts
    "iban",
    "accountNumber",
];

/// What the line of a report says the masked values are.
pub const PERSONAL_KINDS: &str = "names, contact details, addresses, birth date, identity and fiscal numbers, IP address, bank accounts";

/// A JSON body with its personal values masked, and how many were. Text that
/// is not JSON is given back as it is (nothing in it can be told to be personal).
pub fn redact_personal(text: &str) -> (Cow<'_, str>, usize) {
    match redact_json_with(text, &[], PERSONAL_FIELDS) {
        Some((redacted, 0)) if redacted == text => (Cow::Borrowed(text), 0),
        Some((redacted, n)) => (Cow::Owned(redacted), n),
        None => (Cow::Borrowed(text), 0),
    }
}

/// The entry with the personal values of both bodies masked, and how many were.
pub fn redact_entry(entry: &Entry) -> (Entry, usize) {
    let (request, in_request) = redact_personal(&entry.request_body);
    let (response, in_response) = redact_personal(&entry.response_body);
    let mut redacted = entry.clone();
    redacted.request_body = request.into_owned();
    redacted.response_body = response.into_owned();
    (redacted, in_request + in_response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn personal_values_are_masked_and_counted_the_rest_kept_byte_for_byte() {
        let body = r#"{"order":{"amountOfMoney":{"amount":100,"currencyCode":"EUR"},
 "customer":{"billingAddress":{"countryCode":"NL","street":"Main","zip":"1000 AA"},
  "contactDetails":{"emailAddress":"a@b.nl"},
  "personalInformation":{"name":{"firstName":"Ann","surname":"Lee"},"dateOfBirth":"19800101"},
  "device":{"ipAddress":"10.1.2.3","locale":"nl_NL"}, "fiscalNumber": null}}}"#;
        let (out, n) = redact_personal(body);
        assert_eq!(n, 7);
        let v: Value = serde_json::from_str(&out).unwrap();
        let c = &v["order"]["customer"];
        assert_eq!(c["billingAddress"]["countryCode"], "NL");
        assert_eq!(c["billingAddress"]["street"], "****");
        assert_eq!(c["personalInformation"]["name"]["surname"], "****");
        assert_eq!(c["device"]["locale"], "nl_NL");
        assert_eq!(c["fiscalNumber"], Value::Null);
        assert!(out.starts_with("{\"order\":{\"amountOfMoney\":{\"amount\":100,"));
        assert!(!out.contains("Ann") && !out.contains("10.1.2.3") && !out.contains("a@b.nl"));
    }

    #[test]
    fn an_object_under_a_personal_name_is_walked_not_masked() {
        // A product's field validators are named after the fields they check.
        let body = json!({"fields": [{"id": "emailAddress", "dataRestrictions":
            {"validators": {"emailAddress": {}, "length": {"maxLength": 70}}}}]})
        .to_string();
        let (out, n) = redact_personal(&body);
        assert_eq!((out.as_ref(), n), (body.as_str(), 0));
    }

    #[test]
    fn text_that_is_not_json_is_left_as_it_is() {
        let (out, n) = redact_personal("surname=Lee");
        assert_eq!((out.as_ref(), n), ("surname=Lee", 0));
    }
}
