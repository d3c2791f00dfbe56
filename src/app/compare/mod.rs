//! Comparing two exchanges in the TUI: a side marked as the left one (the
//! exchange on show, or a history entry, logged exchange or webhook chosen in
//! its list), the previous sends of each request (the default left side),
//! the comparison awaited (built off the UI thread, its progress shown) and
//! the comparison view, a component (`view`). Only this folder writes
//! `Comparing`.

mod actions;
mod view;

use std::collections::VecDeque;
use std::sync::Arc;

pub use view::{CompareView, ErrorSet, Fold, Named, Row, group_of, path_of};

use crate::app::ticket::{Awaited, Ticket};
use crate::connect::datetime::format_epoch_millis;
use crate::diff::Progress;
use crate::pipeline::compare::Loaded;
use crate::sources::log_reread::Place;
use crate::sources::sdk_log::LoggedExchange;
use crate::webhooks::Received;

/// Where a side came from: to name it, and to show it again.
#[derive(Debug, Clone)]
pub enum SideRef {
    /// Sent from the editor (F5, a resend) in this session.
    Sent,
    History(i64),
    Logged {
        file: String,
        line: u64,
    },
    Webhook(Arc<Received>),
    /// A body alone (not from the TUI).
    Body,
}

/// How the runtime gets a side's exchange.
#[derive(Debug, Clone)]
pub enum Pick {
    /// Already in memory (the exchange on show, a send).
    Ready(Arc<Loaded>),
    /// A history entry, read from the store.
    History(i64),
    /// A logged exchange: kept whole, or read again from its file.
    Logged {
        path: String,
        kept: Option<Arc<LoggedExchange>>,
        place: Option<Place>,
    },
    /// A received webhook, its view built.
    Webhook(Arc<Received>),
}

/// A side to compare: how it is named, where it came from, how to get it.
#[derive(Debug, Clone)]
pub struct SideSpec {
    pub label: String,
    pub from: SideRef,
    pub pick: Pick,
}

/// A comparison finished: both sides loaded and what differs.
#[derive(Debug)]
pub struct Compared {
    pub left: Named,
    pub right: Named,
    pub comparison: crate::diff::Comparison,
}

impl Compared {
    /// Both sides, as asked for and as loaded, and their comparison.
    pub fn of(
        (left, l): (SideSpec, Arc<Loaded>),
        (right, r): (SideSpec, Arc<Loaded>),
        comparison: crate::diff::Comparison,
    ) -> Self {
        let named = |side: SideSpec, loaded| Named {
            label: side.label,
            loaded,
            from: side.from,
        };
        Self {
            left: named(left, l),
            right: named(right, r),
            comparison,
        }
    }
}

/// A comparison being built.
#[derive(Debug, Clone)]
pub struct Pending {
    pub left: String,
    pub right: String,
    pub progress: Option<Progress>,
}

/// Sends remembered for "the previous send of this request": few, since each
/// keeps its exchange (a big body) alive.
const SENDS_KEPT: usize = 4;

/// The comparison feature's state.
#[derive(Debug, Default)]
pub struct Comparing {
    /// The left side marked (Ctrl-X).
    mark: Option<SideSpec>,
    /// The last sends: the editor's request they answered, the side.
    sends: VecDeque<(u64, SideSpec)>,
    awaited: Awaited,
    pending: Option<Pending>,
    /// The comparison on show (or last shown: Ctrl-D reopens it).
    view: Option<CompareView>,
}

impl Comparing {
    pub fn mark(&self) -> Option<&SideSpec> {
        self.mark.as_ref()
    }

    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    pub fn view(&self) -> Option<&CompareView> {
        self.view.as_ref()
    }

    pub(in crate::app) fn view_mut(&mut self) -> Option<&mut CompareView> {
        self.view.as_mut()
    }

    /// A send finished: remembered as the previous send of its request.
    pub(in crate::app) fn sent(&mut self, request: u64, loaded: Arc<Loaded>) {
        let label = sent_label(&loaded);
        if self.sends.len() == SENDS_KEPT {
            self.sends.pop_front();
        }
        self.sends.push_back((
            request,
            SideSpec {
                label,
                from: SideRef::Sent,
                pick: Pick::Ready(loaded),
            },
        ));
    }

    /// The send of `request` before the one that is `shown` (the last one when `shown` is
    /// not a send of it).
    fn previous_send(&self, request: u64, shown: &Arc<Loaded>) -> Option<&SideSpec> {
        let mine: Vec<&SideSpec> = self
            .sends
            .iter()
            .filter(|(r, _)| *r == request)
            .map(|(_, s)| s)
            .collect();
        let at = mine
            .iter()
            .position(|s| matches!(&s.pick, Pick::Ready(l) if same(l, shown)));
        match at {
            Some(i) => i.checked_sub(1).map(|j| mine[j]),
            None => mine.last().copied(),
        }
    }

    /// A comparison asked for: its ticket (an older one's answer is dropped).
    fn begin(&mut self, left: &SideSpec, right: &SideSpec) -> Ticket {
        self.pending = Some(Pending {
            left: left.label.clone(),
            right: right.label.clone(),
            progress: None,
        });
        self.awaited.issue()
    }

    /// How far the comparison awaited is.
    pub(in crate::app) fn progressed(&mut self, ticket: Ticket, progress: Progress) {
        if self.awaited.is(ticket)
            && let Some(p) = &mut self.pending
        {
            p.progress = Some(progress);
        }
    }

    /// The comparison awaited is no longer wanted.
    pub(in crate::app) fn stop(&mut self) -> bool {
        self.awaited.forget();
        self.pending.take().is_some()
    }
}

/// Whether two loaded sides are the same exchange.
pub(in crate::app) fn same(a: &Loaded, b: &Loaded) -> bool {
    match (a, b) {
        (Loaded::Exchange(x), Loaded::Exchange(y)) => Arc::ptr_eq(x, y),
        (
            Loaded::NoResponse {
                request: r1,
                why: w1,
            },
            Loaded::NoResponse {
                request: r2,
                why: w2,
            },
        ) => r1 == r2 && w1 == w2,
        _ => false,
    }
}

/// `sent 01:05:02.123` (UTC), as the history browser writes times.
fn sent_label(loaded: &Loaded) -> String {
    match loaded.request().and_then(|r| r.sent_at_ms) {
        Some(ms) => {
            let time = format_epoch_millis(ms);
            format!("sent {}", time.get(11..23).unwrap_or(&time))
        }
        None => "sent".to_string(),
    }
}
