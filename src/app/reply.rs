//! What a component makes of its input: whether it was its own, the work it
//! asks the runtime for, a line for the status bar, and what it asks of the
//! app (to open what was chosen, to stop a read).

use std::sync::Arc;

use super::action::Effect;
use super::state::{Level, Notice};
use crate::webhooks::Received;

#[derive(Debug, Default)]
pub struct Reply {
    pub handled: bool,
    pub effects: Vec<Effect>,
    pub notice: Option<Notice>,
    pub ask: Option<Ask>,
}

/// What a component asks of the app, which alone can do it (it changes
/// what the panes show, or needs another feature).
#[derive(Debug, Clone)]
pub enum Ask {
    /// The log browser's chosen exchange, into the panes.
    OpenChosenLog,
    /// The log browser was left while it read: stop the read.
    StopLogRead,
    /// The chosen webhook into the response viewer (none chosen: say so).
    OpenWebhook(Option<Arc<Received>>),
    /// The chosen webhook delivered to the app again.
    Redeliver(Option<Arc<Received>>),
    /// From the comparison's request difference under the cursor to its place in the editor.
    CompareToEditor,
    /// A side of the comparison in the response viewer.
    CompareShow(crate::diff::Which),
    /// The comparison copied as markdown.
    CompareCopy,
}

impl Reply {
    /// Not this component's command.
    pub fn ignored() -> Self {
        Self::default()
    }

    pub fn done() -> Self {
        Self {
            handled: true,
            ..Self::default()
        }
    }

    pub fn info(text: impl Into<String>) -> Self {
        Self::say(Level::Info, text)
    }

    pub fn say(level: Level, text: impl Into<String>) -> Self {
        Self {
            handled: true,
            notice: Some(Notice {
                level,
                text: text.into(),
            }),
            ..Self::default()
        }
    }

    pub fn effects(effects: Vec<Effect>) -> Self {
        Self {
            handled: true,
            effects,
            ..Self::default()
        }
    }

    pub fn asking(ask: Ask) -> Self {
        Self {
            handled: true,
            ask: Some(ask),
            ..Self::default()
        }
    }

    pub fn with_notice(mut self, level: Level, text: impl Into<String>) -> Self {
        self.notice = Some(Notice {
            level,
            text: text.into(),
        });
        self
    }

    pub fn with_effect(mut self, effect: Effect) -> Self {
        self.effects.push(effect);
        self
    }
}
