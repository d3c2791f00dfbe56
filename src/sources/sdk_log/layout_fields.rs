//! The field layout of Java, .NET, Python, Ruby and Go: after the first line,
//! one indented field a line (two spaces; Go a TAB), the body last and
//! possibly over many lines:
//!
//! ```text
//!   method:       'POST'             Python 1.x/2.x: `method:        '…'`
//!   uri:          '/v1/1234/payments'            and `uri:          ''/v1/…''`
//!   headers:      'A="x", B="y"'     Python: no outer quotes
//!   content-type: 'application/json' Python responses: unquoted; 1.x/2.x `content-type :…`
//!   body:         '{…}'              Python responses: unquoted; 1.x/2.x `body         {…}`
//!   status-code:  '400'              Python: `status_code:  400`
//! ```

use super::body::{BodyText, PendingBody, Progress};
use super::headers::quoted_pairs;
use super::message::{LineContext, Message, content_type, logged_body};
use super::model::Sdk;
use super::start::{Kind, Start};

#[derive(Debug)]
pub struct FieldsMessage {
    kind: Kind,
    sdk: Sdk,
    sdk_certain: bool,
    method: Option<String>,
    uri: Option<String>,
    headers: Option<String>,
    content_type: Option<String>,
    status: Option<u16>,
    body: PendingBody,
    max_body: usize,
}

const NAMES: [&str; 7] = [
    "method",
    "uri",
    "headers",
    "content-type",
    "body",
    "status-code",
    "status_code",
];

/// `  name:   value` → (name, value); also `name :value` and `name   value`.
fn field(line: &str) -> Option<(&'static str, &str)> {
    if !line.starts_with([' ', '\t']) {
        return None;
    }
    let t = line.trim_start();
    let name = NAMES.iter().find(|n| t.starts_with(**n))?;
    let after = &t[name.len()..];
    if !(after.is_empty() || after.starts_with([' ', ':', '\t'])) {
        return None;
    }
    let after = after.trim_start_matches([' ', '\t']);
    let after = after.strip_prefix(':').unwrap_or(after);
    // Exactly the padding: the value itself may start with blanks.
    Some((name, after.trim_start_matches(' ')))
}

/// `'x'` → `x`; Python 1.x/2.x doubled quotes `''/v1/…''` → `/v1/…`.
fn unquote(v: &str) -> &str {
    let mut v = v;
    while v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v = &v[1..v.len() - 1];
    }
    v
}

impl FieldsMessage {
    pub fn new(start: &Start, max_body: usize) -> Self {
        FieldsMessage {
            kind: start.kind,
            sdk: start.sdk,
            sdk_certain: start.sdk_certain,
            method: None,
            uri: None,
            headers: None,
            content_type: None,
            status: None,
            body: PendingBody::default(),
            max_body,
        }
    }

    fn has_what_it_needs(&self) -> bool {
        match self.kind {
            Kind::Request => self.method.is_some() && self.uri.is_some() && self.headers.is_some(),
            _ => self.status.is_some(),
        }
    }

    /// The progress after `line`, or None when the line is not this message's.
    pub fn feed(&mut self, line: &str, ctx: LineContext) -> Option<Progress> {
        if let Some(body) = self.body.get_mut() {
            // Only lines that are no record start extend a body.
            if ctx.record_start {
                return None;
            }
            return body.extend(line.as_bytes(), ctx.prefixed);
        }
        if ctx.record_start {
            return None;
        }
        let (name, value) = field(line)?;
        if line.starts_with('\t') {
            self.sdk = Sdk::Go;
            self.sdk_certain = true;
        }
        match name {
            "method" => self.method = Some(unquote(value).to_string()),
            "uri" => self.uri = Some(unquote(value).to_string()),
            "headers" => {
                if !value.starts_with('\'') {
                    self.sdk = Sdk::Python;
                    self.sdk_certain = true;
                }
                self.headers = Some(unquote(value).to_string());
            }
            "content-type" => self.content_type = Some(unquote(value).to_string()),
            "status-code" | "status_code" => {
                if name == "status_code" {
                    self.sdk = Sdk::Python;
                    self.sdk_certain = true;
                }
                self.status = Some(unquote(value).trim().parse().ok()?);
            }
            _ => {
                return Some(self.body.start(BodyText::begin(
                    value,
                    value.starts_with('\''),
                    self.max_body,
                )));
            }
        }
        Some(if self.has_what_it_needs() {
            Progress::MayEnd
        } else {
            Progress::Open
        })
    }

    /// The body, once it has begun: its lines go to it as bytes.
    pub fn body_mut(&mut self) -> Option<&mut BodyText> {
        self.body.get_mut()
    }

    pub fn mark_cut(&mut self) {
        self.body.mark_cut();
    }

    pub fn mark_lossy(&mut self) {
        self.body.mark_lossy();
    }

    /// Fills `m`; false when the body is not whole.
    pub fn into_message(self, m: &mut Message) -> bool {
        m.sdk = self.sdk;
        m.sdk_certain = self.sdk_certain;
        m.method = self.method;
        m.uri = self.uri;
        m.status = self.status;
        m.headers = self
            .headers
            .as_deref()
            .map(quoted_pairs)
            .unwrap_or_default();
        let ct = content_type(self.content_type, &m.headers);
        let (body, complete) = logged_body(self.body.into_inner(), ct);
        m.body = body;
        complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_every_version() {
        assert_eq!(field("  method:       'GET'"), Some(("method", "'GET'")));
        assert_eq!(field("\turi:          '/v1/x'"), Some(("uri", "'/v1/x'")));
        assert_eq!(
            field("  content-type :application/json"),
            Some(("content-type", "application/json"))
        );
        assert_eq!(
            field("  body         {\"a\": 1}"),
            Some(("body", "{\"a\": 1}"))
        );
        assert_eq!(field("  body:         "), Some(("body", "")));
        assert_eq!(field("  status_code:  400"), Some(("status_code", "400")));
        assert_eq!(field("method: 'GET'"), None, "fields are indented");
        assert_eq!(field("  methods: x"), None);
        assert_eq!(unquote("''/v1/1234/payments''"), "/v1/1234/payments");
        assert_eq!(unquote("'"), "'");
    }
}
