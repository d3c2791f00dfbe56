//! Render tests: the three panes drawn with ratatui's TestBackend at 80x24 and
//! 200x50, from responses built out of the fixtures in tests/fixtures (no network, no
//! clock), compared with reviewed snapshots.

mod common;

use std::sync::Arc;
use std::time::Duration;

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, App, Focus, Settings, Shown};
use connect_inspector::config::Environment;
use connect_inspector::http::ResponseRecord;
use connect_inspector::pipeline::SentRequest;
use connect_inspector::pipeline::build_exchange;
use connect_inspector::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::fixture(name)).expect("fixture")
}

fn app_with(status: u16, headers: &[(&str, &str)], body: Vec<u8>, request_body: &str) -> App {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", request_body);
    let mut app = App::new(env, editor, Settings::default());
    let sent = SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:7878/v1/1234/payments".into(),
        headers: Vec::new(),
        string_to_sign: None,
        body: Some(request_body.into()),
        idempotence_key: None,
        sent_at_ms: None,
    };
    let record = ResponseRecord {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body,
        elapsed: Duration::from_millis(42),
        cut: None,
    };
    app.update(Action::Show(Box::new(Shown {
        source: connect_inspector::app::Source::Sent,
        editor: None,
        result: Ok(Arc::new(build_exchange(sent, record))),
        notice: None,
    })));
    app
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    render_with(app, width, height, &Theme::default()).0
}

fn render_with(
    app: &mut App,
    width: u16,
    height: u16,
    theme: &Theme,
) -> (String, ratatui::buffer::Buffer) {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| ui::draw(f, app, theme)).expect("draw");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        for x in 0..width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    (out, buffer.clone())
}

fn create_payment_request() -> String {
    String::from_utf8(fixture("create-payment-request.json")).expect("utf-8")
}

const JSON: &[(&str, &str)] = &[("Content-Type", "application/json")];

#[test]
fn validation_error_at_80x24() {
    let mut app = app_with(
        400,
        JSON,
        fixture("400-invalid-request.json"),
        &create_payment_request(),
    );
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn validation_error_at_200x50() {
    let mut app = app_with(
        400,
        JSON,
        fixture("400-invalid-request.json"),
        &create_payment_request(),
    );
    insta::assert_snapshot!(render(&mut app, 200, 50));
}

#[test]
fn declined_payment_at_200x50_shows_nested_errors() {
    let mut app = app_with(
        402,
        JSON,
        fixture("402-declined-payment.json"),
        &create_payment_request(),
    );
    let screen = render(&mut app, 200, 50);
    assert!(screen.contains("REJECTED"));
    assert!(screen.contains("in paymentResult.payment.statusOutput.errors"));
    insta::assert_snapshot!(screen);
}

#[test]
fn created_at_80x24_names_the_location() {
    let headers = &[
        ("Content-Type", "application/json"),
        (
            "Location",
            "http://127.0.0.1:7878/v1/1234/payments/000000123410000595980000100001",
        ),
    ];
    let mut app = app_with(201, headers, fixture("201-create-payment.json"), "{}");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("201 Created"));
    insta::assert_snapshot!(screen);
}

#[test]
fn jump_highlights_the_field_and_marks_the_gutter_at_80x24() {
    let mut app = app_with(
        400,
        JSON,
        fixture("400-invalid-request.json"),
        &create_payment_request(),
    );
    app.update(Action::Resize(80, 24));
    app.update(Action::Command(Command::NextProblem));
    assert_eq!(
        app.focus(),
        Focus::Request(connect_inspector::app::editor::Field::Body)
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("●"), "gutter mark");
    assert!(screen.contains("\"1299\""), "the expiry value is in view");
    insta::assert_snapshot!(screen);
}

#[test]
fn unknown_status_and_html_body_at_80x24() {
    let mut app = app_with(
        599,
        &[("Content-Type", "text/html")],
        b"<html><body><h1>599 Network Connect Timeout</h1></body></html>".to_vec(),
        "{}",
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("not in the API's list"));
    assert!(screen.contains("<h1>599"));
    insta::assert_snapshot!(screen);
}

#[test]
fn help_overlay_lists_keys_from_the_key_map() {
    let mut app = app_with(400, JSON, fixture("400-invalid-request.json"), "{}");
    app.update(Action::Command(Command::Help));
    let screen = render(&mut app, 80, 24);
    for key in ["F5, Ctrl-R", "Ctrl-Q", "Shift-F8", "F1"] {
        assert!(screen.contains(key), "{key} missing from help:\n{screen}");
    }
}

#[test]
fn too_small_terminal_shows_a_notice() {
    let mut app = app_with(400, JSON, fixture("400-invalid-request.json"), "{}");
    let screen = render(&mut app, 60, 20);
    assert!(screen.contains("terminal too small"));
}

