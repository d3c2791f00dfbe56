//! What frames the panes: the status line's notice, the layout for the
//! terminal's size and zoom, the spinner's time, and whether the session ends.

use std::collections::VecDeque;
use std::time::Instant;

use super::layout::Panes;
use super::state::{Level, Notice};

/// Notices kept for the notices box, the oldest dropped first.
pub const NOTICES_KEPT: usize = 200;

/// A notice as it was said, with its time (UTC, `HH:MM:SS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub at: String,
    pub level: Level,
    pub text: String,
}

#[derive(Debug)]
pub struct Chrome {
    pub notice: Option<Notice>,
    /// Every notice so far (the last `NOTICES_KEPT`), whole: the status
    /// line shows one at a time and cuts it to its width.
    pub said: VecDeque<Said>,
    pub panes: Panes,
    /// Terminal size, for the layout.
    pub size: (u16, u16),
    /// The focused pane fills the screen (for the colleague reading over a shoulder).
    pub zoomed: bool,
    /// The time the spinner is drawn for (moved by ticks while a request is in flight).
    pub now: Instant,
    pub quit: bool,
    /// The signal that ended the session, if one did.
    pub exit_signal: Option<i32>,
}

impl Chrome {
    pub fn new(notice: Option<Notice>, now: Instant, at: String) -> Self {
        let mut said = VecDeque::new();
        if let Some(n) = &notice {
            said.push_back(Said {
                at,
                level: n.level,
                text: n.text.clone(),
            });
        }
        Self {
            notice,
            said,
            panes: Panes::default(),
            size: (0, 0),
            zoomed: false,
            now,
            quit: false,
            exit_signal: None,
        }
    }

    /// Shows `notice` in the status line and keeps it for the notices box.
    pub fn say(&mut self, notice: Notice, at: String) {
        if self.said.len() == NOTICES_KEPT {
            self.said.pop_front();
        }
        self.said.push_back(Said {
            at,
            level: notice.level,
            text: notice.text.clone(),
        });
        self.notice = Some(notice);
    }
}
