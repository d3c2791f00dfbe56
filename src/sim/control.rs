//! The simulator's own routes for tests (open, like the fault routes): `GET /sim/state` dumps
//! everything kept, `POST /sim/reset` forgets it.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::api_error::json_response;
use super::server::SimState;

/// `GET /sim/state`: the objects oldest first (payments as the API shows them), with how
/// many are kept and how many were let go past `--max-objects`.
pub async fn state(State(state): State<Arc<SimState>>) -> Response {
    let dump = state.store.dump(false);
    let (kept, evicted) = state.store.counts();
    let mut body = serde_json::to_value(&dump).unwrap_or_else(|_| json!({}));
    body["kept"] = kept.into();
    body["evicted"] = evicted.into();
    json_response(StatusCode::OK, body)
}

/// `POST /sim/reset`: everything is forgotten; ids are not reused.
pub async fn reset(State(state): State<Arc<SimState>>) -> Response {
    state.store.reset();
    json_response(StatusCode::OK, json!({ "kept": 0 }))
}
