//! The bridge from what the lexer found to the theme's styles. The theme itself
//! (every colour the UI uses) lives in `crate::style`, loaded from TOML.

use ratatui::style::Style;

use crate::body::TokenKind;
pub use crate::style::Theme;

/// The style for a JSON token kind.
pub fn token_style(theme: &Theme, kind: TokenKind) -> Style {
    match kind {
        TokenKind::Key => theme.key,
        TokenKind::String => theme.string,
        TokenKind::Number => theme.number,
        TokenKind::Literal => theme.literal,
        TokenKind::Punctuation => theme.punctuation,
        TokenKind::Other => theme.other,
    }
}
