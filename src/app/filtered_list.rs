//! A filter typed over a list and the position among what matches it: the
//! part the log browser, the webhooks view and the command palette share. The owner says which
//! rows match (it knows what they hold); this keeps the words and the place.

use crossterm::event::KeyEvent;

use super::keymap::Command;
use super::list::ListNav;
use super::text_input::TextInput;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilteredList {
    filter: TextInput,
    /// Position among the matches.
    list: ListNav,
}

impl FilteredList {
    pub fn filter(&self) -> &TextInput {
        &self.filter
    }

    /// The filter as words: lower-cased, every one must match.
    pub fn words(&self) -> Vec<String> {
        self.filter.words()
    }

    /// Position among `matches` matching rows (clamped).
    pub fn selected(&self, matches: usize) -> usize {
        self.list.selected().min(matches.saturating_sub(1))
    }

    /// Puts the position at `index` of `matches`.
    pub fn select(&mut self, index: usize, matches: usize) {
        self.list.set(index, matches);
    }

    /// List navigation over `matches` rows; false when `command` is not one.
    pub fn navigate(&mut self, command: Command, matches: usize, page: usize) -> bool {
        let at = self.selected(matches);
        self.list.set(at, matches);
        self.list.apply(command, matches, page)
    }

    /// A key for the filter; a new filter starts at the first match. True
    /// when the filter changed.
    pub fn input(&mut self, key: &KeyEvent) -> bool {
        let changed = self.filter.input(key);
        if changed {
            self.list = ListNav::default();
        }
        changed
    }

    pub fn paste(&mut self, text: &str) -> bool {
        let changed = self.filter.paste(text);
        if changed {
            self.list = ListNav::default();
        }
        changed
    }
}
