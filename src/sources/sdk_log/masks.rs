//! The values an SDK masked in a logged body, with their paths and places.
//! The body may be invalid JSON (`"cvv": ***`), so this is a tolerant,
//! iterative walk (no recursion: a deeply nested body costs a heap stack).

use super::model::Masked;
use crate::locate::push_name;

/// The names every SDK masks (case-insensitive here: PHP compares so, and a
/// custom rule may use any case).
const MASKED_NAMES: [&str; 15] = [
    "cardNumber",
    "iban",
    "accountNumber",
    "reformattedAccountNumber",
    "expiryDate",
    "cvv",
    "value",
    "bin",
    "keyId",
    "secretKey",
    "publicKey",
    "userAuthenticationToken",
    "encryptedPayload",
    "decryptedPayload",
    "encryptedCustomerInput",
];

/// Deeper than this the walk stops (a body is not nested that deep).
const MAX_DEPTH: usize = 10_000;

enum Frame {
    /// The current key as a span of the text (quotes excluded).
    Object {
        key: Option<(usize, usize)>,
        want_key: bool,
    },
    Array {
        index: usize,
    },
}

/// Whether a value under `key` is a mask: stars under one of the masked
/// names, or a value that is nothing but stars (a custom rule's mask), or
/// stars with at most 6 characters kept at one end.
fn is_mask(key: Option<&str>, value: &str) -> bool {
    let stars = value.bytes().filter(|b| *b == b'*').count();
    if stars == 0 {
        return false;
    }
    if key.is_some_and(|k| MASKED_NAMES.iter().any(|n| n.eq_ignore_ascii_case(k))) {
        return true;
    }
    // The kept part sits at one end: `************7977`, `123456******`.
    let kept = value.trim_matches('*');
    let one_end = kept.is_empty() || value.starts_with('*') != value.ends_with('*');
    stars >= 3 && kept.len() <= 6 && one_end && kept.bytes().all(|c| c.is_ascii_alphanumeric())
}

/// Every masked value in `text`, in text order.
pub fn find(text: &str) -> Vec<Masked> {
    // Nothing after the last star can be a mask: the walk stops there (card
    // data sits near the top of a payment request).
    let Some(last_star) = memchr::memrchr(b'*', text.as_bytes()) else {
        return Vec::new();
    };
    let b = text.as_bytes();
    let mut found: Vec<(usize, String, String, bool)> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i <= last_star {
        match b[i] {
            b'{' | b'[' => {
                if stack.len() >= MAX_DEPTH {
                    break;
                }
                stack.push(if b[i] == b'{' {
                    Frame::Object {
                        key: None,
                        want_key: true,
                    }
                } else {
                    Frame::Array { index: 0 }
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Array { index }) => *index += 1,
                    Some(Frame::Object { key, want_key }) => {
                        *key = None;
                        *want_key = true;
                    }
                    None => {}
                }
                i += 1;
            }
            b':' => {
                if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                    *want_key = false;
                }
                i += 1;
            }
            b'"' => {
                let (content_end, end) = string_end(b, i);
                let span = (i + 1, content_end);
                match stack.last_mut() {
                    Some(Frame::Object {
                        key,
                        want_key: true,
                    }) => *key = Some(span),
                    _ => {
                        let raw = &text[span.0..span.1];
                        // Masks are stars and letters: a value without a star
                        // needs no unescaping to be ruled out.
                        if raw.contains('*') {
                            let value = unescape(raw);
                            if is_mask(current_key(text, &stack).as_deref(), &value) {
                                found.push((i, path(text, &stack), value, true));
                            }
                        }
                    }
                }
                i = end;
            }
            b' ' | b'\n' | b'\r' | b'\t' => i += 1,
            _ => {
                let end = b[i..]
                    .iter()
                    .position(|c| {
                        matches!(c, b',' | b'}' | b']' | b':' | b'"') || c.is_ascii_whitespace()
                    })
                    .map_or(b.len(), |p| i + p);
                let word = &text[i..end];
                let as_key = matches!(stack.last(), Some(Frame::Object { want_key: true, .. }));
                if !as_key
                    && word.contains('*')
                    && is_mask(current_key(text, &stack).as_deref(), word)
                {
                    found.push((i, path(text, &stack), word.to_string(), false));
                }
                i = end.max(i + 1);
            }
        }
    }
    place(text, found)
}

