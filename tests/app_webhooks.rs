//! The TUI's webhooks view, headless: Ctrl-N starts a receiver from the app,
//! signed and tampered events arrive live with their verdicts, Enter opens one
//! in the response viewer (the editor's request untouched), the events are
//! recorded to history and reopen as webhooks (never resent), a flood is
//! bounded and counted, and the secret is never on screen or in the store.

mod common;

use connect_inspector::app::overlay::Prompt;

use std::net::SocketAddr;
use std::time::Duration;

use common::{Harness, wait_for_entries};
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Focus, Listening, Overlay, Settings, Showing};
use connect_inspector::config::{Environment, Secret, SecretSource};
use connect_inspector::connect::webhook::{self, KEY_ID_HEADER, SIGNATURE_HEADER};
use connect_inspector::connect::webhook_events;
use connect_inspector::history::{History, ListQuery};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const KEY_ID: &str = "test-key";
const SECRET: &str = "a-webhook-secret-that-must-never-show";

fn harness() -> Harness {
    let env = Environment::simulator("http://127.0.0.1:9");
    let mut h = Harness::new(
        env,
        "POST",
        "/v1/{merchantId}/payments",
        r#"{"order": {"amountOfMoney": {"amount": 100}}}"#,
        Settings::default(),
    );
    h.set_webhook_keys(keys(), None);
    h
}

fn keys() -> Vec<(String, SecretSource)> {
    vec![(KEY_ID.to_string(), SecretSource::Value(Secret::new(SECRET)))]
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Action {
    Action::Key(KeyEvent::new(code, modifiers))
}

/// Ctrl-N with nothing listening: the prompt, prefilled; a free port instead; Enter.
async fn listen(h: &mut Harness) -> SocketAddr {
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    match h.app.overlay() {
        Some(Overlay::Prompt {
            kind: Prompt::ListenWebhooks,
            input,
            ..
        }) => assert_eq!(input.text(), "127.0.0.1:8787"),
        other => panic!("expected the listen prompt, got {other:?}"),
    }
    h.act(key(KeyCode::Char('u'), KeyModifiers::CONTROL));
    h.act(Action::Paste("127.0.0.1:0".into()));
    h.command(Command::Accept);
    assert!(matches!(
        h.app.webhooks().listening(),
        Listening::Starting(_)
    ));
    while !matches!(h.app.webhooks().listening(), Listening::On(_)) {
        h.next_action().await;
    }
    let Listening::On(addr) = h.app.webhooks().listening() else {
        unreachable!()
    };
    addr.parse().expect("an address")
}

fn event_body(id: &str) -> String {
    webhook_events::event("payment.paid", id, "2026-12-03T10:00:00.000+0100", "1234")
        .expect("a built-in event")
}

/// Posts `body` signed with `secret` (under our key id); returns the status answered.
async fn post(addr: SocketAddr, body: &str, secret: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("http://{addr}/webhooks"))
        .header("Content-Type", "application/json")
        .header(KEY_ID_HEADER, KEY_ID)
        .header(SIGNATURE_HEADER, webhook::sign(secret, body.as_bytes()))
        .body(body.to_string())
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .expect("the receiver answers")
        .status()
        .as_u16()
}

fn screen(h: &Harness) -> String {
    common::screen_text(&h.app, 160, 40)
}

