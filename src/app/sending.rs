//! Sending from the editor through the pipeline's checks, cancelling, and
//! taking the result (or a reopened history entry) in.

use std::sync::Arc;

use super::action::{Effect, Shown};
use super::editor::{Field, RequestEditor};
use super::keymap::{Command, Context};
use super::overlay::{OnYes, Overlay};
use super::showing::{InFlight, OnShow, Showing, Source};
use super::state::{App, Focus, Level};
use super::ticket::{Ticket, Tickets};
use crate::history::Entry;
use crate::pipeline::compare::Loaded;
use crate::pipeline::{
    self, Confirmed, Exchange, Failure, FailureKind, MAY_STILL_PROCESS, NotSent, SentRequest,
    record,
};

/// What sending keeps between sends: the tickets of requests, and the last
/// request as it went on the wire (F6 shows it, Shift-F5 reuses its key).
#[derive(Debug, Default)]
pub struct Sends {
    tickets: Tickets,
    last_sent: Option<SentRequest>,
}

impl Sends {
    pub fn last_sent(&self) -> Option<&SentRequest> {
        self.last_sent.as_ref()
    }
}

impl App {
    /// Checks the editor's request and asks the runtime to send it. `confirmed`
    /// carries the yeses already given, so each question is asked once.
    pub(super) fn send(&mut self, confirmed: Confirmed) -> Vec<Effect> {
        if let Showing::InFlight(_) = self.showing {
            let cancel = self.keymap.key_in(Command::Cancel, Context::RESPONSE);
            self.say(
                Level::Warning,
                format!("a request is already in flight ({cancel} cancels it)"),
            );
            return Vec::new();
        }
        // Masked values (an SDK log's, or history's redaction of card data)
        // would only earn a rejection: asked first, naming them.
        self.refresh_marks();
        let masks = self.editor.marks().masks();
        if !confirmed.masked && !masks.is_empty() {
            let paths: Vec<&str> = masks.iter().map(|m| m.path.as_str()).collect();
            let (where_, removed) = if self.origin().is_some() {
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
            let question = format!(
                "The body still holds {} value(s) {where_} ({}){removed}: the API will reject them. Send it as it is?",
                paths.len(),
                paths.join(", ")
            );
            self.open(Overlay::Confirm {
                question,
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
        let env = Arc::clone(self.envs.active());
        let prepared = pipeline::prepare(&draft, &env, self.settings.send(), confirmed);
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
        let ticket = self.sends.tickets.issue();
        self.forget_webhook_opening();
        // What the panes showed, for a refusal before the wire to put back (a
        // webhook on show goes back to what it covered; a preview's rest is
        // no longer awaited).
        let before = std::mem::take(&mut self.showing).uncovered();
        let replay_of = self
            .origin()
            .map(|o| format!("replay of {}:{}", o.file, o.line));
        self.showing = Showing::InFlight(Box::new(InFlight {
            ticket,
            started: self.clock.now(),
            method: prepared.request.method.clone(),
            url: prepared.request.url.clone(),
            answers: self.current_request(),
            name: self.request_source().and_then(|fr| fr.request.name.clone()),
            before,
            preview: None,
        }));
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
            self.chrome.notice = None;
        }
        let mut request = prepared.request;
        request.source = replay_of;
        vec![Effect::Send {
            id: ticket,
            request,
            env,
        }]
    }

    pub(super) fn cancel(&mut self) -> Vec<Effect> {
        if let Showing::Webhook(_) = self.showing {
            self.back_from_webhook();
            return Vec::new();
        }
        let Showing::InFlight(flight) = &self.showing else {
            return Vec::new();
        };
        let (ticket, started) = (flight.ticket, flight.started);
        let elapsed = self.clock.now().saturating_duration_since(started);
        self.fail(Failure {
            request: None,
            kind: FailureKind::Cancelled,
            // The pane says "cancelled" and the time beside this; the message adds the rest.
            message: MAY_STILL_PROCESS.to_string(),
            elapsed,
        });
        vec![Effect::Cancel { id: ticket }]
    }

    /// Shows the head of a big response while the whole is being built.
    pub(super) fn preview(&mut self, ticket: Ticket, exchange: Arc<Exchange>) {
        let Showing::InFlight(flight) = &mut self.showing else {
            return;
        };
        if flight.ticket != ticket {
            return;
        }
        flight.preview = Some(exchange);
        self.errors.reset(0);
        self.response.reset();
    }

    pub(super) fn finish(&mut self, ticket: Ticket, result: Result<Arc<Exchange>, Failure>) {
        // A late answer to a cancelled or replaced request is dropped.
        let Showing::InFlight(flight) = &self.showing else {
            return;
        };
        if flight.ticket != ticket {
            return;
        }
        let previewed = flight.preview.is_some();
        // After a preview the reader keeps their place.
        let (scroll, cursor) = self.response.place();
        let sent = match &result {
            Ok(exchange) => Some(exchange.request.clone()),
            Err(failure) => failure.request.clone(),
        };
        if let Some(sent) = sent {
            self.sends.last_sent = Some(sent);
        }
        let Showing::InFlight(flight) = std::mem::take(&mut self.showing) else {
            return;
        };
        let InFlight {
            answers,
            name,
            before,
            ..
        } = *flight;
        // Refused before the wire (a secret not set): the panes keep what they
        // showed, as for any other refusal; the status line says why.
        if let Err(failure) = &result
            && failure.kind == FailureKind::NotSent
            && !previewed
        {
            self.showing = before;
            self.say(Level::Error, failure.message.clone());
            return;
        }
        let logged_on_show = matches!(before.source(), Some(Source::Logged { .. }));
        // Remembered as this request's previous send, for a comparison with the next.
        let side = match &result {
            Ok(exchange) => Some(Loaded::Exchange(Arc::clone(exchange))),
            Err(failure) => failure.request.clone().map(|request| Loaded::NoResponse {
                request,
                why: failure.message.clone(),
            }),
        };
        if let Some(side) = side {
            self.compare.sent(answers.request, Arc::new(side));
        }
        match result {
            Ok(exchange) => {
                if let Some(name) = name {
                    self.remember_response(name, &exchange);
                }
                self.compare_with_log(&exchange, logged_on_show);
                self.carry_ids(&exchange);
                self.see_ids(&exchange);
                self.errors.reset(exchange.report.errors.len());
                self.response.reset();
                if previewed {
                    self.response.keep_place(scroll, cursor, &exchange);
                }
                self.showing = Showing::Exchange(OnShow {
                    exchange,
                    answers,
                    source: Source::Sent,
                });
            }
            Err(failure) => self.fail(failure),
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
            .filter(|o| Some(o) != crate::config::origin_of(&self.env().base_url).as_ref())
            .map(|o| {
                format!(
                    "; recorded at {o}, {} sends it to {} ({})",
                    self.keymap.key_in(Command::Send, Context::TEXT),
                    self.env().name,
                    self.env().base_url
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
        let id = entry.id;
        self.show(Shown {
            source: Source::History { id },
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
