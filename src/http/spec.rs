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
}

/// A complete response as received. The body is kept as bytes: it may be
/// anything (JSON, an HTML error page, binary), and decoding is the viewer's job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRecord {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
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
