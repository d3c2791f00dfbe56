use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::Args;

use super::fail;
use crate::sim::{self, SimConfig};

#[derive(Debug, Args)]
#[command(
    about = "Run the embedded simulator of the Connect API.\n\nA simulator for demos and tests, not the API: it validates create-payment requests, declines card 5424180279791732, keeps idempotent outcomes, and has fault routes under /sim/."
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
}

pub fn run(args: SimArgs) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    runtime.block_on(async {
        let running = match sim::spawn(
            SocketAddr::new(args.host, args.port),
            SimConfig {
                check_signatures: !args.no_auth,
                ..SimConfig::default()
            },
        )
        .await
        {
            Ok(r) => r,
            Err(e) => {
                return fail(
                    format!("cannot listen on {}:{}: {e}", args.host, args.port),
                    1,
                );
            }
        };
        // The first line is for scripts: they read the port from it.
        println!("listening on {}", running.base_url());
        println!("{}", sim::BANNER);
        println!(
            "demo credentials: apiKeyId {} (secret built in), merchantId {}",
            sim::DEMO_API_KEY_ID,
            sim::DEMO_MERCHANT_ID
        );
        wait_for_shutdown().await;
        running.shutdown().await;
        ExitCode::SUCCESS
    })
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
