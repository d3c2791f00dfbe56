//! The API model's speed on large bodies (issue #21's targets): live findings for a 1 MB
//! body ≤ 3 ms and a 10 MB one ≤ 30 ms (scan included), and the path at the cursor,
//! the line about the field there and the completion list in a 1 MB body ≤ 1 ms after
//! a keystroke (scan included, and on an already scanned body). Then what the editor
//! does for one typed character in a 1 MB body, all of it: the text field, the JSON
//! check, the masks, the scan, the findings, the field at the cursor, the panel.
//!
//! Run: `cargo bench --bench model`. The README quotes its figures. Times are the
//! benchmark thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), not wall time: on the
//! shared 2-core machine other builds run beside it, and the wall clock would count
//! their turns on the cores as ours.

use std::time::Duration;

use std::hint::black_box;

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::{Action, App, Settings};
use connect_inspector::config::Environment;
use connect_inspector::connect::model::{Body, Scanned, model};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The benchmark thread's CPU time, shown as durations (by wall time's formatter).
struct ThreadCpu {
    wall: WallTime,
}

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given, nothing else.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

impl Measurement for ThreadCpu {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu()
    }

    fn end(&self, start: Duration) -> Duration {
        thread_cpu().saturating_sub(start)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}

type Bench = Criterion<ThreadCpu>;
use crossterm::event::{KeyCode, KeyEvent};

/// A pretty-printed create-payment body whose shopping cart has enough items to reach
/// `target` bytes; valid against the model but for one typo in the last item.
fn body(target: usize) -> String {
    let head = r#"{
  "cardPaymentMethodSpecificInput": {
    "card": {
      "cardNumber": "4567350000427977",
      "cardholderName": "Wile E. Coyote",
      "cvv": "123",
      "expiryDate": "1299"
    },
    "paymentProductId": 1
  },
  "order": {
    "amountOfMoney": {
      "amount": 2980,
      "currencyCode": "EUR"
    },
    "customer": {
      "billingAddress": {
        "city": "Monument Valley",
        "countryCode": "US"
      }
    },
    "shoppingCart": {
      "items": [
"#;
    let mut text = String::with_capacity(target + 1024);
    text.push_str(head);
    let mut i = 0usize;
    while text.len() < target {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            r#"        {{
          "amountOfMoney": {{
            "amount": {amount},
            "currencyCode": "EUR"
          }},
          "invoiceData": {{
            "description": "Item n\u00b0{i} \"deluxe\"",
            "nrOfItems": "{n}",
            "pricePerItem": {price}
          }}
        }}"#,
            amount = 100 + i % 9000,
            n = 1 + i % 7,
            price = 10 + i % 500,
        ));
        i += 1;
    }
    text.push_str(",\n        {\"amountOfMony\": {}}\n      ]\n    }\n  }\n}\n");
    text
}

fn findings(c: &mut Bench) {
    let m = model().expect("the model");
    let ty = m.type_named("CreatePaymentRequest").expect("the type");
    for (name, size) in [
        ("findings_1mb", 1024 * 1024),
        ("findings_10mb", 10 * 1024 * 1024),
    ] {
        let text = body(size);
        assert_eq!(m.findings(&Body::parse(&text), ty).items.len(), 1);
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(20);
        group.bench_function("scan_and_findings", |b| {
            b.iter(|| m.findings(&Body::parse(black_box(&text)), ty))
        });
        let scanned = Body::parse(&text);
        group.bench_function("findings_on_scanned", |b| {
            b.iter(|| m.findings(black_box(&scanned), ty))
        });
        group.finish();
    }
}

fn path_at_cursor(c: &mut Bench) {
    let text = body(1024 * 1024);
    // In the middle of the cart, on an amount.
    let offset = text[..text.len() / 2]
        .rfind("\"amount\": ")
        .expect("an amount")
        + 11;
    let scanned = Body::parse(&text);
    assert_eq!(
        connect_inspector::connect::model::path_text(&scanned.path_at(offset).segments)
            .split('[')
            .next(),
        Some("order.shoppingCart.items")
    );
    let mut group = c.benchmark_group("path_at_cursor_1mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("scan_and_path", |b| {
        b.iter(|| Body::parse(black_box(&text)).path_at(offset))
    });
    group.bench_function("path_on_scanned", |b| {
        b.iter(|| black_box(&scanned).path_at(offset))
    });
    let m = model().expect("the model");
    let ty = m.type_named("CreatePaymentRequest").expect("the type");
    let kept = Scanned::new(text.clone());
    group.bench_function("describe_on_scanned", |b| {
        b.iter(|| m.describe_at(ty, &black_box(&kept).body().path_at(offset)))
    });
    // Between two members of a cart item: every field of LineItem not there yet.
    let between = text[..text.len() / 2]
        .rfind("\n          \"invoiceData\"")
        .expect("an item");
    assert!(m.choices(ty, &kept.body(), between).is_some());
    group.bench_function("choices_on_scanned", |b| {
        b.iter(|| m.choices(ty, &black_box(&kept).body(), between))
    });
    group.finish();
}

/// One character typed into a description in the middle of a 1 MB body, through
/// the app's update: everything the editor finds again for it.
fn keystroke(c: &mut Bench) {
    // Just under the size the editor checks as it types (above it, off the UI thread).
    let text = body(1024 * 1024 - 4096);
    assert!(text.len() <= connect_inspector::app::editor::LIVE_LIMIT);
    let mut editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", &text);
    // Inside a cart item's description above the middle.
    let desc = text[..text.len() / 2]
        .rfind("\"description\": \"")
        .expect("a description");
    let row = text[..desc].matches('\n').count();
    let col = text[..desc]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 16;
    editor.jump_body_cursor(row, col);
    // The text field alone (ratatui-textarea), for comparison.
    let mut field = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", &text);
    field.jump_body_cursor(row, col);
    let env = Environment::simulator("http://127.0.0.1:9");
    let mut app = App::new(env, editor, Settings::default());
    app.update(Action::Resize(120, 40));
    assert_eq!(app.errors().listed_findings().len(), 1);
    let mut group = c.benchmark_group("keystroke_1mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("app_update", |b| {
        b.iter(|| app.update(Action::Key(KeyEvent::from(KeyCode::Char('x')))))
    });
    group.bench_function("text_field_only", |b| {
        b.iter(|| {
            field.input(
                connect_inspector::app::editor::Field::Body,
                ratatui_textarea::Input::from(KeyEvent::from(KeyCode::Char('x'))),
            )
        })
    });
    group.finish();
}

/// Reading the embedded model, as the first use of it does once.
fn parse(c: &mut Bench) {
    use connect_inspector::connect::model::{DATA, Model};
    c.bench_function("model_parse", |b| b.iter(|| Model::parse(black_box(DATA))));
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpu { wall: WallTime });
    targets = findings, path_at_cursor, keystroke, parse
}
criterion_main!(benches);
