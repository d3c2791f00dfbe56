//! End to end through a pseudo-terminal: the real binary (`cinspect --demo`,
//! which starts its own simulator) runs in a PTY opened by this test; its
//! output is parsed by vt100 into a screen with a cursor, and keys are the
//! bytes a terminal sends. Nothing but the Rust toolchain is needed (the
//! tmux flavour in tests/e2e_tmux.rs is an optional extra).

use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::unistd::Pid;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLS: u16 = 120;

// The bytes an xterm-like terminal sends for these keys.
const F5: &[u8] = b"\x1b[15~";
const F6: &[u8] = b"\x1b[17~";
const F8: &[u8] = b"\x1b[19~";
const ESC: &[u8] = b"\x1b";
const ENTER: &[u8] = b"\r";
const CTRL_O: &[u8] = b"\x0f";
const CTRL_Q: &[u8] = b"\x11";
const CTRL_Y: &[u8] = b"\x19";

/// Generous: a loaded 2-core machine may be building something else meanwhile.
const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);
/// A frame can arrive in several reads: a screen counts once no byte came for this long.
const SETTLE: Duration = Duration::from_millis(50);

/// vt100's hooks: answers the queries a terminal answers, records clipboard writes.
#[derive(Default)]
struct Hooks {
    /// Bytes the "terminal" owes the app (written back by the reader thread).
    replies: Vec<u8>,
    /// The base64 payloads of OSC 52 clipboard writes.
    clipboard: Vec<Vec<u8>>,
}

// cinspect asks the terminal nothing today (its backend never asks for the
// cursor), so the answers below are only there so that a future query gets a
// reply instead of hanging the test.
impl vt100::Callbacks for Hooks {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        _i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        match (i1, params, c) {
            // Cursor position report (DSR 6): 1-based row;col.
            (None, [[6]], 'n') => {
                let (row, col) = screen.cursor_position();
                let reply = format!("\x1b[{};{}R", row + 1, col + 1);
                self.replies.extend_from_slice(reply.as_bytes());
            }
            // Primary device attributes: a VT220 with ANSI colour.
            (None, [] | [[0]], 'c') => self.replies.extend_from_slice(b"\x1b[?62;22c"),
            _ => {}
        }
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
}

/// Everything the terminal has received, shared with the reader thread.
struct Term {
    parser: vt100::Parser<Hooks>,
    raw: Vec<u8>,
    last_byte: Instant,
    /// The reader saw EOF/EIO: every holder of the PTY's slave side is gone.
    closed: bool,
}

/// The screen at one moment, for assertions and for failure messages.
struct Snap {
    rows: Vec<String>,
    cursor: (u16, u16),
    /// The cursor's row from the cursor's column on (vt100 counts columns, not bytes).
    at_cursor: String,
    alternate: bool,
    hide_cursor: bool,
    bracketed_paste: bool,
    /// Bytes received up to this screen (compare with `Pty::mark`).
    received: usize,
}

impl Snap {
    fn of(term: &Term) -> Self {
        let screen = term.parser.screen();
        let (row, col) = screen.cursor_position();
        Self {
            rows: screen.rows(0, COLS).collect(),
            cursor: (row, col),
            at_cursor: screen
                .rows(col, COLS - col)
                .nth(usize::from(row))
                .unwrap_or_default(),
            alternate: screen.alternate_screen(),
            hide_cursor: screen.hide_cursor(),
            bracketed_paste: screen.bracketed_paste(),
            received: term.raw.len(),
        }
    }

    fn contains(&self, text: &str) -> bool {
        self.rows.iter().any(|row| row.contains(text))
    }

    fn cursor_row(&self) -> &str {
        &self.rows[usize::from(self.cursor.0)]
    }
}

impl fmt::Display for Snap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (row, col) = self.cursor;
        writeln!(
            f,
            "cursor at row {row} col {col}, alternate screen {}:",
            self.alternate
        )?;
        for (i, line) in self.rows.iter().enumerate() {
            let mark = if i == usize::from(row) { '>' } else { ' ' };
            writeln!(f, "{mark}{i:2}|{line}")?;
        }
        Ok(())
    }
}

/// The binary in a PTY of ROWS x COLS.
struct Pty {
    term: Arc<Mutex<Term>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    status: Option<ExitStatus>,
}

