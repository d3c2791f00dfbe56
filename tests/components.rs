//! The panes and list overlays as components, each alone: input in through
//! the one interface, a reply out. No app, no simulator, no terminal: what
//! each component does with what it is given, and what it leaves to the app.

mod common;

use std::sync::Arc;
use std::time::Duration;

use connect_inspector::app::keymap::Command;
use connect_inspector::app::logs::{Indexer, LogBrowser};
use connect_inspector::app::{
    Ask, Component, Cx, Effect, ErrorsPanel, HistoryBrowser, HistoryEffect, Input, ResponseViewer,
    Ticket,
};
use connect_inspector::history::Summary;
use connect_inspector::http::ResponseRecord;
use connect_inspector::locate::IndexBase;
use connect_inspector::pipeline::{Exchange, SentRequest, build_exchange};
use connect_inspector::sources::sdk_log;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

fn exchange(status: u16, body: &str, request_body: Option<&str>) -> Arc<Exchange> {
    let sent = SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:7878/v1/1234/payments".into(),
        headers: Vec::new(),
        string_to_sign: None,
        body: request_body.map(str::to_owned),
        idempotence_key: None,
        sent_at_ms: None,
    };
    let record = ResponseRecord {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
        elapsed: Duration::from_millis(3),
        cut: None,
    };
    Arc::new(build_exchange(sent, record))
}

fn command(c: Command) -> Input<'static> {
    Input::Command(c, None)
}

fn key(c: char) -> KeyEvent {
    KeyEvent::from(KeyCode::Char(c))
}

fn query_of(effects: &[Effect]) -> Ticket {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::History(HistoryEffect::List { query, .. }) => Some(*query),
            _ => None,
        })
        .expect("a page asked for")
}

fn summary(id: i64, status: u16) -> Summary {
    Summary {
        id,
        time_ms: 0,
        env: "sim".into(),
        method: "POST".into(),
        url: "/v1/1234/payments".into(),
        status: Some(status),
        verdict: "rejected".into(),
        first_error_code: None,
    }
}

#[test]
fn the_response_viewer_moves_folds_and_ignores_what_is_not_its_own() {
    let body = serde_json::json!({
        "payment": {"id": "1", "status": "CREATED", "statusOutput": {"statusCode": 0}},
        "creationOutput": {"token": "t"}
    })
    .to_string();
    let x = exchange(201, &body, None);
    let mut viewer = ResponseViewer::default();
    viewer.set_viewport(10, 60);

    // Nothing on show: nothing to move.
    let reply = viewer.handle(command(Command::ScrollDown), &Cx::default());
    assert!(!reply.handled);

    let cx = Cx {
        exchange: Some(&x),
        page: 10,
    };
    assert!(viewer.handle(command(Command::ScrollDown), &cx).handled);
    assert_eq!(viewer.cursor(), 1);
    let listed = viewer.shows_headers(&x);
    assert!(viewer.handle(command(Command::ToggleHeaders), &cx).handled);
    assert_ne!(viewer.shows_headers(&x), listed);

    // A digit carries its depth: folded to depth 1, the body is four rows.
    let unfolded = viewer.body_rows(&x);
    let one = key('1');
    let reply = viewer.handle(Input::Command(Command::FoldDepth, Some(&one)), &cx);
    assert!(reply.handled);
    assert_eq!(viewer.body_rows(&x), 4, "{{, the two members folded, }}");
    let two = key('2');
    viewer.handle(Input::Command(Command::FoldDepth, Some(&two)), &cx);
    let at_two = viewer.body_rows(&x);
    assert!(
        4 < at_two && at_two < unfolded,
        "depth 2 opens the members, not statusOutput: {at_two} of {unfolded}"
    );

    // Global commands and typed keys are the app's.
    assert!(!viewer.handle(command(Command::Send), &cx).handled);
    assert!(!viewer.handle(Input::Key(&key('x')), &cx).handled);
}

