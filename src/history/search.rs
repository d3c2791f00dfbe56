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
