use std::env::VarError;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::Args;
use clap::builder::NonEmptyStringValueParser;

use super::fail;
use crate::body::printable;
use crate::config::Secret;
use crate::sim::{self, SimConfig, SimKey, WebhookTarget};

#[derive(Debug, Args)]
#[command(
    about = "Run the embedded simulator of the Connect API.\n\nA simulator for demos and tests, not the API: it validates create-payment requests, declines card 5424180279791732, keeps idempotent outcomes, and has fault routes under /sim/.\n\nWith --webhooks-url it also sends signed webhook events (payment.created, .rejected, .captured, .cancelled, .refunded) for what it does: a simulation, one event per action at once, not the platform's schedule."
)]
pub struct SimArgs {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = sim::DEFAULT_PORT)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Accept unsigned requests (for poking the simulator with curl); the API never does.
    #[arg(long)]
    pub no_auth: bool,
    /// Also accept this API key id, with the secret in --secret-env: besides the demo key (which
    /// keeps working for cinspect's built-in `sim` environment), so your application can keep
    /// its own key id. Given the demo key's id, it replaces the demo secret.
    #[arg(
        long,
        value_name = "ID",
        requires = "secret_env",
        conflicts_with = "no_auth",
        value_parser = NonEmptyStringValueParser::new()
    )]
    pub api_key_id: Option<String>,
    /// The environment variable holding the secret API key of --api-key-id. Read once at
    /// start-up; the secret is never taken from the command line and never printed.
    #[arg(long, value_name = "VAR", requires = "api_key_id")]
    pub secret_env: Option<String>,
    /// Send webhook events for what the simulator does to this URL (POST, signed, retried 3
    /// times with back-off). A simulation: one event per action, at once, not the platform's
    /// schedule. Needs --webhooks-key-id and --webhooks-secret-env.
    #[arg(
        long,
        value_name = "URL",
        requires_all = ["webhooks_key_id", "webhooks_secret_env"],
        value_parser = NonEmptyStringValueParser::new()
    )]
    pub webhooks_url: Option<String>,
    /// The webhook key id the events are signed with (sent as X-GCS-KeyId).
    #[arg(
        long,
        value_name = "ID",
        requires = "webhooks_url",
        value_parser = NonEmptyStringValueParser::new()
    )]
    pub webhooks_key_id: Option<String>,
    /// The environment variable holding the webhook secret. Read once at start-up; never taken
    /// from the command line and never printed.
    #[arg(long, value_name = "VAR", requires = "webhooks_url")]
    pub webhooks_secret_env: Option<String>,
    /// Keep at most N objects (payments, captures, refunds, tokens, payouts, hosted checkouts,
    /// mandates, disputes); past N the oldest are let go (GET /sim/state counts them).
    /// Default: 1000000.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_objects: Option<u64>,
    /// Keep the state in FILE across restarts: loaded at start (a missing file is an empty
    /// state), written atomically a second after changes and at shutdown. Not a symbolic link.
    #[arg(long, value_name = "FILE")]
    pub state: Option<std::path::PathBuf>,
    /// Make the random-looking ids (tokens, RETURNMACs, hosted checkouts) the same on every
    /// run; payment ids follow a sequence anyway.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

pub fn run(args: SimArgs) -> ExitCode {
    let config = match config(&args) {
        Ok(c) => c,
        Err(e) => return fail(e, 2),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    runtime.block_on(async {
        let running = match sim::spawn(SocketAddr::new(args.host, args.port), config).await {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return fail(
                    format!("cannot load --state: {}", printable(&e.to_string())),
                    2,
                );
            }
            Err(e) => {
                return fail(
                    format!("cannot listen on {}:{}: {e}", args.host, args.port),
                    1,
                );
            }
        };
        // The first line is for scripts: they read the port from it.
        super::outln!("listening on {}", running.base_url());
        super::outln!("{}", sim::BANNER);
        for line in credential_lines(&args) {
            super::outln!("{line}");
        }
        wait_for_shutdown().await;
        running.shutdown().await;
        ExitCode::SUCCESS
    })
}