#[tokio::test]
async fn events_arrive_live_with_verdicts_and_enter_opens_one_in_the_viewer() {
    let mut h = harness();
    let addr = listen(&mut h).await;
    assert!(
        screen(&h).contains(&format!("webhooks: listening on http://{addr}/")),
        "the status bar says where it listens"
    );

    assert_eq!(post(addr, &event_body("evt-good"), SECRET).await, 200);
    h.next_webhook().await;
    post(addr, &event_body("evt-bad"), "another-secret").await;
    h.next_webhook().await;
    assert_eq!(h.app.webhooks().len(), 2);
    assert_eq!(h.app.webhooks().unseen(), (2, 1), "one of two failed");
    let bar = screen(&h);
    assert!(bar.contains("2 new webhooks, 1 failed (Ctrl-N)"), "{bar}");

    // The view: newest first, the verdicts with their reasons.
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(h.app.overlay(), Some(&Overlay::Webhooks));
    assert_eq!(h.app.webhooks().unseen(), (0, 0));
    let view = screen(&h);
    assert!(
        view.contains(&format!("listening on http://{addr}/")),
        "{view}"
    );
    let bad = view.find("evt-bad").expect("the tampered event is listed");
    let good = view.find("evt-good").expect("the good event is listed");
    assert!(bad < good, "newest first\n{view}");
    let row = |id: &str| {
        view.lines()
            .find(|l| l.contains(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("evt-bad").contains("mismatch"), "{view}");
    assert!(row("evt-good").contains("valid"), "{view}");
    // Below the list, the selected (newest) event's whole verdict and reason.
    assert!(
        view.contains(
            "signature mismatch: the signature does not match the body with key test-key"
        ),
        "{view}"
    );
    h.command(Command::ScrollDown);
    let view = screen(&h);
    assert!(
        view.contains("signature valid: signed with test-key"),
        "{view}"
    );
    assert!(!view.contains(SECRET), "the secret is never on screen");
    h.command(Command::ScrollUp);

    // "failed" keeps the bad one; Enter opens it.
    h.act(Action::Paste("failed".into()));
    assert_eq!(h.app.webhooks().matching().len(), 1);
    let editor_before = h.app.editor().body_text();
    h.command(Command::Accept);
    assert_eq!(h.app.overlay(), None);
    while h.app.webhook_shown().is_none() {
        h.next_action().await;
    }
    let shown = h.app.webhook_shown().expect("a webhook on show").clone();
    assert!(!shown.good);
    assert!(shown.heading.contains("payment.paid evt-bad"), "{shown:?}");
    assert!(shown.verdict.starts_with("signature mismatch"), "{shown:?}");
    assert_eq!(h.app.focus(), Focus::Response);
    assert_eq!(
        h.app.editor().body_text(),
        editor_before,
        "the request being edited stays"
    );
    let x = h.exchange();
    assert!(
        x.headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case(KEY_ID_HEADER) && v == KEY_ID),
        "the event's headers are the viewer's"
    );
    let pane = screen(&h);
    assert!(pane.contains("Webhook received"), "{pane}");
    assert!(pane.contains("signature mismatch"), "{pane}");
    assert!(pane.contains("\"type\": \"payment.paid\""), "{pane}");

    // The viewer's path filter works on the event's body.
    h.command(Command::PathFilter);
    h.act(Action::Paste("payment.id".into()));
    h.command(Command::Accept);
    let notice = |h: &Harness| h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    while !notice(&h).contains("value(s) match") {
        h.next_action().await;
    }
    assert!(notice(&h).starts_with("1 value(s) match"), "{}", notice(&h));

    // Sending from the editor puts a response back in the pane's head.
    h.command(Command::Send);
    assert!(h.app.webhook_shown().is_none());
    let _ = h.settle().await;
}

#[tokio::test]
async fn a_flood_is_bounded_and_every_event_is_counted() {
    let mut h = harness();
    let addr = listen(&mut h).await;
    let body = event_body("evt-flood");
    // The app does not pull while they arrive: the receiver's queue fills, the
    // rest are answered and counted, nothing waits.
    let total = 1500usize;
    let client = reqwest::Client::new();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..total {
        let (client, body) = (client.clone(), body.clone());
        let signature = webhook::sign(SECRET, body.as_bytes());
        tasks.spawn(async move {
            client
                .post(format!("http://{addr}/webhooks"))
                .header(KEY_ID_HEADER, KEY_ID)
                .header(SIGNATURE_HEADER, signature)
                .body(body)
                .timeout(Duration::from_secs(60))
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
    }
    let mut answered = 0;
    while let Some(done) = tasks.join_next().await {
        assert_eq!(done.expect("task").expect("answered"), 200);
        answered += 1;
    }
    assert_eq!(answered, total, "every event is answered");
    h.drain_webhooks();
    // The counts arrive on their own channel: wait for them to add up.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let listed = h.app.webhooks().len() as u64 + h.app.webhooks().evicted();
        let not_shown = h.app.webhooks().counts().not_shown;
        if listed + not_shown == total as u64 {
            assert!(not_shown > 0, "the queue is bounded: some were not shown");
            assert!(h.app.webhooks().len() <= 1000, "the view is bounded");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "listed {listed} + not shown {not_shown} != {total}"
        );
        tokio::select! {
            _ = h.next_webhook() => {}
            _ = tokio::time::sleep(Duration::from_millis(50)) => {}
        }
    }
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    let view = screen(&h);
    assert!(view.contains("arrived too fast to list"), "{view}");
}

/// The newest entry, once the history holds `n`.
async fn newest_of(history: &History, n: usize) -> connect_inspector::history::Entry {
    wait_for_entries(history, n).await;
    let rows = history
        .list(&ListQuery {
            limit: 1,
            ..ListQuery::default()
        })
        .expect("listed");
    history.get(rows[0].id).expect("read").expect("there")
}

#[tokio::test]
async fn events_are_recorded_and_reopen_as_webhooks_never_resent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness();
    let history = h.with_history(dir.path());
    let addr = listen(&mut h).await;
    post(addr, &event_body("evt-kept"), SECRET).await;
    h.next_webhook().await;
    wait_for_entries(&history, 1).await;
    let rows = history
        .list(&ListQuery {
            limit: 10,
            ..ListQuery::default()
        })
        .expect("listed");
    assert_eq!(rows[0].env, "webhook", "tagged as a webhook");

    // F3, the entry, F5: refused, nothing sent.
    h.command(Command::History);
    while h.app.history().is_loading() {
        h.next_action().await;
    }
    assert_eq!(h.app.history().rows().len(), 1);
    let editor_before = h.app.editor().body_text();
    h.act(key(KeyCode::F(5), KeyModifiers::NONE));
    while h.app.webhook_shown().is_none() {
        h.next_action().await;
    }
    assert!(
        !matches!(h.app.showing(), Showing::InFlight(_)),
        "not resent"
    );
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.contains("received, not sent"), "{notice}");
    let shown = h.app.webhook_shown().expect("shown").clone();
    assert!(shown.good, "{shown:?}");
    assert!(shown.heading.contains("evt-kept"), "{shown:?}");
    assert!(shown.from_history.is_some());
    assert_eq!(h.app.editor().body_text(), editor_before);
    let x = h.exchange();
    let signature = x
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(SIGNATURE_HEADER))
        .map(|(_, v)| v.clone())
        .expect("the signature header is kept");
    assert_ne!(
        signature,
        webhook::sign(SECRET, event_body("evt-kept").as_bytes()),
        "history masks it"
    );

    // Neither the secret nor the signature in the store's files.
    let sent_signature = webhook::sign(SECRET, event_body("evt-kept").as_bytes());
    drop(h);
    drop(history);
    let text = common::files_text(dir.path());
    assert!(!text.contains(SECRET), "the secret reached the history");
    assert!(
        !text.contains(&sent_signature),
        "the signature reached the history"
    );
}

