//! `config.toml` in the config directory: environments, defaults. A broken
//! file never stops cinspect: the problems are reported (file, line, column)
//! and the built-in defaults are used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::environment::Environment;
use super::presets::{PRESETS, is_production_url, preset};
use super::secret::SecretSource;
use crate::connect::sign::QueryMode;
use crate::history::{HistorySettings, parse_age};
use crate::locate::IndexBase;

pub const FILE_NAME: &str = "config.toml";
const DEFAULT_SIM_URL: &str = "http://127.0.0.1:7878";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// The environment the TUI and `send` use without --env.
    environment: Option<String>,
    index_base: Option<String>,
    timeout_seconds: Option<u64>,
    /// Past this a response download stops and the part received is kept (default 256).
    max_response_mb: Option<u64>,
    /// How long a `secret_command` may run before it is killed (default 10).
    secret_timeout_seconds: Option<u64>,
    /// "decoded" (Java, Go, .NET SDKs) or "as-sent" (Python, Ruby, PHP, Node SDKs).
    query_signing: Option<String>,
    /// Capture the mouse (off by default: it breaks text selection over SSH).
    mouse: Option<bool>,
    theme: Option<String>,
    history: Option<RawHistory>,
    #[serde(default)]
    environments: BTreeMap<String, RawEnvironment>,
    /// Action → keys, e.g. `send = ["F5", "Ctrl-R"]`.
    #[serde(default)]
    keys: BTreeMap<String, KeysValue>,
    webhooks: Option<RawWebhooks>,
    /// The card a masked body is filled from (Ctrl-F).
    test_card: Option<super::TestCard>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhooks {
    /// `[webhooks.keys.KEY_ID]` with `secret_env` or `secret_command`.
    #[serde(default)]
    keys: BTreeMap<String, RawWebhookKey>,
    /// What the receiver answers an event that fails verification (default 401).
    bad_signature_status: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhookKey {
    secret_env: Option<String>,
    secret_command: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    enabled: Option<bool>,
    max_entries: Option<usize>,
    /// Webhooks received, kept apart from the exchanges.
    max_webhook_entries: Option<usize>,
    /// e.g. "90d", "12h", "2w".
    max_age: Option<String>,
    body_cap_mb: Option<u64>,
    /// Extra JSON field names whose values are never stored.
    #[serde(default)]
    redact_fields: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeysValue {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnvironment {
    preset: Option<String>,
    base_url: Option<String>,
    merchant_id: String,
    api_key_id: String,
    integrator: Option<String>,
    secret_env: Option<String>,
    secret_command: Option<String>,
    client_meta_info: Option<String>,
    production: Option<bool>,
    /// Origins besides base_url that requests may go to, unsigned.
    #[serde(default)]
    allowed_origins: Vec<String>,
}

/// The settings in effect.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built-in `sim` first, then the file's in name order.
    pub environments: Vec<Environment>,
    pub default_environment: String,
    pub index_base: IndexBase,
    pub timeout: Duration,
    /// Bytes of a response body kept at most (`max_response_mb`).
    pub max_response: usize,
    pub query_mode: QueryMode,
    /// `[keys]` entries, applied to the default key map by the TUI.
    pub key_overrides: Vec<(String, Vec<String>)>,
    pub mouse: bool,
    /// The theme name (built in, or `<config dir>/themes/<name>.toml`).
    pub theme: Option<String>,
    pub history: HistorySettings,
    /// Webhook key ids and where their secrets come from (`[webhooks.keys.ID]`).
    pub webhook_keys: Vec<(String, SecretSource)>,
    /// The card a masked body is filled from (`[test_card]`).
    pub test_card: super::TestCard,
    /// The status the receiver answers an event that fails verification with, when it does
    /// not forward (`[webhooks] bad_signature_status`, 401).
    pub webhook_bad_signature_status: u16,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            environments: vec![Environment::simulator(DEFAULT_SIM_URL)],
            default_environment: "sim".to_string(),
            index_base: IndexBase::Auto,
            timeout: Duration::from_secs(30),
            max_response: crate::pipeline::DEFAULT_MAX_RESPONSE,
            query_mode: QueryMode::Decoded,
            key_overrides: Vec::new(),
            mouse: false,
            theme: None,
            history: HistorySettings::default(),
            webhook_keys: Vec::new(),
            test_card: super::TestCard::default(),
            webhook_bad_signature_status: crate::connect::webhook::BAD_SIGNATURE_STATUS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown environment {name:?}; known: {}", known.join(", "))]
pub struct UnknownEnvironment {
    pub name: String,
    pub known: Vec<String>,
}

impl Config {
    pub fn environment(&self, name: &str) -> Result<&Environment, UnknownEnvironment> {
        self.environments
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| UnknownEnvironment {
                name: name.to_string(),
                known: self.environments.iter().map(|e| e.name.clone()).collect(),
            })
    }
}

/// A config and what was wrong with the file, if anything.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub problems: Vec<String>,
    pub path: Option<PathBuf>,
}

/// Reads `<dir>/config.toml`; a missing file is not a problem.
pub fn load(dir: Option<&Path>) -> Loaded {
    let Some(dir) = dir else {
        return Loaded {
            problems: vec!["no config directory (set CINSPECT_CONFIG_DIR)".to_string()],
            ..Loaded::default()
        };
    };
    let path = dir.join(FILE_NAME);
    let text = match super::read_settings_file(&path) {
        Ok(text) => text,
        Err(super::SmallFileError::Missing) => {
            return Loaded {
                path: Some(path),
                ..Loaded::default()
            };
        }
        Err(e) => {
            return Loaded {
                problems: vec![format!("{}: {e}; using defaults", path.display())],
                path: Some(path),
                ..Loaded::default()
            };
        }
    };
    let (config, problems) = parse(&text, &path);
    Loaded {
        config,
        problems,
        path: Some(path),
    }
}

/// Parses the text of a config file. Never fails: what cannot be used is
/// reported and left out.
pub fn parse(text: &str, path: &Path) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let place = e
                .span()
                .map(|s| line_column(text, s.start))
                .map_or(String::new(), |(l, c)| format!(":{l}:{c}"));
            let message = e.message().trim().to_string();
            return (
                config,
                vec![format!(
                    "{}{place}: {message}; using defaults",
                    path.display()
                )],
            );
        }
    };
    let mut problems = Vec::new();
    let file = path.display();
    for (name, env) in raw.environments {
        let secret_timeout = Duration::from_secs(
            raw.secret_timeout_seconds
                .unwrap_or(super::secret::DEFAULT_TIMEOUT.as_secs())
                .max(1),
        );
        match environment(&name, env, secret_timeout) {
            Ok(env) => config.environments.push(env),
            Err(problem) => problems.push(format!("{file}: environment {name:?}: {problem}")),
        }
    }
    if let Some(base) = raw.index_base {
        match base.parse() {
            Ok(b) => config.index_base = b,
            Err(_) => problems.push(format!("{file}: index_base {base:?} is not auto, 0 or 1")),
        }
    }
    match raw.query_signing.as_deref() {
        None | Some("decoded") => {}
        Some("as-sent") => config.query_mode = QueryMode::AsSent,
        Some(other) => problems.push(format!(
            "{file}: query_signing {other:?} is not \"decoded\" or \"as-sent\""
        )),
    }
    config.theme = raw.theme;
    if let Some(h) = raw.history {
        let mut settings = HistorySettings::default();
        if let Some(enabled) = h.enabled {
            settings.enabled = enabled;
        }
        if let Some(n) = h.max_entries {
            settings.max_entries = (n > 0).then_some(n);
        }
        if let Some(n) = h.max_webhook_entries {
            settings.max_webhook_entries = (n > 0).then_some(n);
        }
        if let Some(age) = h.max_age {
            match parse_age(&age) {
                Ok(d) => settings.max_age = Some(d),
                Err(e) => problems.push(format!("{file}: [history] max_age: {e}")),
            }
        }
        if let Some(mb) = h.body_cap_mb {
            settings.body_cap = (mb.max(1) as usize) * 1024 * 1024;
        }
        settings.redact_fields.extend(h.redact_fields);
        config.history = settings;
    }
    config.mouse = raw.mouse.unwrap_or(false);
    if let Some(card) = raw.test_card {
        config.test_card = card;
    }
    config.key_overrides = raw
        .keys
        .into_iter()
        .map(|(action, keys)| match keys {
            KeysValue::One(key) => (action, vec![key]),
            KeysValue::Many(keys) => (action, keys),
        })
        .collect();
    if let Some(seconds) = raw.timeout_seconds {
        config.timeout = Duration::from_secs(seconds.max(1));
    }
    if let Some(mb) = raw.max_response_mb {
        config.max_response = megabytes(mb);
    }
    let secret_timeout = Duration::from_secs(
        raw.secret_timeout_seconds
            .unwrap_or(super::secret::DEFAULT_TIMEOUT.as_secs())
            .max(1),
    );
    let (webhook_keys, bad_signature_status) = raw
        .webhooks
        .map(|w| (w.keys, w.bad_signature_status))
        .unwrap_or_default();
    match bad_signature_status {
        None => {}
        Some(s) if crate::connect::webhook::BAD_SIGNATURE_STATUSES.contains(&s) => {
            config.webhook_bad_signature_status = s;
        }
        Some(s) => problems.push(format!(
            "{file}: [webhooks] bad_signature_status {s} is not an HTTP status from 200 to 599; \
             using {}",
            config.webhook_bad_signature_status
        )),
    }
    for (id, key) in webhook_keys {
        match (key.secret_env, key.secret_command) {
            (Some(var), None) => config.webhook_keys.push((id, SecretSource::Env(var))),
            (None, Some(command)) => config.webhook_keys.push((
                id,
                SecretSource::Command {
                    command,
                    timeout: secret_timeout,
                },
            )),
            _ => problems.push(format!(
                "{file}: [webhooks.keys.{id}]: set secret_env or secret_command (one of them)"
            )),
        }
    }
    if let Some(name) = raw.environment {
        if config.environment(&name).is_ok() {
            config.default_environment = name;
        } else {
            problems.push(format!(
                "{file}: environment = {name:?} is not defined; using sim"
            ));
        }
    }
    (config, problems)
}

