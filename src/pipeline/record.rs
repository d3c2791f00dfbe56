//! Between exchanges and the history store: what an exchange records, and how
//! a stored entry becomes an exchange again (reopened into the panes).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::exchange::{Exchange, SentRequest, build_exchange};
use crate::connect::meta;
use crate::history::{Entry, NewEntry};
use crate::http::ResponseRecord;

/// Headers cinspect adds at send time: a reopened request leaves them out so
/// that a resend signs afresh.
const ADDED_AT_SEND: &[&str] = &[
    "Date",
    "Authorization",
    meta::SERVER_META_INFO,
    meta::CLIENT_META_INFO,
    "Content-Type",
];

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// What a completed exchange records. `raw_body` is the body as received (the
/// exchange holds it pretty-printed); the store redacts and caps it.
/// `raw_body` may be just the first part of the body (the store keeps no more
/// than its cap anyway); `body_size` is the whole body's size.
pub fn entry_for_response(
    env: &str,
    time_ms: i64,
    x: &Exchange,
    raw_body: &[u8],
    body_size: usize,
) -> NewEntry {
    let errors: Vec<serde_json::Value> = x
        .report
        .errors
        .iter()
        .map(|e| {
            let mut v = serde_json::to_value(&e.error).unwrap_or_default();
            if let (serde_json::Value::Object(map), Some(nested)) = (&mut v, &e.nested_in) {
                map.insert("nested_in".into(), nested.clone().into());
            }
            v
        })
        .collect();
    NewEntry {
        status: Some(x.status.code),
        response_headers: x.headers.clone(),
        response_body: String::from_utf8_lossy(raw_body).into_owned(),
        response_body_size: Some(body_size as u64),
        verdict_kind: x.verdict.kind.as_str().to_string(),
        verdict_summary: x.verdict.summary.clone(),
        errors_json: (!errors.is_empty()).then(|| serde_json::Value::Array(errors).to_string()),
        error_id: x.report.error_id.clone(),
        first_error_code: x.report.errors.first().and_then(|e| e.error.code.clone()),
        elapsed_ms: Some(x.elapsed.as_millis() as u64),
        ..request_part(env, time_ms, &x.request)
    }
}

/// A recorded entry's shape without a store (for reports of the current exchange).
pub fn unsaved(n: NewEntry) -> Entry {
    Entry {
        id: 0,
        time_ms: n.time_ms,
        env: n.env,
        method: n.method,
        url: n.url,
        request_headers: n.request_headers,
        request_body: n.request_body,
        status: n.status,
        response_headers: n.response_headers,
        response_body: n.response_body,
        response_body_truncated_from: None,
        verdict_kind: n.verdict_kind,
        verdict_summary: n.verdict_summary,
        errors_json: n.errors_json,
        error_id: n.error_id,
        first_error_code: n.first_error_code,
        elapsed_ms: n.elapsed_ms,
        idempotence_key: n.idempotence_key,
        transport_error: n.transport_error,
        source: n.source,
    }
}

/// The part of a response body worth recording: the store keeps no more than
/// its cap, and a full copy of a 50 MB body would double the peak memory.
/// None when history is off. Returns the prefix and the whole size.
pub fn body_for_history(
    history: Option<&crate::history::History>,
    body: &[u8],
) -> Option<(Vec<u8>, usize)> {
    let settings = history?.settings();
    if !settings.enabled {
        return None;
    }
    // A few bytes over the cap let the store cut on a character boundary.
    let keep = settings.body_cap.saturating_add(4).min(body.len());
    Some((body[..keep].to_vec(), body.len()))
}

/// What an exchange without a response records.
pub fn entry_for_failure(
    env: &str,
    time_ms: i64,
    sent: &SentRequest,
    message: &str,
    elapsed: Duration,
) -> NewEntry {
    let verdict = crate::connect::transport_verdict(message);
    NewEntry {
        verdict_kind: verdict.kind.as_str().to_string(),
        verdict_summary: verdict.summary,
        transport_error: Some(message.to_string()),
        elapsed_ms: Some(elapsed.as_millis() as u64),
        ..request_part(env, time_ms, sent)
    }
}

fn request_part(env: &str, time_ms: i64, sent: &SentRequest) -> NewEntry {
    NewEntry {
        time_ms,
        env: env.to_string(),
        method: sent.method.clone(),
        url: sent.url.clone(),
        request_headers: sent.headers.clone(),
        request_body: sent.body.clone().unwrap_or_default(),
        idempotence_key: sent.idempotence_key.clone(),
        ..NewEntry::default()
    }
}

/// A stored entry as an exchange, or the failure message when it had no
/// response. Builds the body view: call off the UI thread.
pub fn reopen(entry: &Entry) -> Result<Exchange, String> {
    let request = sent_of(entry);
    let Some(status) = entry.status else {
        return Err(entry
            .transport_error
            .clone()
            .unwrap_or_else(|| "no response".to_string()));
    };
    let record = ResponseRecord {
        status,
        headers: entry.response_headers.clone(),
        body: entry.response_body.clone().into_bytes(),
        elapsed: Duration::from_millis(entry.elapsed_ms.unwrap_or(0)),
        // History kept the body's first part only: said as for a download cut short.
        cut: entry
            .response_body_truncated_from
            .map(|size| crate::http::BodyCut {
                kept: entry.response_body.len(),
                declared: Some(size),
            }),
    };
    Ok(build_exchange(request, record))
}

/// The request of a stored entry, as it was sent (redacted as stored).
pub fn sent_of(entry: &Entry) -> SentRequest {
    SentRequest {
        method: entry.method.clone(),
        url: entry.url.clone(),
        headers: entry.request_headers.clone(),
        string_to_sign: None,
        body: (!entry.request_body.is_empty()).then(|| entry.request_body.clone()),
        idempotence_key: entry.idempotence_key.clone(),
        sent_at_ms: Some(entry.time_ms),
    }
}

/// The headers to put back in the editor: those the user wrote, not the ones
/// signing adds.
pub fn editable_headers(entry: &Entry) -> String {
    entry
        .request_headers
        .iter()
        .filter(|(n, _)| !ADDED_AT_SEND.iter().any(|a| a.eq_ignore_ascii_case(n)))
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}
