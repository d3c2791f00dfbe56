//! What the API's model says of the request in the editor: the endpoint its
//! method and URL are, the body scanned as typed (the field at the cursor and
//! completion ask the scan), and the findings before sending. Each is found
//! again only when what it was found for changed.
//!
//! Bodies up to [`LIVE_LIMIT`] are scanned and checked as they are typed
//! (about 3 ms a megabyte); a larger one is checked off the UI thread, one
//! check at a time, the newest edit checked next.

use std::sync::Arc;

use crate::app::ticket::{Awaited, Ticket};
use crate::connect::model::{self, Endpoint, Findings, Model, NoMatch, Scanned, Type};

/// Above this a body is checked off the UI thread.
pub const LIVE_LIMIT: usize = 1024 * 1024;

/// Which endpoint the editor's method and URL are.
#[derive(Debug, Clone)]
pub enum EndpointIs {
    Known(&'static Endpoint),
    /// The path is an endpoint's, with other methods.
    OtherMethod(Vec<String>),
    /// No endpoint of the model has this path.
    Unknown,
    /// The model could not be read (a build defect; said once).
    NoModel,
}

impl EndpointIs {
    pub fn endpoint(&self) -> Option<&'static Endpoint> {
        match self {
            EndpointIs::Known(e) => Some(e),
            _ => None,
        }
    }
}

/// A check for the runtime to run off the UI thread.
#[derive(Debug, Clone)]
pub struct Check {
    pub ticket: Ticket,
    pub revision: u64,
    pub text: String,
    pub body_type: &'static Type,
}

impl Check {
    /// Scans and checks the body (on whatever thread runs it).
    pub fn run(self) -> Checked {
        let scanned = Scanned::new(self.text);
        let findings = match model::model() {
            Ok(m) => m.findings(&scanned.body(), self.body_type),
            Err(_) => Findings::default(),
        };
        Checked {
            ticket: self.ticket,
            revision: self.revision,
            body_type: self.body_type,
            scanned: Arc::new(scanned),
            findings: Arc::new(findings),
        }
    }
}

/// A check's answer.
#[derive(Debug, Clone)]
pub struct Checked {
    pub ticket: Ticket,
    pub revision: u64,
    body_type: &'static Type,
    scanned: Arc<Scanned>,
    findings: Arc<Findings>,
}

#[derive(Debug, Default)]
pub struct ModelView {
    /// (method, URL) the endpoint was found for.
    endpoint_for: Option<(String, String)>,
    endpoint: Option<EndpointIs>,
    /// The endpoint's path parameters and the characters of the URL holding
    /// each one's value (`{paymentId}` itself in a template's URL).
    params: Vec<(String, std::ops::Range<usize>)>,
    /// The body scanned, with the revision it was scanned at.
    scanned: Option<(u64, Arc<Scanned>)>,
    findings: Arc<Findings>,
    /// The revision and body type the findings are for.
    findings_for: Option<(u64, Option<&'static str>)>,
    /// Bumped whenever the findings change (the errors panel follows it).
    generation: u64,
    /// A check off the UI thread, and the revision it checks.
    checking: Awaited,
    checking_revision: Option<u64>,
    /// The line about the field at the cursor, and what it was made for
    /// (revision, cursor row and column).
    at_cursor: Option<String>,
    at_cursor_for: Option<(u64, (usize, usize))>,
}

impl ModelView {
    pub fn endpoint(&self) -> Option<&EndpointIs> {
        self.endpoint.as_ref()
    }

    /// The findings of the body (the latest checked: a large body's may be
    /// an edit behind while the next check runs).
    pub fn findings(&self) -> &Arc<Findings> {
        &self.findings
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the findings are those of body revision `revision`.
    pub fn findings_current(&self, revision: u64) -> bool {
        self.findings_for.is_some_and(|(r, _)| r == revision)
    }

    /// The body's scan, when it is of revision `revision`.
    pub fn scanned(&self, revision: u64) -> Option<&Arc<Scanned>> {
        self.scanned
            .as_ref()
            .filter(|(r, _)| *r == revision)
            .map(|(_, s)| s)
    }

    /// One line about the field at the body's cursor.
    pub fn at_cursor(&self) -> Option<&str> {
        self.at_cursor.as_deref()
    }

    /// The characters of the URL holding path parameter `name`'s value, when
    /// the endpoint has one of that name (`paymentId`, `merchantId`).
    pub fn url_param(&self, name: &str) -> Option<std::ops::Range<usize>> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
    }

    /// The request body's type of the endpoint, when it takes a JSON body.
    pub fn body_type(&self) -> Option<&'static Type> {
        let endpoint = self.endpoint.as_ref()?.endpoint()?;
        let m = model::model().ok()?;
        m.type_named(endpoint.body.as_deref()?)
    }

