//! Tests of the store through its public API, on real files in temporary directories.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::*;

const SIGNATURE: &str = "SIGNATURESECRET==";
const API_SECRET: &str = "hunter2-very-secret";
const CARD: &str = "4567350000427977";

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    (dir, path)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A declined create-payment exchange carrying every kind of secret.
pub(super) fn declined(i: usize) -> NewEntry {
    NewEntry {
        time_ms: now_ms(),
        env: "sandbox".into(),
        method: "POST".into(),
        url: format!("https://eu.sandbox.api-ingenico.com/v1/1234/payments/{i:030}"),
        request_headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Authorization".into(), format!("GCS v1HMAC:key{i}:{SIGNATURE}")),
            ("X-Api-Secret".into(), API_SECRET.into()),
        ],
        request_body: format!(
            r#"{{"card":{{"cardNumber":"{CARD}","cvv":"123","cardholderName":"Wile Coyote{i}"}},"amount":2997}}"#
        ),
        status: Some(402),
        response_headers: vec![("Set-Cookie".into(), "session=abc".into())],
        response_body: r#"{"errorId":"833dfd83-52ae-419c-b871-9df1278da93e","errors":[{"code":"430330","message":"Not authorised","requestId":"24162"}]}"#.into(),
        response_body_size: None,
        verdict_kind: "declined_payment".into(),
        verdict_summary: "payment with status REJECTED".into(),
        errors_json: Some(r#"[{"code":"430330","message":"Not authorised","requestId":"24162"}]"#.into()),
        error_id: Some("833dfd83-52ae-419c-b871-9df1278da93e".into()),
        first_error_code: Some("430330".into()),
        elapsed_ms: Some(120),
        idempotence_key: Some(format!("idem-{i}")),
        transport_error: None,
        source: None,
    }
}

fn validation(i: usize) -> NewEntry {
    NewEntry {
        status: Some(400),
        url: format!("https://eu.sandbox.api-ingenico.com/v1/1234/hostedcheckouts/{i}"),
        response_body: r#"{"errorId":"0953f236-9e54-4f23-9556-d66bc757dda8","errors":[{"code":"21000120","propertyName":"cardPaymentMethodSpecificInput.card.expiryDate"}]}"#.into(),
        verdict_kind: "validation".into(),
        error_id: Some("0953f236-9e54-4f23-9556-d66bc757dda8".into()),
        first_error_code: Some("21000120".into()),
        errors_json: Some(r#"[{"code":"21000120"}]"#.into()),
        request_body: r#"{"order":{"customer":{"billingAddress":{"city":"Amsterdam"}}}}"#.into(),
        ..declined(i)
    }
}

fn open(path: &Path) -> History {
    History::open(path, HistorySettings::default()).expect("open")
}

fn ids(history: &History, filter: Option<&str>) -> Vec<i64> {
    let query = ListQuery {
        filter,
        limit: 1000,
        before_id: None,
    };
    history
        .list(&query)
        .expect("list")
        .iter()
        .map(|s| s.id)
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The database file and its WAL, as bytes on disk.
fn file_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).expect("db file");
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}

#[test]
fn secrets_never_reach_the_database_file() {
    let (_dir, path) = temp();
    let history = open(&path);
    let mut text_body = declined(1);
    text_body.response_body = format!("upstream said: card {CARD} refused");
    history.record(declined(0)).expect("record");
    history.record(text_body).expect("record");
    let secrets = [SIGNATURE, API_SECRET, CARD, "\"cvv\"", "session=abc"];
    // While open (the data is in the WAL) and after closing (checkpointed into the file).
    let open_bytes = file_bytes(&path);
    drop(history);
    let closed_bytes = file_bytes(&path);
    for secret in secrets {
        assert!(
            !contains(&open_bytes, secret),
            "{secret} in the open database"
        );
        assert!(
            !contains(&closed_bytes, secret),
            "{secret} in the closed database"
        );
    }
    // The redacted forms are there, so the test did look at the data.
    assert!(contains(&closed_bytes, "456735******7977"));
    assert!(contains(&closed_bytes, "GCS v1HMAC:key0:****"));
}

