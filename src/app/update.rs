//! `update(state, action) -> effects`: the only place the app's state changes.
//! It routes: keys through the key map to the open overlay or the focused
//! pane's component, results to the component that asked for them.

use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui_textarea::Input;

use super::action::{Action, Effect, HistoryFailure, Shown, TerminalEffect};
use super::component::{self, Component, Cx};
use super::editor::{BodyMarks, Field};
use super::keymap::{Command, Context};
use super::layout::{self, Panes, Zoom};
use super::overlay::{Overlay, Picker, PickerKind, Prompt};
use super::reply::{Ask, Reply};
use super::showing::{OnShow, Relation, Showing};
use super::state::{App, FOCUS_ORDER, Focus, Level, ModelRead, Notice};
use super::text_input::TextInput;
use crate::connect::meta::IDEMPOTENCE_KEY;
use crate::pipeline::Failure;

impl App {
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = match action {
            Action::Key(key) => self.on_key(key),
            Action::Paste(text) => self.on_paste(&text),
            Action::Resize(w, h) => {
                self.chrome.size = (w, h);
                Vec::new()
            }
            // A command goes where a key bound to it would: the open overlay first.
            Action::Command(command) if self.overlay.is_some() => {
                self.on_overlay(Some(command), None)
            }
            Action::Command(command) => self.command(command),
            Action::SwitchEnvironment(env) => {
                self.use_environment(Arc::new(*env));
                Vec::new()
            }
            Action::Edit(editor) => {
                self.editor = *editor;
                Vec::new()
            }
            Action::Focus(focus) => {
                self.focus = focus;
                Vec::new()
            }
            Action::Mouse(event) => {
                if self.overlay.is_none() && self.settings.mouse {
                    self.on_mouse(event);
                }
                Vec::new()
            }
            Action::Tick(now) => {
                self.chrome.now = now;
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
            Action::Show(shown) => {
                self.show(*shown);
                Vec::new()
            }
            Action::EditorClosed(result) => {
                match result {
                    Ok(text) if text == self.editor.body_text() => self.info("body unchanged"),
                    Ok(text) => {
                        self.editor.set_body(&text);
                        self.focus = Focus::Request(Field::Body);
                        self.info("body updated from the editor; errors re-located");
                    }
                    Err(e) => self.say(Level::Error, format!("editor: {e}")),
                }
                Vec::new()
            }
            Action::HistoryRows {
                query,
                rows,
                append,
            } => {
                if let Err(e) = self.history.rows_arrived(query, rows, append) {
                    self.say(Level::Error, format!("history: {e}"));
                }
                Vec::new()
            }
            Action::HistoryOpened {
                entry,
                exchange,
                resend,
            } => self.history_opened(&entry, exchange, resend),
            Action::SearchDone { generation, search } => {
                if let Some(x) = self.exchange().cloned() {
                    let reply = self.response.search_done(generation, search, &x);
                    return self.take(reply);
                }
                Vec::new()
            }
            Action::PathDone { generation, result } => {
                if let Some(x) = self.exchange().cloned() {
                    let reply = self.response.path_done(generation, result, &x);
                    return self.take(reply);
                }
                Vec::new()
            }
            Action::HistoryDeleted(id) => {
                self.history.deleted(id);
                self.info(format!("deleted history entry {id}"));
                Vec::new()
            }
            Action::HistoryFailed(failure) => {
                self.history.failed();
                self.say(Level::Error, failure.to_string());
                Vec::new()
            }
            Action::OpenLog(path) => return self.open_log(&path),
            Action::LogRows {
                read,
                rows,
                bytes_read,
                total_bytes,
            } => {
                self.log_rows(read, rows, bytes_read, total_bytes);
                Vec::new()
            }
            Action::LogDone { read, notes } => {
                self.log_done(read, notes);
                Vec::new()
            }
            Action::LoggedRead { open, result } => {
                self.logged_read(open, result);
                Vec::new()
            }
            Action::OpenRequests(path) => self.open_request_files(&path, true),
            Action::RequestsRead { load, batch } => {
                self.requests_read(load, batch);
                Vec::new()
            }
            Action::DirListed(listing) => {
                self.dir_listed(listing);
                Vec::new()
            }
            Action::RequestFileWritten { path, result } => {
                self.request_file_written(&path, result);
                Vec::new()
            }
            Action::Problem(text) => {
                self.say(Level::Warning, crate::body::printable(&text).into_owned());
                Vec::new()
            }
            Action::Webhook(received) => {
                self.webhook_arrived(received);
                Vec::new()
            }
            Action::WebhookCounts(counts) => {
                self.webhook_counts(counts);
                Vec::new()
            }
            Action::WebhooksListening(result) => {
                self.webhooks_listening(result);
                Vec::new()
            }
            Action::WebhookOpened {
                open,
                shown,
                exchange,
            } => {
                self.webhook_built(open, *shown, exchange);
                Vec::new()
            }
            Action::CompareProgress { ticket, progress } => {
                self.compare_progress(ticket, progress);
                Vec::new()
            }
            Action::Compared { ticket, result } => {
                self.compared(ticket, result);
                Vec::new()
            }
            Action::Terminate(signal) => {
                self.chrome.quit = true;
                self.chrome.exit_signal = Some(signal);
                Vec::new()
            }
            Action::BodyChecked(checked) => {
                self.editor.model_mut().checked(*checked);
                Vec::new()
            }
            Action::ModelRead => {
                self.model_read = ModelRead::Ask;
                Vec::new()
            }
            Action::EnvironmentAdded(result) => {
                self.environment_added(result);
                Vec::new()
            }
        };
        effects.extend(self.refresh_derived());
        effects
    }

