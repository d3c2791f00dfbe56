//! What `cinspect run` says besides each report: the payment's status a response carries,
//! and the run's summary line ("3 passed, 1 expected 402, 0 failed, 0.41 s").

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

/// The status of the payment a response is about, for the request's status line: a create's,
/// approve's or cancel's `payment`, a decline's `paymentResult.payment`, or a GET of
/// `/payments/{id}`'s own. None when the response is about something else (a capture, a
/// refund) or is not JSON.
pub(super) fn payment_status(method: &str, url: &str, body: &str) -> Option<String> {
    let json: Value = serde_json::from_str(body).ok()?;
    let status = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    status(json.pointer("/payment/status"))
        .or_else(|| status(json.pointer("/paymentResult/payment/status")))
        .or_else(|| {
            let path = url.split(['?', '#']).next().unwrap_or(url);
            let mut segments = path.trim_end_matches('/').rsplit('/');
            let (_id, parent) = (segments.next(), segments.next());
            (method.eq_ignore_ascii_case("GET") && parent == Some("payments"))
                .then(|| status(json.get("status")))
                .flatten()
        })
}

/// How the requests of a run went, so far.
#[derive(Debug, Default)]
pub(super) struct Summary {
    passed: usize,
    /// Passed with the non-2xx status `# @expect` named: count by status.
    expected: BTreeMap<u16, usize>,
    failed: usize,
    skipped: usize,
}

impl Summary {
    /// A pass; `status` the response's, `expect` the file's `# @expect`.
    pub(super) fn passed(&mut self, status: u16, expect: Option<u16>) {
        match expect.filter(|_| !(200..300).contains(&status)) {
            Some(e) => *self.expected.entry(e).or_default() += 1,
            None => self.passed += 1,
        }
    }

    pub(super) fn failed(&mut self) {
        self.failed += 1;
    }

    pub(super) fn skipped(&mut self) {
        self.skipped += 1;
    }

    /// `3 passed, 1 expected 402, 0 failed, 0.41 s` (`, 2 skipped` when any were).
    pub(super) fn line(&self, elapsed: Duration) -> String {
        let mut parts = vec![format!("{} passed", self.passed)];
        for (status, n) in &self.expected {
            parts.push(format!("{n} expected {status}"));
        }
        parts.push(format!("{} failed", self.failed));
        if self.skipped > 0 {
            parts.push(format!("{} skipped", self.skipped));
        }
        parts.push(format!("{:.2} s", elapsed.as_secs_f64()));
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payment_status_is_read_where_each_answer_has_it() {
        let created = r#"{"creationOutput":{},"payment":{"id":"1","status":"PENDING_APPROVAL"}}"#;
        assert_eq!(
            payment_status("POST", "http://h/v1/1/payments", created).as_deref(),
            Some("PENDING_APPROVAL")
        );
        let declined =
            r#"{"errorId":"e","paymentResult":{"payment":{"id":"1","status":"REJECTED"}}}"#;
        assert_eq!(
            payment_status("POST", "http://h/v1/1/payments", declined).as_deref(),
            Some("REJECTED")
        );
        let got = r#"{"id":"1","status":"CAPTURED"}"#;
        assert_eq!(
            payment_status("GET", "http://h/v1/1/payments/1?x=1", got).as_deref(),
            Some("CAPTURED")
        );
        let capture = r#"{"id":"1","status":"CAPTURE_REQUESTED"}"#;
        assert_eq!(
            payment_status("POST", "http://h/v1/1/payments/1/capture", capture),
            None
        );
        assert_eq!(
            payment_status("GET", "http://h/v1/1/payments/1", "<html>"),
            None
        );
    }

    #[test]
    fn the_summary_counts_passes_expected_statuses_failures_and_skips() {
        let mut s = Summary::default();
        for _ in 0..3 {
            s.passed(201, None);
        }
        s.passed(402, Some(402));
        s.passed(200, Some(200));
        assert_eq!(
            s.line(Duration::from_millis(410)),
            "4 passed, 1 expected 402, 0 failed, 0.41 s"
        );
        s.failed();
        s.skipped();
        assert_eq!(
            s.line(Duration::from_millis(1000)),
            "4 passed, 1 expected 402, 1 failed, 1 skipped, 1.00 s"
        );
    }
}
