//! How the official SDKs classify a response (the Java SDK is the reference), with a short
//! human summary and the advice a user needs next.
//!
//! Non-2xx, in order:
//! 1. a body that is not JSON: 404 → not found (invalid path?), else a communication error;
//! 2. a `paymentResult` / `payoutResult` / `refundResult` object → declined, whatever the status;
//! 3. by status: 400 validation; 403 authorization; 404, 410 reference; 409 idempotence when an
//!    idempotence key was sent and the body has exactly one error, code "1409", else reference;
//!    500, 502, 503 platform; anything else a generic API error.
//!
//! An empty body counts as an error body with no errorId and no errors.

use std::fmt;

use serde_json::Value;

use super::advice::{CHECK_CREDENTIALS, FIX_FIELDS, Reader, worded_for};
use super::datetime::{format_epoch_millis, parse_epoch_millis};
use super::errors::{ApiError, ErrorReport, ResultKind, ResultObject, known_error, one_line};
use super::meta::{IDEMPOTENCE_TIMESTAMP, LOCATION, RETRY_AFTER};
use super::status::{StatusClass, status_info};

/// The SDK's classification of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerdictKind {
    Success,
    DeclinedPayment,
    DeclinedPayout,
    DeclinedRefund,
    Validation,
    Authorization,
    Reference,
    Idempotence,
    Platform,
    ApiError,
    NotFound,
    Communication,
    /// No response at all (connection refused, timeout, TLS failure…).
    Transport,
}

impl VerdictKind {
    /// A stable snake_case name for scripts and history, e.g. `declined_payment`.
    pub fn as_str(&self) -> &'static str {
        match self {
            VerdictKind::Success => "success",
            VerdictKind::DeclinedPayment => "declined_payment",
            VerdictKind::DeclinedPayout => "declined_payout",
            VerdictKind::DeclinedRefund => "declined_refund",
            VerdictKind::Validation => "validation",
            VerdictKind::Authorization => "authorization",
            VerdictKind::Reference => "reference",
            VerdictKind::Idempotence => "idempotence",
            VerdictKind::Platform => "platform",
            VerdictKind::ApiError => "api_error",
            VerdictKind::NotFound => "not_found",
            VerdictKind::Communication => "communication",
            VerdictKind::Transport => "transport",
        }
    }

    /// The exception the SDKs throw for it; `None` for success. `PlatformException` was
    /// called `GlobalCollectException` in older SDKs; transport failures are wrapped in
    /// `CommunicationException`.
    pub fn sdk_exception(&self) -> Option<&'static str> {
        Some(match self {
            VerdictKind::Success => return None,
            VerdictKind::DeclinedPayment => "DeclinedPaymentException",
            VerdictKind::DeclinedPayout => "DeclinedPayoutException",
            VerdictKind::DeclinedRefund => "DeclinedRefundException",
            VerdictKind::Validation => "ValidationException",
            VerdictKind::Authorization => "AuthorizationException",
            VerdictKind::Reference => "ReferenceException",
            VerdictKind::Idempotence => "IdempotenceException",
            VerdictKind::Platform => "PlatformException",
            VerdictKind::ApiError => "ApiException",
            VerdictKind::NotFound => "NotFoundException",
            VerdictKind::Communication | VerdictKind::Transport => "CommunicationException",
        })
    }
}

impl fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A classification with what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// One line.
    pub summary: String,
    /// Advice and facts, one line each, most useful first.
    pub details: Vec<String>,
}

impl Verdict {
    /// The details worded for `reader` (a command line has no errors panel).
    pub fn details_for(&self, reader: Reader) -> impl Iterator<Item = &str> {
        self.details.iter().map(move |d| worded_for(d, reader))
    }
}

/// The response body as the caller saw it.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// Parsed JSON (the Content-Type was absent or JSON, see [`is_json_content_type`]).
    Json(&'a Value),
    /// No bytes, with a JSON or absent Content-Type. (An empty body with a non-JSON
    /// Content-Type is `NotJson`, as in the SDKs.)
    Empty,
    /// Not JSON: a non-JSON Content-Type, or bytes that do not parse; `reason` says which.
    NotJson { reason: &'a str },
}

/// What [`classify`] looks at.
#[derive(Debug, Clone, Copy)]
pub struct ResponseFacts<'a> {
    pub status: u16,
    /// Response headers, names in any case.
    pub headers: &'a [(String, String)],
    pub body: Body<'a>,
    /// The X-GCS-Idempotence-Key the request sent, if any.
    pub idempotence_key: Option<&'a str>,
}

/// The first value of header `name` (any case), trimmed.
pub fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Whether a response Content-Type means JSON: absent, or starting with `application/json`
/// in any case (parameters allowed), as the SDKs check it.
pub fn is_json_content_type(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|ct| {
        ct.trim_start()
            .get(..16)
            .is_some_and(|head| head.eq_ignore_ascii_case("application/json"))
    })
}

