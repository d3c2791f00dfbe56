//! The reader: lines in, exchanges out. A line costs one byte search for
//! what a marker word starts or ends with (`start::may_start`) unless a
//! message is open or the line holds an SDK marker, so ordinary application
//! lines pass at memchr speed.

use std::borrow::Cow;
use std::io::{self, Read};

use super::container::{Unwrapped, Unwrapper};
use super::lines::{Line, LineSplitter};
use super::message::{Feed, Incomplete, LineContext, Message, OpenMessage};
use super::model::{LoggedExchange, Span};
use super::pairing::{Order, Pairer};
use super::start::{self, Start};
use super::stats::Stats;
use super::wrapper::{self, Shape};

/// Limits and order of a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub order: Order,
    /// A longer line keeps this many bytes; the rest is skipped and counted.
    pub max_line_bytes: usize,
    /// A body keeps this many bytes (marked cut beyond).
    pub max_body_bytes: usize,
    /// A request waits for its response for this many later messages.
    pub window: usize,
    /// A waiting request holds back (in log order) at most this many bytes
    /// of later exchanges; past it, it is given out as unanswered so far.
    pub max_held_bytes: usize,
    /// Whether the values the SDK masked in request bodies are listed
    /// (`LoggedRequest::masked`): a reader that shows none of them (the
    /// text lines, the log browser's rows) is spared finding them.
    pub masks: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            order: Order::Logged,
            max_line_bytes: 16 << 20,
            max_body_bytes: 64 << 20,
            window: 10_000,
            max_held_bytes: 64 << 20,
            masks: true,
        }
    }
}

/// What the scanner came across, in log order: the pairer takes the
/// messages, the stats count the fragments. `at` is where the message's
/// first line (its SDK marker) starts and `until` where its last line ends:
/// while a message is open, no other one starts (a split read checks that
/// two scans agree by it).
#[derive(Debug)]
pub(super) struct Event {
    pub at: u64,
    pub until: u64,
    pub what: Found,
}

#[derive(Debug)]
pub(super) enum Found {
    Message(Box<Message>),
    /// A message that could not be read, by the number of its first line.
    Fragment(u64),
}

/// Lines in, messages out: the part of the reader whose state runs from
/// line to line (the open message and the line before), without pairing.
/// Lines are counted (and cut ones noted) by whoever feeds it, since that
/// needs no state.
pub(super) struct Scanner {
    options: Options,
    open: Option<OpenMessage>,
    /// Where the open message's first line starts.
    open_at: u64,
    /// The open message's record-start shape.
    shape: Option<Shape>,
    /// The line before, when it may be a java.util.logging header.
    previous: Vec<u8>,
    previous_number: u64,
    previous_offset: u64,
    previous_end: u64,
    /// Whether the latest line may be a java.util.logging header: the next
    /// line may then read it (two scans agree only where it is not).
    last_may_be_header: bool,
    /// Where the open message is in the input so far.
    span: Span,
    /// Container and journal records taken off the lines.
    unwrapper: Unwrapper,
    /// The time of the record the line came in, when it came in one.
    line_time: Option<String>,
    /// The X-GCS-ServerMetaInfo read last, and the SDK it named.
    last_meta: Option<(String, Option<String>)>,
    /// Where lines joined from several records are (`[first offset, end)`),
    /// when asked: a split read checks that two scans agree by them.
    pub(super) joins: Option<Vec<(u64, u64)>>,
    pub(super) out: Vec<Event>,
}

impl Scanner {
    pub(super) fn new(options: Options) -> Self {
        Scanner {
            options,
            open: None,
            open_at: 0,
            shape: None,
            previous: Vec::new(),
            previous_number: 0,
            previous_offset: 0,
            previous_end: 0,
            last_may_be_header: false,
            span: Span::default(),
            unwrapper: Unwrapper::default(),
            line_time: None,
            last_meta: None,
            joins: None,
            out: Vec::new(),
        }
    }

    /// No message is open and the latest line cannot give the next one its
    /// time: what comes next reads the same whatever came before.
    pub(super) fn is_clean(&self) -> bool {
        self.open.is_none() && !self.last_may_be_header && !self.unwrapper.is_holding()
    }

