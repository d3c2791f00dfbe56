//! The response pane: status with the API's meaning, the SDK-style verdict,
//! then headers and the pretty body, scrolled so only visible rows are drawn.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{LineStyle, Window, styled_line};
use super::{Theme, is_focused, pane};
use crate::app::keymap::{Command, Context};
use crate::app::layout::{RESPONSE_HEADER_ROWS, inner};
use crate::app::response_head::{Role, Row};
use crate::app::{App, Focus, Showing, Source};
use crate::body::{BodyKind, printable};
use crate::connect::StatusClass;
use crate::pipeline::Exchange;
use crate::viewer::{NarrowRow, should_colour};
use crate::webhooks::WebhookShown;

const SPINNER: &[char] = &['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let focused = is_focused(app, Focus::Response);
    let mut title = vec![Span::styled(" Response ", theme.title)];
    if let (Some(x), Some(webhook)) = (app.exchange(), app.webhook_shown()) {
        let what = if webhook.redelivered {
            " Webhook delivered again "
        } else {
            " Webhook received "
        };
        title = vec![
            Span::styled(what, theme.title),
            Span::styled(format!("· {} ", size(x.body.size)), theme.dim),
        ];
        title.extend(find_spans(app, theme));
    } else if let Some(x) = app.exchange() {
        title.push(Span::styled(
            format!("{} ", x.status.code),
            status_style(x.status.class, theme),
        ));
        title.push(Span::styled(
            format!("· {} · {} ", millis(x.elapsed), size(x.body.size)),
            theme.dim,
        ));
        if let Some(Source::Logged { file, line }) = app.showing().source() {
            title.push(Span::styled(
                // The file's name: the whole path is in the status line.
                format!(
                    "logged at {}:{line} ",
                    crate::body::printable(
                        std::path::Path::new(file)
                            .file_name()
                            .map_or(file.as_str(), |n| n.to_str().unwrap_or_default())
                    ),
                ),
                theme.warning,
            ));
        }
        if app.relation() == crate::app::Relation::Previous {
            title.push(Span::styled("· previous request's ", theme.warning));
        }
        if let Some(cut) = &x.cut {
            title.push(Span::styled(format!("body {cut} "), theme.warning));
        }
        if !x.undocumented.is_empty() {
            let n = x.undocumented.len();
            title.push(Span::styled(
                format!(
                    "{n} value{} outside the model's lists ",
                    if n == 1 { "" } else { "s" }
                ),
                theme.unlisted,
            ));
        }
        if x.preview {
            title.push(Span::styled(
                "showing the first 64 KB, indexing the rest… ",
                theme.info,
            ));
        }
        title.extend(find_spans(app, theme));
    }
    let mut block = pane(Line::from(title), focused, theme);
    // The value under the cursor in the API's model: its path and type.
    if focused && let Some(line) = app.response().at_cursor() {
        let room = (app.panes().response.width as usize).saturating_sub(4);
        let text: String = crate::body::printable(line).chars().take(room).collect();
        block = block.title_bottom(Line::styled(format!(" {text} "), theme.dim));
    }
    frame.render_widget(block, app.panes().response);
    let area = inner(app.panes().response);
    let wrapped = app.response_head();
    let head_rows = wrapped
        .as_ref()
        .map_or(RESPONSE_HEADER_ROWS, |rows| rows.len() as u16)
        .min(area.height);
    let head = Rect {
        height: head_rows,
        ..area
    };
    let scroll_area = Rect {
        y: area.y + head_rows,
        height: area.height - head_rows,
        ..area
    };
    let keys = |command| app.keymap().keys_in(command, Context::RESPONSE);
    match app.showing() {
        Showing::Idle => {
            let line = Line::from(vec![
                Span::styled(keys(Command::Send), theme.hint_key),
                Span::raw(" sends the request"),
            ]);
            frame.render_widget(Paragraph::new(line), head);
        }
        Showing::InFlight(flight) => match &flight.preview {
            // The head of a big response while the rest is built.
            Some(exchange) => {
                frame.render_widget(Paragraph::new(summary(wrapped, theme)), head);
                draw_scrolling(frame, app, exchange, scroll_area, theme);
            }
            None => {
                let elapsed = app.now().saturating_duration_since(flight.started);
                let frame_index = (elapsed.as_millis() / 100) as usize % SPINNER.len();
                let lines = vec![
                    Line::from(vec![
                        Span::styled(format!("{} ", SPINNER[frame_index]), theme.info),
                        Span::raw(format!("{} {}", flight.method, flight.url)),
                    ]),
                    Line::from(vec![
                        Span::styled(format!("{} ", seconds(elapsed)), theme.dim),
                        Span::styled(keys(Command::Cancel), theme.hint_key),
                        Span::raw(" cancels"),
                    ]),
                ];
                frame.render_widget(Paragraph::new(lines), head);
            }
        },
        Showing::Failed(failure) => {
            let (label, style) = if failure.cancelled() {
                ("cancelled", theme.warning)
            } else {
                ("no response", theme.error)
            };
            let lines = vec![
                Line::from(vec![
                    Span::styled(format!("{label}: "), style),
                    Span::raw(crate::body::printable_lines(&failure.message).into_owned()),
                ]),
                Line::styled(format!("after {}", seconds(failure.elapsed)), theme.dim),
            ];
            frame.render_widget(
                Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
        }
        Showing::Exchange(on) => {
            frame.render_widget(Paragraph::new(summary(wrapped, theme)), head);
            draw_scrolling(frame, app, &on.exchange, scroll_area, theme);
        }
        Showing::Webhook(w) => {
            frame.render_widget(Paragraph::new(webhook_summary(&w.shown, theme)), head);
            draw_scrolling(frame, app, &w.exchange, scroll_area, theme);
        }
    }
}

/// The search and path filter in force, for the pane's title.
fn find_spans<'a>(app: &App, theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    if let Some(search) = app.response().search() {
        spans.push(Span::styled(
            format!("/{} {} ", search.query().text(), search.count()),
            theme.info,
        ));
    }
    if app.response().narrowed().is_some() {
        spans.push(Span::styled("only path matches (v: all) ", theme.info));
    }
    spans
}

