//! Completion in the body from the API's model: the list opened at the
//! cursor (the fields the object there lacks, or a field's documented
//! values) and a choice taken in as an edit of the body.

use std::sync::Arc;

use super::editor::{Completion, Field};
use super::keymap::{Command, Context};
use super::overlay::Overlay;
use super::state::{App, Focus};
use crate::connect::model::{self, Scanned};
use crate::locate::Position;

impl App {
    /// Opens the completion list at the body's cursor, or says why there is none.
    pub(super) fn complete(&mut self) {
        if self.focus != Focus::Request(Field::Body) {
            let key = self.keymap.key_in(Command::Complete, Context::TEXT);
            self.info(format!("{key} completes in the body"));
            return;
        }
        let Some((scanned, offset)) = self.body_at_cursor() else {
            return;
        };
        let Some(ty) = self.editor.model().body_type() else {
            self.info(self.no_body_type());
            return;
        };
        let Ok(m) = model::model() else {
            return;
        };
        let cursor = self.editor.body_cursor();
        let choices = m.choices(ty, &scanned.body(), offset);
        match choices.and_then(|c| Completion::open(c, cursor)) {
            Some(completion) => self.open(Overlay::Complete(Box::new(completion))),
            None => {
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
