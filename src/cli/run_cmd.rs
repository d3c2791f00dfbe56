//! `cinspect run FILE.http`: the team's request file, in order, through the one
//! pipeline, with the file's variables, earlier responses and the Connect ids
//! carried from one request to the next.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use serde_json::{Value, json};

use super::fail;
use super::run_places::{FilledBody, fill_body};
use super::run_skip::Unmet;
use super::run_summary::{Summary, payment_status};
use super::send_cmd::{EXIT_5XX_OR_OTHER, EXIT_TRANSPORT, EXIT_USAGE, flag_hint, status_class};
use crate::body::printable;
use crate::config::{self, Environment};
use crate::connect;
use crate::http::HttpEngine;
use crate::locate::IndexBase;
use crate::pipeline::{
    self, Confirmed, Draft, Exchange, NotSent, Pipeline, SendSettings, exchange_json, places_in,
    report_after_status, status_line,
};
use crate::sources::http_file::{Captured, Content, OpaqueKind, Request, Scope};

#[derive(Debug, Args)]
#[command(
    about = "Send the requests of a .http file in order, with variables and ids carried",
    long_about = "Send the requests of a .http file (VS Code REST Client / JetBrains syntax) in \
        order through the same pipeline and checks as `cinspect send`. {{name}} comes from the \
        file's @name = value lines, then the environment (baseUrl, merchantId, apiKeyId), then \
        earlier responses ({{create.response.body.$.payment.id}}, \
        {{create.response.headers.Location}}); a successful create carries its id (paymentId, \
        payoutId, refundId, hostedCheckoutId, tokenId, captureId) into {paymentId} and \
        {{paymentId}} of later requests. `# @expect 402` makes that status a pass; otherwise \
        anything but 2xx stops the run unless --keep-going, which skips (and lists) the requests \
        that need what a failed one would have given.\n\n\
        Exit status: 0 when every expectation held, else the first failure's: 3 when no \
        response arrived (or it was not sent), 4 for 4xx, 5 for 5xx and any other status \
        (a 2xx where another status was expected too); 2 for a file that cannot be read, \
        a malformed block (the requests before it are sent, none after) or a variable that \
        nothing in the run could fill.\n\n\
        --list shows what cinspect read (kept parts it does not run, problems) and \
        --dry-run what it would send (secrets masked); neither sends anything."
)]
pub struct RunArgs {
    /// The .http file.
    pub file: PathBuf,
    /// The environment from config.toml (default: the file's `environment`, else sim).
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// Send to this base URL instead of the environment's.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print one JSON object a line (JSON Lines), one for each request.
    #[arg(long)]
    pub json: bool,
    /// Go on past a failed expectation (requests that depend on the failed one are skipped).
    #[arg(long)]
    pub keep_going: bool,
    /// Let requests whose URL is on this origin (scheme://host[:port]) be sent, unsigned:
    /// cinspect signs only for the environment's own origin. Repeatable.
    #[arg(long, value_name = "ORIGIN", value_parser = super::allowed_origin)]
    pub allow_origin: Vec<String>,
    /// List the requests (file:line, name, method, URL, expected status, kept parts,
    /// problems) and send nothing; with --json, one JSON object a line.
    #[arg(long)]
    pub list: bool,
    /// Fill the variables and print what would be sent (secrets masked); send nothing.
    #[arg(long, conflicts_with = "list")]
    pub dry_run: bool,
    /// Send the file's writes (anything but GET) to a production environment without
    /// asking; without it cinspect asks on the terminal, and refuses when there is none.
    #[arg(long)]
    pub yes_production: bool,
    /// Check each request's body against its endpoint's model before sending it (findings
    /// on standard error as FILE:LINE:COL lines; they warn, the request is sent all the same).
    #[arg(long)]
    pub lint: bool,
}

