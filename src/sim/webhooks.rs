//! Webhook events the simulator sends for what it does (`cinspect sim --webhooks-url`): a
//! payment created, rejected, captured, cancelled or refunded; a refund requested (of a payment
//! or a capture) or cancelled; a payout created, rejected, requested, credited, its credit
//! rejected, or cancelled; a token created or deleted. A simulation, not the platform's
//! schedule: one event per action, at once, with the object as the simulator holds it, under
//! Connect's `object.event` names.
//!
//! Events are signed like Connect's (`X-GCS-Signature`, `X-GCS-KeyId`) and POSTed by one
//! background task, so an API answer never waits for the target. The queue is bounded: when the
//! target is slower than the payments, events are dropped, counted and logged on stderr.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::payment::Payment;
use super::store::Kind;
use crate::config::Secret;
use crate::connect::webhook::{self, KEY_ID_HEADER, SIGNATURE_HEADER};

/// Where events go and the key they are signed with. Debug masks the secret.
#[derive(Clone, Debug)]
pub struct WebhookTarget {
    pub url: String,
    pub key_id: String,
    pub secret: Secret,
}

/// How events are delivered: retries, per-attempt timeout and queue size.
#[derive(Clone, Debug)]
pub struct WebhookDelivery {
    /// The waits before each retry of a non-2xx answer or no answer; its length is the number of
    /// retries. Tests make them short.
    pub retry_delays: Vec<Duration>,
    /// How long one attempt may take, so a target that never answers does not stall the queue.
    pub attempt_timeout: Duration,
    /// Events waiting to be sent; more are dropped.
    pub queue: usize,
    /// Where problems (events dropped or given up on) are said: stderr for
    /// `cinspect sim`, a channel when the simulator runs inside the TUI, whose
    /// terminal stderr would draw over. Bounded: each report says how many so
    /// far, so one that does not fit loses nothing the next does not say.
    pub report: Option<mpsc::Sender<String>>,
}

impl WebhookDelivery {
    fn report(&self, problem: String) {
        match &self.report {
            Some(tx) => {
                let _ = tx.try_send(format!("simulator: {problem}"));
            }
            None => eprintln!("cinspect sim: {problem}"),
        }
    }
}

impl Default for WebhookDelivery {
    fn default() -> Self {
        Self {
            retry_delays: [500, 1_000, 2_000].map(Duration::from_millis).to_vec(),
            attempt_timeout: Duration::from_secs(5),
            queue: 100,
            report: None,
        }
    }
}

/// The events the simulator sends; the type names what the simulator did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentEvent {
    Created,
    Rejected,
    Captured,
    Cancelled,
    Refunded,
}

impl PaymentEvent {
    pub fn kind(self) -> &'static str {
        match self {
            Self::Created => "payment.created",
            Self::Rejected => "payment.rejected",
            Self::Captured => "payment.capture_requested",
            Self::Cancelled => "payment.cancelled",
            Self::Refunded => "payment.refunded",
        }
    }
}

/// Events about objects other than payments: the type names the object (`refund.…`), which
/// the body carries under that name.
pub mod object_event {
    pub const REFUND_REQUESTED: &str = "refund.refund_requested";
    pub const REFUND_CANCELLED: &str = "refund.cancelled";
    pub const PAYOUT_CREATED: &str = "payout.created";
    pub const PAYOUT_REJECTED: &str = "payout.rejected";
    pub const PAYOUT_REQUESTED: &str = "payout.payout_requested";
    pub const PAYOUT_CANCELLED: &str = "payout.cancelled";
    /// Connect names its payout events by the status reached: ACCOUNT_CREDITED is the payout
    /// paid to the beneficiary (no payout status is called PAID).
    pub const PAYOUT_ACCOUNT_CREDITED: &str = "payout.account_credited";
    pub const PAYOUT_REJECTED_CREDIT: &str = "payout.rejected_credit";
    pub const TOKEN_CREATED: &str = "token.created";
    pub const TOKEN_DELETED: &str = "token.deleted";

