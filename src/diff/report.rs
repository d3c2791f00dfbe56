//! A comparison for people and scripts: a value as one line (JSON compacted,
//! cut to a width), the text `cinspect diff` prints, its `--json` object, and
//! the markdown the TUI copies for a ticket. The text is raw: whoever prints
//! it to a terminal passes it through `body::printable`.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use super::{
    Area, BodyMode, Change, Comparison, Difference, ErrorKey, Expected, Half, Part, Value, Which,
};

/// The bodies a comparison's spans point into: each side's request and response body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Texts<'a> {
    pub left: [&'a str; 2],
    pub right: [&'a str; 2],
}

impl<'a> Texts<'a> {
    pub fn body(&self, which: Which, part: Part) -> &'a str {
        let side = match which {
            Which::Left => &self.left,
            Which::Right => &self.right,
        };
        side[match part {
            Part::Request => 0,
            Part::Response => 1,
        }]
    }

    /// The raw text of a difference's value on one side.
    pub fn raw(&self, d: &Difference, which: Which) -> Option<&'a str> {
        match d.value(which)? {
            Value::Text(_) => None,
            Value::Span(r) => self
                .body(which, d.part)
                .get(r.start as usize..r.end as usize),
        }
    }
}

/// A value on one line, at most `max` characters (`…` past them): JSON
/// without its layout, lines joined with ` ⏎ `, a text as it is.
pub fn one_line(d: &Difference, which: Which, texts: &Texts<'_>, max: usize) -> Option<String> {
    Some(match d.value(which)? {
        Value::Text(t) => cut(t.chars(), max),
        Value::Span(_) => {
            let raw = texts.raw(d, which).unwrap_or("");
            match d.area {
                Area::Body => compact_json(raw, max),
                _ => cut(
                    raw.split('\n')
                        .map(|l| l.strip_suffix('\r').unwrap_or(l))
                        .collect::<Vec<_>>()
                        .join(" ⏎ ")
                        .chars(),
                    max,
                ),
            }
        }
    })
}

