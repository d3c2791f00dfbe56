//! The app's state machine driven headless through send → response → errors
//! against the simulator: every status class, every fault route, cancel,
//! timeout and transport failures.

mod common;

use std::time::Duration;

use common::Harness;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Settings, Showing};
use connect_inspector::body::BodyKind;
use connect_inspector::config::Environment;
use connect_inspector::connect::{StatusClass, VerdictKind};
use connect_inspector::locate::Outcome;
use connect_inspector::sim;

const MINIMAL_PAYMENT: &str = r#"{"cardPaymentMethodSpecificInput":{"card":{"cvv":"123","cardNumber":"4567350000427977","expiryDate":"1230"},"paymentProductId":1},"order":{"amountOfMoney":{"amount":2345,"currencyCode":"CAD"},"customer":{"billingAddress":{"countryCode":"CA"}}}}"#;

fn failure_message(phase: &Showing) -> String {
    match phase {
        Showing::Failed(f) => f.message.clone(),
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// A request refused before the wire leaves the panes as they were (here:
/// nothing yet) and says why in the status line.
fn refusal(h: &Harness, phase: &Showing) -> String {
    assert!(
        matches!(phase, Showing::Idle),
        "the panes keep what they showed: {phase:?}"
    );
    h.app.notice().map(|n| n.text.clone()).unwrap_or_default()
}

#[tokio::test]
async fn demo_request_is_rejected_with_located_errors() {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 400);
    assert_eq!(x.verdict.kind, VerdictKind::Validation);
    assert!(x.report.error_id.is_some());
    assert!(x.report.errors.len() >= 4, "{:?}", x.report.errors);
    let properties: Vec<&str> = x
        .report
        .errors
        .iter()
        .filter_map(|e| e.error.property_name.as_deref())
        .collect();
    assert!(
        properties.iter().any(|p| p.contains("items[2]")),
        "{properties:?}"
    );
    assert!(
        properties.iter().any(|p| p.contains("[type='DISCOUNT']")),
        "{properties:?}"
    );
    // Every error with a propertyName got a place in the body (found, or where it would go).
    for (entry, loc) in x.report.errors.iter().zip(h.app.errors().locations()) {
        if entry.error.property_name.is_some() {
            let loc = loc.as_ref().expect("located");
            assert!(
                !matches!(loc.outcome, Outcome::Unsupported { .. }),
                "{loc:?}"
            );
        }
    }
    assert!(!h.app.errors().marked_rows().is_empty());
}

#[tokio::test]
async fn f8_jumps_the_body_cursor_to_the_expiry_date_value() {
    let body = sim::demo_request_body();
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", &body).await;
    h.send().await;
    let x = h.exchange();
    let index = x
        .report
        .errors
        .iter()
        .position(|e| {
            e.error.property_name.as_deref()
                == Some("cardPaymentMethodSpecificInput.card.expiryDate")
        })
        .expect("the expiry error");
    // F8 cycles through every target in error order; go until the expiry error is selected.
    for _ in 0..20 {
        h.command(Command::NextProblem);
        if h.app.errors().selected() == index {
            break;
        }
    }
    assert_eq!(h.app.errors().selected(), index);
    // The value is selected, without its quotes: typing replaces it.
    let ((row, from), (to_row, to)) = h.app.editor().body_selection().expect("a selection");
    assert_eq!(row, to_row);
    let line = h.app.editor().body_lines()[row].clone();
    let selected: String = line.chars().skip(from).take(to - from).collect();
    assert!(line.contains("\"expiryDate\""), "{line}");
    assert_eq!(selected, "1210", "{line:?}");
    for c in "1230".chars() {
        h.act(Action::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        )));
    }
    let line = &h.app.editor().body_lines()[row];
    assert!(line.ends_with("\"expiryDate\": \"1230\""), "{line:?}");
}

#[tokio::test]
async fn located_errors_follow_edits_to_the_body() {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    let before = h.app.errors().marked_rows().clone();
    // Insert a blank line at the top: every mark moves down by one.
    h.act(Action::Paste("\n".to_string()));
    let after = h.app.errors().marked_rows().clone();
    let shifted: std::collections::BTreeSet<usize> = before.iter().map(|r| r + 1).collect();
    assert_eq!(after, shifted);
}

