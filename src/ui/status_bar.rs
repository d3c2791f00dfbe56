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
        // A notice too long for the line says where it can be read whole.
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let room = usize::from(app.panes().status_bar.width).saturating_sub(used);
        let key = app.keymap().key_in(Command::Notices, Context::RESPONSE);
        spans.push(Span::styled(cut_notice(&notice.text, room, &key), style));
    } else {
        // An open overlay's keys: its own first, and nothing it takes from elsewhere.
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let room = usize::from(app.panes().status_bar.width).saturating_sub(used);
        let help = app.keymap().hint_of(Command::Help);
        for (key, hint) in fitting(app.keymap().hints(app.key_context()), room, help) {
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

/// The hints that fit in `room` columns, in order, keeping room for the
/// help hint (the way to every other key) as long as it fits at all.
fn fitting(
    hints: Vec<(String, &'static str)>,
    room: usize,
    help: Option<&'static str>,
) -> Vec<(String, &'static str)> {
    let width = |(key, hint): &(String, &str)| key.chars().count() + hint.chars().count() + 3;
    let help_width = hints.iter().find(|h| Some(h.1) == help).map_or(0, width);
    let mut used = 0;
    let mut kept = Vec::new();
    for h in hints {
        let is_help = Some(h.1) == help;
        let reserve = if is_help { 0 } else { help_width };
        if used + width(&h) + reserve <= room {
            used += width(&h);
            kept.push(h);
        } else if is_help {
            break;
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
    fn the_help_hint_keeps_its_room_while_it_fits() {
        let hints = vec![
            ("F5".to_string(), "send"),
            ("Ctrl-Q".to_string(), "quit"),
            ("Tab".to_string(), "focus"),
            ("F1".to_string(), "help"),
            ("F8".to_string(), "next error"),
        ];
        let keys = |room| -> Vec<String> {
            fitting(hints.clone(), room, Some("help"))
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        };
        assert_eq!(keys(200), ["F5", "Ctrl-Q", "Tab", "F1", "F8"]);
        // 9 + 13 + 9: Tab focus gives way to F1 help.
        assert_eq!(keys(33), ["F5", "Ctrl-Q", "F1"]);
        assert_eq!(keys(9), ["F1"]);
        assert!(keys(5).is_empty());
    }
}
