//! Requests and responses paired by requestId, the only thing that links
//! them: messages of concurrent calls interleave, a response may come without
//! its request (the log starts mid-call) and a request without its response
//! (a crash), and a requestId may repeat (concatenated logs, a reseeded
//! generator). A response goes to the latest request with its id still
//! waiting. A request waits for at most `window` later messages, and while
//! it waits it holds back (in log order) at most `max_held` bytes of later
//! exchanges; past either it is given out as unanswered, so memory stays
//! bounded in count and in bytes on any log.

use std::collections::{HashMap, VecDeque};

use super::message::Message;
use super::model::{LoggedError, LoggedExchange, LoggedRequest, LoggedResponse, Sdk};
use super::start::Kind;
use super::stats::Stats;

/// In which order exchanges are given out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// In the order their first message was logged (a call still waiting
    /// holds back the later ones, for at most the window).
    #[default]
    Logged,
    /// As soon as each is complete (for following a live log).
    Completed,
}

enum Slot {
    Waiting {
        exchange: LoggedExchange,
        sdk_certain: bool,
        seen_at: u64,
        weight: usize,
    },
    /// Complete, held back behind a waiting request (log order), with its weight.
    Ready(LoggedExchange, usize),
    Taken,
}

pub struct Pairer {
    order: Order,
    window: u64,
    slots: VecDeque<Slot>,
    /// The sequence number of `slots[0]`.
    base: u64,
    waiting: HashMap<String, Vec<u64>>,
    ready: VecDeque<LoggedExchange>,
    messages: u64,
    /// Bytes of the exchanges in `slots`, and the most they may hold.
    held: usize,
    max_held: usize,
}

impl Pairer {
    pub fn new(order: Order, window: usize, max_held: usize) -> Self {
        Pairer {
            order,
            window: window.max(1) as u64,
            slots: VecDeque::new(),
            base: 0,
            waiting: HashMap::new(),
            ready: VecDeque::new(),
            messages: 0,
            held: 0,
            max_held,
        }
    }

    /// The next exchange ready to give out.
    pub fn pop(&mut self) -> Option<LoggedExchange> {
        self.ready.pop_front()
    }

    pub fn has_ready(&self) -> bool {
        !self.ready.is_empty()
    }

    /// One complete message.
    pub fn push(&mut self, m: Message, stats: &mut Stats) {
        self.messages += 1;
        match m.kind {
            Kind::Request => self.request(m, stats),
            Kind::Response => self.response(m, stats),
            Kind::Error => self.error(m, stats),
        }
        self.expire(stats);
        self.release();
    }

    /// The end of the input: every waiting request is unanswered.
    pub fn finish(&mut self, stats: &mut Stats) {
        for seq in self.base..self.base + self.slots.len() as u64 {
            self.give_up(seq, stats);
        }
        self.waiting.clear();
        self.release();
    }

    fn request(&mut self, m: Message, stats: &mut Stats) {
        let seq = self.base + self.slots.len() as u64;
        let list = self.waiting.entry(m.request_id.clone()).or_default();
        if !list.is_empty() {
            stats.duplicate_request_ids += 1;
        }
        list.push(seq);
        let (exchange, sdk_certain) = from_request(m);
        let weight = exchange.weight();
        self.held += weight;
        self.slots.push_back(Slot::Waiting {
            exchange,
            sdk_certain,
            seen_at: self.messages,
            weight,
        });
    }

    /// The waiting request this id pairs with (the latest), taken out.
    fn take_waiting(&mut self, id: &str) -> Option<(u64, LoggedExchange, bool)> {
        let list = self.waiting.get_mut(id)?;
        let seq = list.pop()?;
        if list.is_empty() {
            self.waiting.remove(id);
        }
        let slot = self.slots.get_mut(usize::try_from(seq - self.base).ok()?)?;
        match std::mem::replace(slot, Slot::Taken) {
            Slot::Waiting {
                exchange,
                sdk_certain,
                weight,
                ..
            } => {
                self.held -= weight;
                Some((seq, exchange, sdk_certain))
            }
            other => {
                *slot = other;
                None
            }
        }
    }

