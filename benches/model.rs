//! The API model's speed on large bodies (issue #21's targets): live findings for a 1 MB
//! body ≤ 3 ms and a 10 MB one ≤ 30 ms (scan included), and the path at the cursor in a
//! 1 MB body ≤ 1 ms after a keystroke (scan included, and on an already scanned body).
//!
//! Run: `cargo bench --bench model`. The README quotes its figures.

use std::hint::black_box;

use connect_inspector::connect::model::{Body, model};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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

fn findings(c: &mut Criterion) {
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

fn path_at_cursor(c: &mut Criterion) {
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
    group.finish();
}

criterion_group!(benches, findings, path_at_cursor);
criterion_main!(benches);
