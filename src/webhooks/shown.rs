//! A received webhook in the response viewer: the event's body and headers as
//! an exchange (folds, search and path filter work on it as on any response),
//! and the lines that take the place of the status and verdict.

use std::time::Duration;

use super::received::{Received, WEBHOOK_SOURCE};
use crate::body::printable;
use crate::connect::datetime::format_epoch_millis;
use crate::history::Entry;
use crate::http::ResponseRecord;
use crate::pipeline::{Exchange, SentRequest, build_exchange};

/// What the response pane's head says of a webhook on show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookShown {
    /// `webhook payment.paid evt-1 · payment 0000… PAID`
    pub heading: String,
    /// `signature valid: signed with k1`
    pub verdict: String,
    /// The signature verified (or it was the endpoint verification, answered).
    pub good: bool,
    /// When, where, what the sender was answered, and the app's answer when forwarded.
    pub detail: String,
    /// Where it came from: the live receiver, or a history entry (no resend either way).
    pub from_history: Option<i64>,
    /// Delivered again to the app from cinspect, not received.
    pub redelivered: bool,
}

impl WebhookShown {
    pub fn of_received(r: &Received) -> Self {
        let good = r.signature_ok();
        let at = format_epoch_millis(r.received_at_ms);
        // The app's answer first: it is what a redelivery is for.
        let detail = match (&r.redelivered_to, r.forward()) {
            (Some(url), Some(f)) => format!("↻ {} · {at} to {url}", f.line()),
            (_, Some(f)) => format!(
                "{} · {at} {} {} · answered {}",
                f.line(),
                r.method,
                r.path,
                r.answered
            ),
            (_, None) => format!("{at} {} {} · answered {}", r.method, r.path, r.answered),
        };
        Self {
            heading: format!("webhook {}", r.title()),
            verdict: r.verdict_line(),
            good,
            detail: printable(&detail).into_owned(),
            from_history: None,
            redelivered: r.redelivered_to.is_some(),
        }
    }

    /// A webhook entry of the history: its recorded summary (`title: verdict`).
    pub fn of_entry(entry: &Entry) -> Self {
        let (heading, verdict) = entry
            .verdict_summary
            .split_once(": signature ")
            .map_or((entry.verdict_summary.clone(), String::new()), |(t, v)| {
                (t.to_string(), format!("signature {v}"))
            });
        let good = matches!(
            entry.verdict_kind.as_str(),
            "webhook_valid" | "webhook_verification"
        );
        let mut detail = format!(
            "{} {} {} · {}",
            format_epoch_millis(entry.time_ms),
            entry.method,
            entry.url,
            entry.source.as_deref().unwrap_or(WEBHOOK_SOURCE)
        );
        match (&entry.transport_error, entry.status) {
            // A redelivery the app did not answer: the line says so.
            (Some(e), _) => detail.push_str(&format!(" · {e}")),
            (None, Some(status)) => {
                detail.push_str(&format!(" · answered {status}"));
                if !entry.response_body.is_empty() {
                    let head: String = entry.response_body.chars().take(120).collect();
                    detail.push_str(&format!(" · app: {head}"));
                }
            }
            (None, None) => {}
        }
        Self {
            heading: printable(&format!("webhook {heading}")).into_owned(),
            verdict: printable(if verdict.is_empty() {
                &entry.verdict_summary
            } else {
                &verdict
            })
            .into_owned(),
            good,
            detail: printable(&detail).into_owned(),
            from_history: Some(entry.id),
            redelivered: entry
                .source
                .as_deref()
                .is_some_and(|s| s.contains(", delivered again to ")),
        }
    }
}

/// Whether a history entry is a received webhook (not an exchange cinspect sent).
pub fn is_webhook_entry(entry: &Entry) -> bool {
    entry
        .source
        .as_deref()
        .is_some_and(|s| s.starts_with(WEBHOOK_SOURCE))
}

/// Any history entry as a side of a comparison: a webhook's event in the
/// response's place, else the exchange, or the request that got no response.
/// Builds the body views: call off the UI thread.
pub fn loaded_of_entry(entry: &Entry) -> crate::pipeline::compare::Loaded {
    use crate::pipeline::compare::Loaded;
    if is_webhook_entry(entry) {
        return Loaded::Exchange(std::sync::Arc::new(exchange_of_entry(entry)));
    }
    match crate::pipeline::record::reopen(entry) {
        Ok(x) => Loaded::Exchange(std::sync::Arc::new(x)),
        Err(why) => Loaded::NoResponse {
            request: crate::pipeline::record::sent_of(entry),
            why,
        },
    }
}

