//! History end to end: the TUI records every exchange (redacted), the browser
//! reopens one with its errors located, `cinspect send` records too, and the
//! history CLI lists, shows, exports and prunes.

mod common;

use std::process::Command as Process;
use std::time::Duration;

use common::{Harness, wait_for_entries};
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Overlay, Showing};
use connect_inspector::history::{History, ListQuery};
use connect_inspector::sim;
use crossterm::event::{KeyCode, KeyEvent};

const CARD: &str = "4567350000427977";

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::from(code))
}

#[tokio::test]
async fn the_tui_records_and_reopens_an_exchange_with_its_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    let history = h.with_history(dir.path());
    h.send().await;
    let sent = h.exchange();
    wait_for_entries(&history, 1).await;

    // Something else happens in between.
    h.set_path("GET", "/v1/{merchantId}/services/testconnection");
    h.send().await;
    wait_for_entries(&history, 2).await;

    h.command(Command::History);
    assert_eq!(h.app.overlay(), Some(&Overlay::History));
    h.next_action().await;
    assert_eq!(h.app.history().rows().len(), 2, "newest first");
    assert_eq!(h.app.history().rows()[0].status, Some(200));
    // Type to filter: the rejected payment's error code.
    for c in "21000120".chars() {
        h.act(key(KeyCode::Char(c)));
    }
    // Every keystroke asked again; answers to older queries are dropped.
    while h.app.history().is_loading() {
        h.next_action().await;
    }
    assert_eq!(h.app.history().rows().len(), 1);
    // A field filter the store refuses lists nothing and says why.
    h.act(Action::Paste(" status:abc".into()));
    while h.app.history().is_loading() {
        h.next_action().await;
    }
    assert!(h.app.history().rows().is_empty());
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("status:abc: give a code"), "{notice}");
    // A field filter: only the 400, whatever the bodies say.
    for _ in 0.." status:abc".len() {
        h.act(key(KeyCode::Backspace));
    }
    h.act(Action::Paste(" status:4xx".into()));
    while h.app.history().is_loading() {
        h.next_action().await;
    }
    assert_eq!(h.app.history().rows().len(), 1);
    assert_eq!(h.app.history().rows()[0].status, Some(400));
    h.act(key(KeyCode::Enter));
    // Answers to the superseded filter queries may still arrive first.
    while h.app.overlay().is_some() {
        h.next_action().await;
    }
    let reopened = match h.app.showing() {
        Showing::Exchange(on) => on.exchange.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(reopened.status.code, 400);
    assert_eq!(reopened.report.error_id, sent.report.error_id);
    let body = h.app.editor().body_text();
    assert!(
        body.contains("\"456735******7977\"") && !body.contains("\"cvv\""),
        "card data was never stored: {body}"
    );
    assert!(body.contains("\"1210\""));
    assert!(
        h.app.notice().is_some_and(|n| n.text.contains("card data")),
        "{:?}",
        h.app.notice()
    );
    assert_eq!(h.app.editor().method(), "POST");
    assert!(
        !h.app
            .editor()
            .header_lines()
            .join("\n")
            .contains("Authorization"),
        "signing headers are added afresh"
    );
    h.command(Command::NextProblem);
    assert!(
        h.app.editor().body_cursor().0 > 0,
        "jumps work on a reopened exchange"
    );
    // F5 in the browser resends the entry: its redacted card data is named first.
    h.command(Command::History);
    while h.app.history().is_loading() {
        h.next_action().await;
    }
    // The newest is the GET; the payment is the one below it.
    h.act(key(KeyCode::Down));
    assert_eq!(
        h.app.history().rows()[h.app.history().selected()].status,
        Some(400)
    );
    h.act(key(KeyCode::F(5)));
    while !matches!(h.app.overlay(), Some(Overlay::Confirm { .. })) {
        h.next_action().await;
    }
    match h.app.overlay() {
        Some(Overlay::Confirm { question, .. }) => {
            assert!(
                question.contains("masked when history saved it"),
                "{question}"
            );
            assert!(question.contains("cardNumber"), "{question}");
            assert!(question.contains("its cvv was removed"), "{question}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !matches!(h.app.showing(), Showing::InFlight(_)),
        "nothing sent yet"
    );
    h.act(key(KeyCode::Char('y')));
    assert!(matches!(h.app.showing(), Showing::InFlight(_)));
    h.settle().await;
    wait_for_entries(&history, 3).await;
}

#[tokio::test]
async fn secrets_and_card_data_never_reach_the_database_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let body = format!(
        r#"{{"cardPaymentMethodSpecificInput":{{"card":{{"cvv":"987","cardNumber":"{CARD}","expiryDate":"1230"}},"paymentProductId":1}},"order":{{"amountOfMoney":{{"amount":2345,"currencyCode":"CAD"}},"customer":{{"billingAddress":{{"countryCode":"CA"}}}}}}}}"#
    );
    let mut h = Harness::with_sim("POST", "/v1/{merchantId}/payments", &body).await;
    let history = h.with_history(dir.path());
    h.send().await;
    assert_eq!(h.exchange().status.code, 201);
    wait_for_entries(&history, 1).await;
    let signature = {
        let x = h.exchange();
        x.request
            .string_to_sign
            .clone()
            .map(|sts| connect_inspector::connect::sign::signature(sim::DEMO_SECRET, &sts))
            .expect("signed")
    };
    drop(history);
    drop(h);
    let text = common::files_text(dir.path());
    assert!(text.contains("456735"), "the masked card number is there");
    for secret in [CARD, sim::DEMO_SECRET, signature.as_str(), "\"987\""] {
        assert!(!text.contains(secret), "{secret} reached the history file");
    }
}

fn cinspect(config: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Process::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn send_records_and_the_history_cli_lists_shows_exports_and_prunes() {
    let running = sim::spawn(([127, 0, 0, 1], 0).into(), Default::default())
        .await
        .expect("sim");
    let base = running.base_url();
    let config = tempfile::tempdir().expect("tmp");
    let body = config.path().join("body.json");
    std::fs::write(&body, sim::demo_request_body()).expect("write");
    let (dir, base2, body2) = (
        config.path().to_path_buf(),
        base.clone(),
        body.display().to_string(),
    );
    let outputs = tokio::task::spawn_blocking(move || {
        let send = cinspect(
            &dir,
            &[
                "send",
                "--base-url",
                &base2,
                "--method",
                "POST",
                "--path",
                "/v1/{merchantId}/payments",
                "--body",
                &body2,
            ],
        );
        let list = cinspect(&dir, &["history", "list", "--json"]);
        let filtered = cinspect(
            &dir,
            &[
                "history",
                "list",
                "--json",
                "--filter",
                "no-such-word-anywhere",
            ],
        );
        (send, list, filtered)
    })
    .await
    .expect("joined");
    running.shutdown().await;
    let (send, list, filtered) = outputs;
    assert_eq!(send.0, 4, "{}", send.2);
    let rows: serde_json::Value = serde_json::from_str(&list.1).expect("json array");
    let row = &rows[0];
    assert_eq!(row["status"], 400);
    assert_eq!(row["method"], "POST");
    assert_eq!(row["env"], "sim");
    assert!(
        row["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/payments"))
    );
    assert!(row["time"].is_string() && row["id"].is_i64());
    assert_eq!(filtered.1.trim(), "[]");
    let id = row["id"].to_string();

    let (code, show, _) = cinspect(config.path(), &["history", "show", &id, "--json"]);
    assert_eq!(code, 0);
    let entry: serde_json::Value = serde_json::from_str(&show).expect("json");
    assert_eq!(entry["verdict"]["kind"], "validation");

    let (_, markdown, _) = cinspect(
        config.path(),
        &["history", "export", &id, "--format", "markdown"],
    );
    assert!(
        markdown.contains("21000120")
            && markdown.contains(entry["error_id"].as_str().unwrap_or("?")),
        "{markdown}"
    );
    let (_, curl, _) = cinspect(
        config.path(),
        &["history", "export", &id, "--format", "curl"],
    );
    assert!(
        curl.contains("curl") && !curl.contains(sim::DEMO_SECRET),
        "{curl}"
    );
    let (_, http, _) = cinspect(
        config.path(),
        &["history", "export", &id, "--format", "http"],
    );
    assert!(http.contains("POST http"), "{http}");
    for text in [&show, &markdown, &curl, &http] {
        assert!(
            !text.contains("4567350000427977"),
            "a full card number was exported"
        );
    }

    let (code, out, _) = cinspect(config.path(), &["history", "prune", "--older-than", "1w"]);
    assert_eq!((code, out.trim()), (0, "pruned 0 entries"));
    std::thread::sleep(Duration::from_millis(1100));
    let (_, out, _) = cinspect(config.path(), &["history", "prune", "--older-than", "1s"]);
    assert_eq!(out.trim(), "pruned 1 entries");
}

#[test]
fn a_corrupt_history_file_is_reported_and_left_untouched() {
    let config = tempfile::tempdir().expect("tmp");
    let path = config.path().join("history.sqlite3");
    std::fs::write(&path, b"this is not a database, and it is precious").expect("write");
    let (code, _, err) = cinspect(config.path(), &["history", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains("history.sqlite3"), "{err}");
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        b"this is not a database, and it is precious"
    );
}

#[test]
fn many_entries_page_lazily() {
    let dir = tempfile::tempdir().expect("tmp");
    let history = History::open(&dir.path().join("h.sqlite3"), Default::default()).expect("opens");
    let entries = (0..450).map(|i| connect_inspector::history::NewEntry {
        time_ms: connect_inspector::pipeline::record::now_ms() - 1000 + i,
        env: "sim".into(),
        method: "GET".into(),
        url: format!("http://127.0.0.1/v1/1/payments/{i}"),
        status: Some(404),
        verdict_kind: "reference".into(),
        ..Default::default()
    });
    history.record_batch(entries).expect("recorded");
    let first = history
        .list(&ListQuery {
            filter: None,
            limit: 200,
            before_id: None,
        })
        .expect("page");
    let second = history
        .list(&ListQuery {
            filter: None,
            limit: 200,
            before_id: first.last().map(|r| r.id),
        })
        .expect("page");
    assert_eq!((first.len(), second.len()), (200, 200));
    assert!(first.last().map(|r| r.id) > second.first().map(|r| r.id));
}

/// The demo's create-payment sent, with history in `dir`, and recorded.
async fn demo_sent_and_recorded(dir: &std::path::Path) -> Harness {
    let mut h = Harness::with_sim(
        "POST",
        "/v1/{merchantId}/payments",
        &sim::demo_request_body(),
    )
    .await;
    let history = h.with_history(dir);
    h.send().await;
    wait_for_entries(&history, 1).await;
    h
}

/// Ctrl-Y's markdown report gives the time the request was sent, in UTC, as `history export`
/// does for the same exchange (support correlates by it), never the time of the copy.
#[tokio::test]
async fn the_markdown_report_gives_the_send_time_in_utc_as_the_export_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = demo_sent_and_recorded(dir.path()).await;
    let copied = h
        .app
        .copy_text(connect_inspector::app::CopyKind::MarkdownReport)
        .expect("a report");
    let sent_row = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("| Sent | "))
            .map(str::to_owned)
    };
    let row = sent_row(&copied).unwrap_or_else(|| panic!("no Sent row:\n{copied}"));
    assert!(row.ends_with(" UTC |"), "{row}");
    assert!(!copied.contains("| Time |"), "{copied}");
    let (code, exported, err) = cinspect(
        dir.path(),
        &["history", "export", "1", "--format", "markdown"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(sent_row(&exported), Some(row), "{exported}");
}

#[tokio::test]
async fn a_report_for_a_ticket_masks_personal_data_unless_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = demo_sent_and_recorded(dir.path()).await;
    let personal_row = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("| Personal data | "))
            .map(str::to_owned)
    };
    let people = [
        "Coyote",
        "wile.e.coyote@acmelabs.com",
        "123.123.123.123",
        "19490917",
        "Desertroad",
    ];
    let copied = h
        .app
        .copy_text(connect_inspector::app::CopyKind::MarkdownReport)
        .expect("a report");
    // The demo's customer: names, contacts, both addresses, birth date, IP, VAT number.
    let row = personal_row(&copied).unwrap_or_else(|| panic!("no row:\n{copied}"));
    assert!(
        row.contains("redacted: 27 values (names, contact details, addresses"),
        "{row}"
    );
    for who in people {
        assert!(!copied.contains(who), "{who} in\n{copied}");
    }
    // What support needs stays: the country, the amounts, the card's masked form.
    for kept in [
        "\"countryCode\": \"US\"",
        "\"amount\": 2980",
        "456735******7977",
    ] {
        assert!(copied.contains(kept), "{kept} missing in\n{copied}");
    }
    let with = h
        .app
        .copy_text(connect_inspector::app::CopyKind::MarkdownReportPersonal)
        .expect("a report");
    assert!(
        with.contains("Coyote") && !with.contains("4567350000427977"),
        "{with}"
    );
    assert_eq!(
        personal_row(&with).as_deref(),
        Some("| Personal data | included on purpose (27 values) |")
    );
    // The command line's export is the same report, and --personal-data the other.
    let (code, exported, err) = cinspect(
        dir.path(),
        &["history", "export", "1", "--format", "markdown"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(personal_row(&exported), Some(row));
    assert!(!exported.contains("Coyote"), "{exported}");
    let (code, exported, err) = cinspect(
        dir.path(),
        &[
            "history",
            "export",
            "1",
            "--format",
            "markdown",
            "--personal-data",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(exported.contains("Coyote"), "{exported}");
    let (code, _, err) = cinspect(
        dir.path(),
        &[
            "history",
            "export",
            "1",
            "--format",
            "curl",
            "--personal-data",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--personal-data is for --format markdown"),
        "{err}"
    );
}
