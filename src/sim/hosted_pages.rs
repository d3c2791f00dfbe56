//! What the hosted flows' consumer pages share (`/sim/hostedcheckout/…`,
//! `/sim/hostedmandatemanagement/…`): the object is claimed IN_PROGRESS in one step under the
//! store's lock, so two visits at once cannot both create a payment or a mandate, and is then
//! finished with the status the consumer's choice gives.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::consumer::page_error;
use super::server::SimState;
use super::store::{Kind, Object};

/// `GET` of a hosted flow: the kept object and the start of its answer (`{"status": …}`), or
/// the API's 404 naming the path parameter.
pub fn status_of(
    state: &SimState,
    merchant_id: &str,
    (kind, id): (Kind, &str),
) -> Result<(Object, Value), Box<Response>> {
    match state.store.object(merchant_id, kind, id) {
        Some(object) => {
            let body = serde_json::json!({ "status": object.status() });
            Ok((object, body))
        }
        None => Err(Box::new(super::objects::unknown(
            kind,
            super::objects::kind_property(kind),
        ))),
    }
}

/// Marks, in `meta`, an object whose page is being acted on.
const CLAIMED: &str = "claimed";

/// Takes the object of `kind` for one visit of its page: it must be IN_PROGRESS and not taken
/// by another visit. The answer for a page that cannot go on otherwise (404, 409), naming the
/// object as `what`.
pub fn claim(
    state: &SimState,
    merchant_id: &str,
    (kind, id): (Kind, &str),
    what: &str,
) -> Result<Object, Box<Response>> {
    let claimed = state.store.update_object(merchant_id, kind, id, |object| {
        let taken = object.meta.get(CLAIMED).is_some_and(|c| c == true);
        if object.status() != "IN_PROGRESS" || taken {
            return None;
        }
        if let Value::Object(meta) = &mut object.meta {
            meta.insert(CLAIMED.into(), true.into());
        }
        Some(object.clone())
    });
    match claimed {
        None => Err(Box::new(page_error(
            StatusCode::NOT_FOUND,
            &format!("no such {what}"),
        ))),
        Some(None) => Err(Box::new(page_error(
            StatusCode::CONFLICT,
            &format!("this {what} is over"),
        ))),
        Some(Some(object)) => Ok(object),
    }
}

/// Ends a claimed object in `status`, with `meta.<name>` set to each of `notes`.
pub fn finish(
    state: &SimState,
    merchant_id: &str,
    (kind, id): (Kind, &str),
    status: &str,
    notes: &[(&str, &str)],
) {
    state.store.update_object(merchant_id, kind, id, |object| {
        object.value["status"] = status.into();
        if let Value::Object(meta) = &mut object.meta {
            meta.remove(CLAIMED);
            for (name, value) in notes {
                meta.insert((*name).into(), (*value).into());
            }
        }
    });
}
