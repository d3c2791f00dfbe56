//! `cinspect logs` on a whole file: the exchanges formatted on every core
//! and written in log order. The per-exchange work (verdict, errors located
//! in the request body, the JSON object) costs more than reading the log, so
//! one thread doing it all would be the bottleneck; batches go round to the
//! formatters and come back in the order they went.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::sources::sdk_log::LoggedExchange;

/// Exchanges formatted at a time.
const BATCH: usize = 256;

/// Formats every exchange of `exchanges` with `format` (which appends its
/// output to the buffer) on `threads` threads, writing the output to `out` in
/// the order the exchanges came. Stops early when writing fails (stdout
/// closed); returns that error.
pub fn write_in_order<I, F>(
    exchanges: &mut I,
    threads: usize,
    format: F,
    out: &mut (impl Write + Send),
) -> io::Result<()>
where
    I: Iterator<Item = LoggedExchange>,
    F: Fn(&LoggedExchange, &mut Vec<u8>) + Sync,
{
    let threads = threads.max(1);
    let failed = AtomicBool::new(false);
    let format = &format;
    std::thread::scope(|scope| {
        let mut to_formatters: Vec<SyncSender<Vec<LoggedExchange>>> = Vec::new();
        let mut from_formatters: Vec<Receiver<Vec<u8>>> = Vec::new();
        for _ in 0..threads {
            // Two batches waiting each way: bounded memory, the cores kept busy.
            let (tx, rx) = sync_channel::<Vec<LoggedExchange>>(2);
            let (done_tx, done_rx) = sync_channel::<Vec<u8>>(2);
            scope.spawn(move || {
                for batch in rx {
                    let mut text = Vec::new();
                    for x in &batch {
                        format(x, &mut text);
                    }
                    if done_tx.send(text).is_err() {
                        return;
                    }
                }
            });
            to_formatters.push(tx);
            from_formatters.push(done_rx);
        }
        let failed = &failed;
        let writer = scope.spawn(move || -> io::Result<()> {
            // Batch k went to formatter k % threads: taken back in turn.
            for k in 0.. {
                let Ok(text) = from_formatters[k % threads].recv() else {
                    return Ok(());
                };
                if let Err(e) = out.write_all(&text) {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
            Ok(())
        });
        let mut k = 0;
        loop {
            let batch: Vec<LoggedExchange> = exchanges.by_ref().take(BATCH).collect();
            if batch.is_empty() || failed.load(Ordering::Relaxed) {
                break;
            }
            if to_formatters[k % threads].send(batch).is_err() {
                break;
            }
            k += 1;
        }
        // The formatters end once their queues close; then the writer.
        drop(to_formatters);
        writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer ended")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::sdk_log::{self, Options};

    #[test]
    fn output_comes_in_the_order_of_the_exchanges() {
        let mut log = String::new();
        for i in 0..1000 {
            log.push_str(&format!(
                "2026-12-02T00:28:38 Incoming response (requestId='id-{i}', 7 ms):\n  status-code:  '200'\n  headers:      ''\n  body:         ''\n"
            ));
        }
        let mut exchanges = sdk_log::read(log.as_bytes(), Options::default());
        let mut out = Vec::new();
        write_in_order(
            &mut exchanges,
            3,
            |x, buf| buf.extend_from_slice(format!("{}\n", x.request_id).as_bytes()),
            &mut out,
        )
        .expect("written");
        let want: String = (0..1000).map(|i| format!("id-{i}\n")).collect();
        assert_eq!(String::from_utf8(out).expect("text"), want);
    }
}
