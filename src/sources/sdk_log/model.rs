//! What the reader yields: one SDK call as its log tells it, with everything a
//! front end needs to show it as an exchange or to put it back in the editor.

use serde::Serialize;

/// The official server SDK whose communicator logger wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sdk {
    Java,
    DotNet,
    Python,
    Ruby,
    Php,
    Node,
    Go,
}

impl Sdk {
    /// The name `--json` prints: java, dotnet, python, ruby, php, node, go.
    pub fn as_str(self) -> &'static str {
        match self {
            Sdk::Java => "java",
            Sdk::DotNet => "dotnet",
            Sdk::Python => "python",
            Sdk::Ruby => "ruby",
            Sdk::Php => "php",
            Sdk::Node => "node",
            Sdk::Go => "go",
        }
    }

    /// The SDK an `X-GCS-ServerMetaInfo` sdkIdentifier names (`JavaServerSDK/v6.47.0`).
    pub fn from_identifier(id: &str) -> Option<Sdk> {
        let id = id.to_ascii_lowercase();
        [
            ("java", Sdk::Java),
            ("dotnet", Sdk::DotNet),
            (".net", Sdk::DotNet),
            ("python", Sdk::Python),
            ("ruby", Sdk::Ruby),
            ("php", Sdk::Php),
            ("node", Sdk::Node),
            ("go", Sdk::Go),
        ]
        .into_iter()
        .find(|(p, _)| id.starts_with(p))
        .map(|(_, sdk)| sdk)
    }
}

impl std::fmt::Display for Sdk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One SDK call: its request and response messages, paired by requestId. At
/// least one of `request` and `response` is there.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedExchange {
    pub sdk: Sdk,
    /// The SDK's version when the request's X-GCS-ServerMetaInfo names it.
    pub sdk_version: Option<String>,
    pub request_id: String,
    /// 1-based line where the request message starts (the response's when
    /// no request was logged).
    pub line: u64,
    /// When the logger's wrapper tells: ISO 8601 as far as the log goes
    /// (`2026-12-02T00:28:38`, `2026-12-01T23:59:29.732Z`).
    pub time: Option<String>,
    pub request: Option<LoggedRequest>,
    pub response: Option<LoggedResponse>,
    /// The SDK's "Error occurred …" message for this call, logged instead of a response.
    pub error: Option<LoggedError>,
}

/// Where a message is in its log: the bytes it was read from, and the number
/// of the line at `start` (a java.util.logging header line before the
/// message's first line is included: it carries the time). Reading those
/// bytes again gives the same message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub end: u64,
    pub first_line: u64,
}

/// A request message as logged: secrets are already masked by the SDK.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub line: u64,
    pub span: Span,
    pub time: Option<String>,
    pub method: String,
    /// As the SDK logged it: a path with its query (Go: without), or an absolute URL.
    pub uri: String,
    /// `scheme://host[:port]` when the SDK logs it (PHP).
    pub endpoint: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Option<LoggedBody>,
    /// Every value the SDK masked in the body, in body order.
    pub masked: Vec<Masked>,
}

/// A response message as logged.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedResponse {
    pub line: u64,
    pub span: Span,
    pub time: Option<String>,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<LoggedBody>,
    /// The call's duration when the SDK logs it (Java, .NET, Python, Ruby, Go).
    pub elapsed_ms: Option<f64>,
}

/// A body exactly as logged, masks and all (CRs of CRLF logs removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedBody {
    pub text: String,
    pub content_type: Option<String>,
    /// Part of the body was not kept: a line or the message was over its cap.
    pub cut: bool,
    /// Bytes that were not UTF-8 were replaced with U+FFFD.
    pub lossy: bool,
}

/// A value the SDK masked, e.g. `"cardNumber": "************7977"` or the
/// unquoted `"cvv": ***` that leaves the body invalid JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Masked {
    /// The value's path in the body (`order.customer.card.cvv`, indexes 0-based).
    pub path: String,
    /// The value as logged, without quotes.
    pub value: String,
    /// Whether it was logged quoted (a JSON string); `***` alone is not.
    pub quoted: bool,
    /// 1-based line and column (in characters) of the value in the body text.
    pub line: usize,
    pub column: usize,
}

/// The SDK's message about a call that got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedError {
    pub line: u64,
    pub span: Span,
    pub time: Option<String>,
    /// The message as logged, after the logger's prefix.
    pub text: String,
}

impl LoggedExchange {
    /// The status when a response was logged.
    pub fn status(&self) -> Option<u16> {
        self.response.as_ref().map(|r| r.status)
    }

    /// Not 2xx, or no response logged: what `--failed` keeps.
    pub fn is_failed(&self) -> bool {
        !self.status().is_some_and(|s| (200..300).contains(&s))
    }

    pub fn elapsed_ms(&self) -> Option<f64> {
        self.response.as_ref().and_then(|r| r.elapsed_ms)
    }

    /// Where its messages are in the log, in log order.
    pub fn spans(&self) -> Vec<Span> {
        let mut spans: Vec<Span> = [
            self.request.as_ref().map(|r| r.span),
            self.response.as_ref().map(|r| r.span),
            self.error.as_ref().map(|e| e.span),
        ]
        .into_iter()
        .flatten()
        .collect();
        spans.sort_by_key(|s| s.start);
        spans
    }

    /// About what it costs in memory: its texts (bodies, headers, uri) plus
    /// a fixed part for the rest.
    pub fn weight(&self) -> usize {
        let headers =
            |h: &[(String, String)]| h.iter().map(|(n, v)| n.len() + v.len() + 48).sum::<usize>();
        let body = |b: Option<&LoggedBody>| b.map_or(0, |b| b.text.len());
        let request = self.request.as_ref().map_or(0, |r| {
            r.uri.len()
                + r.method.len()
                + headers(&r.headers)
                + body(r.body.as_ref())
                + r.masked
                    .iter()
                    .map(|m| m.path.len() + m.value.len() + 64)
                    .sum::<usize>()
        });
        let response = self
            .response
            .as_ref()
            .map_or(0, |r| headers(&r.headers) + body(r.body.as_ref()));
        let error = self.error.as_ref().map_or(0, |e| e.text.len());
        256 + self.request_id.len() + request + response + error
    }
}
