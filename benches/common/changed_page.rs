//! Two find-payments pages that differ in `changes` places spread evenly over
//! them (a payment's merchantReference), both pretty-printed as the viewer
//! keeps a response body: what a comparison of two big responses reads.

use connect_inspector::body::pretty_json;

#[path = "payments_page.rs"]
mod payments_page;

/// (left, right) pretty texts of about `target` bytes of compact JSON each.
pub fn changed_pages(target: usize, changes: usize) -> (String, String) {
    let raw = payments_page::payments_page(target);
    let needle = br#""merchantReference":"order-"#;
    let at: Vec<usize> = raw
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i + needle.len())
        .collect();
    let every = (at.len() / changes.max(1)).max(1);
    let mut changed = Vec::with_capacity(raw.len() + changes);
    let mut from = 0;
    for &i in at.iter().step_by(every).take(changes) {
        changed.extend_from_slice(&raw[from..i]);
        changed.push(b'x');
        from = i;
    }
    changed.extend_from_slice(&raw[from..]);
    (pretty_json(&raw).0, pretty_json(&changed).0)
}
