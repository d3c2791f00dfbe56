//! Mandates over HTTP: hosted mandate management (created, signed or cancelled by its consumer
//! on the simulator's page, the mandate it made a real one) and what a mandate's status lets a
//! SEPA direct debit do. Every answer of an API route is checked against the model by `call`.

use reqwest::Method;
use serde_json::{Value, json};

use super::DEMO_MERCHANT_ID;
use super::state_route_tests::{call, path_of};
use super::test_support::*;

const SEPA_INPUT: &str = "sepaDirectDebitPaymentMethodSpecificInput";

fn direct_debit(reference: &str) -> Value {
    json!({
        "order": {"amountOfMoney": {"amount": 700, "currencyCode": "EUR"}, "customer": {"billingAddress": {"countryCode": "NL"}}},
        SEPA_INPUT: {"paymentProductId": 771, "paymentProduct771SpecificInput": {"mandateReference": reference}},
    })
}

/// Creates a hosted mandate management; its id and the path of its consumer page.
async fn create_management(sim: &super::RunningSim, info: Value) -> (String, String) {
    let body = json!({
        "createMandateInfo": info,
        "hostedMandateManagementSpecificInput": {"locale": "nl_NL", "returnUrl": "https://shop.example/back"},
    });
    let (status, created) = call(sim, Method::POST, "/hostedmandatemanagements", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    assert!(created["RETURNMAC"].as_str().is_some_and(|m| !m.is_empty()));
    let id = created["hostedMandateManagementId"]
        .as_str()
        .expect("id")
        .to_owned();
    let partial = created["partialRedirectUrl"].as_str().expect("partial");
    let page = format!("/sim/hostedmandatemanagement/{DEMO_MERCHANT_ID}/{id}");
    assert!(partial.ends_with(&page), "{partial}");
    assert!(!partial.starts_with("http"), "partial: without scheme");
    assert_eq!(path_of(&format!("http://{partial}")), page);
    (id, page)
}

#[tokio::test]
async fn a_hosted_mandate_management_creates_a_mandate_that_pays_a_direct_debit() {
    let sim = start().await;
    let info = json!({"customerReference": "cust-7", "recurrenceType": "RECURRING", "uniqueMandateReference": "HMM-1"});
    let (id, page) = create_management(&sim, info).await;
    let get = format!("/hostedmandatemanagements/{id}");
    let (_, got) = call(&sim, Method::GET, &get, None).await;
    assert_eq!(got, json!({"status": "IN_PROGRESS"}));
    // Not a mandate before the consumer signs.
    assert_eq!(
        call(&sim, Method::GET, "/mandates/HMM-1", None).await.0,
        404
    );
    let (status, signed) = call(
        &sim,
        Method::GET,
        &format!("{page}?iban=DE89370400440532013000"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{signed}");
    assert_eq!(signed["uniqueMandateReference"], "HMM-1");
    let (_, got) = call(&sim, Method::GET, &get, None).await;
    assert_eq!(got["status"], "MANDATE_CREATED");
    assert_eq!(got["mandate"]["status"], "ACTIVE");
    assert_eq!(got["mandate"]["customerReference"], "cust-7");
    assert_eq!(
        got["mandate"]["customer"]["bankAccountIban"]["iban"],
        "DE89370400440532013000"
    );
    let (status, mandate) = call(&sim, Method::GET, "/mandates/HMM-1", None).await;
    assert_eq!(status, 200);
    assert_eq!(mandate["mandate"], got["mandate"]);
    let (status, paid) = call(&sim, Method::POST, "/payments", Some(direct_debit("HMM-1"))).await;
    assert_eq!(status, 201, "{paid}");
    // The management shows the mandate as it is now.
    call(&sim, Method::POST, "/mandates/HMM-1/block", None).await;
    let (_, got) = call(&sim, Method::GET, &get, None).await;
    assert_eq!(got["mandate"]["status"], "BLOCKED");
    assert_eq!(
        call(&sim, Method::GET, &page, None).await.0,
        409,
        "signed once"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_hosted_mandate_management_is_cancelled_or_fails_on_a_taken_reference() {
    let sim = start().await;
    let (id, page) = create_management(&sim, json!({"recurrenceType": "UNIQUE"})).await;
    let (status, _) = call(&sim, Method::POST, &format!("{page}?outcome=cancel"), None).await;
    assert_eq!(status, 200);
    let (_, got) = call(
        &sim,
        Method::GET,
        &format!("/hostedmandatemanagements/{id}"),
        None,
    )
    .await;
    assert_eq!(got, json!({"status": "CANCELLED_BY_CONSUMER"}));

    call(&sim, Method::PUT, "/mandates/TAKEN", Some(json!({}))).await;
    let (id, page) = create_management(&sim, json!({"uniqueMandateReference": "TAKEN"})).await;
    assert_eq!(
        call(&sim, Method::GET, &format!("{page}?iban=no%20iban"), None)
            .await
            .0,
        400
    );
    call(&sim, Method::GET, &page, None).await;
    let (_, got) = call(
        &sim,
        Method::GET,
        &format!("/hostedmandatemanagements/{id}"),
        None,
    )
    .await;
    assert_eq!(got, json!({"status": "FAILED"}));
    let (status, _) = call(&sim, Method::GET, "/hostedmandatemanagements/nope", None).await;
    assert_eq!(status, 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_blocked_or_revoked_mandate_pays_no_direct_debit() {
    let sim = start().await;
    call(&sim, Method::PUT, "/mandates/M-2", Some(json!({}))).await;
    call(&sim, Method::POST, "/mandates/M-2/block", None).await;
    let refused = |answer: &Value, property: &str| {
        let error = &answer["errors"][0];
        assert_eq!(error["id"], "INVALID_MANDATE_STATUS", "{answer}");
        assert_eq!(error["propertyName"], property, "{answer}");
    };
    let (status, blocked) = call(&sim, Method::POST, "/payments", Some(direct_debit("M-2"))).await;
    assert_eq!(status, 400, "{blocked}");
    let by_reference = format!("{SEPA_INPUT}.paymentProduct771SpecificInput.mandateReference");
    refused(&blocked, &by_reference);
    call(&sim, Method::POST, "/mandates/M-2/revoke", None).await;
    let (status, revoked) = call(&sim, Method::POST, "/payments", Some(direct_debit("M-2"))).await;
    assert_eq!(status, 400);
    refused(&revoked, &by_reference);
    // Named as a token, the refusal names the token.
    let mut by_token = direct_debit("M-2");
    by_token[SEPA_INPUT] = json!({"paymentProductId": 771, "token": "M-2"});
    let (status, answer) = call(&sim, Method::POST, "/payments", Some(by_token)).await;
    assert_eq!(status, 400);
    refused(&answer, &format!("{SEPA_INPUT}.token"));
    // An unknown reference is named where it was sent too.
    let (status, unknown) = call(&sim, Method::POST, "/payments", Some(direct_debit("NONE"))).await;
    assert_eq!(status, 400);
    assert_eq!(unknown["errors"][0]["id"], "UNKNOWN_TOKEN", "{unknown}");
    assert_eq!(unknown["errors"][0]["propertyName"], by_reference);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_put_of_a_taken_reference_answers_the_mandate_kept_unchanged() {
    let sim = start().await;
    let first = json!({"customerReference": "first", "recurrenceType": "RECURRING"});
    let (status, created) = call(&sim, Method::PUT, "/mandates/KEPT-1", Some(first)).await;
    assert_eq!(status, 201, "{created}");
    let (status, _) = call(&sim, Method::POST, "/mandates/KEPT-1/block", None).await;
    assert_eq!(status, 200);
    let second = json!({"customerReference": "second", "recurrenceType": "UNIQUE"});
    let (status, again) = call(&sim, Method::PUT, "/mandates/KEPT-1", Some(second)).await;
    assert_eq!(status, 200, "{again}");
    // Neither the fields nor the status of the kept mandate changed.
    assert_eq!(again["mandate"]["customerReference"], "first");
    assert_eq!(again["mandate"]["status"], "BLOCKED");
    let (_, got) = call(&sim, Method::GET, "/mandates/KEPT-1", None).await;
    assert_eq!(got["mandate"], again["mandate"]);
    // The same for a POST naming the reference in its body.
    let body = json!({"uniqueMandateReference": "KEPT-1", "customerReference": "third"});
    let (status, posted) = call(&sim, Method::POST, "/mandates", Some(body)).await;
    assert_eq!((status, &posted["mandate"]), (200, &got["mandate"]));
    sim.shutdown().await;
}
