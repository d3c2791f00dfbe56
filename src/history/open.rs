//! Opening the session's history in the config directory, or saying why there
//! is none.

use std::path::Path;
use std::sync::Arc;

use super::{History, HistorySettings};

/// The history file in the config directory.
pub const FILE_NAME: &str = "history.sqlite3";

/// Why this session has no history. Only `Unusable` is a problem to report:
/// the others are the user's choice or the platform's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryOff {
    #[error("enabled = false in config.toml's [history]")]
    Disabled,
    #[error("no config directory (set CINSPECT_CONFIG_DIR)")]
    NoConfigDir,
    /// Corrupt, from a newer cinspect, unreadable: the file is left exactly as it is.
    #[error("{reason}")]
    Unusable { reason: String },
}

impl HistoryOff {
    /// Whether the user should hear about it at start-up.
    pub fn is_problem(&self) -> bool {
        !matches!(self, HistoryOff::Disabled)
    }
}

/// Opens the history for this session: off in the config, no config
/// directory, or a file that cannot be used each give their reason.
pub fn open_in(dir: Option<&Path>, settings: &HistorySettings) -> Result<Arc<History>, HistoryOff> {
    if !settings.enabled {
        return Err(HistoryOff::Disabled);
    }
    let dir = dir.ok_or(HistoryOff::NoConfigDir)?;
    History::open(&dir.join(FILE_NAME), settings.clone())
        .map(Arc::new)
        .map_err(|e| HistoryOff::Unusable {
            reason: e.to_string(),
        })
}