#[tokio::test]
async fn valid_payment_is_created_with_a_location() {
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", MINIMAL_PAYMENT).await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 201);
    assert_eq!(x.verdict.kind, VerdictKind::Success);
    let location = x
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("location"))
        .map(|(_, v)| v.clone());
    let location = location.expect("201 carries Location");
    assert!(
        x.verdict.summary.contains(&location)
            || x.verdict.details.iter().any(|d| d.contains(&location))
    );
    assert!(x.report.errors.is_empty());
    assert_eq!(x.body.kind, BodyKind::Json);
}

#[tokio::test]
async fn decline_card_gives_a_declined_payment_verdict() {
    let body = MINIMAL_PAYMENT.replace("4567350000427977", "5424180279791732");
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", &body).await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 402);
    assert_eq!(x.verdict.kind, VerdictKind::DeclinedPayment);
    assert!(
        x.verdict.summary.contains("REJECTED"),
        "{}",
        x.verdict.summary
    );
    assert!(
        x.report.errors.iter().any(|e| e.nested_in.is_some()),
        "nested statusOutput errors are shown"
    );
}

#[tokio::test]
async fn unknown_payment_is_a_reference_error_with_property_name() {
    let mut h = Harness::with_sim(
        "GET",
        "/v1/{merchantId}/payments/000000000000000000000000000000",
        "",
    )
    .await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 404);
    assert_eq!(x.verdict.kind, VerdictKind::Reference);
    assert_eq!(
        x.report.errors[0].error.property_name.as_deref(),
        Some("paymentId")
    );
}

#[tokio::test]
async fn idempotent_replay_and_in_flight_duplicate() {
    let slow = MINIMAL_PAYMENT.replace(
        "\"order\":{",
        "\"order\":{\"references\":{\"merchantReference\":\"slow-1\"},",
    );
    let mut first = Harness::with_sim("POST", "/v1/{merchantId}/payments", &slow).await;
    let env = first.app.env().clone();
    first.edit(connect_inspector::app::editor::RequestEditor::new(
        "POST",
        "/v1/{merchantId}/payments",
        "X-GCS-Idempotence-Key: key-42",
        &slow,
    ));
    let mut second = Harness::new(
        env,
        "POST",
        "/v1/{merchantId}/payments",
        &slow,
        Settings::default(),
    );
    second.edit(connect_inspector::app::editor::RequestEditor::new(
        "POST",
        "/v1/{merchantId}/payments",
        "X-GCS-Idempotence-Key: key-42",
        &slow,
    ));
    first.command(Command::Send);
    // Well inside the simulator's 2 s processing window, and long enough for the
    // first request to arrive even on a loaded machine.
    tokio::time::sleep(Duration::from_millis(700)).await;
    second.send().await;
    let dup = second.exchange();
    assert_eq!(dup.status.code, 409);
    assert_eq!(
        dup.verdict.kind,
        VerdictKind::Idempotence,
        "{:?}",
        dup.verdict
    );
    assert!(
        dup.verdict.details.iter().any(|d| d.contains("key-42")),
        "{:?}",
        dup.verdict.details
    );
    first.settle().await;
    assert_eq!(first.exchange().status.code, 201);
    // A repeat after the first finished replays the first outcome.
    second.send().await;
    let replay = second.exchange();
    assert_eq!(replay.status.code, 201);
    assert!(
        replay
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("x-gcs-idempotence-request-timestamp"))
    );
}

