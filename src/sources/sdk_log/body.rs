//! A logged body as its lines arrive: the text kept up to a cap, and whether
//! the message may end after the latest line. JSON bodies end where their
//! brackets balance (strings and escapes respected, masks like `***` are just
//! words); a body in quotes (`body:         '…'`) ends with a line ending in
//! `'`; anything else ends where the next record starts. The text is kept as
//! bytes and read as UTF-8 once, when the body is complete: a check per line
//! costs more than the check of the whole.

/// What a body's text starts with room for.
const INITIAL_CAPACITY: usize = 2048;

/// Bracket depth across lines, outside strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    depth: i64,
    in_string: bool,
}

impl Depth {
    /// Feeds one line; returns the byte offset just past the bracket that
    /// brings the depth back to 0, if one does. A string never spans lines in
    /// what the SDKs log, so an unclosed one ends with its line.
    pub fn feed(&mut self, text: &[u8]) -> Option<usize> {
        // Pretty-printed bodies are mostly indentation and strings: skip the first fast.
        let mut i = text.iter().position(|b| *b != b' ').unwrap_or(text.len());
        let mut found = None;
        while i < text.len() {
            if self.in_string {
                match memchr::memchr2(b'"', b'\\', &text[i..]) {
                    None => break,
                    Some(p) => i += p,
                }
                if text[i] == b'\\' {
                    i += 2;
                } else {
                    self.in_string = false;
                    i += 1;
                }
                continue;
            }
            match text[i] {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        found = Some(i + 1);
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.in_string = false;
        found
    }

    pub fn closed(&self) -> bool {
        self.depth <= 0
    }
}

/// Where a message stands after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// More is needed: an interruption now leaves a fragment.
    Open,
    /// It may end here; lines that are clearly continuations extend it.
    MayEnd,
    /// It is complete.
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Json {
    Unknown,
    Yes(Depth),
    No,
}

/// The body of a message being read.
#[derive(Debug, Clone)]
pub struct BodyText {
    text: Vec<u8>,
    quoted: bool,
    json: Json,
    /// The latest content ends with the closing quote.
    ends_quoted: bool,
    lines: usize,
    max_bytes: usize,
    pub cut: bool,
    pub lossy: bool,
}

impl BodyText {
    /// A body whose first line (after `body:` and its padding) is `first`.
    pub fn begin(first: &str, quoted: bool, max_bytes: usize) -> BodyText {
        let mut b = BodyText {
            // Room for a typical pretty body at once: growing a String from
            // nothing copies it about ten times on the way to a few KiB.
            text: Vec::with_capacity(INITIAL_CAPACITY.min(max_bytes)),
            quoted,
            json: Json::Unknown,
            ends_quoted: false,
            lines: 0,
            max_bytes,
            cut: false,
            lossy: false,
        };
        let first = if quoted {
            first.strip_prefix('\'').unwrap_or(first)
        } else {
            first
        };
        b.push(first.as_bytes());
        b
    }

    /// Takes a line that may continue the body: one that may already be
    /// whole goes on only when a prefix tells the next record apart. None: the
    /// line is not this body's.
    pub fn extend(&mut self, line: &[u8], prefixed: bool) -> Option<Progress> {
        if self.progress() != Progress::Open && !prefixed {
            return None;
        }
        self.push(line);
        Some(self.progress())
    }

    /// The next line of the body.
    pub fn push(&mut self, line: &[u8]) {
        if self.lines > 0 {
            self.keep(b"\n");
        }
        self.lines += 1;
        self.keep(line);
        if self.json == Json::Unknown {
            match first_after_space(line) {
                Some('{' | '[') => self.json = Json::Yes(Depth::default()),
                Some(_) => self.json = Json::No,
                None => {}
            }
        }
        if let Json::Yes(depth) = &mut self.json {
            depth.feed(line);
        }
        self.ends_quoted = self.quoted && line.ends_with(b"'");
    }

    fn keep(&mut self, text: &[u8]) {
        if self.cut {
            return;
        }
        if self.text.len() + text.len() > self.max_bytes {
            let mut end = self
                .max_bytes
                .saturating_sub(self.text.len())
                .min(text.len());
            // Not inside a character: back to the byte that starts it.
            while end > 0 && end < text.len() && (text[end] as i8) < -0x40 {
                end -= 1;
            }
            self.text.extend_from_slice(&text[..end]);
            self.cut = true;
            return;
        }
        self.text.extend_from_slice(text);
    }

    pub fn progress(&self) -> Progress {
        let json_closed = match self.json {
            Json::Yes(d) => Some(d.closed()),
            _ => None,
        };
        if self.quoted {
            if self.lines == 1 && self.text == b"'" {
                return Progress::Done; // ''
            }
            return match (self.ends_quoted, json_closed) {
                (true, Some(true)) => Progress::Done,
                // A line ending in ' inside unbalanced JSON (an old Java mask
                // that ate the rest): it may still be the end.
                (true, _) => Progress::MayEnd,
                (false, _) => Progress::Open,
            };
        }
        match json_closed {
            _ if self.text.is_empty() => Progress::Done,
            Some(true) => Progress::Done,
            Some(false) => Progress::Open,
            None => Progress::MayEnd,
        }
    }

    /// Whether the body as read so far is a whole body.
    pub fn complete(&self) -> bool {
        !self.quoted || self.ends_quoted || self.cut
    }

    /// The body text, without its closing quote (bytes that are not UTF-8
    /// as U+FFFD).
    #[cfg(test)]
    pub fn into_text(self) -> String {
        self.finish().text
    }

    /// The body as text: bytes that are not UTF-8 become U+FFFD, and the text
    /// stays within the cap however many there were (each replaced byte
    /// takes three).
    pub fn finish(mut self) -> Finished {
        if self.quoted && self.ends_quoted && !self.cut {
            self.text.pop();
        }
        // A short body leaves most of its first room unused: not kept while
        // the exchange waits or is held.
        if self.text.capacity() > 2 * self.text.len() + 64 {
            self.text.shrink_to_fit();
        }
        match String::from_utf8(self.text) {
            Ok(text) => Finished {
                text,
                lossy: false,
                cut: false,
            },
            Err(e) => {
                let (text, cut) = lossy_within(e.as_bytes(), self.max_bytes);
                Finished {
                    text,
                    lossy: true,
                    cut,
                }
            }
        }
    }
}

/// A body read as text.
#[derive(Debug)]
pub struct Finished {
    pub text: String,
    /// Some bytes were not UTF-8.
    pub lossy: bool,
    /// Their replacements took the text past the cap: it was cut there.
    pub cut: bool,
}

/// `bytes` as text with U+FFFD for what is not UTF-8, at most `max` bytes
/// of it (cut on a character boundary), built piece by piece: never a
/// whole replaced copy beside the bytes. True when it was cut.
fn lossy_within(bytes: &[u8], max: usize) -> (String, bool) {
    let mut out = String::with_capacity(bytes.len().min(max));
    for chunk in bytes.utf8_chunks() {
        let replaced = if chunk.invalid().is_empty() {
            ""
        } else {
            "\u{fffd}"
        };
        for piece in [chunk.valid(), replaced] {
            if out.len() + piece.len() > max {
                let mut end = max - out.len();
                while !piece.is_char_boundary(end) {
                    end -= 1;
                }
                out.push_str(&piece[..end]);
                return (out, true);
            }
            out.push_str(piece);
        }
    }
    (out, false)
}

/// The first character of `line` after its leading white space (Unicode's,
/// as `str::trim_start` has it): the ASCII kind checked on the bytes, the
/// rest (rare) on the line read as text.
fn first_after_space(line: &[u8]) -> Option<char> {
    let rest = line.trim_ascii_start();
    match rest.first() {
        Some(&b) if b.is_ascii() && b != 0x0b => Some(char::from(b)),
        Some(_) => String::from_utf8_lossy(rest).trim_start().chars().next(),
        None => None,
    }
}

/// A message's body before and after its first line: a cut or lossy line
/// met before the body started still marks it.
#[derive(Debug, Default)]
pub struct PendingBody {
    body: Option<BodyText>,
    cut: bool,
    lossy: bool,
}

impl PendingBody {
    /// The body begins; returns its progress.
    pub fn start(&mut self, mut body: BodyText) -> Progress {
        body.cut |= self.cut;
        body.lossy |= self.lossy;
        let progress = body.progress();
        self.body = Some(body);
        progress
    }

    pub fn get_mut(&mut self) -> Option<&mut BodyText> {
        self.body.as_mut()
    }

    pub fn mark_cut(&mut self) {
        self.cut = true;
        if let Some(b) = &mut self.body {
            b.cut = true;
        }
    }

    pub fn mark_lossy(&mut self) {
        self.lossy = true;
        if let Some(b) = &mut self.body {
            b.lossy = true;
        }
    }

    pub fn into_inner(self) -> Option<BodyText> {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_respects_strings_and_escapes() {
        let mut d = Depth::default();
        assert_eq!(d.feed(br#"{"a": "}\"{", "b": [1, {"c": ***}]"#), None);
        assert_eq!(d.feed(b"}, body: "), Some(1));
        let mut d = Depth::default();
        assert_eq!(d.feed(br#"{"k": "a\\"}'"#), Some(12));
    }

    #[test]
    fn quoted_json_ends_with_its_closing_quote() {
        let mut b = BodyText::begin("'{", true, 1000);
        assert_eq!(b.progress(), Progress::Open);
        b.push(b"    \"cvv\": ***");
        b.push(b"}'");
        assert_eq!(b.progress(), Progress::Done);
        assert_eq!(b.into_text(), "{\n    \"cvv\": ***\n}");
        let compact = BodyText::begin("'{\"result\":\"OK\"}'", true, 1000);
        assert_eq!(compact.progress(), Progress::Done);
        assert_eq!(BodyText::begin("''", true, 10).progress(), Progress::Done);
        assert_eq!(BodyText::begin("''", true, 10).into_text(), "");
    }

    #[test]
    fn unquoted_bodies() {
        assert_eq!(BodyText::begin("", false, 10).progress(), Progress::Done);
        assert_eq!(
            BodyText::begin("{\"a\":1}", false, 10).progress(),
            Progress::Done
        );
        assert_eq!(BodyText::begin("{", false, 10).progress(), Progress::Open);
        assert_eq!(
            BodyText::begin("<html>", false, 10).progress(),
            Progress::MayEnd
        );
    }

    #[test]
    fn the_cap_cuts_on_a_character_boundary() {
        let mut b = BodyText::begin("{\"é\": 1,", false, 3);
        b.push(b"}");
        assert!(b.cut);
        assert_eq!(b.progress(), Progress::Done);
        assert_eq!(b.into_text(), "{\"");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_replaced_once_the_body_is_whole() {
        let mut b = BodyText::begin("{\"name\": \"", false, 1000);
        b.push(b"caf\xe9\", \"ok\": \"\xc3\xa9\"}");
        let done = b.finish();
        assert!(done.lossy && !done.cut);
        assert_eq!(
            done.text,
            "{\"name\": \"\ncaf\u{fffd}\", \"ok\": \"\u{e9}\"}"
        );
        assert!(
            !BodyText::begin("{\"a\": \"\u{e9}\"}", false, 100)
                .finish()
                .lossy
        );
    }

    #[test]
    fn replaced_bytes_keep_the_body_within_its_cap() {
        // Each byte that is not UTF-8 becomes three: 30 of them are 90 bytes of text.
        let mut b = BodyText::begin("", false, 40);
        b.push(&[0xff; 30]);
        let done = b.finish();
        assert!(done.lossy && done.cut);
        // The line break after the empty first line, then as many as fit.
        assert_eq!(done.text, format!("\n{}", "\u{fffd}".repeat(13)));
        assert!(done.text.len() <= 40);
    }

    #[test]
    fn a_json_body_may_start_after_any_white_space() {
        for first in ["  {", "\u{a0}{", "\u{3000}[", "\u{b}{"] {
            let b = BodyText::begin(first, false, 100);
            assert_eq!(b.progress(), Progress::Open, "{first:?}");
        }
        assert_eq!(
            BodyText::begin("\u{a0}x", false, 100).progress(),
            Progress::MayEnd
        );
    }
}
