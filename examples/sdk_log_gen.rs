//! Writes a big Java-SDK (SysOut logger) application log for the memory
//! figures of `scripts/log-memory.sh`:
//!
//! - `unanswered COUNT FILE [KB]`: one request that is never answered, then
//!   COUNT exchanges with KB-kilobyte request bodies (default 160: what a
//!   waiting request held back); `answered …`: the same without that request;
//! - `many COUNT FILE`: COUNT small exchanges (a GET and its 404, about 390
//!   bytes each), what the TUI's log browser lists.
//!
//! Run: `cargo run --release --example sdk_log_gen -- many 1000000 /tmp/many.log`.

use std::io::{BufWriter, Write};

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
        eprintln!("usage: sdk_log_gen unanswered|answered|many COUNT FILE [KB]");
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
