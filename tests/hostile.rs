//! A server that misbehaves on purpose, on a loopback port: nesting 10⁴ and
//! 10⁵ levels deep, an endless body, a huge one, invalid UTF-8, 100 000
//! errors, control codes in headers. `cinspect send` (text and --json) and
//! the headless app must each answer with a clear report, in bounded memory,
//! without a crash or a hang. (Memory figures are in the README, from
//! scripts, not asserted here.)

mod common;

use std::net::SocketAddr;
use std::process::{Command, Output};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use common::Harness;
use connect_inspector::app::Settings;
use connect_inspector::body::BodyKind;
use connect_inspector::config::Environment;
use futures_util::StreamExt;

fn json(status: u16, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).expect("status"))
        .header("content-type", "application/json")
        .body(body.into())
        .expect("response")
}

fn deep(levels: usize, object: bool) -> String {
    if object {
        format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels))
    } else {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }
}

async fn route(Path(case): Path<String>) -> Response {
    match case.as_str() {
        "deep-array-4" => json(400, deep(10_000, false)),
        "deep-array-5" => json(400, deep(100_000, false)),
        "deep-object-5" => json(400, deep(100_000, true)),
        "endless" => {
            let chunk = Bytes::from(vec![b'a'; 64 * 1024]);
            let stream = futures_util::stream::repeat(chunk).map(Ok::<_, std::io::Error>);
            json(200, Body::from_stream(stream))
        }
        "huge" => json(200, vec![b' '; 3 * 1024 * 1024]),
        "invalid-utf8" => json(400, vec![b'{', 0xff, 0xfe, b'"', 0xc3, b'}']),
        "many-errors" => {
            let errors: Vec<String> = (0..100_000)
                .map(|i| format!(r#"{{"code":"{i}","message":"m{i}","propertyName":"a[{i}]"}}"#))
                .collect();
            json(
                400,
                format!(r#"{{"errorId":"e","errors":[{}]}}"#, errors.join(",")),
            )
        }
        "header-controls" => Response::builder()
            .status(502)
            // C1 CSI as UTF-8: the bytes a header may carry that a terminal may obey.
            .header(
                "x-evil",
                axum::http::HeaderValue::from_bytes("a\u{9b}2Jb".as_bytes()).expect("header"),
            )
            .body(Body::from("<html>bad gateway\u{1b}]52;c;aGk=\u{7}</html>"))
            .expect("response"),
        _ => json(404, "{}"),
    }
}

async fn hostile_server() -> String {
    let app = Router::new().route("/hostile/{case}", axum::routing::any(route));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

async fn send(base: &str, case: &str, extra: &[&str]) -> Output {
    let (base, case) = (base.to_string(), case.to_string());
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let config = tempfile::tempdir().expect("config dir");
        Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("CINSPECT_CONFIG_DIR", config.path())
            .args(["send", "--base-url", &base, "--method", "GET", "--path"])
            .arg(format!("/hostile/{case}"))
            .args(&extra)
            .output()
            .expect("cinspect runs")
    })
    .await
    .expect("joined")
}

fn no_raw_escapes(out: &Output) {
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(['\u{1b}', '\u{9b}']), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_nesting_is_reported_not_crashed_on() {
    let base = hostile_server().await;
    for case in ["deep-array-4", "deep-array-5", "deep-object-5"] {
        let text = send(&base, case, &[]).await;
        assert_eq!(text.status.code(), Some(4), "{case}: {text:?}");
        let stdout = String::from_utf8_lossy(&text.stdout);
        assert!(stdout.contains("levels deep"), "{case}: {stdout}");
        let as_json = send(&base, case, &["--json"]).await;
        assert_eq!(as_json.status.code(), Some(4), "{case}");
        let value: serde_json::Value = serde_json::from_slice(&as_json.stdout).expect("json out");
        assert_eq!(value["status"], 400);
        assert!(
            value["body"].is_string(),
            "too deep for a value: kept as text"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endless_body_stops_at_the_limit_and_says_so() {
    let base = hostile_server().await;
    let text = send(&base, "endless", &["--max-response-mb", "2"]).await;
    assert_eq!(text.status.code(), Some(0), "{text:?}");
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("body cut at 2 MB"), "{stdout}");
    let as_json = send(&base, "endless", &["--json", "--max-response-mb", "1"]).await;
    let value: serde_json::Value = serde_json::from_slice(&as_json.stdout).expect("json");
    assert_eq!(value["cut"]["kept_bytes"], 1024 * 1024);
    assert!(value["cut"]["declared_bytes"].is_null());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declared_huge_body_is_cut_with_its_size() {
    let base = hostile_server().await;
    let text = send(&base, "huge", &["--max-response-mb", "1"]).await;
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("body cut at 1 MB of 3 MB"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_utf8_many_errors_and_control_codes_are_handled() {
    let base = hostile_server().await;
    let bad = send(&base, "invalid-utf8", &[]).await;
    assert_eq!(bad.status.code(), Some(4));
    no_raw_escapes(&bad);
    let many = send(&base, "many-errors", &[]).await;
    assert_eq!(many.status.code(), Some(4));
    assert_eq!(
        String::from_utf8_lossy(&many.stdout).matches("[a[").count(),
        100_000,
        "every error is listed"
    );
    let evil = send(&base, "header-controls", &[]).await;
    assert_eq!(evil.status.code(), Some(5));
    no_raw_escapes(&evil);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_headless_app_shows_each_hostile_answer() {
    let base = hostile_server().await;
    let settings = Settings {
        max_response: 8 * 1024 * 1024,
        ..Settings::default()
    };
    for case in [
        "deep-array-5",
        "deep-object-5",
        "endless",
        "invalid-utf8",
        "many-errors",
    ] {
        let mut h = Harness::new(
            Environment::simulator(&base),
            "GET",
            &format!("/hostile/{case}"),
            "",
            settings.clone(),
        );
        let phase = h.send().await;
        let Some(x) = phase.exchange().cloned() else {
            panic!("{case}: {phase:?}");
        };
        match case {
            "endless" => assert_eq!(x.cut.map(|c| c.kept), Some(8 * 1024 * 1024)),
            "many-errors" => assert_eq!(x.report.errors.len(), 100_000),
            "invalid-utf8" => assert_ne!(x.body.kind, BodyKind::Json),
            _ => assert_eq!(x.body.kind, BodyKind::Text, "{case}"),
        }
    }
}
