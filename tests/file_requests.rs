//! `.http` files in the headless app: their requests offered beside the
//! templates (F4), variables filled at send time, and the payment id of a
//! 201 carried into the next request's `{paymentId}`.

mod common;

use std::net::SocketAddr;

use common::Harness;
use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::file_requests::FileRequest;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Overlay, Settings, Startup};
use connect_inspector::config::Environment;
use connect_inspector::sim::{self, SimConfig};
use crossterm::event::{KeyCode, KeyEvent};

const FILE: &str = r#"@amount = 2345

### create
# @name create
POST /v1/{{merchantId}}/payments
Content-Type: application/json

{"cardPaymentMethodSpecificInput":{"card":{"cvv":"123","cardNumber":"4567350000427977","expiryDate":"1230"},"paymentProductId":1},"order":{"amountOfMoney":{"amount":{{amount}},"currencyCode":"CAD"},"customer":{"billingAddress":{"countryCode":"CA"}}}}

### capture
POST /v1/{{merchantId}}/payments/{paymentId}/capture
Content-Type: application/json

{"amount": {{amount}}}

### broken on purpose
GET /v1/{{merchantId}}/payments/{{nope}}
"#;

async fn harness(dir: &std::path::Path) -> (Harness, sim::RunningSim) {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("simulator starts");
    let path = dir.join("shop.http");
    std::fs::write(&path, FILE).expect("written");
    let loaded = connect_inspector::sources::http_file::load::load(&path);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let env = Environment::simulator(&running.base_url());
    let mut startup = Startup::new(
        env,
        RequestEditor::new("GET", "/", "", ""),
        Settings::default(),
    );
    startup.file_requests = FileRequest::all(&loaded.files);
    (Harness::start(startup), running)
}

/// F4, filter, Enter.
fn pick(h: &mut Harness, filter: &str) {
    h.command(Command::PickTemplate);
    assert!(matches!(h.app.overlay(), Some(Overlay::Picker(_))));
    for c in filter.chars() {
        h.act(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    h.command(Command::Accept);
}

#[tokio::test]
async fn a_file_flow_carries_the_payment_id_into_the_capture() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, _sim) = harness(dir.path()).await;
    pick(&mut h, "shop.http: create");
    assert_eq!(h.app.editor().method(), "POST");
    h.send().await;
    let created = h.exchange();
    assert_eq!(created.status.code, 201, "{:?}", created.report);
    let id = h
        .app
        .carried()
        .get("paymentId")
        .expect("carried")
        .value
        .clone();

    pick(&mut h, "shop.http: capture");
    h.command(Command::Send);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains(&format!("paymentId {id} from the 201 at")),
        "{notice}"
    );
    h.settle().await;
    let captured = h.exchange();
    assert!(
        captured.request.url.contains(&id),
        "{}",
        captured.request.url
    );
    assert!(
        captured
            .request
            .body
            .as_deref()
            .is_some_and(|b| b.contains("2345"))
    );
    assert!(
        (200..300).contains(&captured.status.code),
        "{:?}",
        captured.report
    );

    h.command(Command::ClearIds);
    assert!(h.app.carried().is_empty());
}

#[tokio::test]
async fn an_unresolved_variable_blocks_sending_and_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, _sim) = harness(dir.path()).await;
    pick(&mut h, "broken");
    h.command(Command::Send);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("not sent") && notice.contains("{{nope}}"),
        "{notice}"
    );
    assert!(matches!(h.app.phase(), connect_inspector::app::Phase::Idle));
}
