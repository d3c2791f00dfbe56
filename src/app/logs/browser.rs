//! The log browser (Ctrl-L, `cinspect --log FILE`): the exchanges an SDK log
//! holds, shown while the file is still being read, filtered as the user
//! types (status, error code, requestId, uri, text; the word `failed` keeps
//! the failed and unanswered ones). Enter opens one into the panes.
//!
//! Memory follows the number of exchanges, never their bodies: each row is a
//! bounded index (what the list shows and the filter searches, and where the
//! exchange is in the file); Enter reads the exchange again from the file. A
//! log that cannot be read again (standard input, a pipe) keeps whole
//! exchanges up to [`KEPT_BYTES`], and lists the rest without their bodies.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::app::field_filter::{self, Word};
use crate::app::filtered_list::FilteredList;
use crate::app::keymap::Command;
use crate::app::text_input::TextInput;
use crate::app::ticket::{Awaited, Ticket};
use crate::locate::IndexBase;
use crate::sources::log_reread::Place;
use crate::sources::log_story::Story;
use crate::sources::sdk_log::{LoggedExchange, Sdk, Span};

/// The field words of the filter (`status:4xx`, `code:1099`, …).
pub const FIELDS: &[&str] = &["status", "code", "method", "path", "verdict", "id"];

/// Bytes of each body the filter searches (bodies can be megabytes).
pub const SEARCHED_BODY: usize = 1024;
/// Bytes of body text kept for the filter over the whole log; past it later
/// rows are found by their status, ids, uri and codes only.
pub const SEARCHED_TOTAL: usize = 64 << 20;
/// Bytes of whole exchanges kept for a log that cannot be read again.
pub const KEPT_BYTES: usize = 64 << 20;
/// Caps on what a row shows: a hostile log's uri or id is cut here (the
/// parts are kept end to end with u16 ends).
const MAX_TIME: usize = 19;
const MAX_ID: usize = 256;
const MAX_METHOD: usize = 32;
const MAX_URI: usize = 1024;

/// Where Enter finds the whole exchange.
#[derive(Debug, Clone)]
pub enum Whole {
    /// Read again from the file: where its messages are (a request and its
    /// response or error; an unused one is all zeros).
    InFile([Span; 2]),
    /// Kept (a log read from a pipe, within [`KEPT_BYTES`]).
    Kept(Arc<LoggedExchange>),
    /// Past [`KEPT_BYTES`] of a log that cannot be read again.
    NotKept,
}

/// The parts of a row's text, in order; the status text comes last, only
/// searched by the filter.
#[derive(Clone, Copy)]
enum Part {
    Time,
    Id,
    Method,
    Uri,
}
const PARTS: usize = 5;

/// One exchange of the log: what the list shows and the filter searches,
/// each part bounded, and where the whole exchange is. A few allocations a
/// row: 10⁶ exchanges cost a few hundred bytes each, whatever their bodies.
#[derive(Debug, Clone)]
pub struct LogRow {
    pub line: u64,
    pub sdk: Sdk,
    pub status: Option<u16>,
    /// Not 2xx, or unanswered (the word `failed`).
    pub failed: bool,
    /// The parts end to end, and where each ends.
    text: Box<str>,
    ends: [u16; PARTS],
    /// The head of each body, lower-cased, for the filter.
    bodies: Box<str>,
    /// The verdict, the codes and the errors with their places (see
    /// `sources::log_story`).
    pub story: Story,
    pub whole: Whole,
}

impl LogRow {
    fn part(&self, part: Part) -> &str {
        let i = part as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text
            .get(usize::from(start)..usize::from(self.ends[i]))
            .unwrap_or_default()
    }

    pub fn time(&self) -> Option<&str> {
        Some(self.part(Part::Time)).filter(|t| !t.is_empty())
    }

    pub fn request_id(&self) -> &str {
        self.part(Part::Id)
    }

    pub fn method(&self) -> &str {
        self.part(Part::Method)
    }

    pub fn uri(&self) -> &str {
        self.part(Part::Uri)
    }

    /// Error codes of the logged response, space-separated.
    pub fn codes(&self) -> &str {
        &self.story.codes
    }