impl Pty {
    /// Spawns the binary itself (no shell in between, so the pid is cinspect's)
    /// with a clean environment: only PATH, plus HOME and TERM chosen here, plus `env`.
    fn spawn(args: &[&str], home: &Path, env: &[(&str, &str)]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a PTY opens");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cinspect"));
        cmd.args(args);
        cmd.cwd(home);
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("cinspect starts");
        // Only the child holds the slave side now, so the reader sees EOF when it is gone.
        drop(pair.slave);

        let term = Arc::new(Mutex::new(Term {
            parser: vt100::Parser::new_with_callbacks(
                ROWS.try_into().expect("rows > 0"),
                COLS.try_into().expect("cols > 0"),
                0,
                Hooks::default(),
            ),
            raw: Vec::new(),
            last_byte: Instant::now(),
            closed: false,
        }));
        let writer = Arc::new(Mutex::new(
            pair.master.take_writer().expect("the PTY's writer"),
        ));
        let mut reader = pair.master.try_clone_reader().expect("the PTY's reader");
        let (shared, replies_to) = (Arc::clone(&term), Arc::clone(&writer));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    // Linux reports a PTY whose slave side is closed as EIO.
                    Err(_) => 0,
                };
                let mut term = shared.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    term.closed = true;
                    return;
                }
                term.raw.extend_from_slice(&buf[..n]);
                term.parser.process(&buf[..n]);
                term.last_byte = Instant::now();
                let replies = std::mem::take(&mut term.parser.callbacks_mut().replies);
                drop(term);
                if !replies.is_empty() {
                    let mut w = replies_to.lock().unwrap_or_else(|e| e.into_inner());
                    let _ = w.write_all(&replies).and_then(|()| w.flush());
                }
            }
        });
        Self {
            term,
            writer,
            master: pair.master,
            child,
            status: None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Term> {
        self.term.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn snap(&self) -> Snap {
        Snap::of(&self.lock())
    }

    fn screen(&self) -> String {
        self.lock().parser.screen().contents()
    }

    fn cursor(&self) -> (u16, u16) {
        self.lock().parser.screen().cursor_position()
    }

    /// Once `ready` holds for a screen that no byte has changed for SETTLE.
    /// `ready` sees only the snapshot, so what it checks is what is returned.
    fn wait_until(&self, what: &str, timeout: Duration, ready: impl Fn(&Snap) -> bool) -> Snap {
        let start = Instant::now();
        loop {
            let (snap, quiet) = {
                let term = self.lock();
                (Snap::of(&term), term.last_byte.elapsed())
            };
            if quiet >= SETTLE && ready(&snap) {
                return snap;
            }
            assert!(
                start.elapsed() < timeout,
                "{what} did not happen within {timeout:?}; {snap}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The screen once it shows `text` and has stopped changing.
    fn wait_for(&self, text: &str, timeout: Duration) -> Snap {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| {
            s.contains(text)
        })
    }

    fn send(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .expect("written to the PTY");
    }

    /// How many bytes have been received so far: a mark for `raw_since`.
    fn mark(&self) -> usize {
        self.lock().raw.len()
    }

    fn raw_since(&self, mark: usize) -> Vec<u8> {
        self.lock().raw[mark..].to_vec()
    }

    /// The OSC 52 payloads received so far, decoded.
    fn clipboard(&self) -> Vec<String> {
        self.lock()
            .parser
            .callbacks()
            .clipboard
            .iter()
            .map(|b64| {
                let bytes = STANDARD.decode(b64).expect("OSC 52 carries base64");
                String::from_utf8(bytes).expect("the copied text is UTF-8")
            })
            .collect()
    }

    fn pid(&self) -> Pid {
        let pid = self.child.process_id().expect("the child has a pid");
        Pid::from_raw(i32::try_from(pid).expect("a pid fits in i32"))
    }

    fn signal(&self, signal: Signal) {
        kill(self.pid(), signal).expect("the signal is delivered");
    }

    /// (ICANON, ECHO) of the PTY as the child left it. On Linux the master
    /// reports the slave's termios (portable-pty's MasterPty::get_termios).
    fn cooked(&self) -> (bool, bool) {
        let termios = self.master.get_termios().expect("the PTY's termios");
        // portable-pty hands back its own nix's type; read the flag bits.
        let flags = LocalFlags::from_bits_truncate(termios.local_flags.bits());
        (
            flags.contains(LocalFlags::ICANON),
            flags.contains(LocalFlags::ECHO),
        )
    }

    /// The exit status if the process ends within `timeout`, once the reader
    /// has also taken in everything it wrote (so the screen is final).
    fn exited_within(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the child can be polled") {
                break status;
            }
            if start.elapsed() >= timeout {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        self.status = Some(status.clone());
        while !self.lock().closed {
            assert!(
                start.elapsed() < timeout + STEP,
                "cinspect exited but something still holds its terminal; {}",
                self.snap()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        Some(status)
    }

    fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        match self.exited_within(timeout) {
            Some(status) => status,
            None => panic!("cinspect did not exit within {timeout:?}; {}", self.snap()),
        }
    }

    /// Checks that the terminal is as the TUI found it: normal screen, cursor
    /// shown, bracketed paste off, canonical mode and echo back on.
    fn assert_terminal_restored(&self, how: &str) {
        let snap = self.snap();
        assert!(
            !snap.alternate,
            "{how}: the alternate screen was left; {snap}"
        );
        assert!(
            !snap.contains("Response"),
            "{how}: the TUI's panes are gone; {snap}"
        );
        assert!(
            !snap.hide_cursor,
            "{how}: the cursor is shown again; {snap}"
        );
        assert!(
            !snap.bracketed_paste,
            "{how}: bracketed paste is off; {snap}"
        );
        assert_eq!(
            self.cooked(),
            (true, true),
            "{how}: ICANON and ECHO are set again"
        );
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = kill(self.pid(), Signal::SIGKILL);
            let _ = self.child.wait();
        }
    }
}

/// `cinspect --demo` with its own config directory (prepared by `setup`) and
/// extra variables; returns once the first frame is on screen.
fn start(env: &[(&str, &str)], setup: impl FnOnce(&Path)) -> (Pty, tempfile::TempDir) {
    let config = tempfile::tempdir().expect("temp config dir");
    setup(config.path());
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let mut vars = vec![("CINSPECT_CONFIG_DIR", dir)];
    vars.extend_from_slice(env);
    let pty = Pty::spawn(&["--demo"], config.path(), &vars);
    let snap = pty.wait_for("Response", START);
    // What the restore checks compare against: the TUI took the terminal.
    assert!(
        snap.alternate,
        "the TUI runs on the alternate screen; {snap}"
    );
    assert_eq!(pty.cooked(), (false, false), "the TUI runs in raw mode");
    (pty, config)
}

fn start_demo() -> (Pty, tempfile::TempDir) {
    start(&[], |_| {})
}

/// F5 sends the demo request; the simulator answers with a 400.
fn send_demo_request(pty: &Pty) -> Snap {
    pty.send(F5);
    pty.wait_for("400 Bad Request", START);
    pty.wait_for("errorId", STEP)
}

fn quit_with_ctrl_q(pty: &mut Pty) {
    pty.send(CTRL_Q);
    let status = pty.wait_exit(STEP);
    assert!(status.success(), "Ctrl-Q exits 0, got {status}");
}

#[test]
fn demo_sends_with_f5_jumps_with_f8_and_quits_with_ctrl_q() {
    let (mut pty, _config) = start_demo();
    // The demo body is preloaded.
    pty.wait_for("cardPaymentMethodSpecificInput", STEP);

    let snap = send_demo_request(&pty);
    assert!(snap.contains("21000120"), "{snap}");
    assert!(
        snap.contains("●"),
        "error lines are marked in the gutter; {snap}"
    );

    // F8 puts the cursor on the value the first error points at: the expiry date.
    let before = pty.cursor();
    pty.send(F8);
    let snap = pty.wait_until("F8 moving the cursor", STEP, |s| {
        s.cursor != before && s.contains("▶")
    });
    assert!(
        snap.cursor_row().contains("\"expiryDate\""),
        "the cursor is on the line of expiryDate; {snap}"
    );
    assert!(
        snap.at_cursor.starts_with('"'),
        "the value 1210 is selected, the cursor at its closing quote, got {:?}; {snap}",
        snap.at_cursor
    );
    assert!(snap.contains("▶"), "an error is selected; {snap}");
    // Typing replaces the selected value.
    pty.send(b"1230");
    pty.wait_for("\"expiryDate\": \"1230\"", STEP);

    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in [Signal::SIGTERM, Signal::SIGHUP] {
        let (mut pty, _config) = start_demo();
        pty.signal(signal);
        let status = pty.exited_within(STEP);
        assert!(
            status.is_some(),
            "{signal}: cinspect ended within {STEP:?}; {}",
            pty.snap()
        );
        // It quits cleanly, then exits as the shell's convention says: 128 + n.
        assert_eq!(
            status.as_ref().map(ExitStatus::exit_code),
            Some(128 + signal as u32),
            "{signal}: exit status"
        );
        pty.assert_terminal_restored(signal.as_str());
    }
}

#[test]
fn idle_writes_nothing_to_the_terminal() {
    let (pty, _config) = start_demo();
    // Let the first frame settle, then record everything cinspect writes.
    std::thread::sleep(Duration::from_millis(500));
    let mark = pty.mark();
    std::thread::sleep(Duration::from_secs(2));
    let idle = pty.raw_since(mark);
    // The recording works: a keystroke in the body editor is written.
    let mark = pty.mark();
    pty.send(b"x");
    let snap = pty.wait_until("the typed x on screen", STEP, |s| {
        s.received > mark && s.contains("x{")
    });
    assert!(
        idle.is_empty(),
        "an idle cinspect wrote {} bytes: {:?}",
        idle.len(),
        String::from_utf8_lossy(&idle)
    );
    assert!(
        pty.raw_since(mark).contains(&b'x'),
        "the x's redraw was recorded; {snap}"
    );
}

#[test]
fn the_as_sent_view_shows_the_string_to_sign_but_never_the_secret() {
    let (mut pty, _config) = start_demo();
    send_demo_request(&pty);
    pty.send(F6);
    pty.wait_for("String to sign", STEP);
    // The overlay may still be mid-draw when its title shows: wait for its last part.
    let snap = pty.wait_for("POST⏎", STEP);
    assert!(
        snap.contains("Authorization: GCS v1HMAC:cinspect-demo-key:"),
        "{snap}"
    );
    let secret = connect_inspector::sim::DEMO_SECRET;
    assert!(!snap.contains(secret), "the secret is on screen; {snap}");
    // Esc with the next key in the same read is Alt+key to crossterm (the
    // terminal ESC-prefix ambiguity), and Ctrl-Q is lost: let Esc land first.
    pty.send(ESC);
    pty.wait_until("Esc closing the overlay", STEP, |s| {
        !s.contains("String to sign")
    });
    quit_with_ctrl_q(&mut pty);
    let raw = pty.raw_since(0);
    assert!(
        !raw.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the secret was never written to the terminal"
    );
}

#[test]
fn a_broken_config_is_shown_and_the_tui_still_starts() {
    let (mut pty, _config) = start(&[], |dir| {
        std::fs::write(
            dir.join("config.toml"),
            "timeout_seconds = 5\n[environments.x\n",
        )
        .expect("config written");
    });
    pty.wait_for("config.toml:2:", STEP);
    let text = pty.screen();
    assert!(text.contains("using defaults"), "{text}");
    assert!(text.contains("Response"), "the TUI is up:\n{text}");
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn copy_writes_osc_52_with_the_response_body() {
    let (mut pty, _config) = start_demo();
    send_demo_request(&pty);
    let mark = pty.mark();
    pty.send(CTRL_Y);
    pty.wait_for("Copy to the clipboard", STEP);
    pty.send(ENTER);
    pty.wait_for("copied ", STEP);
    let raw = pty.raw_since(mark);
    assert!(
        raw.windows(7).any(|w| w == b"\x1b]52;c;"),
        "no OSC 52 sequence was written: {:?}",
        String::from_utf8_lossy(&raw)
    );
    // The first choice is the response body: the simulator's error.
    let copied = pty.clipboard();
    assert_eq!(copied.len(), 1, "one copy: {copied:?}");
    assert!(
        copied[0].contains("errorId") && copied[0].contains("21000120"),
        "the response body was copied: {copied:?}"
    );
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn ctrl_o_edits_the_body_in_editor_and_resumes() {
    // A scripted "editor": fixes the expiry date in place.
    let (mut pty, _config) = start(&[("VISUAL", "sed -i s/1210/1230/")], |_| {});
    pty.send(CTRL_O);
    let snap = pty.wait_for("body updated from the editor", STEP);
    assert!(snap.contains("\"1230\""), "{snap}");
    assert!(!snap.contains("\"1210\""), "the old date is gone; {snap}");
    assert!(snap.alternate, "the TUI took the screen back; {snap}");
    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q after the editor");
}

#[test]
fn a_corrupt_history_file_leaves_the_tui_running_with_history_off() {
    let (mut pty, config) = start(&[], |dir| {
        std::fs::write(dir.join("history.sqlite3"), b"not a database").expect("written");
    });
    let history = config.path().join("history.sqlite3");
    let snap = pty.wait_for("history is off this session", START);
    assert!(snap.contains("Response"), "{snap}");
    send_demo_request(&pty);
    quit_with_ctrl_q(&mut pty);
    assert_eq!(
        std::fs::read(&history).expect("kept"),
        b"not a database",
        "never overwritten"
    );
}

/// A server whose every answer is a 400 nested 100 000 levels deep.
fn deep_server() -> (tokio::runtime::Runtime, String) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let base = runtime.block_on(async {
        let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let app = axum::Router::new().fallback(move || {
            let body = body.clone();
            async move {
                (
                    axum::http::StatusCode::BAD_REQUEST,
                    [("content-type", "application/json")],
                    body,
                )
            }
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    });
    (runtime, base)
}

#[test]
fn a_deeply_nested_answer_is_shown_and_the_tui_keeps_running() {
    let (_server, base) = deep_server();
    let config = tempfile::tempdir().expect("temp config dir");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let mut pty = Pty::spawn(
        &["--base-url", &base],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir)],
    );
    pty.wait_for("Response", START);
    pty.send(F5);
    let snap = pty.wait_for("400 Bad Request", START);
    assert!(snap.contains("text (not JSON)"), "shown as text; {snap}");
    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q after a deep answer");
}

#[test]
fn ctrl_q_quits_at_once_while_a_secret_command_hangs() {
    let config = tempfile::tempdir().expect("temp config dir");
    // A marker in the command line finds its shell in /proc afterwards.
    let marker = format!("cinspect-secret-{}", std::process::id());
    std::fs::write(
        config.path().join("config.toml"),
        format!("environment = \"slow\"\nsecret_timeout_seconds = 300\n[environments.slow]\nbase_url = \"http://127.0.0.1:9\"\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret_command = \"sleep 300; echo {marker}\"\n"),
    )
    .expect("config written");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let mut pty = Pty::spawn(&[], config.path(), &[("CINSPECT_CONFIG_DIR", dir)]);
    pty.wait_for("Response", START);
    pty.send(F5);
    pty.wait_for("Esc cancels", STEP);
    // The secret command sleeps for 5 minutes: quitting must not wait for it,
    // and must not leave it behind.
    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q while a secret command runs");
    let still_running = || {
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .any(|p| {
                std::fs::read(p.path().join("cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&marker))
            })
    };
    let started = std::time::Instant::now();
    while still_running() && started.elapsed() < STEP {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!still_running(), "the secret command outlived cinspect");
}

#[test]
fn a_logged_400_opens_from_the_log_and_f8_lands_on_its_field() {
    let config = tempfile::tempdir().expect("temp config dir");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let log = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sdk-logs/mixed-app.log"
    );
    let mut pty = Pty::spawn(
        &["--log", log],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir)],
    );
    pty.wait_for("mixed-app.log", START);
    pty.wait_for("exchanges", START);
    // Filter to the failed ones, then to the 400 with error 1099 among them.
    pty.send(b"failed 400 1099");
    pty.wait_for("1 of ", STEP);
    pty.send(ENTER);
    let snap = pty.wait_for("logged at mixed-app.log:", STEP);
    assert!(
        snap.contains("mixed-app.log:"),
        "the marker names the log; {snap}"
    );
    assert!(snap.contains("400 Bad Request"), "{snap}");
    pty.send(F8);
    let snap = pty.wait_until("the cursor on currencyCode", STEP, |s| {
        s.cursor_row().contains("currencyCode")
    });
    assert!(snap.contains("▶"), "{snap}");
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn a_request_from_a_file_is_edited_and_saved_back() {
    let (mut pty, config) = open_file_request(
        "shop.http",
        "@amount = 2345\n\n### capture\nPOST /v1/{{merchantId}}/payments/{paymentId}/capture\nContent-Type: application/json\n\n{\"amount\": {{amount}}}\n\n### other\nGET /v1/{{merchantId}}/services/testconnection\n",
        "capture",
    );
    let file = config.path().join("shop.http");
    pty.send(b" ");
    pty.wait_for("modified", STEP);
    pty.send(b"\x13"); // Ctrl-S
    pty.wait_for("saved shop.http: capture", STEP);
    let saved = std::fs::read_to_string(&file).expect("read back");
    // Only the body's bytes changed: no marker line, nothing else rewritten.
    assert_eq!(
        saved,
        "@amount = 2345\n\n### capture\nPOST /v1/{{merchantId}}/payments/{paymentId}/capture\nContent-Type: application/json\n\n {\"amount\": {{amount}}}\n\n### other\nGET /v1/{{merchantId}}/services/testconnection\n"
    );
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn a_teams_signed_crlf_request_with_its_own_method_is_never_rewritten_unedited() {
    let text = "### probe\r\n# @name probe\r\nOPTIONS /v1/{merchantId}/services/testconnection HTTP/1.1\r\nAuthorization: Bearer {{token}}\r\nX-GCS-ServerMetaInfo: e30=\r\n\r\n{\"a\": 1}\r\n";
    let (mut pty, config) = open_file_request("team.http", text, "probe");
    let snap = pty.snap();
    assert!(
        snap.contains("OPTIONS"),
        "the method field shows the file's: {snap}"
    );
    assert!(!snap.contains("modified"), "{snap}");
    pty.send(b"\x13"); // Ctrl-S
    pty.wait_for("no changes to save", STEP);
    let file = config.path().join("team.http");
    assert_eq!(std::fs::read_to_string(&file).expect("read back"), text);
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn the_demo_shows_the_simulators_webhooks_arriving_after_a_create() {
    let (mut pty, _config) = start_demo();
    pty.wait_for("signed events arrive on", STEP);
    // The create-payment template is one the simulator accepts.
    pty.send(b"\x1b[14~"); // F4
    pty.wait_for("create-payment", STEP);
    pty.send(b"create-payment");
    pty.wait_for("filter: create-payment", STEP);
    pty.send(ENTER);
    pty.wait_for("template create-payment", STEP);
    pty.send(F5);
    pty.wait_for("201 Created", START);
    let snap = pty.wait_for("new webhook", STEP);
    assert!(
        snap.contains("(Ctrl-N)"),
        "the status bar names the key; {snap}"
    );
    pty.send(b"\x0e"); // Ctrl-N
    // Waited for whole: a frame can be read while it is still being written.
    let snap = pty.wait_for("signed with cinspect-demo-webhooks", STEP);
    assert!(snap.contains("payment.created"), "{snap}");
    assert!(
        snap.contains("signature valid: signed with cinspect-demo-webhooks"),
        "the simulator's event verifies with the session's key; {snap}"
    );
    pty.send(ENTER);
    let snap = pty.wait_for("Webhook received", STEP);
    assert!(snap.contains("\"type\": \"payment.created\""), "{snap}");
    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q");
}

#[test]
fn webhooks_sent_to_the_tuis_receiver_verify_with_the_configured_key() {
    let config = tempfile::tempdir().expect("temp config dir");
    std::fs::write(
        config.path().join("config.toml"),
        "[webhooks.keys.k1]\nsecret_env = \"HOOK_SECRET\"\n",
    )
    .expect("config written");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let secret = "pty-hook-secret-never-on-screen";
    let mut pty = Pty::spawn(
        &["--webhooks", "0"],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir), ("HOOK_SECRET", secret)],
    );
    let snap = pty.wait_for("webhooks: listening on http://127.0.0.1:", START);
    let screen = snap.to_string();
    let url = screen
        .split("listening on ")
        .nth(1)
        .and_then(|rest| rest.split('/').nth(2))
        .map(|host| format!("http://{host}/hooks"))
        .expect("the address on screen");
    // The receiver answers as an endpoint should: 200 to the good one, 401 to the tampered.
    for (extra, exit) in [(&[][..], 0), (&["--tamper"][..], 4)] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("HOOK_SECRET", secret)
            .args(["webhooks", "send", "payment.paid", "--to", &url])
            .args(["--key-id", "k1", "--secret-env", "HOOK_SECRET"])
            .args(extra)
            .output()
            .expect("send runs");
        assert_eq!(out.status.code(), Some(exit), "{out:?}");
    }
    pty.wait_for("2 new webhooks, 1 failed", STEP);
    pty.send(b"\x0e"); // Ctrl-N
    let snap = pty.wait_for("mismatch", STEP);
    let rows: Vec<String> = snap
        .to_string()
        .lines()
        .filter(|l| l.contains("payment.paid"))
        .map(str::to_string)
        .collect();
    assert_eq!(rows.len(), 2, "{snap}");
    assert!(
        rows[0].contains("mismatch"),
        "the tampered one, newest: {snap}"
    );
    assert!(rows[1].contains(" valid "), "the good one: {snap}");
    assert!(
        snap.contains("signature mismatch: the signature does not match the body with key k1"),
        "the newest's reason below the list: {snap}"
    );
    assert!(
        !snap.contains(secret),
        "the secret is never on screen; {snap}"
    );
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn an_address_in_use_for_webhooks_is_said_before_the_terminal_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bound");
    let port = taken.local_addr().expect("addr").port().to_string();
    let config = tempfile::tempdir().expect("temp config dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .args(["--webhooks", &port])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("--webhooks: cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "the terminal was never taken");
}

/// Opens `text` as `file_name` (written to a fresh config directory) in the
/// TUI and loads its request `name` from F4's list, filtered so that the
/// file's request is chosen, not a template of the same name.
fn open_file_request(file_name: &str, text: &str, name: &str) -> (Pty, tempfile::TempDir) {
    let config = tempfile::tempdir().expect("temp config dir");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let path = config.path().join(file_name);
    std::fs::write(&path, text).expect("written");
    let pty = Pty::spawn(
        &[path.to_str().expect("utf-8")],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir)],
    );
    pty.wait_for("request(s) from", START);
    let stem = file_name.trim_end_matches(".http");
    pty.send(b"\x1b[14~"); // F4
    pty.wait_for(&format!("{file_name}: {name}"), STEP);
    pty.send(format!("{stem} {name}").as_bytes());
    pty.wait_for(&format!("filter: {stem} {name}"), STEP);
    pty.send(ENTER);
    pty.wait_for(&format!("Body · {file_name}: {name}"), STEP);
    (pty, config)
}

#[test]
fn hostile_variables_are_refused_and_the_tui_keeps_running() {
    // A 10 000-link chain (it overflowed the stack as soon as the request was
    // chosen) and a doubling ladder of 26 levels (it froze the UI thread).
    let mut file = String::from(
        "### deep\nPOST /v1/{{merchantId}}/payments\nContent-Type: application/json\n\n{\"a\": \"{{v0}}\"}\n\n\
         ### doubling\nPOST /v1/{{merchantId}}/payments\nContent-Type: application/json\n\n{\"b\": \"{{l26}}\"}\n\n###\n@l0 = xxxxxxxxxxxxxxxxxxxx\n",
    );
    for i in 1..=26 {
        file.push_str(&format!("@l{i} = {{{{l{p}}}}}{{{{l{p}}}}}\n", p = i - 1));
    }
    for i in 0..10_000 {
        file.push_str(&format!("@v{i} = {{{{v{}}}}}\n", i + 1));
    }
    let (mut pty, _config) = open_file_request("hostile.http", &file, "deep");
    pty.send(F5);
    pty.wait_for("more than 64 deep", STEP);
    pty.send(b"\x1b[14~"); // F4
    pty.wait_for("hostile.http: doubling", STEP);
    pty.send(b"hostile doubling");
    pty.wait_for("filter: hostile doubling", STEP);
    pty.send(ENTER);
    pty.wait_for("Body · hostile.http: doubling", STEP);
    pty.send(F5);
    pty.wait_for("fills to more than 4 MB", STEP);
    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q");
}

#[test]
fn a_folder_of_twenty_thousand_files_loads_while_keys_still_work() {
    // Each file was merged into F4's list with a scan of the whole list: 20 000
    // files froze the TUI for 32 s, Ctrl-Q and signals waiting behind it.
    let config = tempfile::tempdir().expect("temp config dir");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let folder = config.path().join("requests");
    std::fs::create_dir(&folder).expect("mkdir");
    for i in 0..20_000 {
        std::fs::write(
            folder.join(format!("r{i:05}.http")),
            format!("### r{i}\nGET /v1/{{merchantId}}/payments/{i}\n"),
        )
        .expect("written");
    }
    let mut pty = Pty::spawn(
        &[folder.to_str().expect("utf-8")],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir)],
    );
    // The first batch is listed: the rest is being read and merged now.
    pty.wait_for("files read", START);
    pty.send(CTRL_Q);
    pty.wait_exit(STEP);
    pty.assert_terminal_restored("Ctrl-Q during a load");
}