#[tokio::test]
async fn test_connection_succeeds() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!((x.status.code, x.verdict.kind), (200, VerdictKind::Success));
    assert_eq!(x.body.line(1), Some(r#"  "result": "OK""#));
}

#[tokio::test]
async fn html_502_is_shown_as_text_with_a_communication_verdict() {
    let mut h = Harness::with_sim("GET", "/sim/html-502", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 502);
    assert_eq!(x.verdict.kind, VerdictKind::Communication);
    assert_eq!(x.body.kind, BodyKind::Text);
}

#[tokio::test]
async fn empty_500_is_a_platform_error_without_error_id() {
    let mut h = Harness::with_sim("GET", "/sim/empty-500", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(
        (x.status.code, x.verdict.kind),
        (500, VerdictKind::Platform)
    );
    assert!(x.report.error_id.is_none());
    assert_eq!(x.body.kind, BodyKind::Empty);
}

#[tokio::test]
async fn unavailable_503_says_retry_later_with_retry_after() {
    let mut h = Harness::with_sim("GET", "/sim/unavailable", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(
        (x.status.code, x.verdict.kind),
        (503, VerdictKind::Platform)
    );
    let all = format!("{} {}", x.verdict.summary, x.verdict.details.join(" "));
    assert!(all.contains("retry") || all.contains("Retry"), "{all}");
    assert!(all.contains("120"), "{all}");
}

#[tokio::test]
async fn plain_text_404_is_not_found_invalid_path() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/no-such-endpoint", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(
        (x.status.code, x.verdict.kind),
        (404, VerdictKind::NotFound)
    );
}

#[tokio::test]
async fn statuses_not_in_the_list_get_their_class_and_a_marker() {
    for (code, class) in [
        (299, StatusClass::Success),
        (418, StatusClass::ClientError),
        (451, StatusClass::ClientError),
        (599, StatusClass::ServerError),
    ] {
        let mut h = Harness::with_sim("GET", &format!("/sim/status/{code}"), "").await;
        h.send().await;
        let x = h.exchange();
        assert_eq!(x.status.code, code);
        assert_eq!(x.status.class, class);
        assert!(!x.status.listed, "{code} is not in the API's list");
    }
}

#[tokio::test]
async fn truncated_body_ends_with_a_clear_message() {
    let mut h = Harness::with_sim("GET", "/sim/truncated", "").await;
    let message = failure_message(&h.send().await);
    assert!(message.contains("connection lost"), "{message}");
}

#[tokio::test]
async fn large_body_is_pretty_printed_off_the_ui_thread() {
    let mut h = Harness::with_sim("GET", "/sim/large?mb=5", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.body.kind, BodyKind::Json);
    assert!(x.body.size >= 5 * 1024 * 1024);
    assert!(x.body.line_count() > 10_000);
    h.act(Action::Command(Command::Bottom));
    assert!(h.app.response().scroll() > 10_000);
}

#[tokio::test]
async fn timeout_ends_with_a_clear_message_and_the_app_stays_usable() {
    let settings = Settings {
        timeout: Duration::from_millis(300),
        ..Settings::default()
    };
    let mut h = Harness::with_sim_settings("GET", "/sim/slow?ms=5000", "", settings).await;
    let message = failure_message(&h.send().await);
    assert!(message.contains("timeout"), "{message}");
    h.set_path("GET", "/v1/{merchantId}/services/testconnection");
    h.send().await;
    assert_eq!(h.exchange().status.code, 200);
}

#[tokio::test]
async fn esc_cancels_a_request_in_flight() {
    let mut h = Harness::with_sim("GET", "/sim/slow?ms=10000", "").await;
    h.command(Command::Send);
    tokio::time::sleep(Duration::from_millis(100)).await;
    h.command(Command::Cancel);
    match h.app.showing() {
        Showing::Failed(f) => assert!(f.cancelled() && f.message.contains("may still process")),
        other => panic!("{other:?}"),
    }
    // The app is usable at once.
    h.set_path("GET", "/v1/{merchantId}/services/testconnection");
    h.send().await;
    assert_eq!(h.exchange().status.code, 200);
}

#[tokio::test]
async fn connection_refused_gets_a_one_line_message() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let env = Environment::simulator(&format!("http://127.0.0.1:{port}"));
    let mut h = Harness::new(
        env,
        "GET",
        "/v1/{merchantId}/services/testconnection",
        "",
        Settings::default(),
    );
    let message = failure_message(&h.send().await);
    assert!(message.contains("connection refused"), "{message}");
    assert!(!message.contains('\n'));
}

#[tokio::test]
async fn unknown_host_gets_a_dns_message() {
    let env = Environment::simulator("http://cinspect-test.invalid");
    let settings = Settings {
        timeout: Duration::from_secs(20),
        ..Settings::default()
    };
    let mut h = Harness::new(env, "GET", "/v1/x", "", settings);
    let message = failure_message(&h.send().await);
    assert!(
        message.contains("cannot resolve host cinspect-test.invalid"),
        "{message}"
    );
}

