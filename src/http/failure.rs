use std::error::Error as _;
use std::time::Duration;

/// Why no complete response arrived. Each variant renders as one line that says
/// what happened and what to try, because that line is all the response pane shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("connection refused by {host}: is the server running and the port right?")]
    ConnectionRefused { host: String },
    #[error("cannot resolve host {host}: check the base URL and your DNS")]
    Dns { host: String },
    #[error(
        "TLS handshake with {host} failed: {reason} (is it an https server with a valid certificate?)"
    )]
    Tls { host: String, reason: String },
    #[error("no complete response within {}s (timeout); the server may still process the request", .0.as_secs_f64())]
    Timeout(Duration),
    #[error("connection lost after {received} bytes of the body: {reason}")]
    BodyInterrupted { received: usize, reason: String },
    #[error("cannot connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("request failed: {0}")]
    Other(String),
}

impl TransportError {
    /// Sorts a reqwest failure into the cases a user can act on. reqwest keeps the
    /// root cause (io::Error, rustls, DNS) in the source chain, so we walk it.
    pub(crate) fn from_reqwest(
        err: &reqwest::Error,
        host: &str,
        https: bool,
        timeout: Duration,
    ) -> Self {
        let chain = source_chain(err);
        if err.is_timeout() {
            return Self::Timeout(timeout);
        }
        if err.is_builder() {
            return Self::InvalidUrl {
                url: err.url().map(|u| u.to_string()).unwrap_or_default(),
                reason: chain,
            };
        }
        let lower = chain.to_ascii_lowercase();
        if has_io_kind(err, std::io::ErrorKind::ConnectionRefused)
            || lower.contains("connection refused")
        {
            return Self::ConnectionRefused {
                host: host.to_string(),
            };
        }
        if err.is_dns() || lower.contains("dns error") || lower.contains("failed to lookup address")
        {
            return Self::Dns {
                host: host.to_string(),
            };
        }
        // A connect-phase failure on https that is neither refused nor DNS happened
        // in the TLS handshake (bad certificate, or not a TLS server at all).
        if https
            && (err.is_connect() || lower.contains("certificate") || lower.contains("handshake"))
        {
            return Self::Tls {
                host: host.to_string(),
                reason: root_cause(err),
            };
        }
        if err.is_connect() {
            return Self::Connect {
                host: host.to_string(),
                reason: chain,
            };
        }
        Self::Other(chain)
    }
}

fn has_io_kind(err: &reqwest::Error, kind: std::io::ErrorKind) -> bool {
    let mut source = err.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && io.kind() == kind
        {
            return true;
        }
        source = s.source();
    }
    false
}

/// The innermost message: for TLS it names the actual problem.
fn root_cause(err: &dyn std::error::Error) -> String {
    let mut last = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

/// "outer: inner: root" without repeating a message that a layer merely wraps.
pub(crate) fn source_chain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last().is_none_or(|last| !last.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}
