//! The simulator's webhook events (`cinspect sim --webhooks-url`): signed so that
//! `cinspect webhooks listen` verifies them, retried on failure, and never in the way of the
//! API's answers.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use connect_inspector::config::Secret;
use connect_inspector::sim::{self, RunningSim, SimConfig, WebhookDelivery, WebhookTarget};
use serde_json::Value;

const PAYMENT: &str = r#"{"cardPaymentMethodSpecificInput":{"card":{"cvv":"123","cardNumber":"4567350000427977","expiryDate":"1230"},"paymentProductId":1},"order":{"amountOfMoney":{"amount":2345,"currencyCode":"CAD"},"customer":{"billingAddress":{"countryCode":"CA"}}}}"#;

/// Longest a test waits for an event before it fails instead of hanging.
const WAIT: Duration = Duration::from_secs(20);

/// `cinspect webhooks listen --json` on a free port with key k1, killed when dropped.
struct Listener {
    child: Child,
    lines: Receiver<String>,
    url: String,
    _config: tempfile::TempDir,
}

impl Listener {
    fn start() -> Self {
        let config = tempfile::tempdir().expect("config dir");
        std::fs::write(
            config.path().join("config.toml"),
            "[webhooks.keys.k1]\nsecret_env = \"HOOK_SECRET\"\n",
        )
        .expect("config");
        let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("CINSPECT_CONFIG_DIR", config.path())
            .env("HOOK_SECRET", "s3cret-hook")
            .args(["webhooks", "listen", "--port", "0", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("listen runs");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = std::sync::mpsc::channel();
        // A thread reads, so that a missing event times out instead of blocking the test.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let first = lines.recv_timeout(WAIT).expect("a first line");
        let url = first
            .strip_prefix("listening on ")
            .expect("address")
            .to_string();
        Self {
            child,
            lines,
            url,
            _config: config,
        }
    }

    fn next_event(&self) -> Value {
        let line = self.lines.recv_timeout(WAIT).expect("an event in time");
        serde_json::from_str(&line).expect("JSON")
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn sim_sending_to(url: &str, delivery: WebhookDelivery) -> RunningSim {
    let config = SimConfig {
        // Signing the API requests is tested elsewhere; this is about the events.
        check_signatures: false,
        webhooks: Some(WebhookTarget {
            url: url.to_owned(),
            key_id: "k1".to_owned(),
            secret: Secret::new("s3cret-hook"),
        }),
        webhook_delivery: delivery,
        ..SimConfig::default()
    };
    sim::spawn(([127, 0, 0, 1], 0).into(), config)
        .await
        .expect("simulator binds")
}

fn quick_retries() -> WebhookDelivery {
    WebhookDelivery {
        retry_delays: vec![Duration::from_millis(20); 3],
        attempt_timeout: Duration::from_secs(2),
        queue: 16,
        ..WebhookDelivery::default()
    }
}

/// POSTs `body` to `path` under the merchant; the status and the JSON answer.
async fn post(sim: &RunningSim, path: &str, body: &str) -> (u16, Value) {
    let url = format!("{}/v1/{}/{path}", sim.base_url(), sim::DEMO_MERCHANT_ID);
    let answer = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("answered");
    let status = answer.status().as_u16();
    let text = answer.text().await.expect("body read");
    if text.is_empty() {
        // A 204 of an action.
        return (status, Value::Null);
    }
    (status, serde_json::from_str(&text).expect("JSON answer"))
}

#[tokio::test(flavor = "multi_thread")]
async fn create_capture_refund_events_verify_at_listen() {
    let listener = Listener::start();
    let sim = sim_sending_to(&format!("{}/hooks", listener.url), quick_retries()).await;
    let (status, created) = post(&sim, "payments", PAYMENT).await;
    assert_eq!(status, 201, "{created}");
    let id = created["payment"]["id"]
        .as_str()
        .expect("payment id")
        .to_owned();
    let (status, _) = post(&sim, &format!("payments/{id}/capture"), "{}").await;
    assert_eq!(status, 200);
    let (status, _) = post(&sim, &format!("payments/{id}/refund"), "{}").await;
    assert_eq!(status, 201);

    let expected = [
        ("payment.created", "PENDING_APPROVAL"),
        ("payment.capture_requested", "CAPTURE_REQUESTED"),
        ("payment.refunded", "CAPTURE_REQUESTED"),
    ];
    for (kind, payment_status) in expected {
        let event = tokio::task::block_in_place(|| listener.next_event());
        assert_eq!(event["signature"]["verdict"], "valid", "{event}");
        assert_eq!(event["event_type"], kind, "{event}");
        assert_eq!(event["body"]["payment"]["id"], id.as_str(), "{event}");
        assert_eq!(event["body"]["payment"]["status"], payment_status);
        assert_eq!(event["body"]["merchantId"], sim::DEMO_MERCHANT_ID);
        assert!(!event.to_string().contains("s3cret-hook"));
    }
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declined_card_sends_payment_rejected() {
    let listener = Listener::start();
    let sim = sim_sending_to(&listener.url, quick_retries()).await;
    let declined = PAYMENT.replace("4567350000427977", "5424180279791732");
    let (status, _) = post(&sim, "payments", &declined).await;
    assert_eq!(status, 402);
    let event = tokio::task::block_in_place(|| listener.next_event());
    assert_eq!(event["signature"]["verdict"], "valid", "{event}");
    assert_eq!(event["event_type"], "payment.rejected");
    assert_eq!(event["body"]["payment"]["status"], "REJECTED");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_credited_payout_sends_payout_account_credited() {
    let listener = Listener::start();
    let sim = sim_sending_to(&listener.url, quick_retries()).await;
    let body = r#"{"payoutDetails":{"amountOfMoney":{"amount":700,"currencyCode":"EUR"}}}"#;
    let (status, created) = post(&sim, "payouts", body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("payout id").to_owned();
    let (status, _) = post(&sim, &format!("payouts/{id}/approve"), "{}").await;
    assert_eq!(status, 200);
    let bank = format!(
        "{}/sim/payout/{}/{id}",
        sim.base_url(),
        sim::DEMO_MERCHANT_ID
    );
    let answer = reqwest::Client::new()
        .post(bank)
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status().as_u16(), 200);
    let expected = [
        ("payout.created", "PENDING_APPROVAL"),
        ("payout.payout_requested", "PAYOUT_REQUESTED"),
        ("payout.account_credited", "ACCOUNT_CREDITED"),
    ];
    for (kind, payout_status) in expected {
        let event = tokio::task::block_in_place(|| listener.next_event());
        assert_eq!(event["signature"]["verdict"], "valid", "{event}");
        assert_eq!(event["event_type"], kind, "{event}");
        assert_eq!(event["body"]["payout"]["id"], id.as_str(), "{event}");
        assert_eq!(event["body"]["payout"]["status"], payout_status);
    }
    sim.shutdown().await;
}

/// A target answering 500 to its first `failures` events, then 200; it counts the POSTs.
async fn flaky_target(failures: u32) -> (String, Arc<AtomicU32>) {
    use axum::http::StatusCode;
    let count = Arc::new(AtomicU32::new(0));
    let seen = count.clone();
    let app = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move || {
            let n = seen.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                if n <= failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hooks", socket.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(socket, app).await;
    });
    (url, count)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_500_is_retried_until_a_200() {
    let (url, count) = flaky_target(2).await;
    let sim = sim_sending_to(&url, quick_retries()).await;
    let (status, _) = post(&sim, "payments", PAYMENT).await;
    assert_eq!(status, 201);
    let start = Instant::now();
    while count.load(Ordering::SeqCst) < 3 && start.elapsed() < WAIT {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Long enough for a wrong fourth attempt to arrive.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(count.load(Ordering::SeqCst), 3, "two 500s, then the 200");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_target_that_never_answers_does_not_slow_the_api() {
    // Connections are queued by the kernel but never accepted: every attempt waits in vain.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hooks", silent.local_addr().expect("address"));
    let delivery = WebhookDelivery {
        retry_delays: vec![Duration::from_secs(2); 3],
        attempt_timeout: Duration::from_secs(10),
        queue: 2,
        ..WebhookDelivery::default()
    };
    let sim = sim_sending_to(&url, delivery).await;
    for _ in 0..5 {
        let start = Instant::now();
        let (status, created) = post(&sim, "payments", PAYMENT).await;
        assert_eq!(status, 201);
        let id = created["payment"]["id"].as_str().expect("id").to_owned();
        let (status, _) = post(&sim, &format!("payments/{id}/cancel"), "{}").await;
        assert_eq!(status, 200);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "the API waited for the webhook target: {:?}",
            start.elapsed()
        );
    }
    drop(silent);
    sim.shutdown().await;
}

#[test]
fn a_missing_webhook_secret_variable_exits_2_and_is_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .args([
            "sim",
            "--port",
            "0",
            "--webhooks-url",
            "http://127.0.0.1:9/",
        ])
        .args(["--webhooks-key-id", "k1"])
        .args(["--webhooks-secret-env", "CINSPECT_HOOK_SURELY_UNSET"])
        .env_remove("CINSPECT_HOOK_SURELY_UNSET")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CINSPECT_HOOK_SURELY_UNSET"), "{stderr}");
}

/// `cinspect sim` itself, options and secret variable as a user gives them.
#[tokio::test(flavor = "multi_thread")]
async fn cinspect_sim_sends_events_that_listen_verifies() {
    use std::io::Read;
    let listener = Listener::start();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .args(["sim", "--port", "0", "--no-auth"])
        .args(["--webhooks-url", &listener.url, "--webhooks-key-id", "k1"])
        .args(["--webhooks-secret-env", "HOOK_SECRET"])
        .env("HOOK_SECRET", "s3cret-hook")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sim runs");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("first line");
    let base = first.trim().strip_prefix("listening on ").expect("address");
    let answer = reqwest::Client::new()
        .post(format!("{base}/v1/{}/payments", sim::DEMO_MERCHANT_ID))
        .header("Content-Type", "application/json")
        .body(PAYMENT)
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status().as_u16(), 201);
    let event = tokio::task::block_in_place(|| listener.next_event());
    assert_eq!(event["signature"]["verdict"], "valid", "{event}");
    assert_eq!(event["event_type"], "payment.created");
    let _ = child.kill();
    let mut printed = String::new();
    let _ = stdout.read_to_string(&mut printed);
    let _ = child
        .stderr
        .take()
        .map(|mut e| e.read_to_string(&mut printed));
    let _ = child.wait();
    assert!(
        printed.contains("webhooks: simulated events to"),
        "{printed}"
    );
    assert!(!printed.contains("s3cret-hook"), "the secret was printed");
}

/// GETs `path` under the merchant; the JSON answer.
async fn get(sim: &RunningSim, path: &str) -> Value {
    let url = format!("{}/v1/{}/{path}", sim.base_url(), sim::DEMO_MERCHANT_ID);
    let answer = reqwest::Client::new()
        .get(url)
        .send()
        .await
        .expect("answered");
    serde_json::from_str(&answer.text().await.expect("body read")).expect("JSON answer")
}

#[tokio::test(flavor = "multi_thread")]
async fn refunds_payouts_and_tokens_send_their_own_signed_events() {
    let listener = Listener::start();
    let sim = sim_sending_to(&listener.url, quick_retries()).await;
    let mut expected: Vec<(&str, String)> = Vec::new();

    // A refund of a capture.
    let (_, created) = post(&sim, "payments", PAYMENT).await;
    let payment_id = created["payment"]["id"].as_str().expect("id").to_owned();
    post(&sim, &format!("payments/{payment_id}/capture"), "{}").await;
    let captures = get(&sim, &format!("payments/{payment_id}/captures")).await;
    let capture_id = captures["captures"][0]["id"].as_str().expect("capture");
    let (status, refund) = post(&sim, &format!("captures/{capture_id}/refund"), "{}").await;
    assert_eq!(status, 201, "{refund}");
    let refund_id = refund["id"].as_str().expect("refund id").to_owned();
    expected.push(("refund.refund_requested", refund_id.clone()));
    let (status, _) = post(&sim, &format!("refunds/{refund_id}/cancel"), "").await;
    assert_eq!(status, 204);
    expected.push(("refund.cancelled", refund_id));

    // Payouts: created, requested, cancelled; the magic amount rejected.
    let payout = |amount: i64| {
        format!(
            r#"{{"payoutDetails":{{"amountOfMoney":{{"amount":{amount},"currencyCode":"EUR"}}}},"bankTransferPayoutMethodSpecificInput":{{"bankAccountIban":{{"iban":"NL91ABNA0417164300"}}}}}}"#
        )
    };
    let (status, created) = post(&sim, "payouts", &payout(2500)).await;
    assert_eq!(status, 201, "{created}");
    let payout_id = created["id"].as_str().expect("payout id").to_owned();
    expected.push(("payout.created", payout_id.clone()));
    post(&sim, &format!("payouts/{payout_id}/approve"), "{}").await;
    expected.push(("payout.payout_requested", payout_id.clone()));
    let (status, _) = post(&sim, &format!("payouts/{payout_id}/cancel"), "").await;
    assert_eq!(status, 204);
    expected.push(("payout.cancelled", payout_id));
    let (status, rejected) = post(&sim, "payouts", &payout(6666)).await;
    assert_eq!(status, 402);
    let rejected_id = rejected["payoutResult"]["id"].as_str().expect("id");
    expected.push(("payout.rejected", rejected_id.to_owned()));

    // A token created and deleted.
    let token = r#"{"paymentProductId":1,"card":{"customer":{"billingAddress":{"countryCode":"NL"}},"data":{"cardWithoutCvv":{"cardNumber":"4567350000427977","expiryDate":"1230"}}}}"#;
    let (status, created) = post(&sim, "tokens", token).await;
    assert_eq!(status, 201, "{created}");
    let token_id = created["token"].as_str().expect("token").to_owned();
    let url = format!(
        "{}/v1/{}/tokens/{token_id}",
        sim.base_url(),
        sim::DEMO_MERCHANT_ID
    );
    let deleted = reqwest::Client::new().delete(url).send().await;
    assert_eq!(deleted.expect("answered").status().as_u16(), 204);
    expected.push(("token.created", token_id.clone()));
    expected.push(("token.deleted", token_id));

    // The payment's own events come in between; every event is signed.
    let mut seen = Vec::new();
    while seen.len() < expected.len() {
        let event = tokio::task::block_in_place(|| listener.next_event());
        assert_eq!(event["signature"]["verdict"], "valid", "{event}");
        let kind = event["event_type"].as_str().expect("type").to_owned();
        if kind.starts_with("payment.") {
            continue;
        }
        let object = kind.split('.').next().expect("object");
        let id = event["body"][object]["id"].as_str().expect("object id");
        assert!(!event.to_string().contains("4567350000427977"), "{event}");
        seen.push((kind.clone(), id.to_owned()));
    }
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(k, id)| (k.to_owned(), id))
        .collect();
    assert_eq!(seen, expected);
    sim.shutdown().await;
}
