//! The environment, template and copy pickers: a filter line, then the items
//! that match it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{list_rows, picker_box};
use crate::app::overlay::{Picker, PickerKind};

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
    let rect = picker_box(area, items.len());
    let visible = list_rows(rect);
    let selected = picker.selected(matches.len());
    let first = (selected + 1).saturating_sub(visible);
    let mut lines = vec![super::filter_line(picker.filter(), "type to filter", theme)];
    lines.extend(
        matches
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(row, &i)| {
                let item = &items[i];
                let name_style = if item.warn {
                    theme.env_production
                } else {
                    theme.key
                };
                let mut line = Line::from(vec![
                    Span::styled(format!(" {:<24}", item.name), name_style),
                    Span::styled(format!(" {}", item.detail), theme.dim),
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
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane(Line::styled(title, theme.title), true, theme)),
        rect,
    );
}
