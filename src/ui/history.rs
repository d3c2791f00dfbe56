//! The history browser overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{history_box, list_rows};
use crate::body::printable;
use crate::connect::datetime::format_epoch_millis;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let h = app.history();
    let rect = history_box(area);
    frame.render_widget(Clear, rect);
    let keymap = app.keymap();
    let title = Line::styled(
        format!(
            " History (type to filter · {} · {} close) ",
            keymap.own_hints(Context::HISTORY).join(" · "),
            keymap.keys_in(Command::Cancel, Context::HISTORY)
        ),
        theme.title,
    );
    let status = if h.is_loading() {
        "  searching…".to_string()
    } else {
        format!(
            "  {} shown{}",
            h.rows().len(),
            if h.is_exhausted() { "" } else { "+" }
        )
    };
    let mut filter = super::filter_line(h.filter(), "", theme);
    filter.spans.push(Span::styled(status, theme.dim));
    let mut lines = vec![filter];
    let visible = list_rows(rect);
    let first = (h.selected() + 1).saturating_sub(visible);
    for (i, row) in h.rows().iter().enumerate().skip(first).take(visible) {
        // "2026-11-23 21:07:03.120 UTC" → "2026-11-23 21:07:03"
        let time = format_epoch_millis(row.time_ms);
        let time = time.get(..19).unwrap_or(&time).to_string();
        let status = row.status.map_or("---".to_string(), |s| s.to_string());
        let path = row
            .url
            .split_once("://")
            .map_or(row.url.as_str(), |(_, rest)| {
                rest.find('/').map_or(rest, |i| &rest[i..])
            });
        let mut line = Line::from(vec![
            Span::styled(format!("{time} "), theme.dim),
            Span::styled(format!("{:<8} ", printable(&row.env)), theme.key),
            Span::styled(format!("{:<6} ", printable(&row.method)), theme.method),
            Span::styled(
                format!("{status} "),
                if row.status.is_some_and(|s| s < 400) {
                    theme.status_success
                } else {
                    theme.status_client
                },
            ),
            // A webhook's path is the sender's: escaped like every byte from outside.
            Span::raw(format!("{} ", printable(path))),
            Span::styled(
                printable(&format!(
                    "{} {}",
                    row.verdict,
                    row.first_error_code.as_deref().unwrap_or("")
                ))
                .into_owned(),
                theme.dim,
            ),
        ]);
        if i == h.selected() {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    if h.rows().is_empty() && !h.is_loading() {
        lines.push(Line::styled(
            if h.filter().text().is_empty() {
                "nothing sent yet"
            } else {
                "no entry matches"
            },
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), rect);
}
