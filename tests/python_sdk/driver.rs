//! Runs a script of `tests/python_sdk/` with the official Connect Python SDK against the real
//! `cinspect sim` binary (the pattern of tests/python_sdk.rs, shared by path so each test
//! binary states only its script). Without the SDK the test prints a note and passes, unless
//! `CINSPECT_REQUIRE_PYTHON_SDK` is set (as in CI), where it fails.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const PYTHON: &str = "python3";
const SDK_MODULE: &str = "ingenico.connect.sdk";
const REQUIRE_ENV: &str = "CINSPECT_REQUIRE_PYTHON_SDK";

/// How long the simulator may take to print its address.
const STARTUP_LIMIT: Duration = Duration::from_secs(30);
/// How long the script may run (it takes a few seconds; its HTTP calls time out after 30 s).
const SCRIPT_LIMIT: Duration = Duration::from_secs(300);

/// The simulator process, killed and reaped however the test ends.
struct SimGuard(Child);

impl Drop for SimGuard {
    fn drop(&mut self) {
        // An error here means the process is already gone; nothing is left to clean up.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Why the SDK cannot be used here, or None when `python3` imports it.
fn sdk_unavailable() -> Option<String> {
    let output = Command::new(PYTHON)
        .args(["-c", &format!("import {SDK_MODULE}")])
        .stdin(Stdio::null())
        .output();
    match output {
        Err(e) => Some(format!("`{PYTHON}` could not be run: {e}")),
        Ok(out) if !out.status.success() => Some(format!(
            "`{PYTHON} -c \"import {SDK_MODULE}\"` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(_) => None,
    }
}

/// Starts `cinspect sim --port 0` and returns it with the base URL from its first stdout line.
fn start_simulator(config_dir: &Path, stderr_log: &Path, sim_args: &[&str]) -> (SimGuard, String) {
    let stderr = File::create(stderr_log).expect("simulator stderr log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .args(["sim", "--port", "0"])
        .args(sim_args)
        .env("CINSPECT_CONFIG_DIR", config_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("cinspect sim starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let guard = SimGuard(child);
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut first = String::new();
        let read = reader.read_line(&mut first).map(|_| first);
        // The receiver may be gone after a timeout; the line then has no one to go to.
        let _ = tx.send(read);
        // Keep draining so the simulator never blocks on a full pipe.
        let _ = io::copy(&mut reader, &mut io::sink());
    });
    let line = match rx.recv_timeout(STARTUP_LIMIT) {
        Ok(Ok(line)) => line,
        Ok(Err(e)) => panic!("reading the simulator's stdout failed: {e}"),
        Err(e) => panic!(
            "the simulator printed no address within {STARTUP_LIMIT:?} ({e}); stderr:\n{}",
            read_log(stderr_log)
        ),
    };
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| {
            panic!(
                "first stdout line is not `listening on URL`: {line:?}; stderr:\n{}",
                read_log(stderr_log)
            )
        })
        .to_owned();
    (guard, url)
}

/// Runs the script against `url`, its output going to `log`; None when it ran past the limit.
fn run_script(script: &Path, url: &str, log: &Path) -> Option<ExitStatus> {
    let out = File::create(log).expect("script log");
    let err = out.try_clone().expect("script log handle");
    let mut child = Command::new(PYTHON)
        .arg(script)
        .env("CINSPECT_SIM_URL", url)
        // Leave no __pycache__ in the work tree.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("python3 runs the script");
    let deadline = Instant::now() + SCRIPT_LIMIT;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for the script") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(100));
    }
}

fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| format!("(no log at {}: {e})", path.display()))
}

/// Runs `tests/python_sdk/<script>` against a fresh simulator started with `sim_args` (after
/// `sim --port 0`); panics with the script's output and the simulator's stderr on failure.
pub fn run_sdk_script(script: &str, sim_args: &[&str]) {
    if let Some(reason) = sdk_unavailable() {
        if std::env::var_os(REQUIRE_ENV).is_some() {
            panic!(
                "{REQUIRE_ENV} is set but the official Python SDK is not usable: {reason}\n\
                 install it with `{PYTHON} -m pip install connect-sdk-python3==3.47.0`"
            );
        }
        // Straight to the process's stderr: the test harness keeps what eprintln! says
        // of a test that passes, and a skip should be seen.
        let _ = writeln!(
            std::io::stderr(),
            "note: skipping the official Python SDK test: {reason}\n\
             install it with `pip install connect-sdk-python3==3.47.0` \
             (set {REQUIRE_ENV} to make its absence a failure)"
        );
        return;
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let config_dir = dir.path().join("config");
    std::fs::create_dir(&config_dir).expect("config dir");
    let sim_log = dir.path().join("sim-stderr.log");
    let script_log = dir.path().join("script.log");

    let (sim, url) = start_simulator(&config_dir, &sim_log, sim_args);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/python_sdk")
        .join(script);
    let status = run_script(&path, &url, &script_log);
    drop(sim);

    let output = read_log(&script_log);
    match status {
        Some(status) if status.success() => println!("{output}"),
        Some(status) => panic!(
            "{script} against {url} failed ({status}):\n{output}\nsimulator stderr:\n{}",
            read_log(&sim_log)
        ),
        None => panic!(
            "{script} against {url} ran past {SCRIPT_LIMIT:?}:\n{output}\nsimulator stderr:\n{}",
            read_log(&sim_log)
        ),
    }
}
