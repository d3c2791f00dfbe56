//! Plain-text, case-insensitive search over a body's lines, in chunks.
//!
//! Case-insensitive means simple case folding, char by char: ASCII letters fold to
//! lower case, and so does any other letter whose lower case is one single non-ASCII
//! char (`É`→`é`, `Ü`→`ü`, `Σ`→`σ`). Letters whose lower case is several chars (`İ`)
//! or ASCII (the Kelvin sign) match only themselves, which keeps every match the same
//! length in chars as the query and lets an ASCII query use a byte-level scan.
//! Matches never overlap and never span lines (a query with a line break matches
//! nothing). Positions are 0-based lines and byte ranges within the line.
//!
//! For a large body, run a `SearchJob` off the UI thread a chunk of lines at a time,
//! sending each chunk's hits (and `progress()`) to the UI, which `extend`s a `Search`.

use std::ops::Range;

use crate::body::BodyDoc;

/// One match: 0-based line and byte range within that line's text. Kept to 12
/// bytes because a search for `"` in a 50 MB body finds millions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

impl Hit {
    pub fn line(&self) -> usize {
        self.line as usize
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A query folded once, searched many times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    text: String,
    needle: Needle,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Needle {
    /// Lower-cased ASCII bytes: a byte scan finds them.
    Ascii(Vec<u8>),
    /// Folded chars: compared char by char on lines that are not pure ASCII.
    Chars(Vec<char>),
    /// Cannot match any line (it contains a line break).
    Never,
}

impl Query {
    /// None for an empty query (nothing to search for).
    pub fn new(text: &str) -> Option<Query> {
        if text.is_empty() {
            return None;
        }
        let needle = if text.contains(['\n', '\r']) {
            Needle::Never
        } else if text.is_ascii() {
            Needle::Ascii(text.bytes().map(|b| b.to_ascii_lowercase()).collect())
        } else {
            Needle::Chars(text.chars().map(fold).collect())
        };
        Some(Query {
            text: text.to_owned(),
            needle,
        })
    }

    /// The query as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Appends the matches in one line to `out`.
    fn find_in_line(&self, line: u32, text: &str, out: &mut Vec<Hit>) {
        // Byte offsets within a line fit u32 unless the line alone exceeds 4 GiB.
        let mut push = |start: usize, end: usize| {
            if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) {
                out.push(Hit { line, start, end });
            }
        };
        match &self.needle {
            Needle::Ascii(needle) => find_ascii(text.as_bytes(), needle, &mut push),
            // A non-ASCII needle folds to at least one non-ASCII char, which only a
            // non-ASCII char of the text can match.
            Needle::Chars(needle) if !text.is_ascii() => find_chars(text, needle, &mut push),
            Needle::Chars(_) | Needle::Never => {}
        }
    }
}

/// The simple case fold described in the module docs.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if !l.is_ascii() => l,
        _ => c,
    }
}

/// Byte-level scan: ASCII needle bytes can only match ASCII text bytes, which are
/// char boundaries, so every match is a valid `str` range.
fn find_ascii(hay: &[u8], needle: &[u8], push: &mut impl FnMut(usize, usize)) {
    let (Some(&first), m) = (needle.first(), needle.len()) else {
        return;
    };
    let rest = &needle[1..];
    let mut i = 0;
    while i + m <= hay.len() {
        if hay[i].to_ascii_lowercase() == first
            && hay[i + 1..i + m]
                .iter()
                .zip(rest)
                .all(|(h, n)| h.to_ascii_lowercase() == *n)
        {
            push(i, i + m);
            i += m;
        } else {
            i += 1;
        }
    }
}

fn find_chars(hay: &str, needle: &[char], push: &mut impl FnMut(usize, usize)) {
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    let m = needle.len();
    let mut i = 0;
    while i + m <= chars.len() {
        if chars[i..i + m]
            .iter()
            .zip(needle)
            .all(|(&(_, c), &n)| fold(c) == n)
        {
            let end = chars.get(i + m).map_or(hay.len(), |&(b, _)| b);
            push(chars[i].0, end);
            i += m;
        } else {
            i += 1;
        }
    }
}

/// The matches of `query` in `lines` of `doc`, in order. Lines past the end are
/// ignored. This is the unit of work a background search repeats.
pub fn search_lines(doc: &BodyDoc, query: &Query, lines: Range<usize>) -> Vec<Hit> {
    let mut out = Vec::new();
    let end = lines.end.min(doc.line_count());
    for index in lines.start..end {
        let (Some(text), Ok(line)) = (doc.line(index), u32::try_from(index)) else {
            break;
        };
        query.find_in_line(line, text, &mut out);
    }
    out
}

/// A search over a whole document, advanced a chunk at a time by its owner
/// (a background thread): `step` until `is_done`, reporting `progress`.
#[derive(Debug, Clone)]
pub struct SearchJob {
    query: Query,
    next: usize,
    end: usize,
}

