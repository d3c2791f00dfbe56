//! Mouse input, when the user turned it on: click to focus a pane, to choose
//! an error (and jump to its field), or to put the body cursor; the wheel
//! scrolls what is under it.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::editor::Field;
use super::keymap::Command;
use super::layout::{gutter_width, inner};
use super::state::{App, Focus};

/// Rows the wheel moves per notch.
const WHEEL_ROWS: isize = 3;

impl App {
    pub(super) fn on_mouse(&mut self, event: MouseEvent) {
        let at = Position::new(event.column, event.row);
        let Some(focus) = self.pane_at(at) else {
            return;
        };
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.focus = focus;
                match focus {
                    Focus::Errors => self.click_error(at),
                    Focus::Request(Field::Body) => self.click_body(at),
                    _ => {}
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = matches!(event.kind, MouseEventKind::ScrollDown);
                match focus {
                    Focus::Response => {
                        for _ in 0..WHEEL_ROWS {
                            self.command(if down {
                                Command::ScrollDown
                            } else {
                                Command::ScrollUp
                            });
                        }
                    }
                    Focus::Errors => {
                        self.command(if down {
                            Command::ErrorNext
                        } else {
                            Command::ErrorPrev
                        });
                    }
                    Focus::Request(Field::Body) => {
                        let (row, col) = self.editor.body_cursor();
                        let last = self.editor.body_lines().len().saturating_sub(1);
                        let row = if down {
                            (row + WHEEL_ROWS as usize).min(last)
                        } else {
                            row.saturating_sub(WHEEL_ROWS as usize)
                        };
                        self.editor.jump_body_cursor(row, col);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn pane_at(&self, at: Position) -> Option<Focus> {
        let p = &self.chrome.panes;
        let hit = |r: Rect| r.contains(at);
        if hit(p.request_line) {
            // The method is the first eight columns of the request line.
            return Some(Focus::Request(if at.x < p.request_line.x + 8 {
                Field::Method
            } else {
                Field::Url
            }));
        }
        [
            (p.headers, Focus::Request(Field::Headers)),
            (p.body, Focus::Request(Field::Body)),
            (p.response, Focus::Response),
            (p.errors, Focus::Errors),
        ]
        .into_iter()
        .find(|(r, _)| hit(*r))
        .map(|(_, f)| f)
    }

    /// Selects the error drawn at `at` (the panel's own geometry) and jumps to it.
    fn click_error(&mut self, at: Position) {
        if let Some(i) = self.errors.entry_at(at.y) {
            self.errors.select(i);
            self.command(Command::JumpToError);
        }
    }

    fn click_body(&mut self, at: Position) {
        let area = inner(self.chrome.panes.body);
        let gutter = gutter_width(self.editor.body_lines().len());
        let (top, left) = self.editor.body_scroll();
        let row = top + at.y.saturating_sub(area.y) as usize;
        let col = left + at.x.saturating_sub(area.x + gutter) as usize;
        let last = self.editor.body_lines().len().saturating_sub(1);
        self.editor.jump_body_cursor(row.min(last), col);
    }
}