fn cut(chars: impl Iterator<Item = char>, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in chars.enumerate() {
        if i + 1 >= max {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// JSON text without white space outside strings, at most `max` characters.
pub fn compact_json(raw: &str, max: usize) -> String {
    let mut out = String::new();
    let (mut in_string, mut escaped, mut n) = (false, false, 0usize);
    for c in raw.chars() {
        if !in_string && c.is_ascii_whitespace() {
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        n += 1;
        if n >= max {
            out.push('…');
            return out;
        }
        out.push(c);
        if !in_string && (c == ',' || c == ':') {
            // Compact but readable on one line.
            out.push(' ');
        }
    }
    out
}

/// `old → new`, `+ new`, `- old` for a line.
pub fn change_text(d: &Difference, texts: &Texts<'_>, max: usize) -> String {
    let l = one_line(d, Which::Left, texts, max);
    let r = one_line(d, Which::Right, texts, max);
    match (d.change, l, r) {
        (Change::Reordered, _, _) => "the same items in another order".to_string(),
        (_, Some(l), Some(r)) => format!("{l} → {r}"),
        (_, Some(l), None) => l,
        (_, None, Some(r)) => r,
        (_, None, None) => String::new(),
    }
}

/// How a difference is named in a list: `body order.items[1].amount`, `header Date`, `status`.
pub fn label(d: &Difference) -> String {
    match d.area {
        Area::Header => format!("header {}", d.path),
        Area::Body | Area::BodyLines => format!("body {}", d.path),
        _ => d.path.clone(),
    }
}

/// The expected differences of a comparison, counted by class.
pub fn expected_by_class(c: &Comparison) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for d in c.differences() {
        if let Some(e) = d.expected {
            *out.entry(e.name()).or_insert(0) += 1;
        }
    }
    out
}

/// The classes present, in the order of `Expected::ALL`, with their counts.
fn classes(c: &Comparison) -> Vec<(Expected, usize)> {
    Expected::ALL
        .iter()
        .filter_map(|&e| {
            let n = c.differences().filter(|d| d.expected == Some(e)).count();
            (n > 0).then_some((e, n))
        })
        .collect()
}

/// What `cinspect diff` prints: each half's differences (the expected ones
/// too with `all`, else counted), the errors fixed / still there / new, the notes.
pub fn text(c: &Comparison, texts: &Texts<'_>, all: bool) -> String {
    const WIDTH: usize = 160;
    let mut out = String::new();
    for (part, half) in c.halves() {
        out.push_str(part.name());
        let (differs, expected) = half.counts();
        out.push_str(&match (differs, expected) {
            (0, 0) => ": the same\n".to_string(),
            (d, 0) => format!(": {d} difference{}\n", plural(d)),
            (d, e) => format!(": {d} difference{}, {e} expected to differ\n", plural(d)),
        });
        for note in &half.notes {
            out.push_str(&format!("  note: {note}\n"));
        }
        if part == Part::Response
            && let Some(errors) = &c.errors
        {
            out.push_str(&format!("  errors: {}\n", errors.summary()));
            for (word, list) in [
                ("fixed", &errors.fixed),
                ("still there", &errors.still),
                ("new", &errors.new),
            ] {
                for e in list {
                    out.push_str(&format!("    {word}: {}\n", e.label()));
                }
            }
        }
        for d in half
            .differences
            .iter()
            .filter(|d| all || d.expected.is_none())
        {
            out.push_str(&format!(
                "  {} {}: {}",
                d.change.mark(),
                label(d),
                change_text(d, texts, WIDTH)
            ));
            if let Some(note) = &d.note {
                out.push_str(&format!(" ({note})"));
            }
            if let Some(e) = d.expected {
                out.push_str(&format!("  [expected: {}]", e.why()));
            }
            out.push('\n');
        }
        if half.omitted > 0 {
            out.push_str(&format!(
                "  … and {} more not listed ({} expected to differ)\n",
                half.omitted, half.omitted_expected
            ));
        }
    }
    let (differs, expected) = c.counts();
    if expected > 0 && !all {
        let named: Vec<String> = classes(c)
            .iter()
            .map(|(e, n)| format!("{} ×{n}", e.name()))
            .collect();
        out.push_str(&format!(
            "expected to differ ({expected}): {} (--all lists them)\n",
            named.join(", ")
        ));
    }
    out.push_str(&match (differs, expected) {
        (0, 0) => "the same\n".to_string(),
        (0, e) => format!("nothing differs but what is expected to ({e})\n"),
        (d, _) => format!("{d} difference{}\n", plural(d)),
    });
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A value for `--json`: a body's JSON value as it is (up to 1 MiB; past it,
/// or when it does not read, its text cut at 64 KiB), else the text.
fn json_value(d: &Difference, which: Which, texts: &Texts<'_>) -> Json {
    match d.value(which) {
        None => Json::Null,
        Some(Value::Text(t)) => Json::String(t.clone()),
        Some(Value::Span(_)) => {
            let raw = texts.raw(d, which).unwrap_or("");
            if d.area == Area::Body
                && raw.len() <= 1 << 20
                && let Ok(v) = serde_json::from_str::<Json>(raw)
            {
                return v;
            }
            Json::String(cut(raw.chars(), 64 * 1024))
        }
    }
}

fn error_json(e: &ErrorKey) -> Json {
    json!({"code": e.code, "id": e.id, "property_name": e.property})
}

/// `cinspect diff --json`: one object.
pub fn json(c: &Comparison, texts: &Texts<'_>, all: bool) -> Json {
    let half_json = |half: &Half| {
        let (differs, expected) = half.counts();
        json!({
            "body": match half.body {
                BodyMode::Neither => "neither",
                BodyMode::Json => "json",
                BodyMode::Lines => "lines",
            },
            "differences": differs,
            "expected": expected,
            "omitted": half.omitted,
            "notes": half.notes,
            "changes": half.differences.iter().filter(|d| all || d.expected.is_none()).map(|d| json!({
                "area": d.area.name(),
                "path": d.path,
                "change": d.change.name(),
                "left": json_value(d, Which::Left, texts),
                "right": json_value(d, Which::Right, texts),
                "expected": d.expected.map(Expected::name),
                "signing_or_transport": d.signing_or_transport,
                "note": d.note,
            })).collect::<Vec<_>>(),
        })
    };
    let (differs, expected) = c.counts();
    json!({
        "same": c.is_same(all),
        "differences": differs,
        "expected": expected,
        "expected_by_class": expected_by_class(c),
        "request": c.request.as_ref().map(half_json),
        "response": c.response.as_ref().map(half_json),
        "errors": c.errors.as_ref().map(|e| json!({
            "fixed": e.fixed.iter().map(error_json).collect::<Vec<_>>(),
            "still_there": e.still.iter().map(error_json).collect::<Vec<_>>(),
            "new": e.new.iter().map(error_json).collect::<Vec<_>>(),
        })),
    })
}

/// Text in a markdown table cell as code: pipes escaped, backticks fenced.
fn md_code(s: &str) -> String {
    let s = s.replace('|', "\\|");
    if s.is_empty() {
        return String::new();
    }
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Redacts a value before it goes in a report: (the difference, its text) → the text to show.
pub type Redact<'r> = &'r dyn Fn(&Difference, &str) -> String;

/// The comparison as markdown for a ticket: the two sides, each half's
/// differences as a table, the errors, the expected ones counted. Every value
/// passes through `redact`.
pub fn markdown(
    c: &Comparison,
    texts: &Texts<'_>,
    sides: (&str, &str),
    redact: Redact<'_>,
) -> String {
    const WIDTH: usize = 300;
    let mut out = format!(
        "### Comparison\n\n| | |\n|---|---|\n| left | {} |\n| right | {} |\n\n",
        sides.0.replace('|', "\\|"),
        sides.1.replace('|', "\\|")
    );
    let shown = |d: &Difference, w: Which| {
        one_line(d, w, texts, WIDTH).map_or(String::new(), |v| md_code(&redact(d, &v)))
    };
    for (part, half) in c.halves() {
        let (differs, expected) = half.counts();
        let title = match part {
            Part::Request => "Request",
            Part::Response => "Response",
        };
        out.push_str(&format!(
            "**{title}**: {differs} difference{}, {expected} expected to differ\n\n",
            plural(differs)
        ));
        for note in &half.notes {
            out.push_str(&format!("- note: {}\n", note.replace('|', "\\|")));
        }
        if !half.notes.is_empty() {
            out.push('\n');
        }
        if part == Part::Response
            && let Some(errors) = &c.errors
        {
            out.push_str(&format!("Errors: {}\n\n", errors.summary()));
            for (word, list) in [
                ("fixed", &errors.fixed),
                ("still there", &errors.still),
                ("new", &errors.new),
            ] {
                for e in list {
                    out.push_str(&format!("- {word}: {}\n", md_code(&e.label())));
                }
            }
            if !errors.is_empty() {
                out.push('\n');
            }
        }
        let listed: Vec<&Difference> = half
            .differences
            .iter()
            .filter(|d| d.expected.is_none())
            .collect();
        if !listed.is_empty() {
            out.push_str("| | where | left | right |\n|---|---|---|---|\n");
            for d in listed {
                let mut place = md_code(&label(d));
                if let Some(note) = &d.note {
                    place.push_str(&format!(" ({})", note.replace('|', "\\|")));
                }
                out.push_str(&format!(
                    "| {} | {place} | {} | {} |\n",
                    d.change.mark(),
                    shown(d, Which::Left),
                    shown(d, Which::Right)
                ));
            }
            out.push('\n');
        }
        if half.omitted > 0 {
            out.push_str(&format!("… and {} more not listed\n\n", half.omitted));
        }
    }
    let classes = classes(c);
    if !classes.is_empty() {
        let total: usize = classes.iter().map(|(_, n)| n).sum();
        out.push_str(&format!("Expected to differ ({total}):"));
        for (e, n) in classes {
            out.push_str(&format!(" {} ×{n};", e.why()));
        }
        out.pop();
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_compacted_and_cut() {
        assert_eq!(
            compact_json("{\n  \"a\": [1, 2],\n  \"b\": \"x y\"\n}", 100),
            "{\"a\": [1, 2], \"b\": \"x y\"}"
        );
        assert_eq!(compact_json("\"abcdef\"", 4), "\"ab…");
        assert_eq!(md_code("a|b"), "`a\\|b`");
        assert_eq!(md_code("a`b"), "`` a`b ``");
    }
}
