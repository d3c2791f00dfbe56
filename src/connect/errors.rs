//! The API's error model, read tolerantly from any JSON body.
//!
//! The API may grow fields, and a proxy or a test double may send odd types; one odd field
//! must never cost the user the rest of the error. So every field is read on its own from a
//! `serde_json::Value`: a field of the wrong type becomes `None`, unknown fields are ignored.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// One entry of an `errors` array (the API's `APIError`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// Numeric code as a string ("21000120"); a JSON number is kept as its digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Short symbolic name, e.g. "INVALID_VALUE".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `CONNECT_PLATFORM_ERROR`, `PAYMENT_PLATFORM_ERROR` or `IO_ERROR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status_code: Option<i64>,
    /// For the developer; the API warns it is not for shoppers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Where in the request the problem is (a JSONata path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ApiError {
    /// Reads one error. An object gives its fields; a bare string (not the API's shape, but
    /// seen from proxies) becomes the message; any other value is kept as its JSON text in
    /// `message` so nothing the server said is hidden.
    pub fn from_json(v: &Value) -> ApiError {
        match v {
            Value::Object(o) => ApiError {
                code: o.get("code").and_then(text),
                id: o.get("id").and_then(text),
                category: o.get("category").and_then(text),
                http_status_code: o.get("httpStatusCode").and_then(integer),
                message: o.get("message").and_then(text),
                property_name: o.get("propertyName").and_then(text),
                request_id: o.get("requestId").and_then(text),
            },
            Value::String(s) => ApiError {
                message: Some(s.clone()),
                ..ApiError::default()
            },
            other => ApiError {
                message: Some(other.to_string()),
                ..ApiError::default()
            },
        }
    }

    /// One line for lists and summaries: code, symbolic name, then the message when it adds
    /// something, e.g. `1002 UNKNOWN_PAYMENT_ID` or `21000120 expiry date in the past or not
    /// MMYY — paymentMethodSpecificInput.card.expiryDate (1210) IS IN THE PAST…`.
    pub fn describe(&self) -> String {
        let code = self
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let name = self.id.as_deref().or_else(|| code.and_then(known_error));
        let mut parts: Vec<&str> = vec![code.unwrap_or("(no code)")];
        parts.extend(name);
        let mut line = parts.join(" ");
        if let Some(msg) = self.message.as_deref().map(str::trim)
            && !msg.is_empty()
            && Some(msg) != name
        {
            line.push_str(" — ");
            line.push_str(msg);
        }
        one_line(&line)
    }
}

impl<'de> Deserialize<'de> for ApiError {
    /// Goes through `Value` so serde users get the same tolerance as [`ApiError::from_json`].
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(|v| ApiError::from_json(&v))
    }
}

/// An error and where in the body it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    pub error: ApiError,
    /// `None` for the top-level `errors`; else the JSON path of the array, e.g.
    /// `"paymentResult.payment.statusOutput.errors"`.
    pub nested_in: Option<String>,
}

/// Which "object in question" an error body carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultKind {
    Payment,
    Payout,
    Refund,
}

impl ResultKind {
    pub const ALL: [ResultKind; 3] = [ResultKind::Payment, ResultKind::Payout, ResultKind::Refund];

    /// The body's key: `paymentResult`, `payoutResult`, `refundResult`.
    pub fn result_key(self) -> &'static str {
        match self {
            ResultKind::Payment => "paymentResult",
            ResultKind::Payout => "payoutResult",
            ResultKind::Refund => "refundResult",
        }
    }

    /// The object's key inside the result: `payment`, `payout`, `refund`.
    pub fn object_key(self) -> &'static str {
        match self {
            ResultKind::Payment => "payment",
            ResultKind::Payout => "payout",
            ResultKind::Refund => "refund",
        }
    }
}

/// The object in question, read from `<kind>Result.<object>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultObject {
    pub kind: ResultKind,
    pub id: Option<String>,
    pub status: Option<String>,
    pub status_category: Option<String>,
    pub status_code: Option<i64>,
}