#[tokio::test]
async fn tls_failure_gets_a_tls_message() {
    // Speaking TLS to a plain-HTTP server fails the handshake.
    let mut h = Harness::with_sim("GET", "/", "").await;
    let base = h
        .sim
        .as_ref()
        .expect("sim")
        .base_url()
        .replace("http://", "https://");
    h.set_env(Environment::simulator(&base));
    let message = failure_message(&h.send().await);
    assert!(message.contains("TLS"), "{message}");
}

#[tokio::test]
async fn invalid_json_body_asks_before_sending() {
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", "{\"order\": }").await;
    h.command(Command::Send);
    assert!(matches!(h.app.showing(), Showing::Idle));
    match h.app.overlay() {
        Some(connect_inspector::app::Overlay::Confirm { question, .. }) => {
            assert!(question.contains("line 1, column 11"), "{question}")
        }
        other => panic!("{other:?}"),
    }
    h.act(Action::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('y'),
    )));
    h.settle().await;
    assert_eq!(h.exchange().status.code, 400);
}

#[tokio::test]
async fn requests_are_signed_and_a_wrong_secret_is_refused() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(
        x.status.code, 200,
        "the simulator accepted our v1HMAC signature"
    );
    let sts = x.request.string_to_sign.clone().expect("signed");
    assert!(
        sts.starts_with("GET\n\n") && sts.ends_with("/services/testconnection\n"),
        "{sts:?}"
    );
    let auth = x
        .request
        .headers
        .iter()
        .find(|(n, _)| n == "Authorization")
        .map(|(_, v)| v.clone())
        .expect("sent");
    assert!(
        auth.starts_with("GCS v1HMAC:cinspect-demo-key:") && !auth.contains('='),
        "signature masked: {auth}"
    );

    let mut env = h.app.env().clone();
    env.secret = connect_inspector::config::SecretSource::Value(
        connect_inspector::config::Secret::new("wrong-secret"),
    );
    h.set_env(env);
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 401);
    assert_eq!(x.report.errors[0].error.code.as_deref(), Some("9002"));
    assert!(
        x.verdict.details.iter().any(|d| d.contains("secret")),
        "{:?}",
        x.verdict.details
    );
}

#[tokio::test]
async fn a_hanging_secret_command_times_out_and_sends_nothing() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    let mut env = h.app.env().clone();
    env.secret = connect_inspector::config::SecretSource::Command {
        command: "sleep 60".into(),
        timeout: Duration::from_millis(300),
    };
    h.set_env(env);
    let phase = h.send().await;
    let message = refusal(&h, &phase);
    assert!(message.starts_with("not sent:"), "{message}");
    assert!(
        message.contains("`sleep 60` did not finish within"),
        "{message}"
    );
}

#[tokio::test]
async fn a_failing_secret_command_shows_its_stderr_and_sends_nothing() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    let mut env = h.app.env().clone();
    env.secret = connect_inspector::config::SecretSource::Command {
        command: "echo 'pass: connect/sandbox is not in the password store' >&2; exit 1".into(),
        timeout: Duration::from_secs(10),
    };
    h.set_env(env);
    let phase = h.send().await;
    let message = refusal(&h, &phase);
    assert!(message.starts_with("not sent:"), "{message}");
    assert!(
        message.contains("is not in the password store"),
        "{message}"
    );
}

#[tokio::test]
async fn copy_menu_puts_the_error_ids_on_the_clipboard() {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    let error_id = h.exchange().report.error_id.clone().expect("errorId");
    h.command(Command::Copy);
    let choices = h.app.copy_choices();
    let index = choices
        .iter()
        .position(|c| c.kind == connect_inspector::app::CopyKind::ErrorIds)
        .expect("offered");
    for _ in 0..index {
        h.act(Action::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Down,
        )));
    }
    h.act(Action::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    )));
    match h.terminal_effects.last() {
        Some(connect_inspector::app::TerminalEffect::Copy { text }) => {
            assert!(text.starts_with(&format!("errorId {error_id}")), "{text}")
        }
        other => panic!("{other:?}"),
    }
    assert!(
        h.app
            .notice()
            .is_some_and(|n| n.text.starts_with("copied "))
    );
}

