//! The bottom line: the active environment (production in a warning colour),
//! webhooks that arrived unseen, the latest notice, and key hints from the key map.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::keymap::{Command, Context};
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
        // A notice too long for the line says where it can be read whole;
        // the help key stays after it (the way to every other key).
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let room = usize::from(app.panes().status_bar.width).saturating_sub(used);
        // Its width counts two spaces: they go before it, apart from the notice.
        let help = help_hint(app).filter(|h| width(h) + 20 <= room);
        let help_width = help.as_ref().map_or(0, width);
        let key = app.keymap().key_in(Command::Notices, Context::RESPONSE);
        let text = cut_notice(&notice.text, room.saturating_sub(help_width), &key);
        spans.push(Span::styled(text, style));
        if let Some((key, hint)) = help {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(key, theme.hint_key));
            spans.push(Span::styled(format!(" {hint}"), theme.dim));
        }
    } else {
        // The keys that matter most where the keys go now, as many as fit.
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let room = usize::from(app.panes().status_bar.width).saturating_sub(used);
        for (key, hint) in fitting(app.keymap().ranked_hints(app.key_context()), room) {
            spans.push(Span::styled(key, theme.hint_key));
            spans.push(Span::styled(format!(" {hint}  "), theme.dim));
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

/// `text` whole if it fits in `room` columns, else cut with `… (KEY: all)`.
fn cut_notice(text: &str, room: usize, key: &str) -> String {
    if text.chars().count() <= room {
        return text.to_owned();
    }
    let marker = format!("… ({key}: all)");
    let keep = room.saturating_sub(marker.chars().count());
    let head: String = text.chars().take(keep).collect();
    format!("{}{marker}", head.trim_end())
}

/// The help key's hint where the keys go now, if it has one.
fn help_hint(app: &App) -> Option<(String, &'static str)> {
    let keymap = app.keymap();
    let key = keymap.key_in(Command::Help, app.key_context());
    Some(key)
        .filter(|k| !k.is_empty())
        .zip(keymap.hint_of(Command::Help))
}

/// Columns a hint takes: its key, a space, its label, two spaces.
fn width((key, hint): &(String, &str)) -> usize {
    key.chars().count() + hint.chars().count() + 3
}

/// The hints that fit in `room` columns, taken by priority (the order
/// given): one too wide is left out and a narrower one after it may fit.
fn fitting(hints: Vec<(String, &'static str)>, room: usize) -> Vec<(String, &'static str)> {
    let mut used = 0;
    let mut kept = Vec::new();
    for h in hints {
        // The last hint needs no trailing spaces.
        if used + width(&h) <= room + 2 {
            used += width(&h);
            kept.push(h);
        }
    }
    kept
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_too_long_names_the_key_that_shows_it_whole() {
        assert_eq!(cut_notice("saved", 10, "m"), "saved");
        let cut = cut_notice("masked fields: cardNumber, expiryDate, cvv", 30, "m");
        assert_eq!(cut, "masked fields: cardN… (m: all)");
        assert_eq!(cut.chars().count(), 30);
    }

    #[test]
    fn hints_are_taken_by_priority_while_they_fit() {
        let hints = vec![
            ("F1".to_string(), "help"),
            ("F5".to_string(), "send"),
            ("F8".to_string(), "next error"),
            ("Tab".to_string(), "focus"),
        ];
        let keys = |room| -> Vec<String> {
            fitting(hints.clone(), room)
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        };
        assert_eq!(keys(200), ["F1", "F5", "F8", "Tab"]);
        // 9 + 9 + 15: F8 next error does not fit, Tab focus after it does.
        assert_eq!(keys(28), ["F1", "F5", "Tab"]);
        assert_eq!(keys(7), ["F1"]);
        assert!(keys(5).is_empty());
    }
}
