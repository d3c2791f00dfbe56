//! The webhooks view (Ctrl-N) as a component: the events the receiver took,
//! newest first, filtered as the user types (type, id, object, verdict, path;
//! the word `failed` keeps those whose signature did not verify, refused ones,
//! and those the integrator's app did not accept). Bounded: past a number of
//! events or of body bytes the oldest go, counted (history keeps them all).

use std::collections::VecDeque;
use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::app::field_filter::{self, Word};
use crate::app::filtered_list::FilteredList;
use crate::app::keymap::Command;
use crate::app::text_input::TextInput;
use crate::app::ticket::Awaited;
use crate::webhooks::{Counts, Forwarded, Received};

/// Events kept for the view at most.
pub const INBOX_EVENTS: usize = 1000;
/// Bytes kept for the view at most: bodies (at most 4 MiB each), headers,
/// paths and what the filter searches.
pub const INBOX_BYTES: usize = 32 * 1024 * 1024;
/// Bytes of each body (and of a path) searched by the filter: bodies can be
/// megabytes, and only their head is decoded.
const SEARCHED_BYTES: usize = 4096;

/// The fields the webhooks filter knows (`status:` is the app's answer).
pub const FIELDS: &[&str] = &["status", "type", "method", "path"];

/// One received request, with what the filter searches.
#[derive(Debug)]
pub struct InboxRow {
    pub received: Arc<Received>,
    /// The signature verified (or it was the endpoint verification); refused ones did not.
    pub signature_ok: bool,
    /// The integrator's app took it (2xx), when it was forwarded.
    pub app_ok: Option<bool>,
    /// Its signature did not verify, it was refused, or the app did not take it.
    pub failed: bool,
    haystack: String,
    /// Bytes it holds (body, headers, path, what the filter searches), for the bound.
    cost: usize,
}

impl InboxRow {
    fn new(received: Arc<Received>) -> Self {
        let signature_ok = received.signature_ok();
        let app_ok = received.forward().map(Forwarded::accepted);
        let head = |bytes: &[u8]| {
            String::from_utf8_lossy(&bytes[..bytes.len().min(SEARCHED_BYTES)]).into_owned()
        };
        let haystack = format!(
            "{}{} {} {} {} {} {}",
            if received.redelivered_to.is_some() {
                "again ↻ "
            } else {
                ""
            },
            received.method,
            head(received.path.as_bytes()),
            received.title(),
            received.verdict_line(),
            received.forward().map(Forwarded::line).unwrap_or_default(),
            head(&received.body)
        )
        .to_lowercase();
        let headers: usize = received
            .headers
            .iter()
            .map(|(n, v)| n.len() + v.len())
            .sum();
        let cost = received.body.len() + headers + received.path.len() + haystack.len();
        Self {
            cost,
            received,
            signature_ok,
            app_ok,
            failed: !signature_ok || app_ok == Some(false),
            haystack,
        }
    }

    fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|w| match field_filter::read(w, FIELDS) {
            Word::Free("failed") => self.failed,
            Word::Free(w) => self.haystack.contains(w),
            // What the app answered when the event was forwarded to it.
            Word::Field("status", v) => {
                let answered = match self.received.forward() {
                    Some(Forwarded::Answered { status, .. }) => Some(*status),
                    _ => None,
                };
                field_filter::status_is(v, answered).unwrap_or(false)
            }
            Word::Field("type", v) => self
                .received
                .event_type()
                .is_some_and(|t| t.to_lowercase().starts_with(v)),
            Word::Field("method", v) => self.received.method.eq_ignore_ascii_case(v),
            Word::Field(_, v) => self.received.path.to_lowercase().contains(v),
        })
    }
}

/// Whether the receiver runs, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Listening {
    #[default]
    Off,
    Starting(String),
    On(String),
}

