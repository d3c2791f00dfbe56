//! Splitting a file into blocks and reading each, with `interop::http_file`'s
//! line-level syntax.

use std::ops::Range;

use super::{Block, Content, Malformed, Opaque, OpaqueKind, Request, Spans, Variable};
use crate::interop::http_file::{
    self as syntax, Line, RESPONSE_HANDLERS, is_comment, is_separator,
};
use crate::interop::{HttpFileError, Position};

/// The file's blocks; together their spans cover every byte, in order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let lines = syntax::lines(text);
    let mut starts: Vec<usize> = vec![0];
    starts.extend((1..lines.len()).filter(|&i| is_separator(lines[i].text.trim_start())));
    let mut out = Vec::with_capacity(starts.len());
    for (k, &first) in starts.iter().enumerate() {
        let last = starts.get(k + 1).copied().unwrap_or(lines.len());
        // The first block starts at byte 0, a byte order mark included.
        let start = if k == 0 {
            0
        } else {
            lines.get(first).map_or(0, |l| l.start)
        };
        let end = lines.get(last).map_or(text.len(), |l| l.start);
        out.push(block(text, &lines, first..last, start..end));
    }
    out
}

fn block(
    text: &str,
    lines: &[Line],
    range: std::ops::Range<usize>,
    span: std::ops::Range<usize>,
) -> Block {
    let mut variables = Vec::new();
    let content = read(text, lines, range.clone(), &mut variables);
    Block {
        span,
        line: range.start + 1,
        variables,
        content,
    }
}

/// Meta-comments seen before the request line.
#[derive(Default)]
struct Meta {
    name: Option<String>,
    separator_name: Option<String>,
    expect: Option<u16>,
}

fn read(
    text: &str,
    lines: &[Line],
    range: std::ops::Range<usize>,
    variables: &mut Vec<Variable>,
) -> Content {
    let mut meta = Meta::default();
    let mut before: Vec<Opaque> = Vec::new();
    let block_end = lines.get(range.end).map_or(text.len(), |l| l.start);
    let mut i = range.start;
    let request_at = loop {
        let Some(line) = lines.get(i).filter(|_| i < range.end) else {
            return Content::Empty;
        };
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
        } else if let Some(kind) = above_request(trimmed) {
            // A script runs to the line that closes it (the same line, for a one-liner).
            let mut last = i;
            if trimmed.starts_with("< {%") {
                let opened = trimmed.get(4..).unwrap_or("");
                if !opened.contains("%}") {
                    while last + 1 < range.end && !lines[last + 1].text.contains("%}") {
                        last += 1;
                    }
                    last = (last + 1).min(range.end - 1);
                }
            }
            let stop = lines
                .get(last + 1)
                .filter(|_| last + 1 < range.end)
                .map_or(block_end, |l| l.start);
            before.push(Opaque {
                kind,
                span: line.start..stop,
                line: i + 1,
            });
            i = last;
        } else if is_comment(trimmed) {
            if let Err(m) = comment(text, line, trimmed, &mut meta) {
                return Content::Malformed(m);
            }
        } else if let Some((name, value)) = syntax::variable(trimmed) {
            variables.push(Variable {
                name: name.to_owned(),
                value: value.to_owned(),
                line: i + 1,
            });
        } else {
            break i;
        }
        i += 1;
    };
    match request(text, lines, request_at, range.end, meta) {
        Ok(mut r) => {
            before.append(&mut r.opaque);
            r.opaque = before;
            Content::Request(r)
        }
        Err(e) => Content::Malformed(malformed(e)),
    }
}

/// JetBrains lines above a request line that cinspect keeps and does not run:
/// a pre-request script (`< {% … %}`, `< ./pre.js`) or a `run` line.
fn above_request(trimmed: &str) -> Option<OpaqueKind> {
    if trimmed.starts_with("< ") {
        return Some(OpaqueKind::PreScript);
    }
    let rest = trimmed.strip_prefix("run ")?.trim_start();
    let names = rest.starts_with('#')
        || rest.starts_with("./")
        || rest.starts_with("../")
        || rest
            .split_whitespace()
            .next()
            .is_some_and(|f| f.ends_with(".http") || f.ends_with(".rest"));
    names.then_some(OpaqueKind::Run)
}

