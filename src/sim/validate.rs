//! Create-payment validation: every rule runs, so one answer lists all violations at once.
//! propertyNames use the API's documented JSONata reading: indexes are 1-based (`items[1]` is the
//! first item) and amount-breakdown entries are named by a predicate on their type.

use serde_json::{Map, Value};

use super::card;
use super::method::{MethodInput, OTHER_INPUTS};
use super::tables;
use super::violation::Violation;

/// The parts of a valid create-payment request the simulator acts on.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequest {
    pub amount: i64,
    pub currency_code: String,
    pub payment_product_id: i64,
    pub method: MethodInput,
    pub billing_city: Option<String>,
    pub merchant_reference: Option<String>,
    /// `order.references.merchantOrderId`, which payments and refunds are found by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_order_id: Option<i64>,
}

/// The current month, against which card expiry dates are checked.
#[derive(Clone, Copy, Debug)]
pub struct Today {
    pub year: i64,
    pub month: u32,
}

/// Validates a create-payment body (a JSON object) against the simulator's rules.
pub fn validate_create_payment(
    body: &Map<String, Value>,
    today: Today,
) -> Result<PaymentRequest, Vec<Violation>> {
    let mut checker = Checker::default();
    // A body without a card input but with another family's input pays with that family.
    let other = OTHER_INPUTS
        .iter()
        .find(|(name, _)| body.get(*name).is_some_and(|v| !v.is_null()));
    let method = match other {
        Some((name, family)) if !body.contains_key("cardPaymentMethodSpecificInput") => {
            checker.other_input(body, name, *family)
        }
        _ => checker.card_input(body, today),
    };
    let order = checker.order(body);
    checker.model_kinds(body);
    match (method, order) {
        (Some(method), Some(order)) if checker.violations.is_empty() => Ok(PaymentRequest {
            amount: order.amount,
            currency_code: order.currency_code,
            payment_product_id: method.payment_product_id,
            method: method.input,
            billing_city: order.billing_city,
            merchant_reference: order.merchant_reference,
            merchant_order_id: order.merchant_order_id,
        }),
        _ => Err(checker.violations),
    }
}

struct ValidMethod {
    payment_product_id: i64,
    input: MethodInput,
}

struct OrderInput {
    amount: i64,
    currency_code: String,
    billing_city: Option<String>,
    merchant_reference: Option<String>,
    merchant_order_id: Option<i64>,
}

/// A path step went through a value that is not an object (already reported).
struct Blocked;

#[derive(Default)]
struct Checker {
    violations: Vec<Violation>,
}

/// The value at `segments` (0-based indexes) below the body, if there is one.
fn value_at<'a>(
    body: &'a Map<String, Value>,
    segments: &[crate::connect::model::Segment],
) -> Option<&'a Value> {
    use crate::connect::model::Segment;
    let (Segment::Key(first), rest) = segments.split_first()? else {
        return None;
    };
    rest.iter()
        .try_fold(body.get(first.as_str())?, |v, s| match s {
            Segment::Key(k) => v.get(k.as_str()),
            Segment::Index(i) => v.get(*i),
        })
}

/// `base.rel` with an empty base left out.
fn join(base: &str, rel: &str) -> String {
    if base.is_empty() {
        rel.to_owned()
    } else {
        format!("{base}.{rel}")
    }
}

/// An integer ≥ 0 (amounts are integers in minor units; 50.3 and 50.0 are not).
fn non_negative_integer(value: &Value) -> Option<i64> {
    value.as_i64().filter(|n| *n >= 0)
}

/// An integer ≥ 0, also given as a string of ASCII digits (as `nrOfItems` often is).
fn count(value: &Value) -> Option<i64> {
    match value {
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        other => non_negative_integer(other),
    }
}

