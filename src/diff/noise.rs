//! What is expected to differ between two calls, and why: the values the
//! platform makes fresh for every call (errorId, requestIds, the ids of
//! payments, refunds and captures, timestamps), the headers every request
//! signs or the transport sets anew (Date, the signature, request ids,
//! lengths). A difference of these kinds is folded as "expected to differ",
//! never hidden: `--all` and the comparison view list it.

/// Why a difference was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expected {
    /// The errorId of an error response.
    ErrorId,
    /// An error's requestId.
    RequestId,
    /// An id the platform makes: a payment's, refund's, capture's, payout's.
    PlatformId,
    /// A date-time value, or a number of milliseconds under a time-like name.
    Timestamp,
    /// `X-GCS-Idempotence-Request-Timestamp`.
    IdempotenceTimestamp,
    /// The `Date` header (signed with every request).
    Date,
    /// A signature: `Authorization`, `X-GCS-Signature`.
    Signature,
    /// A request or trace id the transport adds.
    RequestIdHeader,
    /// Set by the transport for each message: `Content-Length`, `Connection`, …
    Transport,
    /// Items matched by their identity (`id`, `code`, …) whose order changed.
    Reordered,
}

impl Expected {
    /// Every class, in the order a summary lists them.
    pub const ALL: [Expected; 10] = [
        Expected::ErrorId,
        Expected::RequestId,
        Expected::PlatformId,
        Expected::Timestamp,
        Expected::IdempotenceTimestamp,
        Expected::Date,
        Expected::Signature,
        Expected::RequestIdHeader,
        Expected::Transport,
        Expected::Reordered,
    ];

    /// A short name (`--json`'s `expected`).
    pub fn name(self) -> &'static str {
        match self {
            Expected::ErrorId => "error_id",
            Expected::RequestId => "request_id",
            Expected::PlatformId => "platform_id",
            Expected::Timestamp => "timestamp",
            Expected::IdempotenceTimestamp => "idempotence_timestamp",
            Expected::Date => "date",
            Expected::Signature => "signature",
            Expected::RequestIdHeader => "request_id_header",
            Expected::Transport => "transport",
            Expected::Reordered => "reordered",
        }
    }

    /// Why, in words.
    pub fn why(self) -> &'static str {
        match self {
            Expected::ErrorId => "errorId: new for every error response",
            Expected::RequestId => "requestId: new for every call",
            Expected::PlatformId => "an id the platform makes (payment, refund, capture, payout)",
            Expected::Timestamp => "a date or timestamp",
            Expected::IdempotenceTimestamp => "the idempotence timestamp",
            Expected::Date => "Date: signed with every request",
            Expected::Signature => "a signature: new with every Date",
            Expected::RequestIdHeader => "a request or trace id",
            Expected::Transport => "set by the transport for each message",
            Expected::Reordered => "the same items (matched by id, code or type) in another order",
        }
    }
}

/// Objects whose `id` the platform makes.
const ID_OWNERS: &[&str] = &[
    "payment",
    "refund",
    "capture",
    "payout",
    "hostedCheckout",
    "mandate",
    "token",
    "paymentResult",
    "refundResult",
    "payoutResult",
    "captureResult",
];

/// Members that hold an id the platform made.
const PLATFORM_ID_KEYS: &[&str] = &[
    "paymentId",
    "refundId",
    "captureId",
    "payoutId",
    "hostedCheckoutId",
    "RETURNMAC",
];

/// Collections whose next path segment is an id the platform made (URLs, `Location`).
const ID_COLLECTIONS: &[&str] = &[
    "payments",
    "refunds",
    "captures",
    "payouts",
    "hostedcheckouts",
    "tokens",
    "mandates",
];

