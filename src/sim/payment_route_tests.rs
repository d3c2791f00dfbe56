//! The payment routes over HTTP, against a running simulator.

use std::time::Duration;

use serde_json::{Value, json};

use super::test_support::*;
use super::{DEMO_MERCHANT_ID, demo_request_body};

const KEY_HEADER: &str = "X-GCS-Idempotence-Key";
const TIMESTAMP_HEADER: &str = "X-GCS-Idempotence-Request-Timestamp";

fn errors(body: &Value) -> &Vec<Value> {
    body["errors"].as_array().expect("errors is an array")
}

#[tokio::test]
async fn demo_body_is_refused_with_all_four_errors_at_once() {
    let sim = start().await;
    let response = create_payment(&sim, &demo_request_body()).await;
    assert_eq!(response.status(), 400);
    let body = json_of(response).await;
    assert!(uuid::Uuid::parse_str(body["errorId"].as_str().expect("errorId")).is_ok());
    assert_eq!(
        property_names(&body),
        [
            "cardPaymentMethodSpecificInput.card.expiryDate",
            "order.customer.billingAddress.countryCode",
            "order.shoppingCart.items[2].amountOfMoney.amount",
            "order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount",
        ]
    );
    let all = errors(&body);
    assert_eq!(
        all[0]["message"],
        "cardPaymentMethodSpecificInput.card.expiryDate (1210) IS IN THE PAST OR NOT IN CORRECT MMYY FORMAT"
    );
    assert_eq!(all[1]["code"], "20000000");
    assert_eq!(all[1]["id"], "PARAMETER_NOT_FOUND_IN_REQUEST");
    assert!(
        all[2]["message"]
            .as_str()
            .is_some_and(|m| m.contains("(500)"))
    );
    for error in all {
        for field in [
            "code",
            "id",
            "category",
            "httpStatusCode",
            "message",
            "propertyName",
            "requestId",
        ] {
            assert!(error.get(field).is_some(), "{field} missing in {error}");
        }
        assert_eq!(error["category"], "CONNECT_PLATFORM_ERROR");
        assert_eq!(error["httpStatusCode"], 400);
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn minimal_payment_is_created_with_location_and_read_back() {
    let sim = start().await;
    let response = create_payment(&sim, MINIMAL_PAYMENT).await;
    assert_eq!(response.status(), 201);
    let location = header(&response, "location")
        .expect("Location header")
        .to_owned();
    let body = json_of(response).await;
    assert_eq!(shape(&body), shape(&fixture("201-create-payment.json")));
    let payment = &body["payment"];
    let id = payment["id"].as_str().expect("payment id");
    assert_eq!(location, format!("{}/{id}", payments_url(&sim)));
    assert_eq!(payment["status"], "PENDING_APPROVAL");
    assert_eq!(
        payment["statusOutput"]["statusCategory"],
        "PENDING_MERCHANT"
    );
    assert_eq!(payment["statusOutput"]["statusCode"], 600);
    let card = &payment["paymentOutput"]["cardPaymentMethodSpecificOutput"]["card"];
    assert_eq!(card["cardNumber"], "************7977");
    assert_eq!(body["creationOutput"]["externalReference"], *id);

    let fetched = client().get(&location).send().await.expect("GET answered");
    assert_eq!(fetched.status(), 200);
    assert_eq!(json_of(fetched).await, *payment);
    sim.shutdown().await;
}

#[tokio::test]
async fn decline_card_is_rejected_with_402_shaped_like_the_fixture() {
    let sim = start().await;
    let body = minimal_with(|b| {
        b["cardPaymentMethodSpecificInput"]["card"]["cardNumber"] = json!("5424180279791732");
    });
    let response = create_payment(&sim, &body).await;
    assert_eq!(response.status(), 402);
    assert!(header(&response, "location").is_none());
    let body = json_of(response).await;
    assert_eq!(shape(&body), shape(&fixture("402-declined-payment.json")));
    assert_eq!(errors(&body).len(), 1);
    assert_eq!(body["errors"][0]["code"], "430330");
    assert_eq!(body["errors"][0]["message"], "Not authorised");
    let payment = &body["paymentResult"]["payment"];
    assert_eq!(payment["status"], "REJECTED");
    assert_eq!(payment["statusOutput"]["statusCategory"], "UNSUCCESSFUL");
    assert_eq!(payment["statusOutput"]["statusCode"], 100);
    assert_eq!(payment["statusOutput"]["isAuthorized"], false);
    assert_eq!(payment["statusOutput"]["errors"][0]["code"], "430330");

    let id = payment["id"].as_str().expect("payment id");
    let fetched = client()
        .get(format!("{}/{id}", payments_url(&sim)))
        .send()
        .await
        .expect("GET answered");
    assert_eq!(json_of(fetched).await["status"], "REJECTED");
    sim.shutdown().await;
}

fn in_city(city: &str) -> String {
    minimal_with(|b| b["order"]["customer"]["billingAddress"]["city"] = json!(city))
}

#[tokio::test]
async fn fraud_screening_follows_the_billing_city() {
    let sim = start().await;
    let denied = create_payment(&sim, &in_city("Denver")).await;
    assert_eq!(denied.status(), 402);
    let denied = json_of(denied).await;
    assert_eq!(denied["paymentResult"]["payment"]["status"], "REJECTED");
    assert_eq!(
        denied["paymentResult"]["payment"]["statusOutput"]["statusCode"],
        160
    );

    let challenged = create_payment(&sim, &in_city("Calais")).await;
    assert_eq!(challenged.status(), 201);
    let challenged = json_of(challenged).await;
    assert_eq!(challenged["payment"]["status"], "PENDING_FRAUD_APPROVAL");
    assert_eq!(
        challenged["payment"]["statusOutput"]["statusCategory"],
        "PENDING_MERCHANT"
    );

    let accepted = create_payment(&sim, &in_city("Amsterdam")).await;
    assert_eq!(accepted.status(), 201);
    assert_eq!(
        json_of(accepted).await["payment"]["status"],
        "PENDING_APPROVAL"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn body_that_is_not_a_json_object_is_refused_without_property_name() {
    let sim = start().await;
    for body in ["{\"order\":", "[1,2]", ""] {
        let response = create_payment(&sim, body).await;
        assert_eq!(response.status(), 400, "{body:?}");
        let answer = json_of(response).await;
        assert_eq!(errors(&answer).len(), 1);
        assert_eq!(answer["errors"][0]["code"], "21000000");
        assert_eq!(answer["errors"][0]["id"], "INVALID_JSON");
        assert!(answer["errors"][0].get("propertyName").is_none());
    }
    sim.shutdown().await;
}

/// Each rule over HTTP: (edit, expected code, expected propertyName, text in the message).
#[tokio::test]
async fn each_validation_rule_answers_its_code_and_property() {
    type Edit = fn(&mut Value);
    let cases: [(Edit, &str, &str, &str); 7] = [
        (
            |b| {
                b["order"]["amountOfMoney"]
                    .as_object_mut()
                    .map(|m| m.remove("amount"));
            },
            "20000000",
            "order.amountOfMoney.amount",
            "The parameter shown above was not found in the request received by connect.",
        ),
        (
            |b| b["order"]["amountOfMoney"]["amount"] = json!(50.3),
            "1099",
            "order.amountOfMoney.amount",
            "INVALID_VALUE: '50.3' is not a valid value for field 'amount'",
        ),
        (
            |b| b["order"]["amountOfMoney"]["currencyCode"] = json!("EURO"),
            "1099",
            "order.amountOfMoney.currencyCode",
            "'EURO'",
        ),
        (
            |b| b["order"]["customer"]["billingAddress"]["countryCode"] = json!("UK"),
            "1099",
            "order.customer.billingAddress.countryCode",
            "'UK'",
        ),
        (
            |b| {
                b["cardPaymentMethodSpecificInput"]["card"]["cardNumber"] =
                    json!("4567350000427978")
            },
            "21000020",
            "cardPaymentMethodSpecificInput.card.cardNumber",
            "VALUE **************** OF FIELD CREDITCARDNUMBER DID NOT PASS THE LUHNCHECK",
        ),
        (
            |b| b["cardPaymentMethodSpecificInput"]["card"]["expiryDate"] = json!("1330"),
            "21000120",
            "cardPaymentMethodSpecificInput.card.expiryDate",
            "(1330) IS IN THE PAST OR NOT IN CORRECT MMYY FORMAT",
        ),
        (
            |b| b["cardPaymentMethodSpecificInput"]["card"]["cvv"] = json!("12345"),
            "1099",
            "cardPaymentMethodSpecificInput.card.cvv",
            "'*****'",
        ),
    ];
    let sim = start().await;
    for (edit, code, property, message) in cases {
        let response = create_payment(&sim, &minimal_with(edit)).await;
        assert_eq!(response.status(), 400, "{property}");
        let body = json_of(response).await;
        assert_eq!(errors(&body).len(), 1, "{body}");
        let error = &body["errors"][0];
        assert_eq!(error["code"], code, "{property}");
        assert_eq!(error["propertyName"], property);
        let text = error["message"].as_str().expect("message");
        assert!(text.contains(message), "{text:?} lacks {message:?}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn shopping_cart_errors_have_indexed_and_predicate_property_names() {
    let sim = start().await;
    let body = minimal_with(|b| {
        b["order"]["shoppingCart"] = json!({
            "items": [
                {"amountOfMoney": {"amount": 2345, "currencyCode": "CAD"},
                 "invoiceData": {"nrOfItems": "1", "pricePerItem": 2345}},
                {"amountOfMoney": {"amount": 0, "currencyCode": "USD"}},
            ],
            "amountBreakdown": [{"type": "DISCOUNT", "amount": -5}],
        });
    });
    let answer = json_of(create_payment(&sim, &body).await).await;
    assert_eq!(
        property_names(&answer),
        [
            "order.shoppingCart.items[2].amountOfMoney.currencyCode",
            "order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount",
        ]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn repeated_idempotence_key_replays_the_first_outcome_with_its_timestamp() {
    let sim = start().await;
    let send = || {
        client()
            .post(payments_url(&sim))
            .header(KEY_HEADER, "replay-key")
            .body(MINIMAL_PAYMENT)
            .send()
    };
    let before = super::clock::now_millis();
    let first = send().await.expect("first answered");
    let after = super::clock::now_millis();
    assert!(header(&first, TIMESTAMP_HEADER).is_none());
    let first_location = header(&first, "location").map(str::to_owned);
    let first_body = first.text().await.expect("first body");

    let second = send().await.expect("second answered");
    assert_eq!(second.status(), 201);
    let stamp: u64 = header(&second, TIMESTAMP_HEADER)
        .expect("timestamp header on the repeat")
        .parse()
        .expect("timestamp is milliseconds");
    assert!(
        (before..=after).contains(&stamp),
        "{stamp} not in {before}..={after}"
    );
    assert_eq!(
        header(&second, "location").map(str::to_owned),
        first_location
    );
    assert_eq!(second.text().await.expect("second body"), first_body);
    sim.shutdown().await;
}

#[tokio::test]
async fn failed_outcomes_are_replayed_too() {
    let sim = start().await;
    let send = || {
        client()
            .post(payments_url(&sim))
            .header(KEY_HEADER, "bad-key")
            .body("{}")
            .send()
    };
    let first = send().await.expect("first answered");
    assert_eq!(first.status(), 400);
    let first_body = first.text().await.expect("body");
    let second = send().await.expect("second answered");
    assert_eq!(second.status(), 400);
    assert!(header(&second, TIMESTAMP_HEADER).is_some());
    assert_eq!(
        second.text().await.expect("body"),
        first_body,
        "same errorId too"
    );
    sim.shutdown().await;
}

/// Sends the first request, then a repeat while the first is in flight; returns both answers.
async fn first_and_in_flight_repeat(
    sim: &super::RunningSim,
    key: &str,
    body: String,
    delay_ms: Option<u64>,
) -> (reqwest::Response, reqwest::Response) {
    let request = || {
        let mut builder = client()
            .post(payments_url(sim))
            .header(KEY_HEADER, key)
            .body(body.clone());
        if let Some(ms) = delay_ms {
            builder = builder.header("X-Sim-Delay-Ms", ms.to_string());
        }
        builder.send()
    };
    let first = tokio::spawn(request());
    // Give the first request time to arrive; the window (600 ms) is far longer.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let repeat = request().await.expect("repeat answered");
    let first = first
        .await
        .expect("first task joins")
        .expect("first answered");
    (first, repeat)
}

#[tokio::test]
async fn repeat_while_first_is_processed_gets_a_single_1409() {
    let sim = start().await;
    let body = minimal_with(|b| {
        b["order"]["references"] = json!({"merchantReference": "slow-order-1"});
    });
    let (first, repeat) = first_and_in_flight_repeat(&sim, "slow-key", body, None).await;
    assert_eq!(repeat.status(), 409);
    assert!(header(&repeat, TIMESTAMP_HEADER).is_some());
    let conflict = json_of(repeat).await;
    assert_eq!(
        shape(&conflict),
        shape(&fixture("409-duplicate-request.json"))
    );
    assert_eq!(errors(&conflict).len(), 1);
    assert_eq!(conflict["errors"][0]["code"], "1409");
    assert_eq!(
        conflict["errors"][0]["message"],
        "DUPLICATE REQUEST IN PROGRESS"
    );
    assert_eq!(conflict["errors"][0]["httpStatusCode"], 409);
    assert_eq!(first.status(), 201);
    sim.shutdown().await;
}

#[tokio::test]
async fn delay_header_keeps_the_first_request_in_flight() {
    let sim = start().await;
    let (first, repeat) =
        first_and_in_flight_repeat(&sim, "delay-key", MINIMAL_PAYMENT.to_owned(), Some(600)).await;
    assert_eq!(repeat.status(), 409);
    assert_eq!(first.status(), 201);
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_payment_is_404_with_property_name_payment_id() {
    let sim = start().await;
    let response = client()
        .get(format!(
            "{}/000000123499999999990000100001",
            payments_url(&sim)
        ))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 404);
    let body = json_of(response).await;
    assert_eq!(shape(&body), shape(&fixture("404-unknown-payment.json")));
    assert_eq!(body["errors"][0]["code"], "1002");
    assert_eq!(body["errors"][0]["propertyName"], "paymentId");
    sim.shutdown().await;
}

#[tokio::test]
async fn payments_are_visible_only_to_their_merchant() {
    let sim = start().await;
    let created = json_of(create_payment(&sim, MINIMAL_PAYMENT).await).await;
    let id = created["payment"]["id"].as_str().expect("id");
    let other = format!("{}/v1/9999/payments/{id}", sim.base_url());
    let response = client().get(other).send().await.expect("answered");
    assert_eq!(response.status(), 404);
    sim.shutdown().await;
}

async fn action(sim: &super::RunningSim, id: &str, name: &str) -> (u16, Value) {
    let response = client()
        .post(format!("{}/{id}/{name}", payments_url(sim)))
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, json_of(response).await)
}

#[tokio::test]
async fn approve_then_cancel_moves_the_payment_and_refuses_a_second_approve() {
    let sim = start().await;
    let created = json_of(create_payment(&sim, MINIMAL_PAYMENT).await).await;
    let id = created["payment"]["id"].as_str().expect("id");

    let (status, approved) = action(&sim, id, "approve").await;
    assert_eq!(status, 200);
    assert_eq!(approved["payment"]["status"], "CAPTURE_REQUESTED");
    assert_eq!(approved["payment"]["statusOutput"]["statusCode"], 800);

    let (status, refused) = action(&sim, id, "approve").await;
    assert_eq!(status, 400);
    assert_eq!(refused["errors"][0]["id"], "INVALID_PAYMENT_STATUS");

    let (status, cancelled) = action(&sim, id, "cancel").await;
    assert_eq!(status, 200);
    assert_eq!(cancelled["payment"]["status"], "CANCELLED");
    assert_eq!(cancelled["payment"]["statusOutput"]["statusCode"], 99_999);

    let (status, _) = action(&sim, "nope", "cancel").await;
    assert_eq!(status, 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_and_processchallenged_follow_the_status_rules() {
    let sim = start().await;
    let challenged = json_of(create_payment(&sim, &in_city("Calais")).await).await;
    let id = challenged["payment"]["id"].as_str().expect("id");
    let (status, _) = action(&sim, id, "capture").await;
    assert_eq!(status, 400, "a challenged payment cannot be captured");
    let (status, processed) = action(&sim, id, "processchallenged").await;
    assert_eq!(status, 200);
    assert_eq!(processed["status"], "PENDING_APPROVAL");
    let (status, capture) = action(&sim, id, "capture").await;
    assert_eq!(status, 200);
    assert_eq!(capture["status"], "CAPTURE_REQUESTED");
    assert_eq!(capture["captureOutput"]["amountOfMoney"]["amount"], 2345);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_refund_needs_a_capture_first() {
    let sim = start().await;
    let created = json_of(create_payment(&sim, MINIMAL_PAYMENT).await).await;
    let id = created["payment"]["id"].as_str().expect("id");
    let (status, refused) = action(&sim, id, "refund").await;
    assert_eq!(status, 400);
    assert_eq!(refused["errors"][0]["id"], "INVALID_PAYMENT_STATUS");
    let (status, _) = action(&sim, id, "capture").await;
    assert_eq!(status, 200);
    let (status, refund) = action(&sim, id, "refund").await;
    assert_eq!(status, 201);
    assert_eq!(refund["status"], "REFUND_REQUESTED");
    assert_eq!(refund["refundOutput"]["amountOfMoney"]["amount"], 2345);
    assert!(refund["id"].as_str().is_some_and(|r| r.starts_with(id)));
    let (status, _) = action(&sim, "nope", "refund").await;
    assert_eq!(status, 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn test_connection_answers_ok() {
    let sim = start().await;
    let url = format!(
        "{}/v1/{DEMO_MERCHANT_ID}/services/testconnection",
        sim.base_url()
    );
    let response = client().get(url).send().await.expect("answered");
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").is_some_and(|c| c.starts_with("application/json")));
    assert_eq!(json_of(response).await, json!({"result": "OK"}));
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_path_and_wrong_method_are_plain_text_404() {
    let sim = start().await;
    let unknown = client()
        .get(format!("{}/v1/1234/nothing-here", sim.base_url()))
        .send()
        .await
        .expect("answered");
    // GET is payments.find; DELETE is no endpoint of the model.
    let wrong_method = client()
        .delete(payments_url(&sim))
        .send()
        .await
        .expect("answered");
    for response in [unknown, wrong_method] {
        assert_eq!(response.status(), 404);
        assert!(header(&response, "content-type").is_some_and(|c| c.starts_with("text/plain")));
        assert_eq!(response.text().await.expect("body"), "Not Found");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn every_answer_has_one_date_and_says_it_is_a_simulator() {
    let sim = start().await;
    let response = client()
        .get(format!("{}/anything", sim.base_url()))
        .send()
        .await
        .expect("answered");
    let dates: Vec<_> = response.headers().get_all("date").iter().collect();
    assert_eq!(dates.len(), 1);
    let date = dates[0].to_str().expect("ASCII date");
    assert!(httpdate::parse_http_date(date).is_ok(), "{date}");
    assert!(
        header(&response, "server").is_some_and(|s| s.contains("not the Ingenico Connect API"))
    );
    sim.shutdown().await;
}
