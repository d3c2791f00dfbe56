//! The structural diff of two JSON trees, by path: objects by member name
//! (their order ignored), arrays by position, or, when every item on both
//! sides is an object with a unique identity (`code` + `propertyName`, `id`,
//! `paymentProductId`, `type`, `code`), by that identity, so a reordered
//! list is not a wall of changes. A loop over a stack of open container
//! pairs, never a call per level; subtrees whose text is the same byte for
//! byte are skipped whole.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::noise::{self, Expected};
use super::tree::{Kind, NONE, Tree};
use super::{Change, Progress};
use crate::locate::push_member;

/// One difference inside a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// JSONata, 0-based, as the locator writes it (`order.items[1].amount`,
    /// `errors[code='1099']`, `$` for the whole body); it selects the value on
    /// the side that has it (both sides for a change).
    pub path: String,
    pub change: Change,
    /// The values' spans in the left and right texts.
    pub left: Option<Range<u32>>,
    pub right: Option<Range<u32>>,
    pub expected: Option<Expected>,
    /// What else a reader needs: a type change, the other side's index.
    pub note: Option<String>,
}

/// The differences of two bodies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonDiff {
    pub found: Vec<Found>,
    /// Differences past `max_listed`: counted, not kept.
    pub omitted: usize,
    /// Of those, the ones expected to differ.
    pub omitted_expected: usize,
}

/// How a pair of items is named in its array.
#[derive(Debug, Clone)]
enum Seg {
    /// An object member: its node on the left (or right, when only there).
    Key {
        node: u32,
        right: bool,
    },
    Index(usize),
    /// A matched or lone item named by its identity: `[type='DISCOUNT']`.
    Ident(String),
}

#[derive(Debug, Clone)]
struct Pair {
    l: u32,
    r: u32,
    seg: Seg,
    /// The other side's index, when an item matched by identity moved.
    note: Option<String>,
}

/// An open pair of containers.
struct Frame {
    pairs: Vec<Pair>,
    next: usize,
    /// The path's length up to this container.
    path_len: usize,
    /// The member name of the container (an array's, for its items).
    name: Option<String>,
    at_root: bool,
}

/// The identity items of an array are matched by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// An error's `code` and `propertyName` (absent counts as empty).
    CodeAndProperty,
    Member(&'static str),
}

const IDENTITIES: [Identity; 5] = [
    Identity::CodeAndProperty,
    Identity::Member("id"),
    Identity::Member("paymentProductId"),
    Identity::Member("type"),
    Identity::Member("code"),
];

struct Side<'a> {
    tree: &'a Tree,
    text: &'a str,
}

impl Side<'_> {
    fn span(&self, node: u32) -> Range<u32> {
        let n = self.tree.node(node);
        n.start..n.end
    }

    fn raw(&self, node: u32) -> &str {
        &self.text[self.tree.node(node).span()]
    }

    /// The scalar member `name` of object `node`, as its JSON text.
    fn member_text(&self, node: u32, name: &str) -> Option<&str> {
        self.tree
            .children(node)
            .find(|&c| self.tree.key(self.text, c) == name)
            .filter(|&c| !self.tree.kind(c).is_container())
            .map(|c| self.raw(c))
    }
}

