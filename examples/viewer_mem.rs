//! Peak memory of the viewer model for a ~50 MB find-payments page, from
//! /proc/self/status (Linux). Run: `cargo run --release --example viewer_mem [MB]`.

use std::time::Instant;

use connect_inspector::body::BodyDoc;
use connect_inspector::viewer::{Folds, Query, Search, Structure, filter_path};

#[path = "../benches/common/payments_page.rs"]
mod payments_page;

#[path = "../benches/common/proc_memory.rs"]
mod proc_memory;
use proc_memory::{mb, memory, reset_peak};

fn main() {
    let size_mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let raw = payments_page::payments_page(size_mb << 20);
    let (base, _) = memory();
    // Each stage: time, RSS growth since the body was read, and the stage's own
    // peak above the RSS it started from.
    let stage = |name: &str, run: &mut dyn FnMut()| {
        let (before, _) = memory();
        reset_peak();
        let started = Instant::now();
        run();
        let elapsed = started.elapsed();
        let (rss, hwm) = memory();
        println!(
            "{name:<30} {:>7.1} ms  RSS +{:>9} (total +{:>9})  stage peak +{:>9} = {:.2}x body",
            elapsed.as_secs_f64() * 1e3,
            mb(rss.saturating_sub(before)),
            mb(rss.saturating_sub(base)),
            mb(hwm.saturating_sub(before)),
            hwm.saturating_sub(before) as f64 / raw.len() as f64
        );
    };
    println!("body {} (RSS with body: {})", mb(raw.len()), mb(base));

    let mut doc = None;
    stage("BodyDoc::build", &mut || doc = Some(BodyDoc::build(&raw)));
    let Some(doc) = doc else { return };
    let mut structure = Structure::default();
    stage("Structure::build", &mut || {
        structure = Structure::build(&doc)
    });
    let mut folds = Folds::new();
    stage("Folds::fold_all", &mut || {
        let _ = folds.fold_all(&structure);
    });
    let mut filtered = None;
    stage("filter_path (transient)", &mut || {
        filtered = Some(filter_path(&doc, "payments[25000].id", false).map(|f| f.hits.len()));
    });
    let mut search = None;
    stage("search `\"` (1M hits kept)", &mut || {
        search = Some(Search::run(
            &doc,
            Query::new("\"").expect("query"),
            1_000_000,
        ));
    });
    let Some(search) = search else { return };
    let (end_rss, _) = memory();

    let lines = doc.line_count();
    // BodyDoc keeps one usize per line start (a private field: counted, not measured).
    let held = [
        ("pretty text (length)", doc.text.len()),
        ("line index (8 B/line)", lines * 8),
        ("Structure", structure.heap_bytes()),
        ("Folds (fold all)", folds.heap_bytes()),
        ("Search (1M hits)", search.heap_bytes()),
    ];
    println!(
        "\n{lines} lines, {} containers, {} search matches, filter {filtered:?}",
        structure.len(),
        search.count(),
    );
    println!(
        "pretty text capacity {} ({:.2}x body; untouched capacity is not resident)",
        mb(doc.text.capacity()),
        doc.text.capacity() as f64 / raw.len() as f64
    );
    let mut total = 0;
    for (what, bytes) in held {
        total += bytes;
        println!(
            "{what:<24} {:>10}  {:.2}x body",
            mb(bytes),
            bytes as f64 / raw.len() as f64
        );
    }
    println!(
        "{:<24} {:>10}  {:.2}x body (RSS growth {:.2}x)",
        "viewer state, total",
        mb(total),
        total as f64 / raw.len() as f64,
        end_rss.saturating_sub(base) as f64 / raw.len() as f64
    );
}
