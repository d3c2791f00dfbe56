//! The stateless services over HTTP: the catalogue, conversions, IIN details, risk
//! assessments, the model's check of request bodies, and the connection manners.

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::test_support::*;
use super::{DEMO_MERCHANT_ID, RunningSim, SimConfig, spawn};

async fn get(sim: &RunningSim, path_and_query: &str) -> (u16, Value) {
    let url = format!("{}/v1/{DEMO_MERCHANT_ID}{path_and_query}", sim.base_url());
    let response = client().get(url).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, json_of(response).await)
}

async fn post(sim: &RunningSim, path: &str, body: &str) -> reqwest::Response {
    let url = format!("{}/v1/{DEMO_MERCHANT_ID}{path}", sim.base_url());
    client()
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("answered")
}

fn ids(products: &Value) -> Vec<i64> {
    products["paymentProducts"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["id"].as_i64().expect("an id"))
        .collect()
}

#[tokio::test]
async fn products_are_listed_for_a_country_and_currency() {
    let sim = start().await;
    let (status, nl) = get(&sim, "/products?countryCode=NL&currencyCode=EUR").await;
    assert_eq!(status, 200);
    assert_eq!(ids(&nl), [1, 3, 2, 809, 770, 840, 302, 320]);
    assert_eq!(nl["paymentProducts"][3]["paymentMethod"], "redirect");
    assert_eq!(nl["paymentProducts"][0]["fields"][0]["id"], "cardNumber");
    // No American Express in yen, no iDEAL outside the euro; hide=fields drops the fields.
    let (_, jp) = get(
        &sim,
        "/products?countryCode=JP&currencyCode=JPY&hide=fields",
    )
    .await;
    assert_eq!(ids(&jp), [1, 3, 302, 320]);
    assert!(jp["paymentProducts"][0].get("fields").is_none());
    let (_, recurring) = get(
        &sim,
        "/products?countryCode=NL&currencyCode=EUR&isRecurring=true&hide=productsWithRedirects",
    )
    .await;
    assert_eq!(ids(&recurring), [1, 3, 2, 770]);
    let (_, big) = get(
        &sim,
        "/products?countryCode=NL&currencyCode=EUR&amount=6000000",
    )
    .await;
    assert!(!ids(&big).contains(&809), "iDEAL stops at 50 000.00");
    let (status, missing) = get(&sim, "/products?currencyCode=EUR").await;
    assert_eq!(status, 400);
    assert_eq!(property_names(&missing), ["countryCode"]);
    assert_eq!(missing["errors"][0]["code"], "20000000");
    let (status, bad) = get(&sim, "/products?countryCode=NL&currencyCode=EUR&amount=ten").await;
    assert_eq!(
        (status, property_names(&bad)),
        (400, vec!["amount".to_owned()])
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn one_product_its_directory_and_networks() {
    let sim = start().await;
    let (status, ideal) = get(&sim, "/products/809?countryCode=NL&currencyCode=EUR").await;
    assert_eq!(status, 200);
    assert_eq!(ideal["id"], 809);
    assert_eq!(ideal["fields"][0]["id"], "issuerId");
    let (status, entries) = get(
        &sim,
        "/products/809/directory?countryCode=NL&currencyCode=EUR",
    )
    .await;
    assert_eq!(status, 200);
    let entries = entries["entries"].as_array().expect("entries").clone();
    assert_eq!(entries.len(), 10);
    assert_eq!(entries[0]["issuerId"], "0031");
    // The directory's issuers are the values the product's field takes.
    let allowed =
        &ideal["fields"][0]["dataRestrictions"]["validators"]["fixedList"]["allowedValues"];
    let issuer_ids: Vec<&Value> = entries.iter().map(|e| &e["issuerId"]).collect();
    assert_eq!(
        allowed
            .as_array()
            .expect("a list")
            .iter()
            .collect::<Vec<_>>(),
        issuer_ids
    );
    let (status, _) = get(
        &sim,
        "/products/809/directory?countryCode=DE&currencyCode=EUR",
    )
    .await;
    assert_eq!(status, 200);
    for refused in [
        "/products/809/directory?countryCode=US&currencyCode=USD",
        "/products/1/directory?countryCode=NL&currencyCode=EUR",
        "/products/4242?countryCode=NL&currencyCode=EUR",
        "/products/abc?countryCode=NL&currencyCode=EUR",
    ] {
        let (status, body) = get(&sim, refused).await;
        assert_eq!(status, 404, "{refused}");
        assert_eq!(body["errors"][0]["id"], "UNKNOWN_PRODUCT_ID", "{refused}");
    }
    let (status, networks) = get(
        &sim,
        "/products/320/networks?countryCode=NL&currencyCode=EUR",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        networks["networks"],
        json!(["Amex", "Discover", "MasterCard", "Visa"])
    );
    let (status, _) = get(&sim, "/products/1/networks?countryCode=NL&currencyCode=EUR").await;
    assert_eq!(status, 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn the_cards_group_and_device_fingerprints() {
    let sim = start().await;
    let (status, groups) = get(&sim, "/productgroups?countryCode=NL&currencyCode=EUR").await;
    assert_eq!(status, 200);
    assert_eq!(groups["paymentProductGroups"][0]["id"], "cards");
    let (status, cards) = get(&sim, "/productgroups/cards?countryCode=NL&currencyCode=EUR").await;
    assert_eq!(status, 200);
    assert_eq!(cards["id"], "cards");
    assert_eq!(cards["fields"][0]["id"], "cardNumber");
    let (status, _) = get(
        &sim,
        "/productgroups/wallets?countryCode=NL&currencyCode=EUR",
    )
    .await;
    assert_eq!(status, 404);
    let response = post(&sim, "/products/1/deviceFingerprint", "{}").await;
    assert_eq!(response.status(), 200);
    let answer = json_of(response).await;
    assert!(answer["deviceFingerprintTransactionId"].is_string());
    let response = post(&sim, "/productgroups/cards/deviceFingerprint", "{}").await;
    assert_eq!(response.status(), 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn amounts_convert_by_the_fixed_table() {
    let sim = start().await;
    let (status, body) = get(
        &sim,
        "/services/convert/amount?source=USD&target=EUR&amount=123",
    )
    .await;
    assert_eq!((status, body), (200, json!({ "convertedAmount": 114 })));
    let (_, yen) = get(
        &sim,
        "/services/convert/amount?source=EUR&target=JPY&amount=100",
    )
    .await;
    assert_eq!(yen["convertedAmount"], 162);
    let (status, body) = get(&sim, "/services/convert/amount?source=USD&amount=1").await;
    assert_eq!(
        (status, property_names(&body)),
        (400, vec!["target".to_owned()])
    );
    let (status, body) = get(
        &sim,
        "/services/convert/amount?source=XYZ&target=EUR&amount=1",
    )
    .await;
    assert_eq!(
        (status, property_names(&body)),
        (400, vec!["source".to_owned()])
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn iin_details_name_the_card_product_and_its_context() {
    let sim = start().await;
    let response = post(&sim, "/services/getIINdetails", r#"{"bin":"456735"}"#).await;
    assert_eq!(response.status(), 200);
    let visa = json_of(response).await;
    assert_eq!(visa["paymentProductId"], 1);
    assert!(visa.get("isAllowedInContext").is_none());
    let amex_in_yen = r#"{"bin":"37411111","paymentContext":{"countryCode":"JP","amountOfMoney":{"amount":100,"currencyCode":"JPY"}}}"#;
    let answer = json_of(post(&sim, "/services/getIINdetails", amex_in_yen).await).await;
    assert_eq!(
        (
            answer["paymentProductId"].clone(),
            answer["isAllowedInContext"].clone()
        ),
        (json!(2), json!(false))
    );
    let response = post(&sim, "/services/getIINdetails", "{}").await;
    assert_eq!(response.status(), 400);
    assert_eq!(property_names(&json_of(response).await), ["bin"]);
    let response = post(&sim, "/services/getIINdetails", r#"{"bin":"601100"}"#).await;
    assert_eq!(response.status(), 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn bank_accounts_convert_and_risk_assessments_judge() {
    let sim = start().await;
    let bban = r#"{"bankAccountBban":{"countryCode":"DE","accountNumber":"0532013000","bankCode":"37040044"}}"#;
    let answer = json_of(post(&sim, "/services/convert/bankaccount", bban).await).await;
    assert_eq!(answer["bankAccountIban"]["iban"], "DE89370400440532013000");
    assert_eq!(answer["swift"]["bic"], "COBADEFFXXX");
    let response = post(
        &sim,
        "/services/convert/bankaccount",
        r#"{"bankAccountIban":{"iban":"DE00370400440532013000"}}"#,
    )
    .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        property_names(&json_of(response).await),
        ["bankAccountIban.iban"]
    );
    // The official SDK's own integration test body.
    let sdk = r#"{"order":{"amountOfMoney":{"amount":100,"currencyCode":"EUR"},"customer":{"locale":"en_GB"}},"bankAccountBban":{"countryCode":"DE","accountNumber":"0532013000","bankCode":"37040044"}}"#;
    let answer = json_of(post(&sim, "/riskassessments/bankaccounts", sdk).await).await;
    assert_eq!(answer["results"][0]["category"], "validationbankAccount");
    assert_eq!(answer["results"][0]["result"], "accepted");
    let denver = r#"{"card":{"cardNumber":"4567350000427977","expiryDate":"1230"},"order":{"customer":{"billingAddress":{"city":"Denver"}}}}"#;
    let answer = json_of(post(&sim, "/riskassessments/cards", denver).await).await;
    assert_eq!(answer["results"][0]["result"], "denied");
    let luhn = r#"{"card":{"cardNumber":"4567350000427978"}}"#;
    let answer = json_of(post(&sim, "/riskassessments/cards", luhn).await).await;
    assert_eq!(answer["results"][0]["result"], "error");
    sim.shutdown().await;
}

#[tokio::test]
async fn the_model_refuses_wrong_kinds_and_lists_ignored_fields() {
    let sim = start().await;
    let wrong =
        r#"{"card":{"cardNumber":"4567350000427977"},"order":{"amountOfMoney":{"amount":"100"}}}"#;
    let response = post(&sim, "/riskassessments/cards", wrong).await;
    assert_eq!(response.status(), 400);
    let body = json_of(response).await;
    assert_eq!(property_names(&body), ["order.amountOfMoney.amount"]);
    assert_eq!(body["errors"][0]["code"], "1099");
    let extra = r#"{"card":{"cardNumber":"4567350000427977","colour":"red"},"extra":1}"#;
    let response = post(&sim, "/riskassessments/cards", extra).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "x-cinspect-sim-ignored"),
        Some("card.colour, extra")
    );
    let text = response.text().await.expect("read");
    assert!(
        !text.contains("colour") && !text.contains("extra"),
        "{text}"
    );
    // Create payment keeps its own checks and gets the header too.
    let payment = minimal_with(|b| b["order"]["unknownThing"] = true.into());
    let response = create_payment(&sim, &payment).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        header(&response, "x-cinspect-sim-ignored"),
        Some("order.unknownThing")
    );
    // Query parameters: an integer that is none is refused, an unknown one listed.
    let (status, body) = get(
        &sim,
        "/services/convert/amount?source=USD&target=EUR&amount=1.5",
    )
    .await;
    assert_eq!(
        (status, property_names(&body)),
        (400, vec!["amount".to_owned()])
    );
    let url = format!(
        "{}/v1/{DEMO_MERCHANT_ID}/services/convert/amount?source=USD&target=EUR&amount=1&rate=2",
        sim.base_url()
    );
    let response = client().get(url).send().await.expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "x-cinspect-sim-ignored"), Some("rate"));
    let response = post(&sim, "/riskassessments/cards", "{\"card\":").await;
    assert_eq!(response.status(), 400);
    assert_eq!(json_of(response).await["errors"][0]["id"], "INVALID_JSON");
    sim.shutdown().await;
}

/// Sends `request` on `stream` and reads one answer: its head and its body (by Content-Length).
async fn exchange(stream: &mut TcpStream, request: &str) -> (String, String) {
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(
            n > 0,
            "closed before an answer: {:?}",
            String::from_utf8_lossy(&buffer)
        );
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().expect("a length"));
    while buffer.len() < head_end + length {
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "closed mid-body");
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buffer[head_end..head_end + length]).into_owned();
    (head, body)
}

/// True when the peer closed the connection (reads end of stream).
async fn closed(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(stream.read(&mut byte).await, Ok(0) | Err(_))
}

#[tokio::test]
async fn an_answer_before_the_body_is_read_closes_and_says_so() {
    let sim = start().await;
    let mut stream = TcpStream::connect(sim.addr).await.expect("connects");
    // The head promises a body that is never sent: the 404 is decided without reading it.
    let request = "POST /nowhere HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
    let (head, text) = exchange(&mut stream, request).await;
    assert!(head.starts_with("http/1.1 404"), "{head}");
    assert_eq!(text, "Not Found");
    assert!(head.contains("connection: close"), "{head}");
    assert!(closed(&mut stream).await);
    sim.shutdown().await;

    // Refused by the signature check (401) before the body: the same.
    let signed = spawn(([127, 0, 0, 1], 0).into(), SimConfig::default())
        .await
        .expect("binds");
    let mut stream = TcpStream::connect(signed.addr).await.expect("connects");
    let request = format!(
        "POST /v1/{DEMO_MERCHANT_ID}/payments HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    );
    let (head, _) = exchange(&mut stream, &request).await;
    assert!(head.starts_with("http/1.1 401"), "{head}");
    assert!(head.contains("connection: close"), "{head}");
    assert!(closed(&mut stream).await);
    signed.shutdown().await;
}

#[tokio::test]
async fn a_read_body_keeps_the_connection_for_the_next_request() {
    let sim = start().await;
    let mut stream = TcpStream::connect(sim.addr).await.expect("connects");
    let body = r#"{"bin":"456735"}"#;
    let request = format!(
        "POST /v1/{DEMO_MERCHANT_ID}/services/getIINdetails HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (head, text) = exchange(&mut stream, &request).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(!head.contains("connection: close"), "{head}");
    assert!(
        head.contains("date: ") && head.contains("content-type: application/json"),
        "{head}"
    );
    assert!(text.contains("\"paymentProductId\":1"), "{text}");
    // The same socket answers the next request.
    let next =
        format!("GET /v1/{DEMO_MERCHANT_ID}/services/testconnection HTTP/1.1\r\nHost: sim\r\n\r\n");
    let (head, text) = exchange(&mut stream, &next).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert_eq!(text, r#"{"result":"OK"}"#);
    sim.shutdown().await;
}
