//! Client sessions and installments over HTTP, their answers checked against the model by
//! `call`: a session points at the simulator and lists the tokens the merchant lacks;
//! installment plans follow the amount.

use reqwest::Method;
use serde_json::json;

use super::state_route_tests::call;
use super::test_support::*;

#[tokio::test]
async fn a_session_points_at_the_simulator_and_names_unknown_tokens() {
    let sim = start().await;
    let token = json!({
        "paymentProductId": 1,
        "card": {
            "customer": {"billingAddress": {"countryCode": "NL"}},
            "data": {"cardWithoutCvv": {"cardNumber": "4567350000427977", "expiryDate": "1230"}},
        },
    });
    let (_, created) = call(&sim, Method::POST, "/tokens", Some(token)).await;
    let known = created["token"].as_str().expect("token").to_owned();
    let body = json!({"tokens": [known, "no-such-token"]});
    let (status, session) = call(&sim, Method::POST, "/sessions", Some(body)).await;
    assert_eq!(status, 201, "{session}");
    let base = sim.base_url();
    assert_eq!(session["clientApiUrl"], format!("{base}/client"));
    assert_eq!(session["assetUrl"], format!("{base}/sim/assets/"));
    assert_eq!(session["invalidTokens"], json!(["no-such-token"]));
    let id = session["clientSessionId"].as_str().expect("session id");
    assert_eq!(id.len(), 32);
    let customer = session["customerId"].as_str().expect("customer id");
    assert!(customer.starts_with("1234-"), "{customer}");
    let (_, other) = call(&sim, Method::POST, "/sessions", Some(json!({}))).await;
    assert_ne!(other["clientSessionId"], session["clientSessionId"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn installment_plans_are_computed_from_the_amount() {
    let sim = start().await;
    let body = json!({
        "amountOfMoney": {"amount": 1200, "currencyCode": "EUR"},
        "bin": "456735",
        "countryCode": "NL",
        "paymentProductId": 1,
    });
    let (status, info) = call(
        &sim,
        Method::POST,
        "/installments/getInstallmentsInfo",
        Some(body),
    )
    .await;
    assert_eq!(status, 200, "{info}");
    let plans = info["installmentOptions"][0]["installmentPlans"]
        .as_array()
        .expect("plans");
    let counts: Vec<i64> = plans
        .iter()
        .map(|p| p["numberOfInstallments"].as_i64().expect("count"))
        .collect();
    assert_eq!(counts, [3, 6, 12]);
    assert_eq!(plans[0]["amountOfMoneyPerInstallment"]["amount"], 400);
    assert_eq!(plans[0]["amountOfMoneyTotal"]["amount"], 1200);
    assert_eq!(plans[2]["amountOfMoneyPerInstallment"]["amount"], 103);
    assert_eq!(plans[2]["interestRate"], "2.50");
    assert_eq!(plans[2]["amountOfMoneyTotal"]["currencyCode"], "EUR");
    let (status, refused) = call(
        &sim,
        Method::POST,
        "/installments/getInstallmentsInfo",
        Some(json!({"amountOfMoney": {"currencyCode": "EUR"}})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(refused["errors"][0]["propertyName"], "amountOfMoney.amount");
    sim.shutdown().await;
}