    fn response(&mut self, m: Message, stats: &mut Stats) {
        let response = LoggedResponse {
            line: m.line,
            span: m.span,
            time: m.time.clone(),
            status: m.status.unwrap_or_default(),
            headers: m.headers,
            body: m.body,
            elapsed_ms: m.elapsed_ms,
        };
        match self.take_waiting(&m.request_id) {
            Some((seq, mut x, certain)) => {
                if m.sdk_certain && !certain {
                    x.sdk = m.sdk;
                }
                x.response = Some(response);
                self.complete(seq, x);
            }
            None => {
                stats.responses_without_request += 1;
                let x = LoggedExchange {
                    sdk: m.sdk,
                    sdk_version: None,
                    request_id: m.request_id,
                    line: m.line,
                    time: m.time,
                    request: None,
                    response: Some(response),
                    error: None,
                };
                let seq = self.base + self.slots.len() as u64;
                self.slots.push_back(Slot::Taken);
                self.complete(seq, x);
            }
        }
    }

    fn error(&mut self, m: Message, stats: &mut Stats) {
        let error = LoggedError {
            line: m.line,
            span: m.span,
            time: m.time,
            text: m.text.unwrap_or_default(),
        };
        match self.take_waiting(&m.request_id) {
            Some((seq, mut x, _)) => {
                x.error = Some(error);
                stats.unanswered += 1;
                self.complete(seq, x);
            }
            None => stats.errors_without_request += 1,
        }
    }

    fn complete(&mut self, seq: u64, x: LoggedExchange) {
        match self.order {
            Order::Completed => self.ready.push_back(x),
            Order::Logged => {
                if let Some(slot) = usize::try_from(seq - self.base)
                    .ok()
                    .and_then(|i| self.slots.get_mut(i))
                {
                    let weight = x.weight();
                    self.held += weight;
                    *slot = Slot::Ready(x, weight);
                }
            }
        }
    }

    /// A waiting request is given out as unanswered.
    fn give_up(&mut self, seq: u64, stats: &mut Stats) {
        let Some(slot) = usize::try_from(seq - self.base)
            .ok()
            .and_then(|i| self.slots.get_mut(i))
        else {
            return;
        };
        if !matches!(slot, Slot::Waiting { .. }) {
            return;
        }
        let Slot::Waiting {
            exchange, weight, ..
        } = std::mem::replace(slot, Slot::Taken)
        else {
            return;
        };
        self.held -= weight;
        if let Some(list) = self.waiting.get_mut(&exchange.request_id) {
            list.retain(|s| *s != seq);
            if list.is_empty() {
                self.waiting.remove(&exchange.request_id);
            }
        }
        stats.unanswered += 1;
        self.complete(seq, exchange);
    }

    /// The oldest waiting request is given up once `window` messages have
    /// passed it, or once what is held is over `max_held` bytes (the front
    /// is always the oldest slot still held, and a waiting one). A request
    /// held alone stays, however big: it is one message, under its caps.
    fn expire(&mut self, stats: &mut Stats) {
        loop {
            self.release();
            match self.slots.front() {
                Some(Slot::Waiting {
                    seen_at, weight, ..
                }) if (self.held > self.max_held && self.held > *weight)
                    || self.messages - seen_at > self.window =>
                {
                    self.give_up(self.base, stats);
                }
                _ => return,
            }
        }
    }

    /// Moves what is ready at the front to the output.
    fn release(&mut self) {
        while let Some(front) = self.slots.front() {
            // In Completed order a waiting front holds back no output, only
            // the bookkeeping of the slots behind it.
            if let Slot::Waiting { .. } = front {
                return;
            }
            if let Some(Slot::Ready(x, weight)) = self.slots.pop_front() {
                self.held -= weight;
                self.ready.push_back(x);
            }
            self.base += 1;
        }
    }
}

/// A request message as the start of an exchange; the SDK is refined by the
/// request's X-GCS-ServerMetaInfo when it names one.
fn from_request(mut m: Message) -> (LoggedExchange, bool) {
    let identifier = m.sdk_identifier.take();
    let named = identifier.as_deref().and_then(Sdk::from_identifier);
    let version = identifier
        .as_deref()
        .and_then(|id| id.split_once('/'))
        .map(|(_, v)| v.trim_start_matches('v').to_string());
    let (sdk, certain) = match named {
        Some(sdk) => (sdk, true),
        None => (m.sdk, m.sdk_certain),
    };
    let masked = std::mem::take(&mut m.masked);
    let request = LoggedRequest {
        line: m.line,
        span: m.span,
        time: m.time.clone(),
        method: m.method.unwrap_or_default(),
        uri: m.uri.unwrap_or_default(),
        endpoint: m.endpoint,
        headers: m.headers,
        body: m.body,
        masked,
    };
    let exchange = LoggedExchange {
        sdk,
        sdk_version: named.and(version),
        request_id: m.request_id,
        line: m.line,
        time: m.time,
        request: Some(request),
        response: None,
        error: None,
    };
    (exchange, certain)
}
