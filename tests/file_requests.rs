//! `.http` files in the headless app: their requests offered beside the
//! templates (F4), variables filled at send time, and the payment id of a
//! 201 carried into the next request's `{paymentId}`.

mod common;

use connect_inspector::app::overlay::Prompt;

use std::net::SocketAddr;

use common::Harness;
use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::request_files::FileRequest;
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
    harness_with(dir, FILE).await
}

async fn harness_with(dir: &std::path::Path, text: &str) -> (Harness, sim::RunningSim) {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("simulator starts");
    let path = dir.join("shop.http");
    std::fs::write(&path, text).expect("written");
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
    assert!(matches!(
        h.app.showing(),
        connect_inspector::app::Showing::Idle
    ));
}

/// Loads `shop.http` (with CRLF line ends when asked) into a harness without a simulator.
fn offline(dir: &std::path::Path, text: &str) -> (Harness, std::path::PathBuf) {
    let path = dir.join("shop.http");
    std::fs::write(&path, text).expect("written");
    let loaded = connect_inspector::sources::http_file::load::load(&path);
    let env = Environment::simulator("http://127.0.0.1:9");
    let mut startup = Startup::new(
        env,
        RequestEditor::new("GET", "/", "", ""),
        Settings::default(),
    );
    startup.file_requests = FileRequest::all(&loaded.files);
    (Harness::start(startup), path)
}

#[tokio::test]
async fn saving_rewrites_only_that_request_keeps_line_ends_and_never_writes_secrets() {
    let dir = tempfile::tempdir().expect("dir");
    let crlf = FILE.replace('\n', "\r\n");
    let (mut h, path) = offline(dir.path(), &crlf);
    pick(&mut h, "shop.http: capture");
    h.command(Command::Save);
    assert!(
        h.app
            .notice()
            .is_some_and(|n| n.text.contains("no changes"))
    );
    edit_body_in_place(&mut h, "{\"amount\": 1000}");
    // Signing headers typed by hand are never written to the file.
    h.act(Action::Focus(connect_inspector::app::Focus::Request(
        connect_inspector::app::editor::Field::Headers,
    )));
    h.act(Action::Paste(
        "\nAuthorization: GCS v1HMAC:k:sig\nDate: x".to_string(),
    ));
    assert!(h.app.is_modified());
    h.command(Command::Save);
    assert!(h.app.is_saving());
    assert!(h.app.is_modified(), "modified until the write is done");
    h.settle_files().await;
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(
        h.app.notice().is_some_and(|n| n.text.starts_with("saved")),
        "{:?}",
        h.app.notice()
    );
    assert!(!h.app.is_modified());
    assert!(saved.contains("{\"amount\": 1000}\r\n"), "{saved:?}");
    assert!(
        !saved.contains("signed by cinspect"),
        "no marker line per request"
    );
    assert!(
        !saved.contains("Authorization") && !saved.contains("Date:"),
        "{saved}"
    );
    assert!(
        !saved.replace("\r\n", "").contains('\n'),
        "line ends kept: {saved:?}"
    );
    // Every other block is byte for byte as it was.
    let before = connect_inspector::sources::http_file::HttpFile::parse(crlf.clone());
    let after = connect_inspector::sources::http_file::HttpFile::parse(saved.clone());
    for (i, block) in before.blocks().iter().enumerate() {
        if before.block_text(i).is_some_and(|t| t.contains("capture")) {
            continue;
        }
        assert_eq!(
            before.block_text(i),
            after.block_text(i),
            "block {i} at line {}",
            block.line
        );
    }
}

#[tokio::test]
async fn a_file_changed_on_disk_is_not_overwritten_and_quitting_asks() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, path) = offline(dir.path(), FILE);
    pick(&mut h, "shop.http: create");
    edit_body_in_place(&mut h, "{}");
    let pulled = format!("{FILE}\n### added by a git pull\nGET /x\n");
    std::fs::write(&path, &pulled).expect("changed");
    h.command(Command::Save);
    h.settle_files().await;
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.starts_with("not saved:") && notice.contains("changed on disk since it was read"),
        "{notice}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), pulled);
    assert!(h.app.is_modified(), "the edit is still unsaved");
    h.command(Command::Quit);
    assert!(!h.app.should_quit(), "asks first");
    assert!(matches!(h.app.overlay(), Some(Overlay::Confirm { .. })));
    h.command(Command::Yes);
    assert!(h.app.should_quit());
}

