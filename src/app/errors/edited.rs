//! Which errors an edit touched: the values each error's propertyName selects
//! in the body as it was answered, against the body as it is now. An error
//! whose value changed (or appeared, or went) is marked "edited"; the others
//! are still as the API judged them.

use crate::connect::ErrorReport;
use crate::locate::{Document, IndexBase, Location, Outcome};
use crate::pipeline::locate_all;

/// What one error's propertyName selects in a text: the matched values'
/// text, or None when nothing matches.
pub type Selected = Option<Vec<String>>;

/// The values each error selects in `text`, read with `base_of`'s index base.
pub fn selected_in(
    text: &str,
    report: &ErrorReport,
    base_of: impl Fn(usize) -> IndexBase,
) -> Vec<Selected> {
    let doc = Document::parse(text);
    locate_all(&doc, report, base_of)
        .iter()
        .map(|loc| values(text, loc.as_ref()))
        .collect()
}

/// The values a location found in `text`.
pub fn values(text: &str, loc: Option<&Location>) -> Selected {
    match loc.map(|l| &l.outcome) {
        Some(Outcome::Found { matches }) => Some(
            matches
                .iter()
                .map(|m| text.get(m.span.start..m.span.end).unwrap_or("").to_owned())
                .collect(),
        ),
        _ => None,
    }
}

/// Per error: whether what it selects now differs from what it selected when answered.
pub fn touched(before: &[Selected], now: &[Selected]) -> Vec<bool> {
    (0..now.len().max(before.len()))
        .map(|i| before.get(i) != now.get(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::read_error_report;

    #[test]
    fn only_the_errors_whose_value_changed_are_touched() {
        let report = read_error_report(&serde_json::json!({"errorId": "e", "errors": [
            {"code": "1", "propertyName": "card.expiryDate"},
            {"code": "2", "propertyName": "card.cvv"},
            {"code": "3", "propertyName": "order.countryCode"}]}));
        let sent = r#"{"card": {"expiryDate": "1210", "cvv": "123"}, "order": {}}"#;
        let now =
            r#"{"card": {"expiryDate": "1230", "cvv": "123"}, "order": {"countryCode": "NL"}}"#;
        let before = selected_in(sent, &report, |_| IndexBase::Auto);
        let after = selected_in(now, &report, |_| IndexBase::Auto);
        assert_eq!(touched(&before, &after), [true, false, true]);
    }
}
