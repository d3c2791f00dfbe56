//! The one key map: action → keys. Input handling, the help overlay and the
//! status-bar hints all read this table, so they cannot drift apart.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Send,
    Cancel,
    Quit,
    FocusNext,
    FocusPrev,
    Help,
    MethodNext,
    MethodPrev,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    ToggleHeaders,
    ErrorNext,
    ErrorPrev,
    JumpToError,
    NextProblem,
    PrevProblem,
    SwitchIndexBase,
    PickEnvironment,
    PickTemplate,
    ShowAsSent,
    NewIdempotenceKey,
    ResendWithPreviousKey,
}

impl Command {
    /// Every command, so a test can prove each one has a key.
    pub const ALL: &[Command] = &[
        Command::Send,
        Command::Cancel,
        Command::Quit,
        Command::FocusNext,
        Command::FocusPrev,
        Command::Help,
        Command::MethodNext,
        Command::MethodPrev,
        Command::ScrollUp,
        Command::ScrollDown,
        Command::PageUp,
        Command::PageDown,
        Command::Top,
        Command::Bottom,
        Command::ToggleHeaders,
        Command::ErrorNext,
        Command::ErrorPrev,
        Command::JumpToError,
        Command::NextProblem,
        Command::PrevProblem,
        Command::SwitchIndexBase,
        Command::PickEnvironment,
        Command::PickTemplate,
        Command::ShowAsSent,
        Command::NewIdempotenceKey,
        Command::ResendWithPreviousKey,
    ];
}

