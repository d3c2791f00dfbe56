//! The webhooks view's part of the app: opening it (or the prompt that starts
//! the receiver), the receiver's news, and an event opened into the response
//! viewer. The request in the editor is left as it is: a webhook is read, not
//! sent, and the request being worked on must not be lost to a glance at one.

use std::sync::Arc;

use super::Listening;
use crate::app::action::Effect;
use crate::app::keymap::{Command, Context};
use crate::app::overlay::{Overlay, Prompt};
use crate::app::showing::{Showing, WebhookOnShow};
use crate::app::state::{App, Focus, Level};
use crate::app::ticket::Ticket;
use crate::history::Entry;
use crate::pipeline::Exchange;
use crate::webhooks::{Counts, Received, ReceivedKind, WebhookShown, exposure, listen_address};

/// What the start prompt offers: the port `webhooks listen` uses.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

impl App {
    /// Ctrl-N: the events, or the prompt to start receiving them.
    pub(in crate::app) fn open_webhooks(&mut self) {
        if *self.webhooks.listening() == Listening::Off && self.webhooks.is_empty() {
            self.open(Prompt::ListenWebhooks.open_with(DEFAULT_LISTEN));
        } else {
            self.webhooks.opened();
            self.open(Overlay::Webhooks);
        }
    }

    /// The prompt's address: start the receiver there.
    pub(in crate::app) fn listen_webhooks(&mut self, text: &str) -> Vec<Effect> {
        match listen_address(text) {
            Ok(addr) => {
                self.webhooks
                    .set_listening(Listening::Starting(addr.to_string()));
                self.info(format!("webhooks: starting a receiver on {addr}…"));
                vec![Effect::ListenWebhooks { addr }]
            }
            Err(e) => {
                self.say(Level::Error, format!("webhooks: {e}"));
                Vec::new()
            }
        }
    }

    pub(in crate::app) fn webhooks_listening(
        &mut self,
        result: Result<(String, Option<String>), String>,
    ) {
        match result {
            Ok((addr, forward)) => {
                self.webhooks.set_forward(forward);
                let key = self.keymap.keys_in(Command::Webhooks, Context::TEXT);
                // Anyone who can reach the address can send: said, not hidden in a port.
                match addr.parse().ok().and_then(exposure) {
                    Some(exposed) => self.say(
                        Level::Warning,
                        format!("webhooks: {exposed} (http://{addr}/; {key} shows what arrives)"),
                    ),
                    None => self.info(format!(
                        "webhooks: listening on http://{addr}/ ({key} shows what arrives)"
                    )),
                }
                self.webhooks.set_listening(Listening::On(addr));
            }
            Err(e) => {
                self.webhooks.set_listening(Listening::Off);
                self.say(Level::Error, format!("webhooks: {e}"));
            }
        }
    }

    /// News from the receiver: said once, when it changes.
    pub(in crate::app) fn webhook_counts(&mut self, counts: Counts) {
        let before = self.webhooks.counts();
        let new_error = counts
            .record_error
            .as_ref()
            .filter(|e| before.record_error.as_ref() != Some(*e));
        if counts.key_problems.len() > before.key_problems.len() {
            self.say(
                Level::Warning,
                format!(
                    "webhooks: {} (their events verify as unknown keys)",
                    counts.key_problems.join("; ")
                ),
            );
        } else if let Some(e) = new_error {
            self.say(Level::Error, format!("webhooks are not recorded: {e}"));
        }
        self.webhooks.set_counts(counts);
    }

    /// Enter in the list: the chosen event, built for the viewer off the UI thread.
    pub(in crate::app) fn open_webhook(&mut self, received: Option<Arc<Received>>) -> Vec<Effect> {
        let Some(received) = received else {
            self.info("no webhook chosen");
            return Vec::new();
        };
        if self.refuse_while_in_flight() {
            return Vec::new();
        }
        let open = self.webhooks.opening.issue();
        vec![Effect::OpenWebhook { open, received }]
    }

    /// F5 in the list: the chosen event to the app again; the answer is listed.
    pub(in crate::app) fn redeliver_webhook(
        &mut self,
        received: Option<Arc<Received>>,
    ) -> Vec<Effect> {
        let Some(received) = received else {
            self.info("no webhook chosen");
            return Vec::new();
        };
        let ReceivedKind::Event { facts, .. } = &received.kind else {
            self.info("only an event can be delivered again");
            return Vec::new();
        };
        let Some(url) = self.webhooks.forward() else {
            self.say(
                Level::Warning,
                "no app to deliver to: start cinspect with --webhooks-forward URL",
            );
            return Vec::new();
        };
        let what = facts.event_type.as_deref().unwrap_or("the event");
        let id: String = facts
            .event_id
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(8)
            .collect();
        self.info(format!("delivering again to {url}: {what} {id}…"));
        vec![Effect::RedeliverWebhook(received)]
    }

