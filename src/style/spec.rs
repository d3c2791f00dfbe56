//! One table of a theme file, e.g. `[key]` with `fg = "blue"` and `bold = true`.
//! The format is documented at the top of `themes/default.toml`.

use std::fmt;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::color::{NAMES, parse_name};

/// A style as a theme file gives it. Modifiers left out are off.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StyleSpec {
    fg: Option<ColorSpec>,
    bg: Option<ColorSpec>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

impl StyleSpec {
    pub fn style(&self) -> Style {
        let mut style = Style::default();
        if let Some(ColorSpec(c)) = self.fg {
            style = style.fg(c);
        }
        if let Some(ColorSpec(c)) = self.bg {
            style = style.bg(c);
        }
        for (on, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        style
    }
}

/// A colour: an ANSI name, `reset`, `"#rrggbb"`, or a 256-colour index 0–255.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ColorSpec(Color);

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ColorVisitor)
    }
}

struct ColorVisitor;

impl Visitor<'_> for ColorVisitor {
    type Value = ColorSpec;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a colour: one of {NAMES}; \"#rrggbb\"; or an index 0–255"
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ColorSpec, E> {
        parse_name(v).map(ColorSpec).ok_or_else(|| {
            E::custom(format!(
                "unknown colour {v:?}: use one of {NAMES}; \"#rrggbb\"; or an index 0–255"
            ))
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ColorSpec, E> {
        u8::try_from(v)
            .map(|i| ColorSpec(Color::Indexed(i)))
            .map_err(|_| E::custom(format!("colour index {v} is out of range: use 0–255")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ColorSpec, E> {
        u8::try_from(v)
            .map(|i| ColorSpec(Color::Indexed(i)))
            .map_err(|_| E::custom(format!("colour index {v} is out of range: use 0–255")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Result<StyleSpec, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn names_hex_and_indexes_become_colours() {
        let s = spec("fg = \"lightcyan\"\nbg = 236").map(|s| s.style());
        assert_eq!(
            s.ok(),
            Some(
                Style::default()
                    .fg(Color::LightCyan)
                    .bg(Color::Indexed(236))
            )
        );
        let s = spec("fg = \"#ff8800\"").map(|s| s.style());
        assert_eq!(s.ok(), Some(Style::default().fg(Color::Rgb(0xff, 0x88, 0))));
    }

    #[test]
    fn modifiers_add_only_what_is_true() {
        let s = spec("bold = true\nreversed = true\nitalic = false").map(|s| s.style());
        assert_eq!(
            s.ok(),
            Some(Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED))
        );
    }

    #[test]
    fn unknown_keys_bad_colours_and_out_of_range_indexes_are_errors() {
        let err = |text: &str| {
            spec(text)
                .err()
                .map(|e| e.message().to_owned())
                .unwrap_or_default()
        };
        assert!(err("bolt = true").contains("unknown field `bolt`"));
        assert!(err("fg = \"blu\"").contains("unknown colour \"blu\""));
        assert!(err("fg = 256").contains("out of range"));
        assert!(err("fg = -1").contains("out of range"));
        assert!(err("fg = true").contains("a colour"));
    }
}