/// Classifies a response the way the SDKs do.
pub fn classify(f: &ResponseFacts) -> Verdict {
    if StatusClass::of(f.status) == StatusClass::Success {
        return success(f);
    }
    let report = match f.body {
        Body::NotJson { reason } => return not_json(f.status, reason),
        Body::Json(v) => super::errors::read_error_report(v),
        Body::Empty => ErrorReport::default(),
    };
    let mut verdict = match &report.result {
        Some(result) => declined(f.status, result),
        None => by_status(f, &report),
    };
    if f.status == 401 || f.status == 403 || has_code(&report, "9002") {
        verdict.details.push(CHECK_CREDENTIALS.to_owned());
    }
    verdict
        .details
        .extend(error_facts(&report, matches!(f.body, Body::Empty)));
    if let Some(raw) = header_value(f.headers, RETRY_AFTER) {
        verdict.details.push(retry_after_line(raw));
    }
    verdict
}

/// No response at all: the request may or may not have reached Connect.
pub fn transport_verdict(message: &str) -> Verdict {
    Verdict {
        kind: VerdictKind::Transport,
        summary: format!("no response: {}", one_line(message.trim())),
        details: vec![
            "the request may or may not have reached Connect".to_owned(),
            "before resending a POST that creates something, check whether it was created \
             (an X-GCS-Idempotence-Key makes resending safe)"
                .to_owned(),
        ],
    }
}

fn success(f: &ResponseFacts) -> Verdict {
    let summary = if f.status == 201 {
        match header_value(f.headers, LOCATION) {
            Some(location) if !location.is_empty() => format!("created {}", one_line(location)),
            _ => "created (the response has no Location header)".to_owned(),
        }
    } else {
        format!("success ({})", status_label(f.status))
    };
    let mut details = Vec::new();
    if let Some(raw) = header_value(f.headers, IDEMPOTENCE_TIMESTAMP).map(one_line) {
        details.push(match parse_epoch_millis(&raw) {
            Some(ms) => format!(
                "idempotent replay of the request first sent at {} ({IDEMPOTENCE_TIMESTAMP} {raw}): \
                 this is that request's outcome, nothing new was done",
                format_epoch_millis(ms)
            ),
            None => format!(
                "idempotent replay of an earlier request ({IDEMPOTENCE_TIMESTAMP} {raw} is not \
                 milliseconds since the epoch)"
            ),
        });
    }
    match f.body {
        Body::Json(v) => {
            let report = super::errors::read_error_report(v);
            if let (Some(first), n) = (report.errors.first(), report.errors.len()) {
                let place = first.nested_in.as_deref().unwrap_or("errors");
                details.push(format!(
                    "the body carries {} in {place}, the first: {}",
                    count(n, "error"),
                    first.error.describe()
                ));
            }
        }
        Body::NotJson { reason } => details.push(not_json_line(reason)),
        Body::Empty => {}
    }
    Verdict {
        kind: VerdictKind::Success,
        summary,
        details,
    }
}

fn not_json(status: u16, reason: &str) -> Verdict {
    if status == 404 {
        return Verdict {
            kind: VerdictKind::NotFound,
            summary: "not found (invalid path?)".to_owned(),
            details: vec![
                not_json_line(reason),
                "a 404 without Connect's JSON error body usually means a wrong path: check the \
                 host, /v1/{merchantId}/ and the endpoint's name"
                    .to_owned(),
            ],
        };
    }
    Verdict {
        kind: VerdictKind::Communication,
        summary: format!(
            "communication error: {} with a body that is not JSON",
            status_label(status)
        ),
        details: vec![
            not_json_line(reason),
            "it probably came from a proxy or load balancer, not from Connect: check the host \
             and retry later"
                .to_owned(),
        ],
    }
}

fn not_json_line(reason: &str) -> String {
    format!(
        "the body is not JSON ({}) and is shown as text",
        one_line(reason.trim())
    )
}

