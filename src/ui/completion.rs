//! The completion list, hanging below the word being completed in the body:
//! the field names (with their kinds, deprecated ones marked) or values the
//! API's model allows there, the chosen one highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::editor::{COMPLETION_ROWS, Completion};
use crate::app::keymap::{Command, Context};
use crate::app::layout::{completion_box, gutter_width, inner};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, completion: &Completion, theme: &Theme) {
    let body = inner(app.panes().body);
    let (top, left) = app.editor().body_scroll();
    let (row, col) = completion.anchor();
    let gutter = gutter_width(app.editor().body_lines().len());
    let x = body.x + gutter + col.saturating_sub(left) as u16;
    let y = body.y + row.saturating_sub(top) as u16;
    let names = completion
        .rows()
        .map(|(n, _, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    let details = completion
        .rows()
        .map(|(_, d, deprecated)| d.chars().count() + if deprecated { 13 } else { 0 })
        .max()
        .unwrap_or(0);
    let keys = app.keymap();
    let footer = format!(
        " {} takes it · {} ",
        keys.key_in(Command::Accept, Context::LIST),
        keys.key_in(Command::Cancel, Context::LIST)
    );
    let title = format!(" {} ", completion.title());
    let width = (names + 3 + details)
        .max(title.chars().count() + 2)
        .max(footer.chars().count() + 2)
        .min(64);
    let shown = completion.len().min(COMPLETION_ROWS);
    let rect = completion_box(area, (x, y), shown, width);
    let visible = rect.height.saturating_sub(2) as usize;
    let first = (completion.selected() + 1).saturating_sub(visible.max(1));
    let lines: Vec<Line> = completion
        .rows()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, (name, detail, deprecated))| {
            let mut spans = vec![
                Span::styled(
                    format!(" {name:<names$} "),
                    if deprecated { theme.dim } else { theme.key },
                ),
                Span::styled(detail.to_owned(), theme.dim),
            ];
            if deprecated {
                spans.push(Span::styled(" · deprecated", theme.warning));
            }
            let line = Line::from(spans);
            if i == completion.selected() {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Clear, rect);
    let block = pane(Line::styled(title, theme.title), true, theme)
        .title_bottom(Line::styled(footer, theme.dim));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
