//! A whole `.http` file (VS Code REST Client / JetBrains HTTP Client syntax) as
//! a model a front end can run and edit: requests separated by `###`, each
//! with its `# @name`, `# @expect STATUS` (cinspect's: the status the request
//! expects), headers and body, and the file's `@variable = value` lines.
//!
//! Pure: text in, model out. Every block keeps its bytes, so [`HttpFile::text`]
//! without edits is the file as read (CRLF or LF), and
//! [`HttpFile::replace_block`] changes one block's bytes and no other's. What
//! cinspect does not understand (JetBrains `> {% … %}` handlers, `< ./file`
//! includes) is kept as [`Opaque`] text on its request. A malformed block
//! carries its `line:col`; the rest of the file still loads.
//!
//! The line-level syntax is `interop::http_file`'s, shared with import.

pub mod edit;
pub mod fill;
pub mod load;
pub mod opaque;
mod parse;
pub mod save;
mod system_vars;
pub mod vars;
pub mod write_back;

#[cfg(test)]
mod dialect_tests;
#[cfg(test)]
mod tests;

use std::ops::Range;

pub use vars::{Captured, NamedResponse, Override, RequestFill, Scope, VarError, connect_ids};

/// One `.http` file: its bytes and the blocks they split into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpFile {
    text: String,
    blocks: Vec<Block>,
}

/// The bytes from one `###` line (or the file's start) to the next: a request,
/// or only comments and variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// 1-based line where the block starts.
    pub line: usize,
    /// `@name = value` lines in this block, in order (REST Client: file-wide).
    pub variables: Vec<Variable>,
    pub content: Content,
}

// A file holds one of these a block; most are requests, so boxing them would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Blank lines, comments and variables only.
    Empty,
    Request(Request),
    Malformed(Malformed),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    /// As written, `{{…}}` unresolved.
    pub value: String,
    pub line: usize,
}

/// One request as written: `{{…}}` and `{…}` placeholders are left for
/// [`vars`] and the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `# @name create`, else the text after `###`.
    pub name: Option<String>,
    /// `# @expect 402`: this status is a pass.
    pub expect: Option<u16>,
    pub method: String,
    /// The URL, with its `?`/`&` continuation lines joined.
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// Blank when none; trailing line breaks are not part of it.
    pub body: String,
    /// 1-based line of the request line.
    pub line: usize,
    /// 1-based line where the body starts (its first line is always whole in the file, so
    /// a place in the body is a place in the file).
    pub body_line: usize,
    pub opaque: Vec<Opaque>,
    /// Where each part is in the file, so that a save rewrites only what changed.
    pub spans: Spans,
    /// What was read leniently (a body without the blank line before it), for
    /// the front ends to name.
    pub notes: Vec<String>,
}

/// Byte ranges of a request's parts in the file (see [`write_back`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    /// The method token; None for a bare URL (GET).
    pub method: Option<Range<usize>>,
    /// The URL as written, continuation lines included, ` HTTP/1.1` not.
    pub target: Range<usize>,
    /// The header lines (and comments among them), each with its line break.
    pub head: Range<usize>,
    /// The body's text, without the line breaks that end it; empty where a
    /// body would go when there is none.
    pub body: Range<usize>,
    /// A blank line separates the headers from the body.
    pub blank_line: bool,
}

/// Text kept as written and not acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opaque {
    pub kind: OpaqueKind,
    /// Byte range in the file.
    pub span: Range<usize>,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpaqueKind {
    /// JetBrains `> {% … %}` or `> ./script.js` (and `>> file` response references).
    Handler,
    /// `< ./file`: the body read from a file, which cinspect does not do.
    Include,
    /// JetBrains `< {% … %}` or `< ./script.js` above the request line.
    PreScript,
    /// JetBrains `run #name` / `run ./other.http` above the request line.
    Run,
}

/// A block that does not read as a request, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct Malformed {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// REST Client's `Host:` rule: a path (`/api/x`) with a `Host: h[:port]`
/// header goes to `http://h[:port]/api/x` (`https` on port 443 or 8443).
/// None when the target is not a path or there is no Host header.
pub fn host_url(target: &str, headers: &[(String, String)]) -> Option<String> {
    if !target.starts_with('/') {
        return None;
    }
    let host = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Host"))
        .map(|(_, v)| v.trim())
        .filter(|h| !h.is_empty() && !h.contains(['/', ' ', '@']))?;
    let port = host.rsplit_once(':').map(|(_, p)| p);
    let scheme = if matches!(port, Some("443" | "8443")) {
        "https"
    } else {
        "http"
    };
    Some(format!("{scheme}://{host}{target}"))
}

impl HttpFile {
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let blocks = parse::blocks(&text);
        Self { text, blocks }
    }

    /// The file's bytes: as read, with any replaced block's new text.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The bytes of block `index`.
    pub fn block_text(&self, index: usize) -> Option<&str> {
        let span = self.blocks.get(index)?.span.clone();
        self.text.get(span)
    }

    /// The requests, each with its block's index.
    pub fn requests(&self) -> impl Iterator<Item = (usize, &Request)> {
        self.blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match &b.content {
                Content::Request(r) => Some((i, r)),
                _ => None,
            })
    }

    /// Every `@name = value` of the file, in order.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.blocks.iter().flat_map(|b| b.variables.iter())
    }

    /// Puts `new_text` in place of block `index`'s bytes; every other byte stays.
    /// The new text should start with the `###` line when the old one did, or
    /// it merges with the block before. Returns false for no such block.
    pub fn replace_block(&mut self, index: usize, new_text: &str) -> bool {
        let Some(span) = self.blocks.get(index).map(|b| b.span.clone()) else {
            return false;
        };
        self.text.replace_range(span, new_text);
        self.blocks = parse::blocks(&self.text);
        true
    }
}
