//! Bodies against the model: the path at a cursor (broken text too) and the findings.

use super::*;

fn m() -> &'static Model {
    model().expect("the embedded model parses")
}

/// The path at the `|` in `marked` (the bar removed first).
fn at(marked: &str) -> CursorPath {
    let offset = marked.find('|').expect("a | marks the cursor");
    let text = marked.replacen('|', "", 1);
    Body::parse(&text).path_at(offset)
}

fn path(c: &CursorPath) -> String {
    path_text(&c.segments)
}

#[test]
fn path_at_cursor_in_valid_json() {
    let c = at(r#"{"order": {"amountOfMoney": {"amount": 1|00}}}"#);
    assert_eq!(
        (path(&c).as_str(), c.at),
        ("order.amountOfMoney.amount", CursorAt::Value)
    );
    let c = at(r#"{"order": {"amount|OfMoney": {}}}"#);
    assert_eq!(
        (path(&c).as_str(), c.at),
        ("order.amountOfMoney", CursorAt::Key)
    );
    let c = at(r#"{"order": {"a": 1, | "b": 2}}"#);
    assert_eq!((path(&c).as_str(), c.at), ("order", CursorAt::Inside));
    assert_eq!(c.present, ["a", "b"]);
    let c = at(r#"{"items": [{"x": 1}, {"y": "|"}]}"#);
    assert_eq!((path(&c).as_str(), c.at), ("items[1].y", CursorAt::Value));
    let c = at(r#"{"a": |{"b": 1}}"#);
    assert_eq!((path(&c).as_str(), c.at), ("a", CursorAt::Value));
    assert_eq!(at(r#"|{"a": 1}"#).at, CursorAt::Outside);
    assert_eq!(at(r#"{"a": 1}|"#).at, CursorAt::Outside);
    assert_eq!(at("|").at, CursorAt::Outside);
}

#[test]
fn path_at_cursor_in_half_typed_json() {
    // An unfinished key: inside `customer`, with what is typed of the key.
    let c = at("{\"order\": {\"customer\": {\"billingAddress\": {}, \"cou|");
    assert_eq!(
        (path(&c).as_str(), c.at),
        ("order.customer", CursorAt::Inside)
    );
    assert_eq!(c.partial.as_deref(), Some("cou"));
    assert_eq!(c.present, ["billingAddress"]);
    // A key whose value is not typed yet.
    let c = at("{\"order\": {\"amountOfMoney\": {\"amount\": |\n");
    assert_eq!(
        (path(&c).as_str(), c.at),
        ("order.amountOfMoney.amount", CursorAt::Value)
    );
    // Missing commas, unclosed string value.
    let c = at("{\"a\": 1 \"order\": {\"references\": {\"merchantReference\": \"abc|\n}}");
    assert_eq!(
        (path(&c).as_str(), c.at),
        ("order.references.merchantReference", CursorAt::Value)
    );
    // Unclosed brackets: the cursor at the end is still inside them.
    let c = at("{\"order\": {\"customer\": {\n   |");
    assert_eq!(
        (path(&c).as_str(), c.at),
        ("order.customer", CursorAt::Inside)
    );
}

#[test]
fn path_at_cursor_survives_deep_nesting() {
    let depth = 100_000;
    let text = "[".repeat(depth);
    let c = Body::parse(&text).path_at(depth);
    assert_eq!(c.segments.len(), depth - 1);
    let text = "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
    let c = Body::parse(&text).path_at(5 * depth + 1);
    assert_eq!((c.segments.len(), c.at), (depth, CursorAt::Value));
}

#[test]
fn completion_lists_missing_fields_and_documented_values() {
    let m = m();
    let req = m.type_named("CreatePaymentRequest").unwrap();
    let c = at("{\"order\": {\"customer\": {\"accountType\": \"\", \"acc|");
    let names: Vec<String> = m
        .completions(req, &c)
        .iter()
        .map(|x| match x {
            Completion::Field(f) => f.field.name.clone(),
            Completion::Value(v) => format!("={v}"),
        })
        .collect();
    assert_eq!(names, ["account"]);
    let c = at("{\"order\": {\"customer\": {\"accountType\": \"|\"}}}");
    let values: Vec<String> = m
        .completions(req, &c)
        .iter()
        .map(|x| match x {
            Completion::Value(v) => v.to_string(),
            Completion::Field(f) => f.field.name.clone(),
        })
        .collect();
    assert_eq!(values, ["none", "created", "existing"]);
}

/// (kind, path, (line, column), suggestion) of each finding.
type Brief = (FindingKind, String, (usize, usize), Option<String>);

fn lint(type_name: &str, text: &str) -> Vec<Brief> {
    let m = m();
    let ty = m.type_named(type_name).unwrap();
    let body = Body::parse(text);
    m.findings(&body, ty)
        .items
        .into_iter()
        .map(|f| (f.kind, f.path, (f.start.line, f.start.column), f.suggestion))
        .collect()
}

#[test]
fn unknown_fields_are_found_at_their_key_with_a_suggestion() {
    let text = "{\n  \"order\": {\n    \"customer\": {\n      \"billingAddress\": {\"countrycode\": \"NL\"}\n    }\n  }\n}";
    let found = lint("CreatePaymentRequest", text);
    assert_eq!(
        found,
        [(
            FindingKind::UnknownField,
            "order.customer.billingAddress.countrycode".to_owned(),
            (4, 26),
            Some("countryCode".to_owned())
        )]
    );
    let m = m();
    let body = Body::parse(text);
    let f = &m
        .findings(&body, m.type_named("CreatePaymentRequest").unwrap())
        .items[0];
    assert_eq!(
        f.message,
        "unknown field countrycode (did you mean countryCode?): not in model (connect-sdk-python3 6.3.0)"
    );
    assert_eq!(f.owner.as_deref(), Some("Address"));
}

#[test]
fn columns_count_unicode_scalar_values() {
    let text = "{\"order\": {\"references\": {\"descriptor\": \"é€😀\", \"x\": 1}}}";
    let found = lint("CreatePaymentRequest", text);
    // The key "x" starts after 3 multi-byte characters: column counts them as one each.
    assert_eq!(found[0].2, (1, 48));
    assert_eq!(found[0].1, "order.references.x");
}

#[test]
fn wrong_kinds_are_found_at_their_value() {
    let text = r#"{"order": {"amountOfMoney": {"amount": "100", "currencyCode": 978},
 "items": {}, "customer": []},
 "cardPaymentMethodSpecificInput": {"isRecurring": "true", "paymentProductId": 1.5,
  "card": {"cvv": "123"}}}"#;
    let found = lint("CreatePaymentRequest", text);
    let kinds: Vec<(&str, (usize, usize))> = found
        .iter()
        .filter(|f| f.0 == FindingKind::WrongKind)
        .map(|f| (f.1.as_str(), f.2))
        .collect();
    assert_eq!(
        kinds,
        [
            ("order.amountOfMoney.amount", (1, 40)),
            ("order.amountOfMoney.currencyCode", (1, 63)),
            ("order.items", (2, 11)),
            ("order.customer", (2, 27)),
            ("cardPaymentMethodSpecificInput.isRecurring", (3, 52)),
            ("cardPaymentMethodSpecificInput.paymentProductId", (3, 80)),
        ]
    );
    // order.items is deprecated as well as of the wrong kind.
    assert!(
        found
            .iter()
            .any(|f| f.0 == FindingKind::Deprecated && f.1 == "order.items")
    );
}

#[test]
fn wrong_kind_messages_say_what_was_found_and_wanted() {
    let m = m();
    let body = Body::parse(
        r#"{"order": {"amountOfMoney": {"amount": "100"}, "shoppingCart": {"items": {}}}}"#,
    );
    let found = m.findings(&body, m.type_named("CreatePaymentRequest").unwrap());
    let messages: Vec<&str> = found.items.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "wrong kind for amount: a string where the model has an integer",
            "wrong kind for items: an object where the model has an array (array of LineItem)",
        ]
    );
}

#[test]
fn documented_values_and_deprecations_are_found() {
    let text = r#"{"cardPaymentMethodSpecificInput": {"skipAuthentication": true,
 "recurring": {"recurringPaymentSequenceIndicator": "FIRST"}}}"#;
    let m = m();
    let body = Body::parse(text);
    let found = m.findings(&body, m.type_named("CreatePaymentRequest").unwrap());
    let messages: Vec<&str> = found.items.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "deprecated field skipAuthentication (use threeDSecure.skipAuthentication)",
            "hint: \"FIRST\" is not among the documented values of recurringPaymentSequenceIndicator (first, recurring, last)",
        ]
    );
    assert!(found.items[1].kind.is_hint());
    assert_eq!(
        (found.items[1].start.line, found.items[1].start.column),
        (2, 53)
    );
}

#[test]
fn elements_of_lists_are_checked() {
    let text = r#"{"order": {"shoppingCart": {"items": [{"amountOfMoney": {"amount": 1}}, {"amountOfMony": {}}, "x"]}}}"#;
    let found = lint("CreatePaymentRequest", text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].1, "order.shoppingCart.items[1].amountOfMony");
    assert_eq!(found[0].3.as_deref(), Some("amountOfMoney"));
    assert_eq!(
        (found[1].0, found[1].1.as_str()),
        (FindingKind::WrongKind, "order.shoppingCart.items[2]")
    );
}

