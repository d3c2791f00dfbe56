//! A request body as the editor holds it: scanned once with the locator's tolerant scanner
//! (half-typed text is fine), then asked for the JSON path at a cursor and for findings.
//!
//! The scanner's nodes sit in one arena linked by `next`; nothing here recurses on the
//! body's shape, so 100 000 nested brackets cost memory, not stack.

use std::borrow::Cow;

use crate::locate::lines::LineIndex;
use crate::locate::scan::{Kind as NodeKind, Tree, flag, scan};
use crate::locate::text::{push_member, unescape};
use crate::locate::{Position, Span};

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Writes `order.items[0].amountOfMoney` (names that are no identifiers in backticks).
pub fn path_text(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Key(k) => push_member(&mut out, k),
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Where the cursor is, relative to the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorAt {
    /// On a member's key; the path ends with that key.
    Key,
    /// On a value (or between a key's colon and its value); the path is the value's.
    Value,
    /// Inside an object or array, between its members; the path is the container's.
    Inside,
    /// Outside the body's value (before it, after it, or no value at all).
    Outside,
}

/// The JSON path at a cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorPath {
    pub segments: Vec<Segment>,
    pub at: CursorAt,
    /// Inside an object: the keys it already has (for completion to leave out).
    pub present: Vec<String>,
    /// Inside an object right after an unfinished key (`{"cust|`): what is typed of it.
    pub partial: Option<String>,
    /// On a value: the scanner's node of that value (completion replaces it).
    pub(crate) node: Option<u32>,
}

/// A scanned body: its own scan ([`Body::parse`]) or a [`Scanned`] one's, borrowed.
#[derive(Clone, Debug)]
pub struct Body<'t> {
    pub(crate) text: &'t str,
    pub(crate) tree: Cow<'t, Tree>,
    lines: Cow<'t, LineIndex>,
}

/// A body scanned once and kept, owning its text: the editor keeps the scan of the
/// body as typed for the field at the cursor and completion, and findings of a large
/// body are made on another thread from one.
#[derive(Debug)]
pub struct Scanned {
    text: String,
    tree: Tree,
    lines: LineIndex,
}

impl Scanned {
    /// Scans `text` (cut like [`Body::parse`] cuts, past what `u32` offsets address).
    pub fn new(mut text: String) -> Scanned {
        let len = cap(&text).len();
        text.truncate(len);
        let tree = scan(&text);
        let lines = LineIndex::new(text.as_bytes());
        Scanned { text, tree, lines }
    }

