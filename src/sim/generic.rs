//! Every endpoint of the model answers: a request no specific route takes, on a path and method
//! the model knows, gets an instance of its endpoint's response type built from the model,
//! marked `X-Cinspect-Sim-Generated: 1` (invented, never the API's behaviour). Values are
//! deterministic and plausible: a documented list's first value, codes and amounts by the
//! field's name, the path's id where the object has one. Paths the model does not know keep
//! the plain-text 404.
//!
//! It is the router's fallback, so every specific route (and any later one) wins.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::api_error::json_response;
use super::model_check::MAX_BODY;
use crate::connect::model::{Endpoint, Field, Kind, Model, Type, model};

/// The response header marking a generated answer.
pub const GENERATED_HEADER: &str = "x-cinspect-sim-generated";

/// Objects are filled this many levels deep; deeper object fields are left out. The walk
/// recurses on the model's types (ours, and bounded by this), never on a request.
const MAX_DEPTH: usize = 3;

/// The endpoints whose success is `201 Created` with a `Location`.
const CREATED: &[&str] = &[
    "captures.dispute",
    "captures.refund",
    "hostedcheckouts.create",
    "hostedmandatemanagements.create",
    "mandates.create",
    "payments.create",
    "payments.dispute",
    "payments.refund",
    "payments.tokenize",
    "payouts.create",
    "sessions.create",
    "tokens.create",
];

/// The members that hold a created object's id, by endpoint.
pub const ID_KEYS: [&str; 4] = [
    "id",
    "token",
    "hostedCheckoutId",
    "hostedMandateManagementId",
];

/// Numbers the ids of generated objects, so answers differ but repeat from run to run.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The model's endpoint of `method` and `path` (a path as served: `/v1/…` or `/files/v1/…`,
/// with exactly the template's segments).
pub fn endpoint_of(method: &str, path: &str) -> Option<&'static Endpoint> {
    if !(path.starts_with("/v1/") || path.starts_with("/files/v1/")) {
        return None;
    }
    let m = model().ok()?;
    let found = m.match_request(method, path).ok()?;
    let count = |p: &str| p.split('/').filter(|s| !s.is_empty()).count();
    (count(path) == count(&found.endpoint.path)).then_some(found.endpoint)
}

/// The router's fallback: a generated answer for a model endpoint, else the plain 404.
pub async fn answer(request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(endpoint) = endpoint_of(request.method().as_str(), &path) else {
        return super::server::not_found().await;
    };
    let Ok(m) = model() else {
        return super::server::not_found().await;
    };
    let (parts, body) = request.into_parts();
    // Read what was sent, so the connection can be kept.
    if axum::body::to_bytes(body, MAX_BODY).await.is_err() {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large").into_response();
    }
    let mut response = generated(m, endpoint, &path, &parts.headers);
    response
        .headers_mut()
        .insert(GENERATED_HEADER, HeaderValue::from_static("1"));
    response
}

