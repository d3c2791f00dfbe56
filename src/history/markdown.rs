//! The Markdown report of one entry, to paste into a support ticket: request line, status
//! and its meaning, verdict, every error with its fields, errorId and requestIds, then the
//! redacted request and response. Bodies are cut at [`BODY_LIMIT`] bytes: a ticket needs
//! the shape, not 5 MB.

use serde_json::Value;

use super::entry::Entry;
use super::export::{one_line, request};
use super::redact::{DEFAULT_REDACT_FIELDS, DEFAULT_SECRET_HEADERS, redact_body, redact_headers};
use crate::connect::datetime::civil_from_days;

/// Bytes of each body shown in a report.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The report of a recorded entry, sent at its time. `status_meaning` is the caller's text
/// for the status (e.g. "Payment Rejected: rejected by Connect or a downstream partner").
pub fn report(entry: &Entry, status_meaning: Option<&str>) -> String {
    report_sent_at(entry, status_meaning, Some(entry.time_ms))
}

/// Whether a report for a ticket carries the person's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    /// Masked, with a line saying how many values (the default for a ticket).
    Redacted,
    /// As recorded (card data is masked either way).
    Included,
}

/// The report for a support ticket: as [`report_sent_at`], with the
/// personal data masked unless `personal` includes it, and a row saying which.
pub fn ticket(
    entry: &Entry,
    status_meaning: Option<&str>,
    sent_ms: Option<i64>,
    personal: Personal,
) -> String {
    let (redacted, n) = super::personal::redact_entry(entry);
    match personal {
        Personal::Redacted => {
            let row = (n > 0).then(|| {
                format!(
                    "redacted: {n} value{} ({})",
                    if n == 1 { "" } else { "s" },
                    super::personal::PERSONAL_KINDS
                )
            });
            render(&redacted, status_meaning, sent_ms, row)
        }
        Personal::Included => {
            let row = (n > 0).then(|| format!("included on purpose ({n} values)"));
            render(entry, status_meaning, sent_ms, row)
        }
    }
}

/// The report with the time the request was sent, `sent_ms` (UTC; None: not known), in
/// place of the entry's: support correlates by the send time, never by when a report was
/// made.
pub fn report_sent_at(entry: &Entry, status_meaning: Option<&str>, sent_ms: Option<i64>) -> String {
    render(entry, status_meaning, sent_ms, None)
}

/// The report; `personal`: what the "Personal data" row says, if there is one.
fn render(
    entry: &Entry,
    status_meaning: Option<&str>,
    sent_ms: Option<i64>,
    personal: Option<String>,
) -> String {
    let mut out = String::new();
    let status = match (entry.status, &entry.transport_error) {
        (Some(code), _) => match status_meaning {
            Some(meaning) => format!("{code} {}", one_line(meaning)),
            None => code.to_string(),
        },
        (None, Some(error)) => format!("no response: {}", one_line(error)),
        (None, None) => "no response".to_owned(),
    };
    out.push_str(&format!(
        "### {} {} → {}\n\n",
        one_line(&entry.method),
        escape_text(&one_line(url_path(&entry.url))),
        escape_text(&status)
    ));

    let mut rows: Vec<(&str, String)> = vec![
        (
            "Request",
            code_span(&format!(
                "{} {}",
                one_line(&entry.method),
                one_line(&entry.url)
            )),
        ),
        ("Status", escape_text(&status)),
    ];
    if !entry.verdict_kind.is_empty() || !entry.verdict_summary.is_empty() {
        let verdict = match (entry.verdict_kind.as_str(), entry.verdict_summary.as_str()) {
            (kind, "") => kind.to_owned(),
            ("", summary) => summary.to_owned(),
            (kind, summary) => format!("{kind}: {summary}"),
        };
        rows.push(("Verdict", escape_text(&one_line(&verdict))));
    }
    if let Some(error_id) = &entry.error_id {
        rows.push(("errorId", code_span(error_id)));
    }
    let request_ids = request_ids(entry);
    if !request_ids.is_empty() {
        let spans: Vec<String> = request_ids.iter().map(|id| code_span(id)).collect();
        rows.push(("requestIds", spans.join(", ")));
    }
    if let Some(key) = &entry.idempotence_key {
        rows.push(("Idempotence key", code_span(key)));
    }
    rows.push(("Environment", escape_text(&one_line(&entry.env))));
    if let Some(source) = &entry.source {
        rows.push(("Source", escape_text(&one_line(source))));
    }
    rows.push((
        "Sent",
        sent_ms.map_or_else(|| "not known".to_owned(), sent_time),
    ));
    if let Some(ms) = entry.elapsed_ms {
        rows.push(("Elapsed", format!("{ms} ms")));
    }
    if let Some(personal) = personal {
        rows.push(("Personal data", escape_text(&personal)));
    }
    out.push_str("| | |\n|---|---|\n");
    for (name, value) in rows {
        out.push_str(&format!("| {name} | {} |\n", value.replace('|', "\\|")));
    }

    if let Some(errors) = &entry.errors_json {
        out.push_str("\n#### Errors\n\n");
        out.push_str(&errors_section(errors));
    }

    let req = request(entry);
    out.push_str("\n#### Request\n\n");
    let mut head = format!("{} {}\n", one_line(&entry.method), one_line(&entry.url));
    if let Some(auth) = &req.authorization {
        head.push_str(&format!(
            "Authorization: {} (signature not kept)\n",
            one_line(auth)
        ));
    }
    for (name, value) in &req.headers {
        head.push_str(&format!("{}: {}\n", one_line(name), one_line(value)));
    }
    out.push_str(&fenced("http", &head));
    if !req.body.is_empty() {
        out.push_str(&body_block(&req.body, None));
    }

    if entry.status.is_some() {
        let secret: Vec<String> = DEFAULT_SECRET_HEADERS
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let fields: Vec<String> = DEFAULT_REDACT_FIELDS
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        out.push_str("\n#### Response\n\n");
        let headers: String = redact_headers(&entry.response_headers, &secret)
            .iter()
            .map(|(n, v)| format!("{}: {}\n", one_line(n), one_line(v)))
            .collect();
        if !headers.is_empty() {
            out.push_str(&fenced("http", &headers));
        }
        let body = redact_body(&entry.response_body, &fields);
        if !body.is_empty() {
            out.push_str(&body_block(&body, entry.response_body_truncated_from));
        }
    }
    out
}

