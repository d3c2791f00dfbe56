//! `cinspect webhooks send`: a realistic signed event to the integrator's
//! endpoint, as Connect would send it, and their answer. `--tamper` breaks the
//! signature, to check that the endpoint refuses it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::fail;
use crate::body::printable;
use crate::connect::webhook::{self, KEY_ID_HEADER, SIGNATURE_HEADER};
use crate::connect::webhook_events;
use crate::http::{HttpEngine, RequestSpec, SendOutcome};

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The event type: payment.created, payment.paid, payment.rejected, payment.refunded,
    /// refund.refund_requested, payout.account_credited, token.created, ...
    #[arg(value_name = "TYPE")]
    pub event_type: String,
    /// The integrator's webhook endpoint.
    #[arg(long, value_name = "URL")]
    pub to: String,
    #[command(flatten)]
    pub key: super::webhooks_cmd::KeyArgs,
    /// Send this body (bytes as they are) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Send a signature that does not match: the endpoint must refuse it.
    #[arg(long)]
    pub tamper: bool,
}

pub fn run(args: SendArgs) -> ExitCode {
    let secret = match args.key.secret() {
        Ok(s) => s,
        Err(e) => return fail(e, 2),
    };
    let body = match &args.body {
        Some(file) => match super::read_capped(file, crate::webhooks::MAX_EVENT_BYTES as u64) {
            Ok(b) => b,
            Err(e) => return fail(e, 2),
        },
        None => {
            let created =
                crate::connect::datetime::format_epoch_millis(crate::pipeline::record::now_ms())
                    .replace(' ', "T")
                    .replace("TUTC", "+0000");
            let id = uuid::Uuid::new_v4().to_string();
            match webhook_events::event(&args.event_type, &id, &created, "1234") {
                Some(b) => b.into_bytes(),
                None => {
                    let hint = webhook_events::renamed(&args.event_type)
                        .map(|now| format!(" (a paid payout's event is {now})"))
                        .unwrap_or_default();
                    return fail(
                        format!(
                            "unknown event type {:?}{hint}; built in: {} (or give --body FILE)",
                            args.event_type,
                            webhook_events::TYPES.join(", ")
                        ),
                        2,
                    );
                }
            }
        }
    };
    let mut signature = webhook::sign(&secret, &body);
    drop(secret);
    if args.tamper {
        // Another valid-looking signature: the first character changed.
        let first = if signature.starts_with('A') { "B" } else { "A" };
        signature.replace_range(..1, first);
    }
    let spec = RequestSpec {
        method: "POST".to_string(),
        url: args.to.clone(),
        headers: vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            (SIGNATURE_HEADER.to_string(), signature),
            (KEY_ID_HEADER.to_string(), args.key.key_id.clone()),
        ],
        body: Some(body),
        timeout: Duration::from_secs(10),
        max_body: 1 << 20,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    let outcome = runtime.block_on(async {
        let http = HttpEngine::new()?;
        Ok::<_, crate::http::TransportError>(
            http.execute(&spec, &tokio_util::sync::CancellationToken::new())
                .await,
        )
    });
    match outcome {
        Ok(SendOutcome::Response(r)) => {
            let tamper = if args.tamper {
                " (tampered signature)"
            } else {
                ""
            };
            super::outln!(
                "{} {}{tamper}: {} in {} ms",
                args.event_type,
                printable(&args.to),
                r.status,
                r.elapsed.as_millis()
            );
            let text = String::from_utf8_lossy(&r.body);
            if !text.trim().is_empty() {
                super::outln!(
                    "{}",
                    printable(text.chars().take(2000).collect::<String>().trim())
                );
            }
            if (200..300).contains(&r.status) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(4)
            }
        }
        Ok(SendOutcome::Failed(e, _)) | Err(e) => {
            super::outln!("no answer from {}: {e}", printable(&args.to));
            ExitCode::from(3)
        }
        Ok(SendOutcome::Cancelled) => ExitCode::from(3),
    }
}
