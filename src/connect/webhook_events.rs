//! Realistic webhook events for `cinspect webhooks send`: the shape Connect
//! sends (`apiVersion`, `id`, `created`, `merchantId`, `type`, and the object
//! the event is about, in the state the event names).

use serde_json::{Value, json};

/// Every event type with a built-in body.
pub const TYPES: &[&str] = &[
    "payment.created",
    "payment.paid",
    "payment.captured",
    "payment.rejected",
    "payment.cancelled",
    "payment.refunded",
    "refund.refund_requested",
    "payout.account_credited",
    "token.created",
];

/// What a type that is no Connect event is called there: `payout.paid`
/// (what cinspect offered before) is a paid payout's `payout.account_credited`.
pub fn renamed(kind: &str) -> Option<&'static str> {
    (kind == "payout.paid").then_some("payout.account_credited")
}

/// The event body for `kind`, with this `id` and `created` time; None for an unknown type.
pub fn event(kind: &str, id: &str, created: &str, merchant_id: &str) -> Option<String> {
    let (object, value) = match kind {
        "payment.created" => ("payment", payment("CREATED", "CREATED", 0)),
        "payment.paid" => ("payment", payment("PAID", "COMPLETED", 1000)),
        "payment.captured" => ("payment", payment("CAPTURED", "COMPLETED", 975)),
        "payment.rejected" => ("payment", payment("REJECTED", "UNSUCCESSFUL", 100)),
        "payment.cancelled" => ("payment", payment("CANCELLED", "UNSUCCESSFUL", 99999)),
        "payment.refunded" => ("payment", payment("REFUNDED", "REFUNDED", 1800)),
        "refund.refund_requested" => (
            "refund",
            json!({
                "id": "00000200000143570012300001",
                "refundOutput": {"amountOfMoney": {"amount": 1000, "currencyCode": "EUR"}},
                "status": "REFUND_REQUESTED",
                "statusOutput": {"isCancellable": true, "statusCategory": "PENDING_CONNECT_OR_3RD_PARTY", "statusCode": 800}
            }),
        ),
        "payout.account_credited" => (
            "payout",
            json!({
                "id": "00000200000143570012400001",
                "payoutOutput": {"amountOfMoney": {"amount": 5000, "currencyCode": "EUR"}},
                // The status the event is named after: the model's payout statuses have no PAID.
                "status": "ACCOUNT_CREDITED",
                "statusOutput": {"isCancellable": false, "statusCategory": "COMPLETED", "statusCode": 1000}
            }),
        ),
        "token.created" => (
            "token",
            json!({"id": "bfa8a7e4-4530-455a-858d-204ba2afb77e", "paymentProductId": 1}),
        ),
        _ => return None,
    };
    let mut body = json!({
        "apiVersion": "v1",
        "id": id,
        "created": created,
        "merchantId": merchant_id,
        "type": kind,
    });
    if let Value::Object(map) = &mut body {
        map.insert(object.to_string(), value);
    }
    serde_json::to_string_pretty(&body).ok()
}

fn payment(status: &str, category: &str, code: u32) -> Value {
    json!({
        "id": "00000200000143570012",
        "paymentOutput": {
            "amountOfMoney": {"amount": 1000, "currencyCode": "EUR"},
            "references": {"paymentReference": "200001681810"},
            "paymentMethod": "card",
            "cardPaymentMethodSpecificOutput": {
                "paymentProductId": 1,
                "card": {"cardNumber": "************7977", "expiryDate": "1230"}
            }
        },
        "status": status,
        "statusOutput": {"isCancellable": false, "statusCategory": category, "statusCode": code, "isAuthorized": code >= 800}
    })
}

/// What a received event is about: its type, id, and the object's id and status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFacts {
    pub event_type: Option<String>,
    pub event_id: Option<String>,
    /// e.g. `payment 00000200000143570012 PAID`.
    pub object: Option<String>,
}

/// Characters kept of each fact: they are for a line on screen, and a sender
/// may put megabytes in a `type`.
const FACT_CHARS: usize = 128;

pub fn facts(body: &[u8]) -> EventFacts {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return EventFacts::default();
    };
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str).map(|s| {
            let mut kept: String = s.chars().take(FACT_CHARS).collect();
            if kept.len() < s.len() {
                kept.push('…');
            }
            kept
        })
    };
    let object = ["payment", "refund", "payout", "token", "dispute", "mandate"]
        .iter()
        .find_map(|name| {
            let o = map.get(*name)?;
            let id = text(o.get("id")).unwrap_or_default();
            let status = text(o.get("status")).map_or(String::new(), |s| format!(" {s}"));
            Some(format!("{name} {id}{status}"))
        });
    EventFacts {
        event_type: text(map.get("type")),
        event_id: text(map.get("id")),
        object,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_fact_is_cut_for_the_screen() {
        let body = format!(r#"{{"type":"{}","id":"e1"}}"#, "x".repeat(1_000_000));
        let facts = facts(body.as_bytes());
        let kind = facts.event_type.expect("a type");
        assert_eq!(kind.chars().count(), FACT_CHARS + 1);
        assert!(kind.ends_with('…'));
        assert_eq!(facts.event_id.as_deref(), Some("e1"));
    }

    #[test]
    fn every_type_has_a_v1_body_that_names_its_object() {
        for kind in TYPES {
            let body = event(kind, "e1", "2026-12-02T10:00:00.000+0000", "1234").expect(kind);
            let facts = facts(body.as_bytes());
            assert_eq!(facts.event_type.as_deref(), Some(*kind));
            assert_eq!(facts.event_id.as_deref(), Some("e1"));
            let object = facts.object.expect("an object");
            assert!(
                kind.starts_with(object.split(' ').next().unwrap()),
                "{kind}: {object}"
            );
        }
        assert!(event("nope", "e", "t", "1").is_none());
    }

    #[test]
    fn every_objects_values_are_ones_the_model_lists() {
        let model = crate::connect::model::model().expect("the embedded model");
        for kind in TYPES {
            let body: Value = serde_json::from_str(
                &event(kind, "e1", "2026-12-02T10:00:00.000+0000", "1234").expect(kind),
            )
            .expect("JSON");
            let (object, url) = match kind.split('.').next() {
                Some("payment") => ("payment", "https://h/v1/1234/payments/0001"),
                Some("refund") => ("refund", "https://h/v1/1234/refunds/0001"),
                Some("payout") => ("payout", "https://h/v1/1234/payouts/0001"),
                _ => continue,
            };
            let text = serde_json::to_string_pretty(&body[object]).expect("text");
            let marks = model.undocumented_values("GET", url, 200, &text);
            assert!(
                marks.is_empty(),
                "{kind}: {:?}",
                marks.first().map(|m| &m.message)
            );
        }
    }
}
