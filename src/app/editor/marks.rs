//! What the editor marks in its request beside the text: values an SDK (or
//! history) masked, `{{names}}` nothing fills, the body's first JSON syntax
//! error as typed, and where the URL really goes when that is not the
//! environment's origin. Each is found again only when what it was found
//! for changed (the body's revision, the URL and base).

use std::ops::Range;

use crate::sources::sdk_log::Masked;

/// Above this a body is not checked as it is typed (F5 still checks it): a
/// check costs about 2 ms a megabyte, and typing must not wait for it.
const LIVE_CHECK_LIMIT: usize = 1024 * 1024;

/// What the URL's destination was worked out for: the URL, the base, the
/// file the request came from (its variables may fill the URL).
pub type DestinationKey = (String, String, Option<usize>);

#[derive(Debug, Clone, Default)]
pub struct Marks {
    masks: Vec<Masked>,
    /// (0-based row, character range).
    unresolved: Vec<(usize, Range<usize>)>,
    json_problem: Option<String>,
    /// The body revision the three above were found for.
    body_for: Option<u64>,
    destination: Option<String>,
    destination_for: Option<DestinationKey>,
}

/// The marks of one body, found together.
pub struct BodyMarks {
    pub masks: Vec<Masked>,
    pub unresolved: Vec<(usize, Range<usize>)>,
    pub json_problem: Option<String>,
}

impl BodyMarks {
    /// The marks of `body` that need nothing but its text; `unresolved` is
    /// the caller's, who knows what fills names.
    pub fn of(body: &str, unresolved: Vec<(usize, Range<usize>)>) -> Self {
        Self {
            masks: crate::sources::sdk_log::find_masked(body),
            unresolved,
            json_problem: json_problem(body),
        }
    }
}

impl Marks {
    pub fn masks(&self) -> &[Masked] {
        &self.masks
    }

    pub fn unresolved(&self) -> &[(usize, Range<usize>)] {
        &self.unresolved
    }

    pub fn json_problem(&self) -> Option<&str> {
        self.json_problem.as_deref()
    }

    pub fn destination(&self) -> Option<&str> {
        self.destination.as_deref()
    }

    /// Whether the body's marks were found for another revision.
    pub fn body_stale(&self, revision: u64) -> bool {
        self.body_for != Some(revision)
    }

    pub fn set_body(&mut self, revision: u64, found: BodyMarks) {
        self.masks = found.masks;
        self.unresolved = found.unresolved;
        self.json_problem = found.json_problem;
        self.body_for = Some(revision);
    }

    /// Whether the destination was worked out for something else.
    pub fn destination_stale(&self, key: &DestinationKey) -> bool {
        self.destination_for.as_ref() != Some(key)
    }

    pub fn set_destination(&mut self, key: DestinationKey, destination: Option<String>) {
        self.destination = destination;
        self.destination_for = Some(key);
    }
}

/// The body's first JSON syntax error, `line:col: what`, checked as it is
/// typed; nothing for a blank body. A `{{variable}}` makes a body that is
/// not JSON until it is filled: that is said at F5, not here.
pub fn json_problem(body: &str) -> Option<String> {
    if body.trim().is_empty() || body.contains("{{") {
        return None;
    }
    if body.len() > LIVE_CHECK_LIMIT {
        return None;
    }
    let e = serde_json::from_str::<serde::de::IgnoredAny>(body).err()?;
    let message = e.to_string();
    let what = message.split(" at line ").next().unwrap_or(&message);
    Some(format!("{}:{}: {what}", e.line(), e.column()))
}
