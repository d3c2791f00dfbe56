//! A simulated payment: its status model, the actions that move it, and its JSON shape (the
//! API's `payment` object, as in fixtures/201-create-payment.json and 402-declined-payment.json).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::api_error::ApiError;
use super::card;
use super::clock::UtcDateTime;
use super::method::{Family, MethodInput};
use super::validate::PaymentRequest;

/// The statuses the simulator can put a payment in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentStatus {
    /// Waiting for the consumer at the redirect URL (a redirect payment, or 3-D Secure).
    Redirected,
    /// Waiting for the consumer to pay (bank transfer, cash).
    PendingPayment,
    /// Paid by the consumer (a completed redirect, bank transfer or cash payment).
    Paid,
    /// The (simulated) acquirer refused the capture.
    RejectedCapture,
    PendingApproval,
    PendingFraudApproval,
    CaptureRequested,
    /// Declined by the (simulated) acquirer: status code 100.
    Rejected,
    /// Denied by the (simulated) fraud screening: status code 160.
    FraudDenied,
    Cancelled,
}

impl PaymentStatus {
    /// The API's `status` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Redirected => "REDIRECTED",
            Self::PendingPayment => "PENDING_PAYMENT",
            Self::Paid => "PAID",
            Self::RejectedCapture => "REJECTED_CAPTURE",
            Self::PendingApproval => "PENDING_APPROVAL",
            Self::PendingFraudApproval => "PENDING_FRAUD_APPROVAL",
            Self::CaptureRequested => "CAPTURE_REQUESTED",
            Self::Rejected | Self::FraudDenied => "REJECTED",
            Self::Cancelled => "CANCELLED",
        }
    }

    fn category(self) -> &'static str {
        match self {
            Self::Redirected | Self::PendingPayment => "PENDING_PAYMENT",
            Self::Paid => "COMPLETED",
            Self::PendingApproval | Self::PendingFraudApproval => "PENDING_MERCHANT",
            Self::CaptureRequested => "PENDING_CONNECT_OR_3RD_PARTY",
            Self::Rejected | Self::FraudDenied | Self::Cancelled | Self::RejectedCapture => {
                "UNSUCCESSFUL"
            }
        }
    }

    /// The legacy numeric status code.
    fn code(self) -> u32 {
        match self {
            Self::Redirected => 50,
            Self::PendingPayment => 55,
            Self::Paid => 1000,
            Self::RejectedCapture => 1800,
            Self::PendingApproval => 600,
            Self::PendingFraudApproval => 525,
            Self::CaptureRequested => 800,
            Self::Rejected => 100,
            Self::FraudDenied => 160,
            Self::Cancelled => 99_999,
        }
    }

    fn is_cancellable(self) -> bool {
        matches!(
            self,
            Self::PendingApproval
                | Self::PendingFraudApproval
                | Self::CaptureRequested
                | Self::Redirected
                | Self::PendingPayment
        )
    }

    fn is_authorized(self) -> bool {
        matches!(
            self,
            Self::PendingApproval | Self::CaptureRequested | Self::Paid
        )
    }

    /// True when money was taken, so a refund is possible.
    pub fn is_refundable(self) -> bool {
        matches!(self, Self::CaptureRequested | Self::Paid)
    }

    /// The status once the consumer is back from the redirect or has paid: a card payment
    /// (3-D Secure) is authorised, the other families are paid; `cancelled`: the consumer
    /// (or the issuer) cancelled. None when the payment waits for no consumer.
    pub fn after_consumer(self, family: Family, cancelled: bool) -> Option<Self> {
        if !matches!(self, Self::Redirected | Self::PendingPayment) {
            return None;
        }
        Some(match (cancelled, family) {
            (true, _) => Self::Cancelled,
            (false, Family::Card) => Self::PendingApproval,
            (false, _) => Self::Paid,
        })
    }

    /// The status after `action`, or None when the action is not possible in this status.
    pub fn after(self, action: Action) -> Option<Self> {
        match (action, self) {
            (Action::Approve | Action::Capture, Self::PendingApproval) => {
                Some(Self::CaptureRequested)
            }
            (Action::Cancel, status) if status.is_cancellable() => Some(Self::Cancelled),
            (Action::ProcessChallenged, Self::PendingFraudApproval) => Some(Self::PendingApproval),
            (Action::CancelApproval, Self::CaptureRequested) => Some(Self::PendingApproval),
            _ => None,
        }
    }
}

