//! Comparing in the TUI, headless against the simulator with the real
//! executor: the demo's 400 against the 201 after the fix (the previous send
//! by default), moving through it, F8 to the editor, a side in the viewer and
//! back, copying it as markdown; history entries, logged exchanges and
//! webhooks compared from their lists; a side that is gone named.

mod common;

use std::sync::Arc;

use common::Harness;
use connect_inspector::app::editor::Field;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Focus, Overlay, Showing, TerminalEffect};
use connect_inspector::diff::{Area, Change, Part};
use connect_inspector::sim;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::from(code))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.act(key(KeyCode::Char(c)));
    }
}

/// Feeds the executor's answers until no comparison is being built.
async fn compared(h: &mut Harness) {
    while h.app.comparing().pending().is_some() {
        h.next_action().await;
    }
}

/// The demo: F5 (400, four errors), the fix as the README types it, F5 (201).
async fn demo_fixed() -> Harness {
    let mut h = Harness::demo().await;
    h.send().await;
    assert_eq!(h.exchange().status.code, 400);
    assert_eq!(h.exchange().report.errors.len(), 4);
    h.act(key(KeyCode::F(8)));
    typed(&mut h, "1230");
    h.act(key(KeyCode::F(8)));
    h.act(ctrl('p'));
    typed(&mut h, "NL");
    h.act(key(KeyCode::F(8)));
    typed(&mut h, "480");
    h.act(key(KeyCode::F(8)));
    typed(&mut h, "500");
    h.send().await;
    assert_eq!(h.exchange().status.code, 201, "{:?}", h.app.notice());
    h
}

#[tokio::test]
async fn the_fix_against_the_400_before_it_by_default() {
    let mut h = demo_fixed().await;
    h.act(ctrl('d'));
    assert_eq!(h.app.overlay(), Some(&Overlay::Compare));
    compared(&mut h).await;
    let view = h.app.comparing().view().expect("a comparison");
    let request: Vec<(Change, &str)> = view
        .comparison
        .request
        .as_ref()
        .expect("request")
        .differences
        .iter()
        .filter(|d| d.expected.is_none() && d.area == Area::Body)
        .map(|d| (d.change, d.path.as_str()))
        .collect();
    assert_eq!(
        request.len(),
        4,
        "the four fields the fix touched: {request:?}"
    );
    assert_eq!(
        request[0],
        (
            Change::Changed,
            "cardPaymentMethodSpecificInput.card.expiryDate"
        )
    );
    assert!(
        request.contains(&(Change::Added, "order.customer.billingAddress.countryCode")),
        "{request:?}"
    );
    let errors = view.comparison.errors.as_ref().expect("errors");
    assert_eq!(errors.summary(), "4 fixed, 0 still there, 0 new");
    // The Date and the signature (same within one second) are all that may differ besides: folded.
    let expected: Vec<&str> = view
        .comparison
        .differences()
        .filter(|d| d.part == Part::Request && d.expected.is_some())
        .map(|d| d.path.as_str())
        .collect();
    assert!(
        expected
            .iter()
            .all(|p| ["Date", "Authorization"].contains(p)),
        "{expected:?}"
    );
    // On one 120x40 screen: the changed fields and the four fixed errors.
    let screen = common::screen_text(&h.app, 120, 40);
    assert_eq!(screen.matches("    fixed ").count(), 4, "{screen}");
    assert!(
        screen.contains("~ body cardPaymentMethodSpecificInput.card.expiryDate"),
        "{screen}"
    );
    assert!(
        screen.contains("+ body order.customer.billingAddress.countryCode"),
        "{screen}"
    );
    assert!(screen.contains("400 Bad Request → 201 Created"), "{screen}");

    // Ctrl-D again closes it; with the same sides on show it reopens without work.
    h.act(ctrl('d'));
    assert_eq!(h.app.overlay(), None);
    h.act(ctrl('d'));
    assert_eq!(h.app.overlay(), Some(&Overlay::Compare));
    assert!(
        h.app.comparing().pending().is_none(),
        "reopened, not rebuilt"
    );
}

