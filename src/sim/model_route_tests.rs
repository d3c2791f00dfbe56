//! The simulator agrees with the API's model: every route's answer (success, decline,
//! refusal, unknown id) is an instance of its endpoint's response or error type.

use serde_json::Value;

use super::test_support::*;
use super::{DEMO_MERCHANT_ID, demo_request_body};
use crate::connect::model::{Body, FindingKind, model};

/// The findings of an answer to `method path` against its endpoint's response type
/// (`error`: its error type), as `kind path` lines.
fn findings(method: &str, path: &str, status: u16, body: &str) -> Vec<String> {
    let m = model().expect("the model");
    let endpoint = m
        .match_request(method, path)
        .unwrap_or_else(|e| panic!("{method} {path} is no endpoint: {e:?}"))
        .endpoint;
    let type_name = if (200..300).contains(&status) {
        endpoint.response.as_deref().expect("a response type")
    } else {
        endpoint.error.as_str()
    };
    let ty = m.type_named(type_name).expect("the type");
    m.findings(&Body::parse(body), ty)
        .items
        .into_iter()
        .map(|f| format!("{} {}: {}", f.kind.name(), f.path, f.message))
        .collect()
}

async fn answer(method: reqwest::Method, url: &str, body: Option<&str>) -> (u16, String) {
    let mut request = client().request(method, url);
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.text().await.expect("read"))
}

#[tokio::test]
async fn every_simulated_answer_is_an_instance_of_its_type_in_the_model() {
    let sim = start().await;
    let base = format!("{}/v1/{DEMO_MERCHANT_ID}", sim.base_url());
    let path = |p: &str| format!("/v1/{DEMO_MERCHANT_ID}{p}");
    let mut all: Vec<String> = Vec::new();
    let mut walked: Vec<(String, u16)> = Vec::new();
    let mut check = |method: &str, p: &str, status: u16, body: &str| {
        assert!(
            serde_json::from_str::<Value>(body).is_ok_and(|v| v.is_object()),
            "{method} {p}: {body}"
        );
        for f in findings(method, &path(p), status, body) {
            all.push(format!("{method} {p} {status}: {f}"));
        }
        let route = p.replace(&id_of(p), "{paymentId}");
        walked.push((format!("{method} {route}"), status));
    };
    // Created; then each action on a payment in a state that takes it: one
    // approved, refunded and cancelled, one captured, one challenged and processed.
    let calais = minimal_with(|b| {
        b["order"]["customer"]["billingAddress"]["city"] = "Calais".into();
    });
    let mut walk = Vec::new();
    for (body, actions) in [
        (
            MINIMAL_PAYMENT.to_owned(),
            &[
                ("GET", ""),
                ("POST", "/approve"),
                ("POST", "/refund"),
                ("POST", "/cancel"),
            ][..],
        ),
        (MINIMAL_PAYMENT.to_owned(), &[("POST", "/capture")][..]),
        (calais, &[("POST", "/processchallenged")][..]),
    ] {
        let (status, created) = answer(
            reqwest::Method::POST,
            &format!("{base}/payments"),
            Some(&body),
        )
        .await;
        check("POST", "/payments", status, &created);
        let created: Value = serde_json::from_str(&created).expect("JSON");
        let id = created["payment"]["id"].as_str().expect("an id").to_owned();
        for (method, action) in actions {
            walk.push((id.clone(), *method, *action));
        }
    }
    for (id, method, action) in walk {
        let p = format!("/payments/{id}{action}");
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let body = (method == "POST").then_some("{}");
        let (status, text) = answer(m, &format!("{base}{}", &p), body).await;
        check(method, &p, status, &text);
    }
    // Refused (four errors), declined (402 with the payment), unknown (404).
    let (status, body) = answer(
        reqwest::Method::POST,
        &format!("{base}/payments"),
        Some(&demo_request_body()),
    )
    .await;
    assert_eq!(status, 400);
    check("POST", "/payments", status, &body);
    let declined = minimal_with(|b| {
        b["cardPaymentMethodSpecificInput"]["card"]["cardNumber"] = "5424180279791732".into();
    });
    let (status, body) = answer(
        reqwest::Method::POST,
        &format!("{base}/payments"),
        Some(&declined),
    )
    .await;
    assert_eq!(status, 402, "{body}");
    check("POST", "/payments", status, &body);
    let (status, body) = answer(
        reqwest::Method::GET,
        &format!("{base}/payments/000000999"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    check("GET", "/payments/000000999", status, &body);
    let (status, body) = answer(
        reqwest::Method::GET,
        &format!("{base}/services/testconnection"),
        None,
    )
    .await;
    check("GET", "/services/testconnection", status, &body);
    sim.shutdown().await;
    // Every route was walked, and answered as a payment in the sandbox is.
    let statuses: Vec<(&str, u16)> = walked.iter().map(|(r, s)| (r.as_str(), *s)).collect();
    assert_eq!(
        statuses,
        [
            ("POST /payments", 201),
            ("POST /payments", 201),
            ("POST /payments", 201),
            ("GET /payments/{paymentId}", 200),
            ("POST /payments/{paymentId}/approve", 200),
            ("POST /payments/{paymentId}/refund", 201),
            ("POST /payments/{paymentId}/cancel", 200),
            ("POST /payments/{paymentId}/capture", 200),
            ("POST /payments/{paymentId}/processchallenged", 200),
            ("POST /payments", 400),
            ("POST /payments", 402),
            ("GET /payments/{paymentId}", 404),
            ("GET /services/testconnection", 200),
        ]
    );
    // A value outside a documented list is only a hint (the lists can be incomplete);
    // an unknown field or a wrong kind is the simulator disagreeing with the model.
    let wrong: Vec<&String> = all
        .iter()
        .filter(|f| !f.contains(FindingKind::UndocumentedValue.name()))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}\n(all: {all:#?})");
}

/// The payment id in a path (`/payments/ID/...`), or nothing.
fn id_of(path: &str) -> String {
    path.strip_prefix("/payments/")
        .map(|rest| rest.split('/').next().unwrap_or("").to_owned())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| "\u{0}".to_owned())
}

#[tokio::test]
async fn a_field_of_the_wrong_kind_for_the_model_is_refused_naming_it() {
    let sim = start().await;
    let body = minimal_with(|b| {
        b["cardPaymentMethodSpecificInput"]["isRecurring"] = "true".into();
    });
    let response = create_payment(&sim, &body).await;
    assert_eq!(response.status(), 400);
    let answer = json_of(response).await;
    assert_eq!(
        property_names(&answer),
        ["cardPaymentMethodSpecificInput.isRecurring"]
    );
    assert_eq!(answer["errors"][0]["code"], "1099");
    sim.shutdown().await;
}
