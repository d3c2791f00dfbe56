//! A JSON text read strictly (RFC 8259) into a flat arena of spans, without
//! recursion: the nodes sit in one `Vec` in document order, a container's
//! first child right after it and the others by `next` links, so any depth
//! costs a stack of open containers and nothing more. No string is copied;
//! a value is its span of the text. Deeper than [`MAX_DEPTH`] it refuses (the
//! caller compares as text), as the body viewer does.

use std::fmt;

/// "No node" in `Node::next`.
pub const NONE: u32 = u32::MAX;

/// The deepest nesting read as JSON: the body viewer's limit.
pub const MAX_DEPTH: usize = crate::body::MAX_PRETTY_DEPTH;

/// What a node holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

impl Kind {
    pub fn is_container(self) -> bool {
        matches!(self, Kind::Object | Kind::Array)
    }

    /// The kind's name in JSON's words, for "type changed" notes.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::String => "string",
            Kind::Number => "number",
            Kind::True | Kind::False => "boolean",
            Kind::Null => "null",
        }
    }
}

/// One value: 24 bytes.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// The value's span; a string's includes its quotes.
    pub start: u32,
    pub end: u32,
    /// The key's content (between its quotes) when the node is an object member;
    /// `key_start == NONE` otherwise.
    pub key_start: u32,
    pub key_end: u32,
    /// The next sibling, or `NONE`.
    pub next: u32,
    /// Children (containers), in the low 30 bits; bit 31: the key holds a
    /// backslash; bit 30: the string value does.
    bits: u32,
}

const KEY_ESCAPED: u32 = 1 << 31;
const VALUE_ESCAPED: u32 = 1 << 30;
const LEN_MASK: u32 = VALUE_ESCAPED - 1;

impl Node {
    pub fn len(&self) -> u32 {
        self.bits & LEN_MASK
    }

    pub fn key_escaped(&self) -> bool {
        self.bits & KEY_ESCAPED != 0
    }

    pub fn value_escaped(&self) -> bool {
        self.bits & VALUE_ESCAPED != 0
    }

    pub fn span(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The nodes and their kinds (kept apart: a kind is one byte).
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: Vec<Node>,
    kinds: Vec<Kind>,
}

/// Why a text is not read as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON: what was expected, at which byte.
    Invalid { at: usize, expected: &'static str },
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Over 4 GiB: spans are `u32`.
    TooBig,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Invalid { expected, .. } => write!(f, "not JSON: expected {expected}"),
            ParseError::TooDeep => write!(f, "nests deeper than {MAX_DEPTH} levels"),
            ParseError::TooBig => write!(f, "over 4 GiB"),
        }
    }
}

impl Tree {
    /// The root: always node 0 of a parsed tree.
    pub const ROOT: u32 = 0;

    pub fn node(&self, index: u32) -> &Node {
        &self.nodes[index as usize]
    }

    pub fn kind(&self, index: u32) -> Kind {
        self.kinds[index as usize]
    }

    /// The children of a container, in document order.
    pub fn children(&self, parent: u32) -> Children<'_> {
        let first = match self.nodes.get(parent as usize) {
            Some(n) if n.len() > 0 => parent + 1,
            _ => NONE,
        };
        Children {
            nodes: &self.nodes,
            next: first,
        }
    }

    /// The key of member `index` as its text says it (escapes decoded).
    pub fn key<'t>(&self, text: &'t str, index: u32) -> std::borrow::Cow<'t, str> {
        let n = self.node(index);
        if n.key_start == NONE {
            return std::borrow::Cow::Borrowed("");
        }
        let raw = &text[n.key_start as usize..n.key_end as usize];
        if n.key_escaped() {
            crate::locate::unescape(raw)
        } else {
            std::borrow::Cow::Borrowed(raw)
        }
    }

    /// A string node's content, escapes decoded.
    pub fn string<'t>(&self, text: &'t str, index: u32) -> std::borrow::Cow<'t, str> {
        let n = self.node(index);
        let raw = &text[n.start as usize + 1..n.end as usize - 1];
        if n.value_escaped() {
            crate::locate::unescape(raw)
        } else {
            std::borrow::Cow::Borrowed(raw)
        }
    }

    /// Whether two scalars are the same value: strings by content, numbers
    /// exactly by value (`1.0` = `1`), literals by kind.
    pub fn same_scalar(&self, text: &str, a: u32, other: &Tree, other_text: &str, b: u32) -> bool {
        let (ka, kb) = (self.kind(a), other.kind(b));
        if ka != kb {
            return false;
        }
        let (na, nb) = (self.node(a), other.node(b));
        let (ra, rb) = (&text[na.span()], &other_text[nb.span()]);
        match ka {
            Kind::String => {
                ra == rb
                    || ((na.value_escaped() || nb.value_escaped())
                        && self.string(text, a) == other.string(other_text, b))
            }
            Kind::Number => crate::locate::numbers_equal(ra, rb).unwrap_or(ra == rb),
            Kind::True | Kind::False | Kind::Null => true,
            Kind::Object | Kind::Array => false,
        }
    }
}

