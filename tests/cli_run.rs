//! `cinspect run FILE.http` against the simulator: ids carried from a create
//! to the requests after it (create → capture → refund), `# @expect`, and
//! every exit status.

use std::net::SocketAddr;
use std::process::{Command, Stdio};

use connect_inspector::sim::{self, SimConfig};
use serde_json::Value;

fn payment(card: &str, amount: u32) -> String {
    format!(
        r#"{{"cardPaymentMethodSpecificInput":{{"card":{{"cvv":"123","cardNumber":"{card}","expiryDate":"1230"}},"paymentProductId":1}},"order":{{"amountOfMoney":{{"amount":{amount},"currencyCode":"EUR"}},"customer":{{"billingAddress":{{"countryCode":"NL"}}}}}}}}"#
    )
}

/// Runs `cinspect run` on `file` against a fresh simulator (or `base` when given).
async fn run(file: &str, extra: &[&str], base: Option<&str>) -> (i32, String, String) {
    let (code, out, err, _) = run_keeping(file, extra, base).await;
    (code, out, err)
}

/// `run`, and the config directory it used (its history).
async fn run_keeping(
    file: &str,
    extra: &[&str],
    base: Option<&str>,
) -> (i32, String, String, tempfile::TempDir) {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let base = base.map_or_else(|| running.base_url(), str::to_owned);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("flow.http");
    std::fs::write(&path, file).expect("written");
    let mut args: Vec<String> = vec!["run".into(), path.display().to_string()];
    args.extend(["--base-url".into(), base]);
    args.extend(extra.iter().map(|s| s.to_string()));
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
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stdout.contains(sim::DEMO_SECRET) && !stderr.contains(sim::DEMO_SECRET),
        "the secret leaked"
    );
    (out.status.code().unwrap_or(-1), stdout, stderr, dir)
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[tokio::test]
async fn create_then_capture_then_refund_carry_the_ids() {
    let file = format!(
        "@card = 4567350000427977\n\
         ### create\n# @name create\nPOST /v1/{{merchantId}}/payments\nContent-Type: application/json\n\n{}\n\n\
         ###\r\nPOST /v1/{{merchantId}}/payments/{{paymentId}}/capture\r\nContent-Type: application/json\r\n\r\n{{}}\r\n\r\n\
         ###\n# @name refund\nPOST /v1/{{merchantId}}/payments/{{{{paymentId}}}}/refund\n\n{{\"amountOfMoney\": {{\"amount\": 100, \"currencyCode\": \"EUR\"}}}}\n\n\
         ### again\n# the refund's and the capture's ids are carried too\nGET {{{{baseUrl}}}}/v1/{{{{merchantId}}}}/payments/{{{{create.response.body.$.payment.id}}}}?r={{refundId}}&c={{{{captureId}}}}\n",
        payment("{{card}}", 2980)
    );
    let (code, out, err) = run(&file, &["--json"], None).await;
    assert_eq!(code, 0, "{out}\n{err}");
    let xs = lines(&out);
    assert_eq!(xs.len(), 4, "{out}");
    assert_eq!(xs[0]["status"], 201);
    assert_eq!(xs[0]["name"], "create");
    assert_eq!(xs[0]["line"], 4);
    let id = xs[0]["body"]["payment"]["id"].as_str().expect("payment id");
    assert_eq!(xs[1]["status"], 200, "{}", xs[1]);
    assert_eq!(xs[1]["body"]["id"], id);
    assert_eq!(xs[1]["body"]["status"], "CAPTURE_REQUESTED");
    assert_eq!(xs[2]["status"], 201, "{}", xs[2]);
    assert_eq!(xs[2]["name"], "refund");
    assert_eq!(
        xs[2]["body"]["refundOutput"]["amountOfMoney"]["amount"],
        100
    );
    assert!(
        xs[2]["body"]["id"]
            .as_str()
            .is_some_and(|r| r.starts_with(id))
    );
    assert_eq!(xs[3]["name"], "again");
    assert_eq!(xs[3]["body"]["id"], id);
    assert_eq!(xs[3]["body"]["status"], "CAPTURE_REQUESTED");
}