impl SearchJob {
    pub fn new(query: Query, doc: &BodyDoc) -> Self {
        SearchJob {
            query,
            next: 0,
            end: doc.line_count(),
        }
    }

    /// Searches the next `lines` lines (at least one) and returns their hits.
    pub fn step(&mut self, doc: &BodyDoc, lines: usize) -> Vec<Hit> {
        let to = self.next.saturating_add(lines.max(1)).min(self.end);
        let hits = search_lines(doc, &self.query, self.next..to);
        self.next = to;
        hits
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.end
    }

    /// (lines searched, lines in all).
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.end)
    }
}

/// The hits of one query, gathered as chunks arrive, and navigation among them.
/// At most `cap` hits are kept (a 50 MB body may hold tens of millions of matches
/// for a one-letter query); `count` keeps counting past it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    query: Query,
    hits: Vec<Hit>,
    count: usize,
    cap: usize,
    complete: bool,
}

/// Default for `Search::new`'s cap: 12 MB of hits.
pub const DEFAULT_HIT_CAP: usize = 1_000_000;

/// Lines per chunk in `Search::run`.
const RUN_CHUNK: usize = 16_384;

impl Search {
    pub fn new(query: Query, cap: usize) -> Self {
        Search {
            query,
            hits: Vec::new(),
            count: 0,
            cap,
            complete: false,
        }
    }

    /// Searches the whole document on this thread (small bodies, tests). Goes a
    /// chunk at a time so hits past the cap are counted, never held.
    pub fn run(doc: &BodyDoc, query: Query, cap: usize) -> Self {
        let mut job = SearchJob::new(query.clone(), doc);
        let mut search = Search::new(query, cap);
        while !job.is_done() {
            search.extend(job.step(doc, RUN_CHUNK));
        }
        search.finish();
        search
    }

    /// Adds the next chunk's hits (chunks must arrive in document order).
    pub fn extend(&mut self, hits: Vec<Hit>) {
        self.count += hits.len();
        let room = self.cap.saturating_sub(self.hits.len());
        self.hits.extend(hits.into_iter().take(room));
    }