#[test]
fn a_history_export_to_a_terminal_shows_a_servers_controls_escaped() {
    let config = tempfile::tempdir().expect("temp config dir");
    let history = connect_inspector::history::History::open(
        &config.path().join("history.sqlite3"),
        Default::default(),
    )
    .expect("opens");
    history
        .record_batch([connect_inspector::history::NewEntry {
            time_ms: connect_inspector::pipeline::record::now_ms(),
            env: "sim".into(),
            method: "GET".into(),
            url: "http://127.0.0.1:9/v1/1/payments/1".into(),
            status: Some(400),
            response_body: "{\"message\": \"x\u{9b}2J\u{1b}]52;c;aGk=\u{7}y\u{202e}z\"}".into(),
            verdict_kind: "validation".into(),
            ..Default::default()
        }])
        .expect("recorded");
    drop(history);
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let mut pty = Pty::spawn(
        &["history", "export", "1", "--format", "markdown"],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir)],
    );
    let status = pty.wait_exit(STEP);
    let raw = pty.raw_since(0);
    assert!(
        status.success(),
        "{status}: {}",
        String::from_utf8_lossy(&raw)
    );
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("x\\x9b2J\\x1b]52;c;aGk=\\x07y\\u{202e}z"),
        "{text}"
    );
    for bad in ["\u{9b}", "\u{1b}]52", "\u{202e}"] {
        assert!(!text.contains(bad), "{bad:?} reached the terminal: {text}");
    }
    assert!(pty.clipboard().is_empty(), "no clipboard write");
}