fn lines(n: usize) -> String {
    format!("{n} line{}", if n == 1 { "" } else { "s" })
}

/// Status line, verdict, and the most useful detail, wrapped to the pane.
fn summary<'a>(rows: Option<Vec<Row>>, theme: &Theme) -> Vec<Line<'a>> {
    let style = |role: Role| match role {
        Role::Status(class) => status_style(class, theme),
        Role::Unlisted => theme.unlisted,
        Role::Verdict { good: true } => theme.verdict_good,
        Role::Verdict { good: false } => theme.verdict_bad,
        Role::Exception | Role::Detail => theme.dim,
    };
    rows.unwrap_or_default()
        .into_iter()
        .map(|row| {
            Line::from(
                row.into_iter()
                    .map(|(role, text)| Span::styled(text, style(role)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

/// A received webhook's head: what it is, its signature verdict, when and
/// what was answered (the app's answer when it was forwarded).
fn webhook_summary<'a>(w: &WebhookShown, theme: &Theme) -> Vec<Line<'a>> {
    vec![
        Line::raw(w.heading.clone()),
        Line::styled(
            w.verdict.clone(),
            if w.good {
                theme.verdict_good
            } else {
                theme.verdict_bad
            },
        ),
        Line::styled(w.detail.clone(), theme.dim),
    ]
}

fn draw_scrolling(frame: &mut Frame, app: &App, x: &Exchange, area: Rect, theme: &Theme) {
    let view = app.response();
    let header_rows = view.header_rows(x);
    let listed = view.shows_headers(x);
    let width = area.width as usize;
    let height = area.height as usize;
    let focused = is_focused(app, Focus::Response);
    let top = view.scroll();
    let mut rows: Vec<Line> = Vec::with_capacity(height);
    for row in (top..header_rows).take(height) {
        rows.push(if listed && row + 1 < header_rows {
            let (name, value) = &x.headers[row];
            // Header values come from the network (or a webhook sender): escaped.
            Line::from(vec![
                Span::styled(format!("{}: ", printable(name)), theme.key),
                Span::raw(printable(value).into_owned()),
            ])
        } else if listed {
            Line::styled(format!("── body: {} ", body_label(x)), theme.dim)
        } else {
            let key = app
                .keymap()
                .key_in(Command::ToggleHeaders, Context::RESPONSE);
            let n = x.headers.len();
            Line::styled(
                format!(
                    "── {n} header{} ({key}) · body: {} ",
                    if n == 1 { "" } else { "s" },
                    body_label(x)
                ),
                theme.dim,
            )
        });
    }
    // Only the visible body rows are looked at: a 50 MB body costs what a page does.
    let first_body_row = top.saturating_sub(header_rows);
    let wanted = height - rows.len();
    match view.narrowed() {
        Some(narrowed) => {
            for r in (first_body_row..narrowed.rows()).take(wanted) {
                rows.push(match narrowed.row(r) {
                    Some(NarrowRow::Header { path, .. }) => {
                        Line::styled(format!("── {path}"), theme.place)
                    }
                    Some(NarrowRow::Line { line, .. }) => {
                        body_line(app, x, line, width, focused, theme)
                    }
                    None => Line::raw(""),
                });
            }
        }
        None => {
            let lines = view
                .folds()
                .lines_from_row(first_body_row, x.body.line_count());
            for line in lines.take(wanted) {
                rows.push(body_line(app, x, line, width, focused, theme));
            }
        }
    }
    if rows.is_empty() && x.body.kind == BodyKind::Empty {
        frame.render_widget(
            Paragraph::new(Line::styled("(empty body)", theme.dim)),
            area,
        );
    } else {
        frame.render_widget(Paragraph::new(rows), area);
    }
}

/// One body line: colours (when the size allows), search hits, a fold's
/// summary, and the cursor row.
fn body_line<'a>(
    app: &App,
    x: &Exchange,
    line: usize,
    width: usize,
    focused: bool,
    theme: &Theme,
) -> Line<'a> {
    let text = x.body.line(line).unwrap_or_default();
    let view = app.response();
    let hits: Vec<std::ops::Range<usize>> = view
        .search()
        .map(|s| {
            s.hits_on_line(line)
                .iter()
                .map(|h| char_range(text, h.range()))
                .collect()
        })
        .unwrap_or_default();
    // Values the model's lists do not have (marks are few and in line order).
    let from = x.undocumented.partition_point(|m| m.line < line);
    let marks: Vec<std::ops::Range<usize>> = x.undocumented[from..]
        .iter()
        .take_while(|m| m.line == line)
        .map(|m| m.columns.clone())
        .collect();
    let style = LineStyle {
        json: x.body.kind == BodyKind::Json && should_colour(text.len(), x.body.size),
        highlights: &hits,
        highlight_style: theme.selected,
        selection: None,
        marks: &marks,
        // Underlined too: in a theme without colours the mark still shows.
        mark_style: theme
            .unlisted
            .add_modifier(ratatui::style::Modifier::UNDERLINED),
    };
    // Text that is not JSON (an HTML error page, a log) gets line numbers.
    let number = (x.body.kind == BodyKind::Text).then(|| format!("{:>5} ", line + 1));
    let width = width.saturating_sub(number.as_ref().map_or(0, String::len));
    // Scrolled sideways: `‹` says there is text to the left, `›` to the right.
    let Window {
        left,
        from,
        shown,
        right,
    } = Window::of(view.hscroll(), width, text.is_empty(), |i| {
        text.chars().nth(i).is_some()
    });
    let mut rendered = styled_line(text, from, shown, &style, theme);
    if left {
        rendered.spans.insert(0, Span::styled("‹", theme.dim));
    }
    if right {
        rendered.spans.push(Span::styled("›", theme.dim));
    }
    if let Some(number) = number {
        rendered.spans.insert(0, Span::styled(number, theme.gutter));
    }
    if let Some(summary) = view.folds().folded_at(&x.structure, line) {
        rendered
            .spans
            .push(Span::styled(format!(" {summary}"), theme.dim));
    }
    if focused && line == view.cursor() {
        rendered = rendered.style(theme.cursor);
    }
    rendered
}

/// A byte range of `text` as a range of characters (what the drawing counts).
fn char_range(text: &str, bytes: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = text.get(..bytes.start).map_or(0, |t| t.chars().count());
    let len = text.get(bytes.clone()).map_or(0, |t| t.chars().count());
    start..start + len
}

fn body_label(x: &Exchange) -> String {
    match x.body.kind {
        BodyKind::Empty => "empty".to_string(),
        BodyKind::Json => format!("JSON, {}", lines(x.body.line_count())),
        BodyKind::Text => format!("text (not JSON), {}", lines(x.body.line_count())),
        BodyKind::Binary => format!("binary, {}", size(x.body.size)),
    }
}

fn status_style(class: StatusClass, theme: &Theme) -> Style {
    match class {
        StatusClass::Success => theme.status_success,
        StatusClass::ClientError => theme.status_client,
        StatusClass::ServerError => theme.status_server,
        _ => theme.status_other,
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

pub(crate) fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
