//! Values in a response that the model's lists do not have: a payment's `status`, a
//! `statusCategory`, a product group that the lists of the SDK version the model was
//! taken from do not name. The API may have added values since, so these are marked
//! for the reader, never called invalid.
//!
//! The same walk as the request's findings ([`Model::findings`]: its own stack, as
//! deep as the model's types), only its undocumented values kept. Bounded: a body over
//! [`MARKED_BODY_LIMIT`] is not walked, and [`MAX_FINDINGS`] marks at most.

use std::ops::Range;

use super::body::Body;
use super::data::Model;
use super::findings::FindingKind;

/// Bodies bigger than this are not walked (a find-payments page of many megabytes):
/// the marks are a reading aid, not worth holding the worker up.
pub const MARKED_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// One value outside its field's documented list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueMark {
    /// 0-based line of the text walked.
    pub line: usize,
    /// Characters of that line the value takes (its quotes included).
    pub columns: Range<usize>,
    /// The field's JSON path (`payment.status`).
    pub path: String,
    /// What the model says: the value and the documented ones.
    pub message: String,
}

impl Model {
    /// The values of `text` (a response body) that are outside their field's documented
    /// list, with the body read as the answer of `method url` with `status`: the
    /// endpoint's response type for a 2xx, its error type otherwise. None when the
    /// request is no endpoint of the model, or the body is not walked.
    pub fn undocumented_values(
        &self,
        method: &str,
        url: &str,
        status: u16,
        text: &str,
    ) -> Vec<ValueMark> {
        if text.len() > MARKED_BODY_LIMIT {
            return Vec::new();
        }
        let Ok(matched) = self.match_request(method, url) else {
            return Vec::new();
        };
        let type_name = if (200..300).contains(&status) {
            match matched.endpoint.response.as_deref() {
                Some(name) => name,
                None => return Vec::new(),
            }
        } else {
            matched.endpoint.error.as_str()
        };
        let Some(ty) = self.type_named(type_name) else {
            return Vec::new();
        };
        let body = Body::parse(text);
        self.findings(&body, ty)
            .items
            .into_iter()
            .filter(|f| f.kind == FindingKind::UndocumentedValue && f.start.line == f.end.line)
            .map(|f| ValueMark {
                line: f.start.line.saturating_sub(1),
                columns: f.start.column.saturating_sub(1)..f.end.column.saturating_sub(1),
                path: f.path,
                message: f.message,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::model::model;

    const GET: &str = "https://h/v1/1234/payments/000000123410000596000000100001";

    #[test]
    fn a_status_the_model_does_not_list_is_marked_where_it_stands() {
        let m = model().expect("model");
        let text = "{\n  \"id\": \"1\",\n  \"status\": \"PENDING_SOMETHING\",\n  \"statusOutput\": {\"statusCode\": 5}\n}";
        let marks = m.undocumented_values("GET", GET, 200, text);
        assert_eq!(marks.len(), 1, "{marks:?}");
        let mark = &marks[0];
        assert_eq!(mark.path, "status");
        assert_eq!(mark.line, 2);
        let line: Vec<char> = text.lines().nth(2).expect("line").chars().collect();
        let marked: String = line[mark.columns.clone()].iter().collect();
        assert_eq!(marked, "\"PENDING_SOMETHING\"");
        assert!(
            mark.message.contains("PENDING_SOMETHING"),
            "{}",
            mark.message
        );
    }

    #[test]
    fn documented_values_unknown_fields_and_other_endpoints_are_not_marked() {
        let m = model().expect("model");
        let text = r#"{"id": "1", "status": "CAPTURED", "brandNewField": "X"}"#;
        assert!(m.undocumented_values("GET", GET, 200, text).is_empty());
        let odd = r#"{"status": "ODD"}"#;
        assert!(
            m.undocumented_values("GET", "https://h/elsewhere", 200, odd)
                .is_empty()
        );
        assert!(!m.undocumented_values("GET", GET, 200, odd).is_empty());
    }

    #[test]
    fn an_error_answer_is_read_as_the_endpoints_error_type() {
        let m = model().expect("model");
        let declined = r#"{"errorId": "e", "errors": [], "paymentResult": {"payment": {"id": "1", "status": "NOT_A_STATUS"}}}"#;
        let marks = m.undocumented_values("POST", "https://h/v1/1234/payments", 402, declined);
        assert_eq!(marks.len(), 1, "{marks:?}");
        assert_eq!(marks[0].path, "paymentResult.payment.status");
    }

    #[test]
    fn a_body_over_the_limit_is_not_walked() {
        let m = model().expect("model");
        let pad = " ".repeat(super::MARKED_BODY_LIMIT);
        let text = format!("{{\"status\": \"ODD\"{pad}}}");
        assert!(m.undocumented_values("GET", GET, 200, &text).is_empty());
    }
}
