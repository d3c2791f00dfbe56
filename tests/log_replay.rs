//! An SDK log in the headless app: the log browser fills from the file, a
//! logged 400 opens with its errors located in the logged body (read again
//! from the file, which is checked), a replay against the simulator first
//! asks about the masks the log left, and then says what changed against the
//! logged response; a read the user leaves stops.

mod common;

use connect_inspector::app::overlay::Prompt;

use common::Harness;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Overlay, Showing, Source};
use connect_inspector::locate::Outcome;
use crossterm::event::{KeyCode, KeyEvent};

const LOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/sdk-logs/mixed-app.log"
);

fn typed(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.act(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
}

async fn open_the_logged_400(h: &mut Harness) {
    h.act(Action::OpenLog(LOG.to_string()));
    assert_eq!(h.app.overlay(), Some(&Overlay::Logs));
    while h.app.logs().is_loading() {
        h.next_action().await;
    }
    assert_eq!(
        h.app.logs().rows().len(),
        8,
        "every exchange of the fixture"
    );
    typed(h, "failed 1099");
    assert_eq!(h.app.logs().matching().len(), 1);
    h.command(Command::Accept);
    // The exchange is read again from the file: the panes fill when it is.
    while h.app.origin().is_none() {
        h.next_action().await;
    }
}

#[tokio::test]
async fn a_logged_400_opens_with_its_errors_located_in_the_logged_body() {
    let mut h = Harness::with_sim("GET", "/", "").await;
    open_the_logged_400(&mut h).await;
    let x = h.exchange();
    assert_eq!(x.status.code, 400);
    let origin = h.app.origin().expect("marked as from the log");
    assert!(origin.file.ends_with("mixed-app.log") && origin.line > 0);
    let located = h.app.errors().located(0).expect("located");
    assert!(
        matches!(located.outcome, Outcome::Found { .. }),
        "{located:?}"
    );
    assert_eq!(h.app.editor().method(), "POST");
    assert!(
        !h.app
            .editor()
            .header_lines()
            .join("\n")
            .contains("Authorization")
    );
    // The masks the SDK wrote are found in the body and named.
    let masked: Vec<&str> = h.app.masks().iter().map(|m| m.path.as_str()).collect();
    assert!(
        masked.iter().any(|p| p.ends_with("cardNumber")),
        "{masked:?}"
    );
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("masked in the log"), "{notice}");
    for m in h.app.masks() {
        let line = &h.app.editor().body_lines()[m.line - 1];
        let skip = m.column - 1 + usize::from(m.quoted);
        let at: String = line
            .chars()
            .skip(skip)
            .take(m.value.chars().count())
            .collect();
        assert_eq!(at, m.value, "mask places point at the value");
    }
}

#[tokio::test]
async fn a_replay_asks_about_masks_then_says_what_changed() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = Harness::with_sim("GET", "/", "").await;
    let history = h.with_history(dir.path());
    open_the_logged_400(&mut h).await;
    h.command(Command::Send);
    match h.app.overlay() {
        Some(Overlay::Confirm { question, .. }) => {
            assert!(question.contains("masked in the log"), "{question}")
        }
        other => panic!("asked first: {other:?}"),
    }
    h.command(Command::Yes);
    assert!(
        matches!(h.app.showing(), Showing::InFlight(_)),
        "{:?}",
        h.app.notice()
    );
    h.settle().await;
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.starts_with("against "), "{notice}");
    assert!(notice.contains("mixed-app.log:"), "{notice}");
    // The comparison's reading of the errors: fixed / still there / new.
    assert!(
        notice.contains(" fixed, ") && notice.contains(" still there, ") && notice.contains(" new"),
        "{notice}"
    );
    assert!(h.app.origin().is_some(), "still known");
    assert!(
        !matches!(h.app.showing().source(), Some(Source::Logged { .. })),
        "the replay's answer is on show, not the log's"
    );
    // Recorded to history, tagged with the log it came from.
    for _ in 0..200 {
        if history.count().unwrap_or(0) >= 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let rows = history
        .list(&connect_inspector::history::ListQuery {
            filter: Some("mixed-app"),
            limit: 10,
            before_id: None,
        })
        .expect("list");
    assert_eq!(rows.len(), 1, "found by its source");
    let entry = history.get(rows[0].id).expect("get").expect("there");
    let source = entry.source.expect("tagged");
    assert!(
        source.starts_with("replay of ") && source.contains("mixed-app.log:"),
        "{source}"
    );
}