fn declined(status: u16, result: &ResultObject) -> Verdict {
    let (kind, object) = match result.kind {
        ResultKind::Payment => (VerdictKind::DeclinedPayment, "payment"),
        ResultKind::Payout => (VerdictKind::DeclinedPayout, "payout"),
        ResultKind::Refund => (VerdictKind::DeclinedRefund, "refund"),
    };
    // The Java SDK's message: declined payment '<id>' with status '<status>', and a generic
    // one when there is no object to name.
    let summary = if result.id.is_none() && result.status.is_none() {
        format!("the platform returned a declined {object} response")
    } else {
        format!(
            "declined {object} '{}' with status '{}'",
            one_line(result.id.as_deref().unwrap_or("(no id)")),
            one_line(result.status.as_deref().unwrap_or("(no status)"))
        )
    };
    let mut details = Vec::new();
    let mut status_parts = Vec::new();
    if let Some(category) = &result.status_category {
        status_parts.push(format!("statusCategory {}", one_line(category)));
    }
    if let Some(code) = result.status_code {
        status_parts.push(format!("statusCode {code}"));
    }
    if !status_parts.is_empty() {
        details.push(status_parts.join(", "));
    }
    if let Some(line) = result
        .status
        .as_deref()
        .and_then(|s| unlisted_status(result.kind, s))
    {
        details.push(line);
    }
    details.push(format!(
        "Connect or a downstream partner/acquirer declined the {object}: an outcome, not a \
         malformed request; the {object} in {} and its errors say why",
        result.kind.result_key()
    ));
    if status != 402 {
        details.push(format!(
            "declined although the status is {status}: the SDKs decide by the {} in the body, \
             whatever the status",
            result.kind.result_key()
        ));
    }
    Verdict {
        kind,
        summary,
        details,
    }
}

/// A line when `status` is not among the statuses the API's model lists for a
/// declined object of `kind` (the model may be older than the API: said as such).
fn unlisted_status(kind: ResultKind, status: &str) -> Option<String> {
    let m = super::model::model().ok()?;
    let type_name = match kind {
        ResultKind::Payment => "Payment",
        ResultKind::Payout => "PayoutResult",
        ResultKind::Refund => "RefundResult",
    };
    let ty = m.type_named(type_name)?;
    let field = m.field(ty, "status")?.field;
    if field.values.is_empty() || field.values.iter().any(|v| v == status) {
        return None;
    }
    Some(format!(
        "status '{}' is not one of the {} {} statuses the model lists ({}): newer than the model, \
         or not from Connect",
        one_line(status),
        field.values.len(),
        kind.object_key(),
        m.label()
    ))
}

fn by_status(f: &ResponseFacts, report: &ErrorReport) -> Verdict {
    let label = status_label(f.status);
    let (kind, title, details): (VerdictKind, &str, Vec<String>) = match f.status {
        400 => (
            VerdictKind::Validation,
            "validation error",
            vec![FIX_FIELDS.to_owned()],
        ),
        403 => (
            VerdictKind::Authorization,
            "not authorized",
            vec![
                "the API key is not allowed to do this, or the credentials are wrong \
                 (check the merchantId in the path too)"
                    .to_owned(),
            ],
        ),
        404 => (
            VerdictKind::Reference,
            "reference error",
            vec![
                "the object does not exist: check the id in the path (the error's propertyName \
                 names it)"
                    .to_owned(),
            ],
        ),
        410 => (
            VerdictKind::Reference,
            "reference error",
            vec!["the object was removed and cannot be used any more".to_owned()],
        ),
        409 => return conflict(f, report, &label),
        500 => (
            VerdictKind::Platform,
            "platform error",
            vec![
                "Connect's fault, not the request's: retry later, and contact support (with the \
                 errorId, when there is one) if it persists"
                    .to_owned(),
            ],
        ),
        502 => (
            VerdictKind::Platform,
            "platform error",
            vec![
                "a downstream partner/acquirer's message could not be processed: retry later \
                 (for a POST that creates something, check first whether it was created)"
                    .to_owned(),
            ],
        ),
        503 => (
            VerdictKind::Platform,
            "platform error",
            vec!["temporary — retry later".to_owned()],
        ),
        _ => (
            VerdictKind::ApiError,
            "API error",
            api_error_details(f.status),
        ),
    };
    Verdict {
        kind,
        summary: summary_line(title, &label, report),
        details,
    }
}

/// 409: idempotence only when a key was sent and the body has exactly one error, code 1409.
fn conflict(f: &ResponseFacts, report: &ErrorReport, label: &str) -> Verdict {
    let top_level: Vec<&ApiError> = report
        .errors
        .iter()
        .filter(|e| e.nested_in.is_none())
        .map(|e| &e.error)
        .collect();
    let single_1409 =
        top_level.len() == 1 && top_level[0].code.as_deref().map(str::trim) == Some("1409");
    if let (Some(key), true) = (f.idempotence_key, single_1409) {
        let mut details = vec![format!("idempotence key {}", one_line(key))];
        details.push(
            match header_value(f.headers, IDEMPOTENCE_TIMESTAMP).map(one_line) {
                Some(raw) => match parse_epoch_millis(&raw) {
                    Some(ms) => format!(
                        "first request with this key sent at {} ({IDEMPOTENCE_TIMESTAMP} {raw})",
                        format_epoch_millis(ms)
                    ),
                    None => {
                        format!("{IDEMPOTENCE_TIMESTAMP} {raw} is not milliseconds since the epoch")
                    }
                },
                None => format!("the response has no {IDEMPOTENCE_TIMESTAMP} header"),
            },
        );
        details.push(
            "the first request with this key is still being processed: wait, then resend with \
             the same key to get its outcome (keys are kept 24 hours)"
                .to_owned(),
        );
        return Verdict {
            kind: VerdictKind::Idempotence,
            summary: format!("duplicate request in progress ({label})"),
            details,
        };
    }
    let mut details = vec![
        "a duplicate request, or something created with a duplicate key: see the errors".to_owned(),
    ];
    if single_1409 {
        details.push(
            "code 1409 would make this an idempotence error, but the request sent no \
             X-GCS-Idempotence-Key"
                .to_owned(),
        );
    } else if f.idempotence_key.is_some() && has_code(report, "1409") {
        details.push(format!(
            "not an idempotence error: the SDKs need exactly one error, code 1409, and the \
             body has {}",
            count(top_level.len(), "error")
        ));
    }
    Verdict {
        kind: VerdictKind::Reference,
        summary: summary_line("reference error", label, report),
        details,
    }
}