    /// Where Enter reads it again, when it is in a file.
    pub fn place(&self) -> Option<Place> {
        let Whole::InFile(spans) = &self.whole else {
            return None;
        };
        Some(Place {
            request_id: self.request_id().to_string(),
            line: self.line,
            spans: spans.iter().copied().filter(|s| s.end > 0).collect(),
        })
    }

    /// Whether the row matches every word of the filter (lower-cased):
    /// field words their field only, other words anywhere.
    fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|w| match field_filter::read(w, FIELDS) {
            Word::Field("status", v) => field_filter::status_is(v, self.status).unwrap_or(false),
            Word::Field("code", v) => self.codes().split(' ').any(|c| c.eq_ignore_ascii_case(v)),
            Word::Field("method", v) => self.method().eq_ignore_ascii_case(v),
            Word::Field("path", v) => contains_folded(self.uri(), v),
            Word::Field("verdict", v) => self.story.verdict.starts_with(v),
            Word::Field("id", v) => contains_folded(self.request_id(), v),
            Word::Field(_, _) => false,
            Word::Free("failed") => self.failed,
            Word::Free(w) => self.holds(w),
        })
    }

    /// Free text: anywhere but the time (a year would match every row).
    fn holds(&self, w: &str) -> bool {
        let searched = self
            .text
            .get(usize::from(self.ends[0])..)
            .unwrap_or_default();
        contains_folded(searched, w)
            || contains_folded(&self.story.codes, w)
            || contains_folded(&self.story.errors, w)
            || self.story.verdict.contains(w)
            || self.sdk.as_str().contains(w)
            || self.bodies.contains(w)
    }
}

/// Whether `hay` holds `needle` (lower-case), ASCII letters in either case.
fn contains_folded(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    let mut from = 0;
    while let Some(at) = memchr::memchr2(first, first.to_ascii_uppercase(), &hay[from..]) {
        let start = from + at;
        if hay
            .get(start..start + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return true;
        }
        from = start + 1;
    }
    false
}

/// A row as far as it can be made alone (on any core, see
/// `sources::in_order`): everything but what the read's budgets decide.
#[derive(Debug, Clone)]
pub struct Draft {
    row: LogRow,
    /// The head of each body (at most [`SEARCHED_BODY`]), lower-cased.
    heads: Vec<String>,
    /// The exchange itself, when the log cannot be read again.
    exchange: Option<LoggedExchange>,
    weight: usize,
}

/// Builds the rows of one read, keeping its totals within their budgets.
#[derive(Debug)]
pub struct Indexer {
    /// Whether the file can be read again (else exchanges are kept).
    rereadable: bool,
    searched_left: usize,
    kept_left: usize,
    /// Rows whose bodies the filter does not search / that were not kept.
    pub unsearched: u64,
    pub not_kept: u64,
}

impl Indexer {
    pub fn new(rereadable: bool) -> Self {
        Indexer {
            rereadable,
            searched_left: SEARCHED_TOTAL,
            kept_left: KEPT_BYTES,
            unsearched: 0,
            not_kept: 0,
        }
    }

    /// Whether the exchanges' masked values are needed: a log that cannot
    /// be read again is opened from the exchanges kept.
    pub fn needs_masks(&self) -> bool {
        !self.rereadable
    }

    /// One exchange's row, made and placed at once.
    pub fn row(&mut self, x: LoggedExchange) -> LogRow {
        let draft = Self::draft(x, self.rereadable);
        self.place(draft)
    }