#[tokio::test]
async fn copy_as_json_has_the_send_json_shape_and_no_secret() {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    let text = h
        .app
        .copy_text(connect_inspector::app::CopyKind::ExchangeJson)
        .expect("json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["verdict"]["kind"], "validation");
    assert!(
        v["errors"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["location"].is_object()))
    );
    assert!(!text.contains(sim::DEMO_SECRET));
}

#[tokio::test]
async fn an_edited_body_from_the_editor_is_re_located() {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    h.command(Command::EditInEditor);
    assert!(matches!(
        h.terminal_effects.last(),
        Some(connect_inspector::app::TerminalEffect::EditBody { .. })
    ));
    let edited = format!("\n\n{}", sim::demo_request_body());
    let before = h.app.errors().marked_rows().clone();
    h.act(Action::EditorClosed(Ok(edited.clone())));
    assert_eq!(h.app.editor().body_text(), edited);
    let shifted: std::collections::BTreeSet<usize> = before.iter().map(|r| r + 2).collect();
    assert_eq!(h.app.errors().marked_rows(), &shifted);
    h.act(Action::EditorClosed(Err(
        "vi exited with 1; the body is unchanged".into(),
    )));
    assert_eq!(h.app.editor().body_text(), edited);
}

#[tokio::test]
async fn zoom_maximises_the_focused_pane_and_follows_focus() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    h.send().await;
    h.act(Action::Focus(connect_inspector::app::Focus::Response));
    h.command(Command::Zoom);
    assert_eq!(
        (h.app.panes().response.width, h.app.panes().errors.width),
        (120, 0)
    );
    h.command(Command::FocusNext);
    assert_eq!(
        (h.app.panes().errors.width, h.app.panes().response.width),
        (120, 0)
    );
    h.command(Command::Zoom);
    assert!(h.app.panes().response.width > 0 && h.app.panes().errors.width > 0);
}

fn click(col: u16, row: u16) -> Action {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    Action::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: col,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[tokio::test]
async fn mouse_clicks_focus_panes_and_choose_errors_only_when_enabled() {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    let errors = h.app.panes().errors;
    // Off by default: a click does nothing.
    h.act(click(errors.x + 3, errors.y + 2));
    assert_ne!(h.app.focus(), connect_inspector::app::Focus::Errors);

    // On: the same exchange in an app that captures the mouse.
    let settings = Settings {
        mouse: true,
        ..Settings::default()
    };
    let mut h = Harness::with_sim_settings(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
        settings,
    )
    .await;
    h.send().await;
    // Row 0 inside the panel is the errorId; the second error starts after the first's rows.
    let x = h.exchange();
    let width = (errors.width as usize - 2).saturating_sub(2);
    let first_height = connect_inspector::app::errors::entry_rows(
        &x.report.errors[0],
        h.app.errors().locations()[0].as_ref(),
        false,
        width,
    )
    .len() as u16;
    h.act(click(errors.x + 3, errors.y + 2 + first_height));
    assert_eq!(h.app.errors().selected(), 1, "the second error is chosen");
    assert_eq!(
        h.app.focus(),
        connect_inspector::app::Focus::Request(connect_inspector::app::editor::Field::Body),
        "and its field is jumped to"
    );
    let response = h.app.panes().response;
    h.act(click(response.x + 5, response.y + 5));
    assert_eq!(h.app.focus(), connect_inspector::app::Focus::Response);
}

#[tokio::test]
async fn a_pasted_curl_command_is_imported_without_its_old_signature() {
    let mut h = Harness::with_sim("GET", "/", "").await;
    let base = h.app.env().base_url.clone();
    h.command(Command::Import);
    let curl = format!(
        "curl -X POST '{base}/v1/1234/payments' -H 'Authorization: GCS v1HMAC:key:c2lnbmF0dXJl' -H 'Date: Mon, 01 Jan 2024 00:00:00 GMT' -H 'Content-Type: application/json' --data-raw '{MINIMAL_PAYMENT}'"
    );
    h.act(Action::Paste(curl));
    h.act(Action::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    )));
    assert_eq!(h.app.editor().method(), "POST");
    assert_eq!(
        h.app.editor().url_text(),
        "/v1/1234/payments",
        "the environment's base URL became a path"
    );
    assert!(
        !h.app
            .editor()
            .header_lines()
            .join("\n")
            .contains("Authorization")
    );
    let notice = h.app.notice().cloned().expect("notes").text;
    assert!(notice.contains("Authorization"), "{notice}");
    h.send().await;
    assert_eq!(
        h.exchange().status.code,
        201,
        "re-signed at send time and accepted"
    );
}