    /// Finds the endpoint again when the method or URL changed.
    pub fn refresh_endpoint(&mut self, method: &str, url: &str) {
        if self
            .endpoint_for
            .as_ref()
            .is_some_and(|(m, u)| m == method && u == url)
        {
            return;
        }
        self.params.clear();
        self.endpoint = Some(match model::model() {
            Err(_) => EndpointIs::NoModel,
            Ok(m) => match m.match_request(method, url) {
                Ok(found) => {
                    let chars = |byte: usize| url.get(..byte).map_or(0, |b| b.chars().count());
                    self.params = found
                        .params
                        .iter()
                        .map(|p| (p.name.clone(), chars(p.range.start)..chars(p.range.end)))
                        .collect();
                    EndpointIs::Known(found.endpoint)
                }
                Err(NoMatch::Method { allowed }) => EndpointIs::OtherMethod(allowed),
                Err(NoMatch::Path) => EndpointIs::Unknown,
            },
        });
        self.endpoint_for = Some((method.to_owned(), url.to_owned()));
    }

    /// Whether the findings are stale for body revision `revision` (a check
    /// already running for it counts as fresh).
    pub fn body_stale(&self, revision: u64) -> bool {
        let for_now = (revision, self.body_type().map(|t| t.name.as_str()));
        self.findings_for != Some(for_now) && self.checking_revision != Some(revision)
    }

    /// Whether a large body's check runs off the UI thread now (its answer asks
    /// for the next: no text need be built for one meanwhile).
    pub fn is_checking(&self) -> bool {
        self.checking_revision.is_some()
    }

    /// Checks body `text` of revision `revision`: at once when it is small, else
    /// a check to run off the UI thread (None while one runs: its answer asks
    /// for the next).
    pub fn check(&mut self, revision: u64, text: String) -> Option<Check> {
        let Some(body_type) = self.body_type() else {
            // No JSON body for this endpoint (or none known): nothing to check,
            // but the scan still serves the field at the cursor.
            let small = text.len() <= LIVE_LIMIT;
            self.scanned = small.then(|| (revision, Arc::new(Scanned::new(text))));
            self.set_findings(revision, None, Arc::default());
            return None;
        };
        if text.len() <= LIVE_LIMIT {
            let scanned = Scanned::new(text);
            let findings = model::model()
                .map(|m| m.findings(&scanned.body(), body_type))
                .unwrap_or_default();
            self.scanned = Some((revision, Arc::new(scanned)));
            self.set_findings(revision, Some(body_type), Arc::new(findings));
            return None;
        }
        if self.checking_revision.is_some() {
            return None;
        }
        self.checking_revision = Some(revision);
        Some(Check {
            ticket: self.checking.issue(),
            revision,
            text,
            body_type,
        })
    }

    /// A check off the UI thread answered; false when no longer awaited.
    pub fn checked(&mut self, answer: Checked) -> bool {
        // The revision too: revisions are unique across editors, tickets are not.
        if self.checking_revision != Some(answer.revision) || !self.checking.take(answer.ticket) {
            return false;
        }
        self.checking_revision = None;
        self.scanned = Some((answer.revision, answer.scanned));
        self.set_findings(answer.revision, Some(answer.body_type), answer.findings);
        true
    }

    fn set_findings(&mut self, revision: u64, ty: Option<&'static Type>, findings: Arc<Findings>) {
        if *self.findings != *findings || self.generation == 0 {
            // Unique across editors: the errors panel never takes another
            // editor's findings for these.
            self.generation = super::next_revision();
        }
        self.findings = findings;
        self.findings_for = Some((revision, ty.map(|t| t.name.as_str())));
    }

    /// Describes the field at the body cursor (0-based row, character column)
    /// again when the body or the cursor moved.
    pub fn refresh_at_cursor(&mut self, revision: u64, cursor: (usize, usize)) {
        if self.at_cursor_for == Some((revision, cursor)) {
            return;
        }
        let Some(scanned) = self.scanned(revision).cloned() else {
            // Not scanned yet (a large body being checked): nothing rather than stale.
            self.at_cursor = None;
            return;
        };
        self.at_cursor_for = Some((revision, cursor));
        self.at_cursor = describe(&scanned, self.body_type(), cursor);
    }
}

/// The line about the field at `cursor` in a scanned body of type `ty`.
fn describe(
    scanned: &Scanned,
    ty: Option<&'static Type>,
    cursor: (usize, usize),
) -> Option<String> {
    let ty = ty?;
    let m: &Model = model::model().ok()?;
    let body = scanned.body();
    let offset = body.byte_offset(crate::locate::Position {
        line: cursor.0 + 1,
        column: cursor.1 + 1,
    })?;
    m.describe_at(ty, &body.path_at(offset))
}
