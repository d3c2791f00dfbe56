//! A ratatui backend that writes as few bytes as it can: cinspect runs over SSH
//! and slow links, where every byte of a redraw is latency. Compared with the
//! general-purpose crossterm backend it
//! - remembers the pen (colours, modifiers) across frames instead of resetting
//!   it after each one, and emits only what changes, in one short SGR sequence
//!   with the 16-colour codes (`\x1b[32m`, not `\x1b[38;5;2m`);
//! - moves the cursor only when the next cell is not where it already is, and
//!   forward on the same row with the shortest sequence;
//! - shows, hides and places the terminal cursor only when that changes.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// What the terminal is currently set to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

const DEFAULT_PEN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

pub struct LeanBackend<W: Write> {
    out: W,
    pen: Pen,
    /// Where the terminal's cursor is, when known.
    cursor: Option<Position>,
    cursor_visible: Option<bool>,
}

impl<W: Write> LeanBackend<W> {
    /// The terminal's pen is unknown at the start, so the first cell sets it.
    pub fn new(out: W) -> Self {
        Self {
            out,
            pen: Pen {
                fg: Color::Indexed(255),
                bg: Color::Indexed(255),
                modifier: Modifier::all(),
            },
            cursor: None,
            cursor_visible: None,
        }
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn move_to(&mut self, to: Position) -> io::Result<()> {
        match self.cursor {
            Some(at) if at == to => Ok(()),
            Some(at) if at.y == to.y && to.x > at.x => {
                let n = to.x - at.x;
                if n == 1 {
                    write!(self.out, "\x1b[C")
                } else {
                    write!(self.out, "\x1b[{n}C")
                }
            }
            Some(at) if at.y == to.y && to.x < at.x => {
                let n = at.x - to.x;
                if n == 1 {
                    write!(self.out, "\x1b[D")
                } else {
                    write!(self.out, "\x1b[{n}D")
                }
            }
            _ => write!(self.out, "\x1b[{};{}H", to.y + 1, to.x + 1),
        }
    }

    fn set_pen(&mut self, want: Pen) -> io::Result<()> {
        if want == self.pen {
            return Ok(());
        }
        let mut codes: Vec<String> = Vec::new();
        let mut from = self.pen;
        // SGR cannot switch a single attribute off portably: start over instead.
        if !want.modifier.contains(from.modifier) {
            codes.push("0".into());
            from = DEFAULT_PEN;
        }
        for (flag, code) in [
            (Modifier::BOLD, "1"),
            (Modifier::DIM, "2"),
            (Modifier::ITALIC, "3"),
            (Modifier::UNDERLINED, "4"),
            (Modifier::SLOW_BLINK, "5"),
            (Modifier::RAPID_BLINK, "6"),
            (Modifier::REVERSED, "7"),
            (Modifier::HIDDEN, "8"),
            (Modifier::CROSSED_OUT, "9"),
        ] {
            if want.modifier.contains(flag) && !from.modifier.contains(flag) {
                codes.push(code.into());
            }
        }
        if want.fg != from.fg {
            codes.push(colour_code(want.fg, false));
        }
        if want.bg != from.bg {
            codes.push(colour_code(want.bg, true));
        }
        self.pen = want;
        if codes.is_empty() {
            Ok(())
        } else {
            write!(self.out, "\x1b[{}m", codes.join(";"))
        }
    }
}

/// The shortest SGR parameter for a colour.
fn colour_code(colour: Color, background: bool) -> String {
    let base = if background { 40 } else { 30 };
    let bright = if background { 100 } else { 90 };
    let ansi = |n: u8| {
        if n < 8 {
            (base + n as u16).to_string()
        } else {
            (bright + (n - 8) as u16).to_string()
        }
    };
    match colour {
        Color::Reset => (base + 9).to_string(),
        Color::Black => ansi(0),
        Color::Red => ansi(1),
        Color::Green => ansi(2),
        Color::Yellow => ansi(3),
        Color::Blue => ansi(4),
        Color::Magenta => ansi(5),
        Color::Cyan => ansi(6),
        Color::Gray => ansi(7),
        Color::DarkGray => ansi(8),
        Color::LightRed => ansi(9),
        Color::LightGreen => ansi(10),
        Color::LightYellow => ansi(11),
        Color::LightBlue => ansi(12),
        Color::LightMagenta => ansi(13),
        Color::LightCyan => ansi(14),
        Color::White => ansi(15),
        Color::Indexed(n) => format!("{};5;{n}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            self.move_to(Position::new(x, y))?;
            self.set_pen(Pen {
                fg: cell.fg,
                bg: cell.bg,
                modifier: cell.modifier,
            })?;
            let symbol = cell.symbol();
            self.out.write_all(symbol.as_bytes())?;
            // The terminal moved the cursor by the symbol's width.
            self.cursor = Some(Position::new(
                x.saturating_add(symbol.width().max(1) as u16),
                y,
            ));
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(false) {
            self.out.write_all(b"\x1b[?25l")?;
            self.cursor_visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(true) {
            self.out.write_all(b"\x1b[?25h")?;
            self.cursor_visible = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Never asks the terminal (an answer may not come over a slow link).
        Ok(self.cursor.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.move_to(position)?;
        self.cursor = Some(position);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erasing paints with the current background: use the default one.
        self.set_pen(DEFAULT_PEN)?;
        let code = match clear_type {
            ClearType::All => "2J",
            ClearType::AfterCursor => "J",
            ClearType::BeforeCursor => "1J",
            ClearType::CurrentLine => "2K",
            ClearType::UntilNewLine => "K",
        };
        write!(self.out, "\x1b[{code}")
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = crossterm::terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let size = crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: size.columns,
                height: size.rows,
            },
            pixels: Size {
                width: size.width,
                height: size.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::Style;
    use ratatui::text::{Line, Span};
    use ratatui::widgets::Paragraph;

    fn frame(
        terminal: &mut Terminal<LeanBackend<Vec<u8>>>,
        text: &str,
        style: Style,
        cursor: Option<(u16, u16)>,
    ) -> String {
        terminal.backend_mut().writer_mut().clear();
        terminal
            .draw(|f| {
                f.render_widget(
                    Paragraph::new(Line::from(Span::styled(text.to_string(), style))),
                    f.area(),
                );
                if let Some(c) = cursor {
                    f.set_cursor_position(c);
                }
            })
            .expect("draw");
        String::from_utf8_lossy(terminal.backend_mut().writer_mut()).into_owned()
    }

    fn terminal() -> Terminal<LeanBackend<Vec<u8>>> {
        Terminal::with_options(
            LeanBackend::new(Vec::new()),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2)),
            },
        )
        .expect("terminal")
    }

    #[test]
    fn one_typed_character_costs_a_few_bytes() {
        let mut t = terminal();
        let green = Style::default().fg(Color::Green);
        frame(&mut t, "\"abc\"", green, Some((4, 0)));
        let out = frame(&mut t, "\"abcx\"", green, Some((5, 0)));
        // The cursor already sits on the first changed cell: two characters in
        // the same pen, then the cursor one back.
        assert_eq!(out, "x\"\x1b[D");
    }

    #[test]
    fn sixteen_colours_use_the_short_codes_and_one_sequence() {
        let mut t = terminal();
        let out = frame(
            &mut t,
            "x",
            Style::default()
                .fg(Color::DarkGray)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            None,
        );
        assert!(out.contains(";1;90;44mx"), "{out:?}");
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        let mut t = terminal();
        frame(&mut t, "same", Style::default(), None);
        assert_eq!(frame(&mut t, "same", Style::default(), None), "");
    }

    #[test]
    fn dropping_a_modifier_resets_the_pen() {
        let mut t = terminal();
        frame(
            &mut t,
            "ab",
            Style::default().add_modifier(Modifier::REVERSED),
            None,
        );
        let out = frame(&mut t, "ab", Style::default(), None);
        assert!(
            out.starts_with("\x1b[1;1H\x1b[0m") || out.contains("\x1b[0m"),
            "{out:?}"
        );
    }
}
