//! What the screen shows belongs to the request it says: errors of an earlier
//! response are never located in another request, an edit since the answer
//! is said and the errors it touched marked, a refusal before sending keeps
//! the panes as they were, and a history entry is resent to the environment
//! in use.

mod common;

use common::{Harness, screen_text, wait_for_entries};
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Overlay, Relation, Showing};
use connect_inspector::config::{Environment, SecretSource};
use connect_inspector::sim;
use crossterm::event::{KeyCode, KeyEvent};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::from(code))
}

/// The demo's create-payment, sent: 400 with four errors, located.
async fn rejected() -> Harness {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    h.send().await;
    assert_eq!(h.exchange().status.code, 400);
    assert!(!h.app.errors().marked_rows().is_empty());
    assert_eq!(h.app.relation(), Relation::Current);
    h
}

/// F4, the filter typed, Enter.
fn pick_template(h: &mut Harness, filter: &str) {
    h.command(Command::PickTemplate);
    for c in filter.chars() {
        h.act(key(KeyCode::Char(c)));
    }
    h.command(Command::Accept);
    assert!(h.app.overlay().is_none());
}

#[tokio::test]
async fn another_request_never_gets_the_errors_of_the_one_before() {
    let mut h = rejected().await;
    pick_template(&mut h, "get-payment");
    assert_eq!(h.app.editor().method(), "GET");
    assert_eq!(h.app.relation(), Relation::Previous);
    assert!(h.app.errors().marked_rows().is_empty(), "no gutter mark");
    assert!(h.app.errors().locations().iter().all(Option::is_none));
    assert_eq!(h.app.errors().highlights().count(), 0);
    for (w, rows) in [(120, 40), (80, 24)] {
        let screen = screen_text(&h.app, w, rows);
        assert!(screen.contains("previous"), "{w}x{rows}: {screen}");
        assert!(!screen.contains("would go at"), "{w}x{rows}: {screen}");
        assert!(!screen.contains("→ 7:21"), "{w}x{rows}: {screen}");
        assert!(!screen.contains('●'), "{w}x{rows}: {screen}");
    }
    h.command(Command::NextProblem);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("answered the previous request"), "{notice}");
    assert_eq!(h.app.editor().body_cursor(), (0, 0), "the cursor stays");
    // Sending this request gives it its own answer.
    h.set_path("GET", "/v1/{merchantId}/services/testconnection");
    h.send().await;
    assert_eq!(h.app.relation(), Relation::Current);
}

#[tokio::test]
async fn an_edit_since_the_answer_is_said_and_the_touched_error_marked() {
    let mut h = rejected().await;
    // F8 selects the expiry date's value: typing replaces it.
    h.command(Command::JumpToError);
    for c in "1230".chars() {
        h.act(key(KeyCode::Char(c)));
    }
    assert!(
        h.app
            .editor()
            .body_text()
            .contains("\"expiryDate\": \"1230\"")
    );
    assert_eq!(h.app.relation(), Relation::EditedSince);
    assert_eq!(
        h.app.errors().touched(),
        1,
        "only the expiry date was touched"
    );
    let screen = screen_text(&h.app, 120, 40);
    assert!(screen.contains("edited since (1 touched)"), "{screen}");
    assert!(screen.contains("· edited since"), "{screen}");
    // Still located in the edited body: the jump works.
    assert!(!h.app.errors().marked_rows().is_empty());
}

#[tokio::test]
async fn a_refusal_before_the_wire_keeps_the_answer_on_show() {
    let mut h = rejected().await;
    let mut env = h.app.env().clone();
    env.secret = SecretSource::Env("CINSPECT_TEST_SECRET_NEVER_SET".into());
    h.set_env(env);
    h.command(Command::Send);
    let phase = h.settle().await;
    match phase {
        Showing::Exchange(on) => assert_eq!(on.exchange.status.code, 400, "the 400 stays"),
        other => panic!("{other:?}"),
    }
    assert!(
        !h.app.errors().marked_rows().is_empty(),
        "its errors stay located"
    );
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("not sent") && notice.contains("CINSPECT_TEST_SECRET_NEVER_SET"),
        "{notice}"
    );
}

#[tokio::test]
async fn a_history_entry_is_resent_to_the_environment_in_use() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    let history = h.with_history(dir.path());
    let recorded_at = h.app.env().base_url.clone();
    h.send().await;
    wait_for_entries(&history, 1).await;
    // The demo's port changes every start: another environment now.
    let mut elsewhere = Environment::simulator("http://127.0.0.1:9");
    elsewhere.merchant_id = "5678".into();
    h.set_env(elsewhere);
    h.command(Command::History);
    h.next_action().await;
    h.act(key(KeyCode::Enter));
    while h.app.overlay().is_some() {
        h.next_action().await;
    }
    assert_eq!(
        h.app.editor().url_text(),
        "/v1/{merchantId}/services/testconnection",
        "the recorded path, under the environment in use"
    );
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains(&format!(
            "recorded at {recorded_at}, F5 sends it to sim (http://127.0.0.1:9)"
        )),
        "{notice}"
    );
    assert!(!matches!(h.app.overlay(), Some(Overlay::Confirm { .. })));
}
