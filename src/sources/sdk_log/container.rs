//! The records container runtimes and journald put around each line an
//! application writes, taken off before the line is read, so an SDK message
//! logged through `docker logs`, `kubectl logs`, `/var/lib/docker/containers`,
//! `/var/log/pods` or `journalctl -o json` reads as in the plain file:
//!
//! - Docker's json-file: `{"log":"…\n","stream":"stdout","time":"…"}`; a
//!   line over 16 KB comes as several records, all but the last without the
//!   final `\n`, joined here;
//! - CRI (containerd, CRI-O): `TIME stdout F message`, `P` records joined
//!   until the `F` one;
//! - journald's JSON export: the `MESSAGE` field, a string or (for bytes
//!   that are not printable UTF-8) an array of numbers; a message of several
//!   lines is read as those lines.
//!
//! Told line by line (a line that is none of them is a plain line), so a file
//! needs no flag. The record's time is the message's when its own line has
//! none. A joined line keeps at most the line cap, like any line.

use std::borrow::Cow;

use serde::Deserialize;

use super::lines::Line;
use super::time;

/// What a raw line turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Unwrapped {
    /// No record around it: read the line as it is.
    Plain,
    /// Part of a line that goes on in the next record.
    Held,
    /// A whole line (or several) is in [`Unwrapper::text`].
    Ready,
}

/// Takes the records off, joining partial ones; the text of the latest
/// whole record stays in `text` (reused, not allocated per line).
#[derive(Debug, Default)]
pub(super) struct Unwrapper {
    /// The unwrapped text (`\n` between lines, none at the end).
    pub text: Vec<u8>,
    /// Where it came from: the first record's number and offset, the last
    /// record's end; whether the cap cut it; the first record's time.
    pub number: u64,
    pub offset: u64,
    pub end: u64,
    pub cut: bool,
    pub time: Option<String>,
    /// The line was joined from more than one record.
    pub joined: bool,
    /// A partial record is being joined.
    held: bool,
}

#[derive(Deserialize)]
struct Docker<'a> {
    #[serde(borrow)]
    log: Cow<'a, str>,
    #[serde(borrow, default)]
    time: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JournalMessage<'a> {
    Text(#[serde(borrow)] Cow<'a, str>),
    Bytes(Vec<u8>),
}

#[derive(Deserialize)]
struct Journal<'a> {
    #[serde(rename = "MESSAGE", borrow)]
    message: JournalMessage<'a>,
    #[serde(rename = "__REALTIME_TIMESTAMP", borrow, default)]
    realtime: Option<Cow<'a, str>>,
}

/// `2026-12-02T00:28:38.123456789Z stdout F text`: (time, partial, text).
fn cri(line: &[u8]) -> Option<(&[u8], bool, &[u8])> {
    if line.len() < 20 || !line[..4].iter().all(u8::is_ascii_digit) || line[10] != b'T' {
        return None;
    }
    let space = memchr::memchr(b' ', &line[..line.len().min(64)])?;
    let rest = &line[space + 1..];
    let rest = rest
        .strip_prefix(b"stdout ")
        .or_else(|| rest.strip_prefix(b"stderr "))?;
    let (tag, text) = (rest.first()?, rest.get(1..)?);
    let partial = match tag {
        b'P' => true,
        b'F' => false,
        _ => return None,
    };
    // The tag is followed by a space, or ends an empty line.
    let text = match text.split_first() {
        Some((b' ', text)) => text,
        None => text,
        Some(_) => return None,
    };
    Some((&line[..space], partial, text))
}

impl Unwrapper {
    /// Whether a partial record waits for the rest of its line.
    pub fn is_holding(&self) -> bool {
        self.held
    }

    /// Moves the held record's line number (see `Scanner::shift_lines`).
    pub fn shift_lines(&mut self, delta: u64) {
        if self.held {
            self.number += delta;
        }
    }

    /// Reads one raw line; `max_line` caps a joined line.
    pub fn take(&mut self, line: &Line<'_>, max_line: usize) -> Unwrapped {
        let bytes = line.bytes;
        match bytes.first() {
            Some(b'{') if bytes.starts_with(b"{\"log\":") => self.docker(line, max_line),
            Some(b'{') if memchr::memmem::find(bytes, b"\"MESSAGE\":").is_some() => {
                self.journal(line, max_line)
            }
            Some(b'0'..=b'9') => match cri(bytes) {
                Some((at, partial, text)) => {
                    let at = String::from_utf8_lossy(at);
                    self.append(line, &at, text, max_line);
                    self.done_unless(partial)
                }
                None => Unwrapped::Plain,
            },
            _ => Unwrapped::Plain,
        }
    }

    /// The line held at the end of the input, as it is.
    pub fn flush(&mut self) -> bool {
        std::mem::take(&mut self.held)
    }

