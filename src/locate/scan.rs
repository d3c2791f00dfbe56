//! The tolerant scanner: text as the user is editing it → a flat tree of spans.
//!
//! It never fails and never validates. It records where every value (and every key)
//! sits and recovers from what a half-typed body contains:
//! - a missing comma (`"a": 1 "b": 2`) or colon (`"a" 1`), extra or trailing commas;
//! - unclosed objects, arrays and strings (a string ends at its line's end), truncation;
//! - mismatched closers (`{"a": [1}` closes the array and the object);
//! - garbage words (kept as `Bad` values where a value belongs, skipped elsewhere);
//! - `//` and `/* */` comments (skipped);
//! - a key whose value is not typed yet (`"a": ,`) gets an `Empty` value at the colon.
//!
//! Nodes sit in one `Vec` in document order (pre-order): a container's first child is
//! the node right after it, the others follow `next` links. No string is allocated.

use std::ops::Range;

/// "No node" in `Node::next`.
pub const NONE: u32 = u32::MAX;

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
    /// A word that is no JSON value (`tru`, `@x`, `01`).
    Bad,
    /// A key whose value is missing; its span is empty, just after the colon.
    Empty,
}

/// Bits of `Node::flags`.
pub mod flag {
    /// The node is an object member with a key.
    pub const KEY: u8 = 1;
    /// The key is a quoted string (otherwise a bare word such as `name:`).
    pub const KEY_QUOTED: u8 = 2;
    /// The quoted key has its closing quote.
    pub const KEY_CLOSED: u8 = 4;
    /// The key contains a backslash, so comparing it needs unescaping.
    pub const KEY_ESCAPED: u8 = 8;
    /// The string value contains a backslash.
    pub const ESCAPED: u8 = 16;
    /// The string has its closing quote / the container its closing bracket.
    pub const CLOSED: u8 = 32;
}

/// One value in the text. Offsets are `u32` to keep the arena small (28 bytes a node).
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// The value's span; a string's includes its quotes.
    pub start: u32,
    pub end: u32,
    /// The key's span (with quotes) when `flags` has `KEY`.
    pub key_start: u32,
    pub key_end: u32,
    /// The next sibling, or `NONE`.
    pub next: u32,
    /// Number of children (containers only).
    pub len: u32,
    pub kind: Kind,
    pub flags: u8,
}

impl Node {
    /// True when `flags` has all the bits of `f`.
    #[inline]
    pub fn has(&self, f: u8) -> bool {
        self.flags & f == f
    }

    /// The span of the key (with its quotes).
    pub fn key_span(&self) -> Option<Range<usize>> {
        self.has(flag::KEY)
            .then_some(self.key_start as usize..self.key_end as usize)
    }

    /// The key's raw content: between the quotes, or the whole bare word.
    pub fn key_content(&self) -> Option<Range<usize>> {
        let span = self.key_span()?;
        if !self.has(flag::KEY_QUOTED) {
            return Some(span);
        }
        let end = if self.has(flag::KEY_CLOSED) {
            span.end - 1
        } else {
            span.end
        };
        Some(span.start + 1..end)
    }

    /// A string value's raw content, between the quotes.
    pub fn string_content(&self) -> Option<Range<usize>> {
        if self.kind != Kind::String {
            return None;
        }
        let end = if self.has(flag::CLOSED) {
            self.end - 1
        } else {
            self.end
        };
        Some(self.start as usize + 1..end as usize)
    }

    /// The value's span.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The scan of one text.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// The body's value: the first top-level object or array, else the first scalar.
    pub root: Option<u32>,
}

impl Tree {
    /// The children of container `parent`, in document order.
    pub fn children(&self, parent: u32) -> Children<'_> {
        let first = match self.nodes.get(parent as usize) {
            Some(n) if n.len > 0 => parent + 1,
            _ => NONE,
        };
        Children {
            nodes: &self.nodes,
            next: first,
        }
    }

    /// The node at `index`.
    #[inline]
    pub fn node(&self, index: u32) -> &Node {
        &self.nodes[index as usize]
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

/// Scans `text` into a tree. `text.len()` must fit in `u32` (the caller caps it).
pub fn scan(text: &str) -> Tree {
    debug_assert!(text.len() < NONE as usize);
    let mut scanner = Scanner {
        b: text.as_bytes(),
        pos: 0,
        last_end: 0,
        // Pretty JSON holds about one value per 30 bytes; the cap keeps a huge text from
        // reserving more than it is likely to need up front.
        nodes: Vec::with_capacity((text.len() / 24).min(1 << 22) + 1),
        stack: Vec::new(),
        open_objects: 0,
        root: None,
    };
    scanner.run();
    Tree {
        nodes: scanner.nodes,
        root: scanner.root,
    }
}

/// A string or bare word just read.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: u32,
    end: u32,
    quoted: bool,
    closed: bool,
    escaped: bool,
}

