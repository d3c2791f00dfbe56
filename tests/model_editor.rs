//! The API's model in the editor, headless: findings before sending live in the
//! errors panel as the body is typed, F8 and Enter reach them like the server's
//! errors, one key renames a typo to the model's suggestion, the field at the
//! cursor is described, and a large body is checked off the UI thread.

mod common;

use common::Harness;
use connect_inspector::app::editor::Field;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Focus, Settings};
use connect_inspector::config::Environment;
use connect_inspector::connect::model::FindingKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const PAYMENTS: &str = "/v1/{merchantId}/payments";

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::from(code))
}

fn typed(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.act(key(KeyCode::Char(c)));
    }
}

/// An app on a create-payment body, no simulator (nothing is sent).
fn editing(body: &str) -> Harness {
    let env = Environment::simulator("http://127.0.0.1:9");
    Harness::new(env, "POST", PAYMENTS, body, Settings::default())
}

const TYPO: &str = "{\n  \"order\": {\n    \"amountOfMoney\": {\n      \"amount\": 2980,\n      \"currencyCode\": \"EUR\"\n    },\n    \"customer\": {\n      \"billingAddress\": {\n        \"countrycode\": \"NL\"\n      }\n    }\n  }\n}";

#[test]
fn a_typo_is_a_finding_f8_selects_it_and_one_key_renames_it() {
    let mut h = editing(TYPO);
    let findings = h.app.errors().listed_findings().to_vec();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].kind, FindingKind::UnknownField);
    assert_eq!(
        findings[0].path,
        "order.customer.billingAddress.countrycode"
    );
    assert_eq!((findings[0].start.line, findings[0].start.column), (9, 9));
    // F8 goes to it as it goes to a server error: the key selected, the body focused.
    h.app.update(Action::Focus(Focus::Errors));
    h.command(Command::NextProblem);
    assert_eq!(h.app.focus(), Focus::Request(Field::Body));
    // The name selected, without its quotes: what is typed replaces it.
    assert_eq!(h.app.editor().body_selection(), Some(((8, 9), (8, 20))));
    let notice = h.app.notice().expect("the finding is said").text.clone();
    assert!(
        notice.starts_with("Ctrl-P renames it to countryCode · unknown field countrycode"),
        "{notice}"
    );
    // Ctrl-P renames it; the finding is gone; undo brings the typo back.
    h.act(Action::Key(KeyEvent::new(
        KeyCode::Char('p'),
        KeyModifiers::CONTROL,
    )));
    let body: serde_json::Value =
        serde_json::from_str(&h.app.editor().body_text()).expect("still JSON");
    assert_eq!(
        body["order"]["customer"]["billingAddress"]["countryCode"],
        "NL"
    );
    assert!(h.app.errors().listed_findings().is_empty());
    assert!(
        h.app
            .notice()
            .unwrap()
            .text
            .contains("renamed countrycode to countryCode")
    );
    h.command(Command::Undo);
    h.command(Command::Undo);
    assert_eq!(h.app.editor().body_text(), TYPO);
    assert_eq!(h.app.errors().listed_findings().len(), 1);
}

#[test]
fn findings_follow_the_typing_and_enter_in_the_panel_jumps_to_one() {
    let mut h = editing("{\n  \"order\": {\n    \n  }\n}");
    assert!(h.app.errors().listed_findings().is_empty());
    // Type a wrong kind on line 3: a string where an integer goes, then a typo'd key.
    let mut editor = connect_inspector::app::editor::RequestEditor::new(
        "POST",
        PAYMENTS,
        "",
        "{\n  \"order\": {\n    \n  }\n}",
    );
    editor.jump_body_cursor(2, 4);
    h.edit(editor);
    typed(
        &mut h,
        "\"amountOfMoney\": {\"amount\": \"100\"}, \"custmer\": {}",
    );
    let kinds: Vec<(FindingKind, String)> = h
        .app
        .errors()
        .listed_findings()
        .iter()
        .map(|f| (f.kind, f.path.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                FindingKind::WrongKind,
                "order.amountOfMoney.amount".to_owned()
            ),
            (FindingKind::UnknownField, "order.custmer".to_owned()),
        ]
    );
    // In the errors panel: the second entry, Enter goes to its key.
    h.app.update(Action::Focus(Focus::Errors));
    h.command(Command::ErrorNext);
    h.act(key(KeyCode::Enter));
    assert_eq!(h.app.focus(), Focus::Request(Field::Body));
    let ((row, col), _) = h.app.editor().body_selection().expect("selected");
    assert_eq!(&h.app.editor().body_lines()[row][col..col + 7], "custmer");
}

