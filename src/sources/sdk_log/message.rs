//! One SDK message being read, line by line, in whichever layout its SDK
//! uses; and the message once complete.

use super::body::{BodyText, Progress};
use super::layout_fields::FieldsMessage;
use super::layout_node::NodeMessage;
use super::layout_php::PhpMessage;
use super::model::{LoggedBody, Sdk, Span};
use super::start::{Kind, Layout, Start};

/// A complete message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub kind: Kind,
    pub sdk: Sdk,
    pub sdk_certain: bool,
    pub request_id: String,
    pub line: u64,
    pub time: Option<String>,
    pub method: Option<String>,
    pub uri: Option<String>,
    pub endpoint: Option<String>,
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Option<LoggedBody>,
    pub elapsed_ms: Option<f64>,
    /// An error message's text.
    pub text: Option<String>,
    /// Where it is in the log (set by the reader, which sees the offsets).
    pub span: Span,
    /// A request's masked values and the sdkIdentifier of its
    /// X-GCS-ServerMetaInfo, read where the message is read (on the worker
    /// that scans its part, in a split read) by [`Message::read_request`].
    pub masked: Vec<super::model::Masked>,
    pub sdk_identifier: Option<String>,
}

impl Message {
    /// Reads what a request carries besides its fields: the values the SDK
    /// masked in its body (when `masks`) and the SDK that sent it (`last`:
    /// the X-GCS-ServerMetaInfo read last and what it named, since an
    /// application sends the same one on every call).
    pub fn read_request(&mut self, masks: bool, last: &mut Option<(String, Option<String>)>) {
        if self.kind != Kind::Request {
            return;
        }
        let meta = crate::http::header_value(&self.headers, crate::connect::meta::SERVER_META_INFO);
        self.sdk_identifier = match (meta, last.as_ref()) {
            (Some(meta), Some((seen, named))) if seen == meta => named.clone(),
            (Some(meta), _) => {
                let named = sdk_identifier(meta);
                // A hostile log's header is not kept whatever its size.
                if meta.len() <= 4096 {
                    *last = Some((meta.to_string(), named.clone()));
                }
                named
            }
            (None, _) => None,
        };
        self.masked = self
            .body
            .as_ref()
            .filter(|_| masks)
            .map(|b| super::masks::find(&b.text))
            .unwrap_or_default();
    }
}

/// The `sdkIdentifier` an X-GCS-ServerMetaInfo value names.
fn sdk_identifier(meta: &str) -> Option<String> {
    crate::connect::decode_meta_info(meta)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v.get("sdkIdentifier")?.as_str().map(str::to_string))
}

/// What a line did to the message being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// The line belongs to the message, which goes on (or may end).
    Taken,
    /// The line belongs to the message, which is complete.
    Done,
    /// The line is not part of the message: it ended before it.
    NotMine,
}

/// How a line relates to the message's wrapper, decided by the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineContext {
    /// The line starts a new record (the wrapper's prefix shape, or an SDK marker).
    pub record_start: bool,
    /// The wrapper has a prefix shape, so a line that is no record start is a
    /// continuation of this message.
    pub prefixed: bool,
}

/// Why a message could not be read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incomplete {
    /// Another record (or the end of a JSON-lines record) came first.
    Interrupted,
    /// The input ended first.
    AtEnd,
}

#[derive(Debug)]
enum Layouts {
    Fields(FieldsMessage),
    Node(NodeMessage),
    Php(PhpMessage),
}

/// A message being read.
#[derive(Debug)]
pub struct OpenMessage {
    pub start: Start,
    pub line: u64,
    pub time: Option<String>,
    layout: Layouts,
    /// Whether the message may end after the latest line.
    progress: Progress,
    /// A line of it was over the cap: what was kept is all there will be.
    cut: bool,
}

impl OpenMessage {
    /// Starts reading the message whose first line `start` recognised.
    pub fn new(start: Start, line: u64, time: Option<String>, max_body: usize) -> OpenMessage {
        let (layout, progress) = match start.layout {
            Layout::Fields => (
                Layouts::Fields(FieldsMessage::new(&start, max_body)),
                Progress::Open,
            ),
            Layout::Node => {
                let mut m = NodeMessage::new(max_body);
                let p = m.first(&start.rest);
                (Layouts::Node(m), p)
            }
            Layout::Php => (Layouts::Php(PhpMessage::new(max_body)), Progress::Open),
        };
        let progress = if start.kind == Kind::Error {
            Progress::Done
        } else {
            progress
        };
        OpenMessage {
            start,
            line,
            time,
            layout,
            progress,
            cut: false,
        }
    }

    pub fn is_done(&self) -> bool {
        self.progress == Progress::Done
    }