#[tokio::test]
async fn moving_through_it_f8_to_the_editor_a_side_in_the_viewer_and_a_copy() {
    let mut h = demo_fixed().await;
    h.act(ctrl('d'));
    compared(&mut h).await;
    // The cursor starts on the first change: the expiry date. F8: its value in the editor.
    let view = h.app.comparing().view().expect("view");
    let (part, _, d) = view.current().expect("on a difference");
    assert_eq!(
        (part, d.path.as_str()),
        (
            Part::Request,
            "cardPaymentMethodSpecificInput.card.expiryDate"
        )
    );
    h.act(key(KeyCode::F(8)));
    assert_eq!(h.app.overlay(), None);
    assert_eq!(h.app.focus(), Focus::Request(Field::Body));
    let (row, _) = h.app.editor().body_cursor();
    let line = h
        .app
        .editor()
        .body_text()
        .lines()
        .nth(row)
        .unwrap_or_default()
        .to_string();
    assert!(line.contains("\"expiryDate\": \"1230\""), "{line}");

    // n to the response's differences, then ] shows the right side's body there.
    h.act(ctrl('d'));
    assert_eq!(h.app.overlay(), Some(&Overlay::Compare));
    for _ in 0..20 {
        let at = h
            .app
            .comparing()
            .view()
            .and_then(|v| v.current())
            .map(|(p, _, d)| (p, d.area));
        if at == Some((Part::Response, Area::Body)) {
            break;
        }
        h.act(key(KeyCode::Char('n')));
    }
    let (_, _, d) = h
        .app
        .comparing()
        .view()
        .and_then(|v| v.current())
        .expect("a response body difference");
    assert_eq!(
        d.change,
        Change::Removed,
        "errorId, then errors: only on the left"
    );
    h.act(key(KeyCode::Char('[')));
    assert_eq!(h.app.overlay(), None);
    assert_eq!(h.app.focus(), Focus::Response);
    let shown = h.exchange();
    assert_eq!(shown.status.code, 400, "the left side on show");
    // Its errors answered another request than the editor's: never located in it.
    assert_eq!(h.app.relation(), connect_inspector::app::Relation::Previous);
    // Ctrl-D comes back to the comparison.
    h.act(ctrl('d'));
    assert_eq!(h.app.overlay(), Some(&Overlay::Compare));
    assert!(h.app.comparing().pending().is_none());

    // y copies it as markdown.
    h.act(key(KeyCode::Char('y')));
    let Some(TerminalEffect::Copy { text }) = h.terminal_effects.last() else {
        panic!("{:?}", h.terminal_effects);
    };
    assert!(text.starts_with("### Comparison"), "{text}");
    assert!(
        text.contains("Errors: 4 fixed, 0 still there, 0 new"),
        "{text}"
    );
    assert!(
        text.contains("`body cardPaymentMethodSpecificInput.card.expiryDate`"),
        "{text}"
    );
    assert!(!text.contains(sim::DEMO_SECRET));
    assert!(
        text.contains("GCS v1HMAC:cinspect-demo-key:****") || !text.contains("v1HMAC"),
        "{text}"
    );
}

#[tokio::test]
async fn history_entries_are_marked_and_compared_from_the_browser() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = Harness::demo().await;
    let history = h.with_history(dir.path());
    h.send().await;
    common::wait_for_entries(&history, 1).await;
    h.set_path("GET", "/v1/{merchantId}/services/testconnection");
    h.send().await;
    common::wait_for_entries(&history, 2).await;

    h.command(Command::History);
    while h.app.history().is_loading() {
        h.next_action().await;
    }
    assert_eq!(h.app.history().rows().len(), 2);
    // The newest is selected: mark it, go to the older one, compare.
    h.act(ctrl('x'));
    assert!(
        h.app
            .comparing()
            .mark()
            .is_some_and(|m| m.label.starts_with("history "))
    );
    h.act(key(KeyCode::Down));
    h.act(ctrl('d'));
    assert_eq!(h.app.overlay(), Some(&Overlay::Compare));
    compared(&mut h).await;
    let view = h.app.comparing().view().expect("view");
    let ids: Vec<i64> = h.app.history().rows().iter().map(|r| r.id).collect();
    assert_eq!(view.left.label, format!("history {}", ids[0]));
    assert_eq!(view.right.label, format!("history {}", ids[1]));
    let method = view
        .comparison
        .differences()
        .find(|d| d.area == Area::Method)
        .expect("GET against POST");
    assert_eq!(method.change, Change::Changed);

    // An entry deleted before it is read: the side is named.
    let newest = ids[0];
    h.act(key(KeyCode::Esc));
    h.command(Command::History);
    while h.app.history().is_loading() {
        h.next_action().await;
    }
    h.act(ctrl('x'));
    history.delete(newest).expect("deleted");
    h.act(key(KeyCode::Down));
    h.act(ctrl('d'));
    compared(&mut h).await;
    assert_eq!(h.app.overlay(), None);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains(&format!(
            "not compared: the left side (history {newest}): history entry {newest} is gone"
        )),
        "{notice}"
    );
}

