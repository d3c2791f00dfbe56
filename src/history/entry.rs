//! The shapes that go in and come out of the store.

/// Header name/value pairs in the order sent or received (names may repeat).
pub type Headers = Vec<(String, String)>;

/// One exchange to record, as it happened (secrets included: `record` redacts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEntry {
    /// When the request was sent, unix milliseconds.
    pub time_ms: i64,
    /// The environment's name (e.g. `sandbox`).
    pub env: String,
    pub method: String,
    pub url: String,
    pub request_headers: Headers,
    /// Empty when no body was sent.
    pub request_body: String,
    /// `None` when no response came (transport failure, cancel).
    pub status: Option<u16>,
    pub response_headers: Headers,
    /// Empty when there was no response or no body. May be given already cut
    /// to the body cap, with the full size in `response_body_size`.
    pub response_body: String,
    /// The size the response body had when received, when `response_body` is a prefix of it.
    pub response_body_size: Option<u64>,
    /// The verdict's kind (e.g. `declined_payment`, `validation`, `success`).
    pub verdict_kind: String,
    /// The verdict's one-line summary.
    pub verdict_summary: String,
    /// The error list as JSON text, as given (e.g. the body's `errors` array).
    pub errors_json: Option<String>,
    pub error_id: Option<String>,
    pub first_error_code: Option<String>,
    pub elapsed_ms: Option<u64>,
    pub idempotence_key: Option<String>,
    /// What failed when no response came.
    pub transport_error: Option<String>,
    /// Where the request came from besides the editor (`app.log:120` for a log replay).
    pub source: Option<String>,
}

/// A stored exchange (already redacted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub time_ms: i64,
    pub env: String,
    pub method: String,
    pub url: String,
    pub request_headers: Headers,
    pub request_body: String,
    pub status: Option<u16>,
    pub response_headers: Headers,
    pub response_body: String,
    /// The response body's size in bytes before it was cut to the body cap, if it was cut.
    pub response_body_truncated_from: Option<u64>,
    pub verdict_kind: String,
    pub verdict_summary: String,
    pub errors_json: Option<String>,
    pub error_id: Option<String>,
    pub first_error_code: Option<String>,
    pub elapsed_ms: Option<u64>,
    pub idempotence_key: Option<String>,
    pub transport_error: Option<String>,
    pub source: Option<String>,
}

/// One row of the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: i64,
    pub time_ms: i64,
    pub env: String,
    pub method: String,
    pub url: String,
    pub status: Option<u16>,
    /// The verdict kind.
    pub verdict: String,
    pub first_error_code: Option<String>,
}

/// A page of the browser: newest first, at most `limit` rows, only ids below `before_id`
/// (the last id of the previous page), only entries matching `filter`.
///
/// The filter is split on white space; every word must match (AND). A word matches a word
/// of the URL, method, status, environment, verdict, error codes, errorId, idempotence key,
/// transport error or the request/response bodies *that starts with it*, ignoring case;
/// punctuation inside a word must match a run of words (`payments/0000020` finds
/// `/payments/000002000010000596140000100001`). Words without a letter or digit are
/// ignored; a filter of only such words lists everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListQuery<'a> {
    pub filter: Option<&'a str>,
    pub limit: usize,
    pub before_id: Option<i64>,
}
