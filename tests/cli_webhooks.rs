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
