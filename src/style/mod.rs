//! Themes: the styles the UI draws with, loaded from TOML.
//!
//! The built-in themes live in `themes/` at the top of the repository and are embedded at
//! build time; users add their own in `<config dir>/themes/<name>.toml`. `NO_COLOR` selects
//! the monochrome theme, and colours deeper than the terminal claims (`COLORTERM`, `TERM`)
//! are replaced by the nearest ones it has. The file format is documented at the top of
//! `themes/default.toml`.

mod color;
mod load;
mod spec;
mod theme;

pub use color::Depth;
pub use load::{Loaded, TermEnv, builtin_names, known_themes, load};
pub use theme::Theme;
