//! The errors panel as a component: the errors of the current exchange located
//! in the request body as it is now (`locations`), their rows wrapped to the
//! panel (`rows`), and the one geometry that drawing, keyboard selection and
//! mouse hit-testing share. Rows are wrapped once per change of the
//! locations or the width, not per keystroke.

mod edited;
mod locations;
mod rows;

pub use locations::{Problems, Target};
pub use rows::{Row, RowKind, entry_rows, finding_rows, wrap};

use std::collections::BTreeSet;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::keymap::Command;
use super::layout::inner;
use super::reply::Reply;
use crate::connect::ErrorReport;
use crate::connect::model::{Finding, FindingKind, Findings};
use crate::locate::{IndexBase, Location, Outcome};

/// Findings listed in the panel (and reached by F8) at most; the rest are counted
/// (`cinspect lint` lists them all).
pub const FINDINGS_LISTED: usize = 200;

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
    /// Each entry's rows, wrapped to `geometry.text_width`: the server's
    /// errors, then the findings before sending.
    wrapped: Vec<Vec<Row>>,
    /// What `wrapped` was built for: the locations' generation, the width,
    /// the findings' generation and the server's entries listed.
    wrapped_for: Option<(u64, usize, u64, usize)>,
    /// The errors shown answer another request: listed, never located.
    unlocated: Option<usize>,
    /// The findings of the body as typed, from the API's model.
    findings: Arc<Findings>,
    findings_generation: u64,
    /// How many server errors are listed before the findings.
    server: usize,
    /// Per server error: its quick fix, said in its place row (`fix: a future date`).
    fixes: Vec<Option<String>>,
    /// The year and month the quick fixes are worked out for.
    today: (u32, u32),
}

impl ErrorsPanel {
    /// A new exchange with `errors` errors: nothing located yet.
    pub fn reset(&mut self, errors: usize) {
        self.problems.reset(errors);
        self.fixes.clear();
        self.wrapped.clear();
        self.wrapped_for = None;
        self.unlocated = None;
    }

    /// The findings of the body as typed (`generation` changes with them).
    pub fn set_findings(&mut self, findings: &Arc<Findings>, generation: u64) {
        if self.findings_generation == generation {
            return;
        }
        self.findings = Arc::clone(findings);
        self.findings_generation = generation;
        let targets = self
            .listed_findings()
            .iter()
            .enumerate()
            .map(|(i, f)| Target {
                error: i,
                start: f.start,
                end: Some(f.end),
                in_url: false,
            })
            .collect();
        self.problems.set_findings(targets);
    }

    /// The findings listed (the first [`FINDINGS_LISTED`]).
    pub fn listed_findings(&self) -> &[Finding] {
        let items = &self.findings.items;
        &items[..items.len().min(FINDINGS_LISTED)]
    }

    /// Every finding of the body, and how many more there were past the model's cap.
    pub fn findings(&self) -> &Findings {
        &self.findings
    }

    /// The finding entry `entry` is, if it is one.
    pub fn finding(&self, entry: usize) -> Option<&Finding> {
        entry
            .checked_sub(self.server)
            .and_then(|i| self.listed_findings().get(i))
    }

    /// How many server errors are listed before the findings.
    pub fn server_entries(&self) -> usize {
        self.server
    }

