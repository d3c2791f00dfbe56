//! The Connect Server API's data model: every endpoint and object type of API v1, read
//! from the official Python SDK by `scripts/model/generate.py` into
//! `assets/model/connect-v1.json` (facts only; the SDK's MIT notice beside it).
//!
//! Pure: no IO. The data is embedded and parsed on first use ([`model`]), so a start that
//! never asks costs nothing. What it answers:
//! - which endpoint a request is ([`Model::match_request`], [`Model::resolve_endpoint`]);
//! - the fields at a JSON path ([`Model::at_path`]) and at an editor's cursor
//!   ([`Body::path_at`], [`Model::completions`]);
//! - what fits at the cursor and the edit that takes it in ([`Model::choices`]), and a
//!   line about the field there ([`Model::describe_at`]);
//! - findings for a body against a request type ([`Model::findings`]);
//! - values of a response outside their documented lists ([`Model::undocumented_values`]).
//!
//! It speaks with its source ("not in model (connect-sdk-python3 6.3.0)"): the API may
//! know fields this SDK version does not.

mod body;
mod complete;
mod data;
mod endpoints;
mod findings;
mod paths;
mod response_values;
mod strict;
mod suggest;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_body;
#[cfg(test)]
mod tests_complete;

use std::sync::OnceLock;

pub use body::{Body, CursorAt, CursorPath, Scanned, Segment, path_text};
pub use complete::{Choice, ChoiceKind, Choices, Edit};
pub use data::{Counts, Endpoint, Field, FieldRef, Kind, Model, QueryParam, Source, Type};
pub use endpoints::{EndpointMatch, NoMatch, PathParam};
pub use findings::{Finding, FindingKind, Findings, MAX_FINDINGS};
pub use paths::{At, Completion, PathError, parse_path};
pub use response_values::{MARKED_BODY_LIMIT, ValueMark};
pub use strict::json_error;
pub use suggest::{did_you_mean, osa_distance};

/// The data file, as generated.
pub const DATA: &str = include_str!("../../../assets/model/connect-v1.json");

/// The model if it has been read already (never reads it: the TUI reads it off
/// its UI thread the first time).
pub fn loaded() -> Option<&'static Model> {
    MODEL.get().and_then(|m| m.as_ref().ok())
}

static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();

/// The model, parsed on first use.
///
/// The data file is ours and a test parses it, so a failure is a build defect; it still
/// gives an error rather than a panic, and callers say the model is unavailable.
pub fn model() -> Result<&'static Model, &'static str> {
    MODEL
        .get_or_init(|| Model::parse(DATA))
        .as_ref()
        .map_err(String::as_str)
}
