//! Word wrap for text that carries meaning (the response head, the notices):
//! breaks after spaces; a word wider than the row (a URL) after a `/`, `?`,
//! `&` or `=`, so an id in it stays whole; only a part still too wide is
//! broken where it must be. Pieces keep their roles (styles) across rows.

use unicode_width::UnicodeWidthChar;

/// Greedy word wrap of styled pieces: breaks after spaces; a word wider
/// than the row (a URL) breaks after a `/`, `?`, `&` or `=`, so an id in it
/// stays whole, and only a part still too wide is broken where it must be.
pub fn wrap<R: Copy + PartialEq>(pieces: &[(R, String)], width: usize) -> Vec<Vec<(R, String)>> {
    let mut rows: Vec<Vec<(R, String)>> = vec![Vec::new()];
    let mut used = 0;
    for (role, text) in pieces {
        for word in words(text) {
            let parts: Vec<&str> = if str_width(word) > width {
                word.split_inclusive(['/', '?', '&', '=']).collect()
            } else {
                vec![word]
            };
            for part in parts {
                let w = str_width(part);
                if used + w > width && used > 0 {
                    rows.push(Vec::new());
                    used = 0;
                    // A space that broke the row is not carried to the next.
                    if part == " " {
                        continue;
                    }
                }
                if w <= width {
                    push(rows.last_mut().expect("a row"), *role, part);
                    used += w;
                    continue;
                }
                for ch in part.chars() {
                    let cw = ch.width().unwrap_or(0);
                    if used + cw > width && used > 0 {
                        rows.push(Vec::new());
                        used = 0;
                    }
                    push(rows.last_mut().expect("a row"), *role, &ch.to_string());
                    used += cw;
                }
            }
        }
    }
    rows
}

/// Words and the single spaces between them, in order.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(' ')
        .flat_map(|w| match w.strip_suffix(' ') {
            Some(word) if !word.is_empty() => [Some(word), Some(" ")],
            Some(_) => [Some(" "), None],
            None => [Some(w), None],
        })
        .flatten()
}

fn push<R: PartialEq>(row: &mut Vec<(R, String)>, role: R, text: &str) {
    match row.last_mut() {
        Some((r, t)) if *r == role => t.push_str(text),
        _ => row.push((role, text.to_owned())),
    }
}

pub fn str_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Plain text wrapped to `width` columns (an empty text is one empty row).
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    wrap(&[((), text.to_owned())], width.max(1))
        .into_iter()
        .map(|row| row.into_iter().map(|(_, t)| t).collect())
        .collect()
}