/// `mb` megabytes in bytes, at least one megabyte.
pub fn megabytes(mb: u64) -> usize {
    usize::try_from(mb.max(1))
        .unwrap_or(usize::MAX / (1 << 20))
        .saturating_mul(1 << 20)
}

fn environment(
    name: &str,
    raw: RawEnvironment,
    secret_timeout: Duration,
) -> Result<Environment, String> {
    if name == "sim" {
        return Err("the name sim is built in (the simulator); choose another".to_string());
    }
    let (base_url, preset_production) = match (&raw.preset, &raw.base_url) {
        (Some(_), Some(_)) => return Err("set preset or base_url, not both".to_string()),
        (Some(p), None) => {
            let p = preset(p).ok_or_else(|| {
                let known: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
                format!("unknown preset {p:?} (known: {})", known.join(", "))
            })?;
            (p.base_url.to_string(), p.production)
        }
        (None, Some(url)) => {
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || super::origin_of(url).is_none()
            {
                return Err(format!(
                    "base_url {url:?} must be an https:// or http:// URL with a host (and a port from 1 to 65535)"
                ));
            }
            (
                url.trim_end_matches('/').to_string(),
                is_production_url(url),
            )
        }
        (None, None) => return Err("needs preset (e.g. \"sandbox\") or base_url".to_string()),
    };
    let secret = match (raw.secret_env, raw.secret_command) {
        (Some(_), Some(_)) => return Err("set secret_env or secret_command, not both".to_string()),
        (Some(var), None) => SecretSource::Env(var),
        (None, Some(command)) => SecretSource::Command {
            command,
            timeout: secret_timeout,
        },
        (None, None) => SecretSource::Missing,
    };
    let mut allowed_origins = Vec::with_capacity(raw.allowed_origins.len());
    for url in &raw.allowed_origins {
        let origin = super::origin_of(url).ok_or_else(|| {
            format!("allowed_origins: {url:?} is not an http:// or https:// origin")
        })?;
        allowed_origins.push(origin);
    }
    Ok(Environment {
        name: name.to_string(),
        base_url,
        merchant_id: raw.merchant_id,
        api_key_id: raw.api_key_id,
        integrator: raw.integrator.unwrap_or_default(),
        secret,
        client_meta_info: raw.client_meta_info,
        production: raw.production.unwrap_or(preset_production),
        allowed_origins,
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Config, Vec<String>) {
        parse(text, Path::new("/cfg/config.toml"))
    }

    #[test]
    fn environments_from_presets_and_urls() {
        let (config, problems) = parse_str(
            r#"
environment = "sandbox"
index_base = "1"
timeout_seconds = 10
query_signing = "as-sent"

[environments.sandbox]
preset = "sandbox"
merchant_id = "1234"
api_key_id = "KEY"
integrator = "Acme"
secret_env = "CONNECT_SECRET"

[environments.live]
base_url = "https://api.connect.worldline-solutions.com/"
merchant_id = "1"
api_key_id = "K"
secret_command = "pass show connect/live"
"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.default_environment, "sandbox");
        assert_eq!(config.index_base, IndexBase::One);
        assert_eq!(config.timeout, Duration::from_secs(10));
        assert_eq!(config.query_mode, QueryMode::AsSent);
        let sandbox = config.environment("sandbox").expect("defined");
        assert_eq!(sandbox.base_url, "https://eu.sandbox.api-ingenico.com");
        assert_eq!(sandbox.secret, SecretSource::Env("CONNECT_SECRET".into()));
        assert!(!sandbox.production);
        let live = config.environment("live").expect("defined");
        assert!(live.production, "a production host is production");
        assert_eq!(live.base_url, "https://api.connect.worldline-solutions.com");
        assert!(config.environment("sim").is_ok(), "sim is always there");
    }

    #[test]
    fn a_bad_signature_status_is_401_unless_set_to_a_final_status() {
        assert_eq!(parse_str("").0.webhook_bad_signature_status, 401);
        let (config, problems) = parse_str("[webhooks]\nbad_signature_status = 200\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.webhook_bad_signature_status, 200);
        let (config, problems) = parse_str("[webhooks]\nbad_signature_status = 99\n");
        assert_eq!(config.webhook_bad_signature_status, 401);
        assert!(
            problems[0].contains("[webhooks] bad_signature_status 99 is not an HTTP status"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_syntax_error_names_file_line_and_column_and_keeps_defaults() {
        let (config, problems) =
            parse_str("timeout_seconds = 10\n[environments.x\nmerchant_id = 1\n");
        assert_eq!(config.default_environment, "sim");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("/cfg/config.toml:2:"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_bad_environment_is_reported_and_left_out() {
        let (config, problems) = parse_str(
            "[environments.a]\npreset = \"sandbx\"\nmerchant_id = \"1\"\napi_key_id = \"k\"\n\n[environments.b]\npreset = \"preprod\"\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret_env = \"S\"\n",
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("\"a\"") && p.contains("unknown preset")),
            "{problems:?}"
        );
        assert!(config.environment("a").is_err());
        assert!(config.environment("b").is_ok());
    }

    #[test]
    fn unknown_keys_are_errors_not_silently_ignored() {
        let (_, problems) = parse_str(
            "[environments.a]\npreset = \"sandbox\"\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret = \"oops\"\n",
        );
        assert!(problems[0].contains("secret"), "{problems:?}");
    }

    #[test]
    fn history_settings_are_read() {
        let (config, problems) = parse_str(
            "[history]\nmax_entries = 500\nmax_age = \"30d\"\nbody_cap_mb = 1\nredact_fields = [\"iban\"]\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.history.max_entries, Some(500));
        assert_eq!(
            config.history.max_age,
            Some(Duration::from_secs(30 * 86_400))
        );
        assert_eq!(config.history.body_cap, 1024 * 1024);
        assert!(config.history.redact_fields.iter().any(|f| f == "iban"));
        let (_, problems) = parse_str("[history]\nmax_age = \"soon\"\n");
        assert!(problems[0].contains("max_age"), "{problems:?}");
    }

    #[test]
    fn keys_take_one_key_or_a_list() {
        let (config, problems) =
            parse_str("[keys]\nsend = \"F12\"\nquit = [\"Ctrl-Q\", \"F10\"]\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            config.key_overrides,
            vec![
                (
                    "quit".to_string(),
                    vec!["Ctrl-Q".to_string(), "F10".to_string()]
                ),
                ("send".to_string(), vec!["F12".to_string()])
            ]
        );
    }

    #[test]
    fn unknown_environment_lists_the_known_ones() {
        let err = Config::default().environment("prod").expect_err("unknown");
        assert_eq!(err.to_string(), "unknown environment \"prod\"; known: sim");
    }
}
