//! Writes a big Java-SDK (SysOut logger) application log for the memory
//! figures of `scripts/log-memory.sh`:
//!
//! - `unanswered COUNT FILE [KB]`: one request that is never answered, then
//!   COUNT exchanges with KB-kilobyte request bodies (default 160: what a
//!   waiting request held back); `answered …`: the same without that request;
//! - `many COUNT FILE`: COUNT small exchanges (a GET and its 404, about 390
//!   bytes each), what the TUI's log browser lists;
//! - `python BYTES FILE`: a Python-SDK application log of about BYTES bytes
//!   (`scripts/log-speed.sh`): copies of the fixture
//!   `python3-6.3.0-logging.log` (five calls, every requestId made unique per
//!   copy) among ordinary application lines, as `benches/sdk_log.rs` builds
//!   its log but with more ordinary lines per copy (about 67 000 exchanges a
//!   gigabyte, the mix of issue #28's production log).
//!
//! Run: `cargo run --release --example sdk_log_gen -- many 1000000 /tmp/many.log`.

use std::io::{BufWriter, Write};

/// Ordinary lines between two copies of the fixture's five exchanges.
const APP_LINES_PER_COPY: usize = 530;

const APP_LINES: &[&str] = &[
    "INFO django.server: \"GET /static/css/site.css HTTP/1.1\" 200 18342",
    "INFO shop.checkout.views: Checkout started for basket 8812 (customer 1234)",
    "WARNING django.request: Not Found: /favicon.ico",
    "INFO shop.orders.tasks: Order 55120 moved to state SHIPPED by worker celery@vm-3",
    "DEBUG urllib3.connectionpool: Starting new HTTPS connection (1): cdn.example.com:443",
    "INFO shop.catalog.cache: Cache miss for product 7730, loading from database in 4 ms",
    "ERROR shop.mail: SMTP timeout after 30 s sending order confirmation 55121, will retry",
    "INFO gunicorn.access: 10.0.3.7 - - \"POST /api/cart/add HTTP/1.1\" 201 412 \"-\" \"Mozilla/5.0\"",
];

/// The Python fixture among ordinary lines until `bytes` are written;
/// returns the number of exchanges.
fn python(out: &mut impl Write, bytes: u64) -> std::io::Result<u64> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sdk-logs/python3-6.3.0-logging.log");
    let template = std::fs::read_to_string(path)?;
    let marker = "(requestId='";
    let ids: std::collections::BTreeSet<&str> = template
        .match_indices(marker)
        .filter_map(|(i, m)| template.get(i + m.len()..i + m.len() + 36))
        .collect();
    let (mut written, mut copies, mut n) = (0u64, 0u64, 0usize);
    while written < bytes {
        for _ in 0..APP_LINES_PER_COPY {
            let line = format!(
                "2026-12-02 00:{:02}:{:02},{:03} {}\n",
                n / 60 % 60,
                n % 60,
                n % 1000,
                APP_LINES[n % APP_LINES.len()]
            );
            out.write_all(line.as_bytes())?;
            written += line.len() as u64;
            n += 1;
        }
        let mut copy = template.clone();
        for id in &ids {
            copy = copy.replace(id, &format!("{copies:08x}{}", &id[8..]));
        }
        out.write_all(copy.as_bytes())?;
        written += copy.len() as u64;
        copies += 1;
    }
    Ok(copies * ids.len() as u64)
}

fn request(out: &mut impl Write, id: &str, body: Option<&str>) -> std::io::Result<()> {
    let (method, uri) = match body {
        Some(_) => ("POST", "/v1/1234/payments".to_string()),
        None => ("GET", format!("/v1/1234/payments/{id}")),
    };
    writeln!(
        out,
        "2026-12-02T00:28:38 Outgoing request (requestId='{id}'):\n  method:       '{method}'\n  uri:          '{uri}'\n  headers:      'Authorization=\"********\"'"
    )?;
    if let Some(body) = body {
        writeln!(
            out,
            "  content-type: 'application/json'\n  body:         '{body}'"
        )?;
    }
    Ok(())
}

fn response(out: &mut impl Write, id: &str, status: u16) -> std::io::Result<()> {
    writeln!(
        out,
        "2026-12-02T00:28:38 Incoming response (requestId='{id}', 7 ms):\n  status-code:  '{status}'\n  headers:      'content-type=\"application/json\"'\n  content-type: 'application/json'\n  body:         '{{\"errorId\":\"e1\",\"errors\":[{{\"code\":\"1002\",\"propertyName\":\"paymentId\"}}]}}'"
    )
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(count), Some(path)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!(
            "usage: sdk_log_gen unanswered|answered|many COUNT FILE [KB] | python BYTES FILE"
        );
        std::process::exit(2);
    };
    let count: u64 = count.parse().unwrap_or(0);
    let kb: usize = args.get(4).and_then(|k| k.parse().ok()).unwrap_or(160);
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let id = |i: u64| format!("{i:08x}-0000-4000-8000-000000000000");
    match mode.as_str() {
        "unanswered" | "answered" => {
            let body = format!(
                "{{\"order\":{{\"amountOfMoney\":{{\"amount\":2980,\"currencyCode\":\"EUR\"}},\"references\":{{\"descriptor\":\"{}\"}}}}}}",
                "x".repeat(kb * 1000)
            );
            if mode == "unanswered" {
                request(&mut out, "never-answered", Some(&body))?;
            }
            for i in 0..count {
                request(&mut out, &id(i), Some(&body))?;
                response(&mut out, &id(i), 400)?;
            }
        }
        "python" => {
            let exchanges = python(&mut out, count)?;
            eprintln!("{exchanges} exchanges");
        }
        "many" => {
            for i in 0..count {
                request(&mut out, &id(i), None)?;
                response(&mut out, &id(i), 404)?;
            }
        }
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    }
    out.flush()
}