#[tokio::test]
async fn the_request_exports_as_curl_and_http_and_imports_back() {
    let h = Harness::with_sim("POST", "/v1/{merchantId}/payments", MINIMAL_PAYMENT).await;
    let curl = h
        .app
        .copy_text(connect_inspector::app::CopyKind::RequestCurl)
        .expect("curl");
    assert!(
        curl.starts_with('#') && curl.contains("v1HMAC"),
        "says how to sign: {curl}"
    );
    assert!(!curl.contains(sim::DEMO_SECRET));
    let (back, _) = connect_inspector::interop::parse_curl(&curl).expect("parses");
    assert_eq!(back, h.app.request_text());
    let http = h
        .app
        .copy_text(connect_inspector::app::CopyKind::RequestHttpFile)
        .expect(".http");
    let (back, _) = connect_inspector::interop::parse_http_file(&http).expect("parses");
    assert_eq!(back.method, "POST");
    assert_eq!(back.url, h.app.request_text().url);
}

#[tokio::test]
async fn a_big_body_shows_its_head_while_the_rest_is_indexed() {
    let mut h = Harness::with_sim("GET", "/sim/large?mb=8", "").await;
    h.command(Command::Send);
    // The first answer is the preview: the head of the body, already pretty.
    h.next_action().await;
    let preview = match h.app.exchange() {
        Some(x) => x.clone(),
        None => panic!("expected the preview, got {:?}", h.app.showing()),
    };
    assert!(preview.preview && h.app.is_pending());
    assert_eq!(preview.body.line(1), Some("  \"payments\": ["));
    assert!(preview.body.line_count() < 10_000 && preview.body.size > 8_000_000);
    h.command(Command::ScrollDown);
    h.settle().await;
    let whole = h.exchange();
    assert!(!whole.preview && whole.body.line_count() > 100_000);
    assert_eq!(h.app.response().cursor(), 1, "the reader keeps their place");
}

#[tokio::test]
async fn f9_sets_a_fresh_key_and_shift_f5_replays_with_the_previous_one() {
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", MINIMAL_PAYMENT).await;
    h.command(Command::NewIdempotenceKey);
    h.send().await;
    let first = h.exchange();
    let key = first
        .request
        .idempotence_key
        .clone()
        .expect("a key was sent");
    // A different key in the editor: Shift-F5 puts the previous one back.
    h.edit(connect_inspector::app::editor::RequestEditor::new(
        h.app.editor().method(),
        &h.app.editor().url_text(),
        "X-GCS-Idempotence-Key: another",
        &h.app.editor().body_text(),
    ));
    h.command(Command::ResendWithPreviousKey);
    h.settle().await;
    let replay = h.exchange();
    assert_eq!(
        replay.request.idempotence_key.as_deref(),
        Some(key.as_str())
    );
    assert!(
        replay
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("x-gcs-idempotence-request-timestamp")),
        "a replay"
    );
}

#[tokio::test]
async fn esc_then_ctrl_q_typed_as_one_alt_chord_closes_the_overlay_and_quits() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    h.command(Command::Help);
    assert!(h.app.overlay().is_some());
    h.act(Action::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::ALT | KeyModifiers::CONTROL,
    )));
    assert!(h.app.overlay().is_none());
    assert!(h.app.should_quit());
}

