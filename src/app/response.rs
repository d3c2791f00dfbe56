//! The response viewer as a component: the pane's scroll, headers shown or
//! not, and the body as a viewer (a cursor row, folds, search with n/N, a path
//! filter in the propertyName language that can narrow the view, copying the
//! value under the cursor or its path). The model is `crate::viewer`; this
//! keeps the view's state for one exchange at a time.

use std::sync::Arc;

use super::action::{Effect, Find, TerminalEffect};
use super::keymap::Command;
use super::reply::Reply;
use super::state::Level;
use super::ticket::{Awaited, Ticket};
use crate::pipeline::Exchange;
use crate::viewer::{Folds, NarrowRow, Narrowed, PathFilter, Search, path_at, value_at};

/// Values bigger than this are copied cut, with a note.
const COPY_CAP: usize = 1024 * 1024;

/// What n / N step through: the last search, or the last path filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Finding {
    #[default]
    Search,
    Path,
}

#[derive(Debug)]
pub struct ResponseViewer {
    folds: Folds,
    /// The body line (0-based, in the pretty text) under the cursor.
    cursor: usize,
    search: Option<Search>,
    paths: Option<PathFilter>,
    /// Only the path filter's matches are shown.
    narrowed: Option<Narrowed>,
    finding: Finding,
    /// The search or filter awaited: a late answer to an older one (or one
    /// for the exchange before) is dropped.
    finding_ticket: Awaited,
    /// First visible row of the scrolling part (headers, then the body).
    scroll: usize,
    headers: Headers,
    /// Characters of each body line scrolled off to the left.
    hscroll: usize,
    /// Columns of the scrolling part on screen.
    columns: usize,
    /// Rows of the scrolling part on screen.
    viewport: usize,
    /// What the API's model says of the value under the cursor (its path and
    /// type), and the exchange and cursor it was said for.
    at_cursor: Option<String>,
    at_cursor_for: Option<(usize, usize)>,
}

/// Characters a sideways scroll moves.
const HSCROLL_STEP: usize = 8;

/// Body rows the headers leave at least, unless the user asked for them.
const MIN_BODY_ROWS: usize = 4;

/// How the headers are shown: by default listed when they leave the body
/// room (a shared tmux pane gets the body, not seven header lines), else as
/// the user chose with `h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Headers {
    Auto,
    Shown,
    Hidden,
}

impl Default for ResponseViewer {
    fn default() -> Self {
        Self {
            folds: Folds::default(),
            cursor: 0,
            search: None,
            paths: None,
            narrowed: None,
            finding: Finding::default(),
            finding_ticket: Awaited::default(),
            scroll: 0,
            headers: Headers::Auto,
            hscroll: 0,
            columns: 80,
            viewport: 1,
            at_cursor: None,
            at_cursor_for: None,
        }
    }
}

impl ResponseViewer {
    /// A new exchange: a fresh view (headers stay as the user chose).
    pub fn reset(&mut self) {
        let mut finding_ticket = std::mem::take(&mut self.finding_ticket);
        finding_ticket.forget();
        *self = Self {
            finding_ticket,
            headers: self.headers,
            viewport: self.viewport,
            columns: self.columns,
            ..Self::default()
        };
    }

    /// The whole body replaced its preview: keep the reader's place.
    pub fn keep_place(&mut self, scroll: usize, cursor: usize, x: &Exchange) {
        self.scroll = scroll;
        self.cursor = cursor.min(x.body.line_count().saturating_sub(1));
    }

    pub fn place(&self) -> (usize, usize) {
        (self.scroll, self.cursor)
    }

    pub fn set_viewport(&mut self, rows: usize, columns: usize) {
        self.viewport = rows.max(1);
        self.columns = columns.max(1);
    }

    /// One line about the value under the cursor, from the API's model.
    pub fn at_cursor(&self) -> Option<&str> {
        self.at_cursor.as_deref()
    }

