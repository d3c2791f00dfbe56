//! Finding a theme by name, reading it, and fitting it to the terminal.
//!
//! A user's `<config dir>/themes/<name>.toml` wins over the built-in theme of the same name.
//! Nothing here fails: a theme that cannot be used gives a warning and the default theme.

use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::color::Depth;
use super::theme::{Theme, ThemeFile};

/// The built-in themes, embedded at build time: (name, TOML).
const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("monochrome", include_str!("../../themes/monochrome.toml")),
];

/// The theme `NO_COLOR` selects.
const MONOCHROME: &str = "monochrome";

/// What the environment says about the terminal's colours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermEnv {
    /// `NO_COLOR` is set and not empty (no-color.org).
    pub no_color: bool,
    /// `COLORTERM`, which terminals with 24-bit colour set to `truecolor` or `24bit`.
    pub colorterm: Option<String>,
    /// `TERM`.
    pub term: Option<String>,
}

impl TermEnv {
    /// The process environment.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The environment as `var` gives it (tests pass their own).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            no_color: var("NO_COLOR").is_some_and(|v| !v.is_empty()),
            colorterm: var("COLORTERM"),
            term: var("TERM"),
        }
    }

    /// The colour depth the terminal claims; 16 colours unless it says more.
    pub fn depth(&self) -> Depth {
        let colorterm = self
            .colorterm
            .as_deref()
            .map(|v| v.trim().to_ascii_lowercase());
        let term = self.term.as_deref().unwrap_or("").to_ascii_lowercase();
        if matches!(colorterm.as_deref(), Some("truecolor" | "24bit")) || term.ends_with("-direct")
        {
            Depth::TrueColor
        } else if term.ends_with("256color") {
            Depth::Indexed256
        } else {
            Depth::Ansi16
        }
    }
}

/// A theme ready to draw with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub theme: Theme,
    /// The theme in use: the one asked for, `monochrome` under `NO_COLOR`, or `default` after a
    /// warning.
    pub name: String,
    /// Why the theme asked for is not the one in use; for the status bar or stderr.
    pub warnings: Vec<String>,
}

/// Loads theme `name`, preferring `user_dir/<name>.toml` (`user_dir` is the user's theme
/// directory, `<config dir>/themes`) to the built-in theme. Under `NO_COLOR` the monochrome
/// theme is loaded instead, with any colour a user's version of it has removed. The colours
/// are fitted to the terminal's depth.
pub fn load(name: &str, user_dir: Option<&Path>, env: &TermEnv) -> Loaded {
    let wanted = if env.no_color { MONOCHROME } else { name };
    let mut warnings = Vec::new();
    let (theme, used) = match resolve(wanted, user_dir, &mut Vec::new()) {
        Ok(theme) => (theme, wanted),
        Err(e) => {
            warnings.push(format!("{e}; using the default theme"));
            (Theme::default(), "default")
        }
    };
    let theme = if env.no_color {
        theme.without_colors()
    } else {
        theme
    };
    Loaded {
        theme: theme.downgraded(env.depth()),
        name: used.to_owned(),
        warnings,
    }
}

