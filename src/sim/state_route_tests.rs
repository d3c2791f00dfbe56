//! The stateful families over HTTP, against a running simulator: payment method families
//! beyond cards, tokens, captures, refunds, payouts, hosted checkouts, the magic values, and
//! the store's bound, dump, reset, seed and state file. Every answer of an API route is also
//! checked against the API's model.

use reqwest::Method;
use serde_json::{Value, json};

use super::test_support::*;
use super::{DEMO_MERCHANT_ID, RunningSim, SimConfig, spawn};
use crate::connect::model::{Body, model};

async fn start_with(edit: impl FnOnce(&mut SimConfig)) -> RunningSim {
    let mut config = SimConfig {
        check_signatures: false,
        ..SimConfig::default()
    };
    edit(&mut config);
    spawn(([127, 0, 0, 1], 0).into(), config)
        .await
        .expect("simulator binds a free port")
}

/// The model's findings on an answer of `method path`, as lines (none: it is an instance of
/// the endpoint's response type, or its error type).
fn model_findings(method: &Method, path: &str, status: u16, body: &str) -> Vec<String> {
    let m = model().expect("the model");
    let Ok(found) = m.match_request(method.as_str(), path) else {
        return Vec::new();
    };
    let endpoint = found.endpoint;
    let type_name = if (200..300).contains(&status) {
        match endpoint.response.as_deref() {
            Some(name) => name,
            None => return Vec::new(),
        }
    } else {
        endpoint.error.as_str()
    };
    let ty = m.type_named(type_name).expect("the type");
    m.findings(&Body::parse(body), ty)
        .items
        .into_iter()
        // A value outside a documented list is a hint, not a mistake: the lists are
        // incomplete (a mobile payment's paymentMethod "mobile" is not in its list).
        .filter(|f| f.kind.name() != "undocumented-value")
        .map(|f| format!("{} {}: {}", f.kind.name(), f.path, f.message))
        .collect()
}

/// Sends `method path` (below `/v1/{merchantId}` unless it starts with `/sim/`) with an
/// optional JSON body; the answer's status and JSON (Null when empty), checked by the model.
pub(super) async fn call(
    sim: &RunningSim,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    call_with_key(sim, method, path, body, None).await.0
}

async fn call_with_key(
    sim: &RunningSim,
    method: Method,
    path: &str,
    body: Option<Value>,
    key: Option<&str>,
) -> ((u16, Value), Option<String>) {
    let full = if path.starts_with("/sim/") {
        path.to_owned()
    } else {
        format!("/v1/{DEMO_MERCHANT_ID}{path}")
    };
    let mut request = client().request(method.clone(), format!("{}{full}", sim.base_url()));
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    if let Some(key) = key {
        request = request.header("X-GCS-Idempotence-Key", key);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let stamp = header(&response, "x-gcs-idempotence-request-timestamp").map(str::to_owned);
    let text = response.text().await.expect("read");
    if full.starts_with("/v1/") {
        let path_only = full.split('?').next().unwrap_or_default();
        let findings = model_findings(&method, path_only, status, &text);
        assert!(
            findings.is_empty(),
            "{method} {full} {status}: {findings:?}\n{text}"
        );
    }
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: not JSON ({e}): {text}"))
    };
    ((status, value), stamp)
}

fn ideal(issuer: &str) -> Value {
    json!({
        "order": {
            "amountOfMoney": {"amount": 100, "currencyCode": "EUR"},
            "customer": {"billingAddress": {"countryCode": "NL"}},
        },
        "redirectPaymentMethodSpecificInput": {
            "paymentProductId": 809,
            "returnUrl": "https://shop.example/return",
            "paymentProduct809SpecificInput": {"issuerId": issuer},
        },
    })
}

fn card_payment(number: &str) -> Value {
    let mut body: Value = serde_json::from_str(MINIMAL_PAYMENT).expect("JSON");
    body["cardPaymentMethodSpecificInput"]["card"]["cardNumber"] = number.into();
    body
}

fn id_of(created: &Value) -> String {
    created["payment"]["id"]
        .as_str()
        .expect("payment id")
        .to_owned()
}

/// The path of a simulator URL (`http://host/sim/...` → `/sim/...`).
pub(super) fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest[rest.find('/').expect("a path")..].to_owned()
}