#[test]
fn the_errors_panel_chooses_among_its_errors_and_reads_indexes_both_ways() {
    let body = serde_json::json!({
        "errorId": "e-1",
        "errors": [
            {"code": "21000120", "propertyName": "card.expiryDate", "message": "past"},
            {"code": "1007", "propertyName": "items[1].amount", "message": "wrong"}
        ]
    })
    .to_string();
    let request = "{\n  \"card\": {\"expiryDate\": \"1210\"},\n  \"items\": [{\"amount\": 1}, {\"amount\": 2}]\n}";
    let x = exchange(400, &body, Some(request));
    let mut panel = ErrorsPanel::default();
    panel.reset(x.report.errors.len());
    panel.refresh(
        &x.report,
        (1, Arc::as_ptr(&x) as usize),
        || request.to_string(),
        None,
        IndexBase::Auto,
        Rect::new(0, 0, 80, 20),
    );
    assert!(panel.located(0).is_some(), "card.expiryDate is in the body");

    let cx = Cx::default();
    assert!(panel.handle(command(Command::ErrorNext), &cx).handled);
    assert_eq!(panel.selected(), 1);
    panel.handle(command(Command::ErrorNext), &cx);
    assert_eq!(panel.selected(), 1, "the last stays the last");

    // items[1]: an index the panel can read 0- or 1-based.
    let reply = panel.handle(command(Command::SwitchIndexBase), &cx);
    let notice = reply.notice.expect("says how it reads it").text;
    assert!(notice.contains("based"), "{notice}");

    assert!(panel.handle(command(Command::ErrorPrev), &cx).handled);
    assert_eq!(panel.selected(), 0);
    assert!(!panel.handle(command(Command::ScrollDown), &cx).handled);
    assert!(!panel.handle(Input::Paste("x"), &cx).handled);
}

#[test]
fn the_history_browser_asks_for_pages_and_drops_the_answers_it_no_longer_waits_for() {
    let mut history = HistoryBrowser::default();
    let first = query_of(&history.open());
    assert!(history.is_loading());

    // Typing filters: a new query, and the first one's answer is stale.
    let cx = Cx {
        exchange: None,
        page: 10,
    };
    let typed = history.handle(Input::Key(&key('4')), &cx);
    let second = query_of(&typed.effects);
    assert_ne!(first, second);
    history
        .rows_arrived(first, Ok(vec![summary(9, 200)]), false)
        .expect("no store error");
    assert!(history.rows().is_empty(), "an answer to an older filter");
    history
        .rows_arrived(second, Ok(vec![summary(2, 400), summary(1, 402)]), false)
        .expect("no store error");
    assert_eq!(history.rows().len(), 2);

    history.handle(command(Command::ScrollDown), &cx);
    let open = history.handle(command(Command::Accept), &cx);
    assert!(matches!(
        open.effects.as_slice(),
        [Effect::History(HistoryEffect::Open {
            id: 1,
            resend: false
        })]
    ));
    let resend = history.handle(command(Command::Send), &cx);
    assert!(matches!(
        resend.effects.as_slice(),
        [Effect::History(HistoryEffect::Open {
            id: 1,
            resend: true
        })]
    ));
    // Leaving is the app's.
    assert!(!history.handle(command(Command::Cancel), &cx).handled);
}

#[test]
fn the_log_browser_lists_filters_and_asks_the_app_to_open_or_stop() {
    let log = std::fs::read(common::fixture("sdk-logs/go-5.0.0-log.log")).expect("fixture");
    let rows = || {
        let mut indexer = Indexer::new(true);
        sdk_log::read(log.as_slice(), sdk_log::Options::default())
            .map(|x| indexer.row(x))
            .collect::<Vec<_>>()
    };
    let total = rows().len();
    assert!(total >= 2, "the fixture has exchanges");

    let mut browser = LogBrowser::default();
    let stale = browser.start("old.log");
    let read = browser.start("app.log");
    assert_ne!(stale, read);
    browser.arrived(stale, rows(), 10, None);
    assert!(browser.rows().is_empty(), "rows of a superseded read");
    browser.arrived(read, rows(), 10, None);
    assert_eq!(browser.matching().len(), total);

    let cx = Cx {
        exchange: None,
        page: 10,
    };
    // Leaving while it reads asks the app to stop the read.
    let reply = browser.handle(command(Command::Cancel), &cx);
    assert!(matches!(reply.ask, Some(Ask::StopLogRead)));
    assert!(browser.finished(read, Vec::new()));
    assert!(
        !browser.handle(command(Command::Cancel), &cx).handled,
        "once read, leaving is the app's"
    );

    // A filter no row holds leaves none; Enter asks the app to open the chosen one.
    for c in "zzqq-no-such".chars() {
        assert!(browser.handle(Input::Key(&key(c)), &cx).handled);
    }
    assert!(browser.matching().is_empty());
    assert!(browser.chosen().is_none());
    let reply = browser.handle(command(Command::Accept), &cx);
    assert!(matches!(reply.ask, Some(Ask::OpenChosenLog)));
}
