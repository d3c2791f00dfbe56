//! End to end: the real binary in tmux. `cinspect --demo` starts its own
//! simulator; F5 sends the demo request; F8 jumps to an error; Ctrl-Q quits and
//! the shell gets its terminal back.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// tmux is an optional extra for these tests (tests/e2e_pty.rs needs nothing but Rust): without
/// it they print a note and pass.
macro_rules! require_tmux {
    () => {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("note: tmux is not installed; skipping this tmux end-to-end test");
            return;
        }
    };
}

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs (CI installs it; install tmux to run this test)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// The screen once it shows `what` and has stopped changing (a frame can
    /// reach tmux in more than one read).
    fn wait_for(&self, what: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                std::thread::sleep(Duration::from_millis(50));
                let again = self.screen();
                if again == screen {
                    return screen;
                }
                continue;
            }
            assert!(
                start.elapsed() < timeout,
                "{what:?} did not appear within {timeout:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// Starts `cinspect --demo` in a fresh tmux server; the shell reports the exit status.
fn start_demo(name: &str) -> (Tmux, tempfile::TempDir) {
    start(name, &[], |_| {})
}

fn start_demo_with_config(name: &str, config_toml: Option<&str>) -> (Tmux, tempfile::TempDir) {
    start(name, &[], |dir| {
        if let Some(text) = config_toml {
            std::fs::write(dir.join("config.toml"), text).expect("config written");
        }
    })
}

/// `cinspect --demo` at 120x40 with its own config directory (prepared by
/// `setup`) and extra `NAME=value` variables; waits for the first frame.
fn start(name: &str, env: &[&str], setup: impl FnOnce(&Path)) -> (Tmux, tempfile::TempDir) {
    let config = tempfile::tempdir().expect("temp config dir");
    setup(config.path());
    let exe = env!("CARGO_BIN_EXE_cinspect");
    let tmux = Tmux {
        socket: format!("cinspect-{name}-{}", std::process::id()),
    };
    let shell = format!("'{exe}' --demo; echo \"cinspect exited with $?\"; sleep 30");
    let config_var = format!("CINSPECT_CONFIG_DIR={}", config.path().display());
    let mut args = vec![
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "120",
        "-y",
        "40",
        "-e",
        &config_var,
    ];
    for var in env {
        args.extend(["-e", var]);
    }
    args.extend(["sh", "-c", &shell]);
    tmux.run(&args);
    tmux.wait_for("Response", Duration::from_secs(30));
    (tmux, config)
}

/// The pid of cinspect: the child of the pane's shell.
fn cinspect_pid(tmux: &Tmux) -> String {
    let shell = tmux.run(&["display-message", "-p", "-t", "e2e", "#{pane_pid}"]);
    let out = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .expect("pgrep runs");
    let pid = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        !pid.is_empty(),
        "cinspect is running under the pane's shell"
    );
    pid
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    require_tmux!();
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let (tmux, _config) = start_demo(&format!("sig{signal}"));
        let pid = cinspect_pid(&tmux);
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let screen = tmux.wait_for(
            &format!("cinspect exited with {code}"),
            Duration::from_secs(10),
        );
        assert!(
            !screen.contains("Response"),
            "SIG{signal}: the alternate screen was left:\n{screen}"
        );
    }
}

#[test]
fn idle_writes_nothing_to_the_terminal() {
    require_tmux!();
    let (tmux, config) = start_demo("idle");
    // Let the first frame settle, then record everything cinspect writes.
    std::thread::sleep(Duration::from_millis(500));
    let log = config.path().join("pane-output.bin");
    tmux.run(&[
        "pipe-pane",
        "-t",
        "e2e",
        "-o",
        &format!("cat > '{}'", log.display()),
    ]);
    std::thread::sleep(Duration::from_secs(2));
    let size = || std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    let idle = size();
    // The recording works: a keystroke in the body editor is written.
    tmux.run(&["send-keys", "-t", "e2e", "x"]);
    let start = Instant::now();
    while size() == idle && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.run(&["pipe-pane", "-t", "e2e"]);
    assert!(size() > idle, "the keystroke's redraw was recorded");
    assert_eq!(idle, 0, "an idle cinspect wrote {idle} bytes");
}