#[test]
fn the_field_at_the_cursor_is_described_as_the_cursor_moves() {
    let mut editor = connect_inspector::app::editor::RequestEditor::new("POST", PAYMENTS, "", TYPO);
    editor.jump_body_cursor(3, 17);
    let mut h = editing(TYPO);
    h.edit(editor);
    assert_eq!(
        h.app.editor().model().at_cursor(),
        Some("order.amountOfMoney.amount · integer · field of AmountOfMoney")
    );
    h.act(key(KeyCode::Down));
    assert_eq!(
        h.app.editor().model().at_cursor(),
        Some("order.amountOfMoney.currencyCode · string · field of AmountOfMoney")
    );
}

#[test]
fn the_endpoint_decides_what_is_checked() {
    // A GET has no body to check; an unknown path says so.
    let mut h = editing(TYPO);
    h.set_path("GET", "/v1/{merchantId}/payments/123");
    assert!(h.app.errors().listed_findings().is_empty());
    assert_eq!(
        h.app
            .editor()
            .model()
            .endpoint()
            .and_then(|e| e.endpoint())
            .map(|e| e.id.as_str()),
        Some("payments.get")
    );
    h.set_path("POST", "/v1/{merchantId}/nothing-here");
    assert!(
        h.app
            .editor()
            .model()
            .endpoint()
            .and_then(|e| e.endpoint())
            .is_none()
    );
    assert!(h.app.errors().listed_findings().is_empty());
    // A request file's URL with variables is matched by its path.
    h.set_path("POST", "{{baseUrl}}/v1/{{merchantId}}/payments");
    assert_eq!(h.app.errors().listed_findings().len(), 1);
}

#[tokio::test]
async fn a_large_body_is_checked_off_the_ui_thread() {
    // 2 MB of cart items with one typo at the end.
    let mut items = String::new();
    while items.len() < 2 * 1024 * 1024 {
        items.push_str("{\"amountOfMoney\": {\"amount\": 100, \"currencyCode\": \"EUR\"}},\n");
    }
    let body = format!(
        "{{\"order\": {{\"shoppingCart\": {{\"items\": [{items}{{\"amountOfMony\": {{}}}}]}}}}}}"
    );
    let mut h = editing(&body);
    // Nothing yet: the check runs beside the UI.
    assert!(h.app.errors().listed_findings().is_empty());
    h.next_action().await;
    let found = h.app.errors().listed_findings().to_vec();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].path.ends_with("].amountOfMony"),
        "{}",
        found[0].path
    );
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// An app on `body` with the body's cursor at (row, column).
fn at(body: &str, row: usize, col: usize) -> Harness {
    let mut h = editing(body);
    let mut editor = connect_inspector::app::editor::RequestEditor::new("POST", PAYMENTS, "", body);
    editor.jump_body_cursor(row, col);
    h.edit(editor);
    h
}

fn completing(h: &Harness) -> Vec<String> {
    match h.app.overlay() {
        Some(connect_inspector::app::Overlay::Complete(c)) => {
            c.rows().map(|(name, _, _)| name.to_owned()).collect()
        }
        other => panic!("no completion list: {other:?}"),
    }
}

const AMOUNT: &str =
    "{\n  \"order\": {\n    \"amountOfMoney\": {\n      \"amount\": 100\n      \n    }\n  }\n}";

