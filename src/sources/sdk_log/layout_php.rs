//! PHP's layout: an HTTP request line (`POST /v1/1234/payments HTTP/1.1`) or
//! status line (`HTTP/1.1 400 Bad Request`), `Name: value` header lines, then
//! a blank line and the body when there is one.

use super::body::{BodyText, PendingBody, Progress};
use super::headers::header_line;
use super::message::{LineContext, Message, content_type, logged_body};
use super::start::Kind;

#[derive(Debug, PartialEq, Eq)]
enum Phase {
    StartLine,
    Headers,
    /// After the blank line, before the body's first line.
    BodyStart,
    Body,
}

#[derive(Debug)]
pub struct PhpMessage {
    phase: Phase,
    method: Option<String>,
    uri: Option<String>,
    status: Option<u16>,
    headers: Vec<(String, String)>,
    body: PendingBody,
    max_body: usize,
}

impl PhpMessage {
    pub fn new(max_body: usize) -> Self {
        PhpMessage {
            phase: Phase::StartLine,
            method: None,
            uri: None,
            status: None,
            headers: Vec::new(),
            body: PendingBody::default(),
            max_body,
        }
    }

    pub fn feed(&mut self, line: &str, ctx: LineContext, kind: Kind) -> Option<Progress> {
        if ctx.record_start {
            return None;
        }
        match self.phase {
            Phase::StartLine => {
                let mut words = line.split(' ');
                let (a, b) = (words.next()?, words.next()?);
                if kind == Kind::Request {
                    let version = words.next()?;
                    if !version.starts_with("HTTP/") || a.is_empty() {
                        return None;
                    }
                    self.method = Some(a.to_string());
                    self.uri = Some(b.to_string());
                } else {
                    if !a.starts_with("HTTP/") {
                        return None;
                    }
                    self.status = Some(b.parse().ok()?);
                }
                self.phase = Phase::Headers;
                Some(Progress::MayEnd)
            }
            Phase::Headers => {
                if line.is_empty() {
                    self.phase = Phase::BodyStart;
                    return Some(Progress::MayEnd);
                }
                self.headers.push(header_line(line)?);
                Some(Progress::MayEnd)
            }
            Phase::BodyStart => {
                if !ctx.prefixed && !line.starts_with(['{', '[']) {
                    // Without a prefix to tell records apart, only JSON is
                    // taken as the body of a message that may have none.
                    return None;
                }
                let progress = self.body.start(BodyText::begin(line, false, self.max_body));
                self.phase = Phase::Body;
                Some(progress)
            }
            Phase::Body => self.body.get_mut()?.extend(line.as_bytes(), ctx.prefixed),
        }
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

    pub fn into_message(self, m: &mut Message) -> bool {
        m.method = self.method;
        m.uri = self.uri;
        m.status = self.status;
        let ct = content_type(None, &self.headers);
        m.headers = self.headers;
        let (body, complete) = logged_body(self.body.into_inner(), ct);
        m.body = body;
        complete && self.phase != Phase::StartLine
    }
}