#[tokio::test]
async fn an_ideal_payment_waits_at_the_redirect_then_is_paid() {
    let sim = start().await;
    let (status, created) = call(&sim, Method::POST, "/payments", Some(ideal("INGBNL2A"))).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["payment"]["status"], "REDIRECTED");
    assert_eq!(
        created["payment"]["paymentOutput"]["paymentMethod"],
        "redirect"
    );
    let action = &created["merchantAction"];
    assert_eq!(action["actionType"], "REDIRECT");
    let mac = action["redirectData"]["RETURNMAC"].as_str().expect("mac");
    assert!(!mac.is_empty());
    let id = id_of(&created);
    let (_, got) = call(&sim, Method::GET, &format!("/payments/{id}"), None).await;
    assert_eq!(got["status"], "REDIRECTED");
    let page = path_of(action["redirectData"]["redirectURL"].as_str().expect("url"));
    assert_eq!(page, format!("/sim/pay/{DEMO_MERCHANT_ID}/{id}"));
    let (status, paid) = call(&sim, Method::GET, &page, None).await;
    assert_eq!(status, 200);
    assert_eq!(paid["status"], "PAID");
    assert_eq!(paid["RETURNMAC"], mac);
    assert_eq!(paid["returnUrl"], "https://shop.example/return");
    let (_, got) = call(&sim, Method::GET, &format!("/payments/{id}"), None).await;
    assert_eq!(got["status"], "PAID");
    assert_eq!(got["statusOutput"]["statusCategory"], "COMPLETED");
    let (status, _) = call(&sim, Method::GET, &page, None).await;
    assert_eq!(status, 409, "a paid payment waits for no consumer");
    // Paid money can be refunded.
    let (status, _) = call(&sim, Method::POST, &format!("/payments/{id}/refund"), None).await;
    assert_eq!(status, 201);
    sim.shutdown().await;
}

