//! One request/response exchange: the request before and after signing, and
//! what came back turned into everything a front end shows (status meaning,
//! verdict, errors, a pretty body). `build_exchange` is the expensive part: call
//! it off the UI thread.

use std::time::Duration;

use crate::body::{BodyDoc, BodyKind};
use crate::connect::model::ValueMark;
use crate::connect::{self, ErrorReport, StatusInfo, Verdict};
use crate::http::{BodyCut, ResponseRecord};
use crate::viewer::Structure;

/// A request ready to sign: checked, its URL resolved, its body decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub timeout: Duration,
    /// Past this many bytes the response body is cut.
    pub max_response: usize,
    /// How the query enters the string to sign (the SDKs disagree).
    pub query_mode: connect::sign::QueryMode,
    /// Where the request came from besides the editor (`app.log:120`): recorded
    /// to history with it, never sent.
    pub source: Option<String>,
    /// Going to another origin than the environment's (allowed by the user):
    /// the secret is not read and no Authorization is made.
    pub unsigned: bool,
}

/// The request exactly as it went on the wire, safe to show and store: the
/// Authorization signature is masked; the string to sign is kept (it holds no
/// secret) because it is the first thing to check when a 401/403 comes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub string_to_sign: Option<String>,
    pub body: Option<String>,
    pub idempotence_key: Option<String>,
    /// When it was sent, in milliseconds since the epoch (UTC), as support correlates it; None
    /// when not known (an SDK log's times carry no time zone).
    pub sent_at_ms: Option<i64>,
}

/// Everything the response and errors panes show about one completed exchange.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub request: SentRequest,
    pub status: StatusInfo,
    pub verdict: Verdict,
    pub headers: Vec<(String, String)>,
    pub report: ErrorReport,
    pub body: BodyDoc,
    /// Where the body's objects and arrays open and close, for folding.
    pub structure: Structure,
    pub elapsed: Duration,
    /// Only the head of a big body, shown while the whole is being indexed.
    pub preview: bool,
    /// The download stopped at the size limit: the body is its first part.
    pub cut: Option<BodyCut>,
    /// Values of the body outside their field's documented list in the API's model
    /// (its lines and columns are the pretty body's), marked in the viewer.
    pub undocumented: Vec<ValueMark>,
}

/// Above this, a 2xx JSON body is not parsed into a value tree.
const VALUE_TREE_LIMIT: usize = 1024 * 1024;

/// What a response says, without its body prepared for viewing: enough for
/// a one-line report (`cinspect logs`), a fraction of `build_exchange`'s cost.
#[derive(Debug, Clone)]
pub struct Judged {
    pub status: StatusInfo,
    pub verdict: Verdict,
    pub report: ErrorReport,
}

/// Reads a response the way the SDKs do: its status, verdict and errors.
pub fn judge(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    idempotence_key: Option<&str>,
) -> Judged {
    judge_parsed(status, headers, body, idempotence_key, false).0
}

