//! Scenarios chosen by magic values (the README's table lists them all): test cards that
//! decline, need 3-D Secure or fail at capture, the iDEAL issuer that cancels, and what a
//! payment waiting for its consumer shows (`merchantAction`).

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::{ApiError, error_response};
use super::method::MethodInput;
use super::objects::invalid_status;
use super::payment::{Payment, PaymentStatus};
use super::server::SimState;
use super::store::Kind;

/// The sandbox's card that the (simulated) acquirer always declines.
pub const DECLINED_CARD: &str = "5424180279791732";
/// A card that needs 3-D Secure: the payment waits at a redirect (invented by the simulator).
pub const THREE_D_SECURE_CARD: &str = "4012000033330026";
/// A card authorised but whose capture the acquirer refuses (invented by the simulator).
pub const CAPTURE_FAILS_CARD: &str = "4111111111111111";
/// The iDEAL issuer whose consumer cancels at the redirect (invented by the simulator).
pub const CANCELLING_ISSUER: &str = "SIMCANCELNL";

/// What a card makes happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardScenario {
    Approve,
    Decline,
    ThreeDSecure,
    FailCapture,
}

impl CardScenario {
    pub fn of_card(number: &str) -> Self {
        match number {
            DECLINED_CARD => Self::Decline,
            THREE_D_SECURE_CARD => Self::ThreeDSecure,
            CAPTURE_FAILS_CARD => Self::FailCapture,
            _ => Self::Approve,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Decline => "decline",
            Self::ThreeDSecure => "threeDSecure",
            Self::FailCapture => "failCapture",
        }
    }

    pub fn from_name(name: &str) -> Self {
        match name {
            "decline" => Self::Decline,
            "threeDSecure" => Self::ThreeDSecure,
            "failCapture" => Self::FailCapture,
            _ => Self::Approve,
        }
    }
}

/// The simulator's answer to a token it does not have (the API's is not public).
pub fn unknown_token(property: &str) -> Response {
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "1480",
        "UNKNOWN_TOKEN",
        "UNKNOWN_TOKEN".to_owned(),
    )
    .with_property(property);
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// Puts the card of a token into a card payment that named one, and says what the card makes
/// happen; a token this merchant does not have is refused.
pub fn resolve_token(
    state: &SimState,
    merchant_id: &str,
    method: &mut MethodInput,
) -> Result<CardScenario, Box<Response>> {
    match method {
        MethodInput::Card {
            card_number,
            expiry_date,
            token,
            ..
        } => {
            let Some(token) = token else {
                return Ok(CardScenario::of_card(card_number));
            };
            let Some(stored) = state.store.object(merchant_id, Kind::Token, token) else {
                return Err(Box::new(unknown_token(
                    "cardPaymentMethodSpecificInput.token",
                )));
            };
            if !card_number.is_empty() {
                return Ok(CardScenario::of_card(card_number));
            }
            *card_number = stored.meta_str("cardNumber").unwrap_or_default().to_owned();
            *expiry_date = stored.meta_str("expiryDate").unwrap_or_default().to_owned();
            Ok(CardScenario::from_name(
                stored.meta_str("scenario").unwrap_or_default(),
            ))
        }
        MethodInput::Other {
            token,
            family,
            by_mandate_reference,
            ..
        } => {
            let base = super::method::OTHER_INPUTS
                .iter()
                .find(|(_, f)| f == family)
                .map_or("token", |(name, _)| name);
            let Some(token) = token else {
                return Ok(CardScenario::Approve);
            };
            // A refusal names the property the reference was sent in.
            let property = if *by_mandate_reference {
                format!("{base}.paymentProduct771SpecificInput.mandateReference")
            } else {
                format!("{base}.token")
            };
            if state
                .store
                .object(merchant_id, Kind::Token, token)
                .is_some()
            {
                return Ok(CardScenario::Approve);
            }
            let Some(mandate) = state.store.object(merchant_id, Kind::Mandate, token) else {
                return Err(Box::new(unknown_token(&property)));
            };
            // A blocked or revoked mandate pays nothing (the code is the simulator's own).
            if matches!(mandate.status(), "BLOCKED" | "REVOKED") {
                return Err(Box::new(invalid_status(
                    Kind::Mandate,
                    token,
                    mandate.status(),
                    "pay",
                    &property,
                )));
            }
            Ok(CardScenario::Approve)
        }
    }
}

/// `http://<Host>` of a request, for URLs pointing back at the simulator.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Where the consumer of a payment goes to pay (or cancel) it: a simulator page.
pub fn pay_url(headers: &HeaderMap, merchant_id: &str, payment_id: &str) -> String {
    format!("{}/sim/pay/{merchant_id}/{payment_id}", base_url(headers))
}

/// The `merchantAction` of a payment waiting for its consumer: a redirect to the simulator's
/// pay page, or (bank transfer, cash) instructions naming that page.
pub fn merchant_action(headers: &HeaderMap, merchant_id: &str, payment: &Payment) -> Option<Value> {
    let url = pay_url(headers, merchant_id, &payment.id);
    match payment.status {
        PaymentStatus::Redirected => Some(json!({
            "actionType": "REDIRECT",
            "redirectData": {
                "RETURNMAC": payment.returnmac.clone().unwrap_or_default(),
                "redirectURL": url,
            },
        })),
        PaymentStatus::PendingPayment => Some(json!({
            "actionType": "SHOW_INSTRUCTIONS",
            "showData": [{ "key": "SIMULATOR_PAY_URL", "value": url }],
        })),
        _ => None,
    }
}

/// True when the consumer of this payment cancels at the redirect (its iDEAL issuer says so).
pub fn issuer_cancels(payment: &Payment) -> bool {
    matches!(&payment.request.method, MethodInput::Other { issuer_id: Some(issuer), .. } if issuer == CANCELLING_ISSUER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_magic_cards_are_valid_card_numbers() {
        for number in [DECLINED_CARD, THREE_D_SECURE_CARD, CAPTURE_FAILS_CARD] {
            assert!(super::super::card::is_valid_card_number(number), "{number}");
        }
    }

    #[test]
    fn scenarios_survive_their_names() {
        for s in [
            CardScenario::Approve,
            CardScenario::Decline,
            CardScenario::ThreeDSecure,
            CardScenario::FailCapture,
        ] {
            assert_eq!(CardScenario::from_name(s.name()), s);
        }
        assert_eq!(
            CardScenario::of_card("4567350000427977"),
            CardScenario::Approve
        );
    }

    #[test]
    fn a_host_with_spaces_or_controls_is_not_echoed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "a b".parse().expect("header"));
        assert_eq!(base_url(&headers), "http://127.0.0.1");
    }
}
