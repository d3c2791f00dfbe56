//! Drawing only: every function here reads the app's state and writes cells.
//! No IO, no parsing, no mutation.

mod as_sent;
mod body_editor;
mod errors;
mod help;
mod history;
mod import;
mod picker;
mod request;
mod response;
mod status_bar;
mod text;
mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub use theme::Theme;

use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Focus, Overlay};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let panes = &app.panes;
    let area = frame.area();
    if panes.too_small {
        let text = format!(
            "terminal too small: {}x{}, cinspect needs at least {MIN_WIDTH}x{MIN_HEIGHT}",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.warning)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    request::draw(frame, app, theme);
    body_editor::draw(frame, app, theme);
    response::draw(frame, app, theme);
    errors::draw(frame, app, theme);
    status_bar::draw(frame, app, theme);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, area, app, *scroll, theme),
        Some(Overlay::Picker { kind, selected }) => {
            picker::draw(frame, area, app, *kind, *selected, theme)
        }
        Some(Overlay::Import { text }) => import::draw(frame, area, text, theme),
        Some(Overlay::History) => history::draw(frame, area, app, theme),
        Some(Overlay::Find { path, text }) => find_prompt(frame, app, *path, text, theme),
        Some(Overlay::AsSent { scroll }) => {
            if let Some(sent) = &app.last_sent {
                as_sent::draw(frame, area, sent, *scroll, theme);
            }
        }
        Some(Overlay::Confirm { question, .. }) => confirm(frame, area, question, theme),
        None => {}
    }
}

/// A bordered box whose border shows whether it has focus.
pub(crate) fn pane<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(title)
}

pub(crate) fn is_focused(app: &App, focus: Focus) -> bool {
    app.focus == focus && app.overlay.is_none()
}

fn confirm(frame: &mut Frame, area: Rect, question: &str, theme: &Theme) {
    let width = area.width.min(70);
    let rect = centered(area, width, 7);
    frame.render_widget(Clear, rect);
    let block = pane(Line::styled(" Confirm ", theme.title), true, theme);
    let text = vec![
        Line::raw(question.to_string()),
        Line::raw(""),
        Line::styled("y: send   n / Esc: don't send", theme.hint_key),
    ];
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        rect,
    );
}

/// The search / path-filter prompt, on the response pane's bottom border.
fn find_prompt(frame: &mut Frame, app: &App, path: bool, text: &str, theme: &Theme) {
    let pane = app.panes.response;
    if pane.height < 2 {
        return;
    }
    let row = Rect {
        x: pane.x + 1,
        y: pane.bottom() - 1,
        width: pane.width.saturating_sub(2),
        height: 1,
    };
    let label = if path {
        "path (e.g. errors[0].code): "
    } else {
        "/"
    };
    let line = Line::from(vec![
        Span::styled(label, theme.key),
        Span::raw(text.to_string()),
    ]);
    frame.render_widget(Clear, row);
    frame.render_widget(Paragraph::new(line), row);
    let x = row.x + (label.chars().count() + text.chars().count()) as u16;
    frame.set_cursor_position((x.min(row.right().saturating_sub(1)), row.y));
}

pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
