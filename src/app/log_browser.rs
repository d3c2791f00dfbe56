//! The log browser (Ctrl-L, `cinspect --log FILE`): the exchanges an SDK log
//! holds, shown while the file is still being read, filtered as the user
//! types (status, error code, requestId, uri, text; the word `failed` keeps
//! the failed and unanswered ones). Enter opens one into the panes.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::filtered_list::FilteredList;
use super::keymap::Command;
use super::text_input::TextInput;
use crate::sources::sdk_log::LoggedExchange;

/// Characters of each body searched by the filter (bodies can be megabytes).
const SEARCHED_BODY: usize = 4096;

/// One exchange of the log, with what the filter searches.
#[derive(Debug)]
pub struct LogRow {
    pub exchange: Arc<LoggedExchange>,
    /// Error codes of the logged response, for the list and the filter.
    pub codes: Vec<String>,
    haystack: String,
}

impl LogRow {
    pub fn new(exchange: LoggedExchange) -> Self {
        let codes = response_codes(&exchange);
        let mut haystack = format!(
            "{} {} {} {} {} {}",
            exchange
                .status()
                .map_or("---".to_string(), |s| s.to_string()),
            exchange.request_id,
            exchange.sdk,
            exchange.request.as_ref().map_or("", |r| r.method.as_str()),
            exchange.request.as_ref().map_or("", |r| r.uri.as_str()),
            codes.join(" "),
        );
        for body in [
            exchange.request.as_ref().and_then(|r| r.body.as_ref()),
            exchange.response.as_ref().and_then(|r| r.body.as_ref()),
        ]
        .into_iter()
        .flatten()
        {
            haystack.push(' ');
            haystack.extend(body.text.chars().take(SEARCHED_BODY));
        }
        Self {
            exchange: Arc::new(exchange),
            codes,
            haystack: haystack.to_lowercase(),
        }
    }

    fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|w| {
            if w == "failed" {
                self.exchange.is_failed()
            } else {
                self.haystack.contains(w.as_str())
            }
        })
    }
}

/// The `code` of each error in the logged response body.
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
                .filter_map(|e| e.error.code.clone())
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
}

impl LogBrowser {
    /// Starts showing `path`; returns the number of this read.
    pub fn start(&mut self, path: &str) -> u64 {
        self.read += 1;
        *self = Self {
            path: path.to_string(),
            read: self.read,
            loading: true,
            ..Self::default()
        };
        self.read
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
        if read == self.read {
            self.rows.extend(rows);
            self.bytes_read = bytes_read;
            self.total_bytes = total.or(self.total_bytes);
        }
    }

    /// The read ended: what the reader noted, or why it stopped.
    pub fn finished(&mut self, read: u64, notes: Vec<String>) {
        if read == self.read {
            self.loading = false;
            self.notes = notes;
        }
    }
}