#[tokio::test]
async fn each_exchange_is_recorded_like_send_records_it() {
    let (code, out, _, dir) = run_keeping(
        "GET /v1/{merchantId}/services/testconnection\n###\nGET /sim/status/404\n",
        &["--keep-going"],
        None,
    )
    .await;
    assert_eq!(code, 4, "{out}");
    let listed = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", dir.path())
        .args(["history", "list"])
        .stdin(Stdio::null())
        .output()
        .expect("cinspect runs");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(
        listed.contains("/sim/status/404") && listed.contains("testconnection"),
        "{listed}"
    );
}

#[tokio::test]
async fn an_expected_decline_passes_and_prints_a_header_line() {
    let file = format!(
        "# @name declined\n# @expect 402\nPOST /v1/{{merchantId}}/payments\n\n{}\n",
        payment("5424180279791732", 2997)
    );
    let (code, out, err) = run(&file, &[], None).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.starts_with("declined ("), "{out}");
    assert!(
        out.lines().next().unwrap_or("").ends_with("flow.http:3)"),
        "{out}"
    );
    assert!(out.contains("402 Payment Rejected"), "{out}");
}

#[tokio::test]
async fn a_name_from_the_file_reaches_the_terminal_escaped() {
    let (code, out, _) = run(
        "# @name evil\u{1b}]0;pwned\u{7}\nGET /v1/{merchantId}/services/testconnection\n",
        &[],
        None,
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.starts_with("evil"), "{out}");
}

#[tokio::test]
async fn a_failure_stops_the_run_unless_keep_going() {
    let file = format!(
        "POST /v1/{{merchantId}}/payments\n\n{}\n###\nGET /sim/empty-500\n###\nGET /v1/{{merchantId}}/services/testconnection\n",
        payment("5424180279791732", 2997)
    );
    let (code, out, _) = run(&file, &["--json"], None).await;
    assert_eq!(code, 4, "{out}");
    assert_eq!(lines(&out).len(), 1, "stopped after the 402: {out}");
    let (_, out, _) = run(&file, &[], None).await;
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("0 passed, 1 failed, ")
            && last.ends_with(" (2 not run: stopped at the first failure; --keep-going goes on)"),
        "{out}"
    );
    let (code, out, _) = run(&file, &["--json", "--keep-going"], None).await;
    assert_eq!(code, 4, "the first failure's class: {out}");
    let xs = lines(&out);
    assert_eq!(xs.len(), 3, "{out}");
    assert_eq!(xs[1]["passed"], false);
    assert_eq!(xs[2]["status"], 200);
}

#[tokio::test]
async fn five_for_a_5xx_or_an_unexpected_2xx_three_for_no_response() {
    let (code, out, _) = run("GET /sim/empty-500\n", &[], None).await;
    assert_eq!(code, 5, "{out}");
    let (code, out, _) = run(
        "# @expect 404\nGET /v1/{merchantId}/services/testconnection\n",
        &[],
        None,
    )
    .await;
    assert_eq!(code, 5, "{out}");
    assert!(out.contains("FAILED: expected 404, got 200"), "{out}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let (code, out, _) = run(
        "GET /v1/{merchantId}/services/testconnection\n",
        &[],
        Some(&base),
    )
    .await;
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("no response"), "{out}");
    // Not sent: a placeholder no earlier create filled.
    let (code, out, _) = run("GET /v1/{merchantId}/payments/{paymentId}\n", &[], None).await;
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("{paymentId}"), "{out}");
}

