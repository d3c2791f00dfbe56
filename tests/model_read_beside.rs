//! The TUI reads the API's model off its UI thread: its first frame waits for
//! nothing. Alone in its test binary, so that nothing has read the model before.

mod common;

use common::Harness;
use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::{Settings, Startup};
use connect_inspector::config::Environment;
use connect_inspector::connect::model;

#[tokio::test]
async fn the_first_update_asks_for_the_model_and_findings_follow_its_reading() {
    assert!(model::loaded().is_none(), "nothing has read the model yet");
    let body = "{\"order\": {\"customer\": {\"billingAddress\": {\"countrycode\": \"NL\"}}}}";
    let editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", body);
    let mut startup = Startup::new(
        Environment::simulator("http://127.0.0.1:9"),
        editor,
        Settings::default(),
    );
    startup.model_beside = true;
    // The first update only asks for the model to be read.
    let mut h = Harness::start(startup);
    assert!(h.app.errors().listed_findings().is_empty());
    assert!(h.app.editor().model().endpoint().is_none());
    // Once it is read, the request is known and its findings listed.
    h.next_action().await;
    assert!(model::loaded().is_some());
    let endpoint = h.app.editor().model().endpoint().and_then(|e| e.endpoint());
    assert_eq!(endpoint.map(|e| e.id.as_str()), Some("payments.create"));
    assert_eq!(h.app.errors().listed_findings().len(), 1);
}
