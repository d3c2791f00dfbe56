//! Render tests of the API's model in the editor, with ratatui's TestBackend at
//! 80x24 and 120x40: findings before sending in the errors panel (alone, and
//! under the server's errors), the field at the cursor under the body, and the
//! completion list at the cursor. Compared with reviewed snapshots.

mod common;

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, App, Settings};
use connect_inspector::config::Environment;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const PAYMENTS: &str = "/v1/{merchantId}/payments";

/// A create-payment body with a typo'd key and a string where an integer goes.
const TYPOS: &str = "{\n  \"order\": {\n    \"amountOfMoney\": {\n      \"amount\": \"2980\",\n      \"currencyCode\": \"EUR\"\n    },\n    \"customer\": {\n      \"billingAddress\": {\n        \"city\": \"Monument Valley\",\n        \"countrycode\": \"US\"\n      }\n    }\n  }\n}";

fn app(body: &str, cursor: (usize, usize)) -> App {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let mut editor = RequestEditor::new("POST", PAYMENTS, "", body);
    editor.jump_body_cursor(cursor.0, cursor.1);
    let mut app = App::new(env, editor, Settings::default());
    app.update(Action::Resize(120, 40));
    app
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize(width, height));
    common::screen_text(app, width, height)
}

/// The API's 400 for the body, as if it had been sent.
fn answered(app: &mut App, body: &str, errors: serde_json::Value) {
    common::show_response(
        app,
        common::sent("POST", "http://127.0.0.1:7878/v1/1234/payments", Some(body)),
        common::record(
            400,
            &[("Content-Type", "application/json")],
            serde_json::to_vec(&errors).expect("JSON"),
            42,
        ),
    );
}

#[test]
fn findings_before_sending_at_80x24() {
    let mut app = app(TYPOS, (0, 0));
    app.update(Action::Command(Command::NextProblem));
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn findings_before_sending_at_120x40() {
    let mut app = app(TYPOS, (0, 0));
    app.update(Action::Command(Command::NextProblem));
    app.update(Action::Command(Command::NextProblem));
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn findings_under_the_servers_errors_at_120x40() {
    let mut app = app(TYPOS, (0, 0));
    answered(
        &mut app,
        TYPOS,
        serde_json::json!({"errorId": "8a41a5dd-7366-4026-a41b-e98c56808edd", "errors": [{
            "category": "CONNECT_PLATFORM_ERROR",
            "code": "20000000",
            "httpStatusCode": 400,
            "id": "PARAMETER_NOT_FOUND_IN_REQUEST",
            "message": "The parameter shown above was not found in the request received by connect.",
            "propertyName": "order.customer.billingAddress.countryCode",
            "requestId": "1"
        }]}),
    );
    let screen = render(&mut app, 120, 40);
    // The server's error says what the body holds instead.
    assert!(
        screen.contains("· you wrote") && screen.contains("countrycode at 10:9"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn the_completion_list_at_80x24_and_120x40() {
    let body = "{\n  \"order\": {\n    \"customer\": {\n      \"billingAddress\": {\n        \"city\": \"Monument Valley\",\n        \n      }\n    }\n  }\n}";
    let mut app = app(body, (5, 8));
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char(' '),
        KeyModifiers::CONTROL,
    )));
    for c in "\"co".chars() {
        app.update(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    insta::assert_snapshot!("completion_80x24", render(&mut app, 80, 24));
    app.update(Action::Key(KeyEvent::from(KeyCode::Backspace)));
    app.update(Action::Key(KeyEvent::from(KeyCode::Backspace)));
    insta::assert_snapshot!("completion_120x40", render(&mut app, 120, 40));
}

#[test]
fn f4_lists_every_endpoint_at_80x24_and_120x40() {
    let mut app = app("{}", (0, 0));
    app.update(Action::Command(Command::PickTemplate));
    for c in "refunds".chars() {
        app.update(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    insta::assert_snapshot!("f4_80x24", render(&mut app, 80, 24));
    for c in ".appr".chars() {
        app.update(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    app.update(Action::Key(KeyEvent::from(KeyCode::Enter)));
    // The refund's id to give is selected in the URL.
    insta::assert_snapshot!("f4_chosen_120x40", render(&mut app, 120, 40));
    let theme = connect_inspector::ui::Theme::default();
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| connect_inspector::ui::draw(f, &app, &theme))
        .expect("drawn");
    let buffer = terminal.backend().buffer();
    let row: String = (0..120).map(|x| buffer[(x, 0)].symbol()).collect();
    let byte = row.find("{refundId}").expect("the id in the URL");
    let at = row[..byte].chars().count() as u16;
    let selected = |x: u16| {
        buffer[(x, 0)]
            .modifier
            .contains(theme.selected.add_modifier)
    };
    assert!((at..at + 10).all(selected), "{{refundId}} selected");
    assert!(!selected(at - 1) && !selected(at + 10));
}

/// A description longer than its row is cut with `…` there, and shown whole,
/// wrapped, under the list for the item selected (#27: no meaning cut off).
#[test]
fn f4_shows_the_selected_templates_description_whole_at_80x24_and_120x40() {
    use connect_inspector::app::overlay::PickerKind;
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app("{}", (0, 0));
        app.update(Action::Command(Command::PickTemplate));
        let items = app.picker_items(PickerKind::Template);
        for _ in 0..3 {
            app.update(Action::Key(KeyEvent::from(KeyCode::Down)));
        }
        let screen = render(&mut app, width, height);
        let chosen = &items[3];
        let row = screen
            .lines()
            .find(|r| r.contains(&format!(" {} ", chosen.name)))
            .expect("the chosen item listed");
        assert!(
            row.contains('…') && !row.contains(chosen.detail.as_str()),
            "{width}x{height}: its row is cut, with a mark:\n{screen}"
        );
        let rows: Vec<&str> = screen.lines().collect();
        let rule = rows
            .iter()
            .position(|r| r.contains("────────────────"))
            .expect("a rule above the detail");
        let under: String = rows[rule + 1..]
            .iter()
            .take(3)
            .map(|r| r.trim_matches(|c: char| c == '│' || c == '┃' || c == ' '))
            .collect::<Vec<_>>()
            .join(" ");
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words(&under).contains(&words(&chosen.detail)),
            "{width}x{height}: the fourth item's detail whole under the list:\n{screen}"
        );
    }
}
