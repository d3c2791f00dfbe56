//! Reports of an exchange for people and scripts: the JSON object that
//! `cinspect send --json` prints and the TUI copies.

use serde_json::{Value, json};

use super::exchange::Exchange;
use crate::locate::{Location, Outcome};

/// Where an error points, as 1-based (line, column): its first match, or where
/// a missing field would go.
pub fn place_of(location: &Location) -> Option<(usize, usize)> {
    match &location.outcome {
        Outcome::Found { matches } => matches.first().map(|m| (m.start.line, m.start.column)),
        Outcome::Missing { nearest, .. } => Some((nearest.start.line, nearest.start.column)),
        Outcome::Unsupported { .. } => None,
    }
}

/// `status`, `meaning`, `listed`, `verdict`, `error_id`, `errors` (each
/// APIError's fields plus `location` and `nested_in`), `headers`, `body`,
/// `elapsed_ms`. `located` has one entry per error.
pub fn exchange_json(x: &Exchange, located: &[Option<(usize, usize)>]) -> Value {
    let errors: Vec<Value> = x
        .report
        .errors
        .iter()
        .zip(located)
        .map(|(entry, place)| {
            let mut v = serde_json::to_value(&entry.error).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert(
                    "location".into(),
                    place.map_or(Value::Null, |(l, c)| json!({"line": l, "column": c})),
                );
                map.insert(
                    "nested_in".into(),
                    entry.nested_in.clone().map_or(Value::Null, Value::String),
                );
            }
            v
        })
        .collect();
    let body = match x.body.kind {
        crate::body::BodyKind::Empty => Value::Null,
        _ => serde_json::from_str(&x.body.text)
            .unwrap_or_else(|_| Value::String(x.body.text.clone())),
    };
    let headers: serde_json::Map<String, Value> = x
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "status": x.status.code,
        "meaning": x.status.name,
        "listed": x.status.listed,
        "verdict": {"kind": x.verdict.kind.as_str(), "summary": x.verdict.summary, "details": x.verdict.details},
        "error_id": x.report.error_id,
        "errors": errors,
        "headers": headers,
        "body": body,
        "elapsed_ms": x.elapsed.as_millis() as u64,
    })
}