#[test]
fn nulls_broken_values_and_non_object_bodies() {
    assert_eq!(
        lint(
            "CreatePaymentRequest",
            r#"{"order": null, "merchant": tru}"#
        ),
        []
    );
    let found = lint("CreatePaymentRequest", "[1, 2]");
    assert_eq!(
        (found[0].0, found[0].1.as_str(), found[0].2),
        (FindingKind::WrongKind, "", (1, 1))
    );
    assert_eq!(lint("CreatePaymentRequest", ""), []);
}

#[test]
fn deep_hostile_nesting_is_walked_without_recursion() {
    let depth = 100_000;
    // Under a known field the walk stops at the first unknown or wrong kind.
    let text = format!("{{\"order\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let found = lint("CreatePaymentRequest", &text);
    assert_eq!(found.len(), 1);
    let text = "{\"x\":".repeat(depth) + "1" + &"}".repeat(depth);
    assert_eq!(lint("CreatePaymentRequest", &text).len(), 1);
}

#[test]
fn a_flood_of_findings_is_capped_and_counted() {
    let mut text = String::from("{");
    for i in 0..(MAX_FINDINGS + 5) {
        text.push_str(&format!("\"u{i}\": 1,"));
    }
    text.push_str("\"merchant\": {}}");
    let m = m();
    let body = Body::parse(&text);
    let found = m.findings(&body, m.type_named("CreatePaymentRequest").unwrap());
    assert_eq!((found.items.len(), found.more), (MAX_FINDINGS, 5));
    // The positions on one long line are right all the same (computed incrementally).
    let last = found.items.last().unwrap();
    assert_eq!(last.start.column, last.span.start + 1);
}

#[test]
fn every_template_lints_clean() {
    let m = m();
    for t in crate::connect::templates::all() {
        let e = m.resolve_endpoint(t.name).unwrap();
        match &e.body {
            Some(ty) => {
                let body = Body::parse(&t.body);
                let found = m.findings(&body, m.type_named(ty).unwrap());
                assert_eq!(found.items, [], "{}", t.name);
            }
            None => assert_eq!(t.body, "", "{} has a body but {} takes none", t.name, e.id),
        }
    }
}

#[test]
fn a_finding_ends_where_its_key_or_value_ends() {
    let m = m();
    let text = "{\"order\": {\"amountOfMoney\": {\"amount\": \"100\"},\n  \"customer\": {\"billingAddress\": {\"countrycode\": \"NL\"}}}}";
    let body = Body::parse(text);
    let found = m.findings(&body, m.type_named("CreatePaymentRequest").unwrap());
    let ends: Vec<((usize, usize), (usize, usize))> = found
        .items
        .iter()
        .map(|f| ((f.start.line, f.start.column), (f.end.line, f.end.column)))
        .collect();
    // The value "100" with its quotes; the key "countrycode" with its quotes.
    assert_eq!(ends, [((1, 40), (1, 45)), ((2, 35), (2, 48))]);
}

#[test]
fn a_request_files_variables_are_no_wrong_kinds() {
    let text = r#"{"order": {"amountOfMoney": {"amount": {{amount}}, "currencyCode": "{{currency}}"},
 "customer": {"accountType": "{{accountType}}"}}}"#;
    assert_eq!(lint("CreatePaymentRequest", text), []);
}

#[test]
fn a_scanned_body_answers_like_a_parsed_one() {
    let m = m();
    let ty = m.type_named("CreatePaymentRequest").unwrap();
    let text = r#"{"order": {"amountOfMoney": {"amount": "100"}, "cutomer": {}}}"#;
    let scanned = Scanned::new(text.to_owned());
    assert_eq!(
        m.findings(&scanned.body(), ty),
        m.findings(&Body::parse(text), ty)
    );
    assert_eq!(scanned.body().path_at(40), Body::parse(text).path_at(40));
}
