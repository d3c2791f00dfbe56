//! The one exchange pipeline, below every front end (the TUI, `cinspect send`,
//! and whatever comes next): *prepare* a draft (environment, URL and
//! placeholders, the method's body rule, JSON and production checks) →
//! *sign* at the moment of sending → *send* (cancel, timeout) → *record* to
//! history → the [`Exchange`] a front end shows, and the reports it prints.
//! No front end signs, sends or records by itself.

pub mod compare;
mod exchange;
mod failure;
mod headers;
mod prepare;
pub mod record;
pub mod report;
pub mod resolve;
mod send;
mod sign;

pub use exchange::{
    Exchange, Judged, PreparedRequest, SentRequest, build_exchange, build_preview, judge,
    judge_parsed,
};
pub use failure::{Failure, FailureKind};
pub use headers::{HeaderError, parse_header_lines};
pub use prepare::{
    Confirmation, Confirmed, DEFAULT_MAX_RESPONSE, Draft, NotSent, Note, Prepared, SendSettings,
    carries_no_body, other_origin, prepare,
};
pub use report::{
    exchange_json, locate_all, place_of, place_phrase, places_in, report_after_status, status_line,
    text_report, uri_column, uri_places,
};
pub use resolve::ResolveError;
pub use send::{MAY_STILL_PROCESS, Pipeline, Recording, Sent};
pub use sign::sign_request;
