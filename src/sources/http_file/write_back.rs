//! Writing a request back into its file: only what the user changed. A
//! request is modified when what a front end holds differs from the file as
//! the user would see it (line ends aside); a save then rewrites only the
//! parts that differ — the method token, the URL, the header lines that
//! changed, the body — and every other byte of the block stays: comments,
//! `Authorization` and other header lines the file has, ` HTTP/1.1`, kept
//! parts and the text after them, blank lines, line ends.
//!
//! A request cinspect adds to a file is written to run in the other tools
//! too: `{{baseUrl}}` and `{{merchantId}}`-style variables, an explicit
//! `Content-Type` for a JSON body, and never the headers signing computes.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use super::{HttpFile, Request};
use crate::interop::http_file::is_comment;

/// A request as a front end holds it (the editor's fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edited {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Headers never written into a request cinspect adds: signing computes them
/// afresh at send time, and they hold a signature or the moment of sending.
/// A file's own lines of these are kept as they are.
pub const SIGNING_HEADERS: &[&str] = &[
    "Authorization",
    "Date",
    crate::connect::meta::SERVER_META_INFO,
    crate::connect::meta::CLIENT_META_INFO,
];

/// Whether `edited` differs from `request` as its file shows it: the method
/// (any case), the URL, every header (the file's `Authorization` included) and the
/// body, line ends and trailing blank lines aside.
/// A signing header the request's file lacks is not the file's (see [`kept_headers`]).
pub fn is_modified(request: &Request, edited: &Edited) -> bool {
    !same_method(&edited.method, &request.method)
        || edited.target != request.target
        || kept_headers(request, &edited.headers) != request.headers
        || !same_body(&edited.body, &request.body)
}

/// The headers a save writes: all but a signing header ([`SIGNING_HEADERS`])
/// of a name the request's file has no line of: the file's own `Authorization`
/// is the team's and stays (edits to it too), one typed by hand is never added.
pub fn kept_headers(request: &Request, headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(n, _)| {
            !SIGNING_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(n))
                || request
                    .headers
                    .iter()
                    .any(|(f, _)| f.eq_ignore_ascii_case(n))
        })
        .cloned()
        .collect()
}

