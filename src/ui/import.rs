//! The import prompt: paste a curl command (or an .http request) and press Enter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Theme, centered, pane};

pub fn draw(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let rect = centered(area, area.width.saturating_sub(6).min(100), 12);
    frame.render_widget(Clear, rect);
    let title = Line::styled(
        " Import: paste a curl command or an .http request (Enter: import, Esc: cancel) ",
        theme.title,
    );
    let lines = if text.is_empty() {
        vec![Line::styled(
            "curl -X POST https://… -H 'Content-Type: application/json' --data-raw '{…}'",
            theme.dim,
        )]
    } else {
        // Show the end of a long paste: that is where the user is typing.
        text.lines().map(|l| Line::raw(l.to_string())).collect()
    };
    let inner_rows = rect.height.saturating_sub(2) as usize;
    let skip = lines.len().saturating_sub(inner_rows);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(title, true, theme)),
        rect,
    );
}
