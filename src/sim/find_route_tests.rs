//! The find endpoints (payments, refunds, payouts) answer from the kept objects, filtered,
//! paged and counted; `payments/{id}/complete` refuses a payment not awaiting completion.
//! Every answer is checked against the model by `call`.

use reqwest::Method;
use serde_json::{Value, json};

use super::DEMO_MERCHANT_ID;
use super::state_route_tests::call;
use super::test_support::*;

fn payment_with(reference: &str, order_id: Option<i64>) -> Value {
    let mut body: Value = serde_json::from_str(MINIMAL_PAYMENT).expect("JSON");
    body["order"]["references"] = json!({ "merchantReference": reference });
    if let Some(order_id) = order_id {
        body["order"]["references"]["merchantOrderId"] = order_id.into();
    }
    body
}

/// The ids listed under `name` of a find's answer.
fn ids(found: &Value, name: &str) -> Vec<String> {
    found[name]
        .as_array()
        .expect("a list")
        .iter()
        .map(|o| o["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[tokio::test]
async fn payments_are_found_by_reference_and_order_id_paged_and_counted() {
    let sim = start().await;
    let mut created = Vec::new();
    for (reference, order_id) in [("find-a", Some(7)), ("find-b", None), ("find-a", None)] {
        let body = payment_with(reference, order_id);
        let (status, answer) = call(&sim, Method::POST, "/payments", Some(body)).await;
        assert_eq!(status, 201, "{answer}");
        created.push(answer["payment"]["id"].as_str().expect("id").to_owned());
    }
    let (status, found) = call(
        &sim,
        Method::GET,
        "/payments?merchantReference=find-a",
        None,
    )
    .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        ids(&found, "payments"),
        [created[0].as_str(), created[2].as_str()]
    );
    assert_eq!(
        (&found["totalCount"], &found["offset"], &found["limit"]),
        (&json!(2), &json!(0), &json!(10))
    );
    // The second page of one: the newer of the two, the count still of all.
    let path = "/payments?merchantReference=find-a&offset=1&limit=1";
    let (_, page) = call(&sim, Method::GET, path, None).await;
    assert_eq!(ids(&page, "payments"), [created[2].as_str()]);
    assert_eq!(page["totalCount"], 2);
    let (_, by_order) = call(&sim, Method::GET, "/payments?merchantOrderId=7", None).await;
    assert_eq!(ids(&by_order, "payments"), [created[0].as_str()]);
    assert_eq!(
        by_order["payments"][0]["paymentOutput"]["references"]["merchantOrderId"],
        7
    );
    let (_, both) = call(
        &sim,
        Method::GET,
        "/payments?merchantReference=find-b&merchantOrderId=7",
        None,
    )
    .await;
    assert_eq!(both["totalCount"], 0);
    let (_, all) = call(&sim, Method::GET, "/payments", None).await;
    assert_eq!(all["totalCount"], 3);

    // Another merchant has none of them.
    let other = client()
        .get(format!("{}/v1/other/payments", sim.base_url()))
        .send()
        .await
        .expect("answered");
    let other = json_of(other).await;
    assert_eq!(
        (&other["totalCount"], &other["payments"]),
        (&json!(0), &json!([]))
    );

    // A page larger than the API's largest is refused, naming the parameter.
    let (status, refused) = call(&sim, Method::GET, "/payments?limit=101", None).await;
    assert_eq!(status, 400);
    assert_eq!(property_names(&refused), ["limit"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_hosted_checkouts_payment_and_its_refunds_are_found_by_the_checkout() {
    let sim = start().await;
    let body = json!({
        "order": {
            "amountOfMoney": {"amount": 900, "currencyCode": "EUR"},
            "customer": {"billingAddress": {"countryCode": "NL"}},
            "references": {"merchantReference": "hc-find", "merchantOrderId": 31},
        },
    });
    let (status, checkout) = call(&sim, Method::POST, "/hostedcheckouts", Some(body)).await;
    assert_eq!(status, 201, "{checkout}");
    let checkout_id = checkout["hostedCheckoutId"]
        .as_str()
        .expect("id")
        .to_owned();
    let by_checkout = format!("/payments?hostedCheckoutId={checkout_id}");
    // Nothing paid yet: nothing found.
    assert_eq!(
        call(&sim, Method::GET, &by_checkout, None).await.1["totalCount"],
        0
    );
    let page = format!("/sim/hostedcheckout/{DEMO_MERCHANT_ID}/{checkout_id}");
    let (status, paid) = call(&sim, Method::POST, &page, None).await;
    assert_eq!(status, 200, "{paid}");
    let payment_id = paid["paymentId"].as_str().expect("payment id").to_owned();
    // A payment of no checkout is not listed under it.
    let (status, _) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(payment_with("hc-find", None)),
    )
    .await;
    assert_eq!(status, 201);
    let (_, found) = call(&sim, Method::GET, &by_checkout, None).await;
    assert_eq!(ids(&found, "payments"), [payment_id.as_str()]);

    let capture = format!("/payments/{payment_id}/capture");
    assert_eq!(
        call(&sim, Method::POST, &capture, Some(json!({}))).await.0,
        200
    );
    let refund = format!("/payments/{payment_id}/refund");
    let (status, refunded) = call(&sim, Method::POST, &refund, Some(json!({}))).await;
    assert_eq!(status, 201, "{refunded}");
    let refund_id = refunded["id"].as_str().expect("refund id").to_owned();
    for query in [
        format!("hostedCheckoutId={checkout_id}"),
        "merchantReference=hc-find".to_owned(),
        "merchantOrderId=31".to_owned(),
    ] {
        let (status, found) = call(&sim, Method::GET, &format!("/refunds?{query}"), None).await;
        assert_eq!(status, 200, "{found}");
        assert_eq!(ids(&found, "refunds"), [refund_id.as_str()], "{query}");
    }
    let (_, none) = call(&sim, Method::GET, "/refunds?merchantReference=else", None).await;
    assert_eq!(
        (&none["totalCount"], &none["refunds"]),
        (&json!(0), &json!([]))
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn payouts_are_found_by_their_references() {
    let sim = start().await;
    let payout = |reference: &str, order_id: i64| {
        json!({"payoutDetails": {
            "amountOfMoney": {"amount": 100, "currencyCode": "EUR"},
            "references": {"merchantReference": reference, "merchantOrderId": order_id},
        }})
    };
    let mut created = Vec::new();
    for (reference, order_id) in [("po-a", 1), ("po-b", 2), ("po-a", 3)] {
        let (status, answer) = call(
            &sim,
            Method::POST,
            "/payouts",
            Some(payout(reference, order_id)),
        )
        .await;
        assert_eq!(status, 201, "{answer}");
        created.push(answer["id"].as_str().expect("id").to_owned());
    }
    let (_, found) = call(&sim, Method::GET, "/payouts?merchantReference=po-a", None).await;
    assert_eq!(
        ids(&found, "payouts"),
        [created[0].as_str(), created[2].as_str()]
    );
    let (_, found) = call(&sim, Method::GET, "/payouts?merchantOrderId=2", None).await;
    assert_eq!(ids(&found, "payouts"), [created[1].as_str()]);
    let (_, found) = call(&sim, Method::GET, "/payouts?offset=2", None).await;
    assert_eq!(ids(&found, "payouts"), [created[2].as_str()]);
    assert_eq!(found["totalCount"], 3);
    sim.shutdown().await;
}

#[tokio::test]
async fn complete_refuses_a_payment_that_awaits_no_completion() {
    let sim = start().await;
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(payment_with("c", None)),
    )
    .await;
    let id = created["payment"]["id"].as_str().expect("id").to_owned();
    let response = client()
        .post(format!(
            "{}/v1/{DEMO_MERCHANT_ID}/payments/{id}/complete",
            sim.base_url()
        ))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 400);
    assert_eq!(header(&response, "x-cinspect-sim-generated"), None);
    let refused = json_of(response).await;
    assert_eq!(refused["errors"][0]["id"], "INVALID_PAYMENT_STATUS");
    assert_eq!(refused["errors"][0]["code"], "300410");
    let (status, _) = call(
        &sim,
        Method::POST,
        "/payments/nope/complete",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 404);
    sim.shutdown().await;
}