#[tokio::test]
async fn an_address_in_use_is_said_and_the_prompt_can_be_tried_again() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bound");
    let port = taken.local_addr().expect("addr").port();
    let mut h = harness();
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.act(key(KeyCode::Char('u'), KeyModifiers::CONTROL));
    h.act(Action::Paste(port.to_string()));
    h.command(Command::Accept);
    while matches!(h.app.webhooks().listening(), Listening::Starting(_)) {
        h.next_action().await;
    }
    assert_eq!(h.app.webhooks().listening(), &Listening::Off);
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(
        notice.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{notice}"
    );
    // Not listening and nothing received: Ctrl-N offers the prompt again.
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert!(matches!(
        h.app.overlay(),
        Some(Overlay::Prompt {
            kind: Prompt::ListenWebhooks,
            ..
        })
    ));
    // A typo is said where it is.
    h.act(key(KeyCode::Char('u'), KeyModifiers::CONTROL));
    h.act(Action::Paste("eighty".into()));
    h.command(Command::Accept);
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.contains("not an address"), "{notice}");
}

#[tokio::test]
async fn control_codes_in_a_senders_headers_never_reach_the_terminal() {
    let mut h = harness();
    let addr = listen(&mut h).await;
    let body = event_body("evt-evil");
    reqwest::Client::new()
        .post(format!("http://{addr}/webhooks"))
        .header(KEY_ID_HEADER, KEY_ID)
        .header(SIGNATURE_HEADER, webhook::sign(SECRET, body.as_bytes()))
        // C1 CSI, UTF-8 encoded: "ESC [" to a terminal that reads C1 controls.
        .header(
            "X-Evil",
            reqwest::header::HeaderValue::from_bytes(b"\xc2\x9b2J").expect("obs-text"),
        )
        .body(body)
        .send()
        .await
        .expect("answered");
    h.next_webhook().await;
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.command(Command::Accept);
    while h.app.webhook_shown().is_none() {
        h.next_action().await;
    }
    let pane = screen(&h);
    // Shown escaped, so the reader sees what was sent and the terminal obeys nothing.
    assert!(pane.contains("x-evil: \\x9b2J"), "{pane}");
    assert!(!pane.contains('\u{9b}'), "a C1 control reached the screen");
}