#[test]
fn recorded_entry_reads_back_redacted_with_every_field() {
    let (_dir, path) = temp();
    let history = open(&path);
    let sent = declined(5);
    let id = history
        .record(sent.clone())
        .expect("record")
        .expect("enabled");
    let entry = history.get(id).expect("get").expect("present");
    assert_eq!(entry.id, id);
    assert_eq!(entry.time_ms, sent.time_ms);
    assert_eq!(entry.url, sent.url);
    assert_eq!(
        entry.request_headers,
        vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            (
                "Authorization".to_owned(),
                "GCS v1HMAC:key5:****".to_owned()
            ),
            ("X-Api-Secret".to_owned(), "****".to_owned()),
        ]
    );
    assert_eq!(
        entry.request_body,
        r#"{"card":{"cardNumber":"456735******7977","cardholderName":"Wile Coyote5"},"amount":2997}"#
    );
    assert_eq!(
        entry.response_headers,
        vec![("Set-Cookie".to_owned(), "****".to_owned())]
    );
    assert_eq!(entry.response_body, sent.response_body);
    assert_eq!(entry.status, Some(402));
    assert_eq!(entry.errors_json, sent.errors_json);
    assert_eq!(entry.error_id, sent.error_id);
    assert_eq!(entry.first_error_code.as_deref(), Some("430330"));
    assert_eq!(entry.elapsed_ms, Some(120));
    assert_eq!(entry.idempotence_key.as_deref(), Some("idem-5"));
    assert_eq!(entry.response_body_truncated_from, None);
    assert_eq!(history.get(id + 1).expect("get"), None);
}

#[test]
fn transport_failure_is_stored_without_status() {
    let (_dir, path) = temp();
    let history = open(&path);
    let failed = NewEntry {
        status: None,
        response_headers: Vec::new(),
        response_body: String::new(),
        transport_error: Some("connection refused".into()),
        elapsed_ms: None,
        ..declined(1)
    };
    let id = history.record(failed).expect("record").expect("enabled");
    let entry = history.get(id).expect("get").expect("present");
    assert_eq!(entry.status, None);
    assert_eq!(entry.elapsed_ms, None);
    assert_eq!(entry.transport_error.as_deref(), Some("connection refused"));
    assert_eq!(ids(&history, Some("refused")), [id]);
}

#[test]
fn response_body_is_cut_at_the_cap_on_a_character_boundary() {
    let (_dir, path) = temp();
    let settings = HistorySettings {
        body_cap: 10,
        ..HistorySettings::default()
    };
    let history = History::open(&path, settings).expect("open");
    let mut entry = declined(1);
    entry.response_body = "123456789é and more".into(); // 'é' spans bytes 9..11
    let id = history.record(entry).expect("record").expect("enabled");
    let stored = history.get(id).expect("get").expect("present");
    // The whole entry shares the cap: the body keeps a prefix that ends on a character.
    assert!(
        stored.response_body.len() <= 10,
        "{:?}",
        stored.response_body
    );
    assert!("123456789é and more".starts_with(&stored.response_body));
    assert_eq!(stored.response_body_truncated_from, Some(20));
}

#[test]
fn list_is_newest_first_and_pages_by_before_id() {
    let (_dir, path) = temp();
    let history = open(&path);
    let all: Vec<i64> = (0..7)
        .map(|i| history.record(declined(i)).expect("record").expect("id"))
        .collect();
    let first = history
        .list(&ListQuery {
            filter: None,
            limit: 3,
            before_id: None,
        })
        .expect("list");
    let first_ids: Vec<i64> = first.iter().map(|s| s.id).collect();
    assert_eq!(first_ids, [all[6], all[5], all[4]]);
    let next = history
        .list(&ListQuery {
            filter: None,
            limit: 3,
            before_id: first_ids.last().copied(),
        })
        .expect("list");
    assert_eq!(
        next.iter().map(|s| s.id).collect::<Vec<_>>(),
        [all[3], all[2], all[1]]
    );
    assert!(
        history
            .list(&ListQuery {
                filter: None,
                limit: 0,
                before_id: None
            })
            .expect("list")
            .is_empty()
    );
    let row = &first[0];
    assert_eq!(
        (row.method.as_str(), row.status, row.verdict.as_str()),
        ("POST", Some(402), "declined_payment")
    );
    assert_eq!(row.first_error_code.as_deref(), Some("430330"));
    assert_eq!(row.env, "sandbox");
}

