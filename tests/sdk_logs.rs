//! Every SDK log fixture (written by the real SDKs against the simulator)
//! read by `sources::sdk_log` and checked against its `.expected.json`:
//! requestIds, methods, uris, statuses, the errors' propertyNames, and each
//! propertyName found in the request body as logged.

mod common;

use std::path::PathBuf;

use connect_inspector::locate::{Document, IndexBase, Outcome};
use connect_inspector::pipeline::{locate_all, place_of};
use connect_inspector::sources::sdk_log::{self, LoggedExchange, Options, Sdk};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sdk-logs")
}

fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".log").map(str::to_string))
        .collect();
    names.sort();
    names
}

fn sdk_of(name: &str) -> Sdk {
    match name {
        "connect-sdk-java" => Sdk::Java,
        "connect-sdk-dotnet" => Sdk::DotNet,
        "connect-sdk-python3" => Sdk::Python,
        "connect-sdk-ruby" => Sdk::Ruby,
        "connect-sdk-php" => Sdk::Php,
        "connect-sdk-nodejs" => Sdk::Node,
        "connect-sdk-go" => Sdk::Go,
        other => panic!("unknown sdk {other}"),
    }
}

fn read(name: &str) -> (Vec<LoggedExchange>, sdk_log::Stats) {
    let file = std::fs::File::open(dir().join(format!("{name}.log"))).expect("log");
    let mut read = sdk_log::read(std::io::BufReader::new(file), Options::default());
    let exchanges: Vec<_> = read.by_ref().collect();
    (exchanges, read.stats().clone())
}

#[test]
fn there_are_25_sdk_logs_and_the_mixed_one() {
    assert_eq!(fixtures().len(), 26);
}

#[test]
fn every_fixture_reads_as_its_expected_exchanges() {
    for name in fixtures() {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir().join(format!("{name}.expected.json")))
                .expect("expected"),
        )
        .expect("json");
        let text = std::fs::read_to_string(dir().join(format!("{name}.log"))).expect("log");
        let lines: Vec<&str> = text.lines().collect();
        let (got, stats) = read(&name);
        let want = expected["exchanges"].as_array().expect("exchanges");
        assert_eq!(stats.fragments, 0, "{name}: {:?}", stats.fragments_note());
        assert_eq!(got.len(), want.len(), "{name}: {got:#?}");
        let sdk = sdk_of(expected["sdk"].as_str().expect("sdk"));
        for (x, w) in got.iter().zip(want) {
            let at = format!("{name} line {}", x.line);
            assert_eq!(x.sdk, sdk, "{at}");
            assert_eq!(x.request_id, w["requestId"].as_str().expect("id"), "{at}");
            assert!(lines[x.line as usize - 1].contains(&x.request_id), "{at}");
            let request = x.request.as_ref().expect("request logged");
            assert_eq!(
                request.method,
                w["method"].as_str().expect("method"),
                "{at}"
            );
            assert_eq!(request.uri, w["uri"].as_str().expect("uri"), "{at}");
            assert_eq!(
                request.body.is_some(),
                w["requestBodyPresent"].as_bool().expect("bool"),
                "{at}"
            );
            if let Some(body) = &request.body {
                let masked: Vec<&str> = request.masked.iter().map(|m| m.path.as_str()).collect();
                for field in ["cardNumber", "cvv", "expiryDate"] {
                    let path = format!("cardPaymentMethodSpecificInput.card.{field}");
                    assert!(masked.contains(&path.as_str()), "{at}: {masked:?}");
                }
                for m in &request.masked {
                    let line = body.text.lines().nth(m.line - 1).expect("masked line");
                    let col: String = line.chars().skip(m.column - 1).collect();
                    let start = if m.quoted { 1 } else { 0 };
                    assert_eq!(
                        col.chars()
                            .skip(start)
                            .take(m.value.chars().count())
                            .collect::<String>(),
                        m.value,
                        "{at}: {m:?}"
                    );
                }
            }
            assert_eq!(x.status().map(u64::from), w["statusCode"].as_u64(), "{at}");
            let Some(exchange) = x.exchange() else {
                assert_eq!(w["responseLogged"].as_bool(), Some(false), "{at}");
                continue;
            };
            let names: Vec<String> = exchange
                .report
                .errors
                .iter()
                .filter_map(|e| e.error.property_name.clone())
                .collect();
            let want_names: Vec<String> = w["errorPropertyNames"]
                .as_array()
                .expect("names")
                .iter()
                .map(|n| n.as_str().expect("name").to_string())
                .collect();
            assert_eq!(names, want_names, "{at}");
            let doc = request.body.as_ref().map(|b| Document::parse(&b.text));
            let Some(doc) = doc else {
                continue;
            };
            let located = locate_all(&doc, &exchange.report, |_| IndexBase::Auto);
            for (entry, location) in exchange.report.errors.iter().zip(located) {
                let Some(location) = location else { continue };
                // A missing parameter is located where it would go.
                let missing = entry.error.id.as_deref() == Some("PARAMETER_NOT_FOUND_IN_REQUEST");
                let found =
                    matches!(&location.outcome, Outcome::Found { matches } if !matches.is_empty());
                assert!(
                    found != missing && place_of(&location).is_some(),
                    "{at}: {} in the logged body: {:?}",
                    location.property,
                    location.outcome
                );
            }
        }
    }
}