/// Everything error-like in a body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorReport {
    pub error_id: Option<String>,
    /// Top-level `errors` first, then the nested ones, each in body order.
    pub errors: Vec<ErrorEntry>,
    /// The first of `paymentResult` / `payoutResult` / `refundResult` that is a JSON object.
    pub result: Option<ResultObject>,
}

/// Collects the errors of any body, error or not:
///
/// 1. `errorId` and the top-level `errors` (`nested_in: None`);
/// 2. when a result object is present (`<kind>Result` is a JSON object; `null` counts as
///    absent, as in the SDKs): its `<object>.statusOutput.errors`, and `result` is filled;
/// 3. otherwise, for 2xx shapes: a `payment` / `payout` / `refund` object's
///    `statusOutput.errors` (create responses), or the root's own `statusOutput.errors`
///    (GET of a payment, payout, refund or capture, which answer with the object itself).
///
/// A body that is not a JSON object gives an empty report.
pub fn read_error_report(body: &Value) -> ErrorReport {
    let Some(root) = body.as_object() else {
        return ErrorReport::default();
    };
    let mut report = ErrorReport {
        error_id: root.get("errorId").and_then(text),
        errors: entries(root.get("errors"), None),
        result: None,
    };

    let result = ResultKind::ALL.into_iter().find_map(|kind| {
        let r = root.get(kind.result_key())?.as_object()?;
        Some((kind, r))
    });
    if let Some((kind, r)) = result {
        let object = r.get(kind.object_key());
        let status_output = object.and_then(|o| o.get("statusOutput"));
        let path = format!(
            "{}.{}.statusOutput.errors",
            kind.result_key(),
            kind.object_key()
        );
        report.errors.extend(entries(
            status_output.and_then(|s| s.get("errors")),
            Some(&path),
        ));
        report.result = Some(ResultObject {
            kind,
            id: object.and_then(|o| o.get("id")).and_then(text),
            status: object.and_then(|o| o.get("status")).and_then(text),
            status_category: status_output
                .and_then(|s| s.get("statusCategory"))
                .and_then(text),
            status_code: status_output
                .and_then(|s| s.get("statusCode"))
                .and_then(integer),
        });
        return report;
    }

    for kind in ResultKind::ALL {
        let key = kind.object_key();
        if let Some(errors) = root
            .get(key)
            .and_then(|o| o.get("statusOutput"))
            .and_then(|s| s.get("errors"))
        {
            let path = format!("{key}.statusOutput.errors");
            report.errors.extend(entries(Some(errors), Some(&path)));
            return report;
        }
    }
    if let Some(errors) = root.get("statusOutput").and_then(|s| s.get("errors")) {
        report
            .errors
            .extend(entries(Some(errors), Some("statusOutput.errors")));
    }
    report
}

/// Where the project learned an error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeSource {
    /// The official Connect SDKs' own test fixtures (public evidence of the API's code).
    SdkFixture,
    /// Only the embedded simulator uses it: no public source was found, so it is never
    /// presented as the API's.
    SimulatorOnly,
    /// Named by the project's earlier tables, with no public source and no use: kept so
    /// the table says so, never presented as the API's.
    NoPublicSource,
}

