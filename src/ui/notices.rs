//! The notices box: every notice so far, whole, with its time — the status
//! line shows one at a time, cut to its width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::keymap::{Command, Context};
use crate::app::layout::{as_sent_box, text_rows};
use crate::app::{App, Level};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: &Theme) {
    let rect = as_sent_box(area);
    frame.render_widget(Clear, rect);
    let rows = app.notice_rows(usize::from(rect.width.saturating_sub(2)));
    let keymap = app.keymap();
    let title = Line::styled(
        format!(
            " Notices, newest last ({}, {} closes, ↑/↓ scroll) ",
            keymap.keys_in(Command::Notices, Context::RESPONSE),
            keymap.keys_in(Command::Cancel, Context::SCROLL)
        ),
        theme.title,
    );
    let lines: Vec<Line> = if rows.is_empty() {
        vec![Line::styled("nothing said yet", theme.dim)]
    } else {
        rows.into_iter()
            .skip(scroll)
            .take(text_rows(rect))
            .map(|(said, text)| match said {
                Some(said) => {
                    let style = match said.level {
                        Level::Info => theme.info,
                        Level::Warning => theme.warning,
                        Level::Error => theme.error,
                    };
                    Line::from(vec![
                        Span::styled(format!("{} ", said.at), theme.dim),
                        Span::styled(text, style),
                    ])
                }
                None => Line::raw(format!("{:9}{text}", "")),
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), rect);
}
