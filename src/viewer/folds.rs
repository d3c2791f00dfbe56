//! Folded containers and the visible-row ⇄ line mapping that respects them.
//!
//! A folded container keeps its opening line visible (drawn with a summary such as
//! `{…} 12 keys`) and hides the lines after it through its closing line. The user's
//! folds are remembered even when an outer fold hides them (unfolding the outer one
//! shows them still folded). From them we derive the *outermost* folded ranges: sorted,
//! disjoint, each with the number of lines hidden before it. Mapping a row to a line
//! and back is then one binary search, O(log folds), anywhere in the document; a fold
//! change re-derives the ranges in O(folds).

use std::fmt;

use super::ViewerError;
use super::structure::{Container, ContainerKind, Structure};

/// An outermost folded range; `hidden_before` counts the lines hidden by earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hidden {
    open: u32,
    close: u32,
    hidden_before: u32,
}

impl Hidden {
    /// The visible row the fold's opening line is drawn on.
    fn row(&self) -> usize {
        (self.open - self.hidden_before) as usize
    }

    fn hidden_through(&self) -> usize {
        (self.hidden_before + (self.close - self.open)) as usize
    }
}

/// The fold state of one document. Indexes refer to the `Structure` it was used
/// with: make a new `Folds` when the body changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folds {
    /// Container indexes the user folded, sorted (so in document order).
    folded: Vec<u32>,
    /// Derived from `folded`: the outermost ones, as line ranges.
    ranges: Vec<Hidden>,
}

/// What `Folds::toggle` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    /// The container opening on this line was folded: move the cursor there.
    Folded(usize),
    /// The container opening on this line was unfolded.
    Unfolded(usize),
    /// No container holds the line (a scalar JSON body).
    Nothing,
}

/// What a folded row shows after its opening bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldSummary {
    pub kind: ContainerKind,
    pub children: usize,
    /// Lines hidden by the fold (the closing line included).
    pub hidden_lines: usize,
}

impl fmt::Display for FoldSummary {
    /// `{…} 12 keys`, `{…} 1 key`, `[…] 250 items`, `[…] 1 item`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (brackets, noun) = match self.kind {
            ContainerKind::Object => ("{…}", "key"),
            ContainerKind::Array => ("[…]", "item"),
        };
        let plural = if self.children == 1 { "" } else { "s" };
        write!(f, "{brackets} {} {noun}{plural}", self.children)
    }
}

impl Folds {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of folds the user made (hidden ones included).
    pub fn count(&self) -> usize {
        self.folded.len()
    }

    /// Folds or unfolds at the cursor: a container opening on `line` is toggled;
    /// on any other line the innermost container holding it is folded (so a
    /// press on a member folds its parent, as in most JSON viewers).
    pub fn toggle(&mut self, s: &Structure, line: usize) -> Result<Toggle, ViewerError> {
        require_json(s)?;
        if let Some(c) = s.container_at(line) {
            let index = c.index as u32;
            match self.folded.binary_search(&index) {
                Ok(at) => {
                    self.folded.remove(at);
                    self.rebuild(s);
                    return Ok(Toggle::Unfolded(line));
                }
                Err(at) => {
                    self.folded.insert(at, index);
                    self.rebuild(s);
                    return Ok(Toggle::Folded(line));
                }
            }
        }
        let Some(c) = s.enclosing(line) else {
            return Ok(Toggle::Nothing);
        };
        self.fold(s, c);
        Ok(Toggle::Folded(c.open_line))
    }

    /// Folds every container except the root (folding the root would leave one row).
    pub fn fold_all(&mut self, s: &Structure) -> Result<(), ViewerError> {
        self.fold_to_depth(s, 1)
    }

    pub fn unfold_all(&mut self) {
        self.folded.clear();
        self.ranges.clear();
    }

    /// Shows `depth` levels: every container at depth ≥ `depth` is folded (the root
    /// is depth 0, so 1 shows the root's members with their values folded) and every
    /// other one unfolded.
    pub fn fold_to_depth(&mut self, s: &Structure, depth: usize) -> Result<(), ViewerError> {
        require_json(s)?;
        self.folded = s
            .containers()
            .filter(|c| c.depth >= depth)
            .map(|c| c.index as u32)
            .collect();
        self.rebuild(s);
        Ok(())
    }

