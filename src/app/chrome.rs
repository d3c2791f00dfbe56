//! What frames the panes: the status line's notice, the layout for the
//! terminal's size and zoom, the spinner's time, and whether the session ends.

use std::time::Instant;

use super::layout::Panes;
use super::state::Notice;

#[derive(Debug)]
pub struct Chrome {
    pub notice: Option<Notice>,
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
    pub fn new(notice: Option<Notice>, now: Instant) -> Self {
        Self {
            notice,
            panes: Panes::default(),
            size: (0, 0),
            zoomed: false,
            now,
            quit: false,
            exit_signal: None,
        }
    }
}
