//! The public result types of `locate` and their JSON form (`cinspect locate` output).

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value, json};

/// How to read a non-negative index `a[n]` in a propertyName.
///
/// The API's documentation says `a[1]` is the first element; JSONata, which the API
/// claims to follow, is 0-based. Nobody knows which the server emits, hence `Auto`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IndexBase {
    /// Decide per path: the reading that resolves, else the one whose value the error
    /// message quotes, else 1-based (the API's documented reading).
    #[default]
    Auto,
    /// JSONata's reading: `a[0]` is the first element.
    Zero,
    /// The API documentation's reading: `a[1]` is the first element.
    One,
}

/// An index base that is not `auto`, `0` or `1`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown index base `{0}`: use auto, 0 or 1")]
pub struct ParseIndexBaseError(pub String);

impl FromStr for IndexBase {
    type Err = ParseIndexBaseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "auto" => Ok(IndexBase::Auto),
            "0" => Ok(IndexBase::Zero),
            "1" => Ok(IndexBase::One),
            other => Err(ParseIndexBaseError(other.to_owned())),
        }
    }
}

impl fmt::Display for IndexBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IndexBase::Auto => "auto",
            IndexBase::Zero => "0",
            IndexBase::One => "1",
        })
    }
}

/// Options for one `locate` call.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocateOptions<'a> {
    pub index_base: IndexBase,
    /// The error's `message`, used by `IndexBase::Auto` to break ties with the value the
    /// message quotes.
    pub message: Option<&'a str>,
}

/// Byte offsets `[start, end)` in the request text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One value the path selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Canonical path: 0-based indexes, odd names in backticks.
    pub path: String,
    /// The value's span; a string's includes its quotes. Empty (start == end) for a key
    /// whose value has not been typed yet (`"a": ,`): the place to type it.
    pub span: Span,
    /// Position of the value's first character.
    pub start: Position,
    /// Position just after the value's last character.
    pub end: Position,
    /// The span of the member's key (with its quotes) when the value sits in an object.
    pub key: Option<Span>,
}

/// The deepest part of a path that exists, where the missing part would be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nearest {
    pub path: String,
    /// The span of that part's value (empty at 0..0 when the body has no value at all).
    pub span: Span,
    pub start: Position,
}

/// What a path selects in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// At least one match, in document order.
    Found { matches: Vec<Match> },
    /// Nothing matches; `missing` is the first step that does not resolve, as written
    /// in the path (`countryCode`, `[3]`, `[type='DISCOUNT']`).
    Missing { nearest: Nearest, missing: String },
    /// The path uses JSONata beyond the supported subset.
    Unsupported { reason: String },
}

impl Outcome {
    /// True for `Found`.
    pub fn is_found(&self) -> bool {
        matches!(self, Outcome::Found { .. })
    }

    /// The word used for this outcome in JSON output.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Found { .. } => "found",
            Outcome::Missing { .. } => "missing",
            Outcome::Unsupported { .. } => "unsupported",
        }
    }
}

/// The full answer for one propertyName.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub property: String,
    pub outcome: Outcome,
    /// The index reading used (0 or 1); None when the path has no non-negative index
    /// (the base cannot matter) or is unsupported.
    pub index_base: Option<u8>,
    /// What the other reading gives, whenever the base could matter, so the UI can offer
    /// "switch reading" when it differs.
    pub other_reading: Option<Box<Outcome>>,
    /// E.g. "duplicate key `order.amountOfMoney`: the last one is used".
    pub warnings: Vec<String>,
}

impl Location {
    /// True when the other index reading would select something else (or resolve where
    /// this one does not): the cue to offer "switch reading".
    pub fn other_reading_differs(&self) -> bool {
        self.other_reading
            .as_deref()
            .is_some_and(|other| *other != self.outcome)
    }

    /// The `cinspect locate` output object.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("property".into(), json!(self.property));
        out.insert("outcome".into(), json!(self.outcome.name()));
        out.insert("index_base".into(), json!(self.index_base));
        let matches: Vec<Value> = match &self.outcome {
            Outcome::Found { matches } => matches
                .iter()
                .map(|m| {
                    json!({
                        "path": m.path,
                        "line": m.start.line,
                        "column": m.start.column,
                        "end_line": m.end.line,
                        "end_column": m.end.column,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        out.insert("matches".into(), Value::Array(matches));
        match &self.outcome {
            Outcome::Missing { nearest, missing } => {
                out.insert(
                    "nearest".into(),
                    json!({
                        "path": nearest.path,
                        "line": nearest.start.line,
                        "column": nearest.start.column,
                    }),
                );
                out.insert("missing".into(), json!(missing));
            }
            Outcome::Unsupported { reason } => {
                out.insert("reason".into(), json!(reason));
            }
            Outcome::Found { .. } => {}
        }
        if !self.warnings.is_empty() {
            out.insert("warnings".into(), json!(self.warnings));
        }
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_base_parses_and_displays() {
        for (s, b) in [
            ("auto", IndexBase::Auto),
            ("0", IndexBase::Zero),
            ("1", IndexBase::One),
        ] {
            assert_eq!(s.parse::<IndexBase>(), Ok(b));
            assert_eq!(b.to_string(), s);
        }
        assert!("2".parse::<IndexBase>().is_err());
        assert_eq!(IndexBase::default(), IndexBase::Auto);
    }

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn found_json_has_matches_and_no_missing_keys() {
        let loc = Location {
            property: "a".into(),
            outcome: Outcome::Found {
                matches: vec![Match {
                    path: "a".into(),
                    span: Span { start: 6, end: 7 },
                    start: at(1, 7),
                    end: at(1, 8),
                    key: Some(Span { start: 1, end: 4 }),
                }],
            },
            index_base: None,
            other_reading: None,
            warnings: vec![],
        };
        let text = loc.to_json().to_string();
        assert_eq!(
            text,
            r#"{"property":"a","outcome":"found","index_base":null,"matches":[{"path":"a","line":1,"column":7,"end_line":1,"end_column":8}]}"#
        );
    }

    #[test]
    fn missing_json_has_nearest_missing_and_warnings() {
        let loc = Location {
            property: "a[1].b".into(),
            outcome: Outcome::Missing {
                nearest: Nearest {
                    path: "a[0]".into(),
                    span: Span { start: 6, end: 8 },
                    start: at(1, 7),
                },
                missing: "b".into(),
            },
            index_base: Some(1),
            other_reading: None,
            warnings: vec!["w".into()],
        };
        assert_eq!(
            loc.to_json().to_string(),
            r#"{"property":"a[1].b","outcome":"missing","index_base":1,"matches":[],"nearest":{"path":"a[0]","line":1,"column":7},"missing":"b","warnings":["w"]}"#
        );
    }

    #[test]
    fn unsupported_json_has_reason() {
        let loc = Location {
            property: "$count(a)".into(),
            outcome: Outcome::Unsupported {
                reason: "functions are not supported".into(),
            },
            index_base: None,
            other_reading: None,
            warnings: vec![],
        };
        assert_eq!(
            loc.to_json().to_string(),
            r#"{"property":"$count(a)","outcome":"unsupported","index_base":null,"matches":[],"reason":"functions are not supported"}"#
        );
    }
}