    /// Whether the message could end here (before the next line).
    pub fn may_end(&self) -> bool {
        self.progress != Progress::Open || self.cut
    }

    /// The next line of the input while this message is open. A line of
    /// the body is taken as bytes (the body is read as UTF-8 once, whole);
    /// any other line as text, U+FFFD for bytes that are not UTF-8.
    pub fn feed(&mut self, line: &[u8], ctx: LineContext) -> Feed {
        if self.progress == Progress::Done {
            return Feed::NotMine;
        }
        let body = match &mut self.layout {
            Layouts::Fields(m) => m.body_mut(),
            Layouts::Node(m) => m.body_mut(),
            Layouts::Php(m) => m.body_mut(),
        };
        let outcome = match body {
            // Every layout ends its body at a record's start.
            Some(_) if ctx.record_start => None,
            Some(body) => body.extend(line, ctx.prefixed),
            None => {
                let text = super::reader::text_of(line);
                let outcome = match &mut self.layout {
                    Layouts::Fields(m) => m.feed(&text, ctx),
                    Layouts::Node(m) => m.feed(&text, ctx),
                    Layouts::Php(m) => m.feed(&text, ctx, self.start.kind),
                };
                if outcome.is_some() && matches!(text, std::borrow::Cow::Owned(_)) {
                    self.mark_lossy();
                }
                outcome
            }
        };
        match outcome {
            Some(p) => {
                self.progress = p;
                if p == Progress::Done {
                    Feed::Done
                } else {
                    Feed::Taken
                }
            }
            None => Feed::NotMine,
        }
    }

    /// Marks a body that lost bytes (a cut line).
    pub fn mark_cut(&mut self) {
        self.cut = true;
        match &mut self.layout {
            Layouts::Fields(m) => m.mark_cut(),
            Layouts::Node(m) => m.mark_cut(),
            Layouts::Php(m) => m.mark_cut(),
        }
    }

    pub fn mark_lossy(&mut self) {
        match &mut self.layout {
            Layouts::Fields(m) => m.mark_lossy(),
            Layouts::Node(m) => m.mark_lossy(),
            Layouts::Php(m) => m.mark_lossy(),
        }
    }

    /// The message as read, or why it is a fragment. `why` says what ended it
    /// when it was not complete by itself.
    pub fn finish(self, why: Incomplete) -> Result<Message, Incomplete> {
        let may_end = self.may_end();
        let mut message = Message {
            kind: self.start.kind,
            sdk: self.start.sdk,
            sdk_certain: self.start.sdk_certain,
            request_id: self.start.request_id.clone(),
            line: self.line,
            time: self.time,
            method: self.start.method.clone(),
            uri: self.start.uri.clone(),
            endpoint: self.start.endpoint.clone(),
            status: self.start.status,
            headers: Vec::new(),
            body: None,
            elapsed_ms: self.start.elapsed_ms,
            text: None,
            span: Span::default(),
            masked: Vec::new(),
            sdk_identifier: None,
        };
        if self.start.kind == Kind::Error {
            message.text = Some(self.start.rest.trim().to_string());
            return Ok(message);
        }
        if !may_end {
            return Err(why);
        }
        let complete = match self.layout {
            Layouts::Fields(m) => m.into_message(&mut message),
            Layouts::Node(m) => m.into_message(&mut message),
            Layouts::Php(m) => m.into_message(&mut message),
        };
        let readable = match message.kind {
            Kind::Request => message.method.is_some() && message.uri.is_some(),
            Kind::Response => message.status.is_some(),
            Kind::Error => true,
        };
        if complete && readable {
            Ok(message)
        } else {
            Err(why)
        }
    }
}

/// A body's content type from the logged field, else its headers.
pub fn content_type(field: Option<String>, headers: &[(String, String)]) -> Option<String> {
    field
        .filter(|c| !c.is_empty())
        .or_else(|| crate::http::header_value(headers, "Content-Type").map(str::to_string))
}

/// The body as the message keeps it: None when nothing was logged.
pub fn logged_body(
    body: Option<BodyText>,
    content_type: Option<String>,
) -> (Option<LoggedBody>, bool) {
    let Some(body) = body else {
        return (None, true);
    };
    let (complete, cut, lossy) = (body.complete(), body.cut, body.lossy);
    let done = body.finish();
    let (text, cut, lossy) = (done.text, cut || done.cut, lossy || done.lossy);
    // Cut where the replacements reached the cap: what there is, is all there will be.
    let complete = complete || done.cut;
    let body = (!text.is_empty() || cut).then_some(LoggedBody {
        text,
        content_type,
        cut,
        lossy,
    });
    (body, complete)
}
