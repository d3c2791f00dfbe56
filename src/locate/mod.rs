//! `locate`: a Connect error's `propertyName` → exact spans in the request text.
//!
//! The API names the offending request field with a JSONata-style path (`a.b`, `a[1]`,
//! `a[b='v']`). This module finds that field in the body *text* the user is editing,
//! even when the text is broken mid-edit, so the editor can jump to it and highlight its
//! value. Pure code: no IO, no terminal, no async.
//!
//! - `path`: the path language (parser, `Path` types, unsupported forms);
//! - `scan`: the tolerant byte-level scanner (flat node arena, never fails);
//! - `eval`: evaluating a path over the scan for one index reading;
//! - `document`: `Document` (scan once, locate many times) and the index-base choice;
//! - `lines`: byte offset ⇄ line/column; `message`: the value an error message quotes;
//! - `outcome`: the result types and their JSON form; `text`: unescaping and numbers.
//!
//! ```
//! use connect_inspector::locate::{Document, IndexBase, LocateOptions, Outcome};
//! let doc = Document::parse(r#"{"order": {"items": [{"amount": 1}, {"amount": 2}]}}"#);
//! let opts = LocateOptions { index_base: IndexBase::Zero, message: None };
//! let loc = doc.locate("order.items[1].amount", &opts);
//! let Outcome::Found { matches } = &loc.outcome else { panic!() };
//! assert_eq!(matches[0].path, "order.items[1].amount");
//! assert_eq!((matches[0].start.line, matches[0].start.column), (1, 48));
//! ```

mod document;
mod eval;
mod insert;
mod lines;
mod message;
mod outcome;
mod path;
mod scan;
mod text;

pub use document::{Document, locate};
pub use insert::{InsertError, Insertion, missing_field};
pub use message::quoted_value;
pub use outcome::{
    IndexBase, LocateOptions, Location, Match, Nearest, Outcome, ParseIndexBaseError, Position,
    Span,
};
pub use path::{
    Filter, FilterKind, Literal, Path, Predicate, Step, Target, Unsupported, parse_path,
};
/// Exact comparisons of JSON scalars as the text holds them (the diff compares this way).
pub use text::{numbers_equal, unescape};
/// How canonical paths write a name and a member step; the viewer's paths must read
/// the same.
pub use text::{push_member, push_name};
