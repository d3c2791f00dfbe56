use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::fail;
use crate::connect::read_error_report;
use crate::locate::{Document, IndexBase, LocateOptions, Outcome};

#[derive(Debug, Args)]
#[command(
    about = "Find where a propertyName points in a request body",
    long_about = "Find where a propertyName points in a request body.\n\n\
        With PROPERTY: prints one JSON object {property, outcome, index_base, matches, nearest, missing}; \
        lines and columns are 1-based and count characters, ends are exclusive.\n\
        With --errors RESPONSE_JSON: prints one line per error in the quickfix format \
        FILE:LINE:COL: CODE MESSAGE (vim :cfile, emacs compilation mode).\n\
        With --uri URI: a PROPERTY that names a path parameter of the URI's endpoint in the \
        API's model (paymentId, merchantId) is located in the URI: {property, outcome, in: \"uri\", \
        column}, the 1-based column where its value starts; any other is looked for in --body.\n\n\
        Exit status: 0 found (or quickfix written), 1 missing or unsupported, 2 bad usage or unreadable file."
)]
pub struct LocateArgs {
    /// The request body to search (JSON text, possibly broken).
    #[arg(long, value_name = "FILE", required_unless_present = "uri")]
    pub body: Option<PathBuf>,
    /// The request's URI (a path or a whole URL): a path parameter is located there.
    #[arg(long, value_name = "URI", conflicts_with = "errors")]
    pub uri: Option<String>,
    /// The request's method, to tell its endpoint (any, when not given).
    #[arg(long, value_name = "METHOD", requires = "uri")]
    pub method: Option<String>,
    /// How to read array indexes: auto, 0 (JSONata) or 1 (the API's docs).
    #[arg(long, value_name = "auto|0|1", default_value = "auto")]
    pub index_base: IndexBase,
    /// The error's message; a value it quotes helps choose the index reading.
    #[arg(long, value_name = "TEXT", conflicts_with = "errors")]
    pub message: Option<String>,
    /// An error response body: locate every error in it, as quickfix lines.
    #[arg(long, value_name = "RESPONSE_JSON", conflicts_with = "property")]
    pub errors: Option<PathBuf>,
    /// The propertyName, e.g. order.shoppingCart.items[1].amountOfMoney.amount
    #[arg(required_unless_present = "errors")]
    pub property: Option<String>,
}

pub fn run(args: LocateArgs) -> ExitCode {
    let property = args.property.as_deref().unwrap_or_default();
    if let Some(uri) = &args.uri {
        let method = args.method.as_deref().unwrap_or("");
        if let Some(column) = crate::pipeline::uri_column(method, uri, property) {
            let json = serde_json::json!({
                "property": property, "outcome": "found", "in": "uri", "column": column,
            });
            super::outln!("{}", crate::body::terminal_safe_json(&json.to_string()));
            return ExitCode::SUCCESS;
        }
        if args.body.is_none() {
            let json = serde_json::json!({
                "property": property, "outcome": "missing", "in": "uri",
                "reason": "not a path parameter of an endpoint of the API's model with this URI",
            });
            super::outln!("{}", crate::body::terminal_safe_json(&json.to_string()));
            return ExitCode::from(1);
        }
    }
    let Some(body) = &args.body else {
        return fail("give --body FILE (or --uri URI for a path parameter)", 2);
    };
    let text = match read(body) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let doc = Document::parse(&text);
    if let Some(errors) = &args.errors {
        return quickfix(&args, &doc, errors);
    }
    let opts = LocateOptions {
        index_base: args.index_base,
        message: args.message.as_deref(),
    };
    let location = doc.locate(property, &opts);
    let json = location.to_json().to_string();
    super::outln!("{}", crate::body::terminal_safe_json(&json));
    match location.outcome {
        Outcome::Found { .. } => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

fn read(path: &std::path::Path) -> Result<String, ExitCode> {
    match super::read_capped(path, super::MAX_BODY_FILE) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) => Err(fail(e, 2)),
    }
}

/// One `FILE:LINE:COL: CODE MESSAGE` line per error; errors without a place
/// point at the top of the body and say why.
fn quickfix(args: &LocateArgs, doc: &Document, errors: &std::path::Path) -> ExitCode {
    let response = match read(errors) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let value: serde_json::Value = match serde_json::from_str(&response) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                format!("{}: not a JSON error response: {e}", errors.display()),
                2,
            );
        }
    };
    let report = read_error_report(&value);
    if report.errors.is_empty() {
        return fail(
            format!("{}: no errors in this response", errors.display()),
            1,
        );
    }
    let file = args
        .body
        .as_deref()
        .unwrap_or(std::path::Path::new("-"))
        .display();
    for entry in &report.errors {
        let e = &entry.error;
        let code = e.code.as_deref().unwrap_or("-");
        let message = one_line(e.message.as_deref().unwrap_or(""));
        let (line, column, note) = match e.property_name.as_deref().filter(|p| !p.is_empty()) {
            None => (1, 1, " (no propertyName)".to_string()),
            Some(property) => {
                let opts = LocateOptions {
                    index_base: args.index_base,
                    message: e.message.as_deref(),
                };
                match doc.locate(property, &opts).outcome {
                    Outcome::Found { matches } => (
                        matches[0].start.line,
                        matches[0].start.column,
                        format!(" [{property}]"),
                    ),
                    Outcome::Missing { nearest, missing } => (
                        nearest.start.line,
                        nearest.start.column,
                        format!(" [{property}: {missing} is missing; it would go here]"),
                    ),
                    Outcome::Unsupported { reason } => {
                        (1, 1, format!(" [{property}: unsupported path, {reason}]"))
                    }
                }
            }
        };
        // The response came from a server: nothing in it may drive the terminal.
        let row = format!("{file}:{line}:{column}: {code} {message}{note}");
        super::outln!("{}", crate::body::printable(&row));
    }
    ExitCode::SUCCESS
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