/// Where a binding applies. Bare letters are only ever bound where no text
/// field has focus, so they can never fire while typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, even in text fields: only function keys and Ctrl chords.
    Global,
    /// Anywhere but a text field.
    NotTyping,
    Method,
    Response,
    Errors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }
    const fn shift(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::SHIFT,
        }
    }

    fn matches(&self, event: &KeyEvent) -> bool {
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
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

pub struct Binding {
    pub command: Command,
    pub scope: Scope,
    pub keys: &'static [Key],
    pub help: &'static str,
    /// The status-bar label, for the bindings worth a hint when their scope is active.
    pub hint: Option<&'static str>,
}

use KeyCode as K;

/// The default key map. Function keys and Ctrl chords that terminals and tmux
/// pass through reliably; nothing bound to Ctrl-B (tmux prefix), Ctrl-S/Ctrl-Q
/// flow control is off in raw mode so Ctrl-Q is safe to use for quit.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { command: Command::Send, scope: Scope::Global, keys: &[Key::plain(K::F(5)), Key::ctrl('r')], help: "send the request", hint: Some("send") },
    Binding { command: Command::Cancel, scope: Scope::Global, keys: &[Key::plain(K::Esc)], help: "cancel the request in flight / close", hint: None },
    Binding { command: Command::Quit, scope: Scope::Global, keys: &[Key::ctrl('q')], help: "quit", hint: Some("quit") },
    Binding { command: Command::FocusNext, scope: Scope::Global, keys: &[Key::plain(K::Tab)], help: "focus the next field or pane", hint: Some("focus") },
    Binding { command: Command::FocusPrev, scope: Scope::Global, keys: &[Key::plain(K::BackTab)], help: "focus the previous field or pane", hint: None },
    Binding { command: Command::Help, scope: Scope::Global, keys: &[Key::plain(K::F(1))], help: "show this help", hint: Some("help") },
    Binding { command: Command::Help, scope: Scope::NotTyping, keys: &[Key::plain(K::Char('?'))], help: "show this help", hint: None },
    Binding { command: Command::NextProblem, scope: Scope::Global, keys: &[Key::plain(K::F(8))], help: "jump to the next error's field", hint: Some("next error") },
    Binding { command: Command::PrevProblem, scope: Scope::Global, keys: &[Key::shift(K::F(8))], help: "jump to the previous error's field", hint: None },
    Binding { command: Command::SwitchIndexBase, scope: Scope::Global, keys: &[Key::plain(K::F(7))], help: "read the selected error's indexes the other way (0/1)", hint: None },
    Binding { command: Command::PickEnvironment, scope: Scope::Global, keys: &[Key::plain(K::F(2))], help: "switch the environment", hint: Some("env") },
    Binding { command: Command::PickTemplate, scope: Scope::Global, keys: &[Key::plain(K::F(4))], help: "load a request template", hint: None },
    Binding { command: Command::ShowAsSent, scope: Scope::Global, keys: &[Key::plain(K::F(6))], help: "the last request as sent, with its string to sign", hint: None },
    Binding { command: Command::NewIdempotenceKey, scope: Scope::Global, keys: &[Key::plain(K::F(9))], help: "put a fresh X-GCS-Idempotence-Key in the headers", hint: None },
    Binding { command: Command::ResendWithPreviousKey, scope: Scope::Global, keys: &[Key::shift(K::F(5))], help: "send again with the previous idempotence key", hint: None },
    Binding { command: Command::MethodNext, scope: Scope::Method, keys: &[Key::plain(K::Right), Key::plain(K::Char(' ')), Key::plain(K::Down)], help: "next method", hint: Some("method") },
    Binding { command: Command::MethodPrev, scope: Scope::Method, keys: &[Key::plain(K::Left), Key::plain(K::Up)], help: "previous method", hint: None },
    Binding { command: Command::ScrollDown, scope: Scope::Response, keys: &[Key::plain(K::Down), Key::plain(K::Char('j'))], help: "scroll down", hint: None },
    Binding { command: Command::ScrollUp, scope: Scope::Response, keys: &[Key::plain(K::Up), Key::plain(K::Char('k'))], help: "scroll up", hint: None },
    Binding { command: Command::PageDown, scope: Scope::Response, keys: &[Key::plain(K::PageDown), Key::plain(K::Char(' '))], help: "page down", hint: Some("page") },
    Binding { command: Command::PageUp, scope: Scope::Response, keys: &[Key::plain(K::PageUp)], help: "page up", hint: None },
    Binding { command: Command::Top, scope: Scope::Response, keys: &[Key::plain(K::Home), Key::plain(K::Char('g'))], help: "top of the response", hint: None },
    Binding { command: Command::Bottom, scope: Scope::Response, keys: &[Key::plain(K::End), Key::plain(K::Char('G'))], help: "end of the response", hint: None },
    Binding { command: Command::ToggleHeaders, scope: Scope::Response, keys: &[Key::plain(K::Char('h'))], help: "show or hide the response headers", hint: Some("headers") },
    Binding { command: Command::ErrorNext, scope: Scope::Errors, keys: &[Key::plain(K::Down), Key::plain(K::Char('j'))], help: "select the next error", hint: None },
    Binding { command: Command::ErrorPrev, scope: Scope::Errors, keys: &[Key::plain(K::Up), Key::plain(K::Char('k'))], help: "select the previous error", hint: None },
    Binding { command: Command::JumpToError, scope: Scope::Errors, keys: &[Key::plain(K::Enter)], help: "jump to the selected error's field (again: next match)", hint: Some("jump") },
];

/// What is focused, as far as key scopes are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    pub typing: bool,
    pub scope: Option<Scope>,
}

/// The command bound to this key in this context, if any. Pane scopes are tried
/// before the broader ones, so e.g. Space pages in the response but would type
/// a space in a text field.
pub fn resolve(event: &KeyEvent, ctx: Context) -> Option<Command> {
    let applies = |scope: Scope| match scope {
        Scope::Global => true,
        Scope::NotTyping => !ctx.typing,
        pane => ctx.scope == Some(pane),
    };
    let mut found = None;
    for binding in BINDINGS.iter().filter(|b| applies(b.scope)) {
        if binding.keys.iter().any(|k| k.matches(event)) {
            if binding.scope != Scope::Global && binding.scope != Scope::NotTyping {
                return Some(binding.command);
            }
            found.get_or_insert(binding.command);
        }
    }
    found
}

