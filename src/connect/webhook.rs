//! Connect's webhook signatures, as the SDKs' helpers check them:
//! `X-GCS-Signature` is the base64 of HMAC-SHA256 over the raw body bytes with
//! the secret that `X-GCS-KeyId` names. A missing or duplicated header, an
//! unknown key id, a mismatch (compared in constant time) and an event whose
//! `apiVersion` is not `v1` are refused. A mismatch is diagnosed: the most
//! common cause is a framework that changed the body before it was verified.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "X-GCS-Signature";
pub const KEY_ID_HEADER: &str = "X-GCS-KeyId";
/// The GET Connect sends when an endpoint is registered; echo its value.
pub const VERIFICATION_HEADER: &str = "X-GCS-Webhooks-Endpoint-Verification";
/// What an endpoint answers an event it cannot verify, by default: a refusal, never a 2xx
/// (Connect takes a 2xx as delivered).
pub const BAD_SIGNATURE_STATUS: u16 = 401;
/// The statuses that may be configured for it (a 1xx is not a final answer).
pub const BAD_SIGNATURE_STATUSES: std::ops::RangeInclusive<u16> = 200..=599;

/// The signature Connect would send for `body` with `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    STANDARD.encode(mac(secret, body).finalize().into_bytes())
}

fn mac(secret: &str, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(body);
    mac
}

/// Whether `signature` (base64) signs `body` with `secret`, compared in constant time.
pub fn signs(secret: &str, body: &[u8], signature: &str) -> bool {
    match STANDARD.decode(signature.trim()) {
        Ok(bytes) => mac(secret, body).verify_slice(&bytes).is_ok(),
        Err(_) => false,
    }
}

/// Why a signature does not verify, as far as can be told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnosis {
    /// The body verifies once its line ends are changed (CRLF ↔ LF).
    pub line_ends: bool,
    /// The body verifies once re-serialised (compact or pretty JSON).
    pub reserialised: bool,
    /// Another configured key would have matched.
    pub other_key: Option<String>,
}

/// The verdict on one received event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookVerdict {
    Valid {
        key_id: String,
    },
    MissingHeader(&'static str),
    DuplicatedHeader(&'static str),
    UnknownKeyId(String),
    Mismatch {
        key_id: String,
        diagnosis: Diagnosis,
    },
    /// Signed correctly, but not an event of API version v1.
    WrongApiVersion {
        key_id: String,
        found: String,
    },
}

impl WebhookVerdict {
    pub fn is_valid(&self) -> bool {
        matches!(self, WebhookVerdict::Valid { .. })
    }

    /// `valid`, `missing_header`, …: the name `--json` prints.
    pub fn kind(&self) -> &'static str {
        match self {
            WebhookVerdict::Valid { .. } => "valid",
            WebhookVerdict::MissingHeader(_) => "missing_header",
            WebhookVerdict::DuplicatedHeader(_) => "duplicated_header",
            WebhookVerdict::UnknownKeyId(_) => "unknown_key_id",
            WebhookVerdict::Mismatch { .. } => "mismatch",
            WebhookVerdict::WrongApiVersion { .. } => "wrong_api_version",
        }
    }

    /// One line for a person: what is wrong and what helps.
    pub fn reason(&self) -> String {
        match self {
            WebhookVerdict::Valid { key_id } => format!("signed with {key_id}"),
            WebhookVerdict::MissingHeader(h) => format!("the {h} header is missing"),
            WebhookVerdict::DuplicatedHeader(h) => format!("the {h} header is sent more than once"),
            WebhookVerdict::UnknownKeyId(id) => {
                format!("no secret is configured for key id {id:?}")
            }
            WebhookVerdict::Mismatch { key_id, diagnosis } => {
                let mut text = format!("the signature does not match the body with key {key_id}");
                if diagnosis.line_ends {
                    text.push_str("; it matches once the line ends are changed: your framework changed the body before verifying");
                }
                if diagnosis.reserialised {
                    text.push_str("; it matches the body re-serialised as JSON: your framework re-encoded the body before verifying (verify the raw bytes)");
                }
                if let Some(other) = &diagnosis.other_key {
                    text.push_str(&format!("; the secret of key {other} would have matched"));
                }
                text
            }
            WebhookVerdict::WrongApiVersion { found, .. } => {
                format!("the event's apiVersion is {found:?}, not \"v1\"")
            }
        }
    }
}

/// Verifies a received event. `headers` as received (names compared without
/// case); `keys` the configured (key id, secret) pairs.
pub fn verify(
    headers: &[(String, String)],
    body: &[u8],
    keys: &[(String, String)],
) -> WebhookVerdict {
    let one = |name: &'static str| -> Result<&str, WebhookVerdict> {
        let mut found = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
        match (found.next(), found.next()) {
            (None, _) => Err(WebhookVerdict::MissingHeader(name)),
            (Some(_), Some(_)) => Err(WebhookVerdict::DuplicatedHeader(name)),
            (Some((_, v)), None) => Ok(v.as_str()),
        }
    };
    let (signature, key_id) = match (one(SIGNATURE_HEADER), one(KEY_ID_HEADER)) {
        (Ok(s), Ok(k)) => (s, k.trim()),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let Some((_, secret)) = keys.iter().find(|(id, _)| id == key_id) else {
        return WebhookVerdict::UnknownKeyId(key_id.to_string());
    };
    if !signs(secret, body, signature) {
        return WebhookVerdict::Mismatch {
            key_id: key_id.to_string(),
            diagnosis: diagnose(secret, body, signature, keys, key_id),
        };
    }
    match api_version(body) {
        Some(v) if v == "v1" => WebhookVerdict::Valid {
            key_id: key_id.to_string(),
        },
        found => WebhookVerdict::WrongApiVersion {
            key_id: key_id.to_string(),
            found: found.unwrap_or_else(|| "missing".to_string()),
        },
    }
}

