//! Property tests for `locate`: every value of a random JSON document is found at its
//! exact span by its canonical path, and no text or path makes it panic.

use connect_inspector::locate::{
    Document, IndexBase, LocateOptions, Outcome, Position, parse_path,
};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Strings with escapes, control characters, quotes, backticks and non-ASCII.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z_][a-zA-Z0-9_$]{0,8}",
        2 => "[a-z .`'\"\\\\/\u{0}-\u{1f}é😀\u{2028}$\\[\\]=-]{0,8}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        (prop::num::f64::NORMAL | prop::num::f64::ZERO | prop::num::f64::SUBNORMAL)
            .prop_filter_map("finite", Number::from_f64)
            .prop_map(Value::Number),
        any_text().prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any_text(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One hop of a route into a `Value`.
#[derive(Clone, Debug)]
enum Hop {
    Key(String),
    Index(usize),
}

/// Every route to every value, root included.
fn routes(value: &Value, prefix: &mut Vec<Hop>, out: &mut Vec<Vec<Hop>>) {
    out.push(prefix.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                prefix.push(Hop::Index(i));
                routes(item, prefix, out);
                prefix.pop();
            }
        }
        Value::Object(members) => {
            for (key, item) in members {
                prefix.push(Hop::Key(key.clone()));
                routes(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// A name JSONata reads bare as that name: not `true`, `false` or `null` (literals).
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !["true", "false", "null"].contains(&s)
}

/// The canonical path, written independently of the library's formatter: a name with
/// a backtick is a JSON string literal, which JSONata reads as a name only after a
/// step, hence `$.` before it at the start.
fn canonical(route: &[Hop]) -> String {
    let mut out = String::new();
    if !matches!(route.first(), Some(Hop::Key(_))) {
        out.push('$');
    }
    for hop in route {
        match hop {
            Hop::Index(n) => out.push_str(&format!("[{n}]")),
            Hop::Key(k) => {
                let literal = !is_identifier(k) && k.contains('`');
                if !out.is_empty() {
                    out.push('.');
                } else if literal {
                    out.push_str("$.");
                }
                if is_identifier(k) {
                    out.push_str(k);
                } else if !literal {
                    out.push_str(&format!("`{k}`"));
                } else {
                    out.push_str(&Value::String(k.clone()).to_string());
                }
            }
        }
    }
    out
}

fn follow<'v>(mut value: &'v Value, route: &[Hop]) -> &'v Value {
    for hop in route {
        value = match hop {
            Hop::Key(k) => &value[k.as_str()],
            Hop::Index(i) => &value[*i],
        };
    }
    value
}

/// Line/column computed the slow, obvious way.
fn naive_position(text: &str, byte: usize) -> Position {
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: text[line_start..byte].chars().count() + 1,
    }
}

const ZERO: LocateOptions<'static> = LocateOptions {
    index_base: IndexBase::Zero,
    message: None,
};

/// Key names that JSONata and path syntax trip over.
fn hostile_key() -> impl Strategy<Value = String> {
    let named = [
        "true", "false", "null", "and", "or", "in", "", " ", "`", "``", "a`b", "`x`", "'", "\"",
        "'a'", "a.b", ".", "..", "a b", "[", "]", "[0]", "a[1]", "0", "1", "-1", "1a", "é", "😀",
        "\u{2028}", "\u{0}", "\n", "\\", "$", "$a", "a$", "$$", "*", "=", "a=b", "true`", "`null",
        "nullx", "True",
    ];
    prop_oneof![
        2 => prop::sample::select(named.to_vec()).prop_map(str::to_owned),
        2 => "[a-z`'\" .\\[\\]0-9é😀$=\\\\-]{0,6}",
        1 => "[a-zA-Z_][a-zA-Z0-9_$]{0,4}",
    ]
}

/// JSON documents whose keys are mostly hostile, nested in objects and arrays.
fn hostile_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((hostile_key(), inner), 0..5)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn is_leaf(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        _ => true,
    }
}