/// Every code the project names, with its name and source. 1409, 9002, 9999, 20000000,
/// 21000020, 21000120 and 430330 appear in the official SDKs' test fixtures; no public
/// source was found for the others (the seed's response-codes page lists HTTP statuses
/// only). The simulator's names are its own.
pub const CODES: &[(&str, &str, CodeSource)] = &[
    (
        "1409",
        "DUPLICATE REQUEST IN PROGRESS",
        CodeSource::SdkFixture,
    ),
    (
        "9002",
        "MISSING_OR_INVALID_AUTHORIZATION",
        CodeSource::SdkFixture,
    ),
    ("9999", "UNKNOWN_SERVER_ERROR", CodeSource::SdkFixture),
    (
        "20000000",
        "PARAMETER_NOT_FOUND_IN_REQUEST",
        CodeSource::SdkFixture,
    ),
    (
        "21000020",
        "card number fails the Luhn check",
        CodeSource::SdkFixture,
    ),
    (
        "21000120",
        "expiry date in the past or not MMYY",
        CodeSource::SdkFixture,
    ),
    ("430330", "Not authorised", CodeSource::SdkFixture),
    ("1002", "UNKNOWN_PAYMENT_ID", CodeSource::SimulatorOnly),
    ("1007", "UNKNOWN_PRODUCT_ID", CodeSource::NoPublicSource),
    ("1099", "INVALID_VALUE", CodeSource::SimulatorOnly),
    ("1480", "UNKNOWN_TOKEN", CodeSource::SimulatorOnly),
    (
        "300450",
        "ORDER WITHOUT REFUNDABLE PAYMENTS",
        CodeSource::NoPublicSource,
    ),
    ("21000000", "INVALID_JSON", CodeSource::SimulatorOnly),
    (
        "300160",
        "DENIED BY FRAUD SCREENING",
        CodeSource::SimulatorOnly,
    ),
    (
        "300410",
        "INVALID_PAYMENT_STATUS",
        CodeSource::SimulatorOnly,
    ),
];

/// The name and source of a code the project knows (any source).
pub fn code_source(code: &str) -> Option<(&'static str, CodeSource)> {
    let code = code.trim();
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|&(_, name, source)| (name, source))
}

/// The symbolic name of an error code with public evidence (the official SDKs' test
/// fixtures); `None` for any other code, the simulator's own included (the UI then shows
/// the code raw, or the error's own `id`, as the API asks).
pub fn known_error(code: &str) -> Option<&'static str> {
    match code_source(code) {
        Some((name, CodeSource::SdkFixture)) => Some(name),
        _ => None,
    }
}

/// The entries of an `errors` value: an array as is; a lone object as one entry (lenient);
/// anything else (null, string, number) as none.
fn entries(errors: Option<&Value>, nested_in: Option<&str>) -> Vec<ErrorEntry> {
    let entry = |v: &Value| ErrorEntry {
        error: ApiError::from_json(v),
        nested_in: nested_in.map(str::to_owned),
    };
    match errors {
        Some(Value::Array(items)) => items.iter().map(entry).collect(),
        Some(v @ Value::Object(_)) => vec![entry(v)],
        _ => Vec::new(),
    }
}

