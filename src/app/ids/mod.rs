//! Ids from earlier responses: every paymentId, refundId, tokenId… this
//! session's responses carried, newest first, with when and from which
//! request; and where in the request an id goes (a `{paymentId}` placeholder
//! or a path parameter in the URL, an id-shaped value in the body), so that
//! the completion key there offers them instead of retyping 30 digits.
//!
//! The ids creates carry into `{placeholders}` at F5 (`request_files`'
//! carried ids) are a part of these; Ctrl-T forgets both.

mod picking;
mod place;

pub use place::{IdPlace, body_place, url_placeholder};

use std::collections::VecDeque;

use serde_json::Value;

/// Ids kept at most: the oldest go first.
pub const MAX_SEEN: usize = 200;
/// Responses larger than this are not searched for ids (a create's is small).
const MAX_SCANNED: usize = 1 << 20;
/// JSON values visited at most in one response.
const MAX_VISITED: usize = 20_000;
/// Ids taken from one response at most.
const MAX_PER_RESPONSE: usize = 50;

/// The names of the API's id fields, as responses carry them.
const ID_FIELDS: &[&str] = &[
    "paymentId",
    "refundId",
    "captureId",
    "payoutId",
    "tokenId",
    "hostedCheckoutId",
    "hostedMandateManagementId",
    "disputeId",
    "fileId",
];

/// One id seen in a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenId {
    /// What it is: `paymentId`, `refundId`…
    pub name: String,
    pub value: String,
    /// When it was seen, `HH:MM:SS`.
    pub at: String,
    /// The request that answered it: `201 POST /payments`.
    pub from: String,
}

/// Where the id chosen goes, and what it was picked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTarget {
    pub place: IdPlace,
    /// The field's text when the list opened: an id is never put into a
    /// text that changed since.
    pub text: String,
}

/// The ids seen this session, newest first, and the place the open list fills.
#[derive(Debug, Default)]
pub struct SeenIds {
    seen: VecDeque<SeenId>,
    target: Option<IdTarget>,
}

impl SeenIds {
    pub fn all(&self) -> impl Iterator<Item = &SeenId> {
        self.seen.iter()
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Takes the ids of one response in; one seen again moves to the front.
    pub fn see(&mut self, ids: Vec<(String, String)>, at: &str, from: &str) {
        for (name, value) in ids {
            self.seen.retain(|s| !(s.name == name && s.value == value));
            self.seen.push_front(SeenId {
                name,
                value,
                at: at.to_owned(),
                from: from.to_owned(),
            });
        }
        self.seen.truncate(MAX_SEEN);
    }

    pub fn forget(&mut self) -> usize {
        let n = self.seen.len();
        self.seen.clear();
        self.target = None;
        n
    }

    /// The ids in the order the list shows them: those named `wanted` first,
    /// then the others; newest first within each.
    pub fn ordered(&self, wanted: Option<&str>) -> Vec<&SeenId> {
        let mut ids: Vec<&SeenId> = self.seen.iter().collect();
        ids.sort_by_key(|s| wanted.is_some_and(|w| !s.name.eq_ignore_ascii_case(w)));
        ids
    }

    pub fn target(&self) -> Option<&IdTarget> {
        self.target.as_ref()
    }

    pub(in crate::app) fn set_target(&mut self, target: Option<IdTarget>) {
        self.target = target;
    }
}

/// The ids a response carries: those a create made (as `cinspect run` carries
/// them), the API's id fields anywhere in the body (`paymentId`,
/// `creationOutput.token`…), an `id` under `payment`, `refunds[…]`…, and the
/// top-level `id` of the resource the URL names. Bounded in bytes, values
/// visited and ids; no recursion.
pub fn harvest(method: &str, url: &str, status: u16, body: &str) -> Vec<(String, String)> {
    // Bounded before any parse (this runs on the UI thread when a response comes).
    if !(200..300).contains(&status) || body.len() > MAX_SCANNED {
        return Vec::new();
    }
    // A create's id as `cinspect run` carries it; no control code reaches the list.
    let mut found: Vec<(String, String)> =
        crate::sources::http_file::connect_ids(method, url, status, body)
            .into_iter()
            .filter(|(_, v)| !v.chars().any(char::is_control))
            .map(|(n, v)| (n.to_owned(), v))
            .collect();
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        return found;
    };
    let add = |name: &str, value: &str, found: &mut Vec<(String, String)>| {
        if is_id_shaped(value)
            && found.len() < MAX_PER_RESPONSE
            && !found.iter().any(|(n, v)| n == name && v == value)
        {
            found.push((name.to_owned(), value.to_owned()));
        }
    };
    // Each value with the id name its `id` member stands for.
    let mut stack: Vec<(&Value, Option<&'static str>)> = vec![(&json, url_resource(url))];
    let mut visited = 0;
    while let Some((value, id_is)) = stack.pop() {
        visited += 1;
        if visited > MAX_VISITED {
            break;
        }
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    match v {
                        Value::String(s) if key == "id" => {
                            if let Some(name) = id_is {
                                add(name, s, &mut found);
                            }
                        }
                        Value::String(s) if key == "token" => add("tokenId", s, &mut found),
                        Value::String(s) => {
                            if let Some(name) = ID_FIELDS.iter().find(|n| **n == key) {
                                add(name, s, &mut found);
                            }
                        }
                        Value::Object(_) | Value::Array(_) => stack.push((v, resource(key))),
                        _ => {}
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, id_is))),
            _ => {}
        }
    }
    found
}

/// An id as the API writes them: 4 to 64 letters, digits, `-` or `_`, a digit among them.
pub fn is_id_shaped(value: &str) -> bool {
    (4..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && value.bytes().any(|b| b.is_ascii_digit())
}

/// The id name an `id` member of an object under `key` stands for.
fn resource(key: &str) -> Option<&'static str> {
    Some(match key {
        "payment" | "payments" => "paymentId",
        "refund" | "refunds" => "refundId",
        "capture" | "captures" => "captureId",
        "payout" | "payouts" => "payoutId",
        "dispute" | "disputes" => "disputeId",
        _ => return None,
    })
}

/// What the top-level `id` of a response to `url` is: the resource of its
/// last or last-but-one path segment (`/payments/{id}`, `/payments/{id}/refund`).
fn url_resource(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let segments: Vec<&str> = path.rsplit('/').filter(|s| !s.is_empty()).take(2).collect();
    segments.iter().find_map(|s| resource(s))
}

/// `201 POST /payments/…/refund`: a response's request, short (no host, no
/// `/v1/{merchantId}`, at most 60 characters).
pub fn described(status: u16, method: &str, url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = path.find("://").map_or(path, |i| {
        let rest = &path[i + 3..];
        rest.find('/').map_or("/", |j| &rest[j..])
    });
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    if segments.peek() == Some(&"v1") {
        segments.next();
        segments.next();
    }
    let short: String = segments.collect::<Vec<_>>().join("/");
    let short: String = crate::body::printable(&short).chars().take(60).collect();
    format!("{status} {method} /{short}")
}

#[cfg(test)]
mod tests;
