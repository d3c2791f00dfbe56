//! The line diff of bodies that are not JSON (an HTML error page, text, a
//! body cut short, one nested too deep to read): Myers' algorithm over lines,
//! with a time limit past which the rest is compared coarsely (one change
//! for what is left), so two big texts never freeze anything.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, TextDiff};

use super::Change;
use super::json::{Found, JsonDiff};

/// Compares two texts line by line; at most `max_listed` hunks are kept.
pub fn diff(left: &str, right: &str, max_listed: usize, time_limit: Duration) -> JsonDiff {
    let mut out = JsonDiff::default();
    if left == right {
        return out;
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(Instant::now() + time_limit)
        .diff_lines(left, right);
    let (lstarts, rstarts) = (line_starts(left), line_starts(right));
    let span = |starts: &[u32], text: &str, lines: Range<usize>| -> Range<u32> {
        let at = |i: usize| starts.get(i).copied().unwrap_or(text.len() as u32);
        let start = at(lines.start);
        let mut end = at(lines.end);
        // Without the last line's break.
        while end > start && matches!(text.as_bytes()[end as usize - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    };
    for op in diff.ops() {
        let (change, l, r) = match *op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (
                Change::Removed,
                old_index..old_index + old_len,
                new_index..new_index,
            ),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (
                Change::Added,
                old_index..old_index,
                new_index..new_index + new_len,
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                Change::Changed,
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        if out.found.len() >= max_listed {
            out.omitted += 1;
            continue;
        }
        let (path, note) = match change {
            Change::Added => (lines_name(&r), None),
            _ => (
                lines_name(&l),
                (change == Change::Changed && l != r)
                    .then(|| format!("{} on the right", lines_name(&r))),
            ),
        };
        out.found.push(Found {
            path,
            change,
            left: (change != Change::Added).then(|| span(&lstarts, left, l.clone())),
            right: (change != Change::Removed).then(|| span(&rstarts, right, r.clone())),
            expected: None,
            note,
        });
    }
    out
}

/// `line 3`, `lines 3–5` (1-based).
fn lines_name(lines: &Range<usize>) -> String {
    match lines.len() {
        0 | 1 => format!("line {}", lines.start + 1),
        n => format!("lines {}–{}", lines.start + 1, lines.start + n),
    }
}

fn line_starts(text: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| (i + 1) as u32)
                .filter(|&i| (i as usize) < text.len()),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_name_their_lines_and_hold_their_text() {
        let a = "<html>\n<h1>Bad Gateway</h1>\n<p>nginx</p>\n</html>\n";
        let b = "<html>\n<h1>Gateway Timeout</h1>\n<p>nginx</p>\n<p>again</p>\n</html>\n";
        let d = diff(a, b, 10, Duration::from_secs(1));
        let got: Vec<(String, Change, String, String)> = d
            .found
            .iter()
            .map(|f| {
                let l = f
                    .left
                    .clone()
                    .map_or("", |s| &a[s.start as usize..s.end as usize]);
                let r = f
                    .right
                    .clone()
                    .map_or("", |s| &b[s.start as usize..s.end as usize]);
                (f.path.clone(), f.change, l.to_string(), r.to_string())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "line 2".into(),
                    Change::Changed,
                    "<h1>Bad Gateway</h1>".into(),
                    "<h1>Gateway Timeout</h1>".into()
                ),
                (
                    "line 4".into(),
                    Change::Added,
                    String::new(),
                    "<p>again</p>".into()
                ),
            ]
        );
        assert!(diff(a, a, 10, Duration::from_secs(1)).found.is_empty());
    }

    #[test]
    fn a_text_without_a_final_line_break_compares() {
        let d = diff("a\nb", "a\nc", 10, Duration::from_secs(1));
        assert_eq!(d.found.len(), 1);
        assert_eq!(d.found[0].path, "line 2");
    }
}
