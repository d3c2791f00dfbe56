//! Reports of an exchange for people and scripts: where each error points in
//! the request body, the text `cinspect send` prints, and the JSON object that
//! `cinspect send --json` prints and the TUI copies.

use serde_json::{Value, json};

use super::exchange::Exchange;
use crate::body::printable;
use crate::connect::{ErrorReport, Reader};
use crate::locate::{Document, IndexBase, LocateOptions, Location, Outcome};

/// Where each error's propertyName points in `doc` (None without a
/// propertyName), reading indexes as `base_of(error index)` says. Every front
/// end locates this way.
pub fn locate_all(
    doc: &Document,
    report: &ErrorReport,
    base_of: impl Fn(usize) -> IndexBase,
) -> Vec<Option<Location>> {
    report
        .errors
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let property = entry
                .error
                .property_name
                .as_deref()
                .filter(|p| !p.is_empty())?;
            let opts = LocateOptions {
                index_base: base_of(i),
                message: entry.error.message.as_deref(),
            };
            Some(doc.locate(property, &opts))
        })
        .collect()
}

/// Where a propertyName that names a path parameter of the request's endpoint
/// (`paymentId` of `GET /v1/{merchantId}/payments/{paymentId}`, `merchantId`)
/// has its value in `uri`: the 1-based column, counting characters, where the
/// value starts. None for any other propertyName, or a URI of no endpoint of
/// the API's model. `method` may be empty: then any method's endpoint will do.
pub fn uri_column(method: &str, uri: &str, property: &str) -> Option<usize> {
    let m = crate::connect::model::model().ok()?;
    let methods: Vec<&str> = if method.trim().is_empty() {
        vec!["GET", "POST", "PUT", "DELETE"]
    } else {
        vec![method]
    };
    methods.into_iter().find_map(|method| {
        let found = m.match_request(method, uri).ok()?;
        let param = found.params.iter().find(|p| p.name == property)?;
        Some(uri.get(..param.range.start)?.chars().count() + 1)
    })
}

/// Per error of the exchange, where its propertyName has its value in the URI
/// it was sent to, when it names a path parameter.
pub fn uri_places(x: &Exchange) -> Vec<Option<usize>> {
    x.report
        .errors
        .iter()
        .map(|entry| {
            let property = entry.error.property_name.as_deref()?;
            uri_column(&x.request.method, &x.request.url, property)
        })
        .collect()
}

/// The first place of each error in `body` (1-based line and column), for the reports.
pub fn places_in(
    body: Option<&str>,
    report: &ErrorReport,
    base: IndexBase,
) -> Vec<Option<(usize, usize)>> {
    match body.map(Document::parse) {
        Some(doc) => locate_all(&doc, report, |_| base)
            .iter()
            .map(|l| l.as_ref().and_then(place_of))
            .collect(),
        None => vec![None; report.errors.len()],
    }
}

/// What `cinspect send` prints: the status with its meaning, the verdict and
/// its details (worded for a command line), the errorId, and each error with its place in
/// the body. Every field from the server is made printable: it goes to a terminal.
pub fn text_report(x: &Exchange, located: &[Option<(usize, usize)>]) -> String {
    let places: Vec<Option<String>> = located
        .iter()
        .map(|p| p.map(|(l, c)| format!("{l}:{c}")))
        .collect();
    format!("{}\n{}", status_line(x), report_after_status(x, &places))
}

/// `400 Bad Request`, and `(not in the API's list)` when it is not.
pub fn status_line(x: &Exchange) -> String {
    format!(
        "{} {}{}",
        x.status.code,
        printable(x.status.name),
        if x.status.listed {
            ""
        } else {
            " (not in the API's list)"
        }
    )
}

/// What follows the status line: the verdict, its details, the errorId (once, exact), and
/// each error after its place (`places`, one per error:
/// `12:9` in the body, or `FILE:LINE:COL` in a request file).
pub fn report_after_status(x: &Exchange, places: &[Option<String>]) -> String {
    let mut out = format!(
        "{}: {}\n",
        x.verdict.kind.as_str(),
        printable(&x.verdict.summary)
    );
    // The errorId has a line of its own, exact (the verdict's is flattened to one line).
    let has_id = x.report.error_id.is_some();
    for detail in x.verdict.details_for(Reader::CommandLine) {
        if !(has_id && detail.starts_with("errorId ")) {
            out.push_str(&format!("  {}\n", printable(detail)));
        }
    }
    if let Some(cut) = &x.cut {
        out.push_str(&format!(
            "body {cut} (max_response_mb): the rest was not read\n"
        ));
    }
    if let Some(id) = &x.report.error_id {
        out.push_str(&format!(
            "errorId {} (quote it when asking support)\n",
            printable(id)
        ));
    }
    // A path parameter's value is in the URI, not in the body.
    let in_uri = uri_places(x);
    for (i, entry) in x.report.errors.iter().enumerate() {
        let e = &entry.error;
        let place = match in_uri.get(i).copied().flatten() {
            Some(column) => format!("uri:{column}: "),
            None => places
                .get(i)
                .and_then(Option::as_ref)
                .map_or(String::new(), |p| format!("{}: ", printable(p))),
        };
        let property = e
            .property_name
            .as_deref()
            .map_or(String::new(), |p| format!(" [{}]", printable(p)));
        out.push_str(&format!(
            "{place}{} {}{property}\n",
            printable(e.code.as_deref().unwrap_or("-")),
            printable(e.message.as_deref().unwrap_or(""))
        ));
    }
    out
}

