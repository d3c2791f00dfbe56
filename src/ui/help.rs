//! The help overlay: the key map's rows as wide as the terminal, wrapped, with
//! its search line, and a title naming the keys that search and close it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::help::{HelpLine, HelpView, closers, keys_width};
use crate::app::keymap::{Command, Context};
use crate::app::layout::{help_box, help_width, text_rows};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &HelpView, theme: &Theme) {
    let keymap = app.keymap();
    let inner = usize::from(help_width(area).saturating_sub(2));
    let keys_w = keys_width(keymap, inner);
    let mut lines: Vec<Line> = Vec::new();
    if view.searching() {
        let search = view.search();
        let mut spans = vec![
            Span::styled("/", theme.key),
            Span::raw(search.text().to_string()),
        ];
        if view.typing() {
            spans.push(Span::styled(" ", theme.cursor));
        }
        lines.push(Line::from(spans));
    }
    lines.extend(view.lines(keymap, inner).into_iter().map(|row| match row {
        HelpLine::Heading(h) => Line::styled(h, theme.title),
        HelpLine::Row { keys, text } => Line::from(vec![
            Span::styled(format!("  {keys:<keys_w$} "), theme.hint_key),
            Span::raw(text),
        ]),
        HelpLine::NoMatch => Line::styled("  no key matches the search", theme.dim),
    }));
    let rect = help_box(area, lines.len());
    let visible = text_rows(rect);
    let more = if lines.len() > visible {
        " ↑/↓ scroll,"
    } else {
        ""
    };
    let title = if view.typing() {
        let keep = keymap.keys_in(Command::Accept, Context::PROMPT);
        let drop = keymap.keys_in(Command::Cancel, Context::PROMPT);
        format!(" Keys (type to search, {keep} keeps it, {drop} drops it) ")
    } else {
        let search = keymap.keys_in(Command::Search, Context::SCROLL);
        format!(" Keys ({search} search,{more} {} closes) ", closers(keymap))
    };
    frame.render_widget(Clear, rect);
    let scroll = view
        .scroll
        .selected()
        .min(lines.len().saturating_sub(visible));
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    let block = pane(Line::styled(title, theme.title), true, theme);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}
