//! Starting the TUI: the simulator for `--demo` (its webhooks sent to the
//! TUI's receiver), the webhook receiver, the first request, the key map and
//! theme, the history, and everything wrong with them gathered into
//! the first status line; then the event loop.

use std::net::SocketAddr;
use std::time::Duration;

use crate::app::editor::RequestEditor;
use crate::app::keymap::{Command, Context, KeyMap};
use crate::app::{Action, App, Settings, Startup};
use crate::config::{self, Config, Environment};
use crate::config::{Secret, SecretSource};
use crate::connect::templates::Template;
use crate::http::HttpEngine;
use crate::locate::IndexBase;
use crate::sim::{self, SimConfig};
use crate::webhooks;

/// The request the editor starts with.
#[derive(Debug, Clone)]
pub enum StartRequest {
    /// The demo's create-payment, which the simulator rejects.
    Demo,
    Template(Template),
    /// A curl command (signing headers in it are dropped).
    Curl(String),
    /// The test-connection request.
    Default,
}

/// What the command line decided.
pub struct Launch {
    pub config: Config,
    /// Problems already found (config.toml), shown in the first status line.
    pub problems: Vec<String>,
    pub env: Environment,
    /// Start the embedded simulator and point the environment at it.
    pub demo: bool,
    pub base_url: Option<String>,
    pub request: StartRequest,
    pub theme: Option<String>,
    /// An SDK log to open in the log browser at start.
    pub log: Option<String>,
    /// `.http` files (a file or a folder) whose requests the picker offers.
    pub requests: Option<std::path::PathBuf>,
    /// Receive webhooks here while the TUI runs (the demo picks a free port without it).
    pub webhooks: Option<SocketAddr>,
    /// Where received webhooks are passed on.
    pub webhooks_forward: Option<String>,
    /// Seconds to wait for a whole response.
    pub timeout: Duration,
    /// Bytes of a response body kept at most.
    pub max_response: usize,
    pub index_base: IndexBase,
}

/// Runs the TUI; Ok carries the signal that ended it, if one did.
pub fn launch(l: Launch) -> anyhow::Result<Option<i32>> {
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    let result = runtime.block_on(run(l));
    // Quit means now: a secret command still running (it has its own timeout)
    // must not hold the process after the terminal is given back.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

async fn run(l: Launch) -> anyhow::Result<Option<i32>> {
    let http = HttpEngine::new()?;
    let mut webhook_keys = l.config.webhook_keys.clone();
    let webhook_bad_signature_status = l.config.webhook_bad_signature_status;
    // Bound before the terminal is taken: an address in use is said on the shell.
    let webhook_listener = match (l.webhooks, l.demo) {
        (Some(addr), _) => Some(
            webhooks::bind(addr)
                .map_err(|e| anyhow::anyhow!("--webhooks: cannot listen on {addr}: {e}"))?,
        ),
        (None, true) => Some(webhooks::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?),
        (None, false) => None,
    };
    let webhooks_on = match &webhook_listener {
        Some(listener) => Some(listener.local_addr()?),
        None => None,
    };
    let mut sim_problems = None;
    let simulator = if l.demo {
        let mut sim_config = SimConfig::default();
        if let Some(addr) = webhooks_on {
            sim_config.webhooks = Some(demo_webhooks(addr, &mut webhook_keys));
            let (tx, rx) = tokio::sync::mpsc::channel(SIM_REPORTS);
            sim_config.webhook_delivery.report = Some(tx);
            sim_problems = Some(rx);
        }
        Some(sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), sim_config).await?)
    } else {
        None
    };
    let mut env = match &simulator {
        Some(running) => Environment::simulator(&running.base_url()),
        None => l.env,
    };
    if let Some(base) = &l.base_url {
        if crate::config::origin_of(base).is_none() {
            anyhow::bail!("--base-url {base:?} is not an http:// or https:// URL with a host");
        }
        env.base_url = base.trim_end_matches('/').to_string();
    }
    let cfg = l.config;
    let (keymap, key_problems) = KeyMap::with_overrides(&cfg.key_overrides);
    let mut notes = Vec::new();
    if let Some(addr) = webhooks_on {
        let key = keymap.keys_in(Command::Webhooks, Context::TEXT);
        notes.push(listening_note(addr, &key, l.demo));
    }
    let editor = match l.request {
        StartRequest::Curl(command) => {
            let (request, import_notes) =
                crate::interop::parse_curl(&command).map_err(|e| anyhow::anyhow!("--curl: {e}"))?;
            notes.extend(import_notes);
            crate::app::interop::editor_from(&request, &env.base_url)
        }
        StartRequest::Template(t) => RequestEditor::new(&t.method, &t.path, "", &t.body),
        StartRequest::Demo => RequestEditor::new(
            "POST",
            "/v1/{merchantId}/payments",
            "",
            &sim::demo_request_body(),
        ),
        StartRequest::Default => {
            RequestEditor::new("GET", "/v1/{merchantId}/services/testconnection", "", "")
        }
    };
    let theme_name = l
        .theme
        .or(cfg.theme.clone())
        .unwrap_or_else(|| "default".to_string());
    let themes_dir = config::config_dir().map(|d| d.join("themes"));
    let theme = crate::style::load(
        &theme_name,
        themes_dir.as_deref(),
        &crate::style::TermEnv::from_env(),
    );
    let (history, history_off) =
        match crate::history::open_in(config::config_dir().as_deref(), &cfg.history) {
            Ok(h) => (Some(h), None),
            Err(off) => (None, Some(off)),
        };
    let mut problems = l.problems;
    problems.extend(key_problems);
    problems.extend(theme.warnings.iter().cloned());
    if let Some(off) = history_off.as_ref().filter(|off| off.is_problem()) {
        problems.push(format!("history is off this session: {off}"));
    }
    let app = App::start(Startup {
        env,
        environments: cfg.environments.clone(),
        editor,
        settings: Settings {
            timeout: l.timeout,
            max_response: l.max_response,
            index_base: l.index_base,
            query_mode: cfg.query_mode,
            mouse: cfg.mouse,
            test_card: cfg.test_card.clone(),
            home: crate::config::home_dir(),
            config_file: config::config_dir().map(|d| d.join(config::FILE_NAME)),
        },
        keymap,
        history_off,
        problems,
        notes,
        file_requests: Vec::new(),
        webhooks_on: webhooks_on.map(|a| a.to_string()),
        webhooks_forward: l.webhooks_forward.clone(),
        clock: Box::new(crate::app::SystemClock),
        model_beside: true,
    });
    // Read by the executor like Ctrl-E's: the TUI is up while a big folder loads.
    let initial: Vec<Action> = l
        .requests
        .into_iter()
        .map(Action::OpenRequests)
        .chain(l.log.into_iter().map(Action::OpenLog))
        .collect();
    let services = super::Services {
        http,
        history,
        webhook_keys,
        webhook_forward: l.webhooks_forward,
        webhook_bad_signature_status,
        webhook_listener,
        problems: sim_problems,
    };
    let result = super::run(app, services, theme.theme, initial).await;
    if let Some(running) = simulator {
        running.shutdown().await;
    }
    result
}

