//! v1HMAC request signing, exactly as the official SDKs do it.
//!
//! `Authorization: GCS v1HMAC:<apiKeyId>:<base64(HMAC-SHA256(secret, string to sign))>`.
//! The string to sign is, each line ending in `\n`: the method upper-cased, the Content-Type
//! as sent (or empty), the Date as sent, one `name:value` line per `X-GCS-*` header (names
//! lower-cased, values canonicalised, sorted by name), and the canonical resource.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

/// How the query enters the canonical resource. The SDKs disagree and the server's choice is
/// not documented; both agree when no query character is percent-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryMode {
    /// Java, Go and .NET: the query percent-decoded. Follows Java's `URI.getQuery()`: runs of
    /// `%XX` are decoded as UTF-8 (invalid bytes become U+FFFD) and `+` stays `+`. (Go's
    /// `url.QueryUnescape` would turn `+` into a space; Java is the reference.) A `%` not
    /// followed by two hex digits is kept as is (Java would refuse such a URI).
    #[default]
    Decoded,
    /// Python, Ruby, PHP and Node: the query exactly as sent.
    AsSent,
}

/// What the signature covers. The body is not signed.
#[derive(Debug, Clone, Copy)]
pub struct SignInput<'a> {
    pub method: &'a str,
    /// The Content-Type value exactly as sent; `None` when the request has none.
    pub content_type: Option<&'a str>,
    /// The Date value exactly as sent (RFC 1123, see [`rfc1123`]).
    pub date: &'a str,
    /// All request headers, names in any case. Only `X-GCS-*` ones are used; Content-Type
    /// and Date come from the fields above, whatever this list holds.
    pub headers: &'a [(String, String)],
    /// The path as sent, percent-encoded.
    pub path: &'a str,
    /// The query as sent, without `?`. `Some("")` (a bare `?`) still signs a `?`, as Java's
    /// `URI.getQuery()` returns "" there.
    pub query: Option<&'a str>,
    pub query_mode: QueryMode,
}

/// The v1HMAC string to sign.
pub fn string_to_sign(i: &SignInput) -> String {
    let mut xgcs: Vec<(String, String)> = i
        .headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .filter(|(name, _)| name.starts_with("x-gcs"))
        .map(|(name, value)| (name, canonical_header_value(value)))
        .collect();
    // Stable, by name only: repeated headers keep their order, as with Java's Collections.sort.
    xgcs.sort_by(|a, b| a.0.cmp(&b.0));

    let mut s = String::new();
    for line in [
        i.method.to_ascii_uppercase().as_str(),
        i.content_type.unwrap_or(""),
        i.date,
    ] {
        s.push_str(line);
        s.push('\n');
    }
    for (name, value) in &xgcs {
        s.push_str(name);
        s.push(':');
        s.push_str(value);
        s.push('\n');
    }
    s.push_str(i.path);
    if let Some(query) = i.query {
        s.push('?');
        match i.query_mode {
            QueryMode::Decoded => s.push_str(&percent_decode(query)),
            QueryMode::AsSent => s.push_str(query),
        }
    }
    s.push('\n');
    s
}

/// base64 (standard, padded) of HMAC-SHA256 keyed with the secret's UTF-8 bytes, used as is
/// even when the secret looks like base64.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    // HMAC takes keys of any length (long ones are hashed), so this cannot fail; the hmac crate
    // itself relies on the same fact in `KeyInit::new`.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The Authorization header value: `GCS v1HMAC:<apiKeyId>:<signature>`.
pub fn authorization_value(api_key_id: &str, signature: &str) -> String {
    format!("{PREFIX}{api_key_id}:{signature}")
}

const PREFIX: &str = "GCS v1HMAC:";

/// The key id and signature of a v1HMAC Authorization value (surrounding white space
/// allowed). The signature is the part after the last `:` (base64 has none).
pub fn parse_authorization(value: &str) -> Option<(&str, &str)> {
    let (key_id, sig) = value.trim().strip_prefix(PREFIX)?.rsplit_once(':')?;
    (!key_id.is_empty() && !sig.is_empty()).then_some((key_id, sig))
}

/// An Authorization value safe to show: the key id is kept (it is not secret and tells which
/// key was used), the signature hidden; anything not v1HMAC is hidden whole.
pub fn mask_authorization(value: &str) -> String {
    match parse_authorization(value) {
        Some((key_id, _)) => format!("{PREFIX}{key_id}:****"),
        None => "****".to_owned(),
    }
}

