//! `cinspect sign` against the SDKs' vectors, and `cinspect send` against the
//! simulator for every exit status; the secret never appears in any output.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use connect_inspector::sim::{self, SimConfig};
use serde_json::Value;

fn vectors() -> Value {
    let text = std::fs::read_to_string(common::fixture("v1hmac-vectors.json")).expect("vectors");
    serde_json::from_str(&text).expect("json")
}

fn cinspect(args: &[&str], envs: &[(&str, &str)], config: &std::path::Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cinspect"));
    cmd.env("CINSPECT_CONFIG_DIR", config)
        .args(args)
        .stdin(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("cinspect runs")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sign_reproduces_every_end_to_end_vector() {
    let config = tempfile::tempdir().expect("tmp");
    let vectors = vectors();
    let cases = vectors["end_to_end_vectors"].as_array().expect("list");
    assert!(!cases.is_empty());
    for v in cases {
        let secret = v["secretApiKey"].as_str().expect("secret");
        let headers: Vec<(String, String)> = v["headers"]
            .as_array()
            .expect("headers")
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap_or_default().to_string(),
                    h[1].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let date = headers
            .iter()
            .find(|(n, _)| n == "Date")
            .map(|(_, v)| v.clone())
            .expect("date");
        let mut args = vec![
            "sign".to_string(),
            "--key-id".into(),
            v["apiKeyId"].as_str().unwrap_or_default().into(),
            "--secret-env".into(),
            "CINSPECT_TEST_SECRET".into(),
            "--method".into(),
            v["method"].as_str().unwrap_or_default().into(),
            "--url".into(),
            v["url"].as_str().unwrap_or_default().into(),
            "--date".into(),
            date,
        ];
        for (name, value) in headers.iter().filter(|(n, _)| n != "Date") {
            args.push("-H".into());
            args.push(format!("{name}: {value}"));
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = cinspect(&argv, &[("CINSPECT_TEST_SECRET", secret)], config.path());
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{}: {stderr}", v["id"]);
        assert_eq!(
            stdout,
            format!(
                "Authorization: {}\n",
                v["expectedAuthorization"].as_str().unwrap_or_default()
            ),
            "{}",
            v["id"]
        );
        assert!(!stdout.contains(secret) && !stderr.contains(secret));

        let mut sts_args = argv.clone();
        sts_args.push("--string-to-sign");
        let (stdout, _) = text(&cinspect(&sts_args, &[], config.path()));
        assert_eq!(
            stdout,
            v["expectedStringToSign"].as_str().unwrap_or_default(),
            "{}",
            v["id"]
        );
    }
}

#[test]
fn sign_query_modes_match_the_sdk_families() {
    let config = tempfile::tempdir().expect("tmp");
    let v = &vectors()["string_to_sign_vector"];
    let mut args: Vec<String> = vec![
        "sign".into(),
        "--key-id".into(),
        "k".into(),
        "--method".into(),
        v["method"].as_str().unwrap_or_default().into(),
        "--url".into(),
        v["url"].as_str().unwrap_or_default().into(),
    ];
    for h in v["headers"].as_array().expect("headers") {
        let (name, value) = (
            h[0].as_str().unwrap_or_default(),
            h[1].as_str().unwrap_or_default(),
        );
        if name == "Date" {
            args.extend(["--date".to_string(), value.to_string()]);
        } else {
            args.extend(["-H".to_string(), format!("{name}: {value}")]);
        }
    }
    args.push("--string-to-sign".into());
    for (mode, key) in [
        (
            "decoded",
            "expectedStringToSign_Java_Go_DotNet_decodedQuery",
        ),
        ("as-sent", "expectedStringToSign_Python_Ruby_encodedQuery"),
    ] {
        let mut a = args.clone();
        a.extend(["--query".to_string(), mode.to_string()]);
        let argv: Vec<&str> = a.iter().map(String::as_str).collect();
        let (stdout, stderr) = text(&cinspect(&argv, &[], config.path()));
        assert_eq!(
            stdout,
            v[key].as_str().unwrap_or_default(),
            "{mode}: {stderr}"
        );
    }
}

/// Runs `cinspect send` against a fresh simulator.
async fn send(args: &[&str]) -> (i32, String, String) {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let base = running.base_url();
    let config = tempfile::tempdir().expect("tmp");
    let mut argv = vec!["send", "--base-url", &base];
    argv.extend_from_slice(args);
    let path = config.path().to_path_buf();
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let out = tokio::task::spawn_blocking(move || {
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        cinspect(&argv, &[], &path)
    })
    .await
    .expect("joined");
    running.shutdown().await;
    let (stdout, stderr) = text(&out);
    let code = out.status.code().unwrap_or(-1);
    assert!(
        !stdout.contains(sim::DEMO_SECRET) && !stderr.contains(sim::DEMO_SECRET),
        "the secret leaked"
    );
    (code, stdout, stderr)
}

#[tokio::test]
async fn send_exits_0_for_2xx_with_the_meaning() {
    let (code, out, err) = send(&["--template", "test-connection"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("200 Successful\nsuccess:"), "{out}");
}

#[tokio::test]
async fn send_exits_4_for_4xx_and_locates_errors_in_the_body() {
    let body = tempfile::NamedTempFile::new().expect("tmp");
    std::fs::write(body.path(), sim::demo_request_body()).expect("write");
    let path = body.path().display().to_string();
    let (code, out, err) = send(&[
        "--method",
        "POST",
        "--path",
        "/v1/{merchantId}/payments",
        "--body",
        &path,
        "--json",
    ])
    .await;
    assert_eq!(code, 4, "{err}");
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["status"], 400);
    assert_eq!(v["meaning"], "Bad Request");
    assert_eq!(v["listed"], true);
    assert_eq!(v["verdict"]["kind"], "validation");
    assert!(v["error_id"].is_string());
    let errors = v["errors"].as_array().expect("errors");
    let expiry = errors
        .iter()
        .find(|e| e["propertyName"] == "cardPaymentMethodSpecificInput.card.expiryDate")
        .expect("expiry error");
    assert!(
        expiry["location"]["line"].as_u64().is_some_and(|l| l > 1),
        "{expiry}"
    );
    assert!(errors.iter().all(|e| e.get("nested_in").is_some()));
    assert!(v["elapsed_ms"].is_u64());
}

/// A command line has no errors panel: its advice says what to do there, in text and JSON.
#[tokio::test]
async fn a_400s_advice_at_the_command_line_names_no_panel() {
    let body = tempfile::NamedTempFile::new().expect("tmp");
    std::fs::write(body.path(), sim::demo_request_body()).expect("write");
    let path = body.path().display().to_string();
    let args = [
        "--method",
        "POST",
        "--path",
        "/v1/{merchantId}/payments",
        "--body",
        &path,
    ];
    let (code, out, err) = send(&args).await;
    assert_eq!(code, 4, "{err}");
    assert!(!out.contains("panel"), "{out}");
    assert!(
        out.contains(
            "  fix the field each error names, at the line:col given with it, and resend\n"
        ),
        "{out}"
    );
    let (_, out, _) = send(&[&args[..], &["--json"]].concat()).await;
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    let details = v["verdict"]["details"].to_string();
    assert!(
        !details.contains("panel") && details.contains("fix the field each error names"),
        "{details}"
    );
}

#[tokio::test]
async fn send_exits_5_for_5xx_and_unlisted_statuses() {
    let (code, out, _) = send(&["--method", "GET", "--path", "/sim/empty-500"]).await;
    assert_eq!(code, 5);
    assert!(out.contains("platform"), "{out}");
    let (code, out, _) = send(&["--method", "GET", "--path", "/sim/status/599", "--json"]).await;
    assert_eq!(code, 5);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["listed"], false);
    // 299 is not in the API's list, but it is a 2xx.
    let (code, _, _) = send(&["--method", "GET", "--path", "/sim/status/299"]).await;
    assert_eq!(code, 0);
}

#[tokio::test]
async fn send_exits_3_when_no_response_arrives() {
    let config = tempfile::tempdir().expect("tmp");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let out = cinspect(
        &[
            "send",
            "--base-url",
            &base,
            "--template",
            "test-connection",
            "--json",
        ],
        &[],
        config.path(),
    );
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_str(&text(&out).0).expect("json");
    assert_eq!(v["verdict"]["kind"], "transport");
    assert!(v.get("status").is_none());
}

#[test]
fn send_refuses_invalid_json_with_line_and_column() {
    let config = tempfile::tempdir().expect("tmp");
    let body = config.path().join("body.json");
    std::fs::write(&body, "{\n  \"order\": ,\n}").expect("write");
    let out = cinspect(
        &[
            "send",
            "--method",
            "POST",
            "--path",
            "/v1/{merchantId}/payments",
            "--body",
            &body.display().to_string(),
        ],
        &[],
        config.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("line 2, column 12"),
        "{}",
        text(&out).1
    );
}

#[test]
fn unknown_environment_lists_the_known_ones() {
    let config = tempfile::tempdir().expect("tmp");
    let out = cinspect(
        &["send", "--env", "prod", "--template", "test-connection"],
        &[],
        config.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out)
            .1
            .contains("unknown environment \"prod\"; known: sim"),
        "{}",
        text(&out).1
    );
}

#[test]
fn a_broken_config_is_reported_with_file_line_and_column() {
    let config = tempfile::tempdir().expect("tmp");
    std::fs::write(
        config.path().join("config.toml"),
        "timeout_seconds = 5\n[environments.x\n",
    )
    .expect("write");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let out = cinspect(
        &["send", "--base-url", &base, "--template", "test-connection"],
        &[],
        config.path(),
    );
    let stderr = text(&out).1;
    let expected = format!("{}:2:", config.path().join("config.toml").display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(out.status.code(), Some(3), "it still ran, with defaults");
}

#[tokio::test]
async fn a_failing_secret_command_is_shown_and_nothing_is_sent() {
    let config = tempfile::tempdir().expect("tmp");
    std::fs::write(
        config.path().join("config.toml"),
        "[environments.sandbox]\nbase_url = \"http://127.0.0.1:9\"\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret_command = \"echo 'no such secret in the store' >&2; exit 3\"\n",
    )
    .expect("write");
    let out = cinspect(
        &["send", "--env", "sandbox", "--template", "test-connection"],
        &[],
        config.path(),
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out).0.contains("no such secret in the store"),
        "{:?}",
        text(&out)
    );
}

#[test]
fn send_stops_a_hanging_secret_command_and_exits_3() {
    let config = tempfile::tempdir().expect("config dir");
    std::fs::write(
        config.path().join("config.toml"),
        "secret_timeout_seconds = 1\n[environments.slow]\nbase_url = \"http://127.0.0.1:9\"\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret_command = \"sleep 60\"\n",
    )
    .expect("config written");
    let started = std::time::Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .args(["send", "--env", "slow", "--template", "test-connection"])
        .output()
        .expect("cinspect runs");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("`sleep 60` did not finish within 1 s"),
        "{stdout}"
    );
    // Far from the 60 s the command would have taken (no timed bound beyond that).
    assert!(started.elapsed() < std::time::Duration::from_secs(50));
}

