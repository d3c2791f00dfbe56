//! A received webhook as the response viewer shows it: the event's headers
//! and pretty body (folds, search, path filter), and a summary in place of a
//! status line: what the event is about, the signature verdict, the answer.
//! A history entry of a webhook becomes the same.

use std::time::Duration;

use super::received::{Received, ReceivedKind};
use crate::history::Entry;
use crate::http::ResponseRecord;
use crate::pipeline::{Exchange, SentRequest, build_exchange};

/// What the response pane shows above a webhook's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSummary {
    /// `payment.paid evt-1 · payment 0000… PAID`.
    pub title: String,
    /// `signature valid: signed with k1`.
    pub verdict: String,
    /// Nothing about it needs a look.
    pub fine: bool,
    /// `answered 200` / `answered 500: app answered 500 in 12 ms …`.
    pub answer: String,
    pub received_at_ms: i64,
}

impl WebhookSummary {
    pub fn of(r: &Received) -> Self {
        let mut answer = format!("answered {}", r.answered);
        if let Some(f) = r.forward() {
            answer.push_str(" · ");
            answer.push_str(&f.line());
        }
        Self {
            title: r.title(),
            verdict: r.verdict_line(),
            fine: r.is_fine(),
            answer: crate::body::printable(&answer).into_owned(),
            received_at_ms: r.received_at_ms,
        }
    }

    /// From a recorded webhook (the summary kept its title and verdict line).
    pub fn of_entry(e: &Entry) -> Self {
        let (title, verdict) = e
            .verdict_summary
            .split_once(": ")
            .map_or((e.verdict_summary.as_str(), ""), |(t, v)| (t, v));
        let fine = e.verdict_kind == "webhook_valid" || e.verdict_kind == "webhook_verification";
        let mut answer = format!("answered {}", e.status.unwrap_or(0));
        if !e.response_body.is_empty() {
            let head: String = e.response_body.chars().take(120).collect();
            answer.push_str(&format!(" · {head}"));
        }
        Self {
            title: crate::body::printable(title).into_owned(),
            verdict: crate::body::printable(verdict).into_owned(),
            fine,
            answer: crate::body::printable(&answer).into_owned(),
            received_at_ms: e.time_ms,
        }
    }
}

/// The event as an exchange for the viewer: its headers and body in the
/// response's place. Linear in the body's size: call it off the UI thread.
pub fn exchange_of(r: &Received) -> Exchange {
    let body = match &r.kind {
        ReceivedKind::Verification { value } => value.clone().into_bytes(),
        _ => r.body.clone(),
    };
    view(&r.method, &r.path, &r.headers, body, r.answered)
}

/// A recorded webhook as an exchange for the viewer (its body as the store kept it).
pub fn exchange_of_entry(e: &Entry) -> Exchange {
    view(
        &e.method,
        &e.url,
        &e.request_headers,
        e.request_body.clone().into_bytes(),
        e.status.unwrap_or(200),
    )
}

fn view(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
    answered: u16,
) -> Exchange {
    let request = SentRequest {
        method: method.to_string(),
        url: path.to_string(),
        headers: headers.to_vec(),
        string_to_sign: None,
        body: None,
        idempotence_key: None,
    };
    build_exchange(
        request,
        ResponseRecord {
            status: answered,
            headers: headers.to_vec(),
            body,
            elapsed: Duration::ZERO,
            cut: None,
        },
    )
}
