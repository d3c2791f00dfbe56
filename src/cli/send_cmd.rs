use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::SystemTime;

use clap::Args;
use serde_json::json;

use super::fail;
use super::sign_cmd::parse_headers;
use crate::app::exchange::{Exchange, PreparedRequest, build_exchange, sign_request};
use crate::app::history_link::{body_for_history, entry_for_failure, entry_for_response, now_ms};
use crate::app::locate_all;
use crate::app::report::{exchange_json, place_of};
use crate::config::{self, Environment, unfilled_placeholder};
use crate::connect::{self, meta};
use crate::history::History;
use crate::http::{HttpEngine, SendOutcome};
use crate::locate::{Document, IndexBase};
use crate::templates;

/// Exit statuses, as documented in --help and the README.
const EXIT_4XX: u8 = 4;
const EXIT_5XX_OR_OTHER: u8 = 5;
const EXIT_TRANSPORT: u8 = 3;

#[derive(Debug, Args)]
#[command(
    about = "Sign and send one request (the non-interactive twin of F5)",
    long_about = "Sign and send one request, the non-interactive twin of F5: prints the status with \
        its meaning, the SDK-style verdict, and each error with its line:col in the request body.\n\n\
        Exit status: 0 for 2xx, 3 when no response arrived (transport failure or not sent), 4 for \
        4xx, 5 for 5xx and any other status; 2 for bad usage."
)]
pub struct SendArgs {
    /// The environment from config.toml (default: the file's `environment`, else sim).
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// Send to this base URL instead of the environment's.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// A built-in request template (create-payment, get-payment, test-connection, ...).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["method", "path"])]
    pub template: Option<String>,
    /// The HTTP method.
    #[arg(long, value_name = "M", requires = "path")]
    pub method: Option<String>,
    /// The path (with {merchantId}) or full URL.
    #[arg(long, value_name = "P", requires = "method")]
    pub path: Option<String>,
    /// The JSON body: a file, or - for standard input.
    #[arg(long, value_name = "FILE|-")]
    pub body: Option<PathBuf>,
    /// An extra header, 'Name: value'.
    #[arg(short = 'H', long = "header", value_name = "Name: value")]
    pub headers: Vec<String>,
    /// Send X-GCS-Idempotence-Key with this key.
    #[arg(long, value_name = "K")]
    pub idempotence_key: Option<String>,
    /// How to read array indexes in propertyName.
    #[arg(long, value_name = "auto|0|1")]
    pub index_base: Option<IndexBase>,
    /// Send a body that is not valid JSON as it is (to test the API's reaction).
    #[arg(long)]
    pub allow_invalid_json: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: SendArgs) -> ExitCode {
    let loaded = config::load(config::config_dir().as_deref());
    for problem in &loaded.problems {
        eprintln!("cinspect: {problem}");
    }
    let cfg = loaded.config;
    let env_name = args
        .env
        .clone()
        .unwrap_or_else(|| cfg.default_environment.clone());
    let mut env = match cfg.environment(&env_name) {
        Ok(e) => e.clone(),
        Err(e) => return fail(e, 2),
    };
    if let Some(base) = &args.base_url {
        env.base_url = base.trim_end_matches('/').to_string();
    }
    let (method, path, template_body) = match (&args.template, &args.method, &args.path) {
        (Some(name), _, _) => match templates::find(name) {
            Some(t) => (t.method, t.path, t.body),
            None => {
                return fail(
                    format!(
                        "unknown template {name:?}; known: {}",
                        templates::names().join(", ")
                    ),
                    2,
                );
            }
        },
        (None, Some(m), Some(p)) => (m.to_uppercase(), p.clone(), String::new()),
        _ => return fail("give --template NAME, or --method and --path", 2),
    };
    let body = match &args.body {
        Some(file) => match read_body(file) {
            Ok(b) => b,
            Err(e) => return fail(e, 2),
        },
        None => template_body,
    };
    let body = (!body.trim().is_empty()).then_some(body);
    if let Some(text) = &body
        && !args.allow_invalid_json
        && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text)
    {
        return fail(
            format!(
                "not sent: the body is not valid JSON: line {}, column {}: {e} (--allow-invalid-json sends it as is)",
                e.line(),
                e.column()
            ),
            2,
        );
    }
    let mut headers = match parse_headers(&args.headers) {
        Ok(h) => h,
        Err(e) => return fail(e, 2),
    };
    if let Some(key) = &args.idempotence_key {
        headers.push((meta::IDEMPOTENCE_KEY.to_string(), key.clone()));
    }
    let url = env.resolve_url(&path);
    if let Some(placeholder) = unfilled_placeholder(&url) {
        return fail(
            format!("not sent: fill in {placeholder} in the path ({path})"),
            2,
        );
    }
    let request = PreparedRequest {
        method,
        url,
        headers,
        body,
        timeout: cfg.timeout,
        query_mode: cfg.query_mode,
    };
    let index_base = args.index_base.unwrap_or(cfg.index_base);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    let history = super::history_open::open(config::config_dir().as_deref(), &cfg.history)
        .inspect_err(|reason| {
            if !reason.starts_with("enabled = false") {
                eprintln!("cinspect: history is off: {reason}");
            }
        })
        .ok();
    match runtime.block_on(exchange(&request, &env, history.as_deref())) {
        Ok(x) => report(&x, request.body.as_deref(), index_base, args.json),
        Err(message) => {
            if args.json {
                let verdict = connect::transport_verdict(&message);
                println!(
                    "{}",
                    json!({"verdict": {"kind": verdict.kind.as_str(), "summary": verdict.summary}, "error": message})
                );
            } else {
                println!("no response: {message}");
            }
            ExitCode::from(EXIT_TRANSPORT)
        }
    }
}

