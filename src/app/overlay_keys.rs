//! Keys while an overlay is open, through the key map in the overlay's
//! context: navigation goes to the one list helper, unbound keys to the
//! overlay's text input, and Accept to what choosing does.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::action::{Effect, Find, TerminalEffect};
use super::component::{Component, Cx, Input};
use super::editor::Field;
use super::keymap::{Command, Context};
use super::layout;
use super::overlay::{OnYes, Overlay, PickerItem, PickerKind, Prompt, SentRow, sent_rows};
use super::path_completion;
use super::reply::{Ask, Reply};
use super::state::{App, Focus, Level};
use crate::config::Environment;
use ratatui::layout::Rect;

impl App {
    /// A command for the open overlay, or (with no command) a key it types.
    pub(super) fn on_overlay(
        &mut self,
        command: Option<Command>,
        key: Option<&KeyEvent>,
    ) -> Vec<Effect> {
        let Some(mut overlay) = self.overlay.take() else {
            return Vec::new();
        };
        let area = Rect::new(0, 0, self.chrome.size.0, self.chrome.size.1);
        let mut effects = Vec::new();
        let mut keep = true;
        // The list overlays are components: their input first, then leaving.
        let input = match (command, key) {
            (Some(command), key) => Some(Input::Command(command, key)),
            (None, Some(key)) => Some(Input::Key(key)),
            (None, None) => None,
        };
        // Ctrl-X and Ctrl-D in a list take its chosen entry for a comparison.
        if matches!(
            overlay,
            Overlay::History | Overlay::Logs | Overlay::Webhooks
        ) {
            match command {
                Some(Command::MarkLeft) => {
                    self.mark_chosen(&overlay);
                    self.overlay = Some(overlay);
                    return Vec::new();
                }
                Some(Command::Compare) => {
                    let effects = self.compare_chosen(&overlay);
                    if self.overlay.is_none() {
                        self.overlay = Some(overlay);
                    }
                    return effects;
                }
                _ => {}
            }
        }
        if let Some(reply) = input.and_then(|input| self.list_overlay_reply(&overlay, input, area))
            && reply.handled
        {
            let keep = !matches!(
                reply.ask,
                Some(
                    Ask::OpenChosenLog
                        | Ask::StopLogRead
                        | Ask::OpenWebhook(Some(_))
                        | Ask::CompareToEditor
                        | Ask::CompareShow(_)
                )
            );
            let effects = self.take(reply);
            // A choice may have opened another overlay (or closed this one).
            if keep && self.overlay.is_none() {
                self.overlay = Some(overlay);
            }
            return effects;
        }
        match (&mut overlay, command) {
            (_, Some(Command::Quit)) => {
                self.chrome.quit = true;
                keep = false;
            }
            (Overlay::Confirm { then, .. }, Some(Command::No | Command::Cancel)) => {
                keep = false;
                match then {
                    OnYes::Send(_) => self.info("not sent"),
                    OnYes::Quit => {
                        let save = self.keymap.key_in(Command::Save, Context::TEXT);
                        self.info(format!("not quitting: {save} saves the request"))
                    }
                    OnYes::ReplaceRequest => self.replace_declined(),
                }
            }
            (Overlay::Compare, Some(Command::Cancel | Command::Compare)) => {
                keep = false;
                self.close_compare();
            }
            // Searching the help: Enter keeps the search, Esc drops it.
            (Overlay::Help(view), command) if view.typing() => match command {
                Some(Command::Accept) => view.end_search(),
                Some(Command::Cancel) => view.drop_search(),
                Some(Command::Help) => keep = false,
                Some(_) => {}
                None => {
                    if let Some(key) = key {
                        view.input(key);
                    }
                }
            },
            (Overlay::Help(view), Some(Command::Search)) => view.start_search(),
            (_, Some(Command::Cancel)) => keep = false,
            (Overlay::Help(_), Some(Command::Help))
            | (Overlay::Webhooks, Some(Command::Webhooks))
            | (Overlay::AsSent { .. }, Some(Command::ShowAsSent))
            | (Overlay::Notices { .. }, Some(Command::Notices)) => keep = false,
            (Overlay::Notices { scroll }, Some(command)) => {
                let boxed = layout::as_sent_box(area);
                let rows = self
                    .notice_rows(usize::from(boxed.width.saturating_sub(2)))
                    .len();
                let visible = layout::text_rows(boxed);
                scroll.apply(command, rows.saturating_sub(visible) + 1, visible);
            }
            (Overlay::Help(view), Some(command)) => {
                let rows = help_row_count(view, &self.keymap, area);
                let visible = layout::text_rows(layout::help_box(area, rows));
                view.scroll
                    .apply(command, rows.saturating_sub(visible) + 1, visible);
            }
            (Overlay::AsSent { across, .. }, Some(Command::ScrollLeft)) => {
                *across = across.saturating_sub(8);
            }
            (Overlay::AsSent { across, .. }, Some(Command::ScrollRight)) => {
                let widest = self.sends.last_sent().map_or(0, |s| {
                    sent_rows(s).iter().map(SentRow::width).max().unwrap_or(0)
                });
                let shown = usize::from(layout::as_sent_box(area).width.saturating_sub(4));
                if *across + shown < widest {
                    *across = (*across + 8).min(widest - shown);
                }
            }
            (Overlay::AsSent { scroll, .. }, Some(command)) => {
                let rows = self.sends.last_sent().map_or(0, |s| sent_rows(s).len());
                let visible = layout::text_rows(layout::as_sent_box(area));
                scroll.apply(command, rows.saturating_sub(visible) + 1, visible);
            }
            (Overlay::Picker(picker), command) => {
                let items = self.picker_items(picker.kind);
                let matching = picker.matching(&items);
                let matches = matching.len();
                let page = layout::picker(area, &items, &matching).rows;
                match command {
                    Some(Command::Accept) => {
                        keep = false;
                        if let Some(index) = picker.chosen(&items) {
                            effects = self.pick(picker.kind, index);
                        }
                    }
                    Some(command) => {
                        let at = picker.selected(matches);
                        picker.list_mut().set(at, matches);
                        picker.list_mut().apply(command, matches, page);
                    }
                    None => {
                        if key.is_some_and(|key| picker.filter_mut().input(key)) {
                            picker.filtered();
                        }
                    }
                }
            }
            (Overlay::AddEnvironment(form), command) => match command {
                Some(Command::Accept) => {
                    let taken: Vec<String> =
                        self.environments().iter().map(|e| e.name.clone()).collect();
                    if let Some(new) = form.submit(&taken) {
                        keep = false;
                        self.info(format!("adding {} to {}…", new.name, form.file.display()));
                        effects = vec![Effect::AddEnvironment {
                            path: form.file.clone(),
                            new,
                        }];
                    }
                }
                Some(Command::FocusNext) => form.next(true),
                Some(Command::FocusPrev) => form.next(false),
                Some(_) => {}
                None => {
                    if let Some(key) = key {
                        form.input(key);
                    }
                }
            },
            (Overlay::Palette(palette), command) => match command {
                Some(Command::Accept) => {
                    // Run where it was opened: the focus is still that pane's.
                    self.overlay = None;
                    return match palette.chosen() {
                        Some(chosen) => self.command(chosen),
                        None => Vec::new(),
                    };
                }
                Some(command)
                    if palette.navigate(
                        command,
                        layout::list_rows(layout::picker_box(area, palette.matching().len())),
                    ) => {}
                // A key of another command (F5, F8) does what it does.
                Some(command) => {
                    self.overlay = None;
                    return self.command(command);
                }
                None => {
                    if let Some(key) = key {
                        palette.input(key);
                    }
                }
            },
            (Overlay::Import(input), command) => match command {
                Some(Command::Accept) => {
                    keep = false;
                    let text = input.text().to_string();
                    self.import(&text);
                }
                Some(_) => {}
                None => {
                    if let Some(key) = key {
                        input.input(key);
                    }
                }
            },
            (Overlay::Find { path, input }, command) => match command {
                Some(Command::Accept) => {
                    keep = false;
                    let find = if *path {
                        Find::Path(input.text().to_string())
                    } else {
                        Find::Text(input.text().to_string())
                    };
                    if let Some(x) = self.exchange().cloned() {
                        let reply = self.response.find(find, &x);
                        effects = self.take(reply);
                    }
                }
                Some(_) => {}
                None => {
                    if let Some(key) = key {
                        input.input(key);
                    }
                }
            },
            // A one-line prompt: keys edit it, Enter takes what was typed.
            (
                Overlay::Prompt {
                    kind,
                    input,
                    offered,
                },
                command,
            ) => match command {
                Some(Command::Accept) => {
                    keep = false;
                    let text = input.text().trim().to_string();
                    effects = self.take_prompt(*kind, &text);
                }
                // Tab in a path prompt completes the path, as a shell does.
                Some(Command::FocusNext) if kind.takes_path() => {
                    let asked: String = input.text().chars().take(input.cursor()).collect();
                    let (dir, _) = path_completion::split(&asked);
                    let dir = path_completion::folder(dir, self.settings.home.as_deref());
                    effects = vec![Effect::ListDir { dir, asked }];
                }
                Some(_) => {}
                None => {
                    if let Some(key) = key
                        && input.input(key)
                    {
                        offered.clear();
                    }
                }
            },
            (Overlay::Complete(completion), command) => match command {
                Some(Command::Accept) => {
                    keep = false;
                    let chosen = completion.chosen().map(str::to_owned);
                    if let Some(chosen) = chosen {
                        self.take_completion(&chosen);
                    }
                }
                Some(Command::Complete) => {}
                Some(
                    command @ (Command::ScrollUp
                    | Command::ScrollDown
                    | Command::PageUp
                    | Command::PageDown
                    | Command::Top
                    | Command::Bottom),
                ) => {
                    let len = completion.len();
                    completion
                        .list_mut()
                        .apply(command, len, super::editor::COMPLETION_ROWS);
                }
                // Anything else is the panes' again (F5 sends, Tab moves on).
                Some(command) => {
                    self.overlay = None;
                    return self.command(command);
                }
                // Typing goes on in the body; the list follows the word.
                None => {
                    if let Some(key) = key {
                        self.editor
                            .input(Field::Body, ratatui_textarea::Input::from(*key));
                    }
                    let (row, col) = self.editor.body_cursor();
                    let line = self
                        .editor
                        .body_lines()
                        .get(row)
                        .cloned()
                        .unwrap_or_default();
                    keep = completion.follow(&line, (row, col));
                }
            },
            (Overlay::Confirm { then, .. }, Some(Command::Yes)) => {
                let yes = *then;
                self.overlay = None;
                return match yes {
                    OnYes::Send(confirmed) => self.send(confirmed),
                    OnYes::Quit => {
                        self.chrome.quit = true;
                        Vec::new()
                    }
                    OnYes::ReplaceRequest => self.replace_confirmed(),
                };
            }
            _ => {}
        }
        // A choice may have opened another overlay (or closed this one).
        if keep && self.overlay.is_none() {
            self.overlay = Some(overlay);
        }
        effects
    }

