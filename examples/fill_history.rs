//! Fills a history database with N realistic entries (400 validation errors,
//! 402 declines, 201 creations), for measuring cinspect's cold start with a
//! big history: `scripts/cold-start.sh` uses it.
//!
//!   cargo run --release --example fill_history -- DIR [N]

use std::path::PathBuf;

use connect_inspector::history::{History, HistorySettings, NewEntry};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: fill_history DIR [N]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let settings = HistorySettings {
        max_entries: None,
        max_age: None,
        ..HistorySettings::default()
    };
    let history = match History::open(&dir.join("history.sqlite3"), settings) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("fill_history: {e}");
            std::process::exit(1);
        }
    };
    let now = connect_inspector::pipeline::record::now_ms();
    let names = [
        "400-invalid-request.json",
        "402-declined-payment.json",
        "201-create-payment.json",
    ];
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bodies: Vec<String> = names
        .iter()
        .map(|f| std::fs::read_to_string(fixtures.join(f)).unwrap_or_default())
        .collect();
    let request =
        std::fs::read_to_string(fixtures.join("create-payment-request.json")).unwrap_or_default();
    let entries = (0..n).map(|i| {
        let kind = i % 3;
        NewEntry {
            time_ms: now - (n - i) as i64 * 1000,
            env: "sandbox".into(),
            method: "POST".into(),
            url: format!("https://eu.sandbox.api-ingenico.com/v1/1234/payments?n={i}"),
            request_body: request.clone(),
            status: Some([400, 402, 201][kind]),
            response_headers: vec![("Content-Type".into(), "application/json".into())],
            response_body: bodies[kind].clone(),
            verdict_kind: ["validation", "declined_payment", "success"][kind].into(),
            verdict_summary: "filled by examples/fill_history".into(),
            first_error_code: [
                Some("21000120".to_string()),
                Some("430330".to_string()),
                None,
            ][kind]
                .clone(),
            elapsed_ms: Some(120),
            ..NewEntry::default()
        }
    });
    match history.record_batch(entries) {
        Ok(ids) => println!("recorded {} entries in {}", ids.len(), dir.display()),
        Err(e) => {
            eprintln!("fill_history: {e}");
            std::process::exit(1);
        }
    }
}