#[tokio::test]
async fn a_forward_target_that_is_down_is_shown_and_counts_as_failed() {
    let mut h = harness();
    h.set_webhook_keys(keys(), Some("http://127.0.0.1:9/hooks".into()));
    let addr = listen(&mut h).await;
    let status = post(addr, &event_body("evt-fwd"), SECRET).await;
    assert_eq!(status, 502, "the sender hears that the app did not take it");
    h.next_webhook().await;
    assert_eq!(
        h.app.webhooks().unseen(),
        (1, 1),
        "a valid event the app did not take"
    );
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    let view = screen(&h);
    let row = view
        .lines()
        .find(|l| l.contains("evt-fwd"))
        .expect("listed")
        .to_string();
    assert!(row.contains("valid"), "{row}");
    assert!(row.contains("valid             → none"), "{row}");
    assert!(
        view.contains("→ app did not answer ("),
        "the reason below: {view}"
    );
}

/// An app against the simulator, to GET `path` with F5, and one event received.
async fn with_sim_and_an_event(path: &str, event_id: &str) -> Harness {
    let mut h = Harness::with_sim("GET", path, "").await;
    h.set_webhook_keys(keys(), None);
    let addr = listen(&mut h).await;
    post(addr, &event_body(event_id), SECRET).await;
    h.next_webhook().await;
    h
}

#[tokio::test]
async fn a_request_in_flight_keeps_the_pane_until_its_answer() {
    let mut h = with_sim_and_an_event("/sim/slow?ms=1500", "evt-wait").await;
    h.command(Command::Send);
    assert!(matches!(h.app.showing(), Showing::InFlight(_)));
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.command(Command::Accept);
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.contains("a request is in flight"), "{notice}");
    assert!(h.app.webhook_shown().is_none());
    // The answer is not lost to the webhook.
    let phase = h.settle().await;
    assert!(matches!(phase, Showing::Exchange(_)), "{phase:?}");
    assert_eq!(h.exchange().status.code, 200);
    assert!(h.app.webhook_shown().is_none());
}

#[tokio::test]
async fn a_webhook_opened_and_then_superseded_by_a_send_is_dropped() {
    let mut h = with_sim_and_an_event("/v1/{merchantId}/services/testconnection", "evt-late").await;
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    // Enter, then F5 before the webhook's view is built: the send wins.
    h.command(Command::Accept);
    h.command(Command::Send);
    let phase = h.settle().await;
    assert!(matches!(phase, Showing::Exchange(_)), "{phase:?}");
    // Whatever else arrives (the late webhook) changes nothing.
    while tokio::time::timeout(Duration::from_millis(300), h.next_action())
        .await
        .is_ok()
    {}
    assert!(
        h.app.webhook_shown().is_none(),
        "the late webhook was dropped"
    );
    assert_eq!(h.exchange().status.code, 200, "the answer stays on show");
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(!notice.contains("in flight"), "{notice}");
}

