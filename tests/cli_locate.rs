//! `cinspect locate`: the JSON answer, exit statuses, and quickfix lines for
//! the fixtures in tests/fixtures.

mod common;

use std::process::Command;

use serde_json::Value;

fn cinspect(args: &[&str]) -> (i32, String, String) {
    let config = tempfile::tempdir().expect("temp config dir");
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .args(args)
        .output()
        .expect("cinspect runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn request_fixture() -> String {
    common::fixture("create-payment-request.json")
        .display()
        .to_string()
}

#[test]
fn found_prints_the_value_span_and_exits_0() {
    let body = request_fixture();
    let (code, out, _) = cinspect(&[
        "locate",
        "--body",
        &body,
        "cardPaymentMethodSpecificInput.card.expiryDate",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["outcome"], "found");
    assert_eq!(v["index_base"], Value::Null);
    let m = &v["matches"][0];
    assert_eq!(m["path"], "cardPaymentMethodSpecificInput.card.expiryDate");
    assert_eq!(
        (m["line"].as_u64(), m["column"].as_u64()),
        (Some(7), Some(21))
    );
    assert_eq!(
        (m["end_line"].as_u64(), m["end_column"].as_u64()),
        (Some(7), Some(27))
    );
}

#[test]
fn index_base_reading_is_reported_and_can_be_forced() {
    let body = request_fixture();
    let (code, out, _) = cinspect(&[
        "locate",
        "--body",
        &body,
        "--index-base",
        "1",
        "order.shoppingCart.items[1].amountOfMoney.amount",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["index_base"], 1);
    assert_eq!(
        v["matches"][0]["path"],
        "order.shoppingCart.items[0].amountOfMoney.amount"
    );
    let (_, out, _) = cinspect(&[
        "locate",
        "--body",
        &body,
        "--index-base",
        "0",
        "order.shoppingCart.items[1].amountOfMoney.amount",
    ]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v["matches"][0]["path"],
        "order.shoppingCart.items[1].amountOfMoney.amount"
    );
}

#[test]
fn missing_field_names_the_nearest_place_and_exits_1() {
    let body = request_fixture();
    let (code, out, _) = cinspect(&[
        "locate",
        "--body",
        &body,
        "order.customer.billingAddress.countryCodeX",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["outcome"], "missing");
    assert_eq!(v["nearest"]["path"], "order.customer.billingAddress");
    assert_eq!(v["missing"], "countryCodeX");
    assert!(
        v.get("matches")
            .is_some_and(|m| m.as_array().is_some_and(Vec::is_empty))
    );
}

#[test]
fn unsupported_path_exits_1() {
    let (code, out, _) = cinspect(&[
        "locate",
        "--body",
        &request_fixture(),
        "$count(order.items)",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["outcome"], "unsupported");
}

#[test]
fn unreadable_body_or_bad_usage_exits_2() {
    let (code, _, err) = cinspect(&["locate", "--body", "/nonexistent/body.json", "a.b"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/body.json"), "{err}");
    let (code, _, _) = cinspect(&["locate", "--body", &request_fixture()]);
    assert_eq!(code, 2, "a property or --errors is required");
}

#[test]
fn quickfix_lines_for_the_fixture_errors() {
    let body = request_fixture();
    let errors = common::fixture("400-invalid-request.json")
        .display()
        .to_string();
    let (code, out, _) = cinspect(&["locate", "--body", &body, "--errors", &errors]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim_end(),
        format!(
            "{body}:7:21: 21000120 paymentMethodSpecificInput.card.expiryDate (1210) IS IN THE PAST OR NOT IN CORRECT MMYY FORMAT [cardPaymentMethodSpecificInput.card.expiryDate]"
        )
    );

    let errors = common::fixture("400-parameter-not-found.json")
        .display()
        .to_string();
    let (_, out, _) = cinspect(&["locate", "--body", &body, "--errors", &errors]);
    assert!(out.starts_with(&format!("{body}:1:1: 20000000 ")), "{out}");
    assert!(out.contains("bin is missing"), "{out}");

    let errors = common::fixture("400-luhn.json").display().to_string();
    let (_, out, _) = cinspect(&["locate", "--body", &body, "--errors", &errors]);
    assert!(
        out.starts_with(&format!("{body}:1:1: 21000020 ")) && out.contains("(no propertyName)"),
        "{out}"
    );
}

#[test]
fn a_path_parameter_is_located_in_the_uri() {
    let (code, out, _) = cinspect(&[
        "locate",
        "--uri",
        "https://example.test/v1/1234/payments/000000123/cancel",
        "--method",
        "POST",
        "paymentId",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(
        v,
        serde_json::json!({"property": "paymentId", "outcome": "found", "in": "uri", "column": 39})
    );
    // Not a path parameter: looked for in the body when there is one, else missing.
    let body = request_fixture();
    let (code, out, _) = cinspect(&[
        "locate",
        "--uri",
        "/v1/1234/payments",
        "--body",
        &body,
        "order.amountOfMoney.amount",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["outcome"],
        "found"
    );
    let (code, out, _) = cinspect(&["locate", "--uri", "/v1/1234/payments", "amount"]);
    assert_eq!(code, 1);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["outcome"],
        "missing"
    );
    // Neither a body nor a URI: bad usage.
    let (code, _, err) = cinspect(&["locate", "paymentId"]);
    assert_eq!(code, 2, "{err}");
}
