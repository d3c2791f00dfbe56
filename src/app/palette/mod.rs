//! The command palette: every command of the key map live where it was
//! opened from (the focused pane), with its keys and help, filtered as you
//! type; Enter runs the chosen one there. Its state is its own: the entries
//! are taken from the key map when it opens.

mod fuzzy;

use crossterm::event::KeyEvent;

use super::filtered_list::FilteredList;
use super::keymap::{Command, Context, KeyMap};
use super::text_input::TextInput;

/// One command as the palette lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub command: Command,
    /// Its keys where the palette was opened ("F8, Ctrl-J").
    pub keys: String,
    pub help: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// The key context it was opened from: what it lists, where it runs.
    from: Context,
    entries: Vec<Entry>,
    /// The words typed and the position among the matches.
    list: FilteredList,
}

impl Palette {
    /// Every command live in `from` (its own scopes and Global), once each,
    /// in key-map order, with the help of its first binding there.
    pub fn open(keymap: &KeyMap, from: Context) -> Self {
        let mut entries: Vec<Entry> = Vec::new();
        for b in keymap.bindings() {
            let live = b.scope == super::keymap::Scope::Global || from.scopes.contains(&b.scope);
            // A digit says how deep to fold: no key, nothing to run.
            let needs_key = b.command == Command::FoldDepth;
            if !live
                || needs_key
                || b.command == Command::Palette
                || entries.iter().any(|e| e.command == b.command)
            {
                continue;
            }
            entries.push(Entry {
                command: b.command,
                keys: keymap.keys_in(b.command, from),
                help: b.help,
            });
        }
        Self {
            from,
            entries,
            list: FilteredList::default(),
        }
    }

    pub fn from(&self) -> Context {
        self.from
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn filter(&self) -> &TextInput {
        self.list.filter()
    }

    /// Indexes of the entries that match the filter, best first (key-map
    /// order among equals).
    pub fn matching(&self) -> Vec<usize> {
        let words = self.list.words();
        let mut ranked: Vec<(u8, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((fuzzy::rank(&words, e.command.name(), e.help, &e.keys)?, i)))
            .collect();
        ranked.sort_by_key(|&(rank, i)| (rank, i));
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    /// Position among `matches` matches (clamped).
    pub fn selected(&self, matches: usize) -> usize {
        self.list.selected(matches)
    }

    /// The command Enter would run.
    pub fn chosen(&self) -> Option<Command> {
        let matches = self.matching();
        let at = self.selected(matches.len());
        matches.get(at).map(|&i| self.entries[i].command)
    }

    /// A key for the filter; a new filter selects the best match.
    pub fn input(&mut self, key: &KeyEvent) {
        self.list.input(key);
    }

    pub fn paste(&mut self, text: &str) {
        self.list.paste(text);
    }

    /// Moves the selection; false when `command` does not move it.
    pub fn navigate(&mut self, command: Command, page: usize) -> bool {
        let len = self.matching().len();
        self.list.navigate(command, len, page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent};

    fn typed(p: &mut Palette, text: &str) {
        for c in text.chars() {
            p.input(&KeyEvent::from(KeyCode::Char(c)));
        }
    }

    #[test]
    fn it_lists_the_commands_live_where_it_was_opened() {
        let map = KeyMap::default();
        let body = Palette::open(&map, Context::TEXT);
        let has = |p: &Palette, c| p.entries().iter().any(|e| e.command == c);
        assert!(has(&body, Command::NextProblem));
        assert!(has(&body, Command::Complete), "the body's own");
        assert!(!has(&body, Command::ToggleFold), "the response pane's");
        assert!(!has(&body, Command::Palette));
        let response = Palette::open(&map, Context::RESPONSE);
        assert!(has(&response, Command::ToggleFold));
        assert!(!has(&response, Command::Complete));
        let copy = response
            .entries()
            .iter()
            .find(|e| e.command == Command::Copy);
        assert_eq!(copy.map(|e| e.keys.as_str()), Some("Ctrl-Y, y"));
    }

    #[test]
    fn typing_filters_and_the_best_match_is_chosen() {
        let mut p = Palette::open(&KeyMap::default(), Context::TEXT);
        typed(&mut p, "next");
        let first = p.chosen();
        assert!(p.matching().len() > 1);
        assert!(p.navigate(Command::ScrollDown, 5));
        assert_ne!(p.chosen(), first, "the arrows move the choice");
        typed(&mut p, " err");
        assert_eq!(
            p.chosen(),
            Some(Command::NextProblem),
            "a new filter chooses its best"
        );
        assert!(p.matching().len() < p.entries().len());
        let mut p = Palette::open(&KeyMap::default(), Context::TEXT);
        typed(&mut p, "zzzz");
        assert_eq!(p.chosen(), None);
    }
}
