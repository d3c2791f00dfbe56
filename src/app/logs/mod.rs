//! SDK logs in the TUI: the log browser (Ctrl-L), an exchange opened from
//! it into the panes, and where the request in the editor came from, so a
//! replay says what changed against the log.

mod browser;
mod open;

pub use browser::{Draft, Indexer, KEPT_BYTES, LogBrowser, LogRow, Whole};

/// The request in the editor came from an SDK log: where, and the errors the
/// log's response had, to tell a replay what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The editor's request it belongs to: another request has no origin.
    pub request: u64,
    pub file: String,
    pub line: u64,
    pub logged_errors: Vec<crate::diff::ErrorKey>,
}

#[derive(Debug, Default)]
pub struct Logs {
    browser: LogBrowser,
    origin: Option<Origin>,
}

impl Logs {
    pub fn browser(&self) -> &LogBrowser {
        &self.browser
    }

    /// The log the request `request` came from, if it came from one.
    pub fn origin_of(&self, request: u64) -> Option<&Origin> {
        self.origin.as_ref().filter(|o| o.request == request)
    }

    /// The browser, for its input (it is a component).
    pub(in crate::app) fn browser_mut(&mut self) -> &mut LogBrowser {
        &mut self.browser
    }

    pub fn let_go_at_exit(&mut self) {
        self.browser.let_go_at_exit();
    }
}