    /// Nothing answered the request on show (none yet, one in flight, a
    /// failure): only the findings are listed.
    pub fn refresh_without_errors(&mut self, pane: Rect) {
        self.server = 0;
        self.problems.combine(self.findings_generation, 0, false);
        self.rewrap(None, pane);
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
            let text = text();
            self.problems.relocate(report, &text, answered, base, stamp);
            self.fixes = fixes(report, &self.problems.located, &text, self.today);
        }
        self.server = report.errors.len();
        self.problems
            .combine(self.findings_generation, self.server, true);
        self.rewrap(Some(report), pane);
    }

    /// The errors of a response to another request: listed as they came, with
    /// no place in this body, no gutter mark, nothing for F8 to jump to.
    pub fn refresh_unlocated(&mut self, report: &ErrorReport, exchange: usize, pane: Rect) {
        if self.unlocated != Some(exchange) {
            self.problems.reset(report.errors.len());
            self.unlocated = Some(exchange);
        }
        self.server = report.errors.len();
        self.problems
            .combine(self.findings_generation, self.server, false);
        self.rewrap(Some(report), pane);
    }

    /// Wraps the rows again when the locations, the findings or the width changed.
    fn rewrap(&mut self, report: Option<&ErrorReport>, pane: Rect) {
        self.geometry = Geometry::of(pane);
        let width = self.geometry.text_width;
        let key = (
            self.problems.generation,
            width,
            self.findings_generation,
            self.server,
        );
        if self.wrapped_for != Some(key) {
            let errors = report.map_or(&[][..], |r| r.errors.as_slice());
            let mut wrapped: Vec<Vec<Row>> = errors
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let touched = self.problems.touched.get(i).copied().unwrap_or(false);
                    // A path parameter's value is in the URL, where F8 goes.
                    if let Some(chars) = self.in_url(i) {
                        let at = format!("in the URL at {}", chars.start + 1);
                        return entry_rows(e, None, touched, Some(&at), width);
                    }
                    // A quick fix where one is certain, else a near-miss name.
                    let note = self
                        .fixes
                        .get(i)
                        .cloned()
                        .flatten()
                        .or_else(|| self.you_wrote(self.located(i)));
                    entry_rows(e, self.located(i), touched, note.as_deref(), width)
                })
                .collect();
            let listed = self.listed_findings();
            // Apart from the server's errors, under a line of their own.
            let section = (!errors.is_empty()).then(|| self.findings_summary());
            wrapped.extend(listed.iter().enumerate().map(|(i, f)| {
                let heading = if i == 0 { section.as_deref() } else { None };
                finding_rows(f, heading, width)
            }));
            if let Some(last) = wrapped.last_mut().filter(|_| !listed.is_empty()) {
                let more = self.findings.items.len() - listed.len() + self.findings.more;
                if more > 0 {
                    last.extend(
                        wrap(
                            &format!("… {more} more findings (cinspect lint lists them all)"),
                            width,
                        )
                        .into_iter()
                        .map(|text| Row {
                            kind: RowKind::Meta,
                            text,
                        }),
                    );
                }
            }
            self.wrapped = wrapped;
            self.wrapped_for = Some(key);
        }
        self.keep_selected_visible();
    }

    /// `before sending: 2 findings`, as the panel heads them.
    pub fn findings_summary(&self) -> String {
        let n = self.findings.items.len() + self.findings.more;
        format!(
            "before sending: {n} finding{}",
            if n == 1 { "" } else { "s" }
        )
    }

    /// A server error that says a field is missing where the body has a name
    /// one typo from it: "you wrote countrycode at 35:9".
    fn you_wrote(&self, located: Option<&Location>) -> Option<String> {
        let Outcome::Missing { nearest, missing } = &located?.outcome else {
            return None;
        };
        self.listed_findings()
            .iter()
            .find(|f| {
                f.kind == FindingKind::UnknownField
                    && f.suggestion.as_deref() == Some(missing.as_str())
                    && f.path
                        .strip_prefix(nearest.path.as_str())
                        .map(|rest| rest.strip_prefix('.').unwrap_or(rest))
                        .is_some_and(|rest| !rest.is_empty() && !rest.contains(['.', '[']))
            })
            .map(|f| {
                let name = f.path.rsplit('.').next().unwrap_or(&f.path);
                format!("you wrote {name} at {}:{}", f.start.line, f.start.column)
            })
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

    /// Per error, the characters of the URL its propertyName's value is, when
    /// it names a path parameter of the request's endpoint: located there,
    /// not in the body (before `refresh`).
    pub fn set_in_url(&mut self, places: Vec<Option<std::ops::Range<usize>>>) {
        self.problems.set_in_url(places);
    }

    /// The characters of the URL error `i`'s path parameter is, when its
    /// propertyName names one and the errors are located in this request.
    pub fn in_url(&self, i: usize) -> Option<std::ops::Range<usize>> {
        if self.unlocated.is_some() {
            return None;
        }
        self.problems.in_url.get(i).cloned().flatten()
    }

    /// Where error `i`'s propertyName points, if it has one.
    /// The year and month (from the app's clock) an expiry date is past for.
    pub fn set_today(&mut self, today: (u32, u32)) {
        self.today = today;
    }

    /// Whether the locations are those of body revision `revision` and
    /// exchange `exchange` (a fix applies only to current locations).
    pub fn located_for(&self, revision: u64, exchange: usize) -> bool {
        !self.problems.is_stale(revision, exchange)
    }

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

    /// 0-based body rows a finding before sending points into.
    pub fn finding_rows(&self) -> &BTreeSet<usize> {
        &self.problems.finding_rows
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

/// Each error's quick fix where one is certain, as its place row says it.
fn fixes(
    report: &ErrorReport,
    located: &[Option<Location>],
    text: &str,
    today: (u32, u32),
) -> Vec<Option<String>> {
    report
        .errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let located = located.get(i).and_then(Option::as_ref);
            match crate::app::quick_fix::fix_of(
                e.error.property_name.as_deref(),
                located,
                text,
                today,
            )? {
                // Without the new date: the row reads the same whatever the year.
                crate::app::QuickFix::Expiry { .. } => Some("fix: a future date".to_owned()),
                // Not made by fix_of: it needs the model, and is said on the jump.
                crate::app::QuickFix::PickValue { .. } => None,
            }
        })
        .collect()
}
