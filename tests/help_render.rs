//! Help that fits the terminal (issue 25): the help box as wide as the
//! terminal with every description whole (wrapped, never cut) at 80x24,
//! 120x40 and 200x60; its search; the status bar's hints by priority; the
//! command palette drawn. TestBackend, reviewed insta snapshots.

mod common;

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::{Command, KeyMap};
use connect_inspector::app::{Action, App, Focus, Settings};
use connect_inspector::config::Environment;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn demo_app() -> App {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let body = r#"{"order": {"amountOfMoney": {"amount": 100}}}"#;
    let editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", body);
    let mut app = App::new(env, editor, Settings::default());
    let error = std::fs::read(common::fixture("400-invalid-request.json")).expect("fixture");
    common::show_response(
        &mut app,
        common::sent("POST", "http://127.0.0.1:7878/v1/1234/payments", Some(body)),
        common::record(400, &[("Content-Type", "application/json")], error, 42),
    );
    app
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize(width, height));
    common::screen_text(app, width, height)
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
}

/// The help box's inner rows on the screen (between its side borders).
fn box_rows(screen: &str) -> Vec<String> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let top = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains(" Keys ("))
        .expect("the help box");
    let left = lines[top]
        .iter()
        .position(|c| *c == '┏')
        .expect("its corner");
    let right = lines[top]
        .iter()
        .rposition(|c| *c == '┓')
        .expect("its corner");
    lines[top + 1..]
        .iter()
        .take_while(|l| l[left] != '┗')
        .map(|l| l[left + 1..right].iter().collect())
        .collect()
}

/// Every row of the help, scrolling one row at a time to its end.
fn all_help_rows(app: &mut App, width: u16, height: u16) -> Vec<String> {
    let mut rows = box_rows(&screen(app, width, height));
    loop {
        app.update(Action::Command(Command::ScrollDown));
        let now = box_rows(&screen(app, width, height));
        if now.len() != rows.len().min(now.len()) || now == rows[rows.len() - now.len()..] {
            break;
        }
        rows.push(now.last().cloned().unwrap_or_default());
    }
    rows
}

fn one_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_help_fits_every_terminal_and_cuts_no_description() {
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let mut app = demo_app();
        app.update(Action::Command(Command::Help));
        let first = screen(&mut app, width, height);
        insta::assert_snapshot!(format!("help_{width}x{height}"), first);
        let rows = all_help_rows(&mut app, width, height);
        assert!(
            rows.iter()
                .all(|r| r.chars().count() == rows[0].chars().count()),
            "rows of one width"
        );
        let text = one_spaced(&rows.join(" "));
        for b in KeyMap::default().bindings() {
            assert!(
                text.contains(&one_spaced(b.help)),
                "{:?} is not whole at {width}x{height}",
                b.help
            );
        }
        if width == 200 {
            // Wide enough that no description needs a second row.
            let long = rows
                .iter()
                .filter(|r| r.starts_with("   ") && !r.trim().is_empty())
                .count();
            assert_eq!(long, 0, "a description wrapped at 200 columns: {rows:#?}");
        }
    }
}

#[test]
fn slash_searches_the_help_as_you_type() {
    let mut app = demo_app();
    app.update(Action::Command(Command::Help));
    typed(&mut app, "/next err");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("/next err"), "{shown}");
    assert!(shown.contains("jump to the next error's field"), "{shown}");
    assert!(!shown.contains("send the request"), "{shown}");
    insta::assert_snapshot!(shown);
    // Enter keeps the search and gives the keys back to scrolling; q closes.
    app.update(Action::Key(KeyEvent::from(KeyCode::Enter)));
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("jump to the next error's field"), "{shown}");
    typed(&mut app, "q");
    assert!(app.overlay().is_none());
    // Esc while typing drops the search; the help stays.
    app.update(Action::Command(Command::Help));
    typed(&mut app, "/zzz");
    assert!(screen(&mut app, 120, 40).contains("no key matches the search"));
    app.update(Action::Key(KeyEvent::from(KeyCode::Esc)));
    let shown = screen(&mut app, 120, 40);
    assert!(app.overlay().is_some());
    assert!(shown.contains("send the request"), "{shown}");
}

fn status_bar(shown: &str) -> String {
    shown.lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_status_bar_keeps_f1_help_at_80_columns_and_hints_the_panes_letters() {
    let mut app = demo_app();
    let bar = status_bar(&screen(&mut app, 80, 24));
    assert!(bar.contains("F1 help"), "{bar}");
    // A notice leaves room for the help key after it.
    app.update(Action::Command(Command::NewIdempotenceKey));
    let bar = status_bar(&screen(&mut app, 80, 24));
    assert!(bar.contains("X-GCS-Idempotence-Key"), "{bar}");
    assert!(bar.trim_end().ends_with("F1 help"), "{bar}");
    // The response pane's letters while it has focus.
    let mut app = demo_app();
    app.update(Action::Focus(Focus::Response));
    let bar = status_bar(&screen(&mut app, 120, 40));
    for hint in ["F1 help", "y copy", "h headers", "z fold", "/ search"] {
        assert!(bar.contains(hint), "{hint}: {bar}");
    }
    let bar = status_bar(&screen(&mut app, 200, 60));
    for hint in [
        "c copy value",
        "p copy path",
        "n next hit",
        "f path",
        "F5 send",
    ] {
        assert!(bar.contains(hint), "{hint}: {bar}");
    }
}

#[test]
fn the_palette_at_80x24() {
    let mut app = demo_app();
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    typed(&mut app, "next");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}
