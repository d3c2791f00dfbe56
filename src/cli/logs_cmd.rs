//! `cinspect logs`: the SDK exchanges in application logs, one line (or one
//! JSON object) each, with the verdict and where the first error points in
//! the request body as logged. Nothing read from a log is ever sent.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;

use crate::body::printable;
use crate::config;
use crate::locate::{Document, IndexBase};
use crate::pipeline::{locate_all, place_phrase};
use crate::sources::in_order::{self, map_in_order};
use crate::sources::log_file::{self, Change, Followed};
use crate::sources::log_scan;
use crate::sources::sdk_log::{LineSplitter, LogReader, LoggedExchange, Options, Order, Stats};

const EXIT_USAGE: u8 = 2;
/// Exchanges formatted at a time, on each core.
const BATCH: usize = 64;
/// … and about this much of their bodies: exchanges with big bodies go a few at a time,
/// so that what waits between the threads stays small whatever the log.
const BATCH_BYTES: usize = 1 << 20;
/// How often a followed file is looked at when nothing new came.
const POLL: Duration = Duration::from_millis(50);
/// A quiet spell after which a message that may end here is taken as ended.
const QUIET: Duration = Duration::from_millis(250);

#[derive(Debug, Args)]
#[command(
    about = "List the SDK exchanges in application logs (Java, .NET, Python, Ruby, PHP, Node, Go)",
    long_about = "List the Connect SDK exchanges in application logs: the communicator loggers of \
        the Java, .NET, Python, Ruby, PHP, Node and Go SDKs, inside any logger's lines. One line \
        per exchange: time, requestId, method, uri, status and its meaning, the SDK-style verdict, \
        and the first error with where its propertyName points in the request body as logged.\n\n\
        `-` reads standard input; gzip files are read directly. Fragments that could not be read \
        are counted on stderr.\n\n\
        Exit status: 0 when everything was read (failed exchanges included), 2 for bad usage or a \
        file that cannot be read (a followed one included)."
)]
pub struct LogsArgs {
    /// Log files (`-` for standard input; .gz files are decompressed).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Only exchanges that failed: not 2xx, or no response logged.
    #[arg(long)]
    pub failed: bool,
    /// One JSON object per exchange (JSON Lines), with `cinspect send --json`'s names.
    #[arg(long)]
    pub json: bool,
    /// Keep reading the files as they grow (rotation included); Ctrl-C ends it.
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// How to read array indexes in propertyName.
    #[arg(long, value_name = "auto|0|1")]
    pub index_base: Option<IndexBase>,
}

/// How exchanges are printed.
struct Printer {
    json: bool,
    failed: bool,
    index_base: IndexBase,
    out: io::BufWriter<io::Stdout>,
}

pub fn run(args: LogsArgs) -> ExitCode {
    let loaded = config::load(config::config_dir().as_deref());
    let mut printer = Printer {
        json: args.json,
        failed: args.failed,
        index_base: args.index_base.unwrap_or(loaded.config.index_base),
        out: io::BufWriter::new(io::stdout()),
    };
    let mut ok = true;
    let mut followed = Vec::new();
    for path in &args.files {
        if args.follow && log_file::can_follow(path) {
            match Followed::open(path) {
                Ok(f) => followed.push(Tail::new(f, printer.options())),
                Err(e) => ok = report_open_error(&e),
            }
            continue;
        }
        ok &= read_whole(path, &mut printer);
    }
    if printer.out.flush().is_err() {
        return ExitCode::SUCCESS; // stdout closed (a pipe into head): nothing more to say
    }
    if !followed.is_empty() {
        ok &= follow(followed, &mut printer);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_USAGE)
    }
}

fn report_open_error(e: &log_file::OpenError) -> bool {
    super::errln!("cinspect: {}", printable(&e.to_string()));
    false
}

