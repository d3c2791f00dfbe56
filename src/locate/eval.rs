//! Evaluating a parsed path over a scanned tree, for one index reading.
//!
//! JSONata semantics for the subset:
//! - a name applied to an array maps over its elements (nested arrays flatten);
//! - filters bind to their step and apply per context element (`items.tags[0]` is the
//!   first tag of every item);
//! - a filter's input is the step's results, except that a single array result stands
//!   for its elements; a single non-array value is a one-element sequence (`a[0]` on
//!   an object selects the object);
//! - predicates keep the elements whose relative path yields exactly one value equal to
//!   the literal, without type coercion;
//! - with duplicate keys the last one wins (and a warning names it).

use std::collections::HashSet;

use super::path::{FilterKind, Literal, Path, Predicate, Step, Target};
use super::scan::{Kind, NONE, Tree, flag};
use super::text::{numbers_equal, push_name, unescape};

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
        let mut context = vec![Item {
            node: root,
            seg: NONE,
        }];
        for step in &path.steps {
            match self.step(&context, step, base) {
                Ok(items) => context = items,
                Err(missing) => return missing,
            }
        }
        context.sort_by_key(|item| item.node);
        context.dedup_by_key(|item| item.node);
        Resolved::Found(context)
    }

    /// Applies one step (its target, then its filters) to every context item.
    fn step(&mut self, context: &[Item], step: &Step, base: u8) -> Result<Vec<Item>, Resolved> {
        let inputs = match step.target {
            Target::Root => context.to_vec(),
            Target::Field(_) => self.flatten(context),
        };
        let mut out = Vec::new();
        // The deepest stage (0 = target, j + 1 = after filter j) any input reached, with
        // the first item there: where to point when nothing gets through.
        let mut deepest: Option<(usize, Item)> = None;
        for &input in &inputs {
            let target = match &step.target {
                Target::Root => Some(input),
                Target::Field(name) => self.member(input, name),
            };
            let Some(target) = target else { continue };
            let mut seq = vec![target];
            note(&mut deepest, 0, target);
            for (j, filter) in step.filters.iter().enumerate() {
                seq = match &filter.kind {
                    FilterKind::Index(i) => self.index(&seq, *i, base).into_iter().collect(),
                    FilterKind::Predicate(p) => self.predicate(&seq, p),
                };
                match seq.first() {
                    Some(&first) => note(&mut deepest, j + 1, first),
                    None => break,
                }
            }
            out.extend(seq);
        }
        if !out.is_empty() {
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
    fn index(&mut self, seq: &[Item], i: i64, base: u8) -> Option<Item> {
        let array = single_array(self.tree, seq);
        let len = match array {
            Some(a) => self.tree.node(a.node).len as usize,
            None => seq.len(),
        };
        let position = if i < 0 {
            len.checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
        } else {
            usize::try_from(i).ok()?.checked_sub(usize::from(base))?
        };
        if position >= len {
            return None;
        }
        match array {
            Some(a) => {
                let node = self.tree.children(a.node).nth(position)?;
                let seg = self.push_seg(a.seg, Hop::Index(position as u32));
                Some(Item { node, seg })
            }
            None => seq.get(position).copied(),
        }
    }

    /// The filter input's elements for which the predicate holds.
    fn predicate(&mut self, seq: &[Item], p: &Predicate) -> Vec<Item> {
        let elements = match single_array(self.tree, seq) {
            Some(a) => self.elements(a),
            None => seq.to_vec(),
        };
        elements
            .into_iter()
            .filter(|&e| self.predicate_holds(e, p))
            .collect()
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

    fn predicate_holds(&mut self, element: Item, p: &Predicate) -> bool {
        let mut current = vec![element];
        for name in &p.path {
            let inputs = self.flatten(&current);
            current = inputs
                .into_iter()
                .filter_map(|input| self.member(input, name))
                .collect();
            if current.is_empty() {
                return false;
            }
        }
        // JSONata's `=` is false for a sequence of several values.
        match current.as_slice() {
            [only] => self.equals(only.node, &p.value),
            _ => false,
        }
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

    /// The canonical path of a route: 0-based indexes, names joined by `.` and quoted
    /// when they are not identifiers; `$` for the root and before a leading index.
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
        for (i, hop) in hops.iter().enumerate() {
            match *hop {
                Hop::Key(node) => {
                    if i > 0 {
                        out.push('.');
                    }
                    let n = self.tree.node(node);
                    let raw = n.key_content().and_then(|r| self.text.get(r)).unwrap_or("");
                    push_name(&mut out, &unescape(raw));
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

/// Remembers the first item reaching a deeper stage than any before.
fn note(deepest: &mut Option<(usize, Item)>, stage: usize, item: Item) {
    if deepest.is_none_or(|(s, _)| stage > s) {
        *deepest = Some((stage, item));
    }
}

/// A filter input that is a single array stands for its elements.
fn single_array(tree: &Tree, seq: &[Item]) -> Option<Item> {
    match seq {
        [only] if tree.node(only.node).kind == Kind::Array => Some(*only),
        _ => None,
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
        assert_eq!(run(r#"{"a`b": 1}"#, "\"a`b\"", 0), "\"a`b\"=1");
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
