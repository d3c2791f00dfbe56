//! The command line: the TUI by default, and subcommands for scripts.

mod locate_cmd;
mod sim_cmd;
mod tui_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::locate::IndexBase;

#[derive(Debug, Parser)]
#[command(
    name = "cinspect",
    version,
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

    /// Base URL of the API for the TUI (default: the simulator at 127.0.0.1:7878).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Seconds to wait for a complete response.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,

    /// How to read array indexes in propertyName: auto, 0 (JSONata) or 1 (the API's docs).
    #[arg(long, value_name = "auto|0|1", default_value = "auto")]
    pub index_base: IndexBase,

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
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Sim(args)) => sim_cmd::run(args),
        Some(Command::Locate(args)) => locate_cmd::run(args),
        None => tui_cmd::run(&cli),
    }
}

/// Prints `cinspect: <message>` to stderr; the one format for CLI failures.
pub(crate) fn fail(message: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("cinspect: {message}");
    ExitCode::from(code)
}