#[test]
fn after_a_rejected_create_another_request_gets_none_of_its_errors() {
    let (mut pty, _config) = start_demo();
    let snap = send_demo_request(&pty);
    assert!(snap.contains("●"), "the 400's errors are marked; {snap}");
    pty.send(b"\x1b[14~"); // F4
    pty.wait_for("get-payment", STEP);
    pty.send(b"get-payment");
    pty.wait_for("filter: get-payment", STEP);
    pty.send(ENTER);
    let snap = pty.wait_for("template get-payment", STEP);
    let snap = if snap.contains("previous") {
        snap
    } else {
        pty.wait_for("previous", STEP)
    };
    assert!(!snap.contains("●"), "no gutter mark in the GET; {snap}");
    assert!(!snap.contains("would go at"), "no error located; {snap}");
    assert!(!snap.contains("→ 7:21"), "no error located; {snap}");
    quit_with_ctrl_q(&mut pty);
}

/// The bytes a terminal sends for a tmux key name of `tests/fixtures/demo-fix.keys`.
fn key_bytes(name: &str) -> Vec<u8> {
    match name {
        "F5" => F5.to_vec(),
        "F8" => F8.to_vec(),
        "Enter" => ENTER.to_vec(),
        "Tab" => b"\t".to_vec(),
        "BSpace" => b"\x7f".to_vec(),
        name => match name.strip_prefix("C-").map(str::as_bytes) {
            Some([c]) if c.is_ascii_lowercase() => vec![c - b'a' + 1],
            _ => panic!("a key the sequence file may not use: {name}"),
        },
    }
}

