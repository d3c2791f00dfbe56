//! Request templates, embedded in the binary: the hand-written favourites from
//! `assets/templates/*.json`, and every endpoint of the API's model (built on
//! first use, grouped as F4 lists them) with a minimal body of its request type
//! from `assets/templates/endpoint-bodies.json` (ours: the test card, amounts in
//! cents, ISO codes). `{merchantId}` is filled from the environment, other ids
//! (`{paymentId}`) are left for the user.

use std::sync::OnceLock;

use serde::Deserialize;

use super::model::{self, Endpoint};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub description: String,
    pub method: String,
    pub path: String,
    /// Pretty-printed JSON, or empty for requests without a body.
    pub body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    description: String,
    method: String,
    path: String,
    body: Option<serde_json::Value>,
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../assets/templates/", $name, ".json")))),*]
    };
}

const SOURCES: &[(&str, &str)] = embedded!(
    "create-payment",
    "get-payment",
    "approve-payment",
    "capture-payment",
    "cancel-payment",
    "refund-payment",
    "create-hosted-checkout",
    "create-token",
    "get-products",
    "test-connection",
    "convert-amount",
);

/// Every template, in menu order.
pub fn all() -> Vec<Template> {
    SOURCES
        .iter()
        .map(|(name, text)| parse(name, text))
        .collect()
}

/// A hand-written template by name, else an endpoint's by its id (`payouts.create`).
pub fn find(name: &str) -> Option<Template> {
    SOURCES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(name, text)| parse(name, text))
        .or_else(|| endpoints().iter().find(|t| t.name == name).cloned())
}

pub fn names() -> Vec<&'static str> {
    SOURCES.iter().map(|(n, _)| *n).collect()
}

/// Minimal bodies of the request types no hand-written template covers.
const ENDPOINT_BODIES: &str = include_str!("../../assets/templates/endpoint-bodies.json");

/// The order F4 lists the model's groups in.
const GROUPS: &[&str] = &[
    "payments",
    "captures",
    "refunds",
    "payouts",
    "tokens",
    "hostedcheckouts",
    "mandates",
    "products",
    "productgroups",
    "services",
    "riskassessments",
    "sessions",
    "disputes",
    "files",
    "installments",
    "hostedmandatemanagements",
];

/// Query parameters a template fills, with our values; others are left out.
const QUERY_VALUES: &[(&str, &str)] = &[
    ("countryCode", "NL"),
    ("currencyCode", "EUR"),
    ("locale", "en_GB"),
    ("amount", "2980"),
    ("isRecurring", "false"),
    ("source", "EUR"),
    ("target", "USD"),
];

/// Every endpoint of the API's model as a template named by its id, grouped
/// in [`GROUPS`]' order; built (and the model read) on first use.
pub fn endpoints() -> &'static [Template] {
    static ALL: OnceLock<Vec<Template>> = OnceLock::new();
    ALL.get_or_init(|| {
        let Ok(m) = model::model() else {
            return Vec::new();
        };
        // The file is ours and a test reads it, so a failure is a build defect.
        let bodies: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(ENDPOINT_BODIES).unwrap_or_default();
        let curated = all();
        let rank = |e: &Endpoint| {
            GROUPS
                .iter()
                .position(|g| *g == e.group())
                .unwrap_or(GROUPS.len())
        };
        let mut endpoints: Vec<&'static Endpoint> = m.endpoints.iter().collect();
        endpoints.sort_by_key(|e| rank(e));
        endpoints
            .into_iter()
            .map(|e| endpoint_template(e, &curated, &bodies))
            .collect()
    })
}

/// An endpoint's template: a hand-written one's path and body when one is of
/// the same call, else the model's path with the query values we have and the
/// minimal body of its request type.
fn endpoint_template(
    e: &'static Endpoint,
    curated: &[Template],
    bodies: &serde_json::Map<String, serde_json::Value>,
) -> Template {
    let same = curated
        .iter()
        .find(|t| t.method == e.method && t.path.split('?').next() == Some(e.path.as_str()));
    let (path, body) = match same {
        Some(t) => (t.path.clone(), t.body.clone()),
        None => {
            let query: Vec<String> = e
                .query
                .iter()
                .filter_map(|q| {
                    let (name, value) = QUERY_VALUES.iter().find(|(n, _)| *n == q.name)?;
                    Some(format!("{name}={value}"))
                })
                .collect();
            let path = if query.is_empty() {
                e.path.clone()
            } else {
                format!("{}?{}", e.path, query.join("&"))
            };
            // The file's body of the type, else a hand-written one of the same type
            // (a capture's refund is a payment's).
            let body = e
                .body
                .as_ref()
                .and_then(|ty| match bodies.get(ty) {
                    Some(b) => serde_json::to_string_pretty(b).ok(),
                    None => curated
                        .iter()
                        .find(|t| body_type(t) == Some(ty.as_str()))
                        .map(|t| t.body.clone()),
                })
                .unwrap_or_default();
            (path, body)
        }
    };
    let mut description = e.title.clone();
    if !e.multipart.is_empty() {
        description.push_str(&format!(
            " · a multipart upload (part {}): cinspect sends JSON bodies only",
            e.multipart.join(", ")
        ));
    }
    if e.binary {
        description.push_str(" · answers with a file");
    }
    Template {
        name: e.id.as_str(),
        description,
        method: e.method.clone(),
        path,
        body,
    }
}

