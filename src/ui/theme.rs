//! Every colour the UI uses, in one place. The default theme keeps to the 16
//! ANSI colours so it reads right over any SSH terminal.

use ratatui::style::{Color, Modifier, Style};

use crate::body::TokenKind;

#[derive(Debug, Clone)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub text: Style,
    pub dim: Style,
    pub key: Style,
    pub string: Style,
    pub number: Style,
    pub literal: Style,
    pub punctuation: Style,
    pub other: Style,
    pub gutter: Style,
    pub gutter_mark: Style,
    pub cursor: Style,
    pub error_span: Style,
    pub status_success: Style,
    pub status_client: Style,
    pub status_server: Style,
    pub status_other: Style,
    pub unlisted: Style,
    pub verdict_good: Style,
    pub verdict_bad: Style,
    pub selected: Style,
    pub error_code: Style,
    pub place: Style,
    pub info: Style,
    pub warning: Style,
    pub error: Style,
    pub env: Style,
    pub env_production: Style,
    pub hint_key: Style,
    pub method: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let fg = |c: Color| Style::default().fg(c);
        Self {
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            title: Style::default().add_modifier(Modifier::BOLD),
            text: Style::default(),
            dim: fg(Color::DarkGray),
            key: fg(Color::Blue).add_modifier(Modifier::BOLD),
            string: fg(Color::Green),
            number: fg(Color::Magenta),
            literal: fg(Color::Yellow),
            punctuation: Style::default(),
            other: fg(Color::Red),
            gutter: fg(Color::DarkGray),
            gutter_mark: fg(Color::Red).add_modifier(Modifier::BOLD),
            cursor: Style::default().add_modifier(Modifier::REVERSED),
            error_span: Style::default().bg(Color::Red).fg(Color::White),
            status_success: fg(Color::Green).add_modifier(Modifier::BOLD),
            status_client: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            status_server: fg(Color::Red).add_modifier(Modifier::BOLD),
            status_other: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            unlisted: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            verdict_good: fg(Color::Green),
            verdict_bad: fg(Color::Yellow),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            error_code: fg(Color::Red).add_modifier(Modifier::BOLD),
            place: fg(Color::Cyan),
            info: fg(Color::Cyan),
            warning: fg(Color::Yellow),
            error: fg(Color::Red).add_modifier(Modifier::BOLD),
            env: fg(Color::Black).bg(Color::Cyan),
            env_production: fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
            hint_key: Style::default().add_modifier(Modifier::BOLD),
            method: fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }
}

impl Theme {
    pub fn token(&self, kind: TokenKind) -> Style {
        match kind {
            TokenKind::Key => self.key,
            TokenKind::String => self.string,
            TokenKind::Number => self.number,
            TokenKind::Literal => self.literal,
            TokenKind::Punctuation => self.punctuation,
            TokenKind::Other => self.other,
        }
    }
}