/// Compares two parsed bodies; at most `max_listed` differences are kept.
pub fn diff(
    left: (&Tree, &str),
    right: (&Tree, &str),
    max_listed: usize,
    progress: &mut dyn FnMut(Progress),
) -> JsonDiff {
    let l = Side {
        tree: left.0,
        text: left.1,
    };
    let r = Side {
        tree: right.0,
        text: right.1,
    };
    let mut out = JsonDiff::default();
    let mut path = String::new();
    let mut stack: Vec<Frame> = Vec::new();
    let total = l.text.len().max(1);
    let mut reported = 0usize;
    let emit = |out: &mut JsonDiff, found: Found| {
        if out.found.len() < max_listed {
            out.found.push(found);
        } else {
            out.omitted += 1;
            if found.expected.is_some() {
                out.omitted_expected += 1;
            }
        }
    };
    // The roots first, as a pair of their own.
    // (left node, right node, member name, note) of the pair to look at next.
    let mut current: Option<(u32, u32, Option<String>, Option<String>)> =
        Some((Tree::ROOT, Tree::ROOT, None, None));
    loop {
        let Some((ln, rn, key, note)) = current.take() else {
            // The next pair of the innermost open container, or close it.
            let Some(frame) = stack.last_mut() else {
                break;
            };
            if frame.next >= frame.pairs.len() {
                stack.pop();
                continue;
            }
            let pair = frame.pairs[frame.next].clone();
            frame.next += 1;
            let path_len = frame.path_len;
            path.truncate(path_len);
            let key = match &pair.seg {
                Seg::Key { node, right } => {
                    let side = if *right { &r } else { &l };
                    let name = side.tree.key(side.text, *node).into_owned();
                    push_member(&mut path, &name);
                    Some(name)
                }
                Seg::Index(i) => {
                    if path.is_empty() {
                        path.push('$');
                    }
                    path.push_str(&format!("[{i}]"));
                    None
                }
                Seg::Ident(filter) => {
                    if path.is_empty() {
                        path.push('$');
                    }
                    path.push_str(filter);
                    None
                }
            };
            match (pair.l, pair.r) {
                (a, NONE) => {
                    emit(
                        &mut out,
                        found(
                            path.clone(),
                            Change::Removed,
                            (Some(l.span(a)), None),
                            None,
                            pair.note,
                        ),
                    );
                    continue;
                }
                (NONE, b) => {
                    emit(
                        &mut out,
                        found(
                            path.clone(),
                            Change::Added,
                            (None, Some(r.span(b))),
                            None,
                            pair.note,
                        ),
                    );
                    continue;
                }
                (a, b) => {
                    current = Some((a, b, key, pair.note));
                    continue;
                }
            }
        };
        let (lk, rk) = (l.tree.kind(ln), r.tree.kind(rn));
        let here = || {
            if path.is_empty() {
                "$".to_string()
            } else {
                path.clone()
            }
        };
        let done = l.tree.node(ln).end as usize;
        if done * 100 / total > reported {
            reported = done * 100 / total;
            progress(Progress {
                done: done as u64,
                total: total as u64,
            });
        }
        // The same text is the same value: nothing below it to visit.
        if l.raw(ln) == r.raw(rn) {
            continue;
        }
        if lk != rk && !(is_bool(lk) && is_bool(rk)) {
            let note = if lk.name() != rk.name() {
                Some(format!("{} → {}", lk.name(), rk.name()))
            } else {
                note
            };
            emit(
                &mut out,
                found(
                    here(),
                    Change::Changed,
                    (Some(l.span(ln)), Some(r.span(rn))),
                    None,
                    note,
                ),
            );
            continue;
        }
        let (parent, at_root) = match stack.last() {
            Some(f) => (f.name.clone(), f.at_root),
            None => (None, false),
        };
        match lk {
            Kind::Object => {
                let pairs = object_pairs(&l, ln, &r, rn);
                stack.push(Frame {
                    pairs,
                    next: 0,
                    path_len: path.len(),
                    name: key,
                    at_root: stack.is_empty(),
                });
            }
            Kind::Array => {
                let (pairs, moved) = array_pairs(&l, ln, &r, rn);
                if moved {
                    emit(
                        &mut out,
                        found(
                            here(),
                            Change::Reordered,
                            (Some(l.span(ln)), Some(r.span(rn))),
                            Some(Expected::Reordered),
                            None,
                        ),
                    );
                }
                stack.push(Frame {
                    pairs,
                    next: 0,
                    path_len: path.len(),
                    // Items take their array's name: `payments[3].id` is a payment's id.
                    name: key.clone(),
                    at_root: false,
                });
            }
            _ => {
                if l.tree.same_scalar(l.text, ln, r.tree, r.text, rn) {
                    continue;
                }
                let expected = noise::body_value(
                    key.as_deref(),
                    parent.as_deref(),
                    at_root,
                    l.raw(ln),
                    r.raw(rn),
                );
                emit(
                    &mut out,
                    found(
                        here(),
                        Change::Changed,
                        (Some(l.span(ln)), Some(r.span(rn))),
                        expected,
                        note,
                    ),
                );
            }
        }
    }
    progress(Progress {
        done: total as u64,
        total: total as u64,
    });
    out
}

