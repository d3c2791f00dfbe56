//! F2's form adding an environment: the file it goes to, one line per field
//! (the focused one with its cursor), what goes in the focused field, and
//! why Enter did not add it yet.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Theme, pane};
use crate::app::App;
use crate::app::add_environment::{EnvForm, FIELDS};
use crate::app::keymap::{Command, Context};
use crate::app::layout::centered;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &EnvForm, theme: &Theme) {
    let keymap = app.keymap();
    let title = format!(
        " Add an environment ({}: next field, {}: add it, {}: cancel) ",
        keymap.key_in(Command::FocusNext, Context::PROMPT),
        keymap.keys_in(Command::Accept, Context::PROMPT),
        keymap.keys_in(Command::Cancel, Context::PROMPT),
    );
    let width = area.width.saturating_sub(4).min(100);
    let rect = centered(area, width, 14);
    let label_w = FIELDS.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let mut lines = vec![
        Line::styled(
            format!(
                "to {} (comments and order kept)",
                crate::body::printable(&form.file.display().to_string())
            ),
            theme.dim,
        ),
        Line::raw(""),
    ];
    let mut cursor = None;
    for (i, ((label, _), input)) in FIELDS.iter().zip(form.fields()).enumerate() {
        let focused = i == form.at();
        let marker = if focused { "▶ " } else { "  " };
        let prefix = format!("{marker}{label:<label_w$}  ");
        if focused {
            cursor = Some((prefix.chars().count() + input.cursor(), lines.len()));
        }
        lines.push(Line::from(vec![
            Span::styled(prefix, if focused { theme.key } else { theme.dim }),
            // One cell a character (the cursor counts them), no control code drawn.
            Span::raw(
                input
                    .text()
                    .chars()
                    .map(|c| if c.is_control() { '?' } else { c })
                    .collect::<String>(),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    let (_, what) = FIELDS[form.at().min(FIELDS.len() - 1)];
    match form.problem() {
        Some(problem) => lines.push(Line::styled(problem.to_string(), theme.error)),
        None => lines.push(Line::styled(what, theme.dim)),
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(pane(
            Line::styled(title, theme.title),
            true,
            theme,
        )),
        rect,
    );
    if let Some((x, y)) = cursor {
        let x = (rect.x + 1).saturating_add(x as u16);
        let y = rect.y + 1 + y as u16;
        if x < rect.right().saturating_sub(1) && y < rect.bottom().saturating_sub(1) {
            frame.set_cursor_position((x, y));
        }
    }
}
