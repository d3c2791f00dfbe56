//! Opening an SDK log and one of its exchanges into the panes: the logged
//! request in the editor (SDK-managed headers set aside, masks listed), the
//! logged response with its verdict and located errors, and a marker that it
//! came from `FILE:LINE`, not from cinspect. A replay later says what changed.

use std::sync::Arc;

use super::action::{Effect, Shown};
use super::editor::RequestEditor;
use super::log_browser::Whole;
use super::overlay::Overlay;
use super::state::{App, Level, Origin};
use crate::pipeline::{Exchange, Failure, FailureKind};
use crate::sources::sdk_log::LoggedExchange;

impl App {
    /// Starts reading `path` into the log browser and shows it.
    pub(super) fn open_log(&mut self, path: &str) -> Vec<Effect> {
        let path = path.trim();
        if path.is_empty() {
            self.info("no log named: type its path");
            return Vec::new();
        }
        let read = self.logs.start(path);
        self.open(Overlay::Logs);
        vec![Effect::ReadLog {
            read,
            path: path.to_string(),
        }]
    }

    /// The browser is left while it reads: the read stops.
    pub(super) fn stop_log_read(&mut self) -> Vec<Effect> {
        let path = self.logs.path().to_string();
        let read = self.logs.stop();
        self.info(format!("stopped reading {path} (Ctrl-L opens a log again)"));
        vec![Effect::StopLogRead { read }]
    }

    /// Enter in the browser: the chosen exchange into the panes, read again
    /// from its file unless it is kept.
    pub(super) fn open_chosen_log_row(&mut self) -> Vec<Effect> {
        let Some(row) = self.logs.chosen() else {
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
                let path = self.logs.path().to_string();
                let open = self.logs.begin_open();
                self.info(format!("reading {path}:{} again…", place.line));
                vec![Effect::ReadLogged { open, path, place }]
            }
            Whole::NotKept => {
                let line = row.line;
                self.say(
                    Level::Warning,
                    format!(
                        "line {line}: not kept: a log read from a pipe keeps {} MiB of exchanges; save it to a file and open that",
                        super::log_browser::KEPT_BYTES >> 20
                    ),
                );
                Vec::new()
            }
        }
    }

    /// An exchange read again from its log: into the panes, if it is still
    /// the one asked for.
    pub(super) fn logged_read(&mut self, open: u64, result: Result<Box<LoggedExchange>, String>) {
        if !self.logs.is_current_open(open) {
            return;
        }
        match result {
            Ok(x) => self.open_logged(&x),
            Err(e) => self.say(Level::Error, e),
        }
    }

    /// Puts the chosen logged exchange in the panes.
    pub(super) fn open_logged(&mut self, x: &LoggedExchange) {
        let file = self.logs.path().to_string();
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
            .map_or_else(|_| Vec::new(), |x| error_keys(x));
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
        });
        self.origin = Some(Origin {
            file,
            line: x.line,
            logged_errors,
            showing_logged: true,
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
    /// fixed, which are still there, which are new.
    pub(super) fn compare_with_log(&mut self, replay: &Exchange) {
        let Some(origin) = &mut self.origin else {
            return;
        };
        if !origin.showing_logged && origin.logged_errors.is_empty() {
            return;
        }
        origin.showing_logged = false;
        let now = error_keys(replay);
        let fixed = origin
            .logged_errors
            .iter()
            .filter(|e| !now.contains(e))
            .count();
        let still: Vec<String> = origin
            .logged_errors
            .iter()
            .filter(|e| now.contains(e))
            .map(|(code, property)| format!("{code} {property}").trim().to_string())
            .collect();
        let new = now
            .iter()
            .filter(|e| !origin.logged_errors.contains(e))
            .count();
        let mut text = format!(
            "against {}:{}: {fixed} fixed, {} still there, {new} new",
            origin.file,
            origin.line,
            still.len()
        );
        if !still.is_empty() {
            text.push_str(&format!(" ({})", still.join(", ")));
        }
        self.info(text);
    }
}

/// Each error as (code, propertyName), what a replay is compared by.
fn error_keys(x: &Exchange) -> Vec<(String, String)> {
    x.report
        .errors
        .iter()
        .map(|e| {
            (
                e.error.code.clone().unwrap_or_default(),
                e.error.property_name.clone().unwrap_or_default(),
            )
        })
        .collect()
}
