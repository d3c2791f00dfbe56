//! The comparison view as a component: its rows (each half's title, notes,
//! the errors fixed / still there / new, the differences, the folded groups
//! of signing and transport headers and of what is expected to differ), a
//! cursor that n / N move from difference to difference, and folds.

use std::collections::HashSet;
use std::sync::Arc;

use super::SideRef;
use crate::app::component::{Component, Cx, Input};
use crate::app::keymap::Command;
use crate::app::reply::{Ask, Reply};
use crate::diff::{Comparison, Difference, Part, Which};
use crate::pipeline::compare::Loaded;

/// One side as the view names it.
#[derive(Debug, Clone)]
pub struct Named {
    /// `history 12`, `app.log:152`, `sent 01:05:02`, `webhook …`.
    pub label: String,
    pub loaded: Arc<Loaded>,
    /// Where it came from, to show it again.
    pub from: SideRef,
}

impl Named {
    /// `history 12 · POST /v1/1234/payments → 400 Bad Request`.
    pub fn summary(&self) -> String {
        let outcome = match &*self.loaded {
            Loaded::Exchange(x) => format!(" → {} {}", x.status.code, x.status.name),
            Loaded::NoResponse { why, .. } => format!(" → no response ({why})"),
            Loaded::Body { text, .. } => format!(" · a body of {} bytes", text.len()),
        };
        match self.loaded.request() {
            Some(r) if !r.method.is_empty() => {
                format!("{} · {} {}{outcome}", self.label, r.method, path_of(&r.url))
            }
            _ => format!("{}{outcome}", self.label),
        }
    }
}

/// A URL's path and query (the origin is the environment's).
pub fn path_of(url: &str) -> &str {
    url.split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or(rest, |i| &rest[i..]))
}

/// A group of rows that folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fold {
    /// A whole half.
    Half(Part),
    /// Headers made by signing or the transport that differ (not expected to).
    Transport(Part),
    /// What is expected to differ.
    Expected(Part),
}

/// Which errors an error row lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorSet {
    Fixed,
    Still,
    New,
}

impl ErrorSet {
    pub fn word(self) -> &'static str {
        match self {
            ErrorSet::Fixed => "fixed",
            ErrorSet::Still => "still there",
            ErrorSet::New => "new",
        }
    }
}

/// One line of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A half's title, with its counts; folds the half.
    Half(Part),
    /// A half's note (a side compared as text, and why).
    Note(Part, usize),
    /// `errors: 4 fixed, 0 still there, 0 new`.
    Errors,
    Error(ErrorSet, usize),
    /// A difference of a half (its index in the half).
    Diff(Part, usize),
    /// The head of a folding group, with its count.
    Group(Fold),
    /// Differences past the cap, counted.
    Omitted(Part),
}

/// The comparison on show.
#[derive(Debug, Clone)]
pub struct CompareView {
    pub left: Named,
    pub right: Named,
    pub comparison: Comparison,
    rows: Vec<Row>,
    cursor: usize,
    scroll: usize,
    viewport: usize,
    open: HashSet<Fold>,
    folded: HashSet<Fold>,
    /// Every group open: what is expected to differ listed.
    show_all: bool,
    /// Values drawn whole, wrapped (F12: for reading together).
    zoomed: bool,
}

impl CompareView {
    pub fn new(left: Named, right: Named, comparison: Comparison) -> Self {
        let mut view = Self {
            left,
            right,
            comparison,
            rows: Vec::new(),
            cursor: 0,
            scroll: 0,
            viewport: 1,
            open: HashSet::new(),
            folded: HashSet::new(),
            show_all: false,
            zoomed: false,
        };
        view.rebuild();
        // The first difference, else the top.
        view.cursor = view
            .rows
            .iter()
            .position(|r| matches!(r, Row::Diff(..)))
            .unwrap_or(0);
        view.follow();
        view
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    pub fn show_all(&self) -> bool {
        self.show_all
    }

    pub fn zoomed(&self) -> bool {
        self.zoomed
    }

    /// Whether a group is open now.
    pub fn is_open(&self, fold: Fold) -> bool {
        match fold {
            Fold::Half(_) => !self.folded.contains(&fold),
            _ => self.show_all || self.open.contains(&fold),
        }
    }

    /// The difference a row shows.
    pub fn difference(&self, row: Row) -> Option<&Difference> {
        match row {
            Row::Diff(part, i) => self.comparison.half(part)?.differences.get(i),
            _ => None,
        }
    }

    /// The difference under the cursor, if the cursor is on one.
    pub fn current(&self) -> Option<(Part, usize, &Difference)> {
        match self.rows.get(self.cursor)? {
            &Row::Diff(part, i) => Some((part, i, self.difference(Row::Diff(part, i))?)),
            _ => None,
        }
    }

    /// How many rows a group holds.
    pub fn group_len(&self, fold: Fold) -> usize {
        let Some(half) = self.comparison.half(match fold {
            Fold::Half(p) | Fold::Transport(p) | Fold::Expected(p) => p,
        }) else {
            return 0;
        };
        half.differences
            .iter()
            .filter(|d| group_of(d) == Some(fold))
            .count()
            + match fold {
                Fold::Expected(_) => half.omitted_expected,
                _ => 0,
            }
    }

    /// Rows the list shows on screen (the app sets it from the layout).
    pub fn set_viewport(&mut self, rows: usize) {
        self.viewport = rows.max(1);
        self.follow();
    }

    fn follow(&mut self) {
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        } else if self.cursor >= self.scroll + self.viewport {
            self.scroll = self.cursor + 1 - self.viewport;
        }
        let last_page = self.rows.len().saturating_sub(self.viewport);
        self.scroll = self.scroll.min(last_page);
    }

