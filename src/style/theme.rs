//! Every style the UI uses, in one place. The default look keeps to the 16 ANSI colours so it
//! reads right over any SSH terminal.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use super::color::{Depth, downgrade};
use super::spec::StyleSpec;

/// Declares [`Theme`] and the matching theme-file tables from one list of field names, so the
/// struct, the file format and the field list cannot drift apart.
macro_rules! theme_fields {
    ($($(#[doc = $doc:literal])* $field:ident,)*) => {
        /// The styles the UI draws with. Field names are also the table names of a theme file.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            $($(#[doc = $doc])* pub $field: Style,)*
        }

        impl Theme {
            /// The field names, in declaration order: the tables a theme file may have.
            pub const FIELDS: &[&str] = &[$(stringify!($field)),*];

            /// Every style with its field name.
            pub fn styles(&self) -> Vec<(&'static str, Style)> {
                vec![$((stringify!($field), self.$field)),*]
            }

            /// A theme where every field has the terminal's own look.
            pub fn plain() -> Self {
                Self { $($field: Style::default(),)* }
            }

            fn for_each_style_mut(&mut self, mut f: impl FnMut(&mut Style)) {
                $(f(&mut self.$field);)*
            }
        }

        /// A theme file: an optional base theme and one optional table per field.
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct ThemeFile {
            pub extends: Option<Spanned<String>>,
            $($field: Option<StyleSpec>,)*
        }

        impl ThemeFile {
            /// `base` with every field the file names replaced by the file's style.
            pub fn apply(&self, mut base: Theme) -> Theme {
                $(if let Some(spec) = &self.$field {
                    base.$field = spec.style();
                })*
                base
            }

            /// The field names the file has a table for.
            #[cfg(test)]
            pub fn named_fields(&self) -> Vec<&'static str> {
                let mut names = Vec::new();
                $(if self.$field.is_some() {
                    names.push(stringify!($field));
                })*
                names
            }
        }
    };
}

theme_fields! {
    /// A pane's border without focus.
    border,
    /// The focused pane's border (also drawn thick).
    border_focused,
    /// Pane and overlay titles.
    title,
    /// Ordinary text.
    text,
    /// Secondary text: labels, counts, placeholders.
    dim,
    /// JSON object keys.
    key,
    /// JSON strings.
    string,
    /// JSON numbers.
    number,
    /// JSON `true`, `false`, `null`.
    literal,
    /// JSON brackets, commas, colons.
    punctuation,
    /// Text that is not JSON.
    other,
    /// Line numbers.
    gutter,
    /// A line number marking a line an error points into.
    gutter_mark,
    /// The editor's cursor.
    cursor,
    /// The value an error's propertyName points at: must stand out in every theme.
    error_span,
    /// 2xx status.
    status_success,
    /// 4xx status.
    status_client,
    /// 5xx status.
    status_server,
    /// Any other status.
    status_other,
    /// A status or error code the API does not list.
    unlisted,
    /// An SDK verdict that the call worked.
    verdict_good,
    /// An SDK verdict that it did not.
    verdict_bad,
    /// The selected row of a list.
    selected,
    /// An API error code.
    error_code,
    /// Where in the request an error points (its propertyName).
    place,
    /// Status-bar information.
    info,
    /// Status-bar warnings.
    warning,
    /// Status-bar errors.
    error,
    /// The environment badge.
    env,
    /// The environment badge when it is production.
    env_production,
    /// A key in the key hints and help.
    hint_key,
    /// The HTTP method.
    method,
    /// A comparison: what the right side added (and the new value of a change).
    diff_added,
    /// A comparison: what the right side removed (and the old value of a change).
    diff_removed,
    /// A comparison: the mark of a changed value.
    diff_changed,
}

impl Default for Theme {
    /// The dark default on the 16 ANSI colours. `themes/default.toml` says the same (a test
    /// holds them equal); this copy is what a broken theme falls back to.
    fn default() -> Self {
        let fg = |c: Color| Style::default().fg(c);
        Self {
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            title: Style::default().add_modifier(Modifier::BOLD),
            text: Style::default(),
            dim: fg(Color::DarkGray),
            key: fg(Color::Blue).add_modifier(Modifier::BOLD),
            string: fg(Color::Green),
            number: fg(Color::Magenta),
            literal: fg(Color::Yellow),
            punctuation: Style::default(),
            other: fg(Color::Red),
            gutter: fg(Color::DarkGray),
            gutter_mark: fg(Color::Red).add_modifier(Modifier::BOLD),
            cursor: Style::default().add_modifier(Modifier::REVERSED),
            error_span: Style::default().bg(Color::Red).fg(Color::White),
            status_success: fg(Color::Green).add_modifier(Modifier::BOLD),
            status_client: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            status_server: fg(Color::Red).add_modifier(Modifier::BOLD),
            status_other: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            unlisted: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            verdict_good: fg(Color::Green),
            verdict_bad: fg(Color::Yellow),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            error_code: fg(Color::Red).add_modifier(Modifier::BOLD),
            place: fg(Color::Cyan),
            info: fg(Color::Cyan),
            warning: fg(Color::Yellow),
            error: fg(Color::Red).add_modifier(Modifier::BOLD),
            env: fg(Color::Black).bg(Color::Cyan),
            env_production: fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
            hint_key: Style::default().add_modifier(Modifier::BOLD),
            method: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            diff_added: fg(Color::Green),
            diff_removed: fg(Color::Red),
            diff_changed: fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }
}

impl Theme {
    /// The same theme with every colour fitted to a terminal of `depth`.
    pub fn downgraded(mut self, depth: Depth) -> Self {
        self.for_each_style_mut(|style| {
            style.fg = style.fg.map(|c| downgrade(c, depth));
            style.bg = style.bg.map(|c| downgrade(c, depth));
        });
        self
    }

    /// The same theme with no colour at all, modifiers only (for `NO_COLOR`).
    pub fn without_colors(mut self) -> Self {
        self.for_each_style_mut(|style| {
            style.fg = None;
            style.bg = None;
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_list_matches_the_struct() {
        let theme = Theme::default();
        let names: Vec<&str> = theme.styles().iter().map(|(name, _)| *name).collect();
        assert_eq!(names, Theme::FIELDS);
        assert_eq!(Theme::FIELDS.len(), 35);
    }

    #[test]
    fn without_colors_keeps_modifiers_and_drops_colours() {
        let theme = Theme::default().without_colors();
        assert!(
            theme
                .styles()
                .iter()
                .all(|(_, s)| s.fg.is_none() && s.bg.is_none())
        );
        assert_eq!(theme.key.add_modifier, Modifier::BOLD);
    }

    #[test]
    fn downgraded_touches_fg_and_bg() {
        let mut theme = Theme::plain();
        theme.key = Style::default()
            .fg(Color::Rgb(255, 0, 0))
            .bg(Color::Indexed(196));
        let theme = theme.downgraded(Depth::Ansi16);
        assert_eq!(theme.key.fg, Some(Color::LightRed));
        assert_eq!(theme.key.bg, Some(Color::LightRed));
    }
}