    /// Input for the history, log or webhook list through its component
    /// (None: the overlay is none of them).
    pub(super) fn list_overlay_reply(
        &mut self,
        overlay: &Overlay,
        input: Input<'_>,
        area: Rect,
    ) -> Option<Reply> {
        let box_area = layout::history_box(area);
        let cx = Cx {
            exchange: None,
            page: match overlay {
                Overlay::Webhooks => layout::webhook_rows(box_area),
                Overlay::Logs => layout::log_rows(box_area),
                _ => layout::list_rows(box_area),
            },
        };
        Some(match overlay {
            Overlay::Logs => self.logs.browser_mut().handle(input, &cx),
            Overlay::Webhooks => self.webhooks.handle(input, &cx),
            Overlay::History => self.history.handle(input, &cx),
            // Only once it is built: while it is, keys close it or quit.
            Overlay::Compare if self.compare.pending().is_some() => Reply::ignored(),
            Overlay::Compare => match self.compare.view_mut() {
                Some(view) => view.handle(input, &cx),
                None => Reply::ignored(),
            },
            _ => return None,
        })
    }

    /// What Enter in a one-line prompt does with the text typed (trimmed).
    fn take_prompt(&mut self, prompt: Prompt, text: &str) -> Vec<Effect> {
        // `~/…` is the home folder, as in the shell the path was learnt in.
        let expanded = prompt
            .takes_path()
            .then(|| path_completion::expand_home(text, self.settings.home.as_deref()));
        let text = expanded.as_deref().unwrap_or(text);
        match prompt {
            Prompt::ListenWebhooks => self.listen_webhooks(text),
            Prompt::OpenRequests => self.open_request_files(std::path::Path::new(text), false),
            Prompt::SaveAs => self.save_as(text),
            Prompt::OpenLog => self.open_log(text),
        }
    }

