//! The comparison view drawn at 80x24 and 120x40 (TestBackend snapshots):
//! a rejected create against the fixed one, folds, zoom, and a body with
//! control codes that must reach the screen escaped.

mod common;

use std::sync::Arc;
use std::time::Duration;

use connect_inspector::app::compare::Compared;
use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, App, Effect, Overlay, Settings, Shown, Source};
use connect_inspector::config::Environment;
use connect_inspector::diff::Limits;
use connect_inspector::http::ResponseRecord;
use connect_inspector::pipeline::compare;
use connect_inspector::pipeline::{SentRequest, build_exchange};

fn read(name: &str) -> String {
    std::fs::read_to_string(common::fixture(name)).expect("fixture")
}

fn show(app: &mut App, request: &str, status: u16, response: &str, sent_at_ms: i64) {
    let sent = SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:7878/v1/1234/payments".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            (
                "Date".into(),
                format!("Tue, 24 Nov 2026 01:05:{:02} GMT", sent_at_ms % 60),
            ),
        ],
        string_to_sign: None,
        body: Some(request.into()),
        idempotence_key: None,
        sent_at_ms: Some(1_795_482_300_000 + sent_at_ms * 1000),
    };
    let record = ResponseRecord {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: response.as_bytes().to_vec(),
        elapsed: Duration::from_millis(42),
        cut: None,
    };
    app.update(Action::Show(Box::new(Shown {
        source: Source::Sent,
        editor: None,
        result: Ok(Arc::new(build_exchange(sent, record))),
        notice: None,
    })));
}

/// Runs a comparison effect here, as the executor would, and hands its answer back.
fn run_compare(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        let Effect::Compare {
            ticket,
            left,
            right,
            parts,
        } = effect
        else {
            continue;
        };
        let loaded = |s: &connect_inspector::app::compare::SideSpec| match &s.pick {
            connect_inspector::app::compare::Pick::Ready(l) => Arc::clone(l),
            other => panic!("{other:?}"),
        };
        let (l, r) = (loaded(&left), loaded(&right));
        let comparison = compare::compare(&l, &r, parts, &Limits::default(), &mut |_| {});
        app.update(Action::Compared {
            ticket,
            result: Ok(Box::new(Compared::of((*left, l), (*right, r), comparison))),
        });
    }
}

/// The rejected create (its expiry date in the past, a country missing)
/// marked, then the fixed one shown and compared.
fn compared(width: u16, height: u16) -> App {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let request = read("create-payment-request.json");
    let editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", &request);
    let mut app = App::new(env, editor, Settings::default());
    app.update(Action::Resize(width, height));
    let rejected = request
        .replace("\"1299\"", "\"1210\"")
        .replace("\"countryCode\": \"US\",\n", "");
    show(
        &mut app,
        &rejected,
        400,
        &read("400-invalid-request.json"),
        2,
    );
    app.update(Action::Command(Command::MarkLeft));
    show(&mut app, &request, 201, &read("201-create-payment.json"), 9);
    let effects = app.update(Action::Command(Command::Compare));
    assert_eq!(app.overlay(), Some(&Overlay::Compare));
    run_compare(&mut app, effects);
    app
}

#[test]
fn the_comparison_at_80x24() {
    let app = compared(80, 24);
    insta::assert_snapshot!(common::screen_text(&app, 80, 24));
}

#[test]
fn the_comparison_at_120x40_shows_the_changed_fields_and_the_fixed_error() {
    let app = compared(120, 40);
    let screen = common::screen_text(&app, 120, 40);
    for wanted in [
        "~ body cardPaymentMethodSpecificInput.card.expiryDate",
        "+ body order.customer.billingAddress.countryCode",
        "fixed       21000120 cardPaymentMethodSpecificInput.card.expiryDate",
        "400 Bad Request → 201 Created",
    ] {
        assert!(screen.contains(wanted), "{wanted}\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn expected_differences_unfold_and_zoom_wraps_values() {
    let mut app = compared(120, 40);
    app.update(Action::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('a'),
    )));
    let screen = common::screen_text(&app, 120, 40);
    assert!(
        screen.contains("▾ expected to differ (1): date"),
        "{screen}"
    );
    assert!(screen.contains("~ header Date"), "{screen}");
    app.update(Action::Command(Command::Zoom));
    insta::assert_snapshot!(common::screen_text(&app, 120, 40));
}

#[test]
fn control_codes_in_a_value_are_escaped() {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", "{}");
    let mut app = App::new(env, editor, Settings::default());
    app.update(Action::Resize(80, 24));
    show(&mut app, r#"{"a":"x"}"#, 201, "{}", 1);
    app.update(Action::Command(Command::MarkLeft));
    show(
        &mut app,
        "{\"a\":\"\\u001b]52;c;aGk=\\u0007\u{9b}2J\"}",
        201,
        "{}",
        2,
    );
    let effects = app.update(Action::Command(Command::Compare));
    run_compare(&mut app, effects);
    let screen = common::screen_text(&app, 80, 24);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{9b}'),
        "{screen}"
    );
    assert!(screen.contains("~ body a"), "{screen}");
    assert!(screen.contains("\\u001b]52"), "{screen}");
    assert!(
        screen.contains("\\x9b2J") || screen.contains("\\u{9b}"),
        "{screen}"
    );
}

#[test]
fn a_comparison_being_built_shows_its_progress() {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", "{}");
    let mut app = App::new(env, editor, Settings::default());
    app.update(Action::Resize(80, 24));
    show(&mut app, "{}", 201, "{}", 1);
    app.update(Action::Command(Command::MarkLeft));
    show(&mut app, "{\"b\":1}", 201, "{}", 2);
    let effects = app.update(Action::Command(Command::Compare));
    let Some(Effect::Compare { ticket, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    app.update(Action::CompareProgress {
        ticket: *ticket,
        progress: connect_inspector::diff::Progress {
            done: 43,
            total: 100,
        },
    });
    let screen = common::screen_text(&app, 80, 24);
    assert!(screen.contains("reading and comparing… 43%"), "{screen}");
    assert!(screen.contains("left   sent 01:05:01.000"), "{screen}");
    // Esc stops it: its answer is dropped.
    app.update(Action::Command(Command::Cancel));
    assert_eq!(app.overlay(), None);
    run_compare(&mut app, effects);
    assert!(app.comparing().view().is_none());
}
