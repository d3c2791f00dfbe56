//! The log browser overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{history_box, list_rows};
use crate::body::printable;
use crate::connect::status_info;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let logs = app.logs();
    let rect = history_box(area);
    frame.render_widget(Clear, rect);
    let keymap = app.keymap();
    let title = Line::styled(
        format!(
            " {} (type to filter; \"failed\" keeps the failed · {} open · {} close) ",
            printable(logs.path()),
            keymap.keys_in(Command::Accept, Context::LIST),
            keymap.keys_in(Command::Cancel, Context::LIST)
        ),
        theme.title,
    );
    let matches = logs.matching();
    let status = match (logs.is_loading(), logs.progress()) {
        (true, (read, Some(total))) if total > 0 => {
            format!("  reading… {}%", (read.min(total) * 100) / total)
        }
        (true, _) => "  reading…".to_string(),
        (false, _) => format!("  {} of {} exchanges", matches.len(), logs.rows().len()),
    };
    let mut filter = super::filter_line(logs.filter(), "", theme);
    filter.spans.push(Span::styled(status, theme.dim));
    let mut lines = vec![filter];
    let visible = list_rows(rect);
    let selected = logs.selected(matches.len());
    let first = (selected + 1).saturating_sub(visible);
    for (row, &i) in matches.iter().enumerate().skip(first).take(visible) {
        let r = &logs.rows()[i];
        let time = r.time().map_or(String::new(), |t| t.replace('T', " "));
        let id: String = r.request_id().chars().take(8).collect();
        let (method, uri) = (r.method(), r.uri());
        let status = match r.status {
            Some(s) => format!("{s} {}", status_info(s).name),
            None => "no response".to_string(),
        };
        let mut line = Line::from(vec![
            Span::styled(format!("{time:<19} "), theme.dim),
            Span::styled(format!("{id:<8} "), theme.key),
            Span::styled(format!("{:<6} ", printable(method)), theme.method),
            Span::styled(
                format!("{status:<24} "),
                if r.failed {
                    theme.status_client
                } else {
                    theme.status_success
                },
            ),
            Span::raw(format!("{} ", printable(uri))),
            Span::styled(printable(r.codes()).into_owned(), theme.error_code),
        ]);
        if row == selected {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    if matches.is_empty() && !logs.is_loading() {
        lines.push(Line::styled(
            if logs.rows().is_empty() {
                "no SDK exchange found in this log"
            } else {
                "no exchange matches"
            },
            theme.dim,
        ));
    }
    for note in logs.notes() {
        lines.push(Line::styled(printable(note).into_owned(), theme.warning));
    }
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), rect);
}
