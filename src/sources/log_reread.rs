//! One exchange read again from its log file by where its messages are: the
//! log browser keeps an index of each exchange, not its bodies. A gzip file
//! is decompressed again up to the exchange (the further in, the longer it
//! takes). What is read is checked: a log rewritten since gives an error,
//! never another exchange.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use super::log_file::{self, OpenError};
use super::sdk_log::{Line, LineSplitter, LogReader, LoggedExchange, Options, Span};

/// Where an exchange is: what it is read back by, and what it is checked by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The requestId, or its head (a hostile log's id may be long).
    pub request_id: String,
    pub line: u64,
    /// Its messages' bytes, in log order.
    pub spans: Box<[Span]>,
}

impl Place {
    pub fn of(x: &LoggedExchange) -> Self {
        Place {
            request_id: x.request_id.clone(),
            line: x.line,
            spans: x.spans().into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RereadError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("{path}: reading it again failed: {source}")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path}: the exchange of line {line} is not there any more (the log changed since it was read): open the log again"
    )]
    Changed { path: String, line: u64 },
}

/// The file, positioned at will: a plain file seeks, a gzip stream skips ahead.
enum Source {
    Plain(File),
    Gzip {
        stream: Box<dyn Read + Send>,
        at: u64,
    },
}

impl Source {
    fn go_to(&mut self, offset: u64) -> io::Result<()> {
        match self {
            Source::Plain(file) => file.seek(SeekFrom::Start(offset)).map(drop),
            Source::Gzip { stream, at } => {
                let ahead = offset
                    .checked_sub(*at)
                    .ok_or_else(|| io::Error::other("messages out of order"))?;
                let skipped = io::copy(&mut stream.by_ref().take(ahead), &mut io::sink())?;
                *at += skipped;
                Ok(())
            }
        }
    }

    fn read_span(&mut self, span: Span) -> Box<dyn Read + '_> {
        let len = span.end.saturating_sub(span.start);
        match self {
            Source::Plain(file) => Box::new(file.take(len)),
            Source::Gzip { stream, at } => {
                *at = span.end;
                Box::new(stream.take(len))
            }
        }
    }
}

/// The exchange at `place` in the log at `path`, read with `options` (those
/// of the first read, so it reads the same).
pub fn read_again(
    path: &Path,
    place: &Place,
    options: Options,
) -> Result<LoggedExchange, RereadError> {
    let name = || path.display().to_string();
    let failed = |source| RereadError::Read {
        path: name(),
        source,
    };
    let changed = || RereadError::Changed {
        path: name(),
        line: place.line,
    };
    let mut source = if log_file::is_gzip_file(path)? {
        Source::Gzip {
            stream: log_file::open(path)?,
            at: 0,
        }
    } else {
        Source::Plain(File::open(path).map_err(|e| OpenError {
            path: name(),
            source: e,
        })?)
    };
    let mut reader = LogReader::new(options);
    for &span in place.spans.iter() {
        source.go_to(span.start).map_err(failed)?;
        let mut lines = LineSplitter::new(source.read_span(span), options.max_line_bytes);
        // Numbered and placed as in the whole file, so it reads the same.
        while let Some(line) = lines.next_line().map_err(failed)? {
            reader.push(&placed(line, span));
        }
        if let Some(line) = lines.take_partial() {
            reader.push(&placed(line, span));
        }
        reader.end_message();
    }
    reader.finish();
    std::iter::from_fn(|| reader.pop())
        // The browser may keep only the head of a very long id.
        .find(|x| x.line == place.line && x.request_id.starts_with(&*place.request_id))
        .ok_or_else(changed)
}

/// A line of a span as it was in the whole file: its number and offsets.
fn placed(line: Line<'_>, span: Span) -> Line<'_> {
    Line {
        number: span.first_line + line.number - 1,
        offset: span.start + line.offset,
        end: span.start + line.end,
        ..line
    }
}
