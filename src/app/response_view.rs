//! The response body as a viewer: a cursor row, folds, search with n/N, a
//! path filter (the propertyName language) that can narrow the view, and
//! copying the value under the cursor with its path. The model is
//! `crate::viewer`; this file keeps its state in step with the app.

use super::action::{Effect, TerminalEffect};
use super::exchange::Exchange;
use super::layout::{RESPONSE_HEADER_ROWS, inner};
use super::state::{App, Level, Notice};
use crate::viewer::{Folds, NarrowRow, Narrowed, PathFilter, Search, path_at, value_at};

/// Values bigger than this are copied cut, with a note.
const COPY_CAP: usize = 1024 * 1024;

/// What n / N step through: the last search, or the last path filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Finding {
    #[default]
    Search,
    Path,
}

#[derive(Debug, Default)]
pub struct ResponseView {
    pub folds: Folds,
    /// The body line (0-based, in the pretty text) under the cursor.
    pub cursor: usize,
    pub search: Option<Search>,
    pub paths: Option<PathFilter>,
    /// Only the path filter's matches are shown.
    pub narrowed: Option<Narrowed>,
    pub finding: Finding,
    /// Bumped for each search or filter, so a late answer to an older one is dropped.
    pub generation: u64,
}

impl App {
    /// Rows the body takes: folded lines hidden, or only the narrowed matches.
    pub fn body_rows(&self, x: &Exchange) -> usize {
        match &self.viewer.narrowed {
            Some(n) => n.rows(),
            None => self.viewer.folds.visible_rows(x.body.line_count()),
        }
    }

    /// The scrolling row the cursor is on (headers first).
    pub fn cursor_row(&self, x: &Exchange) -> usize {
        let line = self.viewer.cursor;
        let body_row = match &self.viewer.narrowed {
            Some(n) => n.row_of_line(line).unwrap_or(0),
            None => self.viewer.folds.row_of_line(line),
        };
        self.header_rows(x) + body_row
    }

    /// The body line shown on body row `row`.
    fn line_at_body_row(&self, row: usize) -> usize {
        match &self.viewer.narrowed {
            Some(n) => match n.row(row) {
                Some(NarrowRow::Line { line, .. }) => line,
                Some(NarrowRow::Header { hit, .. }) => {
                    n.hits().get(hit).map_or(0, |h| h.first_line)
                }
                None => 0,
            },
            None => self.viewer.folds.line_of_row(row),
        }
    }

    fn visible_response_rows(&self) -> usize {
        (inner(self.panes.response)
            .height
            .saturating_sub(RESPONSE_HEADER_ROWS) as usize)
            .max(1)
    }

    /// Moves the cursor by `delta` rows; at the top it scrolls the headers into view.
    pub(super) fn move_response_cursor(&mut self, delta: isize) {
        let Some(x) = self.exchange().cloned() else {
            return;
        };
        let rows = self.body_rows(&x);
        if rows == 0 {
            self.response_scroll = 0;
            return;
        }
        let header = self.header_rows(&x);
        let current = self.cursor_row(&x) - header;
        if delta < 0 && current == 0 {
            self.response_scroll = self.response_scroll.saturating_sub(delta.unsigned_abs());
            return;
        }
        let target = current.saturating_add_signed(delta).min(rows - 1);
        self.viewer.cursor = self.line_at_body_row(target);
        self.keep_response_cursor_visible();
    }

    pub(super) fn response_cursor_to(&mut self, line: usize) {
        let Some(x) = self.exchange().cloned() else {
            return;
        };
        if self.viewer.narrowed.is_none() {
            self.viewer.folds.reveal(&x.structure, line);
        }
        self.viewer.cursor = line.min(x.body.line_count().saturating_sub(1));
        self.keep_response_cursor_visible();
    }

    pub(super) fn keep_response_cursor_visible(&mut self) {
        let Some(x) = self.exchange().cloned() else {
            return;
        };
        let row = self.cursor_row(&x);
        let visible = self.visible_response_rows();
        if row < self.response_scroll {
            self.response_scroll = row;
        } else if row >= self.response_scroll + visible {
            self.response_scroll = row + 1 - visible;
        }
    }

    pub(super) fn page_rows(&self) -> isize {
        self.visible_response_rows().saturating_sub(1).max(1) as isize
    }

    pub(super) fn fold(&mut self, how: Fold) {
        let Some(x) = self.exchange().cloned() else {
            return;
        };
        let folds = &mut self.viewer.folds;
        let result = match how {
            Fold::Toggle => folds.toggle(&x.structure, self.viewer.cursor).map(|_| ()),
            Fold::All => folds.fold_all(&x.structure),
            Fold::None => {
                folds.unfold_all();
                Ok(())
            }
            Fold::Depth(d) => folds.fold_to_depth(&x.structure, d),
        };
        if let Err(e) = result {
            self.notice = Some(Notice {
                level: Level::Info,
                text: e.to_string(),
            });
        }
        // The cursor's line may now be hidden inside a fold: stand on the fold.
        let row = self.viewer.folds.row_of_line(self.viewer.cursor);
        self.viewer.cursor = self.viewer.folds.line_of_row(row);
        self.keep_response_cursor_visible();
    }

    pub(super) fn start_search(&mut self, query: &str) -> Vec<Effect> {
        let Some(x) = self.exchange().cloned() else {
            return Vec::new();
        };
        self.viewer.generation += 1;
        self.viewer.finding = Finding::Search;
        self.notice = Some(Notice {
            level: Level::Info,
            text: format!("searching for {query:?}…"),
        });
        vec![Effect::Find {
            generation: self.viewer.generation,
            exchange: x,
            find: super::action::Find::Text(query.to_string()),
        }]
    }

