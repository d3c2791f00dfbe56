use super::pretty::pretty_json;

/// What the bytes turned out to be; decides how they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Empty,
    /// Valid JSON, pretty-printed.
    Json,
    /// Text that is not JSON (an HTML error page, plain text, broken JSON).
    Text,
    /// Not UTF-8 text: shown as a hex summary.
    Binary,
}

/// A body ready to draw: its text (pretty JSON, text, or a hex dump) and where
/// each line starts. Built once, off the UI thread; drawing slices visible lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDoc {
    pub kind: BodyKind,
    pub text: String,
    /// Byte offset where each line starts (u32: half the memory of usize on a
    /// 3-million-line body; bodies stay far below 4 GiB).
    line_starts: Vec<u32>,
    /// Size of the original bytes.
    pub size: usize,
}

/// How much of a binary body the hex summary shows.
const HEX_PREVIEW: usize = 4096;

impl BodyDoc {
    /// Sorts the bytes by what they are, not by what Content-Type claims: a JSON
    /// body sent as text/plain is still shown pretty, an HTML page as text.
    /// Bodies over 4 GiB are not supported (line offsets are u32).
    pub fn build(bytes: &[u8]) -> Self {
        let size = bytes.len();
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Self {
                kind: BodyKind::Empty,
                text: String::new(),
                line_starts: vec![0],
                size,
            };
        }
        // serde's IgnoredAny walks any depth without a limit; the depth check
        // keeps a pathological body from being indented (square of its depth).
        if super::nesting_depth(bytes) <= super::MAX_PRETTY_DEPTH
            && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
        {
            let (text, line_starts) = pretty_json(bytes);
            return Self {
                kind: BodyKind::Json,
                text,
                line_starts,
                size,
            };
        }
        match std::str::from_utf8(bytes) {
            Ok(text) if !looks_binary(text) => Self::text(BodyKind::Text, sanitize(text), size),
            _ => Self::text(BodyKind::Binary, hex_summary(bytes), size),
        }
    }

    /// The first `limit` bytes of a big body, pretty-printed as far as they go,
    /// to show while the whole body is still being indexed. `size` stays the
    /// whole body's size.
    pub fn head(bytes: &[u8], limit: usize) -> Self {
        let mut end = limit.min(bytes.len());
        // Do not cut a UTF-8 sequence: back up to the start of a character.
        while end > 0 && end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
            end -= 1;
        }
        let head = &bytes[..end];
        let json = head
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| matches!(b, b'{' | b'['))
            && super::nesting_depth(head) <= super::MAX_PRETTY_DEPTH;
        if json {
            let (text, line_starts) = pretty_json(head);
            return Self {
                kind: BodyKind::Json,
                text,
                line_starts,
                size: bytes.len(),
            };
        }
        Self::text(
            BodyKind::Text,
            sanitize(&String::from_utf8_lossy(head)),
            bytes.len(),
        )
    }

    fn text(kind: BodyKind, text: String, size: usize) -> Self {
        let line_starts = std::iter::once(0)
            .chain(
                text.match_indices('\n')
                    .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            )
            .collect();
        Self {
            kind,
            text,
            line_starts,
            size,
        }
    }

    pub fn line_count(&self) -> usize {
        if self.kind == BodyKind::Empty {
            0
        } else {
            self.line_starts.len()
        }
    }

    /// The text of line `index` (0-based) without its line break.
    pub fn line(&self, index: usize) -> Option<&str> {
        let start = *self.line_starts.get(index)? as usize;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| *next as usize - 1);
        let line = self.text.get(start..end.max(start))?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Text with many control characters is binary in disguise (e.g. a gzip body
/// that happens to be valid UTF-8).
fn looks_binary(text: &str) -> bool {
    let sample = text.chars().take(4096);
    let (mut control, mut total) = (0usize, 0usize);
    for c in sample {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            control += 1;
        }
    }
    total > 0 && control * 10 > total
}

/// Control characters would move the terminal's cursor: show them as symbols.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn hex_summary(bytes: &[u8]) -> String {
    let mut out = format!(
        "binary body, {} bytes; first {} shown\n",
        bytes.len(),
        bytes.len().min(HEX_PREVIEW)
    );
    for (row, chunk) in bytes[..bytes.len().min(HEX_PREVIEW)].chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!(
            "{:08x}  {:<47}  {}\n",
            row * 16,
            hex.join(" "),
            ascii
        ));
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_pretty_printed_and_indexed_by_line() {
        let doc = BodyDoc::build(br#"{"result":"OK"}"#);
        assert_eq!(doc.kind, BodyKind::Json);
        assert_eq!(doc.line_count(), 3);
        assert_eq!(doc.line(1), Some(r#"  "result": "OK""#));
        assert_eq!(doc.line(3), None);
    }

    #[test]
    fn html_is_text_with_crlf_stripped() {
        let doc = BodyDoc::build(b"<html>\r\n<b>502</b>\r\n</html>");
        assert_eq!(doc.kind, BodyKind::Text);
        assert_eq!(doc.line(1), Some("<b>502</b>"));
    }

    #[test]
    fn the_head_of_a_big_body_is_pretty_as_far_as_it_goes() {
        let body = format!(
            "{{\"payments\":[{}]}}",
            vec![r#"{"id":"é1"}"#; 1000].join(",")
        );
        let doc = BodyDoc::head(body.as_bytes(), 100);
        assert_eq!(doc.kind, BodyKind::Json);
        assert_eq!(doc.size, body.len());
        assert_eq!(doc.line(1), Some("  \"payments\": ["));
        assert!(
            doc.line_count() < 40,
            "only the head: {} lines",
            doc.line_count()
        );
    }

    #[test]
    fn empty_and_whitespace_bodies_are_empty() {
        assert_eq!(BodyDoc::build(b"").kind, BodyKind::Empty);
        assert_eq!(BodyDoc::build(b" \n").line_count(), 0);
    }

    #[test]
    fn invalid_utf8_is_a_hex_summary() {
        let doc = BodyDoc::build(&[0xff, 0xfe, 0x00, 0x41]);
        assert_eq!(doc.kind, BodyKind::Binary);
        assert!(doc.line(0).is_some_and(|l| l.contains("4 bytes")));
        assert!(
            doc.line(1)
                .is_some_and(|l| l.starts_with("00000000  ff fe 00 41"))
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let doc = BodyDoc::build(b"plain \x1b[2J text");
        assert!(!doc.text.contains('\x1b'));
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn pathological_nesting_is_shown_as_text_in_linear_memory() {
        let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
        let doc = BodyDoc::build(deep.as_bytes());
        assert_eq!(doc.kind, BodyKind::Text);
        assert_eq!(doc.line_count(), 1);
        assert!(doc.text.len() <= deep.len() * 4);
        let head = BodyDoc::head(deep.as_bytes(), 64 * 1024);
        assert_eq!(head.kind, BodyKind::Text);
    }

    #[test]
    fn ordinary_nesting_is_still_pretty() {
        let nested = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(BodyDoc::build(nested.as_bytes()).kind, BodyKind::Json);
    }
}
