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

use super::filtered_list::FilteredList;
use super::keymap::Command;
use super::text_input::TextInput;
use crate::sources::log_reread::Place;
use crate::sources::sdk_log::{LoggedExchange, Sdk};

/// Bytes of each body the filter searches (bodies can be megabytes).
const SEARCHED_BODY: usize = 1024;
/// Bytes of body text kept for the filter over the whole log; past it later
/// rows are found by their status, ids, uri and codes only.
pub const SEARCHED_TOTAL: usize = 64 << 20;
/// Bytes of whole exchanges kept for a log that cannot be read again.
pub const KEPT_BYTES: usize = 64 << 20;
/// Caps on what a row shows: a hostile log's uri or id is cut here.
const MAX_ID: usize = 128;
const MAX_URI: usize = 512;
const MAX_CODES: usize = 8;
const MAX_CODE: usize = 64;

/// Where Enter finds the whole exchange.
#[derive(Debug, Clone)]
pub enum Whole {
    /// Read again from the file.
    InFile(Place),
    /// Kept (a log read from a pipe, within [`KEPT_BYTES`]).
    Kept(Arc<LoggedExchange>),
    /// Past [`KEPT_BYTES`] of a log that cannot be read again.
    NotKept,
}

/// One exchange of the log: what the list shows and the filter searches,
/// each part bounded, and where the whole exchange is.
#[derive(Debug)]
pub struct LogRow {
    pub line: u64,
    pub time: Option<Box<str>>,
    pub request_id: Box<str>,
    pub sdk: Sdk,
    pub method: Box<str>,
    pub uri: Box<str>,
    pub status: Option<u16>,
    /// Not 2xx, or unanswered (the word `failed`).
    pub failed: bool,
    /// Error codes of the logged response, for the list and the filter.
    pub codes: Box<[Box<str>]>,
    haystack: Box<str>,
    pub whole: Whole,
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

    pub fn row(&mut self, x: LoggedExchange) -> LogRow {
        let codes = response_codes(&x);
        let mut haystack = format!(
            "{} {} {} {} {} {}",
            x.status().map_or("---".to_string(), |s| s.to_string()),
            cut(&x.request_id, MAX_ID),
            x.sdk,
            x.request.as_ref().map_or("", |r| cut(&r.method, MAX_ID)),
            x.request.as_ref().map_or("", |r| cut(&r.uri, MAX_URI)),
            codes.join(" "),
        );
        let bodies = [
            x.request.as_ref().and_then(|r| r.body.as_ref()),
            x.response.as_ref().and_then(|r| r.body.as_ref()),
        ];
        let mut searched_all = true;
        for body in bodies.into_iter().flatten() {
            let limit = SEARCHED_BODY.min(self.searched_left);
            searched_all &= limit >= SEARCHED_BODY.min(body.text.len());
            let head = cut(&body.text, limit);
            self.searched_left -= head.len();
            haystack.push(' ');
            haystack.push_str(head);
        }
        if !searched_all {
            self.unsearched += 1;
        }
        let mut row = LogRow {
            line: x.line,
            time: x.time.as_deref().map(|t| cut(t, 64).into()),
            request_id: cut(&x.request_id, MAX_ID).into(),
            sdk: x.sdk,
            method: x
                .request
                .as_ref()
                .map_or("", |r| cut(&r.method, MAX_ID))
                .into(),
            uri: x
                .request
                .as_ref()
                .map_or("", |r| cut(&r.uri, MAX_URI))
                .into(),
            status: x.status(),
            failed: x.is_failed(),
            codes: codes.into_iter().map(Into::into).collect(),
            haystack: haystack.to_lowercase().into(),
            whole: Whole::NotKept,
        };
        let weight = x.weight();
        row.whole = if self.rereadable {
            Whole::InFile(Place::of(&x))
        } else if weight <= self.kept_left {
            self.kept_left -= weight;
            Whole::Kept(Arc::new(x))
        } else {
            self.not_kept += 1;
            Whole::NotKept
        };
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

impl LogRow {
    fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|w| {
            if w == "failed" {
                self.failed
            } else {
                self.haystack.contains(w.as_str())
            }
        })
    }
}

/// The `code` of each error in the logged response body (a few, each short).
fn response_codes(x: &LoggedExchange) -> Vec<String> {
    let Some(text) = x.response.as_ref().and_then(|r| r.body.as_ref()) else {
        return Vec::new();
    };
    serde_json::from_str::<serde_json::Value>(&text.text)
        .map(|v| crate::connect::read_error_report(&v))
        .map(|report| {
            report
                .errors
                .iter()
                .filter_map(|e| e.error.code.as_deref())
                .take(MAX_CODES)
                .map(|c| cut(c, MAX_CODE).to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug, Default)]
pub struct LogBrowser {
    /// The log being shown, as the user named it.
    path: String,
    rows: Vec<LogRow>,
    list: FilteredList,
    /// Number of the read in progress: rows of an older one are dropped.
    read: u64,
    loading: bool,
    bytes_read: u64,
    total_bytes: Option<u64>,
    /// What the reader had to say (fragments, cut lines, an error).
    notes: Vec<String>,
    /// Number of the last exchange asked for (Enter): older answers are dropped.
    opening: u64,
}

impl LogBrowser {
    /// Starts showing `path`; returns the number of this read.
    pub fn start(&mut self, path: &str) -> u64 {
        *self = Self {
            path: path.to_string(),
            read: self.read + 1,
            loading: true,
            // An exchange still being read from the log before is not wanted.
            opening: self.opening + 1,
            ..Self::default()
        };
        self.read
    }

    /// The read in progress is left: the browser forgets it (Ctrl-L asks for
    /// a log again); returns its number, to stop it.
    pub fn stop(&mut self) -> u64 {
        let read = self.read;
        *self = Self {
            read,
            opening: self.opening + 1,
            ..Self::default()
        };
        read
    }

    /// A number for an exchange asked for; only its answer is taken.
    pub fn begin_open(&mut self) -> u64 {
        self.opening += 1;
        self.opening
    }

    /// Whether `open` is the exchange asked for last (of this log).
    pub fn is_current_open(&self, open: u64) -> bool {
        open == self.opening && !self.path.is_empty()
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
    pub fn matching(&self) -> Vec<usize> {
        let words = self.list.words();
        (0..self.rows.len())
            .filter(|&i| self.rows[i].matches(&words))
            .collect()
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
        self.list.input(key);
    }

    pub fn paste(&mut self, text: &str) {
        self.list.paste(text);
    }

    /// A batch from the reader; rows of an older read are dropped.
    pub fn arrived(&mut self, read: u64, rows: Vec<LogRow>, bytes_read: u64, total: Option<u64>) {
        if read == self.read && self.loading {
            self.rows.extend(rows);
            self.bytes_read = bytes_read;
            self.total_bytes = total.or(self.total_bytes);
        }
    }

    /// The read ended: what the reader noted, or why it stopped; false
    /// when it was an older read.
    pub fn finished(&mut self, read: u64, notes: Vec<String>) -> bool {
        if read == self.read && self.loading {
            self.loading = false;
            self.notes = notes;
            return true;
        }
        false
    }
}