/// How long `cinspect sim` may take to print its address, or to exit when it refuses to start.
const SIM_STARTUP_LIMIT: Duration = Duration::from_secs(30);

/// A secret of the user's own key: it must never show in anything the simulator prints.
const OWN_SECRET: &str = "own-app-secret-3f9c1d77";

/// `cinspect sim` as a process, killed and reaped however the test ends; what it prints is
/// collected.
struct SimProcess {
    child: Child,
    url: String,
    printed: Vec<JoinHandle<String>>,
}

impl SimProcess {
    /// Starts `cinspect sim --port 0 ARGS` and reads the URL from its first stdout line.
    fn start(args: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .args(["sim", "--port", "0"])
            .args(args)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cinspect sim starts");
        let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
        let (first_line, first_line_read) = mpsc::channel();
        let stdout = thread::spawn(move || {
            let mut reader = BufReader::new(stdout.expect("piped stdout"));
            let mut all = String::new();
            // The test may have given up waiting; the line then has no one to go to.
            let _ = reader.read_line(&mut all);
            let _ = first_line.send(all.clone());
            // Read to the end, so the simulator never blocks on a full pipe.
            let _ = reader.read_to_string(&mut all);
            all
        });
        let stderr = thread::spawn(move || {
            let mut all = String::new();
            let _ = stderr.expect("piped stderr").read_to_string(&mut all);
            all
        });
        let mut sim = Self {
            child,
            url: String::new(),
            printed: vec![stdout, stderr],
        };
        let line = first_line_read
            .recv_timeout(SIM_STARTUP_LIMIT)
            .expect("the simulator prints its address");
        sim.url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line is not `listening on URL`: {line:?}"))
            .to_owned();
        sim
    }