/// Each error as a list of its fields in the order given; not a JSON array: shown raw.
fn errors_section(errors_json: &str) -> String {
    let fields: Vec<String> = DEFAULT_REDACT_FIELDS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let errors_json = redact_body(errors_json, &fields);
    let Ok(Value::Array(errors)) = serde_json::from_str::<Value>(&errors_json) else {
        return fenced("", &errors_json);
    };
    if errors.is_empty() {
        return "(none)\n".to_owned();
    }
    let mut out = String::new();
    for (i, error) in errors.iter().enumerate() {
        let title = error
            .get("code")
            .map(scalar_text)
            .map(|code| code_span(&code))
            .unwrap_or_else(|| "error".to_owned());
        out.push_str(&format!("{}. {title}\n", i + 1));
        match error {
            Value::Object(map) => {
                for (name, value) in map {
                    out.push_str(&format!(
                        "   - {}: {}\n",
                        escape_text(name),
                        code_span(&scalar_text(value))
                    ));
                }
            }
            other => out.push_str(&format!("   - {}\n", code_span(&other.to_string()))),
        }
    }
    out
}

/// Every `requestId` in the error list and, at any depth, in the response body (a
/// declined payment carries them under `paymentResult.payment.statusOutput.errors`),
/// without repeats, in order of appearance.
fn request_ids(entry: &Entry) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    if key == "requestId" && !v.is_object() && !v.is_array() {
                        let id = scalar_text(v);
                        if !out.contains(&id) {
                            out.push(id);
                        }
                    } else {
                        walk(v, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut ids = Vec::new();
    for text in [
        entry.errors_json.as_deref(),
        Some(entry.response_body.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            walk(&value, &mut ids);
        }
    }
    ids
}

/// A JSON value as a person reads it: strings without quotes, the rest as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A body in a fence, cut at [`BODY_LIMIT`] with a note; `stored_from` is the size the
/// body had before the store cut it.
fn body_block(body: &str, stored_from: Option<u64>) -> String {
    let lang = if serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok() {
        "json"
    } else {
        ""
    };
    let mut cut = BODY_LIMIT.min(body.len());
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = fenced(lang, &body[..cut]);
    if cut < body.len() {
        out.push_str(&format!(
            "(body cut here: {cut} of {} bytes shown)\n",
            body.len()
        ));
    }
    if let Some(original) = stored_from {
        out.push_str(&format!(
            "(stored cut to {} of {original} bytes)\n",
            body.len()
        ));
    }
    out
}

/// A fenced code block whose fence is longer than any backtick run inside.
fn fenced(lang: &str, text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{lang}\n{text}{newline}{fence}\n")
}

/// An inline code span that survives backticks inside (and stays on one line).
fn code_span(text: &str) -> String {
    let text = one_line(text);
    let ticks = "`".repeat(longest_backtick_run(&text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Markdown-inert text: characters that would start emphasis, links, HTML or code are
/// backslash-escaped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The path and query of a URL (what follows the host), or the text as is.
fn url_path(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    }
}

/// Unix milliseconds as RFC 3339 UTC (`2023-11-14T22:13:20.123Z`).
/// `2026-12-02 00:01:50.324 UTC`: the send time as a person reads it, its zone said.
fn sent_time(ms: i64) -> String {
    let iso = format_utc(ms);
    format!("{} UTC", iso.trim_end_matches('Z').replacen('T', " ", 1))
}

pub(crate) fn format_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn declined() -> Entry {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let body =
            std::fs::read_to_string(fixtures.join("402-declined-payment.json")).expect("fixture");
        let value: Value = serde_json::from_str(&body).expect("json");
        Entry {
            id: 3,
            time_ms: 1_700_000_000_123,
            env: "sandbox".into(),
            method: "POST".into(),
            url: "https://eu.sandbox.api-ingenico.com/v1/1234/payments".into(),
            request_headers: vec![
                (
                    "Authorization".into(),
                    "GCS v1HMAC:key1:SIGNATURESECRET==".into(),
                ),
                ("X-Api-Secret".into(), "hunter2".into()),
            ],
            request_body: r#"{"card":{"cardNumber":"4567350000427977","cvv":"123"}}"#.into(),
            status: Some(402),
            response_headers: vec![("Content-Type".into(), "application/json".into())],
            response_body: body,
            verdict_kind: "declined_payment".into(),
            verdict_summary: "payment 000002000010000596140000100001 with status REJECTED".into(),
            errors_json: Some(value["errors"].to_string()),
            error_id: value["errorId"].as_str().map(str::to_owned),
            first_error_code: Some("430330".into()),
            elapsed_ms: Some(412),
            ..Entry::default()
        }
    }

    #[test]
    fn report_has_request_line_status_meaning_verdict_and_ids() {
        let out = report(&declined(), Some("Payment Rejected"));
        assert!(
            out.starts_with("### POST /v1/1234/payments → 402 Payment Rejected\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "| Request | `POST https://eu.sandbox.api-ingenico.com/v1/1234/payments` |"
            )
        );
        assert!(out.contains("| Status | 402 Payment Rejected |"));
        assert!(out.contains("| Verdict | declined\\_payment: payment 000002000010000596140000100001 with status REJECTED |"));
        assert!(out.contains("| errorId | `833dfd83-52ae-419c-b871-9df1278da93e` |"));
        assert!(out.contains("| requestIds | `24162` |"), "{out}");
        assert!(
            out.contains("| Sent | 2023-11-14 22:13:20.123 UTC |"),
            "{out}"
        );
        assert!(out.contains("| Elapsed | 412 ms |"));
    }

    #[test]
    fn report_lists_every_error_with_its_fields_in_order() {
        let out = report(&declined(), None);
        assert!(
            out.contains("1. `430330`\n   - code: `430330`\n   - message: `Not authorised`\n   - httpStatusCode: `402`\n"),
            "{out}"
        );
    }

    #[test]
    fn report_redacts_secrets_again() {
        let out = report(&declined(), None);
        for secret in ["SIGNATURESECRET", "hunter2", "4567350000427977", "\"cvv\""] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(out.contains("Authorization: GCS v1HMAC:key1:**** (signature not kept)"));
    }

    #[test]
    fn transport_failure_shows_no_response_and_no_response_section() {
        let mut e = declined();
        e.status = None;
        e.transport_error = Some("connection refused".into());
        let out = report(&e, None);
        assert!(out.contains("| Status | no response: connection refused |"));
        assert!(!out.contains("#### Response"));
    }

    #[test]
    fn unparsable_error_list_is_shown_raw() {
        let mut e = declined();
        e.errors_json = Some("not json".into());
        assert!(report(&e, None).contains("#### Errors\n\n```\nnot json\n```\n"));
    }

    #[test]
    fn long_bodies_are_cut_with_a_note() {
        let mut e = declined();
        e.response_body = "x".repeat(BODY_LIMIT + 10);
        e.response_body_truncated_from = Some(9_000_000);
        let out = report(&e, None);
        assert!(out.contains(&format!(
            "(body cut here: {BODY_LIMIT} of {} bytes shown)",
            BODY_LIMIT + 10
        )));
        assert!(out.contains("(stored cut to 16394 of 9000000 bytes)"));
    }

    #[test]
    fn fences_and_code_spans_outgrow_backticks_inside() {
        assert_eq!(fenced("", "a ```` b"), "`````\na ```` b\n`````\n");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn table_cells_cannot_be_split_by_pipes() {
        let mut e = declined();
        e.env = "a|b".into();
        assert!(report(&e, None).contains("| Environment | a\\|b |"));
    }

    #[test]
    fn utc_formatting_handles_epoch_leap_days_and_negative_times() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_utc(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn url_path_drops_scheme_and_host() {
        assert_eq!(url_path("https://h:443/v1/x?a=1"), "/v1/x?a=1");
        assert_eq!(url_path("https://h"), "/");
        assert_eq!(url_path("/v1/x"), "/v1/x");
    }
}
