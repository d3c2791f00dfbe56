//! Request files written by other tools, in the TUI: an unedited request is
//! never rewritten (its Authorization, Date and X-GCS-* lines, ` HTTP/1.1`,
//! CRLF), an edit changes only its own bytes, and a method the editor has no
//! entry for (OPTIONS, QUERY, WEBSOCKET…) is shown, sent and saved as it is.

mod common;

use std::net::SocketAddr;

use common::Harness;
use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::request_files::FileRequest;
use connect_inspector::app::{Action, Overlay, Settings, Startup};
use connect_inspector::config::Environment;
use connect_inspector::sim::{self, SimConfig};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const TEAM: &str = "### signed\r\n# @name signed\r\nPOST /v1/{merchantId}/payments HTTP/1.1\r\nAuthorization: Bearer {{token}}\r\nDate: Fri, 06 Jun 2014 13:39:43 GMT\r\nX-GCS-ServerMetaInfo: e30=\r\nContent-Type: application/json\r\n\r\n{\r\n  \"a\": 1\r\n}\r\n\r\n###\r\n# @name probe\r\nOPTIONS /v1/{merchantId}/services/testconnection HTTP/1.1\r\n\r\n###\r\n# @name pre\r\n< {%\r\n  request.variables.set(\"x\", \"1\");\r\n%}\r\nWEBSOCKET ws://h.test/ws\r\nX-A: 1\r\n{\"hello\": 1}\r\n";

async fn open(dir: &std::path::Path, base: &str) -> (Harness, std::path::PathBuf) {
    let path = dir.join("team.http");
    std::fs::write(&path, TEAM).expect("written");
    let loaded = connect_inspector::sources::http_file::load::load(&path);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut startup = Startup::new(
        Environment::simulator(base),
        RequestEditor::new("GET", "/", "", ""),
        Settings::default(),
    );
    startup.file_requests = FileRequest::all(&loaded.files);
    (Harness::start(startup), path)
}

fn pick(h: &mut Harness, filter: &str) {
    h.command(Command::PickTemplate);
    assert!(matches!(h.app.overlay(), Some(Overlay::Picker(_))));
    for c in filter.chars() {
        h.act(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    h.command(Command::Accept);
}

fn notice(h: &Harness) -> String {
    h.app.notice().map(|n| n.text.clone()).unwrap_or_default()
}

fn body_key(h: &mut Harness, key: KeyEvent) {
    h.act(Action::Focus(connect_inspector::app::Focus::Request(
        connect_inspector::app::editor::Field::Body,
    )));
    h.act(Action::Key(key));
}

#[tokio::test]
async fn an_unedited_request_is_not_modified_and_ctrl_s_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, path) = open(dir.path(), "http://127.0.0.1:9").await;
    for name in ["team.http: signed", "team.http: probe", "team.http: pre"] {
        pick(&mut h, name);
        assert!(!h.app.is_modified(), "{name} is modified as it loads");
        h.command(Command::Save);
        assert!(notice(&h).contains("no changes"), "{name}: {}", notice(&h));
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read"), TEAM);
}

#[tokio::test]
async fn an_edit_rewrites_only_its_own_bytes_and_keeps_the_teams_headers() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, path) = open(dir.path(), "http://127.0.0.1:9").await;
    pick(&mut h, "team.http: signed");
    // The cursor goes to the body's end, then `,` is typed after the `}`.
    body_key(&mut h, KeyEvent::new(KeyCode::End, KeyModifiers::CONTROL));
    h.act(Action::Paste(",".to_string()));
    assert!(h.app.is_modified());
    h.command(Command::Save);
    h.settle_files().await;
    assert!(notice(&h).starts_with("saved"), "{}", notice(&h));
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(saved, TEAM.replacen("}\r\n\r\n###", "},\r\n\r\n###", 1));
    assert!(!h.app.is_modified());
}

#[tokio::test]
async fn a_method_the_editor_has_no_entry_for_is_shown_sent_and_saved_as_it_is() {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("simulator starts");
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, path) = open(dir.path(), &running.base_url()).await;
    pick(&mut h, "team.http: pre");
    assert_eq!(h.app.editor().method(), "WEBSOCKET");
    let n = notice(&h);
    assert!(
        n.contains("< {% … %} pre-request script (lines 19–21)"),
        "{n}"
    );
    assert!(
        n.contains("line 24: `{\"hello\": 1}` is not a header"),
        "{n}"
    );
    // Cycling the field comes back to the file's own method.
    for _ in 0..connect_inspector::app::editor::METHODS.len() + 1 {
        h.command(Command::MethodNext);
    }
    assert_eq!(h.app.editor().method(), "WEBSOCKET");
    pick(&mut h, "team.http: probe");
    assert_eq!(h.app.editor().method(), "OPTIONS");
    h.send().await;
    assert_eq!(h.exchange().request.method, "OPTIONS");
    // An edit of the URL keeps the method token and ` HTTP/1.1`.
    h.act(Action::Focus(connect_inspector::app::Focus::Request(
        connect_inspector::app::editor::Field::Url,
    )));
    h.act(Action::Paste("/x".to_string()));
    h.command(Command::Save);
    h.settle_files().await;
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        saved,
        TEAM.replace(
            "OPTIONS /v1/{merchantId}/services/testconnection HTTP/1.1",
            "OPTIONS /v1/{merchantId}/services/testconnection/x HTTP/1.1"
        )
    );
    running.shutdown().await;
}

#[tokio::test]
async fn a_path_with_a_host_header_goes_to_that_host_and_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("host.http");
    // Port 9 on loopback: nothing listens, so a send there fails fast and harmlessly.
    std::fs::write(
        &path,
        "### ping\nGET /v1/{merchantId}/services/testconnection\nHost: 127.0.0.2:9\n",
    )
    .expect("w");
    let loaded = connect_inspector::sources::http_file::load::load(&path);
    let mut startup = Startup::new(
        Environment::simulator("http://127.0.0.1:9"),
        RequestEditor::new("GET", "/", "", ""),
        Settings::default(),
    );
    startup.file_requests = FileRequest::all(&loaded.files);
    let mut h = Harness::start(startup);
    pick(&mut h, "host.http: ping");
    assert_eq!(h.app.destination(), Some("http://127.0.0.2:9"));
    h.command(Command::Send);
    assert!(
        matches!(h.app.overlay(), Some(Overlay::Confirm { question, .. }) if question.contains("http://127.0.0.2:9")),
        "asks before going elsewhere: {:?}",
        h.app.overlay()
    );
    h.act(Action::Key(KeyEvent::from(KeyCode::Char('y'))));
    h.settle().await;
    let sent = h.app.last_sent().expect("sent");
    assert!(
        sent.url.starts_with("http://127.0.0.2:9/v1/"),
        "{}",
        sent.url
    );
}