    /// Stops the simulator; returns everything it printed, stdout then stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::take(&mut self.printed)
            .into_iter()
            .map(|t| t.join().expect("reader thread"))
            .collect()
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        // An error means it is already gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An environment `mine` in config.toml: the user's own key id, its secret from `MY_APP_SECRET`.
fn own_key_config(url: &str) -> tempfile::TempDir {
    let config = tempfile::tempdir().expect("config dir");
    std::fs::write(
        config.path().join("config.toml"),
        format!(
            "[environments.mine]\nbase_url = \"{url}\"\nmerchant_id = \"1234\"\napi_key_id = \"mykey\"\nsecret_env = \"MY_APP_SECRET\"\n"
        ),
    )
    .expect("config written");
    config
}

#[test]
fn sim_accepts_an_own_key_id_with_its_secret_from_a_variable() {
    let sim = SimProcess::start(
        &[
            "--api-key-id",
            "mykey",
            "--secret-env",
            "CINSPECT_TEST_SIM_SECRET",
        ],
        &[("CINSPECT_TEST_SIM_SECRET", OWN_SECRET)],
    );
    let config = own_key_config(&sim.url);
    let send = |secret: &str| {
        let args = [
            "send",
            "--env",
            "mine",
            "--template",
            "test-connection",
            "--json",
        ];
        cinspect(&args, &[("MY_APP_SECRET", secret)], config.path())
    };

    let right = send(OWN_SECRET);
    let (stdout, stderr) = text(&right);
    assert_eq!(right.status.code(), Some(0), "{stdout}{stderr}");
    let v: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["status"], 200);