/// The payment actions the simulator supports (`POST payments/{id}/<action>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Approve,
    Capture,
    Cancel,
    ProcessChallenged,
    /// Takes an approval (a capture) back: CAPTURE_REQUESTED → PENDING_APPROVAL.
    CancelApproval,
    /// A refund leaves the payment's status as it is (`refunds.rs`).
    Refund,
    /// Completes a payment PENDING_COMPLETION; the simulator puts none in that status, so it
    /// is always refused as the status does not allow it.
    Complete,
}

impl Action {
    /// The path segment, as the API names it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Capture => "capture",
            Self::Cancel => "cancel",
            Self::ProcessChallenged => "processchallenged",
            Self::CancelApproval => "cancelapproval",
            Self::Refund => "refund",
            Self::Complete => "complete",
        }
    }
}

/// What the simulated fraud screening said (by billing city, like the sandbox).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FraudVerdict {
    Accepted,
    Challenged,
    Denied,
}

impl FraudVerdict {
    /// Denver is denied, Calais challenged, anything else (Amsterdam included) accepted.
    pub fn for_city(city: Option<&str>) -> Self {
        match city.map(str::trim) {
            Some(c) if c.eq_ignore_ascii_case("Denver") => Self::Denied,
            Some(c) if c.eq_ignore_ascii_case("Calais") => Self::Challenged,
            _ => Self::Accepted,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Challenged => "challenged",
            Self::Denied => "denied",
        }
    }
}

/// A stored payment.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub id: String,
    pub additional_reference: String,
    pub request: PaymentRequest,
    pub fraud: FraudVerdict,
    pub status: PaymentStatus,
    pub changed: UtcDateTime,
    pub authorisation_code: String,
    /// The errors that rejected the payment (`statusOutput.errors`).
    pub errors: Vec<ApiError>,
    /// The `RETURNMAC` of a payment waiting at a redirect.
    #[serde(default)]
    pub returnmac: Option<String>,
    /// Made with the card whose capture the acquirer refuses.
    #[serde(default)]
    pub fails_capture: bool,
    /// What the card of a card payment makes happen (`CardScenario::name`), kept because its
    /// number is not: masked in a state file, and a token's stands for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_scenario: Option<String>,
}

impl Payment {
    /// `creationOutput` of a create-payment answer.
    pub fn creation_output(&self) -> Value {
        json!({
            "additionalReference": self.additional_reference,
            "externalReference": self.id,
        })
    }

