//! The time a logger's prefix gives, as ISO 8601 (`2026-12-02T00:28:38.211`,
//! with `Z` or `+01:00` when the log says): the year-first forms of every
//! SDK's default logger, java.util.logging's `Dec 02, 2026 12:28:40 AM`, and
//! epoch milliseconds (pino). Nothing is converted between zones.

use crate::connect::datetime::civil_from_days;

/// The first timestamp in `text`, normalised.
pub fn find(text: &[u8]) -> Option<String> {
    (0..text.len()).find_map(|i| {
        let rest = &text[i..];
        if i > 0 && text[i - 1].is_ascii_digit() {
            return None;
        }
        year_first(rest).or_else(|| month_first(rest))
    })
}

/// Epoch milliseconds (pino's `time`) as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn from_epoch_millis(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let of_day = ms.rem_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let s = of_day / 1000;
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        of_day % 1000
    )
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<&str> {
    let s = b.get(at..at + n)?;
    s.iter()
        .all(u8::is_ascii_digit)
        .then(|| std::str::from_utf8(s).ok())
        .flatten()
}

/// `2026-12-02T00:28:38`, `2026/12/02 00:24:44.297010`, `2026-12-01 23:58:28,211`,
/// then an optional zone: `Z`, `+00:00`, `+0000`, ` +0000`, ` UTC`.
fn year_first(b: &[u8]) -> Option<String> {
    let year = digits(b, 0, 4)?;
    let sep = *b.get(4)?;
    if !(sep == b'-' || sep == b'/') || b.get(7) != Some(&sep) {
        return None;
    }
    let (month, day) = (digits(b, 5, 2)?, digits(b, 8, 2)?);
    if !matches!(b.get(10), Some(b'T' | b' ')) {
        return None;
    }
    let (h, m, s) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let mut out = format!("{year}-{month}-{day}T{h}:{m}:{s}");
    let mut at = 19;
    if matches!(b.get(at), Some(b'.' | b',')) {
        let n = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n > 0 {
            out.push('.');
            out.push_str(std::str::from_utf8(&b[at + 1..at + 1 + n]).ok()?);
            at += 1 + n;
        }
    }
    out.push_str(&zone(&b[at..]));
    Some(out)
}

fn zone(b: &[u8]) -> String {
    if b.first() == Some(&b'Z') {
        return "Z".into();
    }
    if b.starts_with(b" UTC") || b.starts_with(b" GMT") {
        return "Z".into();
    }
    let b = b.strip_prefix(b" ").unwrap_or(b);
    let Some(&sign) = b.first().filter(|c| **c == b'+' || **c == b'-') else {
        return String::new();
    };
    let (Some(h), colon) = (digits(b, 1, 2), b.get(3) == Some(&b':')) else {
        return String::new();
    };
    match digits(b, if colon { 4 } else { 3 }, 2) {
        Some(m) => format!("{}{h}:{m}", sign as char),
        None => String::new(),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// java.util.logging's SimpleFormatter: `Dec 02, 2026 12:28:40 AM`.
fn month_first(b: &[u8]) -> Option<String> {
    let month = MONTHS.iter().position(|m| b.starts_with(m.as_bytes()))? + 1;
    let rest = b.get(3..)?.strip_prefix(b" ")?;
    let dlen = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&dlen) {
        return None;
    }
    let day: u32 = std::str::from_utf8(&rest[..dlen]).ok()?.parse().ok()?;
    let rest = rest[dlen..].strip_prefix(b", ")?;
    let year = digits(rest, 0, 4)?;
    let rest = rest.get(4..)?.strip_prefix(b" ")?;
    let hlen = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&hlen) {
        return None;
    }
    let mut hour: u32 = std::str::from_utf8(&rest[..hlen]).ok()?.parse().ok()?;
    let rest = &rest[hlen..];
    if rest.first() != Some(&b':') || rest.get(3) != Some(&b':') {
        return None;
    }
    let (m, s) = (digits(rest, 1, 2)?, digits(rest, 4, 2)?);
    match rest.get(6..9) {
        Some(b" PM") if hour < 12 => hour += 12,
        Some(b" AM") if hour == 12 => hour = 0,
        _ => {}
    }
    Some(format!("{year}-{month:02}-{day:02}T{hour:02}:{m}:{s}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_logger_prefix_gives_its_time() {
        let cases: [(&str, &str); 10] = [
            ("2026-12-02T00:28:38 Outgoing", "2026-12-02T00:28:38"),
            (
                "2026-12-01 23:58:28,211 INFO x: ",
                "2026-12-01T23:58:28.211",
            ),
            (
                "[2026-12-02 00:01:50,287] INFO [a:1]",
                "2026-12-02T00:01:50.287",
            ),
            (
                "I, [2026-12-02T00:27:06.626314 #6045]  INFO -- : ",
                "2026-12-02T00:27:06.626314",
            ),
            (
                "payments: 2026/12/02 00:24:44.297010 ",
                "2026-12-02T00:24:44.297010",
            ),
            ("2026-12-02T00:25:44+00:00 ", "2026-12-02T00:25:44+00:00"),
            (
                "2026-12-01T23:59:29.732Z INFO [connect-sdk] ",
                "2026-12-01T23:59:29.732Z",
            ),
            (
                "[2026-12-02 00:01:50 +0000] [2944]",
                "2026-12-02T00:01:50+00:00",
            ),
            (
                "2026-12-02 00:28:36.1234|INFO|Shop|",
                "2026-12-02T00:28:36.1234",
            ),
            (
                "Dec 02, 2026 12:28:40 AM com.x.JdkCommunicatorLogger log",
                "2026-12-02T00:28:40",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(find(text.as_bytes()).as_deref(), Some(want), "{text}");
        }
        assert_eq!(
            find(b"Dec 2, 2026 1:05:09 PM x").as_deref(),
            Some("2026-12-02T13:05:09")
        );
        assert_eq!(find(b"INFO shop.payments: "), None);
        assert_eq!(find(b"12026-12-02T00:28:38"), None);
    }

    #[test]
    fn pino_epoch_millis() {
        assert_eq!(
            from_epoch_millis(1_796_169_570_917),
            "2026-12-01T23:59:30.917Z"
        );
    }
}
