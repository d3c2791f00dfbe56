//! Where cinspect's settings come from: environments, secrets, the config directory.

mod dirs;
mod environment;
mod secret;

pub use dirs::config_dir;
pub use environment::Environment;
pub use secret::Secret;
