//! "Why was I refused?": the last request exactly as it went on the wire, with
//! the signature masked, and the string to sign with its line ends shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::SentRequest;

pub fn draw(frame: &mut Frame, area: Rect, sent: &SentRequest, scroll: usize, theme: &Theme) {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", sent.method), theme.method),
        Span::raw(sent.url.clone()),
    ])];
    for (name, value) in &sent.headers {
        lines.push(Line::from(vec![
            Span::styled(format!("{name}: "), theme.key),
            Span::raw(value.clone()),
        ]));
    }
    lines.push(Line::raw(""));
    match &sent.string_to_sign {
        Some(sts) => {
            lines.push(Line::styled(
                "String to sign (each line ends with \\n, shown as ⏎):",
                theme.title,
            ));
            for part in sts.split_inclusive('\n') {
                let text = part.strip_suffix('\n').unwrap_or(part);
                let mut spans = vec![Span::raw(text.to_string())];
                if part.ends_with('\n') {
                    spans.push(Span::styled("⏎", theme.dim));
                }
                lines.push(Line::from(spans));
            }
        }
        None => lines.push(Line::styled(
            "Not signed by cinspect: the Authorization header was written by hand.",
            theme.warning,
        )),
    }
    if let Some(body) = &sent.body {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Body: {} bytes (not signed)", body.len()),
            theme.dim,
        ));
    }
    let rect = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, rect);
    let title = Line::styled(
        " Last request as sent (F6 or Esc closes, ↑/↓ scroll) ",
        theme.title,
    );
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane(title, true, theme))
            .scroll((scroll, 0)),
        rect,
    );
}
