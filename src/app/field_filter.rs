//! Field filters of the lists kept in memory (webhooks; the history's are
//! SQL, in `history::search`): a word `field:value` for a field the list
//! knows matches that field only; any other word is free text.

use crate::connect::StatusQuery;

/// A filter word, as a list reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<'a> {
    Free(&'a str),
    /// A known field (lower case) and its value.
    Field(&'a str, &'a str),
}

/// `word` as a field filter when it starts with one of `fields` and a colon.
pub fn read<'a>(word: &'a str, fields: &[&'static str]) -> Word<'a> {
    match word.split_once(':') {
        Some((field, value)) => match fields.iter().find(|f| f.eq_ignore_ascii_case(field)) {
            Some(known) => Word::Field(known, value),
            None => Word::Free(word),
        },
        None => Word::Free(word),
    }
}

/// Whether `status` (None: no answer) is what `status:VALUE` asks for: a
/// code (`201`), a class (`4xx`) or `none`. Err: a value it cannot take.
pub fn status_is(value: &str, status: Option<u16>) -> Result<bool, String> {
    StatusQuery::parse(value).map(|q| q.matches(status))
}

/// The first problem of a filter's words with their fields, for the list to say.
pub fn problem(words: &[String], fields: &[&'static str]) -> Option<String> {
    words.iter().find_map(|w| match read(w, fields) {
        Word::Field(field, "") => Some(format!("{field}: needs a value ({field}:…)")),
        Word::Field("status", value) => status_is(value, None).err(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_fields_are_read_and_anything_else_is_free_text() {
        let fields = &["status", "type"];
        assert_eq!(read("STATUS:4xx", fields), Word::Field("status", "4xx"));
        assert_eq!(read("https://x", fields), Word::Free("https://x"));
        assert_eq!(read("payment", fields), Word::Free("payment"));
    }

    #[test]
    fn status_takes_a_code_a_class_or_none() {
        assert_eq!(status_is("201", Some(201)), Ok(true));
        assert_eq!(status_is("4xx", Some(402)), Ok(true));
        assert_eq!(status_is("4XX", Some(500)), Ok(false));
        assert_eq!(status_is("none", None), Ok(true));
        assert!(status_is("abc", Some(200)).is_err());
        assert!(status_is("9xx", Some(200)).is_err());
        let words = vec!["status:abc".to_string()];
        assert!(problem(&words, &["status"]).is_some_and(|p| p.contains("give a code")));
    }
}