impl Checker {
    /// Any value of another JSON kind than the API's model gives its field (a string where
    /// an integer goes, an object where an array goes) is an invalid value, named by its
    /// propertyName as the API names the values it refuses; a field the rules above
    /// already reported is not reported twice.
    fn model_kinds(&mut self, body: &Map<String, Value>) {
        use crate::connect::model::{Body, FindingKind, Kind, model};
        let Ok(m) = model() else { return };
        let Some(ty) = m.type_named("CreatePaymentRequest") else {
            return;
        };
        let Ok(text) = serde_json::to_string(body) else {
            return;
        };
        let wrong = m.findings(&Body::parse(&text), ty).items;
        for f in wrong.iter().filter(|f| f.kind == FindingKind::WrongKind) {
            // The API's reading: the first element is [1].
            let (property, segments) = super::model_check::property_name(&f.path);
            // Breakdown entries the rules name by a predicate on their type.
            let breakdown = "order.shoppingCart.amountBreakdown";
            let named = |p: &str| {
                p == property || (property.starts_with(breakdown) && p.starts_with(breakdown))
            };
            if self.violations.iter().any(|v| named(v.property())) {
                continue;
            }
            let value = value_at(body, &segments);
            // A number or boolean where text goes reads as text (`"nrOfItems": 12` is taken,
            // as the rules above take it): the findings warn, the simulator accepts.
            let text_field = m
                .at_path(ty, &segments)
                .ok()
                .and_then(|at| at.field)
                .is_some_and(|f| f.field.kind == Kind::String && !f.field.list);
            if text_field && value.is_some_and(|v| v.is_number() || v.is_boolean()) {
                continue;
            }
            let shown = value.map_or_else(String::new, Violation::shown);
            self.push(Violation::InvalidValue { property, shown });
        }
    }

    fn push(&mut self, violation: Violation) {
        if !self.violations.contains(&violation) {
            self.violations.push(violation);
        }
    }

    fn invalid(&mut self, property: String, value: &Value) {
        self.push(Violation::InvalidValue {
            property,
            shown: Violation::shown(value),
        });
    }

