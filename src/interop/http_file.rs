//! `.http` files, the format of the VS Code REST Client and the JetBrains HTTP Client:
//!
//! ```text
//! # a comment (// works too)
//! @host = https://example.test
//! POST {{host}}/v1/1234/payments HTTP/1.1
//! Content-Type: application/json
//!
//! {"order": {}}
//!
//! ### the next request
//! ```
//!
//! Import reads the first request only; `@name = value` file variables are substituted.

use thiserror::Error;

use super::{Position, RequestText, SIGNING_NOTE, drop_send_time_headers, export_headers};

/// Why a `.http` file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HttpFileError {
    #[error("no request in the file: expected a line `METHOD URL`")]
    NoRequest,
    #[error("`{text}` at {at} is not a request line: expected `METHOD URL [HTTP/1.1]`")]
    BadRequestLine { text: String, at: Position },
    #[error(
        "`{text}` at {at} is not a header (`Name: value`); a blank line must come before the body"
    )]
    BadHeader { text: String, at: Position },
    #[error(
        "`{text}` at {at} reads the body from a file, and cinspect does not read files: paste the content instead"
    )]
    BodyFromFile { text: String, at: Position },
}

/// Exports `r` as a `.http` file: the signing note as a comment, `METHOD URL HTTP/1.1`, the
/// headers, a blank line and the body. An `Authorization` header is written as the
/// placeholder. The format has no escapes, so: line breaks in the method, URL or headers
/// become spaces, and a body's trailing line breaks, or a body line starting with `###` or
/// `< `, do not survive an import.
pub fn to_http_file(r: &RequestText) -> String {
    let mut out = format!(
        "# {SIGNING_NOTE}\n{} {} HTTP/1.1\n",
        one_line(&r.method),
        one_line(&r.url)
    );
    for (name, value) in export_headers(&r.headers) {
        out.push_str(&format!("{}: {}\n", one_line(&name), one_line(&value)));
    }
    if let Some(body) = r.body.as_deref().filter(|b| !b.trim().is_empty()) {
        out.push('\n');
        out.push_str(body);
        if !body.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Imports the first request of a `.http` file, with notes on what was dropped, ignored or
/// left unsubstituted. Headers computed at send time (`Authorization`, `Date`,
/// `X-GCS-ServerMetaInfo`, `Content-Length`) are dropped. An empty body reads as none, and a
/// body's trailing line breaks are not kept.
pub fn parse_http_file(text: &str) -> Result<(RequestText, Vec<String>), HttpFileError> {
    let lines = lines(text);
    let mut notes = Vec::new();
    let mut vars = Vec::new();
    let mut i = 0;
    // Before the request: blank lines, comments, separators and variables.
    let request_line = loop {
        let line = lines.get(i).ok_or(HttpFileError::NoRequest)?;
        i += 1;
        let trimmed = line.text.trim();
        if trimmed.is_empty() || is_comment(trimmed) {
            continue;
        }
        match variable(trimmed) {
            Some((name, value)) => {
                let value = substitute(value, &vars, &mut notes);
                vars.push((name.to_owned(), value));
            }
            None => break line,
        }
    };
    let (method, mut url) = request_target(text, request_line)?;
    // A long query may continue on the next lines, each starting with `?` or `&`.
    while let Some(line) = lines
        .get(i)
        .filter(|l| l.text.trim_start().starts_with(['?', '&']))
    {
        url.push_str(line.text.trim());
        i += 1;
    }
    let mut headers = Vec::new();
    let mut body = None;
    // Where the rest of the file starts: the body, or the separator that ends the request.
    let mut rest = lines.len();
    while let Some(line) = lines.get(i) {
        i += 1;
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            body = read_body(text, &lines, i, &mut notes)?;
            rest = i;
            break;
        }
        if is_separator(trimmed) {
            rest = i - 1;
            break;
        }
        if !is_comment(trimmed) {
            headers.push(header(text, line)?);
        }
    }
    if more_requests(&lines, rest) {
        notes.push("the file holds more than one request: imported the first".to_owned());
    }
    let url = substitute(&url, &vars, &mut notes);
    let headers = headers
        .into_iter()
        .map(|(name, value)| (name, substitute(&value, &vars, &mut notes)))
        .collect();
    let body = body.map(|b| substitute(&b, &vars, &mut notes));
    let headers = drop_send_time_headers(headers, &mut notes);
    Ok((
        RequestText {
            method,
            url,
            headers,
            body,
        },
        notes,
    ))
}

/// One line of the file: its byte offset and its text without the line break.
/// The line-level pieces below are shared with the whole-file model in
/// `sources::http_file`: one reading of the syntax for import and `cinspect run`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
}