fn api_error_details(status: u16) -> Vec<String> {
    let info = status_info(status);
    let mut details = vec![if info.listed {
        format!("{status} {}: {}", info.name, info.meaning)
    } else {
        format!(
            "HTTP {status} is not in the API's list of response codes; as a {}: {}",
            info.class.name().to_lowercase(),
            info.meaning
        )
    }];
    match status {
        402 => details.push(
            "no paymentResult, payoutResult or refundResult in the body, so the SDKs report a \
             generic API error"
                .to_owned(),
        ),
        504 => details.push(
            "the outcome is not known: check the object's status before resending (or resend \
             with the same X-GCS-Idempotence-Key)"
                .to_owned(),
        ),
        _ => {}
    }
    details
}

/// `<title> (<status>)`, plus the first error's code and name when there is one.
fn summary_line(title: &str, label: &str, report: &ErrorReport) -> String {
    let mut s = format!("{title} ({label})");
    if let Some(first) = report.errors.first() {
        let e = &first.error;
        let code = e.code.as_deref().map(str::trim).unwrap_or("(no code)");
        s.push_str(": ");
        s.push_str(&one_line(code));
        if let Some(name) = e.id.as_deref().or_else(|| known_error(code)) {
            s.push(' ');
            s.push_str(&one_line(name));
        }
        if report.errors.len() > 1 {
            s.push_str(&format!(" (+{} more)", report.errors.len() - 1));
        }
    }
    s
}

/// errorId and the errors, for every error verdict.
fn error_facts(report: &ErrorReport, empty_body: bool) -> Vec<String> {
    if empty_body {
        return vec!["the body is empty: no errorId and no errors".to_owned()];
    }
    let mut facts = vec![match &report.error_id {
        Some(id) => format!("errorId {} — quote it when asking support", one_line(id)),
        None => "the body has no errorId".to_owned(),
    }];
    facts.push(match report.errors.first() {
        None => "the body lists no errors".to_owned(),
        Some(first) => format!(
            "{}, the first: {}",
            count(report.errors.len(), "error"),
            first.error.describe()
        ),
    });
    facts
}

fn has_code(report: &ErrorReport, code: &str) -> bool {
    report
        .errors
        .iter()
        .any(|e| e.error.code.as_deref().map(str::trim) == Some(code))
}

/// A Retry-After value in either form: delta-seconds or an HTTP date.
fn retry_after_line(raw: &str) -> String {
    let raw = one_line(raw);
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        return match raw.parse::<u64>() {
            Ok(secs) => format!("{RETRY_AFTER}: {raw} — retry in {secs} s"),
            Err(_) => format!("{RETRY_AFTER}: {raw} (too many seconds to be meant)"),
        };
    }
    match httpdate::parse_http_date(&raw) {
        Ok(_) => format!("{RETRY_AFTER}: {raw} — retry after that time"),
        Err(_) => format!("{RETRY_AFTER}: {raw} (neither seconds nor an HTTP date)"),
    }
}