    /// The event an object of `kind` sends on reaching `status` by an action, if any.
    pub fn of_status(kind: super::Kind, status: &str) -> Option<&'static str> {
        use super::Kind;
        match (kind, status) {
            (Kind::Refund, "REFUND_REQUESTED") => Some(REFUND_REQUESTED),
            (Kind::Refund, "CANCELLED") => Some(REFUND_CANCELLED),
            (Kind::Payout, "PAYOUT_REQUESTED") => Some(PAYOUT_REQUESTED),
            (Kind::Payout, "CANCELLED") => Some(PAYOUT_CANCELLED),
            (Kind::Payout, "ACCOUNT_CREDITED") => Some(PAYOUT_ACCOUNT_CREDITED),
            (Kind::Payout, "REJECTED_CREDIT") => Some(PAYOUT_REJECTED_CREDIT),
            _ => None,
        }
    }
}

/// One signed event waiting to be sent.
struct Outgoing {
    kind: &'static str,
    body: Vec<u8>,
}

/// The handlers' side: queues events for the sender task, or does nothing when none is set up.
#[derive(Debug, Default)]
pub struct Webhooks {
    queue: Option<mpsc::Sender<Outgoing>>,
    dropped: AtomicU64,
    delivery: WebhookDelivery,
}

impl Webhooks {
    /// Starts the sender task for `target`, if any. It needs a tokio runtime: the simulator is
    /// always built in one, but without one events are off rather than a panic.
    pub fn start(target: Option<&WebhookTarget>, delivery: &WebhookDelivery) -> Self {
        let Some(target) = target else {
            return Self::default();
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            delivery.report("no async runtime, webhook events are off".to_string());
            return Self::default();
        };
        let client = match reqwest::Client::builder()
            .timeout(delivery.attempt_timeout)
            .build()
        {
            Ok(c) => c,
            Err(e) => {
                delivery.report(format!("webhook events are off: {e}"));
                return Self::default();
            }
        };
        let (queue, events) = mpsc::channel(delivery.queue.max(1));
        runtime.spawn(send_all(events, client, target.clone(), delivery.clone()));
        Self {
            queue: Some(queue),
            dropped: AtomicU64::default(),
            delivery: delivery.clone(),
        }
    }

    /// Queues the event for `payment` of `merchant_id`; never waits.
    pub fn payment(&self, event: PaymentEvent, merchant_id: &str, payment: &Payment) {
        if self.queue.is_some() {
            let body = event_body(event.kind(), merchant_id, payment.to_json());
            self.push(event.kind(), &format!("payment {}", payment.id), body);
        }
    }

    /// Queues the event `kind` (one of [`object_event`]) about `object` (its API JSON, with an
    /// `id`) of `merchant_id`; never waits.
    pub fn object(&self, kind: &'static str, merchant_id: &str, object: &Value) {
        if self.queue.is_some() {
            let name = kind.split('.').next().unwrap_or(kind);
            let id = object["id"].as_str().unwrap_or_default();
            let body = event_body_of(kind, merchant_id, name, object.clone());
            self.push(kind, &format!("{name} {id}"), body);
        }
    }

    /// Queues one event, or drops it (counted, logged) when the queue is full.
    fn push(&self, kind: &'static str, about: &str, body: Vec<u8>) {
        let Some(queue) = &self.queue else {
            return;
        };
        if queue.try_send(Outgoing { kind, body }).is_err() {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            self.delivery.report(format!(
                "webhook queue full: {kind} for {about} dropped ({dropped} so far)"
            ));
        }
    }
}

/// The event as Connect shapes it (see `connect::webhook_events`), with a new id.
fn event_body(kind: &str, merchant_id: &str, payment: Value) -> Vec<u8> {
    event_body_of(kind, merchant_id, "payment", payment)
}

/// The event about `object` (a payment, refund, payout or token), under its `name`.
fn event_body_of(kind: &str, merchant_id: &str, name: &str, object: Value) -> Vec<u8> {
    let created = crate::connect::datetime::format_epoch_millis(crate::pipeline::record::now_ms())
        .replace(' ', "T")
        .replace("TUTC", "+0000");
    let mut body = json!({
        "apiVersion": "v1",
        "id": uuid::Uuid::new_v4().to_string(),
        "created": created,
        "merchantId": merchant_id,
        "type": kind,
    });
    body[name] = object;
    // A Value always serialises.
    serde_json::to_vec_pretty(&body).unwrap_or_default()
}

