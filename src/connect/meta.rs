//! Header names the API uses, and the X-GCS meta-info headers the SDKs send.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

pub const AUTHORIZATION: &str = "Authorization";
pub const DATE: &str = "Date";
pub const CONTENT_TYPE: &str = "Content-Type";
pub const LOCATION: &str = "Location";
pub const RETRY_AFTER: &str = "Retry-After";
pub const SERVER_META_INFO: &str = "X-GCS-ServerMetaInfo";
pub const CLIENT_META_INFO: &str = "X-GCS-ClientMetaInfo";
/// Optional on POSTs that create things; the server keeps keys for 24 hours.
pub const IDEMPOTENCE_KEY: &str = "X-GCS-Idempotence-Key";
/// On a response to a repeated key: the first request's time, ms since the epoch.
pub const IDEMPOTENCE_TIMESTAMP: &str = "X-GCS-Idempotence-Request-Timestamp";
/// The Content-Type sent with a body.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// Who made the calls, as `sdkIdentifier` / `sdkCreator` in the server meta info.
const SDK_NAME: &str = "cinspect";

/// `X-GCS-ServerMetaInfo`: base64 (standard) of the UTF-8 JSON
/// `{"platformIdentifier":…,"sdkIdentifier":"cinspect/<version>","sdkCreator":"cinspect","integrator":…}`,
/// fields in the SDKs' order. The SDKs require an integrator name; a blank one is left out
/// rather than sent empty.
pub fn server_meta_info(platform: &str, version: &str, integrator: &str) -> String {
    let mut info = Map::new();
    info.insert("platformIdentifier".into(), platform.into());
    info.insert(
        "sdkIdentifier".into(),
        format!("{SDK_NAME}/{version}").into(),
    );
    info.insert("sdkCreator".into(), SDK_NAME.into());
    let integrator = integrator.trim();
    if !integrator.is_empty() {
        info.insert("integrator".into(), integrator.into());
    }
    STANDARD.encode(Value::Object(info).to_string())
}

/// `<os>; <arch>` of this build, e.g. `linux; x86_64`, for `platformIdentifier`.
pub fn platform_identifier() -> String {
    format!("{}; {}", std::env::consts::OS, std::env::consts::ARCH)
}

/// `X-GCS-ClientMetaInfo`: base64 (standard) of the JSON text the caller supplies, as is.
pub fn client_meta_info(json: &str) -> String {
    STANDARD.encode(json)
}

/// Why a meta-info header value could not be shown as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetaInfoError {
    #[error("the value is not standard base64: {0}")]
    NotBase64(String),
    #[error("the decoded bytes are not UTF-8 text")]
    NotUtf8,
}

/// The text inside a meta-info header (for showing what a request carried).
pub fn decode_meta_info(value: &str) -> Result<String, MetaInfoError> {
    let bytes = STANDARD
        .decode(value.trim())
        .map_err(|e| MetaInfoError::NotBase64(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| MetaInfoError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decoded_json(value: &str) -> Value {
        let text = decode_meta_info(value).expect("our own header decodes");
        serde_json::from_str(&text).expect("our own header is JSON")
    }

    #[test]
    fn server_meta_info_is_base64_json_with_sdk_fields_in_order() {
        let value = server_meta_info("linux; x86_64", "0.1.0", "Acme Shop");
        let text = decode_meta_info(&value).expect("decodes");
        assert_eq!(
            text,
            r#"{"platformIdentifier":"linux; x86_64","sdkIdentifier":"cinspect/0.1.0","sdkCreator":"cinspect","integrator":"Acme Shop"}"#
        );
    }

    #[test]
    fn server_meta_info_escapes_json_and_keeps_unicode() {
        let value = server_meta_info("a\"b", "1", "Zoë \\ Co");
        assert_eq!(
            decoded_json(&value),
            json!({"platformIdentifier": "a\"b", "sdkIdentifier": "cinspect/1",
                   "sdkCreator": "cinspect", "integrator": "Zoë \\ Co"})
        );
    }

    #[test]
    fn blank_integrator_is_left_out() {
        let value = server_meta_info("p", "1", "  ");
        assert_eq!(decoded_json(&value).get("integrator"), None);
    }

    #[test]
    fn client_meta_info_is_base64_of_the_callers_text() {
        assert_eq!(
            client_meta_info(r#"{"aap":"noot"}"#),
            "eyJhYXAiOiJub290In0="
        );
        assert_eq!(
            decode_meta_info("eyJhYXAiOiJub290In0="),
            Ok(r#"{"aap":"noot"}"#.to_owned())
        );
    }

    #[test]
    fn decode_meta_info_reports_bad_base64_and_non_utf8() {
        assert!(matches!(
            decode_meta_info("not base64!"),
            Err(MetaInfoError::NotBase64(_))
        ));
        assert_eq!(decode_meta_info("/w=="), Err(MetaInfoError::NotUtf8));
    }

    #[test]
    fn platform_identifier_is_os_and_arch() {
        let p = platform_identifier();
        assert_eq!(
            p,
            format!("{}; {}", std::env::consts::OS, std::env::consts::ARCH)
        );
    }

    #[test]
    fn idempotence_header_names_are_x_gcs_and_therefore_signed() {
        for name in [
            IDEMPOTENCE_KEY,
            IDEMPOTENCE_TIMESTAMP,
            SERVER_META_INFO,
            CLIENT_META_INFO,
        ] {
            assert!(name.to_ascii_lowercase().starts_with("x-gcs"), "{name}");
        }
    }
}
