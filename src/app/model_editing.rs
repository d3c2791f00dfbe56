//! The API's model in the editor: what it says of the request as it is
//! (its endpoint, the body's findings, the field at the cursor), a finding's
//! typo renamed with one key, and completion in the body (the list opened
//! at the cursor: the fields the object there lacks, or a field's documented
//! values; a choice taken in as an edit of the body).

use std::sync::Arc;

use super::action::Effect;
use super::editor::{Completion, Field};
use super::keymap::{Command, Context};
use super::overlay::Overlay;
use super::state::{App, Focus, Level, ModelRead};
use crate::connect::model::{self, Scanned};
use crate::locate::Position;

impl App {
    /// What the model says of the value under the response viewer's cursor:
    /// its path and type in the endpoint's response (or error) type, and a
    /// value outside a documented list. Again only when the exchange or the
    /// cursor moved.
    pub(super) fn refresh_response_at_cursor(&mut self) {
        let Some(x) = self.showing.exchange().cloned() else {
            return;
        };
        let key = Arc::as_ptr(&x) as usize;
        if self.model_read != ModelRead::Ask || !self.response.at_cursor_stale(key) {
            return;
        }
        let line = (|| {
            let m = model::loaded()?;
            let endpoint = m
                .match_request(&x.request.method, &x.request.url)
                .ok()?
                .endpoint;
            let type_name = if (200..300).contains(&x.status.code) {
                endpoint.response.as_deref()?
            } else {
                endpoint.error.as_str()
            };
            let ty = m.type_named(type_name)?;
            let cursor = self.response.cursor();
            let path = crate::viewer::path_at(&x.body, &x.structure, cursor).ok()?;
            let segments = model::parse_path(path.trim_start_matches('$'));
            let value = crate::viewer::value_at(&x.body, &x.structure, cursor, 256).ok()?;
            let text = value.text.trim();
            let scalar = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned));
            m.describe_value(ty, &segments, scalar.as_deref())
        })();
        self.response.set_at_cursor(key, line);
    }

    /// What the API's model says of the request as it is now: its endpoint,
    /// the body's findings (a large body's checked off the UI thread), the
    /// field at the cursor.
    pub(super) fn refresh_model(&mut self) -> Vec<Effect> {
        match self.model_read {
            ModelRead::Ask => {}
            ModelRead::Wanted => {
                self.model_read = ModelRead::Reading;
                return vec![Effect::ReadModel];
            }
            ModelRead::Reading => return Vec::new(),
        }
        let method = self.editor.method().to_owned();
        let url = self.editor.url_text();
        self.editor.model_mut().refresh_endpoint(&method, &url);
        let revision = self.editor.body_revision();
        let mut effects = Vec::new();
        // While a large body's check runs, its answer asks for the next: the whole
        // text is not copied on every key meanwhile.
        if self.editor.model().body_stale(revision) && !self.editor.model().is_checking() {
            let text = self.editor.body_text();
            if let Some(check) = self.editor.model_mut().check(revision, text) {
                effects.push(Effect::CheckBody(check));
            }
        }
        let cursor = self.editor.body_cursor();
        self.editor.model_mut().refresh_at_cursor(revision, cursor);
        effects
    }

    /// After a jump to a finding before sending: what it is, in the status
    /// line, and the key that renames a typo.
    pub(super) fn say_finding(&mut self) {
        let Some(f) = self.errors.finding(self.errors.selected()) else {
            return;
        };
        let mut text = crate::body::printable(&f.message).into_owned();
        if let Some(to) = &f.suggestion {
            // The key first: a long message is cut at the screen's edge.
            let fix = self.keymap.key_in(Command::InsertMissing, Context::TEXT);
            text = format!("{fix} renames it to {to} · {text}");
        }
        let level = if f.kind.is_hint() {
            Level::Info
        } else {
            Level::Warning
        };
        self.say(level, text);
    }

    /// Renames the selected finding's unknown field to the name the model
    /// suggests: one undo step, the cursor on its value.
    pub(super) fn rename_to_suggestion(&mut self) {
        let Some(finding) = self.errors.finding(self.errors.selected()).cloned() else {
            return;
        };
        let Some(suggestion) = finding.suggestion.clone() else {
            if finding.kind == model::FindingKind::UndocumentedValue {
                self.pick_documented(&finding);
                return;
            }
            self.info(format!(
                "{}: the model suggests nothing to change here",
                finding.path
            ));
            return;
        };
        let revision = self.editor.body_revision();
        if !self.editor.model().findings_current(revision) {
            self.info("the body is being checked again: try again in a moment");
            return;
        }
        let body = self.editor.body_text();
        let key = serde_json::Value::String(suggestion.clone()).to_string();
        if body.get(finding.span.start..finding.span.end).is_none() {
            return;
        }
        self.editor.edit_body(
            finding.span.start..finding.span.end,
            &key,
            finding.span.start + key.len(),
            0,
        );
        let name = finding
            .path
            .rsplit('.')
            .next()
            .unwrap_or(&finding.path)
            .to_owned();
        self.fixed_in_body(|undo| format!("renamed {name} to {suggestion} ({undo} takes it back)"));
    }

    /// A value outside its documented list: the cursor at the value's start
    /// and the list of documented values open, to pick the right one.
    fn pick_documented(&mut self, finding: &model::Finding) {
        let revision = self.editor.body_revision();
        if !self.editor.model().findings_current(revision) {
            self.info("the body is being checked again: try again in a moment");
            return;
        }
        let quoted = self
            .editor
            .body_text()
            .get(finding.span.start..)
            .is_some_and(|v| v.starts_with('"'));
        let (row, col) = (finding.start.line - 1, finding.start.column - 1);
        self.editor.jump_body_cursor(row, col + usize::from(quoted));
        self.focus = Focus::Request(Field::Body);
        self.complete();
    }

    /// Opens the completion list at the body's cursor, or says why there is none.
    /// Where an id goes (a placeholder, a path parameter, an id field's
    /// value), the ids seen in this session's responses instead.
    pub(super) fn complete(&mut self) {
        let place = self.id_place();
        if let Some(place) = place.clone().filter(|p| p.name().is_some()) {
            self.offer_ids(place);
            return;
        }
        if self.focus != Focus::Request(Field::Body) {
            let key = self.keymap.key_in(Command::Complete, Context::TEXT);
            self.info(format!(
                "{key} completes in the body, and offers ids on a URL's {{placeholder}} or path parameter"
            ));
            return;
        }
        let Some((scanned, offset)) = self.body_at_cursor() else {
            return;
        };
        let Some(ty) = self.editor.model().body_type() else {
            match place {
                Some(place) => self.offer_ids(place),
                None => self.info(self.no_body_type()),
            }
            return;
        };
        let Ok(m) = model::model() else {
            return;
        };
        let cursor = self.editor.body_cursor();
        let choices = m.choices(ty, &scanned.body(), offset);
        match (choices.and_then(|c| Completion::open(c, cursor)), place) {
            (Some(completion), _) => self.open(Overlay::Complete(Box::new(completion))),
            // An id-shaped value the model has nothing for: the ids seen.
            (None, Some(place)) => self.offer_ids(place),
            (None, None) => {
                let here = self
                    .editor
                    .model()
                    .at_cursor()
                    .map_or(String::new(), |line| format!(" ({line})"));
                self.info(format!("the model offers nothing to complete here{here}"));
            }
        }
    }

    /// Takes the choice `chosen` in at the body's cursor: the choices are made
    /// again from the body as it is now, and the chosen one's edit applied.
    pub(super) fn take_completion(&mut self, chosen: &str) {
        let (Some((scanned, offset)), Some(ty), Ok(m)) = (
            self.body_at_cursor(),
            self.editor.model().body_type(),
            model::model(),
        ) else {
            return;
        };
        let body = scanned.body();
        let Some(choices) = m.choices(ty, &body, offset) else {
            return;
        };
        let Some(choice) = choices.items.iter().find(|c| c.text == chosen) else {
            return;
        };
        let edit = choices.edit(scanned.text(), choice);
        self.editor
            .edit_body(edit.range, &edit.text, edit.cursor, edit.select);
        self.follow_cursor();
    }

    /// The body scanned as it is now (the model view's scan when it is of this
    /// revision, else scanned here) and the cursor's byte offset in it.
    fn body_at_cursor(&mut self) -> Option<(Arc<Scanned>, usize)> {
        let revision = self.editor.body_revision();
        let scanned = match self.editor.model().scanned(revision) {
            Some(s) => Arc::clone(s),
            None => Arc::new(Scanned::new(self.editor.body_text())),
        };
        let (row, col) = self.editor.body_cursor();
        let offset = scanned.body().byte_offset(Position {
            line: row + 1,
            column: col + 1,
        })?;
        Some((scanned, offset))
    }

    /// Why the model has no body type for the request in the editor.
    fn no_body_type(&self) -> String {
        use super::editor::EndpointIs;
        match self.editor.model().endpoint() {
            Some(EndpointIs::Known(e)) => format!("{} takes no JSON body", e.id),
            Some(EndpointIs::OtherMethod(allowed)) => format!(
                "this path takes {} in the model, not {}",
                allowed.join(", "),
                self.editor.method()
            ),
            Some(EndpointIs::Unknown) => {
                "no endpoint in the model has this method and path: nothing to complete from"
                    .to_owned()
            }
            Some(EndpointIs::NoModel) => "the API's model could not be read".to_owned(),
            None => "the API's model is still being read".to_owned(),
        }
    }
}