fn found(
    path: String,
    change: Change,
    (left, right): (Option<Range<u32>>, Option<Range<u32>>),
    expected: Option<Expected>,
    note: Option<String>,
) -> Found {
    Found {
        path,
        change,
        left,
        right,
        expected,
        note,
    }
}

fn is_bool(k: Kind) -> bool {
    matches!(k, Kind::True | Kind::False)
}

/// Members paired by name: the left's in their order, then those only on the right.
/// A name given twice pairs in order (the first with the first).
fn object_pairs(l: &Side<'_>, ln: u32, r: &Side<'_>, rn: u32) -> Vec<Pair> {
    let mut by_name: HashMap<std::borrow::Cow<'_, str>, Vec<u32>> = HashMap::new();
    for c in r.tree.children(rn) {
        by_name.entry(r.tree.key(r.text, c)).or_default().push(c);
    }
    for list in by_name.values_mut() {
        list.reverse();
    }
    let mut taken = HashSet::new();
    let mut pairs = Vec::with_capacity(l.tree.node(ln).len() as usize);
    for c in l.tree.children(ln) {
        let other = by_name
            .get_mut(&l.tree.key(l.text, c))
            .and_then(Vec::pop)
            .unwrap_or(NONE);
        if other != NONE {
            taken.insert(other);
        }
        pairs.push(Pair {
            l: c,
            r: other,
            seg: Seg::Key {
                node: c,
                right: false,
            },
            note: None,
        });
    }
    for c in r.tree.children(rn).filter(|c| !taken.contains(c)) {
        pairs.push(Pair {
            l: NONE,
            r: c,
            seg: Seg::Key {
                node: c,
                right: true,
            },
            note: None,
        });
    }
    pairs
}

/// Items paired by identity when every item has a unique one on both sides,
/// else by position; and whether items matched by identity changed order.
fn array_pairs(l: &Side<'_>, ln: u32, r: &Side<'_>, rn: u32) -> (Vec<Pair>, bool) {
    let left: Vec<u32> = l.tree.children(ln).collect();
    let right: Vec<u32> = r.tree.children(rn).collect();
    if let Some((identity, lkeys, rkeys)) = identify(l, &left, r, &right) {
        let mut at: HashMap<&str, usize> = rkeys
            .iter()
            .enumerate()
            .map(|(j, k)| (k.as_str(), j))
            .collect();
        let mut pairs = Vec::with_capacity(left.len().max(right.len()));
        let mut order = Vec::new();
        for (i, key) in lkeys.iter().enumerate() {
            match at.remove(key.as_str()) {
                Some(j) => {
                    order.push(j);
                    let (seg, note) = match identity {
                        Identity::Member(name) => (Seg::Ident(filter(name, key)), None),
                        Identity::CodeAndProperty => (
                            Seg::Index(j),
                            (i != j).then(|| format!("[{i}] on the left")),
                        ),
                    };
                    pairs.push(Pair {
                        l: left[i],
                        r: right[j],
                        seg,
                        note,
                    });
                }
                None => pairs.push(Pair {
                    l: left[i],
                    r: NONE,
                    seg: match identity {
                        Identity::Member(name) => Seg::Ident(filter(name, key)),
                        Identity::CodeAndProperty => Seg::Index(i),
                    },
                    note: None,
                }),
            }
        }
        let mut added: Vec<usize> = at.into_values().collect();
        added.sort_unstable();
        for j in added {
            pairs.push(Pair {
                l: NONE,
                r: right[j],
                seg: match identity {
                    Identity::Member(name) => Seg::Ident(filter(name, &rkeys[j])),
                    Identity::CodeAndProperty => Seg::Index(j),
                },
                note: None,
            });
        }
        let moved = order.windows(2).any(|w| w[0] > w[1]);
        return (pairs, moved);
    }
    let n = left.len().max(right.len());
    let pairs = (0..n)
        .map(|i| Pair {
            l: left.get(i).copied().unwrap_or(NONE),
            r: right.get(i).copied().unwrap_or(NONE),
            seg: Seg::Index(i),
            note: None,
        })
        .collect();
    (pairs, false)
}

