//! Sending from the editor through the pipeline's checks, cancelling, and
//! taking the result (or a reopened history entry) in.

use std::sync::Arc;

use super::action::{Effect, Shown};
use super::editor::{Field, RequestEditor};
use super::keymap::Command;
use super::overlay::{OnYes, Overlay};
use super::state::{App, Focus, Level, Phase, Sending};
use crate::history::Entry;
use crate::pipeline::{
    self, Confirmed, Exchange, Failure, FailureKind, MAY_STILL_PROCESS, NotSent, record,
};

impl App {
    /// Checks the editor's request and asks the runtime to send it. `confirmed`
    /// carries the yeses already given, so each question is asked once.
    pub(super) fn send(&mut self, confirmed: Confirmed) -> Vec<Effect> {
        if let Phase::InFlight { .. } = self.phase {
            self.say(
                Level::Warning,
                "a request is already in flight (Esc cancels it)",
            );
            return Vec::new();
        }
        // Masked values (an SDK log's, or history's redaction of card data)
        // would only earn a rejection: asked first, naming them.
        if !confirmed.masked && !self.masks.is_empty() {
            let paths: Vec<&str> = self.masks.iter().map(|m| m.path.as_str()).collect();
            let (where_, removed) = if self.origin.is_some() {
                ("masked in the log", "")
            } else {
                (
                    "masked when history saved it",
                    if paths.iter().any(|p| p.ends_with("cardNumber")) {
                        "; its cvv was removed"
                    } else {
                        ""
                    },
                )
            };
            self.open(Overlay::Confirm {
                question: format!(
                    "The body still holds {} value(s) {where_} ({}){removed}: the API will reject them. Send it as it is?",
                    paths.len(),
                    paths.join(", ")
                ),
                then: OnYes::Send(confirmed.with(pipeline::Confirmation::Masked)),
            });
            return Vec::new();
        }
        let draft = match self.editor.draft() {
            Ok(draft) => draft,
            Err(e) => {
                self.focus = Focus::Request(Field::Headers);
                self.say(Level::Error, format!("not sent: {e}"));
                return Vec::new();
            }
        };
        let (draft, carried) = match self.fill_variables(draft) {
            Ok(filled) => filled,
            Err(e) => {
                self.say(Level::Error, format!("not sent: {e}"));
                return Vec::new();
            }
        };
        let prepared = pipeline::prepare(&draft, &self.env, self.settings.send(), confirmed);
        let prepared = match prepared {
            Ok(p) => p,
            Err(not_sent) => {
                if let Some((question, yes)) = not_sent.question() {
                    let then = OnYes::Send(confirmed.with(yes));
                    self.open(Overlay::Confirm { question, then });
                    return Vec::new();
                }
                self.focus = Focus::Request(match not_sent {
                    NotSent::Headers(_) | NotSent::HeaderValue { .. } => Field::Headers,
                    NotSent::Placeholder { .. } => Field::Url,
                    _ => Field::Body,
                });
                self.say(Level::Error, format!("not sent: {not_sent}"));
                return Vec::new();
            }
        };
        let id = self.next_id;
        self.next_id += 1;
        self.pending = None;
        // What the panes showed, for a refusal before the wire to put back (a
        // webhook on show goes back to what it covered).
        let before = match self.forget_webhook() {
            Some((phase, _)) => phase,
            None => self.phase.clone(),
        };
        self.in_flight_for = Some(Sending {
            answers: self.current_request(),
            before,
            answered_before: self.answer_for,
            name: self.request_source().and_then(|fr| fr.request.name.clone()),
        });
        self.phase = Phase::InFlight {
            id,
            started: self.now,
            method: prepared.request.method.clone(),
            url: prepared.request.url.clone(),
        };
        let notes: Vec<String> = prepared.notes.iter().map(ToString::to_string).collect();
        if !notes.is_empty() {
            self.say(
                Level::Warning,
                notes
                    .iter()
                    .chain(&carried)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        } else if !carried.is_empty() {
            self.info(carried.join("; "));
        } else {
            self.notice = None;
        }
        let mut request = prepared.request;
        request.source = self
            .origin
            .as_ref()
            .map(|o| format!("replay of {}:{}", o.file, o.line));
        vec![Effect::Send {
            id,
            request,
            env: Arc::clone(&self.env),
        }]
    }

    pub(super) fn cancel(&mut self) -> Vec<Effect> {
        if self.webhook.is_some() {
            self.back_from_webhook();
            return Vec::new();
        }
        if let Phase::InFlight { id, started, .. } = self.phase {
            if let Some(sending) = self.in_flight_for.take() {
                self.answer_for = Some(sending.answers);
            }
            let elapsed = self.now.saturating_duration_since(started);
            self.fail_phase(Failure {
                request: None,
                kind: FailureKind::Cancelled,
                // The pane says "cancelled" and the time beside this; the message adds the rest.
                message: MAY_STILL_PROCESS.to_string(),
                elapsed,
            });
            return vec![Effect::Cancel { id }];
        }
        Vec::new()
    }

    /// Shows the head of a big response while the whole is being built.
    pub(super) fn preview(&mut self, id: u64, exchange: Arc<Exchange>) {
        if !matches!(self.phase, Phase::InFlight { id: current, .. } if current == id) {
            return;
        }
        self.pending = Some(id);
        self.answer_for = self.in_flight_for.as_ref().map(|s| s.answers);
        self.errors.reset(0);
        self.response.reset();
        self.phase = Phase::Done(exchange);
    }

    pub(super) fn finish(&mut self, id: u64, result: Result<Arc<Exchange>, Failure>) {
        // A late answer to a cancelled or replaced request is dropped.
        let previewed = self.pending == Some(id);
        let in_flight = matches!(self.phase, Phase::InFlight { id: current, .. } if current == id);
        if !previewed && !in_flight {
            return;
        }
        self.pending = None;
        // After a preview the reader keeps their place.
        let (scroll, cursor) = self.response.place();
        let sent = match &result {
            Ok(exchange) => Some(exchange.request.clone()),
            Err(failure) => failure.request.clone(),
        };
        if let Some(sent) = sent {
            self.last_sent = Some(sent);
        }
        let sending = self.in_flight_for.take();
        // Refused before the wire (a secret not set): the panes keep what they
        // showed, as for any other refusal; the status line says why.
        if let (Err(failure), Some(sending)) = (&result, &sending)
            && failure.kind == FailureKind::NotSent
            && !previewed
        {
            self.phase = sending.before.clone();
            self.answer_for = sending.answered_before;
            self.say(Level::Error, failure.message.clone());
            return;
        }
        if let (Ok(exchange), Some(name)) = (&result, sending.as_ref().and_then(|s| s.name.clone()))
        {
            self.remember_response(name, exchange);
        }
        self.answer_for = sending.map(|s| s.answers).or(self.answer_for);
        match result {
            Ok(exchange) => {
                self.compare_with_log(&exchange);
                self.carry_ids(&exchange);
                self.errors.reset(exchange.report.errors.len());
                self.response.reset();
                if previewed {
                    self.response.keep_place(scroll, cursor, &exchange);
                }
                self.phase = Phase::Done(exchange);
            }
            Err(failure) => self.fail_phase(failure),
        }
    }

    /// Puts a stored exchange back into the panes as it was.
    pub(super) fn history_opened(
        &mut self,
        entry: &Entry,
        exchange: Result<Arc<Exchange>, String>,
        resend: bool,
    ) -> Vec<Effect> {
        if crate::webhooks::is_webhook_entry(entry) {
            self.webhook_entry_opened(entry, exchange, resend);
            return Vec::new();
        }
        // The recorded path and query under the environment in use: a demo's
        // port changes every start, and a sandbox entry is resent to the sandbox
        // in use, never to a recorded host the status bar does not name.
        let (path, recorded_origin) = match reqwest::Url::parse(&entry.url) {
            Ok(url) => (
                match url.query() {
                    Some(query) => format!("{}?{query}", with_merchant_placeholder(url.path())),
                    None => with_merchant_placeholder(url.path()),
                },
                crate::config::origin_of(&entry.url),
            ),
            Err(_) => (entry.url.clone(), None),
        };
        let editor = RequestEditor::new(
            &entry.method,
            &path,
            &record::editable_headers(entry),
            &entry.request_body,
        );
        let elsewhere = recorded_origin
            .filter(|o| Some(o) != crate::config::origin_of(&self.env.base_url).as_ref())
            .map(|o| {
                format!(
                    "; recorded at {o}, F5 sends it to {} ({})",
                    self.env.name, self.env.base_url
                )
            })
            .unwrap_or_default();
        let when = crate::connect::datetime::format_epoch_millis(entry.time_ms);
        // History never keeps card data: say so before a resend fails on it.
        let redacted = if entry.request_body.contains("******") {
            "; card data was redacted when it was saved: re-enter it before resending"
        } else {
            ""
        };
        self.show(Shown {
            editor: Some(editor),
            result: exchange.map_err(|message| Failure {
                request: None,
                kind: FailureKind::Transport,
                message,
                elapsed: Default::default(),
            }),
            notice: Some(format!(
                "reopened history entry {} ({when}, {}){elsewhere}{redacted}",
                entry.id, entry.env
            )),
        });
        if resend {
            self.command(Command::Send)
        } else {
            Vec::new()
        }
    }
}

/// `/v1/1234/payments` → `/v1/{merchantId}/payments`: a recorded path resent
/// under the environment in use takes that environment's merchant.
fn with_merchant_placeholder(path: &str) -> String {
    let mut parts = path.splitn(4, '/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(""), Some(version), Some(merchant), rest)
            if version.len() >= 2
                && version.starts_with('v')
                && version[1..].bytes().all(|b| b.is_ascii_digit())
                && !merchant.is_empty() =>
        {
            match rest {
                Some(rest) => format!("/{version}/{{merchantId}}/{rest}"),
                None => format!("/{version}/{{merchantId}}"),
            }
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::with_merchant_placeholder;

    #[test]
    fn a_recorded_path_takes_the_merchant_of_the_environment_in_use() {
        assert_eq!(
            with_merchant_placeholder("/v1/1234/payments/99/cancel"),
            "/v1/{merchantId}/payments/99/cancel"
        );
        assert_eq!(with_merchant_placeholder("/v2/77"), "/v2/{merchantId}");
        assert_eq!(with_merchant_placeholder("/sim/large"), "/sim/large");
        assert_eq!(with_merchant_placeholder("/"), "/");
    }
}
