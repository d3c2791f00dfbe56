use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use super::{Cli, fail};
use crate::app::editor::RequestEditor;
use crate::app::keymap::KeyMap;
use crate::app::{App, Level, Notice, Settings};
use crate::config::{self, Environment};
use crate::http::HttpEngine;
use crate::sim::{self, SimConfig};
use crate::templates;

pub fn run(cli: &Cli) -> ExitCode {
    let loaded = config::load(config::config_dir().as_deref());
    let cfg = loaded.config;
    let settings = Settings {
        timeout: cli
            .timeout
            .map_or(cfg.timeout, |s| Duration::from_secs(s.max(1))),
        index_base: cli.index_base.unwrap_or(cfg.index_base),
        query_mode: cfg.query_mode,
        mouse: cfg.mouse,
    };
    let env_name = cli
        .env
        .clone()
        .unwrap_or_else(|| cfg.default_environment.clone());
    let env = match cfg.environment(&env_name) {
        Ok(env) => env.clone(),
        Err(e) => return fail(e, 2),
    };
    let template = match cli
        .template
        .as_deref()
        .map(|name| (name, templates::find(name)))
    {
        Some((name, None)) => {
            return fail(
                format!(
                    "unknown template {name:?}; known: {}",
                    templates::names().join(", ")
                ),
                2,
            );
        }
        Some((_, Some(t))) => Some(t),
        None => None,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    let result = runtime.block_on(async {
        let http = HttpEngine::new()?;
        let simulator = if cli.demo {
            Some(sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default()).await?)
        } else {
            None
        };
        let mut env = match &simulator {
            Some(running) => Environment::simulator(&running.base_url()),
            None => env,
        };
        if let Some(base) = &cli.base_url {
            env.base_url = base.trim_end_matches('/').to_string();
        }
        let mut notes: Vec<String> = Vec::new();
        let imported = match &cli.curl {
            Some(command) => match crate::interop::parse_curl(command) {
                Ok((request, import_notes)) => {
                    notes.extend(import_notes);
                    Some(crate::app::interop::editor_from(&request, &env.base_url))
                }
                Err(e) => anyhow::bail!("--curl: {e}"),
            },
            None => None,
        };
        let editor = match (imported, &template, cli.demo) {
            (Some(editor), _, _) => editor,
            (None, Some(t), _) => RequestEditor::new(&t.method, &t.path, "", &t.body),
            (None, None, true) => RequestEditor::new(
                "POST",
                "/v1/{merchantId}/payments",
                "",
                &sim::demo_request_body(),
            ),
            (None, None, false) => {
                RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "")
            }
        };
        let mut app = App::new(env.clone(), editor, settings);
        // The active environment stands for its name in the F2 list (--demo's simulator port).
        app.environments = cfg
            .environments
            .iter()
            .map(|e| {
                if e.name == env.name {
                    Arc::clone(&app.env)
                } else {
                    Arc::new(e.clone())
                }
            })
            .collect();
        let (keymap, key_problems) = KeyMap::with_overrides(&cfg.key_overrides);
        app.keymap = keymap;
        let theme_name = cli
            .theme
            .clone()
            .or(cfg.theme.clone())
            .unwrap_or_else(|| "default".to_string());
        let themes_dir = config::config_dir().map(|d| d.join("themes"));
        let theme = crate::style::load(
            &theme_name,
            themes_dir.as_deref(),
            &crate::style::TermEnv::from_env(),
        );
        let history = match super::history_open::open(config::config_dir().as_deref(), &cfg.history)
        {
            Ok(h) => Some(h),
            Err(reason) => {
                app.history_off = Some(reason);
                None
            }
        };
        let problems: Vec<String> = loaded
            .problems
            .iter()
            .cloned()
            .chain(key_problems)
            .chain(theme.warnings.iter().cloned())
            .chain(
                app.history_off
                    .iter()
                    .filter(|r| !r.starts_with("enabled = false"))
                    .map(|r| format!("history is off this session: {r}")),
            )
            .collect();
        if !problems.is_empty() {
            app.notice = Some(Notice {
                level: Level::Error,
                text: problems.join("; "),
            });
        } else if !notes.is_empty() {
            app.notice = Some(Notice {
                level: Level::Info,
                text: notes.join("; "),
            });
        }
        let result = crate::tui::run(app, http, history, theme.theme).await;
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
