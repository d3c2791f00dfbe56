//! The webhook receiver on a loopback port, as `webhooks listen` and the TUI
//! use it: hostile senders (a body over the cap, a sender that stalls, a
//! chunked body, bytes that are not UTF-8 or not JSON) are answered and shown
//! with what was wrong, the receiver stays up, and every request is recorded
//! to history, tagged and redacted.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use connect_inspector::config::{Secret, SecretSource};
use connect_inspector::connect::webhook::{self, KEY_ID_HEADER, SIGNATURE_HEADER};
use connect_inspector::history::{History, ListQuery};
use connect_inspector::webhooks::{
    self, MAX_EVENT_BYTES, Received, ReceivedKind, Receiver, ReceiverConfig,
};

const SECRET: &str = "receiver-test-secret-never-stored";

fn config(history: Option<Arc<History>>) -> ReceiverConfig {
    ReceiverConfig {
        keys: vec![("k1".into(), SecretSource::Value(Secret::new(SECRET)))],
        history,
        body_timeout: Duration::from_millis(400),
        ..ReceiverConfig::default()
    }
}

fn start(history: Option<Arc<History>>) -> Receiver {
    let listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
    webhooks::start(listener, config(history)).expect("started")
}

async fn next(receiver: &mut Receiver) -> Received {
    tokio::time::timeout(Duration::from_secs(30), receiver.events.recv())
        .await
        .expect("an event in time")
        .expect("the receiver runs")
}

/// Writes `head` and `body` on a raw connection (off the async threads) and
/// returns the status line of the answer.
async fn raw(addr: SocketAddr, head: String, body: Vec<u8>, pause: Duration) -> String {
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        stream.write_all(head.as_bytes()).expect("head");
        // The receiver may answer and close before all of it is written.
        let _ = stream.write_all(&body);
        std::thread::sleep(pause);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    })
    .await
    .expect("the client thread")
}

fn signed_head(len: usize, signature: &str, extra: &str) -> String {
    format!(
        "POST /webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{KEY_ID_HEADER}: k1\r\n{SIGNATURE_HEADER}: {signature}\r\nContent-Length: {len}\r\n{extra}Connection: close\r\n\r\n"
    )
}

/// A receiver forwarding to an app that never answers: its connections wait
/// in the kernel's queue, never accepted. Keep the listener alive meanwhile.
fn forwarding_to_a_silent_app(timeout: Duration) -> (Receiver, std::net::TcpListener) {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bound");
    let target = format!("http://{}/hooks", silent.local_addr().expect("addr"));
    let listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
    let receiver = webhooks::start(
        listener,
        ReceiverConfig {
            forward: Some(target),
            forward_timeout: timeout,
            ..config(None)
        },
    )
    .expect("started");
    (receiver, silent)
}

