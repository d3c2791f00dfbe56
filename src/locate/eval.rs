//! Evaluating a parsed path over a scanned tree, for one index reading.
//!
//! JSONata's semantics for the subset, as jsonata 2.2 evaluates them (the unit tests
//! below were checked against it):
//! - a path runs step by step over a sequence of inputs. The first step's only input
//!   is the whole body, even an array: `items[0]` on `[{"items":[1,2]},{"items":[3]}]`
//!   is `1`. `$` gives the body as a value instead, so the next step takes its elements
//!   one by one: `$.items[0]` there is `1` and `3`;
//! - a name applied to an object gives its member; applied to an array, the members of
//!   the objects in it (through nested arrays), each array member spliced in one level.
//!   A sequence of one item is that item;
//! - filters bind to their step and apply to what each input gave (`items.tags[0]` is
//!   the first tag of every item), read as a sequence: a single array value stands for
//!   its elements, a single other value for itself (`a[0]` on an object selects it);
//! - `[n]` gives one value; a predicate a sequence. Between steps a value that is an
//!   array is spliced into its elements, a sequence's items are not: `a[t='x'][0]` on
//!   an array of arrays is one of `a`'s elements, not that element's first item;
//! - the filters of a first step written `$` or as a string literal see the name's
//!   result before a one-item sequence becomes its item, and the result after them
//!   does (JSONata binds them to an expression, not to a path step);
//! - a predicate holds when its relative path, evaluated the same way from the
//!   element, yields exactly one value equal to the literal, without type coercion;
//! - with duplicate keys the last one wins (and a warning names it).
//!
//! One deliberate difference: a match is what the last step gave for an input, so an
//! array that a name (not a filter) selects is reported whole, where JSONata splices
//! its elements into the result (`a.b` over two items reports both `b` arrays, empty
//! ones included). An editor wants the field the error names, not its elements.

use std::collections::HashSet;

use super::path::{FilterKind, Literal, Path, Predicate, Step, Target};
use super::scan::{Kind, NONE, Tree, flag};
use super::text::{numbers_equal, push_member, unescape};

/// A selected value and the route to it (for its canonical path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub node: u32,
    /// Index into the route arena; `NONE` for the root.
    pub seg: u32,
}

/// One hop of a route: a member (named by its node's key) or an array index.
#[derive(Clone, Copy, Debug)]
enum Hop {
    Key(u32),
    Index(u32),
}

#[derive(Clone, Copy, Debug)]
struct Seg {
    parent: u32,
    hop: Hop,
}

/// What one step gives for one input, in JSONata's terms.
#[derive(Clone, Debug)]
enum Res {
    /// A single value; the next step takes an array's elements one by one.
    One(Item),
    /// A sequence; the next step takes each item as it is (an array stays one input).
    Seq(Vec<Item>),
}

/// What a step gave: JSONata's results, and the matches they stand for.
struct StepOut {
    results: Vec<Res>,
    shown: Vec<Item>,
}

/// The result of one evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Matches in document order, at least one.
    Found(Vec<Item>),
    /// `nearest` is None when the body has no value at all.
    Missing {
        nearest: Option<Item>,
        missing: String,
    },
}

/// At most this many duplicate-key warnings are spelt out; the rest are counted.
const MAX_WARNINGS: usize = 10;

/// Evaluation state: the tree plus the routes and warnings gathered on the way.
pub struct Eval<'d> {
    tree: &'d Tree,
    text: &'d str,
    segs: Vec<Seg>,
    /// Canonical paths of the duplicated keys met, in the order met.
    duplicates: Vec<String>,
    seen: HashSet<String>,
}

