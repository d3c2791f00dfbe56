//! Work on a log's exchanges done on every core, its results taken in log
//! order. Reading a big log is split over the cores already
//! ([`super::sdk_log::read_split`]); what is done with each exchange next
//! (its verdict, its errors located in the request body, a text line, a JSON
//! object, a row of the log browser) costs as much again, so one thread
//! doing it all would be the bottleneck. Batches go round to the workers and
//! their results come back in the order the batches went.
//!
//! Memory is bounded: two batches wait each way per worker, and the buffers
//! the results are made in go back to be used again (a big output buffer is
//! not allocated and faulted in for every batch).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

/// Runs `work` on each batch of `batches` on `threads` threads, into a
/// buffer of type `O`, and hands the buffers to `take` in the order the
/// batches came. `take` leaves the buffer as `work` should find it (emptied:
/// it is used again for a later batch), and returns false to stop: no more
/// batches are taken from `batches` then. Returns whether every batch was
/// taken.
pub fn map_in_order<B, O, W, K>(
    batches: impl Iterator<Item = B>,
    threads: usize,
    work: W,
    take: K,
) -> bool
where
    B: Send,
    O: Default + Send,
    W: Fn(B, &mut O) + Sync,
    K: FnMut(&mut O) -> bool + Send,
{
    let threads = threads.max(1);
    let stopped = AtomicBool::new(false);
    let work = &work;
    std::thread::scope(|scope| {
        let mut to_workers: Vec<SyncSender<(B, O)>> = Vec::new();
        let mut from_workers: Vec<Receiver<O>> = Vec::new();
        for _ in 0..threads {
            // Two batches waiting each way: bounded memory, the cores kept busy.
            let (tx, rx) = sync_channel::<(B, O)>(2);
            let (done_tx, done_rx) = sync_channel::<O>(2);
            scope.spawn(move || {
                for (batch, mut out) in rx {
                    work(batch, &mut out);
                    if done_tx.send(out).is_err() {
                        return;
                    }
                }
            });
            to_workers.push(tx);
            from_workers.push(done_rx);
        }
        // Buffers taken, back to the producer to be filled again.
        let (spare_tx, spare_rx) = channel::<O>();
        let stopped = &stopped;
        let taker = scope.spawn(move || {
            let mut take = take;
            // Batch k went to worker k % threads: taken back in turn.
            for k in 0.. {
                let Ok(mut out) = from_workers[k % threads].recv() else {
                    return true;
                };
                if !take(&mut out) {
                    stopped.store(true, Ordering::Relaxed);
                    return false;
                }
                let _ = spare_tx.send(out);
            }
            true
        });
        for (k, batch) in batches.enumerate() {
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            let out = spare_rx.try_recv().unwrap_or_default();
            if to_workers[k % threads].send((batch, out)).is_err() {
                break;
            }
        }
        // The workers end once their queues close; then the taker.
        drop(to_workers);
        taker.join().unwrap_or(false)
    })
}

/// Threads for the work after the read: the cores there are, up to 8.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Batches of up to `size` items of `items` and about `max_weight` of their
/// `weight` (a batch ends with the item that reaches it), for
/// [`map_in_order`]: what waits in the batches is bounded by its weight,
/// whatever the size of an item.
pub fn batches<T>(
    items: &mut impl Iterator<Item = T>,
    size: usize,
    max_weight: usize,
    weight: impl Fn(&T) -> usize,
) -> impl Iterator<Item = Vec<T>> {
    std::iter::from_fn(move || {
        let mut batch = Vec::new();
        let mut held = 0usize;
        for item in items.by_ref() {
            held = held.saturating_add(weight(&item));
            batch.push(item);
            if batch.len() >= size.max(1) || held >= max_weight {
                break;
            }
        }
        (!batch.is_empty()).then_some(batch)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_batches() {
        let mut items = 0..10_000u32;
        let mut out = Vec::new();
        let all = map_in_order(
            batches(&mut items, 7, usize::MAX, |_| 0),
            3,
            |batch: Vec<u32>, buf: &mut Vec<u32>| buf.extend(batch.iter().map(|i| i * 2)),
            |buf: &mut Vec<u32>| {
                out.append(buf);
                true
            },
        );
        assert!(all);
        assert_eq!(out, (0..10_000).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_take_that_says_stop_stops_the_batches() {
        let mut items = 0..1_000_000u32;
        let mut taken = 0;
        let all = map_in_order(
            batches(&mut items, 10, usize::MAX, |_| 0),
            2,
            |batch: Vec<u32>, buf: &mut Vec<u32>| buf.extend(batch),
            |buf: &mut Vec<u32>| {
                taken += buf.len();
                buf.clear();
                taken < 100
            },
        );
        assert!(!all);
        assert_eq!(taken, 100);
        // A few batches in flight at most were read past the stop.
        assert!(
            items.next().is_some_and(|i| i < 1_000),
            "read on after the stop"
        );
    }

    #[test]
    fn a_batch_ends_at_its_count_or_its_weight() {
        let mut items = [1usize, 1, 5, 1, 1, 1, 1, 1, 1].into_iter();
        let sizes: Vec<Vec<usize>> = batches(&mut items, 4, 6, |w| *w).collect();
        assert_eq!(
            sizes,
            vec![vec![1, 1, 5], vec![1, 1, 1, 1], vec![1, 1]],
            "the third item brings the first batch to its weight, the next four to its count"
        );
    }
}
