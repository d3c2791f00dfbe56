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
    /// Everywhere, overlays and text fields included: only function keys and Ctrl chords.
    Global,
    /// The request editor's text fields (the URL, headers and body).
    Text,
    /// The panes, when the focus is not in a text field.
    NotTyping,
    Method,
    Response,
    Errors,
    /// Any overlay: accept what it offers.
    Overlay,
    /// A list in an overlay (pickers, history); its filter takes the letters.
    List,
    /// The history browser.
    History,
    /// The webhooks view.
    Webhooks,
    /// The comparison of two exchanges.
    Compare,
    /// An overlay that only scrolls (help, the request as sent).
    Scroll,
    /// A yes/no question.
    Confirm,
}

impl Scope {
    pub const ALL: [Scope; 13] = [
        Scope::Global,
        Scope::Text,
        Scope::NotTyping,
        Scope::Method,
        Scope::Response,
        Scope::Errors,
        Scope::Overlay,
        Scope::List,
        Scope::History,
        Scope::Webhooks,
        Scope::Compare,
        Scope::Scroll,
        Scope::Confirm,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Text => "Text fields of the request",
            Scope::NotTyping => "Outside text fields",
            Scope::Method => "Method",
            Scope::Response => "Response pane",
            Scope::Errors => "Errors panel",
            Scope::Overlay => "Boxes over the panes",
            Scope::List => "Lists (pickers, history, logs, webhooks)",
            Scope::History => "History browser",
            Scope::Webhooks => "Webhooks",
            Scope::Compare => "Comparison",
            Scope::Scroll => "Help and the request as sent",
            Scope::Confirm => "Questions",
        }
    }

    /// Whether this scope is live while the user types somewhere (a bare
    /// letter bound here would never type).
    pub fn live_while_typing(self) -> bool {
        CONTEXTS
            .iter()
            .any(|c| c.typing && (self == Scope::Global || c.scopes.contains(&self)))
    }
}

/// What is focused, as far as key scopes are concerned: whether a text field
/// takes the characters, and the scopes live there, first the most specific
/// (it wins a shared key). Global applies in every context, last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    pub typing: bool,
    pub scopes: &'static [Scope],
}

impl Context {
    /// A text field of the request editor.
    pub const TEXT: Context = Context {
        typing: true,
        scopes: &[Scope::Text],
    };
    pub const METHOD: Context = Context {
        typing: false,
        scopes: &[Scope::Method, Scope::NotTyping],
    };
    pub const RESPONSE: Context = Context {
        typing: false,
        scopes: &[Scope::Response, Scope::NotTyping],
    };
    pub const ERRORS: Context = Context {
        typing: false,
        scopes: &[Scope::Errors, Scope::NotTyping],
    };
    /// Help and the request as sent.
    pub const SCROLL: Context = Context {
        typing: false,
        scopes: &[Scope::Scroll, Scope::Overlay],
    };
    /// A picker: type to filter, arrows to choose.
    pub const LIST: Context = Context {
        typing: true,
        scopes: &[Scope::List, Scope::Overlay],
    };
    pub const HISTORY: Context = Context {
        typing: true,
        scopes: &[Scope::History, Scope::List, Scope::Overlay],
    };
    pub const WEBHOOKS: Context = Context {
        typing: true,
        scopes: &[Scope::Webhooks, Scope::List, Scope::Overlay],
    };
    /// The comparison view.
    pub const COMPARE: Context = Context {
        typing: false,
        scopes: &[Scope::Compare, Scope::Overlay],
    };
    /// A one-line prompt (import, search, path filter).
    pub const PROMPT: Context = Context {
        typing: true,
        scopes: &[Scope::Overlay],
    };
    pub const CONFIRM: Context = Context {
        typing: false,
        scopes: &[Scope::Confirm, Scope::Overlay],
    };

    fn applies(&self, scope: Scope) -> bool {
        scope == Scope::Global || self.scopes.contains(&scope)
    }

    /// Lower is stronger: the context's own order, Global last.
    fn rank(&self, scope: Scope) -> usize {
        self.scopes
            .iter()
            .position(|s| *s == scope)
            .unwrap_or(self.scopes.len())
    }
}

