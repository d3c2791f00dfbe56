//! `history` speed with 100 000 realistic entries (a mix of 201/400/402/404 exchanges,
//! ~5 KB each): how long the fill takes (printed once, not timed by criterion), then
//! `open` + the first page, and the first page of a filter, target ≤ 50 ms.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use connect_inspector::history::{History, HistorySettings, ListQuery, NewEntry};
use criterion::{Criterion, criterion_group, criterion_main};

const ENTRIES: usize = 100_000;
const BATCH: usize = 10_000;
const PAGE: usize = 50;

const CITIES: &[&str] = &[
    "Amsterdam",
    "Denver",
    "Calais",
    "Monument Valley",
    "Lyon",
    "Utrecht",
    "Toronto",
    "Madrid",
    "Oslo",
    "Porto",
    "Gent",
    "Leeds",
    "Bergen",
    "Turin",
    "Graz",
    "Basel",
    "Nantes",
    "Cork",
    "Malmo",
    "Tartu",
];
const NAMES: &[&str] = &[
    "Wile E. Coyote",
    "Road Runner",
    "Elmer Fudd",
    "Daffy Duck",
    "Bugs Bunny",
];

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A cheap deterministic mix (splitmix64) for varied ids, amounts and names.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn uuid(h: u64) -> String {
    let g = mix(h);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        h >> 32,
        h & 0xffff,
        g & 0xfff,
        0x8000 | (g >> 16 & 0x3fff),
        g >> 16 & 0xffff_ffff_ffff
    )
}

struct Templates {
    request: String,
    created: String,
    declined: String,
    invalid: Vec<String>,
    unknown: String,
}

impl Templates {
    fn load() -> Self {
        Templates {
            request: fixture("create-payment-request.json"),
            created: fixture("201-create-payment.json"),
            declined: fixture("402-declined-payment.json"),
            invalid: [
                "400-invalid-request.json",
                "400-invalid-value.json",
                "400-luhn.json",
                "400-parameter-not-found.json",
            ]
            .iter()
            .map(|n| fixture(n))
            .collect(),
            unknown: fixture("404-unknown-payment.json"),
        }
    }

    fn entry(&self, i: usize) -> NewEntry {
        let h = mix(i as u64);
        let payment_id = format!(
            "{:030}",
            2_000_010_000_000_000_000u64 + (h % 10_000_000_000)
        );
        let error_id = uuid(h);
        let request_body = self
            .request
            .replace("Wile E. Coyote", NAMES[(h % NAMES.len() as u64) as usize])
            .replace(
                "Monument Valley",
                CITIES[((h >> 8) % CITIES.len() as u64) as usize],
            )
            .replace("2980", &(100 + (h >> 16) % 100_000).to_string())
            .replace("AcmeOrder0001", &format!("AcmeOrder{i:07}"));
        let base = "https://eu.sandbox.api-ingenico.com/v1/1234";
        let mut e = NewEntry {
            time_ms: 1_750_000_000_000 + i as i64 * 1000,
            env: if i.is_multiple_of(3) {
                "preprod"
            } else {
                "sandbox"
            }
            .into(),
            method: "POST".into(),
            url: format!("{base}/payments"),
            request_headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Date".into(), "Fri, 06 Jun 2014 13:39:43 GMT".into()),
                (
                    "Authorization".into(),
                    "GCS v1HMAC:5e45c937b9db33ae:J5LjfSBvrQNhu7gG0gvifZt+IWNDReGCmHmBmth6ueI="
                        .into(),
                ),
                (
                    "X-GCS-ServerMetaInfo".into(),
                    "eyJwbGF0Zm9ybUlkZW50aWZpZXIiOiJjaW5zcGVjdCJ9".into(),
                ),
            ],
            request_body,
            response_headers: vec![("Content-Type".into(), "application/json".into())],
            elapsed_ms: Some(80 + h % 900),
            ..NewEntry::default()
        };
        match i % 4 {
            0 => {
                e.status = Some(201);
                e.response_body = self
                    .created
                    .replace("000000123410000595980000100001", &payment_id);
                e.verdict_kind = "success".into();
                e.verdict_summary = format!("payment {payment_id} created");
            }
            1 => {
                // Several errors at once, as the API sends them.
                let first = (h % 4) as usize;
                let bodies: Vec<serde_json::Value> = (0..3)
                    .map(|k| {
                        serde_json::from_str(&self.invalid[(first + k) % 4]).expect("fixture json")
                    })
                    .collect();
                let errors: Vec<serde_json::Value> = bodies
                    .iter()
                    .flat_map(|b| b["errors"].as_array().cloned().unwrap_or_default())
                    .collect();
                let body = serde_json::json!({ "errorId": error_id, "errors": errors });
                e.status = Some(400);
                e.response_body = serde_json::to_string_pretty(&body).expect("json");
                e.errors_json = Some(serde_json::Value::Array(errors.clone()).to_string());
                e.first_error_code = errors[0]["code"].as_str().map(str::to_owned);
                e.error_id = Some(error_id);
                e.verdict_kind = "validation".into();
                e.verdict_summary = "the request is wrong".into();
            }
            2 => {
                e.status = Some(402);
                e.response_body = self
                    .declined
                    .replace("833dfd83-52ae-419c-b871-9df1278da93e", &error_id)
                    .replace("000002000010000596140000100001", &payment_id);
                e.errors_json = Some(
                    r#"[{"code":"430330","message":"Not authorised","httpStatusCode":402}]"#.into(),
                );
                e.first_error_code = Some("430330".into());
                e.error_id = Some(error_id);
                e.verdict_kind = "declined_payment".into();
                e.verdict_summary = format!("payment {payment_id} with status REJECTED");
            }
            _ => {
                e.method = "GET".into();
                e.url = format!("{base}/payments/{payment_id}");
                e.request_body.clear();
                e.status = Some(404);
                e.response_body = self
                    .unknown
                    .replace("ccb99804-0240-45b6-bb28-52aaae59d71b", &error_id);
                e.errors_json = Some(
                    r#"[{"code":"1002","id":"UNKNOWN_PAYMENT_ID","propertyName":"paymentId"}]"#
                        .into(),
                );
                e.first_error_code = Some("1002".into());
                e.error_id = Some(error_id);
                e.verdict_kind = "reference".into();
                e.verdict_summary = "payment not found".into();
            }
        }
        e
    }
}

