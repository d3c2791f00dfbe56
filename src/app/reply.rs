//! What a component makes of a command: whether it was its own, the work it
//! asks the runtime for, and a line for the status bar.

use super::action::Effect;
use super::state::{Level, Notice};

#[derive(Debug, Default)]
pub struct Reply {
    pub handled: bool,
    pub effects: Vec<Effect>,
    pub notice: Option<Notice>,
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
            effects: Vec::new(),
        }
    }

    pub fn effects(effects: Vec<Effect>) -> Self {
        Self {
            handled: true,
            effects,
            notice: None,
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