    /// A folder read for Tab: completes the prompt if it still holds the
    /// text the folder was read for (typing since then wins).
    pub(super) fn dir_listed(&mut self, listing: path_completion::Listing) {
        let Some(Overlay::Prompt { input, offered, .. }) = &mut self.overlay else {
            return;
        };
        let before: String = input.text().chars().take(input.cursor()).collect();
        if before != listing.asked {
            return;
        }
        let done = path_completion::complete(&listing);
        input.paste(&done.insert);
        *offered = done.offered;
        if let Some(note) = done.note {
            self.info(note);
        }
    }

    /// The items of a picker, as it lists them.
    pub fn picker_items(&self, kind: PickerKind) -> Vec<PickerItem> {
        match kind {
            PickerKind::Environment => self
                .environments()
                .iter()
                .map(|e| PickerItem {
                    name: e.name.clone(),
                    // Which merchant and key the requests will be signed for, not only where.
                    detail: format!(
                        "{} · merchant {} · key {}",
                        e.base_url, e.merchant_id, e.api_key_id
                    ),
                    warn: e.production,
                })
                // Last: where the environments come from, and a way to add one.
                .chain(std::iter::once(PickerItem {
                    name: ADD_ENVIRONMENT.to_string(),
                    detail: match &self.settings.config_file {
                        Some(file) => format!(
                            "written to {}",
                            crate::body::printable(&file.display().to_string())
                        ),
                        None => "no config directory: set CINSPECT_CONFIG_DIR".to_string(),
                    },
                    warn: false,
                }))
                .collect(),
            // The favourites, the team's requests, then every endpoint of the model.
            PickerKind::Template => self
                .favourites()
                .iter()
                .map(template_item)
                .chain(self.file_requests().iter().map(|fr| {
                    let mut detail = format!(
                        "{} {}  {}:{}",
                        fr.request.method,
                        fr.request.target,
                        fr.path.display(),
                        fr.request.line
                    );
                    for kept in fr.kept() {
                        detail.push_str(&format!("  · {kept}"));
                    }
                    PickerItem {
                        name: fr.label(),
                        detail,
                        warn: false,
                    }
                }))
                .chain(self.endpoint_templates().iter().map(template_item))
                .collect(),
            PickerKind::Copy => self
                .copy_choices()
                .into_iter()
                .map(|c| PickerItem {
                    name: c.label.to_string(),
                    detail: String::new(),
                    warn: false,
                })
                .collect(),
            PickerKind::Id => self.id_items(),
        }
    }

