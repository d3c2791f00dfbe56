//! The one interface of the panes and the list overlays: input in (a
//! command the key map resolved, or a key or text it did not), a reply out
//! (whether it was theirs, effects, a notice, and what they ask of the app).
//! `App::command` routes through it: the overlay, then the focused pane,
//! then the global commands. A component needs no app, no simulator and no
//! terminal to be tested.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};

use super::errors::ErrorsPanel;
use super::history_browser::HistoryBrowser;
use super::keymap::Command;
use super::logs::LogBrowser;
use super::reply::{Ask, Reply};
use super::response::ResponseViewer;
use super::webhooks::WebhookInbox;
use crate::pipeline::Exchange;

/// What reaches a component.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A command, and the key that gave it when a key did (a digit carries a depth).
    Command(Command, Option<&'a KeyEvent>),
    /// A key the key map did not take: typed into a filter.
    Key(&'a KeyEvent),
    /// Text pasted into a filter.
    Paste(&'a str),
}

/// What a component sees of the rest of the app.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cx<'a> {
    /// The exchange on show, if any.
    pub exchange: Option<&'a Arc<Exchange>>,
    /// Rows a page of the component's list shows.
    pub page: usize,
}

pub trait Component {
    fn handle(&mut self, input: Input<'_>, cx: &Cx<'_>) -> Reply;
}

impl Component for ResponseViewer {
    fn handle(&mut self, input: Input<'_>, cx: &Cx<'_>) -> Reply {
        let (Input::Command(command, key), Some(x)) = (input, cx.exchange) else {
            return Reply::ignored();
        };
        match (command, key.map(|k| k.code)) {
            (Command::FoldDepth, Some(KeyCode::Char(c @ '1'..='9'))) => {
                self.fold_to_depth(c as usize - '0' as usize, x)
            }
            _ => self.update(command, x),
        }
    }
}

impl Component for ErrorsPanel {
    fn handle(&mut self, input: Input<'_>, _: &Cx<'_>) -> Reply {
        match input {
            Input::Command(command, _) => self.update(command),
            _ => Reply::ignored(),
        }
    }
}

impl Component for HistoryBrowser {
    fn handle(&mut self, input: Input<'_>, cx: &Cx<'_>) -> Reply {
        Reply::effects(match input {
            // Leaving is the app's.
            Input::Command(Command::Cancel | Command::Quit, _) => return Reply::ignored(),
            Input::Command(command, _) => self.update(command, cx.page),
            Input::Key(key) => self.input(key),
            Input::Paste(text) => self.paste(text),
        })
    }
}

/// A list with a filter typed over it (the log browser, the webhooks list):
/// commands move in it, keys and pastes edit the filter.
trait FilteredRows {
    fn update(&mut self, command: Command, page: usize) -> bool;
    fn input(&mut self, key: &KeyEvent);
    fn paste(&mut self, text: &str);
}

fn filtered_list(list: &mut impl FilteredRows, input: Input<'_>, page: usize) -> Reply {
    match input {
        Input::Command(command, _) if list.update(command, page) => Reply::done(),
        Input::Command(..) => Reply::ignored(),
        Input::Key(key) => {
            list.input(key);
            Reply::done()
        }
        Input::Paste(text) => {
            list.paste(text);
            Reply::done()
        }
    }
}

impl FilteredRows for LogBrowser {
    fn update(&mut self, command: Command, page: usize) -> bool {
        LogBrowser::update(self, command, page)
    }
    fn input(&mut self, key: &KeyEvent) {
        LogBrowser::input(self, key)
    }
    fn paste(&mut self, text: &str) {
        LogBrowser::paste(self, text)
    }
}

impl FilteredRows for WebhookInbox {
    fn update(&mut self, command: Command, page: usize) -> bool {
        WebhookInbox::update(self, command, page)
    }
    fn input(&mut self, key: &KeyEvent) {
        WebhookInbox::input(self, key)
    }
    fn paste(&mut self, text: &str) {
        WebhookInbox::paste(self, text)
    }
}

impl Component for LogBrowser {
    fn handle(&mut self, input: Input<'_>, cx: &Cx<'_>) -> Reply {
        match input {
            Input::Command(Command::Accept, _) => Reply::asking(Ask::OpenChosenLog),
            // Left while it reads: the read stops (the app asks for a log again).
            Input::Command(Command::Cancel, _) if self.is_loading() => {
                Reply::asking(Ask::StopLogRead)
            }
            input => filtered_list(self, input, cx.page),
        }
    }
}

impl Component for WebhookInbox {
    fn handle(&mut self, input: Input<'_>, cx: &Cx<'_>) -> Reply {
        match input {
            Input::Command(Command::Accept, _) => {
                Reply::asking(Ask::OpenWebhook(self.chosen().cloned()))
            }
            Input::Command(Command::Send, _) => {
                Reply::asking(Ask::Redeliver(self.chosen().cloned()))
            }
            input => filtered_list(self, input, cx.page),
        }
    }
}
