//! A log read in parts gives exactly what a read from start to end gives:
//! the same exchanges in the same order and the same stats, wherever the
//! parts are cut (across messages, JUL header lines, JSON records, CRLF,
//! fragments and cut lines), in both orders.

use super::*;

fn whole(log: &[u8], options: Options) -> (Vec<LoggedExchange>, Stats) {
    let mut r = read(log, options);
    let xs: Vec<_> = r.by_ref().collect();
    (xs, r.stats().clone())
}

fn split(log: &[u8], options: Options, workers: usize, part: u64) -> (Vec<LoggedExchange>, Stats) {
    let mut r = read_split(log.to_vec(), options, workers, part);
    let xs: Vec<_> = r.by_ref().collect();
    assert!(r.io_error().is_none());
    (xs, r.stats().clone())
}

fn fixture(name: &str) -> Vec<u8> {
    super::fixtures::read(name)
}

/// Heads of logs of every layout, each cut inside a message (fragments at
/// the joins), a CRLF copy, a line over the cap and an unterminated end.
fn mixed_small_log() -> Vec<u8> {
    let mut log = Vec::new();
    for (name, head) in [
        ("java-9.3.0-jul.log", 2600),
        ("nodejs-5.2.0-pino.log", 2200),
        ("python3-6.3.0-logging.log", 2400),
        ("php-9.0.0-splfile.log", 1800),
        ("nodejs-5.2.0-console.log", 1500),
    ] {
        let f = fixture(name);
        log.extend_from_slice(&f[..head.min(f.len())]);
        log.push(b'\n');
    }
    let go = fixture("go-5.0.0-log.log");
    log.extend(go[..1500].iter().flat_map(|&b| {
        if b == b'\n' {
            vec![b'\r', b'\n']
        } else {
            vec![b]
        }
    }));
    log.extend_from_slice(&[b'x'; 300]);
    log.extend_from_slice(b"\nDec 02, 2026 12:29:52 AM com.worldline.connect.sdk.java.logging.JdkCommunicatorLogger log\n");
    log.extend_from_slice(&fixture("java-6.47.0-jul.log")[..900]);
    log
}

#[test]
fn a_cut_at_every_offset_of_a_small_log_reads_the_same() {
    let log = mixed_small_log();
    // A small line cap: the 300-byte line is cut, and buffers stay small.
    let options = Options {
        max_line_bytes: 200,
        ..Options::default()
    };
    let want = whole(&log, options);
    assert!(
        want.0.len() >= 5 && want.1.fragments > 0 && want.1.cut_lines > 0,
        "{:?}",
        want.1
    );
    for part in 1..=log.len() as u64 {
        let got = split(&log, options, 2, part);
        assert!(
            got == want,
            "parts of {part} bytes: {:?} vs {:?}",
            got.1,
            want.1
        );
    }
}

#[test]
fn every_fixture_reads_the_same_in_parts_in_both_orders() {
    let names = super::fixtures::names();
    assert!(names.len() >= 26);
    for name in names {
        let log = fixture(&name);
        for order in [Order::Logged, Order::Completed] {
            let options = Options {
                order,
                ..Options::default()
            };
            let want = whole(&log, options);
            for (workers, part) in [(1, 4096), (2, 997), (3, 50), (2, 7)] {
                let got = split(&log, options, workers, part);
                assert!(got == want, "{name} {order:?} in parts of {part}");
            }
        }
    }
}

#[test]
fn exchanges_come_in_log_order_across_many_parts() {
    // Calls interleaved across parts: each response two calls after its request.
    let mut log = String::new();
    for i in 0..200 {
        log.push_str(&format!(
            "2026-12-02T00:28:38 Outgoing request (requestId='id-{i}'):\n  method:       'GET'\n  uri:          '/v1/1234/payments/{i}'\n  headers:      ''\n"
        ));
        if i >= 2 {
            log.push_str(&format!(
                "2026-12-02T00:28:39 Incoming response (requestId='id-{}', 7 ms):\n  status-code:  '404'\n  headers:      ''\n  body:         ''\n",
                i - 2
            ));
        }
    }
    let options = Options::default();
    let (xs, stats) = split(log.as_bytes(), options, 2, 333);
    let ids: Vec<_> = xs.iter().map(|x| x.request_id.clone()).collect();
    let logged: Vec<_> = (0..200).map(|i| format!("id-{i}")).collect();
    assert_eq!(ids, logged);
    assert_eq!(stats.unanswered, 2);
    assert_eq!((xs, stats), whole(log.as_bytes(), options));
}

#[test]
fn an_empty_log_and_a_log_without_newline() {
    for log in [&b""[..], b"no newline at all", b"\n\n\n"] {
        assert!(split(log, Options::default(), 2, 1) == whole(log, Options::default()));
    }
}

#[test]
fn a_short_first_part_then_whole_ones_read_the_same() {
    // Parts of 300 KB: the first is 256 KB, then 300 KB ones.
    let copy = fixture("mixed-app.log");
    let mut log = Vec::new();
    while log.len() < 1_200_000 {
        log.extend_from_slice(&copy);
    }
    let want = whole(&log, Options::default());
    assert_eq!(split(&log, Options::default(), 2, 300_000), want);
    assert_eq!(split(&log, Options::default(), 3, 300_000), want);
}