/// `# @name x`, `# @expect 402`, `### x`; other comments are only kept.
fn comment(text: &str, line: &Line, trimmed: &str, meta: &mut Meta) -> Result<(), Malformed> {
    if let Some(rest) = trimmed.strip_prefix("###") {
        let rest = rest.trim();
        meta.separator_name = (!rest.is_empty()).then(|| rest.to_owned());
        return Ok(());
    }
    let inner = trimmed
        .strip_prefix("//")
        .or_else(|| trimmed.strip_prefix('#'))
        .unwrap_or(trimmed)
        .trim();
    if let Some(name) = inner.strip_prefix("@name") {
        let name = name.trim().trim_start_matches('=').trim();
        if !name.is_empty() {
            meta.name = Some(name.to_owned());
        }
    } else if let Some(expect) = inner.strip_prefix("@expect") {
        let status = expect.trim();
        match status.parse::<u16>() {
            Ok(code @ 100..=599) => meta.expect = Some(code),
            _ => {
                let at = syntax::at_text(text, line);
                return Err(Malformed {
                    line: at.line,
                    column: at.column,
                    message: format!("`@expect {status}`: expected an HTTP status, 100 to 599"),
                });
            }
        }
    }
    Ok(())
}

/// A line continuing the URL of the line above: REST Client's `?`, `&` or `/`
/// at its start (JetBrains indents them).
fn continues_target(line: &Line) -> bool {
    let t = line.text.trim_start();
    t.starts_with(['?', '&']) || (t.starts_with('/') && !t.starts_with("//"))
}

/// The method token and the URL within a request line (relative to its text),
/// the URL without ` HTTP/1.1`: as `syntax::request_target` reads them.
fn request_line_parts(t: &str) -> (Option<Range<usize>>, Range<usize>) {
    let start = t.len() - t.trim_start().len();
    let stop = without_version(t, start);
    let core = &t[start..stop];
    match core.find(char::is_whitespace) {
        Some(ws) => {
            let after = &core[ws..];
            let url = start + ws + (after.len() - after.trim_start().len());
            (Some(start..start + ws), url..stop)
        }
        None => (None, start..stop),
    }
}

/// Where the text of `t` from `start` ends, a trailing ` HTTP/x` left out.
fn without_version(t: &str, start: usize) -> usize {
    let end = t.trim_end().len().max(start);
    match t[start..end].rsplit_once(char::is_whitespace) {
        Some((rest, version)) if version.starts_with("HTTP/") => start + rest.trim_end().len(),
        _ => end,
    }
}

fn request(
    text: &str,
    lines: &[Line],
    at: usize,
    end: usize,
    meta: Meta,
) -> Result<Request, HttpFileError> {
    let (method, mut target) = syntax::request_target(text, &lines[at])?;
    let (method_span, target_span) = request_line_parts(lines[at].text);
    let base = lines[at].start;
    let mut spans = Spans {
        method: method_span.map(|m| base + m.start..base + m.end),
        target: base + target_span.start..base + target_span.end,
        ..Spans::default()
    };
    let mut i = at + 1;
    // A long URL may continue on the next lines (`?`, `&`, `/` first), with
    // ` HTTP/1.1` at the end of the last.
    while let Some(line) = lines.get(i).filter(|l| i < end && continues_target(l)) {
        let start = line.text.len() - line.text.trim_start().len();
        let stop = without_version(line.text, start);
        target.push_str(&line.text[start..stop]);
        spans.target.end = line.start + stop;
        i += 1;
    }
    let block_end = lines.get(end).map_or(text.len(), |l| l.start);
    let at_line = |i: usize| {
        lines
            .get(i)
            .filter(|_| i < end)
            .map_or(block_end, |l| l.start)
    };
    spans.head = at_line(i)..at_line(i);
    let mut headers = Vec::new();
    let mut notes = Vec::new();
    while i < end {
        let line = &lines[i];
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            spans.blank_line = true;
            i += 1;
            break;
        }
        if opaque_kind(line.text).is_some() {
            break;
        }
        if !is_comment(trimmed) {
            match syntax::header(text, line) {
                Ok(h) => headers.push(h),
                Err(_) => {
                    // REST Client sends such a line as a header, which no server takes;
                    // httpyac and cinspect read it as the body's first line.
                    let shown: String = trimmed.chars().take(40).collect();
                    notes.push(format!(
                        "line {}: `{shown}` is not a header: read as the start of the body (a blank line should come before the body)",
                        i + 1
                    ));
                    break;
                }
            }
        }
        i += 1;
        spans.head.end = at_line(i);
    }
    let (body_span, opaque) = body(lines, i, end, block_end);
    spans.body = body_span;
    let body = text.get(spans.body.clone()).unwrap_or("");
    let body = if body.trim().is_empty() { "" } else { body };
    Ok(Request {
        name: meta.name.or(meta.separator_name),
        expect: meta.expect,
        method,
        target,
        headers,
        body: body.to_owned(),
        line: at + 1,
        body_line: i + 1,
        opaque,
        spans,
        notes,
    })
}