/// A header value as signed: each line break (`\r\n` or `\n`) with the blanks after it becomes
/// one space, then the ends are trimmed. Follows Java's
/// `replaceAll("\r?\n[\\s&&[^\r\n]]*", " ").trim()`: the blanks eaten are space, tab, VT and
/// FF (not further line breaks), and `trim` drops every char up to U+0020.
pub fn canonical_header_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if !line_break {
            out.push(c);
            continue;
        }
        if c == '\r' {
            chars.next(); // the '\n'
        }
        while chars
            .next_if(|c| matches!(c, ' ' | '\t' | '\x0B' | '\x0C'))
            .is_some()
        {}
        out.push(' ');
    }
    out.trim_matches(|c: char| c <= ' ').to_owned()
}

/// `t` as an RFC 1123 Date value, e.g. `Fri, 06 Jun 2014 13:39:43 GMT`. A time outside
/// 1970..=9999 (a broken clock) is clamped into it, since httpdate cannot format it.
pub fn rfc1123(t: SystemTime) -> String {
    // Last second of 9999-12-31.
    let latest = UNIX_EPOCH + Duration::from_secs(253_402_300_799);
    httpdate::fmt_http_date(t.clamp(UNIX_EPOCH, latest))
}

/// Java's `URI.getQuery()` decoding, see [`QueryMode::Decoded`].
fn percent_decode(query: &str) -> String {
    let bytes = query.as_bytes();
    let mut out = String::with_capacity(query.len());
    let mut run: Vec<u8> = Vec::new(); // consecutive decoded bytes, decoded together
    let mut literal_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(b) = escaped_byte(bytes, i) {
            out.push_str(&query[literal_start..i]);
            run.push(b);
            i += 3;
            literal_start = i;
            continue;
        }
        if !run.is_empty() {
            out.push_str(&String::from_utf8_lossy(&run));
            run.clear();
        }
        i += 1;
    }
    out.push_str(&String::from_utf8_lossy(&run));
    out.push_str(&query[literal_start..]);
    out
}

