//! The errors of the current exchange, located in the request body as it is
//! now: which error is selected, where each one points, and the F8 cycle.

use std::collections::BTreeSet;

use super::edited::{self, Selected};
use crate::connect::ErrorReport;
use crate::locate::{Document, IndexBase, Location, Outcome, Position};
use crate::pipeline::locate_all;

/// One place an error points at: a matched value, or where a missing field
/// would go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub error: usize,
    pub start: Position,
    /// Exclusive end; None for a missing field's insertion point.
    pub end: Option<Position>,
}

#[derive(Debug, Default)]
pub struct Problems {
    /// Selected entry of the errors panel.
    pub(super) selected: usize,
    /// First entry drawn in the errors panel.
    pub(super) first_visible: usize,
    /// Per error: where its propertyName points (None without a propertyName).
    pub(super) located: Vec<Option<Location>>,
    /// Per error: an index reading the user switched to.
    overrides: Vec<Option<IndexBase>>,
    /// 0-based body rows that hold part of an error's value (gutter marks).
    pub(super) marked_rows: BTreeSet<usize>,
    targets: Vec<Target>,
    /// Position in `targets` of the last jump.
    cursor: Option<usize>,
    /// Body revision and exchange the locations were computed for.
    located_for: Option<(u64, usize)>,
    /// Bumped on every relocation, so the panel's wrapped rows know when to follow.
    pub(super) generation: u64,
    /// Per error: the edit since the answer changed its value (empty: not edited).
    pub(super) touched: Vec<bool>,
    /// What each error selected in the body as answered, with the index
    /// readings it was read with: read once per exchange, not per keystroke.
    answered: Option<(Vec<Option<IndexBase>>, Vec<Selected>)>,
}

impl Problems {
    /// Forgets everything: a new exchange arrived.
    pub fn reset(&mut self, errors: usize) {
        *self = Self {
            overrides: vec![None; errors],
            generation: self.generation + 1,
            ..Self::default()
        };
    }

    pub fn is_stale(&self, revision: u64, exchange: usize) -> bool {
        self.located_for != Some((revision, exchange))
    }

    /// Re-locates every error's propertyName in `text`. Cheap (one tolerant
    /// scan and a walk per error), so it runs after every body edit.
    /// `answered`: the body as it was answered, when it was edited since: the
    /// errors whose value the edit changed are marked.
    pub fn relocate(
        &mut self,
        report: &ErrorReport,
        text: &str,
        answered: Option<&str>,
        base: IndexBase,
        stamp: (u64, usize),
    ) {
        let doc = Document::parse(text);
        self.overrides.resize(report.errors.len(), None);
        let overrides = &self.overrides;
        self.located = locate_all(&doc, report, |i| overrides[i].unwrap_or(base));
        self.touched = match answered {
            None => Vec::new(),
            Some(before) => {
                if self
                    .answered
                    .as_ref()
                    .is_none_or(|(o, _)| *o != self.overrides)
                {
                    let overrides = &self.overrides;
                    let values =
                        edited::selected_in(before, report, |i| overrides[i].unwrap_or(base));
                    self.answered = Some((self.overrides.clone(), values));
                }
                let now: Vec<Selected> = self
                    .located
                    .iter()
                    .map(|l| edited::values(text, l.as_ref()))
                    .collect();
                let before = self
                    .answered
                    .as_ref()
                    .map_or(&[][..], |(_, v)| v.as_slice());
                edited::touched(before, &now)
            }
        };
        self.targets = self
            .located
            .iter()
            .enumerate()
            .flat_map(|(error, loc)| targets_of(error, loc.as_ref()))
            .collect();
        self.marked_rows = self
            .targets
            .iter()
            .flat_map(|t| (t.start.line - 1)..t.end.as_ref().map_or(t.start.line, |e| e.line))
            .collect();
        self.located_for = Some(stamp);
        self.generation += 1;
        self.cursor = self.cursor.filter(|&c| c < self.targets.len());
    }

    /// The spans to highlight in the body: every match of the selected error.
    pub fn highlights(&self) -> impl Iterator<Item = &Target> {
        self.targets
            .iter()
            .filter(move |t| t.error == self.selected)
    }

    /// The next (or previous) place to jump to, cycling through every match of
    /// every error in order; selects its error.
    pub fn step(&mut self, forward: bool) -> Option<Target> {
        let n = self.targets.len();
        if n == 0 {
            return None;
        }
        let next = match self.cursor {
            None if forward => 0,
            None => n - 1,
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
        };
        self.cursor = Some(next);
        let target = self.targets[next].clone();
        self.selected = target.error;
        Some(target)
    }

    /// Jumps to the selected error: its first match, or its next one when the
    /// cursor is already on one of its matches (a predicate can match several).
    pub fn jump_selected(&mut self) -> Option<Target> {
        let selected = self.selected;
        let indices: Vec<usize> = (0..self.targets.len())
            .filter(|&i| self.targets[i].error == selected)
            .collect();
        let next = match self.cursor {
            Some(c) if self.targets.get(c).is_some_and(|t| t.error == selected) => {
                let at = indices.iter().position(|&i| i == c).unwrap_or(0);
                indices[(at + 1) % indices.len()]
            }
            _ => *indices.first()?,
        };
        self.cursor = Some(next);
        Some(self.targets[next].clone())
    }

    /// Switches the selected error to the other index reading.
    pub fn switch_reading(&mut self) -> Option<u8> {
        let used = self.located.get(self.selected)?.as_ref()?.index_base?;
        let other = if used == 0 {
            IndexBase::One
        } else {
            IndexBase::Zero
        };
        *self.overrides.get_mut(self.selected)? = Some(other);
        self.located_for = None;
        Some(1 - used.min(1))
    }

    pub fn select(&mut self, index: usize, count: usize) {
        self.selected = index.min(count.saturating_sub(1));
        if self.selected < self.first_visible {
            self.first_visible = self.selected;
        }
    }
}

fn targets_of(error: usize, loc: Option<&Location>) -> Vec<Target> {
    match loc.map(|l| &l.outcome) {
        Some(Outcome::Found { matches }) => matches
            .iter()
            .map(|m| Target {
                error,
                start: m.start,
                end: Some(m.end),
            })
            .collect(),
        Some(Outcome::Missing { nearest, .. }) => vec![Target {
            error,
            start: nearest.start,
            end: None,
        }],
        _ => Vec::new(),
    }
}
