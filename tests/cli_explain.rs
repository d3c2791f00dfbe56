//! `cinspect explain` and `cinspect lint`: exact output, exit statuses, stdin, and
//! `run --lint` placing findings in the .http file.

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use serde_json::Value;

fn cinspect_with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let config = tempfile::tempdir().expect("temp config dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cinspect runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("cinspect ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cinspect(args: &[&str]) -> (i32, String, String) {
    cinspect_with_stdin(args, "")
}

#[test]
fn explain_an_endpoint_path_lists_the_fields_there() {
    let (code, out, _) = cinspect(&["explain", "payments.create", "order.amountOfMoney"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "payments.create · Create payment\n\
         POST /v1/{merchantId}/payments\n\
         path parameters: merchantId\n\
         body CreatePaymentRequest · response CreatePaymentResponse · error PaymentErrorResponse\n\
         model: connect-sdk-python3 6.3.0\n\
         \n\
         order.amountOfMoney · AmountOfMoney · field of Order · 2 fields\n\
         \x20 amount        integer\n\
         \x20 currencyCode  string\n"
    );
}

#[test]
fn explain_shows_deprecations_and_documented_values() {
    let (code, out, _) = cinspect(&[
        "explain",
        "create-payment",
        "cardPaymentMethodSpecificInput.recurring",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with(
            "cardPaymentMethodSpecificInput.recurring · CardRecurrenceDetails · field of AbstractCardPaymentMethodSpecificInput · 3 fields\n\
             \x20 endDate                            string\n\
             \x20 minFrequency                       integer\n\
             \x20 recurringPaymentSequenceIndicator  string  values: first, recurring, last\n"
        ),
        "{out}"
    );
    let (_, out, _) = cinspect(&[
        "explain",
        "payments.create",
        "cardPaymentMethodSpecificInput",
    ]);
    assert!(
        out.contains("  skipAuthentication                      boolean  deprecated → use threeDSecure.skipAuthentication\n"),
        "{out}"
    );
}

#[test]
fn explain_a_type_and_a_leaf() {
    let (code, out, _) = cinspect(&["explain", "Customer", "accountType"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Customer (extends CustomerBase)\n\
         model: connect-sdk-python3 6.3.0\n\
         \n\
         accountType · string  values: none, created, existing · field of Customer\n"
    );
}

#[test]
fn explain_json_and_list() {
    let (code, out, _) = cinspect(&["explain", "POST /v1/x/payments", "order", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["model"], "connect-sdk-python3 6.3.0");
    assert_eq!(v["endpoint"]["id"], "payments.create");
    assert_eq!(v["type"]["name"], "Order");
    let items = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "items")
        .unwrap();
    assert_eq!(
        (items["list"].as_bool(), items["use"].as_str()),
        (Some(true), Some("shoppingCart.items"))
    );

    let (code, out, _) = cinspect(&["explain", "--list"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 74);
    assert_eq!(lines[73], "model: connect-sdk-python3 6.3.0 · 73 endpoints");
    assert!(lines.iter().any(|l| l.starts_with("disputes.upload_file ")
        && l.contains("POST   /files/v1/{merchantId}/disputes/{disputeId}")));
    let (_, out, _) = cinspect(&["explain", "--list", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["endpoints"].as_array().map(Vec::len), Some(73));
}

#[test]
fn explain_unknown_names_and_paths() {
    let (code, out, err) = cinspect(&["explain", "payments.creat"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("(did you mean payments.create?)"), "{err}");
    let (code, _, err) = cinspect(&["explain", "payments.create", "order.custmer"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "cinspect: order.custmer: Order has no field custmer (did you mean customer?): not in model (connect-sdk-python3 6.3.0)\n"
    );
    let (code, _, _) = cinspect(&["explain"]);
    assert_eq!(code, 2);
}

const TYPOS: &str = "{\n  \"order\": {\n    \"amountOfMoney\": {\"amount\": \"100\", \"currencyCode\": \"EUR\"},\n    \"customer\": {\"billingAddress\": {\"countrycode\": \"NL\"}}\n  }\n}\n";

#[test]
fn lint_prints_quickfix_lines_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body.json");
    std::fs::write(&file, TYPOS).unwrap();
    let name = file.display().to_string();
    let (code, out, err) = cinspect(&["lint", &name, "--endpoint", "payments.create"]);
    assert_eq!((code, err.as_str()), (1, ""));
    assert_eq!(
        out,
        format!(
            "{name}:3:33: wrong kind for amount: a string where the model has an integer\n\
             {name}:4:37: unknown field countrycode (did you mean countryCode?): not in model (connect-sdk-python3 6.3.0)\n"
        )
    );
    // The same by method and concrete path (an id, a query string); stdin is `-`.
    let (code, out, _) = cinspect_with_stdin(
        &[
            "lint",
            "--method",
            "POST",
            "--path",
            "/v1/1234/payments?x=1",
        ],
        TYPOS,
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("-:3:33: wrong kind"), "{out}");
}

#[test]
fn lint_json_carries_the_suggestion() {
    let (code, out, _) = cinspect_with_stdin(
        &[
            "lint",
            "-",
            "--endpoint",
            "payments.createPayment",
            "--json",
        ],
        TYPOS,
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["endpoint"], "payments.create");
    let f = &v["findings"][1];
    assert_eq!(
        (
            f["kind"].as_str(),
            f["path"].as_str(),
            f["line"].as_u64(),
            f["column"].as_u64(),
            f["suggestion"].as_str(),
            f["type"].as_str()
        ),
        (
            Some("unknown-field"),
            Some("order.customer.billingAddress.countrycode"),
            Some(4),
            Some(37),
            Some("countryCode"),
            Some("Address")
        )
    );
}

#[test]
fn lint_clean_bodies_exit_0() {
    let body = r#"{"order": {"amountOfMoney": {"amount": 100, "currencyCode": "EUR"}}}"#;
    let (code, out, err) = cinspect_with_stdin(&["lint", "--endpoint", "payments.create"], body);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    // An endpoint without a body and an empty file: nothing to say.
    let (code, _, _) = cinspect_with_stdin(&["lint", "--endpoint", "payments.get"], "");
    assert_eq!(code, 0);
}

#[test]
fn lint_bad_usage_exits_2() {
    let (code, _, err) = cinspect_with_stdin(&["lint", "--endpoint", "payments.nothing"], "{}");
    assert_eq!(code, 2);
    assert!(err.contains("is no endpoint of the model"), "{err}");
    let (code, _, err) =
        cinspect_with_stdin(&["lint", "--endpoint", "payments.create"], "{\"a\": 1,}");
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "cinspect: -:1:9: not JSON: expected a key in double quotes\n"
        )
    );
    let (code, _, err) = cinspect_with_stdin(
        &["lint", "--method", "GET", "--path", "/v1/1/nothing"],
        "{}",
    );
    assert_eq!(code, 2);
    assert!(err.contains("no endpoint of the model"), "{err}");
    let (code, _, err) = cinspect_with_stdin(
        &["lint", "--method", "PATCH", "--path", "/v1/1/payments"],
        "{}",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("that path takes POST, GET, not PATCH"),
        "{err}"
    );
    let (code, _, _) = cinspect_with_stdin(&["lint"], "{}");
    assert_eq!(code, 2);
    let (code, _, err) = cinspect_with_stdin(&["lint", "--endpoint", "payments.get"], "{}");
    assert_eq!(code, 2);
    assert!(err.contains("payments.get takes no body"), "{err}");
}

#[test]
fn lint_survives_hostile_nesting() {
    let depth = 100_000;
    let body = format!("{{\"order\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let (code, out, _) = cinspect_with_stdin(&["lint", "--endpoint", "payments.create"], &body);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "-:1:11: wrong kind for order: an array where the model has an object (Order)\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn run_lint_places_findings_in_the_http_file_and_still_sends() {
    use connect_inspector::sim::{self, SimConfig};
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("flow.http");
    std::fs::write(
        &path,
        "GET /v1/{merchantId}/services/testconnection\n###\nPOST /v1/{merchantId}/payments\nContent-Type: application/json\n\n{\"order\": {\"amountOfMony\": {}}}\n",
    )
    .expect("written");
    let args = vec![
        "run".to_owned(),
        path.display().to_string(),
        "--base-url".to_owned(),
        running.base_url(),
        "--lint".to_owned(),
        "--keep-going".to_owned(),
    ];
    let config = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("CINSPECT_CONFIG_DIR", &config)
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .expect("cinspect runs")
    })
    .await
    .expect("joined");
    running.shutdown().await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = format!(
        "{}:6:12: unknown field amountOfMony (did you mean amountOfMoney?): not in model (connect-sdk-python3 6.3.0)",
        path.display()
    );
    assert!(stderr.contains(&line), "{stderr}");
    // Sent all the same: the simulator answered it.
    assert!(
        stdout.contains("POST /v1/{merchantId}/payments"),
        "{stdout}"
    );
    assert!(stdout.contains("400") || stdout.contains("201"), "{stdout}");
}
