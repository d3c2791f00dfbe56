//! Turning one line of text into styled spans for a horizontal window: JSON
//! colours and highlighted ranges, counted in characters. (Text fields use the
//! terminal's own cursor: moving it costs fewer bytes than restyling cells.)

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Theme;
use super::theme::token_style;
use crate::body::tokenize_line;

/// Beyond this many bytes a line is drawn without colours: a minified
/// multi-megabyte line must not be lexed on every frame.
const COLOUR_LIMIT: usize = 16 * 1024;

pub struct LineStyle<'a> {
    pub json: bool,
    /// Character ranges drawn with `highlight_style` (error spans, search hits).
    pub highlights: &'a [Range<usize>],
    pub highlight_style: Style,
    /// The editor's selection on this line, and how it is drawn (over the rest).
    pub selection: Option<(Range<usize>, Style)>,
    /// Character ranges drawn with `mark_style` under the highlights (values the
    /// API's model does not list).
    pub marks: &'a [Range<usize>],
    pub mark_style: Style,
}

/// Which characters of a line scrolled `skip` characters sideways fit in
/// `width`: `‹` first when text is off to the left, `›` last when it goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub left: bool,
    /// The first character drawn, and how many are.
    pub from: usize,
    pub shown: usize,
    pub right: bool,
}

impl Window {
    /// `has_char(i)`: whether the line has a character at index `i` (asked
    /// once, so a long line need not be counted whole).
    pub fn of(
        skip: usize,
        width: usize,
        empty: bool,
        has_char: impl FnOnce(usize) -> bool,
    ) -> Self {
        let left = skip > 0 && !empty;
        let from = skip + usize::from(left);
        let right = width > 2 && has_char(from + width - usize::from(left));
        let shown = width.saturating_sub(usize::from(left) + usize::from(right));
        Window {
            left,
            from,
            shown,
            right,
        }
    }
}

/// The part of `line` from character `skip`, in `width` characters: `‹`
/// first when text is scrolled off to the left, `›` last when it goes on.
pub fn window_line(line: Line<'static>, skip: usize, width: usize, mark: Style) -> Line<'static> {
    let total: usize = line.spans.iter().map(|s| s.content.chars().count()).sum();
    if width < 3 {
        return line;
    }
    let Window {
        left,
        from,
        shown,
        right,
    } = Window::of(skip, width, total == 0, |i| i < total);
    let mut spans = Vec::new();
    if left {
        spans.push(Span::styled("‹", mark));
    }
    let mut at = 0;
    for span in line.spans {
        let n = span.content.chars().count();
        let start = from.saturating_sub(at).min(n);
        let end = (from + shown).saturating_sub(at).min(n);
        if end > start {
            let part: String = span.content.chars().skip(start).take(end - start).collect();
            spans.push(Span::styled(part, span.style));
        }
        at += n;
    }
    if right {
        spans.push(Span::styled("›", mark));
    }
    Line::from(spans).style(line.style)
}

/// `text` in at most `width` characters: whole when it fits, else its start
/// and end around a `…`, so an id is never cut off at one end (where the
/// whole is one copy away).
pub fn shorten_middle(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_owned();
    }
    if width < 3 {
        return "…".chars().take(width).collect();
    }
    let tail = (width - 1) / 2;
    let head = width - 1 - tail;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(n - tail).collect();
    format!("{start}…{end}")
}

/// `text` in `width` columns, ending in `…` when it goes on.
pub fn cut_end(text: &str, width: usize) -> String {
    if crate::app::wrap::str_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = crate::app::wrap::str_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Styled spans of `line` from character `skip` for `width` characters.
pub fn styled_line<'a>(
    line: &str,
    skip: usize,
    width: usize,
    style: &LineStyle,
    theme: &Theme,
) -> Line<'a> {
    let coloured = if style.json {
        tokenize_line(&line[..floor_char_boundary(line, COLOUR_LIMIT)])
    } else {
        Vec::new()
    };
    let mut tokens = coloured.iter().peekable();
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut run = String::new();
    let mut run_style = theme.text;
    let push = |spans: &mut Vec<Span<'a>>, run: &mut String, style: Style| {
        if !run.is_empty() {
            spans.push(Span::styled(std::mem::take(run), style));
        }
    };
    // Columns count characters; those before the window are skipped, not drawn.
    for (col, (byte, ch)) in line.char_indices().enumerate().take(skip + width) {
        if col >= skip {
            while tokens.peek().is_some_and(|t| t.range.end <= byte) {
                tokens.next();
            }
            let mut s = match tokens.peek() {
                Some(t) if t.range.start <= byte => token_style(theme, t.kind),
                _ => theme.text,
            };
            if style.marks.iter().any(|r| r.contains(&col)) {
                s = s.patch(style.mark_style);
            }
            if style.highlights.iter().any(|r| r.contains(&col)) {
                s = s.patch(style.highlight_style);
            }
            if let Some((range, selected)) = &style.selection
                && range.contains(&col)
            {
                s = s.patch(*selected);
            }
            if s != run_style {
                push(&mut spans, &mut run, run_style);
                run_style = s;
            }
            // A tab is one column, as positions count it; control characters never reach the terminal.
            run.push(if ch == '\t' || ch.is_control() {
                ' '
            } else {
                ch
            });
        }
    }
    push(&mut spans, &mut run, run_style);
    Line::from(spans)
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_marks_what_goes_on_at_either_side() {
        let line = Line::from(vec![Span::raw("POST "), Span::raw("/v1/1234/payments")]);
        let mark = Style::default();
        assert_eq!(
            plain(&window_line(line.clone(), 0, 30, mark)),
            "POST /v1/1234/payments"
        );
        assert_eq!(plain(&window_line(line.clone(), 0, 10, mark)), "POST /v1/›");
        assert_eq!(plain(&window_line(line.clone(), 4, 10, mark)), "‹/v1/1234›");
        assert_eq!(plain(&window_line(line, 12, 10, mark)), "‹/payments");
    }

    #[test]
    fn an_id_gives_way_in_the_middle_never_at_an_end() {
        let id = "6e74263f-130b-447a-856b-cfa7a1b2c3d4";
        assert_eq!(shorten_middle(id, 40), id);
        let short = shorten_middle(id, 25);
        assert_eq!(short, "6e74263f-130…cfa7a1b2c3d4");
        assert_eq!(short.chars().count(), 25);
        assert!(short.starts_with("6e74263f") && short.ends_with("a1b2c3d4"));
        assert_eq!(shorten_middle(id, 2), "…");
    }

    fn plain(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn window_counts_characters_not_bytes() {
        let theme = Theme::default();
        let style = LineStyle {
            json: true,
            highlights: &[],
            highlight_style: Style::default(),
            selection: None,
            marks: &[],
            mark_style: Style::default(),
        };
        let line = styled_line(r#""é💳": "ü""#, 1, 4, &style, &theme);
        assert_eq!(plain(&line), r#"é💳":"#);
    }

    #[test]
    fn highlights_patch_the_token_colour() {
        let theme = Theme::default();
        let style = LineStyle {
            json: true,
            highlights: std::slice::from_ref(&(7..11)),
            highlight_style: theme.error_span,
            selection: None,
            marks: &[],
            mark_style: Style::default(),
        };
        let line = styled_line(r#""a": 1, "bc": 2"#, 0, 40, &style, &theme);
        let hl: String = line
            .spans
            .iter()
            .filter(|s| s.style.bg == theme.error_span.bg)
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(hl, " \"bc");
    }
}