    /// An event arrived; a redelivery's answer is said (the filter may hide its row).
    pub(in crate::app) fn webhook_arrived(&mut self, received: Arc<Received>) {
        if received.redelivered_to.is_some()
            && let Some(f) = received.forward()
        {
            self.say(
                if f.accepted() {
                    Level::Info
                } else {
                    Level::Warning
                },
                format!("↻ {}", crate::body::printable(&f.line())),
            );
        }
        let open = matches!(self.overlay, Some(Overlay::Webhooks));
        self.webhooks.arrived(received, open);
    }

    /// A history entry that is a received webhook; a resend is refused.
    pub(in crate::app) fn webhook_entry_opened(
        &mut self,
        entry: &Entry,
        exchange: Result<Arc<Exchange>, String>,
        resend: bool,
    ) {
        self.overlay = None;
        self.webhooks.opening.forget();
        match exchange {
            Ok(x) => self.webhook_opened(WebhookShown::of_entry(entry), x),
            Err(e) => self.say(Level::Error, format!("history entry {}: {e}", entry.id)),
        }
        if resend {
            let key = self.keymap.keys_in(Command::Webhooks, Context::TEXT);
            self.say(
                Level::Warning,
                format!(
                    "a webhook is received, not sent: {} in the webhooks view ({key}) delivers one to your app again; `cinspect webhooks send` sends a test event",
                    self.keymap.key_in(Command::Send, Context::WEBHOOKS)
                ),
            );
        }
    }

    /// A webhook built for the viewer: shown if it is still the one asked for.
    pub(in crate::app) fn webhook_built(
        &mut self,
        open: Ticket,
        shown: WebhookShown,
        exchange: Arc<Exchange>,
    ) {
        if self.webhooks.opening.take(open) {
            self.webhook_opened(shown, exchange);
        }
    }

    /// Puts an event in the response pane: its body and headers in the
    /// viewer, its verdict in the pane's head, over what was on show. The
    /// editor keeps its request.
    pub(in crate::app) fn webhook_opened(&mut self, shown: WebhookShown, exchange: Arc<Exchange>) {
        if self.refuse_while_in_flight() {
            return;
        }
        // A second webhook covers what the first covered.
        let covering = std::mem::take(&mut self.showing).uncovered();
        self.response.reset();
        self.errors.reset(exchange.report.errors.len());
        self.focus = Focus::Response;
        let from = match shown.from_history {
            Some(id) => format!(" (history entry {id}, as recorded: the signature is masked)"),
            None => String::new(),
        };
        let keys = |c| self.keymap.keys_in(c, Context::RESPONSE);
        let back = self.keymap.keys_in(Command::Cancel, Context::RESPONSE);
        let text = format!(
            "the webhook's body{from}: {} searches, {} filters by path, {} folds; {back} goes back; the request in the editor is unchanged",
            keys(Command::Search),
            keys(Command::PathFilter),
            keys(Command::ToggleFold),
        );
        self.info(text);
        self.showing = Showing::Webhook(Box::new(WebhookOnShow {
            shown,
            exchange,
            covering,
        }));
    }

    /// Something else takes the panes (a send, an exchange from history or a
    /// log): the webhook being built is no longer wanted.
    pub(in crate::app) fn forget_webhook_opening(&mut self) {
        self.webhooks.opening.forget();
    }

    /// Esc with a webhook on show: the panes as they were before it.
    pub(in crate::app) fn back_from_webhook(&mut self) {
        self.webhooks.opening.forget();
        let showing = std::mem::take(&mut self.showing).uncovered();
        self.response.reset();
        self.errors.reset(showing.error_count());
        self.showing = showing;
        let key = self.keymap.keys_in(Command::Webhooks, Context::RESPONSE);
        self.info(format!("back from the webhook ({key}: the webhooks)"));
    }

    /// A request's answer (or the rest of a big one shown in part) must not
    /// be pushed out of the pane by a webhook.
    fn refuse_while_in_flight(&mut self) -> bool {
        let in_flight = self.showing.is_busy();
        if in_flight {
            let cancel = self.keymap.key_in(Command::Cancel, Context::RESPONSE);
            self.say(
                Level::Warning,
                format!("a request is in flight: its answer comes first ({cancel} cancels it)"),
            );
        }
        in_flight
    }
}