#[tokio::test]
async fn two_for_an_unreadable_file_a_broken_block_or_an_unresolved_variable() {
    let (code, _, err) = run("GET /x\n", &[], None).await;
    assert_ne!(code, 2, "{err}");
    let (code, out, err) = run(
        "GET /v1/{merchantId}/services/testconnection\n###\nGET /{{nope}}/{{create.response.body.$.id}}\n",
        &[],
        None,
    )
    .await;
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("flow.http:3:"), "{err}");
    assert!(err.contains("no earlier request named `create`"), "{err}");
    let (code, _, err) = run("@a = {{b}}\n@b = {{a}}\nGET /{{a}}\n", &[], None).await;
    assert_eq!(code, 2);
    assert!(err.contains("cycle: a → b → a"), "{err}");
    // The requests before a malformed block are sent, none after it.
    let ping = "GET /v1/{merchantId}/services/testconnection";
    let (code, out, err) = run(
        &format!("### a\n{ping}\n###\n\"bad\" line\n### b\n{ping}\n"),
        &[],
        None,
    )
    .await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("a (") && !out.contains("b ("), "{out}");
    assert!(err.contains("flow.http:4:1: `\"bad\" line`"), "{err}");
    assert!(
        err.contains("the requests before it are sent, none after"),
        "{err}"
    );
    let (code, _, err) = run_missing().await;
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
}

async fn run_missing() -> (i32, String, String) {
    let out = tokio::task::spawn_blocking(|| {
        let dir = tempfile::tempdir().expect("tmp");
        Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("CINSPECT_CONFIG_DIR", dir.path())
            .args(["run", "/nonexistent/flow.http"])
            .stdin(Stdio::null())
            .output()
            .expect("cinspect runs")
    })
    .await
    .expect("joined");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `--keep-going` past a failed create: the requests that need its id or its response are
/// skipped and listed, and the run exits with the create's failure (4), not 2 (bad usage).
#[tokio::test]
async fn keep_going_skips_what_depends_on_a_failed_request_and_exits_with_its_class() {
    let file = "### create\n# @name create\nPOST /v1/{merchantId}/payments\nContent-Type: application/json\n\n{}\n\n\
                ### capture\n# @name capture\nPOST /v1/{merchantId}/payments/{paymentId}/capture\n\n\
                ### get\n# @name get\nGET /v1/{merchantId}/payments/{{create.response.body.$.payment.id}}\n\n\
                ### approve\n# @name approve\nPOST /v1/{merchantId}/payments/{{paymentId}}/approve\n\n\
                ###\nGET /v1/{merchantId}/services/testconnection\n";
    let (code, out, err) = run(file, &["--keep-going"], None).await;
    assert_eq!(code, 4, "the create's 400, not bad usage:\n{out}\n{err}");
    assert!(
        out.contains("capture (") && out.contains("skipped: needs {paymentId}"),
        "{out}"
    );
    assert!(
        out.contains("skipped: needs {{create.response.body.$.payment.id}}, and `create` failed"),
        "{out}"
    );
    assert!(out.contains("skipped: needs {{paymentId}}"), "{out}");
    assert!(out.contains("200 Successful"), "the run went on: {out}");
    assert!(
        err.contains("3 skipped, as they depend on a failed request: capture (")
            && err.contains("flow.http:10), get (")
            && err.contains("approve ("),
        "{err}"
    );

    let (code, out, _) = run(file, &["--keep-going", "--json"], None).await;
    assert_eq!(code, 4);
    let xs = lines(&out);
    assert_eq!(xs.len(), 5, "{out}");
    assert_eq!(xs[1]["skipped"], true, "{}", xs[1]);
    assert_eq!(xs[1]["name"], "capture");
    assert_eq!(xs[2]["skipped"], true, "{}", xs[2]);
    assert_eq!(xs[4]["status"], 200);

    // A variable nothing could ever fill is still bad usage, failure or not.
    let typo = format!("{file}###\nGET /v1/{{merchantId}}/payments/{{{{nope}}}}\n");
    let (code, _, err) = run(&typo, &["--keep-going"], None).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("{{nope}}"), "{err}");
}

