//! The first line of an SDK message: which SDK family wrote it, request,
//! response or error, its requestId and what the first line carries (Node's
//! method and path, PHP's endpoint, the duration). The markers are the SDKs'
//! own template words, as the team's notes on the SDKs' logs list them
//! (`shared/sdk-logs.md` beside the repository).

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::model::Sdk;

/// Request, response, or the SDK's error line for a call without response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Request,
    Response,
    Error,
}

/// How the rest of the message is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `  method:       'GET'` field lines (Java, .NET, Python, Ruby, Go).
    Fields,
    /// `headers: {…}, body: …` (Node).
    Node,
    /// An HTTP request or status line, header lines, a blank line, the body (PHP).
    Php,
}

/// A recognised first line.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    pub kind: Kind,
    pub layout: Layout,
    pub sdk: Sdk,
    /// False when the first line fits several SDKs (a Java, .NET or Ruby request).
    pub sdk_certain: bool,
    pub request_id: String,
    /// Byte offset of the message in the line: what comes before is the logger's.
    pub at: usize,
    pub elapsed_ms: Option<f64>,
    pub endpoint: Option<String>,
    /// Node's method and path, on the first line.
    pub method: Option<String>,
    pub uri: Option<String>,
    /// Node's status, on the first line.
    pub status: Option<u16>,
    /// What follows the part recognised: Node's `{` of the headers, an error's text.
    pub rest: String,
}

/// The cheap first test, run on every line: whether `line` may hold the start
/// of an SDK message, by a word every first line has and ordinary lines
/// rarely do (Java, .NET, Python, Ruby, Go and PHP write `requestId='`, Node
/// `Message ID`). One pass for the byte that ends one marker and the byte
/// that starts the other: two substring searches cost twice that.
pub fn may_start(line: &[u8]) -> bool {
    memchr::memchr2_iter(b'\'', b'M', line).any(|i| is_marker_at(line, i))
}

/// Whether a marker ends (`'`) or starts (`M`) at `i`.
fn is_marker_at(line: &[u8], i: usize) -> bool {
    match line[i] {
        b'\'' => line[..i].ends_with(b"requestId="),
        _ => line[i..].starts_with(b"Message ID"),
    }
}

/// Recognition failed on a line that has a marker: a fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// The message starting in `line`, None when it holds no SDK marker at all,
/// `Err` when it has one but the first line does not read.
pub fn recognise(line: &str) -> Option<Result<Start, Unreadable>> {
    type Read = fn(Kind, usize, &str) -> Option<Start>;
    // Searchers built once: a substring searcher set up per call costs more
    // than the search on a first line.
    static MARKERS: LazyLock<Vec<(Finder<'static>, Kind, Read)>> = LazyLock::new(|| {
        let fields: Read = fields;
        let php: Read = php;
        let node: Read = node;
        [
            ("Outgoing request (requestId='", Kind::Request, fields),
            ("Incoming response (requestId='", Kind::Response, fields),
            (
                "Error occurred for outgoing request (requestId='",
                Kind::Error,
                fields,
            ),
            ("Outgoing request to ", Kind::Request, php),
            ("Incoming response from ", Kind::Response, php),
            (
                "Error occurred while executing request to ",
                Kind::Error,
                php,
            ),
            ("Request with Message ID: ", Kind::Request, node),
            ("Response from Message ID: ", Kind::Response, node),
            ("Error for Message ID:", Kind::Error, node),
        ]
        .into_iter()
        .map(|(marker, kind, read)| (Finder::new(marker.as_bytes()), kind, read))
        .collect()
    });
    MARKERS.iter().find_map(|(finder, kind, read)| {
        let at = finder.find(line.as_bytes())?;
        let rest = &line[at + finder.needle().len()..];
        Some(read(*kind, at, rest).ok_or(Unreadable))
    })
}

fn start(kind: Kind, layout: Layout, sdk: Sdk, id: &str, at: usize) -> Start {
    Start {
        kind,
        layout,
        sdk,
        sdk_certain: true,
        request_id: id.to_string(),
        at,
        elapsed_ms: None,
        endpoint: None,
        method: None,
        uri: None,
        status: None,
        rest: String::new(),
    }
}

