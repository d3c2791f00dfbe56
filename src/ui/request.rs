//! The request line (method and URL) and the headers box.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{LineStyle, styled_line};
use super::{Theme, is_focused, pane};
use crate::app::editor::Field;
use crate::app::layout::inner;
use crate::app::{App, Focus};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let panes = app.panes();
    let editor = app.editor();
    let method_focused = is_focused(app, Focus::Request(Field::Method));
    let url_focused = is_focused(app, Focus::Request(Field::Url));
    let area = panes.request_line;
    let method = editor.method();
    let method_style = if method_focused {
        theme.method.patch(theme.selected)
    } else {
        theme.method
    };
    let marker = if method_focused || url_focused {
        Span::styled("▌", theme.border_focused)
    } else {
        Span::raw(" ")
    };
    let prefix = format!("{method:<7}");
    let url = editor.url_text();
    // A URL that leaves the environment's origin says where it goes, at the right.
    let destination = app.destination().map(|origin| {
        let text = format!(" → {} (unsigned) ", crate::body::printable(origin));
        let cut: String = text.chars().take(area.width as usize / 2).collect();
        Span::styled(cut, theme.warning)
    });
    // Which endpoint of the API's model this is, when the URL leaves room for it.
    let endpoint = endpoint_tag(app, theme).filter(|tag| {
        let used =
            prefix.len() + 1 + url.chars().count() + destination.as_ref().map_or(0, |s| s.width());
        used + tag.width() < area.width as usize
    });
    let tag_width =
        destination.as_ref().map_or(0, |s| s.width()) + endpoint.as_ref().map_or(0, |s| s.width());
    let url_width = (area.width as usize).saturating_sub(prefix.len() + 1 + tag_width);
    let cursor = url_focused.then(|| editor.url_cursor());
    // Keep the cursor visible on a long URL.
    let skip = cursor.map_or(0, |c| (c + 1).saturating_sub(url_width));
    // The selected error's path parameter, when its value is in the URL.
    let in_url: Vec<std::ops::Range<usize>> = app
        .errors()
        .highlights()
        .filter(|t| t.in_url)
        .map(|t| t.start.column - 1..t.end.map_or(t.start.column, |e| e.column) - 1)
        .collect();
    let style = LineStyle {
        json: false,
        highlights: &in_url,
        highlight_style: theme.error_span,
        // A template's id to give is selected: typing replaces it.
        selection: editor.url_selection().map(|r| (r, theme.selected)),
        marks: &[],
        mark_style: ratatui::style::Style::default(),
    };
    if let Some(c) = cursor {
        let x = area.x + 1 + prefix.len() as u16 + (c - skip) as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
    let mut line = styled_line(&url, skip, url_width, &style, theme);
    line.spans.insert(0, Span::styled(prefix, method_style));
    line.spans.insert(0, marker);
    if destination.is_some() || endpoint.is_some() {
        let used: usize = line.spans.iter().map(Span::width).sum();
        let pad = (area.width as usize).saturating_sub(used + tag_width);
        line.spans.push(Span::raw(" ".repeat(pad)));
        line.spans.extend(endpoint);
        line.spans.extend(destination);
    }
    frame.render_widget(Paragraph::new(line), area);

    let headers_focused = is_focused(app, Focus::Request(Field::Headers));
    let block = pane(
        Line::styled(" Headers ", theme.title),
        headers_focused,
        theme,
    );
    let area = inner(panes.headers);
    frame.render_widget(block, panes.headers);
    let (cursor_row, cursor_col) = editor.headers_cursor();
    let lines = editor.header_lines();
    let top = (cursor_row + 1).saturating_sub(area.height as usize);
    let rows: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(top)
        .take(area.height as usize)
        .map(|(i, text)| {
            header_line(
                text,
                headers_focused && i == cursor_row,
                cursor_col,
                area.width as usize,
                theme,
            )
        })
        .collect();
    if headers_focused && cursor_row >= top {
        let skip = (cursor_col + 1).saturating_sub(area.width as usize);
        frame.set_cursor_position((
            area.x + (cursor_col - skip) as u16,
            area.y + (cursor_row - top) as u16,
        ));
    }
    if lines.iter().all(|l| l.is_empty()) && !headers_focused {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "Name: value, one a line (Date and signature are added)",
                theme.dim,
            )),
            area,
        );
    } else {
        frame.render_widget(Paragraph::new(rows), area);
    }
}

/// ` payments.create `, or what the model says of a path it does not know.
fn endpoint_tag<'a>(app: &App, theme: &Theme) -> Option<Span<'a>> {
    use crate::app::editor::EndpointIs;
    Some(match app.editor().model().endpoint()? {
        EndpointIs::Known(e) => Span::styled(format!(" {} ", e.id), theme.dim),
        EndpointIs::OtherMethod(allowed) => {
            Span::styled(format!(" {} only ", allowed.join(", ")), theme.warning)
        }
        EndpointIs::Unknown => Span::styled(" no endpoint in the model ", theme.dim),
        EndpointIs::NoModel => return None,
    })
}

fn header_line<'a>(
    text: &str,
    has_cursor: bool,
    cursor_col: usize,
    width: usize,
    theme: &Theme,
) -> Line<'a> {
    let skip = if has_cursor {
        (cursor_col + 1).saturating_sub(width)
    } else {
        0
    };
    // The name part (before the first colon) is drawn in the key colour.
    let name_end = text.find(':').map_or(0, |i| text[..i].chars().count());
    let name = 0..name_end;
    let style = LineStyle {
        json: false,
        highlights: std::slice::from_ref(&name),
        highlight_style: theme.key,
        selection: None,
        marks: &[],
        mark_style: ratatui::style::Style::default(),
    };
    styled_line(text, skip, width, &style, theme)
}