#[tokio::test]
async fn logged_exchanges_are_compared_from_the_log_browser() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    let log = common::fixture("sdk-logs/python3-3.47.0-logging.log");
    h.act(Action::OpenLog(log.display().to_string()));
    while h.app.logs().is_loading() {
        h.next_action().await;
    }
    // Filter to the two creates: the 400 (line 151) and the 201 (line 10).
    typed(&mut h, "POST payments");
    let lines: Vec<u64> = h
        .app
        .logs()
        .matching()
        .iter()
        .map(|&i| h.app.logs().rows()[i].line)
        .collect();
    let at = |line: u64| lines.iter().position(|&l| l == line).expect("listed");
    for _ in 0..at(151) {
        h.act(key(KeyCode::Down));
    }
    h.act(ctrl('x'));
    h.act(key(KeyCode::Home));
    for _ in 0..at(10) {
        h.act(key(KeyCode::Down));
    }
    h.act(ctrl('d'));
    compared(&mut h).await;
    let view = h.app.comparing().view().expect("view");
    assert!(view.left.label.ends_with(":151"), "{}", view.left.label);
    assert!(view.right.label.ends_with(":10"), "{}", view.right.label);
    let changed: Vec<&str> = view
        .comparison
        .differences()
        .filter(|d| d.part == Part::Request && d.expected.is_none())
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(changed, vec!["order.amountOfMoney.currencyCode"]);
    assert_eq!(
        view.comparison
            .errors
            .as_ref()
            .map(|e| e.summary())
            .as_deref(),
        Some("1 fixed, 0 still there, 0 new")
    );
}

#[tokio::test]
async fn webhooks_are_compared_as_events_from_their_list() {
    let mut h = Harness::new(
        connect_inspector::config::Environment::simulator("http://127.0.0.1:9"),
        "GET",
        "/v1/{merchantId}/services/testconnection",
        "",
        Default::default(),
    );
    let event = |id: &str, status: &str, at: i64| {
        let body = format!(
            r#"{{"apiVersion":"v1","id":"{id}","created":"2026-12-02T00:0{at}:00.000+01:00","type":"payment.{status}","payment":{{"id":"p-{id}","status":"{upper}"}}}}"#,
            upper = status.to_uppercase()
        );
        Arc::new(connect_inspector::webhooks::Received {
            received_at_ms: 1_795_482_300_000 + at,
            method: "POST".into(),
            path: "/webhooks".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-GCS-Signature".into(), format!("sig-{id}")),
            ],
            kind: connect_inspector::webhooks::ReceivedKind::Event {
                verdict: connect_inspector::connect::webhook::WebhookVerdict::Valid {
                    key_id: "k1".into(),
                },
                facts: connect_inspector::connect::webhook_events::facts(body.as_bytes()),
                forward: None,
            },
            body: body.into_bytes(),
            answered: 200,
            redelivered_to: None,
        })
    };
    h.act(Action::Webhook(event("evt-1", "created", 1)));
    h.act(Action::Webhook(event("evt-2", "paid", 2)));
    h.command(Command::Webhooks);
    assert_eq!(h.app.overlay(), Some(&Overlay::Webhooks));
    h.act(ctrl('x'));
    h.act(key(KeyCode::Down));
    h.act(ctrl('d'));
    compared(&mut h).await;
    let view = h.app.comparing().view().expect("view");
    assert!(
        view.comparison.request.is_none(),
        "an event is compared as a body"
    );
    let real: Vec<&str> = view
        .comparison
        .differences()
        .filter(|d| d.expected.is_none())
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        real,
        vec!["type", "payment.status"],
        "{:?}",
        view.comparison
    );
    let expected: Vec<&str> = view
        .comparison
        .differences()
        .filter(|d| d.expected.is_some())
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        expected,
        vec!["X-GCS-Signature", "id", "created", "payment.id"]
    );
}

#[tokio::test]
async fn nothing_to_compare_is_said_and_a_stale_answer_is_dropped() {
    let mut h = Harness::demo().await;
    h.act(ctrl('d'));
    assert!(
        h.app
            .notice()
            .is_some_and(|n| n.text.starts_with("nothing on show to compare"))
    );
    h.send().await;
    h.act(ctrl('d'));
    assert_eq!(h.app.overlay(), None);
    assert!(
        h.app
            .notice()
            .is_some_and(|n| n.text.contains("no earlier send of this request")),
        "{:?}",
        h.app.notice()
    );
    // Marked, then compared with itself: refused.
    h.act(ctrl('x'));
    h.act(ctrl('d'));
    assert!(
        h.app
            .notice()
            .is_some_and(|n| n.text.contains("the left side is the exchange on show"))
    );
    // A second send: the mark against it.
    h.send().await;
    h.act(ctrl('d'));
    assert!(h.app.comparing().pending().is_some());
    compared(&mut h).await;
    assert!(h.app.comparing().view().is_some());
    assert!(matches!(h.app.showing(), Showing::Exchange(_)));
}
