//! Copy: the value under the cursor row and its canonical path.
//!
//! Every line of pretty JSON starts at most one value (a member's value or an array
//! element); a closing line stands for the container it closes. The path is built
//! from the structure index alone (parents and ordinals), in the locator's canonical
//! form: 0-based indexes, names joined by `.`, quoted when not identifiers, `$` for
//! the root and before a leading index. So a copied path pastes straight into the
//! path filter, a test or an error report.

use crate::body::{BodyDoc, BodyKind};
use crate::locate::push_member;

use super::ViewerError;
use super::structure::{ContainerKind, Place, Structure};

/// The value shown at a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueAt {
    /// Canonical path, e.g. `payments[3].statusOutput.errors[0].code`.
    pub path: String,
    /// The value's JSON text as shown (strings keep their quotes); containers are
    /// pretty-printed and re-indented to start at column 0.
    pub text: String,
    /// True when `text` stops at the caller's cap (on a char boundary).
    pub truncated: bool,
    /// The value's 0-based lines.
    pub first_line: usize,
    pub last_line: usize,
}

/// One step of a route from the root.
enum Hop {
    Key(String),
    Index(usize),
}

/// The canonical path of the value shown at `line` (0-based).
pub fn path_at(doc: &BodyDoc, s: &Structure, line: usize) -> Result<String, ViewerError> {
    check(doc, s, line)?;
    let mut hops = Vec::new();
    let mut at = value_line(s, line);
    while let Place::Child { parent, ordinal } = s.place(at) {
        let Some(p) = s.get(parent) else { break };
        hops.push(match p.kind {
            ContainerKind::Object => Hop::Key(member_key(doc.line(at).unwrap_or("")).0),
            ContainerKind::Array => Hop::Index(ordinal),
        });
        at = p.open_line;
    }
    hops.reverse();
    Ok(render(&hops))
}

/// The value shown at `line` with its path; its text holds at most `cap` bytes.
pub fn value_at(
    doc: &BodyDoc,
    s: &Structure,
    line: usize,
    cap: usize,
) -> Result<ValueAt, ViewerError> {
    let path = path_at(doc, s, line)?;
    let first_line = value_line(s, line);
    let first_text = doc.line(first_line).unwrap_or("");
    let in_object = match s.place(first_line) {
        Place::Child { parent, .. } => s
            .get(parent)
            .is_some_and(|p| p.kind == ContainerKind::Object),
        Place::Root | Place::Close(_) => false,
    };
    let start = if in_object {
        member_key(first_text).1
    } else {
        indent(first_text)
    };
    let head = first_text.get(start..).unwrap_or("");
    let mut out = Capped::new(cap);
    let last_line = match s.container_at(first_line) {
        Some(c) => {
            // Children sit deeper than the opening line's indentation: removing it
            // makes the copy start at column 0 and keep its inner indentation.
            let strip = indent(first_text);
            out.push(head);
            for l in c.open_line + 1..=c.close_line {
                if out.truncated {
                    break;
                }
                let text = doc.line(l).unwrap_or("");
                let text = text.get(strip.min(indent(text))..).unwrap_or("");
                out.push("\n");
                out.push(if l == c.close_line {
                    without_comma(text)
                } else {
                    text
                });
            }
            c.close_line
        }
        None => {
            out.push(without_comma(head));
            first_line
        }
    };
    Ok(ValueAt {
        path,
        text: out.text,
        truncated: out.truncated,
        first_line,
        last_line,
    })
}

fn check(doc: &BodyDoc, s: &Structure, line: usize) -> Result<(), ViewerError> {
    if doc.kind != BodyKind::Json || !s.is_json() {
        return Err(ViewerError::NotJson);
    }
    let lines = doc.line_count();
    if line >= lines {
        return Err(ViewerError::NoSuchLine { line, lines });
    }
    Ok(())
}

/// The line where the value shown at `line` starts.
fn value_line(s: &Structure, line: usize) -> usize {
    match s.place(line) {
        Place::Close(i) => s.get(i).map_or(line, |c| c.open_line),
        Place::Root | Place::Child { .. } => line,
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A member line's key (unescaped) and the byte where its value starts. A line
/// of pretty JSON inside an object always reads `<indent>"key": value`.
fn member_key(line: &str) -> (String, usize) {
    let start = indent(line);
    let bytes = line.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => break,
            _ => i += 1,
        }
    }
    let end = (i + 1).min(line.len());
    let raw = line.get(start..end).unwrap_or("");
    let name =
        serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_owned());
    let value = if line.get(end..).is_some_and(|r| r.starts_with(": ")) {
        end + 2
    } else {
        end
    };
    (name, value)
}