/// Types over the body: select all, then paste (the request stays the file's).
fn edit_body_in_place(h: &mut Harness, body: &str) {
    h.act(Action::Focus(connect_inspector::app::Focus::Request(
        connect_inspector::app::editor::Field::Body,
    )));
    let lines = h.app.editor().body_lines().len();
    for _ in 0..lines + 1 {
        h.act(Action::Key(KeyEvent::new(
            KeyCode::Char('k'),
            crossterm::event::KeyModifiers::CONTROL,
        )));
        h.act(Action::Key(KeyEvent::from(KeyCode::Delete)));
    }
    h.act(Action::Paste(body.to_string()));
    assert_eq!(h.app.editor().body_text().trim(), body);
}

fn type_text(h: &mut Harness, text: &str) {
    h.act(Action::Paste(text.to_string()));
}

#[tokio::test]
async fn files_open_from_inside_and_a_request_is_saved_as_a_new_one() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("shop.http"), FILE).expect("written");
    let env = Environment::simulator("http://127.0.0.1:9");
    let editor = RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "");
    let mut h = Harness::start(Startup::new(env, editor, Settings::default()));
    // Open the folder from inside: its requests join F4's list.
    h.command(Command::OpenRequests);
    type_text(&mut h, dir.path().to_str().expect("utf-8"));
    h.command(Command::Accept);
    h.settle_files().await;
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.starts_with("3 request(s) from"), "{notice}");
    // A request not from a file: Ctrl-S saves it as a new one.
    h.command(Command::Save);
    assert!(matches!(
        h.app.overlay(),
        Some(Overlay::Prompt {
            kind: Prompt::SaveAs,
            ..
        })
    ));
    let target = dir.path().join("health.http");
    type_text(&mut h, &format!("{} ping", target.display()));
    h.command(Command::Accept);
    assert!(h.app.is_saving());
    h.settle_files().await;
    let saved = std::fs::read_to_string(&target).expect("made");
    // Written to run in the other tools too: variables they fill, no marker per request.
    assert_eq!(
        saved,
        format!(
            "{}\n\n### ping\n# @name ping\nGET {{{{baseUrl}}}}/v1/{{{{merchantId}}}}/services/testconnection\n",
            connect_inspector::sources::http_file::edit::MADE_NOTE
        )
    );
    assert!(
        h.app
            .request_source()
            .is_some_and(|f| f.label() == "health.http: ping")
    );
    assert!(!h.app.is_modified());
    // Saved as into a file that has requests: appended after them, the rest untouched.
    pick(&mut h, "shop.http: create");
    h.command(Command::Save);
    assert!(
        h.app
            .notice()
            .is_some_and(|n| n.text.contains("no changes"))
    );
}

#[test]
fn unresolved_variables_in_the_body_are_marked_where_they_are() {
    let dir = tempfile::tempdir().expect("dir");
    let file = "@amount = 1\n\n### marked\nPOST /v1/{{merchantId}}/payments\n\n{\"a\": {{amount}}, \"b\": \"{{nope}}\"}\n";
    let (mut h, _) = offline(dir.path(), file);
    pick(&mut h, "marked");
    let marks = h.app.unresolved().to_vec();
    assert_eq!(marks.len(), 1, "{marks:?}");
    let (row, range) = &marks[0];
    let line: String = h.app.editor().body_lines()[*row].chars().collect();
    let marked: String = line.chars().skip(range.start).take(range.len()).collect();
    assert_eq!(marked, "{{nope}}");
}

/// A harness with no file open (Ctrl-E opens them), on no network.
fn empty() -> Harness {
    let env = Environment::simulator("http://127.0.0.1:9");
    let editor = RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "");
    Harness::start(Startup::new(env, editor, Settings::default()))
}