/// One run's fixed parts.
struct Runner {
    env: Environment,
    settings: SendSettings,
    index_base: IndexBase,
    pipeline: Pipeline,
    runtime: tokio::runtime::Runtime,
    file_name: String,
    json: bool,
    /// `--lint`: each body checked against the model before sending.
    lint: bool,
    /// A yes to production writes: the flag, or the answer on the terminal, asked once.
    production: std::cell::Cell<Option<bool>>,
}

/// How one request went.
enum Step {
    /// The response's status.
    Passed(u16),
    /// The exit status it gives.
    Failed(u8),
    /// The run cannot go on (a variable, an include): exit 2.
    Stop,
    /// Not sent: it needs what a failed request would have given (`--keep-going`).
    Skipped,
}

pub fn run(args: RunArgs) -> ExitCode {
    let file_name = args.file.display().to_string();
    let file = match crate::sources::http_file::load::read(&args.file) {
        Ok(f) => f,
        Err(e) => {
            return fail(
                format!("cannot read {}: {}", printable(&file_name), printable(&e)),
                EXIT_USAGE,
            );
        }
    };
    if args.list {
        super::run_list::list(&file, &file_name, args.json);
        return ExitCode::SUCCESS;
    }
    // The requests before the first malformed block are sent, none after it.
    let broken = file
        .blocks()
        .iter()
        .enumerate()
        .find_map(|(i, b)| match &b.content {
            Content::Malformed(m) => Some((i, m.clone())),
            _ => None,
        });
    if let Some((_, m)) = &broken {
        super::errln!(
            "{}:{}; the requests before it are sent, none after",
            printable(&file_name),
            printable(&m.to_string())
        );
    }
    let sendable: Vec<&Request> = file
        .requests()
        .filter(|(block, _)| broken.as_ref().is_none_or(|(b, _)| block < b))
        .map(|(_, r)| r)
        .collect();
    let runner = match Runner::new(&args, file_name) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut scope = Scope::new(&file, &runner.env).with_dir(args.file.parent());
    // The file may point the run elsewhere: said before anything is sent.
    for o in scope.overrides() {
        super::errln!(
            "cinspect: {}: {}",
            printable(&runner.file_name),
            printable(&o.to_string())
        );
    }
    if args.dry_run {
        super::run_list::dry_run(
            &sendable,
            &scope,
            &runner.env,
            runner.settings,
            &runner.file_name,
        );
        return ExitCode::from(if broken.is_some() { EXIT_USAGE } else { 0 });
    }
    let mut first_failure = None;
    let mut unmet = Unmet::default();
    let mut skipped = Vec::new();
    let mut summary = Summary::default();
    let started = Instant::now();
    // Requests left unsent when the run stopped at a failure.
    let mut left = 0;
    let total = sendable.len();
    for (i, request) in sendable.iter().copied().enumerate() {
        // What the request keeps and the run does not do, said before it goes.
        let kept: Vec<String> = request
            .opaque
            .iter()
            .filter(|o| o.kind != OpaqueKind::Include)
            .map(|o| o.describe(&file))
            .collect();
        let place = format!("{}:{}", runner.file_name, request.line);
        if !kept.is_empty() {
            super::errln!(
                "cinspect: {}: kept, not run: {}",
                printable(&place),
                printable(&kept.join(", "))
            );
        }
        for note in &request.notes {
            super::errln!("cinspect: {}: {}", printable(&place), printable(note));
        }
        match runner.step(request, &mut scope, &unmet) {
            Step::Passed(status) => summary.passed(status, request.expect),
            Step::Stop => return ExitCode::from(EXIT_USAGE),
            Step::Failed(code) => {
                first_failure.get_or_insert(code);
                summary.failed();
                unmet.add(request.name.as_deref());
                if !args.keep_going {
                    left = total - i - 1;
                    break;
                }
            }
            Step::Skipped => {
                summary.skipped();
                unmet.add(request.name.as_deref());
                skipped.push(format!(
                    "{} ({}:{})",
                    printable(&runner.name_of(request)),
                    printable(&runner.file_name),
                    request.line
                ));
            }
        }
    }
    if !skipped.is_empty() {
        super::errln!(
            "cinspect: {} skipped, as {} on a failed request: {}",
            skipped.len(),
            if skipped.len() == 1 {
                "it depends"
            } else {
                "they depend"
            },
            skipped.join(", ")
        );
    }
    if !args.json {
        let stop = match left {
            0 => String::new(),
            n => format!(" ({n} not run: stopped at the first failure; --keep-going goes on)"),
        };
        super::outln!("{}{stop}", summary.line(started.elapsed()));
    }
    // A skip follows a failure: the run's status is that failure's; else a malformed block's.
    let clean = if broken.is_some() { EXIT_USAGE } else { 0 };
    ExitCode::from(first_failure.unwrap_or(clean))
}

