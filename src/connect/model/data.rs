//! The model's types and their lookup, read from the embedded data file.
//!
//! The file is parsed once, on first use; each type's fields (its own and its bases')
//! are flattened and sorted by JSON name so a key is found by binary search.

use std::collections::HashMap;

use serde::Deserialize;

/// A field's JSON kind. Every field of the model is optional; no field is a map or a union.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    String,
    Integer,
    Boolean,
    Number,
    Object,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
            Kind::Number => "number",
            Kind::Object => "object",
        }
    }
}

/// One field of an object type.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The JSON name.
    pub name: String,
    pub kind: Kind,
    /// A JSON array of `kind`.
    #[serde(default)]
    pub list: bool,
    /// The object type (kind object).
    #[serde(default, rename = "type")]
    pub type_name: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    /// The replacement path the SDK names for a deprecated field.
    #[serde(default, rename = "use")]
    pub use_instead: Option<String>,
    /// Documented value tokens; possibly incomplete, so a value outside is a hint.
    #[serde(default)]
    pub values: Vec<String>,
    /// The place of `type_name` in the model's types, resolved once at parse.
    #[serde(skip)]
    type_index: Option<u32>,
}

impl Field {
    /// One value's kind, a list's element: `string`, `LineItem`.
    pub fn element_text(&self) -> String {
        match (&self.type_name, self.kind) {
            (Some(t), Kind::Object) => t.clone(),
            _ => self.kind.name().to_owned(),
        }
    }

    /// `string`, `integer`, `Customer`, `array of LineItem`, `array of string`.
    pub fn kind_text(&self) -> String {
        let one = self.element_text();
        if self.list {
            format!("array of {one}")
        } else {
            one
        }
    }
}

/// An object type.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Type {
    #[serde(skip)]
    pub name: String,
    /// Its place in the model's types (sorted by name), set at parse.
    #[serde(skip)]
    index: u32,
    /// The base type whose fields this one has too.
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default, rename = "use")]
    pub use_instead: Option<String>,
    /// The fields declared by this type (not its bases').
    pub fields: Vec<Field>,
}

/// A query parameter.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryParam {
    pub name: String,
    pub kind: Kind,
    /// May be given more than once (`hide=a&hide=b`).
    #[serde(default)]
    pub repeated: bool,
}

/// One call of the API.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// `group.call` as the SDK names it: `payments.create`, `services.get_iin_details`.
    pub id: String,
    /// A short label ("Create payment").
    pub title: String,
    pub method: String,
    /// The path template: `/v1/{merchantId}/payments/{paymentId}`.
    pub path: String,
    #[serde(default)]
    pub query: Vec<QueryParam>,
    /// The JSON body's type.
    #[serde(default)]
    pub body: Option<String>,
    /// The parts of a multipart body (the dispute file upload).
    #[serde(default)]
    pub multipart: Vec<String>,
    /// The JSON response's type (none for a binary download or an empty answer).
    #[serde(default)]
    pub response: Option<String>,
    /// The response is a file, not JSON.
    #[serde(default)]
    pub binary: bool,
    /// The error response's type.
    pub error: String,
}

impl Endpoint {
    /// The group: `payments` of `payments.create`.
    pub fn group(&self) -> &str {
        self.id.split('.').next().unwrap_or(&self.id)
    }

    /// The names of the `{placeholders}` of the path, in order.
    pub fn path_params(&self) -> impl Iterator<Item = &str> {
        self.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }
}

/// Where the model comes from.
#[derive(Clone, Debug, Deserialize)]
pub struct Source {
    pub package: String,
    pub version: String,
    pub licence: String,
    pub generator: String,
}

/// The counts the generator wrote into the header (checked by a test against the data).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub endpoints: usize,
    pub groups: usize,
    pub types: usize,
    pub fields: usize,
    pub deprecated_types: usize,
    pub deprecated_fields: usize,
    pub value_lists: usize,
    pub value_tokens: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    source: Source,
    counts: Counts,
    endpoints: Vec<Endpoint>,
    types: serde_json::Map<String, serde_json::Value>,
}

/// The whole model.
#[derive(Debug)]
pub struct Model {
    pub source: Source,
    pub counts: Counts,
    pub endpoints: Vec<Endpoint>,
    /// Sorted by name.
    pub types: Vec<Type>,
    by_name: HashMap<String, u32>,
    /// Per type: (JSON name, declaring type, field index), own and inherited, sorted by name.
    flat: Vec<Vec<(String, u32, u32)>>,
    /// Per type: places in `flat` sorted by (name length, name), for lookups: most
    /// comparisons are settled by the length, without comparing bytes.
    by_len: Vec<Vec<u16>>,
}

/// A field with the type that declares it.
#[derive(Clone, Copy, Debug)]
pub struct FieldRef<'m> {
    pub field: &'m Field,
    /// The declaring type (a base, for an inherited field).
    pub owner: &'m Type,
}

