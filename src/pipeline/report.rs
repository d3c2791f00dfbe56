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
    for (i, entry) in x.report.errors.iter().enumerate() {
        let e = &entry.error;
        let place = places
            .get(i)
            .and_then(Option::as_ref)
            .map_or(String::new(), |p| format!("{}: ", printable(p)));
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
    let errors: Vec<Value> = x
        .report
        .errors
        .iter()
        .zip(located)
        .map(|(entry, place)| {
            let mut v = serde_json::to_value(&entry.error).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert(
                    "location".into(),
                    place.map_or(Value::Null, |(l, c)| json!({"line": l, "column": c})),
                );
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