/// The editor spells the methods it lists its own way (`get` is GET): the
/// file's token stays unless another method is chosen.
fn same_method(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether two bodies are the same as the user sees them: CRLF as LF, no
/// trailing blank lines. Nothing is copied (it is asked at every frame).
fn same_body(a: &str, b: &str) -> bool {
    fn lf(s: &str) -> impl Iterator<Item = u8> + '_ {
        let bytes = s.trim_end().as_bytes();
        bytes
            .iter()
            .enumerate()
            .filter(|&(i, &c)| !(c == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
            .map(|(_, &c)| c)
    }
    lf(a).eq(lf(b))
}

/// Block `index`'s new text with `edited` written over `request`'s parts that
/// differ, in the block's line ends; None when the block is not that request's.
pub fn block_text(
    file: &HttpFile,
    index: usize,
    request: &Request,
    edited: &Edited,
) -> Option<String> {
    let block = file.blocks().get(index)?;
    let old = file.block_text(index)?;
    let base = block.span.start;
    let text = file.text();
    let nl = super::edit::line_end(if old.contains('\n') { old } else { text });
    let spans = &request.spans;
    let inside = |r: &Range<usize>| r.start >= base && r.end <= block.span.end && r.start <= r.end;
    let parts = [
        spans.method.clone(),
        Some(spans.target.clone()),
        Some(spans.head.clone()),
        Some(spans.body.clone()),
    ];
    if !parts.iter().flatten().all(inside) {
        return None;
    }
    // (range in the file, new text, order for edits at the same place).
    let mut edits: Vec<(Range<usize>, String, u8)> = Vec::new();
    if !same_method(&edited.method, &request.method) {
        let method = one_line(&edited.method);
        match &spans.method {
            Some(span) => edits.push((span.clone(), method, 0)),
            None => edits.push((
                spans.target.start..spans.target.start,
                format!("{method} "),
                0,
            )),
        }
    }
    if edited.target != request.target {
        edits.push((spans.target.clone(), one_line(edited.target.trim()), 1));
    }
    // Whether the text before the body's place will end a line.
    let mut head_ends_line = None;
    let headers = kept_headers(request, &edited.headers);
    if headers != request.headers {
        let head = text.get(spans.head.clone())?;
        let mut new = merged_head(head, &headers, nl);
        if spans.head.is_empty() && !new.is_empty() && !ends_line(text, spans.head.start) {
            new.insert_str(0, nl);
        }
        if !new.is_empty() {
            head_ends_line = Some(new.ends_with('\n'));
        }
        edits.push((spans.head.clone(), new, 2));
    }
    if !same_body(&edited.body, &request.body) {
        edits.push(body_edit(text, request, &edited.body, nl, head_ends_line));
    }
    // From the end, so that each range is still where it was.
    edits.sort_by(|a, b| b.0.start.cmp(&a.0.start).then(b.2.cmp(&a.2)));
    let mut out = old.to_owned();
    for (range, new, _) in edits {
        out.replace_range(range.start - base..range.end - base, &new);
    }
    Some(out)
}

/// Whether `at` is a line's start in `text` (or the text's start).
fn ends_line(text: &str, at: usize) -> bool {
    at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n')
}

/// The new body over the old one: in place when there was one; else after
/// the blank line, or after the headers with a blank line of its own.
/// `head_ends_line`: the new header lines' answer, when they change.
fn body_edit(
    text: &str,
    request: &Request,
    body: &str,
    nl: &str,
    head_ends_line: Option<bool>,
) -> (Range<usize>, String, u8) {
    let spans = &request.spans;
    let new = body.replace("\r\n", "\n").trim_end().replace('\n', nl);
    if !spans.body.is_empty() {
        let mut range = spans.body.clone();
        if new.is_empty() && text.get(range.end..).is_some_and(|t| t.starts_with(nl)) {
            range.end += nl.len();
        }
        return (range, new, 3);
    }
    let (at, lead) = if spans.blank_line {
        (spans.body.start, "")
    } else {
        (spans.head.end, nl)
    };
    let mut insert = String::new();
    let line_ended = match head_ends_line {
        Some(ended) if at == spans.head.end => ended,
        _ => ends_line(text, at),
    };
    if !line_ended {
        insert.push_str(nl);
    }
    insert.push_str(lead);
    insert.push_str(&new);
    insert.push_str(nl);
    (at..at, insert, 3)
}

/// The header lines: the file's own kept byte for byte where they are still
/// wanted, in order, comments among them kept; the others written as
/// `Name: value`. Linear in the lines, however many.
fn merged_head(head: &str, new: &[(String, String)], nl: &str) -> String {
    let mut at: HashMap<(&str, &str), VecDeque<usize>> = HashMap::new();
    for (k, (n, v)) in new.iter().enumerate() {
        at.entry((n.as_str(), v.as_str())).or_default().push_back(k);
    }
    let mut out = String::with_capacity(head.len());
    let mut next = 0;
    let write = |out: &mut String, (n, v): &(String, String)| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(&format!("{}: {}{nl}", one_line(n), one_line(v)));
    };
    for raw in head.split_inclusive('\n') {
        let trimmed = raw.trim();
        if trimmed.is_empty() || is_comment(trimmed) {
            out.push_str(raw);
            continue;
        }
        let Some((name, value)) = trimmed.split_once(':') else {
            continue;
        };
        let key = (name.trim(), value.trim());
        let found = at.get_mut(&key).and_then(|q| {
            while q.front().is_some_and(|&k| k < next) {
                q.pop_front();
            }
            q.pop_front()
        });
        // A line no longer wanted (removed or changed) is dropped; the new
        // headers before a kept one go in front of it.
        if let Some(k) = found {
            for h in &new[next..k] {
                write(&mut out, h);
            }
            out.push_str(raw);
            next = k + 1;
        }
    }
    for h in &new[next..] {
        write(&mut out, h);
    }
    out
}

/// The lines of a request cinspect adds to a file (LF; the file's line ends
/// are used when it is written): the URL with `{{baseUrl}}` for a path and
/// `{{name}}` for its `{name}` placeholders, the headers but those signing
/// computes, `Content-Type: application/json` for a JSON body that names
/// none, a blank line and the body.
pub fn new_request(edited: &Edited) -> String {
    let mut out = format!(
        "{} {}\n",
        one_line(&edited.method),
        with_variables(&one_line(edited.target.trim()))
    );
    let headers: Vec<&(String, String)> = edited
        .headers
        .iter()
        .filter(|(n, _)| !SIGNING_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(n)))
        .collect();
    for (n, v) in &headers {
        out.push_str(&format!("{}: {}\n", one_line(n), one_line(v)));
    }
    let body = edited.body.replace("\r\n", "\n");
    let body = body.trim_end();
    if !body.trim().is_empty() {
        let typed = headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"));
        let json = body.trim_start().starts_with(['{', '[']);
        if json && !typed {
            out.push_str("Content-Type: application/json\n");
        }
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    out
}

/// `/v1/{merchantId}/payments` → `{{baseUrl}}/v1/{{merchantId}}/payments`:
/// what REST Client, JetBrains and httpyac fill from the file or an environment.
pub fn with_variables(target: &str) -> String {
    let mut out = String::with_capacity(target.len() + 16);
    if target.starts_with('/') {
        out.push_str("{{baseUrl}}");
    }
    let mut rest = target;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        if let Some(close) = after.strip_prefix("{{").and_then(|a| a.find("}}")) {
            // Already a `{{variable}}`: as it is.
            out.push_str(&after[..close + 4]);
            rest = &after[close + 4..];
            continue;
        }
        let name_len = after[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len() - 1);
        if name_len > 0 && after[1 + name_len..].starts_with('}') {
            out.push_str(&format!("{{{{{}}}}}", &after[1..1 + name_len]));
            rest = &after[name_len + 2..];
        } else {
            out.push('{');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Line breaks become spaces: the format cannot escape them.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests;
