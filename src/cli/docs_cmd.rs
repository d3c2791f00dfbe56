//! `cinspect completions SHELL` and `cinspect man`: the shell completions and
//! manual pages, generated from the same clap definition as `--help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, fail};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command into this folder (cinspect.1, cinspect-sim.1,
    /// cinspect-webhooks-listen.1, ...) instead of printing cinspect.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The script on standard output (`cinspect completions bash > ~/.local/share/...`).
pub fn completions(args: CompletionsArgs) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "cinspect", &mut script);
    super::out(format_args!("{}", String::from_utf8_lossy(&script)));
    ExitCode::SUCCESS
}

pub fn man(args: ManArgs) -> ExitCode {
    let command = Cli::command();
    if let Some(dir) = args.dir {
        if let Err(e) = clap_mangen::generate_to(command, &dir) {
            return fail(
                format!("cannot write the pages in {}: {e}", dir.display()),
                1,
            );
        }
        return ExitCode::SUCCESS;
    }
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
        return fail(format!("cannot render the page: {e}"), 1);
    }
    super::out(format_args!("{}", String::from_utf8_lossy(&page)));
    ExitCode::SUCCESS
}