/// A UTF-8 byte order mark (Visual Studio writes one) is not part of the first line.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut start = bom;
    text[bom..]
        .split_inclusive('\n')
        .map(|raw| {
            let line = Line {
                start,
                text: raw.trim_end_matches('\n').trim_end_matches('\r'),
            };
            start += raw.len();
            line
        })
        .collect()
}

pub(crate) fn is_separator(trimmed: &str) -> bool {
    trimmed.starts_with("###")
}

pub(crate) fn is_comment(trimmed: &str) -> bool {
    trimmed.starts_with('#') || trimmed.starts_with("//")
}

/// `@name = value`, REST Client's file variable.
pub(crate) fn variable(trimmed: &str) -> Option<(&str, &str)> {
    let (name, value) = trimmed.strip_prefix('@')?.split_once('=')?;
    let name = name.trim();
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    valid.then(|| (name, value.trim()))
}

/// HTTP's `token`: what a method or header name may be made of.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// `METHOD URL [HTTP/x]`, or a bare URL, which means GET.
pub(crate) fn request_target(text: &str, line: &Line) -> Result<(String, String), HttpFileError> {
    let trimmed = line.text.trim();
    let without_version = match trimmed.rsplit_once(char::is_whitespace) {
        Some((rest, version)) if version.starts_with("HTTP/") => rest.trim_end(),
        _ => trimmed,
    };
    match without_version.split_once(char::is_whitespace) {
        Some((method, url)) if is_token(method) => Ok((method.to_owned(), url.trim().to_owned())),
        None if without_version.contains("://") || without_version.starts_with(['/', '{']) => {
            Ok(("GET".to_owned(), without_version.to_owned()))
        }
        _ => Err(HttpFileError::BadRequestLine {
            text: trimmed.to_owned(),
            at: at_text(text, line),
        }),
    }
}

pub(crate) fn header(text: &str, line: &Line) -> Result<(String, String), HttpFileError> {
    match line.text.split_once(':') {
        Some((name, value)) if is_token(name.trim()) => {
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(HttpFileError::BadHeader {
            text: line.text.trim().to_owned(),
            at: at_text(text, line),
        }),
    }
}

/// Where the line's text starts, past its indentation.
pub(crate) fn at_text(text: &str, line: &Line) -> Position {
    let indent = line.text.len() - line.text.trim_start().len();
    Position::at(text, line.start + indent)
}

/// JetBrains: a line starting so is a response handler script or a response reference.
pub(crate) const RESPONSE_HANDLERS: [&str; 4] = ["> {%", ">> ", ">>! ", "<> "];

/// The body from line `first` to the next separator, response handler or the end.
fn read_body(
    text: &str,
    lines: &[Line],
    first: usize,
    notes: &mut Vec<String>,
) -> Result<Option<String>, HttpFileError> {
    let mut end = text.len();
    for line in lines.iter().skip(first) {
        if is_separator(line.text.trim_start()) {
            end = line.start;
            break;
        }
        // JetBrains: a response handler script or a response reference ends the request.
        if RESPONSE_HANDLERS.iter().any(|p| line.text.starts_with(p)) {
            notes.push(format!(
                "ignored `{}` and what follows: cinspect has no response handlers",
                line.text.trim()
            ));
            end = line.start;
            break;
        }
        if line.text.starts_with("< ") {
            return Err(HttpFileError::BodyFromFile {
                text: line.text.trim().to_owned(),
                at: at_text(text, line),
            });
        }
    }
    let start = lines.get(first).map_or(end, |l| l.start);
    let body = text
        .get(start..end)
        .unwrap_or("")
        .trim_end_matches(['\r', '\n']);
    Ok((!body.trim().is_empty()).then(|| body.to_owned()))
}

/// Whether anything after the first request is another request.
fn more_requests(lines: &[Line], from: usize) -> bool {
    let mut past_separator = false;
    for line in lines.iter().skip(from) {
        let trimmed = line.text.trim();
        if is_separator(trimmed) {
            past_separator = true;
        } else if past_separator
            && !trimmed.is_empty()
            && !is_comment(trimmed)
            && variable(trimmed).is_none()
        {
            return true;
        }
    }
    false
}

/// `text` with each `{{name}}` of a variable in `vars` replaced; others kept, with a note.
fn substitute(text: &str, vars: &[(String, String)], notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}").map(|c| open + 2 + c) else {
            break;
        };
        let name = rest[open + 2..close].trim();
        out.push_str(&rest[..open]);
        match vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push_str(&rest[open..close + 2]);
                let note = format!(
                    "`{}` is not defined in the file; kept as written",
                    &rest[open..close + 2]
                );
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

