//! "Why was I refused?": the last request exactly as it went on the wire, with
//! the signature masked, and the string to sign with its line ends shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::window_line;
use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::as_sent_box;
use crate::app::overlay::{SentRow, sent_rows};
use crate::pipeline::SentRequest;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    sent: &SentRequest,
    (scroll, across): (usize, usize),
    theme: &Theme,
) {
    let rect = as_sent_box(area);
    let inner = usize::from(rect.width.saturating_sub(2));
    let lines: Vec<Line> = sent_rows(sent)
        .into_iter()
        .map(|row| match row {
            SentRow::RequestLine { method, url } => Line::from(vec![
                Span::styled(format!("{method} "), theme.method),
                Span::raw(url),
            ]),
            SentRow::Header { name, value } => Line::from(vec![
                Span::styled(format!("{name}: "), theme.key),
                Span::raw(value),
            ]),
            SentRow::Blank => Line::raw(""),
            SentRow::SignedTitle => Line::styled(
                "String to sign (each line ends with \\n, shown as ⏎):",
                theme.title,
            ),
            SentRow::Signed { text, newline } => {
                let mut spans = vec![Span::raw(text)];
                if newline {
                    spans.push(Span::styled("⏎", theme.dim));
                }
                Line::from(spans)
            }
            SentRow::Unsigned => Line::styled(
                "Not signed by cinspect: the Authorization header was written by hand.",
                theme.warning,
            ),
            SentRow::Body { bytes } => {
                Line::styled(format!("Body: {bytes} bytes (not signed)"), theme.dim)
            }
        })
        // Never wrapped: a signature mismatch hides in a line's end.
        .map(|line| window_line(line, across, inner, theme.dim))
        .collect();
    frame.render_widget(Clear, rect);
    let keymap = app.keymap();
    let title = Line::styled(
        format!(
            " Last request as sent ({}, {} closes, ↑/↓ ←/→ scroll) ",
            keymap.keys_in(Command::ShowAsSent, Context::SCROLL),
            keymap.keys_in(Command::Cancel, Context::SCROLL)
        ),
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