/// The first key of a command, for hints ("F5 send").
pub fn keys_for(command: Command) -> impl Iterator<Item = Key> {
    BINDINGS
        .iter()
        .filter(move |b| b.command == command)
        .flat_map(|b| b.keys.iter().copied())
}

/// Status-bar hints for a context: (keys, short help), from the same table.
pub fn hints(ctx: Context) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.scope == Scope::Global || ctx.scope == Some(b.scope))
        .filter_map(|b| Some((b.keys[0].to_string(), b.hint?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }
    const TYPING: Context = Context {
        typing: true,
        scope: None,
    };
    const RESPONSE: Context = Context {
        typing: false,
        scope: Some(Scope::Response),
    };

    #[test]
    fn f5_and_ctrl_r_send_even_while_typing() {
        assert_eq!(
            resolve(&key(K::F(5), KeyModifiers::NONE), TYPING),
            Some(Command::Send)
        );
        assert_eq!(
            resolve(&key(K::Char('r'), KeyModifiers::CONTROL), TYPING),
            Some(Command::Send)
        );
        assert_eq!(
            resolve(
                &key(K::Char('R'), KeyModifiers::CONTROL | KeyModifiers::SHIFT),
                TYPING
            ),
            Some(Command::Send)
        );
    }

    #[test]
    fn no_bare_letter_fires_while_typing() {
        for c in (b' '..=b'~').map(char::from) {
            assert_eq!(
                resolve(&key(K::Char(c), KeyModifiers::NONE), TYPING),
                None,
                "{c:?}"
            );
            assert_eq!(
                resolve(&key(K::Char(c), KeyModifiers::SHIFT), TYPING),
                None,
                "{c:?}"
            );
        }
    }

    #[test]
    fn question_mark_opens_help_outside_text_fields() {
        assert_eq!(
            resolve(&key(K::Char('?'), KeyModifiers::SHIFT), RESPONSE),
            Some(Command::Help)
        );
    }

    #[test]
    fn pane_bindings_win_over_broader_ones() {
        assert_eq!(
            resolve(&key(K::Char(' '), KeyModifiers::NONE), RESPONSE),
            Some(Command::PageDown)
        );
        assert_eq!(
            resolve(&key(K::Down, KeyModifiers::NONE), RESPONSE),
            Some(Command::ScrollDown)
        );
    }

    #[test]
    fn shift_tab_and_shift_f8_are_distinct_from_their_plain_keys() {
        assert_eq!(
            resolve(&key(K::BackTab, KeyModifiers::SHIFT), TYPING),
            Some(Command::FocusPrev)
        );
        assert_eq!(
            resolve(&key(K::F(8), KeyModifiers::SHIFT), TYPING),
            Some(Command::PrevProblem)
        );
        assert_eq!(
            resolve(&key(K::F(8), KeyModifiers::NONE), TYPING),
            Some(Command::NextProblem)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_overlapping_scopes() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap =
                    a.scope == b.scope || a.scope == Scope::Global || b.scope == Scope::Global;
                if !overlap || a.command == b.command {
                    continue;
                }
                for ka in a.keys {
                    assert!(
                        !b.keys.contains(ka),
                        "{ka} bound to {:?} and {:?}",
                        a.command,
                        b.command
                    );
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_key() {
        for command in Command::ALL {
            assert!(
                keys_for(*command).next().is_some(),
                "{command:?} has no key"
            );
        }
    }

    #[test]
    fn keys_display_like_the_help_shows_them() {
        assert_eq!(Key::ctrl('q').to_string(), "Ctrl-Q");
        assert_eq!(Key::shift(K::F(8)).to_string(), "Shift-F8");
        assert_eq!(Key::plain(K::BackTab).to_string(), "Shift-Tab");
    }
}
