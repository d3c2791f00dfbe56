//! Splitting a file into blocks and reading each, with `interop::http_file`'s
//! line-level syntax.

use super::{Block, Content, Malformed, Opaque, OpaqueKind, Request, Variable};
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
    let mut i = range.start;
    let request_at = loop {
        let Some(line) = lines.get(i).filter(|_| i < range.end) else {
            return Content::Empty;
        };
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
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
        Ok(r) => Content::Request(r),
        Err(e) => Content::Malformed(malformed(e)),
    }
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

fn request(
    text: &str,
    lines: &[Line],
    at: usize,
    end: usize,
    meta: Meta,
) -> Result<Request, HttpFileError> {
    let (method, mut target) = syntax::request_target(text, &lines[at])?;
    let mut i = at + 1;
    // A long query may continue on the next lines, each starting with `?` or `&`.
    while let Some(line) = lines
        .get(i)
        .filter(|l| i < end && l.text.trim_start().starts_with(['?', '&']))
    {
        target.push_str(line.text.trim());
        i += 1;
    }
    let mut headers = Vec::new();
    while i < end {
        let trimmed = lines[i].text.trim();
        i += 1;
        if trimmed.is_empty() {
            break;
        }
        if !is_comment(trimmed) {
            headers.push(syntax::header(text, &lines[i - 1])?);
        }
    }
    let block_end = lines.get(end).map_or(text.len(), |l| l.start);
    let (body, opaque) = body(text, lines, i, end, block_end);
    Ok(Request {
        name: meta.name.or(meta.separator_name),
        expect: meta.expect,
        method,
        target,
        headers,
        body,
        line: at + 1,
        body_line: i + 1,
        opaque,
    })
}

/// The body, up to the first handler or include, and those kept as opaque.
fn body(
    text: &str,
    lines: &[Line],
    first: usize,
    end: usize,
    block_end: usize,
) -> (String, Vec<Opaque>) {
    let mut opaque: Vec<Opaque> = Vec::new();
    let mut i = first;
    while i < end {
        let line = &lines[i];
        let kind = if RESPONSE_HANDLERS.iter().any(|p| line.text.starts_with(p)) {
            OpaqueKind::Handler
        } else if line.text.starts_with("< ") {
            OpaqueKind::Include
        } else {
            i += 1;
            continue;
        };
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
    let stop = opaque.first().map_or(block_end, |o| o.span.start);
    let body = text
        .get(start..stop)
        .unwrap_or("")
        .trim_end_matches(['\r', '\n']);
    let body = if body.trim().is_empty() { "" } else { body };
    (body.to_owned(), opaque)
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
