//! Sending: validating the editor into a request, cancelling, and taking the
//! result in.

use std::sync::Arc;

use super::action::{Effect, Failure};
use super::editor::Field;
use super::exchange::PreparedRequest;
use super::state::{App, Confirmed, Focus, Level, Notice, Overlay, Phase};
use crate::config::unfilled_placeholder;

impl App {
    /// Validates the editor and asks the runtime to send. `confirmed` carries a
    /// yes already given, so each question is asked once.
    pub(super) fn send(&mut self, confirmed: Option<Confirmed>) -> Vec<Effect> {
        if let Phase::InFlight { .. } = self.phase {
            self.notice = Some(Notice {
                level: Level::Warning,
                text: "a request is already in flight (Esc cancels it)".to_string(),
            });
            return Vec::new();
        }
        let headers = match self.editor.parsed_headers() {
            Ok(h) => h,
            Err(e) => {
                self.notice = Some(Notice {
                    level: Level::Error,
                    text: format!("not sent: {e}"),
                });
                self.focus = Focus::Request(Field::Headers);
                return Vec::new();
            }
        };
        let method = self.editor.method().to_string();
        let body_text = self.editor.body_text();
        let body = (!body_text.trim().is_empty() && !matches!(method.as_str(), "GET" | "HEAD"))
            .then_some(body_text);
        if let Some(text) = &body
            && confirmed != Some(Confirmed::SendInvalidJson)
            && confirmed != Some(Confirmed::SendToProduction)
            && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text)
        {
            self.overlay = Some(Overlay::Confirm {
                question: format!(
                    "The body is not valid JSON: line {}, column {}: {}. Send it as it is?",
                    e.line(),
                    e.column(),
                    strip_position(&e.to_string())
                ),
                then: Confirmed::SendInvalidJson,
            });
            return Vec::new();
        }
        if self.env.production && method != "GET" && confirmed != Some(Confirmed::SendToProduction)
        {
            self.overlay = Some(Overlay::Confirm {
                question: format!("Send {method} to PRODUCTION ({})?", self.env.base_url),
                then: Confirmed::SendToProduction,
            });
            return Vec::new();
        }
        let url = self.env.resolve_url(&self.editor.url_text());
        if let Some(placeholder) = unfilled_placeholder(&url) {
            self.notice = Some(Notice {
                level: Level::Error,
                text: format!("not sent: fill in {placeholder} in the URL"),
            });
            self.focus = Focus::Request(Field::Url);
            return Vec::new();
        }
        let id = self.next_id;
        self.next_id += 1;
        self.pending = None;
        self.phase = Phase::InFlight {
            id,
            started: self.now,
            method: method.clone(),
            url: url.clone(),
        };
        self.notice = None;
        let request = PreparedRequest {
            method,
            url,
            headers,
            body,
            timeout: self.settings.timeout,
            query_mode: self.settings.query_mode,
        };
        vec![Effect::Send {
            id,
            request,
            env: Arc::clone(&self.env),
        }]
    }

    pub(super) fn cancel(&mut self) -> Vec<Effect> {
        if let Phase::InFlight { id, started, .. } = self.phase {
            let elapsed = self.now.saturating_duration_since(started);
            self.phase = Phase::Failed(Failure {
                request: None,
                message: format!(
                    "cancelled after {:.1} s; the server may still process the request",
                    elapsed.as_secs_f64()
                ),
                elapsed,
                cancelled: true,
            });
            return vec![Effect::Cancel { id }];
        }
        self.overlay = None;
        Vec::new()
    }

    /// Shows the head of a big response while the whole is being built.
    pub(super) fn preview(&mut self, id: u64, exchange: Arc<super::exchange::Exchange>) {
        if !matches!(self.phase, Phase::InFlight { id: current, .. } if current == id) {
            return;
        }
        self.pending = Some(id);
        self.problems.reset(0);
        self.reset_response_view();
        self.response_scroll = 0;
        self.phase = Phase::Done(exchange);
    }

    pub(super) fn finish(
        &mut self,
        id: u64,
        result: Result<Arc<super::exchange::Exchange>, Failure>,
    ) {
        // A late answer to a cancelled or replaced request is dropped.
        let previewed = self.pending == Some(id);
        let in_flight = matches!(self.phase, Phase::InFlight { id: current, .. } if current == id);
        if !previewed && !in_flight {
            return;
        }
        self.pending = None;
        // After a preview the reader keeps their place.
        let (scroll, cursor) = (self.response_scroll, self.viewer.cursor);
        self.response_scroll = 0;
        let sent = match &result {
            Ok(exchange) => Some(exchange.request.clone()),
            Err(failure) => failure.request.clone(),
        };
        if let Some(sent) = sent {
            self.last_sent = Some(sent);
        }
        match result {
            Ok(exchange) => {
                self.problems.reset(exchange.report.errors.len());
                self.reset_response_view();
                if previewed {
                    self.response_scroll = scroll;
                    self.viewer.cursor = cursor.min(exchange.body.line_count().saturating_sub(1));
                }
                self.phase = Phase::Done(exchange);
            }
            Err(failure) => {
                self.problems.reset(0);
                self.phase = Phase::Failed(failure);
            }
        }
    }
}

/// serde_json appends " at line L column C"; we say it our way.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}
