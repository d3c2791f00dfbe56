//! The log browser overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::{history_box, log_preview_rows, log_rows};
use crate::app::logs::LogRow;
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
    let mut filter = super::filter_line(logs.filter(), FIELDS_HINT, theme);
    filter.spans.push(Span::styled(status, theme.dim));
    if let Some(problem) = logs.filter_problem() {
        filter.spans.push(Span::styled(
            format!("  {}", printable(&problem)),
            theme.error,
        ));
    }
    let mut lines = vec![filter];
    // The list, and the selected exchange's story below it.
    let visible = log_rows(rect);
    let selected = logs.selected(matches.len());
    let first = (selected + 1).saturating_sub(visible);
    // Narrow: the time of day only, no requestId (the preview has both).
    let narrow = rect.width < NARROW;
    for (row, &i) in matches.iter().enumerate().skip(first).take(visible) {
        let mut line = Line::from(row_spans(&logs.rows()[i], narrow, theme));
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
    let preview_rows = log_preview_rows(rect);
    if let Some(chosen) = logs.chosen().filter(|_| preview_rows > 0) {
        let inner_rows = rect.height.saturating_sub(2) as usize;
        let mut preview = preview_lines(chosen, logs.path(), theme);
        preview.truncate(preview_rows);
        // Below the list, at the box's foot: the list's rows above stay put.
        let at = inner_rows.saturating_sub(preview.len());
        lines.truncate(at);
        while lines.len() < at {
            lines.push(Line::raw(""));
        }
        lines.extend(preview);
    }
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), rect);
}

/// Below this width a row leaves out the date and the requestId, so that
/// the first error fits at 80 columns.
const NARROW: u16 = 110;

/// Shown in the empty filter: the field words beside free text.
const FIELDS_HINT: &str = "text, or status:4xx code: path: method: verdict: id:";

/// One exchange: time, requestId (short), method, status, verdict word, the
/// first error (code and propertyName, said once however often it is
/// nested), then the uri (the row's end is cut first; the preview has it).
fn row_spans<'a>(r: &LogRow, narrow: bool, theme: &Theme) -> Vec<Span<'a>> {
    let time = r.time().map_or(String::new(), |t| t.replace('T', " "));
    let status = r
        .status
        .map_or_else(|| "---".to_string(), |s| s.to_string());
    let good_or_bad = if r.failed {
        theme.status_client
    } else {
        theme.status_success
    };
    let mut spans = if narrow {
        // `2026-12-02 00:01:50.324` → `00:01:50`
        let clock: String = time.get(11..).unwrap_or(&time).chars().take(8).collect();
        vec![Span::styled(
            format!("{:<8} ", printable(&clock)),
            theme.dim,
        )]
    } else {
        let id: String = r.request_id().chars().take(8).collect();
        vec![
            Span::styled(format!("{:<19} ", printable(&time)), theme.dim),
            Span::styled(format!("{:<8} ", printable(&id)), theme.key),
        ]
    };
    spans.extend([
        Span::styled(format!("{:<6} ", printable(r.method())), theme.method),
        Span::styled(format!("{status:<3} "), good_or_bad),
        Span::styled(format!("{:<16} ", r.story.verdict), good_or_bad),
    ]);
    if let Some(error) = r.story.first_error() {
        // Its place is the preview's: the row says which field.
        let what = error.split(" → ").next().unwrap_or(error);
        spans.push(Span::styled(format!("{what}  "), theme.error_code));
    }
    spans.push(Span::raw(printable(r.uri()).into_owned()));
    spans
}

/// The selected exchange at a glance: the request line and where it is,
/// the status with its meaning and the verdict, each error with its place.
fn preview_lines<'a>(r: &LogRow, path: &str, theme: &Theme) -> Vec<Line<'a>> {
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    let mut request = format!(
        "{} {}  ·  {}:{}",
        printable(r.method()),
        printable(r.uri()),
        printable(&name),
        r.line
    );
    if !r.request_id().is_empty() {
        request.push_str(&format!("  ·  requestId {}", printable(r.request_id())));
    }
    let status = match r.status {
        Some(s) => format!("{s} {}", status_info(s).name),
        None => "no response".to_string(),
    };
    let verdict_style = if r.failed {
        theme.verdict_bad
    } else {
        theme.verdict_good
    };
    let mut lines = vec![
        Line::styled("─".repeat(200), theme.dim),
        Line::styled(request, theme.info),
        Line::from(vec![
            Span::styled(format!("{status}  ·  "), verdict_style),
            Span::styled(r.story.summary.to_string(), verdict_style),
        ]),
    ];
    for error in r.story.errors.lines() {
        lines.push(Line::styled(format!("  {error}"), theme.error_code));
    }
    lines
}
