//! Choosing what to send to: the environment (from config.toml, with a base
//! URL override) and a built-in template by name. One set of messages for
//! every front end.

use crate::config::{Config, Environment, UnknownEnvironment};
use crate::connect::templates::{self, Template};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Environment(#[from] UnknownEnvironment),
    #[error("--base-url {0:?} is not an http:// or https:// URL with a host")]
    BaseUrl(String),
    #[error(
        "unknown template {name:?}; known: {}, and every endpoint `cinspect explain --list` lists (payouts.create, …)",
        known.join(", ")
    )]
    Template { name: String, known: Vec<String> },
}

/// The environment named (default: the config's `environment`, else `sim`),
/// pointed at `base_url` when one is given.
pub fn environment(
    cfg: &Config,
    name: Option<&str>,
    base_url: Option<&str>,
) -> Result<Environment, ResolveError> {
    let name = name.unwrap_or(&cfg.default_environment);
    let mut env = cfg.environment(name)?.clone();
    if let Some(base) = base_url {
        if crate::config::origin_of(base).is_none() {
            return Err(ResolveError::BaseUrl(base.to_string()));
        }
        env.base_url = base.trim_end_matches('/').to_string();
    }
    Ok(env)
}

pub fn template(name: &str) -> Result<Template, ResolveError> {
    templates::find(name).ok_or_else(|| ResolveError::Template {
        name: name.to_string(),
        known: templates::names().iter().map(|n| n.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_list_the_known_ones() {
        let cfg = Config::default();
        let err = environment(&cfg, Some("nope"), None).unwrap_err();
        assert!(err.to_string().contains("sim"), "{err}");
        let err = template("nope").unwrap_err();
        assert!(err.to_string().contains("create-payment"), "{err}");
    }

    #[test]
    fn the_base_url_override_loses_its_trailing_slash() {
        let env = environment(&Config::default(), None, Some("http://127.0.0.1:1/")).unwrap();
        assert_eq!(env.base_url, "http://127.0.0.1:1");
    }
}
