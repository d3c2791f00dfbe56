//! Every endpoint of the model answers: a walk of all of them, each with a body built from the
//! model, checks each answer against the model (status family, response or error type,
//! headers), and what the generic answer invents.

use serde_json::Value;

use super::DEMO_MERCHANT_ID;
use super::generic::instance;
use super::test_support::*;
use crate::connect::model::{Body, Endpoint, FindingKind, model};

/// A concrete path for `endpoint`: the merchant, a payment that exists, the catalogue's ids.
fn path_of(endpoint: &Endpoint, payment_id: &str) -> String {
    let mut path = String::new();
    for segment in endpoint.path.split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        path.push_str(match segment {
            "{merchantId}" => DEMO_MERCHANT_ID,
            "{paymentId}" => payment_id,
            "{paymentProductId}" => match endpoint.id.as_str() {
                "products.directory" => "809",
                "products.networks" => "320",
                _ => "1",
            },
            "{paymentProductGroupId}" => "cards",
            s if s.starts_with('{') => "000000000042",
            s => s,
        });
    }
    let query: Vec<String> = endpoint
        .query
        .iter()
        .filter_map(|q| {
            let value = match q.name.as_str() {
                "countryCode" => "NL",
                "currencyCode" => "EUR",
                "source" => "USD",
                "target" => "EUR",
                "amount" => "100",
                "locale" => "en_GB",
                _ => return None,
            };
            Some(format!("{}={value}", q.name))
        })
        .collect();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// What is wrong with one answer, as lines (none: it agrees with the model).