/// The request type of a hand-written template's endpoint.
fn body_type(t: &Template) -> Option<&'static str> {
    let m = model::model().ok()?;
    let path = t.path.replace("{merchantId}", "m");
    m.match_request(&t.method, &path)
        .ok()?
        .endpoint
        .body
        .as_deref()
}

fn parse(name: &'static str, text: &str) -> Template {
    // The files are ours and a test parses each one, so a failure here is a build defect.
    let raw: RawTemplate =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("template {name} is invalid: {e}"));
    let body = raw
        .body
        .map(|b| serde_json::to_string_pretty(&b).unwrap_or_default())
        .unwrap_or_default();
    Template {
        name,
        description: raw.description,
        method: raw.method,
        path: raw.path,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_names_its_endpoint() {
        let all = all();
        assert_eq!(all.len(), 11);
        for t in &all {
            assert!(t.path.starts_with("/v1/{merchantId}/"), "{}", t.name);
            assert!(
                ["GET", "POST", "PUT", "DELETE"].contains(&t.method.as_str()),
                "{}",
                t.name
            );
            if t.method == "GET" {
                assert!(t.body.is_empty(), "{} has a body", t.name);
            }
        }
    }

    #[test]
    fn create_payment_is_a_valid_request() {
        let t = find("create-payment").expect("exists");
        let body: serde_json::Value = serde_json::from_str(&t.body).expect("json");
        assert_eq!(body["order"]["amountOfMoney"]["amount"], 2980);
    }

    #[test]
    fn every_endpoint_is_a_template_in_its_group_with_a_body_the_model_accepts() {
        let m = model::model().expect("the model");
        let all = endpoints();
        assert_eq!(all.len(), 73);
        // Grouped as the issue lists them: payments first, hosted mandates last.
        assert_eq!(all[0].name, "payments.create");
        assert_eq!(all[72].name, "hostedmandatemanagements.get");
        let bodies: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(ENDPOINT_BODIES).expect("the bodies parse");
        for t in all {
            let e = m.endpoint(t.name).expect("an endpoint of the model");
            let matched = m
                .match_request(&t.method, &t.path.replace("{merchantId}", "1234"))
                .expect("the template's path is its endpoint's");
            assert_eq!(matched.endpoint.id, e.id);
            match &e.body {
                Some(ty) => {
                    assert!(!t.body.is_empty(), "{} has no body", t.name);
                    let body = model::Body::parse(&t.body);
                    let found = m.findings(&body, m.type_named(ty).expect("its type"));
                    assert_eq!(found.items, [], "{}", t.name);
                }
                None => assert!(t.body.is_empty(), "{} has a body", t.name),
            }
        }
        // Every body in the file is one a template uses.
        for ty in bodies.keys().filter(|k| !k.starts_with('_')) {
            assert!(
                m.endpoints
                    .iter()
                    .any(|e| e.body.as_deref() == Some(ty.as_str())),
                "{ty} is no endpoint's body"
            );
        }
        // A hand-written template of the same call lends its body and query.
        let products = find("products.find").expect("found by id");
        assert_eq!(products.path, find("get-products").unwrap().path);
        assert_eq!(
            find("payments.create").unwrap().body,
            find("create-payment").unwrap().body
        );
        assert!(
            find("disputes.upload_file")
                .unwrap()
                .description
                .contains("multipart")
        );
    }

    #[test]
    fn the_issue_lists_these_templates() {
        for name in [
            "create-payment",
            "get-payment",
            "approve-payment",
            "capture-payment",
            "cancel-payment",
            "refund-payment",
            "create-hosted-checkout",
            "create-token",
            "get-products",
            "test-connection",
            "convert-amount",
        ] {
            assert!(find(name).is_some(), "{name}");
        }
    }
}