    /// Whether the line about the value under the cursor was made for this
    /// exchange (by its address) and cursor.
    pub(in crate::app) fn at_cursor_stale(&self, exchange: usize) -> bool {
        self.at_cursor_for != Some((exchange, self.cursor))
    }

    pub(in crate::app) fn set_at_cursor(&mut self, exchange: usize, line: Option<String>) {
        self.at_cursor = line;
        self.at_cursor_for = Some((exchange, self.cursor));
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Characters of each body line scrolled off to the left.
    pub fn hscroll(&self) -> usize {
        self.hscroll
    }

    /// Whether the headers are listed one a line for `x` (else one line says how many).
    pub fn shows_headers(&self, x: &Exchange) -> bool {
        match self.headers {
            Headers::Shown => true,
            Headers::Hidden => false,
            Headers::Auto => self.viewport >= x.headers.len() + 1 + MIN_BODY_ROWS,
        }
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    pub fn narrowed(&self) -> Option<&Narrowed> {
        self.narrowed.as_ref()
    }

    pub fn folds(&self) -> &Folds {
        &self.folds
    }

    /// Rows of the headers part: each header and the separator, when shown;
    /// else the one line that counts them.
    pub fn header_rows(&self, x: &Exchange) -> usize {
        if self.shows_headers(x) {
            x.headers.len() + 1
        } else {
            1
        }
    }

    /// Rows the body takes: folded lines hidden, or only the narrowed matches.
    pub fn body_rows(&self, x: &Exchange) -> usize {
        match &self.narrowed {
            Some(n) => n.rows(),
            None => self.folds.visible_rows(x.body.line_count()),
        }
    }

    /// The scrolling row the cursor is on (headers first).
    pub fn cursor_row(&self, x: &Exchange) -> usize {
        let body_row = match &self.narrowed {
            Some(n) => n.row_of_line(self.cursor).unwrap_or(0),
            None => self.folds.row_of_line(self.cursor),
        };
        self.header_rows(x) + body_row
    }

    /// The viewer's commands; `x` is the exchange on show.
    pub fn update(&mut self, command: Command, x: &Arc<Exchange>) -> Reply {
        let page = self.viewport.saturating_sub(1).max(1) as isize;
        match command {
            Command::ScrollUp => self.move_cursor(-1, x),
            Command::ScrollDown => self.move_cursor(1, x),
            Command::ScrollLeft => self.hscroll = self.hscroll.saturating_sub(HSCROLL_STEP),
            // Not past the end of the longest line in view (the two
            // columns the `‹ ›` marks take counted): nothing to see there.
            Command::ScrollRight => {
                // Text bodies have a gutter of line numbers.
                let gutter = if x.body.kind == crate::body::BodyKind::Text {
                    6
                } else {
                    0
                };
                let widest = self.widest_in_view(x) + 2 + gutter;
                if self.hscroll + self.columns < widest {
                    self.hscroll = (self.hscroll + HSCROLL_STEP).min(widest - self.columns);
                }
            }
            Command::PageUp => self.move_cursor(-page, x),
            Command::PageDown => self.move_cursor(page, x),
            Command::Top => {
                self.cursor_to(0, x);
                self.scroll = 0;
            }
            Command::Bottom => self.move_cursor(isize::MAX / 2, x),
            Command::ToggleHeaders => {
                self.headers = if self.shows_headers(x) {
                    Headers::Hidden
                } else {
                    Headers::Shown
                };
                self.scroll = 0;
                self.keep_cursor_visible(x);
            }
            Command::ToggleFold => return self.fold(Fold::Toggle, x),
            Command::FoldAll => return self.fold(Fold::All, x),
            Command::UnfoldAll => return self.fold(Fold::None, x),
            // A digit key carries its depth (see `fold_to_depth`); from elsewhere, depth 1.
            Command::FoldDepth => return self.fold(Fold::Depth(1), x),
            Command::FindNext => return self.find_next(true, x),
            Command::FindPrev => return self.find_next(false, x),
            Command::Narrow => return self.toggle_narrow(x),
            Command::CopyValue => return self.copy_at_cursor(false, x),
            Command::CopyPath => return self.copy_at_cursor(true, x),
            _ => return Reply::ignored(),
        }
        Reply::done()
    }

    pub fn fold_to_depth(&mut self, depth: usize, x: &Exchange) -> Reply {
        self.fold(Fold::Depth(depth), x)
    }

    /// Starts a search or a path filter; the answer comes back as an action.
    pub fn find(&mut self, find: Find, x: &Arc<Exchange>) -> Reply {
        let generation = self.finding_ticket.issue();
        let reply = match &find {
            Find::Text(query) => {
                self.finding = Finding::Search;
                Reply::info(format!("searching for {query:?}…"))
            }
            Find::Path(_) => {
                self.finding = Finding::Path;
                Reply::done()
            }
        };
        Reply {
            effects: vec![Effect::Find {
                generation,
                exchange: Arc::clone(x),
                find,
            }],
            ..reply
        }
    }

    pub fn search_done(
        &mut self,
        generation: Ticket,
        search: Option<Search>,
        x: &Exchange,
    ) -> Reply {
        if !self.finding_ticket.take(generation) {
            return Reply::ignored();
        }
        let Some(search) = search else {
            return Reply::ignored();
        };
        let count = search.count();
        let query = search.query().text().to_string();
        self.search = Some(search);
        if count == 0 {
            return Reply::info(format!("no match for {query:?}"));
        }
        self.find_next(true, x);
        Reply::info(format!(
            "{count} matches for {query:?} (n / N: next / previous)"
        ))
    }

    pub fn path_done(
        &mut self,
        generation: Ticket,
        result: Result<PathFilter, String>,
        x: &Exchange,
    ) -> Reply {
        if !self.finding_ticket.take(generation) {
            return Reply::ignored();
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
                self.narrowed = None;
                self.paths = Some(filter);
                if let Some(line) = first {
                    self.cursor_to(line, x);
                }
                Reply::info(text)
            }
            Err(e) => Reply::say(Level::Error, format!("path filter: {e}")),
        }
    }

    /// The body line shown on body row `row`.
    fn line_at_body_row(&self, row: usize) -> usize {
        match &self.narrowed {
            Some(n) => match n.row(row) {
                Some(NarrowRow::Line { line, .. }) => line,
                Some(NarrowRow::Header { hit, .. }) => {
                    n.hits().get(hit).map_or(0, |h| h.first_line)
                }
                None => 0,
            },
            None => self.folds.line_of_row(row),
        }
    }

    /// The longest body line on screen, in characters (bytes past 64 KB: an upper bound).
    fn widest_in_view(&self, x: &Exchange) -> usize {
        let first = self.scroll.saturating_sub(self.header_rows(x));
        (first..first + self.viewport)
            .filter(|row| *row < self.body_rows(x))
            .map(|row| self.line_at_body_row(row))
            .filter_map(|line| x.body.line(line))
            .map(|text| {
                if text.len() > 64 * 1024 {
                    text.len()
                } else {
                    text.chars().count()
                }
            })
            .max()
            .unwrap_or(0)
    }

    /// Moves the cursor by `delta` rows; at the top it scrolls the headers into view.
    fn move_cursor(&mut self, delta: isize, x: &Exchange) {
        let rows = self.body_rows(x);
        if rows == 0 {
            self.scroll = 0;
            return;
        }
        let current = self.cursor_row(x) - self.header_rows(x);
        if delta < 0 && current == 0 {
            self.scroll = self.scroll.saturating_sub(delta.unsigned_abs());
            return;
        }
        let target = current.saturating_add_signed(delta).min(rows - 1);
        self.cursor = self.line_at_body_row(target);
        self.keep_cursor_visible(x);
    }

    fn cursor_to(&mut self, line: usize, x: &Exchange) {
        if self.narrowed.is_none() {
            self.folds.reveal(&x.structure, line);
        }
        self.cursor = line.min(x.body.line_count().saturating_sub(1));
        self.keep_cursor_visible(x);
    }

    fn keep_cursor_visible(&mut self, x: &Exchange) {
        let row = self.cursor_row(x);
        if row < self.scroll {
            self.scroll = row;
        } else if row >= self.scroll + self.viewport {
            self.scroll = row + 1 - self.viewport;
        }
    }

    fn fold(&mut self, how: Fold, x: &Exchange) -> Reply {
        let result = match how {
            Fold::Toggle => self.folds.toggle(&x.structure, self.cursor).map(|_| ()),
            Fold::All => self.folds.fold_all(&x.structure),
            Fold::None => {
                self.folds.unfold_all();
                Ok(())
            }
            Fold::Depth(d) => self.folds.fold_to_depth(&x.structure, d),
        };
        // The cursor's line may now be hidden inside a fold: stand on the fold.
        let row = self.folds.row_of_line(self.cursor);
        self.cursor = self.folds.line_of_row(row);
        self.keep_cursor_visible(x);
        match result {
            Ok(()) => Reply::done(),
            Err(e) => Reply::info(e.to_string()),
        }
    }

    /// n / N: the next or previous search hit or path match after the cursor, wrapping.
    fn find_next(&mut self, forward: bool, x: &Exchange) -> Reply {
        let cursor = self.cursor;
        let target = match self.finding {
            Finding::Search => self.search.as_ref().and_then(|s| {
                let i = if forward {
                    s.next_after(cursor)
                } else {
                    s.prev_before(cursor)
                }?;
                s.hits().get(i).map(|h| h.line())
            }),
            Finding::Path => self.paths.as_ref().and_then(|p| {
                let mut lines = p.hits.iter().map(|h| h.first_line);
                if forward {
                    lines.clone().find(|&l| l > cursor).or(lines.next())
                } else {
                    lines
                        .clone()
                        .rev()
                        .find(|&l| l < cursor)
                        .or(lines.next_back())
                }
            }),
        };
        match target {
            Some(line) => {
                self.cursor_to(line, x);
                Reply::done()
            }
            None => Reply::info("nothing to go to: / searches, f filters by path"),
        }
    }

    fn toggle_narrow(&mut self, x: &Exchange) -> Reply {
        match (&self.narrowed, &self.paths) {
            (Some(_), _) => self.narrowed = None,
            (None, Some(p)) => self.narrowed = Some(Narrowed::new(p.hits.clone())),
            (None, None) => {
                return Reply::info("f filters by path first; v then shows only the matches");
            }
        }
        self.scroll = 0;
        self.cursor_to(self.cursor, x);
        Reply::done()
    }

    /// Copies the value under the cursor (`path_only`: its path) to the clipboard.
    fn copy_at_cursor(&mut self, path_only: bool, x: &Exchange) -> Reply {
        let copied = if path_only {
            path_at(&x.body, &x.structure, self.cursor)
                .map(|path| (path.clone(), format!("the path {path}")))
                .map_err(|e| e.to_string())
        } else {
            value_at(&x.body, &x.structure, self.cursor, COPY_CAP)
                .map(|v| {
                    let cut = if v.truncated { " (cut at 1 MiB)" } else { "" };
                    let what = format!("the value of {}{cut}", v.path);
                    (v.text, what)
                })
                .map_err(|e| e.to_string())
        };
        match copied {
            Ok((text, what)) => Reply::done()
                .with_notice(
                    Level::Info,
                    format!("copied {} bytes: {what} (OSC 52)", text.len()),
                )
                .with_effect(Effect::Terminal(TerminalEffect::Copy { text })),
            Err(why) => Reply::info(format!("nothing copied: {why}")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    Toggle,
    All,
    None,
    Depth(usize),
}
