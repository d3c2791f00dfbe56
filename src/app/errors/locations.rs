//! The errors of the current exchange, located in the request body as it is
//! now: which error is selected, where each one points, and the F8 cycle.

use std::collections::BTreeSet;

use super::edited::{self, Selected};
use crate::connect::ErrorReport;
use crate::locate::{Document, IndexBase, Location, Outcome, Position};
use crate::pipeline::locate_all;

/// One place an error points at: a matched value, or where a missing field
/// would go; in the body, or (a path parameter's value) in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub error: usize,
    pub start: Position,
    /// Exclusive end; None for a missing field's insertion point.
    pub end: Option<Position>,
    /// In the URL (line 1, columns counting its characters), not the body.
    pub in_url: bool,
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
    /// Where the server's errors point (their entry numbers from 0).
    targets: Vec<Target>,
    /// Where the findings before sending point (their numbers from 0 among the findings).
    finding_targets: Vec<Target>,
    /// Per error: the characters of the URL its propertyName's value is, when
    /// it names a path parameter of the request's endpoint (`paymentId`).
    pub(super) in_url: Vec<Option<std::ops::Range<usize>>>,
    /// 0-based body rows a finding points into (gutter marks of their own).
    pub(super) finding_rows: BTreeSet<usize>,
    /// What F8 cycles through: the server's errors' places (when they are located
    /// in this body), then the findings', numbered as the panel lists them.
    all: Vec<Target>,
    /// What `all` was built for: the generation, the findings' and the entries
    /// listed before the findings, and whether the server's are located.
    all_for: Option<(u64, u64, usize, bool)>,
    /// Position in `all` of the last jump.
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
    /// Forgets everything about the server's errors: a new exchange arrived.
    /// The findings are the body's, and stay.
    pub fn reset(&mut self, errors: usize) {
        *self = Self {
            overrides: vec![None; errors],
            generation: self.generation + 1,
            finding_targets: std::mem::take(&mut self.finding_targets),
            finding_rows: std::mem::take(&mut self.finding_rows),
            ..Self::default()
        };
    }

    /// Where each error's path parameter is in the URL (see `in_url`); a change
    /// builds F8's cycle again.
    pub fn set_in_url(&mut self, places: Vec<Option<std::ops::Range<usize>>>) {
        if self.in_url != places {
            self.in_url = places;
            self.generation += 1;
        }
    }

    /// Where the findings point now (each target's `error` its number among them).
    pub fn set_findings(&mut self, targets: Vec<Target>) {
        self.finding_rows = rows_of(&targets);
        self.finding_targets = targets;
    }

    /// Builds F8's cycle again when what it is made of changed: `listed` server
    /// entries before the findings, located in this body or not.
    pub fn combine(&mut self, findings: u64, listed: usize, located: bool) {
        let key = (self.generation, findings, listed, located);
        if self.all_for == Some(key) {
            return;
        }
        // A path parameter's error points into the URL, not the body.
        let mut server: Vec<Target> = Vec::new();
        if located {
            for error in 0..listed {
                match self.in_url.get(error).cloned().flatten() {
                    Some(chars) => server.push(Target {
                        error,
                        start: Position {
                            line: 1,
                            column: chars.start + 1,
                        },
                        end: Some(Position {
                            line: 1,
                            column: chars.end + 1,
                        }),
                        in_url: true,
                    }),
                    None => {
                        server.extend(self.targets.iter().filter(|t| t.error == error).cloned())
                    }
                }
            }
        }
        self.marked_rows = rows_of(&server);
        let found = self.finding_targets.iter().map(|t| Target {
            error: listed + t.error,
            ..t.clone()
        });
        self.all = server.into_iter().chain(found).collect();
        self.all_for = Some(key);
        self.cursor = self.cursor.filter(|&c| c < self.all.len());
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
        self.located_for = Some(stamp);
        self.generation += 1;
    }

    /// The spans to highlight in the body: every match of the selected error.
    pub fn highlights(&self) -> impl Iterator<Item = &Target> {
        self.all.iter().filter(move |t| t.error == self.selected)
    }

    /// The next (or previous) place to jump to, cycling through every match of
    /// every error in order; selects its error.
    pub fn step(&mut self, forward: bool) -> Option<Target> {
        let n = self.all.len();
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
        let target = self.all[next].clone();
        self.selected = target.error;
        Some(target)
    }

    /// Jumps to the selected error: its first match, or its next one when the
    /// cursor is already on one of its matches (a predicate can match several).
    pub fn jump_selected(&mut self) -> Option<Target> {
        let selected = self.selected;
        let indices: Vec<usize> = (0..self.all.len())
            .filter(|&i| self.all[i].error == selected)
            .collect();
        let next = match self.cursor {
            Some(c) if self.all.get(c).is_some_and(|t| t.error == selected) => {
                let at = indices.iter().position(|&i| i == c).unwrap_or(0);
                indices[(at + 1) % indices.len()]
            }
            _ => *indices.first()?,
        };
        self.cursor = Some(next);
        Some(self.all[next].clone())
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

/// The 0-based body rows the targets cover.
fn rows_of(targets: &[Target]) -> BTreeSet<usize> {
    targets
        .iter()
        .filter(|t| !t.in_url)
        .flat_map(|t| (t.start.line - 1)..t.end.as_ref().map_or(t.start.line, |e| e.line))
        .collect()
}

fn targets_of(error: usize, loc: Option<&Location>) -> Vec<Target> {
    match loc.map(|l| &l.outcome) {
        Some(Outcome::Found { matches }) => matches
            .iter()
            .map(|m| Target {
                error,
                start: m.start,
                end: Some(m.end),
                in_url: false,
            })
            .collect(),
        Some(Outcome::Missing { nearest, .. }) => vec![Target {
            error,
            start: nearest.start,
            end: None,
            in_url: false,
        }],
        _ => Vec::new(),
    }
}