/// A key waiting for its value.
#[derive(Clone, Copy, Debug)]
struct PendingKey {
    word: Word,
    /// End of the colon after it; None when the colon is missing (`"a" 1`).
    colon_end: Option<u32>,
}

impl PendingKey {
    fn flags(&self) -> u8 {
        let w = &self.word;
        flag::KEY
            | if w.quoted { flag::KEY_QUOTED } else { 0 }
            | if w.closed { flag::KEY_CLOSED } else { 0 }
            | if w.escaped { flag::KEY_ESCAPED } else { 0 }
    }
}

/// An open container.
#[derive(Clone, Copy, Debug)]
struct Frame {
    node: u32,
    last_child: u32,
    object: bool,
    key: Option<PendingKey>,
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
    /// End of the last token consumed: where an unclosed container ends.
    last_end: u32,
    nodes: Vec<Node>,
    stack: Vec<Frame>,
    /// How many frames on `stack` are objects: a closer of a kind with no open frame
    /// is rejected without searching the stack (which could be deep).
    open_objects: usize,
    root: Option<u32>,
}

/// Byte classes for the hot loops.
const WS: u8 = 1;
/// Ends a bare word.
const DELIM: u8 = 2;
/// Stops the scan of a string's content.
const STR_STOP: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = WS | DELIM;
    t[b'\t' as usize] = WS | DELIM;
    t[b'\n' as usize] = WS | DELIM | STR_STOP;
    t[b'\r' as usize] = WS | DELIM | STR_STOP;
    t[b',' as usize] = DELIM;
    t[b':' as usize] = DELIM;
    t[b'[' as usize] = DELIM;
    t[b']' as usize] = DELIM;
    t[b'{' as usize] = DELIM;
    t[b'}' as usize] = DELIM;
    t[b'"' as usize] = DELIM | STR_STOP;
    t[b'\\' as usize] = STR_STOP;
    t
};

#[inline]
fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