fn without_comma(text: &str) -> &str {
    text.strip_suffix(',').unwrap_or(text)
}

fn render(hops: &[Hop]) -> String {
    let mut out = String::new();
    if !matches!(hops.first(), Some(Hop::Key(_))) {
        out.push('$');
    }
    for hop in hops {
        match hop {
            Hop::Key(name) => push_member(&mut out, name),
            Hop::Index(n) => {
                out.push('[');
                out.push_str(&n.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// A string that stops growing at `cap` bytes, cut on a char boundary.
struct Capped {
    text: String,
    cap: usize,
    truncated: bool,
}

impl Capped {
    fn new(cap: usize) -> Self {
        Capped {
            text: String::new(),
            cap,
            truncated: false,
        }
    }

    fn push(&mut self, s: &str) {
        if self.truncated {
            return;
        }
        let room = self.cap - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
            return;
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(&s[..end]);
        self.truncated = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::{IndexBase, LocateOptions, Outcome, locate};
    use crate::viewer::filter_path;
    use proptest::prelude::*;
    use std::path::Path;

    fn fixture(name: &str) -> BodyDoc {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        BodyDoc::build(&bytes)
    }

    fn line_of(doc: &BodyDoc, needle: &str) -> usize {
        (0..doc.line_count())
            .find(|&l| doc.line(l).is_some_and(|t| t.contains(needle)))
            .unwrap_or_else(|| panic!("no line with {needle}"))
    }

    #[test]
    fn scalar_row_copies_its_value_and_path() {
        let doc = fixture("402-declined-payment.json");
        let s = Structure::build(&doc);
        let line = line_of(&doc, r#""requestId""#);
        let v = value_at(&doc, &s, line, 1024).unwrap();
        assert_eq!(
            v.path,
            "paymentResult.payment.statusOutput.errors[0].requestId"
        );
        assert_eq!(v.text, r#""24162""#);
        assert!(!v.truncated);
        assert_eq!((v.first_line, v.last_line), (line, line));
        let v = value_at(&doc, &s, line_of(&doc, r#""isAuthorized""#), 1024).unwrap();
        assert_eq!(v.text, "false");
    }

    #[test]
    fn container_row_copies_the_whole_container_dedented() {
        let doc = fixture("402-declined-payment.json");
        let s = Structure::build(&doc);
        let v = value_at(&doc, &s, 2, 4096).unwrap();
        assert_eq!(v.path, "errors");
        assert_eq!(
            v.text,
            "[\n  {\n    \"code\": \"430330\",\n    \"message\": \"Not authorised\",\n    \"httpStatusCode\": 402\n  }\n]"
        );
        // The closing row stands for the same value.
        let close = value_at(&doc, &s, v.last_line, 4096).unwrap();
        assert_eq!(close, v);
    }

    #[test]
    fn copied_containers_parse_back_to_the_same_value() {
        let raw = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/402-declined-payment.json"),
        )
        .unwrap();
        let whole: serde_json::Value = serde_json::from_str(&raw).unwrap();
        let doc = BodyDoc::build(raw.as_bytes());
        let s = Structure::build(&doc);
        let line = line_of(&doc, r#""paymentOutput""#);
        let v = value_at(&doc, &s, line, usize::MAX).unwrap();
        let copied: serde_json::Value = serde_json::from_str(&v.text).unwrap();
        assert_eq!(copied, whole["paymentResult"]["payment"]["paymentOutput"]);
    }

    #[test]
    fn root_rows_have_the_root_path() {
        let doc = BodyDoc::build(br#"[{"a":1},2]"#);
        let s = Structure::build(&doc);
        assert_eq!(path_at(&doc, &s, 0).unwrap(), "$");
        assert_eq!(path_at(&doc, &s, 2).unwrap(), "$[0].a");
        assert_eq!(path_at(&doc, &s, 4).unwrap(), "$[1]");
        assert_eq!(path_at(&doc, &s, 5).unwrap(), "$");
        let scalar = BodyDoc::build(b"42");
        assert_eq!(
            value_at(&scalar, &Structure::build(&scalar), 0, 10).map(|v| (v.path, v.text)),
            Ok(("$".to_owned(), "42".to_owned()))
        );
    }

    #[test]
    fn odd_keys_are_quoted_like_the_locator_quotes_them() {
        let doc = BodyDoc::build(br#"{"a.b":{"x y":1,"q`t":2,"\u00e9":3,"$v":4,"ok_1$":5}}"#);
        let s = Structure::build(&doc);
        let paths: Vec<String> = (2..7).map(|l| path_at(&doc, &s, l).unwrap()).collect();
        assert_eq!(
            paths,
            [
                "`a.b`.`x y`",
                "`a.b`.\"q`t\"",
                "`a.b`.`é`",
                "`a.b`.`$v`",
                "`a.b`.ok_1$"
            ]
        );
        // A first name with a backtick gets `$.` (a lone string literal is a constant in
        // JSONata); `true` is a literal there, so it is quoted.
        let doc = BodyDoc::build(br#"{"q`t":1,"true":2}"#);
        let s = Structure::build(&doc);
        let paths: Vec<String> = (1..3).map(|l| path_at(&doc, &s, l).unwrap()).collect();
        assert_eq!(paths, ["$.\"q`t\"", "`true`"]);
    }

    #[test]
    fn every_row_path_filters_back_to_its_own_line() {
        for name in [
            "201-create-payment.json",
            "402-declined-payment.json",
            "400-invalid-request.json",
            "create-payment-request.json",
        ] {
            let doc = fixture(name);
            let s = Structure::build(&doc);
            for line in 0..doc.line_count() {
                let v = value_at(&doc, &s, line, 64).unwrap();
                let found = filter_path(&doc, &v.path, false)
                    .unwrap_or_else(|e| panic!("{name}:{line} {}: {e}", v.path));
                assert_eq!(found.hits.len(), 1, "{name}:{line}");
                let hit = &found.hits[0];
                assert_eq!(hit.path, v.path, "{name}:{line}");
                assert_eq!((hit.first_line, hit.last_line), (v.first_line, v.last_line));
            }
        }
    }

    /// JSON values with nesting, empty containers and keys that need quoting.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let key = prop_oneof![
            Just("id"),
            Just("a.b"),
            Just("x y"),
            Just("q`t"),
            Just("é"),
            Just("$v"),
            Just("n\"q"),
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            "[a-z{}\\[\\],\"é ]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 5, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::vec((key.clone(), inner), 0..5).prop_map(|members| {
                    Value::Object(
                        members
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                    )
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn every_row_of_any_json_copies_a_path_the_filter_resolves(value in json_value()) {
            let doc = BodyDoc::build(value.to_string().as_bytes());
            let s = Structure::build(&doc);
            for line in 0..doc.line_count() {
                let v = value_at(&doc, &s, line, usize::MAX).unwrap();
                let found = filter_path(&doc, &v.path, false).unwrap();
                prop_assert_eq!(found.hits.len(), 1);
                prop_assert_eq!(&found.hits[0].path, &v.path);
                prop_assert_eq!(found.hits[0].first_line, v.first_line);
                // The copied text is the located value itself.
                let opts = LocateOptions { index_base: IndexBase::Zero, message: None };
                let located = locate(&doc.text, &v.path, &opts);
                let Outcome::Found { matches } = &located.outcome else {
                    panic!("{located:?}");
                };
                let span = matches[0].span;
                let expected: serde_json::Value =
                    serde_json::from_str(&doc.text[span.start..span.end]).unwrap();
                let copied: serde_json::Value = serde_json::from_str(&v.text).unwrap();
                prop_assert_eq!(copied, expected);
            }
        }
    }

    #[test]
    fn large_values_are_cut_at_the_cap_on_a_char_boundary() {
        let doc = BodyDoc::build("{\"a\":[\"ééééé\",\"b\",\"c\"]}".as_bytes());
        let s = Structure::build(&doc);
        let v = value_at(&doc, &s, 1, 9).unwrap();
        assert!(v.truncated);
        // "[\n  \"" is 5 bytes and each é 2: 9 bytes hold two of them.
        assert_eq!(v.text, "[\n  \"éé");
        // 8 bytes cannot hold half of the second é.
        let v = value_at(&doc, &s, 1, 8).unwrap();
        assert_eq!(v.text, "[\n  \"é");
    }

    #[test]
    fn non_json_bodies_and_missing_lines_are_errors() {
        for bytes in [&b"<html/>"[..], &[0xff, 0xfe, 0x01][..], b""] {
            let doc = BodyDoc::build(bytes);
            let s = Structure::build(&doc);
            assert_eq!(value_at(&doc, &s, 0, 10), Err(ViewerError::NotJson));
        }
        let doc = BodyDoc::build(b"{}");
        let s = Structure::build(&doc);
        assert_eq!(
            path_at(&doc, &s, 1),
            Err(ViewerError::NoSuchLine { line: 1, lines: 1 })
        );
    }
}
