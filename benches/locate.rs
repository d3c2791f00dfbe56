//! `locate` speed: a 10 MB body scanned and located in (target ≤ 20 ms, ≥ 500 MB/s),
//! and ~10 errors re-located after a keystroke in a < 100 KB body (target < 1 ms).

use std::hint::black_box;

use connect_inspector::locate::{Document, IndexBase, LocateOptions};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A pretty-printed create-payment body whose shopping cart has enough items to reach
/// `target` bytes.
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
    text.push_str("\n      ]\n    }\n  }\n}\n");
    text
}

const ERRORS: [&str; 10] = [
    "cardPaymentMethodSpecificInput.card.expiryDate",
    "cardPaymentMethodSpecificInput.card.cvv",
    "order.amountOfMoney.amount",
    "order.customer.billingAddress.countryCode",
    "order.customer.billingAddress.zip",
    "order.shoppingCart.items[1].amountOfMoney.amount",
    "order.shoppingCart.items[-1].invoiceData.nrOfItems",
    "order.shoppingCart.items[40].invoiceData.description",
    "bin",
    "paymentId",
];

fn locate_10mb(c: &mut Criterion) {
    let text = body(10 * 1024 * 1024);
    let opts = LocateOptions {
        index_base: IndexBase::Auto,
        message: None,
    };
    let mut group = c.benchmark_group("locate_10mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("scan", |b| b.iter(|| Document::parse(black_box(&text))));
    group.bench_function("scan_and_locate_last_item", |b| {
        b.iter(|| {
            let doc = Document::parse(black_box(&text));
            doc.locate("order.shoppingCart.items[-1].amountOfMoney.amount", &opts)
        })
    });
    group.bench_function("scan_and_locate_10_errors", |b| {
        b.iter(|| {
            let doc = Document::parse(black_box(&text));
            ERRORS.map(|p| doc.locate(p, &opts))
        })
    });
    group.finish();
}

fn relocate_100kb_10_errors(c: &mut Criterion) {
    let text = body(95 * 1024);
    let opts = LocateOptions {
        index_base: IndexBase::Auto,
        message: Some("value (1299) IS IN THE PAST"),
    };
    let mut group = c.benchmark_group("relocate_100kb_10_errors");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse_and_locate", |b| {
        b.iter(|| {
            let doc = Document::parse(black_box(&text));
            ERRORS.map(|p| doc.locate(p, &opts))
        })
    });
    group.finish();
}

criterion_group!(benches, locate_10mb, relocate_100kb_10_errors);
criterion_main!(benches);