impl<'d> Eval<'d> {
    pub fn new(tree: &'d Tree, text: &'d str) -> Self {
        Eval {
            tree,
            text,
            segs: Vec::new(),
            duplicates: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// One warning per duplicated key met (a map over a large array may meet many:
    /// past `MAX_WARNINGS` they are summed up in one line).
    pub fn warnings(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .duplicates
            .iter()
            .take(MAX_WARNINGS)
            .map(|path| format!("duplicate key `{path}`: the last one is used"))
            .collect();
        if self.duplicates.len() > MAX_WARNINGS {
            out.push(format!(
                "{} more duplicate keys: the last of each is used",
                self.duplicates.len() - MAX_WARNINGS
            ));
        }
        out
    }

    /// Evaluates `path`, reading non-negative indexes with `base` (0 or 1).
    pub fn evaluate(&mut self, path: &Path, base: u8) -> Resolved {
        let Some(root) = self.tree.root else {
            return Resolved::Missing {
                nearest: None,
                missing: first_step_below_root(path),
            };
        };
        let root = Item {
            node: root,
            seg: NONE,
        };
        // The body is the first step's one input, an array included.
        let mut inputs = vec![root];
        let mut shown = vec![root];
        for (i, step) in path.steps.iter().enumerate() {
            let late_unwrap = i == 0 && binds_as_expression(step);
            match self.step(&inputs, &shown, step, late_unwrap, base) {
                Ok(out) => {
                    inputs = self.splice_all(&out.results);
                    shown = out.shown;
                }
                Err(missing) => return missing,
            }
        }
        shown.sort_by_key(|item| item.node);
        shown.dedup_by_key(|item| item.node);
        Resolved::Found(shown)
    }

    /// Applies one step (its target, then its filters) to every input; `context` is
    /// what the previous step showed, for the "missing" report.
    fn step(
        &mut self,
        inputs: &[Item],
        context: &[Item],
        step: &Step,
        late_unwrap: bool,
        base: u8,
    ) -> Result<StepOut, Resolved> {
        let mut out = StepOut {
            results: Vec::new(),
            shown: Vec::new(),
        };
        // The deepest stage (0 = target, j + 1 = after filter j) any input reached, with
        // the first item there: where to point when nothing gets through.
        let mut deepest: Option<(usize, Item)> = None;
        for &input in inputs {
            let (members, mut res) = match &step.target {
                Target::Root => (vec![input], Some(Res::One(input))),
                Target::Field(name) => {
                    let members = self.members(input, name);
                    let res = self.lookup(input, &members);
                    (members, res)
                }
            };
            let Some(&first) = members.first() else {
                continue;
            };
            note(&mut deepest, 0, first);
            if !late_unwrap {
                res = res.and_then(unwrap);
            }
            for (j, filter) in step.filters.iter().enumerate() {
                res = res.and_then(|r| match &filter.kind {
                    FilterKind::Index(i) => self.index(&r, *i, base),
                    FilterKind::Predicate(p) => self.predicate(&r, p),
                });
                match res.as_ref().and_then(first_of) {
                    Some(first) => note(&mut deepest, j + 1, first),
                    None => break,
                }
            }
            if late_unwrap {
                res = res.and_then(unwrap);
            }
            if step.filters.is_empty() {
                // Arrays a name selected are shown whole (see the module docs).
                out.shown.extend(members);
            } else if let Some(r) = &res {
                out.shown.extend(items_of(r));
            }
            out.results.extend(res);
        }
        if !out.shown.is_empty() {
            return Ok(out);
        }
        let (nearest, missing) = match deepest {
            Some((stage, item)) => (
                item,
                step.filters
                    .get(stage)
                    .map_or_else(|| step.text.clone(), |f| f.text.clone()),
            ),
            None => (
                inputs.first().or(context.first()).copied().unwrap_or(Item {
                    node: NONE,
                    seg: NONE,
                }),
                step.text.clone(),
            ),
        };
        Err(Resolved::Missing {
            nearest: (nearest.node != NONE).then_some(nearest),
            missing,
        })
    }

    /// The values `name` names from `input`: its member, or those of the objects in an
    /// array (through nested arrays), in order.
    fn members(&mut self, input: Item, name: &str) -> Vec<Item> {
        self.flatten(&[input])
            .into_iter()
            .filter_map(|item| self.member(item, name))
            .collect()
    }

    /// JSONata's lookup, before a one-item sequence becomes its item: an object gives
    /// its member as it is, an array the members spliced one level.
    fn lookup(&mut self, input: Item, members: &[Item]) -> Option<Res> {
        if self.kind(input.node) != Kind::Array {
            return members.first().copied().map(Res::One);
        }
        let mut seq = Vec::new();
        for &member in members {
            seq.extend(self.splice(member));
        }
        Some(Res::Seq(seq))
    }

    /// A value spliced into a sequence: an array gives its elements, anything else itself.
    fn splice(&mut self, item: Item) -> Vec<Item> {
        if self.kind(item.node) == Kind::Array {
            self.elements(item)
        } else {
            vec![item]
        }
    }

    /// The next step's inputs: values spliced, sequences' items kept as they are.
    fn splice_all(&mut self, results: &[Res]) -> Vec<Item> {
        let mut out = Vec::new();
        for res in results {
            match res {
                Res::One(item) => out.extend(self.splice(*item)),
                Res::Seq(items) => out.extend_from_slice(items),
            }
        }
        out
    }

    /// Replaces every array among `items` by its elements, recursively, in order.
    fn flatten(&mut self, items: &[Item]) -> Vec<Item> {
        let tree = self.tree;
        let mut out = Vec::with_capacity(items.len());
        for &item in items {
            if self.kind(item.node) != Kind::Array {
                out.push(item);
                continue;
            }
            // An explicit stack: nesting depth comes from the user's text.
            let mut stack = vec![(item.seg, tree.children(item.node), 0u32)];
            while let Some((seg, children, index)) = stack.last_mut() {
                let Some(child) = children.next() else {
                    stack.pop();
                    continue;
                };
                let (parent, i) = (*seg, *index);
                *index += 1;
                let child_seg = self.push_seg(parent, Hop::Index(i));
                if self.kind(child) == Kind::Array {
                    stack.push((child_seg, tree.children(child), 0));
                } else {
                    out.push(Item {
                        node: child,
                        seg: child_seg,
                    });
                }
            }
        }
        out
    }

    /// The member `name` of `item` when it is an object; the last one of duplicates.
    fn member(&mut self, item: Item, name: &str) -> Option<Item> {
        if self.kind(item.node) != Kind::Object {
            return None;
        }
        let mut found = None;
        let mut count = 0;
        for child in self.tree.children(item.node) {
            if self.key_is(child, name) {
                found = Some(child);
                count += 1;
            }
        }
        let node = found?;
        let seg = self.push_seg(item.seg, Hop::Key(node));
        if count > 1 {
            let path = self.path_of(seg);
            if self.seen.insert(path.clone()) {
                self.duplicates.push(path);
            }
        }
        Some(Item { node, seg })
    }

    /// Compares a member's key with `name`, unescaping only keys that need it.
    fn key_is(&self, node: u32, name: &str) -> bool {
        let n = self.tree.node(node);
        let Some(raw) = n.key_content().and_then(|r| self.text.get(r)) else {
            return false;
        };
        if n.has(flag::KEY_ESCAPED) {
            unescape(raw) == name
        } else {
            raw == name
        }
    }

    /// `[i]` over a filter input; `i` < 0 counts from the end, else it is read with `base`.
    fn index(&mut self, res: &Res, i: i64, base: u8) -> Option<Res> {
        let len = match res {
            Res::One(item) if self.kind(item.node) == Kind::Array => {
                self.tree.node(item.node).len as usize
            }
            Res::One(_) => 1,
            Res::Seq(items) => items.len(),
        };
        let position = if i < 0 {
            len.checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
        } else {
            usize::try_from(i).ok()?.checked_sub(usize::from(base))?
        };
        if position >= len {
            return None;
        }
        let picked = match res {
            // Only the picked element gets a route, not the whole array.
            Res::One(array) if self.kind(array.node) == Kind::Array => {
                let node = self.tree.children(array.node).nth(position)?;
                let seg = self.push_seg(array.seg, Hop::Index(u32::try_from(position).ok()?));
                Item { node, seg }
            }
            Res::One(item) => *item,
            Res::Seq(items) => *items.get(position)?,
        };
        Some(Res::One(picked))
    }

    /// The filter input's elements for which the predicate holds.
    fn predicate(&mut self, res: &Res, p: &Predicate) -> Option<Res> {
        let elements = match res {
            Res::One(item) => self.splice(*item),
            Res::Seq(items) => items.clone(),
        };
        let kept: Vec<Item> = elements
            .into_iter()
            .filter(|&e| self.predicate_holds(e, p))
            .collect();
        (!kept.is_empty()).then_some(Res::Seq(kept))
    }

    /// The direct elements of array `a`, with their routes.
    fn elements(&mut self, a: Item) -> Vec<Item> {
        let children: Vec<u32> = self.tree.children(a.node).collect();
        children
            .into_iter()
            .enumerate()
            .map(|(i, node)| Item {
                node,
                seg: self.push_seg(a.seg, Hop::Index(i as u32)),
            })
            .collect()
    }

    /// Evaluates the relative path from `element` as JSONata would (an array element
    /// is a sequence of its items) and compares the one value it yields.
    fn predicate_holds(&mut self, element: Item, p: &Predicate) -> bool {
        let mut inputs = self.splice(element);
        let mut results = Vec::new();
        for (i, name) in p.path.iter().enumerate() {
            if i > 0 {
                inputs = self.splice_all(&results);
            }
            results.clear();
            for input in std::mem::take(&mut inputs) {
                let members = self.members(input, name);
                results.extend(self.lookup(input, &members).and_then(unwrap));
            }
            if results.is_empty() {
                return false;
            }
        }
        // A lone value stays whole (an array then never equals a literal); several are
        // spliced, and `=` is false unless exactly one value is left.
        let value = match results.as_slice() {
            [Res::One(only)] => Some(*only),
            _ => match self.splice_all(&results).as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        };
        value.is_some_and(|v| self.equals(v.node, &p.value))
    }

    /// Literal equality without type coercion; numbers compare numerically.
    fn equals(&self, node: u32, literal: &Literal) -> bool {
        let n = self.tree.node(node);
        match (literal, n.kind) {
            (Literal::String(s), Kind::String) => n
                .string_content()
                .and_then(|r| self.text.get(r))
                .is_some_and(|raw| unescape(raw) == s.as_str()),
            (Literal::Number(lit), Kind::Number) => self
                .text
                .get(n.span())
                .is_some_and(|raw| numbers_equal(raw, lit) == Some(true)),
            (Literal::Bool(true), Kind::True)
            | (Literal::Bool(false), Kind::False)
            | (Literal::Null, Kind::Null) => true,
            _ => false,
        }
    }

    /// The value's unquoted text (string content unescaped, literal text of numbers,
    /// booleans and null); None for containers and anything else.
    pub fn value_text(&self, node: u32) -> Option<String> {
        let n = self.tree.node(node);
        match n.kind {
            Kind::String => Some(unescape(self.text.get(n.string_content()?)?).into_owned()),
            Kind::Number | Kind::True | Kind::False | Kind::Null => {
                self.text.get(n.span()).map(str::to_owned)
            }
            _ => None,
        }
    }

    fn kind(&self, node: u32) -> Kind {
        self.tree.node(node).kind
    }

    fn push_seg(&mut self, parent: u32, hop: Hop) -> u32 {
        self.segs.push(Seg { parent, hop });
        (self.segs.len() - 1) as u32
    }

    /// The canonical path of a route, valid JSONata that selects just that value:
    /// 0-based indexes, names written by `push_member`, `$` for the root and before a
    /// leading index.
    pub fn path_of(&self, seg: u32) -> String {
        let mut hops = Vec::new();
        let mut at = seg;
        while let Some(s) = self.segs.get(at as usize) {
            hops.push(s.hop);
            at = s.parent;
        }
        hops.reverse();
        let mut out = String::new();
        if !matches!(hops.first(), Some(Hop::Key(_))) {
            out.push('$');
        }
        for hop in hops {
            match hop {
                Hop::Key(node) => {
                    let n = self.tree.node(node);
                    let raw = n.key_content().and_then(|r| self.text.get(r)).unwrap_or("");
                    push_member(&mut out, &unescape(raw));
                }
                Hop::Index(index) => {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

/// JSONata's evaluation result: an empty sequence is nothing, a one-item one its item.
fn unwrap(res: Res) -> Option<Res> {
    match res {
        Res::Seq(items) if items.len() <= 1 => items.first().copied().map(Res::One),
        other => Some(other),
    }
}

/// The first value of a result (an array value itself, not its first element).
fn first_of(res: &Res) -> Option<Item> {
    match res {
        Res::One(item) => Some(*item),
        Res::Seq(items) => items.first().copied(),
    }
}

/// The matches a filtered result stands for.
fn items_of(res: &Res) -> Vec<Item> {
    match res {
        Res::One(item) => vec![*item],
        Res::Seq(items) => items.clone(),
    }
}

/// True for a first step whose filters JSONata binds to an expression rather than to
/// a path step: `$`, and a name written as a string literal (a literal, until the path
/// around it makes it a name).
fn binds_as_expression(step: &Step) -> bool {
    matches!(step.target, Target::Root) || step.text.starts_with(['"', '\''])
}

/// Remembers the first item reaching a deeper stage than any before.
fn note(deepest: &mut Option<(usize, Item)>, stage: usize, item: Item) {
    if deepest.is_none_or(|(s, _)| stage > s) {
        *deepest = Some((stage, item));
    }
}

/// What is missing when the body has no value: the first step after `$`.
fn first_step_below_root(path: &Path) -> String {
    let Some(first) = path.steps.first() else {
        return "$".to_owned();
    };
    match first.target {
        Target::Field(_) => first.text.clone(),
        Target::Root => match (first.filters.first(), path.steps.get(1)) {
            (Some(filter), _) => filter.text.clone(),
            (None, Some(next)) => next.text.clone(),
            (None, None) => "$".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::path::parse_path;
    use super::super::scan::scan;
    use super::*;

    /// Evaluates and renders the result as `path=text` per match, or `missing ...`.
    fn run(text: &str, path: &str, base: u8) -> String {
        let tree = scan(text);
        let mut eval = Eval::new(&tree, text);
        let path = parse_path(path).expect("path parses");
        match eval.evaluate(&path, base) {
            Resolved::Found(items) => items
                .iter()
                .map(|i| {
                    format!(
                        "{}={}",
                        eval.path_of(i.seg),
                        &text[tree.node(i.node).span()]
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
            Resolved::Missing { nearest, missing } => match nearest {
                Some(n) => format!("missing {missing} under {}", eval.path_of(n.seg)),
                None => format!("missing {missing} in empty body"),
            },
        }
    }

    /// The canonical paths of the matches alone.
    fn paths(text: &str, path: &str) -> Vec<String> {
        let tree = scan(text);
        let mut eval = Eval::new(&tree, text);
        match eval.evaluate(&parse_path(path).expect("path parses"), 0) {
            Resolved::Found(items) => items.iter().map(|i| eval.path_of(i.seg)).collect(),
            missing => panic!("{path}: {missing:?}"),
        }
    }

    #[test]
    fn dotted_path_selects_nested_member() {
        assert_eq!(run(r#"{"a": {"b": 7}}"#, "a.b", 0), "a.b=7");
    }

    #[test]
    fn name_maps_over_array_elements() {
        let t = r#"{"items": [{"n": 1}, {"x": 0}, {"n": 3}]}"#;
        assert_eq!(run(t, "items.n", 0), "items[0].n=1 items[2].n=3");
    }

    #[test]
    fn nested_arrays_flatten_when_mapped() {
        let t = r#"{"a": [[{"b": 1}], [{"b": 2}]]}"#;
        assert_eq!(run(t, "a.b", 0), "a[0][0].b=1 a[1][0].b=2");
    }

    #[test]
    fn index_reads_with_the_given_base() {
        let t = r#"{"a": [10, 20, 30]}"#;
        assert_eq!(run(t, "a[1]", 0), "a[1]=20");
        assert_eq!(run(t, "a[1]", 1), "a[0]=10");
        assert_eq!(run(t, "a[0]", 1), "missing [0] under a");
        assert_eq!(run(t, "a[3]", 0), "missing [3] under a");
    }

    #[test]
    fn negative_index_counts_from_the_end_in_both_bases() {
        let t = r#"{"a": [10, 20, 30]}"#;
        for base in [0, 1] {
            assert_eq!(run(t, "a[-1]", base), "a[2]=30");
            assert_eq!(run(t, "a[-3]", base), "a[0]=10");
            assert_eq!(run(t, "a[-4]", base), "missing [-4] under a");
        }
    }

    #[test]
    fn index_binds_per_mapped_element() {
        let t = r#"{"items": [{"tags": ["a", "b"]}, {"tags": ["c"]}]}"#;
        assert_eq!(
            run(t, "items.tags[0]", 0),
            "items[0].tags[0]=\"a\" items[1].tags[0]=\"c\""
        );
    }

    #[test]
    fn index_on_a_single_value_treats_it_as_one_element() {
        let t = r#"{"a": {"b": 1}}"#;
        assert_eq!(run(t, "a[0].b", 0), "a.b=1");
        assert_eq!(run(t, "a[1]", 0), "missing [1] under a");
        assert_eq!(run(t, "a[1].b", 1), "a.b=1");
    }

    #[test]
    fn several_brackets_index_nested_arrays() {
        let t = r#"{"m": [[1, 2], [3, 4, 5]]}"#;
        assert_eq!(run(t, "m[1][2]", 0), "m[1][2]=5");
        assert_eq!(run(t, "m[-1][0]", 0), "m[1][0]=3");
    }

    #[test]
    fn predicate_then_index_picks_among_matches() {
        let t = r#"{"a": [{"t": "X", "v": 1}, {"t": "Y"}, {"t": "X", "v": 2}]}"#;
        assert_eq!(run(t, "a[t='X'][1].v", 0), "a[2].v=2");
        assert_eq!(run(t, "a[t='X'][2]", 0), "missing [2] under a[0]");
    }

    #[test]
    fn predicate_string_matches_every_equal_element() {
        let t = r#"{"a": [{"b": "v"}, {"b": "w"}, {"b": "v"}]}"#;
        assert_eq!(
            run(t, "a[b='v']", 0),
            "a[0]={\"b\": \"v\"} a[2]={\"b\": \"v\"}"
        );
    }

    #[test]
    fn predicate_compares_without_type_coercion() {
        let t = r#"{"a": [{"n": "2"}, {"n": 2}, {"n": 2.0}, {"n": true}, {"n": null}]}"#;
        assert_eq!(run(t, "a[n='2']", 0), "a[0]={\"n\": \"2\"}");
        assert_eq!(run(t, "a[n=2]", 0), "a[1]={\"n\": 2} a[2]={\"n\": 2.0}");
        assert_eq!(run(t, "a[n=true]", 0), "a[3]={\"n\": true}");
        assert_eq!(run(t, "a[n=null]", 0), "a[4]={\"n\": null}");
        assert_eq!(run(t, "a[n=false]", 0), "missing [n=false] under a");
    }

    #[test]
    fn predicate_numbers_negative_and_decimal() {
        let t = r#"{"a": [{"n": -1.5}, {"n": -15e-1}, {"n": 1.5}]}"#;
        assert_eq!(
            run(t, "a[n=-1.5]", 0),
            "a[0]={\"n\": -1.5} a[1]={\"n\": -15e-1}"
        );
    }

    #[test]
    fn predicate_string_compares_unescaped() {
        let t = r#"{"a": [{"b": "caf\u00e9"}]}"#;
        assert_eq!(run(t, "a[b='café']", 0), "a[0]={\"b\": \"caf\\u00e9\"}");
    }

    #[test]
    fn nested_predicate_path() {
        let t = r#"{"a": [{"b": {"c": "v"}}, {"b": {"c": "w"}}]}"#;
        assert_eq!(run(t, "a[b.c=\"w\"]", 0), "a[1]={\"b\": {\"c\": \"w\"}}");
    }

    #[test]
    fn predicate_on_a_single_object() {
        let t = r#"{"a": {"t": "X"}}"#;
        assert_eq!(run(t, "a[t='X']", 0), "a={\"t\": \"X\"}");
    }

    #[test]
    fn predicate_with_several_values_is_false() {
        let t = r#"{"a": [{"b": [{"c": 1}, {"c": 1}]}]}"#;
        assert_eq!(run(t, "a[b.c=1]", 0), "missing [b.c=1] under a");
    }

    #[test]
    fn root_selects_the_whole_body() {
        assert_eq!(run("[1, 2]", "$", 0), "$=[1, 2]");
        assert_eq!(run("[1, 2]", "$[1]", 0), "$[1]=2");
        assert_eq!(run(r#"{"a": 1}"#, "$.a", 0), "a=1");
    }

    #[test]
    fn missing_reports_deepest_existing_part() {
        let t = r#"{"order": {"customer": {"billingAddress": {}}}}"#;
        assert_eq!(
            run(t, "order.customer.billingAddress.countryCode", 0),
            "missing countryCode under order.customer.billingAddress"
        );
        assert_eq!(
            run(t, "order.customer.x.y", 0),
            "missing x under order.customer"
        );
        assert_eq!(run(t, "nothing.here", 0), "missing nothing under $");
    }

    #[test]
    fn missing_under_a_scalar_or_empty_array() {
        assert_eq!(run(r#"{"a": 1}"#, "a.b", 0), "missing b under a");
        assert_eq!(run(r#"{"a": []}"#, "a.b", 0), "missing b under a");
        assert_eq!(run(r#"{"a": [{}]}"#, "a.b", 0), "missing b under a[0]");
    }

    #[test]
    fn missing_in_empty_body_names_first_step() {
        assert_eq!(run("", "a.b", 0), "missing a in empty body");
        assert_eq!(run(" ", "$", 0), "missing $ in empty body");
        assert_eq!(run("", "$.a", 0), "missing a in empty body");
        assert_eq!(run("", "$[0]", 0), "missing [0] in empty body");
    }

    #[test]
    fn duplicate_keys_last_wins_with_warning() {
        let t = r#"{"order": {"amount": 1, "amount": 2}}"#;
        let tree = scan(t);
        let mut eval = Eval::new(&tree, t);
        let Resolved::Found(items) = eval.evaluate(&parse_path("order.amount").unwrap(), 0) else {
            panic!("not found");
        };
        assert_eq!(&t[tree.node(items[0].node).span()], "2");
        assert_eq!(
            eval.warnings(),
            ["duplicate key `order.amount`: the last one is used"]
        );
    }

    #[test]
    fn many_duplicate_keys_are_summed_up() {
        let item = r#"{"a": 1, "a": 2}"#;
        let t = format!("[{}]", vec![item; 15].join(","));
        let tree = scan(&t);
        let mut eval = Eval::new(&tree, &t);
        let resolved = eval.evaluate(&parse_path("a").unwrap(), 0);
        assert!(matches!(resolved, Resolved::Found(ref items) if items.len() == 15));
        let warnings = eval.warnings();
        assert_eq!(warnings.len(), 11);
        assert_eq!(warnings[0], "duplicate key `$[0].a`: the last one is used");
        assert_eq!(
            warnings[10],
            "5 more duplicate keys: the last of each is used"
        );
    }

    #[test]
    fn keys_compare_unescaped() {
        assert_eq!(run(r#"{"na\u006de": 1}"#, "name", 0), "name=1");
        assert_eq!(run(r#"{"\ud83d\ude00": 1}"#, "`😀`", 0), "`😀`=1");
    }

    #[test]
    fn canonical_paths_quote_odd_names() {
        assert_eq!(
            run(r#"{"odd.name": {"x y": 1}}"#, "`odd.name`.'x y'", 0),
            "`odd.name`.`x y`=1"
        );
        assert_eq!(run(r#"{"a`b": 1}"#, "\"a`b\"", 0), "$.\"a`b\"=1");
    }

    // The expectations from here on were checked against jsonata 2.2 (npm `jsonata`):
    // its result is quoted in each comment, as JSON.

    #[test]
    fn canonical_paths_are_jsonata_names() {
        let t = r#"{"card": {"true": 1, "false": 2, "null": 3, "and": 4, "": 5, "1x": 6}}"#;
        // card.true: error S0213; card.`true`: 1.
        assert_eq!(run(t, "card.`true`", 0), "card.`true`=1");
        assert_eq!(run(t, "card.true", 0), "card.`true`=1");
        assert_eq!(run(t, "card.`false`", 0), "card.`false`=2");
        assert_eq!(run(t, "card.`null`", 0), "card.`null`=3");
        // card.and: 4; card.``: 5; card.`1x`: 6 (card.1x: syntax error).
        assert_eq!(run(t, "card.and", 0), "card.and=4");
        assert_eq!(run(t, "card.``", 0), "card.``=5");
        assert_eq!(run(t, "card.`1x`", 0), "card.`1x`=6");
        // "a`b": the string "a`b"; $."a`b": {"c":1}; "a`b".c: 1; card."a`b": 8.
        let t = r#"{"a`b": {"c": 1}, "x": {"y`z": 2}}"#;
        assert_eq!(run(t, "$.\"a`b\"", 0), "$.\"a`b\"={\"c\": 1}");
        assert_eq!(run(t, "\"a`b\".c", 0), "$.\"a`b\".c=1");
        assert_eq!(run(t, "x.'y`z'", 0), "x.\"y`z\"=2");
    }

    #[test]
    fn the_body_is_one_input_but_dollar_gives_its_elements() {
        let t = r#"[{"items": [1, 2]}, {"items": [3]}]"#;
        // items[0]: 1; $.items[0]: [1,3]; items[-1]: 3; $.items[-1]: [2,3]; items[1]: 2.
        assert_eq!(run(t, "items[0]", 0), "$[0].items[0]=1");
        assert_eq!(run(t, "$.items[0]", 0), "$[0].items[0]=1 $[1].items[0]=3");
        assert_eq!(run(t, "items[-1]", 0), "$[1].items[0]=3");
        assert_eq!(run(t, "$.items[-1]", 0), "$[0].items[1]=2 $[1].items[0]=3");
        assert_eq!(run(t, "items[1]", 0), "$[0].items[1]=2");
        // The 1-based reading follows the same rule.
        assert_eq!(run(t, "items[1]", 1), "$[0].items[0]=1");
        assert_eq!(run(t, "items[3]", 1), "$[1].items[0]=3");
        assert_eq!(run(t, "$.items[1]", 1), "$[0].items[0]=1 $[1].items[0]=3");
        // Without filters both give every item (items, $.items: [1,2,3]).
        assert_eq!(run(t, "items", 0), "$[0].items=[1, 2] $[1].items=[3]");
    }

    #[test]
    fn filters_apply_to_what_each_input_gave() {
        let t = r#"{"a": [[{"items": [1, 2]}, {"items": [3]}], [{"items": [4]}]]}"#;
        // a.items[0]: [1,4]; a.items[-1]: [3,4]; a.items[1]: 2; a[0].items[0]: [1,3].
        assert_eq!(
            run(t, "a.items[0]", 0),
            "a[0][0].items[0]=1 a[1][0].items[0]=4"
        );
        assert_eq!(
            run(t, "a.items[-1]", 0),
            "a[0][1].items[0]=3 a[1][0].items[0]=4"
        );
        assert_eq!(run(t, "a.items[1]", 0), "a[0][0].items[1]=2");
        assert_eq!(run(t, "a.items[2]", 1), "a[0][0].items[1]=2");
        assert_eq!(
            run(t, "a[0].items[0]", 0),
            "a[0][0].items[0]=1 a[0][1].items[0]=3"
        );
        let t = r#"{"a": [{"b": [{"c": [1, 2]}, {"c": [3]}]}, {"b": [{"c": [4]}]}]}"#;
        // a.b.c[0]: [1,3,4]; a.b[0].c[0]: [1,4].
        assert_eq!(
            run(t, "a.b.c[0]", 0),
            "a[0].b[0].c[0]=1 a[0].b[1].c[0]=3 a[1].b[0].c[0]=4"
        );
        assert_eq!(
            run(t, "a.b[0].c[0]", 0),
            "a[0].b[0].c[0]=1 a[1].b[0].c[0]=4"
        );
    }

    #[test]
    fn a_one_item_result_stands_for_its_item() {
        let t = r#"[{"x": [[1, 2]]}]"#;
        // x[0]: 1; x[1]: 2 (x's one element is the array [1,2]).
        assert_eq!(run(t, "x[0]", 0), "$[0].x[0][0]=1");
        assert_eq!(run(t, "x[1]", 0), "$[0].x[0][1]=2");
        // x: [1,2]; here the array the name selected is shown whole.
        assert_eq!(run(t, "x", 0), "$[0].x=[[1, 2]]");
        let t = r#"{"a": [{"x": [[1, 2]]}, {"x": [[3]]}]}"#;
        // a.x[0]: [1,2,3] (two arrays, spliced); a[0].x[0][1]: 2.
        assert_eq!(run(t, "a.x[0]", 0), "a[0].x[0]=[1, 2] a[1].x[0]=[3]");
        assert_eq!(run(t, "a[0].x[0][1]", 0), "a[0].x[0][1]=2");
    }

    #[test]
    fn a_predicate_keeps_array_elements_whole() {
        let t = r#"{"a": [[{"t": "x", "v": 1}, {"t": "y", "v": 2}], [{"t": "x", "v": 3}]]}"#;
        // a[t='x']: [{"t":"x","v":3}] (a[1]: its first item's `t` is two values);
        // a[t='x'][0]: that same a[1]; a[t='x'][0].v: 3.
        assert_eq!(run(t, "a[t='x']", 0), "a[1]=[{\"t\": \"x\", \"v\": 3}]");
        assert_eq!(run(t, "a[t='x'][0]", 0), "a[1]=[{\"t\": \"x\", \"v\": 3}]");
        assert_eq!(run(t, "a[t='x'][0].v", 0), "a[1][0].v=3");
        let t = r#"[[{"t": "x"}, {"t": "y", "v": 2}]]"#;
        // $[0][t='y']: {"t":"y","v":2}.
        assert_eq!(run(t, "$[0][t='y']", 0), "$[0][1]={\"t\": \"y\", \"v\": 2}");
    }

    #[test]
    fn dollar_and_literal_first_steps_filter_before_the_unwrap() {
        let t = r#"[[{"t": 1, "c": [5]}, {"c": [6]}], [{"t": 2}]]"#;
        // $[t=1].c[0]: [5,6] ($[t=1] is one array, spliced before `.c`).
        assert_eq!(run(t, "$[t=1].c[0]", 0), "$[0][0].c[0]=5 $[0][1].c[0]=6");
        let t = r#"{"x": [[{"t": 1, "c": [5]}, {"c": [6]}], [{"t": 2}]]}"#;
        // "x"[t=1].c[0]: [5,6]; `x`[t=1].c[0] and x[t=1].c[0]: 5.
        assert_eq!(
            run(t, "\"x\"[t=1].c[0]", 0),
            "x[0][0].c[0]=5 x[0][1].c[0]=6"
        );
        assert_eq!(run(t, "`x`[t=1].c[0]", 0), "x[0][0].c[0]=5");
        assert_eq!(run(t, "x[t=1].c[0]", 0), "x[0][0].c[0]=5");
        let t = r#"[{"x": [[{"y": 1}, {"y": 2}]]}]"#;
        // x[0].y: 1; "x"[0].y: [1,2]; $.x[0].y: [1,2].
        assert_eq!(run(t, "x[0].y", 0), "$[0].x[0][0].y=1");
        assert_eq!(run(t, "\"x\"[0].y", 0), "$[0].x[0][0].y=1 $[0].x[0][1].y=2");
        assert_eq!(run(t, "$.x[0].y", 0), "$[0].x[0][0].y=1 $[0].x[0][1].y=2");
    }

    #[test]
    fn predicate_paths_are_evaluated_like_paths() {
        let t = r#"{"a": [{"b": [{"c": []}, {"c": 1}]}, {"b": [[{"c": [1]}]]}, {"b": {"c": [1]}}, {"b": [{"c": 1}, {"c": 1}]}, {"b": [[{"c": 1}]]}]}"#;
        // a[b.c=1]: a[0], a[1] and a[4]: [] adds no value, an array member from an
        // array is spliced, but a lone array is never equal and two 1s are two values.
        assert_eq!(paths(t, "a[b.c=1]"), ["a[0]", "a[1]", "a[4]"]);
        let t = r#"{"a": [{"b": [1]}, {"b": [[1]]}, {"b": 1}, {"b": [1, 1]}, {"b": []}]}"#;
        // a[b=1]: {"b":1}.
        assert_eq!(run(t, "a[b=1]", 0), "a[2]={\"b\": 1}");
        let t = r#"{"a": [[{"b": [1]}], [[{"b": 1}]], [{"b": []}, {"b": 1}], [{"b": [[1]]}]]}"#;
        // a[b=1]: [[[{"b":1}]],[{"b":[]},{"b":1}]], that is a[1] and a[2].
        assert_eq!(paths(t, "a[b=1]"), ["a[1]", "a[2]"]);
        // a[$.b='w']: {"b":"w"}, and q[$."a`b"=1]: {"a`b":1}.
        let t = r#"{"a": [{"b": "v"}, {"b": "w"}], "q": [{"a`b": 1}, {"true": 2}]}"#;
        assert_eq!(run(t, "a[$.b='w']", 0), "a[1]={\"b\": \"w\"}");
        assert_eq!(run(t, "q[$.\"a`b\"=1]", 0), "q[0]={\"a`b\": 1}");
        assert_eq!(run(t, "q[`true`=2]", 0), "q[1]={\"true\": 2}");
    }

    #[test]
    fn arrays_a_name_selects_are_shown_whole() {
        // a.b: undefined in JSONata (two empty arrays spliced into nothing); the fields
        // are there all the same, and that is what an editor jumps to.
        let t = r#"{"a": [{"b": []}, {"b": []}]}"#;
        assert_eq!(run(t, "a.b", 0), "a[0].b=[] a[1].b=[]");
        // a.b[0]: undefined, here too.
        assert_eq!(run(t, "a.b[0]", 0), "missing [0] under a[0].b");
    }

    #[test]
    fn value_text_unquotes_strings_and_keeps_literals() {
        let t = r#"["a\"b", 1.50, true, null, {}]"#;
        let tree = scan(t);
        let eval = Eval::new(&tree, t);
        let texts: Vec<_> = tree.children(0).map(|c| eval.value_text(c)).collect();
        assert_eq!(
            texts,
            vec![
                Some("a\"b".to_owned()),
                Some("1.50".to_owned()),
                Some("true".to_owned()),
                Some("null".to_owned()),
                None
            ]
        );
    }
}
