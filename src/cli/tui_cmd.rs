use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use super::{Cli, fail};
use crate::app::editor::RequestEditor;
use crate::app::{App, Settings};
use crate::config::Environment;
use crate::http::HttpEngine;
use crate::sim::{self, SimConfig};
use crate::ui::Theme;

pub fn run(cli: &Cli) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    let settings = Settings {
        timeout: Duration::from_secs(cli.timeout.max(1)),
        index_base: cli.index_base,
    };
    let result = runtime.block_on(async {
        let http = HttpEngine::new()?;
        let (env, editor, simulator) = if cli.demo {
            let running =
                sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default()).await?;
            let env = Environment::simulator(&running.base_url());
            let editor = RequestEditor::new(
                "POST",
                "/v1/{merchantId}/payments",
                "",
                &sim::demo_request_body(),
            );
            (env, editor, Some(running))
        } else {
            let base = cli
                .base_url
                .clone()
                .unwrap_or_else(|| format!("http://127.0.0.1:{}", sim::DEFAULT_PORT));
            let env = Environment::simulator(&base);
            let editor =
                RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "");
            (env, editor, None)
        };
        let app = App::new(env, editor, settings);
        let result = crate::tui::run(app, http, Theme::default()).await;
        if let Some(running) = simulator {
            running.shutdown().await;
        }
        result
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e, 1),
    }
}