/// Every context the app can be in: the conflict check looks at each.
pub const CONTEXTS: &[Context] = &[
    Context::TEXT,
    Context::METHOD,
    Context::RESPONSE,
    Context::ERRORS,
    Context::SCROLL,
    Context::LIST,
    Context::HISTORY,
    Context::WEBHOOKS,
    Context::COMPARE,
    Context::PROMPT,
    Context::CONFIRM,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub scope: Scope,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// The status-bar label, for the bindings worth a hint when their scope is active.
    pub hint: Option<&'static str>,
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

    /// The command bound to this key in this context, if any. A context's
    /// own scopes are tried before Global, so e.g. Space pages in the response
    /// but types a space in a text field.
    pub fn resolve(&self, event: &KeyEvent, ctx: Context) -> Option<Command> {
        self.bindings
            .iter()
            .filter(|b| ctx.applies(b.scope) && b.keys.iter().any(|k| k.matches(event)))
            .min_by_key(|b| ctx.rank(b.scope))
            .map(|b| b.command)
    }

    /// Every key of a command.
    pub fn keys_for(&self, command: Command) -> impl Iterator<Item = Key> + '_ {
        self.bindings
            .iter()
            .filter(move |b| b.command == command)
            .flat_map(|b| b.keys.iter().copied())
    }

    /// The keys that do `command` in `ctx`, as the help and titles name them
    /// ("Esc, q").
    pub fn keys_in(&self, command: Command, ctx: Context) -> String {
        let mut keys: Vec<String> = Vec::new();
        for b in self
            .bindings
            .iter()
            .filter(|b| b.command == command && ctx.applies(b.scope))
        {
            for k in &b.keys {
                let k = k.to_string();
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        keys.join(", ")
    }

    /// The first key that does `command` in `ctx`, for a notice that names
    /// one ("F5 sends it"); empty when none is bound.
    pub fn key_in(&self, command: Command, ctx: Context) -> String {
        self.bindings
            .iter()
            .filter(|b| b.command == command && ctx.applies(b.scope))
            .flat_map(|b| b.keys.iter())
            .next()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// Status-bar hints for a context: (first key, label) of Global's and of
    /// the context's own first scope, in key-map order.
    pub fn hints(&self, ctx: Context) -> Vec<(String, &'static str)> {
        let own = ctx.scopes.first().filter(|s| **s != Scope::NotTyping);
        // A key the context's own scope takes is not hinted for what it does elsewhere
        // (F5 in the webhooks view delivers again; it does not send).
        let taken: Vec<&Key> = self
            .bindings
            .iter()
            .filter(|b| Some(&b.scope) == own)
            .flat_map(|b| &b.keys)
            .collect();
        self.bindings
            .iter()
            .filter(|b| {
                Some(&b.scope) == own
                    || (b.scope == Scope::Global
                        && !b.keys.first().is_some_and(|k| taken.contains(&k)))
            })
            .filter_map(|b| Some((b.keys.first()?.to_string(), b.hint?)))
            .collect()
    }

    /// Status-bar hints by priority, for a bar that shows what fits: help
    /// (the way to every other key) and the palette first, then the
    /// context's own (a pane's letters), then sending and the next error,
    /// then the rest of Global's, in key-map order. A command is hinted once, by its
    /// most specific key; a Global key the context's own scope takes is not
    /// hinted for what it does elsewhere.
    pub fn ranked_hints(&self, ctx: Context) -> Vec<(String, &'static str)> {
        const FIRST: [Command; 4] = [
            Command::Help,
            Command::Palette,
            Command::Send,
            Command::NextProblem,
        ];
        let first = ctx.scopes.first().filter(|s| **s != Scope::NotTyping);
        let own =
            |s: Scope| Some(&s) == first || (s == Scope::NotTyping && ctx.scopes.contains(&s));
        let taken: Vec<&Key> = self
            .bindings
            .iter()
            .filter(|b| own(b.scope))
            .flat_map(|b| &b.keys)
            .collect();
        let mut live: Vec<&Binding> = self
            .bindings
            .iter()
            .filter(|b| b.hint.is_some())
            .filter(|b| {
                own(b.scope)
                    || (b.scope == Scope::Global
                        && !b.keys.first().is_some_and(|k| taken.contains(&k)))
            })
            .collect();
        // The most specific binding of a command stands for it (y copies in a pane, not Ctrl-Y).
        live.sort_by_key(|b| ctx.rank(b.scope));
        let mut seen: Vec<Command> = Vec::new();
        live.retain(|b| {
            let new = !seen.contains(&b.command);
            seen.push(b.command);
            new
        });
        let tier = |b: &&Binding| match FIRST.iter().position(|c| *c == b.command) {
            Some(i @ 0..2) => i,
            _ if b.scope != Scope::Global => 2,
            Some(i) => i + 1,
            None => FIRST.len() + 1,
        };
        let order = |b: &&Binding| {
            self.bindings
                .iter()
                .position(|x| std::ptr::eq(x, *b))
                .unwrap_or(0)
        };
        live.sort_by_key(|b| (tier(b), order(b)));
        live.into_iter()
            .filter_map(|b| Some((b.keys.first()?.to_string(), b.hint?)))
            .collect()
    }

    /// The status-bar label of a command, if it has one.
    pub fn hint_of(&self, command: Command) -> Option<&'static str> {
        self.bindings
            .iter()
            .find(|b| b.command == command && b.hint.is_some())
            .and_then(|b| b.hint)
    }

    /// Hints of the context's own scopes only (an overlay's title).
    pub fn own_hints(&self, ctx: Context) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| ctx.scopes.contains(&b.scope))
            .filter_map(|b| Some(format!("{} {}", b.keys.first()?, b.hint?)))
            .collect()
    }

    /// Pairs of commands that share a key where both can be live. A binding
    /// in a context's more specific scope deliberately shadows one in a
    /// broader scope (Space pages in the response); Global never shadows.
    pub fn conflicts(&self) -> Vec<String> {
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.command == b.command {
                    continue;
                }
                let together = CONTEXTS
                    .iter()
                    .any(|c| c.applies(a.scope) && c.applies(b.scope));
                let shadowing =
                    a.scope != b.scope && a.scope != Scope::Global && b.scope != Scope::Global;
                if !together || shadowing {
                    continue;
                }
                let mut names = [a.command.name(), b.command.name()];
                names.sort();
                for key in a.keys.iter().filter(|k| b.keys.contains(k)) {
                    let problem = format!("{key} is bound to both {} and {}", names[0], names[1]);
                    if !found.contains(&problem) {
                        found.push(problem);
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests;
