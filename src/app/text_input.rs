//! A one-line (or pasted multi-line) text field for overlays: the search and
//! path prompts, the import box, the filters of pickers and history. Keys the
//! key map takes never reach it; it takes characters and the editing keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextInput {
    text: String,
    /// In characters.
    cursor: usize,
    /// Pasted line breaks are kept (a curl command over several lines).
    multi_line: bool,
}

impl TextInput {
    pub fn multi_line() -> Self {
        Self {
            multi_line: true,
            ..Self::default()
        }
    }

    /// A field holding `text`, the cursor at its end (a default to edit).
    pub fn with_text(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.chars().count(),
            multi_line: false,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as filter words: split on white space, lower-cased.
    pub fn words(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Edits the text for a key; true when the text changed. Ctrl and Alt
    /// chords other than the readline ones are not text.
    pub fn input(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.text.is_empty();
                self.text.clear();
                self.cursor = 0;
                changed
            }
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Char(c) if !ctrl && !alt => {
                self.insert(&c.to_string());
                true
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.remove_at(self.cursor);
                true
            }
            KeyCode::Delete if self.cursor < self.len() => {
                self.remove_at(self.cursor);
                true
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.len());
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = self.len();
                false
            }
            _ => false,
        }
    }

    /// Inserts pasted text at the cursor; line breaks become spaces unless multi-line.
    pub fn paste(&mut self, text: &str) -> bool {
        // Terminals deliver a pasted line break as CR (xterm and most others turn LF into CR
        // in a paste), and a Windows clipboard as CRLF: each is one line break, which a
        // multi-line field keeps as LF, so a `\` before it still continues the line.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = if self.multi_line {
            text
        } else {
            text.replace('\n', " ")
        };
        self.insert(&text);
        !text.is_empty()
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn insert(&mut self, s: &str) {
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += s.chars().count();
    }

    fn remove_at(&mut self, chars: usize) {
        let at = self.byte_at(chars);
        self.text.remove(at);
    }

    fn delete_word(&mut self) -> bool {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut start = before.len();
        while start > 0 && before[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && before[start - 1] != ' ' {
            start -= 1;
        }
        if start == self.cursor {
            return false;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    #[test]
    fn typing_editing_and_chords() {
        let mut t = TextInput::default();
        for c in "pay ment".chars() {
            t.input(&key(KeyCode::Char(c)));
        }
        assert_eq!(t.text(), "pay ment");
        t.input(&key(KeyCode::Left));
        t.input(&key(KeyCode::Backspace));
        assert_eq!((t.text(), t.cursor()), ("pay met", 6));
        assert!(!t.input(&KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL)));
        assert!(!t.input(&KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT)));
        t.input(&key(KeyCode::End));
        t.input(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(t.text(), "pay ");
        t.input(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!((t.text(), t.cursor()), ("", 0));
    }

    #[test]
    fn pasted_line_breaks_depend_on_the_field() {
        let mut one = TextInput::default();
        one.paste("a\r\nb");
        assert_eq!(one.text(), "a b");
        let mut many = TextInput::multi_line();
        many.paste("curl \\\r\n -X POST");
        assert_eq!(many.text(), "curl \\\n -X POST");
        // A terminal's paste: CR alone for each line break.
        let mut pasted = TextInput::multi_line();
        pasted.paste("curl \\\r -X POST\r");
        assert_eq!(pasted.text(), "curl \\\n -X POST\n");
        let mut one = TextInput::default();
        one.paste("a\rb");
        assert_eq!(one.text(), "a b");
    }

    #[test]
    fn multibyte_text_edits_by_character() {
        let mut t = TextInput::default();
        t.paste("€uro");
        t.input(&key(KeyCode::Home));
        t.input(&key(KeyCode::Delete));
        assert_eq!(t.text(), "uro");
    }
}