/// Why a changed scalar of a body is expected to differ, if it is. `key` is
/// the member's name (None for an array item), `parent` its container's
/// member name (None at the top or in an array), `at_root` when the member is
/// the body's own; `left` and `right` the two values as JSON text.
pub fn body_value(
    key: Option<&str>,
    parent: Option<&str>,
    at_root: bool,
    left: &str,
    right: &str,
) -> Option<Expected> {
    let key = key?;
    match key {
        "errorId" => return Some(Expected::ErrorId),
        "requestId" => return Some(Expected::RequestId),
        _ => {}
    }
    if PLATFORM_ID_KEYS.contains(&key)
        || (key == "id" && (at_root || parent.is_some_and(|p| ID_OWNERS.contains(&p))))
    {
        return Some(Expected::PlatformId);
    }
    if is_timestamp_text(unquote(left)) && is_timestamp_text(unquote(right)) {
        return Some(Expected::Timestamp);
    }
    let lower = key.to_ascii_lowercase();
    let time_like = ["time", "date", "created", "updated", "timestamp"]
        .iter()
        .any(|w| lower.contains(w));
    if time_like && is_epoch_number(left) && is_epoch_number(right) {
        return Some(Expected::Timestamp);
    }
    None
}

/// A JSON string's text without its quotes (escapes do not matter for the shapes read here).
fn unquote(json: &str) -> &str {
    json.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or("")
}

/// Seconds or milliseconds since 1970 as a JSON number: 10 or 13 digits.
fn is_epoch_number(json: &str) -> bool {
    matches!(json.len(), 10 | 13) && json.bytes().all(|b| b.is_ascii_digit())
}

/// A date with a time: Connect's `yyyyMMddHHmmss`, ISO 8601 (`2026-12-02T00:01:50…`,
/// a space for the `T` too), or an HTTP date (`Tue, 24 Nov 2026 01:05:02 GMT`).
/// A date alone (`19800101`, `1230`) is data someone typed, never noise.
pub fn is_timestamp_text(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r)
            .is_some_and(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
    };
    if b.len() == 14 && digits(0..14) {
        return plausible(&s[0..4], &s[4..6], &s[6..8], &s[8..10]);
    }
    if b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
    {
        return plausible(&s[0..4], &s[5..7], &s[8..10], &s[11..13]);
    }
    httpdate::parse_http_date(s).is_ok()
}

fn plausible(year: &str, month: &str, day: &str, hour: &str) -> bool {
    let n = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
    (1970..=2999).contains(&n(year))
        && (1..=12).contains(&n(month))
        && (1..=31).contains(&n(day))
        && n(hour) <= 23
}

/// How a header takes part in a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderClass {
    /// Always different between two calls.
    pub expected: Option<Expected>,
    /// Made by signing or by the transport: listed in a folded group.
    pub signing_or_transport: bool,
}

/// The class of a header by its name (any case).
pub fn header(name: &str) -> HeaderClass {
    let lower = name.to_ascii_lowercase();
    let expected = match lower.as_str() {
        "date" => Some(Expected::Date),
        "authorization" | "x-gcs-signature" => Some(Expected::Signature),
        "x-gcs-idempotence-request-timestamp" => Some(Expected::IdempotenceTimestamp),
        "x-request-id" | "request-id" | "x-correlation-id" | "x-amzn-requestid"
        | "x-amzn-trace-id" | "x-b3-traceid" | "x-b3-spanid" | "x-b3-parentspanid"
        | "traceparent" | "tracestate" | "cf-ray" | "x-gcs-requestid" | "x-gcs-request-id" => {
            Some(Expected::RequestIdHeader)
        }
        "content-length" | "transfer-encoding" | "connection" | "keep-alive" | "age" => {
            Some(Expected::Transport)
        }
        _ => None,
    };
    let signing_or_transport = expected.is_some()
        || matches!(
            lower.as_str(),
            "x-gcs-servermetainfo"
                | "x-gcs-clientmetainfo"
                | "x-gcs-keyid"
                | "host"
                | "user-agent"
                | "accept"
                | "accept-encoding"
                | "server"
                | "vary"
                | "via"
        );
    HeaderClass {
        expected,
        signing_or_transport,
    }
}

