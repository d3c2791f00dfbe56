//! Where in the request an id goes: a `{paymentId}` placeholder or a path
//! parameter in the URL, a string value in the body that is an id field's
//! (`"paymentId": …`, `"token": …`), a placeholder, or id-shaped. Found
//! from the cursor's line alone, so a half-typed body still has them; one
//! pass over the line, no recursion.

use std::ops::Range;

use super::is_id_shaped;

/// A place for an id: what is replaced there, and which id it wants (None: any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdPlace {
    /// Characters of the URL.
    Url {
        chars: Range<usize>,
        name: Option<String>,
    },
    /// Characters `chars` of body row `row` (0-based).
    Body {
        row: usize,
        chars: Range<usize>,
        name: Option<String>,
    },
}

impl IdPlace {
    pub fn name(&self) -> Option<&str> {
        match self {
            IdPlace::Url { name, .. } | IdPlace::Body { name, .. } => name.as_deref(),
        }
    }
}

/// The `{name}` placeholder of `url` the cursor (a character index) is in
/// or just after: its characters, braces included, and its name.
pub fn url_placeholder(url: &str, cursor: usize) -> Option<(Range<usize>, String)> {
    placeholders(url)
        .into_iter()
        .find(|(chars, _)| chars.start <= cursor && cursor <= chars.end)
}

/// Every `{name}` of `text` (not `{{name}}`), in characters.
fn placeholders(text: &str) -> Vec<(Range<usize>, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '{' && chars.get(i + 1) != Some(&'{') && (i == 0 || chars[i - 1] != '{') {
            let end = chars[i + 1..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map(|n| i + 1 + n);
            if let Some(end) = end
                && end > i + 1
                && chars[end] == '}'
                && chars.get(end + 1) != Some(&'}')
            {
                found.push((i..end + 1, chars[i + 1..end].iter().collect()));
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// The place for an id at character `col` of body `line` (row `row`): the
/// string value the cursor is in (on its quotes too) when it is an id
/// field's, holds a `{placeholder}` or looks like an id.
pub fn body_place(row: usize, line: &str, col: usize) -> Option<IdPlace> {
    let strings = string_literals(line);
    let at = strings
        .iter()
        .position(|s| s.open <= col && col <= s.close)?;
    let s = &strings[at];
    let chars: Vec<char> = line.chars().collect();
    let after = chars.get(s.close + 1..).unwrap_or(&[]);
    if after.iter().find(|c| !c.is_whitespace()) == Some(&':') {
        return None; // a key, not a value
    }
    // The key this value belongs to: the literal before it, a colon between.
    let key = at.checked_sub(1).and_then(|k| {
        let key = &strings[k];
        let between: String = chars.get(key.close + 1..s.open)?.iter().collect();
        (between.trim() == ":").then(|| chars[key.open + 1..key.close].iter().collect::<String>())
    });
    let content: String = chars[s.open + 1..s.close.min(chars.len())].iter().collect();
    let inner = s.open + 1..s.close;
    let in_content = col.saturating_sub(s.open + 1);
    if let Some((range, name)) = url_placeholder(&content, in_content) {
        return Some(IdPlace::Body {
            row,
            chars: inner.start + range.start..inner.start + range.end,
            name: Some(name),
        });
    }
    let name = key.as_deref().and_then(id_name);
    (name.is_some() || is_id_shaped(&content)).then_some(IdPlace::Body {
        row,
        chars: inner,
        name,
    })
}

/// The id a field of this name holds: `paymentId` its own, `token` a tokenId.
fn id_name(key: &str) -> Option<String> {
    if key == "token" {
        return Some("tokenId".to_owned());
    }
    (key.len() > 2 && key.ends_with("Id") && key != "merchantId").then(|| key.to_owned())
}

/// A string literal of a line: the characters of its opening and closing
/// quotes (the line's end when it is not closed).
struct Literal {
    open: usize,
    close: usize,
}

fn string_literals(line: &str) -> Vec<Literal> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    let mut escaped = false;
    let mut n = 0;
    for (i, c) in line.chars().enumerate() {
        n = i + 1;
        match open {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(o) if c == '"' => {
                found.push(Literal { open: o, close: i });
                open = None;
            }
            Some(_) => {}
            None if c == '"' => open = Some(i),
            None => {}
        }
    }
    if let Some(o) = open {
        found.push(Literal { open: o, close: n });
    }
    found
}