/// The sender task: one event at a time, in order, until the simulator is gone.
async fn send_all(
    mut events: mpsc::Receiver<Outgoing>,
    client: reqwest::Client,
    target: WebhookTarget,
    delivery: WebhookDelivery,
) {
    let mut failed: u64 = 0;
    while let Some(event) = events.recv().await {
        if let Err(last) = deliver(&client, &target, &delivery, &event).await {
            failed += 1;
            delivery.report(format!(
                "webhook {} not delivered after {} attempts ({last}); {failed} lost so far",
                event.kind,
                delivery.retry_delays.len() + 1
            ));
        }
    }
}

/// Sends `event` until a 2xx answer, retrying after each wait; the last failure otherwise.
async fn deliver(
    client: &reqwest::Client,
    target: &WebhookTarget,
    delivery: &WebhookDelivery,
    event: &Outgoing,
) -> Result<(), String> {
    let signature = webhook::sign(target.secret.expose(), &event.body);
    let mut waits = delivery.retry_delays.iter();
    loop {
        let answer = client
            .post(&target.url)
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, &signature)
            .header(KEY_ID_HEADER, &target.key_id)
            .body(event.body.clone())
            .send()
            .await;
        let failure = match answer {
            Ok(r) if r.status().is_success() => return Ok(()),
            Ok(r) => format!("answered {}", r.status().as_u16()),
            Err(e) if e.is_timeout() => "no answer in time".to_owned(),
            Err(_) => "no answer".to_owned(),
        };
        let Some(wait) = waits.next() else {
            return Err(failure);
        };
        tokio::time::sleep(*wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_has_the_shape_of_connect_events() {
        let body = event_body(
            "payment.created",
            "1234",
            json!({"id": "p1", "status": "X"}),
        );
        let facts = crate::connect::webhook_events::facts(&body);
        assert_eq!(facts.event_type.as_deref(), Some("payment.created"));
        assert_eq!(facts.object.as_deref(), Some("payment p1 X"));
        let value: Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(value["apiVersion"], "v1");
        assert_eq!(value["merchantId"], "1234");
        assert!(
            value["created"]
                .as_str()
                .is_some_and(|c| c.ends_with("+0000"))
        );
    }

    #[test]
    fn an_object_event_carries_the_object_its_type_names() {
        let body = event_body_of(
            object_event::PAYOUT_CREATED,
            "1234",
            "payout",
            json!({"id": "po1", "status": "PENDING_APPROVAL"}),
        );
        let facts = crate::connect::webhook_events::facts(&body);
        assert_eq!(facts.event_type.as_deref(), Some("payout.created"));
        assert_eq!(facts.object.as_deref(), Some("payout po1 PENDING_APPROVAL"));
        let value: Value = serde_json::from_slice(&body).expect("JSON");
        assert!(value.get("payment").is_none());
    }

    #[test]
    fn events_beyond_the_queue_are_dropped_counted_and_reported() {
        // No sender task: the queue only fills.
        let (queue, _events) = mpsc::channel(2);
        let (report, mut reports) = mpsc::channel(8);
        let hooks = Webhooks {
            queue: Some(queue),
            dropped: AtomicU64::default(),
            delivery: WebhookDelivery {
                report: Some(report),
                ..WebhookDelivery::default()
            },
        };
        for _ in 0..5 {
            hooks.push("payment.created", "payment p1", b"{}".to_vec());
        }
        assert_eq!(hooks.dropped.load(Ordering::Relaxed), 3);
        // Inside the TUI the reports go to it, not to stderr.
        let said: Vec<String> = std::iter::from_fn(|| reports.try_recv().ok()).collect();
        assert_eq!(said.len(), 3);
        assert!(
            said[2].starts_with(
                "simulator: webhook queue full: payment.created for payment p1 dropped (3 so far)"
            ),
            "{said:?}"
        );
    }

    #[test]
    fn without_a_target_nothing_is_queued() {
        let hooks = Webhooks::start(None, &WebhookDelivery::default());
        assert!(hooks.queue.is_none());
    }
}