/// Where an error points, as 1-based (line, column): its first match, or where
/// a missing field would go.
pub fn place_of(location: &Location) -> Option<(usize, usize)> {
    match &location.outcome {
        Outcome::Found { matches } => matches.first().map(|m| (m.start.line, m.start.column)),
        Outcome::Missing { nearest, .. } => Some((nearest.start.line, nearest.start.column)),
        Outcome::Unsupported { .. } => None,
    }
}

/// Where an error points, in words: "12:9", "3 places from 12:9", "missing `x`, would go
/// at 4:3" (a place for a missing field is where it would be added, never where it was found),
/// with the index reading when it mattered. The TUI's errors panel and `cinspect logs` say it
/// alike. Not yet printable: `missing` comes from the server's propertyName.
pub fn place_phrase(loc: &Location) -> String {
    let reading = match loc.index_base {
        Some(base) => format!(" ({base}-based)"),
        None => String::new(),
    };
    match &loc.outcome {
        Outcome::Found { matches } => match matches.as_slice() {
            [one] => format!("{}:{}{reading}", one.start.line, one.start.column),
            [first, ..] => format!(
                "{} places from {}:{}{reading}",
                matches.len(),
                first.start.line,
                first.start.column
            ),
            [] => "no match".to_string(),
        },
        Outcome::Missing { nearest, missing } => format!(
            "missing {missing}, would go at {}:{}{reading}",
            nearest.start.line, nearest.start.column
        ),
        Outcome::Unsupported { reason } => format!("unsupported path ({reason})"),
    }
}

/// `status`, `meaning`, `listed`, `verdict`, `error_id`, `errors` (each
/// APIError's fields plus `location` and `nested_in`), `headers`, `body`,
/// `elapsed_ms`. `located` has one entry per error; the verdict's advice is worded for `reader`.
pub fn exchange_json(x: &Exchange, located: &[Option<(usize, usize)>], reader: Reader) -> Value {
    let details: Vec<&str> = x.verdict.details_for(reader).collect();
    let in_uri = uri_places(x);
    let errors: Vec<Value> = x
        .report
        .errors
        .iter()
        .zip(located)
        .zip(&in_uri)
        .map(|((entry, place), uri)| {
            let mut v = serde_json::to_value(&entry.error).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                // A path parameter's value is in the URI sent (or logged), not in the body.
                let location = match (uri, place) {
                    (Some(column), _) => json!({"in": "uri", "column": column}),
                    (None, Some((l, c))) => json!({"line": l, "column": c}),
                    (None, None) => Value::Null,
                };
                map.insert("location".into(), location);
                map.insert(
                    "nested_in".into(),
                    entry.nested_in.clone().map_or(Value::Null, Value::String),
                );
            }
            v
        })
        .collect();
    let body = match x.body.kind {
        crate::body::BodyKind::Empty => Value::Null,
        _ => serde_json::from_str(&x.body.text)
            .unwrap_or_else(|_| Value::String(x.body.text.clone())),
    };
    let headers: serde_json::Map<String, Value> = x
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "status": x.status.code,
        "meaning": x.status.name,
        "listed": x.status.listed,
        "verdict": {"kind": x.verdict.kind.as_str(), "summary": x.verdict.summary, "details": details},
        "error_id": x.report.error_id,
        "errors": errors,
        "headers": headers,
        "body": body,
        "cut": x.cut.map(|c| json!({"kept_bytes": c.kept, "declared_bytes": c.declared})),
        "elapsed_ms": x.elapsed.as_millis() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::ResponseRecord;
    use crate::pipeline::{SentRequest, build_exchange};

    #[test]
    fn a_path_parameter_is_located_in_the_uri() {
        let uri = "https://example.test/v1/1234/payments/000000123/cancel";
        assert_eq!(uri_column("POST", uri, "paymentId"), Some(39));
        assert_eq!(uri_column("", uri, "merchantId"), Some(25));
        // Columns count characters; a query string is no parameter.
        assert_eq!(
            uri_column("GET", "/v1/é/payments/x?paymentId=y", "paymentId"),
            Some(16)
        );
        assert_eq!(
            uri_column("GET", uri, "paymentId"),
            None,
            "no GET of that path"
        );
        assert_eq!(uri_column("POST", uri, "amount"), None);
        assert_eq!(uri_column("POST", "/nothing/here", "paymentId"), None);
    }

    #[test]
    fn reports_give_a_path_parameters_place_in_the_uri() {
        let request = SentRequest {
            method: "GET".into(),
            url: "http://127.0.0.1:7878/v1/1234/payments/000000999".into(),
            headers: Vec::new(),
            string_to_sign: None,
            body: None,
            idempotence_key: None,
            sent_at_ms: None,
        };
        let body = serde_json::json!({"errorId": "e", "errors": [
            {"code": "1002", "id": "UNKNOWN_PAYMENT_ID", "message": "UNKNOWN_PAYMENT_ID",
             "propertyName": "paymentId", "httpStatusCode": 404}
        ]});
        let record = ResponseRecord {
            status: 404,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            elapsed: std::time::Duration::ZERO,
            cut: None,
        };
        let x = build_exchange(request, record);
        let json = exchange_json(&x, &[None], Reader::CommandLine);
        assert_eq!(
            json["errors"][0]["location"],
            serde_json::json!({"in": "uri", "column": 40})
        );
        assert!(
            text_report(&x, &[None]).contains("uri:40: 1002 UNKNOWN_PAYMENT_ID [paymentId]"),
            "{}",
            text_report(&x, &[None])
        );
    }
}