    /// Where the record being joined started, if one is.
    pub(super) fn held_at(&self) -> Option<u64> {
        self.unwrapper.is_holding().then_some(self.unwrapper.offset)
    }

    /// Where the open message started, if one is open.
    pub(super) fn open_at(&self) -> Option<u64> {
        self.open.as_ref().map(|_| self.open_at)
    }

    /// Moves every line number kept by `delta` (a scan of a later part of
    /// the input numbered its lines from 1).
    pub(super) fn shift_lines(&mut self, delta: u64) {
        if let Some(open) = &mut self.open {
            open.line += delta;
        }
        self.span.first_line += delta;
        if self.previous_number > 0 {
            self.previous_number += delta;
        }
        self.unwrapper.shift_lines(delta);
    }

    /// One line of the input (see [`LogReader::push`]): a record around it
    /// is taken off first.
    pub(super) fn push(&mut self, line: &Line<'_>) {
        match self.unwrapper.take(line, self.options.max_line_bytes) {
            Unwrapped::Plain => {
                // A partial record whose rest never came is a line by itself.
                if self.unwrapper.flush() {
                    self.push_unwrapped();
                }
                self.push_line(line);
            }
            Unwrapped::Held => {}
            Unwrapped::Ready => self.push_unwrapped(),
        }
    }

