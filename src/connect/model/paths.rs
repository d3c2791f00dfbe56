//! A JSON path in the model: what `explain payments.create order.customer` lists, and what
//! completion offers at a cursor.

use super::body::{CursorAt, CursorPath, Segment};
use super::data::{FieldRef, Kind, Model, Type};
use super::suggest::did_you_mean;

/// What a path names in the model.
#[derive(Clone, Copy, Debug)]
pub struct At<'m> {
    /// The field the path ends on; None for the empty path (the type itself).
    pub field: Option<FieldRef<'m>>,
    /// The object type of the value there (the type itself, or the field's object type).
    pub ty: Option<&'m Type>,
}

/// Why a path names nothing in the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// The path up to and including the step that failed.
    pub prefix: String,
    /// The type that has no such field, if the failure is an unknown name.
    pub owner: Option<String>,
    pub suggestion: Option<String>,
    pub reason: String,
}

/// `order.items[0].amountOfMoney`, `order.items[].x` or `order.items.x` into segments.
pub fn parse_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            out.push(Segment::Key(name.trim_matches('`').to_owned()));
        }
        while let Some((index, after)) = rest.split_once(']') {
            out.push(Segment::Index(index.trim().parse().unwrap_or(0)));
            rest = after.strip_prefix('[').unwrap_or("");
        }
    }
    out
}

