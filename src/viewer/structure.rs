//! The container index of a pretty-printed JSON body: for every object or array that
//! spans several lines, where it opens and closes, its depth and its child count.
//!
//! `BodyDoc` pretty-prints valid JSON with one value per line, so the shape can be
//! read from each line's first and last byte alone: a line ending in `{` or `[` opens
//! a container, a line starting (after indentation) with `}` or `]` closes one, and
//! every other line inside a container starts exactly one child. Strings cannot hold
//! raw line breaks, so a bracket inside a string never sits at either end of a line.
//! One pass over the lines, no value tree: O(lines) time, 24 bytes per container.

use crate::body::{BodyDoc, BodyKind};

/// "No entry" in `Entry::parent`.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ContainerKind {
    Object,
    Array,
}

/// One multi-line object or array. Lines are 0-based indexes into the `BodyDoc`.
/// Empty containers (`{}`, `[]`) sit on one line and are not indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Container {
    /// Position in the index (document order); `Folds` stores these.
    pub index: usize,
    pub open_line: usize,
    pub close_line: usize,
    /// 0 for the body's root value.
    pub depth: usize,
    /// Members of an object, elements of an array.
    pub children: usize,
    pub kind: ContainerKind,
}

/// Compact form of a `Container`, in document (pre-)order, so sorted by `open`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    open: u32,
    close: u32,
    /// The enclosing container's entry, `NONE` for the root.
    parent: u32,
    /// This container's position among its parent's children.
    ordinal: u32,
    children: u32,
    depth: u16,
    kind: ContainerKind,
}

/// Where a line sits in the value tree (see `Structure::place`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// The line starts the body's root value.
    Root,
    /// The line starts child number `ordinal` of container `parent` (an entry index).
    Child { parent: usize, ordinal: usize },
    /// The line closes container `entry`.
    Close(usize),
}

/// The container index of one `BodyDoc`. Empty for bodies that are not JSON.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    json: bool,
    entries: Vec<Entry>,
}

impl Structure {
    /// Indexes `doc` in one pass over its lines. Bodies that are not JSON, and (in
    /// theory) documents with more than `u32::MAX` lines, get an empty index.
    pub fn build(doc: &BodyDoc) -> Structure {
        let json = doc.kind == BodyKind::Json;
        let lines = doc.line_count();
        if !json || u32::try_from(lines).is_err() {
            return Structure {
                json,
                entries: Vec::new(),
            };
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        for line in 0..lines {
            let Some(text) = doc.line(line) else { break };
            // Fits: `lines` was checked against u32 above.
            let line32 = line as u32;
            let bytes = text.as_bytes();
            let first = bytes.iter().find(|&&b| b != b' ').copied();
            if matches!(first, Some(b'}' | b']')) {
                if let Some(top) = stack.pop() {
                    entries[top as usize].close = line32;
                }
                continue;
            }
            let parent = stack.last().copied().unwrap_or(NONE);
            let ordinal = match entries.get_mut(parent as usize) {
                Some(p) => {
                    p.children += 1;
                    p.children - 1
                }
                None => 0,
            };
            let kind = match bytes.last() {
                Some(b'{') => ContainerKind::Object,
                Some(b'[') => ContainerKind::Array,
                _ => continue,
            };
            stack.push(entries.len() as u32);
            entries.push(Entry {
                open: line32,
                close: line32,
                parent,
                ordinal,
                children: 0,
                depth: u16::try_from(stack.len() - 1).unwrap_or(u16::MAX),
                kind,
            });
        }
        // Valid JSON closes everything; this only guards the index's invariants.
        let last = lines.saturating_sub(1) as u32;
        for top in stack {
            entries[top as usize].close = last;
        }
        entries.shrink_to_fit();
        Structure { json, entries }
    }

    /// False for text, binary and empty bodies: they have no structure to fold.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Number of indexed (multi-line) containers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The container with index `index`.
    pub fn get(&self, index: usize) -> Option<Container> {
        self.entries.get(index).map(|e| container(index, e))
    }

    /// The container that opens on `line`. O(log n).
    pub fn container_at(&self, line: usize) -> Option<Container> {
        let i = self.last_opening_at_or_before(line)?;
        let e = &self.entries[i];
        (e.open as usize == line).then(|| container(i, e))
    }

    /// The innermost container whose lines include `line` (its own open and close
    /// lines included). O(log n + depth).
    pub fn enclosing(&self, line: usize) -> Option<Container> {
        let mut i = self.last_opening_at_or_before(line)?;
        loop {
            let e = &self.entries[i];
            if e.close as usize >= line {
                return Some(container(i, e));
            }
            i = self.parent_index(i)?;
        }
    }

    /// The container holding container `index`, None for the root.
    pub fn parent(&self, index: usize) -> Option<Container> {
        self.parent_index(index).and_then(|p| self.get(p))
    }

    /// All containers in document order.
    pub fn containers(&self) -> impl Iterator<Item = Container> + '_ {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| container(i, e))
    }