#[tokio::test]
async fn the_cancelling_issuer_and_outcome_cancel_cancel_the_redirect() {
    let sim = start().await;
    for (issuer, query) in [
        (super::scenario::CANCELLING_ISSUER, ""),
        ("INGBNL2A", "?outcome=cancel"),
    ] {
        let (_, created) = call(&sim, Method::POST, "/payments", Some(ideal(issuer))).await;
        let id = id_of(&created);
        let page = format!("/sim/pay/{DEMO_MERCHANT_ID}/{id}{query}");
        let (status, answer) = call(&sim, Method::POST, &page, None).await;
        assert_eq!((status, &answer["status"]), (200, &json!("CANCELLED")));
        let (_, got) = call(&sim, Method::GET, &format!("/payments/{id}"), None).await;
        assert_eq!(got["status"], "CANCELLED");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn an_ideal_payment_is_replayed_for_its_idempotence_key() {
    let sim = start().await;
    let ((s1, first), stamp1) = call_with_key(
        &sim,
        Method::POST,
        "/payments",
        Some(ideal("INGBNL2A")),
        Some("k-809"),
    )
    .await;
    let ((s2, again), stamp2) = call_with_key(
        &sim,
        Method::POST,
        "/payments",
        Some(ideal("INGBNL2A")),
        Some("k-809"),
    )
    .await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(first, again);
    assert!(stamp1.is_none());
    assert!(stamp2.is_some_and(|s| s.parse::<u64>().is_ok()));
    sim.shutdown().await;
}

#[tokio::test]
async fn each_method_family_starts_in_its_documented_status() {
    let sim = start().await;
    let order = json!({
        "amountOfMoney": {"amount": 500, "currencyCode": "EUR"},
        "customer": {"billingAddress": {"countryCode": "NL"}},
    });
    for (input, product, status, method, action) in [
        (
            "bankTransferPaymentMethodSpecificInput",
            11,
            "PENDING_PAYMENT",
            "bankTransfer",
            Some("SHOW_INSTRUCTIONS"),
        ),
        (
            "cashPaymentMethodSpecificInput",
            1503,
            "PENDING_PAYMENT",
            "cash",
            Some("SHOW_INSTRUCTIONS"),
        ),
        (
            "sepaDirectDebitPaymentMethodSpecificInput",
            771,
            "CAPTURE_REQUESTED",
            "directDebit",
            None,
        ),
        (
            "mobilePaymentMethodSpecificInput",
            320,
            "PENDING_APPROVAL",
            "mobile",
            None,
        ),
        (
            "invoicePaymentMethodSpecificInput",
            9000,
            "PENDING_APPROVAL",
            "invoice",
            None,
        ),
        (
            "eInvoicePaymentMethodSpecificInput",
            9001,
            "PENDING_APPROVAL",
            "eInvoice",
            None,
        ),
    ] {
        let body = json!({ "order": order, input: {"paymentProductId": product} });
        let (code, created) = call(&sim, Method::POST, "/payments", Some(body)).await;
        assert_eq!(code, 201, "{input}: {created}");
        assert_eq!(created["payment"]["status"], status, "{input}");
        assert_eq!(created["payment"]["paymentOutput"]["paymentMethod"], method);
        assert_eq!(
            created["merchantAction"]["actionType"].as_str(),
            action,
            "{input}"
        );
    }
    // A bank transfer is paid at the simulator's pay page.
    let body = json!({ "order": order, "bankTransferPaymentMethodSpecificInput": {"paymentProductId": 11} });
    let (_, created) = call(&sim, Method::POST, "/payments", Some(body)).await;
    let id = id_of(&created);
    let (_, paid) = call(
        &sim,
        Method::POST,
        &format!("/sim/pay/{DEMO_MERCHANT_ID}/{id}"),
        None,
    )
    .await;
    assert_eq!(paid["status"], "PAID");
    // A body with no method input still misses the card input, as before.
    let (code, refused) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(json!({"order": order})),
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(property_names(&refused), ["cardPaymentMethodSpecificInput"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn the_magic_cards_need_3ds_or_fail_at_capture_and_sale_captures_at_once() {
    let sim = start().await;
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment(super::scenario::THREE_D_SECURE_CARD)),
    )
    .await;
    assert_eq!(created["payment"]["status"], "REDIRECTED");
    assert_eq!(created["merchantAction"]["actionType"], "REDIRECT");
    let id = id_of(&created);
    let (_, done) = call(
        &sim,
        Method::GET,
        &format!("/sim/pay/{DEMO_MERCHANT_ID}/{id}"),
        None,
    )
    .await;
    assert_eq!(
        done["status"], "PENDING_APPROVAL",
        "3-D Secure passed: authorised"
    );

    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment(super::scenario::CAPTURE_FAILS_CARD)),
    )
    .await;
    assert_eq!(created["payment"]["status"], "PENDING_APPROVAL");
    let id = id_of(&created);
    let (status, capture) = call(
        &sim,
        Method::POST,
        &format!("/payments/{id}/capture"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(capture["status"], "REJECTED_CAPTURE");
    let (_, got) = call(&sim, Method::GET, &format!("/payments/{id}"), None).await;
    assert_eq!(got["status"], "REJECTED_CAPTURE");
    let (status, _) = call(&sim, Method::POST, &format!("/payments/{id}/refund"), None).await;
    assert_eq!(status, 400, "nothing was taken to refund");

    let mut sale = card_payment("4567350000427977");
    sale["cardPaymentMethodSpecificInput"]["authorizationMode"] = "SALE".into();
    let (_, created) = call(&sim, Method::POST, "/payments", Some(sale)).await;
    assert_eq!(created["payment"]["status"], "CAPTURE_REQUESTED");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_card_token_is_created_read_used_updated_and_deleted() {
    let sim = start().await;
    let token_body = |number: &str| {
        json!({
            "paymentProductId": 1,
            "card": {
                "customer": {"billingAddress": {"countryCode": "NL"}},
                "data": {"cardWithoutCvv": {"cardholderName": "Wile E. Coyote", "cardNumber": number, "expiryDate": "1230"}},
            },
        })
    };
    let (status, created) = call(
        &sim,
        Method::POST,
        "/tokens",
        Some(token_body("4567350000427977")),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["isNewToken"], true);
    let token = created["token"].as_str().expect("token").to_owned();
    let (status, got) = call(&sim, Method::GET, &format!("/tokens/{token}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(got["id"], token.as_str());
    assert_eq!(
        got["card"]["data"]["cardWithoutCvv"]["cardNumber"],
        "************7977"
    );

    let mut pay = card_payment("4567350000427977");
    pay["cardPaymentMethodSpecificInput"] = json!({"paymentProductId": 1, "token": token});
    let (status, paid) = call(&sim, Method::POST, "/payments", Some(pay.clone())).await;
    assert_eq!(status, 201, "{paid}");
    let output = &paid["payment"]["paymentOutput"]["cardPaymentMethodSpecificOutput"];
    assert_eq!(output["token"], token.as_str());
    assert_eq!(output["card"]["cardNumber"], "************7977");

    // Updated to the declined card, a payment with the token is declined.
    let (status, _) = call(
        &sim,
        Method::PUT,
        &format!("/tokens/{token}"),
        Some(token_body(super::scenario::DECLINED_CARD)),
    )
    .await;
    assert_eq!(status, 204);
    let (status, declined) = call(&sim, Method::POST, "/payments", Some(pay.clone())).await;
    assert_eq!(status, 402);
    assert_eq!(declined["paymentResult"]["payment"]["status"], "REJECTED");

    let (status, _) = call(&sim, Method::DELETE, &format!("/tokens/{token}"), None).await;
    assert_eq!(status, 204);
    let (status, _) = call(&sim, Method::GET, &format!("/tokens/{token}"), None).await;
    assert_eq!(status, 404);
    let (status, refused) = call(&sim, Method::POST, "/payments", Some(pay)).await;
    assert_eq!(status, 400);
    assert_eq!(
        property_names(&refused),
        ["cardPaymentMethodSpecificInput.token"]
    );
    let (status, refused) = call(&sim, Method::POST, "/tokens", Some(json!({"card": {}}))).await;
    assert_eq!(status, 400);
    assert_eq!(
        property_names(&refused),
        [
            "paymentProductId",
            "card.data.cardWithoutCvv.cardNumber",
            "card.data.cardWithoutCvv.expiryDate"
        ]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_sepa_token_is_approved_and_pays_a_direct_debit() {
    let sim = start().await;
    let body = json!({
        "paymentProductId": 770,
        "sepaDirectDebit": {
            "customer": {"billingAddress": {"countryCode": "NL"}},
            "mandate": {"bankAccountIban": {"iban": "NL91ABNA0417164300"}, "customerContractIdentifier": "c-1"},
        },
    });
    let (status, created) = call(&sim, Method::POST, "/tokens", Some(body)).await;
    assert_eq!(status, 201);
    let token = created["token"].as_str().expect("token").to_owned();
    let approval = json!({"mandateSignatureDate": "20261207", "mandateSignaturePlace": "Utrecht", "mandateSigned": true});
    let path = format!("/tokens/{token}/approvesepadirectdebit");
    let (status, _) = call(&sim, Method::POST, &path, Some(approval)).await;
    assert_eq!(status, 204);
    let (_, got) = call(&sim, Method::GET, &format!("/tokens/{token}"), None).await;
    assert_eq!(
        got["sepaDirectDebit"]["mandate"]["mandateApproval"]["mandateSigned"],
        true
    );
    let pay = json!({
        "order": {"amountOfMoney": {"amount": 700, "currencyCode": "EUR"}, "customer": {"billingAddress": {"countryCode": "NL"}}},
        "sepaDirectDebitPaymentMethodSpecificInput": {"paymentProductId": 771, "token": token},
    });
    let (status, paid) = call(&sim, Method::POST, "/payments", Some(pay)).await;
    assert_eq!(status, 201, "{paid}");
    assert_eq!(
        paid["payment"]["paymentOutput"]["sepaDirectDebitPaymentMethodSpecificOutput"]["token"],
        token.as_str()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_capture_is_kept_and_its_refund_moves_through_its_statuses() {
    let sim = start().await;
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment("4567350000427977")),
    )
    .await;
    let id = id_of(&created);
    let (status, list) = call(&sim, Method::GET, &format!("/payments/{id}/captures"), None).await;
    assert_eq!((status, list), (200, json!({"captures": []})));
    call(
        &sim,
        Method::POST,
        &format!("/payments/{id}/approve"),
        Some(json!({})),
    )
    .await;
    let (_, list) = call(&sim, Method::GET, &format!("/payments/{id}/captures"), None).await;
    let capture_id = list["captures"][0]["id"]
        .as_str()
        .expect("capture")
        .to_owned();
    let (status, capture) = call(&sim, Method::GET, &format!("/captures/{capture_id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(capture["status"], "CAPTURE_REQUESTED");

    let refund_body = json!({"amountOfMoney": {"amount": 1000, "currencyCode": "CAD"}});
    let (status, refund) = call(
        &sim,
        Method::POST,
        &format!("/captures/{capture_id}/refund"),
        Some(refund_body),
    )
    .await;
    assert_eq!(status, 201, "{refund}");
    let refund_id = refund["id"].as_str().expect("refund id").to_owned();
    assert_eq!(refund["refundOutput"]["amountOfMoney"]["amount"], 1000);
    let (_, got) = call(&sim, Method::GET, &format!("/refunds/{refund_id}"), None).await;
    assert_eq!(got, refund);
    let (_, list) = call(&sim, Method::GET, &format!("/payments/{id}/refunds"), None).await;
    assert_eq!(list["refunds"][0]["id"], refund_id.as_str());
    // The refund belongs to the capture (the dump shows the relation).
    let (_, dump) = call(&sim, Method::GET, "/sim/state", None).await;
    let kept = dump["objects"].as_array().expect("objects");
    let entry = kept
        .iter()
        .find(|o| o["id"] == refund_id.as_str())
        .expect("refund kept");
    assert_eq!(entry["meta"]["captureId"], capture_id.as_str());
    assert_eq!(entry["meta"]["paymentId"], id.as_str());

    let r = |action: &str| format!("/refunds/{refund_id}/{action}");
    assert_eq!(call(&sim, Method::POST, &r("approve"), None).await.0, 400);
    assert_eq!(
        call(&sim, Method::POST, &r("cancelapproval"), None).await.0,
        204
    );
    let (_, got) = call(&sim, Method::GET, &format!("/refunds/{refund_id}"), None).await;
    assert_eq!(got["status"], "PENDING_APPROVAL");
    assert_eq!(call(&sim, Method::POST, &r("approve"), None).await.0, 204);
    assert_eq!(call(&sim, Method::POST, &r("cancel"), None).await.0, 204);
    let (status, refused) = call(&sim, Method::POST, &r("cancel"), None).await;
    assert_eq!(status, 400);
    assert_eq!(refused["errors"][0]["id"], "INVALID_REFUND_STATUS");
    assert_eq!(call(&sim, Method::GET, "/refunds/nope", None).await.0, 404);
    assert_eq!(call(&sim, Method::GET, "/captures/nope", None).await.0, 404);
    assert_eq!(
        call(&sim, Method::POST, "/captures/nope/refund", None)
            .await
            .0,
        404
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_payout_is_approved_taken_back_and_cancelled_and_the_magic_amount_is_rejected() {
    let sim = start().await;
    let payout = |amount: i64| {
        json!({
            "payoutDetails": {
                "amountOfMoney": {"amount": amount, "currencyCode": "EUR"},
                "references": {"merchantReference": "po-1"},
            },
            "bankTransferPayoutMethodSpecificInput": {"bankAccountIban": {"iban": "NL91ABNA0417164300"}},
        })
    };
    let (status, created) = call(&sim, Method::POST, "/payouts", Some(payout(2500))).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "PENDING_APPROVAL");
    let id = created["id"].as_str().expect("payout id").to_owned();
    let (status, approved) = call(
        &sim,
        Method::POST,
        &format!("/payouts/{id}/approve"),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, &approved["status"]),
        (200, &json!("PAYOUT_REQUESTED"))
    );
    assert_eq!(
        call(
            &sim,
            Method::POST,
            &format!("/payouts/{id}/cancelapproval"),
            None
        )
        .await
        .0,
        204
    );
    let (_, got) = call(&sim, Method::GET, &format!("/payouts/{id}"), None).await;
    assert_eq!(got["status"], "PENDING_APPROVAL");
    assert_eq!(
        got["payoutOutput"]["references"]["merchantReference"],
        "po-1"
    );
    assert_eq!(
        call(&sim, Method::POST, &format!("/payouts/{id}/cancel"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        call(&sim, Method::POST, &format!("/payouts/{id}/approve"), None)
            .await
            .0,
        400
    );

    let rejected = super::payouts::REJECTED_PAYOUT_AMOUNT;
    let (status, refused) = call(&sim, Method::POST, "/payouts", Some(payout(rejected))).await;
    assert_eq!(status, 402);
    assert_eq!(refused["payoutResult"]["status"], "REJECTED");
    let (status, refused) = call(&sim, Method::POST, "/payouts", Some(json!({}))).await;
    assert_eq!(status, 400);
    assert_eq!(
        property_names(&refused),
        [
            "payoutDetails.amountOfMoney.amount",
            "payoutDetails.amountOfMoney.currencyCode"
        ]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn an_approved_payout_is_credited_or_its_credit_rejected_at_the_banks_page() {
    let sim = start().await;
    let payout = json!({
        "payoutDetails": {"amountOfMoney": {"amount": 1200, "currencyCode": "EUR"}},
        "bankTransferPayoutMethodSpecificInput": {"bankAccountIban": {"iban": "NL91ABNA0417164300"}},
    });
    let bank = |id: &str, query: &str| format!("/sim/payout/{DEMO_MERCHANT_ID}/{id}{query}");
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (status, created) = call(&sim, Method::POST, "/payouts", Some(payout.clone())).await;
        assert_eq!(status, 201, "{created}");
        ids.push(created["id"].as_str().expect("payout id").to_owned());
    }
    // Not approved yet: the bank has nothing to credit.
    let (status, page) = call(&sim, Method::POST, &bank(&ids[0], ""), None).await;
    assert_eq!(status, 409, "{page}");
    for id in &ids {
        let path = format!("/payouts/{id}/approve");
        assert_eq!(call(&sim, Method::POST, &path, None).await.0, 200);
    }
    let (status, page) = call(&sim, Method::POST, &bank(&ids[0], ""), None).await;
    assert_eq!((status, &page["status"]), (200, &json!("ACCOUNT_CREDITED")));
    let (_, credited) = call(&sim, Method::GET, &format!("/payouts/{}", ids[0]), None).await;
    assert_eq!(credited["status"], "ACCOUNT_CREDITED");
    assert_eq!(credited["statusOutput"]["statusCategory"], "COMPLETED");
    assert_eq!(credited["statusOutput"]["isCancellable"], false);
    // Paid out: neither cancelled nor taken back, nor credited twice.
    for action in ["cancel", "cancelapproval"] {
        let path = format!("/payouts/{}/{action}", ids[0]);
        assert_eq!(call(&sim, Method::POST, &path, None).await.0, 400);
    }
    assert_eq!(
        call(&sim, Method::POST, &bank(&ids[0], ""), None).await.0,
        409
    );

    let (status, page) = call(&sim, Method::GET, &bank(&ids[1], "?outcome=reject"), None).await;
    assert_eq!((status, &page["status"]), (200, &json!("REJECTED_CREDIT")));
    let (_, rejected) = call(&sim, Method::GET, &format!("/payouts/{}", ids[1]), None).await;
    assert_eq!(rejected["statusOutput"]["statusCategory"], "UNSUCCESSFUL");
    assert_eq!(
        call(&sim, Method::GET, &bank("nope", ""), None).await.0,
        404
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_hosted_checkout_shows_the_payment_its_consumer_made() {
    let sim = start().await;
    let body = json!({
        "hostedCheckoutSpecificInput": {"locale": "en_GB", "variant": "testVariant"},
        "order": {"amountOfMoney": {"amount": 2345, "currencyCode": "USD"}, "customer": {"billingAddress": {"countryCode": "US"}, "merchantCustomerId": "1234"}},
    });
    let (status, created) = call(&sim, Method::POST, "/hostedcheckouts", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["hostedCheckoutId"].as_str().expect("id").to_owned();
    assert!(created["RETURNMAC"].as_str().is_some_and(|m| !m.is_empty()));
    let partial = created["partialRedirectUrl"].as_str().expect("partial");
    assert!(
        partial.ends_with(&format!("/sim/hostedcheckout/{DEMO_MERCHANT_ID}/{id}")),
        "{partial}"
    );
    let (_, got) = call(&sim, Method::GET, &format!("/hostedcheckouts/{id}"), None).await;
    assert_eq!(got, json!({"status": "IN_PROGRESS"}));
    let (status, _) = call(
        &sim,
        Method::GET,
        &format!("/sim/hostedcheckout/{DEMO_MERCHANT_ID}/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (_, got) = call(&sim, Method::GET, &format!("/hostedcheckouts/{id}"), None).await;
    assert_eq!(got["status"], "PAYMENT_CREATED");
    let payment_id = got["createdPaymentOutput"]["payment"]["id"]
        .as_str()
        .expect("payment");
    let (status, payment) = call(&sim, Method::GET, &format!("/payments/{payment_id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(payment["paymentOutput"]["amountOfMoney"]["amount"], 2345);
    let (status, _) = call(
        &sim,
        Method::GET,
        &format!("/sim/hostedcheckout/{DEMO_MERCHANT_ID}/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 409, "a checkout is paid once");
    assert_eq!(
        call(
            &sim,
            Method::DELETE,
            &format!("/hostedcheckouts/{id}"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        call(&sim, Method::GET, &format!("/hostedcheckouts/{id}"), None)
            .await
            .0,
        404
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn the_store_keeps_at_most_max_objects_and_counts_the_rest() {
    let sim = start_with(|c| c.max_objects = Some(3)).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        let (_, created) = call(
            &sim,
            Method::POST,
            "/payments",
            Some(card_payment("4567350000427977")),
        )
        .await;
        ids.push(id_of(&created));
    }
    let (_, dump) = call(&sim, Method::GET, "/sim/state", None).await;
    assert_eq!(
        (dump["kept"].as_u64(), dump["evicted"].as_u64()),
        (Some(3), Some(2))
    );
    let kept: Vec<&str> = dump["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(
        kept,
        ids[2..].iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(dump["objects"][0]["kind"], "payment");
    assert_eq!(dump["objects"][0]["value"]["status"], "PENDING_APPROVAL");
    assert_eq!(
        call(&sim, Method::GET, &format!("/payments/{}", ids[0]), None)
            .await
            .0,
        404
    );
    assert_eq!(
        call(&sim, Method::GET, &format!("/payments/{}", ids[4]), None)
            .await
            .0,
        200
    );
    let (_, counts) = call(&sim, Method::GET, "/sim/state?counts", None).await;
    assert_eq!(counts, json!({"kept": 3, "evicted": 2}));
    let (status, _) = call(&sim, Method::POST, "/sim/reset", None).await;
    assert_eq!(status, 200);
    let (_, dump) = call(&sim, Method::GET, "/sim/state", None).await;
    assert_eq!(dump["kept"], 0);
    assert_eq!(
        call(&sim, Method::GET, &format!("/payments/{}", ids[4]), None)
            .await
            .0,
        404
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_seed_gives_the_same_ids_on_every_run() {
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let sim = start_with(|c| c.seed = Some(42)).await;
        let body = json!({"paymentProductId": 1, "card": {"data": {"cardWithoutCvv": {"cardNumber": "4567350000427977", "expiryDate": "1230"}}}});
        let (_, created) = call(&sim, Method::POST, "/tokens", Some(body)).await;
        tokens.push(created["token"].as_str().expect("token").to_owned());
        sim.shutdown().await;
    }
    assert_eq!(tokens[0], tokens[1]);
}

#[tokio::test]
async fn a_restored_or_token_paid_payment_tokenizes_to_what_its_card_makes_happen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sim-state.json");
    let sim = start_with(|c| c.state_file = Some(path.clone())).await;
    let capture_fails = super::scenario::CAPTURE_FAILS_CARD;
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment(capture_fails)),
    )
    .await;
    let id = id_of(&created);
    sim.shutdown().await;

    // Restored: its number is masked now, its scenario kept.
    let sim = start_with(|c| c.state_file = Some(path.clone())).await;
    let tokenize = |id: &str| format!("/payments/{id}/tokenize");
    let pay_with = |token: &str| {
        let mut body = card_payment(capture_fails);
        body["cardPaymentMethodSpecificInput"] = json!({"paymentProductId": 1, "token": token});
        body
    };
    let mut payment_id = id;
    for _ in 0..2 {
        let (status, tokenized) = call(&sim, Method::POST, &tokenize(&payment_id), None).await;
        assert_eq!(status, 201, "{tokenized}");
        let token = tokenized["token"].as_str().expect("token").to_owned();
        let (status, paid) = call(&sim, Method::POST, "/payments", Some(pay_with(&token))).await;
        assert_eq!(status, 201, "{paid}");
        payment_id = id_of(&paid);
        let approve = format!("/payments/{payment_id}/approve");
        let (_, approved) = call(&sim, Method::POST, &approve, None).await;
        // The second round tokenizes a payment made with a token.
        assert_eq!(
            approved["payment"]["status"], "REJECTED_CAPTURE",
            "{approved}"
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn the_state_file_keeps_objects_across_restarts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sim-state.json");
    let sim = start_with(|c| c.state_file = Some(path.clone())).await;
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment("4567350000427977")),
    )
    .await;
    let id = id_of(&created);
    call(&sim, Method::POST, &format!("/payments/{id}/approve"), None).await;
    sim.shutdown().await;
    let text = std::fs::read_to_string(&path).expect("state written");
    assert!(!text.contains("4567350000427977"), "no card number on disk");

    let sim = start_with(|c| c.state_file = Some(path.clone())).await;
    let (status, got) = call(&sim, Method::GET, &format!("/payments/{id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(got["status"], "CAPTURE_REQUESTED");
    let (status, _) = call(&sim, Method::GET, &format!("/captures/{id}"), None).await;
    assert_eq!(status, 200);
    // New payments do not reuse the restored ids.
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment("4567350000427977")),
    )
    .await;
    assert_ne!(id_of(&created), id);
    sim.shutdown().await;

    std::fs::write(&path, b"{\"format\": \"other\"}").expect("written");
    let config = SimConfig {
        state_file: Some(path.clone()),
        ..SimConfig::default()
    };
    let error = spawn(([127, 0, 0, 1], 0).into(), config)
        .await
        .expect_err("a foreign file is refused");
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains("sim-state.json"), "{error}");
}

#[tokio::test]
async fn a_mandate_is_created_blocked_unblocked_revoked_and_pays_a_direct_debit() {
    let sim = start().await;
    let body = json!({
        "customer": {"bankAccountIban": {"iban": "NL91ABNA0417164300"}},
        "customerReference": "cust-1",
        "recurrenceType": "RECURRING",
    });
    let (status, created) =
        call(&sim, Method::PUT, "/mandates/MANDATE-1", Some(body.clone())).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["mandate"]["status"], "ACTIVE");
    assert_eq!(created["mandate"]["uniqueMandateReference"], "MANDATE-1");
    let (status, other) = call(&sim, Method::POST, "/mandates", Some(body)).await;
    assert_eq!(status, 201);
    assert!(
        other["mandate"]["uniqueMandateReference"]
            .as_str()
            .is_some_and(|r| r.starts_with("SIM"))
    );
    let m = |action: &str| format!("/mandates/MANDATE-1/{action}");
    let (_, blocked) = call(&sim, Method::POST, &m("block"), None).await;
    assert_eq!(blocked["mandate"]["status"], "BLOCKED");
    assert_eq!(call(&sim, Method::POST, &m("block"), None).await.0, 400);
    let (_, active) = call(&sim, Method::POST, &m("unblock"), None).await;
    assert_eq!(active["mandate"]["status"], "ACTIVE");
    let pay = json!({
        "order": {"amountOfMoney": {"amount": 700, "currencyCode": "EUR"}, "customer": {"billingAddress": {"countryCode": "NL"}}},
        "sepaDirectDebitPaymentMethodSpecificInput": {"paymentProductId": 771, "paymentProduct771SpecificInput": {"mandateReference": "MANDATE-1"}},
    });
    let (status, paid) = call(&sim, Method::POST, "/payments", Some(pay)).await;
    assert_eq!(status, 201, "{paid}");
    let (_, revoked) = call(&sim, Method::POST, &m("revoke"), None).await;
    assert_eq!(revoked["mandate"]["status"], "REVOKED");
    let (_, got) = call(&sim, Method::GET, "/mandates/MANDATE-1", None).await;
    assert_eq!(got["mandate"]["customerReference"], "cust-1");
    assert_eq!(call(&sim, Method::GET, "/mandates/nope", None).await.0, 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn an_approval_is_taken_back_with_its_capture_and_a_payment_is_tokenized() {
    let sim = start().await;
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment("4567350000427977")),
    )
    .await;
    let id = id_of(&created);
    call(&sim, Method::POST, &format!("/payments/{id}/approve"), None).await;
    let (status, back) = call(
        &sim,
        Method::POST,
        &format!("/payments/{id}/cancelapproval"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(back["payment"]["status"], "PENDING_APPROVAL");
    let (_, list) = call(&sim, Method::GET, &format!("/payments/{id}/captures"), None).await;
    assert_eq!(list, json!({"captures": []}));
    assert_eq!(
        call(
            &sim,
            Method::POST,
            &format!("/payments/{id}/cancelapproval"),
            None
        )
        .await
        .0,
        400
    );

    let (status, tokenized) = call(
        &sim,
        Method::POST,
        &format!("/payments/{id}/tokenize"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 201, "{tokenized}");
    assert_eq!(tokenized["originalPaymentId"], id.as_str());
    let token = tokenized["token"].as_str().expect("token");
    let (_, got) = call(&sim, Method::GET, &format!("/tokens/{token}"), None).await;
    assert_eq!(
        got["card"]["data"]["cardWithoutCvv"]["cardNumber"],
        "************7977"
    );
    let (_, ideal_payment) = call(&sim, Method::POST, "/payments", Some(ideal("INGBNL2A"))).await;
    let ideal_id = id_of(&ideal_payment);
    assert_eq!(
        call(
            &sim,
            Method::POST,
            &format!("/payments/{ideal_id}/tokenize"),
            None
        )
        .await
        .0,
        400
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_dispute_of_a_capture_is_submitted_and_cancelled() {
    let sim = start().await;
    let (_, created) = call(
        &sim,
        Method::POST,
        "/payments",
        Some(card_payment("4567350000427977")),
    )
    .await;
    let id = id_of(&created);
    let (status, _) = call(
        &sim,
        Method::POST,
        &format!("/payments/{id}/dispute"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 400, "nothing was taken to dispute");
    call(&sim, Method::POST, &format!("/payments/{id}/capture"), None).await;
    let body = json!({"contactPerson": "Wile E. Coyote", "requestMessage": "not delivered"});
    let (status, dispute) = call(
        &sim,
        Method::POST,
        &format!("/captures/{id}/dispute"),
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{dispute}");
    assert_eq!(dispute["status"], "CREATED");
    assert_eq!(dispute["captureId"], id.as_str());
    assert_eq!(dispute["disputeOutput"]["amountOfMoney"]["amount"], 2345);
    let dispute_id = dispute["id"].as_str().expect("id").to_owned();
    let (_, of_capture) = call(&sim, Method::GET, &format!("/captures/{id}/disputes"), None).await;
    let (_, of_payment) = call(&sim, Method::GET, &format!("/payments/{id}/disputes"), None).await;
    assert_eq!(of_capture, of_payment);
    assert_eq!(of_payment["disputes"][0]["id"], dispute_id.as_str());
    let (_, submitted) = call(
        &sim,
        Method::POST,
        &format!("/disputes/{dispute_id}/submit"),
        None,
    )
    .await;
    assert_eq!(submitted["status"], "SUBMITTED");
    let (_, cancelled) = call(
        &sim,
        Method::POST,
        &format!("/disputes/{dispute_id}/cancel"),
        None,
    )
    .await;
    assert_eq!(cancelled["status"], "CANCELLED");
    assert_eq!(
        call(
            &sim,
            Method::POST,
            &format!("/disputes/{dispute_id}/submit"),
            None
        )
        .await
        .0,
        400
    );
    let (_, got) = call(&sim, Method::GET, &format!("/disputes/{dispute_id}"), None).await;
    assert_eq!(got["status"], "CANCELLED");
    assert_eq!(call(&sim, Method::GET, "/disputes/nope", None).await.0, 404);
    sim.shutdown().await;
}
