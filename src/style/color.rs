//! Colour names as theme files spell them, and fitting a colour to what the terminal can show.
//!
//! Themes may use 256-colour indexes and `#rrggbb`, but nothing requires them: a colour deeper
//! than the terminal says it supports is replaced by the nearest one it does support.

use ratatui::style::Color;

/// How many colours the terminal can show, shallowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// The 16 ANSI colours: every terminal, the safe assumption over SSH.
    Ansi16,
    /// The xterm 256-colour palette (`TERM=*-256color`).
    Indexed256,
    /// 24-bit colour (`COLORTERM=truecolor` or `24bit`).
    TrueColor,
}

/// The 16 ANSI colours in palette order (index 0–15), with their theme-file names.
const ANSI: [(Color, &str); 16] = [
    (Color::Black, "black"),
    (Color::Red, "red"),
    (Color::Green, "green"),
    (Color::Yellow, "yellow"),
    (Color::Blue, "blue"),
    (Color::Magenta, "magenta"),
    (Color::Cyan, "cyan"),
    (Color::Gray, "gray"),
    (Color::DarkGray, "darkgray"),
    (Color::LightRed, "lightred"),
    (Color::LightGreen, "lightgreen"),
    (Color::LightYellow, "lightyellow"),
    (Color::LightBlue, "lightblue"),
    (Color::LightMagenta, "lightmagenta"),
    (Color::LightCyan, "lightcyan"),
    (Color::White, "white"),
];

/// The names a theme file may use, for error messages.
pub const NAMES: &str = "black, red, green, yellow, blue, magenta, cyan, gray, darkgray, lightred, \
    lightgreen, lightyellow, lightblue, lightmagenta, lightcyan, white, reset";

/// xterm's default RGB for the 16 ANSI colours. Terminals differ; any fixed table is a guess,
/// and xterm's is the one most palettes stay close to.
const ANSI_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The six levels of each channel in the 6×6×6 cube (indexes 16–231).
const CUBE_LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// A colour as a theme file writes it: an ANSI name (case, `-`, `_` and spaces ignored; `grey`
/// accepted), `reset`, or `#rrggbb`. Indexes are numbers in TOML and handled by the caller.
pub fn parse_name(text: &str) -> Option<Color> {
    if let Some(hex) = text.strip_prefix('#') {
        return parse_hex(hex);
    }
    let key: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .replace("grey", "gray");
    if key == "reset" {
        return Some(Color::Reset);
    }
    ANSI.iter()
        .find(|(_, name)| *name == key)
        .map(|(color, _)| *color)
}

fn parse_hex(hex: &str) -> Option<Color> {
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?))
}

/// Whether `color` is one of the 16 ANSI colours or `Reset` (readable on any terminal).
#[cfg(test)]
pub fn is_ansi16(color: Color) -> bool {
    color == Color::Reset || ANSI.iter().any(|(c, _)| *c == color)
}

/// `color` as the terminal at `depth` can show it: unchanged when it fits, else the nearest
/// colour of the palette it has (truecolor → 256 → 16).
pub fn downgrade(color: Color, depth: Depth) -> Color {
    match (color, depth) {
        (Color::Rgb(..), Depth::TrueColor)
        | (Color::Indexed(_), Depth::TrueColor | Depth::Indexed256) => color,
        (Color::Rgb(r, g, b), Depth::Indexed256) => Color::Indexed(nearest_256((r, g, b))),
        (Color::Rgb(r, g, b), Depth::Ansi16) => nearest_ansi((r, g, b)),
        (Color::Indexed(i), Depth::Ansi16) => match ANSI.get(usize::from(i)) {
            // 0–15 are the ANSI colours themselves, as the terminal's palette defines them.
            Some((named, _)) => *named,
            None => nearest_ansi(indexed_rgb(i)),
        },
        _ => color,
    }
}

/// The RGB that xterm shows for palette index `i`.
fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI_RGB[usize::from(i)],
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| CUBE_LEVELS[usize::from(v)];
            (level(n / 36), level(n / 6 % 6), level(n % 6))
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// The nearest of indexes 16–255. 0–15 are left out: their RGB is up to the terminal.
fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    (16..=255u8)
        .min_by_key(|&i| distance(rgb, indexed_rgb(i)))
        .unwrap_or(16)
}

