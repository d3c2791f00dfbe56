//! The filter of the browser, on an FTS5 index of each entry's words.
//!
//! Measured on 100 000 entries of ~5 KB (benches/history.rs, release, 2 shared cores): a
//! contentless `unicode61` index answers a first page in 0.1–3 ms for ordinary words, ids
//! and codes, and ≤ 35 ms for the most common short prefixes (`pay`, `000`), which merge
//! the doclists of every word they start. The `prefix='1 2'` index makes one- and
//! two-character words (the first keystrokes) cost ~0.2 ms instead of 130 ms, for ~17 %
//! more file. Rejected: a `trigram` index (true substring match) was 2.5× the size of the
//! text and took 0.4–0.9 s for zero-padded ids, whose trigrams are in every entry; a plain
//! `LIKE` scan took 150–300 ms whenever few entries matched. Hence word-prefix matching
//! (see [`super::ListQuery`]).

use super::entry::Entry;

/// The text indexed for an entry (already redacted): every field a person may look for.
pub(crate) fn document(entry: &Entry) -> String {
    // Error bodies are small; indexing all 5 MB of a find-payments page would cost
    // several times that in memory while recording, for words nobody filters by.
    let head =
        |body: &str| -> String { body[..floor_boundary(body, INDEXED_BODY_BYTES)].to_string() };
    let (request_body, response_body) = (head(&entry.request_body), head(&entry.response_body));
    let status = entry.status.map(|s| s.to_string()).unwrap_or_default();
    let parts: [&str; 14] = [
        &entry.method,
        &entry.url,
        &status,
        &entry.env,
        &entry.verdict_kind,
        &entry.verdict_summary,
        entry.error_id.as_deref().unwrap_or_default(),
        entry.first_error_code.as_deref().unwrap_or_default(),
        entry.errors_json.as_deref().unwrap_or_default(),
        entry.idempotence_key.as_deref().unwrap_or_default(),
        entry.transport_error.as_deref().unwrap_or_default(),
        &request_body,
        &response_body,
        entry.source.as_deref().unwrap_or_default(),
    ];
    parts.join("\n")
}

/// How much of each body the filter can find words in.
pub(crate) const INDEXED_BODY_BYTES: usize = 256 * 1024;

fn floor_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// A history filter split into its free words (matched by the index) and
/// its field conditions (`status:201`, `status:4xx`, `status:none`,
/// `code:21000120`, `method:POST`, `path:payments`, `env:sandbox`,
/// `source:log|webhook|file|sent`), each an SQL condition on `e` with its
/// parameters. A word whose prefix is no field name (`http://…`) is free text.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Filter {
    pub words: String,
    pub conditions: Vec<(&'static str, Vec<rusqlite::types::Value>)>,
}

/// The field names a filter word may start with.
pub const FIELDS: &[&str] = &["status", "code", "method", "path", "env", "source"];

pub(crate) fn parse_filter(filter: &str) -> Result<Filter, String> {
    use rusqlite::types::Value;
    let mut parsed = Filter::default();
    let mut words = Vec::new();
    for word in filter.split_whitespace() {
        let Some((field, value)) = word
            .split_once(':')
            .filter(|(f, _)| FIELDS.iter().any(|k| f.eq_ignore_ascii_case(k)))
        else {
            words.push(word);
            continue;
        };
        if value.is_empty() {
            return Err(format!("{field}: needs a value ({field}:…)"));
        }
        let text = |v: &str| Value::Text(v.to_owned());
        let condition = match field.to_ascii_lowercase().as_str() {
            "status" => status_condition(value)?,
            "code" => (
                "(e.first_error_code = ? OR instr(e.errors_json, ?) > 0)",
                vec![text(value), text(&format!("\"{value}\""))],
            ),
            "method" => ("e.method = ? COLLATE NOCASE", vec![text(value)]),
            "path" => ("instr(lower(e.url), lower(?)) > 0", vec![text(value)]),
            "env" => ("e.env = ? COLLATE NOCASE", vec![text(value)]),
            _ => source_condition(value)?,
        };
        parsed.conditions.push(condition);
    }
    parsed.words = words.join(" ");
    Ok(parsed)
}

type Condition = (&'static str, Vec<rusqlite::types::Value>);

fn status_condition(value: &str) -> Result<Condition, String> {
    use crate::connect::StatusQuery;
    use rusqlite::types::Value;
    Ok(match StatusQuery::parse(value)? {
        StatusQuery::NoResponse => ("e.status IS NULL", Vec::new()),
        StatusQuery::Class(digit) => {
            let from = i64::from(digit) * 100;
            (
                "e.status BETWEEN ? AND ?",
                vec![Value::Integer(from), Value::Integer(from + 99)],
            )
        }
        StatusQuery::Code(code) => ("e.status = ?", vec![Value::Integer(i64::from(code))]),
    })
}

fn source_condition(value: &str) -> Result<Condition, String> {
    // What `source` holds: "replay of FILE:LINE" for a log replay, "FILE:LINE"
    // for `cinspect run`, nothing for a send; webhooks have their own env.
    Ok(match value.to_ascii_lowercase().as_str() {
        "log" | "replay" => ("e.source LIKE 'replay of %'", Vec::new()),
        "webhook" => ("e.env = 'webhook'", Vec::new()),
        "file" | "run" => (
            "e.source IS NOT NULL AND e.source NOT LIKE 'replay of %' AND e.env <> 'webhook'",
            Vec::new(),
        ),
        "sent" => ("e.source IS NULL AND e.env <> 'webhook'", Vec::new()),
        _ => {
            return Err(format!(
                "source:{value}: give source:log, source:webhook, source:file or source:sent"
            ));
        }
    })
}

/// The FTS5 query for a filter: each white-space separated word becomes a quoted phrase
/// with a prefix marker (`"payments/00002"*`), so no FTS5 operator in the text is ever
/// interpreted; the words are ANDed. `None` when no word has a letter or digit.
pub(crate) fn match_expression(filter: &str) -> Option<String> {
    let phrases: Vec<String> = filter
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_prefix_phrases_joined_by_and() {
        assert_eq!(
            match_expression("  402  payments/0000 ").as_deref(),
            Some("\"402\"* \"payments/0000\"*")
        );
    }

    #[test]
    fn quotes_and_operators_in_the_filter_stay_literal() {
        assert_eq!(
            match_expression("a\"b NEAR(x OR").as_deref(),
            Some("\"a\"\"b\"* \"NEAR(x\"* \"OR\"*")
        );
    }

    #[test]
    fn filter_without_letters_or_digits_is_no_filter() {
        assert_eq!(match_expression(" / - * "), None);
        assert_eq!(match_expression(""), None);
    }

    #[test]
    fn document_holds_status_codes_and_bodies() {
        let entry = Entry {
            status: Some(402),
            url: "https://x/v1/1/payments".into(),
            first_error_code: Some("430330".into()),
            request_body: "{\"a\":\"Coyote\"}".into(),
            ..Entry::default()
        };
        let doc = document(&entry);
        for needle in ["402", "payments", "430330", "Coyote"] {
            assert!(doc.contains(needle), "{needle}");
        }
    }
}