/// Ctrl-E, the path, Enter: the load starts (the executor reads it).
fn open_files(h: &mut Harness, path: &std::path::Path) {
    h.command(Command::OpenRequests);
    type_text(h, path.to_str().expect("utf-8"));
    h.command(Command::Accept);
}

fn notice(h: &Harness) -> String {
    h.app.notice().map(|n| n.text.clone()).unwrap_or_default()
}

#[tokio::test]
async fn a_folder_of_thousands_fills_the_picker_in_batches_and_lists_them_all() {
    let dir = tempfile::tempdir().expect("dir");
    let n = 3000;
    for i in 0..n {
        let sub = dir.path().join(format!("team{}", i % 7));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(
            sub.join(format!("r{i:04}.http")),
            format!("### r{i}\nGET /v1/{{merchantId}}/payments/{i}\n"),
        )
        .expect("written");
    }
    let mut h = empty();
    open_files(&mut h, dir.path());
    assert!(h.app.is_loading_requests());
    assert!(notice(&h).starts_with("reading "), "{}", notice(&h));
    // The picker is open while the files arrive.
    h.command(Command::PickTemplate);
    let templates = h.app.templates().len();
    let mut seen_in_picker = Vec::new();
    let mut progress = Vec::new();
    while h.app.is_loading_requests() {
        h.next_action().await;
        seen_in_picker.push(
            h.app
                .picker_items(connect_inspector::app::PickerKind::Template)
                .len()
                - templates,
        );
        progress.push(notice(&h));
    }
    let partial: Vec<usize> = seen_in_picker
        .iter()
        .copied()
        .filter(|&k| k > 0 && k < n)
        .collect();
    assert!(partial.len() >= 2, "batches: {seen_in_picker:?}");
    assert!(
        seen_in_picker.windows(2).all(|w| w[0] <= w[1]),
        "{seen_in_picker:?}"
    );
    assert!(
        progress
            .iter()
            .any(|p| p.contains(&format!("50 of {n} files read, {} left", n - 50))),
        "{progress:?}"
    );
    assert_eq!(h.app.file_requests().len(), n);
    assert!(
        notice(&h).starts_with(&format!("{n} request(s) from")),
        "{}",
        notice(&h)
    );
    assert!(matches!(h.app.overlay(), Some(Overlay::Picker(_))));
}

#[tokio::test]
async fn a_save_changes_only_the_edited_request_byte_for_byte() {
    let dir = tempfile::tempdir().expect("dir");
    let text = "@amount = 1\n\n# a comment of the team\n### create\n# @name create\nPOST /v1/{{merchantId}}/payments\n\n{\"a\": 1}\n\n> {%\n  client.global.set(\"id\", response.body.payment.id);\n%}\n\n\n### next\r\nGET /v1/{{merchantId}}/payments/{paymentId}\n";
    let path = dir.path().join("flow.http");
    std::fs::write(&path, text).expect("written");
    let mut h = empty();
    open_files(&mut h, &path);
    h.settle_files().await;
    pick(&mut h, "flow.http: create");
    edit_body_in_place(&mut h, "{\"a\": 2}");
    h.command(Command::Save);
    h.settle_files().await;
    assert!(
        notice(&h).starts_with("saved flow.http: create"),
        "{}",
        notice(&h)
    );
    let saved = std::fs::read_to_string(&path).expect("read");
    let start = text.find("### create").expect("block");
    let end = text.find("### next").expect("next");
    assert_eq!(&saved[..start], &text[..start]);
    assert!(saved.ends_with(&text[end..]), "{saved:?}");
    assert_eq!(
        &saved[start..saved.len() - (text.len() - end)],
        "### create\n# @name create\nPOST /v1/{{merchantId}}/payments\n\n{\"a\": 2}\n\n> {%\n  client.global.set(\"id\", response.body.payment.id);\n%}\n\n\n"
    );
    assert!(!h.app.is_modified());
}