#[test]
fn layout_at_120x40() {
    let mut app = app_with(
        400,
        JSON,
        fixture("400-invalid-request.json"),
        &create_payment_request(),
    );
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn layout_at_250x60() {
    let mut app = app_with(
        402,
        JSON,
        fixture("402-declined-payment.json"),
        &create_payment_request(),
    );
    insta::assert_snapshot!(render(&mut app, 250, 60));
}

#[test]
fn zoomed_response_at_80x24() {
    let mut app = app_with(
        400,
        JSON,
        fixture("400-invalid-request.json"),
        &create_payment_request(),
    );
    app.update(Action::Focus(Focus::Response));
    app.update(Action::Command(Command::Zoom));
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("Errors"), "only the response is drawn");
    insta::assert_snapshot!(screen);
}

#[test]
fn monochrome_draws_without_any_colour_and_still_marks_the_error() {
    let env = connect_inspector::style::TermEnv {
        no_color: true,
        colorterm: None,
        term: None,
    };
    let loaded = connect_inspector::style::load("default", None, &env);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let mut app = app_with(
        400,
        JSON,
        fixture("400-invalid-request.json"),
        &create_payment_request(),
    );
    app.update(Action::Resize(120, 40));
    app.update(Action::Command(Command::NextProblem));
    let (_, buffer) = render_with(&mut app, 120, 40, &loaded.theme);
    use ratatui::style::{Color, Modifier};
    let mut emphasised = false;
    for cell in buffer.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a colour in NO_COLOR mode: {cell:?}"
        );
        emphasised |= cell.modifier.contains(Modifier::REVERSED);
    }
    assert!(
        emphasised,
        "the error's value and the cursor still stand out"
    );
}

/// Text from a server (or a webhook sender) is shown escaped wherever it is
/// drawn: ratatui drops C0 and C1 controls but passes a right-to-left override.
#[test]
fn server_text_is_drawn_escaped_in_the_verdict_errors_history_and_failures() {
    const RLO: char = '\u{202e}';
    let body = format!(
        r#"{{"errorId":"id{RLO}x","errors":[{{"code":"21{RLO}00","message":"pay{RLO}txt.exe","httpStatusCode":400}}]}}"#
    );
    let mut app = app_with(400, JSON, body.into_bytes(), "{}");
    let screen = render(&mut app, 120, 40);
    assert!(
        !screen.contains(RLO),
        "an override reached the screen:\n{screen}"
    );
    assert!(
        screen.contains("21\\u{202e}00"),
        "the code, escaped, in the verdict and the errors:\n{screen}"
    );
    assert!(screen.contains("id\\u{202e}x"), "the errorId:\n{screen}");

    // A history row (a webhook's path is the sender's).
    let effects = app.update(Action::Command(Command::History));
    let query = effects
        .iter()
        .find_map(|e| match e {
            connect_inspector::app::Effect::History(
                connect_inspector::app::HistoryEffect::List { query, .. },
            ) => Some(*query),
            _ => None,
        })
        .expect("the browser asks for a page");
    app.update(Action::HistoryRows {
        query,
        rows: Ok(vec![connect_inspector::history::Summary {
            id: 1,
            time_ms: 0,
            env: "webhook".into(),
            method: "POST".into(),
            url: format!("/hooks/{RLO}evil"),
            status: Some(200),
            verdict: "webhook_valid".into(),
            first_error_code: None,
        }]),
        append: false,
    });
    let screen = render(&mut app, 120, 40);
    assert!(
        !screen.contains(RLO),
        "an override reached the screen:\n{screen}"
    );
    assert!(screen.contains("/hooks/\\u{202e}evil"), "{screen}");

    // A failure's message.
    app.update(Action::Command(Command::Cancel));
    app.update(Action::Show(Box::new(Shown {
        source: connect_inspector::app::Source::Sent,
        editor: None,
        result: Err(connect_inspector::pipeline::Failure {
            request: None,
            kind: connect_inspector::pipeline::FailureKind::Transport,
            message: format!("connection reset by {RLO}peer"),
            elapsed: Duration::ZERO,
        }),
        notice: None,
    })));
    let screen = render(&mut app, 120, 40);
    assert!(
        !screen.contains(RLO),
        "an override reached the screen:\n{screen}"
    );
    assert!(screen.contains("by \\u{202e}peer"), "{screen}");
}

/// A request cancelled after 2.1 s says so once: the label, what it means, the time once.
#[test]
fn a_cancelled_request_says_cancelled_and_its_time_once() {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let editor = RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "");
    let clock = connect_inspector::app::ManualClock::new(std::time::Instant::now(), 0);
    let mut startup = connect_inspector::app::Startup::new(env, editor, Settings::default());
    startup.clock = Box::new(clock.clone());
    let mut app = App::start(startup);
    app.update(Action::Command(Command::Send));
    clock.advance(Duration::from_millis(2100));
    app.update(Action::Command(Command::Cancel));
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = render(&mut app, width, height);
        assert_eq!(screen.matches("after 2.1 s").count(), 1, "{screen}");
        assert_eq!(screen.matches("cancelled").count(), 1, "{screen}");
        assert!(
            screen.contains("cancelled: the server may still process"),
            "{screen}"
        );
    }
}