#[tokio::test]
async fn a_big_answer_shown_in_part_is_not_pushed_out_by_a_webhook() {
    let mut h = with_sim_and_an_event("/sim/large?mb=6", "evt-big").await;
    h.command(Command::Send);
    while !h.app.is_pending() {
        assert!(
            matches!(h.app.showing(), Showing::InFlight(_)),
            "a preview comes first: {:?}",
            h.app.showing()
        );
        h.next_action().await;
    }
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.command(Command::Accept);
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.contains("a request is in flight"), "{notice}");
    let phase = h.settle().await;
    assert!(matches!(phase, Showing::Exchange(_)));
    let x = h.exchange();
    assert!(!x.preview, "the whole answer replaced its preview");
    assert!(x.body.size > 6_000_000);
    assert!(h.app.webhook_shown().is_none());
}

/// An app that refuses the first event it gets (500) and takes the rest,
/// keeping what it was sent: the bug, then the fix.
async fn flaky_app() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(Vec<(String, String)>, Vec<u8>)>>>,
) {
    use axum::http::StatusCode;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = std::sync::Arc::clone(&seen);
    let app = axum::Router::new().fallback(
        move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let kept = std::sync::Arc::clone(&kept);
            async move {
                let headers: Vec<(String, String)> = headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
                    .collect();
                let mut seen = kept.lock().expect("lock");
                seen.push((headers, body.to_vec()));
                if seen.len() == 1 {
                    (StatusCode::INTERNAL_SERVER_ERROR, "NullPointerException")
                } else {
                    (StatusCode::OK, "thanks")
                }
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bound");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

#[tokio::test]
async fn f5_delivers_an_event_to_the_app_again_after_its_fix() {
    let (app_url, seen) = flaky_app().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness();
    let history = h.with_history(dir.path());
    h.set_webhook_keys(keys(), Some(app_url));
    let addr = listen(&mut h).await;
    let body = event_body("evt-again");
    assert_eq!(
        post(addr, &body, SECRET).await,
        500,
        "the app's failure goes back"
    );
    h.next_webhook().await;
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.act(key(KeyCode::F(5), KeyModifiers::NONE));
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(
        notice.contains("delivering again to http://127.0.0.1:")
            && notice.ends_with("/hooks: payment.paid evt-agai…"),
        "{notice}"
    );
    h.next_webhook().await;
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.starts_with("↻ app answered 200 in "), "{notice}");
    assert_eq!(h.app.webhooks().len(), 2);
    let view = screen(&h);
    let rows: Vec<&str> = view
        .lines()
        .filter(|l| l.contains("PAID  id evt-agai"))
        .collect();
    assert_eq!(rows.len(), 2, "{view}");
    assert!(
        rows[0].contains("valid ↻") && rows[0].contains("→ 200"),
        "{view}"
    );
    assert!(rows[1].contains("→ 500"), "{view}");
    // The app got the same bytes and the same signature twice.
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].1, seen[1].1);
    assert_eq!(seen[1].1, body.as_bytes());
    let signature = |headers: &[(String, String)]| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(SIGNATURE_HEADER))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(signature(&seen[0].0), signature(&seen[1].0));
    assert_eq!(
        signature(&seen[1].0),
        Some(webhook::sign(SECRET, body.as_bytes()))
    );
    // Recorded too, marked as delivered again.
    let again = newest_of(&history, 2).await;
    assert!(
        again
            .verdict_summary
            .starts_with("(delivered again) payment.paid evt-again"),
        "{}",
        again.verdict_summary
    );
    assert_eq!(again.status, Some(200), "the app's new answer");
}

#[tokio::test]
async fn f5_without_an_app_to_deliver_to_says_how_to_name_one() {
    let mut h = harness();
    let addr = listen(&mut h).await;
    post(addr, &event_body("evt-nowhere"), SECRET).await;
    h.next_webhook().await;
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert!(
        !screen(&h).contains("deliver again"),
        "no app: F5 is not offered"
    );
    let effects = h.app.update(key(KeyCode::F(5), KeyModifiers::NONE));
    assert!(effects.is_empty(), "nothing to deliver: {effects:?}");
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.contains("--webhooks-forward URL"), "{notice}");
}

