//! Opening an SDK log and one of its exchanges into the panes: the logged
//! request in the editor (SDK-managed headers set aside, masks listed), the
//! logged response with its verdict and located errors, and a marker that it
//! came from `FILE:LINE`, not from cinspect. A replay later says what changed.

use std::sync::Arc;

use super::{Origin, Whole};
use crate::app::action::{Effect, Shown};
use crate::app::editor::RequestEditor;
use crate::app::keymap::{Command, Context};
use crate::app::overlay::Overlay;
use crate::app::showing::Source;
use crate::app::state::{App, Level};
use crate::app::ticket::Ticket;
use crate::diff::{ErrorKey, ErrorsCompared};
use crate::pipeline::{Exchange, Failure, FailureKind};
use crate::sources::sdk_log::LoggedExchange;

impl App {
    /// Starts reading `path` into the log browser and shows it.
    pub(in crate::app) fn open_log(&mut self, path: &str) -> Vec<Effect> {
        let path = path.trim();
        if path.is_empty() {
            self.info("no log named: type its path");
            return Vec::new();
        }
        let read = self.logs.browser.start(path);
        self.open(Overlay::Logs);
        vec![Effect::ReadLog {
            read,
            path: path.to_string(),
        }]
    }

    /// The browser is left while it reads: the read stops.
    pub(in crate::app) fn stop_log_read(&mut self) -> Vec<Effect> {
        let path = self.logs.browser.path().to_string();
        let read = self.logs.browser.stop();
        let key = self.keymap.key_in(Command::OpenLog, Context::TEXT);
        self.info(format!("stopped reading {path} ({key} opens a log again)"));
        read.map(|read| Effect::StopLogRead { read })
            .into_iter()
            .collect()
    }

    /// Enter in the browser: the chosen exchange into the panes, read again
    /// from its file unless it is kept.
    pub(in crate::app) fn open_chosen_log_row(&mut self) -> Vec<Effect> {
        let Some(row) = self.logs.browser.chosen() else {
            self.info("no exchange chosen");
            return Vec::new();
        };
        match &row.whole {
            Whole::Kept(x) => {
                let x = Arc::clone(x);
                self.open_logged(&x);
                Vec::new()
            }
            Whole::InFile(_) => {
                let Some(place) = row.place() else {
                    return Vec::new();
                };
                let path = self.logs.browser.path().to_string();
                let open = self.logs.browser.begin_open();
                self.info(format!("reading {path}:{} again…", place.line));
                vec![Effect::ReadLogged { open, path, place }]
            }
            Whole::NotKept => {
                let line = row.line;
                self.say(
                    Level::Warning,
                    format!(
                        "line {line}: not kept: a log read from a pipe keeps {} MiB of exchanges; save it to a file and open that",
                        super::KEPT_BYTES >> 20
                    ),
                );
                Vec::new()
            }
        }
    }

    /// An exchange read again from its log: into the panes, if it is still
    /// the one asked for.
    pub(in crate::app) fn logged_read(
        &mut self,
        open: Ticket,
        result: Result<Box<LoggedExchange>, String>,
    ) {
        if !self.logs.browser.take_open(open) {
            return;
        }
        match result {
            Ok(x) => self.open_logged(&x),
            Err(e) => self.say(Level::Error, e),
        }
    }

    /// Puts the chosen logged exchange in the panes.
    pub(in crate::app) fn open_logged(&mut self, x: &LoggedExchange) {
        let file = self.logs.browser.path().to_string();
        let editor = x.request.as_ref().map(|r| {
            let headers: Vec<String> = r
                .editor_headers()
                .iter()
                .map(|(n, v)| format!("{n}: {v}"))
                .collect();
            let body = r.body.as_ref().map_or("", |b| b.text.as_str());
            RequestEditor::new(&r.method, r.target(), &headers.join("\n"), body)
        });
        let result = match x.exchange() {
            Some(exchange) => Ok(Arc::new(exchange)),
            None => Err(Failure {
                request: x.sent_request(),
                kind: FailureKind::Transport,
                message: match &x.error {
                    Some(e) => format!("no response was logged; the SDK logged: {}", e.text),
                    None => "no response was logged for this request".to_string(),
                },
                elapsed: Default::default(),
            }),
        };
        let logged_errors = result
            .as_ref()
            .map_or_else(|_| Vec::new(), |x| ErrorKey::of(&x.report));
        let sdk = match &x.sdk_version {
            Some(v) => format!("{} SDK {v}", x.sdk),
            None => format!("{} SDK", x.sdk),
        };
        let masked: Vec<&str> = x
            .request
            .as_ref()
            .map(|r| r.masked.iter().map(|m| m.path.as_str()).collect())
            .unwrap_or_default();
        let mut notice = format!("from {file}:{} ({sdk} log; not sent by cinspect)", x.line);
        if !masked.is_empty() {
            notice.push_str(&format!(
                "; masked in the log: {} — fill them in before sending",
                masked.join(", ")
            ));
        }
        self.show(Shown {
            editor,
            result,
            notice: None,
            source: Source::Logged {
                file: file.clone(),
                line: x.line,
            },
        });
        self.logs.origin = Some(Origin {
            request: self.editor.request_id(),
            file,
            line: x.line,
            logged_errors,
        });
        self.say(
            if masked.is_empty() {
                Level::Info
            } else {
                Level::Warning
            },
            notice,
        );
    }

    /// After a replay of a logged request: which of the log's errors are
    /// fixed, which are still there, which are new. `logged_on_show`: the
    /// log's own response was on show until this replay.
    pub(in crate::app) fn compare_with_log(&mut self, replay: &Exchange, logged_on_show: bool) {
        let Some(origin) = self.logs.origin_of(self.editor.request_id()) else {
            return;
        };
        if !logged_on_show && origin.logged_errors.is_empty() {
            return;
        }
        // The comparison's errors, fixed / still there / new: one reading of them.
        let errors = ErrorsCompared::of(&origin.logged_errors, &ErrorKey::of(&replay.report));
        let still: Vec<String> = errors
            .still
            .iter()
            .map(|e| format!("{} {}", e.code, e.property).trim().to_string())
            .collect();
        let mut text = format!(
            "against {}:{}: {}",
            origin.file,
            origin.line,
            errors.summary()
        );
        if !still.is_empty() {
            text.push_str(&format!(" ({})", still.join(", ")));
        }
        self.info(text);
    }

    /// The log read's news: its rows, its end.
    pub(in crate::app) fn log_rows(
        &mut self,
        read: Ticket,
        rows: Vec<super::LogRow>,
        bytes_read: u64,
        total_bytes: Option<u64>,
    ) {
        self.logs
            .browser
            .arrived(read, rows, bytes_read, total_bytes);
    }

    pub(in crate::app) fn log_done(&mut self, read: Ticket, notes: Vec<String>) {
        let current = self.logs.browser.finished(read, notes.clone());
        let path = self.logs.browser.path().to_string();
        if current && !notes.is_empty() && !path.is_empty() {
            self.say(Level::Warning, format!("{path}: {}", notes.join("; ")));
        }
    }
}