    /// Unfolds every fold that hides `line` (before jumping to a search hit or a
    /// path match). Returns true when anything changed.
    pub fn reveal(&mut self, s: &Structure, line: usize) -> bool {
        let mut changed = false;
        let mut at = s.enclosing(line);
        while let Some(c) = at {
            if c.open_line < line
                && let Ok(i) = self.folded.binary_search(&(c.index as u32))
            {
                self.folded.remove(i);
                changed = true;
            }
            at = s.parent(c.index);
        }
        if changed {
            self.rebuild(s);
        }
        changed
    }

    /// Rows a document of `total_lines` lines takes with these folds.
    pub fn visible_rows(&self, total_lines: usize) -> usize {
        total_lines.saturating_sub(self.ranges.last().map_or(0, Hidden::hidden_through))
    }

    /// The line drawn on visible row `row` (0-based). Rows past the end map past the
    /// end of the document: clamp `row` below `visible_rows` first.
    pub fn line_of_row(&self, row: usize) -> usize {
        let k = self.ranges.partition_point(|h| h.row() <= row);
        match k.checked_sub(1).map(|i| &self.ranges[i]) {
            None => row,
            Some(h) if h.row() == row => h.open as usize,
            Some(h) => row + h.hidden_through(),
        }
    }

    /// The visible row of `line`; a hidden line maps to its fold's row.
    pub fn row_of_line(&self, line: usize) -> usize {
        let k = self.ranges.partition_point(|h| (h.open as usize) < line);
        match k.checked_sub(1).map(|i| &self.ranges[i]) {
            None => line,
            Some(h) if line <= h.close as usize => h.row(),
            Some(h) => line - h.hidden_through(),
        }
    }

    /// The visible lines from row `row` on, in order, for drawing a page.
    pub fn lines_from_row(&self, row: usize, total_lines: usize) -> VisibleLines<'_> {
        let line = self.line_of_row(row);
        VisibleLines {
            ranges: &self.ranges,
            next_range: self.ranges.partition_point(|h| (h.open as usize) < line),
            line,
            total_lines,
        }
    }

    /// The summary to draw when `line` is the (visible) opening line of a fold.
    pub fn folded_at(&self, s: &Structure, line: usize) -> Option<FoldSummary> {
        let i = self
            .ranges
            .binary_search_by_key(&line, |h| h.open as usize)
            .ok()?;
        let h = &self.ranges[i];
        let c = s.container_at(line)?;
        Some(FoldSummary {
            kind: c.kind,
            children: c.children,
            hidden_lines: (h.close - h.open) as usize,
        })
    }

    /// Bytes held on the heap (for the memory budget).
    pub fn heap_bytes(&self) -> usize {
        self.folded.capacity() * 4 + self.ranges.capacity() * std::mem::size_of::<Hidden>()
    }

    fn fold(&mut self, s: &Structure, c: Container) {
        let index = c.index as u32;
        if let Err(at) = self.folded.binary_search(&index) {
            self.folded.insert(at, index);
            self.rebuild(s);
        }
    }

    /// Re-derives the outermost ranges: `folded` is in document order, so a fold
    /// inside the previous kept range is skipped and every other one starts a range.
    fn rebuild(&mut self, s: &Structure) {
        self.ranges.clear();
        let mut hidden = 0u32;
        for &index in &self.folded {
            let Some(c) = s.get(index as usize) else {
                continue;
            };
            // Line numbers fit u32: `Structure` indexes nothing otherwise.
            let (open, close) = (c.open_line as u32, c.close_line as u32);
            if self.ranges.last().is_some_and(|h| open <= h.close) {
                continue;
            }
            self.ranges.push(Hidden {
                open,
                close,
                hidden_before: hidden,
            });
            hidden += close - open;
        }
    }
}

fn require_json(s: &Structure) -> Result<(), ViewerError> {
    if s.is_json() {
        Ok(())
    } else {
        Err(ViewerError::NotJson)
    }
}

/// Iterator over visible lines (see `Folds::lines_from_row`).
#[derive(Debug, Clone)]
pub struct VisibleLines<'f> {
    ranges: &'f [Hidden],
    next_range: usize,
    line: usize,
    total_lines: usize,
}

