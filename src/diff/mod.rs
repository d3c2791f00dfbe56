//! `diff`: two exchanges compared the way a Connect integrator reads them.
//! Pure: texts in, differences out; no IO, no terminal.
//!
//! - Request: method and URL, headers (names in any case; signing and
//!   transport headers marked, to be folded), the body.
//! - Response: status and meaning, the verdict, headers, the body, and the
//!   errors as fixed / still there / new (the replay summary, generalised).
//! - Bodies by JSON path (`json`): objects by member name, arrays by position
//!   or by the identity of their items (`errors` by `code` + `propertyName`,
//!   items by `id`, `paymentProductId`, `type`, `code`). Bodies that are not
//!   JSON, are cut short or nest deeper than the body viewer reads are compared
//!   line by line (`lines`), with a note naming the side and why.
//! - What always differs between two calls (`noise`: errorId, requestIds,
//!   the platform's ids, timestamps, Date, signatures, request ids, lengths)
//!   is marked expected: folded, never hidden.
//!
//! Everything is a loop over explicit stacks (no recursion on a body's
//! shape); differences past [`Limits::max_listed`] are counted, not kept, and
//! a value is kept as its span of the text, never copied.

mod json;
mod lines;
pub mod noise;
pub mod report;
mod tree;

use std::ops::Range;
use std::time::Duration;

pub use noise::Expected;
pub use tree::{MAX_DEPTH, ParseError};

use crate::connect::ErrorReport;

/// What happened to a value between the left and the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Changed,
    /// Only on the right.
    Added,
    /// Only on the left.
    Removed,
    /// Items matched by identity, in another order.
    Reordered,
}

impl Change {
    /// The mark a line starts with: `~`, `+`, `-`, `↕`.
    pub fn mark(self) -> &'static str {
        match self {
            Change::Changed => "~",
            Change::Added => "+",
            Change::Removed => "-",
            Change::Reordered => "↕",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Change::Changed => "changed",
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Reordered => "reordered",
        }
    }
}

/// Which side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Left,
    Right,
}

/// Which half of the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Request,
    Response,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Response => "response",
        }
    }
}

/// What a difference is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Method,
    Url,
    /// The status with its meaning (or that no response came).
    Status,
    Verdict,
    Header,
    /// A body value at a JSON path.
    Body,
    /// Lines of a body compared as text.
    BodyLines,
}

impl Area {
    pub fn name(self) -> &'static str {
        match self {
            Area::Method => "method",
            Area::Url => "url",
            Area::Status => "status",
            Area::Verdict => "verdict",
            Area::Header => "header",
            Area::Body | Area::BodyLines => "body",
        }
    }
}

/// A value on one side: a short text (a status, a header), or a span of
/// that side's body (of the difference's part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Span(Range<u32>),
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub part: Part,
    pub area: Area,
    /// A body's JSONata path (`order.items[1].amount`, `$` for the whole
    /// body), a header's name, `line 3` of a text body, or the area's name.
    pub path: String,
    pub change: Change,
    pub left: Option<Value>,
    pub right: Option<Value>,
    /// Why it was expected to differ, when it was.
    pub expected: Option<Expected>,
    /// A header made by signing or by the transport (folded in a group).
    pub signing_or_transport: bool,
    /// A type change (`string → number`), a moved item's other index.
    pub note: Option<String>,
}

impl Difference {
    fn new(part: Part, area: Area, path: impl Into<String>, change: Change) -> Self {
        Self {
            part,
            area,
            path: path.into(),
            change,
            left: None,
            right: None,
            expected: None,
            signing_or_transport: false,
            note: None,
        }
    }

    fn values(mut self, left: Option<Value>, right: Option<Value>) -> Self {
        self.left = left;
        self.right = right;
        self
    }

    /// The value on one side.
    pub fn value(&self, which: Which) -> Option<&Value> {
        match which {
            Which::Left => self.left.as_ref(),
            Which::Right => self.right.as_ref(),
        }
    }
}

/// A body as given: its text (lossily decoded when it was not UTF-8; the
/// caller says so in `notes`), and what the caller knows of it.
#[derive(Debug, Clone, Default)]
pub struct BodyInput<'a> {
    pub text: &'a str,
    /// Kept in part only: why (`cut at 5 MB of 12 MB`). A cut body is compared as text.
    pub cut: Option<String>,
    /// Not text: `text` is a summary (a hex dump), compared as lines.
    pub binary: bool,
    /// Something the caller noted about it (`not UTF-8: invalid bytes shown as �`).
    pub note: Option<String>,
}

