//! Everything that touches the terminal: the event loop, raw mode and its
//! restore (`session`), the lean backend that writes few bytes, OSC 52
//! copies, running `$EDITOR`, and the TUI's start-up (`launch`).

pub mod clipboard;
pub mod editor_launch;
mod event_loop;
pub mod launch;
pub mod lean_backend;
pub mod session;

pub use event_loop::{Services, run};
pub use launch::{Launch, StartRequest, launch};