fn refusal(r: &Received) -> String {
    match &r.kind {
        ReceivedKind::Refused { reason } => reason.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_413_and_the_receiver_stays_up() {
    let mut receiver = start(None);
    let addr = receiver.address;
    let body = vec![b'x'; MAX_EVENT_BYTES + 1];
    let status = raw(
        addr,
        signed_head(body.len(), "sig", ""),
        body,
        Duration::ZERO,
    )
    .await;
    assert!(status.contains(" 413"), "{status}");
    let r = next(&mut receiver).await;
    assert_eq!(r.answered, 413);
    assert!(refusal(&r).contains("bigger than 4 MiB"), "{}", refusal(&r));
    assert!(r.body.is_empty(), "nothing of it is kept");

    // Still answering, and verdicts still right.
    let body = br#"{"apiVersion":"v1","id":"e1","type":"payment.paid"}"#.to_vec();
    let sig = webhook::sign(SECRET, &body);
    let status = raw(
        addr,
        signed_head(body.len(), &sig, ""),
        body,
        Duration::ZERO,
    )
    .await;
    assert!(status.contains(" 200"), "{status}");
    let r = next(&mut receiver).await;
    assert!(matches!(&r.kind, ReceivedKind::Event { verdict, .. } if verdict.is_valid()));
}

#[tokio::test]
async fn a_sender_that_stalls_is_refused_408_with_what_came() {
    let mut receiver = start(None);
    let addr = receiver.address;
    // Says 100 bytes, sends 10, then waits past the body timeout.
    let status = raw(
        addr,
        signed_head(100, "sig", ""),
        b"{\"id\":\"e1".to_vec(),
        Duration::from_millis(1_500),
    )
    .await;
    assert!(status.contains(" 408"), "{status}");
    let r = next(&mut receiver).await;
    assert_eq!(r.answered, 408);
    let reason = refusal(&r);
    assert!(reason.contains("did not arrive within 0.4 s"), "{reason}");
    assert!(reason.contains("9 bytes came"), "{reason}");
}

#[tokio::test]
async fn chunked_invalid_utf8_and_non_json_bodies_get_correct_verdicts() {
    let mut receiver = start(None);
    let addr = receiver.address;

    // Chunked: the signature is over the bytes as reassembled.
    let body = br#"{"apiVersion":"v1","id":"e2","type":"payment.created"}"#;
    let sig = webhook::sign(SECRET, body);
    let (a, b) = body.split_at(20);
    let chunked = [
        format!("{:x}\r\n", a.len()).into_bytes(),
        a.to_vec(),
        b"\r\n".to_vec(),
        format!("{:x}\r\n", b.len()).into_bytes(),
        b.to_vec(),
        b"\r\n0\r\n\r\n".to_vec(),
    ]
    .concat();
    let head = format!(
        "POST /webhooks HTTP/1.1\r\nHost: x\r\n{KEY_ID_HEADER}: k1\r\n{SIGNATURE_HEADER}: {sig}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    assert!(
        raw(addr, head, chunked, Duration::ZERO)
            .await
            .contains(" 200")
    );
    let r = next(&mut receiver).await;
    assert!(
        matches!(&r.kind, ReceivedKind::Event { verdict, .. } if verdict.is_valid()),
        "{:?}",
        r.kind
    );

    // Not UTF-8, not JSON, signed: the bytes verify; the event is named as unknown.
    let body = vec![0xff, 0xfe, b'{', 0x00, 0x80];
    let sig = webhook::sign(SECRET, &body);
    let head = signed_head(body.len(), &sig, "");
    assert!(
        raw(addr, head, body.clone(), Duration::ZERO)
            .await
            .contains(" 200")
    );
    let r = next(&mut receiver).await;
    let ReceivedKind::Event { verdict, facts, .. } = &r.kind else {
        panic!("an event: {:?}", r.kind)
    };
    assert_eq!(r.body, body, "kept byte for byte");
    assert!(
        verdict.is_valid() || verdict.kind() == "wrong_api_version",
        "{verdict:?}"
    );
    assert_eq!(facts.event_type, None);
    let line = r.line();
    assert!(
        !line.chars().any(|c| c.is_control()),
        "no control code reaches a terminal: {line:?}"
    );
}

#[tokio::test]
async fn every_request_is_recorded_tagged_and_redacted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = Arc::new(
        History::open(&dir.path().join("history.sqlite3"), Default::default()).expect("opens"),
    );
    let mut receiver = start(Some(Arc::clone(&history)));
    let addr = receiver.address;
    let body = br#"{"apiVersion":"v1","id":"e3","type":"payment.paid"}"#.to_vec();
    let sig = webhook::sign(SECRET, &body);
    raw(
        addr,
        signed_head(body.len(), &sig, ""),
        body,
        Duration::ZERO,
    )
    .await;
    next(&mut receiver).await;
    let big = vec![b'x'; MAX_EVENT_BYTES + 1];
    raw(addr, signed_head(big.len(), "sig", ""), big, Duration::ZERO).await;
    next(&mut receiver).await;

    let mut rows = Vec::new();
    for _ in 0..600 {
        rows = history
            .list(&ListQuery {
                limit: 10,
                ..ListQuery::default()
            })
            .expect("listed");
        if rows.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rows.len(), 2, "both recorded, the refusal too");
    assert!(rows.iter().all(|r| r.env == "webhook"), "{rows:?}");
    let refused = &rows[0];
    assert_eq!(refused.status, Some(413));
    let event = history.get(rows[1].id).expect("read").expect("there");
    assert_eq!(event.verdict_kind, "webhook_valid");
    assert!(
        event
            .source
            .as_deref()
            .is_some_and(|s| s == format!("webhook received on {addr}")),
        "{:?}",
        event.source
    );
    let recorded_sig = event
        .request_headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(SIGNATURE_HEADER))
        .map(|(_, v)| v.clone())
        .expect("the header is kept");
    assert_ne!(recorded_sig, sig, "the signature is masked");
    drop(receiver);
    drop(history);
    let text = common::files_text(dir.path());
    assert!(!text.contains(SECRET), "the secret reached the history");
    assert!(!text.contains(&sig), "the signature reached the history");
}

