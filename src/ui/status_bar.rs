//! The bottom line: the active environment (production in a warning colour),
//! the latest notice, and key hints from the key map.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::{App, Level};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let env_style = if app.env().production {
        theme.env_production
    } else {
        theme.env
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", app.env().name), env_style),
        Span::styled(format!(" {}  ", app.env().base_url), theme.dim),
    ];
    if let Some(notice) = app.notice() {
        let style = match notice.level {
            Level::Info => theme.info,
            Level::Warning => theme.warning,
            Level::Error => theme.error,
        };
        spans.push(Span::styled(notice.text.clone(), style));
    } else {
        for (key, help) in app.keymap().hints(app.pane_context()) {
            spans.push(Span::styled(key, theme.hint_key));
            spans.push(Span::styled(format!(" {help}  "), theme.dim));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), app.panes().status_bar);
}
