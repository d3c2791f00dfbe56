//! Helpers for the route tests: a running simulator, requests, fixtures and shape comparison.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::{DEMO_MERCHANT_ID, RunningSim, SimConfig, spawn};

pub const MINIMAL_PAYMENT: &str = r#"{"cardPaymentMethodSpecificInput":{"card":{"cvv":"123","cardNumber":"4567350000427977","expiryDate":"1230"},"paymentProductId":1},"order":{"amountOfMoney":{"amount":2345,"currencyCode":"CAD"},"customer":{"billingAddress":{"countryCode":"CA"}}}}"#;

/// A simulator on a free loopback port, with a short slow-processing window.
pub async fn start() -> RunningSim {
    let config = SimConfig {
        slow_processing: Duration::from_millis(600),
        // These tests are about payments and faults; signing is tested in auth.rs and end to end.
        check_signatures: false,
        ..SimConfig::default()
    };
    spawn(([127, 0, 0, 1], 0).into(), config)
        .await
        .expect("simulator binds a free port")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client builds")
}

pub fn payments_url(sim: &RunningSim) -> String {
    format!("{}/v1/{DEMO_MERCHANT_ID}/payments", sim.base_url())
}

/// POSTs `body` as JSON to create a payment.
pub async fn create_payment(sim: &RunningSim, body: &str) -> reqwest::Response {
    client()
        .post(payments_url(sim))
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("request is answered")
}

/// The minimal valid payment with `edit` applied.
pub fn minimal_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut body: Value = serde_json::from_str(MINIMAL_PAYMENT).expect("minimal body is JSON");
    edit(&mut body);
    body.to_string()
}

pub async fn json_of(response: reqwest::Response) -> Value {
    let text = response.text().await.expect("body is read");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("body is not JSON ({e}): {text}"))
}

pub fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("fixture {} unreadable: {e}", path.display()));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// The set of key paths of a JSON value (array elements collapse to `[]`), to compare shapes.
pub fn shape(value: &Value) -> std::collections::BTreeSet<String> {
    fn walk(value: &Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let path = format!("{prefix}.{key}");
                    out.insert(path.clone());
                    walk(child, &path, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(value, "", &mut out);
    out
}

pub fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The propertyNames of an error body, in order.
pub fn property_names(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["propertyName"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