    /// Takes a component's reply: its notice, its effects, what it asks.
    pub(super) fn take(&mut self, reply: Reply) -> Vec<Effect> {
        if let Some(notice) = reply.notice {
            let at = super::state::clock_time(self.clock.epoch_ms());
            self.chrome.say(notice, at);
        }
        let mut effects = reply.effects;
        if let Some(ask) = reply.ask {
            effects.extend(match ask {
                Ask::OpenChosenLog => self.open_chosen_log_row(),
                Ask::StopLogRead => self.stop_log_read(),
                Ask::OpenWebhook(chosen) => self.open_webhook(chosen),
                Ask::Redeliver(chosen) => self.redeliver_webhook(chosen),
                Ask::CompareToEditor => {
                    self.compare_to_editor();
                    Vec::new()
                }
                Ask::CompareShow(which) => self.compare_show(which),
                Ask::CompareCopy => self.compare_copy(),
            });
        }
        effects.extend(self.refresh_derived());
        effects
    }

    fn on_key(&mut self, key: crossterm::event::KeyEvent) -> Vec<Effect> {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return Vec::new();
        }
        let command = self.keymap.resolve(&key, self.key_context());
        if self.overlay.is_some() {
            let alt = crossterm::event::KeyModifiers::ALT;
            if command.is_none() && key.modifiers.contains(alt) {
                // Esc and a key typed quickly reach us as one Alt chord: take it as both
                // (overlays bind no Alt chord), so Esc then Ctrl-Q still quits.
                let mut plain = key;
                plain.modifiers.remove(alt);
                let mut effects = self.on_key(crossterm::event::KeyEvent::from(
                    crossterm::event::KeyCode::Esc,
                ));
                effects.extend(self.on_key(plain));
                return effects;
            }
            return self.on_overlay(command, Some(&key));
        }
        if let Some(command) = command {
            return self.dispatch(command, Some(&key));
        }
        if let Focus::Request(field) = self.focus {
            self.editor.input(field, Input::from(key));
        }
        Vec::new()
    }

    fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        match &mut self.overlay {
            Some(Overlay::Import(input) | Overlay::Find { input, .. }) => {
                input.paste(text);
            }
            Some(Overlay::Picker(picker)) => {
                if picker.filter_mut().paste(text) {
                    picker.filtered();
                }
            }
            Some(overlay @ (Overlay::History | Overlay::Logs | Overlay::Webhooks)) => {
                let overlay = overlay.clone();
                let area = Rect::new(0, 0, self.chrome.size.0, self.chrome.size.1);
                let input = component::Input::Paste(text);
                if let Some(reply) = self.list_overlay_reply(&overlay, input, area) {
                    return self.take(reply);
                }
            }
            Some(Overlay::Palette(palette)) => palette.paste(text),
            Some(Overlay::AddEnvironment(form)) => form.paste(text),
            Some(Overlay::Help(view)) if view.typing() => view.paste(text),
            Some(Overlay::Prompt { input, offered, .. }) => {
                if input.paste(text) {
                    offered.clear();
                }
            }
            // A paste ends completing: it goes into the body.
            Some(Overlay::Complete(_)) => {
                self.overlay = None;
                self.editor.paste(Field::Body, text);
            }
            Some(_) => {}
            None => {
                if let Focus::Request(field) = self.focus {
                    self.editor.paste(field, text);
                }
            }
        }
        Vec::new()
    }

    /// A command for the panes (overlays route theirs in `overlay_keys`).
    pub fn command(&mut self, command: Command) -> Vec<Effect> {
        self.dispatch(command, None)
    }

    /// A command, with the key that gave it: the panes' components first
    /// (the key map gave it for the focused one's context), then the
    /// global commands.
    fn dispatch(
        &mut self,
        command: Command,
        key: Option<&crossterm::event::KeyEvent>,
    ) -> Vec<Effect> {
        if self.editor.update(command) {
            return Vec::new();
        }
        // With a selection in the body, Ctrl-X is the text field's own (it
        // cuts); the other completion keys still complete (a jump selects
        // the value, and an id goes in its place).
        if command == Command::Complete
            && self.focus == Focus::Request(Field::Body)
            && self.editor.body_selection().is_some()
            && let Some(key) = key
            && key.code == crossterm::event::KeyCode::Char('x')
        {
            // Cut to the terminal's clipboard too (OSC 52), as Ctrl-Y copies.
            let cut = self.editor.selected_body_text();
            self.editor.input(Field::Body, Input::from(*key));
            return cut
                .map(|text| {
                    vec![Effect::Terminal(super::action::TerminalEffect::Copy {
                        text,
                    })]
                })
                .unwrap_or_default();
        }
        let exchange = self.showing.exchange().cloned();
        let cx = Cx {
            exchange: exchange.as_ref(),
            page: 0,
        };
        let input = component::Input::Command(command, key);
        let reply = self.response.handle(input, &cx);
        if reply.handled {
            return self.take(reply);
        }
        let reply = self.errors.handle(input, &cx);
        if reply.handled {
            return self.take(reply);
        }
        self.global(command)
    }

    /// The commands that belong to no pane.
    fn global(&mut self, command: Command) -> Vec<Effect> {
        match command {
            Command::Send => return self.send(Default::default()),
            Command::Cancel => return self.cancel(),
            Command::Quit if self.is_modified() => {
                let what = self.request_source().map(|f| f.label()).unwrap_or_default();
                self.open(Overlay::Confirm {
                    question: format!("{what} has unsaved changes. Quit without saving?"),
                    then: super::overlay::OnYes::Quit,
                });
            }
            Command::Quit => self.chrome.quit = true,
            Command::Save if self.request_source().is_none() => self.open(Prompt::SaveAs.open()),
            Command::Save => return self.save_request(),
            Command::OpenRequests => self.open(Prompt::OpenRequests.open()),
            Command::FocusNext | Command::FocusPrev => {
                self.cycle_focus(command == Command::FocusNext)
            }
            Command::Palette => {
                let palette = super::palette::Palette::open(&self.keymap, self.pane_context());
                self.open(Overlay::Palette(Box::new(palette)));
            }
            Command::Help => self.open(Overlay::Help(Default::default())),
            Command::Search | Command::PathFilter if self.exchange().is_some() => {
                self.open(Overlay::Find {
                    path: command == Command::PathFilter,
                    input: TextInput::default(),
                })
            }
            Command::Search | Command::PathFilter => {
                let send = self.keymap.key_in(Command::Send, Context::TEXT);
                self.info(format!("nothing to search yet: {send} sends"))
            }
            // The previous request's errors have no place here; the findings
            // before sending are this body's own, and F8 still reaches them.
            Command::JumpToError | Command::NextProblem | Command::PrevProblem
                if self.previous_errors_only(command) =>
            {
                let key = self.keymap.keys_in(Command::Send, Context::RESPONSE);
                self.info(format!(
                    "these errors answered the previous request, not the one in the editor: {key} sends this one"
                ));
            }
            Command::InsertMissing if self.errors.finding(self.errors.selected()).is_some() => {
                self.rename_to_suggestion()
            }
            Command::InsertMissing
                if self.exchange().is_some() && self.relation() == Relation::Previous =>
            {
                self.info("these errors answered the previous request, not the one in the editor");
            }
            Command::InsertMissing => self.insert_missing(),
            Command::Complete => self.complete(),
            Command::NextMask => self.next_mask(),
            Command::FillCard => self.fill_card(),
            Command::Undo => self.undo(false),
            Command::Redo => self.undo(true),
            Command::JumpToError => {
                let target = self.errors.jump(command);
                let landed = target.is_some();
                self.jump_to(target, "this error has no place in the body");
                if landed {
                    self.say_finding();
                    self.say_quick_fix();
                }
            }
            Command::NextProblem | Command::PrevProblem => {
                let target = self.errors.jump(command);
                let landed = target.is_some();
                self.jump_to(target, "no error points into the body");
                if landed {
                    self.say_finding();
                    self.say_quick_fix();
                }
            }
            Command::PickEnvironment => {
                let selected = self.envs.active_index();
                self.open(Overlay::Picker(Picker::new(
                    PickerKind::Environment,
                    selected,
                )));
            }
            Command::PickTemplate => {
                self.open(Overlay::Picker(Picker::new(PickerKind::Template, 0)))
            }
            Command::Notices => {
                // Opened at the newest, as a message history is read.
                let area = Rect::new(0, 0, self.chrome.size.0, self.chrome.size.1);
                let boxed = layout::as_sent_box(area);
                let rows = self
                    .notice_rows(usize::from(boxed.width.saturating_sub(2)))
                    .len();
                let mut scroll = super::list::ListNav::default();
                scroll.set(rows.saturating_sub(layout::text_rows(boxed)), rows);
                self.open(Overlay::Notices { scroll });
            }
            Command::ShowAsSent => match self.sends.last_sent() {
                Some(_) => self.open(Overlay::AsSent {
                    scroll: Default::default(),
                    across: 0,
                }),
                None => {
                    let send = self.keymap.key_in(Command::Send, Context::TEXT);
                    self.info(format!("nothing sent yet: {send} sends"))
                }
            },
            Command::NewIdempotenceKey => {
                let key = self.clock.fresh_key();
                self.editor.set_header(IDEMPOTENCE_KEY, &key);
                let send = self.keymap.key_in(Command::Send, Context::TEXT);
                self.info(format!(
                    "{IDEMPOTENCE_KEY}: {key} ({send} sends it; sending again replays)"
                ));
            }
            Command::ResendWithPreviousKey => match self
                .sends
                .last_sent()
                .and_then(|s| s.idempotence_key.clone())
            {
                Some(key) => {
                    self.editor.set_header(IDEMPOTENCE_KEY, &key);
                    return self.send(Default::default());
                }
                None => {
                    let make = self
                        .keymap
                        .key_in(Command::NewIdempotenceKey, Context::TEXT);
                    self.info(format!(
                        "the previous request had no idempotence key ({make} makes one)"
                    ))
                }
            },
            Command::EditInEditor => {
                return vec![Effect::Terminal(TerminalEffect::EditBody {
                    text: self.editor.body_text(),
                })];
            }
            // A selection in the body: copied as it is (OSC 52).
            Command::Copy
                if self.focus == Focus::Request(Field::Body)
                    && self.editor.selected_body_text().is_some() =>
            {
                let text = self.editor.selected_body_text().unwrap_or_default();
                self.info(format!(
                    "copied the selection, {} bytes (OSC 52)",
                    text.len()
                ));
                return vec![Effect::Terminal(super::action::TerminalEffect::Copy {
                    text,
                })];
            }
            Command::Copy => {
                if self.copy_choices().is_empty() {
                    self.info("nothing to copy yet");
                } else {
                    self.open(Overlay::Picker(Picker::new(PickerKind::Copy, 0)));
                }
            }
            Command::History => return self.open_history(),
            Command::Webhooks => self.open_webhooks(),
            Command::Import => self.open(Overlay::Import(TextInput::multi_line())),
            Command::OpenLog if self.logs().path().is_empty() => self.open(Prompt::OpenLog.open()),
            // The log read last: Ctrl-L again opens another (Esc, then Ctrl-L in the prompt).
            Command::OpenLog => self.open(Overlay::Logs),
            Command::Zoom => self.chrome.zoomed = !self.chrome.zoomed,
            Command::MarkLeft => self.mark_shown(),
            Command::Compare => return self.compare_shown(),
            Command::ClearIds => {
                let n = self.forget_carried();
                let seen = self.ids.forget();
                self.info(format!(
                    "forgot {n} carried id(s) and {seen} id(s) seen in responses"
                ));
            }
            // The panes' own commands when nothing is on show, and overlay commands.
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn open(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
    }

    fn open_history(&mut self) -> Vec<Effect> {
        if let Some(off) = self.history.off() {
            let text = HistoryFailure::Off(off.clone()).to_string();
            self.say(Level::Warning, text);
            return Vec::new();
        }
        self.open(Overlay::History);
        self.history.open()
    }

    /// Puts an exchange from elsewhere (history, a log) in the panes.
    pub(super) fn show(&mut self, shown: Shown) {
        self.overlay = None;
        self.forget_webhook_opening();
        if let Some(editor) = shown.editor {
            self.editor = editor;
            self.focus = Focus::Request(Field::Body);
        }
        self.response.reset();
        match shown.result {
            Ok(exchange) => {
                self.errors.reset(exchange.report.errors.len());
                // The exchange shown answers the request it came with.
                self.showing = Showing::Exchange(OnShow {
                    exchange,
                    answers: self.current_request(),
                    source: shown.source,
                });
            }
            Err(failure) => self.fail(failure),
        }
        if let Some(text) = shown.notice {
            self.info(text);
        }
    }

    /// Whether the errors panel has errors (or an errorId) or findings of
    /// the API's model to list; else it is drawn as a strip.
    pub fn errors_listed(&self) -> bool {
        !self.errors.listed_findings().is_empty()
            || self
                .showing
                .exchange()
                .is_some_and(|x| !x.report.errors.is_empty() || x.report.error_id.is_some())
    }

    /// The response head of the exchange on show (or its preview), wrapped
    /// to the pane; None when the head is not an exchange's.
    pub fn response_head(&self) -> Option<Vec<super::response_head::Row>> {
        let x = match &self.showing {
            Showing::Exchange(on) => &on.exchange,
            Showing::InFlight(flight) => flight.preview.as_ref()?,
            _ => return None,
        };
        let area = layout::inner(self.chrome.panes.response);
        let max = super::response_head::max_rows(area.height);
        Some(super::response_head::rows(x, area.width, max))
    }

    /// Rows the response head takes.
    fn response_head_rows(&self) -> u16 {
        self.response_head()
            .map_or(layout::RESPONSE_HEADER_ROWS, |rows| rows.len() as u16)
    }

    /// Recomputes the pane rectangles for the terminal size and zoom.
    fn relayout(&mut self) {
        let area = Rect::new(0, 0, self.chrome.size.0, self.chrome.size.1);
        let zoom = self.chrome.zoomed.then_some(match self.focus {
            Focus::Request(_) => Zoom::Request,
            Focus::Response => Zoom::Response,
            Focus::Errors => Zoom::Errors,
        });
        self.chrome.panes = Panes::compute(area, zoom, self.errors_listed());
        let head = self.response_head_rows();
        self.response.set_viewport(
            layout::response_rows(self.chrome.panes.response, head),
            usize::from(layout::inner(self.chrome.panes.response).width),
        );
        self.compare_viewport();
    }

    /// The notices box's rows at `width` columns: each notice wrapped, its
    /// first row after its time (continuations indented under the text).
    pub fn notice_rows(&self, width: usize) -> Vec<(Option<super::chrome::Said>, String)> {
        let mut rows = Vec::new();
        for said in &self.chrome.said {
            let text = crate::body::printable(&said.text);
            let wrapped = super::wrap::wrap_text(&text, width.saturating_sub(9).max(10));
            for (i, row) in wrapped.into_iter().enumerate() {
                let first = (i == 0).then(|| said.clone());
                rows.push((first, row));
            }
        }
        rows
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.say(Level::Info, text);
    }

    /// After a fix put in the body: the body focused, its cursor in view, and
    /// what was done said with the key that takes it back (`said` gets it).
    pub(super) fn fixed_in_body(&mut self, said: impl FnOnce(&str) -> String) {
        self.focus = Focus::Request(Field::Body);
        let (row, _) = self.editor.body_cursor();
        let height = layout::inner(self.chrome.panes.body).height as usize;
        self.editor.center_body_on(row, height);
        let undo = self.keymap.keys_in(Command::Undo, Context::TEXT);
        self.info(said(&undo));
    }

    pub(super) fn say(&mut self, level: Level, text: impl Into<String>) {
        let at = super::state::clock_time(self.clock.epoch_ms());
        self.chrome.say(
            Notice {
                level,
                text: text.into(),
            },
            at,
        );
    }

    /// Goes to an error's place: its value selected (typing replaces it), or
    /// the insertion point of a missing field; a third from the top, so the
    /// lines around it are in view.
    pub(super) fn jump_to(&mut self, target: Option<super::errors::Target>, none: &str) {
        let Some(target) = target else {
            self.info(none);
            return;
        };
        if target.in_url {
            // A path parameter's value: selected in the URL, typing replaces it.
            let end = target.end.map_or(target.start.column, |e| e.column);
            self.editor.select_url(target.start.column - 1..end - 1);
            self.focus = Focus::Request(Field::Url);
            return;
        }
        let start = (target.start.line - 1, target.start.column - 1);
        match &target.end {
            Some(end) => self
                .editor
                .select_body(start, (end.line - 1, end.column - 1)),
            None => self.editor.jump_body_cursor(start.0, start.1),
        }
        self.focus = Focus::Request(Field::Body);
        let height = layout::inner(self.chrome.panes.body).height as usize;
        self.editor.center_body_on(start.0, height);
        self.follow_cursor();
    }

    /// Adds the field the selected error says is missing, ready to type its value.
    fn insert_missing(&mut self) {
        // A quick fix where one is certain (a past expiry date).
        if self.apply_quick_fix() {
            return;
        }
        let index = self.errors.selected();
        if self.errors.in_url(index).is_some() {
            let jump = self.keymap.key_in(Command::JumpToError, Context::ERRORS);
            self.info(format!(
                "the selected error names a path parameter: its value is in the URL ({jump} selects it)"
            ));
            return;
        }
        let found = self.exchange().and_then(|x| {
            let property = x.report.errors.get(index)?.error.property_name.clone()?;
            Some((property, self.errors.located(index)?.outcome.clone()))
        });
        let Some((property, outcome)) = found else {
            let jump = self.keymap.key_in(Command::JumpToError, Context::ERRORS);
            self.info(format!(
                "the selected error names no field in this body ({jump} goes to each error)"
            ));
            return;
        };
        let body = self.editor.body_text();
        match crate::locate::missing_field(&body, &property, &outcome) {
            Ok(insertion) => {
                self.editor
                    .insert_in_body(insertion.at, &insertion.text, insertion.cursor);
                self.fixed_in_body(|undo| {
                    format!("added {property}: type its value ({undo} takes it back)")
                });
            }
            Err(e) => self.info(format!("{property}: {e}")),
        }
    }

    /// Whether a jump has only the previous request's errors to go to: F8
    /// with no finding of this body, or Enter on one of those errors.
    fn previous_errors_only(&self, command: Command) -> bool {
        if self.exchange().is_none() || self.relation() != Relation::Previous {
            return false;
        }
        match command {
            Command::JumpToError => self.errors.finding(self.errors.selected()).is_none(),
            _ => self.errors.listed_findings().is_empty(),
        }
    }

    /// Undo or redo in the focused text field, else in the body.
    fn undo(&mut self, redo: bool) {
        let field = match self.focus {
            Focus::Request(field) if field != Field::Method => field,
            _ => Field::Body,
        };
        if !self.editor.undo(field, redo) {
            self.info(if redo {
                "nothing to redo"
            } else {
                "nothing to undo"
            });
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
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

    /// Keeps what is derived from the state in step with it: the layout,
    /// the model's findings and error locations that follow the body text,
    /// the editor's marks, viewports that follow cursors. A check of a large
    /// body goes off the UI thread: its effect is returned.
    pub(super) fn refresh_derived(&mut self) -> Vec<Effect> {
        let effects = self.refresh_model();
        self.refresh_response_at_cursor();
        let model = self.editor.model();
        self.errors
            .set_findings(model.findings(), model.generation());
        // Focus decides which pane a zoom shows, and findings whether the
        // errors panel has room, so the layout follows every action.
        self.relayout();
        if let Some(exchange) = self.showing.exchange() {
            let exchange = Arc::clone(exchange);
            let key = Arc::as_ptr(&exchange) as usize;
            let editor = &self.editor;
            let errors_area = self.chrome.panes.errors;
            match self.relation() {
                // Another request's errors (and a webhook's) are never located in this one.
                _ if matches!(self.showing, Showing::Webhook(_)) => {
                    self.errors
                        .refresh_unlocated(&exchange.report, key, errors_area)
                }
                Relation::Previous => {
                    self.errors
                        .refresh_unlocated(&exchange.report, key, errors_area)
                }
                relation => {
                    // A path parameter (`paymentId`) is located in the URL.
                    let in_url = exchange
                        .report
                        .errors
                        .iter()
                        .map(|e| {
                            let property = e.error.property_name.as_deref()?;
                            editor.model().url_param(property)
                        })
                        .collect();
                    self.errors.set_in_url(in_url);
                    self.errors
                        .set_today(super::quick_fix::year_month(self.clock.epoch_ms()));
                    self.errors.refresh(
                        &exchange.report,
                        (editor.body_revision(), key),
                        || editor.body_text(),
                        (relation == Relation::EditedSince)
                            .then(|| exchange.request.body.as_deref().unwrap_or("")),
                        self.settings.index_base,
                        errors_area,
                    )
                }
            }
        } else {
            self.errors.refresh_without_errors(self.chrome.panes.errors);
        }
        self.refresh_marks();
        self.follow_cursor();
        effects
    }

    /// Finds the editor's marks again where what they were found for changed
    /// (a send right after a new request came in must see its masks).
    pub(super) fn refresh_marks(&mut self) {
        let revision = self.editor.body_revision();
        if self.editor.marks().body_stale(revision) {
            let body = self.editor.body_text();
            let found = BodyMarks::of(&body, self.unresolved_variables());
            self.editor.marks_mut().set_body(revision, found);
        }
        let key = (
            self.editor.url_text(),
            self.env().base_url.clone(),
            // The file's variables may fill the URL: its identity, not its place.
            self.request_source().map(|f| Arc::as_ptr(&f.file) as usize),
        );
        if self.editor.marks().destination_stale(&key) {
            let destination = self.other_destination();
            self.editor.marks_mut().set_destination(key, destination);
        }
    }

    pub(super) fn follow_cursor(&mut self) {
        let body = layout::inner(self.chrome.panes.body);
        let gutter = layout::gutter_width(self.editor.body_lines().len());
        self.editor.follow_body_cursor(
            body.height as usize,
            body.width.saturating_sub(gutter) as usize,
        );
    }

    /// No response: why, in the response pane; no errors.
    pub(super) fn fail(&mut self, failure: Failure) {
        self.errors.reset(0);
        self.showing = Showing::Failed(failure);
    }
}
