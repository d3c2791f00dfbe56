//! A load client for `scripts/sim-speed.sh`: signed create-payment requests (v1HMAC, the demo
//! key, signed with the crate's own signing) over C keep-alive HTTP/1.1 connections on loopback;
//! prints creates per second and latency percentiles.
//!
//!   cargo run --release --example sim_speed -- http://127.0.0.1:PORT COUNT [CONNECTIONS]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

use connect_inspector::connect::sign::{self, QueryMode, SignInput};
use connect_inspector::sim::{DEMO_API_KEY_ID, DEMO_MERCHANT_ID, DEMO_SECRET};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BODY: &str = r#"{"cardPaymentMethodSpecificInput":{"card":{"cvv":"123","cardNumber":"4567350000427977","expiryDate":"1230"},"paymentProductId":1},"order":{"amountOfMoney":{"amount":2345,"currencyCode":"CAD"},"customer":{"billingAddress":{"countryCode":"CA"}}}}"#;

/// One signed request, as bytes on the wire.
fn request(host: &str, path: &str) -> Vec<u8> {
    let date = sign::rfc1123(SystemTime::now());
    let content_type = "application/json";
    let to_sign = sign::string_to_sign(&SignInput {
        method: "POST",
        content_type: Some(content_type),
        date: &date,
        headers: &[],
        path,
        query: None,
        query_mode: QueryMode::Decoded,
    });
    let authorization =
        sign::authorization_value(DEMO_API_KEY_ID, &sign::signature(DEMO_SECRET, &to_sign));
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nDate: {date}\r\nAuthorization: {authorization}\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    )
    .into_bytes()
}

/// Reads one response; its status.
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<u16> {
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let status: u16 = head
                .get(9..12)
                .and_then(|s| s.parse().ok())
                .unwrap_or_default();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_default();
            let total = end + 4 + length;
            while buffer.len() < total {
                read_more(stream, buffer).await?;
            }
            buffer.drain(..total);
            return Ok(status);
        }
        read_more(stream, buffer).await?;
    }
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    buffer.extend_from_slice(&chunk[..n]);
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: sim_speed http://HOST:PORT COUNT [CONNECTIONS]";
    let url = args.get(1).ok_or(usage)?;
    let count: u64 = args.get(2).ok_or(usage)?.parse()?;
    let connections: u64 = args.get(3).map_or(Ok(32), |c| c.parse())?;
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let path = format!("/v1/{DEMO_MERCHANT_ID}/payments");
    let next = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (host, path, next, failed) = (
            host.clone(),
            path.clone(),
            Arc::clone(&next),
            Arc::clone(&failed),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies: Vec<u32> = Vec::new();
            let mut stream = TcpStream::connect(&host).await?;
            stream.set_nodelay(true)?;
            let mut buffer = Vec::with_capacity(16 * 1024);
            while next.fetch_add(1, Ordering::Relaxed) < count {
                let sent = Instant::now();
                stream.write_all(&request(&host, &path)).await?;
                let status = read_response(&mut stream, &mut buffer).await?;
                latencies.push(u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX));
                if status != 201 {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok::<_, std::io::Error>(latencies)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "creates: {}  connections: {connections}  seconds: {elapsed:.2}  creates/s: {:.0}  p50: {:.2} ms  p99: {:.2} ms  max: {:.2} ms  not 201: {}",
        all.len(),
        all.len() as f64 / elapsed,
        f64::from(at(0.50)) / 1000.0,
        f64::from(at(0.99)) / 1000.0,
        f64::from(all.last().copied().unwrap_or_default()) / 1000.0,
        failed.load(Ordering::Relaxed),
    );
    Ok(())
}