impl<'a> BodyInput<'a> {
    pub fn text(text: &'a str) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }
}

/// The response half of a side, when there was one.
#[derive(Debug, Clone)]
pub struct ResponseInput<'a> {
    pub status: u16,
    /// The status's name (`Bad Request`).
    pub meaning: &'a str,
    /// The verdict's kind (`validation`) and one-line summary.
    pub verdict_kind: &'a str,
    pub verdict_summary: &'a str,
    pub headers: &'a [(String, String)],
    pub body: BodyInput<'a>,
    pub errors: &'a ErrorReport,
}

/// One side of a comparison: an exchange.
#[derive(Debug, Clone)]
pub struct Side<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: BodyInput<'a>,
    /// The response, or why there is none.
    pub response: Result<ResponseInput<'a>, String>,
}

/// Which halves to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parts {
    #[default]
    Both,
    Request,
    Response,
}

/// Bounds of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Differences kept per half; more are counted.
    pub max_listed: usize,
    /// Bytes of a body compared; past them the kept part is compared as text.
    pub max_body: usize,
    /// How long a line diff may look for the smallest change set.
    pub line_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_listed: 100_000,
            max_body: 256 * 1024 * 1024,
            line_time: Duration::from_secs(2),
        }
    }
}

/// How far a comparison is, in bytes of the bodies read and walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

impl Progress {
    pub fn percent(self) -> u8 {
        (self.done.saturating_mul(100) / self.total.max(1)).min(100) as u8
    }
}

/// How two bodies were compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyMode {
    /// Neither side has one.
    #[default]
    Neither,
    /// By JSON path.
    Json,
    /// Line by line (see the half's notes for why).
    Lines,
}

/// The differences of one half.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Half {
    pub differences: Vec<Difference>,
    pub body: BodyMode,
    /// Differences past the cap: counted, not kept; and of those, the expected ones.
    pub omitted: usize,
    pub omitted_expected: usize,
    /// What a reader must know: a side compared as text and why, a cut body.
    pub notes: Vec<String>,
}

impl Half {
    /// (differences not expected, expected ones), the omitted counted.
    pub fn counts(&self) -> (usize, usize) {
        let expected = self
            .differences
            .iter()
            .filter(|d| d.expected.is_some())
            .count()
            + self.omitted_expected;
        let all = self.differences.len() + self.omitted;
        (all - expected, expected)
    }
}

/// An error as compared: by code and propertyName; its symbolic id shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorKey {
    pub code: String,
    pub property: String,
    pub id: Option<String>,
}

impl ErrorKey {
    /// Every error of a report (the nested ones too), in its order.
    pub fn of(report: &ErrorReport) -> Vec<ErrorKey> {
        report
            .errors
            .iter()
            .map(|e| ErrorKey {
                code: e.error.code.clone().unwrap_or_default(),
                property: e.error.property_name.clone().unwrap_or_default(),
                id: e.error.id.clone(),
            })
            .collect()
    }

    fn same(&self, other: &ErrorKey) -> bool {
        self.code == other.code && self.property == other.property
    }

    /// `21000120 INVALID_EXPIRY_DATE card.expiryDate`.
    pub fn label(&self) -> String {
        let mut out = self.code.clone();
        for part in [self.id.as_deref().unwrap_or(""), self.property.as_str()] {
            if !part.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(part);
            }
        }
        if out.is_empty() {
            out.push_str("(an error without code)");
        }
        out
    }
}

/// The errors of the left against the right's: fixed (only on the left),
/// still there (on both), new (only on the right). Each error is matched
/// once: two of the same code and property on the left and one on the right
/// are one still there and one fixed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorsCompared {
    pub fixed: Vec<ErrorKey>,
    pub still: Vec<ErrorKey>,
    pub new: Vec<ErrorKey>,
}

impl ErrorsCompared {
    pub fn of(left: &[ErrorKey], right: &[ErrorKey]) -> Self {
        let mut unmatched: Vec<Option<&ErrorKey>> = right.iter().map(Some).collect();
        let mut out = Self::default();
        for l in left {
            match unmatched.iter_mut().find(|r| r.is_some_and(|r| r.same(l))) {
                Some(slot) => {
                    *slot = None;
                    out.still.push(l.clone());
                }
                None => out.fixed.push(l.clone()),
            }
        }
        out.new = unmatched.into_iter().flatten().cloned().collect();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.fixed.is_empty() && self.still.is_empty() && self.new.is_empty()
    }

    /// `4 fixed, 0 still there, 0 new`.
    pub fn summary(&self) -> String {
        format!(
            "{} fixed, {} still there, {} new",
            self.fixed.len(),
            self.still.len(),
            self.new.len()
        )
    }
}

