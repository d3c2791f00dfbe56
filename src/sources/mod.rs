//! Where exchanges come from besides the editor: the application logs of the
//! official Connect SDKs (`sdk_log`, pure: lines in, exchanges out) and the
//! files they live in (`log_file`: a path, `-` or a `.gz` opened for reading,
//! and a file followed as it grows, rotation included; `log_reread`: one
//! exchange read again from its file; `log_scan`: a log read whole, a file
//! in parts on every core; `in_order`: work on its exchanges on every core,
//! results in log order; `log_story`: an exchange at a glance, for the log
//! browser), and the team's `.http`
//! request files (`http_file`, pure: a whole file, kept byte for byte).

pub mod http_file;
pub mod in_order;
pub mod log_file;
pub mod log_reread;
pub mod log_scan;
pub mod log_story;
pub mod sdk_log;
