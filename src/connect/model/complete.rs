//! Completion at an editor's cursor: what fits there (the fields of the object the
//! cursor is in that it does not have yet, or a field's documented values), what is
//! typed of it so far, and the edit that takes a choice in: a key with its quotes, `: `
//! and a value of the field's kind, commas where the neighbours need them, the cursor
//! on the value. Half-typed text is fine: the path comes from the tolerant scan.

use std::ops::Range;

use super::body::{Body, CursorAt, Segment};
use super::data::{Field, Kind, Model, Type};
use super::paths::At;
use crate::locate::scan::{Kind as NodeKind, flag};

/// What the choices are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceKind {
    /// Names of fields, for a key.
    Field,
    /// Values of the field at the cursor.
    Value,
}

/// One thing completion offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice<'m> {
    /// The field's JSON name, or the value (a string's without its quotes).
    pub text: String,
    /// The field's kind (`string`, `Customer`, `array of LineItem`); for a value, its
    /// field's name.
    pub detail: String,
    pub deprecated: bool,
    /// The field a name stands for.
    pub field: Option<&'m Field>,
}

/// What completion offers at one cursor, and where a choice goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices<'m> {
    pub kind: ChoiceKind,
    /// Every choice there in the model's order (names sorted), deprecated ones last.
    pub items: Vec<Choice<'m>>,
    /// What is typed of the name or value before the cursor (the filter to start with).
    pub typed: String,
    /// `fields of Address`, `values of recurringPaymentSequenceIndicator`.
    pub title: String,
    /// The text a choice replaces: the key or value being typed, with its quotes.
    replace: Range<usize>,
    /// The key already has its colon: a name renames it and the value stays.
    has_colon: bool,
    /// A value is written as a JSON string.
    quoted: bool,
}

/// A change of the body: `range` replaced by `text`; then the cursor at byte `cursor`
/// of the new body, with the `select` bytes after it selected (typing replaces them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
    pub cursor: usize,
    pub select: usize,
}

impl Model {
    /// What completion offers at byte `offset` of `body`, an instance of `ty`; None
    /// where nothing fits (outside the value, in an unknown object, on a value with no
    /// documented list, on an object or array).
    pub fn choices<'m>(
        &'m self,
        ty: &'m Type,
        body: &Body<'_>,
        offset: usize,
    ) -> Option<Choices<'m>> {
        let text = body.text();
        let offset = offset.min(text.len());
        if !text.is_char_boundary(offset) {
            return None;
        }
        let cursor = body.path_at(offset);
        match cursor.at {
            CursorAt::Outside => None,
            CursorAt::Value => {
                let Ok(At { field: Some(f), .. }) = self.at_path(ty, &cursor.segments) else {
                    return None;
                };
                let node = *body.tree.node(cursor.node?);
                let (replace, typed_from) = match node.kind {
                    NodeKind::Object | NodeKind::Array => return None,
                    NodeKind::Empty => (offset..offset, offset),
                    NodeKind::String if !node.has(flag::CLOSED) => {
                        (node.start as usize..offset, node.start as usize + 1)
                    }
                    NodeKind::String => (node.span(), node.start as usize + 1),
                    _ => (node.span(), node.start as usize),
                };
                let typed = text.get(typed_from.min(offset)..offset).unwrap_or("");
                let boolean = f.field.kind == Kind::Boolean;
                let values: Vec<&str> = if boolean {
                    vec!["true", "false"]
                } else {
                    f.field.values.iter().map(String::as_str).collect()
                };
                if values.is_empty() {
                    return None;
                }
                Some(Choices {
                    kind: ChoiceKind::Value,
                    items: values
                        .into_iter()
                        .map(|v| Choice {
                            text: v.to_owned(),
                            detail: f.field.name.clone(),
                            deprecated: false,
                            field: None,
                        })
                        .collect(),
                    typed: typed.to_owned(),
                    title: format!("values of {}", f.field.name),
                    replace,
                    has_colon: false,
                    quoted: !boolean,
                })
            }
            CursorAt::Key | CursorAt::Inside => {
                let object_path = match (cursor.at, cursor.segments.split_last()) {
                    (CursorAt::Key, Some((Segment::Key(_), rest))) => rest,
                    _ => cursor.segments.as_slice(),
                };
                let Ok(At {
                    ty: Some(object), ..
                }) = self.at_path(ty, object_path)
                else {
                    return None;
                };
                let token = key_token(text, offset);
                let present: Vec<&str> = cursor
                    .present
                    .iter()
                    .map(String::as_str)
                    .filter(|p| *p != token.typed)
                    .collect();
                let mut items: Vec<Choice<'m>> = self
                    .fields(object)
                    .filter(|f| !present.contains(&f.field.name.as_str()))
                    .map(|f| Choice {
                        text: f.field.name.clone(),
                        detail: f.field.kind_text(),
                        deprecated: f.field.deprecated,
                        field: Some(f.field),
                    })
                    .collect();
                items.sort_by_key(|c| c.deprecated);
                Some(Choices {
                    kind: ChoiceKind::Field,
                    items,
                    typed: token.typed.to_owned(),
                    title: format!("fields of {}", object.name),
                    replace: token.range,
                    has_colon: token.has_colon,
                    quoted: true,
                })
            }
        }
    }
}

/// The key being typed around a cursor.
struct KeyToken<'t> {
    /// The key with its quotes (an opening one without a closing one too); empty at
    /// the cursor when nothing is typed.
    range: Range<usize>,
    /// What is typed of the name before the cursor.
    typed: &'t str,
    /// A colon follows the key.
    has_colon: bool,
}

