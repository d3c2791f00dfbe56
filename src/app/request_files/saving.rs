//! Saving requests into `.http` files through an effect: the app builds the
//! new text of one block (pure), the executor checks the file is still as it
//! was read and writes it, and the file's requests are reloaded from what
//! was written. Until then the request stays "modified", so quitting asks.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Attached, FileRequest};
use crate::app::action::Effect;
use crate::app::editor::RequestEditor;
use crate::app::overlay::{OnYes, Overlay};
use crate::app::state::{App, Level};
use crate::sources::http_file::edit::Edit;
use crate::sources::http_file::save::{SaveError, Saved};
use crate::sources::http_file::write_back::{self, Edited};
use crate::sources::http_file::{Content, HttpFile};

/// A write in flight, and what to say when it ends.
#[derive(Debug)]
pub enum Saving {
    /// Ctrl-S on a request from a file: its label.
    InPlace { label: String },
    /// `FILE.http NAME`.
    As { name: String },
}

/// Save-as found NAME taken: what a yes replaces.
#[derive(Debug)]
pub struct Replacing {
    path: PathBuf,
    name: String,
    /// The file as it was on disk when the name was found.
    on_disk: Arc<HttpFile>,
    block: usize,
}

impl App {
    /// The request from a file in the editor differs from the file's (line
    /// ends aside; every header counts, the file's `Authorization` too).
    pub fn is_modified(&self) -> bool {
        let Some(fr) = self.request_source() else {
            return false;
        };
        edited(&self.editor).is_none_or(|e| write_back::is_modified(&fr.request, &e))
    }

    /// A save is being written.
    pub fn is_saving(&self) -> bool {
        self.files.saving.is_some()
    }

    /// Writes the editor's request back into its block of its file: every other
    /// byte of the file stays, the file's line ends are kept, a file changed on
    /// disk since it was read is never overwritten.
    pub(in crate::app) fn save_request(&mut self) -> Vec<Effect> {
        let Some(index) = self.files.index_of(self.editor.request_id()) else {
            self.info("this request is not from a file: the copy menu exports it as .http");
            return Vec::new();
        };
        if self.files.saving.is_some() {
            self.info("still saving: wait for it, then save again");
            return Vec::new();
        }
        if !self.is_modified() {
            self.info("no changes to save");
            return Vec::new();
        }
        let fr = match self.files.requests.get(index).cloned() {
            Some(fr) => fr,
            None => return Vec::new(),
        };
        let Some(edited) = edited(&self.editor) else {
            self.say(
                Level::Error,
                "not saved: a header line is not `Name: value`",
            );
            return Vec::new();
        };
        let Some(text) = write_back::block_text(&fr.file, fr.block, &fr.request, &edited) else {
            self.say(
                Level::Error,
                format!("not saved: {}: its request is gone", fr.path.display()),
            );
            return Vec::new();
        };
        self.files.saving = Some(Saving::InPlace { label: fr.label() });
        self.info(format!("saving {}…", fr.label()));
        vec![Effect::WriteRequestFile {
            path: fr.path.clone(),
            expected: Some(Arc::clone(&fr.file)),
            edit: Edit::Block {
                index: fr.block,
                text,
            },
        }]
    }

    /// `FILE.http NAME`: the editor's request added to the end of the file (made
    /// when missing) as `### NAME` with `# @name NAME`; the editor then edits it
    /// there. A NAME the file has already is replaced only after a yes.
    pub(in crate::app) fn save_as(&mut self, text: &str) -> Vec<Effect> {
        let Some((path, name)) = text
            .rsplit_once(' ')
            .map(|(p, n)| (p.trim(), n.trim()))
            .filter(|(p, n)| !p.is_empty() && !n.is_empty())
        else {
            self.say(
                Level::Error,
                "not saved: give FILE.http and a NAME for the request",
            );
            return Vec::new();
        };
        if self.files.saving.is_some() {
            self.info("still saving: wait for it, then save again");
            return Vec::new();
        }
        let path = PathBuf::from(path);
        // A file already open must still be as it was read; another is taken as it is.
        let expected = self
            .files
            .requests
            .iter()
            .find(|f| f.path == path)
            .map(|f| Arc::clone(&f.file));
        let Some(edited) = edited(&self.editor) else {
            self.say(
                Level::Error,
                "not saved: a header line is not `Name: value`",
            );
            return Vec::new();
        };
        let lines = write_back::new_request(&edited);
        self.files.saving = Some(Saving::As {
            name: name.to_string(),
        });
        self.info(format!("saving as {name} in {}…", path.display()));
        vec![Effect::WriteRequestFile {
            path,
            expected,
            edit: Edit::Append {
                name: name.to_string(),
                lines,
            },
        }]
    }