/// The names of the built-in themes.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// Every theme name `load` accepts: built-in and user themes, sorted, each once.
pub fn known_themes(user_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN.iter().map(|(name, _)| (*name).to_owned()).collect();
    if let Some(entries) = user_dir.and_then(|dir| std::fs::read_dir(dir).ok()) {
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let stem = path.file_stem().and_then(|s| s.to_str());
            if let (Some(stem), Some("toml")) = (stem, path.extension().and_then(|e| e.to_str()))
                && is_theme_name(stem)
            {
                names.push(stem.to_owned());
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Why a theme could not be used. Its text is the warning a person sees.
#[derive(Debug, Error)]
enum ThemeError {
    #[error("{path}:{line}:{column}: {message}")]
    Broken {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: cannot read the theme: {source}")]
    Read {
        path: String,
        source: crate::config::SmallFileError,
    },
    #[error("no theme named {name:?} (known themes: {known})")]
    Unknown { name: String, known: String },
    #[error("{name:?} is not a theme name: use letters, digits, '-' and '_'")]
    BadName { name: String },
}

/// Where a theme's text came from; a chain of `extends` visits each at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    User(PathBuf),
    Builtin(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Origin::User(path) => write!(f, "{}", path.display()),
            Origin::Builtin(name) => write!(f, "themes/{name}.toml"),
        }
    }
}

struct Source {
    origin: Origin,
    text: String,
}

fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The theme called `name`, following `extends`. `chain` holds the files already on the way.
fn resolve(
    name: &str,
    user_dir: Option<&Path>,
    chain: &mut Vec<Origin>,
) -> Result<Theme, ThemeError> {
    match find(name, user_dir, chain)? {
        Some(source) => resolve_source(source, user_dir, chain),
        None => Err(ThemeError::Unknown {
            name: name.to_owned(),
            known: known_themes(user_dir).join(", "),
        }),
    }
}

fn resolve_source(
    source: Source,
    user_dir: Option<&Path>,
    chain: &mut Vec<Origin>,
) -> Result<Theme, ThemeError> {
    chain.push(source.origin.clone());
    let file: ThemeFile = toml::from_str(&source.text).map_err(|e| {
        let at = e.span().map_or(0, |span| span.start);
        // serde names the derived type; a person wants to know what to write.
        let message = e.message().trim().replace(
            "struct StyleSpec",
            "a table such as `[key]` with `fg = \"blue\"`",
        );
        broken(&source, at, &message)
    })?;
    let base = match &file.extends {
        None => Theme::plain(),
        Some(extends) => {
            let parent = extends.get_ref();
            let at = extends.span().start;
            if !is_theme_name(parent) {
                return Err(broken(
                    &source,
                    at,
                    &format!("extends = {parent:?} is not a theme name"),
                ));
            }
            match find(parent, user_dir, chain)? {
                Some(parent_source) => resolve_source(parent_source, user_dir, chain)?,
                None if exists(parent, user_dir) => {
                    return Err(broken(
                        &source,
                        at,
                        &format!("extends = {parent:?} leads back to this theme"),
                    ));
                }
                None => {
                    let known = known_themes(user_dir).join(", ");
                    let message =
                        format!("extends = {parent:?}: no such theme (known themes: {known})");
                    return Err(broken(&source, at, &message));
                }
            }
        }
    };
    Ok(file.apply(base))
}

/// The text of theme `name` not yet in `chain`: the user's file first, then the built-in one,
/// so a user's `default.toml` may say `extends = "default"` to build on the built-in default.
fn find(
    name: &str,
    user_dir: Option<&Path>,
    chain: &[Origin],
) -> Result<Option<Source>, ThemeError> {
    if !is_theme_name(name) {
        return Err(ThemeError::BadName {
            name: name.to_owned(),
        });
    }
    if let Some(dir) = user_dir {
        let path = dir.join(format!("{name}.toml"));
        let origin = Origin::User(path.clone());
        if !chain.contains(&origin) {
            match crate::config::read_settings_file(&path) {
                Ok(text) => return Ok(Some(Source { origin, text })),
                Err(crate::config::SmallFileError::Missing) => {}
                Err(source) => {
                    return Err(ThemeError::Read {
                        path: path.display().to_string(),
                        source,
                    });
                }
            }
        }
    }
    Ok(BUILTIN
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(builtin, text)| Source {
            origin: Origin::Builtin(builtin),
            text: (*text).to_owned(),
        })
        .filter(|source| !chain.contains(&source.origin)))
}

fn exists(name: &str, user_dir: Option<&Path>) -> bool {
    known_themes(user_dir).iter().any(|known| known == name)
}

fn broken(source: &Source, at: usize, message: &str) -> ThemeError {
    let (line, column) = line_column(&source.text, at);
    ThemeError::Broken {
        path: source.origin.to_string(),
        line,
        column,
        message: message.to_owned(),
    }
}

/// 1-based line and column (in Unicode scalar values) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use ratatui::style::{Color, Modifier, Style};

    use super::super::color::is_ansi16;
    use super::*;

    fn env16() -> TermEnv {
        TermEnv::default()
    }

    fn truecolor() -> TermEnv {
        TermEnv {
            colorterm: Some("truecolor".into()),
            ..TermEnv::default()
        }
    }

    fn no_color() -> TermEnv {
        TermEnv {
            no_color: true,
            colorterm: Some("truecolor".into()),
            ..TermEnv::default()
        }
    }

    fn colours(theme: &Theme) -> Vec<(&'static str, Color)> {
        theme
            .styles()
            .into_iter()
            .flat_map(|(name, s)| [s.fg, s.bg].into_iter().flatten().map(move |c| (name, c)))
            .collect()
    }

    fn user_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            fs::write(dir.path().join(name), text).expect("write theme");
        }
        dir
    }

    /// Loads `name` from a user dir holding `files`; returns the result and the dir's path.
    fn load_user(files: &[(&str, &str)], name: &str) -> (Loaded, String) {
        let dir = user_dir(files);
        let loaded = load(name, Some(dir.path()), &truecolor());
        (loaded, dir.path().display().to_string())
    }

    #[test]
    fn every_builtin_theme_loads_without_warnings() {
        for name in builtin_names() {
            let loaded = load(name, None, &truecolor());
            assert_eq!(loaded.warnings, Vec::<String>::new(), "{name}");
            assert_eq!(loaded.name, name);
        }
    }

    #[test]
    fn every_builtin_theme_names_every_field_and_extends_nothing() {
        for (name, text) in BUILTIN {
            let file: ThemeFile = toml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(file.named_fields(), Theme::FIELDS, "{name}");
            assert!(file.extends.is_none(), "{name}");
        }
    }

    #[test]
    fn default_toml_is_the_built_in_default_look() {
        assert_eq!(load("default", None, &env16()).theme, Theme::default());
        assert_eq!(load("default", None, &truecolor()).theme, Theme::default());
    }

    #[test]
    fn default_uses_only_the_16_ansi_colours() {
        let theme = load("default", None, &truecolor()).theme;
        for (field, color) in colours(&theme) {
            assert!(is_ansi16(color), "{field}: {color:?}");
        }
    }

    #[test]
    fn monochrome_has_no_colours() {
        let theme = load("monochrome", None, &truecolor()).theme;
        assert_eq!(colours(&theme), vec![]);
    }

    #[test]
    fn monochrome_still_marks_the_error_value_the_focused_pane_and_the_selection() {
        let theme = load("monochrome", None, &truecolor()).theme;
        assert!(theme.error_span.add_modifier.contains(Modifier::REVERSED));
        assert_ne!(theme.error_span, theme.text);
        assert_ne!(theme.border_focused, theme.border);
        assert_ne!(theme.selected, theme.text);
        // The cursor inside the highlighted value still shows.
        assert_ne!(theme.error_span.patch(theme.cursor), theme.error_span);
        assert_ne!(theme.env_production, theme.env);
    }

    #[test]
    fn every_builtin_fits_every_terminal_depth() {
        for name in builtin_names() {
            let theme = load(name, None, &env16()).theme;
            for (field, color) in colours(&theme) {
                assert!(is_ansi16(color), "{name}.{field}: {color:?}");
            }
            let theme = load(
                name,
                None,
                &TermEnv::from_vars(|v| (v == "TERM").then(|| "xterm-256color".into())),
            )
            .theme;
            for (field, color) in colours(&theme) {
                assert!(
                    !matches!(color, Color::Rgb(..)),
                    "{name}.{field}: {color:?}"
                );
            }
        }
    }

    #[test]
    fn no_color_forces_monochrome_whatever_theme_was_chosen() {
        let loaded = load("light", None, &no_color());
        assert_eq!(loaded.name, "monochrome");
        assert_eq!(loaded.warnings, Vec::<String>::new());
        assert_eq!(loaded.theme, load("monochrome", None, &truecolor()).theme);
        assert_eq!(colours(&loaded.theme), vec![]);
    }

    #[test]
    fn no_color_strips_colours_from_a_users_monochrome() {
        let dir = user_dir(&[("monochrome.toml", "[key]\nfg = \"red\"\nbold = true\n")]);
        let theme = load("default", Some(dir.path()), &no_color()).theme;
        assert_eq!(colours(&theme), vec![]);
        assert_eq!(theme.key, Style::default().add_modifier(Modifier::BOLD));
    }

    #[test]
    fn no_color_empty_counts_as_unset() {
        let env = TermEnv::from_vars(|v| (v == "NO_COLOR").then(String::new));
        assert!(!env.no_color);
        let env = TermEnv::from_vars(|v| (v == "NO_COLOR").then(|| "1".into()));
        assert!(env.no_color);
    }

    #[test]
    fn depth_comes_from_colorterm_then_term() {
        let cases = [
            (None, None, Depth::Ansi16),
            (None, Some("xterm"), Depth::Ansi16),
            (None, Some("xterm-256color"), Depth::Indexed256),
            (None, Some("tmux-256color"), Depth::Indexed256),
            (Some("truecolor"), Some("xterm"), Depth::TrueColor),
            (Some("24bit"), None, Depth::TrueColor),
            (Some("yes"), Some("screen-256color"), Depth::Indexed256),
            (None, Some("xterm-direct"), Depth::TrueColor),
        ];
        for (colorterm, term, depth) in cases {
            let env = TermEnv {
                no_color: false,
                colorterm: colorterm.map(str::to_owned),
                term: term.map(str::to_owned),
            };
            assert_eq!(env.depth(), depth, "{colorterm:?} {term:?}");
        }
    }

    #[test]
    fn truecolor_theme_colours_are_downgraded_to_what_the_terminal_has() {
        let files = [(
            "mine.toml",
            "extends = \"default\"\n[key]\nfg = \"#ff0000\"\n",
        )];
        let dir = user_dir(&files);
        assert_eq!(
            load("mine", Some(dir.path()), &truecolor()).theme.key.fg,
            Some(Color::Rgb(255, 0, 0))
        );
        let term256 = TermEnv {
            term: Some("xterm-256color".into()),
            ..TermEnv::default()
        };
        assert_eq!(
            load("mine", Some(dir.path()), &term256).theme.key.fg,
            Some(Color::Indexed(196))
        );
        assert_eq!(
            load("mine", Some(dir.path()), &env16()).theme.key.fg,
            Some(Color::LightRed)
        );
    }

    #[test]
    fn a_user_theme_wins_over_the_builtin_of_the_same_name() {
        let (loaded, _) = load_user(&[("light.toml", "[text]\nfg = \"red\"\n")], "light");
        assert_eq!(loaded.warnings, Vec::<String>::new());
        assert_eq!(loaded.theme.text, Style::default().fg(Color::Red));
        // No extends: the fields it leaves out have the terminal's own look.
        assert_eq!(loaded.theme.key, Style::default());
    }

    #[test]
    fn extends_overrides_only_the_fields_given() {
        let text = "extends = \"default\"\n\n[key]\nfg = \"lightblue\"\nunderlined = true\n";
        let (loaded, _) = load_user(&[("mine.toml", text)], "mine");
        assert_eq!(loaded.warnings, Vec::<String>::new());
        let expected = Theme {
            key: Style::default()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
            ..Theme::default()
        };
        assert_eq!(loaded.theme, expected);
    }

    #[test]
    fn extends_follows_a_chain_and_a_user_default_may_extend_the_builtin_default() {
        let files = [
            (
                "default.toml",
                "extends = \"default\"\n[string]\nfg = \"lightgreen\"\n",
            ),
            ("a.toml", "extends = \"b\"\n[number]\nfg = 33\n"),
            ("b.toml", "extends = \"default\"\n[literal]\nbold = true\n"),
        ];
        let (loaded, _) = load_user(&files, "a");
        assert_eq!(loaded.warnings, Vec::<String>::new());
        assert_eq!(loaded.theme.number, Style::default().fg(Color::Indexed(33)));
        assert_eq!(
            loaded.theme.literal,
            Style::default().add_modifier(Modifier::BOLD)
        );
        assert_eq!(loaded.theme.string, Style::default().fg(Color::LightGreen));
        assert_eq!(loaded.theme.key, Theme::default().key);
    }

    #[test]
    fn an_extends_cycle_is_a_warning_at_the_extends_line() {
        let files = [
            ("a.toml", "extends = \"b\"\n"),
            ("b.toml", "# b\nextends = \"a\"\n"),
        ];
        let (loaded, dir) = load_user(&files, "a");
        assert_eq!(
            loaded.warnings,
            vec![format!(
                "{dir}/b.toml:2:11: extends = \"a\" leads back to this theme; using the default theme"
            )]
        );
        assert_eq!(loaded.theme, Theme::default());
        assert_eq!(loaded.name, "default");
    }

    #[test]
    fn extends_of_an_unknown_theme_is_a_warning_naming_the_known_ones() {
        let (loaded, dir) = load_user(&[("mine.toml", "extends = \"nope\"\n")], "mine");
        assert_eq!(
            loaded.warnings,
            vec![format!(
                "{dir}/mine.toml:1:11: extends = \"nope\": no such theme (known themes: default, high-contrast, \
                 light, mine, monochrome); using the default theme"
            )]
        );
    }

    #[test]
    fn a_syntax_error_is_a_warning_with_file_line_and_column_and_the_default_theme() {
        let (loaded, dir) = load_user(&[("mine.toml", "[key]\nfg = \"blue\n")], "mine");
        assert_eq!(loaded.theme, Theme::default());
        assert_eq!(loaded.name, "default");
        assert_eq!(loaded.warnings.len(), 1);
        assert!(
            loaded.warnings[0].starts_with(&format!("{dir}/mine.toml:2:")),
            "{:?}",
            loaded.warnings
        );
    }

    #[test]
    fn an_unknown_field_is_a_warning_at_its_line_and_column() {
        let (loaded, dir) = load_user(
            &[("mine.toml", "[key]\nbold = true\n\n[keyy]\nbold = true\n")],
            "mine",
        );
        assert_eq!(loaded.theme, Theme::default());
        assert_eq!(loaded.warnings.len(), 1);
        let warning = &loaded.warnings[0];
        assert!(
            warning.starts_with(&format!("{dir}/mine.toml:4:2: unknown field `keyy`")),
            "{warning}"
        );
        assert!(warning.ends_with("; using the default theme"), "{warning}");
    }

    #[test]
    fn an_unknown_style_key_is_a_warning_at_its_line_and_column() {
        let (loaded, dir) = load_user(&[("mine.toml", "[title]\n  bolt = true\n")], "mine");
        assert_eq!(loaded.theme, Theme::default());
        let warning = loaded.warnings.first().cloned().unwrap_or_default();
        assert!(
            warning.starts_with(&format!("{dir}/mine.toml:2:3: unknown field `bolt`")),
            "{warning}"
        );
    }

    #[test]
    fn a_field_that_is_not_a_table_says_what_to_write() {
        let (loaded, dir) = load_user(&[("mine.toml", "key = \"blue\"\n")], "mine");
        let warning = loaded.warnings.first().cloned().unwrap_or_default();
        assert_eq!(
            warning,
            format!(
                "{dir}/mine.toml:1:7: invalid type: string \"blue\", expected a table such as `[key]` with \
                 `fg = \"blue\"`; using the default theme"
            )
        );
    }

    #[test]
    fn a_bad_colour_is_a_warning_at_the_value() {
        let (loaded, dir) = load_user(&[("mine.toml", "[title]\nfg = \"blu\"\n")], "mine");
        assert_eq!(loaded.theme, Theme::default());
        let warning = loaded.warnings.first().cloned().unwrap_or_default();
        assert!(
            warning.starts_with(&format!("{dir}/mine.toml:2:6: unknown colour \"blu\"")),
            "{warning}"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let (loaded, dir) = load_user(&[("mine.toml", "[title] # é€\nfg = \"ü\"\n")], "mine");
        let warning = loaded.warnings.first().cloned().unwrap_or_default();
        assert!(
            warning.starts_with(&format!("{dir}/mine.toml:2:6:")),
            "{warning}"
        );
        assert_eq!(line_column("é€x", "é€".len()), (1, 3));
    }

    #[test]
    fn a_broken_parent_is_named_in_the_warning() {
        let files = [("a.toml", "extends = \"b\"\n"), ("b.toml", "[nope]\n")];
        let (loaded, dir) = load_user(&files, "a");
        let warning = loaded.warnings.first().cloned().unwrap_or_default();
        assert!(
            warning.starts_with(&format!("{dir}/b.toml:1:2: unknown field `nope`")),
            "{warning}"
        );
    }

    #[test]
    fn an_unknown_theme_name_warns_with_the_known_names_and_gives_the_default() {
        let (loaded, _) = load_user(&[("mine.toml", "")], "solarized");
        assert_eq!(loaded.theme, Theme::default());
        assert_eq!(
            loaded.warnings,
            vec![
                "no theme named \"solarized\" (known themes: default, high-contrast, light, mine, monochrome); \
                 using the default theme"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn a_path_is_not_a_theme_name() {
        let loaded = load("../secrets", None, &env16());
        assert_eq!(loaded.theme, Theme::default());
        assert_eq!(
            loaded.warnings,
            vec![
                "\"../secrets\" is not a theme name: use letters, digits, '-' and '_'; using the default theme"
            ]
        );
    }

    #[test]
    fn builtins_load_without_a_user_dir_and_with_an_empty_one() {
        let dir = user_dir(&[]);
        assert_eq!(
            load("light", Some(dir.path()), &truecolor()),
            load("light", None, &truecolor())
        );
        let mut names = builtin_names();
        names.sort_unstable();
        assert_eq!(known_themes(Some(dir.path())), names);
    }
}
