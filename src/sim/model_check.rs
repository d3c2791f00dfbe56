//! Requests checked by the API's model before any route sees them: a body field of the wrong
//! JSON kind (or a query parameter that is no integer or boolean where the model has one) is
//! refused with a 400 naming its `propertyName` (1-based indexes, the API's
//! reading); fields the model does not know are ignored, as the API ignores what it does not
//! read, and listed for the developer in the `X-Cinspect-Sim-Ignored` response header, never
//! in the body (query parameters the endpoint lacks in a second such header).
//!
//! Create payment keeps its own checks (validate.rs reports wrong kinds together with its other
//! violations); here it only gets the header. The body is read whole, up to [`MAX_BODY`]; the
//! model's walk keeps its own stack (its depth is the model's, whatever the body's nesting).

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api_error::{ApiError, error_response};
use super::generic::endpoint_of;
use super::violation::Violation;
use crate::connect::model::{self, Endpoint, FindingKind, Kind, Segment, parse_path, path_text};

/// The response header listing the request's fields the model does not know.
pub const IGNORED_HEADER: &str = "x-cinspect-sim-ignored";

/// The largest body read (axum's own default limit, which the routes had before).
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// At most this many ignored fields are named; the header says how many more there were.
const MAX_NAMED: usize = 32;

/// The header's value is cut near this many bytes.
const MAX_HEADER_BYTES: usize = 2048;

/// What the model says of one body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// (propertyName, the value as quoted) of fields of the wrong kind.
    pub wrong: Vec<(String, String)>,
    /// propertyNames of fields the model does not have.
    pub ignored: Vec<String>,
}

/// A path of the findings (0-based) as the API names properties (1-based).
pub(super) fn property_name(path: &str) -> (String, Vec<Segment>) {
    let segments = parse_path(path);
    let one_based: Vec<Segment> = segments
        .iter()
        .map(|s| match s {
            Segment::Index(i) => Segment::Index(i + 1),
            key => key.clone(),
        })
        .collect();
    (path_text(&one_based), segments)
}

/// Checks `text` (JSON) as an instance of the type `type_name`.
pub fn check(text: &str, type_name: &str) -> Checked {
    let mut checked = Checked::default();
    let Ok(m) = model::model() else {
        return checked;
    };
    let Some(ty) = m.type_named(type_name) else {
        return checked;
    };
    // The value tree is only built when a wrong kind needs quoting (most bodies have none).
    let mut value: Option<Option<serde_json::Value>> = None;
    for f in m.findings(&model::Body::parse(text), ty).items {
        let (property, segments) = property_name(&f.path);
        match f.kind {
            FindingKind::UnknownField => checked.ignored.push(property),
            FindingKind::WrongKind => {
                // A number or boolean where text goes reads as text, as create payment takes it.
                let text_field = m
                    .at_path(ty, &segments)
                    .ok()
                    .and_then(|at| at.field)
                    .is_some_and(|f| f.field.kind == Kind::String && !f.field.list);
                let tree = value.get_or_insert_with(|| serde_json::from_str(text).ok());
                let at = tree.as_ref().and_then(|v| value_at(v, &segments));
                if text_field && at.is_some_and(|v| v.is_number() || v.is_boolean()) {
                    continue;
                }
                let shown = at.map_or_else(String::new, Violation::shown);
                checked.wrong.push((property, shown));
            }
            FindingKind::UndocumentedValue | FindingKind::Deprecated => {}
        }
    }
    checked
}

fn value_at<'v>(
    value: &'v serde_json::Value,
    segments: &[Segment],
) -> Option<&'v serde_json::Value> {
    segments.iter().try_fold(value, |v, s| match s {
        Segment::Key(k) => v.get(k.as_str()),
        Segment::Index(i) => v.get(*i),
    })
}

/// The header value naming `ignored`: printable ASCII only, bounded.
pub fn ignored_header(ignored: &[String]) -> Option<HeaderValue> {
    if ignored.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut named = 0;
    for name in ignored.iter().take(MAX_NAMED) {
        let clean: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        if out.len() + clean.len() + 2 > MAX_HEADER_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&clean);
        named += 1;
    }
    if named < ignored.len() {
        out.push_str(&format!(" (+{} more)", ignored.len() - named));
    }
    HeaderValue::from_str(out.trim()).ok()
}

