//! Comparing two big responses: two find-payments pages (the viewer bench's)
//! with 100 changes spread over them, pretty-printed as the TUI keeps them,
//! from nothing to the comparison view's rows. Targets: 5 MB ≤ 150 ms to the
//! first screen of changes, 50 MB ≤ 1.5 s. Peak memory: `examples/diff_mem.rs`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use connect_inspector::app::compare::{CompareView, Named, SideRef};
use connect_inspector::diff::{Limits, Parts};
use connect_inspector::pipeline::compare::{self, Loaded};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "common/changed_page.rs"]
mod changed_page;

fn sides(mb: usize) -> (Arc<Loaded>, Arc<Loaded>) {
    let (l, r) = changed_page::changed_pages(mb << 20, 100);
    let body = |text| Arc::new(Loaded::Body { text, note: None });
    (body(l), body(r))
}

fn named(label: &str, loaded: &Arc<Loaded>) -> Named {
    Named {
        label: label.to_string(),
        loaded: Arc::clone(loaded),
        from: SideRef::Body,
    }
}

fn to_first_screen(l: &Arc<Loaded>, r: &Arc<Loaded>) -> CompareView {
    let c = compare::compare(l, r, Parts::Response, &Limits::default(), &mut |_| {});
    assert_eq!(c.counts().0, 100, "the 100 changes, nothing else");
    CompareView::new(named("left", l), named("right", r), c)
}

fn benches(c: &mut Criterion) {
    for (mb, samples, seconds) in [(5, 20, 10), (50, 10, 40)] {
        let (l, r) = sides(mb);
        let mut g = c.benchmark_group(format!("diff/{mb}MB"));
        g.sample_size(samples)
            .measurement_time(Duration::from_secs(seconds))
            .throughput(Throughput::Bytes(
                (l.texts()[1].len() + r.texts()[1].len()) as u64,
            ));
        g.bench_function("100 changes, to the first screen", |b| {
            b.iter(|| black_box(to_first_screen(&l, &r)))
        });
        g.finish();
    }
}

criterion_group!(diff, benches);
criterion_main!(diff);
