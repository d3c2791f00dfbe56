//! Adding a field an error says is missing: where it goes in the body (inside
//! the deepest object that exists on its path, after the last member) and the
//! text that adds it, parents included, indented like its siblings, commas
//! right, with an empty string as the value to type. Pure: text in, an
//! insertion out; the editor applies it as one undo step.

use super::outcome::{Nearest, Outcome};
use super::path::{Target, parse_path};

/// Text to insert at byte `at` of the body; the cursor then goes to byte
/// `cursor` of `text` (inside the value's quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    pub at: usize,
    pub text: String,
    pub cursor: usize,
}

/// Why a missing field cannot be added by a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InsertError {
    #[error("nothing is missing: the field is there")]
    NotMissing,
    #[error("the missing part is an array element ({0}): add it by hand")]
    ArrayElement(String),
    #[error("{0} is not an object in the body: fix it by hand")]
    NotAnObject(String),
    #[error("the path reads more than names: {0}")]
    Unreadable(String),
}

/// The insertion that adds what `outcome` (of `property` in `body`) says is missing.
pub fn missing_field(
    body: &str,
    property: &str,
    outcome: &Outcome,
) -> Result<Insertion, InsertError> {
    let Outcome::Missing { nearest, missing } = outcome else {
        return Err(InsertError::NotMissing);
    };
    if missing.starts_with('[') {
        return Err(InsertError::ArrayElement(missing.clone()));
    }
    let names = rest_names(property, nearest)?;
    let object = body
        .get(nearest.span.start..nearest.span.end)
        .filter(|v| v.starts_with('{') && v.ends_with('}'))
        .ok_or_else(|| {
            InsertError::NotAnObject(if nearest.path.is_empty() {
                "the body".to_owned()
            } else {
                nearest.path.clone()
            })
        })?;
    let open = nearest.span.start;
    let close = nearest.span.end - 1;
    let parent_indent = indent_of(body, open);
    let inner = &object[1..object.len() - 1];
    let members = inner.trim();
    // Where the object's members start a line, new ones do too, indented alike.
    let member_indent = first_member_indent(inner);
    if members.is_empty() {
        let indent = format!("{parent_indent}  ");
        let (text, cursor) = skeleton(&names, &indent, "  ");
        let text = format!("\n{indent}{text}\n{parent_indent}");
        return Ok(Insertion {
            at: open + 1,
            cursor: cursor + 1 + indent.len(),
            text,
        });
    }
    // After the last member, before any whitespace that precedes the brace.
    let last = body[..close].trim_end().len();
    match member_indent {
        Some(indent) => {
            let unit = indent
                .strip_prefix(parent_indent.as_str())
                .filter(|u| !u.is_empty())
                .unwrap_or("  ")
                .to_owned();
            let (text, cursor) = skeleton(&names, &indent, &unit);
            let lead = format!(",\n{indent}");
            Ok(Insertion {
                at: last,
                cursor: lead.len() + cursor,
                text: format!("{lead}{text}"),
            })
        }
        None => {
            let (text, cursor) = inline_skeleton(&names);
            Ok(Insertion {
                at: last,
                cursor: 2 + cursor,
                text: format!(", {text}"),
            })
        }
    }
}

/// The names from the nearest existing object down to the missing field.
fn rest_names(property: &str, nearest: &Nearest) -> Result<Vec<String>, InsertError> {
    let unreadable = |p: &str| InsertError::Unreadable(p.to_owned());
    let steps = parse_path(property)
        .map_err(|_| unreadable(property))?
        .steps;
    let depth = if nearest.path.is_empty() {
        0
    } else {
        parse_path(&nearest.path)
            .map_err(|_| unreadable(&nearest.path))?
            .steps
            .iter()
            .filter(|s| s.target != Target::Root)
            .count()
    };
    let steps: Vec<_> = steps.iter().filter(|s| s.target != Target::Root).collect();
    let rest = steps.get(depth..).unwrap_or(&[]);
    if rest.is_empty() {
        return Err(InsertError::NotMissing);
    }
    rest.iter()
        .map(|s| match (&s.target, s.filters.is_empty()) {
            (Target::Field(name), true) => Ok(name.clone()),
            _ => Err(InsertError::ArrayElement(s.text.clone())),
        })
        .collect()
}

