//! `cinspect lint`: a body file checked against an endpoint's request type, before sending,
//! as quickfix lines (or JSON). The same findings the editor shows.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::{fail, outln};
use crate::body::printable;
use crate::connect::model::{self, Body, Endpoint, Findings, Model, NoMatch};

#[derive(Debug, Args)]
#[command(
    about = "Check a request body against an endpoint's model: unknown fields, wrong kinds, deprecations",
    long_about = "Check a request body against the model of an endpoint's request type, before sending.\n\n\
        Findings: a field the model does not have (with a did-you-mean: countrycode → countryCode), a \
        value of another JSON kind (\"100\" where an integer goes), a value outside a documented list \
        (a hint: lists may be incomplete), a deprecated field (with its replacement). One quickfix line \
        each, FILE:LINE:COL: MESSAGE (lines 1-based, columns counting characters; an unknown field at \
        its key's opening quote, a wrong kind at its value), or --json. The model comes from \
        connect-sdk-python3 6.3.0: a field it lacks is \"not in model\", which the API may still know.\n\n\
        Exit status: 0 no findings, 1 findings (hints and deprecations included), 2 bad usage (no \
        endpoint, an unknown endpoint, a body that is not JSON, an unreadable file)."
)]
pub struct LintArgs {
    /// The body file; `-` (the default) reads standard input.
    #[arg(value_name = "FILE|-", default_value = "-")]
    pub file: PathBuf,
    /// The endpoint: payments.create, services.get_iin_details, camelCase, an F4 template
    /// name (create-payment), or "POST /v1/x/payments".
    #[arg(long, value_name = "ID", conflicts_with_all = ["method", "path"], required_unless_present = "path")]
    pub endpoint: Option<String>,
    /// The request's method (with --path).
    #[arg(long, value_name = "METHOD", requires = "path")]
    pub method: Option<String>,
    /// The request's path or URL, ids in place of placeholders, a query string allowed (with --method).
    #[arg(long, value_name = "PATH", requires = "method")]
    pub path: Option<String>,
    /// One JSON object instead of quickfix lines.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: LintArgs) -> ExitCode {
    let m = match model::model() {
        Ok(m) => m,
        Err(e) => return fail(format!("the API model is unavailable: {e}"), 2),
    };
    let endpoint = match endpoint_of(m, &args) {
        Ok(e) => e,
        Err(message) => return fail(message, 2),
    };
    let bytes = match super::read_capped(&args.file, super::MAX_BODY_FILE) {
        Ok(b) => b,
        Err(e) => return fail(e, 2),
    };
    let text = String::from_utf8_lossy(&bytes);
    let file = printable(&args.file.display().to_string()).into_owned();
    let Some(body_type) = endpoint.body.as_deref().and_then(|t| m.type_named(t)) else {
        if text.trim().is_empty() {
            return report(m, endpoint, &file, &Findings::default(), args.json);
        }
        let what = if endpoint.multipart.is_empty() {
            "no body".to_owned()
        } else {
            format!(
                "a multipart upload (part {}), not JSON",
                endpoint.multipart.join(", ")
            )
        };
        return fail(format!("{file}: {} takes {what}", endpoint.id), 2);
    };
    let body = Body::parse(&text);
    if let Some((at, reason)) = model::json_error(body.text()) {
        let p = body.position(at);
        return fail(
            format!("{file}:{}:{}: not JSON: {reason}", p.line, p.column),
            2,
        );
    }
    let findings = m.findings(&body, body_type);
    report(m, endpoint, &file, &findings, args.json)
}

/// The endpoint named by --endpoint, or matched from --method and --path.
fn endpoint_of<'m>(m: &'m Model, args: &LintArgs) -> Result<&'m Endpoint, String> {
    if let Some(name) = &args.endpoint {
        return m.resolve_endpoint(name).ok_or_else(|| {
            let mean = model::did_you_mean(name, m.endpoints.iter().map(|e| e.id.as_str()))
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            format!(
                "{} is no endpoint of the model ({}){mean}; `cinspect explain --list` lists them",
                printable(name),
                m.label()
            )
        });
    }
    let (Some(method), Some(path)) = (&args.method, &args.path) else {
        return Err("say which endpoint: --endpoint ID, or --method M --path P".to_owned());
    };
    m.match_request(method, path)
        .map(|found| found.endpoint)
        .map_err(|no| {
            let request = printable(&format!("{method} {path}")).into_owned();
            match no {
                NoMatch::Path => format!(
                    "no endpoint of the model ({}) has the path of {request}",
                    m.label()
                ),
                NoMatch::Method { allowed } => format!(
                    "{request}: that path takes {}, not {}",
                    allowed.join(", "),
                    printable(method)
                ),
            }
        })
}

fn report(m: &Model, endpoint: &Endpoint, file: &str, findings: &Findings, json: bool) -> ExitCode {
    if json {
        let items: Vec<_> = findings
            .items
            .iter()
            .map(|f| {
                json!({
                    "kind": f.kind.name(),
                    "path": f.path,
                    "line": f.start.line,
                    "column": f.start.column,
                    "message": f.message,
                    "suggestion": f.suggestion,
                    "type": f.owner,
                })
            })
            .collect();
        let v = json!({
            "model": m.label(),
            "endpoint": endpoint.id,
            "file": file,
            "findings": items,
            "more": findings.more,
        });
        outln!("{}", crate::body::terminal_safe_json(&v.to_string()));
    } else {
        for f in &findings.items {
            let row = format!("{file}:{}:{}: {}", f.start.line, f.start.column, f.message);
            outln!("{}", printable(&row));
        }
        if findings.more > 0 {
            super::errln!(
                "cinspect: {file}: {} more findings not shown",
                findings.more
            );
        }
    }
    if findings.items.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `run --lint`: the findings of one request of a .http file, on standard error, placed in
/// the file by `place` (a body position → the file's line and column). They warn; the
/// request is sent all the same.
pub(super) fn lint_request(
    file: &str,
    method: &str,
    target: &str,
    body: &str,
    place: impl Fn((usize, usize)) -> (usize, usize),
) {
    let Ok(m) = model::model() else { return };
    let Ok(found) = m.match_request(method, target) else {
        super::errln!(
            "cinspect: {}: lint: {} is no endpoint of the model ({})",
            printable(file),
            printable(&format!("{method} {target}")),
            m.label()
        );
        return;
    };
    let Some(body_type) = found.endpoint.body.as_deref().and_then(|t| m.type_named(t)) else {
        return;
    };
    if body.trim().is_empty() {
        return;
    }
    let parsed = Body::parse(body);
    if let Some((at, reason)) = model::json_error(parsed.text()) {
        let p = parsed.position(at);
        let (line, column) = place((p.line, p.column));
        super::errln!(
            "{}",
            printable(&format!("{file}:{line}:{column}: not JSON: {reason}"))
        );
        return;
    }
    let findings = m.findings(&parsed, body_type);
    for f in &findings.items {
        let (line, column) = place((f.start.line, f.start.column));
        super::errln!(
            "{}",
            printable(&format!("{file}:{line}:{column}: {}", f.message))
        );
    }
    if findings.more > 0 {
        super::errln!(
            "cinspect: {}: {} more findings not shown",
            printable(file),
            findings.more
        );
    }
}
