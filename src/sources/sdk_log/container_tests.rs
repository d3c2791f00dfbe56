//! Every SDK fixture written the way Docker's json-file driver, CRI
//! runtimes (containerd, CRI-O) and journald's JSON export write an
//! application's output (by the generator below, lines split over several
//! records as the runtimes split long ones) reads into the same exchanges as
//! the plain file, and reads the same in parts.

use super::*;

/// The lines of a log, without their newlines (a last empty one dropped).
fn lines(log: &[u8]) -> impl Iterator<Item = &[u8]> {
    log.strip_suffix(b"\n")
        .unwrap_or(log)
        .split(|b| *b == b'\n')
}

/// Pieces of at most `max` bytes, cut on character boundaries.
fn pieces(line: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while rest.len() > max {
        let mut end = max;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out.push(rest);
    out
}

fn stamp(i: usize) -> String {
    format!("2026-12-02T00:{:02}:{:02}.{:09}Z", i / 60 % 60, i % 60, i)
}

/// Docker's json-file: a record a line, lines over `split` bytes in several.
pub fn docker(log: &[u8], split: usize) -> Vec<u8> {
    let mut out = String::new();
    for (i, line) in lines(log).enumerate() {
        let line = String::from_utf8_lossy(line);
        let parts = pieces(&line, split);
        for (k, piece) in parts.iter().enumerate() {
            let end = if k + 1 == parts.len() { "\n" } else { "" };
            let log = serde_json::to_string(&format!("{piece}{end}")).unwrap_or_default();
            out.push_str(&format!(
                "{{\"log\":{log},\"stream\":\"stdout\",\"time\":\"{}\"}}\n",
                stamp(i)
            ));
        }
    }
    out.into_bytes()
}

/// CRI: `TIME stdout P|F text`, lines over `split` bytes in `P` records.
pub fn cri(log: &[u8], split: usize) -> Vec<u8> {
    let mut out = String::new();
    for (i, line) in lines(log).enumerate() {
        let line = String::from_utf8_lossy(line);
        let parts = pieces(&line, split);
        for (k, piece) in parts.iter().enumerate() {
            let tag = if k + 1 == parts.len() { 'F' } else { 'P' };
            out.push_str(&format!("{} stdout {tag} {piece}\n", stamp(i)));
        }
    }
    out.into_bytes()
}

/// journald's JSON export: a record a line; a line with a control character
/// (a CR) has its MESSAGE as an array of bytes, as journalctl writes it.
pub fn journal(log: &[u8]) -> Vec<u8> {
    let mut out = String::new();
    for (i, line) in lines(log).enumerate() {
        let message = match std::str::from_utf8(line) {
            Ok(text) if !text.bytes().any(|b| b < 0x20 && b != b'\t') => {
                serde_json::to_string(text).unwrap_or_default()
            }
            _ => serde_json::to_string(line).unwrap_or_default(),
        };
        out.push_str(&format!(
            "{{\"__CURSOR\":\"s=1;i={i:x}\",\"__REALTIME_TIMESTAMP\":\"{}\",\"_PID\":\"4242\",\"MESSAGE\":{message},\"_COMM\":\"python3\"}}\n",
            1_796_169_570_917_000u64 + i as u64 * 1000
        ));
    }
    out.into_bytes()
}

fn fixture(name: &str) -> Vec<u8> {
    super::fixtures::read(name)
}

fn fixtures() -> Vec<String> {
    super::fixtures::names()
}

fn all(log: &[u8]) -> (Vec<LoggedExchange>, Stats) {
    let mut r = read(log, Options::default());
    let xs: Vec<_> = r.by_ref().collect();
    (xs, r.stats().clone())
}

/// What an exchange says, without where it is in its file (records move
/// lines and offsets) and its time (the record's when the line has none).
fn said(x: &LoggedExchange) -> String {
    let mut x = x.clone();
    x.line = 0;
    x.time = None;
    if let Some(r) = &mut x.request {
        (r.line, r.span, r.time) = (0, Span::default(), None);
    }
    if let Some(r) = &mut x.response {
        (r.line, r.span, r.time) = (0, Span::default(), None);
    }
    if let Some(e) = &mut x.error {
        (e.line, e.span, e.time) = (0, Span::default(), None);
    }
    format!("{x:?}")
}

#[test]
fn every_fixture_in_containers_and_journald_reads_as_the_plain_file() {
    let names = fixtures();
    assert!(names.len() >= 26);
    for name in names {
        let plain = fixture(&name);
        let (want, want_stats) = all(&plain);
        assert!(!want.is_empty(), "{name}");
        for (format, wrapped) in [
            ("docker", docker(&plain, 16 * 1024)),
            ("docker split at 37 bytes", docker(&plain, 37)),
            ("cri", cri(&plain, 16 * 1024)),
            ("cri split at 41 bytes", cri(&plain, 41)),
            ("journald", journal(&plain)),
        ] {
            let (got, stats) = all(&wrapped);
            let what = |xs: &[LoggedExchange]| xs.iter().map(said).collect::<Vec<_>>();
            assert_eq!(what(&got), what(&want), "{name} as {format}");
            assert_eq!(stats.fragments, want_stats.fragments, "{name} as {format}");
            for (g, w) in got.iter().zip(&want) {
                // The line's own time wins; without one, the record's is shown.
                match &w.time {
                    Some(t) => assert_eq!(g.time.as_ref(), Some(t), "{name} as {format}"),
                    None => assert!(g.time.is_some(), "{name} as {format}: no time"),
                }
            }
        }
    }
}

#[test]
fn a_line_over_16_kb_comes_back_whole_from_its_records() {
    let plain = fixture("python3-6.3.0-logging.log");
    let text = String::from_utf8(plain).expect("utf-8");
    // A request body with a 40 KB value: its line is split over three records.
    let big = text.replacen("Wile E. Coyote", &"W".repeat(40_000), 1);
    let (want, _) = all(big.as_bytes());
    for wrapped in [
        docker(big.as_bytes(), 16 * 1024),
        cri(big.as_bytes(), 16 * 1024),
    ] {
        let records = wrapped.split(|b| *b == b'\n').count();
        assert_eq!(
            records,
            big.split('\n').count() + 2,
            "the long line in three records"
        );
        let (got, _) = all(&wrapped);
        assert_eq!(
            got.iter().map(said).collect::<Vec<_>>(),
            want.iter().map(said).collect::<Vec<_>>()
        );
        let body = &got[1]
            .request
            .as_ref()
            .and_then(|r| r.body.as_ref())
            .expect("a body")
            .text;
        assert!(body.contains(&"W".repeat(40_000)));
    }
}

#[test]
fn container_logs_read_the_same_in_parts() {
    let mut plain = fixture("java-9.3.0-jul.log")[..1800].to_vec();
    plain.extend_from_slice(b"\n");
    plain.extend_from_slice(&fixture("go-5.0.0-stdout.log")[..1500]);
    for wrapped in [docker(&plain, 23), cri(&plain, 29), journal(&plain)] {
        let want = all(&wrapped);
        for part in (1..=wrapped.len() as u64).step_by(5) {
            let mut r = read_split(wrapped.clone(), Options::default(), 2, part);
            let got: Vec<_> = r.by_ref().collect();
            assert!((got, r.stats().clone()) == want, "parts of {part}");
        }
    }
}

#[test]
fn hostile_records_are_plain_lines_or_bounded() {
    let options = Options {
        max_line_bytes: 100,
        ..Options::default()
    };
    let mut log = Vec::new();
    // A partial record that never ends, records of another shape, bad JSON.
    for _ in 0..50 {
        log.extend_from_slice(
            br#"{"log":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","stream":"stdout"}"#,
        );
        log.push(b'\n');
    }
    log.extend_from_slice(b"{\"log\":\"\\ud800 broken\n{\"MESSAGE\":[1,2,300]}\n2026-12-02T00:00:00Z stdout P \x1b[2J\n");
    let mut r = read(&log[..], options);
    assert_eq!(r.by_ref().count(), 0);
    assert_eq!(r.stats().lines, 53);
}

#[test]
fn an_exchange_in_a_container_log_reads_again_the_same_by_its_place() {
    use crate::sources::log_reread::{Place, read_again};
    let dir = tempfile::tempdir().expect("tmp");
    let plain = fixture("python3-6.3.0-logging.log");
    for (name, wrapped) in [
        ("docker.log", docker(&plain, 50)),
        ("cri.log", cri(&plain, 50)),
        ("journal.json", journal(&plain)),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &wrapped).expect("write");
        let (xs, _) = all(&wrapped);
        assert_eq!(xs.len(), 5, "{name}");
        for x in &xs {
            let again = read_again(&path, &Place::of(x), Options::default()).expect("read again");
            assert_eq!(&again, x, "{name}");
        }
    }
}