/// [`judge`], and with `keep_body` the body's whole value when it was read
/// as JSON for it (so a report that prints the body does not parse it
/// again). Without, only what the error report reads is built of it
/// (`connect::report_value`): same verdict, a scan instead of a tree.
pub fn judge_parsed(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    idempotence_key: Option<&str>,
    keep_body: bool,
) -> (Judged, Option<serde_json::Value>) {
    let content_type = crate::http::header_value(headers, "Content-Type");
    let json_declared = connect::is_json_content_type(content_type);
    let trimmed_empty = body.iter().all(u8::is_ascii_whitespace);
    // A big 2xx body (a find-payments page) carries no error report: building a
    // value tree of it would cost several times its size for nothing.
    let big_success = (200..300).contains(&status) && body.len() > VALUE_TREE_LIMIT;
    let parsed: Option<Result<serde_json::Value, serde_json::Error>> =
        (json_declared && !trimmed_empty && !big_success).then(|| {
            if keep_body {
                serde_json::from_slice(body)
            } else {
                connect::report_value::report_value(body)
            }
        });
    let not_json_reason = match (&parsed, json_declared) {
        // serde_json stops at 128 levels: say so rather than call deep JSON invalid.
        (Some(Err(e)), _) if e.to_string().starts_with("recursion limit exceeded") => {
            Some(format!(
                "the body nests {} levels deep, more than can be read for errors",
                crate::body::nesting_depth(body)
            ))
        }
        (Some(Err(e)), _) => Some(format!("the body is not valid JSON ({e})")),
        (None, false) if !trimmed_empty => Some(format!(
            "the body is {}, not JSON",
            content_type.unwrap_or("not JSON")
        )),
        _ => None,
    };
    let body_facts = match (&parsed, &not_json_reason) {
        (Some(Ok(value)), _) => connect::Body::Json(value),
        (_, Some(reason)) => connect::Body::NotJson { reason },
        _ => connect::Body::Empty,
    };
    let verdict = connect::classify(&connect::ResponseFacts {
        status,
        headers,
        body: body_facts,
        idempotence_key,
    });
    let report = match &parsed {
        Some(Ok(value)) => connect::read_error_report(value),
        _ => ErrorReport::default(),
    };
    let judged = Judged {
        status: connect::status_info(status),
        verdict,
        report,
    };
    (judged, parsed.and_then(Result::ok).filter(|_| keep_body))
}

/// Reads a response the way the SDKs do and prepares its body for viewing.
/// Cost is linear in the body size; call it off the UI thread.
pub fn build_exchange(request: SentRequest, record: ResponseRecord) -> Exchange {
    let Judged {
        status: status_info,
        verdict,
        report,
    } = judge(
        record.status,
        &record.headers,
        &record.body,
        request.idempotence_key.as_deref(),
    );
    // The value tree is freed by now (judge): the peak memory of a 50 MB body
    // is the raw bytes plus their pretty text, never more.
    let ResponseRecord {
        status: record_status,
        headers,
        body: raw,
        elapsed,
        cut,
    } = record;
    let body = BodyDoc::build(&raw);
    drop(raw);
    let undocumented = undocumented_values(&request, record_status, &body);
    Exchange {
        status: status_info,
        verdict,
        report,
        structure: Structure::build(&body),
        body,
        elapsed,
        headers,
        request,
        preview: false,
        cut,
        undocumented,
    }
}

/// The body's values outside their documented lists, read as the answer of the
/// request's endpoint (none for a body that is not JSON, or a request the model
/// does not know). The model is read here, off the UI thread, on first use.
fn undocumented_values(request: &SentRequest, status: u16, body: &BodyDoc) -> Vec<ValueMark> {
    if body.kind != BodyKind::Json {
        return Vec::new();
    }
    match crate::connect::model::model() {
        Ok(m) => m.undocumented_values(&request.method, &request.url, status, &body.text),
        Err(_) => Vec::new(),
    }
}

/// Bodies bigger than this get a preview of their head first.
const PREVIEW_ABOVE: usize = 4 * 1024 * 1024;
/// How much of the body the preview shows.
const PREVIEW_BYTES: usize = 64 * 1024;

/// A first look at a big response: its status, verdict and the head of the
/// body, ready in well under a millisecond, so the user reads while the whole
/// body is parsed and indexed. None for bodies that are quick to build whole.
pub fn build_preview(request: &SentRequest, record: &ResponseRecord) -> Option<Exchange> {
    if record.body.len() <= PREVIEW_ABOVE {
        return None;
    }
    let body = BodyDoc::head(&record.body, PREVIEW_BYTES);
    let verdict = connect::classify(&connect::ResponseFacts {
        status: record.status,
        headers: &record.headers,
        body: connect::Body::Empty,
        idempotence_key: request.idempotence_key.as_deref(),
    });
    Some(Exchange {
        request: request.clone(),
        status: connect::status_info(record.status),
        verdict,
        headers: record.headers.clone(),
        report: ErrorReport::default(),
        structure: Structure::build(&body),
        body,
        elapsed: record.elapsed,
        preview: true,
        cut: record.cut,
        undocumented: Vec::new(),
    })
}