/// One completion at a cursor.
#[derive(Clone, Debug)]
pub enum Completion<'m> {
    /// A field of the object at the cursor, not yet present.
    Field(FieldRef<'m>),
    /// A documented value of the field at the cursor.
    Value(&'m str),
}

impl Model {
    /// What `segments` name below `ty`. Indexes step into list fields; a list field's
    /// elements are reached without one too (`shoppingCart.items.amountOfMoney`).
    pub fn at_path<'m>(&'m self, ty: &'m Type, segments: &[Segment]) -> Result<At<'m>, PathError> {
        let mut at = At {
            field: None,
            ty: Some(ty),
        };
        let mut prefix = String::new();
        for s in segments {
            match s {
                Segment::Index(i) => {
                    prefix.push_str(&format!("[{i}]"));
                    if !at.field.is_some_and(|f| f.field.list) {
                        return Err(PathError {
                            prefix,
                            owner: None,
                            suggestion: None,
                            reason: "an index where the model has no array".to_owned(),
                        });
                    }
                }
                Segment::Key(k) => {
                    crate::locate::push_member(&mut prefix, k);
                    let Some(owner) = at.ty else {
                        let kind = at
                            .field
                            .map_or("a value".to_owned(), |f| f.field.kind_text());
                        return Err(PathError {
                            prefix,
                            owner: None,
                            suggestion: None,
                            reason: format!("{kind} has no fields"),
                        });
                    };
                    let Some(field) = self.field(owner, k) else {
                        let suggestion =
                            did_you_mean(k, self.fields(owner).map(|f| f.field.name.as_str()));
                        return Err(PathError {
                            prefix,
                            owner: Some(owner.name.clone()),
                            suggestion: suggestion.map(str::to_owned),
                            reason: format!("{} has no field {k}", owner.name),
                        });
                    };
                    at = At {
                        field: Some(field),
                        ty: match field.field.kind {
                            Kind::Object => self.type_of(field.field),
                            _ => None,
                        },
                    };
                }
            }
        }
        Ok(at)
    }

    /// What fits at an editor's cursor in a body of type `ty`: on a key or between
    /// members, the object's fields not yet present (filtered by what is typed of the
    /// key, ignoring case); on a value, the field's documented values.
    pub fn completions<'m>(&'m self, ty: &'m Type, cursor: &CursorPath) -> Vec<Completion<'m>> {
        match cursor.at {
            CursorAt::Outside => Vec::new(),
            CursorAt::Value => match self.at_path(ty, &cursor.segments) {
                Ok(At { field: Some(f), .. }) => f
                    .field
                    .values
                    .iter()
                    .map(|v| Completion::Value(v))
                    .collect(),
                _ => Vec::new(),
            },
            CursorAt::Key | CursorAt::Inside => {
                let (object_path, typed) = match (cursor.at, cursor.segments.split_last()) {
                    (CursorAt::Key, Some((Segment::Key(k), rest))) => (rest, Some(k.as_str())),
                    _ => (cursor.segments.as_slice(), cursor.partial.as_deref()),
                };
                let Ok(At {
                    ty: Some(object), ..
                }) = self.at_path(ty, object_path)
                else {
                    return Vec::new();
                };
                let typed = typed.unwrap_or("").to_lowercase();
                self.fields(object)
                    .filter(|f| !cursor.present.contains(&f.field.name))
                    .filter(|f| f.field.name.to_lowercase().contains(&typed))
                    .map(Completion::Field)
                    .collect()
            }
        }
    }
}

impl Model {
    /// One line about the value at `segments` of a response of type `ty` (the response
    /// viewer's cursor), like [`Model::describe_at`]'s; with the value as it came
    /// (`value`, a string's without quotes), a value outside the field's documented
    /// list is said so (a hint: the lists can be incomplete).
    pub fn describe_value(
        &self,
        ty: &Type,
        segments: &[Segment],
        value: Option<&str>,
    ) -> Option<String> {
        let cursor = CursorPath {
            segments: segments.to_vec(),
            at: CursorAt::Value,
            present: Vec::new(),
            partial: None,
            node: None,
        };
        let mut line = self.describe_at(ty, &cursor)?;
        let field = self.at_path(ty, segments).ok().and_then(|at| at.field);
        if let (Some(f), Some(v)) = (field, value)
            && !f.field.values.is_empty()
            && !f.field.values.iter().any(|known| known == v)
        {
            // First after the path: on a narrow pane the list that follows is what gets cut.
            let hint = format!("hint: {v:?} is not in the model's list");
            line = match line.split_once(" · ") {
                Some((path, rest)) => format!("{path} · {hint} · {rest}"),
                None => format!("{line} · {hint}"),
            };
        }
        Some(line)
    }

    /// One line about what is at an editor's cursor, for the body's footer:
    /// `order.amountOfMoney.amount · integer · field of AmountOfMoney`, a deprecated
    /// field's replacement, a field's documented values; a name the model lacks says
    /// so, with the sibling it may have meant. None outside the body's value.
    pub fn describe_at(&self, ty: &Type, cursor: &CursorPath) -> Option<String> {
        if cursor.at == CursorAt::Outside {
            return None;
        }
        if cursor.segments.is_empty() {
            return Some(format!("body · {}", ty.name));
        }
        let path = super::body::path_text(&cursor.segments);
        let at = match self.at_path(ty, &cursor.segments) {
            Ok(at) => at,
            Err(e) => {
                let mean = e
                    .suggestion
                    .map(|s| format!(" · did you mean {s}?"))
                    .unwrap_or_default();
                return Some(if e.owner.is_some() {
                    format!("{} · not in model ({}){mean}", e.prefix, self.label())
                } else {
                    format!("{} · {}", e.prefix, e.reason)
                });
            }
        };
        let f = at.field?;
        let mut parts = vec![path];
        if matches!(cursor.segments.last(), Some(Segment::Index(_))) {
            parts.push(f.field.element_text());
            parts.push(format!("element of {}", f.field.name));
        } else {
            parts.push(f.field.kind_text());
            // The object's type at the path, not the base that declares the field.
            let parent = &cursor.segments[..cursor.segments.len() - 1];
            let object = self.at_path(ty, parent).ok().and_then(|a| a.ty);
            parts.push(format!("field of {}", object.unwrap_or(f.owner).name));
        }
        if f.field.deprecated {
            parts.push(match &f.field.use_instead {
                Some(u) => format!("deprecated → use {u}"),
                None => "deprecated".to_owned(),
            });
        }
        if !f.field.values.is_empty() {
            const SHOWN: usize = 6;
            let mut values = f
                .field
                .values
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(" | ");
            if f.field.values.len() > SHOWN {
                values.push_str(&format!(" | … {} more", f.field.values.len() - SHOWN));
            }
            parts.push(values);
        }
        Some(parts.join(" · "))
    }
}