    fn pick(&mut self, kind: PickerKind, index: usize) -> Vec<Effect> {
        match kind {
            PickerKind::Id => self.put_id(index),
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
                if let Some(env) = self.environments().get(index).cloned() {
                    self.use_environment(env);
                } else {
                    match self.settings.config_file.clone() {
                        Some(file) => self.open(Overlay::AddEnvironment(Box::new(
                            super::add_environment::EnvForm::new(file),
                        ))),
                        None => self.info("no config directory: set CINSPECT_CONFIG_DIR"),
                    }
                }
            }
            PickerKind::Template
                if (self.favourites().len()
                    ..self.favourites().len() + self.file_requests().len())
                    .contains(&index) =>
            {
                self.load_file_request(index - self.favourites().len());
                self.focus = Focus::Request(Field::Body);
            }
            PickerKind::Template => {
                // The endpoints come after the files' requests in the list.
                let at = if index < self.favourites().len() {
                    index
                } else {
                    index - self.file_requests().len()
                };
                if let Some(t) = self.templates().get(at).cloned() {
                    self.editor.load(&t.method, &t.path, &t.body);
                    // An id to give ({paymentId}, {tokenId}): the URL, the id
                    // selected so that typing replaces it (a carried one fills
                    // it at F5 otherwise).
                    self.focus = Focus::Request(if self.editor.select_url_placeholder() {
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

    /// The hand-written templates, F4's favourites.
    fn favourites(&self) -> &[crate::connect::templates::Template] {
        &self.templates()[..self.files.favourites()]
    }

    /// The model's endpoints as templates, after the files' requests in F4.
    fn endpoint_templates(&self) -> &[crate::connect::templates::Template] {
        &self.templates()[self.files.favourites()..]
    }

    /// Makes `env` the active environment, standing for its name in the F2 list.
    pub(super) fn use_environment(&mut self, env: Arc<Environment>) {
        let warning = if env.production {
            " (PRODUCTION: non-GET requests ask first)"
        } else {
            ""
        };
        self.info(format!(
            "environment {} at {}{warning}",
            env.name, env.base_url
        ));
        self.envs.choose(env);
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
            Err(e) => self.say(Level::Error, format!("not imported: {e}")),
        }
    }
}

/// F2's last item: adds an environment to config.toml.
pub const ADD_ENVIRONMENT: &str = "+ add an environment";

impl App {
    /// F2's new environment written: it is in use at once; or why not.
    pub(super) fn environment_added(&mut self, result: Result<Box<Environment>, String>) {
        match result {
            Ok(env) => {
                let file = self
                    .settings
                    .config_file
                    .as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default();
                let name = env.name.clone();
                self.use_environment(Arc::new(*env));
                let text = format!(
                    "added environment {name} to {file}; in use now (its secret is read at send time)"
                );
                self.info(crate::body::printable(&text).into_owned());
            }
            Err(e) => {
                let text = format!("environment not added: {e}");
                self.say(Level::Error, crate::body::printable(&text).into_owned())
            }
        }
    }
}

/// A template as F4 lists it.
fn template_item(t: &crate::connect::templates::Template) -> PickerItem {
    PickerItem {
        name: t.name.to_string(),
        detail: format!("{} {}  {}", t.method, t.path, t.description),
        warn: false,
    }
}

/// Rows the help box holds at the terminal's size: the search line, when
/// there is one, and the key map's rows wrapped to the box.
pub fn help_row_count(
    view: &super::help::HelpView,
    keymap: &super::keymap::KeyMap,
    area: Rect,
) -> usize {
    let width = usize::from(layout::help_width(area).saturating_sub(2));
    view.lines(keymap, width).len() + usize::from(view.searching())
}
