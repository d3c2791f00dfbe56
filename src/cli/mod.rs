//! The command line: the TUI by default, and subcommands for scripts.

mod config_cmd;
mod diff_cmd;
mod docs_cmd;
mod explain_cmd;
mod history_cmd;
mod lint_cmd;
mod locate_cmd;
mod logs_cmd;
mod logs_json;
mod run_cmd;
mod run_list;
mod run_places;
mod run_skip;
mod run_summary;
mod send_cmd;
mod sign_cmd;
mod sim_cmd;
mod tui_cmd;
mod webhooks_cmd;
mod webhooks_listen;
mod webhooks_send;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::locate::IndexBase;

/// `cinspect --version`: the crate's version, the commit it was built from
/// ("unknown" in a build without git) and the SDK the API model was taken from
/// (both by build.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("CINSPECT_GIT_COMMIT"),
    "; model: ",
    env!("CINSPECT_MODEL_SOURCE"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "cinspect",
    version = VERSION,
    about = "A terminal inspector for the Ingenico Connect Server API",
    long_about = "A terminal inspector for the Ingenico Connect Server API: edit a request, send it signed \
                  (v1HMAC), read the status as the API means it, and jump from each error's propertyName \
                  to the field in the request body.\n\nRun `cinspect --demo` for a tour against the \
                  embedded simulator."
)]
pub struct Cli {
    /// Start the embedded simulator on a free loopback port and open the TUI
    /// against it, with a create-payment request that it rejects.
    #[arg(long)]
    pub demo: bool,

    /// The environment from config.toml to start with (default: the file's `environment`, else sim).
    #[arg(long, value_name = "NAME", conflicts_with = "demo")]
    pub env: Option<String>,

    /// Use this base URL instead of the environment's.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// `.http` files to work with: a file, or a folder whose `.http` files are all listed
    /// (F4 offers their requests beside the templates).
    #[arg(value_name = "FILE.http|DIR")]
    pub requests: Option<std::path::PathBuf>,

    /// Open an SDK log (the official Connect SDKs' communicator log; `.gz` too) and pick a
    /// logged exchange: its request in the editor, its response and errors in the panes.
    #[arg(long, value_name = "FILE")]
    pub log: Option<String>,

    /// Receive Connect's webhooks while the TUI runs: a port (on loopback) or HOST:PORT.
    /// Ctrl-N lists them with their signature verdicts (keys: [webhooks.keys.ID] in
    /// config.toml). With --demo the simulator's events arrive there too.
    #[arg(long, value_name = "[HOST:]PORT", value_parser = crate::webhooks::listen_address)]
    pub webhooks: Option<std::net::SocketAddr>,

    /// Pass each webhook received (--webhooks) on, byte for byte, to your app, and show its answer.
    #[arg(long, value_name = "URL")]
    pub webhooks_forward: Option<String>,

    /// Start with this request, given as a curl command (signing headers in it are dropped:
    /// cinspect signs at send time).
    #[arg(long, value_name = "COMMAND", conflicts_with = "template")]
    pub curl: Option<String>,

    /// The colour theme: default, light, high-contrast, monochrome, or one in
    /// <config dir>/themes/. NO_COLOR forces monochrome.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,

    /// Start with a request template (create-payment, get-payment, test-connection, ...).
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,

    /// Seconds to wait for a complete response (default: config.toml's timeout_seconds, else 30).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,

    /// Stop a response download past this many MB and keep what came (default:
    /// config.toml's max_response_mb, else 256).
    #[arg(long, value_name = "MB")]
    pub max_response_mb: Option<u64>,