/// Bytes of a line where the `log` package's date is looked for (after the
/// logger's prefix).
const GO_DATE_WITHIN: usize = 48;

/// The Go SDK's error line, which has no marker word: its logger prints the
/// requestId and the error (`log.Println(id, err)`), so the line is
/// `[prefix]2026/12/02 00:14:22[.308000] 66D895C1-25C7-CF7A-4E67-F1B8A05D351B
/// Post "https://…": dial tcp …: connection refused`. Taken only where such
/// an id (16 random bytes in UPPERCASE hex, 8-4-4-4-12) starts the line or
/// follows the `log` package's date and time, and text follows it: an id in
/// the middle of an application's sentence is no SDK message. Cheap on
/// ordinary lines (one search for `/` in their head).
pub fn go_error(line: &[u8]) -> Option<Start> {
    if let Some(s) = go_error_at(line, 0) {
        return Some(s);
    }
    let slash = memchr::memchr(b'/', &line[..line.len().min(GO_DATE_WITHIN)])?;
    let date = slash.checked_sub(4)?;
    let shape = b"0000/00/00 00:00:00";
    let stamp = line.get(date..date + shape.len())?;
    let fits = stamp.iter().zip(shape).all(|(&b, &want)| match want {
        b'0' => b.is_ascii_digit(),
        _ => b == want,
    });
    if !fits {
        return None;
    }
    let mut at = date + shape.len();
    if line.get(at) == Some(&b'.') {
        at += 1;
        while line.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
    }
    if line.get(at) != Some(&b' ') {
        return None;
    }
    go_error_at(line, at + 1)
}

/// The error line whose id is at `at`.
fn go_error_at(line: &[u8], at: usize) -> Option<Start> {
    let id = line.get(at..at + 36)?;
    if !is_pseudo_uuid(id) || line.get(at + 36) != Some(&b' ') {
        return None;
    }
    let rest = std::str::from_utf8(&line[at + 37..]).ok()?.trim();
    if rest.is_empty() {
        return None;
    }
    let mut s = start(Kind::Error, Layout::Fields, Sdk::Go, "", at);
    s.request_id = String::from_utf8_lossy(id).into_owned();
    s.rest = rest.to_string();
    Some(s)
}

/// `HHHHHHHH-HHHH-HHHH-HHHH-HHHHHHHHHHHH`, uppercase hex.
fn is_pseudo_uuid(id: &[u8]) -> bool {
    // The dashes first: most lines fail there at once.
    id.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| id[i] == b'-')
        && id.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'A'..=b'F').contains(&b),
        })
}

/// A requestId as the SDKs print it: no quote, no blank, not too long.
fn plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && !id.bytes().any(|b| b.is_ascii_whitespace() || b == b'\'')
}

/// Go prints 16 random bytes as UPPERCASE hex groups; the others lowercase UUIDs.
fn is_go_id(id: &str) -> bool {
    id.bytes().any(|b| b.is_ascii_uppercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b) || b == b'-')
}

/// After `(requestId='`: `ID'):`, `ID', 97 ms):`, `ID' + '12' ms):`, `ID' in '1.08ms'):`,
/// and for errors `ID', 97 ms)` / `ID')` followed by the exception.
fn fields(kind: Kind, at: usize, after: &str) -> Option<Start> {
    let (id, rest) = after.split_once('\'')?;
    if !plausible_id(id) {
        return None;
    }
    let go = is_go_id(id);
    let mut s = start(
        kind,
        Layout::Fields,
        if go { Sdk::Go } else { Sdk::Java },
        id,
        at,
    );
    s.sdk_certain = go;
    if kind == Kind::Error {
        s.rest = rest.to_string();
        return Some(s);
    }
    let inside = rest.strip_suffix("):").or_else(|| rest.strip_suffix(')'))?;
    if kind == Kind::Request {
        return inside.is_empty().then_some(s);
    }
    if let Some(d) = inside.strip_prefix(" + '") {
        // .NET: (requestId='…' + '12' ms)
        s.elapsed_ms = milliseconds(d.strip_suffix("' ms")?);
        s.sdk = Sdk::DotNet;
        s.sdk_certain = true;
    } else if let Some(d) = inside.strip_prefix(" in '") {
        s.elapsed_ms = go_duration(d.strip_suffix('\'')?).filter(|ms| ms.is_finite() && *ms >= 0.0);
        s.sdk = Sdk::Go;
        s.sdk_certain = true;
    } else if let Some(d) = inside.strip_prefix(", ") {
        let number = d.strip_suffix(" ms")?.trim();
        s.elapsed_ms = milliseconds(number);
        // Ruby prints three decimals; Java and Python whole milliseconds
        // (Python is told by its fields).
        if number.contains('.') {
            s.sdk = Sdk::Ruby;
            s.sdk_certain = true;
        }
    } else if !inside.is_empty() {
        return None;
    }
    Some(s)
}