/// A cheap deterministic mix (splitmix64) for the mutations.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[test]
fn mutated_fixtures_are_read_without_a_panic_and_fragments_have_lines() {
    let mut seed = 0;
    for name in fixtures() {
        let log = std::fs::read(dir().join(format!("{name}.log"))).expect("log");
        for round in 0..40 {
            seed += 1;
            let mut bytes = log.clone();
            let n = bytes.len() as u64;
            match round % 4 {
                // Cut anywhere (a log copied while written).
                0 => bytes.truncate((mix(seed) % n) as usize),
                // Flip bytes, invalid UTF-8 and controls included.
                1 => {
                    for k in 0..50 {
                        let at = (mix(seed * 100 + k) % n) as usize;
                        bytes[at] = mix(seed * 1000 + k) as u8;
                    }
                }
                // Drop a run of lines from the middle.
                2 => {
                    let a = (mix(seed) % n) as usize;
                    let b = (a + (mix(seed + 1) % 3000) as usize).min(bytes.len());
                    bytes.drain(a..b);
                }
                // CRLF everywhere.
                _ => {
                    bytes = String::from_utf8_lossy(&bytes)
                        .replace('\n', "\r\n")
                        .into_bytes();
                }
            }
            let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1;
            let mut read = sdk_log::read(bytes.as_slice(), Options::default());
            let got: Vec<_> = read.by_ref().collect();
            let stats = read.stats();
            assert!(
                got.iter().all(|x| x.line >= 1 && x.line <= lines),
                "{name} round {round}"
            );
            assert!(stats.fragment_lines.iter().all(|l| *l >= 1 && *l <= lines));
            if round % 4 == 3 {
                assert_eq!(stats.fragments, 0, "{name}: CRLF changes nothing");
                assert_eq!(got.len(), read_expected_len(&name), "{name}");
            }
        }
    }
}

fn read_expected_len(name: &str) -> usize {
    let text =
        std::fs::read_to_string(dir().join(format!("{name}.expected.json"))).expect("expected");
    let v: Value = serde_json::from_str(&text).expect("json");
    v["exchanges"].as_array().expect("exchanges").len()
}

#[test]
fn every_exchange_of_every_fixture_reads_again_the_same_by_its_place() {
    use connect_inspector::sources::log_reread::{Place, read_again};
    let tmp = tempfile::tempdir().expect("tmp");
    for name in fixtures() {
        let (xs, _) = read(&name);
        let plain = dir().join(format!("{name}.log"));
        // The same log gzipped: read again by decompressing up to the place.
        let gz = tmp.path().join(format!("{name}.log.gz"));
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).expect("create"),
            flate2::Compression::fast(),
        );
        std::io::Write::write_all(&mut enc, &std::fs::read(&plain).expect("log")).expect("gzip");
        enc.finish().expect("gzip");
        for path in [&plain, &gz] {
            for x in &xs {
                let again = read_again(path, &Place::of(x), Options::default())
                    .unwrap_or_else(|e| panic!("{name}:{}: {e}", x.line));
                assert_eq!(&again, x, "{name}:{} ({})", x.line, path.display());
            }
        }
    }
}
