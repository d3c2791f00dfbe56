//! `cinspect diff` end to end: history ids, `last` and `last~N` in a
//! history of its own temporary config directory, `FILE:LINE` of the SDK log
//! fixtures, body files; exit statuses, `--json`, `--all`, `--request`, and
//! bad input named by its side.

use std::path::{Path, PathBuf};
use std::process::Command;

use connect_inspector::history::{FILE_NAME, History, NewEntry};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixture")
}

fn cinspect(config: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config)
        .arg("diff")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The times of `history N (… UTC)` labels, which are the test's own clock's.
fn without_times(out: &str) -> String {
    out.lines()
        .map(|line| match (line.find(" ("), line.find(" UTC)")) {
            (Some(a), Some(b)) if a < b => format!("{} (TIME{}", &line[..a], &line[b..]),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const URL: &str = "http://127.0.0.1:7878/v1/1234/payments";

fn entry(time_ms: i64, date: &str, body: &str, status: u16, response: &str) -> NewEntry {
    NewEntry {
        time_ms,
        env: "sim".into(),
        method: "POST".into(),
        url: URL.into(),
        request_headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Date".into(), date.into()),
            (
                "Authorization".into(),
                format!("GCS v1HMAC:cinspect-demo-key:{time_ms}sig="),
            ),
        ],
        request_body: body.into(),
        status: Some(status),
        response_headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Date".into(), date.into()),
        ],
        response_body: response.into(),
        verdict_kind: if status == 201 {
            "success"
        } else {
            "validation"
        }
        .into(),
        verdict_summary: String::new(),
        ..NewEntry::default()
    }
}

/// A history with the rejected create (id 1), the fixed one (2) and the
/// rejected one again a minute later (3).
fn history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let store = History::open(&dir.path().join(FILE_NAME), Default::default()).expect("opens");
    // An hour ago: older entries would be pruned at open (max_age).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let base = now - 3_600_000;
    let request = read("create-payment-request.json");
    let rejected = request.replace("\"1299\"", "\"1210\"");
    let again = read("400-invalid-request.json")
        .replace("2c164323", "99999999")
        .replace("2001803", "2001804");
    for e in [
        entry(
            base,
            "Tue, 02 Dec 2025 00:00:00 GMT",
            &rejected,
            400,
            &read("400-invalid-request.json"),
        ),
        entry(
            base + 30_000,
            "Tue, 02 Dec 2025 00:00:30 GMT",
            &request,
            201,
            &read("201-create-payment.json"),
        ),
        entry(
            base + 60_000,
            "Tue, 02 Dec 2025 00:01:00 GMT",
            &rejected,
            400,
            &again,
        ),
    ] {
        store.record(e).expect("recorded");
    }
    dir
}

