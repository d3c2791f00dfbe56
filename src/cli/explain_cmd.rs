//! `cinspect explain`: the model's reference at the terminal, in the spirit of
//! `kubectl explain`: an endpoint or a type, and the fields at a path below it.

use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};

use super::{fail, outln};
use crate::connect::model::{self, At, Endpoint, FieldRef, Model, Type, parse_path, path_text};

#[derive(Debug, Args)]
#[command(
    about = "The API's model at the terminal: an endpoint or a type, and the fields at a path",
    long_about = "The API's model at the terminal: an endpoint or a type, and the fields at a path.\n\n\
        NAME is an endpoint (payments.create, services.get_iin_details; camelCase, a title, an F4 \
        template name such as create-payment, or \"POST /v1/x/payments\" resolve too) or an object \
        type (Customer). PATH is a JSON path below the endpoint's request body (its response when it \
        takes no body) or below the type: order.customer, order.shoppingCart.items.amountOfMoney.\n\
        The model is read from the official Python SDK (connect-sdk-python3 6.3.0): the API may know \
        fields it does not.\n\n\
        Exit status: 0 explained, 1 PATH is not in the model, 2 bad usage or an unknown NAME."
)]
pub struct ExplainArgs {
    /// An endpoint or a type.
    #[arg(value_name = "ENDPOINT|TYPE", required_unless_present = "list")]
    pub name: Option<String>,
    /// A JSON path below it.
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
    /// List the endpoints.
    #[arg(long, conflicts_with_all = ["name", "path"])]
    pub list: bool,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    let m = match model::model() {
        Ok(m) => m,
        Err(e) => return fail(format!("the API model is unavailable: {e}"), 1),
    };
    if args.list {
        return list(m, args.json);
    }
    let name = args.name.as_deref().unwrap_or_default();
    // An exact type name first (a type and an endpoint title could fold alike), then an
    // endpoint by any of its names, then a type ignoring case.
    let (endpoint, root) = if let Some(t) = m.type_named(name) {
        (None, Some(t))
    } else if let Some(e) = m.resolve_endpoint(name) {
        let root = e
            .body
            .as_deref()
            .or(e.response.as_deref())
            .and_then(|t| m.type_named(t));
        (Some(e), root)
    } else if let Some(t) = m.type_named_loosely(name) {
        (None, Some(t))
    } else {
        let names = m
            .endpoints
            .iter()
            .map(|e| e.id.as_str())
            .chain(m.types.iter().map(|t| t.name.as_str()));
        let mean = model::did_you_mean(name, names)
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        return fail(
            format!(
                "{} is no endpoint or type of the model ({}){mean}; `cinspect explain --list` lists the endpoints",
                crate::body::printable(name),
                m.label()
            ),
            2,
        );
    };
    let segments = parse_path(args.path.as_deref().unwrap_or(""));
    let at = match root {
        Some(t) => match m.at_path(t, &segments) {
            Ok(at) => Some(at),
            Err(e) => {
                let mean = e
                    .suggestion
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                return fail(
                    format!(
                        "{}: {}{mean}: not in model ({})",
                        crate::body::printable(&e.prefix),
                        crate::body::printable(&e.reason),
                        m.label()
                    ),
                    1,
                );
            }
        },
        None if !segments.is_empty() => {
            return fail(
                format!(
                    "{} has no JSON body or response to take a path in",
                    endpoint.map_or("", |e| e.id.as_str())
                ),
                2,
            );
        }
        None => None,
    };
    let path = path_text(&segments);
    if args.json {
        outln!(
            "{}",
            crate::body::terminal_safe_json(&as_json(m, endpoint, root, &path, at).to_string())
        );
    } else {
        text(m, endpoint, root, &path, at);
    }
    ExitCode::SUCCESS
}

fn list(m: &Model, json: bool) -> ExitCode {
    if json {
        let all: Vec<Value> = m.endpoints.iter().map(endpoint_json).collect();
        let v = json!({"model": m.label(), "endpoints": all});
        outln!("{}", crate::body::terminal_safe_json(&v.to_string()));
        return ExitCode::SUCCESS;
    }
    let id_width = m.endpoints.iter().map(|e| e.id.len()).max().unwrap_or(0);
    for e in &m.endpoints {
        outln!(
            "{:<id_width$}  {:<6} {}  · {}",
            e.id,
            e.method,
            e.path,
            e.title
        );
    }
    outln!("model: {} · {} endpoints", m.label(), m.endpoints.len());
    ExitCode::SUCCESS
}

