//! Findings before sending: a body's fields checked against the endpoint's request type.
//!
//! What the model can say: a field it does not have (with a did-you-mean among the
//! siblings), a JSON kind other than the field's, a value outside a documented list (a
//! hint: lists may be incomplete), a deprecated field. Not what it cannot: required-ness,
//! lengths, formats. The model may be older or newer than the API, so an unknown field is
//! "not in model (<source>)", never "invalid".
//!
//! The walk keeps its own stack; it only descends where the model has an object type, so
//! its depth is the model's (at most 7), whatever the body's nesting.

use super::body::{Body, Segment, path_text};
use super::data::{Field, Kind, Model, Type};
use super::suggest::did_you_mean;
use crate::locate::scan::{Kind as NodeKind, flag};
use crate::locate::text::{is_json_number, unescape};
use crate::locate::{Position, Span};

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// A key the model does not have at that place.
    UnknownField,
    /// A value of another JSON kind than the field's.
    WrongKind,
    /// A value outside the field's documented list (lists can be incomplete: a hint).
    UndocumentedValue,
    /// A field the model marks deprecated.
    Deprecated,
}

impl FindingKind {
    /// The name in `--json` output.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::UnknownField => "unknown-field",
            FindingKind::WrongKind => "wrong-kind",
            FindingKind::UndocumentedValue => "undocumented-value",
            FindingKind::Deprecated => "deprecated",
        }
    }

    /// A hint is said more softly than a warning; both are findings.
    pub fn is_hint(self) -> bool {
        matches!(self, FindingKind::UndocumentedValue)
    }
}

/// One finding, located like a server error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// The JSON path of the field (`order.customer.billingAddress.countrycode`).
    pub path: String,
    /// The key (unknown and deprecated fields: from its opening quote) or the value
    /// (wrong kind, undocumented value).
    pub span: Span,
    /// 1-based line and column of `span.start`, columns counting Unicode scalar values.
    pub start: Position,
    /// The same of `span.end` (exclusive): the editor selects from `start` to here.
    pub end: Position,
    /// One line, as `cinspect lint` prints it after `FILE:LINE:COL: `.
    pub message: String,
    /// The name to rename an unknown field to.
    pub suggestion: Option<String>,
    /// The object type that holds the field, when known.
    pub owner: Option<String>,
}

/// The findings of one body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// In text order.
    pub items: Vec<Finding>,
    /// How many more there were past [`MAX_FINDINGS`].
    pub more: usize,
}

/// Findings kept per body; a 10 MB body of typos says how many more there were.
pub const MAX_FINDINGS: usize = 10_000;

