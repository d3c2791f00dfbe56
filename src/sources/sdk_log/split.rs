//! A log read in parts on every core, exchanges out in log order, the same
//! ones a read from start to end gives ([`super::read`]).
//!
//! The input (a file, or bytes in memory) is cut into parts at line starts;
//! workers scan the parts at once, each into its messages and fragments
//! ([`Scanner`], which does all the per-line work). One stitcher takes the
//! parts in order and pairs their messages, as the reader from start to end
//! does. A part's scan began with no message open, which is right unless the
//! part before ended inside one (a message across the cut) or with a line
//! that may give the next its time (a java.util.logging header): then the
//! stitcher goes on with the state of the part before, line by line into
//! this part, until both states agree (nothing open in either, no header
//! line before), and takes the part's findings from there. In the worst case
//! it reads the whole part itself: slower, never different.
//!
//! Memory: each worker holds at most two scanned parts (one waiting to be
//! stitched), each about as big as the messages of [`PART_BYTES`] of input.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use super::lines::{Line, LineSplitter};
use super::model::LoggedExchange;
use super::pairing::Pairer;
use super::reader::{Event, Found, Options, Scanner, count_line, pair};
use super::stats::Stats;

/// Input a part is read from: a file read at offsets (no shared position,
/// so every worker reads its own part), or bytes in memory.
pub trait Positioned: Send + Sync + 'static {
    fn size(&self) -> u64;
    /// Like `Read::read`, at `offset`.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize>;
}

#[cfg(unix)]
impl Positioned for std::fs::File {
    fn size(&self) -> u64 {
        self.metadata().map_or(0, |m| m.len())
    }

    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(self, buf, offset)
    }
}

impl Positioned for Vec<u8> {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        let from = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.len());
        let n = buf.len().min(self.len() - from);
        buf[..n].copy_from_slice(&self[from..from + n]);
        Ok(n)
    }
}

/// Bytes of input a worker scans at a time.
pub const PART_BYTES: u64 = 4 << 20;

/// The first part's bytes: at most 256 KiB.
fn first_part(part_bytes: u64) -> u64 {
    part_bytes.min(256 << 10)
}

/// `[offset, end)` of the input as a `Read`.
struct Range<'a, P> {
    input: &'a P,
    offset: u64,
    end: u64,
}

impl<P: Positioned> Read for Range<'_, P> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = usize::try_from(self.end.saturating_sub(self.offset)).unwrap_or(usize::MAX);
        let want = buf.len().min(left);
        if want == 0 {
            return Ok(0);
        }
        let n = self.input.read_at(&mut buf[..want], self.offset)?;
        self.offset += n as u64;
        Ok(n)
    }
}

/// Where the first line at or after `at` starts (the input's size when none does).
fn line_start<P: Positioned>(input: &P, at: u64, size: u64) -> io::Result<u64> {
    if at == 0 || at >= size {
        return Ok(at.min(size));
    }
    let mut buf = [0u8; 4096];
    let mut from = at - 1;
    while from < size {
        let n = input.read_at(&mut buf, from)?;
        if n == 0 {
            break;
        }
        if let Some(i) = memchr::memchr(b'\n', &buf[..n]) {
            return Ok(from + i as u64 + 1);
        }
        from += n as u64;
    }
    Ok(size)
}

/// One part as a worker scanned it; line numbers count from 1 in the part.
struct Scanned {
    start: u64,
    end: u64,
    events: Vec<Event>,
    /// The scanner as the part left it (a message may be open).
    scanner: Scanner,
    /// Its lines, bytes and cut lines.
    stats: Stats,
}

/// Where the parts are: part `k` is `[bound(k), bound(k + 1))`, each bound a
/// line start found by whichever worker needs it first.
struct Bounds<P> {
    input: Arc<P>,
    size: u64,
    part_bytes: u64,
    found: Vec<OnceLock<io::Result<u64>>>,
}

impl<P: Positioned> Bounds<P> {
    fn parts(&self) -> usize {
        self.found.len() - 1
    }

    fn get(&self, k: usize) -> io::Result<u64> {
        // The first part is short: its exchanges come out (the browser's first
        // screen) before a whole part is scanned.
        let first = first_part(self.part_bytes);
        let nominal = match k {
            0 => 0,
            k => first.saturating_add(((k - 1) as u64).saturating_mul(self.part_bytes)),
        };
        match self.found[k].get_or_init(|| line_start(&*self.input, nominal, self.size)) {
            Ok(at) => Ok(*at),
            Err(e) => Err(io::Error::new(e.kind(), e.to_string())),
        }
    }

