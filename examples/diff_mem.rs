//! Time and peak memory of comparing two find-payments pages (100 changes
//! spread over them), from /proc/self/status (Linux), against the two bodies
//! the TUI already holds. Run: `cargo run --release --example diff_mem [MB]`.

use std::sync::Arc;
use std::time::Instant;

use connect_inspector::diff::{Limits, Parts};
use connect_inspector::pipeline::compare::{self, Loaded};

#[path = "../benches/common/changed_page.rs"]
mod changed_page;

#[path = "../benches/common/proc_memory.rs"]
mod proc_memory;
use proc_memory::{mb, memory, reset_peak};

fn main() {
    let size_mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let (l, r) = changed_page::changed_pages(size_mb << 20, 100);
    let bodies = l.len() + r.len();
    let (l, r) = (
        Arc::new(Loaded::Body {
            text: l,
            note: None,
        }),
        Arc::new(Loaded::Body {
            text: r,
            note: None,
        }),
    );
    reset_peak();
    let (before, _) = memory();
    let started = Instant::now();
    let c = compare::compare(&l, &r, Parts::Response, &Limits::default(), &mut |_| {});
    let elapsed = started.elapsed();
    let (_, peak) = memory();
    let (differs, expected) = c.counts();
    println!(
        "two bodies of {} (pretty) = {}; {differs} differences, {expected} expected",
        mb(bodies / 2),
        mb(bodies)
    );
    println!(
        "compared in {:.0} ms; peak +{} over the bodies = {:.2}x the two bodies; with them: {:.2}x",
        elapsed.as_secs_f64() * 1e3,
        mb(peak.saturating_sub(before)),
        peak.saturating_sub(before) as f64 / bodies as f64,
        (peak.saturating_sub(before) + bodies) as f64 / bodies as f64,
    );
}