    let wrong = send("not-the-own-secret");
    let (stdout, stderr) = text(&wrong);
    assert_eq!(wrong.status.code(), Some(4), "{stdout}{stderr}");
    let v: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["status"], 401);
    assert_eq!(v["errors"][0]["code"], "9002", "{v}");

    // Besides, not instead of: the built-in `sim` environment's demo key still works.
    let demo = cinspect(
        &[
            "send",
            "--base-url",
            &sim.url,
            "--template",
            "test-connection",
        ],
        &[],
        config.path(),
    );
    assert_eq!(demo.status.code(), Some(0), "{:?}", text(&demo));

    let printed = sim.stop();
    assert!(printed.contains("apiKeyId mykey"), "{printed}");
    assert!(
        !printed.contains(OWN_SECRET),
        "the simulator printed the secret"
    );
    for out in [&right, &wrong] {
        let (stdout, stderr) = text(out);
        assert!(!stdout.contains(OWN_SECRET) && !stderr.contains(OWN_SECRET));
    }
}

/// Runs `cinspect sim --port 0 ARGS`, which should refuse to start; kills it if it does not.
fn sim_refusing(args: &[&str], envs: &[(&str, &str)]) -> (Option<ExitStatus>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .args(["sim", "--port", "0"])
        .args(args)
        .env_remove("CINSPECT_TEST_SIM_UNSET")
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cinspect sim runs");
    let deadline = Instant::now() + SIM_STARTUP_LIMIT;
    let status = loop {
        match child.try_wait().expect("waiting for cinspect sim") {
            Some(status) => break Some(status),
            None if Instant::now() >= deadline => break None,
            None => thread::sleep(Duration::from_millis(20)),
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    let _ = child
        .stderr
        .take()
        .map(|mut e| e.read_to_string(&mut stderr));
    (status, stderr)
}

#[test]
fn sim_refuses_a_missing_or_empty_secret_variable_naming_it() {
    let own = [
        "--api-key-id",
        "mykey",
        "--secret-env",
        "CINSPECT_TEST_SIM_UNSET",
    ];
    for envs in [&[][..], &[("CINSPECT_TEST_SIM_UNSET", "")][..]] {
        let (status, stderr) = sim_refusing(&own, envs);
        assert_eq!(status.and_then(|s| s.code()), Some(2), "{stderr}");
        assert!(
            stderr.starts_with("cinspect: the secret variable CINSPECT_TEST_SIM_UNSET is "),
            "{stderr}"
        );
    }
    let (status, stderr) = sim_refusing(&["--api-key-id", "mykey"], &[]);
    assert_eq!(status.and_then(|s| s.code()), Some(2), "{stderr}");
    assert!(stderr.contains("--secret-env"), "{stderr}");
}

#[test]
fn a_fifo_or_huge_config_is_refused_with_a_message_not_a_hang() {
    for kind in ["fifo", "huge"] {
        let config = tempfile::tempdir().expect("config dir");
        let path = config.path().join("config.toml");
        if kind == "fifo" {
            let c = std::ffi::CString::new(path.to_str().expect("utf-8")).expect("path");
            // SAFETY: mkfifo with a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        } else {
            std::fs::write(&path, "# padding\n".repeat(200_000)).expect("written");
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("CINSPECT_CONFIG_DIR", config.path())
            .args([
                "send",
                "--base-url",
                "http://127.0.0.1:9",
                "--template",
                "test-connection",
            ])
            .output()
            .expect("cinspect runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected = if kind == "fifo" {
            "not a regular file"
        } else {
            "more than a settings file may be"
        };
        assert!(stderr.contains(expected), "{kind}: {stderr}");
        assert!(stderr.contains("using defaults"), "{kind}: {stderr}");
    }
}
