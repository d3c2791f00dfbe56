//! Requests in from and out to other tools: curl commands and `.http` files (the VS Code REST
//! Client / JetBrains HTTP Client format).
//!
//! Nothing here carries a secret. cinspect signs a request (v1HMAC) when it sends it, so an
//! import drops the `Authorization`, `Date` and `X-GCS-ServerMetaInfo` headers of a pasted
//! request (an old signature would only fail) and an export says how to sign instead.

mod curl;
pub(crate) mod http_file;
mod shell;

use std::fmt;

pub use curl::{CurlError, parse_curl, to_curl};
pub use http_file::{HttpFileError, parse_http_file, to_http_file};

/// A request as the request editor holds it, before signing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestText {
    pub method: String,
    pub url: String,
    /// In order, as written; names keep their case.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// A place in text a person gave us: 1-based line and column, the column counted in Unicode
/// scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte offset `at` in `text`.
    pub(crate) fn at(text: &str, at: usize) -> Self {
        let before = text.get(..at).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// The comment every export starts with.
pub const SIGNING_NOTE: &str = "Signed at send time: add Date and Authorization (GCS v1HMAC) before sending \
     — e.g. with `cinspect sign`. This export carries no secret.";

/// What an exported `Authorization` header says instead of a signature.
pub const AUTHORIZATION_PLACEHOLDER: &str = "GCS v1HMAC:<apiKeyId>:<signature>";

/// Headers computed when the request is signed and sent, and why an import drops them.
const SEND_TIME_HEADERS: &[(&str, &str)] = &[
    (
        "Authorization",
        "dropped the Authorization header: cinspect signs the request (v1HMAC) when it sends it, \
         and an old signature would only fail",
    ),
    (
        "Date",
        "dropped the Date header: it is set to the current time when the request is signed and sent",
    ),
    (
        "X-GCS-ServerMetaInfo",
        "dropped the X-GCS-ServerMetaInfo header: cinspect sends its own, signed with the request",
    ),
    (
        "Content-Length",
        "dropped the Content-Length header: it is computed from the body when sent",
    ),
];

/// `headers` without the ones computed at send time; a note for each name dropped.
fn drop_send_time_headers(
    headers: Vec<(String, String)>,
    notes: &mut Vec<String>,
) -> Vec<(String, String)> {
    let mut kept = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        match SEND_TIME_HEADERS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            Some((_, note)) => {
                let note = (*note).to_owned();
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            None => kept.push((name, value)),
        }
    }
    kept
}

/// The headers an export writes: any `Authorization` value replaced by the placeholder.
fn export_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            if name.eq_ignore_ascii_case("authorization") {
                (name.clone(), AUTHORIZATION_PLACEHOLDER.to_owned())
            } else {
                (name.clone(), value.clone())
            }
        })
        .collect()
}

fn has_header(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Requests whose bodies and headers exercise every quoting rule both formats have.
    pub(crate) fn awkward_requests() -> Vec<RequestText> {
        let json = |body: &str| RequestText {
            method: "POST".into(),
            url: "https://eu.sandbox.api-ingenico.com/v1/1234/payments".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-GCS-Idempotence-Key".into(), "it's-a-key".into()),
            ],
            body: Some(body.into()),
        };
        vec![
            json(r#"{"order":{"customer":{"name":"O'Hara \"Jr\""}}}"#),
            json("{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}"),
            json(r#"{"city":"Zürich","currency":"€","emoji":"😀","cjk":"支付"}"#),
            json(r#"{"price":"$5","shell":"$(rm -rf ~) `x` ${HOME}"}"#),
            json(r#"{"path":"C:\\temp\\new","regex":"\\d+\n","tab":"\t"}"#),
            json("raw\r\nCRLF\tand 'single' and \"double\" and \\ and $ and !"),
            RequestText {
                method: "GET".into(),
                url: "https://eu.sandbox.api-ingenico.com/v1/1234/payments/000000123410000595980000100001?x=1&y='2'"
                    .into(),
                headers: vec![("Accept".into(), "application/json".into()), ("X-Empty".into(), String::new())],
                body: None,
            },
            RequestText {
                method: "DELETE".into(),
                url: "https://example.test/v1/1234/tokens/abc".into(),
                headers: vec![],
                body: None,
            },
            RequestText {
                method: "HEAD".into(),
                url: "https://example.test/".into(),
                headers: vec![("X-GCS-ClientMetaInfo".into(), "eyJhIjoiYiJ9".into())],
                body: None,
            },
            RequestText {
                method: "PUT".into(),
                url: "https://example.test/text".into(),
                headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
                body: Some("first line\n\n  indented after a blank line\n# not a comment\n// nor this".into()),
            },
        ]
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        assert_eq!(Position::at("abc", 0), Position { line: 1, column: 1 });
        assert_eq!(
            Position::at("é€\nxy", "é€\nx".len()),
            Position { line: 2, column: 2 }
        );
        assert_eq!(
            Position::at("é€", "é€".len()).to_string(),
            "line 1, column 3"
        );
    }

    #[test]
    fn send_time_headers_are_dropped_with_one_note_each() {
        let mut notes = Vec::new();
        let headers = vec![
            ("authorization".into(), "GCS v1HMAC:key:c2lnbmF0dXJl".into()),
            ("Date".into(), "Fri, 06 Jun 2014 13:39:43 GMT".into()),
            ("X-GCS-ServerMetaInfo".into(), "e30=".into()),
            ("Accept".into(), "application/json".into()),
            ("AUTHORIZATION".into(), "again".into()),
        ];
        let kept = drop_send_time_headers(headers, &mut notes);
        assert_eq!(
            kept,
            vec![("Accept".to_owned(), "application/json".to_owned())]
        );
        assert_eq!(notes.len(), 3);
        assert!(notes.iter().all(|n| !n.contains("c2lnbmF0dXJl")));
    }

    #[test]
    fn exports_replace_authorization_with_a_placeholder() {
        let headers = vec![("Authorization".into(), "GCS v1HMAC:key:SECRETSIG".into())];
        assert_eq!(
            export_headers(&headers),
            vec![(
                "Authorization".to_owned(),
                AUTHORIZATION_PLACEHOLDER.to_owned()
            )]
        );
    }
}
