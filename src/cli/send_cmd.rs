//! `cinspect send`: F5 for scripts and CI, through the one pipeline.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::fail;
use super::sign_cmd::parse_headers;
use crate::body::printable;
use crate::config;
use crate::connect::{self, meta};
use crate::http::HttpEngine;
use crate::locate::IndexBase;
use crate::pipeline::{
    self, Confirmed, Draft, Exchange, Pipeline, SendSettings, exchange_json, places_in, text_report,
};

/// Exit statuses, as documented in --help and the README.
pub(super) const EXIT_USAGE: u8 = 2;
pub(super) const EXIT_TRANSPORT: u8 = 3;
const EXIT_4XX: u8 = 4;
pub(super) const EXIT_5XX_OR_OTHER: u8 = 5;

#[derive(Debug, Args)]
#[command(
    about = "Sign and send one request (the non-interactive twin of F5)",
    long_about = "Sign and send one request, the non-interactive twin of F5: prints the status with \
        its meaning, the SDK-style verdict, and each error with its line:col in the request body.\n\n\
        The same checks as F5: no {placeholder} may be left in the path, GET, HEAD and DELETE send \
        no body (a note says so), and a body must be JSON unless --allow-invalid-json. Naming a \
        production environment on the command line (--env) is the yes that F5 asks for; the \
        config's default environment is not. A full URL on \
        another origin than the environment's is not signed for: it is refused, or sent \
        unsigned with --allow-origin.\n\n\
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
    /// Let a full URL on this origin (scheme://host[:port]) be sent, unsigned: cinspect
    /// signs only for the environment's own origin. Repeatable.
    #[arg(long, value_name = "ORIGIN", value_parser = super::allowed_origin)]
    pub allow_origin: Vec<String>,
    /// Stop a response download past this many MB and keep what came (default:
    /// config.toml's max_response_mb, else 256).
    #[arg(long, value_name = "MB")]
    pub max_response_mb: Option<u64>,
}

/// The flag that lets a refused request go, for the refusals that have one.
pub(super) fn flag_hint(not_sent: &pipeline::NotSent) -> String {
    match not_sent {
        pipeline::NotSent::InvalidJson { .. } => " (--allow-invalid-json sends it as is)".into(),
        pipeline::NotSent::OtherOrigin { origin, .. } => {
            format!(" (--allow-origin {origin} sends it there unsigned)")
        }
        pipeline::NotSent::Production { .. } => {
            " (run: --yes-production sends the file's writes; send: name the environment with --env)"
                .into()
        }
        _ => String::new(),
    }
}

pub fn run(args: SendArgs) -> ExitCode {
    let loaded = config::load(config::config_dir().as_deref());
    for problem in &loaded.problems {
        super::errln!("cinspect: {problem}");
    }
    let cfg = loaded.config;
    let mut env =
        match pipeline::resolve::environment(&cfg, args.env.as_deref(), args.base_url.as_deref()) {
            Ok(e) => e,
            Err(e) => return fail(e, EXIT_USAGE),
        };
    env.allowed_origins
        .extend(args.allow_origin.iter().cloned());
    let draft = match draft(&args) {
        Ok(d) => d,
        Err(e) => return fail(e, EXIT_USAGE),
    };
    let settings = SendSettings {
        timeout: cfg.timeout,
        max_response: args
            .max_response_mb
            .map_or(cfg.max_response, config::megabytes),
        query_mode: cfg.query_mode,
    };
    let confirmed = Confirmed {
        invalid_json: args.allow_invalid_json,
        // Naming the environment on the command line is the yes F5 asks for;
        // config.toml's default environment is no such yes.
        production: args.env.is_some(),
        masked: false,
        other_origin: false,
    };
    let prepared = match pipeline::prepare(&draft, &env, settings, confirmed) {
        Ok(p) => p,
        Err(e) => return fail(format!("not sent: {e}{}", flag_hint(&e)), EXIT_USAGE),
    };
    for note in &prepared.notes {
        super::errln!("cinspect: {note}");
    }
    let index_base = args.index_base.unwrap_or(cfg.index_base);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    let history = crate::history::open_in(config::config_dir().as_deref(), &cfg.history)
        .inspect_err(|off| {
            if off.is_problem() {
                super::errln!("cinspect: history is off: {off}");
            }
        })
        .ok();
    let http = match HttpEngine::new() {
        Ok(h) => h,
        Err(e) => return fail(e, 1),
    };
    let pipeline = Pipeline::new(http, history);
    let body = prepared.request.body.clone();
    let result = runtime.block_on(async {
        let cancel = tokio_util::sync::CancellationToken::new();
        let sent = pipeline.send(prepared.request, &env, &cancel, |_| {}).await;
        if let Err(e) = sent.recording.finish().await {
            super::errln!("cinspect: {e}");
        }
        sent.result
    });
    match result {
        Ok(x) => report(&x, body.as_deref(), index_base, args.json),
        Err(failure) => {
            if args.json {
                let verdict = connect::transport_verdict(&failure.message);
                let v = json!({"verdict": {"kind": verdict.kind.as_str(), "summary": verdict.summary}, "error": failure.message});
                super::outln!("{}", crate::body::terminal_safe_json(&v.to_string()));
            } else {
                super::outln!("no response: {}", printable(&failure.message));
            }
            ExitCode::from(EXIT_TRANSPORT)
        }
    }
}

/// The request the arguments describe: a template, or a method and path, with
/// the body, headers and idempotence key given.
fn draft(args: &SendArgs) -> Result<Draft, String> {
    let (method, target, template_body) = match (&args.template, &args.method, &args.path) {
        (Some(name), _, _) => {
            let t = pipeline::resolve::template(name).map_err(|e| e.to_string())?;
            (t.method, t.path, t.body)
        }
        (None, Some(m), Some(p)) => (m.clone(), p.clone(), String::new()),
        _ => return Err("give --template NAME, or --method and --path".to_string()),
    };
    let body = match &args.body {
        Some(file) => read_body(file)?,
        None => template_body,
    };
    let mut headers = parse_headers(&args.headers)?;
    if let Some(key) = &args.idempotence_key {
        headers.push((meta::IDEMPOTENCE_KEY.to_string(), key.clone()));
    }
    Ok(Draft {
        method,
        target,
        headers,
        body,
    })
}

fn read_body(file: &std::path::Path) -> Result<String, String> {
    let bytes = super::read_capped(file, super::MAX_BODY_FILE)?;
    String::from_utf8(bytes).map_err(|_| format!("{}: the body is not UTF-8 text", file.display()))
}

fn exit_code(status: u16) -> ExitCode {
    ExitCode::from(status_class(status))
}

/// The exit status a response's status gives (`cinspect run` uses the same).
pub(super) fn status_class(status: u16) -> u8 {
    match status {
        200..=299 => 0,
        400..=499 => EXIT_4XX,
        _ => EXIT_5XX_OR_OTHER,
    }
}

fn report(x: &Exchange, body: Option<&str>, index_base: IndexBase, as_json: bool) -> ExitCode {
    let located = places_in(body, &x.report, index_base);
    if as_json {
        let json = exchange_json(x, &located, crate::connect::Reader::CommandLine).to_string();
        super::outln!("{}", crate::body::terminal_safe_json(&json));
    } else {
        super::outp!("{}", text_report(x, &located));
    }
    exit_code(x.status.code)
}
