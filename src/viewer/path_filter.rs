//! Filter by path: a propertyName-language path → the line ranges of the values it
//! selects in the pretty text, using the locator on that text.
//!
//! Array indexes are read 0-based by default (this is a viewer, and its canonical
//! paths are 0-based); `one_based` reads them the way the API's error messages do.
//! Negative indexes count from the end either way.

use crate::body::{BodyDoc, BodyKind};
use crate::locate::{Document, IndexBase, LocateOptions, Outcome};

use super::ViewerError;

/// One selected value: its canonical (0-based) path and its 0-based lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathHit {
    pub path: String,
    pub first_line: usize,
    pub last_line: usize,
}

/// What a filter found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFilter {
    /// In document order, at least one.
    pub hits: Vec<PathHit>,
    /// E.g. duplicate keys met on the way (the last one is used).
    pub warnings: Vec<String>,
}

/// Evaluates `path` over `doc`'s pretty text. Scans the whole text each time (about
/// 0.2 s and a transient 1.5× the body for a 50 MB body, release build): call it
/// off the UI thread.
pub fn filter_path(doc: &BodyDoc, path: &str, one_based: bool) -> Result<PathFilter, ViewerError> {
    if doc.kind != BodyKind::Json {
        return Err(ViewerError::NotJson);
    }
    let document = Document::parse(&doc.text);
    let opts = LocateOptions {
        index_base: if one_based {
            IndexBase::One
        } else {
            IndexBase::Zero
        },
        message: None,
    };
    let location = document.locate(path, &opts);
    match location.outcome {
        Outcome::Found { matches } => Ok(PathFilter {
            hits: matches
                .into_iter()
                .map(|m| PathHit {
                    path: m.path,
                    // Positions are 1-based; a span's end is just past its last char,
                    // so on its last line.
                    first_line: m.start.line - 1,
                    last_line: m.end.line.max(m.start.line) - 1,
                })
                .collect(),
            warnings: location.warnings,
        }),
        Outcome::Missing { nearest, missing } => Err(ViewerError::NoMatch {
            nearest: nearest.path,
            missing,
        }),
        Outcome::Unsupported { reason } => Err(ViewerError::UnsupportedPath(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture(name: &str) -> BodyDoc {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        BodyDoc::build(&bytes)
    }

    fn lines(doc: &BodyDoc, hit: &PathHit) -> Vec<String> {
        (hit.first_line..=hit.last_line)
            .map(|l| doc.line(l).unwrap_or_default().trim().to_owned())
            .collect()
    }

    #[test]
    fn scalar_path_in_a_declined_payment_is_one_line() {
        let doc = fixture("402-declined-payment.json");
        let found = filter_path(&doc, "errors[0].code", false).unwrap();
        assert_eq!(found.hits.len(), 1);
        let hit = &found.hits[0];
        assert_eq!(hit.path, "errors[0].code");
        assert_eq!(lines(&doc, hit), [r#""code": "430330","#]);
    }

    #[test]
    fn container_path_spans_its_lines() {
        let doc = fixture("402-declined-payment.json");
        let found = filter_path(&doc, "paymentResult.payment.statusOutput.errors", false).unwrap();
        let hit = &found.hits[0];
        let text = lines(&doc, hit);
        assert_eq!(text.first().map(String::as_str), Some(r#""errors": ["#));
        assert_eq!(text.last().map(String::as_str), Some("],"));
        assert_eq!(hit.last_line - hit.first_line, 7);
    }

    #[test]
    fn one_based_reads_indexes_the_api_way() {
        let doc = fixture("402-declined-payment.json");
        let found = filter_path(&doc, "errors[1].code", true).unwrap();
        assert_eq!(found.hits[0].path, "errors[0].code");
        assert_eq!(
            filter_path(&doc, "errors[1].code", false),
            Err(ViewerError::NoMatch {
                nearest: "errors".to_owned(),
                missing: "[1]".to_owned()
            })
        );
    }

    #[test]
    fn mapped_paths_select_every_match() {
        let doc = fixture("create-payment-request.json");
        let found =
            filter_path(&doc, "order.shoppingCart.items.amountOfMoney.amount", false).unwrap();
        let paths: Vec<&str> = found.hits.iter().map(|h| h.path.as_str()).collect();
        assert!(paths.len() >= 2, "{paths:?}");
        assert_eq!(paths[0], "order.shoppingCart.items[0].amountOfMoney.amount");
        assert!(
            found
                .hits
                .windows(2)
                .all(|w| w[0].first_line < w[1].first_line)
        );
    }

    #[test]
    fn predicates_work_on_the_pretty_text() {
        let doc = fixture("402-declined-payment.json");
        let found = filter_path(
            &doc,
            "paymentResult.payment.statusOutput.errors[requestId='24162'].message",
            false,
        )
        .unwrap();
        assert_eq!(
            lines(&doc, &found.hits[0]),
            [r#""message": "Not authorised","#]
        );
    }

    #[test]
    fn unsupported_paths_and_non_json_bodies_are_errors() {
        let doc = fixture("402-declined-payment.json");
        assert!(matches!(
            filter_path(&doc, "$count(errors)", false),
            Err(ViewerError::UnsupportedPath(_))
        ));
        let text = BodyDoc::build(b"<html>oops</html>");
        assert_eq!(filter_path(&text, "a", false), Err(ViewerError::NotJson));
        let binary = BodyDoc::build(&[0xff, 0x00]);
        assert_eq!(filter_path(&binary, "a", false), Err(ViewerError::NotJson));
    }
}