/// Two exchanges (or two bodies) compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    pub request: Option<Half>,
    pub response: Option<Half>,
    /// Present when either response had errors.
    pub errors: Option<ErrorsCompared>,
}

impl Comparison {
    /// The halves compared, request first.
    pub fn halves(&self) -> impl Iterator<Item = (Part, &Half)> {
        [
            (Part::Request, self.request.as_ref()),
            (Part::Response, self.response.as_ref()),
        ]
        .into_iter()
        .filter_map(|(p, h)| Some((p, h?)))
    }

    /// Every difference kept, request first.
    pub fn differences(&self) -> impl Iterator<Item = &Difference> {
        self.halves().flat_map(|(_, h)| h.differences.iter())
    }

    /// (differences not expected, expected ones), over both halves.
    pub fn counts(&self) -> (usize, usize) {
        self.halves().fold((0, 0), |(a, b), (_, h)| {
            let (x, y) = h.counts();
            (a + x, b + y)
        })
    }

    /// Whether nothing differs but what is expected to (`all`: nothing at all).
    pub fn is_same(&self, all: bool) -> bool {
        let (differs, expected) = self.counts();
        differs == 0 && (!all || expected == 0)
    }

    /// The half of `part`.
    pub fn half(&self, part: Part) -> Option<&Half> {
        match part {
            Part::Request => self.request.as_ref(),
            Part::Response => self.response.as_ref(),
        }
    }
}

/// Compares two exchanges, the halves `parts` says. `progress` hears how far
/// the bodies are (called a few hundred times at most).
pub fn compare(
    left: &Side<'_>,
    right: &Side<'_>,
    parts: Parts,
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
) -> Comparison {
    let mut meter = Meter::new(
        [
            (parts != Parts::Response).then_some((&left.body, &right.body)),
            match (parts != Parts::Request, &left.response, &right.response) {
                (true, Ok(l), Ok(r)) => Some((&l.body, &r.body)),
                _ => None,
            },
        ],
        progress,
    );
    let mut out = Comparison::default();
    if parts != Parts::Response {
        let mut half = Half::default();
        let part = Part::Request;
        if left.method != right.method {
            half.differences.push(
                Difference::new(part, Area::Method, "method", Change::Changed).values(
                    Some(Value::Text(left.method.to_string())),
                    Some(Value::Text(right.method.to_string())),
                ),
            );
        }
        if left.url != right.url {
            let mut d = Difference::new(part, Area::Url, "url", Change::Changed).values(
                Some(Value::Text(left.url.to_string())),
                Some(Value::Text(right.url.to_string())),
            );
            if noise::urls_differ_only_in_ids(left.url, right.url) {
                d.expected = Some(Expected::PlatformId);
            }
            half.differences.push(d);
        }
        headers(part, left.headers, right.headers, &mut half.differences);
        bodies(part, &left.body, &right.body, limits, &mut meter, &mut half);
        out.request = Some(half);
    }
    if parts != Parts::Request {
        let mut half = Half::default();
        let part = Part::Response;
        match (&left.response, &right.response) {
            (Ok(l), Ok(r)) => {
                if l.status != r.status {
                    half.differences.push(
                        Difference::new(part, Area::Status, "status", Change::Changed).values(
                            Some(Value::Text(format!("{} {}", l.status, l.meaning))),
                            Some(Value::Text(format!("{} {}", r.status, r.meaning))),
                        ),
                    );
                }
                if l.verdict_kind != r.verdict_kind {
                    half.differences.push(
                        Difference::new(part, Area::Verdict, "verdict", Change::Changed)
                            .values(Some(Value::Text(verdict(l))), Some(Value::Text(verdict(r)))),
                    );
                }
                headers(part, l.headers, r.headers, &mut half.differences);
                bodies(part, &l.body, &r.body, limits, &mut meter, &mut half);
                let (le, re) = (ErrorKey::of(l.errors), ErrorKey::of(r.errors));
                if !le.is_empty() || !re.is_empty() {
                    out.errors = Some(ErrorsCompared::of(&le, &re));
                }
            }
            (l, r) => {
                let text = |s: &Result<ResponseInput<'_>, String>| match s {
                    Ok(x) => format!("{} {}", x.status, x.meaning),
                    Err(why) => format!("no response: {why}"),
                };
                let (lt, rt) = (text(l), text(r));
                if lt != rt {
                    half.differences.push(
                        Difference::new(part, Area::Status, "status", Change::Changed)
                            .values(Some(Value::Text(lt)), Some(Value::Text(rt))),
                    );
                }
            }
        }
        out.response = Some(half);
    }
    meter.finish();
    out
}

