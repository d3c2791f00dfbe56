use std::path::PathBuf;

/// The user config directory: `CINSPECT_CONFIG_DIR` when set (tests, portable
/// setups), else the platform's (e.g. `~/.config/cinspect`).
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CINSPECT_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "cinspect").map(|p| p.config_dir().to_path_buf())
}

/// The user's home folder (`~` in a path typed into the TUI).
pub fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
}
