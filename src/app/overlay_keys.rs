//! Keys while an overlay is open (help, pickers, prompts, history,
//! confirmations), and what choosing an item does.

use std::sync::Arc;

use super::action::{Effect, TerminalEffect};
use super::editor::Field;
use super::keymap::{Command, Context};
use super::state::{App, Focus, Level, Notice, Overlay, PickerKind};

impl App {
    pub(super) fn on_overlay_key(
        &mut self,
        overlay: Overlay,
        key: crossterm::event::KeyEvent,
    ) -> Vec<Effect> {
        use crossterm::event::KeyCode;
        let command = self.keymap.resolve(
            &key,
            Context {
                typing: false,
                scope: None,
            },
        );
        if command == Some(Command::Quit) {
            return self.command(Command::Quit);
        }
        match overlay {
            Overlay::Help { scroll } => {
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => {
                        self.overlay = Some(Overlay::Help {
                            scroll: scroll.saturating_sub(1),
                        })
                    }
                    KeyCode::Down | KeyCode::Char('j') => {
                        self.overlay = Some(Overlay::Help { scroll: scroll + 1 })
                    }
                    _ if matches!(command, Some(Command::Help | Command::Cancel))
                        || key.code == KeyCode::Char('q') =>
                    {
                        self.overlay = None
                    }
                    _ => {}
                }
                Vec::new()
            }
            Overlay::Picker { kind, selected } => {
                let count = match kind {
                    PickerKind::Environment => self.environments.len(),
                    PickerKind::Template => self.templates.len(),
                    PickerKind::Copy => self.copy_choices().len(),
                };
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => {
                        self.overlay = Some(Overlay::Picker {
                            kind,
                            selected: selected.saturating_sub(1),
                        })
                    }
                    KeyCode::Down | KeyCode::Char('j') => {
                        self.overlay = Some(Overlay::Picker {
                            kind,
                            selected: (selected + 1).min(count.saturating_sub(1)),
                        })
                    }
                    KeyCode::Enter => {
                        self.overlay = None;
                        return self.pick(kind, selected);
                    }
                    KeyCode::Esc => self.overlay = None,
                    _ => {}
                }
                Vec::new()
            }
            Overlay::Import { mut text } => {
                match key.code {
                    KeyCode::Enter => {
                        self.overlay = None;
                        self.import(&text);
                    }
                    KeyCode::Esc => self.overlay = None,
                    KeyCode::Backspace => {
                        text.pop();
                        self.overlay = Some(Overlay::Import { text });
                    }
                    KeyCode::Char(c)
                        if !key
                            .modifiers
                            .contains(crossterm::event::KeyModifiers::CONTROL) =>
                    {
                        text.push(c);
                        self.overlay = Some(Overlay::Import { text });
                    }
                    _ => {}
                }
                Vec::new()
            }
            Overlay::History => self.on_history_key(key, command),
            Overlay::Find { path, mut text } => match key.code {
                KeyCode::Enter => {
                    self.overlay = None;
                    if path {
                        self.start_path_filter(&text)
                    } else {
                        self.start_search(&text)
                    }
                }
                KeyCode::Esc => {
                    self.overlay = None;
                    Vec::new()
                }
                KeyCode::Backspace => {
                    text.pop();
                    self.overlay = Some(Overlay::Find { path, text });
                    Vec::new()
                }
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL) =>
                {
                    text.push(c);
                    self.overlay = Some(Overlay::Find { path, text });
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Overlay::AsSent { scroll } => {
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => {
                        self.overlay = Some(Overlay::AsSent {
                            scroll: scroll.saturating_sub(1),
                        })
                    }
                    KeyCode::Down | KeyCode::Char('j') => {
                        self.overlay = Some(Overlay::AsSent { scroll: scroll + 1 })
                    }
                    KeyCode::PageUp => {
                        self.overlay = Some(Overlay::AsSent {
                            scroll: scroll.saturating_sub(10),
                        })
                    }
                    KeyCode::PageDown => {
                        self.overlay = Some(Overlay::AsSent {
                            scroll: scroll + 10,
                        })
                    }
                    _ if matches!(command, Some(Command::Cancel | Command::ShowAsSent))
                        || key.code == KeyCode::Char('q') =>
                    {
                        self.overlay = None
                    }
                    _ => {}
                }
                Vec::new()
            }
            Overlay::Confirm { then, .. } => match key.code {
                KeyCode::Char('y' | 'Y') => {
                    self.overlay = None;
                    self.send(Some(then))
                }
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                    self.overlay = None;
                    self.notice = Some(Notice {
                        level: Level::Info,
                        text: "not sent".to_string(),
                    });
                    Vec::new()
                }
                _ => Vec::new(),
            },
        }
    }

    pub(super) fn pick(&mut self, kind: PickerKind, index: usize) -> Vec<Effect> {
        match kind {
            PickerKind::Copy => {
                let Some(choice) = self.copy_choices().into_iter().nth(index) else {
                    return Vec::new();
                };
                if let Some(text) = self.copy_text(choice.kind) {
                    self.info(format!(
                        "copied {} bytes: {} (OSC 52)",
                        text.len(),
                        choice.label
                    ));
                    return vec![Effect::Terminal(TerminalEffect::Copy { text })];
                }
            }
            PickerKind::Environment => {
                if let Some(env) = self.environments.get(index) {
                    self.env = Arc::clone(env);
                    let warning = if env.production {
                        " (PRODUCTION: non-GET requests ask first)"
                    } else {
                        ""
                    };
                    self.info(format!(
                        "environment {} at {}{warning}",
                        env.name, env.base_url
                    ));
                }
            }
            PickerKind::Template => {
                if let Some(t) = self.templates.get(index).cloned() {
                    self.editor.load(&t.method, &t.path, &t.body);
                    self.focus = Focus::Request(if t.path.contains("{paymentId}") {
                        Field::Url
                    } else {
                        Field::Body
                    });
                    self.info(format!("template {}: {}", t.name, t.description));
                }
            }
        }
        Vec::new()
    }

    /// Replaces the request with an imported one; notes (dropped signing
    /// headers, ignored options) go to the status bar.
    pub fn import(&mut self, text: &str) {
        match super::interop::parse_import(text) {
            Ok((request, notes)) => {
                self.load_request_text(&request);
                self.focus = Focus::Request(Field::Body);
                let mut message = format!("imported {} {}", request.method, request.url);
                if !notes.is_empty() {
                    message.push_str(&format!(" ({})", notes.join("; ")));
                }
                self.info(message);
            }
            Err(e) => {
                self.notice = Some(Notice {
                    level: Level::Error,
                    text: format!("not imported: {e}"),
                })
            }
        }
    }
}