#[tokio::test]
async fn masked_card_data_is_filled_from_the_test_card_in_one_key() {
    let mut h = Harness::with_sim("GET", "/", "").await;
    open_the_logged_400(&mut h).await;
    assert!(!h.app.masks().is_empty());
    // Ctrl-\ (read by crossterm as Ctrl-4) selects the first masked value.
    h.act(Action::Key(KeyEvent::new(
        KeyCode::Char('4'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    let ((row, from), (_, to)) = h.app.editor().body_selection().expect("selected");
    let line = &h.app.editor().body_lines()[row];
    let selected: String = line.chars().skip(from).take(to - from).collect();
    assert_eq!(selected, h.app.masks()[0].value, "{line}");
    h.act(Action::Key(KeyEvent::new(
        KeyCode::Char('f'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("from the test card (456735…7977, 12/30)"),
        "{notice}"
    );
    assert!(!notice.contains("123"), "the cvv is never said: {notice}");
    let body: serde_json::Value =
        serde_json::from_str(&h.app.editor().body_text()).expect("still JSON");
    let card = &body["cardPaymentMethodSpecificInput"]["card"];
    assert_eq!(card["cardNumber"], "4567350000427977", "{card}");
    assert_eq!(card["cvv"], "123", "{card}");
    assert!(h.app.masks().is_empty(), "{:?}", h.app.masks());
    // Nothing masked is left, so F5 sends without asking.
    h.command(Command::Send);
    assert!(
        matches!(h.app.showing(), Showing::InFlight(_)),
        "{:?}",
        h.app.overlay()
    );
    h.settle().await;
}

/// Waits for the log browser to finish reading.
async fn loaded(h: &mut Harness) {
    while h.app.logs().is_loading() {
        h.next_action().await;
    }
}

#[tokio::test]
async fn enter_reads_the_exchange_again_from_the_file_and_a_changed_log_is_said() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("app.log");
    std::fs::copy(LOG, &path).expect("copied");
    let mut h = Harness::with_sim("GET", "/", "").await;
    h.act(Action::OpenLog(path.display().to_string()));
    loaded(&mut h).await;
    typed(&mut h, "failed 1099");
    assert_eq!(h.app.logs().matching().len(), 1);

    // The browser keeps where the exchange is, not the exchange: a log
    // rewritten since it was read is said, not shown as it was.
    std::fs::write(&path, "2026-12-02 00:00:00 an ordinary line\n").expect("rewritten");
    h.command(Command::Accept);
    while h
        .app
        .notice()
        .is_none_or(|n| !n.text.contains("not there any more"))
    {
        h.next_action().await;
    }
    assert!(h.app.origin().is_none(), "nothing was opened");

    std::fs::copy(LOG, &path).expect("put back");
    h.command(Command::OpenLog);
    assert_eq!(h.app.overlay(), Some(&Overlay::Logs));
    h.command(Command::Accept);
    while h.app.origin().is_none() {
        h.next_action().await;
    }
    assert_eq!(h.exchange().status.code, 400);
    assert!(h.app.editor().body_text().contains("currencyCode"));
}

/// A named FIFO whose writer sends exchanges, then ordinary lines until
/// the reader is gone (a broken pipe) or a minute has passed; says which.
fn endless_log(dir: &std::path::Path) -> (String, std::sync::mpsc::Receiver<bool>) {
    let path = dir.join("endless.log");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let fifo = path.clone();
    std::thread::spawn(move || {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&fifo)
            .expect("the FIFO opens");
        // 100 exchanges, all answered: the browser's first batch.
        let java = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sdk-logs/java-6.47.0-sysout.log"
        );
        let exchange = std::fs::read(java).expect("log").repeat(20);
        let filler = "2026-12-02 00:00:00 an ordinary line of the application\n".repeat(1000);
        let start = std::time::Instant::now();
        let mut broken = f.write_all(&exchange).is_err();
        while !broken && start.elapsed() < std::time::Duration::from_secs(60) {
            broken = f.write_all(filler.as_bytes()).is_err();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = tx.send(broken);
    });
    (path.display().to_string(), rx)
}

/// Whether the FIFO's writer saw its reader go (a broken pipe).
fn reader_gone(rx: &std::sync::mpsc::Receiver<bool>) -> bool {
    rx.recv_timeout(std::time::Duration::from_secs(90))
        .expect("the writer ends")
}

#[tokio::test]
async fn a_read_left_with_esc_or_superseded_by_another_log_stops() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = Harness::with_sim("GET", "/", "").await;

    let (endless, writer) = endless_log(dir.path());
    h.act(Action::OpenLog(endless.clone()));
    while h.app.logs().rows().is_empty() {
        h.next_action().await;
    }
    assert!(h.app.logs().is_loading(), "the log goes on");
    h.command(Command::Cancel);
    assert_eq!(h.app.overlay(), None);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("stopped reading"), "{notice}");
    assert!(
        reader_gone(&writer),
        "Esc stops the read: the file is closed"
    );
    // Ctrl-L asks for a log again.
    h.command(Command::OpenLog);
    assert!(matches!(
        h.app.overlay(),
        Some(Overlay::Prompt {
            kind: Prompt::OpenLog,
            ..
        })
    ));
    h.command(Command::Cancel);

    std::fs::remove_file(dir.path().join("endless.log")).expect("removed");
    let (endless, writer) = endless_log(dir.path());
    h.act(Action::OpenLog(endless));
    while h.app.logs().rows().is_empty() {
        h.next_action().await;
    }
    h.act(Action::OpenLog(LOG.to_string()));
    assert!(reader_gone(&writer), "another log stops the read");
    loaded(&mut h).await;
    assert_eq!(h.app.logs().rows().len(), 8, "only the new log's rows");
}

/// The steps of `tests/fixtures/log-fix.keys`, as the app reads keys.
fn log_fix_keys() -> Vec<KeyEvent> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/log-fix.keys"
    ))
    .expect("the sequence");
    let mut keys = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        match line.split_once(' ').expect("`key NAME` or `text CHARS`") {
            ("text", chars) => keys.extend(chars.chars().map(|c| KeyEvent::from(KeyCode::Char(c)))),
            ("key", "F5") => keys.push(KeyEvent::from(KeyCode::F(5))),
            ("key", "F8") => keys.push(KeyEvent::from(KeyCode::F(8))),
            ("key", "Enter") => keys.push(KeyEvent::from(KeyCode::Enter)),
            ("key", name) => {
                let c = name
                    .strip_prefix("C-")
                    .and_then(|c| c.chars().next())
                    .expect("a key the sequence file may use");
                keys.push(KeyEvent::new(
                    KeyCode::Char(c),
                    crossterm::event::KeyModifiers::CONTROL,
                ));
            }
            (other, _) => panic!("unknown step {other}"),
        }
    }
    keys
}

#[tokio::test]
async fn the_documented_log_fix_replays_the_masked_failed_create_to_a_201() {
    let mut h = Harness::with_sim("GET", "/", "").await;
    open_the_logged_400(&mut h).await;
    let keys = log_fix_keys();
    assert!(
        keys.len() <= 15,
        "the target is 15 presses at most: {}",
        keys.len()
    );
    for key in keys {
        h.act(Action::Key(key));
    }
    assert!(
        matches!(h.app.showing(), Showing::InFlight(_)),
        "the last key sends: {:?} {:?}",
        h.app.overlay(),
        h.app.notice()
    );
    h.settle().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 201, "{}", x.body.text);
}