#[test]
fn demo_sends_with_f5_jumps_with_f8_and_quits_with_ctrl_q() {
    require_tmux!();
    let config = tempfile::tempdir().expect("temp config dir");
    let exe = env!("CARGO_BIN_EXE_cinspect");
    assert!(Path::new(exe).exists());
    let tmux = Tmux {
        socket: format!("cinspect-e2e-{}", std::process::id()),
    };
    let shell = format!("'{exe}' --demo; echo \"cinspect exited with $?\"; sleep 30");
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "120",
        "-y",
        "40",
        "-e",
        &format!("CINSPECT_CONFIG_DIR={}", config.path().display()),
        "sh",
        "-c",
        &shell,
    ]);
    let screen = tmux.wait_for("Response", Duration::from_secs(30));
    assert!(
        screen.contains("cardPaymentMethodSpecificInput"),
        "the demo body is preloaded:\n{screen}"
    );

    tmux.run(&["send-keys", "-t", "e2e", "F5"]);
    tmux.wait_for("400 Bad Request", Duration::from_secs(30));
    let screen = tmux.wait_for("errorId", Duration::from_secs(10));
    assert!(screen.contains("21000120"), "{screen}");
    assert!(
        screen.contains("●"),
        "error lines are marked in the gutter:\n{screen}"
    );

    tmux.run(&["send-keys", "-t", "e2e", "F8"]);
    // The body title shows the cursor position; after F8 it is no longer 1:1.
    let start = Instant::now();
    let screen = loop {
        let screen = tmux.screen();
        if !screen.contains(" Body 1:1 ") {
            break screen;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "F8 did not move the cursor:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(screen.contains("▶"), "an error is selected:\n{screen}");

    tmux.run(&["send-keys", "-t", "e2e", "C-q"]);
    let screen = tmux.wait_for("cinspect exited with 0", Duration::from_secs(10));
    // Back on the normal screen: the TUI's panes are gone.
    assert!(
        !screen.contains("Response"),
        "the alternate screen was left:\n{screen}"
    );
}

#[test]
fn the_as_sent_view_shows_the_string_to_sign_but_never_the_secret() {
    require_tmux!();
    let (tmux, _config) = start_demo("assent");
    tmux.run(&["send-keys", "-t", "e2e", "F5"]);
    tmux.wait_for("400 Bad Request", Duration::from_secs(30));
    tmux.run(&["send-keys", "-t", "e2e", "F6"]);
    tmux.wait_for("String to sign", Duration::from_secs(10));
    // The overlay may still be mid-draw when its title shows: wait for its last part.
    let screen = tmux.wait_for("POST⏎", Duration::from_secs(10));
    assert!(
        screen.contains("Authorization: GCS v1HMAC:cinspect-demo-key:"),
        "{screen}"
    );
    assert!(
        !screen.contains(connect_inspector::sim::DEMO_SECRET),
        "the secret is on screen:\n{screen}"
    );
    tmux.run(&["send-keys", "-t", "e2e", "Escape"]);
    tmux.run(&["send-keys", "-t", "e2e", "C-q"]);
    tmux.wait_for("cinspect exited with 0", Duration::from_secs(10));
}

#[test]
fn a_broken_config_is_shown_and_the_tui_still_starts() {
    require_tmux!();
    let (tmux, config) =
        start_demo_with_config("badcfg", Some("timeout_seconds = 5\n[environments.x\n"));
    let screen = tmux.wait_for("config.toml:2:", Duration::from_secs(10));
    assert!(screen.contains("using defaults"), "{screen}");
    drop(config);
}

#[test]
fn copy_writes_osc_52_and_the_editor_round_trip_changes_the_body() {
    require_tmux!();
    let (tmux, config) = start_demo("copyedit");
    tmux.run(&["send-keys", "-t", "e2e", "F5"]);
    tmux.wait_for("400 Bad Request", Duration::from_secs(30));
    let log = config.path().join("pane-output.bin");
    tmux.run(&[
        "pipe-pane",
        "-t",
        "e2e",
        "-o",
        &format!("cat > '{}'", log.display()),
    ]);
    tmux.run(&["send-keys", "-t", "e2e", "C-y"]);
    tmux.wait_for("Copy to the clipboard", Duration::from_secs(10));
    tmux.run(&["send-keys", "-t", "e2e", "Enter"]);
    tmux.wait_for("copied ", Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(300));
    tmux.run(&["pipe-pane", "-t", "e2e"]);
    let written = std::fs::read(&log).unwrap_or_default();
    assert!(
        written.windows(7).any(|w| w == b"\x1b]52;c;"),
        "no OSC 52 sequence was written"
    );
}

#[test]
fn ctrl_o_edits_the_body_in_editor_and_resumes() {
    require_tmux!();
    // A scripted "editor": fixes the expiry date in place.
    let (tmux, _config) = start("editor", &["VISUAL=sed -i s/1210/1230/"], |_| {});
    tmux.run(&["send-keys", "-t", "e2e", "C-o"]);
    let screen = tmux.wait_for("body updated from the editor", Duration::from_secs(10));
    assert!(screen.contains("\"1230\""), "{screen}");
    tmux.run(&["send-keys", "-t", "e2e", "C-q"]);
    tmux.wait_for("cinspect exited with 0", Duration::from_secs(10));
}

#[test]
fn a_corrupt_history_file_leaves_the_tui_running_with_history_off() {
    require_tmux!();
    let (tmux, config) = start("badhist", &[], |dir| {
        std::fs::write(dir.join("history.sqlite3"), b"not a database").expect("written");
    });
    let history = config.path().join("history.sqlite3");
    let screen = tmux.wait_for("history is off this session", Duration::from_secs(30));
    assert!(screen.contains("Response"), "{screen}");
    tmux.run(&["send-keys", "-t", "e2e", "F5"]);
    tmux.wait_for("400 Bad Request", Duration::from_secs(30));
    tmux.run(&["send-keys", "-t", "e2e", "C-q"]);
    tmux.wait_for("cinspect exited with 0", Duration::from_secs(10));
    assert_eq!(
        std::fs::read(&history).expect("kept"),
        b"not a database",
        "never overwritten"
    );
}
