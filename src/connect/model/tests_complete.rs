//! Completion and the field at the cursor, on bodies as they are typed.

use super::*;

fn m() -> &'static Model {
    model().expect("the embedded model parses")
}

fn create() -> &'static Type {
    m().type_named("CreatePaymentRequest").unwrap()
}

/// The text with the `|` removed and the cursor's byte offset.
fn marked(text: &str) -> (String, usize) {
    let offset = text.find('|').expect("a | marks the cursor");
    (text.replacen('|', "", 1), offset)
}

/// The choices at the `|`, filtered by what is typed there.
fn offered(text: &str) -> (Vec<String>, String) {
    let (text, offset) = marked(text);
    let body = Body::parse(&text);
    let Some(c) = m().choices(create(), &body, offset) else {
        return (Vec::new(), String::new());
    };
    let names = c
        .matching(&c.typed)
        .into_iter()
        .map(|i| c.items[i].text.clone())
        .collect();
    (names, c.title)
}

/// The body after choosing `name` at the `|`, with `|` at the cursor (and `[…]` around
/// what is selected).
fn chosen(text: &str, name: &str) -> String {
    let (text, offset) = marked(text);
    let body = Body::parse(&text);
    let c = m().choices(create(), &body, offset).expect("choices");
    let choice = c
        .items
        .iter()
        .find(|x| x.text == name)
        .unwrap_or_else(|| panic!("{name} offered"));
    let edit = c.edit(&text, choice);
    let mut out = text.clone();
    out.replace_range(edit.range.clone(), &edit.text);
    let end = edit.cursor + edit.select;
    if edit.select > 0 {
        out.insert(end, ']');
        out.insert(edit.cursor, '[');
    } else {
        out.insert(edit.cursor, '|');
    }
    out
}

#[test]
fn the_fields_of_the_object_at_the_cursor_are_offered_without_those_present() {
    let (names, title) =
        offered("{\"order\": {\"amountOfMoney\": {\"currencyCode\": \"EUR\", |}}}");
    assert_eq!(names, ["amount"]);
    assert_eq!(title, "fields of AmountOfMoney");
    // Filtered by what is typed of the key: a prefix first, then the names holding it.
    let (names, _) = offered("{\"order\": {\"customer\": {\"billingAddress\": {\"cou|");
    assert_eq!(names, ["countryCode"]);
    let (names, _) = offered("{\"order\": {\"customer\": {\"billingAddress\": {\"code|");
    assert_eq!(names, ["countryCode", "stateCode"]);
    // Deprecated fields come last.
    let (names, _) = offered("{\"order\": {|}}");
    let order = m().type_named("Order").unwrap();
    let deprecated: Vec<bool> = names
        .iter()
        .map(|n| m().field(order, n).unwrap().field.deprecated)
        .collect();
    assert!(
        deprecated.contains(&true) && deprecated.is_sorted(),
        "{names:?}"
    );
}

#[test]
fn documented_values_and_booleans_are_offered_on_a_value() {
    let (names, title) = offered(
        "{\"cardPaymentMethodSpecificInput\": {\"recurring\": {\"recurringPaymentSequenceIndicator\": \"r|\"}}}",
    );
    assert_eq!(names, ["recurring", "first"]);
    assert_eq!(title, "values of recurringPaymentSequenceIndicator");
    let (names, _) = offered("{\"cardPaymentMethodSpecificInput\": {\"isRecurring\": |}}");
    assert_eq!(names, ["true", "false"]);
    // Nothing to offer on a free string, on an unknown field, outside the body.
    assert!(
        offered("{\"order\": {\"references\": {\"merchantReference\": \"|\"}}}")
            .0
            .is_empty()
    );
    assert!(offered("{\"order\": {\"nope\": {|}}}").0.is_empty());
    assert!(offered("|{}").0.is_empty());
}

#[test]
fn choosing_a_field_inserts_its_key_a_value_of_its_kind_and_commas() {
    // A string: the cursor inside the quotes; a comma after the member before.
    assert_eq!(
        chosen(
            "{\n  \"order\": {\n    \"amountOfMoney\": {\n      \"amount\": 100\n      \"cur|\n    }\n  }\n}",
            "currencyCode"
        ),
        "{\n  \"order\": {\n    \"amountOfMoney\": {\n      \"amount\": 100,\n      \"currencyCode\": \"|\"\n    }\n  }\n}"
    );
    // An integer: its 0 selected; a comma before the member after.
    assert_eq!(
        chosen(
            "{\"order\": {\"amountOfMoney\": {|\"currencyCode\": \"EUR\"}}}",
            "amount"
        ),
        "{\"order\": {\"amountOfMoney\": {\"amount\": [0],\"currencyCode\": \"EUR\"}}}"
    );
    // An object on a line of its own: opened over lines, the cursor inside.
    assert_eq!(
        chosen("{\n  \"order\": {\n    |\n  }\n}", "customer"),
        "{\n  \"order\": {\n    \"customer\": {\n      |\n    }\n  }\n}"
    );
    // A list of objects, a boolean.
    assert_eq!(
        chosen("{\"order\": {\"shoppingCart\": {|}}}", "items"),
        "{\"order\": {\"shoppingCart\": {\"items\": [{|}]}}}"
    );
    assert_eq!(
        chosen(
            "{\"cardPaymentMethodSpecificInput\": {\"isR|\n}}",
            "isRecurring"
        ),
        "{\"cardPaymentMethodSpecificInput\": {\"isRecurring\": [false]\n}}"
    );
}