impl Model {
    /// Parses the data file's text.
    pub fn parse(text: &str) -> Result<Model, String> {
        let raw: Raw = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut types = Vec::with_capacity(raw.types.len());
        for (name, value) in raw.types {
            let mut t: Type = serde_json::from_value(value).map_err(|e| format!("{name}: {e}"))?;
            t.name = name;
            types.push(t);
        }
        types.sort_by(|a, b| a.name.cmp(&b.name));
        let by_name: HashMap<String, u32> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i as u32))
            .collect();
        // Each type knows its place and each object field its type's: a lookup while
        // walking a body is an index, never a hash of a name.
        for (i, t) in types.iter_mut().enumerate() {
            t.index = i as u32;
            for f in &mut t.fields {
                f.type_index = f.type_name.as_ref().and_then(|n| by_name.get(n).copied());
            }
        }
        let mut flat = Vec::with_capacity(types.len());
        let mut by_len = Vec::with_capacity(types.len());
        for (i, _) in types.iter().enumerate() {
            let mut fields = Vec::new();
            let mut at = Some(i as u32);
            // Bases are few (at most three deep); the count bounds a cycle in a bad file.
            for _ in 0..16 {
                let Some(t) = at else { break };
                let ty = &types[t as usize];
                for (f, field) in ty.fields.iter().enumerate() {
                    if !fields
                        .iter()
                        .any(|(n, _, _): &(String, u32, u32)| *n == field.name)
                    {
                        fields.push((field.name.clone(), t, f as u32));
                    }
                }
                at = match &ty.extends {
                    Some(base) => Some(
                        *by_name
                            .get(base)
                            .ok_or_else(|| format!("{}: unknown base {base}", ty.name))?,
                    ),
                    None => None,
                };
            }
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            let mut order: Vec<u16> = (0..fields.len() as u16).collect();
            order.sort_by_key(|&i| {
                let name = &fields[i as usize].0;
                (name.len(), name.clone())
            });
            by_len.push(order);
            flat.push(fields);
        }
        let model = Model {
            source: raw.source,
            counts: raw.counts,
            endpoints: raw.endpoints,
            types,
            by_name,
            flat,
            by_len,
        };
        model.check_references()?;
        Ok(model)
    }

    /// Every type a field or endpoint names exists.
    fn check_references(&self) -> Result<(), String> {
        for t in &self.types {
            for f in &t.fields {
                if let Some(name) = &f.type_name
                    && self.type_named(name).is_none()
                {
                    return Err(format!("{}.{}: unknown type {name}", t.name, f.name));
                }
            }
        }
        for e in &self.endpoints {
            for name in [&e.body, &e.response].into_iter().flatten() {
                if self.type_named(name).is_none() {
                    return Err(format!("{}: unknown type {name}", e.id));
                }
            }
        }
        Ok(())
    }

    /// "connect-sdk-python3 6.3.0": how the model names its source wherever it speaks.
    pub fn label(&self) -> String {
        format!("{} {}", self.source.package, self.source.version)
    }

    pub fn type_named(&self, name: &str) -> Option<&Type> {
        self.by_name.get(name).map(|&i| &self.types[i as usize])
    }

    /// A type by name, ignoring ASCII case (`customer` → Customer).
    pub fn type_named_loosely(&self, name: &str) -> Option<&Type> {
        self.type_named(name).or_else(|| {
            self.types
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case(name))
        })
    }

    pub fn endpoint(&self, id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.id == id)
    }

    fn flat_of(&self, ty: &Type) -> &[(String, u32, u32)] {
        self.flat
            .get(ty.index as usize)
            .map_or(&[], |f| f.as_slice())
    }

    /// The field `name` of `ty`, its bases' included.
    pub fn field<'m>(&'m self, ty: &'m Type, name: &str) -> Option<FieldRef<'m>> {
        let flat = self.flat_of(ty);
        let order = self.by_len.get(ty.index as usize)?;
        let at = order
            .binary_search_by(|&i| {
                let n = flat[i as usize].0.as_str();
                n.len().cmp(&name.len()).then_with(|| n.cmp(name))
            })
            .ok()?;
        let (_, t, f) = &flat[order[at] as usize];
        Some(self.field_ref(*t, *f))
    }

    /// Every field of `ty`, its bases' included, sorted by JSON name.
    pub fn fields<'m>(&'m self, ty: &'m Type) -> impl Iterator<Item = FieldRef<'m>> + 'm {
        self.flat_of(ty)
            .iter()
            .map(|&(_, t, f)| self.field_ref(t, f))
    }

    fn field_ref(&self, t: u32, f: u32) -> FieldRef<'_> {
        let owner = &self.types[t as usize];
        FieldRef {
            field: &owner.fields[f as usize],
            owner,
        }
    }

    /// The object type a field holds (kind object), if any.
    pub fn type_of(&self, field: &Field) -> Option<&Type> {
        field.type_index.map(|i| &self.types[i as usize])
    }
}
