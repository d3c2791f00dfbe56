//! `sources::sdk_log` throughput on a generated 100 MB application log:
//! ~10 000 SDK exchanges (the Python SDK's, through Python logging, five
//! kinds of call, bodies pretty-printed) among ~550 000 ordinary application
//! lines. The target is 1 GB / 100 000 exchanges in ≤ 2 s (500 MB/s).

use std::hint::black_box;
use std::path::Path;

use connect_inspector::sources::sdk_log::{self, Options};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const TARGET_BYTES: usize = 100 * 1000 * 1000;
/// Ordinary lines between two copies of the fixture's five exchanges.
const APP_LINES_PER_COPY: usize = 270;

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

/// The fixture's log with every requestId made unique for copy `k`.
fn copy(template: &str, ids: &[String], k: usize) -> String {
    let mut out = template.to_string();
    for id in ids {
        let fresh = format!("{k:08x}{}", &id[8..]);
        out = out.replace(id.as_str(), &fresh);
    }
    out
}

fn generate() -> (Vec<u8>, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sdk-logs/python3-6.3.0-logging.log");
    let template = std::fs::read_to_string(&path).expect("fixture");
    let ids: Vec<String> = template
        .match_indices("(requestId='")
        .map(|(i, m)| template[i + m.len()..i + m.len() + 36].to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut log = String::with_capacity(TARGET_BYTES + 100_000);
    let mut k = 0;
    let mut n = 0usize;
    while log.len() < TARGET_BYTES {
        for _ in 0..APP_LINES_PER_COPY {
            let second = n % 60;
            log.push_str(&format!(
                "2026-12-02 00:{:02}:{second:02},{:03} {}\n",
                n / 60 % 60,
                n % 1000,
                APP_LINES[n % APP_LINES.len()]
            ));
            n += 1;
        }
        log.push_str(&copy(&template, &ids, k));
        k += 1;
    }
    (log.into_bytes(), k * ids.len())
}

fn bench(c: &mut Criterion) {
    let (log, exchanges) = generate();
    let counted = sdk_log::read(log.as_slice(), Options::default()).count();
    assert_eq!(counted, exchanges);
    eprintln!(
        "sdk_log: {:.1} MB, {exchanges} exchanges, {} lines",
        log.len() as f64 / 1e6,
        log.iter().filter(|b| **b == b'\n').count()
    );
    let mut group = c.benchmark_group("sdk_log");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("read 100 MB, 10 000 exchanges", |b| {
        b.iter(|| black_box(sdk_log::read(log.as_slice(), Options::default()).count()))
    });
    let plain: Vec<u8> = log
        .split(|b| *b == b'\n')
        .filter(|l| !l.windows(8).any(|w| w == b"request " || w == b"response"))
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .take(50_000_000)
        .collect();
    group.throughput(Throughput::Bytes(plain.len() as u64));
    group.bench_function("read 50 MB of ordinary lines", |b| {
        b.iter(|| black_box(sdk_log::read(plain.as_slice(), Options::default()).count()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
