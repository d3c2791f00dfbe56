//! The command palette: a filter line, then each matching command with its
//! keys and help (its name dim after), the chosen one highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{list_rows, picker_box};
use crate::app::palette::Palette;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, palette: &Palette, theme: &Theme) {
    let keymap = app.keymap();
    let (accept, cancel) = (
        keymap.keys_in(Command::Accept, Context::LIST),
        keymap.keys_in(Command::Cancel, Context::LIST),
    );
    let place = palette
        .from()
        .scopes
        .first()
        .map_or("", |s| s.heading())
        .to_lowercase();
    let title = format!(" Commands in: {place} ({accept}: run it there, {cancel}: close) ");
    let entries = palette.entries();
    let matches = palette.matching();
    // As tall as what matches: the box shrinks as the filter narrows it.
    let rect = picker_box(area, matches.len().max(1));
    let visible = list_rows(rect);
    let selected = palette.selected(matches.len());
    let first = (selected + 1).saturating_sub(visible);
    // The keys' column as wide as the widest keys shown, within reason.
    let keys_width = entries
        .iter()
        .map(|e| e.keys.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let mut lines = vec![super::filter_line(
        palette.filter(),
        "type to filter (e.g. next err)",
        theme,
    )];
    lines.extend(
        matches
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(row, &i)| {
                let e = &entries[i];
                // The help on one line, cut with … where the box ends; the
                // action's name after it when there is room.
                let room = usize::from(rect.width.saturating_sub(2)).saturating_sub(keys_width + 3);
                let help = cut(e.help, room);
                let name_room = room.saturating_sub(help.chars().count() + 2);
                let name = e.command.name();
                let mut spans = vec![
                    Span::styled(format!(" {:<keys_width$}", e.keys), theme.hint_key),
                    Span::raw(format!("  {help}")),
                ];
                if name.chars().count() <= name_room {
                    spans.push(Span::styled(format!("  {name}"), theme.dim));
                }
                let mut line = Line::from(spans);
                if row == selected {
                    line = line.style(theme.selected);
                }
                line
            }),
    );
    if matches.is_empty() {
        lines.push(Line::styled(" nothing matches", theme.dim));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane(Line::styled(title, theme.title), true, theme)),
        rect,
    );
}

/// `text` whole if it has `room` characters, else cut with `…`.
fn cut(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_string();
    }
    let head: String = text.chars().take(room.saturating_sub(1)).collect();
    format!("{}…", head.trim_end())
}
