//! SEPA mandates: created ACTIVE under the merchant's unique mandate reference (given with
//! `PUT mandates/{ref}` or in the body, else a fresh one), read, blocked, unblocked and
//! revoked. A payment may name one as its `mandateReference` (or `token`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::api_error::json_response;
use super::objects::{self, Move, Shown, body_object};
use super::scenario::base_url;
use super::server::SimState;
use super::store::{Kind, Object};

/// The request fields a mandate keeps and shows.
const KEPT: [&str; 4] = ["alias", "customer", "customerReference", "recurrenceType"];

fn create_with(
    state: &SimState,
    merchant_id: &str,
    reference: Option<String>,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let body = match body_object(body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let (status, mandate) = match keep(state, merchant_id, reference, &body) {
        Ok(mandate) => (StatusCode::CREATED, mandate),
        // The reference is taken: the mandate kept under it, unchanged, as a repeated PUT
        // answers.
        Err(kept) => (StatusCode::OK, kept),
    };
    let reference = mandate["uniqueMandateReference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut response = json_response(status, json!({ "mandate": mandate }));
    // The id is inside `mandate`, where the generic Location finder does not look.
    let location = format!(
        "{}/v1/{merchant_id}/mandates/{reference}",
        base_url(headers)
    );
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// Keeps a new ACTIVE mandate made of `info` (a create mandate body, or a hosted mandate
/// management's `createMandateInfo`) under `reference`, else `info`'s own, else a fresh one;
/// its API JSON. A reference already taken keeps nothing: the API JSON of the mandate kept
/// under it.
pub fn keep(
    state: &SimState,
    merchant_id: &str,
    reference: Option<String>,
    info: &Map<String, Value>,
) -> Result<Value, Value> {
    let reference = reference
        .or_else(|| {
            info.get("uniqueMandateReference")
                .and_then(Value::as_str)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| format!("SIM{}", state.store.random_hex(20).to_uppercase()));
    let mut mandate: Map<String, Value> = KEPT
        .iter()
        .filter_map(|k| info.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect();
    mandate.insert("status".into(), "ACTIVE".into());
    mandate.insert("uniqueMandateReference".into(), reference.clone().into());
    let mandate = Value::Object(mandate);
    let object = Object::new(mandate.clone(), Value::Null);
    match state
        .store
        .insert_new_object(merchant_id, Kind::Mandate, &reference, object)
    {
        Ok(()) => Ok(mandate),
        Err(kept) => Err(kept.value),
    }
}

/// `POST mandates`
pub async fn create(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    create_with(&state, &merchant_id, None, &headers, &body)
}

/// `PUT mandates/{uniqueMandateReference}`
pub async fn create_with_reference(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, reference)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    create_with(&state, &merchant_id, Some(reference), &headers, &body)
}

/// `GET mandates/{uniqueMandateReference}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, reference)): Path<(String, String)>,
) -> Response {
    let at = (Kind::Mandate, reference.as_str());
    objects::answer_kept(&state, &merchant_id, at, Shown::Under("mandate"))
}

/// `POST mandates/{ref}/block`
pub const BLOCK: Move = Move {
    kind: Kind::Mandate,
    action: "block",
    moves: &[("ACTIVE", "BLOCKED")],
    shown: Shown::Under("mandate"),
};

/// `POST mandates/{ref}/unblock`
pub const UNBLOCK: Move = Move {
    kind: Kind::Mandate,
    action: "unblock",
    moves: &[("BLOCKED", "ACTIVE")],
    shown: Shown::Under("mandate"),
};

/// `POST mandates/{ref}/revoke`
pub const REVOKE: Move = Move {
    kind: Kind::Mandate,
    action: "revoke",
    moves: &[("ACTIVE", "REVOKED"), ("BLOCKED", "REVOKED")],
    shown: Shown::Under("mandate"),
};
