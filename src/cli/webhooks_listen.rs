//! `cinspect webhooks listen`: a local receiver for Connect's webhooks (behind
//! the user's own tunnel for the real platform). Every request is answered at
//! once and printed with its signature verdict and reason; the endpoint
//! verification GET is answered as Connect expects; `--forward` passes each
//! event on byte for byte to the integrator's app and shows its answer. Events
//! are recorded to history like the TUI's (redacted).

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::Args;

use super::fail;
use crate::config;
use crate::webhooks::{self, Counts, ReceiverConfig};

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The address to bind (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The port (0: any free one).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Pass each event on, byte for byte with its headers, to your app, and show its answer.
    #[arg(long, value_name = "URL")]
    pub forward: Option<String>,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ListenArgs) -> ExitCode {
    let dir = config::config_dir();
    let loaded = config::load(dir.as_deref());
    for problem in &loaded.problems {
        eprintln!("cinspect: {problem}");
    }
    if loaded.config.webhook_keys.is_empty() {
        eprintln!(
            "cinspect: no webhook keys configured ([webhooks.keys.KEY_ID] in config.toml): every event will be 'unknown key id'"
        );
    }
    let history = match crate::history::open_in(dir.as_deref(), &loaded.config.history) {
        Ok(h) => Some(h),
        Err(off) => {
            if off.is_problem() {
                eprintln!("cinspect: events are not recorded: history is off: {off}");
            }
            None
        }
    };
    let config = ReceiverConfig {
        keys: loaded.config.webhook_keys.clone(),
        forward: args.forward.clone(),
        history,
        ..ReceiverConfig::default()
    };
    let listener = match webhooks::bind(SocketAddr::new(args.host, args.port)) {
        Ok(l) => l,
        Err(e) => {
            return fail(
                format!("cannot listen on {}:{}: {e}", args.host, args.port),
                1,
            );
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    match runtime.block_on(serve(listener, config, args.json)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e, 1),
    }
}

async fn serve(
    listener: std::net::TcpListener,
    config: ReceiverConfig,
    as_json: bool,
) -> anyhow::Result<()> {
    let mut receiver = webhooks::start(listener, config)?;
    println!("listening on http://{}", receiver.address);
    let mut reported = Counts::default();
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            Some(event) = receiver.events.recv() => {
                if as_json {
                    println!("{}", event.json());
                } else {
                    println!("{}", event.line());
                }
            }
            Ok(()) = receiver.counts.changed() => {
                let now = receiver.counts.borrow_and_update().clone();
                report(&reported, &now);
                reported = now;
            }
            _ = &mut stop => break,
        }
    }
    drop(receiver);
    Ok(())
}

/// What went wrong since the last report, on stderr.
fn report(before: &Counts, now: &Counts) {
    if now.not_shown > before.not_shown {
        eprintln!(
            "cinspect: {} events were answered but not shown (too many at once)",
            now.not_shown - before.not_shown
        );
    }
    if now.not_recorded > before.not_recorded {
        let why = now
            .record_error
            .as_deref()
            .unwrap_or("the store was behind");
        eprintln!(
            "cinspect: {} events were answered but not recorded ({why})",
            now.not_recorded - before.not_recorded
        );
    }
    for problem in now
        .key_problems
        .iter()
        .filter(|p| !before.key_problems.contains(p))
    {
        eprintln!("cinspect: {problem}");
    }
}
