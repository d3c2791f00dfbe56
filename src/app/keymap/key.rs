use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key chord, as bound in the key map and written in config.toml
/// (`"F5"`, `"Ctrl-R"`, `"Shift-F8"`, `"Shift-Tab"`, `"PgDn"`, `"Space"`, `"j"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    pub const fn shift(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::SHIFT,
        }
    }

    /// A character without Ctrl or Alt: typing it in a text field must type it.
    pub fn is_bare_character(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    pub fn matches(&self, event: &KeyEvent) -> bool {
        // Terminals disagree on whether Shift is reported with an upper-case
        // letter or '?', so compare characters without it.
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
        let mut mods = event.modifiers & relevant;
        let mut want = self.mods;
        if matches!(event.code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
            want.remove(KeyModifiers::SHIFT);
        }
        let code = match (event.code, self.code) {
            // Shift-Tab arrives as BackTab, with or without the Shift flag.
            (KeyCode::BackTab, _) => return self.code == KeyCode::BackTab,
            // Ctrl-\ Ctrl-] Ctrl-^ Ctrl-_ send 0x1c-0x1f, which crossterm reads as Ctrl-4..7.
            (KeyCode::Char(c @ '4'..='7'), KeyCode::Char('\\' | ']' | '^' | '_'))
                if mods.contains(KeyModifiers::CONTROL) =>
            {
                KeyCode::Char(['\\', ']', '^', '_'][c as usize - '4' as usize])
            }
            (KeyCode::Char(c), KeyCode::Char(_)) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            (code, _) => code,
        };
        code == self.code && mods == want
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code == KeyCode::BackTab {
            return f.write_str("Shift-Tab");
        }
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl FromStr for Key {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let (flag, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= flag;
            rest = &rest[len..];
        }
        let named = match rest.to_ascii_lowercase().as_str() {
            "esc" | "escape" => Some(KeyCode::Esc),
            "enter" | "return" => Some(KeyCode::Enter),
            "tab" if mods.contains(KeyModifiers::SHIFT) => {
                return Ok(Self::plain(KeyCode::BackTab));
            }
            "tab" => Some(KeyCode::Tab),
            "backtab" => return Ok(Self::plain(KeyCode::BackTab)),
            "space" => Some(KeyCode::Char(' ')),
            "up" => Some(KeyCode::Up),
            "down" => Some(KeyCode::Down),
            "left" => Some(KeyCode::Left),
            "right" => Some(KeyCode::Right),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            "pgup" | "pageup" => Some(KeyCode::PageUp),
            "pgdn" | "pagedown" => Some(KeyCode::PageDown),
            "backspace" => Some(KeyCode::Backspace),
            "delete" | "del" => Some(KeyCode::Delete),
            "insert" | "ins" => Some(KeyCode::Insert),
            f if f.len() > 1
                && f.starts_with('f')
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..]
                    .parse()
                    .map_err(|_| format!("{s:?}: no such function key"))?;
                if !(1..=24).contains(&n) {
                    return Err(format!("{s:?}: function keys go from F1 to F24"));
                }
                Some(KeyCode::F(n))
            }
            _ => None,
        };
        let code = match named {
            Some(code) => code,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    // Ctrl-@ and Ctrl-Space are one byte (NUL), read as Ctrl-Space.
                    (Some('@'), None) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(' '),
                    (Some(c), None) if mods.contains(KeyModifiers::CONTROL) => {
                        KeyCode::Char(c.to_ascii_lowercase())
                    }
                    (Some(c), None) => KeyCode::Char(c),
                    _ => {
                        return Err(format!(
                            "{s:?} is not a key (e.g. \"F5\", \"Ctrl-R\", \"Shift-F8\", \"PgDn\", \"j\")"
                        ));
                    }
                }
            }
        };
        Ok(Self { code, mods })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_what_they_display() {
        for text in [
            "F5",
            "Ctrl-R",
            "Shift-F8",
            "Shift-Tab",
            "PgDn",
            "PgUp",
            "Space",
            "j",
            "?",
            "Esc",
            "Enter",
            "Alt-X",
            "Home",
        ] {
            let key: Key = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(key.to_string(), text);
        }
    }

    #[test]
    fn key_parsing_is_forgiving_about_case_and_strict_about_nonsense() {
        assert_eq!("ctrl-r".parse::<Key>(), Ok(Key::ctrl('r')));
        assert_eq!("f12".parse::<Key>(), Ok(Key::plain(KeyCode::F(12))));
        assert!("F99".parse::<Key>().is_err());
        assert_eq!("Ctrl-@".parse::<Key>(), Ok(Key::ctrl(' ')));
        assert_eq!(Key::ctrl(' ').to_string(), "Ctrl-Space");
        // A terminal sends NUL for both; crossterm reads it as Ctrl-Space.
        let nul = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::CONTROL);
        assert!(Key::ctrl(' ').matches(&nul));
        assert!("Ctrl-".parse::<Key>().is_err());
        assert!("hello".parse::<Key>().is_err());
    }
}