fn path_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z$`'\"\\[\\]=.0-9*()&+ !<>-]{0,24}",
        any::<String>(),
        Just("a[b.c='x'][-1][0].`q`".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_value_is_found_at_its_exact_span(value in json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        // Compare with what serde_json reads back from the same text (float printing).
        let reread: Value = serde_json::from_str(&text).unwrap();
        let doc = Document::parse(&text);
        let mut all = Vec::new();
        routes(&reread, &mut Vec::new(), &mut all);
        for route in all {
            let path = canonical(&route);
            let loc = doc.locate(&path, &ZERO);
            let Outcome::Found { matches } = &loc.outcome else {
                return Err(TestCaseError::fail(format!("{path}: {:?} in {text}", loc.outcome)));
            };
            prop_assert_eq!(matches.len(), 1, "{}", path);
            let m = &matches[0];
            prop_assert_eq!(&m.path, &path);
            let slice = &text[m.span.start..m.span.end];
            let at_span: Value = serde_json::from_str(slice)
                .map_err(|e| TestCaseError::fail(format!("{path}: {slice:?}: {e}")))?;
            prop_assert_eq!(&at_span, follow(&reread, &route), "{}", path);
            prop_assert_eq!(m.start, naive_position(&text, m.span.start));
            prop_assert_eq!(m.end, naive_position(&text, m.span.end));
            prop_assert!(loc.warnings.is_empty());
        }
    }

    #[test]
    fn reported_paths_reselect_exactly_their_match(value in hostile_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let reread: Value = serde_json::from_str(&text).unwrap();
        let doc = Document::parse(&text);
        let mut all = Vec::new();
        routes(&reread, &mut Vec::new(), &mut all);
        for route in all.iter().filter(|r| is_leaf(follow(&reread, r))) {
            let path = canonical(route);
            let loc = doc.locate(&path, &ZERO);
            let Outcome::Found { matches } = &loc.outcome else {
                return Err(TestCaseError::fail(format!("{path}: {:?} in {text}", loc.outcome)));
            };
            prop_assert_eq!(matches.len(), 1, "{}", path);
            let m = &matches[0];
            prop_assert_eq!(&m.path, &path);
            // The reported path, parsed again by the library's own parser, selects that
            // one value and reports itself.
            let parsed = parse_path(&m.path)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}", m.path)))?;
            let again = doc.locate_path(&m.path, &parsed, &ZERO);
            let Outcome::Found { matches: again } = &again.outcome else {
                return Err(TestCaseError::fail(format!("{}: {:?}", m.path, again.outcome)));
            };
            prop_assert_eq!(again.len(), 1, "{}", m.path);
            prop_assert_eq!(again[0].span, m.span, "{}", m.path);
            prop_assert_eq!(&again[0].path, &m.path);
            // Its normalised form is the same text.
            prop_assert_eq!(parsed.to_string(), m.path.clone());
        }
    }

    #[test]
    fn random_strings_and_paths_never_panic(
        text in any::<String>(),
        paths in prop::collection::vec(path_text(), 1..6),
    ) {
        let doc = Document::parse(&text);
        for path in &paths {
            for index_base in [IndexBase::Auto, IndexBase::Zero, IndexBase::One] {
                let loc = doc.locate(path, &LocateOptions { index_base, message: Some("x (1) '2'") });
                let _ = loc.to_json();
            }
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), path in path_text()) {
        let text = String::from_utf8_lossy(&bytes);
        let doc = Document::parse(&text);
        let _ = doc.locate(&path, &ZERO).to_json();
        let _ = doc.position(bytes.len() / 2);
    }

    #[test]
    fn broken_json_never_panics_and_keeps_positions_valid(
        value in json(),
        cut in any::<prop::sample::Index>(),
        junk in "[\\[\\]{}\",: a-z\n\\\\]{0,3}",
    ) {
        let text = serde_json::to_string_pretty(&value).unwrap();
        // Replace a random stretch with junk, on character boundaries.
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let at = boundaries[cut.index(boundaries.len())];
        let end = boundaries.iter().copied().find(|&b| b >= at + 3).unwrap_or(text.len());
        let broken = format!("{}{}{}", &text[..at], junk, &text[end..]);
        let doc = Document::parse(&broken);
        let mut all = Vec::new();
        routes(&value, &mut Vec::new(), &mut all);
        for route in all.iter().take(40) {
            let loc = doc.locate(&canonical(route), &ZERO);
            if let Outcome::Found { matches } = &loc.outcome {
                for m in matches {
                    prop_assert!(m.span.start <= m.span.end && m.span.end <= broken.len());
                    prop_assert!(broken.is_char_boundary(m.span.start));
                    prop_assert!(broken.is_char_boundary(m.span.end));
                    prop_assert_eq!(m.start, naive_position(&broken, m.span.start));
                }
            }
        }
    }
}
