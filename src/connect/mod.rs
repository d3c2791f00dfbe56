//! What the Connect API means: its status table, error model, the SDKs' classification of
//! responses, v1HMAC signing, the X-GCS meta headers and the request templates of the documented
//! endpoints. Pure: no terminal, no IO, no async.

pub mod advice;
pub mod card;
pub mod datetime;
pub mod errors;
pub mod meta;
pub mod model;
pub mod report_value;
pub mod sign;
pub mod status;
pub mod templates;
pub mod verdict;
pub mod webhook;
pub mod webhook_events;

pub use advice::Reader;
pub use errors::{
    ApiError, CODES, CodeSource, ErrorEntry, ErrorReport, ResultKind, ResultObject, code_source,
    known_error, read_error_report,
};
pub use meta::{client_meta_info, decode_meta_info, server_meta_info};
pub use sign::{
    QueryMode, SignInput, authorization_value, mask_authorization, parse_authorization, signature,
    string_to_sign,
};
pub use status::{StatusClass, StatusInfo, StatusQuery, listed_codes, status_info};
pub use verdict::{
    Body, ResponseFacts, Verdict, VerdictKind, classify, is_json_content_type, transport_verdict,
};
