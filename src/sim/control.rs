//! The simulator's own routes for tests (open, like the fault routes): `GET /sim/state` dumps
//! everything kept, `POST /sim/reset` forgets it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::api_error::json_response;
use super::server::SimState;
use super::store::Dump;

/// The dump with how many objects are kept (`evicted` is the dump's own).
#[derive(serde::Serialize)]
struct StateAnswer {
    #[serde(flatten)]
    dump: Dump,
    kept: usize,
}

/// `GET /sim/state`: the objects oldest first (payments as the API shows them), with how
/// many are kept and how many were let go past `--max-objects`; `?counts`: only the counts.
pub async fn state(
    State(state): State<Arc<SimState>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let (kept, evicted) = state.store.counts();
    if query.contains_key("counts") {
        return json_response(StatusCode::OK, json!({ "kept": kept, "evicted": evicted }));
    }
    // Serialised straight from the dump (whose snapshot held the lock only briefly), without
    // a second tree of JSON values.
    let answer = StateAnswer {
        dump: state.store.dump(false),
        kept,
    };
    axum::Json(answer).into_response()
}

/// `POST /sim/reset`: everything is forgotten; ids are not reused.
pub async fn reset(State(state): State<Arc<SimState>>) -> Response {
    state.store.reset();
    json_response(StatusCode::OK, json!({ "kept": 0 }))
}