#[tokio::test]
async fn f5_to_an_app_that_is_down_says_nobody_answered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness();
    let history = h.with_history(dir.path());
    h.set_webhook_keys(keys(), Some("http://127.0.0.1:9/hooks".into()));
    let addr = listen(&mut h).await;
    post(addr, &event_body("evt-down"), SECRET).await;
    h.next_webhook().await;
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert!(screen(&h).contains("F5 deliver again"), "{}", screen(&h));
    h.act(key(KeyCode::F(5), KeyModifiers::NONE));
    h.next_webhook().await;
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.starts_with("↻ app did not answer"), "{notice}");
    let view = screen(&h);
    let again = view
        .lines()
        .find(|l| l.contains("valid ↻"))
        .expect("the redelivery is listed");
    assert!(again.contains("→ none"), "{again}");
    // Recorded without a status: nobody answered.
    let entry = newest_of(&history, 2).await;
    assert_eq!(entry.status, None);
    assert!(
        entry
            .transport_error
            .as_deref()
            .is_some_and(|e| e.starts_with("app did not answer")),
        "{entry:?}"
    );
    assert!(
        entry
            .source
            .as_deref()
            .is_some_and(|s| s.ends_with(", delivered again to http://127.0.0.1:9/hooks")),
        "{:?}",
        entry.source
    );
}

#[tokio::test]
async fn only_an_event_is_delivered_again() {
    let mut h = harness();
    h.set_webhook_keys(keys(), Some("http://127.0.0.1:9/hooks".into()));
    let addr = listen(&mut h).await;
    reqwest::Client::new()
        .get(format!("http://{addr}/webhooks"))
        .header(webhook::VERIFICATION_HEADER, "v-1")
        .send()
        .await
        .expect("answered");
    h.next_webhook().await;
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    let effects = h.app.update(key(KeyCode::F(5), KeyModifiers::NONE));
    assert!(effects.is_empty(), "{effects:?}");
    let notice = h.app.notice().expect("a notice").text.clone();
    assert_eq!(notice, "only an event can be delivered again");
}

#[tokio::test]
async fn esc_goes_back_from_a_webhook_to_the_response() {
    let mut h = Harness::with_sim("GET", "/v1/{merchantId}/services/testconnection", "").await;
    h.set_webhook_keys(keys(), None);
    let phase = h.send().await;
    assert!(matches!(phase, Showing::Exchange(_)));
    let answer = h.exchange();
    let addr = listen(&mut h).await;
    post(addr, &event_body("evt-peek"), SECRET).await;
    h.next_webhook().await;
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.command(Command::Accept);
    while h.app.webhook_shown().is_none() {
        h.next_action().await;
    }
    h.act(key(KeyCode::Esc, KeyModifiers::NONE));
    assert!(h.app.webhook_shown().is_none());
    assert!(
        std::sync::Arc::ptr_eq(&h.exchange(), &answer),
        "the response it covered is back"
    );
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.starts_with("back from the webhook"), "{notice}");
}

#[tokio::test]
async fn listening_on_all_interfaces_says_it_is_reachable_from_other_hosts() {
    let mut h = harness();
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.act(key(KeyCode::Char('u'), KeyModifiers::CONTROL));
    h.act(Action::Paste("0.0.0.0:0".into()));
    h.command(Command::Accept);
    while !matches!(h.app.webhooks().listening(), Listening::On(_)) {
        h.next_action().await;
    }
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(
        notice.contains("all interfaces") && notice.contains("reachable from other hosts"),
        "{notice}"
    );
}

#[tokio::test]
async fn forwarding_to_the_receiver_itself_is_refused_when_it_starts() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut h = harness();
    h.set_webhook_keys(keys(), Some(format!("http://localhost:{port}/hooks")));
    h.act(key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    h.act(key(KeyCode::Char('u'), KeyModifiers::CONTROL));
    h.act(Action::Paste(format!("127.0.0.1:{port}")));
    h.command(Command::Accept);
    while matches!(h.app.webhooks().listening(), Listening::Starting(_)) {
        h.next_action().await;
    }
    assert_eq!(h.app.webhooks().listening(), &Listening::Off);
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.contains("is this receiver itself"), "{notice}");
}