    /// What an exchange's row shows and is found by: the costly part (its
    /// verdict, its errors located in the request body), with no state.
    pub fn draft(x: LoggedExchange, rereadable: bool) -> Draft {
        let story = Story::of(&x, IndexBase::Auto);
        let request = x.request.as_ref();
        let status = x
            .status()
            .map_or_else(|| "---".to_string(), |s| s.to_string());
        let parts: [&str; PARTS] = [
            cut(x.time.as_deref().unwrap_or_default(), MAX_TIME),
            cut(&x.request_id, MAX_ID),
            request.map_or("", |r| cut(&r.method, MAX_METHOD)),
            request.map_or("", |r| cut(&r.uri, MAX_URI)),
            &status,
        ];
        let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0u16; PARTS];
        for (end, part) in ends.iter_mut().zip(parts) {
            text.push_str(part);
            // Under u16::MAX by the caps above.
            *end = u16::try_from(text.len()).unwrap_or(u16::MAX);
        }
        let heads = [
            request.and_then(|r| r.body.as_ref()),
            x.response.as_ref().and_then(|r| r.body.as_ref()),
        ]
        .into_iter()
        .flatten()
        .map(|body| lower(cut(&body.text, SEARCHED_BODY)))
        .collect();
        let row = LogRow {
            line: x.line,
            sdk: x.sdk,
            status: x.status(),
            failed: x.is_failed(),
            text: text.into(),
            ends,
            bodies: Box::default(),
            story,
            whole: Whole::NotKept,
        };
        let (whole, exchange) = if rereadable {
            let spans = x.spans();
            let at = |i: usize| spans.get(i).copied().unwrap_or_default();
            (Whole::InFile([at(0), at(1)]), None)
        } else {
            (Whole::NotKept, Some(x))
        };
        let weight = exchange.as_ref().map_or(0, LoggedExchange::weight);
        Draft {
            row: LogRow { whole, ..row },
            heads,
            exchange,
            weight,
        }
    }

    /// A draft made a row, in log order: the bodies searched and the
    /// exchanges kept within the read's budgets.
    pub fn place(&mut self, draft: Draft) -> LogRow {
        let Draft {
            mut row,
            heads,
            exchange,
            weight,
        } = draft;
        let mut bodies = String::new();
        let mut searched_all = true;
        for head in &heads {
            let limit = SEARCHED_BODY.min(self.searched_left);
            let kept = cut(head, limit);
            searched_all &= kept.len() == head.len();
            self.searched_left -= kept.len();
            if !bodies.is_empty() {
                bodies.push(' ');
            }
            bodies.push_str(kept);
        }
        if !searched_all {
            self.unsearched += 1;
        }
        row.bodies = bodies.into();
        if let Some(x) = exchange {
            row.whole = if weight <= self.kept_left {
                self.kept_left -= weight;
                Whole::Kept(Arc::new(x))
            } else {
                self.not_kept += 1;
                Whole::NotKept
            };
        }
        row
    }

    /// What the budgets left out, for the browser's notes.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.unsearched > 0 {
            notes.push(format!(
                "the filter searches {} MiB of body text: {} exchange(s) are found by status, ids, uri and codes only",
                SEARCHED_TOTAL >> 20,
                self.unsearched
            ));
        }
        if self.not_kept > 0 {
            notes.push(format!(
                "a log read from a pipe keeps {} MiB of exchanges: {} more are listed without their bodies (save the log to a file to open them)",
                KEPT_BYTES >> 20,
                self.not_kept
            ));
        }
        notes
    }
}

/// The head of `text`, at most `max` bytes, on a character boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[derive(Debug, Default)]
pub struct LogBrowser {
    /// The log being shown, as the user named it.
    path: String,
    rows: Vec<LogRow>,
    /// Indexes of the rows the filter matches, kept as rows arrive and the
    /// filter changes (drawing does not search 10⁶ rows a frame).
    matches: Vec<usize>,
    list: FilteredList,
    /// The read in progress: rows of an older one are dropped.
    read: Awaited,
    loading: bool,
    bytes_read: u64,
    total_bytes: Option<u64>,
    /// What the reader had to say (fragments, cut lines, an error).
    notes: Vec<String>,
    /// The exchange asked for last (Enter): older answers are dropped.
    opening: Awaited,
}

impl LogBrowser {
    /// Starts showing `path`; returns the ticket of this read.
    pub fn start(&mut self, path: &str) -> Ticket {
        let mut read = std::mem::take(&mut self.read);
        let ticket = read.issue();
        let mut opening = std::mem::take(&mut self.opening);
        // An exchange still being read from the log before is not wanted.
        opening.forget();
        *self = Self {
            path: path.to_string(),
            read,
            loading: true,
            opening,
            ..Self::default()
        };
        ticket
    }

