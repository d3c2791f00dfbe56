//! The environment, template and copy pickers: a filter line, then the items
//! that match it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{PICKER_DETAIL_LINES, picker as picker_geometry};
use crate::app::overlay::{Picker, PickerKind};
use crate::app::wrap::wrap_text;
use crate::ui::text::{cut_end, shorten_middle};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, picker: &Picker, theme: &Theme) {
    let keymap = app.keymap();
    let (accept, cancel) = (
        keymap.keys_in(Command::Accept, Context::LIST),
        keymap.keys_in(Command::Cancel, Context::LIST),
    );
    let title = match picker.kind {
        PickerKind::Environment => {
            format!(" Environment ({accept}: use it, {cancel}: keep the current one) ")
        }
        PickerKind::Copy => {
            format!(" Copy to the clipboard (OSC 52; {accept}: copy, {cancel}: cancel) ")
        }
        PickerKind::Template => {
            format!(" Template ({accept}: load it into the editor, {cancel}: cancel) ")
        }
        PickerKind::Id => {
            format!(" Ids from this session's responses ({accept}: put it in, {cancel}: cancel) ")
        }
    };
    let items = app.picker_items(picker.kind);
    let matches = picker.matching(&items);
    let geometry = picker_geometry(area, &items, &matches);
    let rect = geometry.rect;
    let inner = usize::from(rect.width.saturating_sub(2));
    let name_width = geometry.name_width;
    let detail_room = inner.saturating_sub(name_width + 2);
    let selected = picker.selected(matches.len());
    let first = (selected + 1).saturating_sub(geometry.rows);
    let mut lines = vec![super::filter_line(picker.filter(), "type to filter", theme)];
    lines.extend(
        matches
            .iter()
            .enumerate()
            .skip(first)
            .take(geometry.rows)
            .map(|(row, &i)| {
                let item = &items[i];
                let name_style = if item.warn {
                    theme.env_production
                } else {
                    theme.key
                };
                let name = shorten_middle(&item.name, name_width);
                let mut line = Line::from(vec![
                    Span::styled(format!(" {name:<name_width$}"), name_style),
                    Span::styled(
                        format!(" {}", cut_end(&item.detail, detail_room)),
                        theme.dim,
                    ),
                ]);
                if row == selected {
                    line = line.style(theme.selected);
                }
                line
            }),
    );
    if matches.is_empty() {
        lines.push(Line::styled(" nothing matches", theme.dim));
    }
    if geometry.detail_rows > 0 {
        lines.push(Line::styled("─".repeat(inner), theme.dim));
        let chosen = matches.get(selected).map(|&i| &items[i]);
        let text = chosen.map_or(String::new(), |item| item.detail.clone());
        lines.extend(
            detail_lines(&text, inner.saturating_sub(2))
                .into_iter()
                .map(|l| Line::styled(format!(" {l}"), theme.dim)),
        );
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane(Line::styled(title, theme.title), true, theme)),
        rect,
    );
}

/// The selected item's detail wrapped at words in the rows under the list; the
/// last row ends in `…` if even those are not enough.
fn detail_lines(text: &str, width: usize) -> Vec<String> {
    let mut rows = wrap_text(text, width);
    if rows.len() > PICKER_DETAIL_LINES {
        rows.truncate(PICKER_DETAIL_LINES);
        if let Some(last) = rows.last_mut() {
            let kept = cut_end(last, width.saturating_sub(1));
            *last = if kept.ends_with('…') {
                kept
            } else {
                format!("{kept}…")
            };
        }
    }
    rows
}