impl Iterator for VisibleLines<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.line >= self.total_lines {
            return None;
        }
        let current = self.line;
        match self.ranges.get(self.next_range) {
            Some(h) if h.open as usize == current => {
                self.line = h.close as usize + 1;
                self.next_range += 1;
            }
            _ => self.line += 1,
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::BodyDoc;
    use proptest::prelude::*;

    /// `{"a": {"x": 1, "y": 2}, "b": [1, [2, 3]], "c": 4}` pretty-printed:
    /// 0 {  1 "a": {  2 "x": 1,  3 "y": 2  4 },  5 "b": [  6 1,  7 [  8 2,  9 3
    /// 10 ]  11 ],  12 "c": 4  13 }
    fn sample() -> (BodyDoc, Structure) {
        let doc = BodyDoc::build(br#"{"a":{"x":1,"y":2},"b":[1,[2,3]],"c":4}"#);
        let s = Structure::build(&doc);
        (doc, s)
    }

    fn visible(f: &Folds, total: usize) -> Vec<usize> {
        f.lines_from_row(0, total).collect()
    }

    #[test]
    fn toggle_on_an_opening_line_folds_then_unfolds_it() {
        let (doc, s) = sample();
        let mut f = Folds::new();
        assert_eq!(f.toggle(&s, 1), Ok(Toggle::Folded(1)));
        assert_eq!(
            visible(&f, doc.line_count()),
            [0, 1, 5, 6, 7, 8, 9, 10, 11, 12, 13]
        );
        assert_eq!(f.toggle(&s, 1), Ok(Toggle::Unfolded(1)));
        assert_eq!(f.visible_rows(doc.line_count()), 14);
    }

    #[test]
    fn toggle_on_a_member_folds_its_parent() {
        let (_, s) = sample();
        let mut f = Folds::new();
        assert_eq!(f.toggle(&s, 9), Ok(Toggle::Folded(7)));
        assert_eq!(f.folded_at(&s, 7).map(|x| x.children), Some(2));
        assert_eq!(f.toggle(&s, 12), Ok(Toggle::Folded(0)));
        assert_eq!(f.visible_rows(14), 1);
    }

    #[test]
    fn summaries_name_keys_and_items_with_singular_grammar() {
        let (_, s) = sample();
        let mut f = Folds::new();
        f.fold_all(&s).unwrap();
        assert_eq!(
            f.folded_at(&s, 1).map(|x| x.to_string()).as_deref(),
            Some("{…} 2 keys")
        );
        assert_eq!(
            f.folded_at(&s, 5).map(|x| x.to_string()).as_deref(),
            Some("[…] 2 items")
        );
        // Hidden inside "b": remembered but not drawn.
        assert_eq!(f.folded_at(&s, 7), None);
        let one = FoldSummary {
            kind: ContainerKind::Array,
            children: 1,
            hidden_lines: 2,
        };
        assert_eq!(one.to_string(), "[…] 1 item");
        let one_key = FoldSummary {
            kind: ContainerKind::Object,
            ..one
        };
        assert_eq!(one_key.to_string(), "{…} 1 key");
    }

    #[test]
    fn fold_all_keeps_the_root_open() {
        let (doc, s) = sample();
        let mut f = Folds::new();
        f.fold_all(&s).unwrap();
        assert_eq!(visible(&f, doc.line_count()), [0, 1, 5, 12, 13]);
        assert_eq!(f.count(), 3);
        f.unfold_all();
        assert_eq!(f.visible_rows(doc.line_count()), 14);
    }

    #[test]
    fn fold_to_depth_shows_that_many_levels() {
        let (doc, s) = sample();
        let mut f = Folds::new();
        f.fold_to_depth(&s, 2).unwrap();
        assert_eq!(
            visible(&f, doc.line_count()),
            [0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 13]
        );
        f.fold_to_depth(&s, 0).unwrap();
        assert_eq!(visible(&f, doc.line_count()), [0]);
        assert_eq!(
            f.folded_at(&s, 0).map(|x| x.to_string()).as_deref(),
            Some("{…} 3 keys")
        );
    }

    #[test]
    fn unfolding_an_outer_fold_keeps_inner_folds() {
        let (doc, s) = sample();
        let mut f = Folds::new();
        f.toggle(&s, 7).unwrap();
        f.toggle(&s, 5).unwrap();
        assert_eq!(visible(&f, doc.line_count()), [0, 1, 2, 3, 4, 5, 12, 13]);
        f.toggle(&s, 5).unwrap();
        assert_eq!(
            visible(&f, doc.line_count()),
            [0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 13]
        );
    }

    #[test]
    fn reveal_unfolds_every_fold_hiding_a_line() {
        let (doc, s) = sample();
        let mut f = Folds::new();
        f.fold_to_depth(&s, 0).unwrap();
        assert!(f.reveal(&s, 9));
        // "a" (3 hidden lines) is still folded above line 9.
        assert_eq!(f.row_of_line(9), 6);
        // "a" stays folded: it does not hide line 9.
        assert_eq!(
            visible(&f, doc.line_count()),
            [0, 1, 5, 6, 7, 8, 9, 10, 11, 12, 13]
        );
        assert!(!f.reveal(&s, 9));
    }

    #[test]
    fn hidden_lines_map_to_their_fold_row() {
        let (_, s) = sample();
        let mut f = Folds::new();
        f.toggle(&s, 1).unwrap();
        assert_eq!(f.row_of_line(3), 1);
        assert_eq!(f.row_of_line(5), 2);
        assert_eq!(f.line_of_row(2), 5);
    }

    #[test]
    fn non_json_cannot_fold_but_maps_rows_one_to_one() {
        let doc = BodyDoc::build(b"line one\nline two");
        let s = Structure::build(&doc);
        let mut f = Folds::new();
        assert_eq!(f.toggle(&s, 0), Err(ViewerError::NotJson));
        assert_eq!(f.fold_all(&s), Err(ViewerError::NotJson));
        assert_eq!(f.line_of_row(1), 1);
        assert_eq!(f.visible_rows(doc.line_count()), 2);
    }

    /// A generated document of about `lines` lines: an array of small objects, some
    /// with a nested array, so folds nest.
    fn big(objects: usize) -> (BodyDoc, Structure) {
        let mut json = String::from("[");
        for i in 0..objects {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&format!(r#"{{"id":{i},"tags":["a","b"],"n":{{"k":1}}}}"#));
        }
        json.push(']');
        let doc = BodyDoc::build(json.as_bytes());
        let s = Structure::build(&doc);
        (doc, s)
    }

    #[test]
    fn viewport_at_top_middle_and_end_of_a_large_document() {
        // 20k objects × 10 lines ≈ 200k lines.
        let (doc, s) = big(20_000);
        let total = doc.line_count();
        assert!(total > 200_000, "{total}");
        let mut f = Folds::new();
        // Fold every other object's "tags" array (1 + 2 + 1 lines each → hides 3).
        for c in s
            .containers()
            .filter(|c| c.depth == 2 && c.kind == ContainerKind::Array)
        {
            if c.open_line % 20 < 10 {
                f.toggle(&s, c.open_line).unwrap();
            }
        }
        let rows = f.visible_rows(total);
        for row in [0, 1, rows / 2, rows / 2 + 1, rows - 45, rows - 1] {
            let page: Vec<usize> = f.lines_from_row(row, total).take(45).collect();
            assert_eq!(page[0], f.line_of_row(row));
            for (k, &line) in page.iter().enumerate() {
                assert_eq!(f.row_of_line(line), row + k, "row {row} + {k}");
                assert!(doc.line(line).is_some());
            }
            assert!(page.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(f.line_of_row(rows - 1), total - 1);
        assert_eq!(f.lines_from_row(rows - 1, total).count(), 1);
    }

    proptest! {
        #[test]
        fn row_mapping_is_monotonic_and_inverse_for_any_fold_set(
            picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
            probes in proptest::collection::vec(any::<prop::sample::Index>(), 1..40),
        ) {
            let (doc, s) = big(30);
            let total = doc.line_count();
            let mut f = Folds::new();
            for p in &picks {
                let c = s.get(p.index(s.len())).unwrap();
                f.toggle(&s, c.open_line).unwrap();
            }
            // Reference: a per-line visibility vector from the folds' own definition.
            let mut hidden = vec![false; total];
            for &index in &f.folded {
                let c = s.get(index as usize).unwrap();
                for h in hidden.iter_mut().take(c.close_line + 1).skip(c.open_line + 1) {
                    *h = true;
                }
            }
            let expected: Vec<usize> = (0..total).filter(|&l| !hidden[l]).collect();
            prop_assert_eq!(f.visible_rows(total), expected.len());
            prop_assert_eq!(visible(&f, total), expected.clone());
            for p in &probes {
                let row = p.index(expected.len());
                let line = f.line_of_row(row);
                prop_assert_eq!(line, expected[row]);
                prop_assert_eq!(f.row_of_line(line), row);
                let any = p.index(total);
                let r = f.row_of_line(any);
                prop_assert!(f.line_of_row(r) <= any);
                if any + 1 < total {
                    prop_assert!(f.row_of_line(any + 1) >= r);
                }
            }
        }
    }
}
