//! A server can put anything in an error body; nothing of it may drive the
//! user's terminal. `cinspect send` (text), `history list`, `history show`
//! and `locate --errors` print controls, ESC, C1 and bidi marks escaped;
//! `--json` and exports keep the exact data.

use std::net::SocketAddr;
use std::process::{Command, Output};

use axum::Router;
use axum::http::StatusCode;

const HOSTILE: &str = r#"{"errorId":"id\u001b]52;c;aGk=\u0007","errors":[{"code":"2100\u001b[2J0120","id":"X\u009b31m","message":"pay\u202etxt.exe\nforged: line","propertyName":"order\u001b]0;title\u0007.amount","httpStatusCode":400}]}"#;

async fn hostile_server() -> String {
    let app = Router::new().fallback(|| async {
        (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/json")],
            HOSTILE,
        )
    });
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn cinspect(config: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config)
        .args(args)
        .output()
        .expect("cinspect runs")
}

/// No byte that a terminal would obey: ESC, BEL, C1 (in UTF-8), bidi overrides.
fn assert_inert(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
        assert!(!text.contains(bad), "{what} printed {bad:?} raw:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_error_fields_are_printed_escaped_and_json_stays_exact() {
    let base = hostile_server().await;
    let config = tempfile::tempdir().expect("config dir");
    let dir = config.path().to_path_buf();
    let (text, json, list, show) = tokio::task::spawn_blocking(move || {
        let send = |extra: &[&str]| {
            let mut args = vec![
                "send",
                "--base-url",
                &base,
                "--method",
                "GET",
                "--path",
                "/v1/{merchantId}/payments/1",
            ];
            args.extend_from_slice(extra);
            cinspect(&dir, &args)
        };
        let text = send(&[]);
        let json = send(&["--json"]);
        let list = cinspect(&dir, &["history", "list"]);
        let show = cinspect(&dir, &["history", "show", "1"]);
        (text, json, list, show)
    })
    .await
    .expect("joined");
    assert_eq!(text.status.code(), Some(4));
    assert_inert("send", &text.stdout);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("errorId id\\x1b]52;c;aGk=\\x07"),
        "{stdout}"
    );
    assert!(
        stdout.contains("pay\\u{202e}txt.exe\\x0aforged"),
        "{stdout}"
    );
    assert!(!stdout.lines().any(|l| l.starts_with("forged")), "{stdout}");

    // JSON keeps the data exactly (serde escapes what JSON must).
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(value["error_id"], "id\u{1b}]52;c;aGk=\u{7}");
    assert_eq!(
        value["errors"][0]["message"],
        "pay\u{202e}txt.exe\nforged: line"
    );

    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert_inert("history list", &list.stdout);
    assert!(String::from_utf8_lossy(&list.stdout).contains("\\x1b[2J"));
    assert!(show.status.success());
    assert_inert("history show", &show.stdout);
}

#[test]
fn locate_errors_escapes_what_the_response_holds() {
    let dir = tempfile::tempdir().expect("dir");
    let body = dir.path().join("body.json");
    let errors = dir.path().join("errors.json");
    std::fs::write(&body, r#"{"order":{"amount":1}}"#).expect("body");
    std::fs::write(&errors, HOSTILE).expect("errors");
    let out = cinspect(
        dir.path(),
        &[
            "locate",
            "--body",
            body.to_str().expect("utf-8"),
            "--errors",
            errors.to_str().expect("utf-8"),
        ],
    );
    assert_inert("locate --errors", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains("2100\\x1b[2J0120"));
}