/// A line that starts a kept part in or after a body: a response handler
/// (`> {%`, `> ./script.js`, `>> file`) or an include (`< ./file`, `<@ ./file`).
fn opaque_kind(line: &str) -> Option<OpaqueKind> {
    if RESPONSE_HANDLERS.iter().any(|p| line.starts_with(p)) {
        return Some(OpaqueKind::Handler);
    }
    if let Some(rest) = line.strip_prefix("> ") {
        let rest = rest.trim();
        if !rest.is_empty() && !rest.contains(char::is_whitespace) {
            return Some(OpaqueKind::Handler);
        }
    }
    (line.starts_with("< ") || line.starts_with("<@ ")).then_some(OpaqueKind::Include)
}

/// The body's span, up to the first handler or include and without the
/// comment lines that end it (REST Client drops them), and the kept parts.
fn body(lines: &[Line], first: usize, end: usize, block_end: usize) -> (Range<usize>, Vec<Opaque>) {
    let mut opaque: Vec<Opaque> = Vec::new();
    // The line the body's text stops before: the first kept part, or the block's end.
    let mut body_stop: Option<usize> = None;
    let mut i = first;
    while i < end {
        let line = &lines[i];
        let Some(kind) = opaque_kind(line.text) else {
            i += 1;
            continue;
        };
        body_stop.get_or_insert(i);
        let mut last = i;
        // A script runs to the line that closes it.
        if line.text.starts_with("> {%") {
            while last + 1 < end && !lines[last].text.contains("%}") {
                last += 1;
            }
        }
        let stop = lines.get(last + 1).filter(|_| last + 1 < end);
        opaque.push(Opaque {
            kind,
            span: line.start..stop.map_or(block_end, |l| l.start),
            line: i + 1,
        });
        i = last + 1;
    }
    let start = lines
        .get(first)
        .filter(|_| first < end)
        .map_or(block_end, |l| l.start);
    let limit = body_stop.unwrap_or(end);
    // The last line of the body's own text: neither blank nor a comment.
    let last = (first..limit).rev().find(|&k| {
        let t = lines[k].text.trim();
        !t.is_empty() && !is_comment(t)
    });
    let stop = last.map_or(start, |k| lines[k].start + lines[k].text.len());
    (start..stop.max(start), opaque)
}

fn malformed(e: HttpFileError) -> Malformed {
    let (at, message) = match &e {
        HttpFileError::BadRequestLine { text, at } => (
            *at,
            format!("`{text}` is not a request line: expected `METHOD URL [HTTP/1.1]`"),
        ),
        HttpFileError::BadHeader { text, at } => (
            *at,
            format!(
                "`{text}` is not a header (`Name: value`); a blank line must come before the body"
            ),
        ),
        // Not raised here (an include is kept as opaque), but named the same way.
        HttpFileError::BodyFromFile { text, at } => {
            (*at, format!("`{text}` reads the body from a file"))
        }
        HttpFileError::NoRequest => (Position { line: 1, column: 1 }, e.to_string()),
    };
    Malformed {
        line: at.line,
        column: at.column,
        message,
    }
}