/// The text output an editor and a person can use: each error at `FILE:LINE:COL` in the
/// `.http` file (after a variable that filled to another length, too), the errorId once, the
/// status with the time and the payment's status, and a summary line at the end.
#[tokio::test]
async fn text_places_errors_in_the_file_and_sums_the_run_up() {
    let bad = payment("4567350000427977", 2980)
        .replace("\"expiryDate\":\"1230\"", "\"expiryDate\":\"0120\"")
        .replace("\"cvv\":\"123\"", "\"cvv\":\"{{cvv}}\"");
    let file = format!(
        "@cvv = 12345\n\n### ok\n# @name ok\nPOST /v1/{{merchantId}}/payments\n\n{}\n\n\
         ### declined\n# @expect 402\nPOST /v1/{{merchantId}}/payments\n\n{}\n\n\
         ### bad\nPOST /v1/{{merchantId}}/payments\n\n{bad}\n",
        payment("4567350000427977", 2980),
        payment("5424180279791732", 2997),
    );
    let (code, out, err) = run(&file, &["--keep-going"], None).await;
    assert_eq!(code, 4, "{out}\n{err}");
    let path = out
        .lines()
        .find_map(|l| l.strip_prefix("bad (")?.strip_suffix(":16)"))
        .expect("the bad request's line")
        .to_string();
    // The value's place in the file, past `{{cvv}}` (7 characters written, 5 sent).
    let col = bad.find("\"0120\"").expect("expiry") + 1;
    let want = format!("{path}:18:{col}: 21000120 ");
    assert!(out.contains(&want), "{want} in:\n{out}");
    let ok_status = out
        .lines()
        .find(|l| l.starts_with("201 Created  "))
        .expect("the create's status line");
    assert!(
        ok_status.ends_with("  payment PENDING_APPROVAL") && ok_status.contains(" ms  "),
        "{ok_status}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("402 Payment Rejected  ") && l.ends_with("payment REJECTED")),
        "{out}"
    );
    let declined = out
        .split("declined (")
        .nth(1)
        .and_then(|s| s.split("bad (").next())
        .expect("the decline's report");
    assert_eq!(declined.matches("errorId").count(), 1, "{declined}");
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("1 passed, 1 expected 402, 1 failed, ") && last.ends_with(" s"),
        "{last}"
    );
    // --json: the same place beside the one in the body sent.
    let (_, out, _) = run(&file, &["--keep-going", "--json"], None).await;
    let xs = lines(&out);
    let expiry = xs[2]["errors"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["code"] == "21000120"))
        .expect("the expiry error")
        .clone();
    assert_eq!(expiry["file_location"]["line"], 18, "{expiry}");
    assert_eq!(expiry["file_location"]["column"], col, "{expiry}");
    assert_eq!(expiry["location"]["line"], 1, "{expiry}");
}

/// What other tools write: a JetBrains pre-request script, a handler file, a body without
/// the blank line, a bare URL, a method the editor has no button for.
const OTHER_TOOLS: &str = "### ping\n< {%\n  request.variables.set(\"x\", \"1\");\n%}\nGET /v1/{merchantId}/services/testconnection HTTP/1.1\nAuthorization: Bearer SECRETTOKEN\n\n> ./check.js\n\n###\n# @name create\n# @expect 402\nPOST /v1/{{merchantId}}/payments\nContent-Type: application/json\n{\"n\": {{$randomInt 5 6}}}\n\n###\nOPTIONS /v1/{merchantId}/services/testconnection\n\n###\nGET /v1/{{merchantId}}/payments/{{create.response.body.$.payment.id}}\n";

