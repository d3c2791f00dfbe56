//! The TUI's F5 and `cinspect send` go through the one pipeline: the same
//! input puts the same request on the wire (method, path, headers, body; the
//! Date and the signature aside, which depend on the moment). A capturing
//! server on a loopback port records what each sent.

mod common;

use std::process::Command as Process;

use common::Harness;
use common::recorder::{self, Seen, Wire};
use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::{Settings, Showing};
use connect_inspector::config::Environment;

/// The moment of sending and the signature over it differ by design.
const MOMENT: &[&str] = &["date", "authorization"];

async fn capturing_server() -> (String, Seen) {
    recorder::start("{}").await
}

/// What `seen` holds, the moment of each request aside.
fn received(seen: &Seen) -> Vec<Wire> {
    seen.lock()
        .expect("lock")
        .iter()
        .map(|w| w.without(MOMENT))
        .collect()
}

/// `cinspect send` against `base`, with its own empty config directory (the
/// built-in sim environment: the same credentials as the harness's).
fn cli_send(base: &str, args: &[&str], body: Option<&str>) -> std::process::Output {
    let config = tempfile::tempdir().expect("config dir");
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_cinspect"));
    cmd.env("CINSPECT_CONFIG_DIR", config.path())
        .args(["send", "--base-url", base])
        .args(args);
    if let Some(body) = body {
        let file = config.path().join("body.json");
        std::fs::write(&file, body).expect("body written");
        cmd.arg("--body").arg(&file);
    }
    cmd.output().expect("cinspect runs")
}

async fn tui_send(base: &str, method: &str, path: &str, headers: &str, body: &str) -> Harness {
    let mut h = Harness::new(
        Environment::simulator(base),
        method,
        path,
        "",
        Settings::default(),
    );
    h.edit(RequestEditor::new(method, path, headers, body));
    h.send().await;
    assert!(
        matches!(h.app.showing(), Showing::Exchange(_)),
        "{:?}",
        h.app.showing()
    );
    h
}

const BODY: &str =
    "{\n  \"order\": {\"amountOfMoney\": {\"amount\": 2345, \"currencyCode\": \"EUR\"}}\n}";

#[tokio::test(flavor = "multi_thread")]
async fn f5_and_cinspect_send_put_the_same_request_on_the_wire() {
    let (base, seen) = capturing_server().await;
    tui_send(
        &base,
        "POST",
        "/v1/{merchantId}/payments?x=a%20b",
        "X-GCS-Idempotence-Key: key-1\nX-Custom: yes",
        BODY,
    )
    .await;
    let base2 = base.clone();
    let out = tokio::task::spawn_blocking(move || {
        cli_send(
            &base2,
            &[
                "--method",
                "post",
                "--path",
                "/v1/{merchantId}/payments?x=a%20b",
                "--idempotence-key",
                "key-1",
                "-H",
                "X-Custom: yes",
            ],
            Some(BODY),
        )
    })
    .await
    .expect("joined");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = received(&seen);
    assert_eq!(seen.len(), 2, "{seen:#?}");
    assert_eq!(seen[0], seen[1], "F5 and send differ on the wire");
    let wire = &seen[0];
    assert_eq!(wire.method, "POST");
    assert_eq!(wire.body, BODY.as_bytes());
    for name in [
        "content-type",
        "x-gcs-idempotence-key",
        "x-gcs-servermetainfo",
        "x-custom",
    ] {
        assert!(
            wire.headers.iter().any(|(n, _)| n == name),
            "{name}: {wire:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_get_sends_no_body_from_either_front_and_both_say_so() {
    let (base, seen) = capturing_server().await;
    let h = tui_send(
        &base,
        "GET",
        "/v1/{merchantId}/services/testconnection",
        "",
        BODY,
    )
    .await;
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    // The notice is replaced when the answer comes; the request as sent keeps no body.
    assert!(
        h.app.last_sent().is_some_and(|s| s.body.is_none()),
        "{notice}"
    );
    let base2 = base.clone();
    let out = tokio::task::spawn_blocking(move || {
        cli_send(
            &base2,
            &[
                "--method",
                "GET",
                "--path",
                "/v1/{merchantId}/services/testconnection",
            ],
            Some(BODY),
        )
    })
    .await
    .expect("joined");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the body is not sent with GET"), "{stderr}");
    let seen = received(&seen);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], seen[1]);
    assert!(seen[0].body.is_empty(), "{:?}", seen[0]);
    assert!(
        !seen[0].headers.iter().any(|(n, _)| n == "content-type"),
        "no Content-Type without a body: {:?}",
        seen[0].headers
    );
}

#[tokio::test]
async fn the_tui_says_when_a_body_is_not_sent() {
    let (base, _seen) = capturing_server().await;
    let mut h = Harness::new(
        Environment::simulator(&base),
        "DELETE",
        "/v1/{merchantId}/tokens/abc",
        BODY,
        Settings::default(),
    );
    h.command(connect_inspector::app::keymap::Command::Send);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("the body is not sent with DELETE"),
        "{notice}"
    );
    h.settle().await;
}

/// One rule for a GET with a body and a hand-written `Content-Type`: the body is not sent, so
/// neither is the Content-Type (it would describe a body that is not there, and it would be
/// signed), from F5 and from `cinspect send` alike.
#[tokio::test(flavor = "multi_thread")]
async fn a_get_with_a_body_and_a_content_type_sends_neither_from_either_front() {
    let (base, seen) = capturing_server().await;
    let h = tui_send(
        &base,
        "GET",
        "/v1/{merchantId}/services/testconnection",
        "Content-Type: application/json\nX-Custom: yes",
        BODY,
    )
    .await;
    assert!(h.app.last_sent().is_some_and(|s| s.body.is_none()));
    let base2 = base.clone();
    let out = tokio::task::spawn_blocking(move || {
        cli_send(
            &base2,
            &[
                "--method",
                "GET",
                "--path",
                "/v1/{merchantId}/services/testconnection",
                "-H",
                "Content-Type: application/json",
                "-H",
                "X-Custom: yes",
            ],
            Some(BODY),
        )
    })
    .await
    .expect("joined");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = received(&seen);
    assert_eq!(seen.len(), 2, "{seen:#?}");
    assert_eq!(seen[0], seen[1], "F5 and send differ on the wire");
    assert!(seen[0].body.is_empty(), "{:?}", seen[0]);
    assert!(
        !seen[0].headers.iter().any(|(n, _)| n == "content-type"),
        "no Content-Type without a body: {:?}",
        seen[0].headers
    );
    assert!(
        seen[0]
            .headers
            .iter()
            .any(|(n, v)| n == "x-custom" && v == "yes")
    );
}