    /// The lines of the latest record, placed where the record is.
    fn push_unwrapped(&mut self) {
        let text = std::mem::take(&mut self.unwrapper.text);
        let u = &self.unwrapper;
        let (number, offset, end, cut) = (u.number, u.offset, u.end, u.cut);
        if let Some(joins) = &mut self.joins
            && u.joined
        {
            joins.push((offset, end));
        }
        self.line_time = self.unwrapper.time.take();
        let mut parts = text.split(|b| *b == b'\n').peekable();
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none();
            self.push_line(&Line {
                number,
                bytes: part.strip_suffix(b"\r").unwrap_or(part),
                cut: cut && last,
                offset,
                end,
            });
        }
        self.line_time = None;
        self.unwrapper.text = text;
    }

    /// One line as the application wrote it.
    fn push_line(&mut self, line: &Line<'_>) {
        let (number, bytes, cut) = (line.number, line.bytes, line.cut);
        // Said of the line itself, whatever the state: two scans that differ
        // before it agree on it.
        self.last_may_be_header = wrapper::may_be_jul_header(bytes);
        if self.open.is_some() && self.continue_open(bytes, cut, line.end) {
            return;
        }
        let here = Span {
            start: line.offset,
            end: line.end,
            first_line: number,
        };
        if !start::may_start(bytes) {
            // Go's error line has no marker word.
            match start::go_error(bytes) {
                Some(start) => self.begin(here, &text_of(bytes), start, cut),
                None => self.remember(line),
            }
            return;
        }
        if wrapper::looks_like_json_record(bytes) && self.json_record(number, bytes, here) {
            return;
        }
        let text = text_of(bytes);
        match start::recognise(&text) {
            None => self.remember(line),
            Some(Err(start::Unreadable)) => self.fragment(number, here.start, here.end),
            Some(Ok(start)) => self.begin(here, &text, start, cut),
        }
    }

    /// The input paused: a message that may end here ends.
    pub(super) fn idle(&mut self) {
        if self.open.as_ref().is_some_and(OpenMessage::may_end) {
            self.close(Incomplete::Interrupted);
        }
    }

    /// The lines of the open message are over.
    pub(super) fn end_message(&mut self) {
        if self.open.is_some() {
            self.close(Incomplete::Interrupted);
        }
    }

    /// The end of the input: a partial record is a line by itself, an open
    /// message ends (or is a fragment).
    pub(super) fn finish(&mut self) {
        if self.unwrapper.flush() {
            self.push_unwrapped();
        }
        if self.open.is_some() {
            self.close(Incomplete::AtEnd);
        }
    }

    fn fragment(&mut self, line: u64, at: u64, until: u64) {
        self.out.push(Event {
            at,
            until,
            what: Found::Fragment(line),
        });
    }

    /// Feeds the open message; true when it took the line.
    fn continue_open(&mut self, bytes: &[u8], cut: bool, end: u64) -> bool {
        // A line that starts indented or closing a bracket is no message's first
        // line: the marker search is spared on the bulk of a pretty body.
        let continuation = matches!(bytes.first(), Some(b' ' | b'\t' | b'}' | b']' | b'"'));
        let record_start = self.shape.is_some_and(|s| s.starts(bytes))
            || (!continuation
                && start::may_start(bytes)
                && start::recognise(&text_of(bytes)).is_some());
        let ctx = LineContext {
            record_start,
            prefixed: self.shape.is_some(),
        };
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        match open.feed(bytes, ctx) {
            Feed::NotMine => {
                self.close(Incomplete::Interrupted);
                false
            }
            feed => {
                self.span.end = end;
                if cut {
                    open.mark_cut();
                }
                if feed == Feed::Done {
                    self.close(Incomplete::Interrupted);
                }
                true
            }
        }
    }

    fn begin(&mut self, here: Span, text: &str, start: Start, cut: bool) {
        let number = here.first_line;
        let prefix = &text.as_bytes()[..start.at];
        // The line just before: told by where it ends (a line joined from
        // container records spans several line numbers).
        let adjacent = self.previous_number > 0
            && (self.previous_number + 1 == number || self.previous_end == here.start);
        let previous = adjacent.then_some(self.previous.as_slice());
        // The line before may give the time: it is read again with the message.
        self.span = match previous {
            Some(_) if self.previous_number > 0 => Span {
                start: self.previous_offset,
                first_line: self.previous_number,
                ..here
            },
            _ => here,
        };
        let w = wrapper::plain(prefix, previous);
        // The container's time when the line itself tells none.
        let time = w.time.or_else(|| self.line_time.clone());
        let mut open = OpenMessage::new(start, number, time, self.options.max_body_bytes);
        if cut {
            open.mark_cut();
        }
        self.shape = w.shape;
        self.open = Some(open);
        self.open_at = here.start;
        if self.open.as_ref().is_some_and(OpenMessage::is_done) {
            self.close(Incomplete::Interrupted);
        }
    }

    /// A JSON-lines record whose message field holds a whole SDK message;
    /// false when the line is no such record.
    fn json_record(&mut self, number: u64, line: &[u8], here: Span) -> bool {
        let Some(record) = wrapper::json_record(line, |m| {
            start::may_start(m.as_bytes()) && start::recognise(m).is_some()
        }) else {
            return false;
        };
        let mut lines = record.message.split('\n');
        let first = lines.next().unwrap_or_default();
        let Some(Ok(start)) = start::recognise(first) else {
            self.fragment(number, here.start, here.end);
            return true;
        };
        let time = record.time.or_else(|| self.line_time.clone());
        let mut open = OpenMessage::new(start, number, time, self.options.max_body_bytes);
        let inside = LineContext {
            record_start: false,
            prefixed: true,
        };
        for line in lines {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if open.feed(line.as_bytes(), inside) != Feed::Taken {
                break;
            }
        }
        self.shape = None;
        self.open = Some(open);
        self.open_at = here.start;
        self.span = here;
        // The record is the whole message: what is open now stays a fragment.
        self.close(Incomplete::Interrupted);
        true
    }

    fn close(&mut self, why: Incomplete) {
        let Some(open) = self.open.take() else {
            return;
        };
        let line = open.line;
        let (at, until) = (self.open_at, self.span.end);
        let what = match open.finish(why) {
            Ok(mut message) => {
                message.span = self.span;
                message.read_request(self.options.masks, &mut self.last_meta);
                Found::Message(Box::new(message))
            }
            Err(_) => Found::Fragment(line),
        };
        self.out.push(Event { at, until, what });
    }

    /// Keeps a line that may be a java.util.logging header for the next one.
    fn remember(&mut self, line: &Line<'_>) {
        if wrapper::may_be_jul_header(line.bytes) {
            self.previous.clear();
            self.previous
                .extend_from_slice(&line.bytes[..line.bytes.len().min(256)]);
            self.previous_number = line.number;
            self.previous_offset = line.offset;
            self.previous_end = line.end;
        }
    }
}