    /// Marks the search as having covered the whole document (and returns the
    /// growth slack of the hit list).
    pub fn finish(&mut self) {
        self.complete = true;
        self.hits.shrink_to_fit();
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    /// All matches found so far (including those past the cap).
    pub fn count(&self) -> usize {
        self.count
    }

    /// The kept matches, in document order.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// True when matches were found past the cap (navigation stops at the cap).
    pub fn is_capped(&self) -> bool {
        self.count > self.hits.len()
    }

    /// Index of the first hit on a line after `line`, wrapping to the first hit.
    pub fn next_after(&self, line: usize) -> Option<usize> {
        let i = self.hits.partition_point(|h| h.line() <= line);
        self.wrap(i)
    }

    /// Index of the last hit on a line before `line`, wrapping to the last hit.
    pub fn prev_before(&self, line: usize) -> Option<usize> {
        let i = self.hits.partition_point(|h| h.line() < line);
        self.wrap_back(i)
    }

    /// The hit after hit `index` (same line included), wrapping.
    pub fn next_from(&self, index: usize) -> Option<usize> {
        self.wrap(index.saturating_add(1))
    }

    /// The hit before hit `index`, wrapping.
    pub fn prev_from(&self, index: usize) -> Option<usize> {
        self.wrap_back(index.min(self.hits.len()))
    }

    /// The hits to highlight on `line`.
    pub fn hits_on_line(&self, line: usize) -> &[Hit] {
        let from = self.hits.partition_point(|h| h.line() < line);
        let to = from + self.hits[from..].partition_point(|h| h.line() == line);
        &self.hits[from..to]
    }

    /// Bytes held on the heap (for the memory budget).
    pub fn heap_bytes(&self) -> usize {
        self.hits.capacity() * std::mem::size_of::<Hit>()
    }

    fn wrap(&self, i: usize) -> Option<usize> {
        if self.hits.is_empty() {
            None
        } else if i < self.hits.len() {
            Some(i)
        } else {
            Some(0)
        }
    }

    /// The hit before position `i`, wrapping to the last.
    fn wrap_back(&self, i: usize) -> Option<usize> {
        if self.hits.is_empty() {
            None
        } else {
            Some(i.checked_sub(1).unwrap_or(self.hits.len() - 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Query {
        Query::new(text).expect("non-empty query")
    }

    fn found<'d>(doc: &'d BodyDoc, query: &str) -> Vec<(usize, &'d str)> {
        Search::run(doc, q(query), DEFAULT_HIT_CAP)
            .hits()
            .iter()
            .map(|h| (h.line(), &doc.line(h.line()).unwrap()[h.range()]))
            .collect()
    }

    #[test]
    fn ascii_search_is_case_insensitive_with_positions() {
        let doc = BodyDoc::build(br#"{"status":"REJECTED","statusCode":100}"#);
        let s = Search::run(&doc, q("Status"), DEFAULT_HIT_CAP);
        assert_eq!(s.count(), 2);
        assert_eq!(
            s.hits(),
            [
                Hit {
                    line: 1,
                    start: 3,
                    end: 9
                },
                Hit {
                    line: 2,
                    start: 3,
                    end: 9
                }
            ]
        );
        assert_eq!(found(&doc, "rejected"), [(1, "REJECTED")]);
    }

    #[test]
    fn multibyte_text_matches_folded_and_gives_byte_ranges() {
        let doc = BodyDoc::build("{\"name\":\"CAFÉ Café café\",\"x\":\"ÜBER 💳 über\"}".as_bytes());
        assert_eq!(found(&doc, "café"), [(1, "CAFÉ"), (1, "Café"), (1, "café")]);
        assert_eq!(found(&doc, "ÜBER"), [(2, "ÜBER"), (2, "über")]);
        let hit = Search::run(&doc, q("💳"), 10).hits()[0];
        // `  "x": "ÜBER ` is 14 bytes (Ü is 2), the card 4.
        assert_eq!(hit.range(), 14..18);
        // An ASCII query next to multi-byte chars.
        assert_eq!(found(&doc, "caf"), [(1, "CAF"), (1, "Caf"), (1, "caf")]);
    }

    #[test]
    fn matches_do_not_overlap() {
        let doc = BodyDoc::build(b"aaaa\nAaA");
        assert_eq!(found(&doc, "aa"), [(0, "aa"), (0, "aa"), (1, "Aa")]);
    }

    #[test]
    fn empty_and_multiline_queries_find_nothing() {
        assert!(Query::new("").is_none());
        let doc = BodyDoc::build(b"a\nb");
        assert_eq!(found(&doc, "a\nb"), []);
    }

    #[test]
    fn next_and_prev_wrap_around() {
        let doc = BodyDoc::build(b"x\n-\nx x\n-\nx");
        let s = Search::run(&doc, q("x"), DEFAULT_HIT_CAP);
        let lines = |i: Option<usize>| i.map(|i| s.hits()[i].line());
        assert_eq!(lines(s.next_after(0)), Some(2));
        assert_eq!(lines(s.next_after(2)), Some(4));
        assert_eq!(lines(s.next_after(4)), Some(0));
        assert_eq!(lines(s.prev_before(2)), Some(0));
        assert_eq!(lines(s.prev_before(0)), Some(4));
        // Stepping by index visits both hits of line 2.
        assert_eq!(s.next_from(1), Some(2));
        assert_eq!(s.next_from(3), Some(0));
        assert_eq!(s.prev_from(0), Some(3));
        assert_eq!(s.hits_on_line(2).len(), 2);
        assert!(s.hits_on_line(1).is_empty());
    }

    #[test]
    fn no_hits_means_no_navigation() {
        let doc = BodyDoc::build(b"abc");
        let s = Search::run(&doc, q("zzz"), 10);
        assert_eq!(
            (s.count(), s.next_after(0), s.prev_before(0)),
            (0, None, None)
        );
    }

    #[test]
    fn chunked_job_finds_what_a_full_search_finds() {
        let text: String = (0..1000).map(|i| format!("line {i} Needle\n")).collect();
        let doc = BodyDoc::build(text.as_bytes());
        let full = Search::run(&doc, q("needle"), DEFAULT_HIT_CAP);
        let mut job = SearchJob::new(q("needle"), &doc);
        let mut chunked = Search::new(q("needle"), DEFAULT_HIT_CAP);
        while !job.is_done() {
            chunked.extend(job.step(&doc, 64));
        }
        chunked.finish();
        assert_eq!(job.progress(), (doc.line_count(), doc.line_count()));
        assert_eq!(chunked, full);
        assert_eq!(full.count(), 1000);
    }

    #[test]
    fn cap_limits_kept_hits_but_not_the_count() {
        let doc = BodyDoc::build(b"a a a a a");
        let s = Search::run(&doc, q("a"), 3);
        assert_eq!((s.count(), s.hits().len(), s.is_capped()), (5, 3, true));
    }

    #[test]
    fn text_and_binary_bodies_are_searchable() {
        let html = BodyDoc::build(b"<html><title>502 Bad Gateway</title></html>");
        assert_eq!(found(&html, "bad gateway"), [(0, "Bad Gateway")]);
        let binary = BodyDoc::build(&[0xff, 0xfe, 0x00, 0x41, 0xc3]);
        assert_eq!(found(&binary, "FF FE"), [(1, "ff fe")]);
    }
}