/// What a value should be.
#[derive(Clone, Copy)]
enum Expect<'m> {
    Object(&'m Type),
    Scalar(&'m Field),
    /// A list field: an array whose elements are `Object`/`Scalar` of the field.
    List(&'m Field),
}

/// A path step without its text: the key of a member node, or an index. The text is
/// only read for the few findings, never for every key walked.
#[derive(Clone, Copy)]
enum Seg {
    Key(u32),
    Index(u32),
}

impl Seg {
    fn segment(self, body: &Body<'_>) -> Segment {
        match self {
            Seg::Key(node) => {
                Segment::Key(body.key(node).map(|k| k.into_owned()).unwrap_or_default())
            }
            Seg::Index(i) => Segment::Index(i as usize),
        }
    }
}

/// A finding before its position is known.
struct Raw {
    kind: FindingKind,
    trail: u32,
    last: Option<Seg>,
    span: Span,
    message: String,
    suggestion: Option<String>,
    owner: Option<String>,
}

/// One container on the way down: how to rebuild a path without building one per node.
struct Step {
    parent: u32,
    segment: Option<Seg>,
}

const NO_PARENT: u32 = u32::MAX;

impl Model {
    /// The findings of `body` as an instance of `ty` (an endpoint's request type).
    pub fn findings(&self, body: &Body<'_>, ty: &Type) -> Findings {
        let mut raws: Vec<Raw> = Vec::new();
        let mut more = 0usize;
        let Some(root) = body.tree.root else {
            return Findings::default();
        };
        let mut steps: Vec<Step> = vec![Step {
            parent: NO_PARENT,
            segment: None,
        }];
        // (node, what it should be, the step of its container, its own segment)
        let mut stack: Vec<(u32, Expect<'_>, u32, Option<Seg>)> =
            vec![(root, Expect::Object(ty), 0, None)];
        let mut push = |raws: &mut Vec<Raw>, raw: Raw| {
            if raws.len() < MAX_FINDINGS {
                raws.push(raw);
            } else {
                more += 1;
            }
        };
        while let Some((node, expect, trail, segment)) = stack.pop() {
            let n = *body.tree.node(node);
            // null is an absent optional field; Bad and Empty are the JSON check's to report;
            // a `{{variable}}` of a request file is a value only once filled.
            if matches!(n.kind, NodeKind::Null | NodeKind::Bad | NodeKind::Empty)
                || (n.kind == NodeKind::Object && is_variable(body, node))
            {
                continue;
            }
            if let Some(expected) = mismatch(body, node, expect) {
                let name = match segment.map(|s| s.segment(body)) {
                    Some(Segment::Key(k)) => one_line(&k),
                    Some(Segment::Index(i)) => format!("element [{i}]"),
                    None => "the body".to_owned(),
                };
                let message = format!(
                    "wrong kind for {name}: {} where the model has {expected}",
                    value_kind(body, node)
                );
                push(
                    &mut raws,
                    Raw {
                        kind: FindingKind::WrongKind,
                        trail,
                        last: segment,
                        span: body.span(node),
                        message,
                        suggestion: None,
                        owner: None,
                    },
                );
                continue;
            }
            match expect {
                Expect::Object(t) => {
                    let here = steps.len() as u32;
                    steps.push(Step {
                        parent: trail,
                        segment,
                    });
                    for child in body.tree.children(node) {
                        let Some(key) = body.key(child) else { continue };
                        let c = body.tree.node(child);
                        let key_span = c.key_span().map_or(body.span(child), |r| Span {
                            start: r.start,
                            end: r.end,
                        });
                        let seg = Some(Seg::Key(child));
                        match self.field(t, &key) {
                            None => {
                                let suggestion = did_you_mean(
                                    &key,
                                    self.fields(t).map(|f| f.field.name.as_str()),
                                );
                                let mean = suggestion
                                    .map(|s| format!(" (did you mean {s}?)"))
                                    .unwrap_or_default();
                                push(
                                    &mut raws,
                                    Raw {
                                        kind: FindingKind::UnknownField,
                                        trail: here,
                                        last: seg,
                                        span: key_span,
                                        message: format!(
                                            "unknown field {}{mean}: not in model ({})",
                                            one_line(&key),
                                            self.label()
                                        ),
                                        suggestion: suggestion.map(str::to_owned),
                                        owner: Some(t.name.clone()),
                                    },
                                );
                            }
                            Some(f) => {
                                if f.field.deprecated {
                                    let instead = match &f.field.use_instead {
                                        Some(u) => format!(" (use {u})"),
                                        None => String::new(),
                                    };
                                    push(
                                        &mut raws,
                                        Raw {
                                            kind: FindingKind::Deprecated,
                                            trail: here,
                                            last: seg,
                                            span: key_span,
                                            message: format!(
                                                "deprecated field {}{instead}",
                                                f.field.name
                                            ),
                                            suggestion: None,
                                            owner: Some(f.owner.name.clone()),
                                        },
                                    );
                                }
                                if let Some(e) = self.expect_of(f.field) {
                                    stack.push((child, e, here, seg));
                                }
                            }
                        }
                    }
                }
                Expect::List(f) => {
                    let here = steps.len() as u32;
                    steps.push(Step {
                        parent: trail,
                        segment,
                    });
                    let element = match (f.kind, self.type_of(f)) {
                        (Kind::Object, Some(t)) => Expect::Object(t),
                        (Kind::Object, None) => continue,
                        _ => Expect::Scalar(f),
                    };
                    for (i, child) in body.tree.children(node).enumerate() {
                        stack.push((child, element, here, Some(Seg::Index(i as u32))));
                    }
                }
                Expect::Scalar(f) => {
                    if !f.values.is_empty()
                        && n.kind == NodeKind::String
                        && let Some(content) = n.string_content()
                    {
                        let raw = &body.text[content];
                        let value = if n.has(flag::ESCAPED) {
                            unescape(raw)
                        } else {
                            std::borrow::Cow::Borrowed(raw)
                        };
                        if !f.values.iter().any(|v| *v == value) && !value.contains("{{") {
                            push(
                                &mut raws,
                                Raw {
                                    kind: FindingKind::UndocumentedValue,
                                    trail,
                                    last: segment,
                                    span: body.span(node),
                                    message: format!(
                                        "hint: {} is not among the documented values of {} ({})",
                                        one_line(&format!("{value:?}")),
                                        f.name,
                                        listed(&f.values)
                                    ),
                                    suggestion: None,
                                    owner: None,
                                },
                            );
                        }
                    }
                }
            }
        }
        raws.sort_by_key(|r| r.span.start);
        // Starts and ends interleaved: nearly always ascending, so one pass places them.
        let offsets: Vec<usize> = raws
            .iter()
            .flat_map(|r| [r.span.start, r.span.end])
            .collect();
        let positions = body.positions_sorted(&offsets);
        let items = raws
            .into_iter()
            .zip(positions.chunks_exact(2))
            .map(|(r, at)| Finding {
                kind: r.kind,
                path: path_of(body, &steps, r.trail, r.last),
                span: r.span,
                start: at[0],
                end: at[1],
                message: r.message,
                suggestion: r.suggestion,
                owner: r.owner,
            })
            .collect();
        Findings { items, more }
    }

    /// What a field's value should be; None for an object field whose type is missing.
    fn expect_of<'m>(&'m self, f: &'m Field) -> Option<Expect<'m>> {
        if f.list {
            return Some(Expect::List(f));
        }
        match f.kind {
            Kind::Object => self.type_of(f).map(Expect::Object),
            _ => Some(Expect::Scalar(f)),
        }
    }
}

/// The path of a finding: the containers' steps from the root, then its own segment.
fn path_of(body: &Body<'_>, steps: &[Step], mut trail: u32, last: Option<Seg>) -> String {
    let mut segments: Vec<Segment> = last.map(|s| s.segment(body)).into_iter().collect();
    while trail != NO_PARENT {
        let step = &steps[trail as usize];
        if let Some(s) = step.segment {
            segments.push(s.segment(body));
        }
        trail = step.parent;
    }
    segments.reverse();
    one_line(&path_text(&segments))
}

/// When the node's JSON kind is not what `expect` wants: what was wanted, in words.
fn mismatch(body: &Body<'_>, node: u32, expect: Expect<'_>) -> Option<String> {
    let n = body.tree.node(node);
    match expect {
        Expect::Object(t) => {
            (n.kind != NodeKind::Object).then(|| format!("an object ({})", t.name))
        }
        Expect::List(f) => {
            (n.kind != NodeKind::Array).then(|| format!("an array ({})", f.kind_text()))
        }
        Expect::Scalar(f) => {
            let fits = match f.kind {
                Kind::String => n.kind == NodeKind::String,
                Kind::Boolean => matches!(n.kind, NodeKind::True | NodeKind::False),
                Kind::Number => n.kind == NodeKind::Number,
                Kind::Integer => n.kind == NodeKind::Number && is_integer(&body.text[n.span()]),
                Kind::Object => n.kind == NodeKind::Object,
            };
            (!fits).then(|| format!("{} {}", article(f.kind.name()), f.kind.name()))
        }
    }
}

/// An object that is a `{{variable}}` of a request file (`"amount": {{amount}}`).
fn is_variable(body: &Body<'_>, node: u32) -> bool {
    let start = body.tree.node(node).start as usize;
    body.text.as_bytes().get(start..start + 2) == Some(b"{{")
}

/// A JSON number written without fraction or exponent (`100`, `-5`), as the API's
/// integers are.
fn is_integer(text: &str) -> bool {
    is_json_number(text) && !text.contains(['.', 'e', 'E'])
}

/// "a string", "an object", "a number with a fraction" for the value at `node`.
fn value_kind(body: &Body<'_>, node: u32) -> &'static str {
    let n = body.tree.node(node);
    match n.kind {
        NodeKind::Object => "an object",
        NodeKind::Array => "an array",
        NodeKind::String => "a string",
        NodeKind::Number if !is_integer(&body.text[n.span()]) => "a number with a fraction",
        NodeKind::Number => "a number",
        NodeKind::True | NodeKind::False => "a boolean",
        NodeKind::Null => "null",
        NodeKind::Bad | NodeKind::Empty => "no JSON value",
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The first few values of a list, then how many more.
fn listed(values: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut out = values
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if values.len() > SHOWN {
        out.push_str(&format!(", … {} more", values.len() - SHOWN));
    }
    out
}

/// Control characters become spaces: a message is one quickfix line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
