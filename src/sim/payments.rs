//! The payment routes: create (with validation), get, and the approve/capture/cancel/
//! processchallenged actions.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::api_error::{ApiError, error_body, error_response, json_response};
use super::clock::UtcDateTime;
use super::method::{Family, MethodInput};
use super::payment::{Action, FraudVerdict, Payment, PaymentStatus};
use super::scenario::{self, CardScenario};
use super::server::SimState;
use super::store::{Kind, Object};
use super::validate::{PaymentRequest, Today, validate_create_payment};
use super::webhooks::PaymentEvent;

/// A create payment whose merchantReference starts with this is processed slowly.
const SLOW_REFERENCE_PREFIX: &str = "slow";

/// `POST /v1/{merchantId}/payments`
pub async fn create(
    State(state): State<Arc<SimState>>,
    Path(merchant_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = state.store.next_request_id();
    let object = match parse_object(&body) {
        Ok(object) => object,
        Err(reason) => return invalid_json(&reason, &request_id),
    };
    let now = UtcDateTime::now();
    let today = Today {
        year: now.year,
        month: now.month,
    };
    let mut request = match validate_create_payment(&object, today) {
        Ok(request) => request,
        Err(violations) => {
            let errors: Vec<ApiError> = violations
                .iter()
                .map(|v| v.to_api_error(&request_id))
                .collect();
            return error_response(StatusCode::BAD_REQUEST, &errors);
        }
    };
    if request
        .merchant_reference
        .as_deref()
        .is_some_and(|r| r.starts_with(SLOW_REFERENCE_PREFIX))
    {
        tokio::time::sleep(state.config.slow_processing).await;
    }
    let card_scenario = match scenario::resolve_token(&state, &merchant_id, &mut request.method) {
        Ok(card_scenario) => card_scenario,
        Err(response) => return *response,
    };
    let payment = process(&state, &merchant_id, request, card_scenario, &request_id);
    state.store.insert(&merchant_id, payment.clone());
    let event = if payment.errors.is_empty() {
        PaymentEvent::Created
    } else {
        PaymentEvent::Rejected
    };
    state.webhooks.payment(event, &merchant_id, &payment);
    let location = location(&headers, uri.path(), &payment.id);
    let action = scenario::merchant_action(&headers, &merchant_id, &payment);
    create_answer(&payment, action, location)
}

/// The body as a JSON object, or why it is not one.
pub(super) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("THE REQUEST BODY IS NOT A JSON OBJECT".to_owned()),
        Err(e) => Err(format!("THE REQUEST BODY IS NOT VALID JSON: {e}")),
    }
}

/// The simulator's answer to a body that is not a JSON object (the API's is not public).
pub(super) fn invalid_json(reason: &str, request_id: &str) -> Response {
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "21000000",
        "INVALID_JSON",
        reason.to_owned(),
    )
    .with_request_id(request_id);
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// Decides the fate of a valid request like the sandbox: the decline card is rejected by the
/// acquirer, then the fraud screening judges by billing city; an accepted payment waits for
/// what its family waits for (the consumer at a redirect, the merchant's approval, ...).
pub(super) fn process(
    state: &SimState,
    merchant_id: &str,
    request: PaymentRequest,
    card_scenario: CardScenario,
    request_id: &str,
) -> Payment {
    let ids = state.store.new_ids(merchant_id);
    let fraud = FraudVerdict::for_city(request.billing_city.as_deref());
    let (status, errors) = if card_scenario == CardScenario::Decline {
        let error = ApiError::bare(StatusCode::PAYMENT_REQUIRED, "430330", "Not authorised");
        (
            PaymentStatus::Rejected,
            vec![error.with_request_id(request_id)],
        )
    } else {
        match fraud {
            FraudVerdict::Denied => {
                let error = ApiError::bare(
                    StatusCode::PAYMENT_REQUIRED,
                    "300160",
                    "DENIED BY FRAUD SCREENING",
                );
                (
                    PaymentStatus::FraudDenied,
                    vec![error.with_request_id(request_id)],
                )
            }
            FraudVerdict::Challenged => (PaymentStatus::PendingFraudApproval, Vec::new()),
            FraudVerdict::Accepted => (accepted_status(&request.method, card_scenario), Vec::new()),
        }
    };
    let returnmac = (status == PaymentStatus::Redirected).then(|| state.store.random_uuid());
    // A stable, plausible authorisation code derived from the sequence.
    let authorisation_code = format!("OK{:04}", ids.sequence % 10_000);
    let kept_scenario =
        matches!(request.method, MethodInput::Card { .. }).then(|| card_scenario.name().to_owned());
    Payment {
        id: ids.payment_id,
        additional_reference: ids.additional_reference,
        request,
        fraud,
        status,
        changed: UtcDateTime::now(),
        authorisation_code,
        errors,
        returnmac,
        fails_capture: card_scenario == CardScenario::FailCapture,
        card_scenario: kept_scenario,
    }
}

