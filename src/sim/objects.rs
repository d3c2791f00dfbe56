//! What the stateful families share: their statuses' outputs, moves between statuses, and the
//! answers for an unknown id, a move the status does not allow, and no content.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::MethodRouter;
use serde_json::{Map, Value, json};

use super::api_error::{ApiError, error_response, json_response};
use super::clock::UtcDateTime;
use super::server::SimState;
use super::store::{Kind, Object};
use super::webhooks::object_event;

impl Kind {
    /// The word the simulator's messages use, upper case (`REFUND`).
    pub fn word(self) -> &'static str {
        match self {
            Self::Payment => "PAYMENT",
            Self::Capture => "CAPTURE",
            Self::Refund => "REFUND",
            Self::Token => "TOKEN",
            Self::Payout => "PAYOUT",
            Self::HostedCheckout => "HOSTED_CHECKOUT",
            Self::Mandate => "MANDATE",
            Self::Dispute => "DISPUTE",
            Self::HostedMandateManagement => "HOSTED_MANDATE_MANAGEMENT",
        }
    }
}

/// 404 for an id this merchant does not have (the API's code for payments, 1002; the id names
/// the kind, as UNKNOWN_PAYMENT_ID does).
pub fn unknown(kind: Kind, property: &str) -> Response {
    let id = format!("UNKNOWN_{}_ID", kind.word());
    let error =
        ApiError::platform(StatusCode::NOT_FOUND, "1002", &id, id.clone()).with_property(property);
    error_response(StatusCode::NOT_FOUND, &[error])
}

/// 400 for an action the object's status does not allow (as for payments, code 300410).
pub fn invalid_status(
    kind: Kind,
    id: &str,
    status: &str,
    action: &str,
    property: &str,
) -> Response {
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "300410",
        &format!("INVALID_{}_STATUS", kind.word()),
        format!(
            "{} {id} HAS STATUS {status}: {} IS NOT POSSIBLE",
            kind.word(),
            action.to_uppercase()
        ),
    )
    .with_property(property);
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// 204, for the actions the API answers without a body.
pub fn no_content() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// The `statusOutput` of a refund, payout or dispute in `status` (the codes of a dispute's
/// statuses and of a payout's ACCOUNT_CREDITED and REJECTED_CREDIT are the simulator's own).
pub fn order_status_output(status: &str) -> Value {
    let (category, code, cancellable) = match status {
        "CREATED" => ("CREATED", 0, true),
        "SUBMITTED" => ("PENDING_CONNECT_OR_3RD_PARTY", 50, true),
        "PENDING_APPROVAL" => ("PENDING_MERCHANT", 600, true),
        "REFUND_REQUESTED" | "PAYOUT_REQUESTED" => ("PENDING_CONNECT_OR_3RD_PARTY", 800, true),
        "REJECTED" => ("UNSUCCESSFUL", 100, false),
        "ACCOUNT_CREDITED" => ("COMPLETED", 1000, false),
        "REJECTED_CREDIT" => ("UNSUCCESSFUL", 1700, false),
        "CANCELLED" => ("UNSUCCESSFUL", 99_999, false),
        _ => ("CREATED", 0, false),
    };
    json!({
        "isCancellable": cancellable,
        "statusCategory": category,
        "statusCode": code,
        "statusCodeChangeDateTime": UtcDateTime::now().compact(),
    })
}