#[test]
fn ctrl_space_lists_the_fields_typing_filters_them_and_enter_inserts_the_key() {
    let mut h = at(AMOUNT, 4, 6);
    // Ctrl-Space arrives as NUL, which crossterm reads as Ctrl-Space.
    h.act(ctrl(' '));
    assert_eq!(completing(&h), ["currencyCode"]);
    // Typing goes on in the body: the opening quote, then letters filter.
    typed(&mut h, "\"cu");
    assert_eq!(completing(&h), ["currencyCode"]);
    assert!(h.app.editor().body_lines()[4].ends_with("\"cu"));
    h.act(key(KeyCode::Enter));
    assert!(h.app.overlay().is_none());
    // The key with its quotes and `: `, a comma after the member before, the
    // cursor in the value's quotes.
    assert_eq!(h.app.editor().body_lines()[3], "      \"amount\": 100,");
    assert_eq!(
        h.app.editor().body_lines()[4],
        "      \"currencyCode\": \"\""
    );
    assert_eq!(h.app.editor().body_cursor(), (4, 23));
    typed(&mut h, "EUR");
    let body: serde_json::Value = serde_json::from_str(&h.app.editor().body_text()).expect("JSON");
    assert_eq!(body["order"]["amountOfMoney"]["currencyCode"], "EUR");
    assert!(h.app.errors().listed_findings().is_empty());
}

#[test]
fn the_list_moves_closes_and_gives_way() {
    // Ctrl-X too; arrows choose; Esc closes and keeps what was typed.
    let mut h = at("{\n  \"order\": {\n    \n  }\n}", 2, 4);
    h.act(ctrl('x'));
    let all = completing(&h);
    assert!(
        all.len() > 5 && all.contains(&"customer".to_owned()),
        "{all:?}"
    );
    h.act(key(KeyCode::Down));
    h.act(key(KeyCode::Esc));
    assert!(h.app.overlay().is_none());
    typed(&mut h, "\"zzz");
    h.act(ctrl(' '));
    assert!(h.app.overlay().is_none(), "nothing matches: no list");
    assert!(
        h.app
            .notice()
            .unwrap()
            .text
            .contains("the model offers nothing"),
        "{:?}",
        h.app.notice()
    );
    // A key bound elsewhere closes the list and does its own thing.
    let mut h = at("{\n  \"order\": {\n    \n  }\n}", 2, 4);
    h.act(ctrl(' '));
    h.act(key(KeyCode::Tab));
    assert!(h.app.overlay().is_none());
    assert_eq!(h.app.focus(), Focus::Response);
    // With a selection, Ctrl-X is the text field's cut.
    let mut h = at("{\n  \"order\": {\n    \n  }\n}", 1, 2);
    h.act(Action::Key(KeyEvent::new(
        KeyCode::Right,
        KeyModifiers::SHIFT,
    )));
    h.act(ctrl('x'));
    assert!(h.app.overlay().is_none());
    assert_eq!(h.app.editor().body_lines()[1], "  order\": {");
}

#[test]
fn documented_values_complete_on_a_value() {
    let body = "{\n  \"cardPaymentMethodSpecificInput\": {\n    \"recurring\": {\n      \"recurringPaymentSequenceIndicator\": \"\"\n    }\n  }\n}";
    let mut h = at(body, 3, 44);
    h.act(ctrl(' '));
    assert_eq!(completing(&h), ["first", "recurring", "last"]);
    typed(&mut h, "r");
    assert_eq!(completing(&h), ["recurring", "first"]);
    h.act(key(KeyCode::Down));
    h.act(key(KeyCode::Enter));
    assert_eq!(
        h.app.editor().body_lines()[3],
        "      \"recurringPaymentSequenceIndicator\": \"first\""
    );
    // Elsewhere than the body, or with no body in the model: said, not opened.
    h.app.update(Action::Focus(Focus::Request(Field::Url)));
    h.act(ctrl(' '));
    assert!(h.app.overlay().is_none());
    assert!(
        h.app
            .notice()
            .unwrap()
            .text
            .contains("completes in the body")
    );
    h.set_path("GET", "/v1/{merchantId}/payments/1");
    h.app.update(Action::Focus(Focus::Request(Field::Body)));
    h.act(ctrl(' '));
    assert_eq!(
        h.app.notice().unwrap().text,
        "payments.get takes no JSON body"
    );
}