/// The status of a payment the screening accepted, by its method family.
fn accepted_status(method: &MethodInput, card_scenario: CardScenario) -> PaymentStatus {
    match method {
        MethodInput::Card { .. } if card_scenario == CardScenario::ThreeDSecure => {
            PaymentStatus::Redirected
        }
        MethodInput::Card { sale: true, .. } => PaymentStatus::CaptureRequested,
        MethodInput::Card { .. } => PaymentStatus::PendingApproval,
        MethodInput::Other { family, .. } => match family {
            Family::Redirect => PaymentStatus::Redirected,
            Family::BankTransfer | Family::Cash => PaymentStatus::PendingPayment,
            Family::SepaDirectDebit => PaymentStatus::CaptureRequested,
            Family::Card | Family::Mobile | Family::Invoice | Family::EInvoice => {
                PaymentStatus::PendingApproval
            }
        },
    }
}

/// `<scheme://host>/v1/{merchantId}/payments/{id}` from the request's Host header, or the bare
/// path when the request had no usable Host.
fn location(headers: &HeaderMap, request_path: &str, payment_id: &str) -> Option<HeaderValue> {
    let path = format!("{}/{payment_id}", request_path.trim_end_matches('/'));
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let location = match host {
        Some(host) if !host.is_empty() => format!("http://{host}{path}"),
        _ => path,
    };
    HeaderValue::from_str(&location).ok()
}