    /// A write ended: the file's requests as written (the one in the editor
    /// kept), or why not; a taken name asks before replacing.
    pub(in crate::app) fn request_file_written(
        &mut self,
        path: &Path,
        result: Result<Saved, SaveError>,
    ) {
        let Some(saving) = self.files.saving.take() else {
            return;
        };
        match (result, saving) {
            (Ok(saved), saving) => {
                let unattached = self.request_source().is_none();
                let fresh = FileRequest::all(&[(path.to_path_buf(), Arc::new(saved.file))]);
                self.replace_file(path, fresh);
                match saving {
                    Saving::InPlace { label } => {
                        self.info(format!("saved {label} ({})", path.display()))
                    }
                    Saving::As { name } => {
                        // The editor now edits the saved request, unless another was loaded meanwhile.
                        if unattached {
                            let request = self.editor.request_id();
                            self.files.attached = self
                                .files
                                .requests
                                .iter()
                                .position(|f| f.path == path && f.block == saved.block)
                                .map(|index| Attached { request, index });
                            // As written: `{{baseUrl}}`, `{{merchantId}}`, a Content-Type added.
                            if let Some(fr) = self.request_source() {
                                let (url, headers) =
                                    (fr.request.target.clone(), fr.request.headers.clone());
                                self.editor.adopt(&url, &headers);
                            }
                        }
                        self.info(format!("saved as {name} in {}", path.display()));
                    }
                }
            }
            (Err(SaveError::NameTaken { block, on_disk }), Saving::As { name }) => {
                let question = format!(
                    "{} already has a request named {name}. Replace it?",
                    path.display()
                );
                self.files.replacing = Some(Replacing {
                    path: path.to_path_buf(),
                    name,
                    on_disk,
                    block,
                });
                self.open(Overlay::Confirm {
                    question,
                    then: OnYes::ReplaceRequest,
                });
            }
            (Err(e), _) => self.say(Level::Error, format!("not saved: {}: {e}", path.display())),
        }
    }

    /// Yes to replacing: the named request's block becomes the editor's
    /// request (its comments and kept parts stay), written only if the file
    /// is still as it was when the name was found.
    pub(in crate::app) fn replace_confirmed(&mut self) -> Vec<Effect> {
        let Some(r) = self.files.replacing.take() else {
            return Vec::new();
        };
        let found = r
            .on_disk
            .blocks()
            .get(r.block)
            .and_then(|b| match &b.content {
                Content::Request(request) => Some(request),
                _ => None,
            });
        let Some(edited) = edited(&self.editor) else {
            self.say(
                Level::Error,
                "not saved: a header line is not `Name: value`",
            );
            return Vec::new();
        };
        let text =
            found.and_then(|request| write_back::block_text(&r.on_disk, r.block, request, &edited));
        let Some(text) = text else {
            self.say(
                Level::Error,
                format!(
                    "not saved: {}: its request {} is gone",
                    r.path.display(),
                    r.name
                ),
            );
            return Vec::new();
        };
        self.files.saving = Some(Saving::As {
            name: r.name.clone(),
        });
        self.info(format!("replacing {} in {}…", r.name, r.path.display()));
        vec![Effect::WriteRequestFile {
            path: r.path,
            expected: Some(Arc::clone(&r.on_disk)),
            edit: Edit::Block {
                index: r.block,
                text,
            },
        }]
    }

    /// No to replacing: nothing is written.
    pub(in crate::app) fn replace_declined(&mut self) {
        if let Some(r) = self.files.replacing.take() {
            self.info(format!(
                "not saved: {} keeps its request {}",
                r.path.display(),
                r.name
            ));
        }
    }
}

/// The editor's request in the file's terms; None while a header line is not `Name: value`.
fn edited(editor: &RequestEditor) -> Option<Edited> {
    Some(Edited {
        method: editor.method().to_owned(),
        target: editor.url_text(),
        headers: editor.parsed_headers().ok()?,
        body: editor.body_text(),
    })
}