impl Scanner<'_> {
    fn run(&mut self) {
        while let Some(c) = self.skip_ws() {
            match c {
                b'"' => {
                    let word = self.string();
                    self.word(word, Kind::String);
                }
                b'{' | b'[' => self.open(c == b'{'),
                b'}' | b']' => {
                    if self.close(c == b'}') {
                        // The body's value is complete; what follows is not part of it.
                        return;
                    }
                }
                b',' => {
                    self.pos += 1;
                    self.last_end = self.pos as u32;
                    self.flush_key();
                }
                b':' => {
                    // A colon with no key before it: skip.
                    self.pos += 1;
                    self.last_end = self.pos as u32;
                }
                b'/' if self.skip_comment() => {}
                _ => {
                    let word = self.bare();
                    let kind = classify(&self.b[word.start as usize..word.end as usize]);
                    self.word(word, kind);
                }
            }
        }
        let end = self.last_end;
        while !self.stack.is_empty() {
            self.end_frame(end, false);
        }
    }

    /// Skips white space; returns the next byte without consuming it.
    #[inline]
    fn skip_ws(&mut self) -> Option<u8> {
        // Indentation comes in runs of spaces: skip up to eight per step, counting the
        // leading spaces of a little-endian word by its trailing zero bits.
        const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
        while let Some(word) = load8(self.b, self.pos) {
            let diff = word ^ SPACES;
            self.pos += (diff.trailing_zeros() / 8) as usize;
            if diff == 0 {
                continue;
            }
            let c = self.b[self.pos];
            if class(c) & WS == 0 {
                return Some(c);
            }
            self.pos += 1;
        }
        while let Some(&c) = self.b.get(self.pos) {
            if class(c) & WS == 0 {
                return Some(c);
            }
            self.pos += 1;
        }
        None
    }

    /// Skips a `//` or `/* */` comment at `pos`; false when `/` starts no comment.
    fn skip_comment(&mut self) -> bool {
        let rest = &self.b[self.pos..];
        if rest.starts_with(b"//") {
            let len = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            self.pos += len;
            true
        } else if rest.starts_with(b"/*") {
            let len = rest[2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(rest.len(), |i| i + 4);
            self.pos += len;
            true
        } else {
            false
        }
    }

    /// Reads a string starting at the quote at `pos`. An unclosed string ends before
    /// the line break (or at the end of the text).
    fn string(&mut self) -> Word {
        let b = self.b;
        let start = self.pos;
        let mut i = start + 1;
        let mut escaped = false;
        let (end, closed) = loop {
            i = skip_string_content(b, i);
            match b.get(i) {
                None => break (b.len(), false),
                Some(b'"') => break (i + 1, true),
                Some(b'\\') => {
                    escaped = true;
                    i += 1;
                    // The escaped byte is skipped, unless it is a line break.
                    if b.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                        i += 1;
                    }
                }
                Some(_) => break (i, false),
            }
        };
        self.pos = end;
        self.last_end = end as u32;
        Word {
            start: start as u32,
            end: end as u32,
            quoted: true,
            closed,
            escaped,
        }
    }

    /// Reads a bare word (number, literal, unquoted key or garbage) at `pos`.
    fn bare(&mut self) -> Word {
        let b = self.b;
        let start = self.pos;
        let mut i = start + 1;
        while i < b.len() && class(b[i]) & DELIM == 0 {
            i += 1;
        }
        self.pos = i;
        self.last_end = i as u32;
        Word {
            start: start as u32,
            end: i as u32,
            quoted: false,
            closed: true,
            escaped: false,
        }
    }

    /// When a colon follows (after white space), consumes it and returns its end.
    fn take_colon(&mut self) -> Option<u32> {
        let mut i = self.pos;
        while let Some(&c) = self.b.get(i) {
            if class(c) & WS == 0 {
                break;
            }
            i += 1;
        }
        (self.b.get(i) == Some(&b':')).then(|| {
            self.pos = i + 1;
            self.last_end = self.pos as u32;
            self.pos as u32
        })
    }

    /// Places a string or bare word: a key when a colon follows it inside an object,
    /// else a value.
    fn word(&mut self, word: Word, kind: Kind) {
        let Some(frame) = self.stack.last() else {
            let index = self.push(leaf(word, kind, None));
            if self.root.is_none() {
                self.root = Some(index);
            }
            return;
        };
        if !frame.object {
            self.push(leaf(word, kind, None));
            return;
        }
        if let Some(colon_end) = self.take_colon() {
            self.flush_key();
            self.set_key(Some(PendingKey {
                word,
                colon_end: Some(colon_end),
            }));
        } else if let Some(key) = self.take_key() {
            self.push(leaf(word, kind, Some(key)));
        } else if word.quoted {
            // A key whose colon is missing (`"a" 1`); dropped if no value follows.
            self.set_key(Some(PendingKey {
                word,
                colon_end: None,
            }));
        }
        // Else: a bare word where a key belongs and no colon follows: garbage, skipped.
    }

    fn take_key(&mut self) -> Option<PendingKey> {
        self.stack.last_mut().and_then(|f| f.key.take())
    }

    fn set_key(&mut self, key: Option<PendingKey>) {
        if let Some(frame) = self.stack.last_mut() {
            frame.key = key;
        }
    }

    /// A pending key whose colon was typed but whose value was not gets an `Empty`
    /// value, so the field can be found; a key without colon or value is dropped.
    #[inline]
    fn flush_key(&mut self) {
        if let Some(key) = self.take_key()
            && let Some(at) = key.colon_end
        {
            self.push(Node {
                start: at,
                end: at,
                key_start: key.word.start,
                key_end: key.word.end,
                next: NONE,
                len: 0,
                kind: Kind::Empty,
                flags: key.flags(),
            });
        }
    }

    /// Appends `node` as the next child of the innermost open container.
    #[inline]
    fn push(&mut self, node: Node) -> u32 {
        let index = self.nodes.len() as u32;
        if let Some(frame) = self.stack.last_mut() {
            if frame.last_child != NONE {
                self.nodes[frame.last_child as usize].next = index;
            }
            frame.last_child = index;
            self.nodes[frame.node as usize].len += 1;
        }
        self.nodes.push(node);
        index
    }

    fn open(&mut self, object: bool) {
        let start = self.pos as u32;
        self.pos += 1;
        self.last_end = self.pos as u32;
        let key = self.take_key();
        let mut node = Node {
            start,
            end: start + 1,
            key_start: 0,
            key_end: 0,
            next: NONE,
            len: 0,
            kind: if object { Kind::Object } else { Kind::Array },
            flags: 0,
        };
        if let Some(key) = key {
            node.key_start = key.word.start;
            node.key_end = key.word.end;
            node.flags = key.flags();
        }
        let top_level = self.stack.is_empty();
        let index = self.push(node);
        if top_level
            && self
                .root
                .is_none_or(|r| !is_container(self.nodes[r as usize].kind))
        {
            self.root = Some(index);
        }
        self.open_objects += usize::from(object);
        self.stack.push(Frame {
            node: index,
            last_child: NONE,
            object,
            key: None,
        });
    }

    /// Handles `}` or `]`: closes the innermost open container of that kind and any
    /// unclosed ones inside it; a closer with nothing to close is skipped. Returns true
    /// when this closed the root.
    fn close(&mut self, object: bool) -> bool {
        let closer_end = self.pos as u32 + 1;
        self.pos += 1;
        let open_of_kind = if object {
            self.open_objects
        } else {
            self.stack.len() - self.open_objects
        };
        // The search only passes frames that the close then pops: linear overall.
        let depth = (open_of_kind > 0)
            .then(|| self.stack.iter().rposition(|f| f.object == object))
            .flatten();
        let Some(depth) = depth else {
            self.last_end = closer_end;
            return false;
        };
        let inner_end = self.last_end;
        while self.stack.len() > depth + 1 {
            self.end_frame(inner_end, false);
        }
        let closed = self.end_frame(closer_end, true);
        self.last_end = closer_end;
        self.stack.is_empty() && self.root == Some(closed)
    }

    /// Pops the innermost frame, ending its node at `end`; returns the node.
    fn end_frame(&mut self, end: u32, closed: bool) -> u32 {
        self.flush_key();
        let Some(frame) = self.stack.pop() else {
            return NONE;
        };
        self.open_objects -= usize::from(frame.object);
        let node = &mut self.nodes[frame.node as usize];
        node.end = end.max(node.start + 1);
        if closed {
            node.flags |= flag::CLOSED;
        }
        frame.node
    }
}