    fn docker(&mut self, line: &Line<'_>, max_line: usize) -> Unwrapped {
        let Ok(record) = serde_json::from_slice::<Docker<'_>>(line.bytes) else {
            return Unwrapped::Plain;
        };
        let (text, partial) = match record.log.strip_suffix('\n') {
            Some(text) => (text, false),
            None => (&*record.log, true),
        };
        let at = record.time.as_deref().unwrap_or_default();
        self.append(line, at, text.as_bytes(), max_line);
        self.done_unless(partial)
    }

    fn journal(&mut self, line: &Line<'_>, max_line: usize) -> Unwrapped {
        let Ok(record) = serde_json::from_slice::<Journal<'_>>(line.bytes) else {
            return Unwrapped::Plain;
        };
        let at = record
            .realtime
            .and_then(|us| us.parse::<i64>().ok())
            .map(|us| time::from_epoch_millis(us / 1000))
            .unwrap_or_default();
        let text = match &record.message {
            JournalMessage::Text(t) => t.as_bytes(),
            JournalMessage::Bytes(b) => b.as_slice(),
        };
        let text = text.strip_suffix(b"\n").unwrap_or(text);
        self.append(line, &at, text, max_line);
        self.done_unless(false)
    }

    /// Adds a record's text: a new line unless a partial one is held.
    fn append(&mut self, line: &Line<'_>, at: &str, text: &[u8], max_line: usize) {
        self.joined = self.held;
        if !self.held {
            self.text.clear();
            self.number = line.number;
            self.offset = line.offset;
            self.cut = line.cut;
            self.time = (!at.is_empty())
                .then(|| time::find(at.as_bytes()).unwrap_or_else(|| at.to_string()));
        }
        self.end = line.end;
        self.cut |= line.cut;
        let room = max_line.saturating_sub(self.text.len());
        if text.len() > room {
            self.cut = true;
        }
        self.text.extend_from_slice(&text[..text.len().min(room)]);
    }

    fn done_unless(&mut self, partial: bool) -> Unwrapped {
        self.held = partial;
        if partial {
            Unwrapped::Held
        } else {
            Unwrapped::Ready
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, number: u64) -> Line<'_> {
        Line {
            number,
            bytes: text.as_bytes(),
            cut: false,
            offset: number * 100,
            end: number * 100 + 99,
        }
    }

    #[test]
    fn docker_records_are_joined_until_the_newline() {
        let mut u = Unwrapper::default();
        let a = r#"{"log":"Outgoing request (requestId='a'","stream":"stdout","time":"2026-12-02T00:28:38.123456789Z"}"#;
        let b = r#"{"log":"):\n","stream":"stdout","time":"2026-12-02T00:28:39Z"}"#;
        assert_eq!(u.take(&line(a, 1), 1000), Unwrapped::Held);
        assert!(u.is_holding());
        assert_eq!(u.take(&line(b, 2), 1000), Unwrapped::Ready);
        assert_eq!(u.text, b"Outgoing request (requestId='a'):");
        assert_eq!((u.number, u.offset, u.end), (1, 100, 299));
        assert_eq!(
            u.time.as_deref().map(|t| &t[..19]),
            Some("2026-12-02T00:28:38")
        );
        assert_eq!(u.take(&line("plain text", 3), 1000), Unwrapped::Plain);
    }

    #[test]
    fn cri_partial_and_full_records() {
        let mut u = Unwrapper::default();
        assert_eq!(
            u.take(
                &line("2026-12-02T00:28:38.1Z stdout P   body:   '{", 1),
                1000
            ),
            Unwrapped::Held
        );
        assert_eq!(
            u.take(&line("2026-12-02T00:28:38.2Z stdout F }'", 2), 1000),
            Unwrapped::Ready
        );
        assert_eq!(u.text, b"  body:   '{}'");
        assert_eq!(
            u.take(&line("2026-12-02T00:28:38.3Z stderr F ", 3), 1000),
            Unwrapped::Ready
        );
        assert_eq!(u.text, b"");
        // A plain log whose lines start with a date is no CRI log.
        assert_eq!(
            u.take(&line("2026-12-02 00:28:38,211 INFO x", 4), 1000),
            Unwrapped::Plain
        );
        assert_eq!(
            u.take(&line("2026-12-02T00:28:38 stdout X y", 5), 1000),
            Unwrapped::Plain
        );
    }

    #[test]
    fn journald_text_and_byte_array_messages() {
        let mut u = Unwrapper::default();
        let text = r#"{"__REALTIME_TIMESTAMP":"1796169570917000","MESSAGE":"a\nb","_PID":"7"}"#;
        assert_eq!(u.take(&line(text, 1), 1000), Unwrapped::Ready);
        assert_eq!(u.text, b"a\nb");
        assert_eq!(u.time.as_deref(), Some("2026-12-01T23:59:30.917Z"));
        let bytes = r#"{"MESSAGE":[104,105,255,27]}"#;
        assert_eq!(u.take(&line(bytes, 2), 1000), Unwrapped::Ready);
        assert_eq!(u.text, b"hi\xff\x1b");
        assert_eq!(
            u.take(&line(r#"{"MESSAGE":{"x":1}}"#, 3), 1000),
            Unwrapped::Plain
        );
    }

    #[test]
    fn a_joined_line_keeps_at_most_the_cap() {
        let mut u = Unwrapper::default();
        let part = format!(r#"{{"log":"{}","stream":"stdout"}}"#, "x".repeat(30));
        for n in 1..=5 {
            assert_eq!(u.take(&line(&part, n), 64), Unwrapped::Held);
        }
        assert_eq!(u.take(&line(r#"{"log":"end\n"}"#, 6), 64), Unwrapped::Ready);
        assert_eq!((u.text.len(), u.cut), (64, true));
    }
}
