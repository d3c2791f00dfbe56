//! The errors panel as a component: the errors of the current exchange located
//! in the request body as it is now (`locations`), their rows wrapped to the
//! panel (`rows`), and the one geometry that drawing, keyboard selection and
//! mouse hit-testing share. Rows are wrapped once per change of the
//! locations or the width, not per keystroke.

mod edited;
mod locations;
mod rows;

pub use locations::{Problems, Target};
pub use rows::{Row, RowKind, entry_rows, wrap};

use std::collections::BTreeSet;

use ratatui::layout::Rect;

use super::keymap::Command;
use super::layout::inner;
use super::reply::Reply;
use crate::connect::ErrorReport;
use crate::locate::{IndexBase, Location};

/// Where things go inside the errors panel's box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Geometry {
    /// The inside of the box.
    pub area: Rect,
    /// Columns for an entry's text: two go to the selection marker.
    pub text_width: usize,
    /// Rows for entries: the first row holds the errorId.
    pub entry_rows: usize,
}

impl Geometry {
    pub fn of(pane: Rect) -> Self {
        let area = inner(pane);
        Self {
            area,
            text_width: (area.width as usize).saturating_sub(2),
            entry_rows: (area.height as usize).saturating_sub(1),
        }
    }

    /// The screen row where entries start.
    pub fn first_entry_y(&self) -> u16 {
        self.area.y + 1
    }
}

#[derive(Debug, Default)]
pub struct ErrorsPanel {
    problems: Problems,
    geometry: Geometry,
    /// Each error's rows, wrapped to `geometry.text_width`.
    wrapped: Vec<Vec<Row>>,
    /// The locations generation and width `wrapped` was built for.
    wrapped_for: Option<(u64, usize)>,
    /// The errors shown answer another request: listed, never located.
    unlocated: Option<usize>,
}

impl ErrorsPanel {
    /// A new exchange with `errors` errors: nothing located yet.
    pub fn reset(&mut self, errors: usize) {
        self.problems.reset(errors);
        self.wrapped.clear();
        self.wrapped_for = None;
        self.unlocated = None;
    }

    /// Brings locations, rows and scrolling in step with the body text and the
    /// panel's box. `text` is only called when the locations are stale.
    /// `answered`: the body as it was answered, when the editor's body was
    /// edited since (the errors whose value changed are marked).
    pub fn refresh(
        &mut self,
        report: &ErrorReport,
        stamp: (u64, usize),
        text: impl FnOnce() -> String,
        answered: Option<&str>,
        base: IndexBase,
        pane: Rect,
    ) {
        if self.unlocated.take().is_some() {
            self.problems.reset(report.errors.len());
        }
        if self.problems.is_stale(stamp.0, stamp.1) {
            self.problems
                .relocate(report, &text(), answered, base, stamp);
        }
        self.rewrap(report, pane);
    }

    /// The errors of a response to another request: listed as they came, with
    /// no place in this body, no gutter mark, nothing for F8 to jump to.
    pub fn refresh_unlocated(&mut self, report: &ErrorReport, exchange: usize, pane: Rect) {
        if self.unlocated != Some(exchange) {
            self.problems.reset(report.errors.len());
            self.unlocated = Some(exchange);
        }
        self.rewrap(report, pane);
    }

    /// Wraps the rows again when the locations or the width changed.
    fn rewrap(&mut self, report: &ErrorReport, pane: Rect) {
        self.geometry = Geometry::of(pane);
        let key = (self.problems.generation, self.geometry.text_width);
        if self.wrapped_for != Some(key) {
            self.wrapped = report
                .errors
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let touched = self.problems.touched.get(i).copied().unwrap_or(false);
                    entry_rows(e, self.located(i), touched, self.geometry.text_width)
                })
                .collect();
            self.wrapped_for = Some(key);
        }
        self.keep_selected_visible();
    }

    /// How many errors the edit since the answer touched (0 when not edited).
    pub fn touched(&self) -> usize {
        self.problems.touched.iter().filter(|t| **t).count()
    }

    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    pub fn selected(&self) -> usize {
        self.problems.selected
    }

    pub fn first_visible(&self) -> usize {
        self.problems.first_visible
    }

    /// Where error `i`'s propertyName points, if it has one.
    pub fn located(&self, i: usize) -> Option<&Location> {
        self.problems.located.get(i).and_then(Option::as_ref)
    }

    pub fn locations(&self) -> &[Option<Location>] {
        &self.problems.located
    }

    /// 0-based body rows that hold part of an error's value (gutter marks).
    pub fn marked_rows(&self) -> &BTreeSet<usize> {
        &self.problems.marked_rows
    }

    /// The spans to highlight in the body: every match of the selected error.
    pub fn highlights(&self) -> impl Iterator<Item = &Target> {
        self.problems.highlights()
    }

    /// The entries from the first visible one, with their wrapped rows.
    pub fn visible_entries(&self) -> impl Iterator<Item = (usize, &[Row])> {
        self.wrapped
            .iter()
            .enumerate()
            .skip(self.problems.first_visible)
            .map(|(i, rows)| (i, rows.as_slice()))
    }

    /// The entry drawn at screen row `y`, if any.
    pub fn entry_at(&self, y: u16) -> Option<usize> {
        let mut row = self.geometry.first_entry_y();
        for (i, rows) in self.visible_entries() {
            let height = rows.len() as u16;
            if (row..row + height).contains(&y) {
                return Some(i);
            }
            row += height;
        }
        None
    }

    pub fn select(&mut self, index: usize) {
        self.problems.select(index, self.wrapped.len());
        self.keep_selected_visible();
    }

    /// The panel's own commands: choosing an error and its index reading.
    pub fn update(&mut self, command: Command) -> Reply {
        match command {
            Command::ErrorNext => self.select(self.problems.selected + 1),
            Command::ErrorPrev => self.select(self.problems.selected.saturating_sub(1)),
            Command::SwitchIndexBase => {
                return Reply::info(match self.problems.switch_reading() {
                    Some(base) => format!(
                        "error {}: reading indexes {base}-based",
                        self.problems.selected + 1
                    ),
                    None => {
                        "the selected error's path has no index to read differently".to_string()
                    }
                });
            }
            _ => return Reply::ignored(),
        }
        Reply::done()
    }

    /// Where a jump command goes: the selected error's (next) match, or the
    /// next / previous one of every error. None: nothing points into the body.
    pub fn jump(&mut self, command: Command) -> Option<Target> {
        let target = match command {
            Command::JumpToError => self.problems.jump_selected(),
            Command::NextProblem => self.problems.step(true),
            Command::PrevProblem => self.problems.step(false),
            _ => None,
        };
        self.keep_selected_visible();
        target
    }

    /// Scrolls so that the whole selected entry fits below the errorId row.
    fn keep_selected_visible(&mut self) {
        if self.wrapped.is_empty() {
            return;
        }
        let sel = self.problems.selected.min(self.wrapped.len() - 1);
        let first = &mut self.problems.first_visible;
        *first = (*first).min(sel);
        while *first < sel {
            let used: usize = self.wrapped[*first..=sel].iter().map(Vec::len).sum();
            if used <= self.geometry.entry_rows {
                break;
            }
            *first += 1;
        }
    }
}
