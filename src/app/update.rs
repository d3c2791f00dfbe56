//! `update(state, action) -> effects`: the only place the app's state changes.

use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui_textarea::Input;

use super::action::{Action, Effect, TerminalEffect};
use super::editor::Field;
use super::error_rows::entry_rows;
use super::keymap::Command;
use super::layout::{self, Panes, Zoom};
use super::response_view::Fold;
use super::state::{App, FOCUS_ORDER, Focus, Level, Notice, Overlay, Phase, PickerKind};
use crate::connect::meta::IDEMPOTENCE_KEY;

impl App {
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let effects = match action {
            Action::Key(key) => self.on_key(key),
            Action::Paste(text) => {
                if let Some(Overlay::Import { text: buffer }) = &mut self.overlay {
                    buffer.push_str(&text);
                } else if let Focus::Request(field) = self.focus
                    && self.overlay.is_none()
                {
                    self.editor.paste(field, &text);
                }
                Vec::new()
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Action::Command(command) => self.command(command),
            Action::Mouse(event) => {
                if self.overlay.is_none() && self.settings.mouse {
                    self.on_mouse(event);
                }
                Vec::new()
            }
            Action::Tick(now) => {
                self.now = now;
                Vec::new()
            }
            Action::Preview { id, exchange } => {
                self.preview(id, exchange);
                Vec::new()
            }
            Action::Finished { id, result } => {
                self.finish(id, result);
                Vec::new()
            }
            Action::EditorClosed(result) => {
                match result {
                    Ok(text) if text == self.editor.body_text() => {
                        self.info("body unchanged".to_string())
                    }
                    Ok(text) => {
                        self.editor.set_body(&text);
                        self.focus = Focus::Request(Field::Body);
                        self.info("body updated from the editor; errors re-located".to_string());
                    }
                    Err(e) => {
                        self.notice = Some(Notice {
                            level: Level::Error,
                            text: format!("editor: {e}"),
                        })
                    }
                }
                Vec::new()
            }
            Action::HistoryRows {
                query,
                rows,
                append,
            } => {
                self.history_rows(query, rows, append);
                Vec::new()
            }
            Action::HistoryOpened {
                entry,
                exchange,
                resend,
            } => self.history_opened(&entry, exchange, resend),
            Action::SearchDone { generation, search } => {
                self.search_done(generation, search);
                Vec::new()
            }
            Action::PathDone { generation, result } => {
                self.path_done(generation, result);
                Vec::new()
            }
            Action::HistoryDeleted(id) => {
                self.history_deleted(id);
                Vec::new()
            }
            Action::HistoryFailed(message) => {
                self.history.loading = false;
                self.notice = Some(Notice {
                    level: Level::Error,
                    text: message,
                });
                Vec::new()
            }
            Action::Terminate => {
                self.quit = true;
                Vec::new()
            }
        };
        self.refresh_derived();
        effects
    }