/// The first identity every item on both sides has, unique on each side; the
/// items' identities as text (a member's JSON text; code and property joined).
fn identify(
    l: &Side<'_>,
    left: &[u32],
    r: &Side<'_>,
    right: &[u32],
) -> Option<(Identity, Vec<String>, Vec<String>)> {
    if left.is_empty() || right.is_empty() {
        return None;
    }
    let all_objects =
        |s: &Side<'_>, items: &[u32]| items.iter().all(|&i| s.tree.kind(i) == Kind::Object);
    if !all_objects(l, left) || !all_objects(r, right) {
        return None;
    }
    IDENTITIES.iter().find_map(|&identity| {
        let lkeys = keys_of(l, left, identity)?;
        let rkeys = keys_of(r, right, identity)?;
        Some((identity, lkeys, rkeys))
    })
}

/// Each item's identity, or None when one lacks it or two share it.
fn keys_of(s: &Side<'_>, items: &[u32], identity: Identity) -> Option<Vec<String>> {
    let mut seen = HashSet::with_capacity(items.len());
    let mut keys = Vec::with_capacity(items.len());
    for &item in items {
        let key = match identity {
            Identity::CodeAndProperty => {
                let code = s.member_text(item, "code")?;
                let property = s.member_text(item, "propertyName").unwrap_or("");
                format!("{code}\u{0}{property}")
            }
            Identity::Member(name) => s.member_text(item, name)?.to_string(),
        };
        if !seen.insert(key.clone()) {
            return None;
        }
        keys.push(key);
    }
    Some(keys)
}