#[tokio::test]
async fn a_slow_forward_target_is_timed_out_shown_and_blocks_no_other_request() {
    let (mut receiver, silent) = forwarding_to_a_silent_app(Duration::from_secs(3));
    let addr = receiver.address;
    let body = br#"{"apiVersion":"v1","id":"e4","type":"payment.paid"}"#.to_vec();
    let sig = webhook::sign(SECRET, &body);
    let started = std::time::Instant::now();
    let event = tokio::spawn(raw(
        addr,
        signed_head(body.len(), &sig, ""),
        body.clone(),
        Duration::ZERO,
    ));
    let other = tokio::spawn(raw(
        addr,
        signed_head(body.len(), &sig, ""),
        body,
        Duration::ZERO,
    ));
    // While the event waits on the app, the endpoint verification is answered.
    let verification = raw(
        addr,
        "GET /webhooks HTTP/1.1\r\nHost: x\r\nX-GCS-Webhooks-Endpoint-Verification: v-1\r\nConnection: close\r\n\r\n".to_string(),
        Vec::new(),
        Duration::ZERO,
    )
    .await;
    assert!(verification.contains(" 200"), "{verification}");
    assert!(!event.is_finished(), "the event still waits on the app");
    assert!(matches!(
        next(&mut receiver).await.kind,
        ReceivedKind::Verification { .. }
    ));
    for answer in [event.await.expect("one"), other.await.expect("other")] {
        assert!(answer.contains(" 502"), "{answer}");
    }
    // Two 3 s waits side by side, not one after the other (that would be 6 s).
    assert!(
        started.elapsed() < Duration::from_millis(5_500),
        "{:?}",
        started.elapsed()
    );
    for _ in 0..2 {
        let r = next(&mut receiver).await;
        let ReceivedKind::Event {
            verdict, forward, ..
        } = &r.kind
        else {
            panic!("an event: {:?}", r.kind)
        };
        assert!(verdict.is_valid(), "the verdict stays right: {verdict:?}");
        match forward {
            Some(webhooks::Forwarded::Failed { reason, elapsed_ms }) => {
                assert!(*elapsed_ms >= 2_900, "{elapsed_ms}");
                assert!(reason.contains("within 3s (timeout)"), "{reason}");
            }
            other => panic!("a timed-out forward, got {other:?}"),
        }
        assert!(r.line().contains("app did not answer"), "{}", r.line());
    }
    drop(silent);
}

#[tokio::test]
async fn redeliveries_waiting_for_the_app_are_bounded() {
    let (mut receiver, silent) = forwarding_to_a_silent_app(Duration::from_secs(2));
    let body = br#"{"apiVersion":"v1","id":"e5","type":"payment.paid"}"#.to_vec();
    let sig = webhook::sign(SECRET, &body);
    raw(
        receiver.address,
        signed_head(body.len(), &sig, ""),
        body,
        Duration::ZERO,
    )
    .await;
    let event = next(&mut receiver).await;
    for _ in 0..8 {
        receiver.redeliver(&event).expect("taken");
    }
    let refused = receiver.redeliver(&event).expect_err("a ninth waits");
    assert!(
        refused.contains("8 deliveries are still waiting"),
        "{refused}"
    );
    // As they are answered (here: timed out), room comes back.
    for _ in 0..8 {
        let again = next(&mut receiver).await;
        assert!(again.redelivered_to.is_some());
    }
    receiver.redeliver(&event).expect("room again");
    drop(silent);
}

