//! `cinspect webhooks verify`: checks a captured webhook body against its
//! signature the way the SDKs' helpers do, and says why it fails.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::fail;
use super::sign_cmd::secret_from;
use crate::body::printable;
use crate::connect::webhook::{self, KEY_ID_HEADER, SIGNATURE_HEADER};
use crate::webhooks::MAX_EVENT_BYTES;

#[derive(Debug, Args)]
pub struct WebhooksArgs {
    #[command(subcommand)]
    pub command: WebhooksCommand,
}

#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Verify a captured body's X-GCS-Signature; exit 0 valid, 1 invalid (the reason on
    /// stderr), 2 bad usage.
    Verify(VerifyArgs),
    /// Send a realistic signed event to your endpoint and show its answer (exit 0 for 2xx,
    /// 3 no answer, 4 otherwise).
    Send(super::webhooks_send::SendArgs),
    /// Receive events on a local port: each one's signature verdict with its reason, answered
    /// as an endpoint should (200 verified, 401 not: --bad-signature-status), the
    /// endpoint-verification GET answered, optionally forwarded to your app.
    Listen(super::webhooks_listen::ListenArgs),
}

/// A webhook key id and where its secret comes from (never argv).
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The webhook key id (X-GCS-KeyId).
    #[arg(long, value_name = "ID")]
    pub key_id: String,
    /// Read the webhook secret from this environment variable.
    #[arg(
        long,
        value_name = "VAR",
        required_unless_present = "secret_stdin",
        conflicts_with = "secret_stdin"
    )]
    pub secret_env: Option<String>,
    /// Read the webhook secret from standard input (its first line).
    #[arg(long)]
    pub secret_stdin: bool,
}

impl KeyArgs {
    pub fn secret(&self) -> Result<String, String> {
        secret_from(self.secret_stdin, self.secret_env.as_deref())
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    /// The X-GCS-Signature value received.
    #[arg(long, value_name = "SIG")]
    pub signature: String,
    /// The body exactly as received (bytes, not re-encoded): a file, or - for standard input.
    #[arg(value_name = "FILE|-", default_value = "-")]
    pub body: PathBuf,
}

pub fn run(args: WebhooksArgs) -> ExitCode {
    match args.command {
        WebhooksCommand::Verify(args) => verify(args),
        WebhooksCommand::Send(args) => super::webhooks_send::run(args),
        WebhooksCommand::Listen(args) => super::webhooks_listen::run(args),
    }
}

fn verify(args: VerifyArgs) -> ExitCode {
    let from_stdin = args.body.as_os_str() == "-";
    if from_stdin && args.key.secret_stdin {
        return fail(
            "--secret-stdin takes standard input: give the body as a FILE",
            2,
        );
    }
    let secret = match args.key.secret() {
        Ok(s) => s,
        Err(e) => return fail(e, 2),
    };
    let body = match read_body(&args.body, from_stdin) {
        Ok(b) => b,
        Err(e) => return fail(e, 2),
    };
    let headers = [
        (SIGNATURE_HEADER.to_string(), args.signature.clone()),
        (KEY_ID_HEADER.to_string(), args.key.key_id.clone()),
    ];
    let verdict = webhook::verify(&headers, &body, &[(args.key.key_id.clone(), secret)]);
    if verdict.is_valid() {
        super::outln!("valid: {}", printable(&verdict.reason()));
        ExitCode::SUCCESS
    } else {
        super::errln!(
            "invalid ({}): {}",
            verdict.kind(),
            printable(&verdict.reason())
        );
        ExitCode::from(1)
    }
}

/// The body's bytes as they are: a signature covers every byte, line ends included.
/// At most the receiver's cap: `/dev/zero` or a wrong file must not take all memory.
fn read_body(path: &Path, from_stdin: bool) -> Result<Vec<u8>, String> {
    let limit = MAX_EVENT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let (read, name) = if from_stdin {
        let read = std::io::stdin().lock().take(limit).read_to_end(&mut bytes);
        (read, "standard input".to_string())
    } else {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        (file.take(limit).read_to_end(&mut bytes), name)
    };
    read.map_err(|e| format!("cannot read the body from {name}: {e}"))?;
    if bytes.len() > MAX_EVENT_BYTES {
        return Err(format!(
            "{name} is bigger than {} MiB, more than any webhook body (the receiver refuses \
             those too): give the body exactly as it was received",
            MAX_EVENT_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}
