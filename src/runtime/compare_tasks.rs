//! A comparison off the UI thread: each side loaded (a history entry read
//! and rebuilt, a logged exchange read again, a webhook's view built), then
//! compared, its progress reported; a side that cannot be had is named.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::log_tasks;
use crate::app::compare::{Compared, Pick, SideSpec};
use crate::app::{Action, Ticket};
use crate::diff::{Limits, Parts};
use crate::history::History;
use crate::pipeline::compare::{self, Loaded};
use crate::webhooks;

/// Loads both sides and compares them, reporting to `tx`.
pub(super) fn run(
    tx: &UnboundedSender<Action>,
    ticket: Ticket,
    sides: [SideSpec; 2],
    parts: Parts,
    history: Option<&History>,
) {
    let [left, right] = sides;
    let result = load(&left, history)
        .map_err(|e| format!("the left side ({}): {e}", left.label))
        .and_then(|l| {
            load(&right, history)
                .map_err(|e| format!("the right side ({}): {e}", right.label))
                .map(|r| (l, r))
        })
        .map(|(l, r)| {
            let mut last = None;
            let comparison = compare::compare(&l, &r, parts, &Limits::default(), &mut |p| {
                // A few dozen reports at most: each percent once.
                if last != Some(p.percent()) {
                    last = Some(p.percent());
                    let _ = tx.send(Action::CompareProgress {
                        ticket,
                        progress: p,
                    });
                }
            });
            Box::new(Compared::of((left, l), (right, r), comparison))
        });
    let _ = tx.send(Action::Compared { ticket, result });
}

/// A side's exchange, or why it cannot be had.
fn load(side: &SideSpec, history: Option<&History>) -> Result<Arc<Loaded>, String> {
    Ok(Arc::new(match &side.pick {
        Pick::Ready(loaded) => return Ok(Arc::clone(loaded)),
        Pick::History(id) => {
            let store = history.ok_or_else(|| "history is off this session".to_string())?;
            let entry = store
                .get(*id)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("history entry {id} is gone"))?;
            webhooks::loaded_of_entry(&entry)
        }
        Pick::Logged { path, kept, place } => {
            let read;
            let x: &crate::sources::sdk_log::LoggedExchange = match (kept, place) {
                (Some(x), _) => x,
                (None, Some(place)) => {
                    read = log_tasks::read_logged(path, place)?;
                    &read
                }
                (None, None) => return Err("not kept and not in a file".to_string()),
            };
            x.loaded()?
        }
        Pick::Webhook(received) => Loaded::Exchange(Arc::new(webhooks::exchange_of(received))),
    }))
}