    /// How to read array indexes in propertyName: auto, 0 (JSONata) or 1 (the API's docs).
    #[arg(long, value_name = "auto|0|1")]
    pub index_base: Option<IndexBase>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the embedded simulator of the Connect API (a simulator for demos and tests, not the API).
    Sim(sim_cmd::SimArgs),
    /// Find where an error's propertyName points in a request body (JSON out), or turn a
    /// whole error response into quickfix lines.
    Locate(locate_cmd::LocateArgs),
    /// Compute a v1HMAC Authorization header (or the string to sign) by hand.
    Sign(sign_cmd::SignArgs),
    /// Sign and send one request; exit 0 for 2xx, 3 transport, 4 for 4xx, 5 otherwise.
    Send(send_cmd::SendArgs),
    /// Send the requests of a .http file in order, ids carried; # @expect 402 makes a 402 a pass.
    Run(run_cmd::RunArgs),
    /// The saved history: list, show, export (curl, http, markdown), prune.
    History(history_cmd::HistoryArgs),
    /// List the SDK exchanges in application logs; --failed, --json, --follow.
    Logs(logs_cmd::LogsArgs),
    /// Connect's webhooks: verify a captured event's signature and say why it fails.
    Webhooks(webhooks_cmd::WebhooksArgs),
    /// Compare two exchanges (history ids, last, last~N, FILE:LINE of an SDK log, body files);
    /// exit 0 when nothing differs but what is expected to, 1 different, 2 bad usage.
    #[command(long_about = diff_cmd::LONG_ABOUT)]
    Diff(diff_cmd::DiffArgs),
    /// The API's model: an endpoint or type and the fields at a path; --list the endpoints.
    Explain(explain_cmd::ExplainArgs),
    /// Check a request body against an endpoint's model (unknown fields, wrong kinds) before sending.
    Lint(lint_cmd::LintArgs),
    /// Print a shell's completion script (bash, zsh, fish, elvish, powershell) on stdout.
    Completions(docs_cmd::CompletionsArgs),
    /// Print the manual page (roff: `cinspect man | man -l -`), or --dir DIR: one page per command.
    Man(docs_cmd::ManArgs),
    /// Write a commented config.toml into the config folder (never over an existing file).
    Init,
    /// Where config.toml is, the settings in effect (secrets masked), its problems.
    Config(config_cmd::ConfigArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Sim(args)) => sim_cmd::run(args),
        Some(Command::Locate(args)) => locate_cmd::run(args),
        Some(Command::Sign(args)) => sign_cmd::run(args),
        Some(Command::Send(args)) => send_cmd::run(args),
        Some(Command::Run(args)) => run_cmd::run(args),
        Some(Command::History(args)) => history_cmd::run(args),
        Some(Command::Logs(args)) => logs_cmd::run(args),
        Some(Command::Webhooks(args)) => webhooks_cmd::run(args),
        Some(Command::Diff(args)) => diff_cmd::run(args),
        Some(Command::Explain(args)) => explain_cmd::run(args),
        Some(Command::Lint(args)) => lint_cmd::run(args),
        Some(Command::Completions(args)) => docs_cmd::completions(args),
        Some(Command::Man(args)) => docs_cmd::man(args),
        Some(Command::Init) => config_cmd::init(),
        Some(Command::Config(args)) => config_cmd::run(args),
        None => tui_cmd::run(&cli),
    }
}

/// The commented config.toml `cinspect init` writes.
pub fn config_template() -> &'static str {
    config_cmd::TEMPLATE
}

/// `--allow-origin`: an http(s) origin, written the one way origins compare.
pub(crate) fn allowed_origin(text: &str) -> Result<String, String> {
    crate::config::origin_of(text).ok_or_else(|| {
        format!("{text:?} is not an http:// or https:// origin (scheme://host[:port])")
    })
}

/// A command's results on standard output. A reader that went away
/// (`cinspect history list | head -1`) ends the command quietly, as it ends
/// `cat`; any other write error is said once. What was recorded is already
/// recorded: results are printed after the history write.
pub(crate) fn out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            err(format_args!("cinspect: cannot write the output: {e}\n"));
            std::process::exit(1);
        }
        // As a command ended by SIGPIPE reports it (128 + 13): a run cut short
        // by `| head` is not mistaken for one that passed.
        std::process::exit(EXIT_CLOSED_STDOUT);
    }
}

/// The exit status when the reader of standard output went away.
pub(crate) const EXIT_CLOSED_STDOUT: i32 = 141;

/// Messages on standard error; a closed stderr loses them, never panics.
pub(crate) fn err(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_fmt(args).and_then(|()| stderr.flush());
}

/// `eprintln!` that a closed stderr cannot turn into a panic: see [`err`].
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::err(format_args!("{}\n", format_args!($($arg)*))) };
}
pub(crate) use errln;

/// `println!` for results: see [`out`].
macro_rules! outln {
    () => { $crate::cli::out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::out(format_args!("{}\n", format_args!($($arg)*))) };
}
pub(crate) use outln;

/// `print!` for results: see [`out`].
macro_rules! outp {
    ($($arg:tt)*) => { $crate::cli::out(format_args!($($arg)*)) };
}
pub(crate) use outp;

/// A body file (`--body`) is at most this big: a request the API would take is far smaller.
pub(crate) const MAX_BODY_FILE: u64 = 64 * 1024 * 1024;

/// At most `cap` bytes from `path` (`-`: standard input); more is an error
/// naming the cap, so `/dev/zero` or a wrong file never takes all memory.
pub(crate) fn read_capped(path: &std::path::Path, cap: u64) -> Result<Vec<u8>, String> {
    let bytes = read_up_to(path, cap + 1)?;
    if bytes.len() as u64 > cap {
        return Err(format!("{} is more than {} MB", file_name(path), cap >> 20));
    }
    Ok(bytes)
}

/// The first `limit` bytes of `path` (`-`: standard input), or all of it when shorter.
pub(crate) fn read_up_to(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot read {}: {e}", file_name(path)))?;
    Ok(bytes)
}

/// A path as messages name it (`-` is standard input).
fn file_name(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        crate::body::printable(&path.display().to_string()).into_owned()
    }
}

/// Prints `cinspect: <message>` to stderr; the one format for CLI failures.
pub(crate) fn fail(message: impl std::fmt::Display, code: u8) -> ExitCode {
    errln!("cinspect: {message}");
    ExitCode::from(code)
}