#[derive(Debug, Default)]
pub struct WebhookInbox {
    listening: Listening,
    forward: Option<String>,
    /// Oldest first; drawn newest first.
    rows: VecDeque<InboxRow>,
    bytes: usize,
    /// Events let go to stay within the bounds.
    evicted: u64,
    /// Arrived while the view was closed.
    unseen: u64,
    /// Of the unseen, those that failed.
    unseen_failed: u64,
    counts: Counts,
    /// The filter, and the position among its matches (newest first).
    list: FilteredList,
    /// The arrival number of `rows[0]`: rows are numbered as they come, so
    /// the matches stay right while the oldest are let go.
    first_seq: u64,
    /// Arrival numbers of the rows that match the filter, oldest first. Kept
    /// as events come and go, so a flood with a filter typed costs one match
    /// per event, not one per event and row.
    matched: VecDeque<u64>,
    /// The event being built for the viewer: a later choice, a send or
    /// anything else shown supersedes it.
    pub(super) opening: Awaited,
}

impl WebhookInbox {
    /// An inbox for a receiver already listening on `addr` (forwarding to
    /// `forward`), if one is.
    pub fn listening_on(addr: Option<String>, forward: Option<String>) -> Self {
        Self {
            listening: addr.map_or(Listening::Off, Listening::On),
            forward,
            ..Self::default()
        }
    }

    pub fn listening(&self) -> &Listening {
        &self.listening
    }

    pub fn set_listening(&mut self, listening: Listening) {
        self.listening = listening;
    }

    /// Where received events are forwarded (F5 delivers there again), if anywhere.
    pub fn forward(&self) -> Option<&str> {
        self.forward.as_deref()
    }

    pub fn set_forward(&mut self, forward: Option<String>) {
        self.forward = forward;
    }

    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    pub fn set_counts(&mut self, counts: Counts) {
        self.counts = counts;
    }

    /// What is wrong with the filter's field words, if anything.
    pub fn filter_problem(&self) -> Option<String> {
        field_filter::problem(&self.list.words(), FIELDS)
    }

