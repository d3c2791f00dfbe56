//! The body editor built for the loop error → field → fix → resend: a
//! missing field added with one key, undo and redo, indentation kept, the
//! top and end of the body one key away, and JSON checked as it is typed.

mod common;

use common::Harness;
use connect_inspector::app::editor::Field;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::overlay::{Overlay, PickerKind};
use connect_inspector::app::{Action, Focus, TerminalEffect};
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
    let mut h = rejected_with("order.shoppingCart.items[2].amountOfMoney.amount").await;
    let before = h.app.editor().body_text();
    h.command(Command::InsertMissing);
    assert_eq!(h.app.editor().body_text(), before);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("nothing is missing"), "{notice}");
}

#[tokio::test]
async fn a_past_expiry_date_is_fixed_with_one_key_from_current_locations_only() {
    let mut h = rejected_with("cardPaymentMethodSpecificInput.card.expiryDate").await;
    let expiry = |h: &Harness| {
        let v: serde_json::Value = serde_json::from_str(&h.app.editor().body_text()).expect("JSON");
        v["cardPaymentMethodSpecificInput"]["card"]["expiryDate"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let before = expiry(&h);
    // The errors panel says a fix is there, on that error only (at 80x24
    // the panel has room for the selected error's title alone).
    let screen = common::screen_text(&h.app, 120, 40);
    assert_eq!(screen.matches("fix: a future date").count(), 1, "{screen}");
    // The jump says the fix; the fix key applies it.
    h.act(key(KeyCode::Enter));
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("sets the expiry date"), "{notice}");
    let fix = h.app.quick_fix();
    assert!(fix.is_some());
    h.command(Command::InsertMissing);
    let after = expiry(&h);
    assert_ne!(after, before);
    assert!(after.starts_with("12") && after.len() == 4, "{after}");
    // A valid future date: no fix left to offer, and the key says nothing is missing.
    assert_eq!(h.app.quick_fix(), None);
    assert!(!common::screen_text(&h.app, 120, 40).contains("fix: a future date"));
    let now = h.app.editor().body_text();
    h.command(Command::InsertMissing);
    assert_eq!(h.app.editor().body_text(), now);
    // One undo step takes it back: the fix is offered again.
    h.act(ctrl(KeyCode::Char('z')));
    assert_eq!(expiry(&h), before);
    assert!(h.app.quick_fix().is_some());
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

/// A payment created: its id seen, with the create's response.
async fn after_a_create() -> (Harness, String) {
    let body = connect_inspector::connect::templates::find("create-payment")
        .expect("the template")
        .body;
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", &body).await;
    h.send().await;
    assert_eq!(h.exchange().status.code, 201);
    let json: serde_json::Value = serde_json::from_str(&h.exchange().body.text).expect("JSON");
    let id = json["payment"]["id"].as_str().expect("an id").to_owned();
    (h, id)
}

#[tokio::test]
async fn the_completion_key_on_a_url_placeholder_offers_the_ids_seen_and_enter_puts_one_in() {
    let (mut h, id) = after_a_create().await;
    let seen: Vec<_> = h.app.seen_ids().all().map(|s| s.name.clone()).collect();
    assert!(seen.contains(&"paymentId".to_owned()), "{seen:?}");
    h.set_path("POST", "/v1/{merchantId}/payments/{paymentId}/refund");
    h.app.update(Action::Focus(Focus::Request(Field::Url)));
    h.act(ctrl(KeyCode::Char(' ')));
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(
        screen.contains("Ids from this session's responses"),
        "{screen}"
    );
    assert!(screen.contains(&id), "{screen}");
    assert!(screen.contains("paymentId ·"), "{screen}");
    assert!(screen.contains("201 POST /payments"), "{screen}");
    // Filtered as typed: a word no id has empties the list, Backspace brings it back.
    let listed = |h: &Harness| match h.app.overlay() {
        Some(Overlay::Picker(p)) => p.matching(&h.app.picker_items(PickerKind::Id)).len(),
        other => panic!("the id list is not open: {other:?}"),
    };
    let all = listed(&h);
    assert!(all >= 1);
    typed(&mut h, "zzz");
    assert_eq!(listed(&h), 0);
    for _ in 0..3 {
        h.act(key(KeyCode::Backspace));
    }
    assert_eq!(listed(&h), all);
    typed(&mut h, &id[id.len() - 4..]);
    assert_eq!(listed(&h), 1);
    h.act(key(KeyCode::Enter));
    assert_eq!(
        h.app.editor().url_text(),
        format!("/v1/{{merchantId}}/payments/{id}/refund")
    );
    // A concrete id in the URL is a path parameter: offered there too.
    h.act(key(KeyCode::End));
    h.act(ctrl(KeyCode::Char(' ')));
    assert!(common::screen_text(&h.app, 120, 40).contains("Ids from this session"));
    h.act(key(KeyCode::Esc));
    // Ctrl-T forgets them.
    h.command(Command::ClearIds);
    assert_eq!(h.app.seen_ids().len(), 0);
    h.act(ctrl(KeyCode::Char(' ')));
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("no id seen yet"), "{notice}");
}

#[tokio::test]
async fn on_an_id_value_in_the_body_the_chosen_id_replaces_it() {
    let (mut h, id) = after_a_create().await;
    let body = "{\n  \"paymentId\": \"{paymentId}\",\n  \"other\": \"x\"\n}";
    h.edit(connect_inspector::app::editor::RequestEditor::new(
        "POST",
        "/v1/{merchantId}/payments",
        "",
        body,
    ));
    h.app.update(Action::Focus(Focus::Request(Field::Body)));
    h.app.update(Action::Resize(120, 40));
    h.act(key(KeyCode::Down));
    h.act(key(KeyCode::End));
    h.act(key(KeyCode::Left));
    h.act(key(KeyCode::Left));
    h.act(ctrl(KeyCode::Char(' ')));
    assert!(common::screen_text(&h.app, 120, 40).contains(&id));
    h.act(key(KeyCode::Enter));
    let json: serde_json::Value =
        serde_json::from_str(&h.app.editor().body_text()).expect("still JSON");
    assert_eq!(json["paymentId"], id.as_str());
    // A selected value (as F8 leaves it): the completion key still offers the ids.
    for _ in 0..4 {
        h.act(Action::Key(KeyEvent::new(
            KeyCode::Left,
            KeyModifiers::SHIFT,
        )));
    }
    assert!(h.app.editor().body_selection().is_some());
    h.act(ctrl(KeyCode::Char(' ')));
    for (w, rows) in [(120, 40), (80, 24)] {
        let screen = common::screen_text(&h.app, w, rows);
        assert!(screen.contains("Ids from this session"), "{screen}");
        assert!(
            screen
                .lines()
                .any(|l| l.contains(&id) && l.contains("paymentId")),
            "{screen}"
        );
    }
    h.act(key(KeyCode::Esc));
    // The selection copied (Ctrl-Y) and cut (Ctrl-X) to the terminal's clipboard.
    let selected = id[id.len() - 4..].to_owned();
    h.act(ctrl(KeyCode::Char('y')));
    h.act(ctrl(KeyCode::Char('x')));
    let copied: Vec<String> = h
        .terminal_effects
        .iter()
        .filter_map(|e| match e {
            TerminalEffect::Copy { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied, [selected.clone(), selected]);
    let json: serde_json::Value =
        serde_json::from_str(&h.app.editor().body_text()).expect("still JSON");
    assert_eq!(json["paymentId"], &id[..id.len() - 4]);
}
