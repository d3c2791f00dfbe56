//! Reading the official Connect SDKs' communicator logs out of an
//! application log: every request and response message of Java, .NET,
//! Python, Ruby, PHP, Node and Go (all the versions in
//! `tests/fixtures/sdk-logs/`), inside whatever logger wraps them
//! (timestamps, levels and thread names before the first line, JSON-lines
//! records such as pino's, java.util.logging's two-line records, CRLF),
//! paired by requestId into [`LoggedExchange`]s.
//!
//! Pure: it reads any `Read` and never executes or sends anything it finds.
//! Memory is bounded by what is kept (lines and bodies have caps, a request
//! waits for its response for a bounded number of messages and holds back a
//! bounded number of bytes), never by the size of the input; each message
//! says which bytes it was read from ([`Span`]), so it can be read again; malformed input is counted in [`Stats`], never a panic.
//!
//! ```
//! use connect_inspector::sources::sdk_log::{self, Options};
//! let log = "2026-12-02T00:28:38 Outgoing request (requestId='d9c0'):\n  method:       'GET'\n  uri:          '/v1/1234/services/testconnection'\n  headers:      'Authorization=\"********\"'\n2026-12-02T00:28:38 Incoming response (requestId='d9c0', 52 ms):\n  status-code:  '200'\n  headers:      'content-type=\"application/json\"'\n  content-type: 'application/json'\n  body:         '{\"result\":\"OK\"}'\n";
//! let mut read = sdk_log::read(log.as_bytes(), Options::default());
//! let x = read.next().expect("one exchange");
//! assert_eq!((x.line, x.status(), x.request_id.as_str()), (1, Some(200), "d9c0"));
//! assert_eq!(x.exchange().expect("a response").verdict.kind.as_str(), "success");
//! assert_eq!(read.stats().fragments, 0);
//! ```
//!
//! - `lines`: bounded line splitting; `container`: Docker, CRI and journald
//!   records taken off the lines; `start`: SDK markers and first lines;
//!   `wrapper`: the logger around a message (time, record shape, JSON lines);
//!   `time`: timestamps.
//! - `message` with `layout_fields` (Java, .NET, Python, Ruby, Go),
//!   `layout_node` and `layout_php`: a message line by line; `body`: a body
//!   and where it ends; `headers`: the three header formats.
//! - `pairing`: requests and responses by requestId; `masks`: what the SDK
//!   masked; `reader`: the push reader and the iterator; `convert`: to the
//!   pipeline's types; `stats`: counts and fragment lines; `split`: a file
//!   read in parts on every core, stitched into the same exchanges.

mod body;
mod container;
mod convert;
mod headers;
mod layout_fields;
mod layout_node;
mod layout_php;
mod lines;
mod masks;
mod message;
mod model;
mod pairing;
mod reader;
mod split;
mod start;
mod stats;
mod time;
mod wrapper;

#[cfg(test)]
mod container_tests;
#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod split_tests;
#[cfg(test)]
mod tests;

pub use lines::{Line, LineSplitter};
pub use masks::find as find_masked;
pub use model::{
    LoggedBody, LoggedError, LoggedExchange, LoggedRequest, LoggedResponse, Masked, Sdk, Span,
};
pub use pairing::Order;
pub use reader::{Exchanges, LogReader, Options, read};
pub use split::{PART_BYTES, Positioned, SplitRead, read_split};
pub use stats::Stats;
