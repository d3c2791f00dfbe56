//! Node's layout: everything after the first line's `headers: ` is the
//! headers as indented JSON, then `, body: ` and the body (indented JSON, raw
//! text for a non-JSON response, or nothing).

use super::body::{BodyText, Depth, PendingBody, Progress};
use super::headers::json_object;
use super::message::{LineContext, Message, content_type, logged_body};

#[derive(Debug)]
pub struct NodeMessage {
    headers: String,
    depth: Depth,
    headers_closed: bool,
    body: PendingBody,
    max_body: usize,
}

impl NodeMessage {
    pub fn new(max_body: usize) -> Self {
        NodeMessage {
            headers: String::new(),
            depth: Depth::default(),
            headers_closed: false,
            body: PendingBody::default(),
            max_body,
        }
    }

    /// The first line's text after `headers: `.
    pub fn first(&mut self, rest: &str) -> Progress {
        self.headers_part(rest)
    }

    fn headers_part(&mut self, text: &str) -> Progress {
        if !self.headers.is_empty() {
            self.headers.push('\n');
        }
        match self.depth.feed(text.as_bytes()) {
            None => {
                if self.headers.len() + text.len() <= self.max_body {
                    self.headers.push_str(text);
                }
                Progress::Open
            }
            Some(end) => {
                self.headers.push_str(&text[..end]);
                self.headers_closed = true;
                let after = &text[end..];
                let first = after.strip_prefix(", body:").unwrap_or(after);
                let first = first.strip_prefix(' ').unwrap_or(first);
                self.body
                    .start(BodyText::begin(first, false, self.max_body))
            }
        }
    }

    pub fn feed(&mut self, line: &str, ctx: LineContext) -> Option<Progress> {
        if ctx.record_start {
            return None;
        }
        match self.body.get_mut() {
            None => Some(self.headers_part(line)),
            Some(body) => body.extend(line.as_bytes(), ctx.prefixed),
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
        m.headers = json_object(&self.headers);
        let ct = content_type(None, &m.headers);
        let (body, complete) = logged_body(self.body.into_inner(), ct);
        m.body = body;
        complete && self.headers_closed
    }
}