fn read_body(file: &PathBuf) -> Result<String, String> {
    if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| format!("cannot read the body from stdin: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

/// Signs, sends and records one exchange (history, when it is on).
async fn exchange(
    request: &PreparedRequest,
    env: &Environment,
    history: Option<&History>,
) -> Result<Arc<Exchange>, String> {
    let secret = env
        .secret
        .resolve(&env.name)
        .map_err(|e| format!("not sent: {e}"))?;
    let started = now_ms();
    let (spec, sent) = sign_request(request, env, &secret, SystemTime::now());
    drop(secret);
    let http = HttpEngine::new().map_err(|e| e.to_string())?;
    let cancel = tokio_util::sync::CancellationToken::new();
    let (entry, result) = match http.execute(&spec, &cancel).await {
        SendOutcome::Response(record) => {
            let raw = body_for_history(history, &record.body);
            let x = Arc::new(build_exchange(sent, record));
            (
                raw.map(|(raw, size)| entry_for_response(&env.name, started, &x, &raw, size)),
                Ok(x),
            )
        }
        SendOutcome::Failed(error, elapsed) => {
            let message = error.to_string();
            (
                Some(entry_for_failure(
                    &env.name, started, &sent, &message, elapsed,
                )),
                Err(message),
            )
        }
        SendOutcome::Cancelled => (None, Err("cancelled".to_string())),
    };
    if let (Some(history), Some(entry)) = (history, entry)
        && let Err(e) = history.record(entry)
    {
        eprintln!("cinspect: not saved to history: {e}");
    }
    result
}

fn exit_code(status: u16) -> ExitCode {
    match status {
        200..=299 => ExitCode::SUCCESS,
        400..=499 => ExitCode::from(EXIT_4XX),
        _ => ExitCode::from(EXIT_5XX_OR_OTHER),
    }
}

fn report(x: &Exchange, body: Option<&str>, index_base: IndexBase, as_json: bool) -> ExitCode {
    let located: Vec<Option<(usize, usize)>> = match body.map(Document::parse) {
        Some(doc) => locate_all(&doc, &x.report, |_| index_base)
            .iter()
            .map(|l| l.as_ref().and_then(place_of))
            .collect(),
        None => vec![None; x.report.errors.len()],
    };
    if as_json {
        println!("{}", exchange_json(x, &located));
    } else {
        print!("{}", text_report(x, &located));
    }
    exit_code(x.status.code)
}

fn text_report(x: &Exchange, located: &[Option<(usize, usize)>]) -> String {
    let mut out = format!(
        "{} {}{}\n",
        x.status.code,
        x.status.name,
        if x.status.listed {
            ""
        } else {
            " (not in the API's list)"
        }
    );
    out.push_str(&format!(
        "{}: {}\n",
        x.verdict.kind.as_str(),
        x.verdict.summary
    ));
    for detail in &x.verdict.details {
        out.push_str(&format!("  {detail}\n"));
    }
    if let Some(id) = &x.report.error_id {
        out.push_str(&format!("errorId {id}\n"));
    }
    for (entry, place) in x.report.errors.iter().zip(located) {
        let e = &entry.error;
        let place = place.map_or(String::new(), |(l, c)| format!("{l}:{c}: "));
        let property = e
            .property_name
            .as_deref()
            .map_or(String::new(), |p| format!(" [{p}]"));
        out.push_str(&format!(
            "{place}{} {}{property}\n",
            e.code.as_deref().unwrap_or("-"),
            e.message.as_deref().unwrap_or("")
        ));
    }
    out
}