/// The steps of `tests/fixtures/NAME` (`key NAME` or `text CHARS` a line), checked to
/// take at most `most` presses (a text step is one press a character).
fn key_steps(name: &str, most: usize) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("the sequence");
    let steps: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once(' ').expect("`key NAME` or `text CHARS`"))
        .map(|(kind, what)| (kind.to_owned(), what.to_owned()))
        .collect();
    let presses: usize = steps
        .iter()
        .map(|(kind, what)| {
            if kind == "text" {
                what.chars().count()
            } else {
                1
            }
        })
        .sum();
    assert!(
        presses <= most,
        "the target is {most} presses at most, {name} has {presses}"
    );
    steps
}

/// Plays `tests/fixtures/demo-fix.keys` (its first key is F5) and waits for the 201.
fn play_demo_fix(pty: &Pty) -> Snap {
    let steps = key_steps("demo-fix.keys", 25);
    pty.wait_for("cardPaymentMethodSpecificInput", STEP);
    let last = steps.len() - 1;
    for (i, (kind, what)) in steps.iter().enumerate() {
        match kind.as_str() {
            "key" => pty.send(&key_bytes(what)),
            "text" => pty.send(what.as_bytes()),
            other => panic!("unknown step {other}"),
        }
        if i == 0 {
            pty.wait_for("400 Bad Request", START);
            pty.wait_for("errorId", STEP);
        } else if i < last {
            // Each step is on screen before the next.
            std::thread::sleep(SETTLE * 2);
        }
    }
    pty.wait_for("201 Created", START)
}