fn choose_template(h: &mut Harness, filter: &str) {
    h.command(Command::PickTemplate);
    for c in filter.chars() {
        h.act(key(KeyCode::Char(c)));
    }
    h.act(key(KeyCode::Enter));
}

#[test]
fn f4_offers_every_endpoint_of_the_model_after_the_favourites() {
    let mut h = editing("{}");
    let names = common::template_names(&h.app);
    assert_eq!(names[0], "create-payment", "the favourites first");
    let endpoints: Vec<&String> = names.iter().filter(|n| n.contains('.')).collect();
    assert_eq!(endpoints.len(), 73, "{names:?}");
    // A payout: its path and a body the model accepts.
    choose_template(&mut h, "payouts.create");
    assert_eq!(h.app.editor().method(), "POST");
    assert_eq!(h.app.editor().url_text(), "/v1/{merchantId}/payouts");
    assert_eq!(h.app.focus(), Focus::Request(Field::Body));
    assert!(
        h.app
            .editor()
            .body_text()
            .contains("cardPayoutMethodSpecificInput")
    );
    assert!(h.app.errors().listed_findings().is_empty());
    // An id to give: the URL focused with the placeholder selected, typing replaces it.
    choose_template(&mut h, "refunds.approve");
    assert_eq!(h.app.focus(), Focus::Request(Field::Url));
    assert_eq!(h.app.editor().url_selection(), Some(25..35));
    typed(&mut h, "00000001");
    assert_eq!(
        h.app.editor().url_text(),
        "/v1/{merchantId}/refunds/00000001/approve"
    );
}

#[tokio::test]
async fn a_path_parameters_error_is_located_in_the_url_and_f8_selects_it() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/payments/000000999", "").await;
    h.send().await;
    let x = h.exchange();
    assert_eq!(x.status.code, 404);
    assert_eq!(
        x.report.errors[0].error.property_name.as_deref(),
        Some("paymentId")
    );
    // "/v1/{merchantId}/payments/" is 26 characters: the id starts at 27.
    assert_eq!(h.app.errors().in_url(0), Some(26..35));
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(screen.contains("paymentId · in the URL at 27"), "{screen}");
    h.command(Command::NextProblem);
    assert_eq!(h.app.focus(), Focus::Request(Field::Url));
    assert_eq!(h.app.editor().url_selection(), Some(26..35));
    // Ctrl-P has nothing to add to the body for it.
    h.act(ctrl('p'));
    assert!(
        h.app
            .notice()
            .unwrap()
            .text
            .contains("its value is in the URL"),
        "{:?}",
        h.app.notice()
    );
    // Typing replaces the id.
    typed(&mut h, "000000001");
    assert_eq!(
        h.app.editor().url_text(),
        "/v1/{merchantId}/payments/000000001"
    );
    // The copied exchange JSON says where, as send --json and logs --json do.
    let json = connect_inspector::pipeline::exchange_json(
        &x,
        &[None],
        connect_inspector::connect::Reader::CommandLine,
    );
    assert_eq!(json["errors"][0]["location"]["in"], "uri");
}