/// A duration as logged, when it is a real one (no `inf`, nothing negative).
fn milliseconds(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
}

/// A Go `time.Duration` as `%v` prints it: `1.083077ms`, `716.397µs`, `1.2s`, `1m2.5s`.
fn go_duration(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = text;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let (unit, len) = [
            ("ns", 1e-6),
            ("µs", 1e-3),
            ("us", 1e-3),
            ("ms", 1.0),
            ("s", 1000.0),
            ("m", 60_000.0),
            ("h", 3_600_000.0),
        ]
        .iter()
        .find(|(u, _)| rest.starts_with(u))
        .map(|(u, f)| (*f, u.len()))?;
        total += value * unit;
        rest = &rest[len..];
    }
    Some(total)
}

/// After `Outgoing request to ` / `Incoming response from `: `ENDPOINT (requestId='ID')`.
fn php(kind: Kind, at: usize, after: &str) -> Option<Start> {
    let (endpoint, rest) = after.split_once(" (requestId='")?;
    let (id, tail) = rest.split_once('\'')?;
    if !plausible_id(id) || !tail.starts_with(')') || endpoint.contains(' ') {
        return None;
    }
    let mut s = start(kind, Layout::Php, Sdk::Php, id, at);
    s.endpoint = Some(endpoint.to_string());
    s.rest = tail[1..].trim().to_string();
    Some(s)
}

