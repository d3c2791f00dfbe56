//! `viewer`: the pure model the response pane reads, fast anywhere in a 50 MB body.
//!
//! Everything works on a `BodyDoc` (the pretty-printed body and its line index) and
//! uses 0-based line numbers; the UI adds 1 where a person reads them.
//!
//! - `structure`: `Structure`, the container index (open/close line, depth, child
//!   count of every multi-line object and array), built once in O(lines);
//! - `folds`: `Folds`, folded containers and the visible-row ⇄ line mapping,
//!   O(log folds) per lookup;
//! - `search`: case-insensitive plain-text search, chunked for a background thread;
//! - `path_filter`: a propertyName path → the line ranges of the values it selects;
//!   `narrow`: the view showing only those values, each under its path;
//! - `value_at`: the value under a row and its canonical path, for copying;
//! - `colour`: when colouring gives way to speed.
//!
//! Text and binary bodies can be searched; folding, path filters and copying a
//! path answer `ViewerError::NotJson`.

mod colour;
mod folds;
mod narrow;
mod path_filter;
mod search;
mod structure;
mod value_at;

pub use colour::{ColourPolicy, should_colour};
pub use folds::{FoldSummary, Folds, Toggle, VisibleLines};
pub use narrow::{NarrowRow, Narrowed};
pub use path_filter::{PathFilter, PathHit, filter_path};
pub use search::{DEFAULT_HIT_CAP, Hit, Query, Search, SearchJob, search_lines};
pub use structure::{Container, ContainerKind, Structure};
pub use value_at::{ValueAt, path_at, value_at};

/// Why a viewer operation has no answer; the UI shows the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewerError {
    /// Folding, path filters and paths need a JSON body.
    #[error("not JSON: this body cannot be folded or navigated by path")]
    NotJson,
    /// The path uses something beyond the propertyName language.
    #[error("unsupported path: {0}")]
    UnsupportedPath(String),
    /// Nothing matches; `nearest` is the deepest part of the path that exists.
    #[error("no match: `{missing}` is not under `{nearest}`")]
    NoMatch { nearest: String, missing: String },
    /// `line` is 0-based; the message shows it 1-based.
    #[error("line {} is past the end ({lines} lines)", line + 1)]
    NoSuchLine { line: usize, lines: usize },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::BodyDoc;
    use proptest::prelude::*;

    /// Runs every operation over `doc`; the point is that none panics.
    fn exercise(doc: &BodyDoc) {
        let s = Structure::build(doc);
        let mut folds = Folds::new();
        let _ = folds.fold_all(&s);
        let total = doc.line_count();
        for line in 0..total + 2 {
            let _ = folds.toggle(&s, line);
            let _ = folds.row_of_line(line);
            let _ = value_at(doc, &s, line, 16);
        }
        let rows = folds.visible_rows(total);
        assert!(folds.lines_from_row(0, total).count() == rows);
        for q in ["\"", "a", "é", "00"] {
            let search = Search::run(doc, Query::new(q).expect("query"), 100);
            for hit in search.hits() {
                let text = doc.line(hit.line()).expect("hit line exists");
                assert!(text.get(hit.range()).is_some(), "{q}: {hit:?}");
            }
        }
        let _ = filter_path(doc, "a[0].b", false);
    }

    #[test]
    fn invalid_utf8_becomes_binary_and_only_search_works() {
        let doc = BodyDoc::build(&[b'{', 0xff, b'"', 0xc3, 0x28, b'}', 0x00]);
        assert_eq!(doc.kind, crate::body::BodyKind::Binary);
        exercise(&doc);
        let s = Structure::build(&doc);
        assert_eq!(value_at(&doc, &s, 0, 10), Err(ViewerError::NotJson));
        assert_eq!(filter_path(&doc, "a", false), Err(ViewerError::NotJson));
        let found = Search::run(&doc, Query::new("7B FF").expect("query"), 10);
        assert_eq!(found.count(), 1);
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            exercise(&BodyDoc::build(&bytes));
        }

        #[test]
        fn json_like_text_never_panics(text in "[\\[\\]{}\",:a-z0-9 \\n\\\\é`.]{0,80}") {
            exercise(&BodyDoc::build(text.as_bytes()));
        }
    }
}
