//! Word wrap for text that carries meaning (the response head, the notices,
//! the errors panel): breaks after spaces; a word wider than the row where
//! its kind of word breaks best ([`Breaks`]), so an id or a field name in it
//! stays whole; only a part still too wide is broken where it must be.
//! Widths are display columns. Pieces keep their roles (styles) across rows.

use unicode_width::UnicodeWidthChar;

/// Where a word wider than the row is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// A URL: after a `/`, `?`, `&` or `=`.
    Url,
    /// A field's path (`order.items[type='X'].amount`): after a `.` or
    /// before a `[`, never inside a name or a filter.
    Path,
}

impl Breaks {
    fn parts(self, word: &str) -> Vec<&str> {
        match self {
            Breaks::Url => word.split_inclusive(['/', '?', '&', '=']).collect(),
            Breaks::Path => {
                let mut parts = Vec::new();
                let mut from = 0;
                for (i, c) in word.char_indices() {
                    let cut = match c {
                        '.' => i + 1,
                        '[' => i,
                        _ => continue,
                    };
                    if cut > from {
                        parts.push(&word[from..cut]);
                        from = cut;
                    }
                }
                parts.push(&word[from..]);
                parts
            }
        }
    }
}

/// Greedy word wrap of styled pieces: breaks after spaces; a word wider
/// than the row (a URL) breaks after a `/`, `?`, `&` or `=`, so an id in it
/// stays whole, and only a part still too wide is broken where it must be.
pub fn wrap<R: Copy + PartialEq>(pieces: &[(R, String)], width: usize) -> Vec<Vec<(R, String)>> {
    wrap_by(pieces, width, Breaks::Url)
}

/// [`wrap`], a word wider than the row broken as `breaks` says.
pub fn wrap_by<R: Copy + PartialEq>(
    pieces: &[(R, String)],
    width: usize,
    breaks: Breaks,
) -> Vec<Vec<(R, String)>> {
    let mut rows: Vec<Vec<(R, String)>> = vec![Vec::new()];
    let mut used = 0;
    for (role, text) in pieces {
        for word in words(text) {
            let parts: Vec<&str> = if str_width(word) > width {
                breaks.parts(word)
            } else {
                vec![word]
            };
            for part in parts {
                // A wrapped row starts with a word: the spaces before it are the break.
                if part == " " && used == 0 && rows.len() > 1 {
                    continue;
                }
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
    // Spaces that ended the text broke a row that nothing followed.
    if rows.len() > 1 && rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
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
    wrap_text_by(text, width, Breaks::Url)
}

/// [`wrap_text`], a word wider than the row broken as `breaks` says.
pub fn wrap_text_by(text: &str, width: usize, breaks: Breaks) -> Vec<String> {
    wrap_by(&[((), text.to_owned())], width.max(1), breaks)
        .into_iter()
        .map(|row| row.into_iter().map(|(_, t)| t).collect())
        .collect()
}