/// The byte of a `%XX` escape starting at `i`, if there is one.
fn escaped_byte(bytes: &[u8], i: usize) -> Option<u8> {
    if bytes.get(i) != Some(&b'%') {
        return None;
    }
    let hex = |j: usize| char::from(*bytes.get(j)?).to_digit(16);
    Some((hex(i + 1)? * 16 + hex(i + 2)?) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::path::Path;

    fn vectors() -> Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1hmac-vectors.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text).expect("v1hmac-vectors.json is JSON")
    }

    fn field<'a>(v: &'a Value, name: &str, id: &str) -> &'a str {
        v[name]
            .as_str()
            .unwrap_or_else(|| panic!("vector {id}: field {name} missing or not a string"))
    }

    fn id_of(v: &Value) -> String {
        v["id"].as_str().unwrap_or("(no id)").to_owned()
    }

    fn section<'a>(all: &'a Value, name: &str) -> &'a Vec<Value> {
        all[name]
            .as_array()
            .unwrap_or_else(|| panic!("section {name} missing or not an array"))
    }

    fn pairs(v: &Value, id: &str) -> Vec<(String, String)> {
        v["headers"]
            .as_array()
            .unwrap_or_else(|| panic!("vector {id}: no headers"))
            .iter()
            .map(|h| {
                let name = h[0].as_str().unwrap_or_else(|| panic!("{id}: header name"));
                let value = h[1]
                    .as_str()
                    .unwrap_or_else(|| panic!("{id}: header value"));
                (name.to_owned(), value.to_owned())
            })
            .collect()
    }

    /// `scheme://authority/path?query#fragment` → (path, query); test-only URL split.
    fn split_url(url: &str) -> (&str, Option<&str>) {
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path_and_query = after_scheme
            .find('/')
            .map_or("", |slash| &after_scheme[slash..]);
        let without_fragment = path_and_query
            .split_once('#')
            .map_or(path_and_query, |(pq, _)| pq);
        match without_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (without_fragment, None),
        }
    }

    /// Builds the SignInput the way an HTTP client would: Content-Type and Date from the list.
    fn sts_from_request(v: &Value, id: &str, mode: QueryMode) -> String {
        let headers = pairs(v, id);
        let find = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
        };
        let (path, query) = split_url(field(v, "url", id));
        string_to_sign(&SignInput {
            method: field(v, "method", id),
            content_type: find("Content-Type"),
            date: find("Date").unwrap_or_else(|| panic!("{id}: no Date header")),
            headers: &headers,
            path,
            query,
            query_mode: mode,
        })
    }

    #[test]
    fn every_signature_vector_matches() {
        let all = vectors();
        let mut checked = 0;
        for v in section(&all, "signature_vectors") {
            let id = id_of(v);
            let sig = signature(field(v, "secretApiKey", &id), field(v, "stringToSign", &id));
            assert_eq!(sig, field(v, "expectedSignature", &id), "vector {id}");
            checked += 1;
        }
        assert!(checked > 0, "no signature vectors checked");
    }

    #[test]
    fn every_end_to_end_vector_gives_the_authorization_header() {
        let all = vectors();
        let mut checked = 0;
        for v in section(&all, "end_to_end_vectors") {
            let id = id_of(v);
            // No vector here has a query, so both modes must agree.
            for mode in [QueryMode::Decoded, QueryMode::AsSent] {
                let sts = sts_from_request(v, &id, mode);
                assert_eq!(sts, field(v, "expectedStringToSign", &id), "vector {id}");
                let auth = authorization_value(
                    field(v, "apiKeyId", &id),
                    &signature(field(v, "secretApiKey", &id), &sts),
                );
                assert_eq!(auth, field(v, "expectedAuthorization", &id), "vector {id}");
            }
            checked += 1;
        }
        assert!(checked > 0, "no end-to-end vectors checked");
    }

    #[test]
    fn string_to_sign_vector_in_both_query_modes() {
        let all = vectors();
        let v = &all["string_to_sign_vector"];
        let id = id_of(v);
        assert!(v.is_object(), "string_to_sign_vector missing");
        let decoded = sts_from_request(v, &id, QueryMode::Decoded);
        let as_sent = sts_from_request(v, &id, QueryMode::AsSent);
        assert_eq!(
            decoded,
            field(v, "expectedStringToSign_Java_Go_DotNet_decodedQuery", &id),
            "vector {id} (decoded)"
        );
        assert_eq!(
            as_sent,
            field(v, "expectedStringToSign_Python_Ruby_encodedQuery", &id),
            "vector {id} (as sent)"
        );
        let length = v["length"].as_u64().expect("length is a number");
        assert_eq!(decoded.len() as u64, length, "vector {id} length");
        assert_eq!(
            signature("secretApiKey", &decoded),
            field(
                v,
                "DERIVED_NOT_FROM_SDK_signature_with_secret_secretApiKey_decoded",
                &id
            ),
            "vector {id} decoded signature"
        );
        assert_eq!(
            signature("secretApiKey", &as_sent),
            field(
                v,
                "DERIVED_NOT_FROM_SDK_signature_with_secret_secretApiKey_encoded",
                &id
            ),
            "vector {id} as-sent signature"
        );
    }

    #[test]
    fn every_header_canonicalisation_vector_matches() {
        let all = vectors();
        let mut checked = 0;
        for (n, v) in section(&all, "header_canonicalization_vectors")
            .iter()
            .enumerate()
        {
            let id = format!("header_canonicalization_vectors[{n}]");
            assert_eq!(
                canonical_header_value(field(v, "in", &id)),
                field(v, "out", &id),
                "vector {id}"
            );
            checked += 1;
        }
        assert!(checked > 0, "no header canonicalisation vectors checked");
    }

    #[test]
    fn vector_file_has_no_unchecked_sections() {
        let all = vectors();
        let mut keys: Vec<&str> = all
            .as_object()
            .expect("vectors file is an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "end_to_end_vectors",
                "header_canonicalization_vectors",
                "signature_vectors",
                "string_to_sign_vector"
            ],
            "a new section in v1hmac-vectors.json needs a test"
        );
    }

    fn input<'a>(headers: &'a [(String, String)], query: Option<&'a str>) -> SignInput<'a> {
        SignInput {
            method: "get",
            content_type: None,
            date: "Fri, 06 Jun 2014 13:39:43 GMT",
            headers,
            path: "/v1/1/products",
            query,
            query_mode: QueryMode::Decoded,
        }
    }

    #[test]
    fn method_is_upper_cased_and_missing_content_type_is_an_empty_line() {
        let sts = string_to_sign(&input(&[], None));
        assert_eq!(
            sts,
            "GET\n\nFri, 06 Jun 2014 13:39:43 GMT\n/v1/1/products\n"
        );
    }

    #[test]
    fn only_x_gcs_headers_are_signed_sorted_by_lower_cased_name() {
        let headers = [
            ("X-GCS-b".to_owned(), "2".to_owned()),
            ("Authorization".to_owned(), "GCS v1HMAC:k:s".to_owned()),
            ("User-Agent".to_owned(), "cinspect".to_owned()),
            ("x-gcs-A".to_owned(), "1".to_owned()),
            ("Content-Type".to_owned(), "text/ignored".to_owned()),
            ("X-GCS-b".to_owned(), "3".to_owned()),
            ("Xgcs-not".to_owned(), "no".to_owned()),
        ];
        let sts = string_to_sign(&input(&headers, None));
        assert_eq!(
            sts,
            "GET\n\nFri, 06 Jun 2014 13:39:43 GMT\nx-gcs-a:1\nx-gcs-b:2\nx-gcs-b:3\n/v1/1/products\n"
        );
    }

    #[test]
    fn decoded_query_follows_java_uri_get_query() {
        let decoded = |q| percent_decode(q);
        assert_eq!(decoded("q=na%20me"), "q=na me");
        assert_eq!(decoded("name=ANDR%C3%89E"), "name=ANDRÉE");
        assert_eq!(decoded("a=1+2"), "a=1+2", "'+' stays '+' as in Java");
        assert_eq!(decoded("a=%2B%26"), "a=+&");
        assert_eq!(decoded("bad=%zz%4"), "bad=%zz%4", "malformed escapes kept");
        assert_eq!(decoded("x=%C3"), "x=\u{FFFD}", "invalid UTF-8 replaced");
        assert_eq!(
            decoded("x=%C3z%A9"),
            "x=\u{FFFD}z\u{FFFD}",
            "runs decode apart"
        );
        assert_eq!(decoded("é=%41"), "é=A");
        assert_eq!(decoded(""), "");
    }

    #[test]
    fn as_sent_query_is_untouched_and_empty_query_keeps_its_question_mark() {
        let mut i = input(&[], Some("a=b%20c+d"));
        i.query_mode = QueryMode::AsSent;
        assert!(string_to_sign(&i).ends_with("/v1/1/products?a=b%20c+d\n"));
        i.query_mode = QueryMode::Decoded;
        assert!(string_to_sign(&i).ends_with("/v1/1/products?a=b c+d\n"));
        assert!(string_to_sign(&input(&[], Some(""))).ends_with("/v1/1/products?\n"));
    }

    #[test]
    fn header_canonicalisation_edge_cases() {
        assert_eq!(canonical_header_value(""), "");
        assert_eq!(
            canonical_header_value("a\rb"),
            "a\rb",
            "lone CR is not a break"
        );
        assert_eq!(
            canonical_header_value("a\n\n b"),
            "a  b",
            "each break is a space"
        );
        assert_eq!(
            canonical_header_value("a\x0c\x00"),
            "a",
            "trim drops <= U+0020"
        );
        assert_eq!(canonical_header_value("\u{a0}x\u{a0}"), "\u{a0}x\u{a0}");
    }

    #[test]
    fn secret_is_used_as_utf8_not_base64_decoded() {
        // TV3's secret looks like base64; its vector only passes when used as text.
        let sts = "GET\n\nFri, 06 Jun 2014 13:39:43 GMT\n/v1/9991/tokens/123456789\n";
        assert_eq!(
            signature("I42Zf4pVnRdroHfuHnRiJjJ2B6+22h0yQt/R3nZR8Xg=", sts),
            "J5LjfSBvrQNhu7gG0gvifZt+IWNDReGCmHmBmth6ueI="
        );
    }

    #[test]
    fn long_secrets_are_accepted() {
        let sig = signature(&"k".repeat(1000), "x");
        assert_eq!(sig.len(), 44);
    }

    #[test]
    fn authorization_round_trips_through_parse() {
        let value = authorization_value("5e45c937b9db33ae", "J5Lj+fS/B=");
        assert_eq!(value, "GCS v1HMAC:5e45c937b9db33ae:J5Lj+fS/B=");
        assert_eq!(
            parse_authorization(&value),
            Some(("5e45c937b9db33ae", "J5Lj+fS/B="))
        );
        assert_eq!(
            parse_authorization(" GCS v1HMAC:a:b:c "),
            Some(("a:b", "c"))
        );
    }

    #[test]
    fn parse_authorization_rejects_other_shapes() {
        for bad in [
            "",
            "Bearer abc",
            "GCS v1HMAC:",
            "GCS v1HMAC:keyonly",
            "GCS v1HMAC::sig",
            "GCS v1HMAC:key:",
            "gcs v1hmac:key:sig",
        ] {
            assert_eq!(parse_authorization(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn mask_keeps_key_id_and_hides_signature() {
        assert_eq!(
            mask_authorization(
                "GCS v1HMAC:5e45c937b9db33ae:J5LjfSBvrQNhu7gG0gvifZt+IWNDReGCmHmBmth6ueI="
            ),
            "GCS v1HMAC:5e45c937b9db33ae:****"
        );
        assert_eq!(mask_authorization("Basic dXNlcjpwYXNz"), "****");
        assert_eq!(mask_authorization(""), "****");
    }

    #[test]
    fn rfc1123_formats_gmt_and_clamps_impossible_clocks() {
        let t = UNIX_EPOCH + Duration::from_secs(1_402_061_983);
        assert_eq!(rfc1123(t), "Fri, 06 Jun 2014 13:39:43 GMT");
        assert_eq!(
            rfc1123(UNIX_EPOCH - Duration::from_secs(1)),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(
            rfc1123(UNIX_EPOCH + Duration::from_secs(400_000_000_000)),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
    }
}