#[tokio::test]
async fn save_as_onto_a_taken_name_asks_and_replaces_only_on_yes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("health.http");
    let text = "### first\r\nGET /v1/{merchantId}/products\r\n\r\n### ping\r\n# @name ping\r\n# the team's check\r\nGET /old\r\n\r\n### last\r\nGET /v1/{merchantId}/services/testconnection\r\n";
    std::fs::write(&path, text).expect("written");
    let mut h = empty();
    let save_as = |h: &mut Harness| {
        h.command(Command::Save);
        assert!(matches!(
            h.app.overlay(),
            Some(Overlay::Prompt {
                kind: Prompt::SaveAs,
                ..
            })
        ));
        type_text(h, &format!("{} ping", path.display()));
        h.command(Command::Accept);
    };
    // No: nothing is written.
    save_as(&mut h);
    h.settle_files().await;
    match h.app.overlay() {
        Some(Overlay::Confirm { question, .. }) => assert_eq!(
            question,
            &format!(
                "{} already has a request named ping. Replace it?",
                path.display()
            )
        ),
        other => panic!("expected a question, got {other:?}"),
    }
    h.command(Command::No);
    assert!(h.app.overlay().is_none());
    assert!(!h.app.is_saving());
    assert!(notice(&h).starts_with("not saved"), "{}", notice(&h));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    // Yes: that block is replaced in place, in the file's line ends.
    save_as(&mut h);
    h.settle_files().await;
    assert!(matches!(h.app.overlay(), Some(Overlay::Confirm { .. })));
    h.command(Command::Yes);
    h.settle_files().await;
    assert!(notice(&h).starts_with("saved as ping"), "{}", notice(&h));
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        saved,
        text.replace(
            "# the team's check\r\nGET /old\r\n",
            "# the team's check\r\nGET /v1/{merchantId}/services/testconnection\r\n"
        )
    );
    assert_eq!(saved.matches("@name ping").count(), 1);
    assert!(
        h.app
            .request_source()
            .is_some_and(|f| f.label() == "health.http: ping")
    );
    assert!(!h.app.is_modified());
}

#[tokio::test]
async fn kept_handlers_and_includes_are_named_in_the_picker_and_on_loading() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kept.http");
    let text = "### create\nPOST /v1/{merchantId}/payments\n\n{}\n\n> {%\n  client.global.set(\"id\", response.body.payment.id);\n%}\n\n### from a file\nPOST /v1/{merchantId}/payments\nContent-Type: application/json\n\n< ./body.json\n";
    std::fs::write(&path, text).expect("written");
    let mut h = empty();
    open_files(&mut h, &path);
    h.settle_files().await;
    let items = h
        .app
        .picker_items(connect_inspector::app::PickerKind::Template);
    let detail = |name: &str| {
        items
            .iter()
            .find(|i| i.name == name)
            .map(|i| i.detail.clone())
            .expect("listed")
    };
    assert!(
        detail("kept.http: create").contains("keeps a response handler (3 lines)"),
        "{}",
        detail("kept.http: create")
    );
    assert!(detail("kept.http: from a file").contains("body from ./body.json"));
    pick(&mut h, "kept.http: create");
    let n = notice(&h);
    assert!(
        n.contains("kept as is, not run: > {% … %} response handler (lines 6–8); sending uses the body in the editor"),
        "{n}"
    );
    pick(&mut h, "kept.http: from a file");
    let n = notice(&h);
    assert!(
        n.contains("`< ./body.json` body include (line 14)")
            && n.contains("the body comes from ./body.json, which cinspect does not read"),
        "{n}"
    );
    // Saving keeps them byte for byte.
    edit_body_in_place(&mut h, "{\"x\": 1}");
    h.command(Command::Save);
    h.settle_files().await;
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(saved.contains("> {%\n  client.global.set(\"id\", response.body.payment.id);\n%}\n"));
    // The body goes where the body is: right before the include, no blank line added.
    assert!(saved.contains("{\"x\": 1}\n< ./body.json\n"), "{saved}");
}