    pub(super) fn on_key(&mut self, key: crossterm::event::KeyEvent) -> Vec<Effect> {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return Vec::new();
        }
        if let Some(overlay) = self.overlay.clone() {
            return self.on_overlay_key(overlay, key);
        }
        if let Some(command) = self.keymap.resolve(&key, self.key_context()) {
            if let (Command::FoldDepth, crossterm::event::KeyCode::Char(c @ '1'..='9')) =
                (command, key.code)
            {
                self.fold(Fold::Depth(c as usize - '0' as usize));
                return Vec::new();
            }
            return self.command(command);
        }
        if let Focus::Request(field) = self.focus {
            self.editor.input(field, Input::from(key));
        }
        Vec::new()
    }

    pub fn command(&mut self, command: Command) -> Vec<Effect> {
        match command {
            Command::Send => return self.send(None),
            Command::Cancel => return self.cancel(),
            Command::Quit => self.quit = true,
            Command::FocusNext | Command::FocusPrev => {
                self.cycle_focus(command == Command::FocusNext)
            }
            Command::Help => {
                self.overlay = if self.overlay.is_some() {
                    None
                } else {
                    Some(Overlay::Help { scroll: 0 })
                }
            }
            Command::MethodNext => self.editor.cycle_method(true),
            Command::MethodPrev => self.editor.cycle_method(false),
            Command::ScrollUp => self.move_response_cursor(-1),
            Command::ScrollDown => self.move_response_cursor(1),
            Command::PageUp => self.move_response_cursor(-self.page_rows()),
            Command::PageDown => self.move_response_cursor(self.page_rows()),
            Command::Top => {
                self.response_cursor_to(0);
                self.response_scroll = 0;
            }
            Command::Bottom => self.move_response_cursor(isize::MAX / 2),
            Command::ToggleHeaders => {
                self.show_headers = !self.show_headers;
                self.response_scroll = 0;
                self.keep_response_cursor_visible();
            }
            Command::ToggleFold => self.fold(Fold::Toggle),
            Command::FoldAll => self.fold(Fold::All),
            Command::UnfoldAll => self.fold(Fold::None),
            // A digit key carries its depth (see `on_key`); from elsewhere, depth 1.
            Command::FoldDepth => self.fold(Fold::Depth(1)),
            Command::Search => {
                self.overlay = Some(Overlay::Find {
                    path: false,
                    text: String::new(),
                })
            }
            Command::PathFilter => {
                self.overlay = Some(Overlay::Find {
                    path: true,
                    text: String::new(),
                })
            }
            Command::FindNext => self.find_next(true),
            Command::FindPrev => self.find_next(false),
            Command::Narrow => self.toggle_narrow(),
            Command::CopyValue => return self.copy_at_cursor(false),
            Command::CopyPath => return self.copy_at_cursor(true),
            Command::ErrorNext | Command::ErrorPrev => {
                let count = self.error_count();
                let sel = self.problems.selected;
                let next = if command == Command::ErrorNext {
                    sel + 1
                } else {
                    sel.saturating_sub(1)
                };
                self.problems.select(next, count);
            }
            Command::JumpToError => {
                let target = self.problems.jump_selected();
                self.jump_to(target, "this error has no place in the body");
            }
            Command::NextProblem | Command::PrevProblem => {
                let target = self.problems.step(command == Command::NextProblem);
                self.jump_to(target, "no error points into the body");
            }
            Command::PickEnvironment => {
                let selected = self
                    .environments
                    .iter()
                    .position(|e| e.name == self.env.name)
                    .unwrap_or(0);
                self.overlay = Some(Overlay::Picker {
                    kind: PickerKind::Environment,
                    selected,
                });
            }
            Command::PickTemplate => {
                self.overlay = Some(Overlay::Picker {
                    kind: PickerKind::Template,
                    selected: 0,
                })
            }
            Command::ShowAsSent => match self.last_sent {
                Some(_) => self.overlay = Some(Overlay::AsSent { scroll: 0 }),
                None => self.info("nothing sent yet: F5 sends".to_string()),
            },
            Command::NewIdempotenceKey => {
                let key = uuid::Uuid::new_v4().to_string();
                self.editor.set_header(IDEMPOTENCE_KEY, &key);
                self.info(format!(
                    "{IDEMPOTENCE_KEY}: {key} (F5 sends it; sending again replays)"
                ));
            }
            Command::ResendWithPreviousKey => match self
                .last_sent
                .as_ref()
                .and_then(|s| s.idempotence_key.clone())
            {
                Some(key) => {
                    self.editor.set_header(IDEMPOTENCE_KEY, &key);
                    return self.send(None);
                }
                None => self
                    .info("the previous request had no idempotence key (F9 makes one)".to_string()),
            },
            Command::EditInEditor => {
                return vec![Effect::Terminal(TerminalEffect::EditBody {
                    text: self.editor.body_text(),
                })];
            }
            Command::Copy => {
                if self.copy_choices().is_empty() {
                    self.info("nothing to copy yet".to_string());
                } else {
                    self.overlay = Some(Overlay::Picker {
                        kind: PickerKind::Copy,
                        selected: 0,
                    });
                }
            }
            Command::History => return self.open_history(),
            Command::Import => {
                self.overlay = Some(Overlay::Import {
                    text: String::new(),
                })
            }
            Command::Zoom => {
                self.zoomed = !self.zoomed;
            }
            Command::SwitchIndexBase => match self.problems.switch_reading() {
                Some(base) => self.info(format!(
                    "error {}: reading indexes {base}-based",
                    self.problems.selected + 1
                )),
                None => self
                    .info("the selected error's path has no index to read differently".to_string()),
            },
        }
        Vec::new()
    }

    /// Recomputes the pane rectangles for the terminal size and zoom.
    pub(super) fn relayout(&mut self) {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        let zoom = self.zoomed.then_some(match self.focus {
            Focus::Request(_) => Zoom::Request,
            Focus::Response => Zoom::Response,
            Focus::Errors => Zoom::Errors,
        });
        self.panes = Panes::compute(area, zoom);
    }

    pub(super) fn info(&mut self, text: String) {
        self.notice = Some(Notice {
            level: Level::Info,
            text,
        });
    }

    pub(super) fn error_count(&self) -> usize {
        self.exchange().map_or(0, |x| x.report.errors.len())
    }

    pub(super) fn jump_to(&mut self, target: Option<super::problems::Target>, none: &str) {
        let Some(target) = target else {
            self.info(none.to_string());
            return;
        };
        self.editor
            .jump_body_cursor(target.start.line - 1, target.start.column - 1);
        self.focus = Focus::Request(Field::Body);
        self.follow_cursor();
    }

    pub(super) fn cycle_focus(&mut self, forward: bool) {
        let n = FOCUS_ORDER.len();
        let at = FOCUS_ORDER
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        self.focus = FOCUS_ORDER[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
    }

    /// Keeps what is derived from the state in step with it: error locations
    /// follow the body text, the viewport follows the cursor.
    pub(super) fn refresh_derived(&mut self) {
        // Focus decides which pane a zoom shows, so the layout follows every action.
        self.relayout();
        if let Phase::Done(exchange) = &self.phase {
            let stamp = (self.editor.body_revision, Arc::as_ptr(exchange) as usize);
            if self.problems.is_stale(stamp.0, stamp.1) {
                let exchange = Arc::clone(exchange);
                let text = self.editor.body_text();
                self.problems
                    .relocate(&exchange.report, &text, self.settings.index_base, stamp);
            }
        }
        self.follow_cursor();
        self.keep_selected_error_visible();
    }

    pub(super) fn follow_cursor(&mut self) {
        let body = layout::inner(self.panes.body);
        let gutter = layout::gutter_width(self.editor.body.lines().len());
        self.editor.follow_body_cursor(
            body.height as usize,
            body.width.saturating_sub(gutter) as usize,
        );
    }

    pub(super) fn keep_selected_error_visible(&mut self) {
        let Some(exchange) = self.exchange() else {
            return;
        };
        let area = layout::inner(self.panes.errors);
        // Two columns go to the selection marker, as the panel draws it.
        let width = (area.width as usize).saturating_sub(2);
        // The errorId line is always drawn first.
        let budget = (area.height as usize).saturating_sub(1);
        let heights: Vec<usize> = exchange
            .report
            .errors
            .iter()
            .enumerate()
            .map(|(i, e)| {
                entry_rows(
                    e,
                    self.problems.located.get(i).and_then(Option::as_ref),
                    width,
                )
                .len()
            })
            .collect();
        if heights.is_empty() {
            return;
        }
        let sel = self.problems.selected;
        if sel < self.problems.first_visible {
            self.problems.first_visible = sel;
        }
        // Move the window down until the selected entry fits under the budget.
        loop {
            let sel = sel.min(heights.len() - 1);
            let used: usize = heights[self.problems.first_visible.min(sel)..=sel]
                .iter()
                .sum();
            if used <= budget || self.problems.first_visible >= sel {
                break;
            }
            self.problems.first_visible += 1;
        }
    }
}