    pub fn filter(&self) -> &TextInput {
        self.list.filter()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Arrived while the view was closed: (all, failed).
    pub fn unseen(&self) -> (u64, u64) {
        (self.unseen, self.unseen_failed)
    }

    /// The view opens: what arrived is seen.
    pub fn opened(&mut self) {
        self.unseen = 0;
        self.unseen_failed = 0;
    }

    /// A new event. When the selection is on an older one it stays on it;
    /// on the newest it follows the new one.
    pub fn arrived(&mut self, received: Arc<Received>, view_open: bool) {
        let row = InboxRow::new(received);
        if !view_open {
            self.unseen += 1;
            self.unseen_failed += u64::from(row.failed);
        }
        if row.matches(&self.list.words()) {
            let at = self.list.selected(usize::MAX);
            if at > 0 {
                self.list.select(at + 1, usize::MAX);
            }
            self.matched
                .push_back(self.first_seq + self.rows.len() as u64);
        }
        self.bytes += row.cost;
        self.rows.push_back(row);
        while self.rows.len() > INBOX_EVENTS || (self.bytes > INBOX_BYTES && self.rows.len() > 1) {
            if let Some(old) = self.rows.pop_front() {
                self.bytes -= old.cost;
                self.evicted += 1;
                if self.matched.front() == Some(&self.first_seq) {
                    self.matched.pop_front();
                }
                self.first_seq += 1;
            }
        }
        let matches = self.matched.len();
        let at = self.list.selected(matches);
        self.list.select(at, matches);
    }

    /// Indexes (into `row`) of the events that match the filter, newest first.
    pub fn matching(&self) -> Vec<usize> {
        self.matched
            .iter()
            .rev()
            .map(|seq| (seq - self.first_seq) as usize)
            .collect()
    }

    /// The filter changed: which rows match, afresh.
    fn rematch(&mut self) {
        let words = self.list.words();
        self.matched = (0..self.rows.len())
            .filter(|&i| self.rows[i].matches(&words))
            .map(|i| self.first_seq + i as u64)
            .collect();
    }

    pub fn row(&self, index: usize) -> Option<&InboxRow> {
        self.rows.get(index)
    }

    /// Position among the matches.
    pub fn selected(&self, matches: usize) -> usize {
        self.list.selected(matches)
    }

    /// The event chosen, if any.
    pub fn chosen(&self) -> Option<&Arc<Received>> {
        let at = self.selected(self.matched.len());
        let seq = self.matched.iter().rev().nth(at)?;
        self.rows
            .get((seq - self.first_seq) as usize)
            .map(|r| &r.received)
    }

    /// List navigation; false when `command` is not one.
    pub fn update(&mut self, command: Command, page: usize) -> bool {
        self.list.navigate(command, self.matched.len(), page)
    }

    pub fn input(&mut self, key: &KeyEvent) {
        if self.list.input(key) {
            self.rematch();
        }
    }

    pub fn paste(&mut self, text: &str) {
        if self.list.paste(text) {
            self.rematch();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::webhook::WebhookVerdict;
    use crate::connect::webhook_events::facts;
    use crate::webhooks::ReceivedKind;

    fn event(id: &str, valid: bool, body_bytes: usize) -> Arc<Received> {
        let mut body = format!(r#"{{"apiVersion":"v1","id":"{id}","type":"payment.paid","pad":""#)
            .into_bytes();
        body.resize(body_bytes.max(body.len()), b'x');
        body.extend_from_slice(b"\"}");
        let verdict = if valid {
            WebhookVerdict::Valid {
                key_id: "k1".into(),
            }
        } else {
            WebhookVerdict::UnknownKeyId("k9".into())
        };
        Arc::new(Received {
            received_at_ms: 0,
            method: "POST".into(),
            path: "/webhooks".into(),
            headers: Vec::new(),
            kind: ReceivedKind::Event {
                verdict,
                facts: facts(&body),
                forward: None,
            },
            body,
            answered: 200,
            redelivered_to: None,
        })
    }

    fn ids(inbox: &WebhookInbox) -> Vec<String> {
        inbox
            .matching()
            .iter()
            .map(|&i| {
                let r = &inbox.row(i).unwrap().received;
                match &r.kind {
                    ReceivedKind::Event { facts, .. } => facts.event_id.clone().unwrap(),
                    _ => String::new(),
                }
            })
            .collect()
    }

    #[test]
    fn newest_first_and_unseen_counted_while_closed() {
        let mut inbox = WebhookInbox::default();
        inbox.arrived(event("e1", true, 0), false);
        inbox.arrived(event("e2", false, 0), false);
        assert_eq!(ids(&inbox), ["e2", "e1"]);
        assert_eq!(inbox.unseen(), (2, 1));
        inbox.opened();
        inbox.arrived(event("e3", true, 0), true);
        assert_eq!(inbox.unseen(), (0, 0));
    }

    #[test]
    fn field_filters_match_the_apps_answer_the_type_and_the_path() {
        let mut inbox = WebhookInbox::default();
        let answered = |id: &str, status: u16| {
            let mut r = (*event(id, true, 0)).clone();
            if let ReceivedKind::Event { forward, .. } = &mut r.kind {
                *forward = Some(Forwarded::Answered {
                    status,
                    elapsed_ms: 3,
                    body: String::new(),
                });
            }
            Arc::new(r)
        };
        inbox.arrived(answered("e1", 200), true);
        inbox.arrived(answered("e2", 503), true);
        inbox.arrived(event("e3", true, 0), true);
        inbox.paste("status:5xx");
        assert_eq!(ids(&inbox), ["e2"]);
        inbox.input(&KeyEvent::new(
            crossterm::event::KeyCode::Char('u'),
            crossterm::event::KeyModifiers::CONTROL,
        ));
        inbox.paste("status:none");
        assert_eq!(ids(&inbox), ["e3"]);
        inbox.input(&KeyEvent::new(
            crossterm::event::KeyCode::Char('u'),
            crossterm::event::KeyModifiers::CONTROL,
        ));
        inbox.paste("type:PAYMENT path:/webhooks method:post");
        assert_eq!(ids(&inbox), ["e3", "e2", "e1"]);
        inbox.paste(" type:refund");
        assert!(ids(&inbox).is_empty());
        assert_eq!(inbox.filter_problem(), None);
        inbox.paste(" status:abc");
        assert!(
            inbox
                .filter_problem()
                .is_some_and(|p| p.contains("status:abc"))
        );
    }

    #[test]
    fn failed_keeps_the_bad_signatures() {
        let mut inbox = WebhookInbox::default();
        inbox.arrived(event("e1", true, 0), true);
        inbox.arrived(event("e2", false, 0), true);
        inbox.paste("failed");
        assert_eq!(ids(&inbox), ["e2"]);
    }

    #[test]
    fn the_selection_stays_on_an_older_event_and_follows_the_newest() {
        let mut inbox = WebhookInbox::default();
        for id in ["e1", "e2", "e3"] {
            inbox.arrived(event(id, true, 0), true);
        }
        inbox.update(Command::ScrollDown, 10);
        assert_eq!(inbox.chosen().unwrap().body, event("e2", true, 0).body);
        inbox.arrived(event("e4", true, 0), true);
        assert_eq!(inbox.chosen().unwrap().body, event("e2", true, 0).body);
        inbox.update(Command::Top, 10);
        inbox.arrived(event("e5", true, 0), true);
        assert_eq!(inbox.chosen().unwrap().body, event("e5", true, 0).body);
    }

    #[test]
    fn the_matches_stay_right_while_the_oldest_are_let_go() {
        let mut inbox = WebhookInbox::default();
        inbox.paste("failed");
        for i in 0..INBOX_EVENTS + 10 {
            inbox.arrived(event(&format!("e{i}"), i % 3 == 0, 0), true);
        }
        let expected: Vec<String> = (10..INBOX_EVENTS + 10)
            .rev()
            .filter(|i| i % 3 != 0)
            .map(|i| format!("e{i}"))
            .collect();
        assert_eq!(ids(&inbox), expected);
        // Cleared: every kept row again, newest first.
        inbox.input(&KeyEvent::new(
            crossterm::event::KeyCode::Char('u'),
            crossterm::event::KeyModifiers::CONTROL,
        ));
        assert_eq!(ids(&inbox).len(), INBOX_EVENTS);
        assert_eq!(ids(&inbox)[0], format!("e{}", INBOX_EVENTS + 9));
    }

    #[test]
    fn an_arrival_the_filter_hides_leaves_the_selection_where_it_is() {
        let mut inbox = WebhookInbox::default();
        for id in ["e1", "e2", "e3"] {
            inbox.arrived(event(id, false, 0), true);
        }
        inbox.paste("failed");
        inbox.update(Command::ScrollDown, 10);
        assert_eq!(inbox.chosen().unwrap().body, event("e2", false, 0).body);
        inbox.arrived(event("e4", true, 0), true);
        assert_eq!(ids(&inbox), ["e3", "e2", "e1"], "a valid one is not listed");
        assert_eq!(inbox.chosen().unwrap().body, event("e2", false, 0).body);
    }

    #[test]
    fn a_selected_event_let_go_leaves_the_oldest_selected() {
        let mut inbox = WebhookInbox::default();
        for i in 0..INBOX_EVENTS {
            inbox.arrived(event(&format!("e{i}"), true, 0), true);
        }
        inbox.update(Command::Bottom, 10);
        assert_eq!(inbox.chosen().unwrap().body, event("e0", true, 0).body);
        inbox.arrived(event("new", true, 0), true);
        assert_eq!(inbox.len(), INBOX_EVENTS);
        assert_eq!(
            inbox.chosen().unwrap().body,
            event("e1", true, 0).body,
            "the oldest still kept"
        );
    }

    #[test]
    fn bounded_by_count_and_bytes_with_the_evicted_counted() {
        let mut inbox = WebhookInbox::default();
        for i in 0..INBOX_EVENTS + 5 {
            inbox.arrived(event(&format!("e{i}"), true, 0), true);
        }
        assert_eq!(inbox.len(), INBOX_EVENTS);
        assert_eq!(inbox.evicted(), 5);
        let mut inbox = WebhookInbox::default();
        for i in 0..12 {
            inbox.arrived(event(&format!("e{i}"), true, 4 * 1024 * 1024), true);
        }
        assert!(inbox.len() < 12);
        assert_eq!(inbox.evicted() as usize, 12 - inbox.len());
        assert!(inbox.bytes <= INBOX_BYTES);
        assert_eq!(ids(&inbox)[0], "e11", "the newest stays");
    }
}
