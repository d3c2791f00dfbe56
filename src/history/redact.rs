//! Redaction: what is removed or masked before an exchange reaches the history file.
//!
//! Rules (always on):
//! - `Authorization`: `GCS v1HMAC:<keyId>:<signature>` keeps the scheme and key id and masks
//!   the signature (`GCS v1HMAC:<keyId>:****`); any other scheme keeps its first word only.
//! - A header whose lower-cased name contains one of the configured fragments
//!   ([`DEFAULT_SECRET_HEADERS`] by default) has its value replaced by `****`.
//! - JSON bodies: `cardNumber` is masked to its first 6 and last 4 digits as the API does
//!   (`456735******7977`) and `cvv` is removed, at any depth, names compared ignoring ASCII
//!   case. Configured extra fields ([`DEFAULT_REDACT_FIELDS`] by default) keep their name and
//!   get the value `"****"` whatever its type, so a reader still sees the field was sent.
//!   Everything else keeps its exact bytes (no re-serialisation).
//! - Card numbers in free text: a run of 13 to 19 ASCII digits that does not start with `0`
//!   and passes the Luhn check is masked the same way, in non-JSON bodies and inside every
//!   JSON string. Zero-padded ids (payment ids, references) are thereby left alone.

use std::borrow::Cow;

use super::json_redact;

/// The replacement for a secret value.
pub const MASK: &str = "****";

/// Header-name fragments (lower case) whose header values are masked by default.
pub const DEFAULT_SECRET_HEADERS: &[&str] = &[
    "authorization",
    "secret",
    "token",
    "password",
    "api-key",
    "apikey",
    "cookie",
    "signature",
    "session",
];

/// Extra JSON field names masked by default (on top of `cardNumber` and `cvv`).
pub const DEFAULT_REDACT_FIELDS: &[&str] = &["password", "pin", "encryptedCustomerInput"];

/// Returns the headers with secret values masked (see the module rules). `secret_names` are
/// name fragments compared case-insensitively; `Authorization` is handled whatever the list.
pub fn redact_headers(
    headers: &[(String, String)],
    secret_names: &[String],
) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.clone(), redact_header_value(name, value, secret_names)))
        .collect()
}

/// One header's value after redaction.
pub fn redact_header_value(name: &str, value: &str, secret_names: &[String]) -> String {
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" {
        return redact_authorization(value);
    }
    let secret = secret_names
        .iter()
        .any(|fragment| !fragment.is_empty() && lower.contains(&fragment.to_ascii_lowercase()));
    if secret {
        MASK.to_owned()
    } else {
        value.to_owned()
    }
}

/// `GCS v1HMAC:<keyId>:<signature>` → `GCS v1HMAC:<keyId>:****`; `Bearer abc` → `Bearer ****`;
/// a value without a scheme → `****`.
pub fn redact_authorization(value: &str) -> String {
    let value = value.trim();
    let Some((scheme, credentials)) = value.split_once(' ') else {
        return MASK.to_owned();
    };
    if scheme.eq_ignore_ascii_case("GCS") {
        let mut parts = credentials.trim_start().splitn(3, ':');
        if let (Some(algorithm), Some(key_id), Some(_signature)) =
            (parts.next(), parts.next(), parts.next())
        {
            return format!("{scheme} {algorithm}:{key_id}:{MASK}");
        }
    }
    format!("{scheme} {MASK}")
}

/// The body with secrets removed or masked: JSON by field name (keeping every other byte),
/// anything else by masking card numbers found as digit runs. `extra_fields` are masked.
pub fn redact_body(text: &str, extra_fields: &[String]) -> String {
    // A cvv the JSON scan cannot see: in a form body, in JSON carried inside a
    // string, or in JSON nested too deep to scan (then read as text).
    match json_redact::redact_json(text, extra_fields) {
        Some(redacted) => mask_cvv_in_text(&redacted).into_owned(),
        None => mask_cvv_in_text(&mask_card_numbers_in_text(text)).into_owned(),
    }
}

