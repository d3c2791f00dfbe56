//! A response (or request) body prepared for viewing: pretty-printed once, off
//! the UI thread, with a line index so drawing touches only the visible rows.

mod document;
mod lexer;
mod pretty;

pub use document::{BodyDoc, BodyKind};
pub use lexer::{Token, TokenKind, tokenize_line};
pub use pretty::pretty_json;