/// Reads one file to its end; false when it could not be read.
fn read_whole(path: &Path, printer: &mut Printer) -> bool {
    let mut read = match log_scan::read_log(path, printer.options(), None) {
        Ok(read) => read,
        Err(e) => return report_open_error(&e),
    };
    let name = path.display().to_string();
    let (json, failed, base) = (printer.json, printer.failed, printer.index_base);
    let out = &mut printer.out;
    let mut closed = false;
    map_in_order(
        in_order::batches(&mut read, BATCH, BATCH_BYTES, LoggedExchange::weight),
        in_order::threads(),
        |batch: Vec<LoggedExchange>, buf: &mut Vec<u8>| {
            for x in &batch {
                format(json, failed, base, &name, x, buf);
            }
        },
        |buf: &mut Vec<u8>| {
            closed = out.write_all(buf).is_err();
            buf.clear();
            !closed
        },
    );
    if closed {
        return true; // stdout closed (a pipe into head): nothing more to say
    }
    notes(&name, read.stats());
    match read.io_error() {
        Some(e) => {
            super::errln!("cinspect: {}", printable(&format!("{name}: {e}")));
            false
        }
        None => true,
    }
}

/// The fragments and cut lines of a file, on stderr.
fn notes(name: &str, stats: &Stats) {
    let cap = Options::default().max_line_bytes;
    for note in [stats.fragments_note(), stats.cut_note(cap)]
        .into_iter()
        .flatten()
    {
        super::errln!("cinspect: {}: {note}", printable(name));
    }
}

/// One followed file: its lines, its reader and when it last grew.
struct Tail {
    name: String,
    lines: LineSplitter<Followed>,
    reader: LogReader,
    last_data: Instant,
    idle_done: bool,
}

impl Tail {
    fn new(f: Followed, options: Options) -> Self {
        let options = Options {
            order: Order::Completed,
            ..options
        };
        Tail {
            name: f.path().display().to_string(),
            lines: LineSplitter::new(f, options.max_line_bytes),
            reader: LogReader::new(options),
            last_data: Instant::now(),
            idle_done: false,
        }
    }

    /// Reads what is there now; true when something was.
    fn poll(&mut self) -> io::Result<bool> {
        let mut any = false;
        while let Some(line) = self.lines.next_line()? {
            self.reader.push(&line);
            any = true;
            if self.reader.has_ready() {
                // Printed before more is read: a big file is not kept whole.
                self.last_data = Instant::now();
                self.idle_done = false;
                return Ok(true);
            }
        }
        let change = self.lines.source_mut().check()?;
        if change == Change::NotRegular {
            super::errln!(
                "cinspect: {}: not a regular file any more (a FIFO, a socket, a device?): skipped \
                 until a regular file is there again; the other files go on",
                printable(&self.name)
            );
        } else if change != Change::None {
            // The old file is read to its end: its last line, even unterminated, is whole.
            if let Some(line) = self.lines.take_partial() {
                self.reader.push(&line);
            }
            self.reader.idle();
            self.lines.restart_numbering();
            any = true;
        }
        if any {
            self.last_data = Instant::now();
            self.idle_done = false;
        } else if !self.idle_done && self.last_data.elapsed() >= QUIET {
            self.reader.idle();
            self.idle_done = true;
        }
        Ok(any)
    }
}

/// Follows the files until interrupted, stdout is closed, or none can be
/// read; false when a file could not be read any more.
fn follow(mut tails: Vec<Tail>, printer: &mut Printer) -> bool {
    let mut ok = true;
    while !tails.is_empty() {
        let mut any = false;
        let mut i = 0;
        while i < tails.len() {
            let tail = &mut tails[i];
            match tail.poll() {
                Ok(got) => any |= got,
                Err(e) => {
                    // Reported once; the other files go on.
                    super::errln!(
                        "cinspect: {}: cannot be read any more: {e}",
                        printable(&tail.name)
                    );
                    ok = false;
                    // What it still held is given out: the requests as unanswered.
                    tail.reader.finish();
                    while let Some(x) = tail.reader.pop() {
                        if printer.print(&tail.name, &x).is_err() {
                            return ok;
                        }
                    }
                    tails.remove(i);
                    continue;
                }
            }
            while let Some(x) = tail.reader.pop() {
                if printer.print(&tail.name, &x).is_err() {
                    return ok;
                }
            }
            i += 1;
        }
        if printer.out.flush().is_err() {
            return ok;
        }
        if !any {
            std::thread::sleep(POLL);
        }
    }
    ok
}

