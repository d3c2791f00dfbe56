//! Render tests of the log browser (Ctrl-L, `cinspect --log`): each row
//! tells its exchange's story (verdict word, the first error's code and
//! propertyName, said once however often it is nested), and the selected
//! row's preview below the list gives the request line, the status with
//! the verdict's summary and each error with its place in the logged body.
//! Rows from the mixed-app fixture; at 80x24 and 120x40; compared with
//! reviewed snapshots.

mod common;

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::logs::Indexer;
use connect_inspector::app::{Action, App, Effect, Settings, Startup};
use connect_inspector::config::Environment;
use connect_inspector::sources::sdk_log::{self, Options};
use crossterm::event::{KeyCode, KeyEvent};

const LOG: &str = "tests/fixtures/sdk-logs/mixed-app.log";

/// The app with the fixture's exchanges listed, as the reader sends them.
fn app_with_log(width: u16, height: u16) -> App {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let editor = RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "");
    let mut app = App::start(Startup::new(env, editor, Settings::default()));
    app.update(Action::Resize(width, height));
    let effects = app.update(Action::OpenLog(LOG.to_string()));
    let [Effect::ReadLog { read, .. }] = effects.as_slice() else {
        panic!("expected one ReadLog, got {effects:?}");
    };
    let read = *read;
    let log = std::fs::read(common::fixture("sdk-logs/mixed-app.log")).expect("fixture");
    let mut indexer = Indexer::new(true);
    let rows = sdk_log::read(log.as_slice(), Options::default())
        .map(|x| indexer.row(x))
        .collect();
    app.update(Action::LogRows {
        read,
        rows,
        bytes_read: log.len() as u64,
        total_bytes: Some(log.len() as u64),
    });
    app.update(Action::LogDone {
        read,
        notes: Vec::new(),
    });
    app
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
}

#[test]
fn the_rows_tell_the_story_and_the_preview_the_errors_at_120x40() {
    let mut app = app_with_log(120, 40);
    // The declined payment: its error is nested twice, said once.
    typed(&mut app, "status:402");
    insta::assert_snapshot!(common::screen_text(&app, 120, 40));
}

#[test]
fn the_validation_error_with_its_place_at_120x40() {
    let mut app = app_with_log(120, 40);
    app.update(Action::Command(Command::ScrollDown));
    app.update(Action::Command(Command::ScrollDown));
    insta::assert_snapshot!(common::screen_text(&app, 120, 40));
}

#[test]
fn the_list_and_preview_fit_80x24() {
    let mut app = app_with_log(80, 24);
    typed(&mut app, "failed");
    insta::assert_snapshot!(common::screen_text(&app, 80, 24));
}
