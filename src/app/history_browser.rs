//! The history browser (F3) as a component: newest first, a page at a time,
//! filtered as the user types; it asks for pages, reopens (Enter), resends
//! (F5) and deletes (Del) through effects.

use crossterm::event::KeyEvent;

use super::action::{Effect, HistoryEffect};
use super::keymap::Command;
use super::list::ListNav;
use super::text_input::TextInput;
use super::ticket::{Awaited, Ticket};
use crate::history::{HistoryOff, Summary};

/// Rows the browser asks for at a time.
pub const HISTORY_PAGE: usize = 200;
/// Load the next page when the selection comes this close to the end.
const LOAD_AHEAD: usize = 20;

#[derive(Debug, Default)]
pub struct HistoryBrowser {
    filter: TextInput,
    rows: Vec<Summary>,
    list: ListNav,
    /// The latest query: answers to older ones are dropped.
    query: Awaited,
    loading: bool,
    /// The last page came back short: nothing older to load.
    exhausted: bool,
    /// Why history is unavailable this session, if it is.
    off: Option<HistoryOff>,
}

impl HistoryBrowser {
    pub fn new(off: Option<HistoryOff>) -> Self {
        Self {
            off,
            ..Self::default()
        }
    }

    pub fn off(&self) -> Option<&HistoryOff> {
        self.off.as_ref()
    }

    pub fn filter(&self) -> &TextInput {
        &self.filter
    }

    pub fn rows(&self) -> &[Summary] {
        &self.rows
    }

    pub fn selected(&self) -> usize {
        self.list.selected()
    }

    pub fn is_loading(&self) -> bool {
        self.loading
    }

    pub fn is_exhausted(&self) -> bool {
        self.exhausted
    }

    /// Opens afresh: no filter, the first page.
    pub fn open(&mut self) -> Vec<Effect> {
        self.filter = TextInput::default();
        self.requery()
    }

    /// The browser's commands; `page` is how many rows it shows.
    pub fn update(&mut self, command: Command, page: usize) -> Vec<Effect> {
        let selected = self.rows.get(self.list.selected()).map(|r| r.id);
        match command {
            Command::Accept | Command::Send => selected.map_or_else(Vec::new, |id| {
                vec![Effect::History(HistoryEffect::Open {
                    id,
                    resend: command == Command::Send,
                })]
            }),
            Command::DeleteEntry => selected.map_or_else(Vec::new, |id| {
                vec![Effect::History(HistoryEffect::Delete { id })]
            }),
            _ => {
                if self.list.apply(command, self.rows.len(), page) {
                    self.load_more_if_near_end()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// A key the key map did not take edits the filter.
    pub fn input(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if self.filter.input(key) {
            self.requery()
        } else {
            Vec::new()
        }
    }

    pub fn paste(&mut self, text: &str) -> Vec<Effect> {
        if self.filter.paste(text) {
            self.requery()
        } else {
            Vec::new()
        }
    }

    /// A page arrived; an answer to an older query is dropped. Err: the store's message.
    pub fn rows_arrived(
        &mut self,
        query: Ticket,
        rows: Result<Vec<Summary>, String>,
        append: bool,
    ) -> Result<(), String> {
        if !self.query.is(query) {
            return Ok(());
        }
        self.loading = false;
        // A refused filter lists nothing: rows of the filter before would
        // be taken for its answer (and Enter would open one of them).
        let rows = rows.inspect_err(|_| {
            if !append {
                self.rows.clear();
                self.exhausted = true;
            }
        })?;
        self.exhausted = rows.len() < HISTORY_PAGE;
        if append {
            self.rows.extend(rows);
        } else {
            self.rows = rows;
        }
        Ok(())
    }

    pub fn deleted(&mut self, id: i64) {
        self.rows.retain(|r| r.id != id);
        self.list.set(self.list.selected(), self.rows.len());
    }

    /// The store failed: stop waiting for it.
    pub fn failed(&mut self) {
        self.loading = false;
    }

    /// A new first page for the current filter.
    fn requery(&mut self) -> Vec<Effect> {
        let query = self.query.issue();
        self.list = ListNav::default();
        self.loading = true;
        self.exhausted = false;
        vec![Effect::History(HistoryEffect::List {
            query,
            filter: self.filter.text().to_string(),
            before_id: None,
        })]
    }

    /// Pages load lazily: a long history costs nothing until scrolled through.
    fn load_more_if_near_end(&mut self) -> Vec<Effect> {
        if self.loading || self.exhausted || self.list.selected() + LOAD_AHEAD < self.rows.len() {
            return Vec::new();
        }
        let (Some(last), Some(query)) = (self.rows.last(), self.query.current()) else {
            return Vec::new();
        };
        self.loading = true;
        vec![Effect::History(HistoryEffect::List {
            query,
            filter: self.filter.text().to_string(),
            before_id: Some(last.id),
        })]
    }
}