    /// Reads part `k` into its findings; `buf` is the worker's buffer, used
    /// again part after part.
    fn scan(&self, k: usize, options: Options, buf: &mut Vec<u8>) -> io::Result<Scanned> {
        let (start, end) = (self.get(k)?, self.get(k + 1)?);
        let mut scanner = Scanner::new(options);
        scanner.joins = Some(Vec::new());
        let mut stats = Stats::default();
        let mut events = Vec::new();
        let mut lines = self.lines(start, end.max(start), options, std::mem::take(buf));
        let mut each = |line: &Line<'_>| {
            count_line(&mut stats, line);
            scanner.push(line);
            events.append(&mut scanner.out);
        };
        while let Some(line) = lines.next_line()? {
            each(&line);
        }
        if let Some(line) = lines.take_partial() {
            each(&line);
        }
        *buf = lines.into_buffer();
        Ok(Scanned {
            start,
            end: end.max(start),
            events,
            scanner,
            stats,
        })
    }

    fn lines(
        &self,
        start: u64,
        end: u64,
        options: Options,
        buf: Vec<u8>,
    ) -> LineSplitter<Range<'_, P>> {
        let range = Range {
            input: &*self.input,
            offset: start,
            end,
        };
        // Numbered from 1 in the part; placed in the whole input.
        LineSplitter::at_offset(range, options.max_line_bytes, start, buf)
    }
}

/// Every exchange of a positioned input, read in parts on `workers` threads;
/// an iterator like [`super::Exchanges`].
pub struct SplitRead<P: Positioned> {
    bounds: Arc<Bounds<P>>,
    options: Options,
    /// Part `k` comes from `results[k % workers]` (None: a thread that could
    /// not be started; its parts are read by the stitcher).
    results: Vec<Option<Receiver<io::Result<Scanned>>>>,
    workers: Vec<JoinHandle<()>>,
    stop: Arc<AtomicBool>,
    /// Asked between parts: the caller's reason to stop early.
    stop_when: Option<Box<dyn Fn() -> bool + Send>>,
    next_part: usize,
    /// The state where the parts stitched so far end, numbered in the whole input.
    scanner: Scanner,
    lines_before: u64,
    pairer: Pairer,
    stats: Stats,
    error: Option<io::Error>,
    done: bool,
}

/// Reads every SDK exchange of `input` in parts of `part_bytes` on `workers`
/// threads (at least one), in the options' order.
pub fn read_split<P: Positioned>(
    input: P,
    options: Options,
    workers: usize,
    part_bytes: u64,
) -> SplitRead<P> {
    let size = input.size();
    let part_bytes = part_bytes.max(1);
    let first = first_part(part_bytes);
    let parts = match size {
        0 => 0,
        size if size <= first => 1,
        size => 1 + usize::try_from((size - first).div_ceil(part_bytes)).unwrap_or(usize::MAX - 1),
    };
    let bounds = Arc::new(Bounds {
        input: Arc::new(input),
        size,
        part_bytes,
        found: (0..=parts).map(|_| OnceLock::new()).collect(),
    });
    let stop = Arc::new(AtomicBool::new(false));
    let count = workers.clamp(1, parts.max(1));
    let mut results = Vec::with_capacity(count);
    let mut handles = Vec::with_capacity(count);
    for w in 0..count {
        // One scanned part waiting beside the one being scanned: bounded memory.
        let (tx, rx) = sync_channel(1);
        let (bounds, stop) = (Arc::clone(&bounds), Arc::clone(&stop));
        let spawned = std::thread::Builder::new()
            .name(format!("log-scan-{w}"))
            .spawn(move || work(&bounds, options, w, count, &stop, &tx));
        match spawned {
            Ok(handle) => {
                handles.push(handle);
                results.push(Some(rx));
            }
            Err(_) => results.push(None),
        }
    }
    SplitRead {
        bounds,
        options,
        results,
        workers: handles,
        stop,
        stop_when: None,
        next_part: 0,
        scanner: Scanner::new(options),
        lines_before: 0,
        pairer: Pairer::new(options.order, options.window, options.max_held_bytes),
        stats: Stats::default(),
        error: None,
        done: false,
    }
}

/// A worker: parts `first`, `first + step`, … until the end, a stop, or an
/// error (sent, then the worker ends).
fn work<P: Positioned>(
    bounds: &Bounds<P>,
    options: Options,
    first: usize,
    step: usize,
    stop: &AtomicBool,
    tx: &SyncSender<io::Result<Scanned>>,
) {
    let mut k = first;
    let mut buf = Vec::new();
    while k < bounds.parts() && !stop.load(Ordering::Relaxed) {
        let scanned = bounds.scan(k, options, &mut buf);
        let failed = scanned.is_err();
        if tx.send(scanned).is_err() || failed {
            return;
        }
        k += step;
    }
}

impl<P: Positioned> SplitRead<P> {
    /// What the read came across so far (complete once the iterator is done).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The read error that ended the input early, if one did.
    pub fn io_error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    /// Lets the workers go: nothing more is scanned (reading a log that is
    /// left half way).
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Asks `stop` between parts; once it says so, the read ends there.
    pub fn stop_when(&mut self, stop: impl Fn() -> bool + Send + 'static) {
        self.stop_when = Some(Box::new(stop));
    }