#[test]
fn filter_matches_path_status_code_error_id_and_body_words() {
    let (_dir, path) = temp();
    let history = open(&path);
    let d = history.record(declined(1)).expect("record").expect("id");
    let v = history.record(validation(2)).expect("record").expect("id");
    assert_eq!(ids(&history, Some("402")), [d]);
    assert_eq!(ids(&history, Some("400")), [v]);
    assert_eq!(ids(&history, Some("21000120")), [v]);
    assert_eq!(ids(&history, Some("2100")), [v], "word prefix");
    assert_eq!(ids(&history, Some("0953f236-9e54")), [v]);
    assert_eq!(ids(&history, Some("hostedcheckouts")), [v]);
    assert_eq!(ids(&history, Some("v1/1234/payments")), [d]);
    assert_eq!(ids(&history, Some("AMSTERDAM")), [v], "case-insensitive");
    assert_eq!(ids(&history, Some("coyote1")), [d]);
    assert_eq!(ids(&history, Some("POST 430330")), [d], "words are ANDed");
    assert_eq!(ids(&history, Some("sandbox")), [v, d]);
    assert!(ids(&history, Some("nothing-like-this")).is_empty());
}

#[test]
fn field_filters_match_their_field_only_and_combine_with_words() {
    let (_dir, path) = temp();
    let history = open(&path);
    let d = history.record(declined(1)).expect("record").expect("id");
    let v = history.record(validation(2)).expect("record").expect("id");
    let mut created = declined(3);
    created.status = Some(201);
    // A body that mentions 402 and 400 must not make it a 402 or a 400.
    created.response_body = r#"{"note":"400 402 21000120"}"#.into();
    created.errors_json = None;
    created.first_error_code = None;
    created.env = "prod".into();
    created.source = Some("replay of app.log:120".into());
    let c = history.record(created).expect("record").expect("id");
    let mut hook = validation(4);
    hook.env = crate::history::WEBHOOK_ENV.into();
    let w = history.record(hook).expect("record").expect("id");
    assert_eq!(ids(&history, Some("status:402")), [d]);
    assert_eq!(ids(&history, Some("status:201")), [c]);
    assert_eq!(ids(&history, Some("STATUS:4xx")), [w, v, d]);
    assert_eq!(ids(&history, Some("status:2xx")), [c]);
    assert_eq!(ids(&history, Some("code:21000120")), [w, v]);
    assert_eq!(ids(&history, Some("code:430330")), [d]);
    assert_eq!(ids(&history, Some("method:post path:payments")), [c, d]);
    assert_eq!(ids(&history, Some("path:HOSTEDCHECKOUTS")), [w, v]);
    assert_eq!(ids(&history, Some("env:PROD")), [c]);
    assert_eq!(ids(&history, Some("source:log")), [c]);
    assert_eq!(ids(&history, Some("source:webhook")), [w]);
    assert_eq!(ids(&history, Some("source:sent")), [v, d]);
    // Free words and fields together; a word that is no field is free text.
    assert_eq!(ids(&history, Some("status:4xx amsterdam")), [w, v]);
    assert_eq!(ids(&history, Some("https://eu.sandbox")), [w, c, v, d]);
    for bad in ["status:abc", "status:", "source:mars"] {
        let query = ListQuery {
            filter: Some(bad),
            limit: 10,
            before_id: None,
        };
        let err = history.list(&query).expect_err(bad).to_string();
        assert!(err.starts_with("filter: "), "{err}");
    }
    // Pages are cut after the fields: a page of one, then the next.
    let page = |before| {
        let query = ListQuery {
            filter: Some("status:4xx"),
            limit: 1,
            before_id: before,
        };
        history
            .list(&query)
            .expect("list")
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(page(None), [w]);
    assert_eq!(page(Some(w)), [v]);
    assert_eq!(page(Some(d)), Vec::<i64>::new());
}

#[test]
fn redacted_secrets_cannot_be_found_by_the_filter() {
    let (_dir, path) = temp();
    let history = open(&path);
    history.record(declined(1)).expect("record");
    assert!(ids(&history, Some(CARD)).is_empty());
    assert!(ids(&history, Some("SIGNATURESECRET")).is_empty());
    assert_eq!(ids(&history, Some("456735")).len(), 1);
}

#[test]
fn filter_text_with_fts_syntax_is_taken_literally() {
    let (_dir, path) = temp();
    let history = open(&path);
    let id = history.record(declined(1)).expect("record").expect("id");
    for odd in [
        "\"",
        "*",
        "NEAR(",
        "a OR",
        "-x",
        "^",
        "(",
        "payments\")",
        "é",
        "\u{301}",
        "{}:",
    ] {
        history
            .list(&ListQuery {
                filter: Some(odd),
                limit: 5,
                before_id: None,
            })
            .expect(odd);
    }
    assert_eq!(ids(&history, Some(" ** ")), [id], "no words: no filter");
}

#[test]
fn filter_pages_by_before_id_too() {
    let (_dir, path) = temp();
    let history = open(&path);
    let all: Vec<i64> = (0..5)
        .map(|i| history.record(validation(i)).expect("record").expect("id"))
        .collect();
    let page = history
        .list(&ListQuery {
            filter: Some("21000120"),
            limit: 2,
            before_id: Some(all[3]),
        })
        .expect("list");
    assert_eq!(
        page.iter().map(|s| s.id).collect::<Vec<_>>(),
        [all[2], all[1]]
    );
}

#[test]
fn delete_removes_the_entry_and_its_search_words() {
    let (_dir, path) = temp();
    let history = open(&path);
    let a = history.record(validation(1)).expect("record").expect("id");
    let b = history.record(validation(2)).expect("record").expect("id");
    assert!(history.delete(a).expect("delete"));
    assert!(!history.delete(a).expect("delete again"));
    assert_eq!(history.get(a).expect("get"), None);
    assert_eq!(ids(&history, Some("21000120")), [b]);
    assert_eq!(history.count().expect("count"), 1);
}

#[test]
fn ids_are_never_reused_after_deleting_the_newest() {
    let (_dir, path) = temp();
    let history = open(&path);
    let a = history.record(declined(1)).expect("record").expect("id");
    history.delete(a).expect("delete");
    let b = history.record(declined(2)).expect("record").expect("id");
    assert!(b > a);
}

#[test]
fn prune_by_age_and_count_reports_what_it_removed() {
    let (_dir, path) = temp();
    let unlimited = HistorySettings {
        max_entries: None,
        max_age: None,
        ..HistorySettings::default()
    };
    let history = History::open(&path, unlimited).expect("open");
    let day = 86_400_000;
    for age_days in [10, 5, 3, 1, 0] {
        let entry = NewEntry {
            time_ms: now_ms() - age_days * day,
            ..declined(age_days as usize)
        };
        history.record(entry).expect("record");
    }
    let removed = history
        .prune(Some(Duration::from_secs(4 * 86_400)), None)
        .expect("prune");
    assert_eq!(removed, 2);
    let removed = history.prune(None, Some(1)).expect("prune");
    assert_eq!(removed, 2);
    assert_eq!(history.count().expect("count"), 1);
    let newest = history
        .list(&ListQuery {
            filter: None,
            limit: 5,
            before_id: None,
        })
        .expect("list");
    assert_eq!(newest[0].url, declined(0).url);
    assert!(
        ids(&history, Some("coyote3")).is_empty(),
        "pruned entries leave the index too"
    );
    assert_eq!(history.prune(None, Some(0)).expect("prune"), 1);
}

#[test]
fn recording_keeps_the_settings_limits() {
    let (_dir, path) = temp();
    let settings = HistorySettings {
        max_entries: Some(3),
        ..HistorySettings::default()
    };
    let history = History::open(&path, settings).expect("open");
    let old = NewEntry {
        time_ms: now_ms() - 200 * 86_400_000,
        ..declined(99)
    };
    history.record(old).expect("record");
    assert_eq!(
        history.count().expect("count"),
        0,
        "older than max age: pruned at once"
    );
    for i in 0..5 {
        history.record(declined(i)).expect("record");
    }
    assert_eq!(history.count().expect("count"), 3);
}

#[test]
fn opening_prunes_by_the_settings() {
    let (_dir, path) = temp();
    let history = History::open(
        &path,
        HistorySettings {
            max_entries: None,
            ..HistorySettings::default()
        },
    )
    .expect("open");
    history.record_batch((0..4).map(declined)).expect("batch");
    drop(history);
    let history = History::open(
        &path,
        HistorySettings {
            max_entries: Some(2),
            ..HistorySettings::default()
        },
    )
    .expect("open");
    assert_eq!(history.count().expect("count"), 2);
}

#[test]
fn disabled_history_records_nothing_but_still_browses() {
    let (_dir, path) = temp();
    open(&path).record(declined(1)).expect("record");
    let off = History::open(
        &path,
        HistorySettings {
            enabled: false,
            ..HistorySettings::default()
        },
    )
    .expect("open");
    assert_eq!(off.record(declined(2)).expect("record"), None);
    assert!(off.record_batch([declined(3)]).expect("batch").is_empty());
    assert_eq!(off.count().expect("count"), 1);
}

#[test]
fn record_batch_returns_ids_in_order() {
    let (_dir, path) = temp();
    let history = open(&path);
    let ids_batch = history.record_batch((0..3).map(declined)).expect("batch");
    assert_eq!(ids_batch.len(), 3);
    assert!(ids_batch.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(history.count().expect("count"), 3);
}

#[test]
fn reopening_keeps_entries_and_the_schema_version() {
    let (_dir, path) = temp();
    let id = open(&path)
        .record(declined(1))
        .expect("record")
        .expect("id");
    let history = open(&path);
    assert!(history.get(id).expect("get").is_some());
    drop(history);
    let raw = rusqlite::Connection::open(&path).expect("raw");
    let version: i64 = raw
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("mode");
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(mode, "wal");
}

#[cfg(unix)]
#[test]
fn new_directory_is_0700_and_files_are_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("cinspect");
    let path = config.join("history.sqlite3");
    let history = open(&path);
    history.record(declined(1)).expect("record");
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&config), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    assert_eq!(mode(&wal), 0o600, "SQLite copies the database file's mode");
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    drop(open(&path));
    {
        let raw = rusqlite::Connection::open(&path).expect("raw");
        raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump");
    }
    let before = std::fs::read(&path).expect("bytes");
    let err = History::open(&path, HistorySettings::default()).expect_err("newer");
    match &err {
        HistoryError::NewerSchema {
            path: p,
            found,
            supported,
        } => {
            assert_eq!(
                (p, *found, *supported),
                (&path, SCHEMA_VERSION + 1, SCHEMA_VERSION)
            );
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("upgrade cinspect"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).expect("bytes"), before);
}

#[test]
fn garbage_file_is_refused_as_corrupt_and_left_untouched() {
    let (_dir, path) = temp();
    let garbage: Vec<u8> = (0..16_384u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).expect("write");
    let err = History::open(&path, HistorySettings::default()).expect_err("garbage");
    assert!(matches!(err, HistoryError::Corrupt { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("move it aside"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).expect("still there"), garbage);
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    {
        let raw = rusqlite::Connection::open(&path).expect("raw");
        raw.execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');")
            .expect("foreign");
    }
    let before = std::fs::read(&path).expect("bytes");
    let err = History::open(&path, HistorySettings::default()).expect_err("foreign");
    assert!(
        matches!(&err, HistoryError::Corrupt { reason, .. } if reason.contains("not cinspect's")),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&path).expect("bytes"), before);
}

#[test]
fn damaged_headers_in_a_row_are_reported_as_corrupt() {
    let (_dir, path) = temp();
    let history = open(&path);
    let id = history.record(declined(1)).expect("record").expect("id");
    {
        let raw = rusqlite::Connection::open(&path).expect("raw");
        raw.execute(
            "UPDATE entries SET request_headers = 'nope' WHERE id = ?1",
            [id],
        )
        .expect("damage");
    }
    let err = history.get(id).expect_err("damaged");
    assert!(
        matches!(&err, HistoryError::Corrupt { reason, .. } if reason.contains(&format!("entry {id}"))),
        "{err:?}"
    );
}

#[test]
fn one_history_is_shared_by_threads() {
    let (_dir, path) = temp();
    let history = Arc::new(open(&path));
    let workers: Vec<_> = (0..4)
        .map(|t| {
            let history = Arc::clone(&history);
            std::thread::spawn(move || {
                for i in 0..25 {
                    history.record(declined(t * 100 + i)).expect("record");
                    history
                        .list(&ListQuery {
                            filter: Some("402"),
                            limit: 10,
                            before_id: None,
                        })
                        .expect("list");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("thread");
    }
    assert_eq!(history.count().expect("count"), 100);
}

#[test]
fn a_read_only_history_is_browsed_and_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp();
    let id = {
        let history = open(&path);
        history
            .record(declined(1))
            .expect("record")
            .expect("enabled")
    };
    // Checkpointed and closed: only the database file is left.
    for extra in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{extra}", path.display()));
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let before = std::fs::read(&path).expect("read");
    let history = open(&path);
    assert!(history.is_read_only());
    assert_eq!(ids(&history, None), [id]);
    assert!(history.get(id).expect("get").is_some());
    let refused = history.record(declined(2)).expect_err("refused");
    assert!(refused.to_string().contains("read-only"), "{refused}");
    assert!(history.delete(id).is_err());
    drop(history);
    assert_eq!(std::fs::read(&path).expect("read"), before, "never written");
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside.len(),
        1,
        "no -wal or -shm files were made: {beside:?}"
    );
}

#[test]
fn webhooks_received_are_capped_apart_and_never_push_out_exchanges() {
    let (_dir, path) = temp();
    let settings = HistorySettings {
        max_entries: Some(5),
        max_webhook_entries: Some(3),
        ..HistorySettings::default()
    };
    let history = History::open(&path, settings).expect("open");
    history.record_batch((0..2).map(declined)).expect("batch");
    let webhook = |i: usize| NewEntry {
        env: super::WEBHOOK_ENV.into(),
        url: format!("/hooks/{i}"),
        verdict_kind: "webhook_unknown_key_id".into(),
        ..declined(100 + i)
    };
    // A flood of unsigned events, one by one and in batches, as the receiver records them.
    for i in 0..10 {
        history.record(webhook(i)).expect("record");
    }
    history.record_batch((10..30).map(webhook)).expect("batch");
    let all = history
        .list(&ListQuery {
            limit: 100,
            ..ListQuery::default()
        })
        .expect("list");
    let (hooks, exchanges): (Vec<_>, Vec<_>) = all.iter().partition(|s| s.env == "webhook");
    assert_eq!(exchanges.len(), 2, "the exchanges stay: {all:?}");
    let urls: Vec<&str> = hooks.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        urls,
        ["/hooks/29", "/hooks/28", "/hooks/27"],
        "the newest webhooks"
    );
    // Exchanges still have their own cap.
    history.record_batch((2..10).map(declined)).expect("batch");
    assert_eq!(history.count().expect("count"), 5 + 3);
}
