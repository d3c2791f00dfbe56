//! The environment and template pickers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, centered, pane};
use crate::app::{App, PickerKind};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    kind: PickerKind,
    selected: usize,
    theme: &Theme,
) {
    let (title, items): (&str, Vec<(String, String, bool)>) = match kind {
        PickerKind::Environment => (
            " Environment (Enter: use it, Esc: keep the current one) ",
            app.environments
                .iter()
                .map(|e| (e.name.clone(), e.base_url.clone(), e.production))
                .collect(),
        ),
        PickerKind::Copy => (
            " Copy to the clipboard (OSC 52; Enter: copy, Esc: cancel) ",
            app.copy_choices()
                .into_iter()
                .map(|c| (c.label.to_string(), String::new(), false))
                .collect(),
        ),
        PickerKind::Template => (
            " Template (Enter: load it into the editor, Esc: cancel) ",
            app.templates
                .iter()
                .map(|t| {
                    (
                        t.name.to_string(),
                        format!("{} {}  {}", t.method, t.path, t.description),
                        false,
                    )
                })
                .collect(),
        ),
    };
    let width = area.width.saturating_sub(4).min(110);
    let height = (items.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centered(area, width, height);
    let visible = height.saturating_sub(2) as usize;
    let first = (selected + 1).saturating_sub(visible);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, (name, detail, production))| {
            let name_style = if *production {
                theme.env_production
            } else {
                theme.key
            };
            let mut line = Line::from(vec![
                Span::styled(format!(" {name:<24}"), name_style),
                Span::styled(format!(" {detail}"), theme.dim),
            ]);
            if i == selected {
                line = line.style(theme.selected);
            }
            line
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane(Line::styled(title, theme.title), true, theme)),
        rect,
    );
}