#[tokio::test]
async fn big_events_wait_for_a_slow_viewer_within_a_bound_in_bytes() {
    // Nobody takes the events: the viewer is stuck (stdout blocked, a busy TUI).
    let receiver = start(None);
    let body = vec![b'x'; 3_900_000];
    let sent = 40;
    for _ in 0..sent {
        let status = raw(
            receiver.address,
            signed_head(body.len(), "sig", ""),
            body.clone(),
            Duration::ZERO,
        )
        .await;
        // Its signature does not match: refused (401), at once all the same.
        assert!(status.contains(" 401"), "each is answered: {status}");
    }
    let mut receiver = receiver;
    let (mut queued, mut bytes) = (0u64, 0usize);
    while let Ok(r) = receiver.events.try_recv() {
        queued += 1;
        bytes += r.body.len();
    }
    assert!(
        bytes <= 64 * 1024 * 1024,
        "{queued} events of 3.9 MB waited: {bytes} bytes"
    );
    let not_shown = receiver.counts.borrow().not_shown;
    assert!(not_shown > 0, "past the bound they are counted");
    assert_eq!(queued + not_shown, sent, "none lost silently");
}

#[tokio::test]
async fn forwarding_to_the_receiver_itself_is_refused_at_start() {
    for (bind, target) in [
        ("127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", "localhost"),
        ("127.0.0.1", "0.0.0.0"),
        ("0.0.0.0", "127.0.0.1"),
        ("0.0.0.0", "localhost"),
    ] {
        let listener = webhooks::bind(format!("{bind}:0").parse().expect("addr")).expect("bound");
        let port = listener.local_addr().expect("addr").port();
        let refused = webhooks::start(
            listener,
            ReceiverConfig {
                forward: Some(format!("http://{target}:{port}/hooks")),
                ..config(None)
            },
        )
        .expect_err("a loop");
        assert!(
            refused.to_string().contains("is this receiver itself"),
            "{bind} → {target}: {refused}"
        );
    }
}

#[tokio::test]
async fn a_copy_that_comes_back_is_answered_508_and_not_forwarded_again() {
    // A forwards to B, B to A: not A's own address, so only the mark can tell.
    let a_listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
    let b_listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
    let (a_addr, b_addr) = (
        a_listener.local_addr().expect("addr"),
        b_listener.local_addr().expect("addr"),
    );
    let forwarding = |to: SocketAddr| ReceiverConfig {
        forward: Some(format!("http://{to}/hooks")),
        ..config(None)
    };
    let mut a = webhooks::start(a_listener, forwarding(b_addr)).expect("started");
    let mut b = webhooks::start(b_listener, forwarding(a_addr)).expect("started");
    let body = br#"{"apiVersion":"v1","id":"e7","type":"payment.paid"}"#.to_vec();
    let sig = webhook::sign(SECRET, &body);
    let status = raw(
        a_addr,
        signed_head(body.len(), &sig, ""),
        body,
        Duration::ZERO,
    )
    .await;
    assert!(status.contains(" 508"), "{status}");
    // Every request was published before its answer: what is queued is all there is.
    let back = next(&mut a).await;
    assert_eq!(back.answered, 508);
    assert!(refusal(&back).contains("came back"), "{}", refusal(&back));
    let original = next(&mut a).await;
    assert!(
        original.line().contains("app answered 508"),
        "{}",
        original.line()
    );
    assert!(a.events.try_recv().is_err(), "A took two requests");
    let at_b = next(&mut b).await;
    assert!(
        at_b.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(webhooks::HOP_HEADER))
    );
    assert!(b.events.try_recv().is_err(), "B took one");
}