    /// The `payment` object.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "paymentOutput": self.payment_output(),
            "status": self.status.name(),
            "statusOutput": self.status_output(),
        })
    }

    fn references(&self) -> Value {
        let mut references = Map::new();
        if let Some(reference) = &self.request.merchant_reference {
            references.insert("merchantReference".into(), reference.clone().into());
        }
        if let Some(order_id) = self.request.merchant_order_id {
            references.insert("merchantOrderId".into(), order_id.into());
        }
        references.insert("paymentReference".into(), "0".into());
        Value::Object(references)
    }

    fn payment_output(&self) -> Value {
        json!({
            "amountOfMoney": {
                "amount": self.request.amount,
                "currencyCode": self.request.currency_code,
            },
            "references": self.references(),
            "paymentMethod": self.request.method.family().payment_method(),
            self.request.method.family().output_member(): self.method_output(),
        })
    }

    /// The family's output. An acquirer decline carries only the product id, like the API's.
    fn method_output(&self) -> Value {
        let product = self.request.payment_product_id;
        let MethodInput::Card {
            card_number,
            expiry_date,
            has_cvv,
            token,
            ..
        } = &self.request.method
        else {
            return self.other_output();
        };
        if self.status == PaymentStatus::Rejected {
            return json!({ "paymentProductId": product });
        }
        let mut output = json!({
            "paymentProductId": product,
            "authorisationCode": self.authorisation_code,
            "card": {
                "cardNumber": card::mask_card_number(card_number),
                "expiryDate": expiry_date,
            },
            "fraudResults": {
                "fraudServiceResult": self.fraud.name(),
                "avsResult": "X",
                "cvvResult": if *has_cvv { "M" } else { "0" },
            },
        });
        if let Some(token) = token {
            output["token"] = token.clone().into();
        }
        output
    }

    fn other_output(&self) -> Value {
        let mut output = json!({ "paymentProductId": self.request.payment_product_id });
        let MethodInput::Other { family, token, .. } = &self.request.method else {
            return output;
        };
        if *family == Family::SepaDirectDebit
            && let Some(token) = token
        {
            output["token"] = token.clone().into();
        }
        output
    }

    /// The card number, when the payment was made with one (masked once written to a file).
    pub fn card_number(&self) -> Option<&str> {
        match &self.request.method {
            MethodInput::Card { card_number, .. } => Some(card_number),
            MethodInput::Other { .. } => None,
        }
    }

    /// A copy fit for a state file: the card number masked.
    pub fn for_file(&self) -> Self {
        let mut copy = self.clone();
        if let MethodInput::Card { card_number, .. } = &mut copy.request.method {
            *card_number = card::mask_card_number(card_number);
        }
        copy
    }

    fn status_output(&self) -> Value {
        let mut output = Map::new();
        if !self.errors.is_empty() {
            output.insert("errors".into(), json!(self.errors));
        }
        output.insert("isCancellable".into(), self.status.is_cancellable().into());
        output.insert("statusCategory".into(), self.status.category().into());
        output.insert("statusCode".into(), self.status.code().into());
        output.insert(
            "statusCodeChangeDateTime".into(),
            self.changed.compact().into(),
        );
        output.insert("isAuthorized".into(), self.status.is_authorized().into());
        Value::Object(output)
    }

    /// The answer to `capture`: a capture object for the whole amount.
    pub fn capture_json(&self) -> Value {
        json!({
            "id": self.id,
            "captureOutput": {
                "amountOfMoney": {
                    "amount": self.request.amount,
                    "currencyCode": self.request.currency_code,
                },
                "references": self.references(),
                "paymentMethod": self.request.method.family().payment_method(),
                self.request.method.family().output_member(): self.method_output(),
            },
            "status": if self.status == PaymentStatus::RejectedCapture { "REJECTED_CAPTURE" } else { "CAPTURE_REQUESTED" },
            // A capture's status output has no statusCategory (CaptureStatusOutput in the
            // API's model); a model test walks every simulated answer.
            "statusOutput": {
                "isFinal": false,
                "isRefundable": false,
                "isRetriable": false,
                "statusCode": if self.status == PaymentStatus::RejectedCapture { 1800 } else { 800 },
                "statusCodeChangeDateTime": self.changed.compact(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraud_verdict_follows_the_sandbox_cities() {
        assert_eq!(FraudVerdict::for_city(Some("Denver")), FraudVerdict::Denied);
        assert_eq!(
            FraudVerdict::for_city(Some("calais ")),
            FraudVerdict::Challenged
        );
        assert_eq!(
            FraudVerdict::for_city(Some("Amsterdam")),
            FraudVerdict::Accepted
        );
        assert_eq!(FraudVerdict::for_city(None), FraudVerdict::Accepted);
    }

    #[test]
    fn approve_and_capture_need_pending_approval() {
        use PaymentStatus::*;
        assert_eq!(
            PendingApproval.after(Action::Approve),
            Some(CaptureRequested)
        );
        assert_eq!(
            PendingApproval.after(Action::Capture),
            Some(CaptureRequested)
        );
        assert_eq!(CaptureRequested.after(Action::Approve), None);
        assert_eq!(PendingFraudApproval.after(Action::Capture), None);
        assert_eq!(Rejected.after(Action::Approve), None);
    }

    #[test]
    fn only_open_payments_can_be_cancelled() {
        use PaymentStatus::*;
        for open in [PendingApproval, PendingFraudApproval, CaptureRequested] {
            assert_eq!(open.after(Action::Cancel), Some(Cancelled));
        }
        for closed in [Rejected, FraudDenied, Cancelled] {
            assert_eq!(closed.after(Action::Cancel), None);
        }
    }

    #[test]
    fn an_approval_is_taken_back_only_from_capture_requested() {
        use PaymentStatus::*;
        assert_eq!(
            CaptureRequested.after(Action::CancelApproval),
            Some(PendingApproval)
        );
        assert_eq!(PendingApproval.after(Action::CancelApproval), None);
        assert_eq!(Paid.after(Action::CancelApproval), None);
    }

    #[test]
    fn challenged_payment_goes_to_pending_approval_when_processed() {
        assert_eq!(
            PaymentStatus::PendingFraudApproval.after(Action::ProcessChallenged),
            Some(PaymentStatus::PendingApproval)
        );
        assert_eq!(
            PaymentStatus::PendingApproval.after(Action::ProcessChallenged),
            None
        );
    }

    #[test]
    fn status_codes_follow_the_api() {
        assert_eq!(PaymentStatus::PendingApproval.code(), 600);
        assert_eq!(PaymentStatus::Rejected.code(), 100);
        assert_eq!(PaymentStatus::FraudDenied.code(), 160);
        assert_eq!(PaymentStatus::PendingFraudApproval.code(), 525);
        assert_eq!(PaymentStatus::Cancelled.code(), 99_999);
    }
}
