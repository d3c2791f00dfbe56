//! Drawing only: every function here reads the app's state and writes cells.
//! No IO, no parsing, no mutation.

mod add_environment;
mod as_sent;
mod body_editor;
mod compare;
mod completion;
mod errors;
mod help;
mod history;
mod import;
mod logs;
mod notices;
mod palette;
mod picker;
mod prompt;
mod request;
mod response;
mod status_bar;
mod text;
mod theme;
mod webhooks;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub use theme::Theme;

use crate::app::keymap::{Command, Context};
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH, centered};
use crate::app::text_input::TextInput;
use crate::app::{App, Focus, Overlay};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let panes = app.panes();
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
    match app.overlay() {
        Some(Overlay::Help(view)) => help::draw(frame, area, app, view, theme),
        Some(Overlay::Picker(picker)) => picker::draw(frame, area, app, picker, theme),
        Some(Overlay::Import(input)) => import::draw(frame, area, app, input, theme),
        Some(Overlay::History) => history::draw(frame, area, app, theme),
        Some(Overlay::Logs) => logs::draw(frame, area, app, theme),
        Some(Overlay::Prompt {
            kind,
            input,
            offered,
        }) => prompt::draw(frame, area, app, *kind, input, offered, theme),
        Some(Overlay::Webhooks) => webhooks::draw(frame, area, app, theme),
        Some(Overlay::Compare) => compare::draw(frame, area, app, theme),
        Some(Overlay::Find { path, input }) => find_prompt(frame, app, *path, input, theme),
        Some(Overlay::Notices { scroll }) => {
            notices::draw(frame, area, app, scroll.selected(), theme)
        }
        Some(Overlay::AsSent { scroll, across }) => {
            if let Some(sent) = app.last_sent() {
                as_sent::draw(frame, area, app, sent, (scroll.selected(), *across), theme);
            }
        }
        Some(Overlay::Confirm { question, then }) => {
            let verb = match then {
                crate::app::overlay::OnYes::Send(_) => "send",
                crate::app::overlay::OnYes::Quit => "quit",
                crate::app::overlay::OnYes::ReplaceRequest => "replace",
            };
            confirm(frame, area, app, question, verb, theme)
        }
        Some(Overlay::Complete(completion)) => {
            completion::draw(frame, area, app, completion, theme)
        }
        Some(Overlay::Palette(palette)) => palette::draw(frame, area, app, palette, theme),
        Some(Overlay::AddEnvironment(form)) => add_environment::draw(frame, area, app, form, theme),
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
    app.focus() == focus && app.overlay().is_none()
}

fn confirm(frame: &mut Frame, area: Rect, app: &App, question: &str, verb: &str, theme: &Theme) {
    let width = area.width.min(70);
    let rect = centered(area, width, 7);
    frame.render_widget(Clear, rect);
    let block = pane(Line::styled(" Confirm ", theme.title), true, theme);
    let text = vec![
        Line::raw(question.to_string()),
        Line::raw(""),
        Line::styled(
            format!(
                "{}: {verb}   {}: don't {verb}",
                app.keymap().keys_in(Command::Yes, Context::CONFIRM),
                [Command::No, Command::Cancel]
                    .map(|c| app.keymap().keys_in(c, Context::CONFIRM))
                    .join(", ")
            ),
            theme.hint_key,
        ),
    ];
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        rect,
    );
}

/// The search / path-filter prompt, on the response pane's bottom border.
fn find_prompt(frame: &mut Frame, app: &App, path: bool, input: &TextInput, theme: &Theme) {
    let pane = app.panes().response;
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
        Span::raw(input.text().to_string()),
    ]);
    frame.render_widget(Clear, row);
    frame.render_widget(Paragraph::new(line), row);
    let x = row.x + (label.chars().count() + input.cursor()) as u16;
    frame.set_cursor_position((x.min(row.right().saturating_sub(1)), row.y));
}

/// A filter's text with its cursor drawn as a block, or a placeholder when empty.
pub(crate) fn filter_line<'a>(input: &TextInput, placeholder: &'a str, theme: &Theme) -> Line<'a> {
    let text = input.text();
    let at = text
        .char_indices()
        .nth(input.cursor())
        .map_or(text.len(), |(i, _)| i);
    let (before, after) = text.split_at(at);
    let mut after = after.chars();
    let under = after.next().map_or(" ".to_string(), |c| c.to_string());
    let mut spans = vec![
        Span::styled("filter: ", theme.dim),
        Span::raw(before.to_string()),
        Span::styled(under, theme.cursor),
        Span::raw(after.as_str().to_string()),
    ];
    if text.is_empty() && !placeholder.is_empty() {
        spans.push(Span::styled(format!(" {placeholder}"), theme.dim));
    }
    Line::from(spans)
}
