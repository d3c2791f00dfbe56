//! `cinspect logs` end to end on the SDK log fixtures: text, --json,
//! --failed, standard input, a .gz, unreadable files, fragments, and --follow
//! on a file that grows, is rotated and is truncated.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// Longest a test waits for output before it fails instead of hanging.
const SAFETY: Duration = Duration::from_secs(60);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sdk-logs")
        .join(name)
}

fn command(config: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cinspect"));
    cmd.env("CINSPECT_CONFIG_DIR", config).arg("logs");
    cmd
}

fn logs(args: &[&str], stdin: Option<&[u8]>) -> (Output, String, String) {
    let config = tempfile::tempdir().expect("tmp");
    let mut cmd = command(config.path());
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("cinspect runs");
    // A command that hangs (a FIFO opened twice) is ended, not waited on forever.
    let pid = child.id() as libc::pid_t;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watched = std::sync::Arc::clone(&done);
    std::thread::spawn(move || {
        let start = std::time::Instant::now();
        while start.elapsed() < SAFETY {
            if watched.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !watched.load(std::sync::atomic::Ordering::SeqCst) {
            // SAFETY: the pid is our own child, not yet reaped (done is unset).
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(input).expect("write stdin");
    }
    let out = child.wait_with_output().expect("cinspect ends");
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn expected(name: &str) -> Vec<Value> {
    let text =
        std::fs::read_to_string(fixture(&format!("{name}.expected.json"))).expect("expected");
    let v: Value = serde_json::from_str(&text).expect("json");
    v["exchanges"].as_array().expect("exchanges").clone()
}

#[test]
fn text_lists_one_line_per_exchange_with_verdict_and_place() {
    let path = fixture("java-6.47.0-sysout.log");
    let (out, stdout, stderr) = logs(&[path.to_str().expect("utf-8")], None);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(
        lines[0].contains("  d9c01764  GET /v1/1234/services/testconnection  200 Successful"),
        "{}",
        lines[0]
    );
    assert!(lines[0].starts_with(&format!("{}:1  2026-12-02T00:28:38  ", path.display())));
    let invalid = lines[2];
    assert!(
        invalid.contains("400 Bad Request  validation error"),
        "{invalid}"
    );
    assert!(
        invalid.contains("order.amountOfMoney.currencyCode → 1:"),
        "{invalid}"
    );
    assert!(
        lines[3].contains("402 Payment Rejected  declined payment"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].contains("404 Not found") && lines[4].contains("paymentId"),
        "{}",
        lines[4]
    );
    assert!(stderr.is_empty(), "{stderr}");
}

/// A missing field's place is where it would go: said so, as the TUI's errors panel says it,
/// never as a bare `→ 29:26` that reads as "found there".
#[test]
fn a_missing_field_is_said_missing_with_where_it_would_go() {
    let path = fixture("mixed-app.log");
    let (out, stdout, stderr) = logs(&[path.to_str().expect("utf-8")], None);
    assert!(out.status.success(), "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.contains("PARAMETER_NOT_FOUND_IN_REQUEST"))
        .expect("the missing-amount exchange");
    assert!(
        line.ends_with("  order.amountOfMoney.amount → missing amount, would go at 29:26"),
        "{line}"
    );
    // A field that is there keeps its bare place.
    assert!(
        stdout.contains("  order.amountOfMoney.currencyCode → 31:29\n"),
        "{stdout}"
    );
}

#[test]
fn json_lines_carry_send_names_and_the_log_fields_for_every_fixture() {
    let dir = fixture("");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".log").map(str::to_string))
        .collect();
    names.sort();
    let paths: Vec<String> = names
        .iter()
        .map(|n| fixture(&format!("{n}.log")).display().to_string())
        .collect();
    let mut args = vec!["--json"];
    args.extend(paths.iter().map(String::as_str));
    let (out, stdout, stderr) = logs(&args, None);
    assert!(out.status.success(), "{stderr}");
    let got = json_lines(&stdout);
    let mut i = 0;
    for (name, path) in names.iter().zip(&paths) {
        for want in expected(name) {
            let x = &got[i];
            i += 1;
            assert_eq!(x["file"].as_str(), Some(path.as_str()));
            assert_eq!(x["request_id"], want["requestId"], "{name}");
            assert_eq!(x["method"], want["method"], "{name}");
            assert_eq!(x["uri"], want["uri"], "{name}");
            assert_eq!(x["status"], want["statusCode"], "{name}");
            assert!(x["line"].as_u64().is_some_and(|l| l > 0));
            assert!(x["sdk"].is_string() && x["verdict"]["kind"].is_string());
            for key in [
                "meaning",
                "listed",
                "error_id",
                "errors",
                "headers",
                "body",
                "request_headers",
                "masked",
                "elapsed_ms",
                "time",
            ] {
                assert!(x.get(key).is_some(), "{name}: no {key}");
            }
            if want["requestBodyPresent"] == Value::Bool(true) {
                let body = x["request_body"].as_str().expect("request body");
                assert!(
                    body.contains("\"************"),
                    "{name}: the card number is masked"
                );
                let masked = x["masked"].as_array().expect("masked");
                assert!(
                    masked
                        .iter()
                        .any(|m| m["path"] == "cardPaymentMethodSpecificInput.card.cvv"
                            && m["location"]["line"].as_u64().is_some())
                );
            }
            if want["statusCode"].is_null() {
                assert_eq!(x["verdict"]["kind"], "no_response");
            }
            let props: Vec<&Value> = x["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .map(|e| &e["propertyName"])
                .filter(|p| !p.is_null())
                .collect();
            let want_props: Vec<&Value> = want["errorPropertyNames"]
                .as_array()
                .expect("names")
                .iter()
                .collect();
            assert_eq!(props, want_props, "{name}");
            for e in x["errors"].as_array().expect("errors") {
                if x["request_body"].is_string() && e["propertyName"].is_string() {
                    assert!(e["location"]["line"].as_u64().is_some(), "{name}: {e}");
                }
                assert!(e.get("nested_in").is_some());
            }
        }
    }
    assert_eq!(i, got.len(), "no extra exchanges");
}

#[test]
fn failed_keeps_the_non_2xx_and_the_unanswered() {
    let path = fixture("mixed-app.log");
    let (out, stdout, _) = logs(&["--failed", "--json", path.to_str().expect("utf-8")], None);
    assert!(out.status.success());
    let statuses: Vec<Value> = json_lines(&stdout)
        .iter()
        .map(|x| x["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        vec![
            Value::from(400),
            402.into(),
            404.into(),
            Value::Null,
            400.into()
        ]
    );
    let (_, text, _) = logs(&["--failed", path.to_str().expect("utf-8")], None);
    assert!(
        text.lines()
            .any(|l| l.contains("6241b725") && l.contains("no response logged")),
        "{text}"
    );
}

#[test]
fn standard_input_and_a_gzip_file() {
    let log = std::fs::read(fixture("nodejs-5.2.0-pino.log")).expect("log");
    let (out, stdout, _) = logs(&["--json", "-"], Some(&log));
    assert!(out.status.success());
    let xs = json_lines(&stdout);
    assert_eq!(xs.len(), 5);
    assert_eq!(xs[0]["file"], "-");
    assert_eq!(xs[0]["time"], "2026-12-01T23:59:30.917Z");

    let dir = tempfile::tempdir().expect("tmp");
    let gz = dir.path().join("go.log.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).expect("create"),
        flate2::Compression::fast(),
    );
    enc.write_all(&std::fs::read(fixture("go-5.0.0-log.log")).expect("log"))
        .expect("write");
    enc.finish().expect("finish");
    let (out, stdout, _) = logs(&["--json", gz.to_str().expect("utf-8")], None);
    assert!(out.status.success());
    let xs = json_lines(&stdout);
    assert_eq!(xs.len(), 5);
    assert_eq!(xs[2]["sdk"], "go");
    assert_eq!(xs[2]["status"], 400);
}

#[test]
fn an_unreadable_file_is_named_with_the_reason_and_the_others_are_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let missing = dir.path().join("missing.log");
    let good = fixture("ruby-5.0.1-stdout.log");
    let (out, stdout, stderr) = logs(
        &[
            missing.to_str().expect("utf-8"),
            good.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("missing.log") && stderr.contains("No such file"),
        "{stderr}"
    );
    assert_eq!(stdout.lines().count(), 5);
    let (out, _, stderr) = logs(&[], None);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
}

#[test]
fn fragments_go_to_stderr_and_log_text_is_made_printable() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("app.log");
    let log = "2026-12-02T00:00:01 Outgoing request (requestId='a1'):\n  method:       'GET'\n  uri:          '/v1/1234/\u{1b}]52;c;aGk=\u{7}x'\n  headers:      ''\n2026-12-02T00:00:02 Incoming response (requestId='a1', 3 ms):\n  status-code:  '418'\n  headers:      ''\n  content-type: 'text/plain'\n  body:         'short and stout'\n2026-12-02T00:00:03 Outgoing request (requestId='cut'):\n  method:       'POST'\n  uri:          '/v1/1234/payments'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{\n";
    std::fs::write(&path, log).expect("write");
    let (out, stdout, stderr) = logs(&[path.to_str().expect("utf-8")], None);
    assert!(out.status.success(), "fragments are no failure: {stderr}");
    assert!(
        !stdout.contains('\u{1b}') && stdout.contains("\\x1b]52;c;aGk=\\x07x"),
        "{stdout}"
    );
    assert!(
        stdout.contains("418 Client error (not in the API's list)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 fragment could not be read: line 10"),
        "{stderr}"
    );
}

/// Lines of a child's stdout as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<String>, id: &str) -> Value {
    loop {
        let line = rx
            .recv_timeout(SAFETY)
            .unwrap_or_else(|_| panic!("no exchange {id} came"));
        let v: Value = serde_json::from_str(&line).expect("json");
        if v["request_id"] == id {
            return v;
        }
    }
}

fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .expect("open");
    f.write_all(text.as_bytes()).expect("append");
}

fn exchange(id: &str, status: u16) -> (String, String) {
    (
        format!(
            "2026-12-02T00:00:01 Outgoing request (requestId='{id}'):\n  method:       'GET'\n  uri:          '/v1/1234/payments/{id}'\n  headers:      'Authorization=\"********\"'\n"
        ),
        format!(
            "2026-12-02T00:00:02 Incoming response (requestId='{id}', 5 ms):\n  status-code:  '{status}'\n  headers:      'content-type=\"application/json\"'\n  content-type: 'application/json'\n  body:         '{{\"errorId\":\"x\",\"errors\":[{{\"code\":\"1002\",\"propertyName\":\"paymentId\"}}]}}'\n"
        ),
    )
}

#[test]
fn follow_prints_each_exchange_as_its_response_arrives_through_rotation_and_truncation() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("app.log");
    let (req, resp) = exchange("before", 200);
    std::fs::write(&path, format!("{req}{resp}")).expect("write");
    let config = tempfile::tempdir().expect("tmp");
    let mut child = command(config.path())
        .args(["--follow", "--json", path.to_str().expect("utf-8")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cinspect runs");
    let rx = lines_of(&mut child);
    assert_eq!(
        wait_for(&rx, "before")["status"],
        200,
        "what was there is read first"
    );

    let (req, resp) = exchange("grown", 404);
    append(&path, &req);
    append(&path, &resp);
    assert_eq!(wait_for(&rx, "grown")["status"], 404);

    std::fs::rename(&path, dir.path().join("app.log.1")).expect("rotate");
    // Ordinary lines first: once "rotated" is out, more has been read than
    // the truncated file will hold, so the truncation shows.
    let filler = "2026-12-02T00:00:01 app: an ordinary line of the application\n".repeat(100);
    let (req, resp) = exchange("rotated", 404);
    std::fs::write(&path, format!("{filler}{req}{resp}")).expect("new file");
    let x = wait_for(&rx, "rotated");
    assert_eq!(x["line"], 101, "the new file is read from its start");

    std::fs::write(&path, "").expect("truncate");
    let (req, resp) = exchange("truncated", 200);
    append(&path, &format!("{req}{resp}"));
    assert_eq!(wait_for(&rx, "truncated")["line"], 1);

    child.kill().expect("stop cinspect");
    child.wait().expect("reaped");
}

/// A named FIFO at `path` (what `<(cmd)` hands a program, by another name).
fn fifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Writes `bytes` into the FIFO once a reader opens it.
fn feed(path: &Path, bytes: Vec<u8>) -> std::thread::JoinHandle<()> {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        use std::os::unix::fs::OpenOptionsExt;
        // Not blocking at open: a reader that never comes must not hang the test.
        let start = std::time::Instant::now();
        let f = loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&path)
            {
                Ok(f) => break f,
                Err(_) if start.elapsed() < SAFETY => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => return,
            }
        };
        {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid descriptor we own; back to blocking writes.
            unsafe { libc::fcntl(f.as_raw_fd(), libc::F_SETFL, 0) };
        }
        let mut f = f;
        // The reader may stop early (an error): a broken pipe is its answer.
        let _ = f.write_all(&bytes);
    })
}

