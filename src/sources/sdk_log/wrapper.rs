//! The logger around an SDK message: what comes before the message on its
//! first line (a timestamp, a level, a thread), java.util.logging's header
//! line before it, or a JSON-lines record (pino, winston's json format) that
//! holds the whole message in one string. From the wrapper come the time and
//! the *shape* of a record start, which tells the next record from a
//! continuation line: the logger prefixes only a message's first line.

use serde_json::Value;

use super::time;

/// How many bytes of a prefix its shape looks at.
const SHAPE_BYTES: usize = 12;

/// A record start's outline: digits, letters and blanks collapsed to one
/// class each, punctuation kept (`2026-12-02T00:28:38 ` → `0-0-0a0:0:0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    classes: [u8; SHAPE_BYTES],
    len: u8,
}

fn class(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b'0',
        b'a'..=b'z' | b'A'..=b'Z' => b'a',
        b' ' | b'\t' => b' ',
        other => other,
    }
}

impl Shape {
    /// The shape of a prefix; None when it is blank (then only a message's own
    /// structure tells where it ends).
    pub fn of(prefix: &[u8]) -> Option<Shape> {
        if prefix.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let mut shape = Shape {
            classes: [0; SHAPE_BYTES],
            len: 0,
        };
        for &b in prefix.iter().take(SHAPE_BYTES) {
            let c = class(b);
            if shape.len == 0 || shape.classes[shape.len as usize - 1] != c {
                shape.classes[shape.len as usize] = c;
                shape.len += 1;
            }
        }
        Some(shape)
    }

    /// Whether `line` starts the way this shape's records do.
    pub fn starts(&self, line: &[u8]) -> bool {
        let mut n = 0usize;
        let mut last = 0u8;
        for &b in line {
            let c = class(b);
            if n > 0 && c == last {
                continue;
            }
            if n == self.len as usize {
                return true;
            }
            if self.classes[n] != c {
                return false;
            }
            last = c;
            n += 1;
        }
        n == self.len as usize
    }
}

/// What the wrapper of one message gives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wrapper {
    pub time: Option<String>,
    pub shape: Option<Shape>,
}

/// The wrapper of a message whose first line is `prefix` + message; `previous`
/// is the line before (java.util.logging puts its header there and the level,
/// `INFO: `, before the message).
pub fn plain(prefix: &[u8], previous: Option<&[u8]>) -> Wrapper {
    if let Some(header) = previous.filter(|h| is_jul_level(prefix) && is_jul_header(h)) {
        return Wrapper {
            time: time::find(header),
            shape: Shape::of(header),
        };
    }
    Wrapper {
        time: time::find(prefix),
        shape: Shape::of(prefix),
    }
}

/// `INFO: `, `WARNING: `, `FINE: `: a JUL level before the message.
fn is_jul_level(prefix: &[u8]) -> bool {
    prefix
        .strip_suffix(b": ")
        .is_some_and(|l| !l.is_empty() && l.iter().all(u8::is_ascii_uppercase))
}

/// Worth keeping as a possible JUL header: starts like `Dec 02, 2026`.
pub fn may_be_jul_header(line: &[u8]) -> bool {
    line.len() > 12
        && line[0].is_ascii_uppercase()
        && line[1].is_ascii_lowercase()
        && line[2].is_ascii_lowercase()
        && line[3] == b' '
        && line[4].is_ascii_digit()
}

fn is_jul_header(line: &[u8]) -> bool {
    may_be_jul_header(line) && time::find(&line[..line.len().min(40)]).is_some()
}

/// One JSON-lines record holding an SDK message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonRecord {
    pub message: String,
    pub time: Option<String>,
}

/// Fields that hold the message in the JSON-lines loggers people use.
const MESSAGE_FIELDS: [&str; 4] = ["msg", "message", "@message", "log"];
const TIME_FIELDS: [&str; 4] = ["time", "timestamp", "@timestamp", "ts"];

/// Whether a line looks like a JSON-lines record (worth parsing as one).
pub fn looks_like_json_record(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    t.first() == Some(&b'{') && t.last() == Some(&b'}')
}

/// The record's message field and time, when `line` is a JSON object.
pub fn json_record(line: &[u8], holds: impl Fn(&str) -> bool) -> Option<JsonRecord> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(line.trim_ascii()) else {
        return None;
    };
    let message = MESSAGE_FIELDS
        .iter()
        .filter_map(|f| map.get(*f).and_then(Value::as_str))
        .find(|m| holds(m))?
        .to_string();
    let time = TIME_FIELDS
        .iter()
        .find_map(|f| map.get(*f))
        .and_then(|t| match t {
            Value::Number(n) => n.as_i64().map(time::from_epoch_millis),
            Value::String(s) => time::find(s.as_bytes()).or_else(|| Some(s.clone())),
            _ => None,
        });
    Some(JsonRecord { message, time })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(p: &str) -> Shape {
        Shape::of(p.as_bytes()).expect("a shape")
    }

    #[test]
    fn a_record_start_is_told_from_a_continuation_line() {
        let s = shape("2026-12-01 23:58:28,211 INFO shop.payments.connect: ");
        assert!(s.starts(b"2026-12-01 23:58:29,001 WARNING django: x"));
        assert!(!s.starts(b"    \"cardNumber\": \"************7977\","));
        assert!(!s.starts(b"}'"));
        assert!(!s.starts(b"Traceback (most recent call last):"));
        let django = shape("[2026-12-02 00:01:50,294] INFO [shop.payments.connect:52] ");
        assert!(django.starts(b"[2026-12-02 00:01:51 +0000] [3135] [ERROR] Worker"));
        let ruby = shape("I, [2026-12-02T00:27:06.626314 #6045]  INFO -- : ");
        assert!(ruby.starts(b"W, [2026-12-02T00:27:07.000001 #6045]  WARN -- : x"));
        assert!(!ruby.starts(b"  \"order\": {"));
        assert_eq!(Shape::of(b""), None);
        assert_eq!(Shape::of(b"  "), None);
    }

    #[test]
    fn java_util_logging_header_gives_time_and_shape() {
        let header = b"Dec 12, 2026 12:29:52 AM com.worldline.connect.sdk.java.logging.JdkCommunicatorLogger log";
        assert!(may_be_jul_header(header));
        let w = plain(b"INFO: ", Some(header));
        assert_eq!(w.time.as_deref(), Some("2026-12-12T00:29:52"));
        assert!(w.shape.expect("shape").starts(header));
        assert!(!w.shape.expect("shape").starts(b"INFO: Incoming response"));
        let no_header = plain(b"INFO: ", Some(b"something else"));
        assert_eq!(no_header.time, None);
    }

    #[test]
    fn pino_and_winston_json_records() {
        let pino = br#"{"level":30,"time":1796169570917,"msg":"Request with Message ID: x, GET to /p, headers: {\n}, body: "}"#;
        assert!(looks_like_json_record(pino));
        let r = json_record(pino, |m| m.contains("Message ID")).expect("record");
        assert_eq!(r.time.as_deref(), Some("2026-12-01T23:59:30.917Z"));
        assert!(r.message.starts_with("Request with Message ID: x, GET"));
        let winston = br#"{"message":"Outgoing request (requestId='a'):","level":"info","timestamp":"2026-12-01T23:59:29.732Z"}"#;
        let r = json_record(winston, |m| m.contains("Outgoing")).expect("record");
        assert_eq!(r.time.as_deref(), Some("2026-12-01T23:59:29.732Z"));
        assert_eq!(json_record(br#"{"msg": "Outgoing"#, |_| true), None);
    }
}