/// 201 with Location for a payment in progress; 402 with the errors and the paymentResult for a
/// rejected one (the top-level errors repeat the nested ones without their requestId).
fn create_answer(
    payment: &Payment,
    merchant_action: Option<Value>,
    location: Option<HeaderValue>,
) -> Response {
    let mut result = json!({
        "creationOutput": payment.creation_output(),
        "payment": payment.to_json(),
    });
    if let Some(action) = merchant_action {
        result["merchantAction"] = action;
    }
    if payment.errors.is_empty() {
        let mut response = json_response(StatusCode::CREATED, result);
        if let Some(location) = location {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let errors: Vec<ApiError> = payment
        .errors
        .iter()
        .map(|e| ApiError {
            request_id: None,
            ..e.clone()
        })
        .collect();
    let mut body = error_body(&errors);
    body["paymentResult"] = result;
    json_response(StatusCode::PAYMENT_REQUIRED, body)
}

/// 404 for a payment id this merchant does not have (fixtures/404-unknown-payment.json).
pub(super) fn unknown_payment() -> Response {
    let error = ApiError::platform(
        StatusCode::NOT_FOUND,
        "1002",
        "UNKNOWN_PAYMENT_ID",
        "UNKNOWN_PAYMENT_ID".to_owned(),
    )
    .with_property("paymentId");
    error_response(StatusCode::NOT_FOUND, &[error])
}

/// `GET /v1/{merchantId}/payments/{paymentId}`
pub async fn get(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
) -> Response {
    match state.store.get(&merchant_id, &payment_id) {
        Some(payment) => json_response(StatusCode::OK, payment.to_json()),
        None => unknown_payment(),
    }
}

pub async fn approve(
    state: State<Arc<SimState>>,
    ids: Path<(String, String)>,
    _body: Bytes,
) -> Response {
    act(state, ids, Action::Approve)
}

pub async fn capture(
    state: State<Arc<SimState>>,
    ids: Path<(String, String)>,
    _body: Bytes,
) -> Response {
    act(state, ids, Action::Capture)
}

pub async fn cancel(
    state: State<Arc<SimState>>,
    ids: Path<(String, String)>,
    _body: Bytes,
) -> Response {
    act(state, ids, Action::Cancel)
}

pub async fn cancel_approval(
    state: State<Arc<SimState>>,
    ids: Path<(String, String)>,
    _body: Bytes,
) -> Response {
    act(state, ids, Action::CancelApproval)
}

pub async fn process_challenged(
    state: State<Arc<SimState>>,
    ids: Path<(String, String)>,
    _body: Bytes,
) -> Response {
    act(state, ids, Action::ProcessChallenged)
}

/// `POST payments/{paymentId}/complete`: no simulated payment awaits completion
/// (PENDING_COMPLETION), so a known one is refused as the status does not allow it.
pub async fn complete(
    state: State<Arc<SimState>>,
    ids: Path<(String, String)>,
    _body: Bytes,
) -> Response {
    act(state, ids, Action::Complete)
}

/// Applies `action` to a stored payment. Request bodies are read and ignored: read, so the
/// connection stays usable for the client's next request (keep-alive).
fn act(
    State(state): State<Arc<SimState>>,
    Path((merchant_id, payment_id)): Path<(String, String)>,
    action: Action,
) -> Response {
    let outcome = state.store.update(&merchant_id, &payment_id, |payment| {
        let from = payment.status;
        let mut to = from.after(action).ok_or(from)?;
        if to == PaymentStatus::CaptureRequested && payment.fails_capture {
            to = PaymentStatus::RejectedCapture;
        }
        payment.status = to;
        payment.changed = UtcDateTime::now();
        Ok(payment.clone())
    });
    match outcome {
        None => unknown_payment(),
        Some(Err(from)) => {
            invalid_status(&payment_id, from, action, &state.store.next_request_id())
        }
        Some(Ok(payment)) => {
            if action == Action::CancelApproval {
                // The capture the approval made is taken back with it.
                state
                    .store
                    .remove_object(&merchant_id, Kind::Capture, &payment.id);
            }
            if matches!(action, Action::Approve | Action::Capture) {
                let capture =
                    Object::new(payment.capture_json(), json!({ "paymentId": payment.id }));
                state
                    .store
                    .insert_object(&merchant_id, Kind::Capture, &payment.id, capture);
            }
            if let Some(event) = event_of(action) {
                state.webhooks.payment(event, &merchant_id, &payment);
            }
            let body = match action {
                Action::Capture => payment.capture_json(),
                Action::ProcessChallenged => payment.to_json(),
                Action::Approve
                | Action::Cancel
                | Action::CancelApproval
                | Action::Refund
                | Action::Complete => {
                    json!({ "payment": payment.to_json() })
                }
            };
            json_response(StatusCode::OK, body)
        }
    }
}

/// The event an action sends. Processing a challenged payment only clears the fraud check, and
/// a refund sends its own (`refunds.rs`).
fn event_of(action: Action) -> Option<PaymentEvent> {
    match action {
        Action::Approve | Action::Capture => Some(PaymentEvent::Captured),
        Action::Cancel => Some(PaymentEvent::Cancelled),
        Action::ProcessChallenged | Action::CancelApproval | Action::Refund | Action::Complete => {
            None
        }
    }
}

/// The simulator's answer to an action the payment's status does not allow.
pub(super) fn invalid_status(
    payment_id: &str,
    from: PaymentStatus,
    action: Action,
    request_id: &str,
) -> Response {
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "300410",
        "INVALID_PAYMENT_STATUS",
        format!(
            "PAYMENT {payment_id} HAS STATUS {}: {} IS NOT POSSIBLE",
            from.name(),
            action.name().to_uppercase()
        ),
    )
    .with_property("paymentId")
    .with_request_id(request_id);
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// `GET /v1/{merchantId}/services/testconnection`
pub async fn test_connection() -> impl IntoResponse {
    json_response(StatusCode::OK, json!({ "result": "OK" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_uses_the_host_header() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:7878"));
        let value = location(&headers, "/v1/1234/payments", "42").expect("valid header");
        assert_eq!(value, "http://127.0.0.1:7878/v1/1234/payments/42");
    }

    #[test]
    fn location_without_host_is_the_path() {
        let value = location(&HeaderMap::new(), "/v1/1234/payments/", "42").expect("valid header");
        assert_eq!(value, "/v1/1234/payments/42");
    }

    #[test]
    fn body_must_be_a_json_object() {
        assert!(parse_object(b"{}").is_ok());
        assert!(parse_object(b"[1]").is_err());
        assert!(parse_object(b"{\"a\":").is_err());
        assert!(parse_object(b"").is_err());
    }
}
