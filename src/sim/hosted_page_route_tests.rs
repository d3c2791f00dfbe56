//! The hosted flows' consumer pages visited several times at once: one visit acts, the others
//! are told the flow is over (409), so one payment or one mandate is made.

use reqwest::Method;
use serde_json::{Value, json};

use super::DEMO_MERCHANT_ID;
use super::state_route_tests::call;
use super::test_support::*;

/// Creates a hosted flow at `path` (below the merchant) and visits its page (`/sim/{page}/…`,
/// id under `id_name`) 8 times at once: each visit's status and answered `status`, sorted.
async fn visits_at_once(
    sim: &super::RunningSim,
    (path, body, id_name): (&str, Value, &str),
    page: &str,
) -> (String, Vec<(u16, Value)>) {
    let (status, created) = call(sim, Method::POST, path, Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let id = created[id_name].as_str().expect("id").to_owned();
    let url = format!("{}/sim/{page}/{DEMO_MERCHANT_ID}/{id}", sim.base_url());
    let visits: Vec<_> = (0..8)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let answer = client().post(url).send().await.expect("answered");
                let status = answer.status().as_u16();
                (status, json_of(answer).await["status"].clone())
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for visit in visits {
        outcomes.push(visit.await.expect("visit ran"));
    }
    outcomes.sort_by_key(|(status, _)| *status);
    (id, outcomes)
}

/// One visit acted (`status`), the seven others were told the flow is over.
fn one_acted(outcomes: &[(u16, Value)], status: &str) {
    let over = (409, json!(null));
    let mut expected = vec![(200, json!(status))];
    expected.extend(std::iter::repeat_n(over, 7));
    assert_eq!(outcomes, expected);
}

#[tokio::test]
async fn visits_of_a_checkout_page_at_once_create_one_payment() {
    let sim = start().await;
    let body = json!({"order": {
        "amountOfMoney": {"amount": 500, "currencyCode": "EUR"},
        "customer": {"billingAddress": {"countryCode": "NL"}},
    }});
    let flow = ("/hostedcheckouts", body, "hostedCheckoutId");
    let (checkout_id, outcomes) = visits_at_once(&sim, flow, "hostedcheckout").await;
    one_acted(&outcomes, "PAYMENT_CREATED");
    let by_checkout = format!("/payments?hostedCheckoutId={checkout_id}");
    assert_eq!(
        call(&sim, Method::GET, &by_checkout, None).await.1["totalCount"],
        1
    );
    let (_, all) = call(&sim, Method::GET, "/payments", None).await;
    assert_eq!(all["totalCount"], 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn visits_of_a_mandate_page_at_once_create_one_mandate() {
    let sim = start().await;
    let body = json!({"createMandateInfo": {"uniqueMandateReference": "ONCE-1"}});
    let flow = (
        "/hostedmandatemanagements",
        body,
        "hostedMandateManagementId",
    );
    let (id, outcomes) = visits_at_once(&sim, flow, "hostedmandatemanagement").await;
    // No other visit got as far as finding the reference taken (FAILED).
    one_acted(&outcomes, "MANDATE_CREATED");
    let (_, got) = call(
        &sim,
        Method::GET,
        &format!("/hostedmandatemanagements/{id}"),
        None,
    )
    .await;
    assert_eq!(got["status"], "MANDATE_CREATED");
    sim.shutdown().await;
}
