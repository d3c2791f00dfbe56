//! The executor's log effects, on the blocking pool: a log read into the
//! browser's rows in batches (stopped as soon as it is superseded or left),
//! and one exchange read again from its file for Enter.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::Action;
use crate::app::Ticket;
use crate::app::logs::{Draft, Indexer};
use crate::sources::in_order::{self, map_in_order};
use crate::sources::log_reread::{self, Place};
use crate::sources::sdk_log::{self, LoggedExchange};
use crate::sources::{log_file, log_scan};

/// Rows sent to the app at a time: the first screen comes at once.
const LOG_BATCH: usize = 100;
/// The first batch: a screenful, so the first rows show before the next
/// hundred are read.
const FIRST_BATCH: usize = 40;
/// A batch goes at least this often while rows come.
const BATCH_EVERY: Duration = Duration::from_millis(100);
/// … and once its exchanges weigh this much: big bodies go a few at a time,
/// so that what waits between the threads stays small whatever the log.
const BATCH_BYTES: usize = 1 << 20;

/// Reads an SDK log, sending its rows in batches (the browser fills while
/// the rest is read). Stops, saying nothing more, once cancelled or when the
/// app is gone.
pub(super) fn read_log(
    tx: &UnboundedSender<Action>,
    read: Ticket,
    path: &str,
    cancel: &CancellationToken,
) {
    let done = |notes: Vec<String>| {
        let _ = tx.send(Action::LogDone { read, notes });
    };
    let file = Path::new(path);
    // The TUI's keys come from the terminal: it is no log.
    if let Err(e) = log_file::check_stdin(file) {
        return done(vec![e.to_string()]);
    }
    let rereadable = log_file::can_read_again(file);
    let mut indexer = Indexer::new(rereadable);
    let options = sdk_log::Options {
        masks: indexer.needs_masks(),
        ..sdk_log::Options::default()
    };
    let left = cancel.clone();
    let stop: log_scan::StopWhen = Arc::new(move || left.is_cancelled());
    let mut exchanges = match log_scan::read_log(file, options, Some(stop)) {
        Ok(read) => read,
        Err(e) => return done(vec![e.to_string()]),
    };
    // Measured here, not by the app: its update does no IO.
    let total_bytes = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    // Batches of exchanges as they come (the first screen at once), with how
    // far the read had come; their rows made on every core, sent in order.
    let mut size = FIRST_BATCH;
    let batches = std::iter::from_fn(|| {
        let started = Instant::now();
        let mut batch = Vec::new();
        let mut weight = 0usize;
        for x in exchanges.by_ref() {
            weight = weight.saturating_add(x.weight());
            batch.push(x);
            if batch.len() >= size || weight >= BATCH_BYTES || started.elapsed() > BATCH_EVERY {
                break;
            }
        }
        size = LOG_BATCH;
        (!batch.is_empty() && !cancel.is_cancelled()).then(|| (batch, exchanges.stats().bytes))
    });
    let mut bytes_read = 0;
    let all = map_in_order(
        batches,
        in_order::threads(),
        |(batch, read_so_far): (Vec<LoggedExchange>, u64), out: &mut (Vec<Draft>, u64)| {
            out.0
                .extend(batch.into_iter().map(|x| Indexer::draft(x, rereadable)));
            out.1 = read_so_far;
        },
        |(drafts, read_so_far): &mut (Vec<Draft>, u64)| {
            if cancel.is_cancelled() {
                return false;
            }
            let rows = drafts.drain(..).map(|d| indexer.place(d)).collect();
            bytes_read = *read_so_far;
            tx.send(Action::LogRows {
                read,
                rows,
                bytes_read,
                total_bytes,
            })
            .is_ok()
        },
    );
    if !all || cancel.is_cancelled() {
        return;
    }
    let bytes_read = exchanges.stats().bytes;
    let _ = tx.send(Action::LogRows {
        read,
        rows: Vec::new(),
        bytes_read,
        total_bytes,
    });
    let stats = exchanges.stats();
    let mut notes: Vec<String> = stats.fragments_note().into_iter().collect();
    notes.extend(stats.cut_note(sdk_log::Options::default().max_line_bytes));
    notes.extend(indexer.notes());
    if let Some(e) = exchanges.io_error() {
        notes.push(format!("{path}: reading stopped: {e}"));
    }
    done(notes);
}

/// One exchange read again from its log, with the first read's options.
pub(super) fn read_logged(path: &str, place: &Place) -> Result<Box<LoggedExchange>, String> {
    log_reread::read_again(Path::new(path), place, sdk_log::Options::default())
        .map(Box::new)
        .map_err(|e| e.to_string())
}
