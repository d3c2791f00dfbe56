//! Render tests of the webhooks view: the list (verdict words in the first
//! columns, the chosen event's whole verdict and the app's answer below) and
//! an event open in the response pane, at 120x40, from the SDKs' vector body
//! with fixed times; compared with reviewed snapshots.

mod common;

use std::sync::Arc;

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, App, Effect, Settings, Startup};
use connect_inspector::config::Environment;
use connect_inspector::connect::webhook::{Diagnosis, WebhookVerdict};
use connect_inspector::connect::webhook_events::facts;
use connect_inspector::webhooks::{self, Forwarded, Received, ReceivedKind, WebhookShown};

/// 2026-12-03 10:00:00 UTC.
const T0: i64 = 1_796_292_000_000;

fn vector_body() -> Vec<u8> {
    std::fs::read(common::fixture("webhooks/payment-paid.body")).expect("fixture")
}

fn event(at: i64, verdict: WebhookVerdict, forward: Option<Forwarded>) -> Received {
    let body = vector_body();
    let answered = match &forward {
        Some(Forwarded::Answered { status, .. }) => *status,
        _ => 200,
    };
    Received {
        received_at_ms: at,
        method: "POST".into(),
        path: "/webhooks".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-GCS-KeyId".into(), "dummy-key-id".into()),
            (
                "X-GCS-Signature".into(),
                "2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=".into(),
            ),
        ],
        kind: ReceivedKind::Event {
            verdict,
            facts: facts(&body),
            forward,
        },
        body,
        answered,
        redelivered_to: None,
    }
}

fn app_with_events() -> App {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let editor = RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "");
    let mut startup = Startup::new(env, editor, Settings::default());
    startup.webhooks_on = Some("127.0.0.1:8787".into());
    startup.webhooks_forward = Some("http://127.0.0.1:3000/hooks".into());
    let mut app = App::start(startup);
    app.update(Action::Resize(120, 40));
    let valid = WebhookVerdict::Valid {
        key_id: "dummy-key-id".into(),
    };
    let events = [
        event(T0, valid.clone(), None),
        event(
            T0 + 1_250,
            WebhookVerdict::Mismatch {
                key_id: "dummy-key-id".into(),
                diagnosis: Diagnosis {
                    line_ends: true,
                    ..Diagnosis::default()
                },
            },
            None,
        ),
        event(
            T0 + 2_500,
            valid,
            Some(Forwarded::Answered {
                status: 500,
                elapsed_ms: 12,
                body: "NullPointerException".into(),
            }),
        ),
    ];
    for e in events {
        app.update(Action::Webhook(Arc::new(e)));
    }
    app
}

/// Ctrl-N, Enter on the newest: the effect the executor runs, run here.
fn open_newest(app: &mut App) {
    app.update(Action::Command(Command::Webhooks));
    let effects = app.update(Action::Command(Command::Accept));
    let [Effect::OpenWebhook { open, received }] = effects.as_slice() else {
        panic!("expected one OpenWebhook, got {effects:?}");
    };
    app.update(Action::WebhookOpened {
        open: *open,
        shown: Box::new(WebhookShown::of_received(received)),
        exchange: Arc::new(webhooks::exchange_of(received)),
    });
}

fn render(app: &App) -> String {
    common::screen_text(app, 120, 40)
}

fn render_small(app: &mut App) -> String {
    app.update(Action::Resize(80, 24));
    common::screen_text(app, 80, 24)
}

/// The app answering 500 to a valid event counts as failed: it is the bug being hunted.
#[test]
fn the_status_bar_counts_the_unseen_and_the_failed() {
    let app = app_with_events();
    let screen = render(&app);
    assert!(
        screen.contains("3 new webhooks, 2 failed (Ctrl-N)"),
        "{screen}"
    );
}

#[test]
fn the_list_at_120x40() {
    let mut app = app_with_events();
    app.update(Action::Command(Command::Webhooks));
    insta::assert_snapshot!(render(&app));
}

#[test]
fn an_event_in_the_response_pane_at_120x40() {
    let mut app = app_with_events();
    open_newest(&mut app);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn the_list_at_80x24_keeps_the_keys_and_the_apps_status() {
    let mut app = app_with_events();
    app.update(Action::Command(Command::Webhooks));
    insta::assert_snapshot!(render_small(&mut app));
}

#[test]
fn with_a_webhook_on_show_the_copy_menu_offers_its_body_not_a_report() {
    let mut app = app_with_events();
    open_newest(&mut app);
    let labels: Vec<&str> = app.copy_choices().iter().map(|c| c.label).collect();
    assert!(labels.contains(&"webhook body (as received)"), "{labels:?}");
    assert!(
        !labels
            .iter()
            .any(|l| l.contains("report") || l.contains("exchange as JSON")),
        "{labels:?}"
    );
}