#[tokio::test]
async fn list_names_every_request_with_its_kept_parts_and_problems_and_sends_nothing() {
    let (code, out, err) = run(OTHER_TOOLS, &["--list"], None).await;
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 4, "{out}");
    assert!(
        rows[0].contains("flow.http:5  ping  GET /v1/{merchantId}/services/testconnection"),
        "{out}"
    );
    assert!(rows[0].contains("kept, not run: < {% … %} pre-request script (lines 2–4), `> ./check.js` response handler (line 8)"), "{out}");
    assert!(
        rows[1]
            .contains("create  POST /v1/{{merchantId}}/payments  expects 402  problem: line 15:"),
        "{out}"
    );
    assert!(rows[2].contains("OPTIONS /v1/"), "{out}");
    let (code, out, _) = run(OTHER_TOOLS, &["--list", "--json"], None).await;
    assert_eq!(code, 0);
    let v = lines(&out);
    assert_eq!(v[1]["name"], "create");
    assert_eq!(v[1]["expect"], 402);
    assert_eq!(v[2]["method"], "OPTIONS");
    assert_eq!(v[0]["kept"].as_array().map(Vec::len), Some(2));
    // Nothing went out: no exchange is in the history.
    let (_, _, _, dir) = run_keeping(OTHER_TOOLS, &["--list"], None).await;
    let listed = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", dir.path())
        .args(["history", "list"])
        .output()
        .expect("runs");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(listed.lines().count(), 0, "{listed}");
}

#[tokio::test]
async fn dry_run_fills_and_masks_and_names_what_only_a_response_gives() {
    let (code, out, err) = run(OTHER_TOOLS, &["--dry-run"], None).await;
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("SECRETTOKEN"), "{out}");
    assert!(out.contains("Authorization: Bearer ****"), "{out}");
    assert!(out.contains("{\"n\": 5}"), "{out}");
    assert!(out.contains("OPTIONS http://127.0.0.1:"), "{out}");
    // A run says what it keeps and does not do, and what it read leniently.
    let (_, _, err) = run(OTHER_TOOLS, &["--keep-going"], None).await;
    assert!(
        err.contains("flow.http:5: kept, not run: < {% … %} pre-request script (lines 2–4), `> ./check.js` response handler (line 8)"),
        "{err}"
    );
    assert!(
        err.contains("flow.http:13: line 15: `{\"n\": {{$randomInt 5 6}}}` is not a header"),
        "{err}"
    );
    assert!(
        out.contains("not known before sending: {{create.response.body.$.payment.id}}"),
        "{out}"
    );
    // Card data is masked as in the history, and said so.
    let card = format!(
        "POST /v1/{{merchantId}}/payments\nContent-Type: application/json\n\n{}\n",
        payment("4567350000427977", 100)
    );
    let (code, out, _) = run(&card, &["--dry-run"], None).await;
    assert_eq!(code, 0);
    assert!(
        !out.contains("4567350000427977") && out.contains("456735******7977"),
        "{out}"
    );
    assert!(out.contains("note: card numbers masked"), "{out}");
}

#[tokio::test]
async fn run_sends_the_files_own_method() {
    let (_, out, _, dir) = run_keeping(
        "OPTIONS /v1/{merchantId}/services/testconnection\n###\nQUERY /v1/{merchantId}/services/testconnection\n",
        &["--keep-going"],
        None,
    )
    .await;
    let listed = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", dir.path())
        .args(["history", "list"])
        .output()
        .expect("runs");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(listed.lines().count(), 2, "{out}{listed}");
    assert!(
        listed.contains("OPTIONS") && listed.contains("QUERY"),
        "{listed}"
    );
    assert!(!listed.contains("GET"), "{listed}");
}

#[tokio::test]
async fn a_body_with_characters_beyond_ascii_is_sent() {
    let body = payment("4567350000427977", 2980).replace(
        "\"card\":{",
        "\"card\":{\"cardholderName\":\"Zoë Ærø {{holder}}\",",
    );
    let file =
        format!("@holder = Ñandú\n# @name create\nPOST /v1/{{merchantId}}/payments\n\n{body}\n");
    let (code, out, err) = run(&file, &["--json"], None).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(lines(&out)[0]["status"], 201, "{out}");
}