/// `[name='value']`: a predicate the locator reads. A string in single quotes
/// when it needs no escape, else as a JSON string; other scalars as they are.
fn filter(name: &str, json: &str) -> String {
    let mut member = String::new();
    push_member(&mut member, name);
    let literal = match json.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) if !inner.contains(['\'', '\\']) => format!("'{inner}'"),
        _ => json.to_string(),
    };
    format!("[{member}={literal}]")
}

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;

    fn run(a: &str, b: &str) -> Vec<(String, Change, Option<Expected>)> {
        let (ta, tb) = (parse(a).expect("a"), parse(b).expect("b"));
        diff((&ta, a), (&tb, b), usize::MAX, &mut |_| {})
            .found
            .into_iter()
            .map(|f| (f.path, f.change, f.expected))
            .collect()
    }

    fn paths(a: &str, b: &str) -> Vec<String> {
        run(a, b)
            .into_iter()
            .map(|(p, c, _)| format!("{c:?} {p}"))
            .collect()
    }

    #[test]
    fn equal_values_have_no_difference_whatever_the_layout_and_order() {
        assert!(run(r#"{"a":1,"b":[1,2]}"#, "{ \"b\": [1, 2],\n \"a\": 1.0 }").is_empty());
    }

    #[test]
    fn paths_of_changes_additions_and_removals() {
        assert_eq!(
            paths(
                r#"{"order":{"items":[{"amount":1},{"amount":2}],"x":true},"gone":null}"#,
                r#"{"order":{"items":[{"amount":1},{"amount":3},{"amount":4}],"x":true,"new":"n"}}"#
            ),
            vec![
                "Changed order.items[1].amount",
                "Added order.items[2]",
                "Added order.new",
                "Removed gone",
            ]
        );
    }

    #[test]
    fn odd_names_and_root_indexes_are_written_as_the_locator_reads_them() {
        assert_eq!(paths(r#"{"a.b":1}"#, r#"{"a.b":2}"#), vec!["Changed `a.b`"]);
        assert_eq!(paths("[1,2]", "[1,3]"), vec!["Changed $[1]"]);
        assert_eq!(paths("1", "2"), vec!["Changed $"]);
    }

    #[test]
    fn type_changes_are_one_change_with_a_note() {
        let (a, b) = (r#"{"a":"1"}"#, r#"{"a":1}"#);
        let (ta, tb) = (parse(a).expect("a"), parse(b).expect("b"));
        let d = diff((&ta, a), (&tb, b), 10, &mut |_| {});
        assert_eq!(d.found.len(), 1);
        assert_eq!(d.found[0].note.as_deref(), Some("string → number"));
        assert_eq!(paths(r#"{"a":{"b":1}}"#, r#"{"a":[1]}"#), vec!["Changed a"]);
        assert_eq!(paths(r#"{"a":true}"#, r#"{"a":false}"#), vec!["Changed a"]);
    }

    #[test]
    fn errors_are_matched_by_code_and_property_so_a_reorder_is_no_wall_of_changes() {
        let a = r#"{"errors":[
            {"code":"1","propertyName":"a","requestId":"r1"},
            {"code":"2","propertyName":"b","requestId":"r1"},
            {"code":"3","propertyName":"c","requestId":"r1"}]}"#;
        let b = r#"{"errors":[
            {"code":"3","propertyName":"c","requestId":"r2"},
            {"code":"1","propertyName":"a","requestId":"r2"},
            {"code":"4","propertyName":"d","requestId":"r2"}]}"#;
        assert_eq!(
            run(a, b),
            vec![
                (
                    "errors".into(),
                    Change::Reordered,
                    Some(Expected::Reordered)
                ),
                (
                    "errors[1].requestId".into(),
                    Change::Changed,
                    Some(Expected::RequestId)
                ),
                ("errors[1]".into(), Change::Removed, None),
                (
                    "errors[0].requestId".into(),
                    Change::Changed,
                    Some(Expected::RequestId)
                ),
                ("errors[2]".into(), Change::Added, None),
            ]
        );
    }

    #[test]
    fn items_with_an_id_or_type_are_named_by_it() {
        assert_eq!(
            paths(
                r#"{"b":[{"type":"BASE","amount":1},{"type":"DISCOUNT","amount":2}]}"#,
                r#"{"b":[{"type":"DISCOUNT","amount":5},{"type":"BASE","amount":1}]}"#
            ),
            vec!["Reordered b", "Changed b[type='DISCOUNT'].amount"]
        );
        assert_eq!(
            paths(r#"[{"id":1},{"id":2}]"#, r#"[{"id":2},{"id":3}]"#),
            vec!["Removed $[id=1]", "Added $[id=3]"]
        );
        // Not unique: by position.
        assert_eq!(
            paths(
                r#"[{"id":1,"v":1},{"id":1,"v":2}]"#,
                r#"[{"id":1,"v":1},{"id":1,"v":3}]"#
            ),
            vec!["Changed $[1].v"]
        );
        // A quote in the identity: written as a JSON string.
        assert_eq!(
            paths(r#"[{"id":"o'k","v":1}]"#, r#"[{"id":"o'k","v":2}]"#),
            vec![r#"Changed $[id="o'k"].v"#]
        );
    }

    #[test]
    fn platform_values_are_expected_to_differ() {
        let a = r#"{"payment":{"id":"1","status":"CREATED","statusOutput":{"statusCodeChangeDateTime":"20261202000150"}},"errorId":"x"}"#;
        let b = r#"{"payment":{"id":"2","status":"REJECTED","statusOutput":{"statusCodeChangeDateTime":"20261202000151"}},"errorId":"y"}"#;
        assert_eq!(
            run(a, b),
            vec![
                (
                    "payment.id".into(),
                    Change::Changed,
                    Some(Expected::PlatformId)
                ),
                ("payment.status".into(), Change::Changed, None),
                (
                    "payment.statusOutput.statusCodeChangeDateTime".into(),
                    Change::Changed,
                    Some(Expected::Timestamp)
                ),
                ("errorId".into(), Change::Changed, Some(Expected::ErrorId)),
            ]
        );
    }

    #[test]
    fn past_the_cap_differences_are_counted() {
        let a = "[1,2,3,4,5]";
        let b = "[2,3,4,5,6]";
        let (ta, tb) = (parse(a).expect("a"), parse(b).expect("b"));
        let d = diff((&ta, a), (&tb, b), 2, &mut |_| {});
        assert_eq!((d.found.len(), d.omitted), (2, 3));
    }

    #[test]
    fn deep_bodies_are_walked_without_recursion() {
        let depth = super::super::tree::MAX_DEPTH - 1;
        let a = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let b = format!("{}2{}", "[".repeat(depth), "]".repeat(depth));
        let (ta, tb) = (parse(&a).expect("a"), parse(&b).expect("b"));
        let d = diff((&ta, &a), (&tb, &b), 10, &mut |_| {});
        assert_eq!(d.found.len(), 1);
        assert_eq!(d.found[0].path, format!("${}", "[0]".repeat(depth)));
    }
}