fn diagnose(
    secret: &str,
    body: &[u8],
    signature: &str,
    keys: &[(String, String)],
    key_id: &str,
) -> Diagnosis {
    let crlf_to_lf = replace(body, b"\r\n", b"\n");
    let lf_to_crlf = replace(&crlf_to_lf, b"\n", b"\r\n");
    let line_ends = [crlf_to_lf, lf_to_crlf]
        .iter()
        .any(|b| b != body && signs(secret, b, signature));
    let reserialised = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .is_some_and(|v| {
            [serde_json::to_vec(&v), serde_json::to_vec_pretty(&v)]
                .into_iter()
                .flatten()
                .any(|b| signs(secret, &b, signature))
        });
    let other_key = keys
        .iter()
        .find(|(id, s)| id != key_id && signs(s, body, signature))
        .map(|(id, _)| id.clone());
    Diagnosis {
        line_ends,
        reserialised,
        other_key,
    }
}

/// The event's `apiVersion`, when the body is a JSON object that has one.
fn api_version(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("apiVersion")?.as_str().map(str::to_string)
}

fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/webhooks/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture")
    }

    fn headers(signature: &str, key_id: &str) -> Vec<(String, String)> {
        vec![
            (SIGNATURE_HEADER.to_string(), signature.to_string()),
            (KEY_ID_HEADER.to_string(), key_id.to_string()),
        ]
    }

    #[test]
    fn every_sdk_vector() {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/webhooks/vectors.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("vectors");
        let vectors: serde_json::Value = serde_json::from_str(&text).expect("json");
        let cases = vectors["cases"].as_array().expect("cases");
        assert_eq!(cases.len(), 4);
        for case in cases {
            let body = fixture(case["body_file"].as_str().expect("file"));
            let (key, secret) = (
                case["key_id"].as_str().expect("key"),
                case["secret"].as_str().expect("secret"),
            );
            let signature = case["signature"].as_str().expect("signature");
            let verdict = verify(
                &headers(signature, key),
                &body,
                &[(key.to_string(), secret.to_string())],
            );
            assert_eq!(
                verdict.is_valid(),
                case["valid"].as_bool().expect("valid"),
                "{case}"
            );
            assert_eq!(signs(secret, &body, signature), verdict.is_valid());
        }
        assert_eq!(
            sign("hello+world", &fixture("payment-paid.body")),
            "2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk="
        );
    }

    #[test]
    fn headers_and_keys_are_checked_first() {
        let body = fixture("payment-paid.body");
        let keys = [("k".to_string(), "s".to_string())];
        let sig = sign("s", &body);
        assert_eq!(
            verify(&[], &body, &keys),
            WebhookVerdict::MissingHeader(SIGNATURE_HEADER)
        );
        let mut twice = headers(&sig, "k");
        twice.push(("x-gcs-signature".into(), sig.clone()));
        assert_eq!(
            verify(&twice, &body, &keys),
            WebhookVerdict::DuplicatedHeader(SIGNATURE_HEADER)
        );
        assert_eq!(
            verify(&headers(&sig, "other"), &body, &keys),
            WebhookVerdict::UnknownKeyId("other".into())
        );
        assert!(verify(&headers(&sig, "k"), &body, &keys).is_valid());
    }

    #[test]
    fn a_changed_body_is_diagnosed() {
        let body = fixture("payment-paid.body");
        let keys = [
            ("k".to_string(), "s".to_string()),
            ("k2".to_string(), "s2".to_string()),
        ];
        let sig = sign("s", &body);
        let crlf = replace(&body, b"\n", b"\r\n");
        let WebhookVerdict::Mismatch { diagnosis, .. } = verify(&headers(&sig, "k"), &crlf, &keys)
        else {
            panic!("a mismatch")
        };
        // (Pretty re-serialisation recovers this body too: it was pretty-printed with LF.)
        assert!(diagnosis.line_ends, "{diagnosis:?}");
        let value: serde_json::Value = serde_json::from_slice(&body).expect("json");
        let compact = serde_json::to_vec(&value).expect("compact");
        let verdict = verify(&headers(&sig, "k"), &compact, &keys);
        assert!(
            verdict.reason().contains("re-encoded the body"),
            "{}",
            verdict.reason()
        );
        let other = sign("s2", &body);
        let verdict = verify(&headers(&other, "k"), &body, &keys);
        assert!(
            verdict.reason().contains("key k2 would have matched"),
            "{}",
            verdict.reason()
        );
    }

    #[test]
    fn only_api_version_v1_is_accepted() {
        let body = br#"{"apiVersion":"v2","type":"payment.paid"}"#;
        let keys = [("k".to_string(), "s".to_string())];
        let verdict = verify(&headers(&sign("s", body), "k"), body, &keys);
        assert_eq!(verdict.kind(), "wrong_api_version");
        assert!(verdict.reason().contains("\"v2\""));
    }
}
