//! What the receiver answers an event when it stands in for the integrator's endpoint (no
//! `--forward`): what a correct endpoint answers. An event that fails verification (no
//! signature, a key id without a configured secret, a signature that does not match) is
//! refused, 401 unless `[webhooks] bad_signature_status` or `--bad-signature-status` says
//! otherwise, so `webhooks send --tamper` sees the refusal it checks for. With `--forward` the
//! app's own answer goes back instead: the app is the endpoint under test.

use crate::connect::webhook::WebhookVerdict;

pub use crate::connect::webhook::BAD_SIGNATURE_STATUS;

/// The status and text answered to an event with `verdict`: 200 for a valid signature (an
/// apiVersion other than v1 too: the signature is good, the event is shown as wrong), else
/// `bad_signature_status` with the reason's kind.
pub fn answer_event(verdict: &WebhookVerdict, bad_signature_status: u16) -> (u16, String) {
    match verdict {
        WebhookVerdict::Valid { .. } | WebhookVerdict::WrongApiVersion { .. } => {
            (200, String::new())
        }
        WebhookVerdict::MissingHeader(_)
        | WebhookVerdict::DuplicatedHeader(_)
        | WebhookVerdict::UnknownKeyId(_)
        | WebhookVerdict::Mismatch { .. } => (
            bad_signature_status,
            format!("signature not verified: {}", verdict.kind()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::webhook::Diagnosis;

    #[test]
    fn only_a_good_signature_is_accepted() {
        let valid = WebhookVerdict::Valid { key_id: "k".into() };
        assert_eq!(answer_event(&valid, 401).0, 200);
        let mismatch = WebhookVerdict::Mismatch {
            key_id: "k".into(),
            diagnosis: Diagnosis::default(),
        };
        assert_eq!(
            answer_event(&mismatch, 401),
            (401, "signature not verified: mismatch".to_string())
        );
        assert_eq!(
            answer_event(&WebhookVerdict::UnknownKeyId("x".into()), 403).0,
            403
        );
        assert_eq!(
            answer_event(&WebhookVerdict::MissingHeader("X-GCS-Signature"), 200).0,
            200
        );
    }
}
