//! The one key map: action → keys. Input handling, the help overlay and the
//! status-bar hints all read it, so they cannot drift apart. The defaults can
//! be changed in config.toml's `[keys]` table.

mod command;
mod defaults;
mod key;
mod overrides;

pub use command::Command;
pub use key::Key;

use crossterm::event::KeyEvent;

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

impl Scope {
    pub const ALL: [Scope; 5] = [
        Scope::Global,
        Scope::NotTyping,
        Scope::Method,
        Scope::Response,
        Scope::Errors,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::NotTyping => "Outside text fields",
            Scope::Method => "Method",
            Scope::Response => "Response pane",
            Scope::Errors => "Errors panel",
        }
    }

    /// Whether a key in `self` and one in `other` can ever be live together.
    fn overlaps(self, other: Scope) -> bool {
        self == other
            || self == Scope::Global
            || other == Scope::Global
            || self == Scope::NotTyping
            || other == Scope::NotTyping
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub scope: Scope,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// The status-bar label, for the bindings worth a hint when their scope is active.
    pub hint: Option<&'static str>,
}

/// What is focused, as far as key scopes are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    pub typing: bool,
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        Self {
            bindings: defaults::bindings(),
        }
    }
}

impl KeyMap {
    /// The defaults with config.toml's `[keys]` applied; each problem (an unknown
    /// action or key, a bare letter made global, a conflict) is reported.
    pub fn with_overrides(overrides: &[(String, Vec<String>)]) -> (Self, Vec<String>) {
        overrides::apply(Self::default(), overrides)
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The command bound to this key in this context, if any. Pane scopes are
    /// tried before the broader ones, so e.g. Space pages in the response but
    /// types a space in a text field.
    pub fn resolve(&self, event: &KeyEvent, ctx: Context) -> Option<Command> {
        let applies = |scope: Scope| match scope {
            Scope::Global => true,
            Scope::NotTyping => !ctx.typing,
            pane => ctx.scope == Some(pane),
        };
        let mut found = None;
        for binding in self.bindings.iter().filter(|b| applies(b.scope)) {
            if binding.keys.iter().any(|k| k.matches(event)) {
                if !matches!(binding.scope, Scope::Global | Scope::NotTyping) {
                    return Some(binding.command);
                }
                found.get_or_insert(binding.command);
            }
        }
        found
    }

    /// Every key of a command.
    pub fn keys_for(&self, command: Command) -> impl Iterator<Item = Key> + '_ {
        self.bindings
            .iter()
            .filter(move |b| b.command == command)
            .flat_map(|b| b.keys.iter().copied())
    }

    /// Status-bar hints for a context: (first key, label).
    pub fn hints(&self, ctx: Context) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.scope == Scope::Global || ctx.scope == Some(b.scope))
            .filter_map(|b| Some((b.keys.first()?.to_string(), b.hint?)))
            .collect()
    }

    /// Pairs of commands that share a key where both can be live.
    pub fn conflicts(&self) -> Vec<String> {
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.command == b.command || !a.scope.overlaps(b.scope) {
                    continue;
                }
                // A pane binding deliberately shadows a NotTyping one (Space pages in the response).
                let shadowing = (a.scope == Scope::NotTyping) != (b.scope == Scope::NotTyping)
                    && a.scope != Scope::Global
                    && b.scope != Scope::Global;
                for key in a.keys.iter().filter(|k| b.keys.contains(k)) {
                    if !shadowing {
                        found.push(format!(
                            "{key} is bound to both {} and {}",
                            a.command.name(),
                            b.command.name()
                        ));
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests;