#[tokio::test]
async fn the_responses_value_under_the_cursor_is_described_from_the_model() {
    // The favourite create-payment template: the simulator creates it.
    let body = connect_inspector::connect::templates::find("create-payment")
        .expect("the template")
        .body;
    let mut h = Harness::with_sim("POST", PAYMENTS, &body).await;
    h.send().await;
    assert_eq!(h.exchange().status.code, 201);
    h.app.update(Action::Focus(Focus::Response));
    let mut seen = Vec::new();
    for _ in 0..80 {
        if let Some(line) = h.app.response().at_cursor() {
            seen.push(line.to_owned());
            if line.starts_with("payment.status ·") {
                break;
            }
        }
        h.command(Command::ScrollDown);
    }
    let status = seen.last().cloned().unwrap_or_default();
    assert!(
        status.starts_with("payment.status · string · field of Payment · ACCOUNT_VERIFIED"),
        "{seen:#?}"
    );
    assert!(
        !status.contains("hint"),
        "the simulator's status is a documented one: {status}"
    );
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(
        screen.contains("payment.status · string · field of Payment"),
        "{screen}"
    );
    h.act(Action::Resize(80, 24));
    let screen = common::screen_text(&h.app, 80, 24);
    assert!(screen.contains("payment.status · string"), "{screen}");
}

#[test]
fn a_value_outside_its_documented_list_is_fixed_by_picking_from_the_list() {
    let body = "{\n  \"cardPaymentMethodSpecificInput\": {\n    \"merchantInitiatedReasonIndicator\": \"noshow\"\n  }\n}";
    let mut h = editing(body);
    let findings = h.app.errors().listed_findings().to_vec();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].kind, FindingKind::UndocumentedValue);
    h.app.update(Action::Focus(Focus::Errors));
    // `i`, the panel's fix key: the documented values, listed at the value.
    h.act(key(KeyCode::Char('i')));
    let Some(connect_inspector::app::Overlay::Complete(list)) = h.app.overlay() else {
        panic!("no list: {:?} {:?}", h.app.overlay(), h.app.notice());
    };
    let values: Vec<String> = list.rows().map(|(v, _, _)| v.to_owned()).collect();
    assert!(values.iter().any(|v| v == "noShow"), "{values:?}");
    let at = values.iter().position(|v| v == "noShow").unwrap_or(0);
    for _ in 0..at {
        h.act(key(KeyCode::Down));
    }
    h.act(key(KeyCode::Enter));
    let json: serde_json::Value =
        serde_json::from_str(&h.app.editor().body_text()).expect("still JSON");
    assert_eq!(
        json["cardPaymentMethodSpecificInput"]["merchantInitiatedReasonIndicator"],
        "noShow"
    );
    assert!(h.app.errors().listed_findings().is_empty());
}

/// The server refuses a value that the model's list for its field lacks: the
/// fix key on the server's error opens that list at the value (#20 item 3).
#[test]
fn a_server_error_on_a_value_outside_its_list_is_fixed_by_picking_from_the_list() {
    let body = "{\n  \"cardPaymentMethodSpecificInput\": {\n    \"merchantInitiatedReasonIndicator\": \"noshow\"\n  }\n}";
    let mut h = editing(body);
    let errors = serde_json::json!({
        "errorId": "e-1",
        "errors": [{
            "code": "1099",
            "id": "INVALID_VALUE",
            "httpStatusCode": 400,
            "message": "INVALID_VALUE: noshow",
            "propertyName": "cardPaymentMethodSpecificInput.merchantInitiatedReasonIndicator"
        }]
    });
    common::show_response(
        &mut h.app,
        common::sent("POST", "http://127.0.0.1:9/v1/1234/payments", Some(body)),
        common::record(
            400,
            &[("Content-Type", "application/json")],
            serde_json::to_vec(&errors).expect("JSON"),
            42,
        ),
    );
    // F8 lands on the server's error and names the fix.
    h.app.update(Action::Command(Command::NextProblem));
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("lists the values the model documents here"),
        "{notice}"
    );
    h.app.update(Action::Focus(Focus::Errors));
    h.act(key(KeyCode::Char('i')));
    let Some(connect_inspector::app::Overlay::Complete(list)) = h.app.overlay() else {
        panic!("no list: {:?} {:?}", h.app.overlay(), h.app.notice());
    };
    let values: Vec<String> = list.rows().map(|(v, _, _)| v.to_owned()).collect();
    assert!(values.iter().any(|v| v == "noShow"), "{values:?}");
}
