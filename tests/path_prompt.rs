//! Tab in a path prompt completes the path as a shell does: one match in
//! full (a folder with its `/`), several to what they share with the names
//! shown to choose from, `~` as the home folder, nothing found said.

mod common;

use common::{Harness, screen_text};
use connect_inspector::app::keymap::Command;
use connect_inspector::app::overlay::{Overlay, Prompt};
use connect_inspector::app::{Action, Settings};
use connect_inspector::config::Environment;

fn harness(home: &std::path::Path) -> Harness {
    let settings = Settings {
        home: Some(home.to_path_buf()),
        ..Settings::default()
    };
    Harness::new(
        Environment::simulator("http://127.0.0.1:9"),
        "GET",
        "/v1/1/services/testconnect",
        "",
        settings,
    )
}

fn prompt(h: &Harness) -> (String, Vec<String>) {
    match h.app.overlay() {
        Some(Overlay::Prompt { input, offered, .. }) => (input.text().to_string(), offered.clone()),
        other => panic!("no prompt: {other:?}"),
    }
}

/// Tab, then the folder's answer.
async fn tab(h: &mut Harness) {
    h.command(Command::FocusNext);
    h.next_action().await;
}

#[tokio::test]
async fn tab_completes_a_log_path_folder_by_folder_and_offers_the_choices() {
    let home = tempfile::tempdir().expect("dir");
    let logs = home.path().join("app-logs");
    std::fs::create_dir(&logs).expect("dir");
    for name in [
        "payments-2026-12-01.log",
        "payments-2026-12-02.log",
        "other.txt",
    ] {
        std::fs::write(logs.join(name), "").expect("file");
    }
    std::fs::write(home.path().join(".hidden"), "").expect("file");
    let mut h = harness(home.path());
    h.command(Command::OpenLog);
    h.act(Action::Paste("~/ap".into()));
    tab(&mut h).await;
    assert_eq!(prompt(&h).0, "~/app-logs/");
    h.act(Action::Paste("p".into()));
    tab(&mut h).await;
    let (text, offered) = prompt(&h);
    assert_eq!(text, "~/app-logs/payments-2026-12-0");
    assert_eq!(
        offered,
        ["payments-2026-12-01.log", "payments-2026-12-02.log"]
    );
    // The choices are drawn under the input, at both sizes.
    for (w, hgt) in [(80, 24), (120, 40)] {
        let screen = screen_text(&h.app, w, hgt);
        assert!(screen.contains("payments-2026-12-02.log"), "{screen}");
        assert!(screen.contains("Tab: complete"), "{screen}");
    }
    // Typing drops the choices; the last digit makes the match unique.
    h.act(Action::Paste("2".into()));
    assert!(prompt(&h).1.is_empty());
    tab(&mut h).await;
    assert_eq!(prompt(&h).0, "~/app-logs/payments-2026-12-02.log");
    // Enter opens it: `~` is the home folder.
    h.command(Command::Accept);
    assert_eq!(
        std::path::Path::new(h.app.logs().path()),
        logs.join("payments-2026-12-02.log")
    );
}

#[tokio::test]
async fn nothing_to_complete_is_said_and_a_late_answer_does_not_overwrite_typing() {
    let home = tempfile::tempdir().expect("dir");
    std::fs::write(home.path().join("requests.http"), "GET /\n").expect("file");
    let mut h = harness(home.path());
    h.command(Command::OpenRequests);
    assert!(matches!(
        h.app.overlay(),
        Some(Overlay::Prompt {
            kind: Prompt::OpenRequests,
            ..
        })
    ));
    let typed = format!("{}/zz", home.path().display());
    h.act(Action::Paste(typed.clone()));
    tab(&mut h).await;
    assert_eq!(prompt(&h).0, typed);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("starts with `zz`"), "{notice}");
    // Tab, then a key before the folder is read: the answer is for other text.
    let typed = format!("{}/re", home.path().display());
    h.act(Action::Command(Command::Cancel));
    h.command(Command::OpenRequests);
    h.act(Action::Paste(typed.clone()));
    h.command(Command::FocusNext);
    h.act(Action::Paste("x".into()));
    h.next_action().await;
    assert_eq!(prompt(&h).0, format!("{typed}x"));
}

#[tokio::test]
async fn the_webhook_address_prompt_has_no_completion_and_tab_is_harmless() {
    let home = tempfile::tempdir().expect("dir");
    let mut h = harness(home.path());
    h.command(Command::Webhooks);
    h.command(Command::FocusNext);
    assert_eq!(prompt(&h).0, "127.0.0.1:8787");
}