/// `404 Not found` for listed codes, `HTTP 418` otherwise.
fn status_label(status: u16) -> String {
    let info = status_info(status);
    if info.listed {
        format!("{status} {}", info.name)
    } else {
        format!("HTTP {status}")
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
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

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn verdict(status: u16, body: Body, hs: &[(&str, &str)], key: Option<&str>) -> Verdict {
        let hs = headers(hs);
        classify(&ResponseFacts {
            status,
            headers: &hs,
            body,
            idempotence_key: key,
        })
    }

    fn json_verdict(status: u16, body: &Value) -> Verdict {
        verdict(status, Body::Json(body), &[], None)
    }

    fn has_detail(v: &Verdict, needle: &str) -> bool {
        v.details.iter().any(|d| d.contains(needle))
    }

    #[track_caller]
    fn assert_detail(v: &Verdict, needle: &str) {
        assert!(has_detail(v, needle), "no detail with {needle:?} in {v:#?}");
    }

    #[test]
    fn every_kind_has_a_name_and_exception() {
        let all = [
            (VerdictKind::Success, "success", None),
            (
                VerdictKind::DeclinedPayment,
                "declined_payment",
                Some("DeclinedPaymentException"),
            ),
            (
                VerdictKind::DeclinedPayout,
                "declined_payout",
                Some("DeclinedPayoutException"),
            ),
            (
                VerdictKind::DeclinedRefund,
                "declined_refund",
                Some("DeclinedRefundException"),
            ),
            (
                VerdictKind::Validation,
                "validation",
                Some("ValidationException"),
            ),
            (
                VerdictKind::Authorization,
                "authorization",
                Some("AuthorizationException"),
            ),
            (
                VerdictKind::Reference,
                "reference",
                Some("ReferenceException"),
            ),
            (
                VerdictKind::Idempotence,
                "idempotence",
                Some("IdempotenceException"),
            ),
            (VerdictKind::Platform, "platform", Some("PlatformException")),
            (VerdictKind::ApiError, "api_error", Some("ApiException")),
            (
                VerdictKind::NotFound,
                "not_found",
                Some("NotFoundException"),
            ),
            (
                VerdictKind::Communication,
                "communication",
                Some("CommunicationException"),
            ),
            (
                VerdictKind::Transport,
                "transport",
                Some("CommunicationException"),
            ),
        ];
        for (kind, name, exception) in all {
            assert_eq!(kind.as_str(), name);
            assert_eq!(kind.to_string(), name);
            assert_eq!(kind.sdk_exception(), exception, "{name}");
        }
    }

    #[test]
    fn json_content_type_is_absent_or_application_json() {
        assert!(is_json_content_type(None));
        assert!(is_json_content_type(Some("application/json")));
        assert!(is_json_content_type(Some(
            "Application/JSON; charset=utf-8"
        )));
        assert!(is_json_content_type(Some(" application/json")));
        assert!(!is_json_content_type(Some("text/html")));
        assert!(!is_json_content_type(Some("")));
        assert!(!is_json_content_type(Some("application/js")));
        assert!(!is_json_content_type(Some(
            "text/plain; x=application/json"
        )));
        assert!(
            !is_json_content_type(Some("applicationé/json")),
            "no panic on non-ASCII"
        );
    }

    #[test]
    fn status_200_is_success() {
        let body = json!({"result": "OK"});
        let v = json_verdict(200, &body);
        assert_eq!(v.kind, VerdictKind::Success);
        assert_eq!(v.summary, "success (200 Successful)");
        assert!(v.details.is_empty(), "{v:?}");
    }

    #[test]
    fn status_204_empty_is_success() {
        let v = verdict(204, Body::Empty, &[], None);
        assert_eq!(v.kind, VerdictKind::Success);
        assert_eq!(v.summary, "success (HTTP 204)");
    }

    #[test]
    fn status_201_summary_names_the_location() {
        let body = fixture("201-create-payment.json");
        let location =
            "https://eu.sandbox.api-ingenico.com/v1/1234/payments/000000123410000595980000100001";
        let v = verdict(201, Body::Json(&body), &[("location", location)], None);
        assert_eq!(v.kind, VerdictKind::Success);
        assert_eq!(v.summary, format!("created {location}"));
    }

    #[test]
    fn status_201_without_location_says_so() {
        let v = verdict(201, Body::Empty, &[], None);
        assert_eq!(v.summary, "created (the response has no Location header)");
    }

    #[test]
    fn success_with_idempotence_timestamp_is_a_replay() {
        let body = fixture("201-create-payment.json");
        let v = verdict(
            201,
            Body::Json(&body),
            &[("X-GCS-Idempotence-Request-Timestamp", "1795468023120")],
            Some("key-1"),
        );
        assert_eq!(v.kind, VerdictKind::Success);
        assert_detail(
            &v,
            "idempotent replay of the request first sent at 2026-11-23 21:07:03.120 UTC",
        );
    }

    #[test]
    fn success_with_garbled_idempotence_timestamp_shows_it_raw() {
        let v = verdict(
            200,
            Body::Empty,
            &[("x-gcs-idempotence-request-timestamp", "yesterday")],
            None,
        );
        assert_detail(&v, "yesterday is not milliseconds since the epoch");
    }

    #[test]
    fn success_body_with_status_output_errors_is_mentioned() {
        let body = json!({"id": "1", "status": "REJECTED",
            "statusOutput": {"errors": [{"code": "430330", "message": "Not authorised"}]}});
        let v = json_verdict(200, &body);
        assert_eq!(v.kind, VerdictKind::Success);
        assert_detail(
            &v,
            "1 error in statusOutput.errors, the first: 430330 Not authorised",
        );
    }

    #[test]
    fn success_with_non_json_body_says_it_is_shown_as_text() {
        let v = verdict(
            200,
            Body::NotJson {
                reason: "Content-Type text/plain",
            },
            &[],
            None,
        );
        assert_eq!(v.kind, VerdictKind::Success);
        assert_detail(
            &v,
            "is not JSON (Content-Type text/plain) and is shown as text",
        );
    }

    #[test]
    fn status_404_non_json_is_not_found() {
        let v = verdict(
            404,
            Body::NotJson {
                reason: "Content-Type text/html",
            },
            &[],
            None,
        );
        assert_eq!(v.kind, VerdictKind::NotFound);
        assert_eq!(v.summary, "not found (invalid path?)");
        assert_detail(&v, "not JSON (Content-Type text/html)");
    }

    #[test]
    fn status_502_html_is_communication() {
        let v = verdict(
            502,
            Body::NotJson {
                reason: "Content-Type text/html",
            },
            &[],
            None,
        );
        assert_eq!(v.kind, VerdictKind::Communication);
        assert_eq!(
            v.summary,
            "communication error: 502 Bad Gateway with a body that is not JSON"
        );
        assert_detail(&v, "is shown as text");
    }

    #[test]
    fn non_json_beats_a_declined_body_shape() {
        // Rule 1 comes before rule 2: the body is not even read.
        let v = verdict(
            402,
            Body::NotJson {
                reason: "unparsable",
            },
            &[],
            None,
        );
        assert_eq!(v.kind, VerdictKind::Communication);
    }

    #[test]
    fn status_402_with_payment_result_is_declined_payment() {
        let v = json_verdict(402, &fixture("402-declined-payment.json"));
        assert_eq!(v.kind, VerdictKind::DeclinedPayment);
        assert_eq!(
            v.summary,
            "declined payment '000002000010000596140000100001' with status 'REJECTED'"
        );
        assert_detail(&v, "statusCategory UNSUCCESSFUL, statusCode 100");
        assert_detail(&v, "the first: 430330 Not authorised");
        assert_detail(&v, "errorId 833dfd83-52ae-419c-b871-9df1278da93e");
        assert!(!has_detail(&v, "declined although"));
    }

    #[test]
    fn a_declined_status_the_model_does_not_list_is_said_so() {
        let listed = json_verdict(402, &fixture("402-declined-payment.json"));
        assert!(!has_detail(&listed, "statuses the model lists"));
        let odd = json!({"errorId": "E", "errors": [],
            "paymentResult": {"payment": {"id": "1", "status": "DECLINED_BY_MOON"}}});
        let v = json_verdict(402, &odd);
        assert_detail(
            &v,
            "status 'DECLINED_BY_MOON' is not one of the 19 payment statuses the model lists \
             (connect-sdk-python3 6.3.0)",
        );
        let refund = json!({"errorId": "E", "errors": [],
            "refundResult": {"refund": {"id": "R", "status": "REFUNDED"}}});
        assert!(!has_detail(&json_verdict(402, &refund), "the model lists"));
        let refund = json!({"errorId": "E", "errors": [],
            "refundResult": {"refund": {"id": "R", "status": "PAID"}}});
        assert_detail(&json_verdict(402, &refund), "7 refund statuses");
    }

    #[test]
    fn status_400_with_payment_result_is_declined_not_validation() {
        let v = json_verdict(400, &fixture("402-declined-payment.json"));
        assert_eq!(v.kind, VerdictKind::DeclinedPayment);
        assert_detail(&v, "declined although the status is 400");
    }

    #[test]
    fn payout_and_refund_results_are_declined_payout_and_refund() {
        let payout = json!({"errorId": "E", "errors": [],
            "payoutResult": {"payout": {"id": "P1", "status": "REJECTED"}}});
        let v = json_verdict(402, &payout);
        assert_eq!(v.kind, VerdictKind::DeclinedPayout);
        assert_eq!(v.summary, "declined payout 'P1' with status 'REJECTED'");

        let refund = json!({"errorId": "E", "errors": [], "refundResult": {}});
        let v = json_verdict(500, &refund);
        assert_eq!(v.kind, VerdictKind::DeclinedRefund);
        assert_eq!(
            v.summary,
            "the platform returned a declined refund response"
        );
    }

    #[test]
    fn status_400_is_validation_with_fix_advice() {
        let v = json_verdict(400, &fixture("400-invalid-request.json"));
        assert_eq!(v.kind, VerdictKind::Validation);
        assert_eq!(
            v.summary,
            "validation error (400 Bad Request): 21000120 expiry date in the past or not MMYY"
        );
        assert_detail(&v, "fix the fields listed in the errors panel and resend");
        assert_detail(&v, "errorId 2c164323-20d3-4e9e-8578-dc562cd7506c-00000058");
    }

    #[test]
    fn summary_counts_further_errors() {
        let body = json!({"errorId": "E", "errors": [{"code": "1099", "id": "INVALID_VALUE"}, {"code": "2"}]});
        let v = json_verdict(400, &body);
        assert_eq!(
            v.summary,
            "validation error (400 Bad Request): 1099 INVALID_VALUE (+1 more)"
        );
        assert_detail(&v, "2 errors, the first: 1099 INVALID_VALUE");
    }

    #[test]
    fn status_403_is_authorization_with_credential_advice() {
        let body = json!({"errorId": "E", "errors": [{"code": "9002"}]});
        let v = json_verdict(403, &body);
        assert_eq!(v.kind, VerdictKind::Authorization);
        assert_detail(&v, "check apiKeyId, secret, and the Date/signature");
    }

    #[test]
    fn status_401_with_9002_is_api_error_with_credential_advice() {
        let v = json_verdict(401, &fixture("401-invalid-authorization.json"));
        assert_eq!(v.kind, VerdictKind::ApiError);
        assert_eq!(
            v.summary,
            "API error (HTTP 401): 9002 MISSING_OR_INVALID_AUTHORIZATION"
        );
        assert_detail(
            &v,
            "check apiKeyId, secret, and the Date/signature — see the string to sign",
        );
        assert_detail(&v, "HTTP 401 is not in the API's list");
    }

    #[test]
    fn status_404_json_is_reference() {
        let v = json_verdict(404, &fixture("404-unknown-payment.json"));
        assert_eq!(v.kind, VerdictKind::Reference);
        assert_eq!(
            v.summary,
            "reference error (404 Not found): 1002 UNKNOWN_PAYMENT_ID"
        );
    }

    #[test]
    fn status_410_is_reference() {
        let v = json_verdict(410, &json!({"errorId": "E", "errors": []}));
        assert_eq!(v.kind, VerdictKind::Reference);
        assert_detail(&v, "removed");
        assert_detail(&v, "the body lists no errors");
    }

    #[test]
    fn status_409_without_key_is_reference() {
        let v = json_verdict(409, &fixture("409-duplicate-request.json"));
        assert_eq!(v.kind, VerdictKind::Reference);
        assert_detail(&v, "the request sent no X-GCS-Idempotence-Key");
    }

    #[test]
    fn status_409_with_key_and_single_1409_is_idempotence_with_timestamp() {
        let body = fixture("409-duplicate-request.json");
        let v = verdict(
            409,
            Body::Json(&body),
            &[("X-GCS-Idempotence-Request-Timestamp", "1795468023120")],
            Some("order-42"),
        );
        assert_eq!(v.kind, VerdictKind::Idempotence);
        assert_eq!(v.summary, "duplicate request in progress (409 Conflict)");
        assert_detail(&v, "idempotence key order-42");
        assert_detail(
            &v,
            "sent at 2026-11-23 21:07:03.120 UTC (X-GCS-Idempotence-Request-Timestamp 1795468023120)",
        );
        assert_detail(&v, "errorId 75b0f13a-04a5-41b3-83b8-b295ddb23439-000013c6");
    }

    #[test]
    fn status_409_with_key_but_no_timestamp_header_says_so() {
        let body = fixture("409-duplicate-request.json");
        let v = verdict(409, Body::Json(&body), &[], Some("k"));
        assert_eq!(v.kind, VerdictKind::Idempotence);
        assert_detail(&v, "no X-GCS-Idempotence-Request-Timestamp header");
    }

    #[test]
    fn status_409_with_key_but_two_errors_is_reference() {
        let body = json!({"errorId": "E", "errors": [{"code": "1409"}, {"code": "1409"}]});
        let v = verdict(409, Body::Json(&body), &[], Some("k"));
        assert_eq!(v.kind, VerdictKind::Reference);
        assert_detail(
            &v,
            "exactly one error, code 1409, and the body has 2 errors",
        );
    }

    #[test]
    fn status_409_with_key_and_other_code_is_reference() {
        let body = json!({"errorId": "E", "errors": [{"code": "1410"}]});
        let v = verdict(409, Body::Json(&body), &[], Some("k"));
        assert_eq!(v.kind, VerdictKind::Reference);
    }

    #[test]
    fn status_409_numeric_1409_code_counts() {
        let body = json!({"errorId": "E", "errors": [{"code": 1409}]});
        let v = verdict(409, Body::Json(&body), &[], Some("k"));
        assert_eq!(v.kind, VerdictKind::Idempotence);
    }

    #[test]
    fn status_500_is_platform() {
        let v = json_verdict(500, &fixture("500-unknown-server-error.json"));
        assert_eq!(v.kind, VerdictKind::Platform);
        assert_eq!(
            v.summary,
            "platform error (500 Internal Server Error): 9999 UNKNOWN_SERVER_ERROR"
        );
    }

    #[test]
    fn status_500_with_empty_body_is_platform_without_error_id() {
        let v = verdict(500, Body::Empty, &[], None);
        assert_eq!(v.kind, VerdictKind::Platform);
        assert_eq!(v.summary, "platform error (500 Internal Server Error)");
        assert_detail(&v, "the body is empty: no errorId and no errors");
        assert!(
            !v.details.iter().any(|d| d.starts_with("errorId ")),
            "{v:?}"
        );
    }

    #[test]
    fn status_502_json_is_platform() {
        let v = json_verdict(502, &json!({"errorId": "E", "errors": []}));
        assert_eq!(v.kind, VerdictKind::Platform);
    }

    #[test]
    fn status_503_is_platform_temporary_with_retry_after_seconds() {
        let v = verdict(503, Body::Empty, &[("retry-after", "120")], None);
        assert_eq!(v.kind, VerdictKind::Platform);
        assert_detail(&v, "temporary — retry later");
        assert_detail(&v, "Retry-After: 120 — retry in 120 s");
    }

    #[test]
    fn status_503_with_retry_after_http_date() {
        let v = verdict(
            503,
            Body::Empty,
            &[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")],
            None,
        );
        assert_detail(
            &v,
            "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT — retry after that time",
        );
    }

    #[test]
    fn retry_after_garbage_is_shown_raw() {
        let v = verdict(503, Body::Empty, &[("Retry-After", "soon")], None);
        assert_detail(&v, "Retry-After: soon (neither seconds nor an HTTP date)");
        let v = verdict(
            503,
            Body::Empty,
            &[("Retry-After", "99999999999999999999999")],
            None,
        );
        assert_detail(&v, "too many seconds");
    }

    #[test]
    fn status_402_without_result_is_api_error() {
        let body = json!({"errorId": "E", "errors": [{"code": "430330"}]});
        let v = json_verdict(402, &body);
        assert_eq!(v.kind, VerdictKind::ApiError);
        assert_detail(&v, "no paymentResult, payoutResult or refundResult");
    }

    #[test]
    fn status_405_is_api_error_with_its_meaning() {
        let v = json_verdict(405, &json!({"errorId": "E", "errors": []}));
        assert_eq!(v.kind, VerdictKind::ApiError);
        assert_eq!(v.summary, "API error (405 Method Not Allowed)");
        assert_detail(&v, "405 Method Not Allowed:");
    }

    #[test]
    fn status_504_is_api_error_with_unknown_outcome_advice() {
        let v = verdict(504, Body::Empty, &[], None);
        assert_eq!(v.kind, VerdictKind::ApiError);
        assert_detail(&v, "the outcome is not known");
    }

    #[test]
    fn unknown_status_418_and_599_are_api_errors_by_class() {
        let v = json_verdict(418, &json!({"errorId": "E", "errors": []}));
        assert_eq!(v.kind, VerdictKind::ApiError);
        assert_eq!(v.summary, "API error (HTTP 418)");
        assert_detail(
            &v,
            "HTTP 418 is not in the API's list of response codes; as a client error",
        );

        let v = verdict(599, Body::Empty, &[], None);
        assert_eq!(v.kind, VerdictKind::ApiError);
        assert_detail(&v, "as a server error: Something went amiss in our system.");
    }

    #[test]
    fn status_1xx_and_3xx_are_api_errors() {
        assert_eq!(
            verdict(302, Body::Empty, &[], None).kind,
            VerdictKind::ApiError
        );
        assert_eq!(
            verdict(100, Body::Empty, &[], None).kind,
            VerdictKind::ApiError
        );
    }

    #[test]
    fn non_object_json_error_body_is_classified_by_status() {
        let v = json_verdict(400, &json!(["not", "an", "object"]));
        assert_eq!(v.kind, VerdictKind::Validation);
        assert_detail(&v, "the body has no errorId");
    }

    #[test]
    fn transport_failure_has_no_status() {
        let v = transport_verdict("connection refused\n(os error 111)");
        assert_eq!(v.kind, VerdictKind::Transport);
        assert_eq!(v.summary, "no response: connection refused (os error 111)");
        assert_detail(&v, "may or may not have reached Connect");
    }

    #[test]
    fn summaries_are_one_line() {
        let body = json!({"errorId": "E\nF", "errors": [{"code": "1\n2", "id": "A\nB"}],
            "paymentResult": {"payment": {"id": "x\ny", "status": "R\nS"}}});
        for status in [400, 402, 403, 409, 500, 418] {
            let v = json_verdict(status, &body);
            assert!(!v.summary.contains('\n'), "{status}: {v:?}");
            assert!(
                v.details.iter().all(|d| !d.contains('\n')),
                "{status}: {v:?}"
            );
        }
        let v = json_verdict(400, &json!({"errors": [{"code": "1\n2", "id": "A\nB"}]}));
        assert!(!v.summary.contains('\n'), "{v:?}");
    }
}
