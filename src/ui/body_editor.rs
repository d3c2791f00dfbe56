//! The JSON body editor: line numbers, a gutter mark on every line an error
//! points into, JSON colours, the cursor, and the selected error's value
//! highlighted.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{LineStyle, styled_line};
use super::{Theme, is_focused, pane};
use crate::app::editor::Field;
use crate::app::layout::{gutter_width, inner};
use crate::app::{App, Focus};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let focused = is_focused(app, Focus::Request(Field::Body));
    let lines = app.editor().body_lines();
    let (cursor_row, cursor_col) = app.editor().body_cursor();
    // No line:column in the title: it would repaint on every keystroke, and
    // over a slow link every byte counts. The gutter has the line number.
    let mut title = match app.request_source() {
        Some(fr) => {
            let modified = if app.is_modified() { ", modified" } else { "" };
            Line::styled(
                format!(" Body · {}{modified} ", crate::body::printable(&fr.label())),
                theme.title,
            )
        }
        None => Line::styled(" Body ", theme.title),
    };
    // Only while the body is not JSON: valid typing writes nothing here.
    if let Some(problem) = app.json_problem() {
        title.spans.push(Span::styled(
            format!("not JSON at {} ", crate::body::printable(problem)),
            theme.warning,
        ));
    }
    let mut block = pane(title, focused, theme);
    // The field at the cursor, from the API's model: written only when it changes.
    if focused && let Some(line) = app.editor().model().at_cursor() {
        let room = (app.panes().body.width as usize).saturating_sub(4);
        block = block.title_bottom(Line::styled(fit(line, room), theme.dim));
    }
    frame.render_widget(block, app.panes().body);
    let area = inner(app.panes().body);
    let gutter = gutter_width(lines.len());
    let text_width = area.width.saturating_sub(gutter) as usize;
    let (top, left) = app.editor().body_scroll();
    let selection = app.editor().body_selection();

    let rows: Vec<Line> = (top..lines.len())
        .take(area.height as usize)
        .map(|row| {
            let marked = app.errors().marked_rows().contains(&row);
            // A line a finding before sending points into, when no server error does.
            let found = !marked && app.errors().finding_rows().contains(&row);
            let highlights = highlight_ranges(app, row, lines[row].chars().count());
            let style = LineStyle {
                json: true,
                highlights: &highlights,
                highlight_style: theme.error_span,
                selection: selection_on(selection, row, lines[row].chars().count())
                    .map(|r| (r, theme.selected)),
                marks: &[],
                mark_style: theme.error_span,
            };
            let mut line = styled_line(&lines[row], left, text_width, &style, theme);
            let number = format!("{:>width$}", row + 1, width = gutter as usize - 2);
            line.spans.insert(
                0,
                Span::styled(
                    format!(
                        "{number}{} ",
                        match (marked, found) {
                            (true, _) => "●",
                            (_, true) => "•",
                            _ => " ",
                        }
                    ),
                    match (marked, found) {
                        (true, _) => theme.gutter_mark,
                        (_, true) => theme.warning,
                        _ => theme.gutter,
                    },
                ),
            );
            line
        })
        .collect();
    // The terminal's own cursor: moving it costs a few bytes, re-styling cells more.
    // Completing, typing goes on here: the cursor stays in view.
    let typing = focused || matches!(app.overlay(), Some(crate::app::Overlay::Complete(_)));
    if typing && cursor_row >= top && cursor_row < top + area.height as usize && cursor_col >= left
    {
        let x = area.x + gutter + (cursor_col - left) as u16;
        if x < area.right() {
            frame.set_cursor_position((x, area.y + (cursor_row - top) as u16));
        }
    }
    frame.render_widget(
        Paragraph::new(rows),
        Rect {
            height: area.height,
            ..area
        },
    );
}

/// ` text ` cut to `room` columns with an ellipsis.
fn fit(text: &str, room: usize) -> String {
    let text = crate::body::printable(text);
    if text.chars().count() + 2 <= room {
        return format!(" {text} ");
    }
    let cut: String = text.chars().take(room.saturating_sub(3)).collect();
    format!(" {cut}… ")
}

/// The part of `row` a selection from (row, column) to (row, column) covers.
fn selection_on(
    selection: Option<((usize, usize), (usize, usize))>,
    row: usize,
    row_len: usize,
) -> Option<Range<usize>> {
    let ((from_row, from_col), (to_row, to_col)) = selection?;
    if row < from_row || row > to_row {
        return None;
    }
    let from = if row == from_row { from_col } else { 0 };
    // A line break selected shows as one cell past the text.
    let to = if row == to_row { to_col } else { row_len + 1 };
    (to > from).then_some(from..to)
}

/// Character ranges of `row` covered by the selected error's matches.
fn highlight_ranges(app: &App, row: usize, row_len: usize) -> Vec<Range<usize>> {
    let masks = app.masks().iter().filter(|m| m.line == row + 1).map(|m| {
        // From the opening quote (where `column` points) to the closing one.
        let start = m.column.saturating_sub(1);
        start..start + m.value.chars().count() + 2 * usize::from(m.quoted)
    });
    let errors: Vec<Range<usize>> = app
        .errors()
        .highlights()
        .filter(|t| !t.in_url)
        .filter_map(|t| {
            let (start_row, start_col) = (t.start.line - 1, t.start.column - 1);
            let Some(end) = &t.end else {
                // A missing field: mark the insertion point.
                return (row == start_row).then(|| start_col..start_col + 1);
            };
            let (end_row, end_col) = (end.line - 1, end.column - 1);
            if row < start_row || row > end_row {
                return None;
            }
            let from = if row == start_row { start_col } else { 0 };
            let to = if row == end_row { end_col } else { row_len };
            Some(from..to.max(from))
        })
        .collect();
    let unresolved = app
        .unresolved()
        .iter()
        .filter(|(r, _)| *r == row)
        .map(|(_, range)| range.clone());
    errors.into_iter().chain(masks).chain(unresolved).collect()
}