/// How a handler shows an object: as it is, under a name (`{"mandate": …}`), or not at all
/// (204).
#[derive(Clone, Copy, Debug)]
pub enum Shown {
    Itself,
    Under(&'static str),
    Nothing,
}

impl Shown {
    /// The answer showing `value` (200), or 204.
    pub fn answer(self, value: Value) -> Response {
        match self {
            Self::Itself => json_response(StatusCode::OK, value),
            Self::Under(name) => json_response(StatusCode::OK, json!({ name: value })),
            Self::Nothing => no_content(),
        }
    }
}

/// `GET {kind}/{id}`: the kept object, shown as `shown`, or the API's 404 naming the path
/// parameter.
pub fn answer_kept(
    state: &SimState,
    merchant_id: &str,
    (kind, id): (Kind, &str),
    shown: Shown,
) -> Response {
    match state.store.object(merchant_id, kind, id) {
        Some(object) => shown.answer(object.value),
        None => unknown(kind, kind_property(kind)),
    }
}

/// The objects of `kind` belonging to a payment that `keep` accepts, oldest first, listed
/// under `name` (`{"captures": […]}`).
pub fn answer_children(
    state: &SimState,
    merchant_id: &str,
    payment_id: &str,
    (kind, name): (Kind, &str),
    keep: impl Fn(&Object) -> bool,
) -> Response {
    let listed: Vec<Value> = state
        .store
        .children(merchant_id, payment_id, kind)
        .into_iter()
        .filter(|o| keep(o))
        .map(|o| o.value)
        .collect();
    json_response(StatusCode::OK, json!({ name: listed }))
}

/// An action that only moves an object between statuses (`POST {kind}/{id}/{action}`): from
/// each status of `moves` to the one paired with it, the object then shown as `shown`. Each
/// family lists its own; [`Move::handler`] makes the route's handler of one.
#[derive(Clone, Copy, Debug)]
pub struct Move {
    pub kind: Kind,
    pub action: &'static str,
    pub moves: &'static [(&'static str, &'static str)],
    pub shown: Shown,
}

impl Move {
    /// The route (`POST`): the move applied to the object of the path's id (its body, which
    /// such actions do not need, read so the connection stays usable).
    pub fn post(self) -> MethodRouter<Arc<SimState>> {
        axum::routing::post(
            move |State(state): State<Arc<SimState>>,
                  Path((merchant_id, id)): Path<(String, String)>,
                  _body: Bytes| async move { act(&state, &merchant_id, &id, self) },
        )
    }
}

/// Applies `step` to the object `id`: the [`transition`], the webhook event the new status
/// sends (refunds and payouts), and the object shown; or the transition's refusal.
pub fn act(state: &SimState, merchant_id: &str, id: &str, step: Move) -> Response {
    let Move {
        kind,
        action,
        moves,
        shown,
    } = step;
    match transition(state, merchant_id, kind, id, action, moves) {
        Ok(object) => {
            if let Some(event) = object_event::of_status(kind, object.status()) {
                state.webhooks.object(event, merchant_id, &object.value);
            }
            shown.answer(object.value)
        }
        Err(response) => *response,
    }
}

/// Moves the object from one of the statuses in `moves` to the status paired with it.
pub fn transition(
    state: &SimState,
    merchant_id: &str,
    kind: Kind,
    id: &str,
    action: &str,
    moves: &[(&str, &str)],
) -> Result<Object, Box<Response>> {
    let property = kind_property(kind);
    let outcome = state.store.update_object(merchant_id, kind, id, |object| {
        let from = object.status().to_owned();
        let Some((_, to)) = moves.iter().find(|(f, _)| *f == from) else {
            return Err(from);
        };
        object.value["status"] = (*to).into();
        // Mandates have no statusOutput; refunds and payouts do.
        if object.value.get("statusOutput").is_some() {
            object.value["statusOutput"] = order_status_output(to);
        }
        Ok(object.clone())
    });
    match outcome {
        None => Err(Box::new(unknown(kind, property))),
        Some(Err(from)) => Err(Box::new(invalid_status(kind, id, &from, action, property))),
        Some(Ok(object)) => Ok(object),
    }
}

/// The path parameter naming an object of `kind`, as the API names it.
pub fn kind_property(kind: Kind) -> &'static str {
    match kind {
        Kind::Payment => "paymentId",
        Kind::Capture => "captureId",
        Kind::Refund => "refundId",
        Kind::Token => "tokenId",
        Kind::Payout => "payoutId",
        Kind::HostedCheckout => "hostedCheckoutId",
        Kind::Mandate => "uniqueMandateReference",
        Kind::Dispute => "disputeId",
        Kind::HostedMandateManagement => "hostedMandateManagementId",
    }
}

/// The body as a JSON object; an empty body is an empty object (actions take optional bodies).
pub fn body_object(body: &[u8]) -> Result<Map<String, Value>, Box<Response>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    super::payments::parse_object(body)
        .map_err(|reason| Box::new(super::payments::invalid_json(&reason, "0")))
}

/// 400 with every violation, as the create payment route answers.
pub fn refuse(violations: &[super::violation::Violation], request_id: &str) -> Response {
    let errors: Vec<ApiError> = violations
        .iter()
        .map(|v| v.to_api_error(request_id))
        .collect();
    error_response(StatusCode::BAD_REQUEST, &errors)
}

/// The `amountOfMoney` at `base` (e.g. `order.amountOfMoney`) of a body: a non-negative
/// integer amount and a known currency, or what is wrong with it.
pub fn amount_of_money(
    body: &Map<String, Value>,
    base: &str,
) -> Result<(i64, String), Vec<super::violation::Violation>> {
    use super::violation::Violation;
    let pointer = format!("/{}", base.replace('.', "/"));
    let at = Value::Object(body.clone());
    let money = at.pointer(&pointer);
    let amount = money.and_then(|m| m.get("amount")).filter(|v| !v.is_null());
    let currency = money
        .and_then(|m| m.get("currencyCode"))
        .filter(|v| !v.is_null());
    let mut violations = Vec::new();
    let amount = match amount {
        None => {
            violations.push(Violation::Missing {
                property: format!("{base}.amount"),
            });
            None
        }
        Some(v) => {
            let n = v.as_i64().filter(|n| *n >= 0);
            if n.is_none() {
                violations.push(Violation::InvalidValue {
                    property: format!("{base}.amount"),
                    shown: Violation::shown(v),
                });
            }
            n
        }
    };
    let currency = match currency {
        None => {
            violations.push(Violation::Missing {
                property: format!("{base}.currencyCode"),
            });
            None
        }
        Some(v) => {
            let code = v
                .as_str()
                .filter(|c| super::tables::is_currency_code(c))
                .map(str::to_owned);
            if code.is_none() {
                violations.push(Violation::InvalidValue {
                    property: format!("{base}.currencyCode"),
                    shown: Violation::shown(v),
                });
            }
            code
        }
    };
    match (amount, currency) {
        (Some(amount), Some(currency)) => Ok((amount, currency)),
        _ => Err(violations),
    }
}