/// Compares two bodies alone (a body file against a side's body).
pub fn compare_bodies(
    part: Part,
    left: &BodyInput<'_>,
    right: &BodyInput<'_>,
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
) -> Comparison {
    let mut meter = Meter::new([Some((left, right)), None], progress);
    let mut half = Half::default();
    bodies(part, left, right, limits, &mut meter, &mut half);
    meter.finish();
    match part {
        Part::Request => Comparison {
            request: Some(half),
            ..Comparison::default()
        },
        Part::Response => Comparison {
            response: Some(half),
            ..Comparison::default()
        },
    }
}

fn verdict(r: &ResponseInput<'_>) -> String {
    if r.verdict_summary.is_empty() {
        r.verdict_kind.to_string()
    } else {
        format!("{}: {}", r.verdict_kind, r.verdict_summary)
    }
}

/// Headers by name, any case; a name given twice is its values joined with `, `.
fn headers(
    part: Part,
    left: &[(String, String)],
    right: &[(String, String)],
    out: &mut Vec<Difference>,
) {
    fn grouped(headers: &[(String, String)]) -> Vec<(String, String, String)> {
        let mut out: Vec<(String, String, String)> = Vec::new();
        for (name, value) in headers {
            let lower = name.to_ascii_lowercase();
            match out.iter_mut().find(|(l, _, _)| *l == lower) {
                Some((_, _, v)) => {
                    v.push_str(", ");
                    v.push_str(value);
                }
                None => out.push((lower, name.clone(), value.clone())),
            }
        }
        out
    }
    let (l, r) = (grouped(left), grouped(right));
    let mut push = |name: &str, change: Change, lv: Option<&str>, rv: Option<&str>| {
        let class = noise::header(name);
        let mut d = Difference::new(part, Area::Header, name, change).values(
            lv.map(|v| Value::Text(v.to_string())),
            rv.map(|v| Value::Text(v.to_string())),
        );
        d.signing_or_transport = class.signing_or_transport;
        d.expected = match (class.expected, lv, rv) {
            (Some(e), _, _) => Some(e),
            (None, Some(a), Some(b))
                if name.eq_ignore_ascii_case("location")
                    && noise::urls_differ_only_in_ids(a, b) =>
            {
                Some(Expected::PlatformId)
            }
            _ => None,
        };
        out.push(d);
    };
    for (lower, name, value) in &l {
        match r.iter().find(|(rl, _, _)| rl == lower) {
            Some((_, _, rv)) if rv == value => {}
            Some((_, _, rv)) => push(name, Change::Changed, Some(value), Some(rv)),
            None => push(name, Change::Removed, Some(value), None),
        }
    }
    for (lower, name, value) in &r {
        if !l.iter().any(|(ll, _, _)| ll == lower) {
            push(name, Change::Added, None, Some(value));
        }
    }
}

/// Tells `progress` how far the bodies are: each body parsed, then walked.
struct Meter<'p> {
    progress: &'p mut dyn FnMut(Progress),
    total: u64,
    done: u64,
}

impl<'p> Meter<'p> {
    fn new(
        pairs: [Option<(&BodyInput<'_>, &BodyInput<'_>)>; 2],
        progress: &'p mut dyn FnMut(Progress),
    ) -> Self {
        let total = pairs
            .iter()
            .flatten()
            .map(|(l, r)| 2 * l.text.len() as u64 + r.text.len() as u64)
            .sum();
        Self {
            progress,
            total,
            done: 0,
        }
    }

    fn add(&mut self, bytes: u64) {
        self.done = (self.done + bytes).min(self.total);
        (self.progress)(Progress {
            done: self.done,
            total: self.total,
        });
    }

    fn finish(&mut self) {
        self.done = self.total;
        (self.progress)(Progress {
            done: self.total,
            total: self.total,
        });
    }
}

/// Why a body is compared as text, if it is: it is binary, cut, too big or not JSON.
fn as_text_because(which: &str, body: &BodyInput<'_>, limits: &Limits) -> Option<String> {
    if body.binary {
        return Some(format!("{which} is not text: its hex summary is compared"));
    }
    if let Some(cut) = &body.cut {
        return Some(format!(
            "{which} was {cut}: what was kept is compared, as text"
        ));
    }
    if body.text.len() > limits.max_body {
        return Some(format!(
            "{which} is {} MB, over the {} MB compared: its first {} MB are compared, as text",
            body.text.len() >> 20,
            limits.max_body >> 20,
            limits.max_body >> 20
        ));
    }
    None
}

