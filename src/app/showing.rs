//! What the response side shows: one value, one variant per situation, so
//! that states which cannot happen cannot be written (a webhook over a
//! request in flight, a preview without its request, a log's "logged at"
//! on a replay). The errors panel and the gutter marks are derived from it
//! and from the editor's request: errors belong to the request they answer.

use std::sync::Arc;
use std::time::Instant;

use super::ticket::Ticket;
use crate::pipeline::{Exchange, Failure};
use crate::webhooks::WebhookShown;

/// The request a response answers: the editor's request and its body's
/// revision when it was sent (or shown with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerFor {
    pub request: u64,
    pub revision: u64,
}

/// How the response on show stands to the request in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// It answers this request as it is: its errors are located in the body.
    Current,
    /// It answers this request, whose body was edited since: located, the
    /// errors whose value the edit changed marked.
    EditedSince,
    /// It answers another request (the editor now holds a different one):
    /// labelled "previous", its errors never located in this body.
    Previous,
}

/// Where an exchange on show came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// cinspect sent it (F5, a resend, a file request).
    Sent,
    /// An SDK log holds it, at `file:line`; cinspect did not send it.
    Logged { file: String, line: u64 },
    /// Reopened from history.
    History { id: i64 },
}

/// An exchange on show and what it answers.
#[derive(Debug, Clone)]
pub struct OnShow {
    pub exchange: Arc<Exchange>,
    pub answers: AnswerFor,
    pub source: Source,
}

/// A request on its way.
#[derive(Debug, Clone)]
pub struct InFlight {
    pub ticket: Ticket,
    pub started: Instant,
    pub method: String,
    pub url: String,
    /// The request it answers.
    pub answers: AnswerFor,
    /// The `# @name` of the file request it is, remembered with its response.
    pub name: Option<String>,
    /// What was on show before it: a refusal before the wire (a secret not
    /// set) puts that back.
    pub before: Showing,
    /// The head of a big response, shown while its whole is being built.
    pub preview: Option<Arc<Exchange>>,
}

/// A received webhook in the response pane, over what was on show before
/// (Esc goes back to that). The request in the editor is left as it is.
#[derive(Debug, Clone)]
pub struct WebhookOnShow {
    pub shown: WebhookShown,
    pub exchange: Arc<Exchange>,
    /// Never a request in flight (it is refused then) nor another webhook
    /// (a second one covers what the first covered).
    pub covering: Showing,
}

/// What the response side shows.
#[derive(Debug, Clone, Default)]
pub enum Showing {
    #[default]
    Idle,
    InFlight(Box<InFlight>),
    Exchange(OnShow),
    /// No response: why (refused on the wire, a transport error, cancelled).
    Failed(Failure),
    Webhook(Box<WebhookOnShow>),
}

impl Showing {
    /// The exchange the response and errors panes show, if any.
    pub fn exchange(&self) -> Option<&Arc<Exchange>> {
        match self {
            Showing::Exchange(on) => Some(&on.exchange),
            Showing::Webhook(w) => Some(&w.exchange),
            Showing::InFlight(f) => f.preview.as_ref(),
            _ => None,
        }
    }

    /// The request the exchange on show answers (none for a webhook).
    pub fn answers(&self) -> Option<AnswerFor> {
        match self {
            Showing::Exchange(on) => Some(on.answers),
            Showing::InFlight(f) if f.preview.is_some() => Some(f.answers),
            _ => None,
        }
    }

    pub fn in_flight(&self) -> Option<&InFlight> {
        match self {
            Showing::InFlight(f) => Some(f),
            _ => None,
        }
    }

    pub fn webhook(&self) -> Option<&WebhookShown> {
        match self {
            Showing::Webhook(w) => Some(&w.shown),
            _ => None,
        }
    }

    /// Where the exchange on show came from, when it is one.
    pub fn source(&self) -> Option<&Source> {
        match self {
            Showing::Exchange(on) => Some(&on.source),
            _ => None,
        }
    }

    /// A big response's head is shown while its whole is being built.
    pub fn is_partial(&self) -> bool {
        self.in_flight().is_some_and(|f| f.preview.is_some())
    }

    /// A request is on its way (or the rest of one shown in part).
    pub fn is_busy(&self) -> bool {
        matches!(self, Showing::InFlight(_))
    }

    /// How this stands to the editor's request as it is now.
    pub fn relation(&self, current: AnswerFor) -> Relation {
        match self {
            // A webhook answers no request: it is read, not sent.
            Showing::Webhook(_) => Relation::Current,
            _ => match self.answers() {
                Some(a) if a.request != current.request => Relation::Previous,
                Some(a) if a.revision != current.revision => Relation::EditedSince,
                Some(_) => Relation::Current,
                None => Relation::Previous,
            },
        }
    }

    /// What a webhook covered, or this itself: what a send or Esc goes back to.
    pub fn uncovered(self) -> Showing {
        match self {
            Showing::Webhook(w) => w.covering,
            other => other,
        }
    }

    /// The number of errors the exchange on show has.
    pub fn error_count(&self) -> usize {
        self.exchange().map_or(0, |x| x.report.errors.len())
    }
}