#[tokio::test]
async fn a_files_base_url_elsewhere_is_shown_named_and_asked_about_before_an_unsigned_send() {
    let dir = tempfile::tempdir().expect("dir");
    // Port 9 on loopback: nothing listens, so a send there fails fast and harmlessly.
    let (mut h, _) = offline(
        dir.path(),
        "### ping\nGET {{baseUrl}}/v1/{{merchantId}}/services/testconnection\n\n###\n@baseUrl = http://127.0.0.2:9\n",
    );
    pick(&mut h, "shop.http: ping");
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("the file sets @baseUrl = http://127.0.0.2:9 in place of the environment's http://127.0.0.1:9"),
        "{notice}"
    );
    assert_eq!(h.app.destination(), Some("http://127.0.0.2:9"));
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(
        screen.contains("→ http://127.0.0.2:9 (unsigned)"),
        "the request line says where it goes: {screen}"
    );
    h.command(Command::Send);
    match h.app.overlay() {
        Some(Overlay::Confirm { question, .. }) => {
            assert!(question.contains("http://127.0.0.2:9"), "{question}");
            assert!(question.contains("UNSIGNED"), "{question}");
        }
        other => panic!("asks first: {other:?}"),
    }
    assert!(matches!(
        h.app.showing(),
        connect_inspector::app::Showing::Idle
    ));
    h.act(Action::Key(KeyEvent::from(KeyCode::Char('y'))));
    h.settle().await;
    let sent = h.app.last_sent().expect("sent");
    assert!(
        !sent
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Authorization")),
        "{:?}",
        sent.headers
    );
    assert!(sent.url.starts_with("http://127.0.0.2:9/"), "{}", sent.url);
}

#[tokio::test]
async fn a_named_requests_response_fills_the_requests_after_it_as_in_run() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!(
        "{}\n### read it back\nGET /v1/{{{{merchantId}}}}/payments/{{{{create.response.body.$.payment.id}}}}\n",
        FILE.split("### capture").next().expect("the create")
    );
    let (mut h, _sim) = harness_with(dir.path(), &text).await;
    pick(&mut h, "shop.http: read it back");
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("fills {{create.response.body.$.payment.id}} = not yet: "),
        "{notice}"
    );
    pick(&mut h, "shop.http: create");
    h.send().await;
    assert_eq!(h.exchange().status.code, 201);
    let id = h.exchange().request.url.clone();
    let created = h
        .app
        .carried()
        .get("paymentId")
        .expect("an id")
        .value
        .clone();
    pick(&mut h, "shop.http: read it back");
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains(&format!(
            "fills {{{{create.response.body.$.payment.id}}}} = {created}"
        )),
        "the value is shown before sending: {notice}"
    );
    h.send().await;
    let read = h.exchange();
    assert_eq!(read.status.code, 200, "{id}");
    assert!(read.request.url.ends_with(&created), "{}", read.request.url);
}

#[tokio::test]
async fn a_file_named_at_start_opens_on_its_first_request_and_f4_ranks_names_first() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.http");
    std::fs::write(&path, FILE).expect("written");
    let env = Environment::simulator("http://127.0.0.1:9");
    let startup = Startup::new(
        env,
        RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", ""),
        Settings::default(),
    );
    let mut h = Harness::start(startup);
    h.act(Action::OpenRequests(path.clone()));
    h.settle_files().await;
    assert_eq!(
        h.app.request_source().map(|f| f.label()),
        Some("shop.http: create".to_string()),
        "the editor opens on the file's first request"
    );
    assert_eq!(h.app.editor().method(), "POST");
    // `shop` names the file's requests; the template whose description says "shopper" comes after.
    pick(&mut h, "shop");
    assert_eq!(
        h.app.request_source().map(|f| f.label()),
        Some("shop.http: create".to_string())
    );
    // A file opened after the start does not replace what the editor holds.
    let other = dir.path().join("other.http");
    std::fs::write(&other, "### other\nGET /v1/{{merchantId}}/x\n").expect("written");
    pick(&mut h, "shop.http: capture");
    h.command(Command::OpenRequests);
    for c in other.display().to_string().chars() {
        h.act(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    h.command(Command::Accept);
    h.settle_files().await;
    assert_eq!(
        h.app.request_source().map(|f| f.label()),
        Some("shop.http: capture".to_string())
    );
}
