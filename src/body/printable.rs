//! The one sanitiser for text printed to a terminal by any subcommand: bytes
//! from a server or a file must not move the cursor, write the clipboard
//! (OSC 52), retitle the window or disguise text with bidi overrides.
//! Controls, ESC, DEL, C1 and the bidi embedding/override/isolate marks are
//! shown visibly escaped (`\x1b`, `\u{202e}`). `--json` output and exports
//! written to files keep the exact bytes and do not come through here.

use std::borrow::Cow;
use std::fmt::Write;

/// One field (a code, a message, a path): every control is escaped, line breaks included.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// A document of several lines: line breaks are kept, everything else escaped.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// JSON text with DEL, the C1 controls and the bidi marks written as
/// `\uXXXX`: the same JSON value, safe to print to a terminal (serde_json
/// escapes only what is below U+0020). Such characters occur only inside
/// strings, where the escape means the same character.
pub fn terminal_safe_json(json: &str) -> Cow<'_, str> {
    let risky = |c: char| c.is_control() || needs_escape(c, true);
    if json.bytes().all(|b| plain_byte(b, true)) || !json.chars().any(risky) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) && c != '\n' && c != '\t' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' => !keep_newlines,
        '\t' => false,
        c if c.is_control() => true,
        // LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM, ALM; the line
        // and paragraph separators (a line break to some terminals); the
        // invisible zero-width space and byte order mark.
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{200b}'
        | '\u{feff}' => true,
        _ => false,
    }
}

/// Printable ASCII, a tab, or a kept line break: the bytes most text is
/// made of, checked without decoding characters.
fn plain_byte(b: u8, keep_newlines: bool) -> bool {
    (0x20..0x7f).contains(&b) || b == b'\t' || (keep_newlines && b == b'\n')
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if text.bytes().all(|b| plain_byte(b, keep_newlines))
        || !text.chars().any(|c| needs_escape(c, keep_newlines))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !needs_escape(c, keep_newlines) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_marks_are_shown_not_obeyed() {
        let osc52 = "code\u{1b}]52;c;aGk=\u{7}";
        assert_eq!(printable(osc52), "code\\x1b]52;c;aGk=\\x07");
        assert_eq!(printable("pay\u{202e}txt.exe"), "pay\\u{202e}txt.exe");
        assert_eq!(printable("a\u{9b}31m\u{7f}"), "a\\x9b31m\\x7f");
        assert_eq!(printable("line\nforged"), "line\\x0aforged");
        assert_eq!(printable("cr\rover"), "cr\\x0dover");
    }

    #[test]
    fn plain_text_is_borrowed_and_documents_keep_their_lines() {
        assert!(matches!(printable("21000120 expiryDate"), Cow::Borrowed(_)));
        assert_eq!(printable_lines("a\nb\u{1b}[2J"), "a\nb\\x1b[2J");
        assert_eq!(printable("tab\tkept"), "tab\tkept");
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_risky_characters() {
        let value = serde_json::json!({"m": "a\u{9b}31mb\u{202e}c\u{7f}", "n": 1});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = terminal_safe_json(&text);
        assert!(safe.contains("a\\u009b31mb\\u202ec\\u007f"), "{safe}");
        assert!(!safe.chars().any(|c| c.is_control() && c != '\n'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