fn text(
    m: &Model,
    endpoint: Option<&Endpoint>,
    root: Option<&Type>,
    path: &str,
    at: Option<At<'_>>,
) {
    // Which side of the endpoint the path is in.
    let role = match endpoint {
        Some(e) if e.body.is_some() => "body ",
        Some(_) => "response ",
        None => "",
    };
    if let Some(e) = endpoint {
        outln!("{} · {}", e.id, e.title);
        outln!("{} {}", e.method, e.path);
        let params: Vec<&str> = e.path_params().collect();
        if !params.is_empty() {
            outln!("path parameters: {}", params.join(", "));
        }
        if !e.query.is_empty() {
            let query: Vec<String> = e
                .query
                .iter()
                .map(|q| {
                    format!(
                        "{} {}{}",
                        q.name,
                        q.kind.name(),
                        if q.repeated { " (repeatable)" } else { "" }
                    )
                })
                .collect();
            outln!("query parameters: {}", query.join(", "));
        }
        let mut parts = Vec::new();
        match (&e.body, e.multipart.is_empty()) {
            (Some(b), _) => parts.push(format!("body {b}")),
            (None, false) => {
                parts.push(format!("multipart body (part {})", e.multipart.join(", ")))
            }
            (None, true) => parts.push("no body".to_owned()),
        }
        match (&e.response, e.binary) {
            (Some(r), _) => parts.push(format!("response {r}")),
            (None, true) => parts.push("response a file (binary)".to_owned()),
            (None, false) => parts.push("no response body".to_owned()),
        }
        parts.push(format!("error {}", e.error));
        outln!("{}", parts.join(" · "));
    } else if let Some(t) = root {
        let mut head = t.name.clone();
        if let Some(base) = &t.extends {
            head.push_str(&format!(" (extends {base})"));
        }
        if t.deprecated {
            head.push_str(&deprecated_note(t.use_instead.as_deref()));
        }
        outln!("{head}");
    }
    outln!("model: {}", m.label());
    let Some(at) = at else { return };
    outln!();
    let mut title = match at.field {
        Some(f) => format!(
            "{path} · {}{} · field of {}",
            f.field.kind_text(),
            field_notes(&f),
            f.owner.name
        ),
        None => at
            .ty
            .map(|t| format!("{role}{}", t.name))
            .unwrap_or_default(),
    };
    let Some(t) = at.ty else {
        outln!("{title}");
        return;
    };
    let fields: Vec<FieldRef<'_>> = m.fields(t).collect();
    let plural = if fields.len() == 1 { "" } else { "s" };
    title.push_str(&format!(" · {} field{plural}", fields.len()));
    outln!("{title}");
    let width = fields.iter().map(|f| f.field.name.len()).max().unwrap_or(0);
    for f in &fields {
        outln!(
            "  {:<width$}  {}{}",
            f.field.name,
            f.field.kind_text(),
            field_notes(f)
        );
    }
}

/// `  deprecated → use x.y`, `  values: a, b, c` after a field's kind.
fn field_notes(f: &FieldRef<'_>) -> String {
    let mut notes = String::new();
    if f.field.deprecated {
        notes.push_str(&deprecated_note(f.field.use_instead.as_deref()));
    }
    if !f.field.values.is_empty() {
        notes.push_str(&format!("  values: {}", f.field.values.join(", ")));
    }
    notes
}

fn deprecated_note(instead: Option<&str>) -> String {
    match instead {
        Some(u) => format!("  deprecated → use {u}"),
        None => "  deprecated".to_owned(),
    }
}

fn endpoint_json(e: &Endpoint) -> Value {
    json!({
        "id": e.id,
        "title": e.title,
        "method": e.method,
        "path": e.path,
        "path_params": e.path_params().collect::<Vec<_>>(),
        "query": e.query.iter().map(|q| json!({"name": q.name, "kind": q.kind.name(), "repeated": q.repeated})).collect::<Vec<_>>(),
        "body": e.body,
        "multipart": e.multipart,
        "response": e.response,
        "binary": e.binary,
        "error": e.error,
    })
}

fn field_json(f: &FieldRef<'_>) -> Value {
    json!({
        "name": f.field.name,
        "kind": f.field.kind.name(),
        "list": f.field.list,
        "type": f.field.type_name,
        "deprecated": f.field.deprecated,
        "use": f.field.use_instead,
        "values": f.field.values,
        "declared_in": f.owner.name,
    })
}

fn as_json(
    m: &Model,
    endpoint: Option<&Endpoint>,
    root: Option<&Type>,
    path: &str,
    at: Option<At<'_>>,
) -> Value {
    json!({
        "model": m.label(),
        "endpoint": endpoint.map(endpoint_json),
        "root": root.map(|t| t.name.clone()),
        "path": path,
        "field": at.and_then(|a| a.field).as_ref().map(field_json),
        "type": at.and_then(|a| a.ty).map(|t| json!({
            "name": t.name,
            "extends": t.extends,
            "deprecated": t.deprecated,
            "use": t.use_instead,
        })),
        "fields": at.and_then(|a| a.ty).map(|t| m.fields(t).map(|f| field_json(&f)).collect::<Vec<_>>()).unwrap_or_default(),
    })
}