/// The eight bytes at `at` as a little-endian word, if there are eight.
#[inline]
fn load8(b: &[u8], at: usize) -> Option<u64> {
    let chunk = b.get(at..at + 8)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    Some(u64::from_le_bytes(word))
}

/// The offset of the first byte at or after `i` that stops a string's content
/// (`"`, `\\`, line break), or `b.len()`. Eight bytes at a time (SWAR): only the lowest
/// flagged byte of a word is exact, so it is confirmed with the byte table.
#[inline]
fn skip_string_content(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = u64::from_le_bytes([0x01; 8]);
    const HI: u64 = u64::from_le_bytes([0x80; 8]);
    const QUOTE: u64 = u64::from_le_bytes([b'"'; 8]);
    const BACKSLASH: u64 = u64::from_le_bytes([b'\\'; 8]);
    const CONTROL: u64 = u64::from_le_bytes([0x20; 8]);
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    while let Some(word) = load8(b, i) {
        // Flags `"`, `\\` and every byte below 0x20 (line breaks among them).
        let flags =
            zero(word ^ QUOTE) | zero(word ^ BACKSLASH) | (word.wrapping_sub(CONTROL) & !word & HI);
        if flags == 0 {
            i += 8;
            continue;
        }
        i += (flags.trailing_zeros() / 8) as usize;
        if class(b[i]) & STR_STOP != 0 {
            return i;
        }
        i += 1;
    }
    while i < b.len() && class(b[i]) & STR_STOP == 0 {
        i += 1;
    }
    i
}

