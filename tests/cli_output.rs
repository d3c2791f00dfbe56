//! What the commands print: a reader that went away (`| head -1`) ends a
//! command quietly, and `--json` keeps a server's C1 controls and bidi marks
//! as `\uXXXX` (the same value, safe on a terminal). The export to a terminal
//! is in tests/e2e_pty.rs.

use std::net::SocketAddr;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use connect_inspector::sim::{self, SimConfig};

fn cinspect(config: &Path, args: &[&str], stdout: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config)
        .env("RUST_BACKTRACE", "1")
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("cinspect runs")
}

/// A pipe whose reading end is already closed: the first write fails with EPIPE.
fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills both descriptors on success; each is owned once below.
    let made = unsafe { libc::pipe(fds.as_mut_ptr()) };
    assert_eq!(made, 0, "a pipe");
    // SAFETY: fds[0] and fds[1] are fresh descriptors owned by nothing else.
    drop(unsafe { OwnedFd::from_raw_fd(fds[0]) });
    Stdio::from(unsafe { OwnedFd::from_raw_fd(fds[1]) })
}

/// An exchange in a fresh history whose request body holds a C1 CSI and an RLO.
async fn recorded() -> (tempfile::TempDir, sim::RunningSim) {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let dir = tempfile::tempdir().expect("dir");
    let body = dir.path().join("body.json");
    std::fs::write(
        &body,
        "{\"order\": {\"references\": {\"descriptor\": \"a\u{9b}31mb\u{202e}c\"}}}",
    )
    .expect("w");
    let (config, base, body) = (dir.path().to_path_buf(), running.base_url(), body);
    let out = tokio::task::spawn_blocking(move || {
        let args = [
            "send",
            "--base-url",
            &base,
            "--method",
            "POST",
            "--path",
            "/v1/{merchantId}/payments",
            "--body",
            body.to_str().expect("utf-8"),
        ];
        cinspect(&config, &args, Stdio::piped())
    })
    .await
    .expect("joined");
    assert!(
        out.status.code().is_some_and(|c| c == 4 || c == 0),
        "{out:?}"
    );
    (dir, running)
}

fn quiet(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(141),
        "as SIGPIPE ends a command: {what}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

// Several threads: the simulator answers while a command blocks this test's thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_ends_each_command_quietly() {
    let (dir, running) = recorded().await;
    let config = dir.path();
    for args in [
        &["history", "list"][..],
        &["history", "list", "--json"],
        &["history", "show", "1"],
        &["history", "export", "1", "--format", "curl"],
    ] {
        let out = cinspect(config, args, closed_pipe());
        quiet(&out, &args.join(" "));
    }
    let file = config.join("flow.http");
    std::fs::write(&file, "GET /v1/{merchantId}/services/testconnection\n").expect("w");
    let base = running.base_url();
    let out = cinspect(
        config,
        &["run", file.to_str().expect("utf-8"), "--base-url", &base],
        closed_pipe(),
    );
    quiet(&out, "run");
    let out = cinspect(
        config,
        &["send", "--base-url", &base, "--template", "test-connection"],
        closed_pipe(),
    );
    quiet(&out, "send");
    running.shutdown().await;
}

#[tokio::test]
async fn json_output_escapes_c1_controls_and_bidi_marks_and_keeps_the_value() {
    let (dir, running) = recorded().await;
    let out = cinspect(
        dir.path(),
        &["history", "show", "1", "--json"],
        Stdio::piped(),
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        !text.contains('\u{9b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(text.contains("\\u009b31mb\\u202ec"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
    assert!(value.to_string().contains('\u{9b}'), "the same value");
    // An export to a file (or a pipe) is the exact bytes.
    let file = dir.path().join("report.md");
    let out = cinspect(
        dir.path(),
        &[
            "history",
            "export",
            "1",
            "--format",
            "http",
            "--output",
            file.to_str().expect("utf-8"),
        ],
        Stdio::piped(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(written.contains("a\u{9b}31mb\u{202e}c"), "{written}");
    // Never through a link.
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(dir.path().join("victim"), &link).expect("link");
    let out = cinspect(
        dir.path(),
        &[
            "history",
            "export",
            "1",
            "--format",
            "http",
            "--output",
            link.to_str().expect("utf-8"),
        ],
        Stdio::piped(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert!(!dir.path().join("victim").exists());
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stderr_loses_messages_and_never_panics() {
    let (dir, running) = recorded().await;
    let config = dir.path();
    for args in [
        &["history", "show", "99999"][..],
        &["run", "/nonexistent.http"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("CINSPECT_CONFIG_DIR", config)
            .env("RUST_BACKTRACE", "1")
            .args(args)
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(closed_pipe())
            .output()
            .expect("cinspect runs");
        assert_ne!(out.status.code(), Some(101), "{args:?}: a panic");
        assert!(
            out.status.code().is_some_and(|c| c == 1 || c == 2),
            "{args:?}: {:?}",
            out.status
        );
    }
    running.shutdown().await;
}
