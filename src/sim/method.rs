//! The payment method families a create payment may use, each read from its own
//! `<family>PaymentMethodSpecificInput`, and what the simulator does with each.

use serde::{Deserialize, Serialize};

/// The method-specific inputs other than cards, by their member name in a create payment body,
/// with the family each one is.
pub const OTHER_INPUTS: [(&str, Family); 7] = [
    ("redirectPaymentMethodSpecificInput", Family::Redirect),
    (
        "bankTransferPaymentMethodSpecificInput",
        Family::BankTransfer,
    ),
    (
        "sepaDirectDebitPaymentMethodSpecificInput",
        Family::SepaDirectDebit,
    ),
    ("cashPaymentMethodSpecificInput", Family::Cash),
    ("mobilePaymentMethodSpecificInput", Family::Mobile),
    ("invoicePaymentMethodSpecificInput", Family::Invoice),
    ("eInvoicePaymentMethodSpecificInput", Family::EInvoice),
];

/// A payment method family, as the API groups payment products.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Family {
    Card,
    Redirect,
    BankTransfer,
    SepaDirectDebit,
    Cash,
    Mobile,
    Invoice,
    EInvoice,
}

impl Family {
    /// `paymentOutput.paymentMethod`.
    pub fn payment_method(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::Redirect => "redirect",
            Self::BankTransfer => "bankTransfer",
            Self::SepaDirectDebit => "directDebit",
            Self::Cash => "cash",
            Self::Mobile => "mobile",
            Self::Invoice => "invoice",
            Self::EInvoice => "eInvoice",
        }
    }

    /// The `paymentOutput` member holding the family's output.
    pub fn output_member(self) -> &'static str {
        match self {
            Self::Card => "cardPaymentMethodSpecificOutput",
            Self::Redirect => "redirectPaymentMethodSpecificOutput",
            Self::BankTransfer => "bankTransferPaymentMethodSpecificOutput",
            Self::SepaDirectDebit => "sepaDirectDebitPaymentMethodSpecificOutput",
            Self::Cash => "cashPaymentMethodSpecificOutput",
            Self::Mobile => "mobilePaymentMethodSpecificOutput",
            Self::Invoice => "invoicePaymentMethodSpecificOutput",
            Self::EInvoice => "eInvoicePaymentMethodSpecificOutput",
        }
    }
}

/// What the simulator keeps of a payment's method-specific input. Card numbers are kept only
/// in memory: a payment written to a state file keeps the masked number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "input",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum MethodInput {
    Card {
        card_number: String,
        expiry_date: String,
        has_cvv: bool,
        /// The token the card came from, when the payment named one.
        token: Option<String>,
        /// `authorizationMode` SALE: captured at once.
        sale: bool,
    },
    Other {
        family: Family,
        issuer_id: Option<String>,
        return_url: Option<String>,
        token: Option<String>,
        /// The token came from `paymentProduct771SpecificInput.mandateReference` (so a refusal
        /// of it names that property).
        #[serde(default)]
        by_mandate_reference: bool,
    },
}

impl MethodInput {
    pub fn family(&self) -> Family {
        match self {
            Self::Card { .. } => Family::Card,
            Self::Other { family, .. } => *family,
        }
    }
}
