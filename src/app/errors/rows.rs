//! The errors panel's rows for one APIError, wrapped to a width.

use crate::app::wrap::{Breaks, wrap_text_by};
use crate::connect::model::{Finding, FindingKind};
use crate::connect::{ErrorEntry, known_error};
use crate::locate::Location;
use crate::pipeline::place_phrase;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// code · id · category · httpStatusCode
    Title,
    /// A finding before sending: what it is and where (a hint's softer).
    Finding,
    Hint,
    /// The line that heads the findings below the server's errors.
    Section,
    /// propertyName and where it points
    Place,
    /// The message, possibly over several rows.
    Message,
    /// requestId, nesting, warnings
    Meta,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub text: String,
}

/// `touched`: the value the error names was edited since the answer; `note`:
/// what the body holds instead of a missing field ("you wrote countrycode at 35:9").
pub fn entry_rows(
    entry: &ErrorEntry,
    located: Option<&Location>,
    touched: bool,
    note: Option<&str>,
    width: usize,
) -> Vec<Row> {
    let e = &entry.error;
    let mut title = e.code.clone().unwrap_or_else(|| "(no code)".to_string());
    match (&e.id, e.code.as_deref().and_then(known_error)) {
        (Some(id), _) => title.push_str(&format!(" {id}")),
        (None, Some(name)) => title.push_str(&format!(" {name}")),
        (None, None) if e.code.is_some() => title.push_str(" (unknown code)"),
        _ => {}
    }
    if let Some(status) = e.http_status_code {
        title.push_str(&format!(" · {status}"));
    }
    if let Some(category) = &e.category {
        title.push_str(&format!(" · {category}"));
    }
    let mut rows: Vec<Row> = wrap(&title, width)
        .into_iter()
        .map(|text| Row {
            kind: RowKind::Title,
            text,
        })
        .collect();
    if let Some(property) = e.property_name.as_deref().filter(|p| !p.is_empty()) {
        let edited = if touched { " · edited since" } else { "" };
        let note = note.map(|n| format!(" · {n}")).unwrap_or_default();
        let text = format!("{property}{}{note}{edited}", place(located));
        rows.extend(wrap(&text, width).into_iter().map(|text| Row {
            kind: RowKind::Place,
            text,
        }));
    }
    if let Some(message) = e.message.as_deref().filter(|m| !m.is_empty()) {
        rows.extend(wrap(message, width).into_iter().map(|text| Row {
            kind: RowKind::Message,
            text,
        }));
    }
    let mut meta = Vec::new();
    if let Some(request_id) = e.request_id.as_deref().filter(|r| !r.is_empty()) {
        meta.push(format!("requestId {request_id}"));
    }
    if let Some(nested) = &entry.nested_in {
        meta.push(format!("in {nested}"));
    }
    if let Some(loc) = located {
        meta.extend(loc.warnings.iter().cloned());
    }
    if !meta.is_empty() {
        rows.extend(wrap(&meta.join(" · "), width).into_iter().map(|text| Row {
            kind: RowKind::Meta,
            text,
        }));
    }
    rows
}

/// One finding before sending: what it is and where (`unknown field → 35:9`),
/// its path, its message; under `heading` when it opens the findings.
pub fn finding_rows(finding: &Finding, heading: Option<&str>, width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut push = |kind: RowKind, text: &str| {
        rows.extend(wrap(text, width).into_iter().map(|text| Row { kind, text }));
    };
    if let Some(heading) = heading {
        push(RowKind::Section, &format!("── {heading}"));
    }
    let what = match finding.kind {
        FindingKind::UnknownField => "unknown field",
        FindingKind::WrongKind => "wrong kind",
        FindingKind::UndocumentedValue => "undocumented value (a hint)",
        FindingKind::Deprecated => "deprecated field",
    };
    let title_kind = if finding.kind.is_hint() {
        RowKind::Hint
    } else {
        RowKind::Finding
    };
    push(
        title_kind,
        &format!("{what} → {}:{}", finding.start.line, finding.start.column),
    );
    push(RowKind::Place, &finding.path);
    push(RowKind::Message, &finding.message);
    rows
}

/// " → " and where the error points, as every front end says it.
fn place(located: Option<&Location>) -> String {
    located.map_or(String::new(), |loc| format!(" → {}", place_phrase(loc)))
}

/// Wraps on spaces to at most `width` columns a row (at least 8); a field's
/// path longer than a row breaks after a `.` or before a `[`. Every row
/// shows text from a server: controls and bidi marks come out escaped
/// (ratatui drops C0 and C1 controls, but a right-to-left override it passes).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let text = crate::body::printable(text);
    wrap_text_by(&text, width.max(8), Breaks::Path)
        .into_iter()
        // The space a row broke at is not shown at its end.
        .map(|row| match row.strip_suffix(' ') {
            Some(kept) if !kept.is_empty() => kept.to_string(),
            _ => row,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::wrap::str_width;

    #[test]
    fn what_a_server_says_is_shown_escaped() {
        let hostile: crate::connect::ErrorReport =
            crate::connect::read_error_report(&serde_json::json!({"errorId": "e", "errors": [{
                "code": "2100\u{1b}[2J0120",
                "message": "pay\u{202e}txt.exe\nforged: line",
                "propertyName": "order\u{1b}]0;title\u{7}.amount",
                "requestId": "r\u{9b}31m",
            }]}));
        let rows = entry_rows(&hostile.errors[0], None, false, None, 60);
        let all: String = rows.iter().map(|r| r.text.as_str()).collect();
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\n'] {
            assert!(!all.contains(bad), "{bad:?} in {all:?}");
        }
        assert!(
            all.contains("pay\\u{202e}txt.exe\\x0aforged: line"),
            "{all}"
        );
    }

    #[test]
    fn wrap_breaks_on_spaces_and_splits_long_words() {
        assert_eq!(wrap("aaa bbb ccc", 8), vec!["aaa bbb", "ccc"]);
        // Spaces at a break are neither a row of their own nor a wrapped row's start.
        assert_eq!(wrap("abcdefgh ", 8), vec!["abcdefgh"]);
        assert_eq!(wrap("abcdefgh  x", 8), vec!["abcdefgh", "x"]);
        assert_eq!(wrap("  indented", 20), vec!["  indented"]);
        assert_eq!(wrap("abcdefghijkl", 8), vec!["abcdefgh", "ijkl"]);
        assert_eq!(wrap("", 8), vec![""]);
    }

    #[test]
    fn a_property_name_breaks_at_its_dots_and_brackets() {
        assert_eq!(
            wrap("cardPaymentMethodSpecificInput.card.expiryDate → 7:21", 34),
            vec!["cardPaymentMethodSpecificInput.", "card.expiryDate → 7:21"]
        );
        assert_eq!(
            wrap(
                "order.shoppingCart.amountBreakdown[type='DISCOUNT'].amount",
                40
            ),
            vec![
                "order.shoppingCart.amountBreakdown",
                "[type='DISCOUNT'].amount"
            ]
        );
    }

    #[test]
    fn wrapped_rows_never_exceed_the_width() {
        let text = "paymentMethodSpecificInput.card.expiryDate (1210) IS IN THE PAST OR NOT IN CORRECT MMYY FORMAT";
        // Wide characters take two columns each: a row counts columns, not characters.
        let wide = "カード番号 の 有効期限が過去の日付です order.items[0].amount";
        for width in 8..60 {
            for row in wrap(text, width).iter().chain(&wrap(wide, width)) {
                assert!(str_width(row) <= width, "{width}: {row}");
            }
        }
    }
}