#[test]
fn the_documented_fix_sequence_takes_the_demo_from_its_400_to_a_201() {
    let (mut pty, _config) = start_demo();
    let snap = play_demo_fix(&pty);
    assert!(snap.contains("201"), "{snap}");
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn after_the_fix_ctrl_d_compares_with_the_400_before_it() {
    let (mut pty, _config) = start_demo();
    play_demo_fix(&pty);
    // Ctrl-D: the previous send of this request (the 400) against the 201 on show.
    pty.send(b"\x04");
    let snap = pty.wait_for("4 fixed, 0 still there, 0 new", START);
    assert!(snap.contains("Compare ·"), "{snap}");
    assert!(snap.contains("400 Bad Request → 201 Created"), "{snap}");
    for changed in [
        "~ body cardPaymentMethodSpecificInput.card.expiryDate",
        "+ body order.customer.billingAddress.countryCode",
        // The fix key sets December three years on.
        "\"1210\" → \"12",
    ] {
        assert!(snap.contains(changed), "{changed}; {snap}");
    }
    assert_eq!(
        snap.rows
            .iter()
            .filter(|r| r.contains("    fixed "))
            .count(),
        4,
        "the four fixed errors on one screen; {snap}"
    );
    // y copies it as markdown (OSC 52); Esc closes; the 201 is still on show.
    pty.send(b"y");
    pty.wait_until("the comparison copied", STEP, |_| {
        pty.clipboard()
            .iter()
            .any(|c| c.contains("Errors: 4 fixed, 0 still there, 0 new"))
    });
    pty.send(ESC);
    let snap = pty.wait_until("the comparison closed", STEP, |s| !s.contains("Compare ·"));
    assert!(snap.contains("201"), "{snap}");
    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q");
}

#[test]
fn a_log_on_standard_input_that_is_the_terminal_is_refused_before_the_terminal_is_taken() {
    let config = tempfile::tempdir().expect("temp config dir");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    // Standard input is the PTY: the keys would be read as the log's lines.
    let mut pty = Pty::spawn(
        &["--log", "-"],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir)],
    );
    let Some(status) = pty.exited_within(START) else {
        // Before the refusal the TUI took the terminal and read keys as the log.
        let snap = pty.snap();
        pty.send(CTRL_Q);
        pty.send(CTRL_Q);
        panic!("cinspect --log - kept running with the terminal as its log; {snap}");
    };
    assert_eq!(status.exit_code(), 2, "{}", pty.snap());
    let snap = pty.snap();
    assert!(
        snap.contains("standard input is the terminal"),
        "the reason is said on the shell; {snap}"
    );
    assert!(!snap.alternate, "the terminal was never taken; {snap}");
    let raw = String::from_utf8_lossy(&pty.raw_since(0)).into_owned();
    assert!(
        !raw.contains("\u{1b}[?1049h"),
        "no switch to the alternate screen: {raw:?}"
    );
}

