//! The history browser (F3): newest first, a page at a time, filtered as the
//! user types; Enter reopens an exchange into the panes, F5 resends it.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Effect, Failure, HistoryEffect};
use super::editor::{Field, RequestEditor};
use super::exchange::Exchange;
use super::executor::HISTORY_PAGE;
use super::history_link::editable_headers;
use super::keymap::Command;
use super::state::{App, Focus, Level, Notice, Overlay, Phase};
use crate::history::{Entry, Summary};

#[derive(Debug, Default)]
pub struct HistoryBrowser {
    pub filter: String,
    pub rows: Vec<Summary>,
    pub selected: usize,
    /// Number of the latest query: older answers are dropped.
    pub query: u64,
    pub loading: bool,
    /// The last page came back short: nothing older to load.
    pub exhausted: bool,
}

impl App {
    pub(super) fn open_history(&mut self) -> Vec<Effect> {
        if let Some(reason) = &self.history_off {
            let text = format!("history is off: {reason}");
            self.notice = Some(Notice {
                level: Level::Warning,
                text,
            });
            return Vec::new();
        }
        self.overlay = Some(Overlay::History);
        self.history.filter.clear();
        self.requery()
    }

    /// A new first page for the current filter.
    fn requery(&mut self) -> Vec<Effect> {
        let h = &mut self.history;
        h.query += 1;
        h.selected = 0;
        h.loading = true;
        h.exhausted = false;
        vec![Effect::History(HistoryEffect::List {
            query: h.query,
            filter: h.filter.clone(),
            before_id: None,
        })]
    }

    pub(super) fn on_history_key(
        &mut self,
        key: KeyEvent,
        command: Option<Command>,
    ) -> Vec<Effect> {
        let selected = self.history.rows.get(self.history.selected).map(|r| r.id);
        match (key.code, command) {
            (_, Some(Command::Send)) => {
                return selected.map_or_else(Vec::new, |id| {
                    vec![Effect::History(HistoryEffect::Open { id, resend: true })]
                });
            }
            (KeyCode::Esc, _) => self.overlay = None,
            (KeyCode::Enter, _) => {
                return selected.map_or_else(Vec::new, |id| {
                    vec![Effect::History(HistoryEffect::Open { id, resend: false })]
                });
            }
            (KeyCode::Delete, _) => {
                return selected.map_or_else(Vec::new, |id| {
                    vec![Effect::History(HistoryEffect::Delete { id })]
                });
            }
            (KeyCode::Up, _) => self.history.selected = self.history.selected.saturating_sub(1),
            (KeyCode::Down, _) => {
                self.history.selected =
                    (self.history.selected + 1).min(self.history.rows.len().saturating_sub(1));
                return self.load_more_if_near_end();
            }
            (KeyCode::PageDown, _) => {
                self.history.selected =
                    (self.history.selected + 20).min(self.history.rows.len().saturating_sub(1));
                return self.load_more_if_near_end();
            }
            (KeyCode::PageUp, _) => {
                self.history.selected = self.history.selected.saturating_sub(20)
            }
            (KeyCode::Backspace, _) => {
                self.history.filter.pop();
                return self.requery();
            }
            (KeyCode::Char(c), _)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.history.filter.push(c);
                return self.requery();
            }
            _ => {}
        }
        Vec::new()
    }

    /// Pages load lazily: a long history costs nothing until scrolled through.
    fn load_more_if_near_end(&mut self) -> Vec<Effect> {
        let h = &mut self.history;
        if h.loading || h.exhausted || h.selected + 20 < h.rows.len() {
            return Vec::new();
        }
        let Some(last) = h.rows.last() else {
            return Vec::new();
        };
        h.loading = true;
        vec![Effect::History(HistoryEffect::List {
            query: h.query,
            filter: h.filter.clone(),
            before_id: Some(last.id),
        })]
    }

    pub(super) fn history_rows(
        &mut self,
        query: u64,
        rows: Result<Vec<Summary>, String>,
        append: bool,
    ) {
        if query != self.history.query {
            return;
        }
        self.history.loading = false;
        match rows {
            Ok(rows) => {
                self.history.exhausted = rows.len() < HISTORY_PAGE;
                if append {
                    self.history.rows.extend(rows);
                } else {
                    self.history.rows = rows;
                }
            }
            Err(e) => {
                self.notice = Some(Notice {
                    level: Level::Error,
                    text: format!("history: {e}"),
                })
            }
        }
    }

    /// Puts a stored exchange back into the panes as it was.
    pub(super) fn history_opened(
        &mut self,
        entry: &Entry,
        exchange: Result<Arc<Exchange>, String>,
        resend: bool,
    ) -> Vec<Effect> {
        self.overlay = None;
        let path = entry
            .url
            .strip_prefix(&self.env.base_url)
            .filter(|p| p.starts_with('/'))
            .unwrap_or(&entry.url);
        self.editor = RequestEditor::new(
            &entry.method,
            path,
            &editable_headers(entry),
            &entry.request_body,
        );
        self.focus = Focus::Request(Field::Body);
        self.response_scroll = 0;
        match exchange {
            Ok(x) => {
                self.problems.reset(x.report.errors.len());
                self.reset_response_view();
                self.phase = Phase::Done(x);
            }
            Err(message) => {
                self.problems.reset(0);
                self.phase = Phase::Failed(Failure {
                    request: None,
                    message,
                    elapsed: Default::default(),
                    cancelled: false,
                });
            }
        }
        let when = crate::connect::datetime::format_epoch_millis(entry.time_ms);
        // History never keeps card data: say so before a resend fails on it.
        let redacted = if entry.request_body.contains("******") {
            "; card data was redacted when it was saved: re-enter it before resending"
        } else {
            ""
        };
        self.notice = Some(Notice {
            level: Level::Info,
            text: format!(
                "reopened history entry {} ({when}, {}){redacted}",
                entry.id, entry.env
            ),
        });
        if resend {
            self.command(Command::Send)
        } else {
            Vec::new()
        }
    }

    pub(super) fn history_deleted(&mut self, id: i64) {
        self.history.rows.retain(|r| r.id != id);
        self.history.selected = self
            .history
            .selected
            .min(self.history.rows.len().saturating_sub(1));
        self.notice = Some(Notice {
            level: Level::Info,
            text: format!("deleted history entry {id}"),
        });
    }
}