/// A body's text within the cap, cut on a character boundary.
fn capped<'a>(text: &'a str, limits: &Limits) -> &'a str {
    if text.len() <= limits.max_body {
        return text;
    }
    let mut end = limits.max_body;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Compares two bodies of one half into `half`.
fn bodies(
    part: Part,
    left: &BodyInput<'_>,
    right: &BodyInput<'_>,
    limits: &Limits,
    meter: &mut Meter<'_>,
    half: &mut Half,
) {
    let names = [
        format!("the left {} body", part.name()),
        format!("the right {} body", part.name()),
    ];
    for (name, body) in names.iter().zip([left, right]) {
        if let Some(note) = &body.note {
            half.notes.push(format!("{name}: {note}"));
        }
    }
    let (lt, rt) = (left.text, right.text);
    let (l_empty, r_empty) = (lt.trim().is_empty(), rt.trim().is_empty());
    if l_empty && r_empty {
        meter.add(2 * lt.len() as u64 + rt.len() as u64);
        return;
    }
    if l_empty || r_empty {
        let (change, l, r) = if l_empty {
            (Change::Added, None, Some(Value::Span(0..rt.len() as u32)))
        } else {
            (Change::Removed, Some(Value::Span(0..lt.len() as u32)), None)
        };
        let tree_ok = |t: &str| t.trim().is_empty() || tree::parse(capped(t, limits)).is_ok();
        half.body = if tree_ok(lt) && tree_ok(rt) {
            BodyMode::Json
        } else {
            BodyMode::Lines
        };
        half.differences.push(
            Difference::new(
                part,
                if half.body == BodyMode::Json {
                    Area::Body
                } else {
                    Area::BodyLines
                },
                "$",
                change,
            )
            .values(l, r),
        );
        meter.add(2 * lt.len() as u64 + rt.len() as u64);
        return;
    }
    let mut text_because: Vec<String> = names
        .iter()
        .zip([left, right])
        .filter_map(|(name, body)| as_text_because(name, body, limits))
        .collect();
    let (lc, rc) = (capped(lt, limits), capped(rt, limits));
    let trees = if text_because.is_empty() {
        let lp = tree::parse(lc);
        meter.add(lc.len() as u64);
        let rp = tree::parse(rc);
        meter.add(rc.len() as u64);
        match (lp, rp) {
            (Ok(a), Ok(b)) => Some((a, b)),
            (lp, rp) => {
                for ((name, text), parsed) in names.iter().zip([lc, rc]).zip([lp.err(), rp.err()]) {
                    if let Some(e) = parsed {
                        text_because.push(format!("{name} {}", why_not_json(text, &e)));
                    }
                }
                None
            }
        }
    } else {
        None
    };
    let found = match trees {
        Some((a, b)) => {
            half.body = BodyMode::Json;
            let base = meter.done;
            let found = json::diff((&a, lc), (&b, rc), limits.max_listed, &mut |p| {
                meter.done = base;
                meter.add(p.done);
            });
            drop((a, b));
            meter.done = base;
            meter.add(lc.len() as u64);
            found
        }
        None => {
            half.body = BodyMode::Lines;
            half.notes.extend(
                text_because
                    .into_iter()
                    .map(|why| format!("{why}; compared line by line")),
            );
            let found = lines::diff(lc, rc, limits.max_listed, limits.line_time);
            meter.add(lc.len() as u64 + rc.len() as u64);
            found
        }
    };
    let area = if half.body == BodyMode::Json {
        Area::Body
    } else {
        Area::BodyLines
    };
    half.omitted += found.omitted;
    half.omitted_expected += found.omitted_expected;
    half.differences
        .extend(found.found.into_iter().map(|f| Difference {
            part,
            area,
            path: f.path,
            change: f.change,
            left: f.left.map(Value::Span),
            right: f.right.map(Value::Span),
            expected: f.expected,
            signing_or_transport: false,
            note: f.note,
        }));
}

/// `is not JSON at 3:5 (expected `,` or `}`)`, `nests deeper than 512 levels`.
fn why_not_json(text: &str, e: &ParseError) -> String {
    match e {
        ParseError::Invalid { at, expected } => {
            let before = &text.as_bytes()[..(*at).min(text.len())];
            let line = memchr::memchr_iter(b'\n', before).count() + 1;
            let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            format!("is not JSON at {line}:{column} (expected {expected})")
        }
        ParseError::TooDeep => format!("nests deeper than {MAX_DEPTH} levels"),
        ParseError::TooBig => "is over 4 GiB".to_string(),
    }
}

#[cfg(test)]
mod tests;
