//! A response (or request) body prepared for viewing: pretty-printed once, off
//! the UI thread, with a line index so drawing touches only the visible rows;
//! and `printable`, the one sanitiser for text any subcommand prints.

mod depth;
mod document;
mod lexer;
mod pretty;
mod printable;

pub use depth::{MAX_PRETTY_DEPTH, nesting_depth};
pub use document::{BodyDoc, BodyKind};
pub use lexer::{Token, TokenKind, tokenize_line};
pub use pretty::pretty_json;
pub use printable::{printable, printable_lines, terminal_safe_json};