/// The simulator's settings from the arguments; reads the secrets of `--api-key-id` and
/// `--webhooks-key-id`.
fn config(args: &SimArgs) -> Result<SimConfig, String> {
    let config = SimConfig {
        check_signatures: !args.no_auth,
        webhooks: webhook_target(args)?,
        max_objects: Some(
            args.max_objects
                .map_or(crate::sim::DEFAULT_MAX_OBJECTS, |n| {
                    usize::try_from(n).unwrap_or(usize::MAX)
                }),
        ),
        seed: args.seed,
        state_file: args.state.clone(),
        ..SimConfig::default()
    };
    // clap makes the two options come together.
    let (Some(api_key_id), Some(var)) = (&args.api_key_id, &args.secret_env) else {
        return Ok(config);
    };
    Ok(config.with_key(SimKey {
        api_key_id: api_key_id.clone(),
        secret: secret_from(var, "--secret-env")?,
    }))
}

/// Where webhook events go, if asked; clap makes the three options come together.
fn webhook_target(args: &SimArgs) -> Result<Option<WebhookTarget>, String> {
    let (Some(url), Some(key_id), Some(var)) = (
        &args.webhooks_url,
        &args.webhooks_key_id,
        &args.webhooks_secret_env,
    ) else {
        return Ok(None);
    };
    let parsed =
        reqwest::Url::parse(url).map_err(|e| format!("--webhooks-url {}: {e}", printable(url)))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "--webhooks-url {}: not an http:// or https:// URL",
            printable(url)
        ));
    }
    Ok(Some(WebhookTarget {
        url: url.clone(),
        key_id: key_id.clone(),
        secret: secret_from(var, "--webhooks-secret-env")?,
    }))
}

/// The secret in the variable `var` (given with `option`); the error names the variable, never
/// a value.
fn secret_from(var: &str, option: &str) -> Result<Secret, String> {
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => Ok(Secret::new(value)),
        Ok(_) => Err(format!("the secret variable {var} is empty ({option})")),
        Err(VarError::NotPresent) => {
            Err(format!("the secret variable {var} is not set ({option})"))
        }
        Err(VarError::NotUnicode(_)) => Err(format!(
            "the secret variable {var} is not valid UTF-8 ({option})"
        )),
    }
}

/// What the start-up banner says about the keys accepted: ids and where secrets come from.
fn credential_lines(args: &SimArgs) -> Vec<String> {
    let mut lines = Vec::new();
    let own = args.api_key_id.as_deref().zip(args.secret_env.as_deref());
    if let Some((id, var)) = own {
        lines.push(format!("accepted: apiKeyId {id} (secret from ${var})"));
    }
    if own.is_none_or(|(id, _)| id != sim::DEMO_API_KEY_ID) {
        lines.push(format!(
            "demo credentials: apiKeyId {} (secret built in), merchantId {}",
            sim::DEMO_API_KEY_ID,
            sim::DEMO_MERCHANT_ID
        ));
    }
    let hooks = args
        .webhooks_url
        .as_deref()
        .zip(args.webhooks_key_id.as_deref());
    if let (Some((url, id)), Some(var)) = (hooks, args.webhooks_secret_env.as_deref()) {
        lines.push(format!(
            "webhooks: simulated events to {} as key {id} (secret from ${var})",
            printable(&without_password(url))
        ));
    }
    lines
}

