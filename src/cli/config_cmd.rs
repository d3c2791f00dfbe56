//! `cinspect init` and `cinspect config path|show|check`: set-up without the
//! README. `init` writes a commented config.toml and never overwrites one;
//! `check` reports what the start-up would, through the same loader.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::{fail, outln};
use crate::config::{self, FILE_NAME, SecretSource};

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where config.toml is (CINSPECT_CONFIG_DIR, else the platform's config folder).
    Path,
    /// Print the settings in effect: environments (the secret's source, never its value), webhook keys.
    Show,
    /// Report every problem of config.toml (file:line:col, as the start-up does); exit 1 if any.
    Check,
}

/// The file `cinspect init` writes: every environment's secret is named, never given.
pub const TEMPLATE: &str = r#"# cinspect's settings (written by `cinspect init`; `cinspect config check` checks it).
# Secrets never go in this file: name the variable (secret_env) or a command
# (secret_command) that prints the secret; cinspect reads it at send time.
# In the TUI, F2 (e outside text fields) names this file and adds an environment to
# it, keeping these comments.

# The environment the TUI and `cinspect send` use without --env (default: the built-in sim).
# environment = "sandbox"
# timeout_seconds = 30
# theme = "default"          # default, light, high-contrast, monochrome

# The sandbox: https://eu.sandbox.api-ingenico.com
[environments.sandbox]
preset = "sandbox"
merchant_id = "YOUR_MERCHANT_ID"
api_key_id = "YOUR_API_KEY_ID"
secret_env = "CONNECT_SANDBOX_SECRET"     # export CONNECT_SANDBOX_SECRET=... before sending
# secret_command = "pass show connect/sandbox"
# integrator = "Your company"

# Production: https://api.connect.worldline-solutions.com (anything but a GET asks first).
# Other hosts: preprod, eu-production, mum-production, world-production, ...
[environments.production]
preset = "production"
merchant_id = "YOUR_MERCHANT_ID"
api_key_id = "YOUR_PRODUCTION_API_KEY_ID"
secret_env = "CONNECT_PRODUCTION_SECRET"

# A host that is no preset: say whether it is production.
# [environments.proxy]
# base_url = "https://connect-proxy.example.com"
# production = true
# merchant_id = "YOUR_MERCHANT_ID"
# api_key_id = "YOUR_API_KEY_ID"
# secret_env = "CONNECT_PRODUCTION_SECRET"

# Webhook keys (`cinspect webhooks listen`, --webhooks in the TUI): one table per key id.
# [webhooks.keys.YOUR_WEBHOOK_KEY_ID]
# secret_env = "CONNECT_WEBHOOK_SECRET"
"#;

fn config_file() -> Result<PathBuf, ExitCode> {
    config::config_dir()
        .map(|dir| dir.join(FILE_NAME))
        .ok_or_else(|| fail("no config directory: set CINSPECT_CONFIG_DIR", 2))
}

/// `cinspect init`: a fresh file, created under a random name in the folder and
/// linked into place only if nothing (not even a symlink) has the name.
pub fn init() -> ExitCode {
    let path = match config_file() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let shown = path.display();
    if path.symlink_metadata().is_ok() {
        return fail(format!("{shown} exists; left as it is"), 1);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!("cannot create {}: {e}", dir.display()), 1);
    }
    let written = tempfile::Builder::new()
        .prefix(".config.toml.")
        .tempfile_in(dir)
        .and_then(|mut file| {
            file.write_all(TEMPLATE.as_bytes())?;
            file.as_file().sync_all()?;
            Ok(file)
        });
    let file = match written {
        Ok(f) => f,
        Err(e) => return fail(format!("cannot write in {}: {e}", dir.display()), 1),
    };
    match file.persist_noclobber(&path) {
        Ok(_) => {
            outln!("wrote {shown}");
            outln!(
                "edit merchant_id and api_key_id, export the secret variables, then: cinspect config check"
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            fail(format!("{shown} exists; left as it is"), 1)
        }
        Err(e) => fail(format!("cannot write {shown}: {}", e.error), 1),
    }
}

pub fn run(args: ConfigArgs) -> ExitCode {
    let path = match config_file() {
        Ok(p) => p,
        Err(code) => return code,
    };
    match args.command {
        ConfigCommand::Path => {
            outln!("{}", path.display());
            ExitCode::SUCCESS
        }
        ConfigCommand::Check => check(&path),
        ConfigCommand::Show => show(&path),
    }
}

fn check(path: &Path) -> ExitCode {
    let loaded = config::load(path.parent());
    if !path.exists() {
        outln!(
            "{}: no file (the defaults are used; cinspect init writes one)",
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    if loaded.problems.is_empty() {
        let names: Vec<&str> = loaded
            .config
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        outln!("{}: ok; environments: {}", path.display(), names.join(", "));
        return ExitCode::SUCCESS;
    }
    for problem in &loaded.problems {
        super::errln!("{problem}");
    }
    ExitCode::from(1)
}

/// Where a secret comes from, never its value.
fn source(secret: &SecretSource) -> String {
    match secret {
        SecretSource::Value(_) => "built in (the simulator's demo secret) ****".to_string(),
        SecretSource::Env(var) => format!("${var} ****"),
        SecretSource::Command { command, .. } => format!("the output of `{command}` ****"),
        SecretSource::Missing => "none configured".to_string(),
    }
}

fn show(path: &Path) -> ExitCode {
    let loaded = config::load(path.parent());
    for problem in &loaded.problems {
        super::errln!("cinspect: {problem}");
    }
    let config = &loaded.config;
    outln!(
        "file: {}{}",
        path.display(),
        if path.exists() { "" } else { " (absent)" }
    );
    outln!("default environment: {}", config.default_environment);
    for env in &config.environments {
        outln!();
        outln!(
            "[{}]{}",
            env.name,
            if env.production { " production" } else { "" }
        );
        outln!("  base_url    {}", env.base_url);
        outln!("  merchant_id {}", env.merchant_id);
        outln!("  api_key_id  {}", env.api_key_id);
        outln!("  secret      {}", source(&env.secret));
    }
    for (id, secret) in &config.webhook_keys {
        outln!();
        outln!("[webhooks.keys.{id}]");
        outln!("  secret      {}", source(secret));
    }
    if loaded.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