    /// The next part, from its worker (or read here when it has none).
    fn receive(&mut self, k: usize) -> io::Result<Scanned> {
        match self
            .results
            .get(k % self.results.len().max(1))
            .and_then(Option::as_ref)
        {
            Some(rx) => rx
                .recv()
                .unwrap_or_else(|_| Err(io::Error::other("a log-reading thread ended"))),
            None => self.bounds.scan(k, self.options, &mut Vec::new()),
        }
    }

    /// Takes a part's findings after the parts before it.
    fn stitch(&mut self, part: Scanned) -> io::Result<()> {
        let base = self.lines_before;
        self.lines_before += part.stats.lines;
        self.stats.add_lines(&part.stats, base);
        if part.start == part.end {
            return Ok(());
        }
        let Scanned {
            start,
            end,
            events,
            scanner,
            ..
        } = part;
        let mut from = Some(start);
        if !self.scanner.is_clean() {
            from = None;
            let bounds = Arc::clone(&self.bounds);
            let mut lines = bounds.lines(start, end, self.options, Vec::new());
            let joins = scanner.joins.as_deref().unwrap_or_default();
            let (mut j, mut k) = (0, 0);
            loop {
                let line = match lines.next_line()? {
                    Some(line) => line,
                    None => match lines.take_partial() {
                        Some(line) => line,
                        None => break,
                    },
                };
                if self.scanner.is_clean()
                    && clean_before(&events, &mut j, &scanner, line.offset)
                    && outside(joins, &mut k, line.offset)
                {
                    from = Some(line.offset);
                    break;
                }
                self.scanner.push(&Line {
                    number: base + line.number,
                    ..line
                });
                for event in self.scanner.out.drain(..) {
                    pair(&mut self.pairer, &mut self.stats, event.what);
                }
            }
        }
        // Not agreed within the part: it was read here whole, its scan is not used.
        let Some(from) = from else {
            return Ok(());
        };
        for event in events.into_iter().filter(|e| e.at >= from) {
            pair(
                &mut self.pairer,
                &mut self.stats,
                renumbered(event.what, base),
            );
        }
        self.scanner = scanner;
        self.scanner.shift_lines(base);
        // Only a part's own scan needs them.
        self.scanner.joins = None;
        Ok(())
    }

    fn take_events(&mut self) {
        for event in self.scanner.out.drain(..) {
            pair(&mut self.pairer, &mut self.stats, event.what);
        }
    }

    /// The end of the input (or of what could be read).
    fn finish(&mut self) {
        self.scanner.finish();
        self.take_events();
        self.pairer.finish(&mut self.stats);
        self.done = true;
        self.stop();
    }
}

/// Whether a part's own scan had nothing open before the line at `offset`
/// (`j` moves on over the findings, whose spans do not overlap).
fn clean_before(events: &[Event], j: &mut usize, scanner: &Scanner, offset: u64) -> bool {
    while events.get(*j).is_some_and(|e| e.until <= offset) {
        *j += 1;
    }
    if events.get(*j).is_some_and(|e| e.at < offset) {
        return false;
    }
    scanner.open_at().is_none_or(|at| at >= offset)
        && scanner.held_at().is_none_or(|at| at >= offset)
}

/// Whether `offset` is outside the lines joined from several records (in
/// order, not overlapping; `k` moves on over them).
fn outside(joins: &[(u64, u64)], k: &mut usize, offset: u64) -> bool {
    while joins.get(*k).is_some_and(|&(_, end)| end <= offset) {
        *k += 1;
    }
    joins.get(*k).is_none_or(|&(at, _)| at >= offset)
}

/// A finding of a part, its line numbers in the whole input.
fn renumbered(found: Found, base: u64) -> Found {
    match found {
        Found::Message(mut m) => {
            m.line += base;
            m.span.first_line += base;
            Found::Message(m)
        }
        Found::Fragment(line) => Found::Fragment(line + base),
    }
}

impl<P: Positioned> Iterator for SplitRead<P> {
    type Item = LoggedExchange;

    fn next(&mut self) -> Option<LoggedExchange> {
        loop {
            if let Some(x) = self.pairer.pop() {
                return Some(x);
            }
            if self.done {
                return None;
            }
            if self.stop_when.as_ref().is_some_and(|stop| stop()) {
                self.error = Some(io::Error::other("the read was left"));
                self.stop();
            }
            if self.next_part >= self.bounds.parts() || self.stop.load(Ordering::Relaxed) {
                self.finish();
                continue;
            }
            let k = self.next_part;
            self.next_part += 1;
            let stitched = self.receive(k).and_then(|part| self.stitch(part));
            if let Err(e) = stitched {
                self.error = Some(e);
                self.finish();
            }
        }
    }
}

impl<P: Positioned> Drop for SplitRead<P> {
    fn drop(&mut self) {
        self.stop();
        // Their sends fail once nobody receives: each ends within a part.
        self.results.clear();
        for handle in self.workers.drain(..) {
            let _ = handle.join();
        }
    }
}