    /// The rows again, after a fold changed: the cursor stays on its row when it is still shown.
    fn rebuild(&mut self) {
        let at = self.rows.get(self.cursor).copied();
        let mut rows = Vec::new();
        for (part, half) in self.comparison.halves() {
            rows.push(Row::Half(part));
            if !self.is_open(Fold::Half(part)) {
                continue;
            }
            rows.extend((0..half.notes.len()).map(|i| Row::Note(part, i)));
            if part == Part::Response
                && let Some(errors) = &self.comparison.errors
            {
                rows.push(Row::Errors);
                for (set, list) in [
                    (ErrorSet::Fixed, &errors.fixed),
                    (ErrorSet::Still, &errors.still),
                    (ErrorSet::New, &errors.new),
                ] {
                    rows.extend((0..list.len()).map(|i| Row::Error(set, i)));
                }
            }
            let diffs = |group: Option<Fold>| {
                half.differences
                    .iter()
                    .enumerate()
                    .filter(move |(_, d)| group_of(d) == group)
                    .map(move |(i, _)| Row::Diff(part, i))
            };
            rows.extend(diffs(None));
            if half.omitted > half.omitted_expected {
                rows.push(Row::Omitted(part));
            }
            for fold in [Fold::Transport(part), Fold::Expected(part)] {
                if self.group_len(fold) == 0 {
                    continue;
                }
                rows.push(Row::Group(fold));
                if self.is_open(fold) {
                    rows.extend(diffs(Some(fold)));
                }
            }
        }
        self.rows = rows;
        if let Some(at) = at
            && let Some(i) = self.rows.iter().position(|r| *r == at)
        {
            self.cursor = i;
        }
        self.follow();
    }

    fn toggle(&mut self, fold: Fold) {
        match fold {
            Fold::Half(_) => {
                if !self.folded.remove(&fold) {
                    self.folded.insert(fold);
                }
            }
            _ => {
                if self.show_all {
                    // Folding one group ends "all": the others stay open.
                    self.show_all = false;
                    for part in [Part::Request, Part::Response] {
                        self.open.insert(Fold::Transport(part));
                        self.open.insert(Fold::Expected(part));
                    }
                    self.open.remove(&fold);
                } else if !self.open.remove(&fold) {
                    self.open.insert(fold);
                }
            }
        }
        self.rebuild();
    }

    /// To the next (or previous) difference; false when there is none that way.
    fn step(&mut self, forward: bool) -> bool {
        let is_diff = |r: &Row| matches!(r, Row::Diff(..));
        let found = if forward {
            self.rows
                .iter()
                .enumerate()
                .skip(self.cursor + 1)
                .find(|(_, r)| is_diff(r))
        } else {
            self.rows
                .iter()
                .enumerate()
                .take(self.cursor)
                .rev()
                .find(|(_, r)| is_diff(r))
        };
        match found {
            Some((i, _)) => {
                self.cursor = i;
                self.follow();
                true
            }
            None => false,
        }
    }