/// A multi-line "Copy as cURL", pasted as a terminal delivers it — each line break a CR (a
/// Windows clipboard: CRLF) — imports like the same text given to `--curl`: the `\` before a
/// line break continues the line. Chrome's, Firefox's and the Connect docs' layouts.
#[tokio::test]
async fn a_multi_line_curl_pasted_into_the_import_box_imports() {
    let mut h = Harness::with_sim("GET", "/", "").await;
    let base = h.app.env().base_url.clone();
    let url = format!("{base}/v1/1234/payments");
    let chrome = format!(
        "curl '{url}' \\\n  -H 'accept: application/json' \\\n  -H 'content-type: application/json' \\\n  --data-raw '{MINIMAL_PAYMENT}'"
    );
    let firefox = format!(
        "curl '{url}' \\\n  -X POST \\\n  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0)' \\\n  -H 'Accept: */*' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{MINIMAL_PAYMENT}'"
    );
    let docs = format!(
        "curl -X POST \\\n  {url} \\\n  -H 'Authorization: GCS v1HMAC:<apiKeyId>:<signature>' \\\n  -H 'Content-Type: application/json' \\\n  -H 'Date: Mon, 01 Jan 2024 00:00:00 GMT' \\\n  -d '{MINIMAL_PAYMENT}'\n"
    );
    for (name, copy) in [("chrome", &chrome), ("firefox", &firefox), ("docs", &docs)] {
        for (ends, pasted) in [
            ("CR", copy.replace('\n', "\r")),
            ("CRLF", copy.replace('\n', "\r\n")),
        ] {
            h.edit(connect_inspector::app::editor::RequestEditor::new(
                "GET", "/", "", "",
            ));
            h.command(Command::Import);
            h.act(Action::Paste(pasted));
            h.act(Action::Key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Enter,
            )));
            let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
            assert_eq!(h.app.editor().method(), "POST", "{name} {ends}: {notice}");
            assert_eq!(
                h.app.editor().url_text(),
                "/v1/1234/payments",
                "{name} {ends}: {notice}"
            );
            assert!(
                h.app.editor().body_text().contains("amountOfMoney"),
                "{name} {ends}: {notice}"
            );
        }
    }
    h.send().await;
    assert_eq!(h.exchange().status.code, 201, "the last one, sent");
}

#[tokio::test]
async fn the_environment_picker_and_the_production_question_name_the_merchant() {
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", MINIMAL_PAYMENT).await;
    let mut env = h.app.env().clone();
    env.production = true;
    h.set_env(env);
    let items = h
        .app
        .picker_items(connect_inspector::app::overlay::PickerKind::Environment);
    assert!(
        items
            .iter()
            .any(|i| i.detail.contains("merchant 1234 · key cinspect-demo-key")),
        "{:?}",
        items.iter().map(|i| &i.detail).collect::<Vec<_>>()
    );
    h.command(Command::Send);
    match h.app.overlay() {
        Some(connect_inspector::app::Overlay::Confirm { question, .. }) => {
            assert!(question.contains("PRODUCTION"), "{question}");
            assert!(question.contains("merchant 1234"), "{question}");
        }
        other => panic!("{other:?}"),
    }
}

/// F6 never wraps or cuts a signed line without saying so: a line that goes
/// on ends in `›`, and ←/→ scroll the box sideways to its end (at 80x24 and
/// 120x40), where a signature mismatch hides.
#[tokio::test]
async fn the_request_as_sent_scrolls_sideways_with_marks() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnect", "").await;
    h.send().await;
    for (width, height) in [(80u16, 24u16), (120, 40)] {
        h.act(Action::Resize(width, height));
        h.command(Command::ShowAsSent);
        let screen = common::screen_text(&h.app, width, height);
        // The base64 meta info is wider than the box: marked, not cut silently.
        let meta = |s: &str| {
            s.lines()
                .find(|l| l.contains("x-gcs-servermetainfo:"))
                .map(str::to_owned)
                .unwrap_or_default()
        };
        assert!(meta(&screen).contains('›'), "{screen}");
        for _ in 0..40 {
            h.command(Command::ScrollRight);
        }
        // At the end of the widest line: the signed line's ⏎ in view, nothing further.
        let screen = common::screen_text(&h.app, width, height);
        assert!(
            screen.lines().any(|l| l.contains('‹') && l.contains('⏎')),
            "{screen}"
        );
        assert!(!screen.contains('›'), "{screen}");
        for _ in 0..40 {
            h.command(Command::ScrollLeft);
        }
        assert!(
            meta(&common::screen_text(&h.app, width, height)).contains("x-gcs-servermetainfo:eyJ")
        );
        h.command(Command::Cancel);
    }
}