/// Iterator over sibling indexes.
pub struct Children<'a> {
    nodes: &'a [Node],
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let current = self.next;
        let node = self.nodes.get(current as usize)?;
        self.next = node.next;
        Some(current)
    }
}

/// An open container while parsing.
struct Open {
    node: u32,
    last_child: u32,
    object: bool,
}

/// Reads `text` as one JSON value (white space around it allowed).
pub fn parse(text: &str) -> Result<Tree, ParseError> {
    if text.len() >= NONE as usize {
        return Err(ParseError::TooBig);
    }
    let mut p = Parser {
        b: text.as_bytes(),
        pos: 0,
        tree: Tree {
            // Compact JSON holds about one value per 12 bytes, pretty per 30.
            nodes: Vec::with_capacity((text.len() / 16).min(1 << 22) + 1),
            kinds: Vec::with_capacity((text.len() / 16).min(1 << 22) + 1),
        },
        stack: Vec::new(),
    };
    p.run()?;
    p.tree.nodes.shrink_to_fit();
    p.tree.kinds.shrink_to_fit();
    Ok(p.tree)
}

struct Parser<'a> {
    b: &'a [u8],
    pos: usize,
    tree: Tree,
    stack: Vec<Open>,
}

impl Parser<'_> {
    fn invalid<T>(&self, expected: &'static str) -> Result<T, ParseError> {
        Err(ParseError::Invalid {
            at: self.pos,
            expected,
        })
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    fn run(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        self.value(None)?;
        // A loop over the open containers, never a call per level.
        while let Some(top) = self.stack.last() {
            let (object, first) = (top.object, top.last_child == NONE);
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b'}') if object => self.close(),
                Some(b']') if !object => self.close(),
                Some(b',') if !first => {
                    self.pos += 1;
                    self.skip_ws();
                    self.member(object)?;
                }
                _ if first => self.member(object)?,
                _ if object => return self.invalid("`,` or `}`"),
                _ => return self.invalid("`,` or `]`"),
            }
        }
        self.skip_ws();
        if self.pos != self.b.len() {
            return self.invalid("the end of the text");
        }
        Ok(())
    }

    /// The next member of the open container: a key first in an object.
    fn member(&mut self, object: bool) -> Result<(), ParseError> {
        let key = if object { Some(self.key()?) } else { None };
        self.value(key)
    }

    fn close(&mut self) {
        self.pos += 1;
        if let Some(open) = self.stack.pop() {
            self.tree.nodes[open.node as usize].end = self.pos as u32;
        }
    }

    /// `"key"` and its colon; returns the key's content span and whether it has escapes.
    fn key(&mut self) -> Result<(u32, u32, bool), ParseError> {
        if self.b.get(self.pos) != Some(&b'"') {
            return self.invalid("a member name in quotes");
        }
        let (start, end, escaped) = self.string()?;
        self.skip_ws();
        if self.b.get(self.pos) != Some(&b':') {
            return self.invalid("`:`");
        }
        self.pos += 1;
        self.skip_ws();
        Ok((start + 1, end - 1, escaped))
    }

    /// Reads one value at `pos`; a container is only opened: its members
    /// follow in `run`'s loop.
    fn value(&mut self, key: Option<(u32, u32, bool)>) -> Result<(), ParseError> {
        let start = self.pos as u32;
        let (kind, escaped) = match self.b.get(self.pos) {
            Some(b'{') => (Kind::Object, false),
            Some(b'[') => (Kind::Array, false),
            Some(b'"') => (Kind::String, self.string()?.2),
            Some(b't') => (Kind::True, self.literal(b"true")?),
            Some(b'f') => (Kind::False, self.literal(b"false")?),
            Some(b'n') => (Kind::Null, self.literal(b"null")?),
            Some(b'-' | b'0'..=b'9') => (Kind::Number, self.number()?),
            _ => return self.invalid("a value"),
        };
        let index = self.tree.nodes.len() as u32;
        if index == NONE || index as usize > LEN_MASK as usize {
            return Err(ParseError::TooBig);
        }
        let (key_start, key_end, key_escaped) = key.unwrap_or((NONE, NONE, false));
        let mut bits = 0;
        if key_escaped {
            bits |= KEY_ESCAPED;
        }
        if escaped {
            bits |= VALUE_ESCAPED;
        }
        self.tree.nodes.push(Node {
            start,
            end: self.pos as u32,
            key_start,
            key_end,
            next: NONE,
            bits,
        });
        self.tree.kinds.push(kind);
        if let Some(parent) = self.stack.last_mut() {
            let p = parent.node as usize;
            let n = &mut self.tree.nodes[p];
            n.bits = (n.bits & !LEN_MASK) | ((n.bits & LEN_MASK) + 1);
            if parent.last_child != NONE {
                self.tree.nodes[parent.last_child as usize].next = index;
            }
            parent.last_child = index;
        }
        if kind.is_container() {
            if self.stack.len() >= MAX_DEPTH {
                return Err(ParseError::TooDeep);
            }
            self.pos += 1;
            self.stack.push(Open {
                node: index,
                last_child: NONE,
                object: kind == Kind::Object,
            });
        }
        Ok(())
    }

    /// A string at `pos` (on its opening quote): its span with the quotes, and
    /// whether it holds an escape.
    fn string(&mut self) -> Result<(u32, u32, bool), ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        loop {
            let rest = &self.b[self.pos..];
            let Some(i) = rest
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
            else {
                self.pos = self.b.len();
                return self.invalid("the string's closing quote");
            };
            self.pos += i;
            match self.b[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Ok((start as u32, self.pos as u32, escaped));
                }
                b'\\' => {
                    escaped = true;
                    match self.b.get(self.pos + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 2
                        }
                        Some(b'u')
                            if self
                                .b
                                .get(self.pos + 2..self.pos + 6)
                                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
                        {
                            self.pos += 6
                        }
                        _ => return self.invalid("a valid escape"),
                    }
                }
                _ => return self.invalid("no control character in a string"),
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<bool, ParseError> {
        if self.b[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(false)
        } else {
            self.invalid("a value")
        }
    }

    fn number(&mut self) -> Result<bool, ParseError> {
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.b.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.b.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return self.invalid("a digit"),
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return self.invalid("a digit after `.`");
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.b.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return self.invalid("a digit in the exponent");
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        let t = parse(text).expect("json");
        (0..t.nodes.len() as u32).map(|i| t.kind(i)).collect()
    }

    #[test]
    fn reads_values_in_document_order() {
        use Kind::*;
        assert_eq!(
            kinds(r#" {"a": [1, "x", true], "b": {}, "c": null} "#),
            vec![Object, Array, Number, String, True, Object, Null]
        );
        let text = r#"{"a": [1, "x"], "b\u0041": "q\"z"}"#;
        let t = parse(text).expect("json");
        assert_eq!(t.node(0).len(), 2);
        let members: Vec<u32> = t.children(0).collect();
        assert_eq!(members, vec![1, 4]);
        assert_eq!(t.key(text, 1), "a");
        assert_eq!(t.key(text, 4), "bA");
        assert_eq!(t.string(text, 4), "q\"z");
        assert_eq!(&text[t.node(1).span()], r#"[1, "x"]"#);
        assert_eq!(t.children(1).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "01",
            "1.",
            "tru",
            "\"a",
            "[1 2]",
            "{} {}",
            "\"\u{1}\"",
            "\"\\q\"",
            "{1: 2}",
            "-",
            "1e",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(matches!(
            parse("[1,]"),
            Err(ParseError::Invalid { at: 3, .. })
        ));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(parse(&deep).err(), Some(ParseError::TooDeep));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn scalars_compare_by_value() {
        let a = r#"[1.0, "a\u0062", true, -0]"#;
        let b = r#"[1, "ab", true, 0]"#;
        let (ta, tb) = (parse(a).expect("a"), parse(b).expect("b"));
        for i in 1..=4 {
            assert!(ta.same_scalar(a, i, &tb, b, i), "{i}");
        }
        assert!(!ta.same_scalar(a, 1, &tb, b, 2));
    }
}