/// Whether two URLs (or `Location` values, or paths) differ only in the ids the
/// platform made: the segment after `payments`, `refunds`, `captures`, ….
pub fn urls_differ_only_in_ids(left: &str, right: &str) -> bool {
    let split = |u: &str| -> (Vec<String>, String) {
        let (path, query) = u.split_once('?').unwrap_or((u, ""));
        (
            path.split('/').map(str::to_string).collect(),
            query.to_string(),
        )
    };
    let (ls, lq) = split(left);
    let (rs, rq) = split(right);
    if ls.len() != rs.len() || lq != rq || left == right {
        return false;
    }
    let mut any = false;
    for (i, (a, b)) in ls.iter().zip(&rs).enumerate() {
        if a == b {
            continue;
        }
        let after_collection = i > 0
            && ls[i - 1] == rs[i - 1]
            && ID_COLLECTIONS.contains(&ls[i - 1].to_ascii_lowercase().as_str());
        if !after_collection {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_timestamps_are_expected_but_typed_data_is_not() {
        assert_eq!(
            body_value(Some("errorId"), None, true, "\"a\"", "\"b\""),
            Some(Expected::ErrorId)
        );
        assert_eq!(
            body_value(Some("requestId"), None, false, "\"1\"", "\"2\""),
            Some(Expected::RequestId)
        );
        assert_eq!(
            body_value(Some("id"), Some("payment"), false, "\"1\"", "\"2\""),
            Some(Expected::PlatformId)
        );
        // An error's id is its symbolic name: a real change.
        assert_eq!(
            body_value(Some("id"), None, false, "\"INVALID_VALUE\"", "\"X\""),
            None
        );
        assert_eq!(
            body_value(
                Some("statusCodeChangeDateTime"),
                Some("statusOutput"),
                false,
                "\"20261202000150\"",
                "\"20261203101112\""
            ),
            Some(Expected::Timestamp)
        );
        assert_eq!(
            body_value(
                Some("created"),
                None,
                true,
                "\"2026-12-02T00:01:50.324+01:00\"",
                "\"2026-12-02T00:02:00Z\""
            ),
            Some(Expected::Timestamp)
        );
        // The demo's fix: an expiry date is data, not noise.
        assert_eq!(
            body_value(
                Some("expiryDate"),
                Some("card"),
                false,
                "\"1210\"",
                "\"1230\""
            ),
            None
        );
        assert_eq!(
            body_value(
                Some("dateOfBirth"),
                None,
                false,
                "\"19800101\"",
                "\"19810101\""
            ),
            None
        );
        assert_eq!(
            body_value(
                Some("createdAt"),
                None,
                false,
                "1700000000000",
                "1700000000999"
            ),
            Some(Expected::Timestamp)
        );
        assert_eq!(body_value(None, None, false, "1", "2"), None);
    }

    #[test]
    fn timestamp_shapes() {
        assert!(is_timestamp_text("20261202000150"));
        assert!(is_timestamp_text("2026-12-02 00:01"));
        assert!(is_timestamp_text("Tue, 24 Nov 2026 01:05:02 GMT"));
        assert!(!is_timestamp_text("20261302000150"), "month 13");
        assert!(!is_timestamp_text("4567350000427977"));
        assert!(!is_timestamp_text("2026-12-02"));
    }

    #[test]
    fn headers_by_name_in_any_case() {
        assert_eq!(header("DATE").expected, Some(Expected::Date));
        assert_eq!(header("authorization").expected, Some(Expected::Signature));
        assert!(header("X-GCS-ServerMetaInfo").signing_or_transport);
        assert_eq!(header("X-GCS-ServerMetaInfo").expected, None);
        assert_eq!(
            header("Content-Type"),
            HeaderClass {
                expected: None,
                signing_or_transport: false
            }
        );
    }

    #[test]
    fn urls_that_differ_only_in_platform_ids() {
        assert!(urls_differ_only_in_ids(
            "/v1/1234/payments/000001/capture",
            "/v1/1234/payments/000002/capture"
        ));
        assert!(!urls_differ_only_in_ids(
            "/v1/1234/payments/000001/capture",
            "/v1/1234/payments/000001/cancel"
        ));
        assert!(!urls_differ_only_in_ids(
            "/v1/1234/payments",
            "/v1/5678/payments"
        ));
        assert!(!urls_differ_only_in_ids(
            "/v1/1/payments/a?x=1",
            "/v1/1/payments/b?x=2"
        ));
        assert!(!urls_differ_only_in_ids("/a", "/a"));
    }
}