/// `url` with any password in it masked, for printing.
fn without_password(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Setting a password fails only for URLs that cannot have one, not this one.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

async fn wait_for_shutdown() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hup.recv() => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        sim: SimArgs,
    }

    fn parse(args: &[&str]) -> Result<SimArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("sim").chain(args.iter().copied())).map(|c| c.sim)
    }

    #[test]
    fn the_state_options_reach_the_config() {
        assert!(parse(&["--max-objects", "0"]).is_err());
        let args =
            parse(&["--max-objects", "10", "--seed", "7", "--state", "s.json"]).expect("parses");
        let config = config(&args).expect("config");
        assert_eq!(config.max_objects, Some(10));
        assert_eq!(config.seed, Some(7));
        assert_eq!(
            config.state_file.as_deref(),
            Some(std::path::Path::new("s.json"))
        );
        // Without the option the store is bounded all the same.
        let without = super::config(&parse(&[]).expect("parses")).expect("config");
        assert_eq!(without.max_objects, Some(1_000_000));
    }

    #[test]
    fn key_id_and_secret_variable_come_together() {
        assert!(parse(&["--api-key-id", "k"]).is_err());
        assert!(parse(&["--secret-env", "V"]).is_err());
        assert!(parse(&["--api-key-id", "", "--secret-env", "V"]).is_err());
        assert!(parse(&["--api-key-id", "k", "--secret-env", "V", "--no-auth"]).is_err());
        assert!(parse(&["--api-key-id", "k", "--secret-env", "V"]).is_ok());
    }

    #[test]
    fn the_three_webhook_options_come_together() {
        let all = ["--webhooks-url", "http://h/", "--webhooks-key-id", "k"];
        assert!(parse(&all).is_err(), "no secret variable");
        assert!(parse(&all[..2]).is_err());
        assert!(parse(&["--webhooks-key-id", "k", "--webhooks-secret-env", "V"]).is_err());
        assert!(parse(&[&all[..], &["--webhooks-secret-env", "V"]].concat()).is_ok());
    }

    #[test]
    fn the_banner_names_the_webhook_target_and_variable_only() {
        let args = parse(&[
            "--webhooks-url",
            "http://127.0.0.1:8787/hooks",
            "--webhooks-key-id",
            "k1",
            "--webhooks-secret-env",
            "HOOK_SECRET",
        ])
        .expect("args");
        let lines = credential_lines(&args);
        assert_eq!(
            lines.last().map(String::as_str),
            Some(
                "webhooks: simulated events to http://127.0.0.1:8787/hooks as key k1 (secret from $HOOK_SECRET)"
            )
        );
    }

    #[test]
    fn a_webhook_url_must_be_http_and_its_password_is_not_shown() {
        let args = |url: &str| {
            parse(&[
                "--webhooks-url",
                url,
                "--webhooks-key-id",
                "k",
                "--webhooks-secret-env",
                "PATH",
            ])
            .expect("args")
        };
        assert!(webhook_target(&args("not a url")).is_err());
        assert!(webhook_target(&args("ftp://h/x")).is_err());
        assert!(webhook_target(&args("https://h/x")).is_ok());
        let lines = credential_lines(&args("http://u:pw@h/x"));
        let last = lines.last().expect("a webhooks line");
        assert!(last.contains("u:***@h") && !last.contains("pw"), "{last}");
    }

    #[test]
    fn a_missing_webhook_secret_is_an_error_naming_the_variable() {
        let args = parse(&[
            "--webhooks-url",
            "http://h/",
            "--webhooks-key-id",
            "k",
            "--webhooks-secret-env",
            "CINSPECT_SIM_HOOK_SURELY_UNSET",
        ])
        .expect("args");
        let err = config(&args).expect_err("unset");
        assert!(err.contains("CINSPECT_SIM_HOOK_SURELY_UNSET"), "{err}");
        assert!(err.contains("--webhooks-secret-env"), "{err}");
    }

    #[test]
    fn a_missing_secret_variable_is_named() {
        let var = "CINSPECT_SIM_TEST_SURELY_UNSET";
        let err = secret_from(var, "--secret-env").expect_err("unset");
        assert_eq!(
            err,
            format!("the secret variable {var} is not set (--secret-env)")
        );
    }

    #[test]
    fn the_banner_names_keys_and_variables_only() {
        let args = parse(&["--api-key-id", "mykey", "--secret-env", "APP_SECRET"]).expect("args");
        let lines = credential_lines(&args);
        assert_eq!(
            lines[0],
            "accepted: apiKeyId mykey (secret from $APP_SECRET)"
        );
        assert!(lines[1].starts_with("demo credentials: apiKeyId cinspect-demo-key"));
        let demo_id =
            parse(&["--api-key-id", sim::DEMO_API_KEY_ID, "--secret-env", "S"]).expect("args");
        assert_eq!(
            credential_lines(&demo_id).len(),
            1,
            "the demo secret is replaced"
        );
    }
}