fn nearest_ansi(rgb: (u8, u8, u8)) -> Color {
    ANSI.iter()
        .zip(ANSI_RGB)
        .min_by_key(|(_, candidate)| distance(rgb, *candidate))
        .map_or(Color::Reset, |((color, _), _)| *color)
}

/// Squared "redmean" colour distance: plain RGB distance weighted the way the eye weighs the
/// channels, cheap and much closer to perception than unweighted Euclidean distance.
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let (ar, ag, ab) = (i64::from(a.0), i64::from(a.1), i64::from(a.2));
    let (br, bg, bb) = (i64::from(b.0), i64::from(b.1), i64::from(b.2));
    let mean_red = (ar + br) / 2;
    let (dr, dg, db) = (ar - br, ag - bg, ab - bb);
    let d = (((512 + mean_red) * dr * dr) >> 8) + 4 * dg * dg + (((767 - mean_red) * db * db) >> 8);
    u32::try_from(d).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_ignoring_case_separators_and_grey_spelling() {
        assert_eq!(parse_name("blue"), Some(Color::Blue));
        assert_eq!(parse_name("Light-Red"), Some(Color::LightRed));
        assert_eq!(parse_name("dark_grey"), Some(Color::DarkGray));
        assert_eq!(parse_name("reset"), Some(Color::Reset));
        assert_eq!(parse_name("#5F87af"), Some(Color::Rgb(0x5f, 0x87, 0xaf)));
    }

    #[test]
    fn bad_names_and_hex_are_rejected() {
        for bad in ["blu", "", "#12345", "#1234567", "#gg0000", "bright"] {
            assert_eq!(parse_name(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn deep_colours_downgrade_to_the_nearest_the_terminal_has() {
        use Color::*;
        let cases = [
            // (colour, depth, expected)
            (Rgb(255, 0, 0), Depth::Ansi16, LightRed),
            (Rgb(205, 0, 0), Depth::Ansi16, Red),
            (Rgb(0, 0, 0), Depth::Ansi16, Black),
            (Rgb(255, 255, 255), Depth::Ansi16, White),
            (Rgb(128, 128, 128), Depth::Ansi16, DarkGray),
            (Rgb(255, 165, 0), Depth::Ansi16, Yellow),
            (Rgb(0, 135, 0), Depth::Ansi16, Green),
            (Rgb(255, 0, 0), Depth::Indexed256, Indexed(196)),
            (Rgb(0x5f, 0x87, 0xaf), Depth::Indexed256, Indexed(67)),
            (Rgb(128, 128, 128), Depth::Indexed256, Indexed(244)),
            (Rgb(255, 165, 0), Depth::Indexed256, Indexed(214)),
            (Indexed(196), Depth::Ansi16, LightRed),
            (Indexed(1), Depth::Ansi16, Red),
            (Indexed(8), Depth::Ansi16, DarkGray),
            (Indexed(28), Depth::Ansi16, Green),
            (Indexed(244), Depth::Ansi16, DarkGray),
        ];
        for (color, depth, expected) in cases {
            assert_eq!(downgrade(color, depth), expected, "{color:?} at {depth:?}");
        }
    }

    #[test]
    fn colours_the_terminal_supports_are_kept() {
        use Color::*;
        for (color, depth) in [
            (Rgb(1, 2, 3), Depth::TrueColor),
            (Indexed(100), Depth::TrueColor),
            (Indexed(100), Depth::Indexed256),
            (Blue, Depth::Ansi16),
            (Reset, Depth::Ansi16),
        ] {
            assert_eq!(downgrade(color, depth), color);
        }
    }

    #[test]
    fn every_downgrade_to_16_lands_on_an_ansi_colour() {
        for i in 0..=255u8 {
            assert!(
                is_ansi16(downgrade(Color::Indexed(i), Depth::Ansi16)),
                "index {i}"
            );
        }
    }
}
