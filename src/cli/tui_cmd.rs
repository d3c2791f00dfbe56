//! The TUI (no subcommand): the command line's choices, checked before the
//! terminal is taken, handed to `term::launch`.

use std::process::ExitCode;
use std::time::Duration;

use super::{Cli, fail};
use crate::config;
use crate::pipeline::resolve;
use crate::sources::log_file;
use crate::term::{Launch, StartRequest, launch};

pub fn run(cli: &Cli) -> ExitCode {
    let loaded = config::load(config::config_dir().as_deref());
    let cfg = loaded.config;
    let timeout = cli
        .timeout
        .map_or(cfg.timeout, |s| Duration::from_secs(s.max(1)));
    let index_base = cli.index_base.unwrap_or(cfg.index_base);
    let max_response = cli
        .max_response_mb
        .map_or(cfg.max_response, config::megabytes);
    let env = match resolve::environment(&cfg, cli.env.as_deref(), None) {
        Ok(env) => env,
        Err(e) => return fail(e, 2),
    };
    // The TUI reads its keys from the terminal: a log read from that same
    // terminal would take them (typed filters, F1, Esc, Ctrl-Q) as log lines.
    if let Some(log) = cli.log.as_deref()
        && let Err(e) = log_file::check_stdin(std::path::Path::new(log.trim()))
    {
        return fail(format!("--log: {e}"), 2);
    }
    let request = match (&cli.curl, &cli.template, cli.demo) {
        (Some(command), _, _) => StartRequest::Curl(command.clone()),
        (None, Some(name), _) => match resolve::template(name) {
            Ok(t) => StartRequest::Template(t),
            Err(e) => return fail(e, 2),
        },
        (None, None, true) => StartRequest::Demo,
        (None, None, false) => StartRequest::Default,
    };
    let result = launch(Launch {
        config: cfg,
        problems: loaded.problems,
        env,
        demo: cli.demo,
        base_url: cli.base_url.clone(),
        request,
        theme: cli.theme.clone(),
        log: cli.log.clone(),
        requests: cli.requests.clone(),
        webhooks: cli.webhooks,
        webhooks_forward: cli.webhooks_forward.clone(),
        timeout,
        max_response,
        index_base,
    });
    match result {
        Ok(None) => ExitCode::SUCCESS,
        // The shell's convention: 128 + the signal's number.
        Ok(Some(signal)) => ExitCode::from(128u8.saturating_add(signal as u8)),
        Err(e) => fail(e, 1),
    }
}
