//! The errors panel: errorId, then every APIError with where its propertyName
//! points in the body, in the rows and geometry the panel component keeps.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::shorten_middle;
use super::{Theme, is_focused, pane};
use crate::app::{App, Focus, Relation, RowKind};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let focused = is_focused(app, Focus::Errors);
    let count = app.exchange().map_or(0, |x| x.report.errors.len());
    let mut title = vec![
        Span::styled(" Errors ", theme.title),
        Span::styled(format!("{count} "), theme.dim),
    ];
    if count > 0 {
        match app.relation() {
            Relation::Previous => title.push(Span::styled("· previous request's ", theme.warning)),
            Relation::EditedSince => {
                let touched = app.errors().touched();
                title.push(Span::styled(
                    format!("· edited since ({touched} touched) "),
                    theme.info,
                ));
            }
            Relation::Current => {}
        }
    }
    let title = Line::from(title);
    frame.render_widget(pane(title, focused, theme), app.panes().errors);
    let Some(x) = app.exchange() else {
        return;
    };
    let panel = app.errors();
    let area = panel.geometry().area;
    let mut lines = vec![match &x.report.error_id {
        // Never cut at an end: the middle gives way (Ctrl-Y copies it whole).
        Some(id) => Line::from(vec![
            Span::styled("errorId ", theme.dim),
            Span::raw(shorten_middle(
                &crate::body::printable(id),
                usize::from(area.width).saturating_sub(8),
            )),
        ]),
        None if app.webhook_shown().is_some() => {
            // The strip beside a webhook is narrow: the short form there.
            let text = if area.width >= 26 {
                "webhook: nothing to locate"
            } else {
                "(webhook)"
            };
            Line::styled(text, theme.dim)
        }
        None if count == 0 => Line::styled("no errors", theme.dim),
        None => Line::styled("no errorId", theme.dim),
    }];
    for (i, rows) in panel.visible_entries() {
        if lines.len() >= area.height as usize {
            break;
        }
        let selected = i == panel.selected();
        for (n, row) in rows.iter().enumerate() {
            let marker = match (n, selected) {
                (0, true) => Span::styled("▶ ", theme.error_code),
                _ => Span::raw("  "),
            };
            let style = match row.kind {
                RowKind::Title if selected && focused => theme.error_code.patch(theme.selected),
                RowKind::Title => theme.error_code,
                RowKind::Place => theme.place,
                RowKind::Message => theme.text,
                RowKind::Meta => theme.dim,
            };
            lines.push(Line::from(vec![
                marker,
                Span::styled(row.text.clone(), style),
            ]));
        }
    }
    lines.truncate(area.height as usize);
    frame.render_widget(Paragraph::new(lines), area);
}
