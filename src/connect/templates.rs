//! Request templates for the documented endpoints, embedded in the binary from
//! `assets/templates/*.json`: `{merchantId}` is filled from the environment,
//! other ids (`{paymentId}`) are left for the user.

use serde::Deserialize;

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

pub fn find(name: &str) -> Option<Template> {
    SOURCES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(name, text)| parse(name, text))
}

pub fn names() -> Vec<&'static str> {
    SOURCES.iter().map(|(n, _)| *n).collect()
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