/// Reports of the demo's simulator waiting for the status line.
const SIM_REPORTS: usize = 64;

/// What the status line says of a receiver started with the TUI: where, and,
/// off loopback, that other hosts can reach it.
fn listening_note(addr: SocketAddr, key: &str, demo: bool) -> String {
    let mut note = if demo {
        format!(
            "webhooks: the simulator's signed events arrive on http://{addr}/ ({key} lists them)"
        )
    } else {
        format!("webhooks: listening on http://{addr}/ ({key} lists them)")
    };
    if let Some(exposed) = webhooks::exposure(addr) {
        note.push_str(&format!(" · {exposed}"));
    }
    note
}

/// The key id the demo's simulator signs its webhooks with.
pub const DEMO_WEBHOOK_KEY_ID: &str = "cinspect-demo-webhooks";

/// The demo's simulator sends its events to the TUI's receiver, signed with a
/// secret made for this session alone (never shown; the receiver verifies with it).
fn demo_webhooks(addr: SocketAddr, keys: &mut Vec<(String, SecretSource)>) -> sim::WebhookTarget {
    let secret = Secret::new(uuid::Uuid::new_v4().simple().to_string());
    keys.push((
        DEMO_WEBHOOK_KEY_ID.to_string(),
        SecretSource::Value(secret.clone()),
    ));
    // Bound to every interface (`--webhooks 0.0.0.0:8787`): the simulator sends to loopback.
    let to = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, addr.port()))
        }
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    };
    sim::WebhookTarget {
        url: format!("http://{to}/webhooks"),
        key_id: DEMO_WEBHOOK_KEY_ID.to_string(),
        secret,
    }
}

#[cfg(test)]
mod tests {
    use super::listening_note;

    #[test]
    fn a_receiver_on_all_interfaces_is_said_to_be_reachable_from_other_hosts() {
        let all = listening_note("0.0.0.0:8787".parse().unwrap(), "Ctrl-N", false);
        assert!(all.contains("http://0.0.0.0:8787/"), "{all}");
        assert!(all.contains("reachable from other hosts"), "{all}");
        let loopback = listening_note("127.0.0.1:8787".parse().unwrap(), "Ctrl-N", true);
        assert!(!loopback.contains("reachable"), "{loopback}");
    }
}
