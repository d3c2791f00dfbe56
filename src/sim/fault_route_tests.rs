//! The `/sim/` fault routes over HTTP, against a running simulator.

use std::time::{Duration, Instant};

use super::test_support::*;

async fn get(sim: &super::RunningSim, path: &str) -> reqwest::Response {
    client()
        .get(format!("{}{path}", sim.base_url()))
        .send()
        .await
        .expect("answered")
}

#[tokio::test]
async fn html_502_is_a_proxy_page() {
    let sim = start().await;
    let response = get(&sim, "/sim/html-502").await;
    assert_eq!(response.status(), 502);
    assert!(header(&response, "content-type").is_some_and(|c| c.starts_with("text/html")));
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("<h1>502 Bad Gateway</h1>")
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn empty_500_has_no_body_and_no_content_type() {
    let sim = start().await;
    let response = get(&sim, "/sim/empty-500").await;
    assert_eq!(response.status(), 500);
    assert!(header(&response, "content-type").is_none());
    assert!(response.bytes().await.expect("body").is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn unavailable_is_503_with_retry_after_and_an_error_body() {
    let sim = start().await;
    let response = get(&sim, "/sim/unavailable").await;
    assert_eq!(response.status(), 503);
    assert_eq!(header(&response, "retry-after"), Some("120"));
    let body = json_of(response).await;
    assert!(body["errorId"].is_string());
    assert_eq!(body["errors"][0]["httpStatusCode"], 503);
    sim.shutdown().await;
}

#[tokio::test]
async fn slow_answers_after_the_asked_delay() {
    let sim = start().await;
    let started = Instant::now();
    let response = get(&sim, "/sim/slow?ms=300").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), 200);
    assert_eq!(json_of(response).await["delayMs"], 300);
    let refused = get(&sim, "/sim/slow?ms=soon").await;
    assert_eq!(refused.status(), 400);
    assert_eq!(json_of(refused).await["errors"][0]["propertyName"], "ms");
    sim.shutdown().await;
}

#[tokio::test]
async fn truncated_body_fails_while_reading() {
    let sim = start().await;
    let mut response = get(&sim, "/sim/truncated").await;
    assert_eq!(response.status(), 200, "the head arrives intact");
    let mut received = Vec::new();
    let failure = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => panic!("the body must not end cleanly"),
            Err(e) => break e,
        }
    };
    assert!(failure.is_body() || failure.is_decode(), "{failure:?}");
    assert!(
        received.starts_with(b"{\"payments\":["),
        "part of the JSON arrives first"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn status_route_answers_any_status_with_an_error_body() {
    let sim = start().await;
    for code in [299u16, 400, 418, 451, 503, 599] {
        let response = get(&sim, &format!("/sim/status/{code}")).await;
        assert_eq!(response.status().as_u16(), code);
        let body = json_of(response).await;
        assert!(body["errorId"].is_string(), "{code}");
        assert_eq!(body["errors"].as_array().map(Vec::len), Some(1));
        assert_eq!(body["errors"][0]["code"], "9999");
        assert_eq!(body["errors"][0]["httpStatusCode"], code);
    }
    let no_content = get(&sim, "/sim/status/204").await;
    assert_eq!(no_content.status(), 204);
    for bad in ["100", "600", "abc"] {
        let refused = get(&sim, &format!("/sim/status/{bad}")).await;
        assert_eq!(refused.status(), 400, "{bad}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn large_is_valid_json_of_at_least_the_asked_size() {
    let sim = start().await;
    let response = get(&sim, "/sim/large?mb=3").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").is_some_and(|c| c.starts_with("application/json")));
    let announced: usize = header(&response, "content-length")
        .expect("length announced")
        .parse()
        .expect("number");
    let bytes = response.bytes().await.expect("body");
    assert_eq!(bytes.len(), announced);
    assert!(bytes.len() >= 3 * 1024 * 1024);
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
    let payments = body["payments"].as_array().expect("payments array");
    assert_eq!(body["totalCount"], payments.len());
    let refused = get(&sim, "/sim/large?mb=100000").await;
    assert_eq!(refused.status(), 400);
    sim.shutdown().await;
}

#[tokio::test]
async fn text_404_is_plain_text() {
    let sim = start().await;
    let response = get(&sim, "/sim/text-404").await;
    assert_eq!(response.status(), 404);
    assert!(header(&response, "content-type").is_some_and(|c| c.starts_with("text/plain")));
    assert_eq!(response.text().await.expect("body"), "Not Found");
    sim.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let sim = start().await;
    let url = sim.base_url();
    sim.shutdown().await;
    assert!(client().get(url).send().await.is_err());
}
