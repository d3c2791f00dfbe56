//! The bottom line: the active environment (production in a warning colour),
//! webhooks that arrived unseen, the latest notice, and key hints from the key map.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::keymap::Command;
use crate::app::{App, Level, Listening};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let env_style = if app.env().production {
        theme.env_production
    } else {
        theme.env
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", app.env().name), env_style),
        Span::styled(format!(" {}  ", app.env().base_url), theme.dim),
    ];
    spans.extend(webhooks(app, theme));
    if let Some(notice) = app.notice() {
        let style = match notice.level {
            Level::Info => theme.info,
            Level::Warning => theme.warning,
            Level::Error => theme.error,
        };
        spans.push(Span::styled(notice.text.clone(), style));
    } else {
        // An open overlay's keys: its own first, and nothing it takes from elsewhere.
        for (key, help) in app.keymap().hints(app.key_context()) {
            spans.push(Span::styled(key, theme.hint_key));
            spans.push(Span::styled(format!(" {help}  "), theme.dim));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), app.panes().status_bar);
}

/// Webhooks that arrived while their view was closed (the bad ones stand
/// out), else (when nothing is being said) where the receiver listens.
fn webhooks<'a>(app: &App, theme: &Theme) -> Vec<Span<'a>> {
    let inbox = app.webhooks();
    let key = app.keymap().keys_in(Command::Webhooks, app.pane_context());
    match (inbox.unseen(), inbox.listening()) {
        // Only when there is room: a notice matters more than a reminder.
        ((0, _), Listening::On(addr)) if app.notice().is_none() => {
            let port = addr.rsplit(':').next().unwrap_or(addr);
            vec![Span::styled(format!("webhooks :{port}  "), theme.dim)]
        }
        ((0, _), _) => Vec::new(),
        ((new, 0), _) => vec![Span::styled(
            format!("{new} new webhook{} ({key})  ", plural(new)),
            theme.info,
        )],
        ((new, failed), _) => vec![Span::styled(
            format!(
                "{new} new webhook{}, {failed} failed ({key})  ",
                plural(new)
            ),
            theme.warning,
        )],
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