    /// The value at `rel` below `at` (whose propertyName is `base`), treating null as absent.
    /// A step through something that is not an object is reported as an invalid value and
    /// answers `Err(Blocked)`, so callers do not also report the value missing.
    fn step<'a>(
        &mut self,
        at: &'a Value,
        base: &str,
        rel: &[&str],
    ) -> Result<Option<&'a Value>, Blocked> {
        let mut current = at;
        let mut property = base.to_owned();
        for name in rel {
            let Some(object) = current.as_object() else {
                self.invalid(property, current);
                return Err(Blocked);
            };
            property = join(&property, name);
            match object.get(*name) {
                None | Some(Value::Null) => return Ok(None),
                Some(value) => current = value,
            }
        }
        Ok(Some(current))
    }

    /// An optional value: absent and blocked both give None.
    fn lookup<'a>(&mut self, at: &'a Value, base: &str, rel: &[&str]) -> Option<&'a Value> {
        self.step(at, base, rel).ok().flatten()
    }

    /// Like `lookup`, but an absent value is reported as missing.
    fn required<'a>(&mut self, at: &'a Value, base: &str, rel: &[&str]) -> Option<&'a Value> {
        match self.step(at, base, rel) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                self.push(Violation::Missing {
                    property: join(base, &rel.join(".")),
                });
                None
            }
            Err(Blocked) => None,
        }
    }

    /// A required top-level member of the body.
    fn required_member<'a>(
        &mut self,
        root: &'a Map<String, Value>,
        name: &str,
    ) -> Option<&'a Value> {
        match root.get(name) {
            None | Some(Value::Null) => {
                self.push(Violation::Missing {
                    property: name.to_owned(),
                });
                None
            }
            Some(value) => Some(value),
        }
    }

    /// A required integer ≥ 0.
    fn required_amount(&mut self, at: &Value, base: &str, rel: &[&str]) -> Option<i64> {
        let value = self.required(at, base, rel)?;
        let amount = non_negative_integer(value);
        if amount.is_none() {
            self.invalid(join(base, &rel.join(".")), value);
        }
        amount
    }

    /// A required string accepted by `allowed`.
    fn required_code(
        &mut self,
        at: &Value,
        base: &str,
        rel: &[&str],
        allowed: fn(&str) -> bool,
    ) -> Option<String> {
        let value = self.required(at, base, rel)?;
        match value.as_str() {
            Some(code) if allowed(code) => Some(code.to_owned()),
            _ => {
                self.invalid(join(base, &rel.join(".")), value);
                None
            }
        }
    }

    /// An optional string; a value of another type is invalid.
    fn optional_string(&mut self, at: &Value, base: &str, rel: &[&str]) -> Option<String> {
        let value = self.lookup(at, base, rel)?;
        if value.is_string() {
            value.as_str().map(str::to_owned)
        } else {
            self.invalid(join(base, &rel.join(".")), value);
            None
        }
    }

    /// The payment product id below `base`: required, a positive integer.
    fn product_id(&mut self, input: &Value, base: &str) -> Option<i64> {
        let product = self.required(input, base, &["paymentProductId"]);
        product.and_then(|value| {
            let id = value.as_i64().filter(|n| *n > 0);
            if id.is_none() {
                self.invalid(join(base, "paymentProductId"), value);
            }
            id
        })
    }

    /// A card input: a card, or a token standing for one (then the card is optional).
    fn card_input(&mut self, root: &Map<String, Value>, today: Today) -> Option<ValidMethod> {
        const BASE: &str = "cardPaymentMethodSpecificInput";
        let input = self.required_member(root, BASE)?;
        let payment_product_id = self.product_id(input, BASE);
        let token = self.optional_string(input, BASE, &["token"]);
        let sale = self
            .optional_string(input, BASE, &["authorizationMode"])
            .is_some_and(|m| m == "SALE");
        let has_card = self.lookup(input, BASE, &["card"]).is_some();
        let (card_number, expiry_date, has_cvv) = if token.is_some() && !has_card {
            (Some(String::new()), Some(String::new()), false)
        } else {
            (
                self.card_number(input, BASE),
                self.expiry_date(input, BASE, today),
                self.cvv(input, BASE),
            )
        };
        Some(ValidMethod {
            payment_product_id: payment_product_id?,
            input: MethodInput::Card {
                card_number: card_number?,
                expiry_date: expiry_date?,
                has_cvv,
                token,
                sale,
            },
        })
    }

    /// Another family's input: a product id, and what the simulator uses of the rest (the
    /// iDEAL issuer, the return URL, a token or mandate).
    fn other_input(
        &mut self,
        root: &Map<String, Value>,
        base: &str,
        family: super::method::Family,
    ) -> Option<ValidMethod> {
        let input = root.get(base)?;
        let payment_product_id = self.product_id(input, base);
        let issuer_id = self
            .optional_string(input, base, &["paymentProduct809SpecificInput", "issuerId"])
            .or_else(|| self.optional_string(input, base, &["issuerId"]));
        let return_url = self.optional_string(input, base, &["returnUrl"]);
        let mut token = self.optional_string(input, base, &["token"]);
        let by_mandate_reference = token.is_none();
        if by_mandate_reference {
            token = self.optional_string(
                input,
                base,
                &["paymentProduct771SpecificInput", "mandateReference"],
            );
        }
        Some(ValidMethod {
            payment_product_id: payment_product_id?,
            input: MethodInput::Other {
                family,
                issuer_id,
                return_url,
                by_mandate_reference: by_mandate_reference && token.is_some(),
                token,
            },
        })
    }

    fn card_number(&mut self, input: &Value, base: &str) -> Option<String> {
        let value = self.required(input, base, &["card", "cardNumber"])?;
        match value.as_str() {
            Some(number) if card::is_valid_card_number(number) => Some(number.to_owned()),
            _ => {
                self.push(Violation::CardNumber {
                    property: join(base, "card.cardNumber"),
                    masked: card::mask_all(&Violation::shown(value)),
                });
                None
            }
        }
    }

    fn expiry_date(&mut self, input: &Value, base: &str, today: Today) -> Option<String> {
        let value = self.required(input, base, &["card", "expiryDate"])?;
        match value.as_str() {
            Some(date) if card::is_valid_expiry(date, today.year, today.month) => {
                Some(date.to_owned())
            }
            _ => {
                self.push(Violation::ExpiryDate {
                    property: join(base, "card.expiryDate"),
                    shown: Violation::shown(value),
                });
                None
            }
        }
    }

    /// The CVV is optional (recurring payments have none); when sent it is 3–4 digits.
    fn cvv(&mut self, input: &Value, base: &str) -> bool {
        let Some(value) = self.lookup(input, base, &["card", "cvv"]) else {
            return false;
        };
        if !value.as_str().is_some_and(card::is_valid_cvv) {
            // Never echo a CVV, even a wrong one.
            self.push(Violation::InvalidValue {
                property: join(base, "card.cvv"),
                shown: card::mask_all(&Violation::shown(value)),
            });
        }
        true
    }

    fn order(&mut self, root: &Map<String, Value>) -> Option<OrderInput> {
        const BASE: &str = "order";
        let order = self.required_member(root, BASE)?;
        let amount = self.required_amount(order, BASE, &["amountOfMoney", "amount"]);
        let currency_code = self.required_code(
            order,
            BASE,
            &["amountOfMoney", "currencyCode"],
            tables::is_currency_code,
        );
        self.required_code(
            order,
            BASE,
            &["customer", "billingAddress", "countryCode"],
            tables::is_country_code,
        );
        let billing_city =
            self.optional_string(order, BASE, &["customer", "billingAddress", "city"]);
        let merchant_reference =
            self.optional_string(order, BASE, &["references", "merchantReference"]);
        // Its JSON kind is checked against the model (`model_kinds`).
        let merchant_order_id = order
            .pointer("/references/merchantOrderId")
            .and_then(Value::as_i64);
        self.shopping_cart(order, currency_code.as_deref());
        Some(OrderInput {
            amount: amount?,
            currency_code: currency_code?,
            billing_city,
            merchant_reference,
            merchant_order_id,
        })
    }

    /// An optional array below `at`; another type is invalid.
    fn optional_array<'a>(&mut self, at: &'a Value, base: &str, rel: &[&str]) -> &'a [Value] {
        match self.lookup(at, base, rel) {
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.invalid(join(base, &rel.join(".")), other);
                &[]
            }
            None => &[],
        }
    }

    fn shopping_cart(&mut self, order: &Value, order_currency: Option<&str>) {
        const BASE: &str = "order";
        let items = self.optional_array(order, BASE, &["shoppingCart", "items"]);
        for (i, item) in items.iter().enumerate() {
            self.cart_item(
                item,
                &format!("order.shoppingCart.items[{}]", i + 1),
                order_currency,
            );
        }
        let breakdown = self.optional_array(order, BASE, &["shoppingCart", "amountBreakdown"]);
        for (i, entry) in breakdown.iter().enumerate() {
            self.breakdown_entry(entry, i + 1);
        }
    }

    fn cart_item(&mut self, item: &Value, base: &str, order_currency: Option<&str>) {
        if !item.is_object() {
            self.invalid(base.to_owned(), item);
            return;
        }
        let amount = self.required_amount(item, base, &["amountOfMoney", "amount"]);
        let currency = self.required_code(
            item,
            base,
            &["amountOfMoney", "currencyCode"],
            tables::is_currency_code,
        );
        if let (Some(currency), Some(expected)) = (currency.as_deref(), order_currency)
            && currency != expected
        {
            let property = join(base, "amountOfMoney.currencyCode");
            self.push(Violation::Inconsistent {
                message: format!(
                    "{property} ({currency}) DOES NOT MATCH ORDER CURRENCYCODE ({expected})"
                ),
                property,
            });
        }
        let price = self.optional_count(
            item,
            base,
            &["invoiceData", "pricePerItem"],
            non_negative_integer,
        );
        let quantity = self.optional_count(item, base, &["invoiceData", "nrOfItems"], count);
        if let (Some(amount), Some(price), Some(quantity)) = (amount, price, quantity) {
            let expected = price.checked_mul(quantity);
            if expected != Some(amount) {
                let property = join(base, "amountOfMoney.amount");
                let expected = expected.map_or_else(|| "TOO LARGE".to_owned(), |e| e.to_string());
                self.push(Violation::Inconsistent {
                    message: format!(
                        "{property} ({amount}) DOES NOT EQUAL PRICEPERITEM TIMES NROFITEMS ({expected})"
                    ),
                    property,
                });
            }
        }
    }

    /// An optional number accepted by `parse`; anything else is invalid.
    fn optional_count(
        &mut self,
        at: &Value,
        base: &str,
        rel: &[&str],
        parse: fn(&Value) -> Option<i64>,
    ) -> Option<i64> {
        let value = self.lookup(at, base, rel)?;
        let parsed = parse(value);
        if parsed.is_none() {
            self.invalid(join(base, &rel.join(".")), value);
        }
        parsed
    }

    /// Entries are named by a predicate on their type (`amountBreakdown[type='DISCOUNT']`) when
    /// the type is known, else by their 1-based index.
    fn breakdown_entry(&mut self, entry: &Value, position: usize) {
        let indexed = format!("order.shoppingCart.amountBreakdown[{position}]");
        if !entry.is_object() {
            self.invalid(indexed, entry);
            return;
        }
        let kind = self.required_code(entry, &indexed, &["type"], tables::is_amount_breakdown_type);
        let base = kind.map_or(indexed, |kind| {
            format!("order.shoppingCart.amountBreakdown[type='{kind}']")
        });
        self.required_amount(entry, &base, &["amount"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_of_the_wrong_kind_for_the_api_model_is_an_invalid_value() {
        let mut body: Value =
            serde_json::from_str(super::super::test_support::MINIMAL_PAYMENT).expect("JSON");
        body["cardPaymentMethodSpecificInput"]["isRecurring"] = json!("true");
        body["order"]["references"] = json!({"merchantOrderId": "abc"});
        body["order"]["shoppingCart"] = json!({"items": [{
            "amountOfMoney": {"amount": 2345, "currencyCode": "CAD"},
            "invoiceData": {"description": ["a"], "nrOfItems": 1, "pricePerItem": 2345}
        }]});
        body["order"]["amountOfMoney"]["amount"] = json!("2345");
        let found =
            validate_create_payment(body.as_object().expect("object"), TODAY).expect_err("refused");
        let properties: Vec<&str> = found.iter().map(Violation::property).collect();
        // The rules' own (the amount, once), then the model's kinds, indexes 1-based; a
        // number where text goes (nrOfItems) is taken.
        assert_eq!(
            properties,
            [
                "order.amountOfMoney.amount",
                "cardPaymentMethodSpecificInput.isRecurring",
                "order.references.merchantOrderId",
                "order.shoppingCart.items[1].invoiceData.description",
            ]
        );
        assert!(
            found
                .iter()
                .all(|v| matches!(v, Violation::InvalidValue { .. }))
        );
        assert!(matches!(&found[1], Violation::InvalidValue { shown, .. } if shown == "true"));
    }

    const TODAY: Today = Today {
        year: 2026,
        month: 6,
    };

    fn minimal() -> Value {
        json!({"cardPaymentMethodSpecificInput":{"card":{"cvv":"123","cardNumber":"4567350000427977","expiryDate":"1230"},"paymentProductId":1},"order":{"amountOfMoney":{"amount":2345,"currencyCode":"CAD"},"customer":{"billingAddress":{"countryCode":"CA"}}}})
    }

    fn violations(body: &Value) -> Vec<Violation> {
        let object = body.as_object().expect("test body is an object");
        validate_create_payment(object, TODAY).expect_err("body must be refused")
    }

    fn properties(body: &Value) -> Vec<String> {
        violations(body)
            .iter()
            .map(|v| v.property().to_owned())
            .collect()
    }

    fn set(body: &mut Value, pointer: &str, value: Value) {
        *body.pointer_mut(pointer).expect("pointer exists") = value;
    }

    fn remove(body: &mut Value, pointer: &str) {
        let (parent, name) = pointer.rsplit_once('/').expect("pointer has a parent");
        body.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .expect("parent is an object")
            .remove(name);
    }

    #[test]
    fn minimal_create_payment_is_valid() {
        let body = minimal();
        let payment = validate_create_payment(body.as_object().expect("object"), TODAY)
            .expect("minimal body is valid");
        assert_eq!(payment.amount, 2345);
        assert_eq!(payment.currency_code, "CAD");
        let MethodInput::Card {
            card_number,
            has_cvv,
            ..
        } = payment.method
        else {
            panic!("a card payment");
        };
        assert_eq!(card_number, "4567350000427977");
        assert!(has_cvv);
    }

    #[test]
    fn a_token_stands_for_the_card() {
        let mut body = minimal();
        body["cardPaymentMethodSpecificInput"] = json!({"paymentProductId": 1, "token": "t-1"});
        let payment = validate_create_payment(body.as_object().expect("object"), TODAY)
            .expect("a token is enough");
        assert!(matches!(payment.method, MethodInput::Card { token: Some(t), .. } if t == "t-1"));
    }

    #[test]
    fn another_family_needs_its_product_id_and_no_card() {
        let mut body = minimal();
        body.as_object_mut()
            .expect("object")
            .remove("cardPaymentMethodSpecificInput");
        body["redirectPaymentMethodSpecificInput"] = json!({"paymentProductId": 809, "paymentProduct809SpecificInput": {"issuerId": "INGBNL2A"}});
        let payment = validate_create_payment(body.as_object().expect("object"), TODAY)
            .expect("an iDEAL payment is valid");
        assert!(matches!(
            payment.method,
            MethodInput::Other { family: crate::sim::method::Family::Redirect, issuer_id: Some(ref i), .. } if i == "INGBNL2A"
        ));
        body["redirectPaymentMethodSpecificInput"] = json!({});
        assert_eq!(
            properties(&body),
            ["redirectPaymentMethodSpecificInput.paymentProductId"]
        );
    }

    #[test]
    fn fixture_create_payment_request_is_valid() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/create-payment-request.json");
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let body: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let today = Today {
            year: 2026,
            month: 1,
        };
        let result = validate_create_payment(body.as_object().expect("object"), today);
        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn empty_object_misses_card_input_and_order() {
        assert_eq!(
            properties(&json!({})),
            ["cardPaymentMethodSpecificInput", "order"]
        );
    }

    #[test]
    fn every_required_field_is_reported_missing_at_once() {
        let mut body = minimal();
        for pointer in [
            "/cardPaymentMethodSpecificInput/paymentProductId",
            "/cardPaymentMethodSpecificInput/card/cardNumber",
            "/cardPaymentMethodSpecificInput/card/expiryDate",
            "/order/amountOfMoney/amount",
            "/order/amountOfMoney/currencyCode",
            "/order/customer/billingAddress/countryCode",
        ] {
            remove(&mut body, pointer);
        }
        let found = violations(&body);
        assert_eq!(found.len(), 6);
        assert!(found.iter().all(|v| matches!(v, Violation::Missing { .. })));
        assert_eq!(found[3].property(), "order.amountOfMoney.amount");
    }

    #[test]
    fn null_counts_as_missing() {
        let mut body = minimal();
        set(&mut body, "/order/amountOfMoney/currencyCode", Value::Null);
        assert_eq!(
            violations(&body),
            [Violation::Missing {
                property: "order.amountOfMoney.currencyCode".into()
            }]
        );
    }

    #[test]
    fn missing_parent_reports_the_leaf() {
        let mut body = minimal();
        remove(&mut body, "/order/customer");
        assert_eq!(
            properties(&body),
            ["order.customer.billingAddress.countryCode"]
        );
    }

    #[test]
    fn non_object_parent_is_an_invalid_value_once() {
        let mut body = minimal();
        set(
            &mut body,
            "/cardPaymentMethodSpecificInput/card",
            json!("4567"),
        );
        assert_eq!(properties(&body), ["cardPaymentMethodSpecificInput.card"]);
    }

    #[test]
    fn amount_must_be_a_non_negative_integer() {
        for bad in [json!(50.3), json!(-1), json!("2345"), json!(2345.0)] {
            let mut body = minimal();
            set(&mut body, "/order/amountOfMoney/amount", bad.clone());
            let found = violations(&body);
            assert_eq!(found.len(), 1, "{bad}");
            assert!(
                matches!(&found[0], Violation::InvalidValue { property, .. } if property == "order.amountOfMoney.amount")
            );
        }
        let mut zero = minimal();
        set(&mut zero, "/order/amountOfMoney/amount", json!(0));
        assert!(validate_create_payment(zero.as_object().expect("object"), TODAY).is_ok());
    }

    #[test]
    fn currency_and_country_must_be_iso_codes() {
        let mut body = minimal();
        set(&mut body, "/order/amountOfMoney/currencyCode", json!("XYZ"));
        set(
            &mut body,
            "/order/customer/billingAddress/countryCode",
            json!("UK"),
        );
        assert_eq!(
            properties(&body),
            [
                "order.amountOfMoney.currencyCode",
                "order.customer.billingAddress.countryCode"
            ]
        );
    }

    #[test]
    fn card_number_failing_luhn_is_reported_masked() {
        let mut body = minimal();
        set(
            &mut body,
            "/cardPaymentMethodSpecificInput/card/cardNumber",
            json!("4567350000427978"),
        );
        assert_eq!(
            violations(&body),
            [Violation::CardNumber {
                property: "cardPaymentMethodSpecificInput.card.cardNumber".into(),
                masked: "****************".into()
            }]
        );
    }

    #[test]
    fn card_number_with_non_digits_is_refused() {
        let mut body = minimal();
        set(
            &mut body,
            "/cardPaymentMethodSpecificInput/card/cardNumber",
            json!("4567 3500 0042 7977"),
        );
        assert!(matches!(
            &violations(&body)[0],
            Violation::CardNumber { .. }
        ));
    }

    #[test]
    fn expiry_in_the_past_is_quoted() {
        let mut body = minimal();
        set(
            &mut body,
            "/cardPaymentMethodSpecificInput/card/expiryDate",
            json!("1210"),
        );
        assert_eq!(
            violations(&body),
            [Violation::ExpiryDate {
                property: "cardPaymentMethodSpecificInput.card.expiryDate".into(),
                shown: "1210".into()
            }]
        );
    }

    #[test]
    fn cvv_must_be_three_or_four_digits_and_is_never_echoed() {
        let mut body = minimal();
        set(
            &mut body,
            "/cardPaymentMethodSpecificInput/card/cvv",
            json!("12"),
        );
        assert_eq!(
            violations(&body),
            [Violation::InvalidValue {
                property: "cardPaymentMethodSpecificInput.card.cvv".into(),
                shown: "**".into()
            }]
        );
    }

    #[test]
    fn payment_product_id_must_be_a_positive_integer() {
        let mut body = minimal();
        set(
            &mut body,
            "/cardPaymentMethodSpecificInput/paymentProductId",
            json!("1"),
        );
        assert_eq!(
            properties(&body),
            ["cardPaymentMethodSpecificInput.paymentProductId"]
        );
    }

    fn with_cart(cart: Value) -> Value {
        let mut body = minimal();
        set(&mut body, "/order/amountOfMoney/currencyCode", json!("EUR"));
        body["order"]["shoppingCart"] = cart;
        body
    }

    fn item(amount: i64, currency: &str, price: i64, count: Value) -> Value {
        json!({"amountOfMoney": {"amount": amount, "currencyCode": currency},
               "invoiceData": {"pricePerItem": price, "nrOfItems": count}})
    }

    #[test]
    fn item_amount_must_equal_price_times_count_with_a_one_based_index() {
        let body = with_cart(json!({"items": [
            item(2500, "EUR", 2500, json!("1")),
            item(500, "EUR", 40, json!("12")),
        ]}));
        let found = violations(&body);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].property(),
            "order.shoppingCart.items[2].amountOfMoney.amount"
        );
        let message = found[0].to_api_error("1").message;
        assert!(message.contains("(500)"), "{message}");
        assert!(message.contains("(480)"), "{message}");
    }

    #[test]
    fn item_count_may_be_a_number_or_a_digit_string() {
        let body = with_cart(
            json!({"items": [item(480, "EUR", 40, json!(12)), item(480, "EUR", 40, json!("12"))]}),
        );
        assert!(validate_create_payment(body.as_object().expect("object"), TODAY).is_ok());
        let bad = with_cart(json!({"items": [item(480, "EUR", 40, json!("12x"))]}));
        assert_eq!(
            properties(&bad),
            ["order.shoppingCart.items[1].invoiceData.nrOfItems"]
        );
    }

    #[test]
    fn item_currency_must_match_the_order_currency() {
        let body = with_cart(
            json!({"items": [item(480, "EUR", 40, json!(12)), item(480, "USD", 40, json!(12))]}),
        );
        let found = violations(&body);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].property(),
            "order.shoppingCart.items[2].amountOfMoney.currencyCode"
        );
        assert!(found[0].to_api_error("1").message.contains("(USD)"));
    }

    #[test]
    fn negative_or_fractional_breakdown_amount_is_named_by_type_predicate() {
        let body = with_cart(json!({"amountBreakdown": [
            {"type": "BASE_AMOUNT", "amount": 2345},
            {"type": "DISCOUNT", "amount": -500},
            {"type": "SHIPPING", "amount": 4.5},
        ]}));
        assert_eq!(
            properties(&body),
            [
                "order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount",
                "order.shoppingCart.amountBreakdown[type='SHIPPING'].amount"
            ]
        );
    }

    #[test]
    fn breakdown_entry_without_a_known_type_is_named_by_index() {
        let body = with_cart(json!({"amountBreakdown": [
            {"type": "COUPON", "amount": -1},
            {"amount": 5},
        ]}));
        assert_eq!(
            properties(&body),
            [
                "order.shoppingCart.amountBreakdown[1].type",
                "order.shoppingCart.amountBreakdown[1].amount",
                "order.shoppingCart.amountBreakdown[2].type"
            ]
        );
    }

    #[test]
    fn cart_that_is_not_an_array_is_invalid() {
        let body = with_cart(json!({"items": {"amount": 1}}));
        assert_eq!(properties(&body), ["order.shoppingCart.items"]);
    }

    #[test]
    fn demo_request_is_refused_with_the_four_planned_errors() {
        let body: Value = serde_json::from_str(&crate::sim::demo_request_body()).expect("JSON");
        assert_eq!(
            properties(&body),
            [
                "cardPaymentMethodSpecificInput.card.expiryDate",
                "order.customer.billingAddress.countryCode",
                "order.shoppingCart.items[2].amountOfMoney.amount",
                "order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount"
            ]
        );
    }
}
