//! What each keystroke in the body costs on a 1 MB body (issue 20's target:
//! ≤ 2 ms each): the live JSON check (the body's text taken from the editor,
//! then checked) and the re-location of the demo's four errors (a tolerant
//! scan and a walk per error). Run: `cargo bench --bench editing`.

use std::hint::black_box;

use connect_inspector::app::editor::{RequestEditor, json_problem};
use connect_inspector::locate::{Document, IndexBase, LocateOptions};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A pretty-printed create-payment body with enough cart items for `target` bytes.
fn body(target: usize) -> String {
    let mut text = String::with_capacity(target + 1024);
    text.push_str(
        "{\n  \"cardPaymentMethodSpecificInput\": {\n    \"card\": {\n      \"cardNumber\": \"4567350000427977\",\n      \"expiryDate\": \"1210\"\n    }\n  },\n  \"order\": {\n    \"customer\": {\n      \"billingAddress\": {\n        \"city\": \"Monument Valley\"\n      }\n    },\n    \"shoppingCart\": {\n      \"items\": [\n",
    );
    let mut i = 0usize;
    while text.len() < target {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "        {{\n          \"amountOfMoney\": {{\n            \"amount\": {},\n            \"currencyCode\": \"EUR\"\n          }},\n          \"invoiceData\": {{\n            \"nrOfItems\": \"{}\",\n            \"pricePerItem\": {}\n          }}\n        }}",
            100 + i % 9000,
            1 + i % 7,
            10 + i % 500
        ));
        i += 1;
    }
    text.push_str("\n      ]\n    }\n  }\n}\n");
    text
}

const DEMO_ERRORS: [&str; 4] = [
    "cardPaymentMethodSpecificInput.card.expiryDate",
    "order.customer.billingAddress.countryCode",
    "order.shoppingCart.items[2].amountOfMoney.amount",
    "order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount",
];

fn keystroke_1mb(c: &mut Criterion) {
    // 1 MB, under the live check's 1 MiB limit (above it the check gives way).
    let text = body(1_000_000);
    let editor = RequestEditor::new("POST", "/v1/{merchantId}/payments", "", &text);
    let opts = LocateOptions {
        index_base: IndexBase::Auto,
        message: None,
    };
    let mut group = c.benchmark_group("keystroke_1mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("live_json_check", |b| {
        b.iter(|| json_problem(black_box(&editor.body_text())))
    });
    group.bench_function("relocate_4_errors", |b| {
        b.iter(|| {
            let text = editor.body_text();
            let doc = Document::parse(black_box(&text));
            DEMO_ERRORS.map(|p| doc.locate(p, &opts).outcome.is_found())
        })
    });
    group.finish();
}

criterion_group!(benches, keystroke_1mb);
criterion_main!(benches);
