//! The sides of a comparison as the front ends load them (an exchange on
//! show, a history entry, a logged exchange, a webhook, a body file), handed
//! to the pure `diff`. Every front end compares through here, so `cinspect
//! diff` and the TUI's comparison agree.

use std::sync::Arc;

use super::exchange::{Exchange, SentRequest};
use crate::body::BodyKind;
use crate::diff::{self, BodyInput, Comparison, Limits, Part, Parts, Progress, ResponseInput};

/// One side, loaded.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// An exchange with its response.
    Exchange(Arc<Exchange>),
    /// A request that got no response: why.
    NoResponse { request: SentRequest, why: String },
    /// A body alone (a JSON body file), compared with the other side's body.
    Body { text: String, note: Option<String> },
}

impl Loaded {
    /// A body file's bytes: text, or text with the invalid bytes replaced (and said).
    pub fn body_file(bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Loaded::Body { text, note: None },
            Err(e) => Loaded::Body {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                note: Some("not UTF-8: the invalid bytes are compared as �".to_string()),
            },
        }
    }

    /// The request, when the side is an exchange.
    pub fn request(&self) -> Option<&SentRequest> {
        match self {
            Loaded::Exchange(x) => Some(&x.request),
            Loaded::NoResponse { request, .. } => Some(request),
            Loaded::Body { .. } => None,
        }
    }

    /// The exchange, when there is one.
    pub fn exchange(&self) -> Option<&Arc<Exchange>> {
        match self {
            Loaded::Exchange(x) => Some(x),
            _ => None,
        }
    }

    /// The side as the diff reads it (None for a body alone).
    pub fn side(&self) -> Option<diff::Side<'_>> {
        let request = self.request()?;
        Some(diff::Side {
            method: &request.method,
            url: &request.url,
            headers: &request.headers,
            body: BodyInput::text(request.body.as_deref().unwrap_or("")),
            response: match self {
                Loaded::Exchange(x) => Ok(response_input(x)),
                Loaded::NoResponse { why, .. } => Err(why.clone()),
                Loaded::Body { .. } => return None,
            },
        })
    }

    /// The body of one half (a body file is both).
    pub fn body(&self, part: Part) -> BodyInput<'_> {
        match (self, part) {
            (Loaded::Body { text, note }, _) => BodyInput {
                note: note.clone(),
                ..BodyInput::text(text)
            },
            (Loaded::Exchange(x), Part::Response) => response_body(x),
            (_, _) => BodyInput::text(self.request().and_then(|r| r.body.as_deref()).unwrap_or("")),
        }
    }

    /// The texts of (request body, response body) the comparison's spans point into.
    pub fn texts(&self) -> [&str; 2] {
        [
            self.body(Part::Request).text,
            self.body(Part::Response).text,
        ]
    }
}

fn response_body(x: &Exchange) -> BodyInput<'_> {
    BodyInput {
        text: &x.body.text,
        cut: x.cut.map(|c| c.to_string()),
        binary: x.body.kind == BodyKind::Binary,
        note: None,
    }
}

fn response_input(x: &Exchange) -> ResponseInput<'_> {
    ResponseInput {
        status: x.status.code,
        meaning: x.status.name,
        verdict_kind: x.verdict.kind.as_str(),
        verdict_summary: &x.verdict.summary,
        headers: &x.headers,
        body: response_body(x),
        errors: &x.report,
    }
}

/// Compares two sides. A body alone is compared with the other side's body
/// of the half `parts` names (the response's unless `--request`).
pub fn compare(
    left: &Loaded,
    right: &Loaded,
    parts: Parts,
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
) -> Comparison {
    match (left.side(), right.side()) {
        (Some(l), Some(r)) => diff::compare(&l, &r, parts, limits, progress),
        _ => {
            let part = if parts == Parts::Request {
                Part::Request
            } else {
                Part::Response
            };
            diff::compare_bodies(part, &left.body(part), &right.body(part), limits, progress)
        }
    }
}

/// Where a comparison's spans point.
pub fn texts<'a>(left: &'a Loaded, right: &'a Loaded) -> diff::report::Texts<'a> {
    diff::report::Texts {
        left: left.texts(),
        right: right.texts(),
    }
}