fn is_container(kind: Kind) -> bool {
    matches!(kind, Kind::Object | Kind::Array)
}

/// A scalar node for `word`, with its key if any.
fn leaf(word: Word, kind: Kind, key: Option<PendingKey>) -> Node {
    let mut flags = if word.escaped { flag::ESCAPED } else { 0 };
    if word.quoted && word.closed {
        flags |= flag::CLOSED;
    }
    let (key_start, key_end) = match key {
        Some(k) => {
            flags |= k.flags();
            (k.word.start, k.word.end)
        }
        None => (0, 0),
    };
    Node {
        start: word.start,
        end: word.end,
        key_start,
        key_end,
        next: NONE,
        len: 0,
        kind,
        flags,
    }
}

/// What a bare word is.
fn classify(word: &[u8]) -> Kind {
    match word {
        b"true" => Kind::True,
        b"false" => Kind::False,
        b"null" => Kind::Null,
        _ => match std::str::from_utf8(word) {
            Ok(s) if super::text::is_json_number(s) => Kind::Number,
            _ => Kind::Bad,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as `key=kind@text` lines, indented by depth, for readable assertions.
    fn dump(text: &str) -> String {
        let tree = scan(text);
        let mut out = String::new();
        if let Some(root) = tree.root {
            dump_node(&tree, text, root, 0, &mut out);
        }
        out
    }

    fn dump_node(tree: &Tree, text: &str, index: u32, depth: usize, out: &mut String) {
        let n = tree.node(index);
        out.push_str(&"  ".repeat(depth));
        if let Some(k) = n.key_content() {
            out.push_str(&text[k]);
            out.push('=');
        }
        match n.kind {
            Kind::Object | Kind::Array => {
                let closed = if n.has(flag::CLOSED) { "" } else { " unclosed" };
                out.push_str(&format!("{:?}{} {:?}\n", n.kind, closed, &text[n.span()]));
                for c in tree.children(index) {
                    dump_node(tree, text, c, depth + 1, out);
                }
            }
            kind => out.push_str(&format!("{:?} {:?}\n", kind, &text[n.span()])),
        }
    }

    #[test]
    fn well_formed_json_gives_every_span() {
        let t = r#"{"a": [1, "x", true, null], "b": {"c": -2.5e3}}"#;
        assert_eq!(
            dump(t),
            "Object \"{\\\"a\\\": [1, \\\"x\\\", true, null], \\\"b\\\": {\\\"c\\\": -2.5e3}}\"\n\
             \x20 a=Array \"[1, \\\"x\\\", true, null]\"\n\
             \x20   Number \"1\"\n\
             \x20   String \"\\\"x\\\"\"\n\
             \x20   True \"true\"\n\
             \x20   Null \"null\"\n\
             \x20 b=Object \"{\\\"c\\\": -2.5e3}\"\n\
             \x20   c=Number \"-2.5e3\"\n"
        );
    }

    #[test]
    fn missing_comma_between_members_recovers() {
        let d = dump("{\"a\": 1\n \"b\": 2}");
        assert!(d.contains("a=Number \"1\""), "{d}");
        assert!(d.contains("b=Number \"2\""), "{d}");
    }

    #[test]
    fn missing_colon_recovers() {
        assert!(dump(r#"{"a" 1}"#).contains("a=Number \"1\""));
    }

    #[test]
    fn dangling_key_before_a_real_key_is_dropped() {
        let d = dump(r#"{"a" "b": 1}"#);
        assert!(d.contains("b=Number \"1\""), "{d}");
        assert!(!d.contains("a="), "{d}");
    }

    #[test]
    fn trailing_and_double_commas_are_skipped() {
        let d = dump("[1,,2,]");
        assert_eq!(d.matches("Number").count(), 2, "{d}");
        assert!(dump(r#"{"a":1,}"#).contains("a=Number"));
    }

    #[test]
    fn unclosed_containers_end_at_the_last_token() {
        let t = "{\"a\": [1, 2\n";
        let tree = scan(t);
        let root = tree.node(tree.root.unwrap());
        assert!(!root.has(flag::CLOSED));
        assert_eq!(root.end as usize, t.find('2').unwrap() + 1);
        assert!(dump(t).contains("a=Array unclosed \"[1, 2\""));
    }

    #[test]
    fn unclosed_string_ends_at_line_end() {
        let d = dump("{\"a\": \"abc\r\n\"b\": 2}");
        assert!(d.contains("a=String \"\\\"abc\""), "{d}");
        assert!(d.contains("b=Number \"2\""), "{d}");
    }

    #[test]
    fn truncated_mid_key_keeps_earlier_members() {
        let d = dump("{\"a\": 1, \"na");
        assert!(d.contains("a=Number \"1\""), "{d}");
        assert!(!d.contains("na="), "{d}");
    }

    #[test]
    fn key_without_value_gets_an_empty_value_after_the_colon() {
        let t = r#"{"a": , "b": 1}"#;
        let tree = scan(t);
        let a = tree.children(tree.root.unwrap()).next().unwrap();
        let n = tree.node(a);
        assert_eq!(n.kind, Kind::Empty);
        assert_eq!(n.start as usize, t.find(':').unwrap() + 1);
        assert_eq!(n.start, n.end);
    }

    #[test]
    fn garbage_is_a_bad_value_or_skipped() {
        let t = r#"{"a": tru, @@ "b": 2 xx}"#;
        let d = dump(t);
        assert!(d.contains("a=Bad \"tru\""), "{d}");
        assert!(d.contains("b=Number \"2\""), "{d}");
        let tree = scan(t);
        assert_eq!(tree.children(tree.root.unwrap()).count(), 2, "{d}");
    }

    #[test]
    fn mismatched_closer_closes_through_inner_containers() {
        let d = dump(r#"{"a": [1}, "b": 2"#);
        assert!(d.contains("a=Array unclosed \"[1\""), "{d}");
        assert!(!d.contains("b="), "root closed before b: {d}");
    }

    #[test]
    fn stray_closer_with_nothing_open_is_skipped() {
        assert!(dump(r#"{"a": 1]}"#).contains("a=Number"));
    }

    #[test]
    fn garbage_before_the_body_is_passed_over() {
        let d = dump("\u{feff}xx {\"a\": 1}");
        assert!(d.starts_with("Object"), "{d}");
    }

    #[test]
    fn comments_are_skipped() {
        let t = "{// note: x\n\"a\": /* 2 */ 1}";
        let d = dump(t);
        assert!(d.contains("a=Number \"1\""), "{d}");
        let tree = scan(t);
        assert_eq!(tree.children(tree.root.unwrap()).count(), 1, "{d}");
    }

    #[test]
    fn bare_keys_are_accepted() {
        assert!(dump("{name: \"x\"}").contains("name=String"));
    }

    #[test]
    fn escaped_quote_does_not_end_a_string() {
        let d = dump(r#"{"k\"ey": "v\"al"}"#);
        assert!(d.contains(r#"k\"ey=String "\"v\\\"al\"""#), "{d}");
    }

    #[test]
    fn string_content_skipping_stops_exactly_at_every_stop_byte() {
        for stop in [b'"', b'\\', b'\n', b'\r'] {
            for at in 0..20 {
                let mut text = vec![b'a'; 20];
                text[at] = stop;
                // Control bytes that do not stop a string, and a multi-byte char.
                text.extend_from_slice(b"\x01\t\xc3\xa9");
                assert_eq!(skip_string_content(&text, 0), at, "{stop} at {at}");
            }
        }
        assert_eq!(skip_string_content(b"\x01\x02\t abc", 0), 7);
    }

    #[test]
    fn empty_text_has_no_root() {
        assert!(scan("").root.is_none());
        assert!(scan("  \n\t ").root.is_none());
    }

    #[test]
    fn closers_with_nothing_to_close_are_rejected_quickly() {
        // Quadratic if each `}` searched the 100 000 open arrays: this would not finish.
        let t = "[".repeat(100_000) + &"}".repeat(100_000) + &"]".repeat(100_000);
        let tree = scan(&t);
        assert_eq!(tree.nodes.len(), 100_000);
        assert!(tree.node(tree.root.unwrap()).has(flag::CLOSED));
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let t = "[".repeat(200_000);
        let tree = scan(&t);
        assert_eq!(tree.nodes.len(), 200_000);
    }
}
