//! `viewer` speed on a ~50 MB find-payments page (about 50k payments of ~1 KB).
//! Targets: page-down anywhere ≤ 10 ms (aim: microseconds), first search hit at
//! once, everything else off the UI thread. Peak memory: `examples/viewer_mem.rs`.

use std::hint::black_box;
use std::time::Duration;

use connect_inspector::body::{BodyDoc, pretty_json};
use connect_inspector::viewer::{
    Folds, Query, Search, SearchJob, Structure, filter_path, path_at, search_lines,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "common/payments_page.rs"]
mod payments_page;

const BODY: usize = 50 << 20;
const PAGE: usize = 45;
/// Lines a background search covers per chunk (one progress report each).
const CHUNK: usize = 16_384;

struct Fixture {
    raw: Vec<u8>,
    doc: BodyDoc,
    structure: Structure,
    /// 1000 folds spread over the document.
    folds: Folds,
}

fn fixture() -> Fixture {
    let raw = payments_page::payments_page(BODY);
    let doc = BodyDoc::build(&raw);
    let structure = Structure::build(&doc);
    let mut folds = Folds::new();
    // Spread over the payments (depth ≥ 2), not the root or the payments array.
    let every = structure.len() / 1000;
    let spread = structure.containers().filter(|c| c.depth >= 2);
    for c in spread.step_by(every.max(1)).take(1000) {
        let _ = folds.toggle(&structure, c.open_line);
    }
    Fixture {
        raw,
        doc,
        structure,
        folds,
    }
}

fn build(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group("viewer/build");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Bytes(f.raw.len() as u64));
    g.bench_function("BodyDoc::build 50MB", |b| {
        b.iter(|| BodyDoc::build(black_box(&f.raw)))
    });
    g.bench_function("Structure::build", |b| {
        b.iter(|| Structure::build(black_box(&f.doc)))
    });
    g.finish();
    let mut g = c.benchmark_group("viewer/head");
    g.bench_function("pretty_json first 64KB", |b| {
        b.iter(|| pretty_json(black_box(&f.raw[..64 << 10])))
    });
    g.finish();
}

/// One page: the line at `row`, then the 45 visible lines' text from there.
fn page(f: &Fixture, row: usize) -> usize {
    let total = f.doc.line_count();
    f.folds
        .lines_from_row(row, total)
        .take(PAGE)
        .filter_map(|l| f.doc.line(l))
        .map(str::len)
        .sum()
}

fn navigate(c: &mut Criterion, f: &Fixture) {
    let total = f.doc.line_count();
    let rows = f.folds.visible_rows(total);
    let mut g = c.benchmark_group("viewer/page-down (1000 folds)");
    for (name, row) in [("top", 0), ("middle", rows / 2), ("end", rows - PAGE)] {
        g.bench_function(name, |b| b.iter(|| page(f, black_box(row))));
    }
    g.bench_function("jump to end", |b| {
        b.iter(|| {
            let last = f.folds.row_of_line(black_box(total - 1));
            page(f, last + 1 - PAGE)
        })
    });
    g.bench_function("row_of_line + line_of_row (middle)", |b| {
        b.iter(|| {
            f.folds
                .line_of_row(f.folds.row_of_line(black_box(total / 2)))
        })
    });
    g.bench_function("path_at middle row (copy path)", |b| {
        b.iter(|| path_at(&f.doc, &f.structure, black_box(total / 2)))
    });
    g.finish();
}

fn folding(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group("viewer/fold");
    g.sample_size(20);
    g.bench_function("fold all", |b| {
        b.iter(|| {
            let mut folds = Folds::new();
            folds.fold_all(&f.structure).map(|()| folds.count())
        })
    });
    let mut all = Folds::new();
    let _ = all.fold_all(&f.structure);
    let payments = f.structure.get(1).map_or(1, |c| c.open_line);
    g.bench_function("toggle with fold-all active", |b| {
        b.iter(|| {
            let mut folds = all.clone();
            folds.toggle(&f.structure, black_box(payments))
        })
    });
    g.bench_function("clone fold-all state (baseline for toggle)", |b| {
        b.iter(|| all.clone())
    });
    g.finish();
}

fn search(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group("viewer/search");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    let query = Query::new("rejected").expect("query");
    g.bench_function("time to first hit (16k-line chunks)", |b| {
        b.iter(|| {
            let mut job = SearchJob::new(query.clone(), &f.doc);
            loop {
                let hits = job.step(&f.doc, CHUNK);
                if !hits.is_empty() || job.is_done() {
                    return hits.len();
                }
            }
        })
    });
    g.bench_function("first chunk (16k lines)", |b| {
        b.iter(|| search_lines(&f.doc, &query, 0..CHUNK))
    });
    g.throughput(Throughput::Bytes(f.doc.text.len() as u64));
    g.bench_function("full search `rejected`", |b| {
        b.iter(|| Search::run(&f.doc, query.clone(), 1_000_000).count())
    });
    let frequent = Query::new("currencycode").expect("query");
    g.bench_function("full search `currencyCode` (50k hits)", |b| {
        b.iter(|| Search::run(&f.doc, frequent.clone(), 1_000_000).count())
    });
    let unicode = Query::new("coyoté").expect("query");
    g.bench_function("full search non-ASCII query", |b| {
        b.iter(|| Search::run(&f.doc, unicode.clone(), 1_000_000).count())
    });
    g.finish();
}

fn path(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group("viewer/path");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("filter payments[25000].id", |b| {
        b.iter(|| filter_path(&f.doc, black_box("payments[25000].id"), false))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let f = fixture();
    eprintln!(
        "body {} bytes, pretty {} bytes, {} lines, {} containers, {} folds, {} visible rows",
        f.raw.len(),
        f.doc.text.len(),
        f.doc.line_count(),
        f.structure.len(),
        f.folds.count(),
        f.folds.visible_rows(f.doc.line_count())
    );
    build(c, &f);
    navigate(c, &f);
    folding(c, &f);
    search(c, &f);
    path(c, &f);
}

criterion_group!(viewer, benches);
criterion_main!(viewer);