    /// The body to ask, borrowing this scan.
    pub fn body(&self) -> Body<'_> {
        Body {
            text: &self.text,
            tree: Cow::Borrowed(&self.tree),
            lines: Cow::Borrowed(&self.lines),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The largest text the scanner's `u32` offsets address; longer texts are cut at a
/// character boundary before it (no request body comes near).
fn cap(text: &str) -> &str {
    let max = u32::MAX as usize - 1;
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl<'t> Body<'t> {
    /// Scans `text`; never fails.
    pub fn parse(text: &'t str) -> Body<'t> {
        let text = cap(text);
        Body {
            text,
            tree: Cow::Owned(scan(text)),
            lines: Cow::Owned(LineIndex::new(text.as_bytes())),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// 1-based line and column (Unicode scalar values) of a byte offset.
    pub fn position(&self, byte: usize) -> Position {
        self.lines.position(self.text, byte)
    }

    /// The byte offset of a 1-based position (the editor's cursor), None outside the text.
    pub fn byte_offset(&self, pos: Position) -> Option<usize> {
        self.lines.byte_offset(self.text, pos)
    }

    /// The unescaped key of member `node`.
    pub(crate) fn key(&self, node: u32) -> Option<Cow<'t, str>> {
        let n = self.tree.node(node);
        let raw = &self.text[n.key_content()?];
        Some(if n.has(flag::KEY_ESCAPED) {
            Cow::Owned(unescape(raw).into_owned())
        } else {
            Cow::Borrowed(raw)
        })
    }

    /// The JSON path at byte offset `offset` (a cursor between characters), in whatever
    /// state the text is: unclosed strings and brackets, missing commas or values.
    pub fn path_at(&self, offset: usize) -> CursorPath {
        let mut out = CursorPath {
            segments: Vec::new(),
            at: CursorAt::Outside,
            present: Vec::new(),
            partial: None,
            node: None,
        };
        let Some(root) = self.tree.root else {
            return out;
        };
        if !self.value_contains(root, offset) {
            return out;
        }
        let mut node = root;
        loop {
            let n = *self.tree.node(node);
            if !matches!(n.kind, NodeKind::Object | NodeKind::Array) {
                out.at = CursorAt::Value;
                out.node = Some(node);
                return out;
            }
            let mut inner = None;
            for (i, child) in self.tree.children(node).enumerate() {
                let c = *self.tree.node(child);
                let member_start = if c.has(flag::KEY) {
                    c.key_start
                } else {
                    c.start
                } as usize;
                if member_start >= offset {
                    break;
                }
                let segment = match self.key(child) {
                    Some(k) => Segment::Key(k.into_owned()),
                    None => Segment::Index(i),
                };
                if let Some(key) = c.key_span()
                    && offset <= key.end
                {
                    out.segments.push(segment);
                    out.at = CursorAt::Key;
                    return out;
                }
                if matches!(c.kind, NodeKind::Object | NodeKind::Array)
                    && self.value_contains(child, offset)
                {
                    inner = Some((child, segment));
                    break;
                }
                let (start, end) = (c.start as usize, c.end as usize);
                // On a scalar (or just after it), or between a key's colon and its value;
                // after `"a": ` with nothing typed yet, on that missing value.
                let on_value = offset <= end
                    || (c.has(flag::KEY) && offset <= start)
                    || (c.kind == NodeKind::Empty
                        && self
                            .text
                            .get(end..offset)
                            .is_some_and(|gap| gap.bytes().all(|b| b.is_ascii_whitespace())));
                if on_value {
                    out.segments.push(segment);
                    out.at = CursorAt::Value;
                    out.node = Some(child);
                    return out;
                }
            }
            match inner {
                Some((child, segment)) => {
                    out.segments.push(segment);
                    node = child;
                }
                None => {
                    out.at = CursorAt::Inside;
                    if n.kind == NodeKind::Object {
                        out.present = self
                            .tree
                            .children(node)
                            .filter_map(|c| self.key(c).map(|k| k.into_owned()))
                            .collect();
                        out.partial = partial_key(self.text, offset);
                    }
                    return out;
                }
            }
        }
    }

    /// True when the cursor at `offset` is in the value of `node`: inside a container's
    /// brackets (an unclosed one runs on to the end), on a scalar or at its end.
    fn value_contains(&self, node: u32, offset: usize) -> bool {
        let n = self.tree.node(node);
        let (start, end) = (n.start as usize, n.end as usize);
        match n.kind {
            NodeKind::Object | NodeKind::Array => {
                offset > start && (offset < end || !n.has(flag::CLOSED))
            }
            NodeKind::String if n.has(flag::CLOSED) => offset > start && offset < end,
            _ => offset >= start && offset <= end && (offset > start || n.kind == NodeKind::Empty),
        }
    }

    /// The byte span of a node's value.
    pub(crate) fn span(&self, node: u32) -> Span {
        let r = self.tree.node(node).span();
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// An unfinished key just before the cursor: `"cust` in `{"cust|`.
fn partial_key(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .map_or(0, |i| i + 1);
    let quote = before[..word_start].chars().next_back();
    (quote == Some('"')).then(|| before[word_start..].to_owned())
}

impl Body<'_> {
    /// Positions of byte offsets given in ascending order, in one pass: offsets on the
    /// same line count only the characters between them, so many findings on one long
    /// (minified) line cost the line once, not once each.
    pub(crate) fn positions_sorted(&self, offsets: &[usize]) -> Vec<Position> {
        let bytes = self.text.as_bytes();
        let mut out = Vec::with_capacity(offsets.len());
        let mut prev: Option<(usize, usize, Position)> = None; // (offset, line start, position)
        for &offset in offsets {
            let offset = offset.min(bytes.len());
            let (line, start) = self.lines.line_start(offset);
            let position = match prev {
                Some((at, prev_start, p)) if prev_start == start && at <= offset => Position {
                    line,
                    column: p.column
                        + bytes[at..offset]
                            .iter()
                            .filter(|&&b| b & 0xC0 != 0x80)
                            .count(),
                },
                _ => self.position(offset),
            };
            prev = Some((offset, start, position));
            out.push(position);
        }
        out
    }
}
