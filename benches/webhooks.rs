//! Webhooks: the issue asks that thousands of events a second neither block
//! the UI nor lose a count. Measured here: one verdict on the SDKs' 765-byte
//! vector body (valid, and a mismatch with its diagnoses), the receiver taking
//! 2 000 signed events over loopback (32 keep-alive connections, each event
//! verified, answered and queued for the viewer), and the TUI's inbox taking
//! 2 000 arrivals under a filter (the oldest let go past 1 000) and a new filter.

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use connect_inspector::app::WebhookInbox;
use connect_inspector::app::keymap::Command;
use connect_inspector::config::{Secret, SecretSource};
use connect_inspector::connect::webhook::{self, KEY_ID_HEADER, SIGNATURE_HEADER};
use connect_inspector::webhooks::{self, Received, ReceiverConfig};
use criterion::{Criterion, criterion_group, criterion_main};

const SECRET: &str = "hello+world";
const KEY_ID: &str = "dummy-key-id";
const EVENTS: usize = 2_000;
const CONNECTIONS: usize = 32;

fn body() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/webhooks/payment-paid.body");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn verdicts(c: &mut Criterion) {
    let body = body();
    let keys = vec![(KEY_ID.to_string(), SECRET.to_string())];
    let good = vec![
        (KEY_ID_HEADER.to_string(), KEY_ID.to_string()),
        (SIGNATURE_HEADER.to_string(), webhook::sign(SECRET, &body)),
    ];
    let bad = vec![
        (KEY_ID_HEADER.to_string(), KEY_ID.to_string()),
        (SIGNATURE_HEADER.to_string(), webhook::sign("other", &body)),
    ];
    let mut group = c.benchmark_group("webhook verdict (765 B)");
    group.bench_function("valid", |b| {
        b.iter(|| webhook::verify(black_box(&good), black_box(&body), &keys))
    });
    group.bench_function("mismatch, diagnosed", |b| {
        b.iter(|| webhook::verify(black_box(&bad), black_box(&body), &keys))
    });
    group.finish();
}

/// Sends `EVENTS` signed events and waits until the viewer's queue has them all.
async fn flood(addr: SocketAddr, events: &mut webhooks::EventQueue) -> Duration {
    let body = body();
    let signature = webhook::sign(SECRET, &body);
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut senders = tokio::task::JoinSet::new();
    for _ in 0..CONNECTIONS {
        let (client, body, signature) = (client.clone(), body.clone(), signature.clone());
        senders.spawn(async move {
            for _ in 0..EVENTS / CONNECTIONS {
                let answer = client
                    .post(format!("http://{addr}/webhooks"))
                    .header(KEY_ID_HEADER, KEY_ID)
                    .header(SIGNATURE_HEADER, &signature)
                    .body(body.clone())
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await
                    .expect("answered");
                assert_eq!(answer.status().as_u16(), 200);
            }
        });
    }
    let mut taken = 0;
    while taken < (EVENTS / CONNECTIONS) * CONNECTIONS {
        tokio::time::timeout(Duration::from_secs(30), events.recv())
            .await
            .expect("events in time")
            .expect("the receiver runs");
        taken += 1;
    }
    while senders.join_next().await.is_some() {}
    started.elapsed()
}

fn receiver(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut receiver = runtime.block_on(async {
        let listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
        webhooks::start(
            listener,
            ReceiverConfig {
                keys: vec![(KEY_ID.to_string(), SecretSource::Value(Secret::new(SECRET)))],
                ..ReceiverConfig::default()
            },
        )
        .expect("started")
    });
    let addr = receiver.address;
    let mut group = c.benchmark_group("webhook receiver");
    group.sample_size(10);
    group.bench_function("2000 signed events over 32 connections", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                total += runtime.block_on(flood(addr, &mut receiver.events));
            }
            total
        })
    });
    group.finish();
    let per_second = {
        let took = runtime.block_on(flood(addr, &mut receiver.events));
        EVENTS as f64 / took.as_secs_f64()
    };
    println!("receiver: {per_second:.0} events/s (one more run, for the README)");
}

fn inbox(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    // Real `Received` values, from the receiver itself.
    let samples: Vec<Arc<Received>> = runtime.block_on(async {
        let listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
        let mut receiver = webhooks::start(listener, ReceiverConfig::default()).expect("started");
        let addr = receiver.address;
        let body = body();
        let client = reqwest::Client::new();
        let mut out = Vec::new();
        for _ in 0..10 {
            client
                .post(format!("http://{addr}/webhooks"))
                .body(body.clone())
                .send()
                .await
                .expect("answered");
            out.push(Arc::new(receiver.events.recv().await.expect("an event")));
        }
        out
    });
    // A filter typed while a flood arrives: each arrival is matched once,
    // then the list is full (1000) and every arrival lets the oldest go.
    c.bench_function(
        "inbox: 2000 arrivals under a filter, then a new filter",
        |b| {
            b.iter(|| {
                let mut inbox = WebhookInbox::default();
                inbox.paste("payment.paid");
                for i in 0..2000 {
                    inbox.arrived(Arc::clone(&samples[i % samples.len()]), true);
                }
                inbox.paste(" failed");
                inbox.update(Command::Bottom, 20);
                black_box(inbox.matching().len())
            })
        },
    );
}

criterion_group!(benches, verdicts, receiver, inbox);
criterion_main!(benches);