fn disagreements(
    endpoint: &Endpoint,
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &str,
) -> Vec<String> {
    let m = model().expect("model");
    let mut wrong = Vec::new();
    let has = |name: &str| headers.contains_key(name);
    if !has("date") || !has("server") {
        wrong.push("no Date or Server".to_owned());
    }
    if status == 201 && !has("location") {
        wrong.push("201 without Location".to_owned());
    }
    if !(200..300).contains(&status) && !(400..500).contains(&status) {
        wrong.push(format!("status {status}"));
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let type_name = if (200..300).contains(&status) {
        if endpoint.binary {
            if content_type != "application/octet-stream" {
                wrong.push(format!("a file as {content_type}"));
            }
            return wrong;
        }
        match endpoint.response.as_deref() {
            Some(t) => t,
            None => {
                if status != 204 || !body.is_empty() {
                    wrong.push(format!("no response type, yet {status} with {body:?}"));
                }
                return wrong;
            }
        }
    } else {
        endpoint.error.as_str()
    };
    if !content_type.starts_with("application/json") {
        wrong.push(format!("Content-Type {content_type:?}"));
    }
    if !serde_json::from_str::<Value>(body).is_ok_and(|v| v.is_object()) {
        wrong.push(format!("not a JSON object: {body}"));
        return wrong;
    }
    let ty = m.type_named(type_name).expect("the type");
    for f in m.findings(&Body::parse(body), ty).items {
        if f.kind != FindingKind::UndocumentedValue {
            wrong.push(format!("{} {}: {}", f.kind.name(), f.path, f.message));
        }
    }
    wrong
}

#[tokio::test]
async fn every_endpoint_of_the_model_answers_an_instance_of_its_types() {
    let m = model().expect("model");
    let sim = start().await;
    let created = json_of(create_payment(&sim, MINIMAL_PAYMENT).await).await;
    let payment_id = created["payment"]["id"].as_str().expect("an id").to_owned();
    let mut wrong = Vec::new();
    let mut generated = Vec::new();
    let mut refused = Vec::new();
    for endpoint in &m.endpoints {
        let path = path_of(endpoint, &payment_id);
        let method = reqwest::Method::from_bytes(endpoint.method.as_bytes()).expect("a method");
        let mut request = client().request(method, format!("{}{path}", sim.base_url()));
        if let Some(ty) = endpoint.body.as_deref().and_then(|t| m.type_named(t)) {
            request = request
                .header("Content-Type", "application/json")
                .body(instance(m, ty).to_string());
        }
        let response = request.send().await.expect("answered");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("read");
        for line in disagreements(endpoint, status, &headers, &body) {
            wrong.push(format!("{} {path} {status}: {line}", endpoint.id));
        }
        if headers.contains_key("x-cinspect-sim-generated") {
            generated.push(endpoint.id.clone());
        }
        if status >= 400 {
            refused.push(format!("{} {status}", endpoint.id));
        }
    }
    sim.shutdown().await;
    assert_eq!(m.endpoints.len(), 73);
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The specific routes answer themselves; everything else is generated.
    assert!(!generated.contains(&"products.find".to_owned()));
    assert!(!generated.contains(&"tokens.get".to_owned()));
    for kept in [
        "payments.find",
        "refunds.find",
        "payouts.find",
        "payments.complete",
    ] {
        assert!(!generated.contains(&kept.to_owned()), "{kept} generated");
    }
    assert!(generated.contains(&"payments.third_party_status".to_owned()));
    assert!(generated.contains(&"payments.devicefingerprint".to_owned()));
    // A body built from the model has made-up values ("sim-bin"): the services that read
    // them refuse, in the error type the walk checked. (The payment routes' refusals depend on
    // the order the walk takes the one payment through; they are checked for shape only.)
    // Kept objects (captures, refunds, payouts, tokens, disputes, hosted checkouts) are
    // unknown under the walk's made-up ids: the API's 404, whose shape the walk checked.
    let by_id = |r: &&String| {
        r.ends_with(" 404")
            && m.endpoints
                .iter()
                .find(|e| r.starts_with(&format!("{} ", e.id)))
                .is_some_and(|e| e.path_params().any(|p| p != "merchantId"))
    };
    assert!(
        refused
            .iter()
            .filter(|r| r.ends_with(" 404"))
            .all(|r| by_id(&r)),
        "{refused:#?}"
    );
    let services: Vec<&String> = refused
        .iter()
        .filter(|r| !r.starts_with("payments.") && !by_id(r))
        .collect();
    assert_eq!(
        services,
        ["services.bankaccount 400", "services.get_iin_details 400"],
        "{refused:#?}"
    );
}

#[tokio::test]
async fn generated_answers_say_so_and_kept_objects_are_not_generated() {
    let sim = start().await;
    let base = format!("{}/v1/{DEMO_MERCHANT_ID}", sim.base_url());
    // Tokens have their own routes now; a payment's device fingerprint is still generated.
    let response = client()
        .get(format!("{base}/payments/pay-7/devicefingerprint"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "x-cinspect-sim-generated"), Some("1"));
    assert_eq!(json_of(response).await["paymentId"], "pay-7");
    // A kept object's route is not generated, and an unknown id is the API's 404.
    let response = client()
        .get(format!("{base}/tokens/tok-7"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 404);
    assert_eq!(header(&response, "x-cinspect-sim-generated"), None);
    // A created object's Location, from the id in the answer.
    let response = client()
        .post(format!("{base}/tokens"))
        .header("Content-Type", "application/json")
        .body(r#"{"paymentProductId":1,"card":{"customer":{"billingAddress":{"countryCode":"NL"}},"data":{"cardWithoutCvv":{"cardNumber":"4567350000427977","expiryDate":"1230"}}}}"#)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 201);
    let location = header(&response, "location")
        .expect("a Location")
        .to_owned();
    let token = json_of(response).await["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    assert!(
        location.ends_with(&format!("/v1/{DEMO_MERCHANT_ID}/tokens/{token}")),
        "{location}"
    );
    // A path the model does not know keeps the API's plain-text 404.
    let response = client()
        .get(format!("{base}/nothing"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 404);
    assert_eq!(
        header(&response, "content-type"),
        Some("text/plain; charset=utf-8")
    );
    // A wrong kind in a generated endpoint's body is refused like any other.
    let response = client()
        .post(format!("{base}/tokens"))
        .header("Content-Type", "application/json")
        .body(r#"{"paymentProductId":"one"}"#)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 400);
    assert_eq!(
        property_names(&json_of(response).await),
        ["paymentProductId"]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn the_editors_templates_without_an_id_are_answered_2xx() {
    let sim = start().await;
    let mut answered = Vec::new();
    for template in crate::connect::templates::all() {
        let path = template.path.replace("{merchantId}", DEMO_MERCHANT_ID);
        if path.contains('{') {
            continue;
        }
        let method = reqwest::Method::from_bytes(template.method.as_bytes()).expect("a method");
        let mut request = client().request(method, format!("{}{path}", sim.base_url()));
        if !template.body.is_empty() {
            request = request
                .header("Content-Type", "application/json")
                .body(template.body.clone());
        }
        let response = request.send().await.expect("answered");
        answered.push((template.name, response.status().as_u16()));
    }
    sim.shutdown().await;
    let names: Vec<&str> = answered.iter().map(|(n, _)| *n).collect();
    for expected in [
        "get-products",
        "convert-amount",
        "create-token",
        "create-hosted-checkout",
    ] {
        assert!(names.contains(&expected), "{answered:?}");
    }
    assert!(
        answered.iter().all(|(_, s)| (200..300).contains(s)),
        "{answered:?}"
    );
}