/// Masks the value after every `cvv` key written as text: `cvv=123` (forms),
/// `"cvv": "123"`, `"cvv":123` (JSON read as text), `\"cvv\":\"123\"`
/// (JSON inside a JSON string). Quoted values keep their quotes; an unquoted
/// JSON number becomes a quoted mask. Borrowed when there is none.
pub fn mask_cvv_in_text(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = find_ascii_ci(&bytes[from..], b"cvv") {
        let key = from + found;
        from = key + 3;
        if key > 0 && is_word_byte(bytes[key - 1]) {
            continue;
        }
        let Some((value, quoted)) = cvv_value(bytes, from) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(&text[copied..value.start]);
        buf.push_str(if quoted { MASK } else { "\"****\"" });
        copied = value.end;
        from = value.end;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

/// After a `cvv` key ending at `at`: the value's byte range and whether it was
/// quoted, or None when no `:`/`=` follows (a word that only contains cvv).
fn cvv_value(bytes: &[u8], mut at: usize) -> Option<(std::ops::Range<usize>, bool)> {
    if is_word_byte(*bytes.get(at)?) {
        return None;
    }
    // The key's closing quote, plain or escaped.
    for quote in [&b"\\\""[..], b"\""] {
        if bytes[at..].starts_with(quote) {
            at += quote.len();
            break;
        }
    }
    let skip_ws = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    at = skip_ws(at);
    if !matches!(bytes.get(at), Some(b':' | b'=')) {
        return None;
    }
    let form = bytes[at] == b'=';
    at = skip_ws(at + 1);
    let mut quoted = false;
    for quote in [&b"\\\""[..], b"\""] {
        if !form && bytes[at..].starts_with(quote) {
            at += quote.len();
            quoted = true;
            break;
        }
    }
    let start = at;
    while at < bytes.len()
        && !matches!(bytes[at], b'"' | b'\\' | b'&' | b',' | b'}' | b']' | b';')
        && !bytes[at].is_ascii_whitespace()
    {
        at += 1;
    }
    // A form value is never quoted, but keeps a mask without quotes.
    Some((start..at, quoted || form))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Masks a card number as the API does: of its positions (digits, and `*` of an earlier
/// mask), the first 6 and last 4 keep their digit and every other digit becomes `*`; other
/// characters stay. With fewer than 13 positions (not a full card number) only the last 4
/// keep their digit; 4 positions or fewer are left as they are. Masking twice changes nothing.
pub fn mask_card_number(value: &str) -> String {
    let is_position = |c: char| c.is_ascii_digit() || c == '*';
    let positions = value.chars().filter(|c| is_position(*c)).count();
    let (keep_head, keep_tail) = match positions {
        13.. => (6, 4),
        5..=12 => (0, 4),
        _ => return value.to_owned(),
    };
    let mut seen = 0usize;
    value
        .chars()
        .map(|c| {
            if !is_position(c) {
                return c;
            }
            seen += 1;
            let kept = seen <= keep_head || seen > positions - keep_tail;
            if kept { c } else { '*' }
        })
        .collect()
}

/// Masks every digit run that looks like a full card number (13–19 digits, not starting
/// with `0`, Luhn-valid). Borrowed when nothing was masked.
pub fn mask_card_numbers_in_text(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let run = &text[start..i];
        if looks_like_card_number(run) {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            buf.push_str(&text[copied..start]);
            buf.push_str(&mask_card_number(run));
            copied = i;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

/// Whether some run of 13+ digits occurs (a cheap pre-check before decoding a JSON string).
pub(crate) fn has_long_digit_run(bytes: &[u8]) -> bool {
    let mut run = 0usize;
    for b in bytes {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 13 {
            return true;
        }
    }
    false
}

/// A digit-only run of card-number length that passes Luhn and does not start with `0`
/// (no card scheme does; zero-padded ids do).
fn looks_like_card_number(run: &str) -> bool {
    (13..=19).contains(&run.len()) && !run.starts_with('0') && luhn_valid(run)
}

pub use crate::connect::card::luhn_valid;

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Vec<String> {
        DEFAULT_SECRET_HEADERS
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn gcs_authorization_keeps_key_id_and_masks_signature() {
        assert_eq!(
            redact_authorization(
                "GCS v1HMAC:5e45c937b9db33ae:J5LjfSBvrQNhu7gG0gvifZt+IWNDReGCmHmBmth6ueI="
            ),
            "GCS v1HMAC:5e45c937b9db33ae:****"
        );
    }

    #[test]
    fn other_authorization_schemes_keep_only_the_scheme() {
        assert_eq!(redact_authorization("Bearer abc.def"), "Bearer ****");
        assert_eq!(redact_authorization("GCS garbage"), "GCS ****");
        assert_eq!(redact_authorization("justasecret"), "****");
    }

    #[test]
    fn headers_named_like_secrets_are_masked_case_insensitively() {
        let headers = vec![
            ("X-Api-Secret".to_owned(), "hunter2".to_owned()),
            ("x-auth-TOKEN".to_owned(), "t0k".to_owned()),
            ("Cookie".to_owned(), "s=1".to_owned()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-GCS-Idempotence-Key".to_owned(), "k-1".to_owned()),
            (
                "Authorization".to_owned(),
                "GCS v1HMAC:key:SIG==".to_owned(),
            ),
        ];
        let out = redact_headers(&headers, &defaults());
        let values: Vec<&str> = out.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(
            values,
            [
                "****",
                "****",
                "****",
                "application/json",
                "k-1",
                "GCS v1HMAC:key:****"
            ]
        );
    }

    #[test]
    fn authorization_is_redacted_even_with_an_empty_secret_list() {
        assert_eq!(
            redact_header_value("authorization", "GCS v1HMAC:k:S", &[]),
            "GCS v1HMAC:k:****"
        );
    }

    #[test]
    fn cvv_in_forms_strings_and_text_is_masked() {
        assert_eq!(mask_cvv_in_text("a=1&cvv=123&b=2"), "a=1&cvv=****&b=2");
        assert_eq!(
            mask_cvv_in_text(r#"{"body":"{\"cvv\":\"123\",\"x\":1}"}"#),
            r#"{"body":"{\"cvv\":\"****\",\"x\":1}"}"#
        );
        assert_eq!(mask_cvv_in_text(r#"{"cvv": 123}"#), r#"{"cvv": "****"}"#);
        assert_eq!(mask_cvv_in_text(r#"{"CVV" : "9"}"#), r#"{"CVV" : "****"}"#);
        assert!(matches!(
            mask_cvv_in_text("cvvs and mycvv=1"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(mask_cvv_in_text("no secrets"), Cow::Borrowed(_)));
    }

    #[test]
    fn redact_body_reaches_cvv_in_string_encoded_json_and_forms() {
        let inner = r#"{"note":"{\"card\":{\"cvv\":\"123\"}}"}"#;
        let out = redact_body(inner, &[]);
        assert!(!out.contains("123"), "{out}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&out).is_ok(),
            "{out}"
        );
        assert!(!redact_body("cardNumber=4567350000427977&cvv=123", &[]).contains("123"));
    }

    #[test]
    fn json_too_deep_to_scan_is_redacted_as_text_without_a_stack_overflow() {
        let deep = format!(
            "{}{{\"cvv\":\"123\",\"cardNumber\":\"4567350000427977\"}}{}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let out = redact_body(&deep, &[]);
        assert!(!out.contains("\"123\""), "cvv masked");
        assert!(!out.contains("4567350000427977"), "card masked");
    }

    #[test]
    fn card_number_keeps_first_six_and_last_four() {
        assert_eq!(mask_card_number("4567350000427977"), "456735******7977");
        assert_eq!(
            mask_card_number("4567 3500 0042 7977"),
            "4567 35** **** 7977"
        );
    }

    #[test]
    fn masking_an_already_masked_number_changes_nothing() {
        assert_eq!(mask_card_number("456735******7977"), "456735******7977");
        assert_eq!(mask_card_number("************7977"), "************7977");
    }

    #[test]
    fn short_card_values_keep_only_the_last_four() {
        assert_eq!(mask_card_number("456735007977"), "********7977");
        assert_eq!(mask_card_number("123"), "123");
    }

    #[test]
    fn luhn_accepts_test_cards_and_rejects_altered_ones() {
        assert!(luhn_valid("4567350000427977"));
        assert!(luhn_valid("5424180279791732"));
        assert!(!luhn_valid("4567350000427978"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("45a7"));
    }

    #[test]
    fn card_numbers_in_text_are_masked_but_ids_are_not() {
        let text = "card=4567350000427977&id=000002000010000596140000100001&n=4567350000427978";
        assert_eq!(
            mask_card_numbers_in_text(text),
            "card=456735******7977&id=000002000010000596140000100001&n=4567350000427978"
        );
    }

    #[test]
    fn text_without_card_numbers_is_borrowed() {
        assert!(matches!(
            mask_card_numbers_in_text("plain 12345"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn non_json_body_masks_card_numbers_only() {
        let body = "<card>5424180279791732</card><cvv>123</cvv>";
        assert_eq!(
            redact_body(body, &[]),
            "<card>542418******1732</card><cvv>123</cvv>"
        );
    }

    #[test]
    fn long_digit_run_precheck_needs_thirteen_digits() {
        assert!(has_long_digit_run(b"x1234567890123y"));
        assert!(!has_long_digit_run(b"123456789012 3"));
    }
}