    /// The read in progress is left: the browser forgets it (Ctrl-L asks for
    /// a log again); returns its ticket, to stop it.
    pub fn stop(&mut self) -> Option<Ticket> {
        let mut read = std::mem::take(&mut self.read);
        let ticket = read.current();
        read.forget();
        let mut opening = std::mem::take(&mut self.opening);
        opening.forget();
        *self = Self {
            read,
            opening,
            ..Self::default()
        };
        ticket
    }

    /// The process ends: the rows are left to it, not freed one by one
    /// (10⁶ of them take a second or more to free, after the terminal is back).
    pub fn let_go_at_exit(&mut self) {
        std::mem::forget(std::mem::take(&mut self.rows));
    }

    /// A ticket for an exchange asked for; only its answer is taken.
    pub fn begin_open(&mut self) -> Ticket {
        self.opening.issue()
    }

    /// Takes the answer to `open` if it is the exchange asked for last (of this log).
    pub fn take_open(&mut self, open: Ticket) -> bool {
        !self.path.is_empty() && self.opening.take(open)
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn filter(&self) -> &TextInput {
        self.list.filter()
    }

    pub fn is_loading(&self) -> bool {
        self.loading
    }

    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    pub fn rows(&self) -> &[LogRow] {
        &self.rows
    }

    /// How far the reading has come, when the size is known: (read, total).
    pub fn progress(&self) -> (u64, Option<u64>) {
        (self.bytes_read, self.total_bytes)
    }

    /// Indexes of the rows that match the filter, in log order.
    pub fn matching(&self) -> &[usize] {
        &self.matches
    }

    /// The filter's words; none match while one of them is a field word
    /// with a value its field cannot take (the filter line says why).
    fn words(&self) -> Option<Vec<String>> {
        let words = self.list.words();
        field_filter::problem(&words, FIELDS)
            .is_none()
            .then_some(words)
    }

    /// What is wrong with the filter's field words, to say on its line.
    pub fn filter_problem(&self) -> Option<String> {
        field_filter::problem(&self.list.words(), FIELDS)
    }

    /// The matches again, for a new filter (an arrival is matched once).
    fn refilter(&mut self) {
        self.matches = match self.words() {
            Some(words) => (0..self.rows.len())
                .filter(|&i| self.rows[i].matches(&words))
                .collect(),
            None => Vec::new(),
        };
    }

    /// Position among the matches.
    pub fn selected(&self, matches: usize) -> usize {
        self.list.selected(matches)
    }

    /// The row chosen, if any.
    pub fn chosen(&self) -> Option<&LogRow> {
        let matches = self.matching();
        matches
            .get(self.selected(matches.len()))
            .map(|&i| &self.rows[i])
    }

    /// List navigation; false when `command` is not one.
    pub fn update(&mut self, command: Command, page: usize) -> bool {
        let matches = self.matching().len();
        self.list.navigate(command, matches, page)
    }

    pub fn input(&mut self, key: &KeyEvent) {
        if self.list.input(key) {
            self.refilter();
        }
    }

    pub fn paste(&mut self, text: &str) {
        if self.list.paste(text) {
            self.refilter();
        }
    }

    /// A batch from the reader; rows of an older read are dropped.
    pub fn arrived(
        &mut self,
        read: Ticket,
        rows: Vec<LogRow>,
        bytes_read: u64,
        total: Option<u64>,
    ) {
        if self.read.is(read) && self.loading {
            let words = self.words();
            let first = self.rows.len();
            self.matches.extend(
                rows.iter()
                    .enumerate()
                    .filter(|(_, r)| words.as_ref().is_some_and(|w| r.matches(w)))
                    .map(|(i, _)| first + i),
            );
            self.rows.extend(rows);
            self.bytes_read = bytes_read;
            self.total_bytes = total.or(self.total_bytes);
        }
    }

    /// The read ended: what the reader noted, or why it stopped; false
    /// when it was an older read.
    pub fn finished(&mut self, read: Ticket, notes: Vec<String>) -> bool {
        if self.read.is(read) && self.loading {
            self.loading = false;
            self.notes = notes;
            return true;
        }
        false
    }
}

/// Lower case for searching: bodies are mostly ASCII, lowered byte by byte
/// (`str::to_lowercase` decodes every character).
fn lower(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::sdk_log::{self, Options};

    /// A filter as typed.
    fn terms(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    /// A Java-SDK exchange whose uri and bodies are as long as asked.
    fn exchange(id: &str, uri: usize, body: usize) -> LoggedExchange {
        let log = format!(
            "2026-12-02T00:28:38 Outgoing request (requestId='{id}'):\n  method:       'POST'\n  uri:          '/v1/1234/{}'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{{\"Card\":\"{}\"}}'\n2026-12-02T00:28:39 Incoming response (requestId='{id}', 7 ms):\n  status-code:  '400'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{{\"errorId\":\"e\",\"errors\":[{{\"code\":\"1099\"}}]}}'\n",
            "p".repeat(uri),
            "x".repeat(body),
        );
        sdk_log::read(log.as_bytes(), Options::default())
            .next()
            .expect("an exchange")
    }

    #[test]
    fn a_row_is_a_bounded_index_whatever_the_exchange_holds() {
        let mut indexer = Indexer::new(true);
        let row = indexer.row(exchange("D9C01764-AB", 100_000, 4 << 20));
        assert!(
            row.text.len() + row.bodies.len() < 4096,
            "{} + {} bytes",
            row.text.len(),
            row.bodies.len()
        );
        assert_eq!(row.time(), Some("2026-12-02T00:28:38"));
        assert_eq!(
            (row.request_id(), row.method(), row.codes()),
            ("D9C01764-AB", "POST", "1099")
        );
        assert_eq!(row.uri().len(), MAX_URI);
        for found in [
            "d9c01764",
            "400 1099",
            "failed post",
            row.sdk.as_str(),
            "card",
            "/v1/1234/ppp",
        ] {
            assert!(row.matches(&terms(found)), "{found}");
        }
        assert!(!row.matches(&terms("2026")), "the time is not searched");
        let place = row.place().expect("in the file");
        assert_eq!(place.spans.len(), 2);
        assert!(place.spans[0].end <= place.spans[1].start);
    }

    #[test]
    fn field_words_match_their_field_only() {
        let row = Indexer::new(true).row(exchange("D9C01764-AB", 10, 10));
        for found in [
            "status:400",
            "status:4xx",
            "code:1099",
            "method:post",
            "path:/v1/1234",
            "verdict:valid",
            "id:d9c0",
            "status:4xx failed 1099",
        ] {
            assert!(row.matches(&terms(found)), "{found}");
        }
        for not in [
            "status:200",
            "status:5xx",
            "status:none",
            "code:109",
            "method:get",
            "path:refunds",
            "verdict:declined",
            "id:ffff",
        ] {
            assert!(!row.matches(&terms(not)), "{not}");
        }
        // A number alone is free text: the request body holds 1099 too.
        assert!(row.matches(&terms("1099")));
        assert_eq!(row.story.verdict, "validation");
        assert_eq!(row.codes(), "1099");
    }

    #[test]
    fn the_budgets_are_said_when_they_run_out() {
        let mut pipe = Indexer::new(false);
        let big = exchange("a", 1, 10 << 20);
        for _ in 0..6 {
            assert!(matches!(pipe.row(big.clone()).whole, Whole::Kept(_)));
        }
        assert!(matches!(pipe.row(big).whole, Whole::NotKept));
        let mut file = Indexer::new(true);
        // One draft placed again and again: the budget is the placing's.
        let draft = Indexer::draft(exchange("a", 1, SEARCHED_BODY), true);
        for _ in 0..(SEARCHED_TOTAL / SEARCHED_BODY) {
            file.place(draft.clone());
        }
        let notes = pipe.notes().join("; ") + &file.notes().join("; ");
        assert!(
            notes.contains("1 more are listed without their bodies"),
            "{notes}"
        );
        assert!(
            notes.contains("found by status, ids, uri and codes only"),
            "{notes}"
        );
    }
}