/// The event as an exchange for the viewer: its headers and body in the
/// response's place. Linear in the body's size: call off the UI thread.
pub fn exchange_of(r: &Received) -> Exchange {
    event_exchange(&r.method, &r.path, &r.headers, r.body.clone(), r.answered)
}

/// A webhook entry of the history as an exchange: the recorded event (redacted
/// as stored) in the response's place.
pub fn exchange_of_entry(entry: &Entry) -> Exchange {
    event_exchange(
        &entry.method,
        &entry.url,
        &entry.request_headers,
        entry.request_body.clone().into_bytes(),
        entry.status.unwrap_or(200),
    )
}

fn event_exchange(
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
        sent_at_ms: None,
    };
    let record = ResponseRecord {
        status: answered,
        headers: headers.to_vec(),
        body,
        elapsed: Duration::ZERO,
        cut: None,
    };
    let mut exchange = build_exchange(request, record);
    // An event's own errors (a payment.rejected's statusOutput) are not
    // errors in the request being edited: nothing to locate there.
    exchange.report = crate::connect::ErrorReport::default();
    exchange
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::webhook::WebhookVerdict;
    use crate::connect::webhook_events::facts;
    use crate::webhooks::{Forwarded, ReceivedKind};

    fn event(verdict: WebhookVerdict) -> Received {
        let body = br#"{"apiVersion":"v1","id":"evt-1","type":"payment.paid","payment":{"id":"p1","status":"PAID"}}"#;
        Received {
            received_at_ms: 1_700_000_000_000,
            method: "POST".into(),
            path: "/webhooks".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-GCS-KeyId".into(), "k1".into()),
            ],
            body: body.to_vec(),
            kind: ReceivedKind::Event {
                verdict,
                facts: facts(body),
                forward: Some(Forwarded::Answered {
                    status: 500,
                    elapsed_ms: 12,
                    body: "boom".into(),
                }),
            },
            answered: 500,
            redelivered_to: None,
        }
    }

    #[test]
    fn a_valid_event_is_good_and_says_what_the_app_answered() {
        let r = event(WebhookVerdict::Valid {
            key_id: "k1".into(),
        });
        let shown = WebhookShown::of_received(&r);
        assert!(shown.good);
        assert!(shown.heading.starts_with("webhook payment.paid evt-1"));
        assert_eq!(shown.verdict, "signature valid: signed with k1");
        assert!(shown.detail.contains("answered 500"), "{}", shown.detail);
        assert!(
            shown.detail.contains("app answered 500 in 12 ms boom"),
            "{}",
            shown.detail
        );
    }

    #[test]
    fn a_bad_signature_is_not_good() {
        let r = event(WebhookVerdict::UnknownKeyId("k9".into()));
        assert!(!WebhookShown::of_received(&r).good);
    }

    #[test]
    fn the_event_body_and_headers_take_the_responses_place() {
        let r = event(WebhookVerdict::Valid {
            key_id: "k1".into(),
        });
        let x = exchange_of(&r);
        assert_eq!(x.headers, r.headers);
        assert_eq!(x.body.kind, crate::body::BodyKind::Json);
        assert!(x.body.line_count() > 3, "pretty-printed for folding");
    }

    #[test]
    fn an_events_own_errors_are_not_errors_of_the_request() {
        let body = br#"{"apiVersion":"v1","id":"e","type":"payment.rejected","errors":[{"code":"430330","propertyName":"order.amountOfMoney"}]}"#;
        let mut r = event(WebhookVerdict::Valid {
            key_id: "k1".into(),
        });
        r.body = body.to_vec();
        assert!(exchange_of(&r).report.errors.is_empty());
    }

    #[test]
    fn a_history_entry_is_split_back_into_heading_and_verdict() {
        let r = event(WebhookVerdict::Valid {
            key_id: "k1".into(),
        });
        let mut entry = crate::pipeline::record::unsaved(r.entry("127.0.0.1:8787"));
        entry.id = 7;
        assert!(is_webhook_entry(&entry));
        let shown = WebhookShown::of_entry(&entry);
        assert_eq!(shown.verdict, "signature valid: signed with k1");
        assert!(shown.heading.starts_with("webhook payment.paid evt-1"));
        assert!(shown.good);
        assert_eq!(shown.from_history, Some(7));
        assert!(
            shown.detail.contains("webhook received on 127.0.0.1:8787"),
            "{}",
            shown.detail
        );
        let x = exchange_of_entry(&entry);
        assert_eq!(x.body.kind, crate::body::BodyKind::Json);
    }
}