impl Runner {
    fn new(args: &RunArgs, file_name: String) -> Result<Self, ExitCode> {
        let loaded = config::load(config::config_dir().as_deref());
        for problem in &loaded.problems {
            super::errln!("cinspect: {problem}");
        }
        let cfg = loaded.config;
        let mut env =
            pipeline::resolve::environment(&cfg, args.env.as_deref(), args.base_url.as_deref())
                .map_err(|e| fail(e, EXIT_USAGE))?;
        env.allowed_origins
            .extend(args.allow_origin.iter().cloned());
        let runtime = tokio::runtime::Runtime::new()
            .map_err(|e| fail(format!("cannot start the async runtime: {e}"), 1))?;
        let history = crate::history::open_in(config::config_dir().as_deref(), &cfg.history)
            .inspect_err(|off| {
                if off.is_problem() {
                    super::errln!("cinspect: history is off: {off}");
                }
            })
            .ok();
        let http = HttpEngine::new().map_err(|e| fail(e, 1))?;
        Ok(Self {
            env,
            settings: SendSettings {
                timeout: cfg.timeout,
                max_response: cfg.max_response,
                query_mode: cfg.query_mode,
            },
            index_base: cfg.index_base,
            pipeline: Pipeline::new(http, history),
            runtime,
            file_name,
            json: args.json,
            lint: args.lint,
            production: std::cell::Cell::new(args.yes_production.then_some(true)),
        })
    }

    /// The request's `# @name`, else its method and target as written.
    fn name_of(&self, request: &Request) -> String {
        request
            .name
            .clone()
            .unwrap_or_else(|| format!("{} {}", request.method, request.target))
    }

