//! One request the receiver took, with what it made of it: the signature
//! verdict, what the event is about, the integrator's app's answer when it was
//! forwarded. The shapes `webhooks listen` prints (text and JSON Lines), the
//! history records and the TUI lists.

use serde_json::{Value, json};

use crate::body::printable;
use crate::connect::datetime::format_epoch_millis;
use crate::connect::webhook::{KEY_ID_HEADER, WebhookVerdict};
use crate::connect::webhook_events::EventFacts;
use crate::history::NewEntry;

/// A request to the receiver and its answer.
#[derive(Debug, Clone)]
pub struct Received {
    /// Unix milliseconds.
    pub received_at_ms: i64,
    pub method: String,
    /// The path and query, as sent.
    pub path: String,
    /// As received, in order (names may repeat: a duplicated signature is a verdict).
    pub headers: Vec<(String, String)>,
    /// The raw bytes: what the signature is over. Empty when refused.
    pub body: Vec<u8>,
    pub kind: ReceivedKind,
    /// The status the sender was answered with (for a redelivery: the app's,
    /// 502 when it did not answer; the history then records no status).
    pub answered: u16,
    /// Not received but delivered again, to this URL, from the TUI (F5 in
    /// the webhooks view): the same bytes and headers, the app's new answer.
    pub redelivered_to: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ReceivedKind {
    /// Connect registering the endpoint: the value was echoed back.
    Verification { value: String },
    Event {
        verdict: WebhookVerdict,
        facts: EventFacts,
        forward: Option<Forwarded>,
    },
    /// Answered without being read: too big, or too slow to arrive.
    Refused { reason: String },
}

/// The integrator's app's answer to a forwarded event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forwarded {
    Answered {
        status: u16,
        elapsed_ms: u64,
        /// Its first characters.
        body: String,
    },
    Failed {
        reason: String,
        elapsed_ms: u64,
    },
}

impl Forwarded {
    /// The app took the event (a 2xx answer).
    pub fn accepted(&self) -> bool {
        matches!(self, Forwarded::Answered { status, .. } if (200..300).contains(status))
    }

    /// The status the sender hears: the app's, or 502 when it did not answer.
    pub fn status_for_sender(&self) -> u16 {
        match self {
            Forwarded::Answered { status, .. } => *status,
            Forwarded::Failed { .. } => 502,
        }
    }

    fn json(&self) -> Value {
        match self {
            Forwarded::Answered {
                status,
                elapsed_ms,
                body,
            } => json!({"status": status, "elapsed_ms": elapsed_ms, "body": body}),
            Forwarded::Failed { reason, elapsed_ms } => {
                json!({"status": null, "elapsed_ms": elapsed_ms, "error": reason})
            }
        }
    }

    /// `app answered 500 in 12 ms: …` / `app did not answer (…) after 10000 ms`.
    pub fn line(&self) -> String {
        match self {
            Forwarded::Answered {
                status,
                elapsed_ms,
                body,
            } => {
                let head: String = body.chars().take(120).collect();
                format!("app answered {status} in {elapsed_ms} ms {head}")
                    .trim_end()
                    .to_string()
            }
            Forwarded::Failed { reason, elapsed_ms } => {
                format!("app did not answer ({reason}) after {elapsed_ms} ms")
            }
        }
    }
}

impl Received {
    pub fn forward(&self) -> Option<&Forwarded> {
        match &self.kind {
            ReceivedKind::Event { forward, .. } => forward.as_ref(),
            _ => None,
        }
    }

    /// The signature verified, or it was the endpoint verification; a refusal was never read.
    pub fn signature_ok(&self) -> bool {
        match &self.kind {
            ReceivedKind::Event { verdict, .. } => verdict.is_valid(),
            ReceivedKind::Verification { .. } => true,
            ReceivedKind::Refused { .. } => false,
        }
    }