/// The push side of the reader, for callers that own the input (following
/// a file): `push` each line, `pop` what is ready, `idle` when the input
/// pauses, `finish` at its end.
pub struct LogReader {
    scanner: Scanner,
    pairer: Pairer,
    stats: Stats,
}

impl LogReader {
    pub fn new(options: Options) -> Self {
        LogReader {
            scanner: Scanner::new(options),
            pairer: Pairer::new(options.order, options.window, options.max_held_bytes),
            stats: Stats::default(),
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    pub fn options(&self) -> &Options {
        &self.scanner.options
    }

    /// The next exchange ready to give out.
    pub fn pop(&mut self) -> Option<LoggedExchange> {
        self.pairer.pop()
    }

    /// Whether an exchange is ready: a caller pushing many lines takes it
    /// first, so what is given out is not kept.
    pub fn has_ready(&self) -> bool {
        self.pairer.has_ready()
    }

    /// One line as the splitter gave it: its number, its text (without the
    /// terminator; its head when `cut`) and where it is in the input.
    pub fn push(&mut self, line: &Line<'_>) {
        count_line(&mut self.stats, line);
        self.scanner.push(line);
        self.take_events();
    }

    /// The input paused (following a file): a message that may end here ends.
    pub fn idle(&mut self) {
        self.scanner.idle();
        self.take_events();
    }

    /// The lines of the open message are over (a message read again by
    /// itself): it ends here, as it ended at the line after it.
    pub fn end_message(&mut self) {
        self.scanner.end_message();
        self.take_events();
    }

    /// The end of the input: an open message ends (or is a fragment), and
    /// every request still waiting is unanswered.
    pub fn finish(&mut self) {
        self.scanner.finish();
        self.take_events();
        self.pairer.finish(&mut self.stats);
    }

    fn take_events(&mut self) {
        if self.scanner.out.is_empty() {
            return;
        }
        for event in self.scanner.out.drain(..) {
            pair(&mut self.pairer, &mut self.stats, event.what);
        }
    }
}

/// What needs no state of a line: its count, its bytes, whether it was cut.
pub(super) fn count_line(stats: &mut Stats, line: &Line<'_>) {
    stats.lines = line.number;
    stats.bytes += line.bytes.len() as u64 + 1;
    if line.cut {
        stats.cut(line.number);
    }
}

/// A found message to the pairer, a fragment to the stats.
pub(super) fn pair(pairer: &mut Pairer, stats: &mut Stats, found: Found) {
    match found {
        Found::Message(message) => {
            stats.messages += 1;
            pairer.push(*message, stats);
        }
        Found::Fragment(line) => stats.fragment(line),
    }
}

/// A line as text: borrowed when it is UTF-8 (the fast check), else with
/// U+FFFD for the bytes that are not.
pub(super) fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The pull side: every exchange of a byte stream, in the options' order.
pub struct Exchanges<R> {
    lines: LineSplitter<R>,
    reader: LogReader,
    done: bool,
    error: Option<io::Error>,
}

/// Reads every SDK exchange in `source` (see the module's docs).
pub fn read<R: Read>(source: R, options: Options) -> Exchanges<R> {
    Exchanges {
        lines: LineSplitter::new(source, options.max_line_bytes),
        reader: LogReader::new(options),
        done: false,
        error: None,
    }
}

impl<R: Read> Exchanges<R> {
    /// What the read came across so far (complete once the iterator is done).
    pub fn stats(&self) -> &Stats {
        self.reader.stats()
    }

    /// The read error that ended the input early, if one did.
    pub fn io_error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }
}

impl<R: Read> Iterator for Exchanges<R> {
    type Item = LoggedExchange;

    fn next(&mut self) -> Option<LoggedExchange> {
        loop {
            if let Some(x) = self.reader.pop() {
                return Some(x);
            }
            if self.done {
                return None;
            }
            match self.lines.next_line() {
                Ok(Some(line)) => self.reader.push(&line),
                Ok(None) => {
                    if let Some(line) = self.lines.take_partial() {
                        self.reader.push(&line);
                    }
                    self.reader.finish();
                    self.done = true;
                }
                Err(e) => {
                    self.error = Some(e);
                    self.reader.finish();
                    self.done = true;
                }
            }
        }
    }
}