/// A string field: a string as is, a number as its JSON text; other types are `None`.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An integer field: an integral number, or a string of one ("402"); other values are `None`.
fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            // 402.0 is still 402; anything fractional or out of range is not an integer.
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Control characters (line breaks, tabs) become spaces so a message stays on one line.
pub(crate) fn one_line(s: &str) -> String {
    // Most values are plain ASCII: copied whole, not char by char.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn fixture(name: &str) -> Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
    }

    fn only_error(report: &ErrorReport) -> &ApiError {
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert_eq!(report.errors[0].nested_in, None);
        &report.errors[0].error
    }

    #[test]
    fn fixture_400_invalid_request_has_property_name_and_request_id() {
        let r = read_error_report(&fixture("400-invalid-request.json"));
        assert_eq!(
            r.error_id.as_deref(),
            Some("2c164323-20d3-4e9e-8578-dc562cd7506c-00000058")
        );
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("21000120"));
        assert_eq!(e.request_id.as_deref(), Some("2001803"));
        assert_eq!(
            e.property_name.as_deref(),
            Some("cardPaymentMethodSpecificInput.card.expiryDate")
        );
        assert!(e.message.as_deref().is_some_and(|m| m.contains("(1210)")));
        assert_eq!(e.http_status_code, None);
        assert_eq!(r.result, None);
    }

    #[test]
    fn fixture_400_invalid_value_has_id_category_and_status() {
        let r = read_error_report(&fixture("400-invalid-value.json"));
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("1099"));
        assert_eq!(e.id.as_deref(), Some("INVALID_VALUE"));
        assert_eq!(e.category.as_deref(), Some("CONNECT_PLATFORM_ERROR"));
        assert_eq!(e.http_status_code, Some(400));
        assert_eq!(e.property_name, None);
    }

    #[test]
    fn fixture_400_luhn() {
        let r = read_error_report(&fixture("400-luhn.json"));
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("21000020"));
        assert_eq!(e.request_id.as_deref(), Some("24146"));
        assert_eq!(e.http_status_code, Some(400));
        assert_eq!(
            r.error_id.as_deref(),
            Some("0953f236-9e54-4f23-9556-d66bc757dda8")
        );
    }

    #[test]
    fn fixture_400_parameter_not_found_keeps_empty_request_id() {
        let r = read_error_report(&fixture("400-parameter-not-found.json"));
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("20000000"));
        assert_eq!(e.id.as_deref(), Some("PARAMETER_NOT_FOUND_IN_REQUEST"));
        assert_eq!(e.property_name.as_deref(), Some("bin"));
        assert_eq!(e.request_id.as_deref(), Some(""));
    }

    #[test]
    fn fixture_401_invalid_authorization() {
        let r = read_error_report(&fixture("401-invalid-authorization.json"));
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("9002"));
        assert_eq!(
            e.message.as_deref(),
            Some("MISSING_OR_INVALID_AUTHORIZATION")
        );
    }

    #[test]
    fn fixture_402_declined_payment_has_result_and_nested_error() {
        let r = read_error_report(&fixture("402-declined-payment.json"));
        assert_eq!(
            r.error_id.as_deref(),
            Some("833dfd83-52ae-419c-b871-9df1278da93e")
        );
        assert_eq!(
            r.result,
            Some(ResultObject {
                kind: ResultKind::Payment,
                id: Some("000002000010000596140000100001".into()),
                status: Some("REJECTED".into()),
                status_category: Some("UNSUCCESSFUL".into()),
                status_code: Some(100),
            })
        );
        assert_eq!(r.errors.len(), 2);
        assert_eq!(r.errors[0].nested_in, None);
        assert_eq!(r.errors[0].error.code.as_deref(), Some("430330"));
        assert_eq!(r.errors[0].error.request_id, None);
        assert_eq!(
            r.errors[1].nested_in.as_deref(),
            Some("paymentResult.payment.statusOutput.errors")
        );
        assert_eq!(r.errors[1].error.code.as_deref(), Some("430330"));
        assert_eq!(r.errors[1].error.request_id.as_deref(), Some("24162"));
        assert_eq!(r.errors[1].error.http_status_code, Some(402));
    }

    #[test]
    fn fixture_404_unknown_payment() {
        let r = read_error_report(&fixture("404-unknown-payment.json"));
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("1002"));
        assert_eq!(e.id.as_deref(), Some("UNKNOWN_PAYMENT_ID"));
        assert_eq!(e.property_name.as_deref(), Some("paymentId"));
        assert_eq!(e.http_status_code, Some(404));
    }

    #[test]
    fn fixture_409_duplicate_request() {
        let r = read_error_report(&fixture("409-duplicate-request.json"));
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("1409"));
        assert_eq!(e.http_status_code, Some(409));
        assert_eq!(
            r.error_id.as_deref(),
            Some("75b0f13a-04a5-41b3-83b8-b295ddb23439-000013c6")
        );
    }

    #[test]
    fn fixture_500_unknown_server_error() {
        let r = read_error_report(&fixture("500-unknown-server-error.json"));
        let e = only_error(&r);
        assert_eq!(e.code.as_deref(), Some("9999"));
        assert_eq!(e.message.as_deref(), Some("UNKNOWN_SERVER_ERROR"));
    }

    #[test]
    fn fixture_201_create_payment_has_no_errors_and_no_result() {
        let r = read_error_report(&fixture("201-create-payment.json"));
        assert_eq!(r, ErrorReport::default());
    }

    #[test]
    fn fixture_create_payment_request_has_no_errors() {
        let r = read_error_report(&fixture("create-payment-request.json"));
        assert_eq!(r, ErrorReport::default());
    }

    #[test]
    fn numeric_code_is_kept_as_its_digits() {
        let e = ApiError::from_json(&json!({"code": 21000120, "httpStatusCode": "400"}));
        assert_eq!(e.code.as_deref(), Some("21000120"));
        assert_eq!(e.http_status_code, Some(400));
    }

    #[test]
    fn wrong_typed_fields_become_none_and_keep_the_rest() {
        let e = ApiError::from_json(&json!({
            "code": {"nested": true},
            "id": ["INVALID_VALUE"],
            "category": null,
            "httpStatusCode": "not a number",
            "message": "kept",
            "propertyName": false,
            "requestId": 42,
            "unknownField": "ignored"
        }));
        assert_eq!(
            e,
            ApiError {
                message: Some("kept".into()),
                request_id: Some("42".into()),
                ..ApiError::default()
            }
        );
    }

    #[test]
    fn fractional_http_status_code_is_not_an_integer() {
        assert_eq!(
            ApiError::from_json(&json!({"httpStatusCode": 402.0})).http_status_code,
            Some(402)
        );
        assert_eq!(
            ApiError::from_json(&json!({"httpStatusCode": 402.5})).http_status_code,
            None
        );
    }

    #[test]
    fn serde_deserialize_is_as_tolerant_as_from_json() {
        let e: ApiError =
            serde_json::from_str(r#"{"code": 9002, "httpStatusCode": [], "message": "m"}"#)
                .expect("tolerant deserialize never fails on a JSON value");
        assert_eq!(e.code.as_deref(), Some("9002"));
        assert_eq!(e.http_status_code, None);
        assert_eq!(e.message.as_deref(), Some("m"));
    }

    #[test]
    fn serialize_uses_camel_case_and_omits_missing_fields() {
        let e = ApiError {
            code: Some("1002".into()),
            property_name: Some("paymentId".into()),
            http_status_code: Some(404),
            ..ApiError::default()
        };
        assert_eq!(
            serde_json::to_value(&e).ok(),
            Some(json!({"code": "1002", "httpStatusCode": 404, "propertyName": "paymentId"}))
        );
    }

    #[test]
    fn odd_error_entries_are_kept_as_messages() {
        let r = read_error_report(&json!({"errors": ["plain text", 7, {"code": "1"}]}));
        let messages: Vec<_> = r.errors.iter().map(|e| e.error.message.clone()).collect();
        assert_eq!(
            messages,
            [Some("plain text".into()), Some("7".into()), None]
        );
    }

    #[test]
    fn a_lone_error_object_counts_as_one_error() {
        let r = read_error_report(&json!({"errors": {"code": "9999"}}));
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].error.code.as_deref(), Some("9999"));
    }

    #[test]
    fn errors_of_the_wrong_type_give_no_errors_but_keep_error_id() {
        let r = read_error_report(&json!({"errorId": "E1", "errors": "oops"}));
        assert_eq!(r.error_id.as_deref(), Some("E1"));
        assert!(r.errors.is_empty());
    }

    #[test]
    fn non_object_bodies_give_an_empty_report() {
        for body in [json!(null), json!([{"code": "1"}]), json!("text"), json!(3)] {
            assert_eq!(read_error_report(&body), ErrorReport::default(), "{body}");
        }
    }

    #[test]
    fn null_result_counts_as_absent() {
        let r = read_error_report(&json!({"errorId": "E", "errors": [], "paymentResult": null}));
        assert_eq!(r.result, None);
    }

    #[test]
    fn payout_result_is_read_from_payout_object() {
        let r = read_error_report(&json!({
            "errors": [{"code": "430330"}],
            "payoutResult": {"payout": {"id": "P1", "status": "REJECTED",
                "statusOutput": {"statusCategory": "UNSUCCESSFUL", "statusCode": "100",
                    "errors": [{"code": "430330", "message": "Not authorised"}]}}}
        }));
        let result = r.result.expect("payoutResult is an object");
        assert_eq!(result.kind, ResultKind::Payout);
        assert_eq!(result.id.as_deref(), Some("P1"));
        assert_eq!(result.status_code, Some(100));
        assert_eq!(
            r.errors[1].nested_in.as_deref(),
            Some("payoutResult.payout.statusOutput.errors")
        );
    }

    #[test]
    fn refund_result_without_object_still_counts() {
        let r = read_error_report(&json!({"errors": [], "refundResult": {}}));
        assert_eq!(
            r.result,
            Some(ResultObject {
                kind: ResultKind::Refund,
                id: None,
                status: None,
                status_category: None,
                status_code: None,
            })
        );
    }

    #[test]
    fn success_body_with_payment_status_output_errors_is_read() {
        let r = read_error_report(&json!({
            "payment": {"id": "1", "statusOutput": {"errors": [{"code": "430330"}]}}
        }));
        assert_eq!(r.result, None);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(
            r.errors[0].nested_in.as_deref(),
            Some("payment.statusOutput.errors")
        );
    }

    #[test]
    fn get_payment_body_with_root_status_output_errors_is_read() {
        let r = read_error_report(&json!({
            "id": "1", "status": "REJECTED",
            "statusOutput": {"errors": [{"code": "430330"}, {"code": "1"}]}
        }));
        assert_eq!(r.errors.len(), 2);
        assert!(
            r.errors
                .iter()
                .all(|e| e.nested_in.as_deref() == Some("statusOutput.errors"))
        );
    }

    #[test]
    fn known_error_names_the_documented_codes_only() {
        assert_eq!(known_error("1409"), Some("DUPLICATE REQUEST IN PROGRESS"));
        assert_eq!(
            known_error("9002"),
            Some("MISSING_OR_INVALID_AUTHORIZATION")
        );
        assert_eq!(known_error("430330"), Some("Not authorised"));
        assert_eq!(known_error(" 9999 "), Some("UNKNOWN_SERVER_ERROR"));
        assert_eq!(known_error("12345"), None);
        assert_eq!(known_error(""), None);
        // No public source: the simulator's, never named as the API's.
        for code in [
            "1002", "1007", "1099", "1480", "300450", "21000000", "300160", "300410",
        ] {
            assert_eq!(known_error(code), None, "{code}");
            assert!(code_source(code).is_some_and(|c| c.1 != CodeSource::SdkFixture));
        }
    }

    #[test]
    fn simulator_only_codes_are_the_simulators() {
        let sim: String = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim"))
            .expect("src/sim")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| std::fs::read_to_string(e.path()).expect("readable"))
            .collect();
        for (code, _, source) in CODES {
            let used = sim.contains(&format!("\"{code}\""));
            match source {
                CodeSource::SimulatorOnly => assert!(used, "{code} is no longer the simulator's"),
                CodeSource::NoPublicSource => assert!(!used, "{code} is the simulator's now"),
                CodeSource::SdkFixture => {}
            }
        }
    }

    #[test]
    fn describe_shows_code_name_and_a_differing_message() {
        let fixture_error = |name| read_error_report(&fixture(name)).errors[0].error.describe();
        assert_eq!(
            fixture_error("404-unknown-payment.json"),
            "1002 UNKNOWN_PAYMENT_ID"
        );
        assert_eq!(
            fixture_error("402-declined-payment.json"),
            "430330 Not authorised"
        );
        assert_eq!(
            fixture_error("401-invalid-authorization.json"),
            "9002 MISSING_OR_INVALID_AUTHORIZATION"
        );
        assert_eq!(
            ApiError::from_json(&json!({"code": "77", "message": "line\nbreak"})).describe(),
            "77 — line break"
        );
        assert_eq!(ApiError::default().describe(), "(no code)");
    }
}