fn settings() -> HistorySettings {
    // The limits would prune the 100 000 entries on open.
    HistorySettings {
        max_entries: None,
        max_age: None,
        ..HistorySettings::default()
    }
}

fn fill(path: &Path) {
    let templates = Templates::load();
    let history = History::open(path, settings()).expect("open");
    let start = Instant::now();
    let mut bytes = 0usize;
    for first in (0..ENTRIES).step_by(BATCH) {
        let batch: Vec<NewEntry> = (first..first + BATCH).map(|i| templates.entry(i)).collect();
        bytes += batch
            .iter()
            .map(|e| e.request_body.len() + e.response_body.len())
            .sum::<usize>();
        history.record_batch(batch).expect("fill");
    }
    let took = start.elapsed();
    drop(history);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "history fill: {ENTRIES} entries ({} MB of bodies) in {:.1} s ({:.0} µs/entry, {} transactions); file {} MB",
        bytes / 1_000_000,
        took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / ENTRIES as f64,
        ENTRIES / BATCH,
        size / 1_000_000
    );
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("history.sqlite3");
    fill(&path);

    let mut group = c.benchmark_group("history_100k");
    group.sample_size(20);
    group.bench_function("open_and_first_page", |b| {
        b.iter(|| {
            let history = History::open(&path, settings()).expect("open");
            let page = history
                .list(&ListQuery {
                    filter: None,
                    limit: PAGE,
                    before_id: None,
                })
                .expect("list");
            black_box(page.len())
        })
    });

    let history = History::open(&path, settings()).expect("open");
    let filters = [
        ("error_code_21000120", "21000120"),
        ("status_402", "402"),
        ("path_fragment", "payments/000000000002000010001"),
        ("rare_payment_id", "payments/000000000002000010009999"),
        ("body_word_calais", "Calais"),
        ("two_words", "Calais 430330"),
        ("no_match", "nothingmatchesthis"),
        ("one_char_prefix", "1"),
        ("common_prefix_pay", "pay"),
    ];
    for (name, filter) in filters {
        let hits = history
            .list(&ListQuery {
                filter: Some(filter),
                limit: PAGE,
                before_id: None,
            })
            .expect("list")
            .len();
        eprintln!("filter {filter:?}: {hits} rows on the first page");
        group.bench_function(format!("filter_{name}"), |b| {
            b.iter(|| {
                let page = history
                    .list(&ListQuery {
                        filter: Some(black_box(filter)),
                        limit: PAGE,
                        before_id: None,
                    })
                    .expect("list");
                black_box(page.len())
            })
        });
    }
    group.bench_function("next_page_deep", |b| {
        b.iter(|| {
            let page = history
                .list(&ListQuery {
                    filter: Some("402"),
                    limit: PAGE,
                    before_id: Some(5_000),
                })
                .expect("list");
            black_box(page.len())
        })
    });
    group.bench_function("get_one", |b| {
        b.iter(|| black_box(history.get(black_box(54_321)).expect("get")))
    });
    let templates = Templates::load();
    let mut next = ENTRIES;
    let limited = History::open(
        &path,
        HistorySettings {
            max_entries: Some(1_000_000),
            max_age: None,
            ..HistorySettings::default()
        },
    )
    .expect("open");
    group.bench_function("record_one_with_prune_check", |b| {
        b.iter(|| {
            next += 1;
            black_box(limited.record(templates.entry(next)).expect("record"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
