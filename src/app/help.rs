//! The help overlay's state and rows: the key map as a table as wide as the
//! terminal, each description wrapped whole, searchable with `/` (every
//! word typed must be in a row's keys, help or command name).

use crossterm::event::KeyEvent;

use super::keymap::{Command, Context, KeyMap, Scope};
use super::list::ListNav;
use super::text_input::TextInput;
use super::wrap::{str_width, wrap_text};

/// The help box: where it is scrolled to, and its search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelpView {
    pub scroll: ListNav,
    search: TextInput,
    /// Keys go to the search (after `/`, until Enter or Esc).
    typing: bool,
}

impl HelpView {
    pub fn search(&self) -> &TextInput {
        &self.search
    }

    pub fn typing(&self) -> bool {
        self.typing
    }

    /// Whether the search line is drawn (typing, or a search kept).
    pub fn searching(&self) -> bool {
        self.typing || !self.search.text().is_empty()
    }

    pub fn context(&self) -> Context {
        if self.typing {
            Context::PROMPT
        } else {
            Context::SCROLL
        }
    }

    /// `/`: type a search (what was typed before stays, to edit).
    pub fn start_search(&mut self) {
        self.typing = true;
    }

    /// Enter: keep the search and scroll the rows it left.
    pub fn end_search(&mut self) {
        self.typing = false;
    }

    /// Esc while typing: every row again.
    pub fn drop_search(&mut self) {
        self.typing = false;
        self.search = TextInput::default();
        self.scroll = ListNav::default();
    }

    /// A key typed into the search; the rows start at the top again.
    pub fn input(&mut self, key: &KeyEvent) {
        if self.search.input(key) {
            self.scroll = ListNav::default();
        }
    }

    pub fn paste(&mut self, text: &str) {
        if self.search.paste(text) {
            self.scroll = ListNav::default();
        }
    }

    /// The rows at `width` inner columns, with the search applied.
    pub fn lines(&self, keymap: &KeyMap, width: usize) -> Vec<HelpLine> {
        help_lines(keymap, &self.search.words(), width)
    }
}

/// One row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    /// A binding's row: its keys (empty on a description's later rows) and
    /// a piece of its description, already wrapped.
    Row {
        keys: String,
        text: String,
    },
    /// Nothing matches the search.
    NoMatch,
}

/// Columns of the keys: the widest keys, within a quarter of the box (the
/// few longer ones wrap in their column).
pub fn keys_width(keymap: &KeyMap, width: usize) -> usize {
    let widest = keymap
        .bindings()
        .iter()
        .map(|b| str_width(&keys_of(&b.keys)))
        .max()
        .unwrap_or(0);
    widest.min((width / 4).max(12))
}

fn keys_of(keys: &[super::keymap::Key]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The key map by scope, each binding's keys and help wrapped to `width`
/// columns (two of indent, the keys' column, a space, the description);
/// only the bindings every word of `words` is in.
pub fn help_lines(keymap: &KeyMap, words: &[String], width: usize) -> Vec<HelpLine> {
    let keys_w = keys_width(keymap, width);
    let text_w = width.saturating_sub(keys_w + 3).max(10);
    let mut lines = Vec::new();
    for scope in Scope::ALL {
        let mut heading = Some(scope.heading());
        for b in keymap.bindings().iter().filter(|b| b.scope == scope) {
            let keys = keys_of(&b.keys);
            let hay = format!("{} {} {}", keys, b.help, b.command.name()).to_lowercase();
            if !words.iter().all(|w| hay.contains(w.as_str())) {
                continue;
            }
            if let Some(h) = heading.take() {
                lines.push(HelpLine::Heading(h));
            }
            let key_rows = wrap_text(&keys, keys_w);
            let text_rows = wrap_text(b.help, text_w);
            for i in 0..key_rows.len().max(text_rows.len()) {
                lines.push(HelpLine::Row {
                    keys: key_rows
                        .get(i)
                        .map(|k| k.trim_end().to_owned())
                        .unwrap_or_default(),
                    text: text_rows
                        .get(i)
                        .map(|t| t.trim_end().to_owned())
                        .unwrap_or_default(),
                });
            }
        }
    }
    if lines.is_empty() {
        lines.push(HelpLine::NoMatch);
    }
    lines
}

/// The keys that close the help, as its title names them ("Esc, q, F1, ?").
pub fn closers(keymap: &KeyMap) -> String {
    let mut closers = keymap.keys_in(Command::Cancel, Context::SCROLL);
    let help = keymap.keys_in(Command::Help, Context::SCROLL);
    if !help.is_empty() {
        closers = format!("{closers}, {help}");
    }
    closers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn text_of(lines: &[HelpLine]) -> String {
        lines
            .iter()
            .map(|l| match l {
                HelpLine::Heading(h) => format!("# {h}\n"),
                HelpLine::Row { keys, text } => format!("{keys} | {text}\n"),
                HelpLine::NoMatch => "-\n".into(),
            })
            .collect()
    }

    #[test]
    fn every_description_is_whole_however_narrow() {
        let map = KeyMap::default();
        for width in [60, 76, 196] {
            let lines = help_lines(&map, &[], width);
            let all = text_of(&lines);
            let keys_w = keys_width(&map, width);
            for line in &lines {
                if let HelpLine::Row { keys, text } = line {
                    assert!(str_width(keys) <= keys_w, "{keys:?} at {width}");
                    assert!(
                        2 + keys_w + 1 + str_width(text) <= width,
                        "{text:?} at {width}"
                    );
                }
            }
            // Each help's words are all there, in order, once the rows are joined.
            let joined: String = lines
                .iter()
                .filter_map(|l| match l {
                    HelpLine::Row { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ");
            for b in map.bindings() {
                assert!(
                    joined.contains(b.help) || width < 196,
                    "{:?} at {width}:\n{all}",
                    b.help
                );
            }
        }
    }

    #[test]
    fn a_search_keeps_the_rows_that_hold_every_word() {
        let map = KeyMap::default();
        let mut view = HelpView::default();
        view.start_search();
        assert_eq!(view.context(), Context::PROMPT);
        for c in "next err".chars() {
            view.input(&KeyEvent::from(KeyCode::Char(c)));
        }
        let lines = view.lines(&map, 100);
        let all = text_of(&lines);
        assert!(all.contains("jump to the next error's field"), "{all}");
        assert!(!all.contains("send the request"), "{all}");
        assert!(all.contains("# Everywhere"), "its heading stays: {all}");
        view.end_search();
        assert_eq!(view.context(), Context::SCROLL);
        assert!(view.searching(), "the search stays after Enter");
        view.drop_search();
        assert!(view.lines(&map, 100).len() > lines.len());
        view.start_search();
        view.input(&KeyEvent::from(KeyCode::Char('§')));
        assert_eq!(view.lines(&map, 100), vec![HelpLine::NoMatch]);
    }
}