/// The 400 for a body that is not JSON (as create payment answers it).
fn invalid_json(reason: &str) -> Response {
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "21000000",
        "INVALID_JSON",
        format!("THE REQUEST BODY IS NOT VALID JSON: {reason}"),
    );
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// The query checked against the endpoint's parameters: (wrong, ignored) as for a body.
/// Integers and booleans are checked for their form; names the endpoint lacks are ignored.
pub fn check_query(endpoint: &Endpoint, uri: &Uri) -> Checked {
    let mut checked = Checked::default();
    let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(uri) else {
        return checked;
    };
    // Names already listed as ignored: a query of many names costs linear time.
    let mut ignored_seen = std::collections::HashSet::new();
    for (name, value) in pairs {
        match endpoint.query.iter().find(|q| q.name == name) {
            None => {
                if ignored_seen.insert(name.clone()) {
                    checked.ignored.push(name);
                }
            }
            Some(q) => {
                let fits = match q.kind {
                    Kind::Integer => value.parse::<i64>().is_ok(),
                    Kind::Boolean => value == "true" || value == "false",
                    _ => true,
                };
                if !fits {
                    checked.wrong.push((name, Violation::shown(&value.into())));
                }
            }
        }
    }
    checked
}

/// 400 `INVALID_VALUE` for each field of the wrong kind.
fn refuse(wrong: Vec<(String, String)>) -> Response {
    let errors: Vec<ApiError> = wrong
        .into_iter()
        .map(|(property, shown)| {
            let mut error = Violation::InvalidValue { property, shown }.to_api_error("");
            error.request_id = None;
            error
        })
        .collect();
    error_response(StatusCode::BAD_REQUEST, &errors)
}

pub async fn layer(request: Request, next: Next) -> Response {
    let Some(endpoint) = endpoint_of(request.method().as_str(), request.uri().path()) else {
        return next.run(request).await;
    };
    let query = if request.uri().query().is_some() {
        check_query(endpoint, request.uri())
    } else {
        Checked::default()
    };
    if !query.wrong.is_empty() {
        return refuse(query.wrong);
    }
    let mut response = checked_body(endpoint, request, next).await;
    if let Some(value) = ignored_header(&query.ignored) {
        response.headers_mut().append(IGNORED_HEADER, value);
    }
    response
}

async fn checked_body(endpoint: &Endpoint, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::POST | Method::PUT) {
        return next.run(request).await;
    }
    let Some(type_name) = endpoint.body.as_deref() else {
        return next.run(request).await;
    };
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !json {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large").into_response();
    };
    let own_checks = endpoint.id == "payments.create";
    let checked = match std::str::from_utf8(&bytes) {
        _ if bytes.iter().all(u8::is_ascii_whitespace) => Checked::default(),
        Ok(text) => match model::json_error(text) {
            Some((_, reason)) if !own_checks => return invalid_json(reason),
            Some(_) => Checked::default(),
            None => check(text, type_name),
        },
        Err(_) if !own_checks => return invalid_json("not UTF-8"),
        Err(_) => Checked::default(),
    };
    if !own_checks && !checked.wrong.is_empty() {
        return refuse(checked.wrong);
    }
    let mut response = next
        .run(Request::from_parts(parts, Body::from(Bytes::clone(&bytes))))
        .await;
    if let Some(value) = ignored_header(&checked.ignored) {
        response.headers_mut().insert(IGNORED_HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_kinds_are_named_one_based_and_unknown_fields_listed() {
        let checked = check(
            r#"{"order":{"amountOfMoney":{"amount":"12"},"nope":1},"card":{"cardNumber":4567350000427977}}"#,
            "RiskAssessmentCard",
        );
        assert_eq!(
            checked.wrong,
            [("order.amountOfMoney.amount".to_owned(), "12".to_owned())]
        );
        assert_eq!(checked.ignored, ["order.nope"]);
        let items = check(
            r#"{"order":{"items":[{"amountOfMoney":{}},{"amountOfMoney":{"amount":true}}]}}"#,
            "CreatePaymentRequest",
        );
        assert_eq!(items.wrong[0].0, "order.items[2].amountOfMoney.amount");
    }

    #[test]
    fn the_ignored_header_is_printable_ascii_and_bounded() {
        let many: Vec<String> = (0..100).map(|i| format!("f{i}\u{7}é")).collect();
        let value = ignored_header(&many).expect("a header");
        let text = value.to_str().expect("ASCII");
        assert!(text.starts_with("f0??, f1??"), "{text}");
        assert!(text.ends_with("(+68 more)"), "{text}");
        assert!(ignored_header(&[]).is_none());
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let deep = format!(
            "{{\"order\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let checked = check(&deep, "CreatePaymentRequest");
        assert_eq!(checked.wrong.len(), 1);
    }
}
