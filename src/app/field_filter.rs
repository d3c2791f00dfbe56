//! Field filters beside free text, for the lists a filter is typed over:
//! `status:201`, `status:4xx`, `code:21000120`, `method:POST`,
//! `path:payments`, `verdict:validation`, `id:7f3a`. A field word matches
//! only that field (`201` alone matches anything holding 201: a body, an
//! id); other words are free text. A word whose field name is not known is
//! free text too (`https://…`, `a:b` in a body).

/// One word of a filter, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// `status:201` (that status), `status:4xx` (its class), `status:none`
    /// (no response).
    Status(Status),
    /// `code:…`: one of the error codes is this one.
    Code(String),
    /// `method:…`: the method is this one.
    Method(String),
    /// `path:…`: the path (uri) holds this.
    Path(String),
    /// `verdict:…`: the verdict word starts with this (`verdict:declined`).
    Verdict(String),
    /// `id:…`: the requestId holds this.
    Id(String),
    /// Anything else: the owner's free-text match.
    Word(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Is(u16),
    /// `4xx`: the hundreds digit.
    Class(u16),
    None,
}

impl Status {
    pub fn matches(self, status: Option<u16>) -> bool {
        match (self, status) {
            (Status::Is(want), Some(s)) => s == want,
            (Status::Class(c), Some(s)) => s / 100 == c,
            (Status::None, None) => true,
            _ => false,
        }
    }
}

/// The fields a filter knows, for the lists' titles and the README.
pub const FIELDS: &str = "status: code: method: path: verdict: id:";

/// The terms of a filter's words (already lower-cased).
pub fn terms(words: &[String]) -> Vec<Term> {
    words.iter().map(|w| term(w)).collect()
}

fn term(word: &str) -> Term {
    let free = || Term::Word(word.to_string());
    let Some((field, value)) = word.split_once(':') else {
        return free();
    };
    if value.is_empty() {
        return free();
    }
    let value_owned = || value.to_string();
    match field {
        "status" => match status(value) {
            Some(s) => Term::Status(s),
            None => free(),
        },
        "code" => Term::Code(value_owned()),
        "method" => Term::Method(value_owned()),
        "path" | "uri" => Term::Path(value_owned()),
        "verdict" => Term::Verdict(value_owned()),
        "id" => Term::Id(value_owned()),
        _ => free(),
    }
}

fn status(value: &str) -> Option<Status> {
    if value == "none" || value == "-" {
        return Some(Status::None);
    }
    let b = value.as_bytes();
    if b.len() == 3 && b[0].is_ascii_digit() && &b[1..] == b"xx" {
        return Some(Status::Class(u16::from(b[0] - b'0')));
    }
    value
        .parse::<u16>()
        .ok()
        .filter(|s| (100..=999).contains(s))
        .map(Status::Is)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(word: &str) -> Term {
        terms(&[word.to_string()]).remove(0)
    }

    #[test]
    fn field_words_and_free_words() {
        assert_eq!(one("status:201"), Term::Status(Status::Is(201)));
        assert_eq!(one("status:4xx"), Term::Status(Status::Class(4)));
        assert_eq!(one("status:none"), Term::Status(Status::None));
        assert_eq!(one("code:21000120"), Term::Code("21000120".into()));
        assert_eq!(one("method:post"), Term::Method("post".into()));
        assert_eq!(one("path:payments"), Term::Path("payments".into()));
        assert_eq!(one("verdict:declined"), Term::Verdict("declined".into()));
        assert_eq!(one("id:7f3a"), Term::Id("7f3a".into()));
        // Not a field word: free text.
        for word in [
            "201",
            "status:",
            "status:abc",
            "status:42",
            "https://x",
            "env:prod",
        ] {
            assert_eq!(one(word), Term::Word(word.into()), "{word}");
        }
    }

    #[test]
    fn a_status_term_matches_its_status_or_class() {
        assert!(Status::Is(201).matches(Some(201)));
        assert!(!Status::Is(201).matches(Some(200)));
        assert!(Status::Class(4).matches(Some(402)));
        assert!(!Status::Class(4).matches(Some(502)));
        assert!(!Status::Class(4).matches(None));
        assert!(Status::None.matches(None));
        assert!(!Status::None.matches(Some(200)));
    }
}
