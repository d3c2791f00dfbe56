//! cinspect: a terminal inspector for the Ingenico Connect Server API.
//!
//! Data flows one way: `connect` and `locate` know what the API means and
//! where its errors point (pure); `http` talks to it; `sim` imitates it; `app`
//! holds the state and turns actions into new state and effects; `ui` draws.

pub mod app;
pub mod body;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod connect;
pub mod editor_launch;
pub mod history;
pub mod http;
pub mod interop;
pub mod lean_backend;
pub mod locate;
pub mod sim;
pub mod style;
pub mod templates;
pub mod terminal;
pub mod tui;
pub mod ui;
pub mod viewer;
