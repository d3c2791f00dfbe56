//! The import prompt: paste a curl command (or an .http request) and press Enter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{import_box, text_rows};
use crate::app::text_input::TextInput;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, input: &TextInput, theme: &Theme) {
    let rect = import_box(area);
    frame.render_widget(Clear, rect);
    let keymap = app.keymap();
    let title = Line::styled(
        format!(
            " Import: paste a curl command or an .http request ({}: import, {}: cancel) ",
            keymap.keys_in(Command::Accept, Context::PROMPT),
            keymap.keys_in(Command::Cancel, Context::PROMPT)
        ),
        theme.title,
    );
    let text = input.text();
    let lines = if text.is_empty() {
        vec![Line::styled(
            "curl -X POST https://… -H 'Content-Type: application/json' --data-raw '{…}'",
            theme.dim,
        )]
    } else {
        // Show the end of a long paste: that is where the user is typing.
        text.lines().map(|l| Line::raw(l.to_string())).collect()
    };
    let skip = lines.len().saturating_sub(text_rows(rect));
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(title, true, theme)),
        rect,
    );
}