/// `s` on one line: line breaks become spaces (the format cannot escape them).
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::super::tests::awkward_requests;
    use super::*;

    fn parse(text: &str) -> (RequestText, Vec<String>) {
        parse_http_file(text).unwrap_or_else(|e| panic!("{text}\n→ {e}"))
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn import_of_the_export_gives_the_same_request() {
        for r in awkward_requests() {
            let exported = to_http_file(&r);
            let (back, _) = parse(&exported);
            assert_eq!(back, r, "\n{exported}");
        }
    }

    #[test]
    fn export_layout_is_comment_request_line_headers_blank_body() {
        let r = RequestText {
            method: "POST".into(),
            url: "https://example.test/v1/1234/payments".into(),
            headers: headers(&[("Content-Type", "application/json")]),
            body: Some("{\"a\":1}".into()),
        };
        assert_eq!(
            to_http_file(&r),
            format!(
                "# {SIGNING_NOTE}\nPOST https://example.test/v1/1234/payments HTTP/1.1\n\
                 Content-Type: application/json\n\n{{\"a\":1}}\n"
            )
        );
    }

    #[test]
    fn export_never_carries_a_signature() {
        let r = RequestText {
            method: "GET".into(),
            url: "https://example.test/".into(),
            headers: headers(&[("Authorization", "GCS v1HMAC:id:SECRETSIGNATURE=")]),
            body: None,
        };
        let out = to_http_file(&r);
        assert!(!out.contains("SECRETSIGNATURE"));
        assert!(out.contains("Authorization: GCS v1HMAC:<apiKeyId>:<signature>\n"));
    }

    #[test]
    fn export_keeps_each_header_on_one_line() {
        let r = RequestText {
            method: "GET".into(),
            url: "https://example.test/".into(),
            headers: headers(&[("X-A", "one\r\nX-Injected: two")]),
            body: None,
        };
        let (back, _) = parse(&to_http_file(&r));
        assert_eq!(back.headers, headers(&[("X-A", "one  X-Injected: two")]));
    }

    #[test]
    fn a_rest_client_file_with_variables_comments_and_several_requests() {
        let text = "// payments\r\n@host = https://eu.sandbox.api-ingenico.com\r\n@merchant = 1234\r\n\
                    @base = {{host}}/v1/{{merchant}}\r\n\r\n### create\r\n# @name create\r\n\
                    POST {{base}}/payments HTTP/1.1\r\nContent-Type: application/json\r\n\
                    # a comment among headers\r\nX-GCS-Idempotence-Key: {{ merchant }}-1\r\n\r\n\
                    {\r\n  \"a\": \"{{merchant}}\"\r\n}\r\n\r\n###\r\nGET {{base}}/payments/1\r\n";
        let (r, notes) = parse(text);
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.url,
            "https://eu.sandbox.api-ingenico.com/v1/1234/payments"
        );
        assert_eq!(
            r.headers,
            headers(&[
                ("Content-Type", "application/json"),
                ("X-GCS-Idempotence-Key", "1234-1")
            ])
        );
        assert_eq!(r.body.as_deref(), Some("{\r\n  \"a\": \"1234\"\r\n}"));
        assert_eq!(
            notes,
            vec!["the file holds more than one request: imported the first"]
        );
    }

    #[test]
    fn undefined_variables_are_kept_with_a_note() {
        let (r, notes) = parse("GET {{host}}/v1/x\nX-Id: {{$guid}}\n");
        assert_eq!(r.url, "{{host}}/v1/x");
        assert_eq!(r.headers, headers(&[("X-Id", "{{$guid}}")]));
        assert_eq!(
            notes,
            vec![
                "`{{host}}` is not defined in the file; kept as written",
                "`{{$guid}}` is not defined in the file; kept as written",
            ]
        );
    }

    #[test]
    fn a_bare_url_is_a_get_and_query_lines_continue_the_url() {
        let (r, _) = parse(
            "https://example.test/v1/1/payments\n    ?limit=10\n    &offset=20\nAccept: */*\n",
        );
        assert_eq!(r.method, "GET");
        assert_eq!(
            r.url,
            "https://example.test/v1/1/payments?limit=10&offset=20"
        );
        assert_eq!(r.headers, headers(&[("Accept", "*/*")]));
        assert_eq!(r.body, None);
    }

    #[test]
    fn a_jetbrains_response_handler_ends_the_body() {
        let text = "POST https://example.test/\nContent-Type: application/json\n\n{\"a\":1}\n\n\
                    > {%\n  client.global.set(\"id\", response.body.id);\n%}\n";
        let (r, notes) = parse(text);
        assert_eq!(r.body.as_deref(), Some("{\"a\":1}"));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("ignored `> {%`"));
    }

    #[test]
    fn trailing_blank_lines_of_a_body_and_empty_bodies_are_not_kept() {
        let (r, _) = parse("POST https://example.test/\n\n{}\n\n\n###\n");
        assert_eq!(r.body.as_deref(), Some("{}"));
        let (r, _) = parse("GET https://example.test/\n\n\n");
        assert_eq!(r.body, None);
    }

    #[test]
    fn a_second_request_right_after_the_headers_is_noticed() {
        let (r, notes) = parse("GET https://example.test/a\n###\nGET https://example.test/b\n");
        assert_eq!(r.url, "https://example.test/a");
        assert_eq!(
            notes,
            vec!["the file holds more than one request: imported the first"]
        );
        let (_, notes) = parse("GET https://example.test/a\n###\n# just a comment\n");
        assert_eq!(notes, Vec::<String>::new());
    }

    #[test]
    fn signature_headers_are_dropped_with_notes() {
        let text = "GET https://example.test/\nAuthorization: GCS v1HMAC:id:OLDSIG=\nDate: Fri, 06 Jun 2014 13:39:43 GMT\n";
        let (r, notes) = parse(text);
        assert_eq!(r.headers, vec![]);
        assert_eq!(notes.len(), 2);
        assert!(notes.iter().all(|n| !n.contains("OLDSIG")));
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            parse_http_file("# nothing\n\n###\n"),
            Err(HttpFileError::NoRequest)
        );
        assert_eq!(
            parse_http_file(
                "POST https://example.test/\nContent-Type: application/json\n{\"a\": 1}\n"
            ),
            Err(HttpFileError::BadHeader {
                text: "{\"a\": 1}".into(),
                at: Position { line: 3, column: 1 }
            })
        );
        let e = parse_http_file("POST https://example.test/\n\n< ./body.json\n");
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("`< ./body.json` at line 3, column 1 reads the body from a file, and cinspect does not read \
                 files: paste the content instead"
                .to_owned())
        );
        assert!(matches!(
            parse_http_file("\n  hello\n"),
            Err(HttpFileError::BadRequestLine {
                at: Position { line: 2, column: 3 },
                ..
            })
        ));
    }
}
