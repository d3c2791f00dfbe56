use std::time::Duration;

/// Everything needed to put one request on the wire, already signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSpec {
    pub method: String,
    pub url: String,
    /// In the order they are sent; names as the user wrote them.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub timeout: Duration,
    /// Past this many bytes the download stops and the part received is kept.
    pub max_body: usize,
}

/// A complete response as received. The body is kept as bytes: it may be
/// anything (JSON, an HTML error page, binary), and decoding is the viewer's job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRecord {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
    /// The body was cut at the size limit.
    pub cut: Option<BodyCut>,
}

/// Where a body too big to keep was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyCut {
    /// Bytes kept (the limit).
    pub kept: usize,
    /// The size the server declared (Content-Length), when it did.
    pub declared: Option<u64>,
}

impl std::fmt::Display for BodyCut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
        match self.declared {
            Some(total) => write!(
                f,
                "cut at {:.0} MB of {:.0} MB",
                mb(self.kept as u64),
                mb(total)
            ),
            None => write!(
                f,
                "cut at {:.0} MB of at least that much",
                mb(self.kept as u64)
            ),
        }
    }
}

impl ResponseRecord {
    /// The first header with this name, compared case-insensitively as HTTP requires.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// Case-insensitive header lookup over a list of pairs.
pub fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
