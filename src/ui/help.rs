//! The help overlay, generated from the key map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, centered, pane};
use crate::app::keymap::{BINDINGS, Scope};

pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut lines = Vec::new();
    for (scope, heading) in [
        (Scope::Global, "Everywhere"),
        (Scope::NotTyping, "Outside text fields"),
        (Scope::Method, "Method"),
        (Scope::Response, "Response pane"),
        (Scope::Errors, "Errors panel"),
    ] {
        lines.push(Line::styled(heading, theme.title));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keys.join(", ")), theme.hint_key),
                Span::raw(b.help),
            ]));
        }
    }
    lines.push(Line::styled("Esc, F1 or q closes this help", theme.dim));
    let rect = centered(area, 78, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane(Line::styled(" Keys ", theme.title), true, theme)),
        rect,
    );
}