    fn step(&self, request: &Request, scope: &mut Scope, unmet: &Unmet) -> Step {
        let place = format!("{}:{}", self.file_name, request.line);
        let name = self.name_of(request);
        if request.opaque.iter().any(|o| o.kind == OpaqueKind::Include) {
            super::errln!(
                "cinspect: {}: the body is read from a file (`< …`), and cinspect does not read files",
                printable(&place)
            );
            return Step::Stop;
        }
        let (draft, filled) = match draft(request, scope) {
            Ok(d) => d,
            Err(e) => {
                if let Some(why) = unmet.blame(&e) {
                    self.print_skipped(&name, request.line, &why, true);
                    return Step::Skipped;
                }
                super::errln!(
                    "cinspect: {}: {}",
                    printable(&place),
                    printable(&e.to_string())
                );
                return Step::Stop;
            }
        };
        if !self.json {
            super::outln!("{} ({})", printable(&name), printable(&place));
        }
        if self.lint {
            super::lint_cmd::lint_request(
                &self.file_name,
                &draft.method,
                &draft.target,
                &filled.text,
                |p| filled.file_place(&request.body, request.body_line, p),
            );
        }
        let mut prepared = match self.prepare(&draft, &place) {
            Ok(p) => p,
            Err(e @ (NotSent::OtherOrigin { .. } | NotSent::Production { .. })) => {
                super::errln!(
                    "cinspect: {}: not sent: {}{}",
                    printable(&place),
                    printable(&e.to_string()),
                    flag_hint(&e)
                );
                return Step::Stop;
            }
            Err(e) => {
                if let NotSent::Placeholder { placeholder, .. } = &e
                    && let Some(why) = unmet.blame_placeholder(placeholder)
                {
                    self.print_skipped(&name, request.line, &why, false);
                    return Step::Skipped;
                }
                self.print_failure(&name, request.line, &format!("not sent: {e}"));
                return Step::Failed(EXIT_TRANSPORT);
            }
        };
        for note in &prepared.notes {
            super::errln!("cinspect: {}: {note}", printable(&place));
        }
        prepared.request.source = Some(place);
        let method = prepared.request.method.clone();
        let body = prepared.request.body.clone();
        let result = self.runtime.block_on(async {
            let cancel = tokio_util::sync::CancellationToken::new();
            let sent = self
                .pipeline
                .send(prepared.request, &self.env, &cancel, |_| {})
                .await;
            if let Err(e) = sent.recording.finish().await {
                super::errln!("cinspect: {e}");
            }
            sent.result
        });
        let x = match result {
            Ok(x) => x,
            Err(failure) => {
                self.print_failure(&name, request.line, &failure.message);
                return Step::Failed(EXIT_TRANSPORT);
            }
        };
        let passed = request
            .expect
            .map_or((200..300).contains(&x.status.code), |e| e == x.status.code);
        // Places in the body as sent, then in the file (the body was dropped: none).
        let located = places_in(body.as_deref(), &x.report, self.index_base);
        // A path parameter's value is on the request line, in its URL.
        let in_uri = pipeline::uri_places(&x);
        let in_file: Vec<Option<(usize, usize)>> = located
            .iter()
            .zip(&in_uri)
            .map(|(p, uri)| match uri {
                Some(_) => Some((request.line, 1)),
                None => p
                    .filter(|_| body.is_some())
                    .map(|p| filled.file_place(&request.body, request.body_line, p)),
            })
            .collect();
        self.print_exchange(&x, &located, &in_file, &name, request, passed);
        scope.remember(
            request.name.as_deref(),
            &method,
            &x.request.url,
            Captured {
                status: x.status.code,
                headers: x.headers.clone(),
                body: x.body.text.clone(),
            },
        );
        match (passed, status_class(x.status.code)) {
            (true, _) => Step::Passed(x.status.code),
            // A 2xx where another status was expected.
            (false, 0) => Step::Failed(EXIT_5XX_OR_OTHER),
            (false, code) => Step::Failed(code),
        }
    }

    /// The pipeline's checks; a production write asks on the terminal, once a run.
    fn prepare(&self, draft: &Draft, place: &str) -> Result<pipeline::Prepared, NotSent> {
        let confirmed = Confirmed {
            production: self.production.get() == Some(true),
            ..Confirmed::default()
        };
        match pipeline::prepare(draft, &self.env, self.settings, confirmed) {
            Err(NotSent::Production {
                method,
                base_url,
                merchant,
            }) if self.production.get().is_none() => {
                let yes = ask(&format!(
                    "cinspect: {}: send {method} to PRODUCTION ({base_url}, merchant {merchant}), and the file's other writes? [y/N] ",
                    printable(place)
                ));
                self.production.set(Some(yes));
                let confirmed = Confirmed {
                    production: yes,
                    ..confirmed
                };
                pipeline::prepare(draft, &self.env, self.settings, confirmed)
            }
            other => other,
        }
    }

