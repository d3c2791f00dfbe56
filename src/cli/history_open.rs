use std::path::Path;
use std::sync::Arc;

use crate::history::{History, HistorySettings};

/// The history file in the config directory.
pub const FILE_NAME: &str = "history.sqlite3";

/// Opens the history for this session, or says why there is none: off in the
/// config, no config directory, or a file that cannot be used (corrupt, from a
/// newer cinspect) — which is left exactly as it is.
pub fn open(dir: Option<&Path>, settings: &HistorySettings) -> Result<Arc<History>, String> {
    if !settings.enabled {
        return Err("enabled = false in config.toml's [history]".to_string());
    }
    let dir = dir.ok_or("no config directory (set CINSPECT_CONFIG_DIR)")?;
    History::open(&dir.join(FILE_NAME), settings.clone())
        .map(Arc::new)
        .map_err(|e| e.to_string())
}
