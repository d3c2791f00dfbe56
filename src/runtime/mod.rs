//! The runtime beside the event loop: it runs the app's effects (sends,
//! history, log and `.http` reads and writes, comparisons, the webhook receiver) as tokio
//! tasks and blocking jobs that report back as actions. The app decides;
//! this does the IO. The TUI and the headless tests use the same executor.

mod compare_tasks;
pub mod dir_list;
mod executor;
mod log_tasks;

pub use executor::{Executor, WEBHOOK_BATCH};