#[test]
fn ctrl_l_with_standard_input_as_the_log_says_it_is_the_terminal_and_keys_still_work() {
    let (mut pty, _config) = start_demo();
    pty.send(b"\x0c"); // Ctrl-L: the prompt for a log's path
    pty.wait_for("log", STEP);
    pty.send(b"-");
    pty.send(ENTER);
    pty.wait_for("standard input is the terminal", STEP);
    // The keys were not taken as the log's lines: Esc closes, Ctrl-Q quits.
    pty.send(ESC);
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn a_typo_is_found_as_it_is_typed_renamed_with_one_key_and_fields_complete() {
    let file = "### typo\nPOST /v1/{merchantId}/payments\nContent-Type: application/json\n\n{\n  \"order\": {\n    \"amountOfMoney\": {\"amount\": 2980, \"currencyCode\": \"EUR\"},\n    \"customer\": {\n      \"billingAddress\": {\n        \"countrycode\": \"NL\"\n      }\n    }\n  }\n}\n";
    let (mut pty, _config) = open_file_request("typo.http", file, "typo");
    // The finding before sending is listed in the errors panel; F8 reaches it.
    pty.wait_for("before sending: 1 finding", STEP);
    pty.send(F8);
    let snap = pty.wait_for("Ctrl-P renames it to countryCode", STEP);
    assert!(
        snap.contains("payments.create"),
        "the endpoint is named; {snap}"
    );
    // One key renames it; nothing is found any more.
    pty.send(b"\x10"); // Ctrl-P
    let snap = pty.wait_for("renamed countrycode to countryCode", STEP);
    assert!(snap.contains("\"countryCode\": \"NL\""), "{snap}");
    assert!(!snap.contains("before sending"), "{snap}");
    // A new line after it, Ctrl-Space (a terminal sends NUL), the list of the
    // address's fields; typing filters it, Enter inserts the key.
    pty.send(b"\x1b[F"); // End
    pty.send(ENTER);
    pty.send(b"\x00");
    pty.wait_for("fields of Address", STEP);
    pty.send(b"\"ci");
    pty.wait_for("\"ci", STEP);
    pty.send(ENTER);
    let snap = pty.wait_for("\"city\": \"\"", STEP);
    assert!(
        snap.contains("\"countryCode\": \"NL\","),
        "a comma after it; {snap}"
    );
    assert!(
        snap.contains("billingAddress.city · string · field of Address"),
        "the field at the cursor; {snap}"
    );
    // The file's request was edited: quitting asks first.
    pty.send(CTRL_Q);
    pty.wait_for("Quit without saving?", STEP);
    pty.send(b"y");
    let status = pty.wait_exit(STEP);
    assert!(status.success(), "y exits 0, got {status}");
}

#[test]
fn the_documented_log_fix_replays_a_masked_logged_create_to_a_201() {
    let config = tempfile::tempdir().expect("temp config dir");
    let dir = config.path().to_str().expect("a UTF-8 temp path");
    let log = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sdk-logs/mixed-app.log"
    );
    let mut pty = Pty::spawn(
        &["--demo", "--log", log],
        config.path(),
        &[("CINSPECT_CONFIG_DIR", dir)],
    );
    pty.wait_for("exchanges", START);
    // Opening it: the failed create, with the card data the SDK masked.
    pty.send(b"failed 400 1099");
    pty.wait_for("1 of ", STEP);
    pty.send(ENTER);
    pty.wait_for("logged at mixed-app.log:", STEP);
    let steps = key_steps("log-fix.keys", 15);
    for (kind, what) in &steps {
        match kind.as_str() {
            "key" => pty.send(&key_bytes(what)),
            "text" => pty.send(what.as_bytes()),
            other => panic!("unknown step {other}"),
        }
        // Each step is on screen before the next.
        std::thread::sleep(SETTLE * 2);
    }
    let snap = pty.wait_for("201 Created", START);
    assert!(snap.contains("201"), "{snap}");
    quit_with_ctrl_q(&mut pty);
}

