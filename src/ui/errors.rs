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
    let panel = app.errors();
    let findings = !panel.listed_findings().is_empty();
    let mut title = vec![Span::styled(" Errors ", theme.title)];
    // Nothing answered yet: the findings alone, without a count of errors.
    if app.exchange().is_some() || !findings {
        title.push(Span::styled(format!("{count} "), theme.dim));
    }
    // The request's own findings, apart from what the server said.
    if findings {
        title.push(Span::styled(
            format!("· {} ", panel.findings_summary()),
            theme.warning,
        ));
    }
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
    let area = panel.geometry().area;
    let head = match app.exchange() {
        Some(x) => match &x.report.error_id {
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
        },
        None if findings => Line::styled(model_label(app), theme.dim),
        None => return,
    };
    let mut lines = vec![head];
    for (i, rows) in panel.visible_entries() {
        if lines.len() >= area.height as usize {
            break;
        }
        let selected = i == panel.selected();
        // The marker goes on the entry's own first row, not on a heading above it.
        let first = rows
            .iter()
            .position(|r| r.kind != RowKind::Section)
            .unwrap_or(0);
        for (n, row) in rows.iter().enumerate() {
            let marker = match (n == first, selected) {
                (true, true) => Span::styled("▶ ", theme.error_code),
                _ => Span::raw("  "),
            };
            let style = match row.kind {
                RowKind::Title if selected && focused => theme.error_code.patch(theme.selected),
                RowKind::Title => theme.error_code,
                RowKind::Finding if selected && focused => theme.warning.patch(theme.selected),
                RowKind::Finding => theme.warning,
                RowKind::Hint if selected && focused => theme.info.patch(theme.selected),
                RowKind::Hint => theme.info,
                RowKind::Section => theme.dim,
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

/// `payments.create · model connect-sdk-python3 6.3.0`: what the findings are
/// checked against.
fn model_label(app: &App) -> String {
    // Drawing never reads the model: it is read off the UI thread before findings exist.
    let label =
        crate::connect::model::loaded().map_or_else(|| "(not read yet)".to_owned(), |m| m.label());
    match app.editor().model().endpoint().and_then(|e| e.endpoint()) {
        Some(e) => format!("{} · model {label}", e.id),
        None => format!("model {label}"),
    }
}
