//! The help overlay: the key map's rows, and a title naming the keys that
//! close it, both from the key map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{help_box, text_rows};
use crate::app::overlay::{HelpRow, help_rows};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: &Theme) {
    let rows = help_rows(app.keymap());
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| match row {
            HelpRow::Heading(h) => Line::styled(*h, theme.title),
            HelpRow::Binding { keys, help } => Line::from(vec![
                Span::styled(format!("  {keys:<22} "), theme.hint_key),
                Span::raw(*help),
            ]),
        })
        .collect();
    let rect = help_box(area, lines.len());
    let visible = text_rows(rect);
    let more = if lines.len() > visible {
        " ↑/↓ scroll,"
    } else {
        ""
    };
    let keymap = app.keymap();
    let mut closers = keymap.keys_in(Command::Cancel, Context::SCROLL);
    let help = keymap.keys_in(Command::Help, Context::SCROLL);
    if !help.is_empty() {
        closers = format!("{closers}, {help}");
    }
    let title = format!(" Keys ({more} {closers} closes) ");
    frame.render_widget(Clear, rect);
    let scroll = u16::try_from(scroll.min(lines.len().saturating_sub(visible))).unwrap_or(u16::MAX);
    let block = pane(Line::styled(title, theme.title), true, theme);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}