    pub(super) fn start_path_filter(&mut self, path: &str) -> Vec<Effect> {
        let Some(x) = self.exchange().cloned() else {
            return Vec::new();
        };
        self.viewer.generation += 1;
        self.viewer.finding = Finding::Path;
        vec![Effect::Find {
            generation: self.viewer.generation,
            exchange: x,
            find: super::action::Find::Path(path.to_string()),
        }]
    }

    pub(super) fn search_done(&mut self, generation: u64, search: Option<Search>) {
        if generation != self.viewer.generation {
            return;
        }
        let Some(search) = search else { return };
        let count = search.count();
        let query = search.query().text().to_string();
        self.viewer.search = Some(search);
        let text = if count == 0 {
            format!("no match for {query:?}")
        } else {
            format!("{count} matches for {query:?} (n / N: next / previous)")
        };
        self.notice = Some(Notice {
            level: Level::Info,
            text,
        });
        self.find_next(true);
    }

    pub(super) fn path_done(&mut self, generation: u64, result: Result<PathFilter, String>) {
        if generation != self.viewer.generation {
            return;
        }
        match result {
            Ok(filter) => {
                let first = filter.hits.first().map(|h| h.first_line);
                let mut text = format!(
                    "{} value(s) match (n / N: next / previous, v: show only them)",
                    filter.hits.len()
                );
                for w in &filter.warnings {
                    text.push_str(&format!("; {w}"));
                }
                self.viewer.narrowed = None;
                self.viewer.paths = Some(filter);
                self.notice = Some(Notice {
                    level: Level::Info,
                    text,
                });
                if let Some(line) = first {
                    self.response_cursor_to(line);
                }
            }
            Err(e) => {
                self.notice = Some(Notice {
                    level: Level::Error,
                    text: format!("path filter: {e}"),
                })
            }
        }
    }

    /// n / N: the next or previous search hit or path match after the cursor, wrapping.
    pub(super) fn find_next(&mut self, forward: bool) {
        let cursor = self.viewer.cursor;
        let target = match self.viewer.finding {
            Finding::Search => self.viewer.search.as_ref().and_then(|s| {
                let i = if forward {
                    s.next_after(cursor)
                } else {
                    s.prev_before(cursor)
                }?;
                s.hits().get(i).map(|h| h.line())
            }),
            Finding::Path => self.viewer.paths.as_ref().and_then(|p| {
                let lines: Vec<usize> = p.hits.iter().map(|h| h.first_line).collect();
                if forward {
                    lines
                        .iter()
                        .copied()
                        .find(|&l| l > cursor)
                        .or(lines.first().copied())
                } else {
                    lines
                        .iter()
                        .rev()
                        .copied()
                        .find(|&l| l < cursor)
                        .or(lines.last().copied())
                }
            }),
        };
        match target {
            Some(line) => self.response_cursor_to(line),
            None => {
                self.notice = Some(Notice {
                    level: Level::Info,
                    text: "nothing to go to: / searches, f filters by path".to_string(),
                })
            }
        }
    }

    pub(super) fn toggle_narrow(&mut self) {
        match (&self.viewer.narrowed, &self.viewer.paths) {
            (Some(_), _) => self.viewer.narrowed = None,
            (None, Some(p)) => self.viewer.narrowed = Some(Narrowed::new(p.hits.clone())),
            (None, None) => {
                self.notice = Some(Notice {
                    level: Level::Info,
                    text: "f filters by path first; v then shows only the matches".to_string(),
                });
                return;
            }
        }
        self.response_scroll = 0;
        let line = self.viewer.cursor;
        self.response_cursor_to(line);
    }

    /// Copies the value under the cursor (`path_only`: its path) to the clipboard.
    pub(super) fn copy_at_cursor(&mut self, path_only: bool) -> Vec<Effect> {
        let Some(x) = self.exchange().cloned() else {
            return Vec::new();
        };
        let (text, what) = if path_only {
            match path_at(&x.body, &x.structure, self.viewer.cursor) {
                Ok(path) => (path.clone(), format!("the path {path}")),
                Err(e) => return self.not_copied(e.to_string()),
            }
        } else {
            match value_at(&x.body, &x.structure, self.viewer.cursor, COPY_CAP) {
                Ok(v) => {
                    let cut = if v.truncated { " (cut at 1 MiB)" } else { "" };
                    let what = format!("the value of {}{cut}", v.path);
                    (v.text, what)
                }
                Err(e) => return self.not_copied(e.to_string()),
            }
        };
        self.notice = Some(Notice {
            level: Level::Info,
            text: format!("copied {} bytes: {what} (OSC 52)", text.len()),
        });
        vec![Effect::Terminal(TerminalEffect::Copy { text })]
    }

    fn not_copied(&mut self, why: String) -> Vec<Effect> {
        self.notice = Some(Notice {
            level: Level::Info,
            text: format!("nothing copied: {why}"),
        });
        Vec::new()
    }

    /// A new exchange: a fresh view.
    pub(super) fn reset_response_view(&mut self) {
        let generation = self.viewer.generation + 1;
        self.viewer = ResponseView {
            generation,
            ..ResponseView::default()
        };
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fold {
    Toggle,
    All,
    None,
    Depth(usize),
}