/// `"a": {⏎  "b": ""⏎}` at `indent`, nested by `unit`; and where the cursor goes.
fn skeleton(names: &[String], indent: &str, unit: &str) -> (String, usize) {
    let mut text = String::new();
    let mut cursor = 0;
    let depth = names.len();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            text.push('\n');
            text.push_str(indent);
            text.push_str(&unit.repeat(i));
        }
        text.push_str(&serde_json::Value::String(name.clone()).to_string());
        text.push_str(": ");
        if i + 1 == depth {
            text.push('"');
            cursor = text.len();
            text.push('"');
        } else {
            text.push('{');
        }
    }
    for i in (0..depth.saturating_sub(1)).rev() {
        text.push('\n');
        text.push_str(indent);
        text.push_str(&unit.repeat(i));
        text.push('}');
    }
    (text, cursor)
}

/// `"a": {"b": ""}` on one line; and where the cursor goes.
fn inline_skeleton(names: &[String]) -> (String, usize) {
    let mut text = String::new();
    for (i, name) in names.iter().enumerate() {
        text.push_str(&serde_json::Value::String(name.clone()).to_string());
        text.push_str(if i + 1 == names.len() { ": \"" } else { ": {" });
    }
    let cursor = text.len();
    text.push('"');
    text.push_str(&"}".repeat(names.len() - 1));
    (text, cursor)
}

/// The leading whitespace of the line holding byte `at`.
fn indent_of(body: &str, at: usize) -> String {
    let start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    body[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// The indentation of an object's first member when it starts a line.
fn first_member_indent(inner: &str) -> Option<String> {
    let before = &inner[..inner.len() - inner.trim_start().len()];
    let line = before.rsplit('\n').next()?;
    before.contains('\n').then(|| line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::{Document, LocateOptions};

    fn add(body: &str, property: &str) -> Result<String, InsertError> {
        let doc = Document::parse(body);
        let loc = doc.locate(property, &LocateOptions::default());
        let ins = missing_field(body, property, &loc.outcome)?;
        let mut out = body.to_owned();
        out.insert_str(ins.at, &ins.text);
        // The cursor lands inside the new value's quotes.
        let cursor = ins.at + ins.cursor;
        assert_eq!(&out[cursor - 1..=cursor], "\"\"", "{out}");
        Ok(out)
    }

    #[test]
    fn a_missing_leaf_goes_after_the_last_member_indented_alike() {
        let body = "{\n  \"order\": {\n    \"customer\": {\n      \"billingAddress\": {\n        \"zip\": \"1234AB\"\n      }\n    }\n  }\n}";
        let out = add(body, "order.customer.billingAddress.countryCode").expect("added");
        assert!(
            out.contains("\"zip\": \"1234AB\",\n        \"countryCode\": \"\"\n      }"),
            "{out}"
        );
        serde_json::from_str::<serde_json::Value>(&out).expect("still JSON");
    }

    #[test]
    fn missing_parents_are_made_on_the_way() {
        let body = "{\n  \"order\": {\n    \"amount\": 1\n  }\n}";
        let out = add(body, "order.customer.billingAddress.countryCode").expect("added");
        let want = "\"amount\": 1,\n    \"customer\": {\n      \"billingAddress\": {\n        \"countryCode\": \"\"\n      }\n    }\n  }";
        assert!(out.contains(want), "{out}");
        serde_json::from_str::<serde_json::Value>(&out).expect("still JSON");
    }

    #[test]
    fn an_empty_object_and_a_one_line_object_get_it_too() {
        let out = add("{\n  \"card\": {}\n}", "card.cvv").expect("added");
        assert_eq!(out, "{\n  \"card\": {\n    \"cvv\": \"\"\n  }\n}");
        let out = add("{\"card\": {\"number\": \"4\"}}", "card.cvv").expect("added");
        assert_eq!(out, "{\"card\": {\"number\": \"4\", \"cvv\": \"\"}}");
        let out = add("{\"a\": 1}", "b.c").expect("added");
        assert_eq!(out, "{\"a\": 1, \"b\": {\"c\": \"\"}}");
    }

    #[test]
    fn what_a_key_cannot_add_says_why() {
        let err = add("{\"items\": [1]}", "items[3].amount").unwrap_err();
        assert!(matches!(err, InsertError::ArrayElement(_)), "{err}");
        let err = add("{\"card\": \"x\"}", "card.cvv").unwrap_err();
        assert_eq!(err, InsertError::NotAnObject("card".into()));
        let err = add("{\"card\": {\"cvv\": 1}}", "card.cvv").unwrap_err();
        assert_eq!(err, InsertError::NotMissing);
    }
}
