//! Where cinspect's settings come from: the config directory, `config.toml`,
//! environments and their secrets.

mod add_environment;
pub mod demo;
mod dirs;
mod environment;
mod file;
mod presets;
mod secret;
mod small_file;
mod test_card;

pub use add_environment::{AddError, NewEnvironment, Place, SecretFrom, add_environment};
pub use dirs::{config_dir, home_dir};
pub use environment::{Environment, origin_of, unfilled_placeholder};
pub use file::{Config, FILE_NAME, Loaded, UnknownEnvironment, load, megabytes, parse};
pub use presets::{PRESETS, Preset, is_production_url, preset};
pub use secret::{Secret, SecretError, SecretSource};
pub use small_file::{MAX_SETTINGS_FILE, SmallFileError, read_settings_file};
pub use test_card::TestCard;