    /// Checked with a configured key (whatever the verdict), or the endpoint
    /// verification: not something anyone who finds the URL can send in bulk
    /// (a refusal, no signature, a key id nobody configured).
    pub fn from_a_configured_key(&self) -> bool {
        match &self.kind {
            ReceivedKind::Verification { .. } => true,
            ReceivedKind::Refused { .. } => false,
            ReceivedKind::Event { verdict, .. } => !matches!(
                verdict,
                WebhookVerdict::MissingHeader(_)
                    | WebhookVerdict::DuplicatedHeader(_)
                    | WebhookVerdict::UnknownKeyId(_)
            ),
        }
    }

    /// The key id the sender named, if it named one.
    pub fn key_id(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(KEY_ID_HEADER))
            .map(|(_, v)| v.as_str())
    }

    /// The event's type (`payment.paid`), when it is an event that has one.
    pub fn event_type(&self) -> Option<&str> {
        match &self.kind {
            ReceivedKind::Event { facts, .. } => facts.event_type.as_deref(),
            _ => None,
        }
    }

    /// The event in a few words: `payment.paid evt-1 · payment 0000… PAID`.
    pub fn title(&self) -> String {
        let text = match &self.kind {
            ReceivedKind::Verification { .. } => "endpoint verification".to_string(),
            ReceivedKind::Refused { .. } => "refused".to_string(),
            ReceivedKind::Event { facts, .. } => {
                let mut parts = vec![
                    facts
                        .event_type
                        .clone()
                        .unwrap_or_else(|| "(no event type)".to_string()),
                ];
                parts.extend(facts.event_id.clone());
                let mut text = parts.join(" ");
                if let Some(object) = &facts.object {
                    text.push_str(" · ");
                    text.push_str(object);
                }
                text
            }
        };
        printable(&text).into_owned()
    }

    /// The verdict in a word or two, for a list: `valid`, `mismatch`, `refused 413`.
    pub fn verdict_word(&self) -> String {
        let word = self.verdict_kind_word();
        if self.redelivered_to.is_some() {
            format!("{word} ↻")
        } else {
            word
        }
    }

    fn verdict_kind_word(&self) -> String {
        match &self.kind {
            ReceivedKind::Verification { .. } => "verification".to_string(),
            ReceivedKind::Refused { .. } => format!("refused {}", self.answered),
            ReceivedKind::Event { verdict, .. } => verdict.kind().replace('_', " "),
        }
    }

    /// The verdict in a few words: `signature valid: signed with k1`.
    pub fn verdict_line(&self) -> String {
        let text = match &self.kind {
            ReceivedKind::Verification { value } => format!("answered {value} as Connect expects"),
            ReceivedKind::Refused { reason } => reason.clone(),
            ReceivedKind::Event { verdict, .. } => {
                format!(
                    "signature {}: {}",
                    verdict.kind().replace('_', " "),
                    verdict.reason()
                )
            }
        };
        printable(&text).into_owned()
    }

    /// About what it holds in memory while it waits in a queue: the body and
    /// the headers (the rest is small and fixed).
    pub(super) fn queued_bytes(&self) -> usize {
        let headers: usize = self.headers.iter().map(|(n, v)| n.len() + v.len()).sum();
        self.body.len() + headers + self.path.len() + 512
    }

    /// The line `webhooks listen` prints.
    pub fn line(&self) -> String {
        let at = format_epoch_millis(self.received_at_ms);
        let mut line = format!("{at}  {} {}  ", self.method, self.path);
        match &self.kind {
            ReceivedKind::Verification { value } => {
                line.push_str(&format!("endpoint verification: answered {value}"));
            }
            ReceivedKind::Refused { reason } => {
                line.push_str(&format!("refused ({}): {reason}", self.answered));
            }
            ReceivedKind::Event { forward, .. } => {
                line.push_str(&format!("{}  {}", self.title(), self.verdict_line()));
                match forward {
                    Some(f) => {
                        line.push_str("  → ");
                        line.push_str(&f.line());
                    }
                    // Refused as a correct endpoint refuses it: said, since the sender sees it.
                    None if !(200..300).contains(&self.answered) => {
                        line.push_str(&format!("  → answered {}", self.answered));
                    }
                    None => {}
                }
            }
        }
        printable(&line).into_owned()
    }

    /// The object `webhooks listen --json` prints (one per line).
    pub fn json(&self) -> Value {
        let headers = Value::Object(
            self.headers
                .iter()
                .map(|(n, v)| (n.clone(), Value::String(v.clone())))
                .collect(),
        );
        let mut out = json!({
            "received_at": format_epoch_millis(self.received_at_ms),
            "method": self.method,
            "path": self.path,
            "headers": headers,
            "answered": self.answered,
        });
        let map = out.as_object_mut().expect("an object");
        let put = |map: &mut serde_json::Map<String, Value>, k: &str, v: Value| {
            map.insert(k.to_string(), v);
        };
        match &self.kind {
            ReceivedKind::Verification { value } => {
                for k in ["body", "event_type", "event_id", "signature", "forward"] {
                    put(map, k, Value::Null);
                }
                put(map, "verification", json!(value));
            }
            ReceivedKind::Refused { reason } => {
                for k in ["body", "event_type", "event_id", "signature", "forward"] {
                    put(map, k, Value::Null);
                }
                put(map, "refused", json!(reason));
            }
            ReceivedKind::Event {
                verdict,
                facts,
                forward,
            } => {
                let body = serde_json::from_slice::<Value>(&self.body).unwrap_or_else(|_| {
                    Value::String(String::from_utf8_lossy(&self.body).into_owned())
                });
                put(map, "body", body);
                put(map, "event_type", json!(facts.event_type));
                put(map, "event_id", json!(facts.event_id));
                put(map, "object", json!(facts.object));
                put(
                    map,
                    "signature",
                    json!({"verdict": verdict.kind(), "reason": verdict.reason(), "key_id": self.key_id()}),
                );
                put(
                    map,
                    "forward",
                    forward.as_ref().map_or(Value::Null, Forwarded::json),
                );
            }
        }
        out
    }

    /// What the history keeps of it (the store redacts: the signature header is masked).
    /// `on` names where it was received (`127.0.0.1:8787`).
    pub fn entry(&self, on: &str) -> NewEntry {
        let (kind, summary) = match &self.kind {
            ReceivedKind::Verification { .. } => (
                "webhook_verification".to_string(),
                "endpoint verification answered".to_string(),
            ),
            ReceivedKind::Refused { reason } => ("webhook_refused".to_string(), reason.clone()),
            ReceivedKind::Event { verdict, .. } => (
                format!("webhook_{}", verdict.kind()),
                format!(
                    "{}{}: {}",
                    if self.redelivered_to.is_some() {
                        "(delivered again) "
                    } else {
                        ""
                    },
                    self.title(),
                    self.verdict_line()
                ),
            ),
        };
        let (response_body, elapsed_ms) = match self.forward() {
            Some(Forwarded::Answered {
                body, elapsed_ms, ..
            }) => (body.clone(), Some(*elapsed_ms)),
            Some(f @ Forwarded::Failed { elapsed_ms, .. }) => (f.line(), Some(*elapsed_ms)),
            None => (String::new(), None),
        };
        // Delivered again and not answered: nobody gave a status.
        let unanswered = self.redelivered_to.is_some()
            && matches!(self.forward(), Some(Forwarded::Failed { .. }));
        let source = match &self.redelivered_to {
            Some(url) => format!("{WEBHOOK_SOURCE} {on}, delivered again to {url}"),
            None => format!("{WEBHOOK_SOURCE} {on}"),
        };
        NewEntry {
            time_ms: self.received_at_ms,
            env: WEBHOOK_ENV.to_string(),
            method: self.method.clone(),
            url: self.path.clone(),
            request_headers: self.headers.clone(),
            request_body: String::from_utf8_lossy(&self.body).into_owned(),
            status: (!unanswered).then_some(self.answered),
            transport_error: unanswered.then(|| response_body.clone()),
            response_body,
            verdict_kind: kind,
            verdict_summary: summary,
            elapsed_ms,
            source: Some(source),
            ..NewEntry::default()
        }
    }
}

/// The environment name webhook entries are recorded under (filter the browser with it;
/// the history prunes them apart from exchanges).
pub const WEBHOOK_ENV: &str = crate::history::WEBHOOK_ENV;
/// How a webhook entry's `source` starts: `webhook received on 127.0.0.1:8787`.
pub const WEBHOOK_SOURCE: &str = "webhook received on";