#[test]
fn the_palette_finds_next_error_by_words_and_runs_it_where_it_was_opened() {
    const CTRL_U: &[u8] = b"\x15";
    let (mut pty, _config) = start_demo();
    pty.wait_for("cardPaymentMethodSpecificInput", STEP);
    send_demo_request(&pty);

    // Ctrl-U opens the palette over the body; typing filters it.
    pty.send(CTRL_U);
    pty.wait_for("Commands in:", STEP);
    pty.send(b"next err");
    let snap = pty.wait_for("jump to the next error's field", STEP);
    assert!(snap.contains("F8, Ctrl-J"), "its keys are listed; {snap}");
    let before = pty.cursor();
    pty.send(ENTER);
    let snap = pty.wait_until("the palette running next-problem", STEP, |s| {
        s.cursor != before && !s.contains("Commands in:") && s.contains("▶")
    });
    assert!(
        snap.cursor_row().contains("\"expiryDate\""),
        "the cursor is on the line of the first error's field; {snap}"
    );
    assert!(
        snap.at_cursor.starts_with('"'),
        "the value is selected as F8 selects it, got {:?}; {snap}",
        snap.at_cursor
    );
    quit_with_ctrl_q(&mut pty);
    pty.assert_terminal_restored("Ctrl-Q");
}
