//! The body editor built for the loop error → field → fix → resend: a
//! missing field added with one key, undo and redo, indentation kept, the
//! top and end of the body one key away, and JSON checked as it is typed.

mod common;

use common::Harness;
use connect_inspector::app::editor::Field;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Focus};
use connect_inspector::sim;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::from(code))
}

fn ctrl(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::CONTROL))
}

fn typed(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.act(key(KeyCode::Char(c)));
    }
}

/// The demo's 400, with the error on `property` selected.
async fn rejected_with(property: &str) -> Harness {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    let index = h
        .exchange()
        .report
        .errors
        .iter()
        .position(|e| e.error.property_name.as_deref() == Some(property))
        .expect("the error");
    h.app.update(Action::Focus(Focus::Errors));
    while h.app.errors().selected() < index {
        h.command(Command::ErrorNext);
    }
    h
}

#[tokio::test]
async fn a_missing_field_is_added_with_one_key_and_undone_with_another() {
    let property = "order.customer.billingAddress.countryCode";
    let mut h = rejected_with(property).await;
    let before = h.app.editor().body_text();
    // Ctrl-P anywhere; `i` in the errors panel.
    h.act(key(KeyCode::Char('i')));
    let body = h.app.editor().body_text();
    let value: serde_json::Value = serde_json::from_str(&body).expect("still JSON");
    assert_eq!(
        value["order"]["customer"]["billingAddress"]["countryCode"],
        ""
    );
    assert_eq!(h.app.focus(), Focus::Request(Field::Body));
    typed(&mut h, "NL");
    let value: serde_json::Value =
        serde_json::from_str(&h.app.editor().body_text()).expect("still JSON");
    assert_eq!(
        value["order"]["customer"]["billingAddress"]["countryCode"],
        "NL"
    );
    // Undo takes back the typing, then the insertion; redo brings the insertion back.
    for _ in 0..3 {
        h.act(ctrl(KeyCode::Char('z')));
    }
    assert_eq!(h.app.editor().body_text(), before);
    h.command(Command::Redo);
    assert_eq!(h.app.editor().body_text(), body);
    // A terminal sends Ctrl-] as 0x1d, which crossterm reads as Ctrl-5.
    h.act(ctrl(KeyCode::Char('z')));
    h.act(ctrl(KeyCode::Char('5')));
    assert_eq!(h.app.editor().body_text(), body);
}

#[tokio::test]
async fn an_error_that_is_not_a_missing_field_says_why_nothing_was_added() {
    let mut h = rejected_with("cardPaymentMethodSpecificInput.card.expiryDate").await;
    let before = h.app.editor().body_text();
    h.command(Command::InsertMissing);
    assert_eq!(h.app.editor().body_text(), before);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("nothing is missing"), "{notice}");
}

#[tokio::test]
async fn enter_keeps_the_indentation_and_json_is_checked_as_it_is_typed() {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        "{\n  \"order\": {\n    \"a\": 1\n  }\n}",
    )
    .await;
    h.app.update(Action::Focus(Focus::Request(Field::Body)));
    // The end of `"order": {`, then Enter: one level deeper than its line.
    h.act(ctrl(KeyCode::Home));
    assert_eq!(h.app.editor().body_cursor(), (0, 0));
    h.act(key(KeyCode::Down));
    h.act(key(KeyCode::End));
    h.act(key(KeyCode::Enter));
    assert_eq!(h.app.editor().body_cursor(), (2, 4));
    assert_eq!(h.app.editor().body_lines()[2], "    ");
    assert_eq!(h.app.json_problem(), None, "whitespace keeps it JSON");
    typed(&mut h, "\"b\": 2");
    let problem = h
        .app
        .json_problem()
        .expect("a comma is missing")
        .to_string();
    assert!(problem.starts_with("4:5: expected"), "{problem}");
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(screen.contains("not JSON at 4:5"), "{screen}");
    typed(&mut h, ",");
    assert_eq!(h.app.json_problem(), None);
    h.act(ctrl(KeyCode::End));
    assert_eq!(h.app.editor().body_cursor(), (5, 1));
}
