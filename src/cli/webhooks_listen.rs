//! `cinspect webhooks listen`: a local receiver for Connect's webhooks (behind
//! the user's own tunnel for the real platform). Every request is answered at
//! once and printed with its signature verdict and reason; the endpoint
//! verification GET is answered as Connect expects; `--forward` passes each
//! event on byte for byte to the integrator's app and shows its answer. Events
//! are recorded to history like the TUI's (redacted).

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::fail;
use crate::config;
use crate::webhooks::{self, Counts, ReceiverConfig, UNVERIFIED_RECORDED};

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
    /// The status an event that fails verification (no signature, an unknown key id, a
    /// mismatch) is answered with when nothing is forwarded (default: config.toml's
    /// `[webhooks] bad_signature_status`, else 401; 200 accepts them all).
    #[arg(long, value_name = "STATUS", value_parser = clap::value_parser!(u16).range(200..=599))]
    pub bad_signature_status: Option<u16>,
    /// A webhook key id to verify with, besides config.toml's `[webhooks.keys.ID]`
    /// (no config needed): with --secret-env.
    #[arg(long, value_name = "ID", requires = "secret_env")]
    pub key_id: Option<String>,
    /// The environment variable holding --key-id's secret (read when an event arrives).
    #[arg(long, value_name = "VAR", requires = "key_id")]
    pub secret_env: Option<String>,
}

pub fn run(args: ListenArgs) -> ExitCode {
    let dir = config::config_dir();
    let mut loaded = config::load(dir.as_deref());
    for problem in &loaded.problems {
        super::errln!("cinspect: {problem}");
    }
    if let (Some(id), Some(var)) = (&args.key_id, &args.secret_env) {
        // The flag's key wins over a configured one of the same id.
        let keys = &mut loaded.config.webhook_keys;
        keys.retain(|(known, _)| known != id);
        keys.push((id.clone(), config::SecretSource::Env(var.clone())));
    }
    let bad_signature_status = args
        .bad_signature_status
        .unwrap_or(loaded.config.webhook_bad_signature_status);
    if loaded.config.webhook_keys.is_empty() {
        let answered = if args.forward.is_some() {
            "passed on to your app".to_string()
        } else {
            format!("answered {bad_signature_status}")
        };
        super::errln!(
            "cinspect: no webhook keys configured ([webhooks.keys.KEY_ID] in config.toml): every \
             event will be 'unknown key id', {answered}"
        );
    }
    let history = match crate::history::open_in(dir.as_deref(), &loaded.config.history) {
        Ok(h) => Some(h),
        Err(off) => {
            if off.is_problem() {
                super::errln!("cinspect: events are not recorded: history is off: {off}");
            }
            None
        }
    };
    let config = ReceiverConfig {
        keys: loaded.config.webhook_keys.clone(),
        forward: args.forward.clone(),
        history,
        bad_signature_status,
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
    // Refused before anything is received: one event would come back for ever.
    if let (Some(url), Ok(on)) = (&args.forward, listener.local_addr())
        && let Some(why) = webhooks::forward_loops(url, on)
    {
        return fail(why, 2);
    }
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
    if let Some(exposed) = webhooks::exposure(receiver.address) {
        note(&exposed);
    }
    let mut out = Output::start();
    if !out
        .line(format!("listening on http://{}", receiver.address))
        .await
    {
        return Ok(());
    }
    let mut reports = Reports::default();
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    // The line waiting for stdout: while it waits, Ctrl-C and the counts are still heard.
    let mut waiting: Option<String> = None;
    loop {
        tokio::select! {
            Some(event) = receiver.events.recv(), if waiting.is_none() => {
                waiting = Some(if as_json { event.json().to_string() } else { event.line() });
            }
            room = out.tx.reserve(), if waiting.is_some() => match (room, waiting.take()) {
                (Ok(room), Some(line)) => room.send(line),
                _ => break, // stdout is closed
            },
            Ok(()) = receiver.counts.changed() => {
                let now = receiver.counts.borrow_and_update().clone();
                reports.changed(now);
            }
            () = reports.due() => reports.say(),
            () = out.tx.closed() => break,
            _ = &mut stop => break,
        }
    }
    drop(receiver);
    Ok(())
}

/// Standard output on a thread of its own: a reader that stops reading (a
/// pipe into `less` left open) blocks that thread, never the receiver or
/// Ctrl-C; a reader that is gone (`| head -1`) ends the command quietly.
struct Output {
    tx: tokio::sync::mpsc::Sender<String>,
}

impl Output {
    fn start() -> Self {
        // One line waits at most: the receiver's queue is where a backlog is bounded.
        let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(1);
        // A plain thread, not the runtime's blocking pool: a runtime waits for
        // those when it ends, and this one may be stuck in a write forever.
        std::thread::spawn(move || {
            let mut stdout = std::io::stdout();
            while let Some(line) = rx.blocking_recv() {
                if writeln!(stdout, "{line}")
                    .and_then(|()| stdout.flush())
                    .is_err()
                {
                    return; // stdout is closed: dropping `rx` says so
                }
            }
        });
        Self { tx }
    }

    /// Hands `line` over; false when stdout is closed.
    async fn line(&mut self, line: String) -> bool {
        self.tx.send(line).await.is_ok()
    }
}

/// What went wrong, on stderr at most once a second: under a flood the
/// counts change with every event, and a line each says nothing more.
#[derive(Default)]
struct Reports {
    said: Counts,
    now: Counts,
    last: Option<tokio::time::Instant>,
}

impl Reports {
    const EVERY: Duration = Duration::from_secs(1);

    fn changed(&mut self, now: Counts) {
        self.now = now;
        if self.last.is_none_or(|at| at.elapsed() >= Self::EVERY) {
            self.say();
        }
    }

    /// When the changes held back are to be said; never when there are none.
    async fn due(&self) {
        match self.last {
            Some(at) if self.now != self.said => tokio::time::sleep_until(at + Self::EVERY).await,
            _ => std::future::pending().await,
        }
    }

    fn say(&mut self) {
        report(&self.said, &self.now);
        self.said = self.now.clone();
        self.last = Some(tokio::time::Instant::now());
    }
}

/// One line on stderr; a closed stderr is no reason to stop receiving.
fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "cinspect: {text}");
}

/// What went wrong since the last report, on stderr.
fn report(before: &Counts, now: &Counts) {
    if now.not_shown > before.not_shown {
        note(&format!(
            "{} events were answered but not shown (too many at once)",
            now.not_shown - before.not_shown
        ));
    }
    if now.not_recorded > before.not_recorded {
        let why = now
            .record_error
            .as_deref()
            .unwrap_or("the store was behind");
        note(&format!(
            "{} events were answered but not recorded ({why})",
            now.not_recorded - before.not_recorded
        ));
    }
    if now.unverified_not_recorded > before.unverified_not_recorded {
        note(&format!(
            "{} events not from a configured key were answered but not recorded (only the first \
             {UNVERIFIED_RECORDED} of a run are; configure their key to record them)",
            now.unverified_not_recorded - before.unverified_not_recorded
        ));
    }
    for problem in now
        .key_problems
        .iter()
        .filter(|p| !before.key_problems.contains(p))
    {
        note(problem);
    }
}