#[tokio::test]
async fn a_flood_from_no_configured_key_is_counted_not_recorded_in_full() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = Arc::new(
        History::open(&dir.path().join("history.sqlite3"), Default::default()).expect("opens"),
    );
    let mut receiver = start(Some(Arc::clone(&history)));
    let body = br#"{"apiVersion":"v1","id":"e8","type":"payment.paid"}"#.to_vec();
    let sent = 150;
    for _ in 0..sent {
        let head = format!(
            "POST /webhooks HTTP/1.1\r\nHost: x\r\n{KEY_ID_HEADER}: nobody\r\n{SIGNATURE_HEADER}: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let status = raw(receiver.address, head, body.clone(), Duration::ZERO).await;
        // A key id nobody configured cannot be verified: refused, at once.
        assert!(status.contains(" 401"), "each is answered: {status}");
        next(&mut receiver).await;
    }
    // One signed with a configured key is still recorded after them.
    let sig = webhook::sign(SECRET, &body);
    raw(
        receiver.address,
        signed_head(body.len(), &sig, ""),
        body,
        Duration::ZERO,
    )
    .await;
    next(&mut receiver).await;
    let kept = webhooks::UNVERIFIED_RECORDED as usize;
    common::wait_for_entries(&history, kept + 1).await;
    assert_eq!(history.count().expect("count"), kept + 1);
    assert_eq!(
        receiver.counts.borrow().unverified_not_recorded,
        sent - kept as u64,
        "the rest are counted"
    );
    let newest = history
        .list(&ListQuery {
            limit: 1,
            ..ListQuery::default()
        })
        .expect("listed");
    assert_eq!(newest[0].verdict, "webhook_valid");
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_closes() {
    let listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
    let mut receiver = webhooks::start(
        listener,
        ReceiverConfig {
            max_connections: 2,
            ..config(None)
        },
    )
    .expect("started");
    let addr = receiver.address;
    let body = br#"{"apiVersion":"v1","id":"e9","type":"payment.paid"}"#.to_vec();
    let sig = webhook::sign(SECRET, &body);
    // The sockets off the async threads: the receiver runs on this one.
    let (waited, answer) = tokio::task::spawn_blocking(move || {
        // Two senders connect and say nothing (a slowloris crowd, in small).
        let idle: Vec<TcpStream> = (0..2)
            .map(|_| TcpStream::connect(addr).expect("connect"))
            .collect();
        let mut third = TcpStream::connect(addr).expect("connect (the kernel queues it)");
        third
            .write_all(signed_head(body.len(), &sig, "").as_bytes())
            .and_then(|()| third.write_all(&body))
            .expect("sent");
        third
            .set_read_timeout(Some(Duration::from_millis(500)))
            .expect("timeout");
        let waited = third.read(&mut [0u8; 64]);
        drop(idle);
        third
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let mut answer = Vec::new();
        let _ = third.read_to_end(&mut answer);
        (waited, String::from_utf8_lossy(&answer).into_owned())
    })
    .await
    .expect("the client thread");
    assert!(
        waited.is_err(),
        "a third connection was served at once: {waited:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(matches!(
        next(&mut receiver).await.kind,
        ReceivedKind::Event { .. }
    ));
}

#[tokio::test]
async fn bodies_read_at_once_are_bounded_in_bytes() {
    let listener = webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bound");
    let mut receiver = webhooks::start(
        listener,
        ReceiverConfig {
            reading_bytes: 1024 * 1024,
            ..config(None)
        },
    )
    .expect("started");
    let addr = receiver.address;
    // Two senders each send 700 KB of a 1 MB body and stall: both cannot be held.
    let stalled = || {
        raw(
            addr,
            signed_head(1024 * 1024, "sig", ""),
            vec![b'x'; 700 * 1024],
            Duration::from_millis(800),
        )
    };
    let (one, other) = tokio::join!(stalled(), stalled());
    let mut statuses = [one, other];
    statuses.sort();
    assert!(statuses[0].contains(" 408"), "{statuses:?}");
    assert!(statuses[1].contains(" 503"), "{statuses:?}");
    let mut reasons = vec![
        refusal(&next(&mut receiver).await),
        refusal(&next(&mut receiver).await),
    ];
    reasons.sort();
    assert!(
        reasons.iter().any(|r| r.contains("at once already")),
        "{reasons:?}"
    );
    // What they held is given back: a whole event is read again.
    let body = br#"{"apiVersion":"v1","id":"e10","type":"payment.paid"}"#.to_vec();
    let sig = webhook::sign(SECRET, &body);
    let status = raw(
        addr,
        signed_head(body.len(), &sig, ""),
        body,
        Duration::ZERO,
    )
    .await;
    assert!(status.contains(" 200"), "{status}");
}