/// Where the string opening at the quote `at` ends: (end of its content,
/// offset to go on from). An unclosed string ends with its line.
fn string_end(b: &[u8], at: usize) -> (usize, usize) {
    let mut i = at + 1;
    while let Some(p) = memchr::memchr3(b'"', b'\\', b'\n', &b[i..]) {
        i += p;
        match b[i] {
            b'"' => return (i, i + 1),
            b'\n' => return (i, i),
            _ if i + 1 < b.len() && b[i + 1] != b'\n' => i += 2,
            _ => return (i, i + 1),
        }
    }
    (b.len(), b.len())
}

/// A string's text with its escapes read (as JSON reads them when it can).
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.replace('\\', ""))
}

fn current_key(text: &str, stack: &[Frame]) -> Option<String> {
    match stack.last() {
        Some(Frame::Object {
            key: Some((s, e)), ..
        }) => Some(unescape(&text[*s..*e])),
        _ => None,
    }
}

fn path(text: &str, stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object {
                key: Some((s, e)), ..
            } => {
                if !out.is_empty() {
                    out.push('.');
                }
                push_name(&mut out, &unescape(&text[*s..*e]));
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() { "$".to_string() } else { out }
}

/// Byte offsets → 1-based line and column (characters), in one pass.
fn place(text: &str, found: Vec<(usize, String, String, bool)>) -> Vec<Masked> {
    let mut line = 1;
    let mut line_start = 0;
    let mut scanned = 0;
    found
        .into_iter()
        .map(|(offset, path, value, quoted)| {
            for (p, _) in text[scanned..offset].match_indices('\n') {
                line += 1;
                line_start = scanned + p + 1;
            }
            scanned = offset;
            let column = text[line_start..offset].chars().count() + 1;
            Masked {
                path,
                value,
                quoted,
                line,
                column,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(m: &[Masked]) -> Vec<(String, String, bool, usize, usize)> {
        m.iter()
            .map(|m| (m.path.clone(), m.value.clone(), m.quoted, m.line, m.column))
            .collect()
    }

    #[test]
    fn masks_in_a_pretty_body_with_paths_and_places() {
        let body = "{\n    \"card\": {\n        \"cardNumber\": \"************7977\",\n        \"cvv\": \"***\",\n        \"expiryDate\": \"**99\"\n    },\n    \"items\": [{\"keyId\": \"********\"}]\n}";
        assert_eq!(
            short(&find(body)),
            vec![
                (
                    "card.cardNumber".into(),
                    "************7977".into(),
                    true,
                    3,
                    23
                ),
                ("card.cvv".into(), "***".into(), true, 4, 16),
                ("card.expiryDate".into(), "**99".into(), true, 5, 23),
                ("items[0].keyId".into(), "********".into(), true, 7, 25),
            ]
        );
    }

    #[test]
    fn an_unquoted_mask_in_invalid_json() {
        let body = r#"{"card":{"cvv":***,"name":"Wile E. Coyote"},"amount":2980}"#;
        assert_eq!(
            short(&find(body)),
            vec![("card.cvv".into(), "***".into(), false, 1, 16)]
        );
    }

    #[test]
    fn stars_in_ordinary_text_are_no_mask() {
        assert!(find(r#"{"note": "5 * 3 = 15", "rating": "***** great"}"#).is_empty());
        assert_eq!(find(r#"{"custom": "********"}"#).len(), 1);
        assert!(find("no stars").is_empty());
        let unclosed = find("{\"cvv\": \"***é\n}");
        assert_eq!(
            unclosed[0].value, "***é",
            "an unclosed string ends with its line"
        );
        assert_eq!(
            find("{\"cvv\": \"**\\").len(),
            1,
            "a string cut after a backslash"
        );
        let deep = "[".repeat(100_000);
        assert!(find(&(deep + "\"***\"")).is_empty());
    }
}
