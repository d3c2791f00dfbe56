//! `cinspect webhooks verify` on the SDKs' own vectors and on bodies a
//! framework changed: exit 0 valid, 1 invalid with the reason on stderr, 2
//! bad usage; the secret never in the output.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SIGNATURE: &str = "2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=";

fn verify(secret: &str, signature: &str, body: Option<&[u8]>, file: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cinspect"));
    cmd.env("WEBHOOK_SECRET", secret)
        .args([
            "webhooks",
            "verify",
            "--key-id",
            "dummy-key-id",
            "--secret-env",
            "WEBHOOK_SECRET",
        ])
        .args(["--signature", signature, file])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("runs");
    if let Some(body) = body {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(body)
            .expect("written");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("output")
}

fn body_file(name: &str) -> String {
    common::fixture(&format!("webhooks/{name}"))
        .to_str()
        .expect("utf-8")
        .to_string()
}

#[test]
fn the_sdk_vectors_verify_as_the_sdks_say() {
    let ok = verify(
        "hello+world",
        SIGNATURE,
        None,
        &body_file("payment-paid.body"),
    );
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let altered = verify(
        "hello+world",
        SIGNATURE,
        None,
        &body_file("payment-paid-altered.body"),
    );
    assert_eq!(altered.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&altered.stderr);
    assert!(stderr.contains("mismatch"), "{stderr}");
    let wrong = verify(
        "1hello+world",
        SIGNATURE,
        None,
        &body_file("payment-paid.body"),
    );
    assert_eq!(wrong.status.code(), Some(1));
    for out in [&ok, &altered, &wrong] {
        let all = format!("{out:?}");
        assert!(
            !all.contains("hello+world"),
            "the secret was printed: {all}"
        );
    }
}

#[test]
fn a_body_whose_line_ends_changed_is_diagnosed_from_stdin() {
    let body = std::fs::read(common::fixture("webhooks/payment-paid.body")).expect("body");
    let crlf = String::from_utf8(body)
        .expect("utf-8")
        .replace('\n', "\r\n");
    let out = verify("hello+world", SIGNATURE, Some(crlf.as_bytes()), "-");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line ends"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .args([
            "webhooks",
            "verify",
            "--key-id",
            "k",
            "--secret-env",
            "SURELY_UNSET_CINSPECT_VAR",
        ])
        .args(["--signature", SIGNATURE, "/nonexistent"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// `cinspect webhooks listen --json` on a free port, killed when dropped.
struct Listener {
    child: std::process::Child,
    lines: std::io::Lines<std::io::BufReader<std::process::ChildStdout>>,
    url: String,
    _config: tempfile::TempDir,
}

impl Listener {
    fn start(extra: &[&str]) -> Self {
        use std::io::BufRead;
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
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("listen runs");
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first = lines.next().expect("a first line").expect("utf-8");
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

    fn next_event(&mut self) -> serde_json::Value {
        let line = self.lines.next().expect("an event").expect("utf-8");
        serde_json::from_str(&line).expect("JSON")
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn send_event(url: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("HOOK_SECRET", "s3cret-hook")
        .args([
            "webhooks",
            "send",
            "payment.paid",
            "--to",
            url,
            "--key-id",
            "k1",
        ])
        .args(["--secret-env", "HOOK_SECRET"])
        .args(extra)
        .output()
        .expect("send runs")
}

#[test]
fn send_into_listen_verifies_and_a_tampered_event_is_refused() {
    let mut listener = Listener::start(&[]);
    let out = send_event(&format!("{}/hooks", listener.url), &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let event = listener.next_event();
    assert_eq!(event["signature"]["verdict"], "valid", "{event}");
    assert_eq!(event["event_type"], "payment.paid");
    assert_eq!(event["path"], "/hooks");
    assert!(event["body"]["payment"]["id"].is_string());

    let _ = send_event(&listener.url, &["--tamper"]);
    let event = listener.next_event();
    assert_eq!(event["signature"]["verdict"], "mismatch", "{event}");
    let all = format!("{event}");
    assert!(!all.contains("s3cret-hook"), "the secret never shows");
}

#[test]
fn the_endpoint_verification_get_is_answered_with_its_value() {
    use std::io::{Read, Write};
    let mut listener = Listener::start(&[]);
    let addr = listener.url.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    write!(
        stream,
        "GET /hooks HTTP/1.1\r\nHost: x\r\nX-GCS-Webhooks-Endpoint-Verification: abc-123\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("abc-123"), "{answer}");
    assert_eq!(listener.next_event()["verification"], "abc-123");
}

#[test]
fn forwarding_to_an_app_that_is_down_is_shown_and_answered() {
    let mut listener = Listener::start(&["--forward", "http://127.0.0.1:9/hooks"]);
    let out = send_event(&listener.url, &[]);
    assert_eq!(
        out.status.code(),
        Some(4),
        "the sender hears the app's failure: {out:?}"
    );
    let event = listener.next_event();
    assert_eq!(event["signature"]["verdict"], "valid");
    assert!(event["forward"]["status"].is_null(), "{event}");
    assert!(event["forward"]["error"].is_string(), "{event}");
}

#[test]
fn forwarding_passes_the_event_on_byte_for_byte() {
    // The second listener plays the integrator's app: it verifies what was forwarded.
    let mut app = Listener::start(&[]);
    let mut front = Listener::start(&["--forward", &format!("{}/app", app.url)]);
    let out = send_event(&front.url, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let at_app = app.next_event();
    assert_eq!(
        at_app["signature"]["verdict"], "valid",
        "forwarded bytes still verify: {at_app}"
    );
    let at_front = front.next_event();
    assert_eq!(at_front["forward"]["status"], 200, "{at_front}");
}
