//! The one-line prompts (a log's path, `.http` files, save-as, the webhook
//! receiver's address), with the names an ambiguous Tab left to choose from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::app::layout::centered;
use crate::app::overlay::Prompt;
use crate::app::text_input::TextInput;
use crate::body::printable;

/// Lines of names shown under the input at most.
const OFFERED_LINES: u16 = 8;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    kind: Prompt,
    input: &TextInput,
    offered: &[String],
    theme: &Theme,
) {
    let width = area.width.saturating_sub(6).min(100);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let names = offered_lines(offered, inner, usize::from(OFFERED_LINES));
    let rect = centered(area, width, 3 + names.len() as u16);
    frame.render_widget(Clear, rect);
    let keymap = app.keymap();
    let title = Line::styled(
        format!(
            " {} ({}: go, {}: cancel) ",
            kind.question(),
            keymap.keys_in(Command::Accept, Context::PROMPT),
            keymap.keys_in(Command::Cancel, Context::PROMPT)
        ),
        theme.title,
    );
    let mut block = pane(title, true, theme);
    if kind.takes_path() {
        let tab = keymap.key_in(Command::FocusNext, Context::PROMPT);
        block = block.title_bottom(Line::styled(format!(" {tab}: complete "), theme.dim));
    }
    // A path longer than the box scrolls so the cursor stays in view.
    let skip = input.cursor().saturating_sub(inner - 1);
    let shown: String = input
        .text()
        .chars()
        .skip(skip)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    let mut lines = vec![Line::raw(shown)];
    lines.extend(names.into_iter().map(|l| Line::styled(l, theme.dim)));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    let x = rect.x + 1 + (input.cursor() - skip) as u16;
    frame.set_cursor_position((x.min(rect.right().saturating_sub(2)), rect.y + 1));
}

/// The names, two spaces apart, filled into lines of `width`; past `max`
/// lines the last says how many more there are.
fn offered_lines(offered: &[String], width: usize, max: usize) -> Vec<String> {
    // Each line with the number of names on it.
    let mut lines: Vec<(String, usize)> = Vec::new();
    for name in offered {
        let name: String = printable(name).chars().take(width).collect();
        match lines.last_mut() {
            Some((line, n)) if line.chars().count() + 2 + name.chars().count() <= width => {
                line.push_str("  ");
                line.push_str(&name);
                *n += 1;
            }
            _ => lines.push((name, 1)),
        }
    }
    if lines.len() > max {
        lines.truncate(max.saturating_sub(1));
        let shown: usize = lines.iter().map(|(_, n)| n).sum();
        let more = format!("… {} more: type more of the name", offered.len() - shown);
        lines.push((more, 0));
    }
    lines.into_iter().map(|(line, _)| line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fill_lines_and_the_rest_is_counted() {
        let names: Vec<String> = (0..50).map(|i| format!("file-{i:02}.log")).collect();
        let lines = offered_lines(&names, 40, 3);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "file-00.log  file-01.log  file-02.log");
        // Two full lines of three, the third line says what is left.
        assert_eq!(lines[2], "… 44 more: type more of the name");
        assert!(offered_lines(&[], 40, 3).is_empty());
    }
}