    /// Bytes this index holds on the heap (for the memory budget).
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
    }

    /// Where `line` sits: the value it starts and that value's parent, or the
    /// container it closes. O(log n + depth). Lines outside the root (only possible
    /// for a scalar body) are `Root`.
    pub(super) fn place(&self, line: usize) -> Place {
        let Some(mut i) = self.last_opening_at_or_before(line) else {
            return Place::Root;
        };
        let e = &self.entries[i];
        if e.open as usize == line {
            return match self.parent_index(i) {
                Some(parent) => Place::Child {
                    parent,
                    ordinal: e.ordinal as usize,
                },
                None => Place::Root,
            };
        }
        // Climb to the innermost container holding `line`, remembering the last
        // container left behind: it is `line`'s nearest earlier sibling.
        let mut sibling = None;
        loop {
            let e = &self.entries[i];
            if e.close as usize == line {
                return Place::Close(i);
            }
            if e.close as usize > line {
                break;
            }
            sibling = Some(i);
            match self.parent_index(i) {
                Some(p) => i = p,
                None => return Place::Root,
            }
        }
        let parent = &self.entries[i];
        // Scalar children take exactly one line each, so the distance from the
        // previous container sibling (or the parent's open line) is the ordinal.
        let ordinal = match sibling {
            Some(s) => {
                let s = &self.entries[s];
                s.ordinal as usize + (line - s.close as usize)
            }
            None => line - parent.open as usize - 1,
        };
        Place::Child { parent: i, ordinal }
    }

    fn parent_index(&self, index: usize) -> Option<usize> {
        let parent = self.entries.get(index)?.parent;
        (parent != NONE).then_some(parent as usize)
    }

    /// The last entry opening at or before `line`.
    fn last_opening_at_or_before(&self, line: usize) -> Option<usize> {
        self.entries
            .partition_point(|e| e.open as usize <= line)
            .checked_sub(1)
    }
}

fn container(index: usize, e: &Entry) -> Container {
    Container {
        index,
        open_line: e.open as usize,
        close_line: e.close as usize,
        depth: e.depth as usize,
        children: e.children as usize,
        kind: e.kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> BodyDoc {
        BodyDoc::build(json.as_bytes())
    }

    /// (open, close, depth, children, kind) of every container.
    fn shape(s: &Structure) -> Vec<(usize, usize, usize, usize, ContainerKind)> {
        s.containers()
            .map(|c| (c.open_line, c.close_line, c.depth, c.children, c.kind))
            .collect()
    }

    #[test]
    fn containers_record_open_close_depth_and_children() {
        // {            0
        //   "a": 1,    1
        //   "b": [     2
        //     true,    3
        //     {        4
        //       "c": {} 5
        //     }        6
        //   ],         7
        //   "d": []    8
        // }            9
        let d = doc(r#"{"a":1,"b":[true,{"c":{}}],"d":[]}"#);
        let s = Structure::build(&d);
        use ContainerKind::*;
        assert_eq!(
            shape(&s),
            vec![
                (0, 9, 0, 3, Object),
                (2, 7, 1, 2, Array),
                (4, 6, 2, 1, Object)
            ]
        );
    }

    #[test]
    fn brackets_inside_strings_do_not_open_or_close() {
        let d = doc(r#"{"a":"x{","b":"]y","c":["[",  "{"]}"#);
        let s = Structure::build(&d);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s.get(1).map(|c| (c.open_line, c.close_line, c.children)),
            Some((3, 6, 2))
        );
    }

    #[test]
    fn container_at_only_answers_for_opening_lines() {
        let s = Structure::build(&doc(r#"{"a":[1,2]}"#));
        assert_eq!(
            s.container_at(1).map(|c| c.kind),
            Some(ContainerKind::Array)
        );
        assert_eq!(s.container_at(2), None);
        assert_eq!(s.container_at(99), None);
    }

    #[test]
    fn enclosing_is_the_innermost_container_holding_the_line() {
        let s = Structure::build(&doc(r#"{"a":[1,{"b":2}],"c":3}"#));
        // 0 {  1 "a": [  2 1,  3 {  4 "b": 2  5 }  6 ],  7 "c": 3  8 }
        assert_eq!(s.enclosing(4).map(|c| c.open_line), Some(3));
        assert_eq!(s.enclosing(5).map(|c| c.open_line), Some(3));
        assert_eq!(s.enclosing(6).map(|c| c.open_line), Some(1));
        assert_eq!(s.enclosing(7).map(|c| c.open_line), Some(0));
        assert_eq!(s.parent(2).map(|c| c.open_line), Some(1));
        assert_eq!(s.parent(0), None);
    }

    #[test]
    fn place_gives_parent_and_ordinal_of_each_line() {
        let s = Structure::build(&doc(r#"[1,{"b":2},3,4,[5],6]"#));
        // 0 [  1 1,  2 {  3 "b": 2  4 },  5 3,  6 4,  7 [  8 5  9 ],  10 6  11 ]
        let child = |ordinal| Place::Child { parent: 0, ordinal };
        assert_eq!(s.place(0), Place::Root);
        assert_eq!(s.place(1), child(0));
        assert_eq!(s.place(2), child(1));
        assert_eq!(
            s.place(3),
            Place::Child {
                parent: 1,
                ordinal: 0
            }
        );
        assert_eq!(s.place(4), Place::Close(1));
        assert_eq!(s.place(5), child(2));
        assert_eq!(s.place(6), child(3));
        assert_eq!(s.place(7), child(4));
        assert_eq!(s.place(10), child(5));
        assert_eq!(s.place(11), Place::Close(0));
    }

    #[test]
    fn non_json_bodies_have_an_empty_index() {
        for bytes in [&b"<html>\n</html>"[..], &[0xff, 0xfe, 0x00][..], b"  "] {
            let s = Structure::build(&BodyDoc::build(bytes));
            assert!(!s.is_json());
            assert!(s.is_empty());
            assert_eq!(s.enclosing(0), None);
        }
    }

    #[test]
    fn scalar_json_root_has_no_containers() {
        let s = Structure::build(&doc("\"just a string\""));
        assert!(s.is_json());
        assert!(s.is_empty());
        assert_eq!(s.place(0), Place::Root);
    }
}
