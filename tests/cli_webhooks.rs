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
        Self::start_with("", extra)
    }

    /// With `webhooks` added to the `[webhooks]` table of its config.toml.
    fn start_with(webhooks: &str, extra: &[&str]) -> Self {
        let config = tempfile::tempdir().expect("config dir");
        std::fs::write(
            config.path().join("config.toml"),
            format!("[webhooks]\n{webhooks}\n[webhooks.keys.k1]\nsecret_env = \"HOOK_SECRET\"\n"),
        )
        .expect("config");
        Self::spawn(config, extra)
    }

    /// In `config`, whatever it holds (nothing at all: no config.toml).
    fn spawn(config: tempfile::TempDir, extra: &[&str]) -> Self {
        use std::io::BufRead;
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
fn an_event_type_connect_does_not_have_is_refused_with_its_name_there() {
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("HOOK_SECRET", "s3cret-hook")
        .args([
            "webhooks",
            "send",
            "payout.paid",
            "--to",
            "http://127.0.0.1:9",
        ])
        .args(["--key-id", "k1", "--secret-env", "HOOK_SECRET"])
        .output()
        .expect("send runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a paid payout's event is payout.account_credited"),
        "{stderr}"
    );
}

#[test]
fn a_key_given_on_the_command_line_needs_no_config() {
    let config = tempfile::tempdir().expect("an empty config dir");
    let mut listener = Listener::spawn(config, &["--key-id", "k1", "--secret-env", "HOOK_SECRET"]);
    let out = send_event(&listener.url, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(listener.next_event()["signature"]["verdict"], "valid");
    // One without the other is bad usage.
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .args(["webhooks", "listen", "--port", "0", "--key-id", "k1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
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

    // Refused as the integrator's endpoint should refuse it: 401, so --tamper's check fails.
    let out = send_event(&listener.url, &["--tamper"]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("401"),
        "{out:?}"
    );
    let event = listener.next_event();
    assert_eq!(event["signature"]["verdict"], "mismatch", "{event}");
    assert_eq!(event["answered"], 401, "{event}");
    let all = format!("{event}");
    assert!(!all.contains("s3cret-hook"), "the secret never shows");
    // Unsigned, and signed with a key id nobody configured: refused alike.
    let unsigned = post_raw(&listener.url, 2);
    assert!(unsigned.contains(" 401"), "{unsigned}");
    assert_eq!(listener.next_event()["answered"], 401);
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("OTHER_SECRET", "other")
        .args(["webhooks", "send", "payment.paid", "--to", &listener.url])
        .args(["--key-id", "k9", "--secret-env", "OTHER_SECRET"])
        .output()
        .expect("send runs");
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let event = listener.next_event();
    assert_eq!(event["signature"]["verdict"], "unknown_key_id", "{event}");
    assert_eq!(event["answered"], 401);
}

/// What a failed verification is answered with is configurable: config.toml, then the flag.
#[test]
fn the_status_for_a_bad_signature_is_configurable() {
    let mut accepting = Listener::start_with("bad_signature_status = 200", &[]);
    let out = send_event(&accepting.url, &["--tamper"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(accepting.next_event()["answered"], 200);

    let mut flagged = Listener::start_with(
        "bad_signature_status = 200",
        &["--bad-signature-status", "403"],
    );
    let out = send_event(&flagged.url, &["--tamper"]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert_eq!(flagged.next_event()["answered"], 403);
    // A good signature is still taken.
    let out = send_event(&flagged.url, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(flagged.next_event()["answered"], 200);
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

/// `webhooks listen` with history off, stdout and stderr piped; the URL from its first line.
fn listen_piped(extra: &[&str]) -> (std::process::Child, String, tempfile::TempDir) {
    let config = tempfile::tempdir().expect("config dir");
    std::fs::write(
        config.path().join("config.toml"),
        "[history]\nenabled = false\n\n[webhooks.keys.k1]\nsecret_env = \"HOOK_SECRET\"\n",
    )
    .expect("config");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .env("HOOK_SECRET", "s3cret-hook")
        .args(["webhooks", "listen", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("listen runs");
    // Read byte by byte: a buffered reader would hold on to what comes after.
    let mut first = Vec::new();
    let stdout = child.stdout.as_mut().expect("stdout");
    let mut byte = [0u8; 1];
    while std::io::Read::read(stdout, &mut byte).expect("read") == 1 && byte[0] != b'\n' {
        first.push(byte[0]);
    }
    let first = String::from_utf8(first).expect("utf-8");
    let url = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the address first: {first:?}"))
        .to_string();
    (child, url, config)
}

/// Its exit status, or None when it is still running after `within` (then it is killed).
fn exit_within(child: &mut std::process::Child, within: std::time::Duration) -> Option<i32> {
    let deadline = std::time::Instant::now() + within;
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status.code().unwrap_or(-1));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

fn stderr_of(child: &mut std::process::Child) -> String {
    let mut text = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut text);
    text
}

/// Posts `len` bytes to `url` on a raw connection; the status line of the answer.
fn post_raw(url: &str, len: usize) -> String {
    use std::io::Read;
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /hooks HTTP/1.1\r\nHost: x\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
    )
    .expect("head");
    stream.write_all(&vec![b'x'; len]).expect("body");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_closed_stdout_ends_listen_quietly() {
    // `webhooks listen | head -1`: the reader takes the first line and leaves.
    let (mut child, url, _config) = listen_piped(&[]);
    drop(child.stdout.take());
    let out = send_event(&url, &[]);
    assert_eq!(out.status.code(), Some(0), "still answered: {out:?}");
    let code = exit_within(&mut child, std::time::Duration::from_secs(30));
    let stderr = stderr_of(&mut child);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn ctrl_c_ends_listen_while_its_output_is_blocked() {
    // Nobody reads stdout: one big event's line fills the pipe and blocks.
    let (mut child, url, _config) = listen_piped(&["--json"]);
    // Unsigned, so refused (401), but answered at once all the same.
    assert!(post_raw(&url, 3_000_000).contains(" 401"));
    assert!(post_raw(&url, 3_000_000).contains(" 401"));
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let code = exit_within(&mut child, std::time::Duration::from_secs(30));
    assert!(code.is_some(), "Ctrl-C was not acted on");
}

#[test]
fn a_flood_past_the_queue_is_reported_at_most_once_a_second() {
    let (mut child, url, _config) = listen_piped(&["--json"]);
    let started = std::time::Instant::now();
    // Stdout blocked: 40 events of 3.9 MB go past the viewer's queue (64 MB).
    for _ in 0..40 {
        // Unsigned: refused, at once.
        assert!(post_raw(&url, 3_900_000).contains(" 401"));
    }
    // What was held back is said within the second.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let seconds = started.elapsed().as_secs();
    let _ = child.kill();
    let _ = child.wait();
    let stderr = stderr_of(&mut child);
    let reports: Vec<&str> = stderr.lines().filter(|l| l.contains("not shown")).collect();
    let counted: u64 = reports
        .iter()
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum();
    assert!(counted > 0, "past the queue, events are counted: {stderr}");
    assert!(
        reports.len() as u64 <= seconds + 2,
        "{} lines in {seconds} s: {stderr}",
        reports.len()
    );
}

#[test]
fn listening_on_all_interfaces_is_said() {
    let (mut child, _url, _config) = listen_piped(&["--host", "0.0.0.0"]);
    let _ = child.kill();
    let _ = child.wait();
    let stderr = stderr_of(&mut child);
    assert!(
        stderr.contains("all interfaces") && stderr.contains("reachable from other hosts"),
        "{stderr}"
    );
    let (mut child, _url, _config) = listen_piped(&[]);
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        !stderr_of(&mut child).contains("reachable"),
        "loopback is not exposed"
    );
}

#[test]
fn listen_refuses_to_forward_to_itself() {
    let config = tempfile::tempdir().expect("config dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .args(["webhooks", "listen", "--port", &port.to_string()])
        .args(["--forward", &format!("http://localhost:{port}/hooks")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("listen runs");
    let code = exit_within(&mut child, std::time::Duration::from_secs(30));
    let stderr = stderr_of(&mut child);
    assert_eq!(code, Some(2), "refused at start: {stderr}");
    assert!(stderr.contains("is this receiver itself"), "{stderr}");
}

#[test]
fn verify_refuses_a_body_past_the_cap_instead_of_reading_forever() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("WEBHOOK_SECRET", "s")
        .args([
            "webhooks",
            "verify",
            "--key-id",
            "k",
            "--secret-env",
            "WEBHOOK_SECRET",
        ])
        .args(["--signature", SIGNATURE, "/dev/zero"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let code = exit_within(&mut child, std::time::Duration::from_secs(30));
    let stderr = stderr_of(&mut child);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("bigger than 4 MiB"), "{stderr}");
    // A body just at the cap is still read and verified.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("body");
    std::fs::write(&file, vec![b'x'; 4 * 1024 * 1024]).expect("written");
    let out = verify("s", SIGNATURE, None, file.to_str().expect("utf-8"));
    assert_eq!(out.status.code(), Some(1), "read, and invalid: {out:?}");
}