impl Printer {
    /// How logs are read for this output: the masked values are listed
    /// only in JSON.
    fn options(&self) -> Options {
        Options {
            masks: self.json,
            ..Options::default()
        }
    }

    fn print(&mut self, file: &str, x: &LoggedExchange) -> io::Result<()> {
        let mut line = Vec::new();
        format(self.json, self.failed, self.index_base, file, x, &mut line);
        self.out.write_all(&line)
    }
}

/// One exchange's line (text or JSON), appended to `buf`; nothing when
/// `failed` asks for failed exchanges only and it did not fail.
fn format(
    json: bool,
    failed: bool,
    base: IndexBase,
    file: &str,
    x: &LoggedExchange,
    buf: &mut Vec<u8>,
) {
    if failed && !x.is_failed() {
        return;
    }
    if json {
        super::logs_json::write(file, x, base, buf);
    } else {
        text_line(file, x, base, buf);
    }
    buf.push(b'\n');
}

/// `java.log:13  2026-12-02T00:28:39  d1dce88f  POST /v1/1234/payments  400 Bad Request
/// validation error (…)  order.amountOfMoney.currencyCode → 1:310` (or `→ missing amount,
/// would go at 29:26`), every part printable.
fn text_line(file: &str, x: &LoggedExchange, base: IndexBase, out: &mut Vec<u8>) {
    // Written straight into the batch's buffer: this runs for every exchange.
    out.extend_from_slice(printable(file).as_bytes());
    let _ = write!(out, ":{}", x.line);
    let mut part = |text: &str| {
        out.extend_from_slice(b"  ");
        out.extend_from_slice(printable(text).as_bytes());
    };
    if let Some(t) = &x.time {
        part(t);
    }
    part(short_id(&x.request_id));
    match &x.request {
        Some(r) => {
            part(&r.method);
            // The method and the uri are one part.
            out.push(b' ');
            out.extend_from_slice(printable(&r.uri).as_bytes());
        }
        None => out.extend_from_slice(b"  (request not logged)"),
    }
    let mut part = |text: &str| {
        out.extend_from_slice(b"  ");
        out.extend_from_slice(printable(text).as_bytes());
    };
    match x.judged() {
        None => {
            part("-");
            match &x.error {
                Some(e) => {
                    part("no response: ");
                    out.extend_from_slice(printable(&e.text).as_bytes());
                }
                None => part("no response logged"),
            }
        }
        Some(exchange) => {
            let s = &exchange.status;
            let _ = write!(out, "  {} ", s.code);
            out.extend_from_slice(printable(s.name).as_bytes());
            if !s.listed {
                out.extend_from_slice(b" (not in the API's list)");
            }
            let mut part = |text: &str| {
                out.extend_from_slice(b"  ");
                out.extend_from_slice(printable(text).as_bytes());
            };
            part(&exchange.verdict.summary);
            // The summary names the first error; what it adds is the place.
            let first = exchange.report.errors.first();
            if let Some(p) = first
                .and_then(|e| e.error.property_name.as_deref())
                .filter(|p| !p.is_empty())
            {
                let body = x
                    .request
                    .as_ref()
                    .and_then(|r| r.body.as_ref())
                    .map(|b| b.text.as_str());
                // Said as the errors panel says it: a missing field's place is where it
                // would go, not where it was found.
                let place = body.map(Document::parse).and_then(|doc| {
                    locate_all(&doc, &exchange.report, |_| base)
                        .into_iter()
                        .next()
                        .flatten()
                });
                part(p);
                if let Some(loc) = place {
                    out.extend_from_slice(" → ".as_bytes());
                    out.extend_from_slice(printable(&place_phrase(&loc)).as_bytes());
                }
            }
        }
    }
}

/// The first group of a UUID (Go's too); other ids as they are, up to 12 characters.
fn short_id(id: &str) -> &str {
    match id.split_once('-') {
        Some((head, _)) if head.len() >= 6 => head,
        _ => id.get(..12).unwrap_or(id),
    }
}