/// After `Request with Message ID: `: `ID, METHOD to PATH, headers: {`; after
/// `Response from Message ID: `: `ID, status: 200, headers: {`; after
/// `Error for Message ID:`: `ID, error: {…}`.
fn node(kind: Kind, at: usize, after: &str) -> Option<Start> {
    let (id, rest) = after.split_once(", ")?;
    let id = id.trim();
    if !plausible_id(id) {
        return None;
    }
    let mut s = start(kind, Layout::Node, Sdk::Node, id, at);
    match kind {
        Kind::Error => {
            s.rest = rest.strip_prefix("error: ").unwrap_or(rest).to_string();
        }
        Kind::Request => {
            let (call, headers) = rest.split_once(", headers: ")?;
            let (method, path) = call.split_once(" to ")?;
            if method.is_empty() || method.contains(' ') {
                return None;
            }
            s.method = Some(method.to_string());
            s.uri = Some(path.to_string());
            s.rest = headers.to_string();
        }
        Kind::Response => {
            let (status, headers) = rest.strip_prefix("status: ")?.split_once(", headers: ")?;
            s.status = Some(status.trim().parse().ok()?);
            s.rest = headers.to_string();
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Start {
        recognise(line).expect("a marker").expect("readable")
    }

    #[test]
    fn field_layout_first_lines_of_each_sdk() {
        let java = ok("2026-12-02T00:28:38 Outgoing request (requestId='d9c0-1'):");
        assert_eq!(
            (java.kind, java.layout, java.at),
            (Kind::Request, Layout::Fields, 20)
        );
        assert!(!java.sdk_certain);
        let resp = ok("Incoming response (requestId='d9c0-1', 52 ms):");
        assert_eq!((resp.kind, resp.elapsed_ms), (Kind::Response, Some(52.0)));
        let dotnet = ok("Incoming response (requestId='a-b' + '12' ms):");
        assert_eq!((dotnet.sdk, dotnet.elapsed_ms), (Sdk::DotNet, Some(12.0)));
        let ruby = ok("I, [x]  INFO -- : Incoming response (requestId='a-b', 2.838 ms):");
        assert_eq!((ruby.sdk, ruby.elapsed_ms), (Sdk::Ruby, Some(2.838)));
        let go = ok("Incoming response (requestId='79195B52-CFFB-0B72' in '716.397µs'):");
        assert_eq!(go.sdk, Sdk::Go);
        assert!((go.elapsed_ms.expect("ms") - 0.716397).abs() < 1e-9);
        let err = ok("Error occurred for outgoing request (requestId='a-b', 97 ms) boom");
        assert_eq!(
            (err.kind, err.rest.as_str()),
            (Kind::Error, ", 97 ms) boom")
        );
    }

    #[test]
    fn php_and_node_first_lines() {
        let php = ok(
            "2026-12-02T00:25:44+00:00 Outgoing request to http://127.0.0.1:43917 (requestId='bc0a')",
        );
        assert_eq!(
            (php.sdk, php.endpoint.as_deref()),
            (Sdk::Php, Some("http://127.0.0.1:43917"))
        );
        let node = ok(
            "Request with Message ID: 4d76, GET to /v1/1234/services/testconnection, headers: {",
        );
        assert_eq!(node.method.as_deref(), Some("GET"));
        assert_eq!(
            node.uri.as_deref(),
            Some("/v1/1234/services/testconnection")
        );
        assert_eq!(node.rest, "{");
        let resp = ok("Response from Message ID: 4d76, status: 402, headers: {}, body: ");
        assert_eq!((resp.status, resp.rest.as_str()), (Some(402), "{}, body: "));
        let err = ok("Error for Message ID:4d76, error: {\"code\":\"ECONNREFUSED\"}");
        assert_eq!(err.rest, "{\"code\":\"ECONNREFUSED\"}");
    }

    #[test]
    fn markers_without_a_readable_first_line() {
        assert_eq!(
            recognise("Outgoing request (requestId='no end"),
            Some(Err(Unreadable))
        );
        assert_eq!(
            recognise("Response from Message ID: x, status: abc, headers: {"),
            Some(Err(Unreadable))
        );
        assert_eq!(recognise("starting replication"), None);
        assert!(!may_start(b"incoming request GET /healthz"));
        assert!(may_start(b"x Outgoing request (requestId='a'):"));
        // Candidates that are no marker come before the one that is.
        assert!(may_start(b"'M' Mozilla requestId Message ID: 3"));
        assert!(!may_start(b"'M' Mozilla requestId= 'x' Message I"));
    }

    #[test]
    fn go_error_lines_are_told_by_the_id_after_the_logs_time() {
        let id = "66D895C1-25C7-CF7A-4E67-F1B8A05D351B";
        let err = "Post \"http://127.0.0.1:1/v1/1234/payments\": dial tcp 127.0.0.1:1: connect: connection refused";
        for line in [
            format!("2026/12/02 00:14:22 {id} {err}"),
            format!("payments: 2026/12/02 00:14:22.308000 {id} {err}"),
            format!("{id} {err}"),
        ] {
            let s = go_error(line.as_bytes()).expect(&line);
            assert_eq!(
                (s.kind, s.sdk, s.request_id.as_str()),
                (Kind::Error, Sdk::Go, id)
            );
            assert_eq!(s.rest, err);
            assert_eq!(&line[s.at..s.at + 36], id);
        }
        for line in [
            format!("2026-12-02 00:14:22 INFO Order {id} shipped"),
            format!("2026/12/02 00:14:22 {id}"),
            format!("2026/12/02 00:14:22 {} boom", id.to_lowercase()),
            format!("2026/12/02 00:14:22 x{id} boom"),
            "2026-12-02 00:00:01,001 INFO shop.checkout.views: Checkout started".to_string(),
            "- - -- ---- -------- --------".to_string(),
        ] {
            assert!(go_error(line.as_bytes()).is_none(), "{line}");
        }
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration("1.2s"), Some(1200.0));
        assert_eq!(go_duration("1m2.5s"), Some(62_500.0));
        assert_eq!(go_duration("12ms"), Some(12.0));
        assert_eq!(go_duration("fast"), None);
        let huge = ok("Incoming response (requestId='a', 1e999 ms):");
        assert_eq!(huge.elapsed_ms, None, "no infinite duration");
    }
}