#[test]
fn choosing_on_a_key_that_has_its_value_renames_it() {
    assert_eq!(
        chosen(
            "{\"order\": {\"customer\": {\"billingAddress\": {\"countrycode|\": \"NL\"}}}}",
            "countryCode"
        ),
        "{\"order\": {\"customer\": {\"billingAddress\": {\"countryCode\": |\"NL\"}}}}"
    );
}

#[test]
fn choosing_a_value_replaces_the_value_typed() {
    assert_eq!(
        chosen(
            "{\"cardPaymentMethodSpecificInput\": {\"recurring\": {\"recurringPaymentSequenceIndicator\": \"fi|\"}}}",
            "first"
        ),
        "{\"cardPaymentMethodSpecificInput\": {\"recurring\": {\"recurringPaymentSequenceIndicator\": \"first\"|}}}"
    );
    assert_eq!(
        chosen(
            "{\"cardPaymentMethodSpecificInput\": {\"isRecurring\": tr|}}",
            "true"
        ),
        "{\"cardPaymentMethodSpecificInput\": {\"isRecurring\": true|}}"
    );
}

#[test]
fn completion_works_in_a_body_broken_by_typing() {
    // Unclosed brackets, no comma yet, a key without its closing quote.
    let (names, _) = offered("{\"order\": {\"amountOfMoney\": {\"amount\": 1 \"curr|");
    assert_eq!(names, ["currencyCode"]);
    // 100 000 levels of nesting: nothing offered, nothing overflows.
    let deep = "[".repeat(100_000) + "|";
    assert!(offered(&deep).0.is_empty());
}

#[test]
fn the_field_at_the_cursor_is_described() {
    let describe = |text: &str| {
        let (text, offset) = marked(text);
        m().describe_at(create(), &Body::parse(&text).path_at(offset))
    };
    assert_eq!(
        describe("{\"order\": {\"amountOfMoney\": {\"amount\": 1|00}}}").as_deref(),
        Some("order.amountOfMoney.amount · integer · field of AmountOfMoney")
    );
    assert_eq!(
        describe("{\"cardPaymentMethodSpecificInput\": {\"skipAuthentication|\": true}}")
            .as_deref(),
        Some(
            "cardPaymentMethodSpecificInput.skipAuthentication · boolean · field of CardPaymentMethodSpecificInput · deprecated → use threeDSecure.skipAuthentication"
        )
    );
    assert_eq!(
        describe("{\"cardPaymentMethodSpecificInput\": {\"recurring\": {\"recurringPaymentSequenceIndicator\": \"|\"}}}").as_deref(),
        Some(
            "cardPaymentMethodSpecificInput.recurring.recurringPaymentSequenceIndicator · string · field of CardRecurrenceDetails · first | recurring | last"
        )
    );
    assert_eq!(
        describe("{\"order\": {\"shoppingCart\": {\"items\": [{|}]}}}").as_deref(),
        Some("order.shoppingCart.items[0] · LineItem · element of items")
    );
    assert_eq!(
        describe("{\"order\": {\"customer\": {\"billingAddress\": {\"countrycode\": \"N|L\"}}}}")
            .as_deref(),
        Some(
            "order.customer.billingAddress.countrycode · not in model (connect-sdk-python3 6.3.0) · did you mean countryCode?"
        )
    );
    assert_eq!(
        describe("{|}").as_deref(),
        Some("body · CreatePaymentRequest")
    );
    assert_eq!(describe("|{}"), None);
}

#[test]
fn a_responses_value_is_described_and_one_outside_its_list_is_a_hint() {
    let m = m();
    let ty = m.type_named("CreatePaymentResponse").unwrap();
    let segments = parse_path("payment.status");
    let line = m
        .describe_value(ty, &segments, Some("PENDING_APPROVAL"))
        .unwrap();
    assert!(
        line.starts_with("payment.status · string · field of Payment · ACCOUNT_VERIFIED | CREATED"),
        "{line}"
    );
    assert!(!line.contains("hint"), "{line}");
    let line = m.describe_value(ty, &segments, Some("SHIPPED")).unwrap();
    assert!(
        line.starts_with(
            "payment.status · hint: \"SHIPPED\" is not in the model's list · string · field of Payment · ACCOUNT_VERIFIED"
        ),
        "{line}"
    );
}