fn key_token(text: &str, offset: usize) -> KeyToken<'_> {
    let b = text.as_bytes();
    // Name characters; bytes of multi-byte characters too, so a cut is never inside one.
    let word = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'$') || c >= 0x80;
    let mut start = offset;
    while start > 0 && word(b[start - 1]) {
        start -= 1;
    }
    let mut end = offset;
    while end < b.len() && word(b[end]) {
        end += 1;
    }
    let opened = start > 0 && b[start - 1] == b'"';
    let from = if opened { start - 1 } else { start };
    let to = if opened && b.get(end) == Some(&b'"') {
        end + 1
    } else {
        end
    };
    let after = text[to..].trim_start_matches([' ', '\t']);
    KeyToken {
        range: from..to,
        typed: &text[start..offset],
        has_colon: after.starts_with(':'),
    }
}

impl Choices<'_> {
    /// The choices that match what is typed (`typed`, ignoring case): names that start
    /// with it, then names that hold it, then names that hold its characters in order;
    /// in the items' order within each. Their places in `items`.
    pub fn matching(&self, typed: &str) -> Vec<usize> {
        let typed = typed.to_lowercase();
        let mut ranked: Vec<(u8, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let name = c.text.to_lowercase();
                let rank = if name.starts_with(&typed) {
                    0
                } else if name.contains(&typed) {
                    1
                } else if in_order(&typed, &name) {
                    2
                } else {
                    return None;
                };
                Some((rank, i))
            })
            .collect();
        ranked.sort_by_key(|&(rank, i)| (rank, self.items[i].deprecated, i));
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    /// The edit that takes `choice` (one of `items`) into `text`, the body these
    /// choices were made for.
    pub fn edit(&self, text: &str, choice: &Choice<'_>) -> Edit {
        let replace = self.replace.clone();
        if self.kind == ChoiceKind::Value {
            let value = if self.quoted {
                serde_json::Value::String(choice.text.clone()).to_string()
            } else {
                choice.text.clone()
            };
            return Edit {
                cursor: replace.start + value.len(),
                range: replace,
                text: value,
                select: 0,
            };
        }
        let key = serde_json::Value::String(choice.text.clone()).to_string();
        if self.has_colon {
            // A rename: the value stays, the cursor goes to it.
            let after = &text[replace.end..];
            let colon = after.find(':').unwrap_or(0) + 1;
            let gap = after[colon..].len() - after[colon..].trim_start_matches([' ', '\t']).len();
            let cursor = replace.start + key.len() + colon + gap;
            return Edit {
                range: replace,
                text: key,
                cursor,
                select: 0,
            };
        }
        let line_start = text[..replace.start].rfind('\n').map_or(0, |i| i + 1);
        let before_on_line = &text[line_start..replace.start];
        let indent: String = before_on_line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let own_line = before_on_line.trim().is_empty();
        let field = choice.field;
        let (value, in_value, select) = skeleton(field, &indent, own_line);
        // Commas: after a member that comes before, and before one that comes after.
        let head = text[..replace.start].trim_end();
        let comma_before = head
            .chars()
            .next_back()
            .is_some_and(|c| !matches!(c, '{' | '[' | ',' | ':'));
        let next = text[replace.end..].trim_start().chars().next();
        let comma_after = next.is_some_and(|c| c == '"' || c.is_alphanumeric() || c == '_');
        let (start, lead) = if comma_before {
            (head.len(), format!(",{}", &text[head.len()..replace.start]))
        } else {
            (replace.start, String::new())
        };
        let mut new = format!("{lead}{key}: ");
        let cursor = start + new.len() + in_value;
        new.push_str(&value);
        if comma_after {
            new.push(',');
        }
        Edit {
            range: start..replace.end,
            text: new,
            cursor,
            select,
        }
    }
}

/// A value of the field's kind to start from, where the cursor goes in it, and how
/// many bytes from there are selected: `""` (in the quotes), `0` and `false`
/// (selected), `{}` and `[]` (inside; on lines of their own when the key starts its
/// line).
fn skeleton(field: Option<&Field>, indent: &str, own_line: bool) -> (String, usize, usize) {
    let Some(f) = field else {
        return ("\"\"".to_owned(), 1, 0);
    };
    let inner = format!("{indent}  ");
    match (f.list, f.kind) {
        (true, Kind::Object) if own_line => {
            let head = format!("[\n{inner}{{\n{inner}  ");
            let cursor = head.len();
            (format!("{head}\n{inner}}}\n{indent}]"), cursor, 0)
        }
        (true, Kind::Object) => ("[{}]".to_owned(), 2, 0),
        (true, _) => ("[]".to_owned(), 1, 0),
        (false, Kind::Object) if own_line => {
            let head = format!("{{\n{inner}");
            let cursor = head.len();
            (format!("{head}\n{indent}}}"), cursor, 0)
        }
        (false, Kind::Object) => ("{}".to_owned(), 1, 0),
        (false, Kind::String) => ("\"\"".to_owned(), 1, 0),
        (false, Kind::Integer | Kind::Number) => ("0".to_owned(), 0, 1),
        (false, Kind::Boolean) => ("false".to_owned(), 0, 5),
    }
}

/// Whether the characters of `typed` appear in `name` in that order.
fn in_order(typed: &str, name: &str) -> bool {
    let mut rest = name.chars();
    typed.chars().all(|c| rest.any(|n| n == c))
}
