//! The help overlay, generated from the key map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, centered, pane};
use crate::app::App;
use crate::app::keymap::Scope;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: &Theme) {
    let mut lines = Vec::new();
    for scope in Scope::ALL {
        lines.push(Line::styled(scope.heading(), theme.title));
        for b in app.keymap.bindings().iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keys.join(", ")), theme.hint_key),
                Span::raw(b.help),
            ]));
        }
    }

    let rect = centered(area, 78, lines.len() as u16 + 2);
    let visible = rect.height.saturating_sub(2) as usize;
    // Never scroll past the last line; short terminals scroll with ↑/↓.
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let more = if lines.len() > visible {
        " ↑/↓ scroll,"
    } else {
        ""
    };
    let title = format!(" Keys ({more} Esc, F1 or q closes) ");
    frame.render_widget(Clear, rect);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    let block = pane(Line::styled(title, theme.title), true, theme);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}