fn generated(m: &Model, endpoint: &Endpoint, path: &str, headers: &HeaderMap) -> Response {
    if endpoint.binary {
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/octet-stream")],
            Body::from("cinspect simulator: a generated file\n"),
        )
            .into_response();
    }
    let Some(ty) = endpoint.response.as_deref().and_then(|t| m.type_named(t)) else {
        return StatusCode::NO_CONTENT.into_response();
    };
    let mut body = instance(m, ty);
    let created = CREATED.contains(&endpoint.id.as_str());
    // The object's id: the path's last id, or a new one for a created object.
    let id = if created {
        format!("{:012}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
    } else {
        last_param(endpoint, path).unwrap_or_default()
    };
    if let Value::Object(object) = &mut body
        && !id.is_empty()
    {
        // `paymentId` too: a payment's sub-resource (its device fingerprint) names the payment.
        for key in [
            "id",
            "token",
            "hostedCheckoutId",
            "hostedMandateManagementId",
            "paymentId",
        ] {
            if let Some(Value::String(v)) = object.get_mut(key) {
                *v = id.clone();
            }
        }
    }
    if !created {
        return json_response(StatusCode::OK, body);
    }
    let mut response = json_response(StatusCode::CREATED, body);
    if let Some(location) = location(endpoint, path, &id, headers) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The value of the template's last `{placeholder}` in `path` (not the merchant id).
fn last_param(endpoint: &Endpoint, path: &str) -> Option<String> {
    let template: Vec<&str> = endpoint.path.split('/').filter(|s| !s.is_empty()).collect();
    let concrete: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    template
        .iter()
        .zip(&concrete)
        .rfind(|(t, _)| t.starts_with('{') && **t != "{merchantId}")
        .map(|(_, c)| (*c).to_owned())
}

/// Where the created object lives: its own collection under the merchant.
pub fn location(
    endpoint: &Endpoint,
    path: &str,
    id: &str,
    headers: &HeaderMap,
) -> Option<HeaderValue> {
    let merchant: String = path.split('/').nth(2).unwrap_or_default().to_owned();
    let collection = match endpoint.id.as_str() {
        "payments.refund" | "captures.refund" => format!("/v1/{merchant}/refunds"),
        "payments.dispute" | "captures.dispute" => format!("/v1/{merchant}/disputes"),
        "payments.tokenize" => format!("/v1/{merchant}/tokens"),
        "mandates.create_with_mandate_reference" => format!("/v1/{merchant}/mandates"),
        _ => path.trim_end_matches('/').to_owned(),
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let location = match host {
        Some(host) if !host.is_empty() => format!("http://{host}{collection}/{id}"),
        _ => format!("{collection}/{id}"),
    };
    HeaderValue::from_str(&location).ok()
}

/// An instance of `ty`: every field that is not deprecated, filled [`MAX_DEPTH`] levels deep.
pub fn instance(m: &Model, ty: &Type) -> Value {
    object_of(m, ty, 0)
}

fn object_of(m: &Model, ty: &Type, depth: usize) -> Value {
    let mut object = Map::new();
    for f in m.fields(ty) {
        let field = f.field;
        if field.deprecated {
            continue;
        }
        let one = match (field.kind, m.type_of(field)) {
            (Kind::Object, Some(inner)) if depth + 1 < MAX_DEPTH => object_of(m, inner, depth + 1),
            (Kind::Object, _) => continue,
            _ => scalar(field),
        };
        let value = if field.list {
            Value::Array(vec![one])
        } else {
            one
        };
        object.insert(field.name.clone(), value);
    }
    Value::Object(object)
}

/// A plausible value of a scalar field, by its documented values and its name.
fn scalar(field: &Field) -> Value {
    if let Some(first) = field.values.first() {
        return Value::String(first.clone());
    }
    let name = field.name.as_str();
    let lower = name.to_ascii_lowercase();
    match field.kind {
        Kind::Integer if lower.ends_with("amount") => Value::from(1000),
        Kind::Integer => Value::from(1),
        Kind::Number => Value::from(1.0),
        Kind::Boolean => Value::Bool(false),
        Kind::Object => Value::Object(Map::new()),
        Kind::String => Value::String(text_for(name, &lower)),
    }
}

fn text_for(name: &str, lower: &str) -> String {
    let text = if lower.ends_with("currencycode") || lower == "currency" {
        "EUR"
    } else if lower.ends_with("countrycode") || lower == "country" {
        "NL"
    } else if lower.ends_with("locale") {
        "en_GB"
    } else if lower.contains("url") {
        "https://sim.invalid/cinspect"
    } else if lower.contains("email") {
        "sim@example.invalid"
    } else if lower.ends_with("datetime") {
        "20240101120000"
    } else if lower.ends_with("date") {
        "20240101"
    } else {
        return format!("sim-{name}");
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_path_must_match_whole() {
        assert_eq!(
            endpoint_of("GET", "/v1/1234/tokens/abc").map(|e| e.id.as_str()),
            Some("tokens.get")
        );
        assert_eq!(
            endpoint_of("GET", "/files/v1/1234/files/f1").map(|e| e.id.as_str()),
            Some("files.get_file")
        );
        assert!(endpoint_of("GET", "/proxy/v1/1234/tokens/abc").is_none());
        assert!(endpoint_of("GET", "/x/v1/1234/tokens/abc").is_none());
        assert!(endpoint_of("GET", "/v1/1234/nothing").is_none());
        assert!(endpoint_of("PATCH", "/v1/1234/tokens/abc").is_none());
    }

    #[test]
    fn an_instance_of_every_response_type_has_no_findings() {
        let m = model().expect("model");
        for e in &m.endpoints {
            let Some(ty) = e.response.as_deref().and_then(|t| m.type_named(t)) else {
                continue;
            };
            let text = instance(m, ty).to_string();
            let findings = m.findings(&crate::connect::model::Body::parse(&text), ty);
            assert!(findings.items.is_empty(), "{}: {:?}", e.id, findings.items);
        }
    }
}