#[test]
fn the_rejected_create_against_the_fixed_one() {
    let config = history();
    let (code, out, err) = cinspect(config.path(), &["1", "2"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!(without_times(&out));
    // last~1 is the entry before the newest: the fixed one.
    let (code, again, _) = cinspect(config.path(), &["1", "last~1"]);
    assert_eq!((code, &again), (1, &out));
}

#[test]
fn the_same_call_twice_differs_only_in_what_is_expected_to() {
    let config = history();
    let (code, out, err) = cinspect(config.path(), &["1", "last"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("nothing differs but what is expected to (4)"),
        "{out}"
    );
    assert!(!out.contains("header Date"), "{out}");
    let (code, all, _) = cinspect(config.path(), &["1", "last", "--all"]);
    assert_eq!(code, 1, "--all counts them");
    for line in [
        "  ~ header Date: Tue, 02 Dec 2025 00:00:00 GMT → Tue, 02 Dec 2025 00:01:00 GMT  [expected: Date: signed with every request]",
        "  ~ body errorId: \"2c164323-20d3-4e9e-8578-dc562cd7506c-00000058\" → \"99999999-20d3-4e9e-8578-dc562cd7506c-00000058\"  [expected: errorId: new for every error response]",
        "  ~ body errors[0].requestId: \"2001803\" → \"2001804\"  [expected: requestId: new for every call]",
        "  errors: 0 fixed, 1 still there, 0 new",
    ] {
        assert!(all.contains(line), "{line}\n{all}");
    }
    let (code, same, _) = cinspect(config.path(), &["2", "2", "--all"]);
    assert_eq!(code, 0);
    assert!(same.ends_with("the same\n"), "{same}");
}

#[test]
fn json_names_each_change_with_its_path_and_values() {
    let config = history();
    let (code, out, _) = cinspect(config.path(), &["last~2", "last~1", "--json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["same"], false);
    assert!(
        v["left"]["label"]
            .as_str()
            .is_some_and(|l| l.starts_with("history 1 (") && l.ends_with(" UTC)")),
        "{}",
        v["left"]
    );
    assert_eq!(v["right"]["status"], 201);
    let changes = v["request"]["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0],
        serde_json::json!({
            "area": "body",
            "path": "cardPaymentMethodSpecificInput.card.expiryDate",
            "change": "changed",
            "left": "1210",
            "right": "1299",
            "expected": null,
            "signing_or_transport": false,
            "note": null,
        })
    );
    // History masked both signatures alike: only the Dates differ.
    assert_eq!(v["request"]["expected"], 1);
    assert_eq!(v["expected_by_class"]["date"], 2);
    assert_eq!(v["errors"]["fixed"][0]["code"], "21000120");
    let response: Vec<&str> = v["response"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["path"].as_str())
        .collect();
    assert_eq!(
        response,
        vec![
            "status",
            "verdict",
            "errorId",
            "errors",
            "creationOutput",
            "payment"
        ]
    );
    // --request: the requests alone.
    let (_, out, _) = cinspect(config.path(), &["1", "2", "--json", "--request"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert!(v["response"].is_null() && v["errors"].is_null());
}

#[test]
fn logged_exchanges_by_file_and_line() {
    let config = tempfile::tempdir().expect("tmp");
    let log = fixture("sdk-logs/python3-3.47.0-logging.log");
    let log = log.display().to_string();
    let (code, out, err) = cinspect(
        config.path(),
        &[&format!("{log}:151"), &format!("{log}:10"), "--request"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("  ~ body order.amountOfMoney.currencyCode: \"EURO\" → \"EUR\"\n"),
        "{out}"
    );
    assert!(
        out.contains(":151: POST /v1/1234/payments → 400 Bad Request"),
        "{out}"
    );
    // A line where no exchange starts: said, naming the side and the nearest.
    let (code, _, err) = cinspect(
        config.path(),
        &[&format!("{log}:151"), &format!("{log}:12")],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("cinspect: right side: ")
            && err.contains(
                ":12: no exchange starts at this line (the nearest start at line 10 and 151"
            ),
        "{err}"
    );
}

#[test]
fn json_of_two_logged_creates() {
    let config = tempfile::tempdir().expect("tmp");
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "diff",
            "tests/fixtures/sdk-logs/python3-3.47.0-logging.log:151",
            "tests/fixtures/sdk-logs/python3-3.47.0-logging.log:10",
            "--json",
            "--all",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_body_file_is_compared_with_the_other_sides_body() {
    let config = history();
    let file = config.path().join("expected.json");
    std::fs::write(&file, read("201-create-payment.json").replace("CAD", "EUR")).expect("write");
    let file = file.display().to_string();
    let (code, out, _) = cinspect(config.path(), &["2", &file]);
    assert_eq!(code, 1);
    assert!(out.contains("response: 1 difference\n"), "{out}");
    assert!(
        out.contains(
            "  ~ body payment.paymentOutput.amountOfMoney.currencyCode: \"CAD\" → \"EUR\"\n"
        ),
        "{out}"
    );
    let request = config.path().join("request.json");
    std::fs::write(&request, read("create-payment-request.json")).expect("write");
    let (code, out, _) = cinspect(
        config.path(),
        &["2", &request.display().to_string(), "--request"],
    );
    // What history redacted is all that differs from the request as written.
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("request: 2 differences\n  ~ body cardPaymentMethodSpecificInput.card.cardNumber: \"456735******7977\" → \"4567350000427977\"\n  + body cardPaymentMethodSpecificInput.card.cvv: \"123\"\n"),
        "{out}"
    );
}

#[test]
fn bad_input_is_named_by_its_side_and_hostile_bodies_compare_safely() {
    let config = history();
    let (code, _, err) = cinspect(config.path(), &["99", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("left side: 99: no history entry 99"), "{err}");
    let (code, _, err) = cinspect(config.path(), &["1", "last~7"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("right side: last~7: the history holds 3 entries"),
        "{err}"
    );
    let (code, _, err) = cinspect(config.path(), &["1", "no-such-thing"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("right side: no-such-thing: not a history id"),
        "{err}"
    );
    let (code, _, _) = cinspect(config.path(), &["1"]);
    assert_eq!(code, 2, "bad usage");

    // Control codes and invalid UTF-8: escaped, never written raw.
    let (a, b) = (config.path().join("a.txt"), config.path().join("b.txt"));
    std::fs::write(&a, b"line one\nA\x1b]52;c;aGk=\x07 \x9b2J\n").expect("write");
    std::fs::write(&b, b"line one\nB\xff\xfe\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .args(["diff", &a.display().to_string(), &b.display().to_string()])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !out.stdout.iter().any(|&c| c == 0x1b || c == 0x07),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("body line 2"), "{text}");
    assert!(text.contains("not UTF-8"), "{text}");

    // 100 000 levels: compared as text, said so.
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(&a, &deep).expect("write");
    std::fs::write(&b, deep.replacen('1', "2", 1)).expect("write");
    let (code, out, _) = cinspect(
        config.path(),
        &[&a.display().to_string(), &b.display().to_string()],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "note: the left response body nests deeper than 512 levels; compared line by line"
        ),
        "{out}"
    );
}