#[test]
fn a_fifo_is_read_as_it_comes_plain_or_gzip_and_with_follow() {
    let dir = tempfile::tempdir().expect("tmp");
    let pipe = dir.path().join("pipe.log");
    fifo(&pipe);
    let plain = std::fs::read(fixture("ruby-5.0.1-stdout.log")).expect("log");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).expect("gzip");
    let gz = gz.finish().expect("gzip");
    let path = pipe.to_str().expect("utf-8");
    for (what, bytes, args) in [
        ("plain", plain.clone(), vec!["--json", path]),
        ("gzip", gz, vec!["--json", path]),
        // A pipe cannot be followed: it is read to its end, then the command ends.
        ("followed", plain, vec!["--json", "--follow", path]),
    ] {
        let writer = feed(&pipe, bytes);
        let (out, stdout, stderr) = logs(&args, None);
        writer.join().expect("the writer ends");
        assert!(out.status.success(), "{what}: {stderr}");
        assert!(!stderr.contains("Illegal seek"), "{what}: {stderr}");
        let xs = json_lines(&stdout);
        assert_eq!(xs.len(), 5, "{what}: {stdout}");
        assert_eq!(xs[2]["status"], 400, "{what}");
    }
}

/// Ends `child` if it has not ended within SAFETY; its exit status.
fn wait_exit(child: &mut Child) -> Option<i32> {
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("polled") {
            return status.code();
        }
        if start.elapsed() > SAFETY {
            let _ = child.kill();
            panic!("cinspect did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_followed_path_rotated_into_a_fifo_is_skipped_with_one_note_and_the_others_go_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let (a, b) = (dir.path().join("a.log"), dir.path().join("b.log"));
    let (req, resp) = exchange("first-a", 200);
    std::fs::write(&a, format!("{req}{resp}")).expect("write");
    let (req, resp) = exchange("first-b", 200);
    std::fs::write(&b, format!("{req}{resp}")).expect("write");
    let config = tempfile::tempdir().expect("tmp");
    let mut child = command(config.path())
        .args(["--follow", "--json"])
        .args([&a, &b])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cinspect runs");
    let rx = lines_of(&mut child);
    wait_for(&rx, "first-a");
    wait_for(&rx, "first-b");

    std::fs::remove_file(&a).expect("rotated away");
    fifo(&a);
    // Two rounds: by the second, a.log has surely been looked at since it became a FIFO.
    for id in ["then-b", "again-b"] {
        let (req, resp) = exchange(id, 404);
        append(&b, &format!("{req}{resp}"));
        assert_eq!(wait_for(&rx, id)["status"], 404, "b.log goes on");
    }
    child.kill().expect("stop cinspect");
    let out = child.wait_with_output().expect("reaped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("not a regular file").count(),
        1,
        "one note: {stderr}"
    );
    assert!(stderr.contains("a.log"), "{stderr}");
}

#[test]
fn a_followed_file_that_becomes_a_directory_ends_with_status_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("app.log");
    let (req, resp) = exchange("before", 200);
    std::fs::write(&path, format!("{req}{resp}")).expect("write");
    let config = tempfile::tempdir().expect("tmp");
    let mut child = command(config.path())
        .args(["--follow", "--json"])
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cinspect runs");
    let rx = lines_of(&mut child);
    wait_for(&rx, "before");
    // An unanswered request waits when the file goes: it is still given out.
    let (req, _) = exchange("waiting", 200);
    append(&path, &req);
    std::fs::remove_file(&path).expect("removed");
    std::fs::create_dir(&path).expect("a directory in its place");
    let code = wait_exit(&mut child);
    let x = wait_for(&rx, "waiting");
    assert_eq!(x["status"], Value::Null);
    let out = child.wait_with_output().expect("reaped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("app.log") && stderr.contains("cannot be read any more"),
        "{stderr}"
    );
}
