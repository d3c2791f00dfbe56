//! What an exchange of a log says at a glance, for the log browser's rows
//! and the preview of the selected one: the verdict word and its summary,
//! the error codes, and each error once (an error the API repeats nested
//! under another counts once) with its code, its propertyName and where that
//! points in the request body as logged. Read once, where the row is made;
//! bounded whatever the log holds, and printable.

use crate::body::printable;
use crate::locate::{Document, IndexBase};
use crate::pipeline::{locate_all, place_phrase};
use crate::sources::sdk_log::LoggedExchange;

/// Errors a story keeps; more are counted.
const MAX_ERRORS: usize = 4;
/// Bytes of each error's line.
const MAX_LINE: usize = 160;
/// Bytes of the verdict's summary.
const MAX_SUMMARY: usize = 240;
/// Codes kept for the filter, and bytes of each.
const MAX_CODES: usize = 8;
const MAX_CODE: usize = 64;

/// The glance at one exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// `success`, `validation`, `declined_payment`, …; `no_response` when
    /// none was logged.
    pub verdict: &'static str,
    /// The verdict said in a sentence (`validation error (400 Bad Request):
    /// 1099 INVALID_VALUE`), or why there is no response.
    pub summary: Box<str>,
    /// The `code` of each error, space-separated (a few, each short).
    pub codes: Box<str>,
    /// One line an error: `CODE propertyName → place`, the first error first;
    /// `+N more` last when there were more. Empty when there were none.
    pub errors: Box<str>,
}

impl Story {
    /// Reads the exchange's response (and locates its errors in the request
    /// body) with `base` for array indexes.
    pub fn of(x: &LoggedExchange, base: IndexBase) -> Story {
        let Some(judged) = x.judged() else {
            let summary = match &x.error {
                Some(e) => format!("no response: {}", printable(&e.text)),
                None => "no response logged".to_string(),
            };
            return Story {
                verdict: "no_response",
                summary: cut(summary, MAX_SUMMARY).into(),
                codes: Box::default(),
                errors: Box::default(),
            };
        };
        let report = &judged.report;
        let body = x
            .request
            .as_ref()
            .and_then(|r| r.body.as_ref())
            .map(|b| b.text.as_str());
        let any_property = report.errors.iter().any(|e| {
            e.error
                .property_name
                .as_deref()
                .is_some_and(|p| !p.is_empty())
        });
        let places = match body {
            Some(body) if any_property => locate_all(&Document::parse(body), report, |_| base),
            _ => Vec::new(),
        };
        let mut seen: Vec<(Option<&str>, Option<&str>)> = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        let mut more = 0usize;
        for (i, entry) in report.errors.iter().enumerate() {
            let key = (
                entry.error.code.as_deref(),
                entry.error.property_name.as_deref(),
            );
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if lines.len() == MAX_ERRORS {
                more += 1;
                continue;
            }
            let mut line = printable(key.0.unwrap_or("(no code)")).into_owned();
            if let Some(p) = key.1.filter(|p| !p.is_empty()) {
                line.push(' ');
                line.push_str(&printable(p));
                if let Some(Some(place)) = places.get(i) {
                    line.push_str(" → ");
                    line.push_str(&printable(&place_phrase(place)));
                }
            }
            lines.push(cut(line, MAX_LINE));
        }
        if more > 0 {
            lines.push(format!("+{more} more"));
        }
        let codes: Vec<String> = report
            .errors
            .iter()
            .filter_map(|e| e.error.code.as_deref())
            .take(MAX_CODES)
            .map(|c| cut(printable(c).into_owned(), MAX_CODE))
            .collect();
        Story {
            verdict: judged.verdict.kind.as_str(),
            summary: cut(printable(&judged.verdict.summary).into_owned(), MAX_SUMMARY).into(),
            codes: codes.join(" ").into(),
            errors: lines.join("\n").into(),
        }
    }

    /// The first error's line (what a row shows), if there was one.
    pub fn first_error(&self) -> Option<&str> {
        self.errors.lines().next()
    }
}

/// `text` cut to at most `max` bytes on a character boundary, `…` marking the cut.
fn cut(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max - '…'.len_utf8();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::sdk_log::{self, Options};

    fn exchange(response_body: &str) -> LoggedExchange {
        let log = format!(
            "2026-12-02T00:28:38 Outgoing request (requestId='a1'):\n  method:       'POST'\n  uri:          '/v1/1234/payments'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{{\"order\":{{\"amountOfMoney\":{{\"currencyCode\":\"EURO\"}}}}}}'\n2026-12-02T00:28:39 Incoming response (requestId='a1', 7 ms):\n  status-code:  '400'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{response_body}'\n"
        );
        sdk_log::read(log.as_bytes(), Options::default())
            .next()
            .expect("an exchange")
    }

    #[test]
    fn an_error_nested_again_is_told_once_with_its_place() {
        let nested = r#"{"errorId":"e","errors":[{"code":"430330","propertyName":"order.amountOfMoney.currencyCode"}],"paymentResult":{"payment":{"statusOutput":{"errors":[{"code":"430330","propertyName":"order.amountOfMoney.currencyCode"}]}}}}"#;
        let story = Story::of(&exchange(nested), IndexBase::Auto);
        assert_eq!(story.verdict, "declined_payment");
        assert_eq!(story.errors.lines().count(), 1, "{}", story.errors);
        let first = story.first_error().expect("an error");
        assert!(
            first.starts_with("430330 order.amountOfMoney.currencyCode → 1:"),
            "{first}"
        );
    }

    #[test]
    fn many_errors_are_bounded_and_hostile_text_is_printable() {
        let errors: Vec<String> = (0..50)
            .map(|i| {
                format!(
                    r#"{{"code":"{i}\u001b[2J","propertyName":"{}"}}"#,
                    "p".repeat(500)
                )
            })
            .collect();
        let body = format!(r#"{{"errorId":"e","errors":[{}]}}"#, errors.join(","));
        let story = Story::of(&exchange(&body), IndexBase::Auto);
        let lines: Vec<&str> = story.errors.lines().collect();
        assert_eq!(lines.len(), MAX_ERRORS + 1);
        assert_eq!(lines[MAX_ERRORS], "+46 more");
        assert!(
            lines
                .iter()
                .all(|l| l.len() <= MAX_LINE && !l.contains('\u{1b}'))
        );
    }
}
