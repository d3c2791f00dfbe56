//! Moving through a list or a scrolled text by the key map's commands: the
//! one list-navigation helper of every overlay.

use super::keymap::Command;

/// A position in a list of `len` items (or the first shown line of a text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListNav {
    selected: usize,
}

impl ListNav {
    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn set(&mut self, index: usize, len: usize) {
        self.selected = index.min(len.saturating_sub(1));
    }

    /// Moves for a navigation command (one, a page of `page`, to either end);
    /// false when `command` is not one.
    pub fn apply(&mut self, command: Command, len: usize, page: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = page.max(1);
        self.selected = match command {
            Command::ScrollUp => self.selected.saturating_sub(1),
            Command::ScrollDown => (self.selected + 1).min(last),
            Command::PageUp => self.selected.saturating_sub(page),
            Command::PageDown => (self.selected + page).min(last),
            Command::Top => 0,
            Command::Bottom => last,
            _ => return false,
        };
        true
    }

    /// The first item to draw in a window of `rows`, keeping the selection in it.
    pub fn first_visible(&self, rows: usize) -> usize {
        (self.selected + 1).saturating_sub(rows.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_clamp_to_the_list() {
        let mut nav = ListNav::default();
        assert!(nav.apply(Command::ScrollUp, 5, 2));
        assert_eq!(nav.selected(), 0);
        nav.apply(Command::PageDown, 5, 3);
        assert_eq!(nav.selected(), 3);
        nav.apply(Command::PageDown, 5, 3);
        assert_eq!(nav.selected(), 4);
        nav.apply(Command::Top, 5, 3);
        assert_eq!(nav.selected(), 0);
        nav.apply(Command::Bottom, 0, 3);
        assert_eq!(nav.selected(), 0, "an empty list stays at 0");
        assert!(!nav.apply(Command::Send, 5, 3));
    }

    #[test]
    fn the_window_follows_the_selection() {
        let mut nav = ListNav::default();
        nav.set(9, 20);
        assert_eq!(nav.first_visible(4), 6);
        nav.set(2, 20);
        assert_eq!(nav.first_visible(4), 0);
    }
}
