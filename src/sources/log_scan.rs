//! A log read whole into its exchanges the fastest way it can be: a regular
//! file (not gzip) in parts on every core ([`sdk_log::read_split`]), anything
//! else (standard input, a pipe, a gzip file) from start to end. Both give
//! the same exchanges in the same order; `logs` and the log browser read
//! through here.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use super::log_file::{self, OpenError};
use super::sdk_log::{self, Exchanges, LoggedExchange, Options, SplitRead, Stats};

/// Tells the read to stop (the log browser was left).
pub type StopWhen = Arc<dyn Fn() -> bool + Send + Sync>;

/// The exchanges of one log, however it is read.
pub enum LogExchanges {
    Stream(Exchanges<Stoppable>),
    Split(SplitRead<File>),
}

/// A source that ends with an error once the read is to stop: a stream
/// stops within a chunk, even in a long stretch without exchanges.
pub struct Stoppable {
    inner: Box<dyn Read + Send>,
    stop: Option<StopWhen>,
}

impl Read for Stoppable {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stop.as_ref().is_some_and(|stop| stop()) {
            return Err(io::Error::other("the read was left"));
        }
        self.inner.read(buf)
    }
}

/// Threads that scan a file's parts: the cores there are, up to 8.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Opens the log at `path` for reading whole with `options`; `stop`, asked
/// between parts (or chunks of a stream), ends the read early.
pub fn read_log(
    path: &Path,
    options: Options,
    stop: Option<StopWhen>,
) -> Result<LogExchanges, OpenError> {
    let opened = match log_file::open_regular(path)? {
        Some(file) if !log_file::is_gzip_file(path)? => {
            let mut split = sdk_log::read_split(file, options, workers(), sdk_log::PART_BYTES);
            if let Some(stop) = stop {
                split.stop_when(move || stop());
            }
            return Ok(LogExchanges::Split(split));
        }
        Some(file) => log_file::read_opened(file).map_err(|source| OpenError {
            path: path.display().to_string(),
            source,
        })?,
        None => log_file::open(path)?,
    };
    let source = Stoppable {
        inner: opened,
        stop,
    };
    Ok(LogExchanges::Stream(sdk_log::read(source, options)))
}

impl LogExchanges {
    /// What the read came across so far (complete once the iterator is done).
    pub fn stats(&self) -> &Stats {
        match self {
            LogExchanges::Stream(r) => r.stats(),
            LogExchanges::Split(r) => r.stats(),
        }
    }

    /// The read error that ended the input early, if one did.
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            LogExchanges::Stream(r) => r.io_error(),
            LogExchanges::Split(r) => r.io_error(),
        }
    }
}

impl Iterator for LogExchanges {
    type Item = LoggedExchange;

    fn next(&mut self) -> Option<LoggedExchange> {
        match self {
            LogExchanges::Stream(r) => r.next(),
            LogExchanges::Split(r) => r.next(),
        }
    }
}