    /// `located`: each error's place in the body as sent; `in_file`: the same in the file.
    fn print_exchange(
        &self,
        x: &Exchange,
        located: &[Option<(usize, usize)>],
        in_file: &[Option<(usize, usize)>],
        name: &str,
        r: &Request,
        passed: bool,
    ) {
        if self.json {
            let mut v = exchange_json(x, located, crate::connect::Reader::CommandLine);
            if let Value::Object(map) = &mut v {
                map.insert("name".into(), json!(name));
                map.insert("file".into(), json!(self.file_name));
                map.insert("line".into(), json!(r.line));
                map.insert("expect".into(), json!(r.expect));
                map.insert("passed".into(), json!(passed));
                // Each error's place in the .http file too, beside its place in the body sent.
                if let Some(Value::Array(errors)) = map.get_mut("errors") {
                    for (error, place) in errors.iter_mut().zip(in_file) {
                        if let Value::Object(e) = error {
                            e.insert(
                                "file_location".into(),
                                place.map_or(Value::Null, |(l, c)| json!({"line": l, "column": c})),
                            );
                        }
                    }
                }
            }
            super::outln!("{}", crate::body::terminal_safe_json(&v.to_string()));
            return;
        }
        let mut status = format!("{}  {}", status_line(x), elapsed(x.elapsed));
        if let Some(payment) = payment_status(&x.request.method, &x.request.url, &x.body.text) {
            status.push_str(&format!("  payment {}", printable(&payment)));
        }
        // FILE:LINE:COL, as compilers print them: an editor jumps there.
        let places: Vec<Option<String>> = in_file
            .iter()
            .map(|p| p.map(|(l, c)| format!("{}:{l}:{c}", self.file_name)))
            .collect();
        super::outp!("{status}\n{}", report_after_status(x, &places));
        match (passed, r.expect) {
            (false, Some(e)) => super::outln!("FAILED: expected {e}, got {}", x.status.code),
            (false, None) => super::outln!("FAILED: expected a 2xx, got {}", x.status.code),
            (true, _) => {}
        }
        super::outln!();
    }

    /// `skipped: WHY`, under the request's own line unless it was printed (`headed`: not yet).
    fn print_skipped(&self, name: &str, line: usize, why: &str, headed: bool) {
        if self.json {
            let v = json!({"name": name, "file": self.file_name, "line": line,
                "skipped": true, "reason": why, "passed": false});
            super::outln!("{}", crate::body::terminal_safe_json(&v.to_string()));
            return;
        }
        if headed {
            super::outln!(
                "{} ({}:{line})",
                printable(name),
                printable(&self.file_name)
            );
        }
        super::outln!("skipped: {}\n", printable(why));
    }

    fn print_failure(&self, name: &str, line: usize, message: &str) {
        if self.json {
            let verdict = connect::transport_verdict(message);
            let v = json!({"name": name, "file": self.file_name, "line": line,
                "verdict": {"kind": verdict.kind.as_str(), "summary": verdict.summary},
                "error": message, "passed": false});
            super::outln!("{}", crate::body::terminal_safe_json(&v.to_string()));
        } else {
            super::outln!("no response: {}\n", printable(message));
        }
    }
}

/// `85 ms` under a second, `1.24 s` from one.
fn elapsed(d: std::time::Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// A yes or no on the terminal; no terminal (a script, CI) is a no.
fn ask(question: &str) -> bool {
    use std::io::{BufRead, IsTerminal, Read, Write};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return false;
    }
    super::err(format_args!("{question}"));
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if stdin.lock().take(256).read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes")
}

/// The request with every variable filled (`{merchantId}` is the pipeline's), and its body
/// filled so that a place in it maps back to the file.
pub(super) fn draft(
    r: &Request,
    scope: &Scope,
) -> Result<(Draft, FilledBody), crate::sources::http_file::VarError> {
    let mut fill = scope.request_fill();
    let mut headers = Vec::with_capacity(r.headers.len());
    for (n, v) in &r.headers {
        let name = fill.fill(n)?;
        let value = fill.fill_header(&name, v)?;
        headers.push((name, value));
    }
    let method = fill.fill(&r.method)?;
    let mut target = fill.fill(&r.target)?;
    if let Some(url) = crate::sources::http_file::host_url(&target, &headers) {
        target = url;
    }
    let body = fill_body(&mut fill, &r.body)?;
    let draft = Draft {
        method,
        target,
        headers,
        body: body.text.clone(),
    };
    Ok((draft, body))
}