    /// A command of the comparison's own; the rest (close, copy, show a side,
    /// go to the editor) is asked of the app.
    pub fn update(&mut self, command: Command) -> Reply {
        let len = self.rows.len();
        let page = self.viewport;
        match command {
            Command::ScrollUp => self.cursor = self.cursor.saturating_sub(1),
            Command::ScrollDown => self.cursor = (self.cursor + 1).min(len.saturating_sub(1)),
            Command::PageUp => self.cursor = self.cursor.saturating_sub(page),
            Command::PageDown => self.cursor = (self.cursor + page).min(len.saturating_sub(1)),
            Command::Top => self.cursor = 0,
            Command::Bottom => self.cursor = len.saturating_sub(1),
            Command::FindNext | Command::FindPrev => {
                let forward = command == Command::FindNext;
                if !self.step(forward) {
                    return Reply::info(if forward {
                        "no difference below"
                    } else {
                        "no difference above"
                    });
                }
            }
            Command::ToggleFold => match self.rows.get(self.cursor) {
                Some(&Row::Half(part)) => self.toggle(Fold::Half(part)),
                Some(&Row::Group(fold)) => self.toggle(fold),
                Some(&Row::Diff(part, i)) => {
                    let group = self.difference(Row::Diff(part, i)).and_then(group_of);
                    match group {
                        Some(fold) => {
                            self.toggle(fold);
                            if let Some(at) = self.rows.iter().position(|r| *r == Row::Group(fold))
                            {
                                self.cursor = at;
                            }
                        }
                        None => self.toggle(Fold::Half(part)),
                    }
                }
                _ => return Reply::info("Enter folds a half or a group (the rows with ▸ / ▾)"),
            },
            Command::ToggleExpected => {
                self.show_all = !self.show_all;
                if !self.show_all {
                    self.open.clear();
                }
                self.rebuild();
                return Reply::info(if self.show_all {
                    "listing what is expected to differ, and the signing and transport headers"
                } else {
                    "what is expected to differ is folded again"
                });
            }
            Command::Zoom => self.zoomed = !self.zoomed,
            Command::NextProblem => return Reply::asking(Ask::CompareToEditor),
            Command::ShowLeft => return Reply::asking(Ask::CompareShow(Which::Left)),
            Command::ShowRight => return Reply::asking(Ask::CompareShow(Which::Right)),
            Command::Copy => return Reply::asking(Ask::CompareCopy),
            _ => return Reply::ignored(),
        }
        self.follow();
        Reply::done()
    }
}

/// The group a difference is folded in, if any.
pub fn group_of(d: &Difference) -> Option<Fold> {
    if d.expected.is_some() {
        Some(Fold::Expected(d.part))
    } else if d.signing_or_transport {
        Some(Fold::Transport(d.part))
    } else {
        None
    }
}

impl Component for CompareView {
    fn handle(&mut self, input: Input<'_>, _: &Cx<'_>) -> Reply {
        match input {
            Input::Command(command, _) => self.update(command),
            _ => Reply::ignored(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Area, Change, Expected, Half};

    fn diff(part: Part, path: &str, expected: Option<Expected>, transport: bool) -> Difference {
        Difference {
            part,
            area: if transport { Area::Header } else { Area::Body },
            path: path.into(),
            change: Change::Changed,
            left: None,
            right: None,
            expected,
            signing_or_transport: transport,
            note: None,
        }
    }

    fn view() -> CompareView {
        let side = |label: &str| Named {
            label: label.into(),
            loaded: Arc::new(Loaded::Body {
                text: String::new(),
                note: None,
            }),
            from: SideRef::Body,
        };
        let comparison = Comparison {
            request: Some(Half {
                differences: vec![
                    diff(Part::Request, "Date", Some(Expected::Date), true),
                    diff(Part::Request, "a", None, false),
                    diff(Part::Request, "b", None, false),
                ],
                ..Half::default()
            }),
            response: Some(Half {
                differences: vec![
                    diff(Part::Response, "Server", None, true),
                    diff(Part::Response, "c", None, false),
                ],
                ..Half::default()
            }),
            errors: None,
        };
        CompareView::new(side("l"), side("r"), comparison)
    }

    #[test]
    fn rows_fold_noise_and_the_cursor_starts_on_the_first_difference() {
        let v = view();
        use Row::*;
        assert_eq!(
            v.rows(),
            &[
                Half(Part::Request),
                Diff(Part::Request, 1),
                Diff(Part::Request, 2),
                Group(Fold::Expected(Part::Request)),
                Half(Part::Response),
                Diff(Part::Response, 1),
                Group(Fold::Transport(Part::Response)),
            ]
        );
        assert_eq!(v.cursor(), 1);
    }

    #[test]
    fn n_and_shift_n_step_through_differences_and_folds_open() {
        let mut v = view();
        v.update(Command::FindNext);
        v.update(Command::FindNext);
        assert_eq!(v.rows()[v.cursor()], Row::Diff(Part::Response, 1));
        assert!(v.update(Command::FindNext).notice.is_some(), "none below");
        v.update(Command::ScrollDown);
        v.update(Command::ToggleFold);
        assert_eq!(v.rows().last(), Some(&Row::Diff(Part::Response, 0)));
        v.update(Command::FindPrev);
        assert_eq!(v.rows()[v.cursor()], Row::Diff(Part::Response, 1));
        v.update(Command::Top);
        v.update(Command::ToggleFold);
        assert_eq!(v.rows()[1], Row::Half(Part::Response), "the request folded");
        v.update(Command::ToggleExpected);
        assert!(v.rows().contains(&Row::Diff(Part::Response, 0)));
        v.update(Command::ToggleFold);
        assert!(v.rows().contains(&Row::Diff(Part::Request, 0)), "all shown");
    }
}
