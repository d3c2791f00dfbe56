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
use crate::sources::http_file::{Content, HttpFile, Request};

/// Headers never written to a file: signing adds them afresh, and they hold
/// the signature or the moment of sending.
const NOT_SAVED: &[&str] = &[
    "Authorization",
    "Date",
    crate::connect::meta::SERVER_META_INFO,
    crate::connect::meta::CLIENT_META_INFO,
];

/// Written above a request cinspect saved: how it is signed (the file holds no secret).
const SIGNED_NOTE: &str = "# signed by cinspect: v1HMAC";

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
    /// The request from a file in the editor differs from the file's.
    pub fn is_modified(&self) -> bool {
        let Some(fr) = self.request_source() else {
            return false;
        };
        let r = &fr.request;
        // What is never saved does not make the request differ from its file.
        let headers: Vec<(String, String)> = self
            .editor
            .parsed_headers()
            .unwrap_or_default()
            .into_iter()
            .filter(|(n, _)| !NOT_SAVED.iter().any(|s| s.eq_ignore_ascii_case(n)))
            .collect();
        !(self.editor.method().eq_ignore_ascii_case(&r.method)
            && self.editor.url_text() == r.target
            && headers == r.headers
            && self.editor.body_text().trim_end() == r.body.trim_end())
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
        let Some(fr) = self.files.requests.get(index).cloned() else {
            return Vec::new();
        };
        let (Some(old), Some(block)) =
            (fr.file.block_text(fr.block), fr.file.blocks().get(fr.block))
        else {
            self.say(
                Level::Error,
                format!("not saved: {}: its request is gone", fr.path.display()),
            );
            return Vec::new();
        };
        let text = block_text(&self.editor, &fr.request, &fr.file, old, block.line);
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
        let blank = Request {
            name: None,
            expect: None,
            method: String::new(),
            target: String::new(),
            headers: Vec::new(),
            body: String::new(),
            line: 1,
            body_line: 1,
            opaque: Vec::new(),
        };
        let lines = block_text(&self.editor, &blank, &HttpFile::parse(""), "", 1);
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
                Content::Request(request) => Some((request, b.line)),
                _ => None,
            });
        let (Some((request, block_line)), Some(old)) = (found, r.on_disk.block_text(r.block))
        else {
            return Vec::new();
        };
        let text = block_text(&self.editor, request, &r.on_disk, old, block_line);
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

/// The block as the editor describes it, keeping from `old` (the block's
/// text) the lines above the request line (`###`, comments, `@name`,
/// variables), the request's kept parts after the body, and the blank lines
/// that end the block; in `old`'s line ends.
fn block_text(
    editor: &RequestEditor,
    request: &Request,
    file: &HttpFile,
    old: &str,
    block_line: usize,
) -> String {
    let nl = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let keep = request.line.saturating_sub(block_line);
    let mut out = String::new();
    let mut has_note = false;
    for line in old.split_inclusive('\n').take(keep) {
        has_note |= line.trim_end() == SIGNED_NOTE;
        out.push_str(line);
    }
    if !has_note {
        out.push_str(SIGNED_NOTE);
        out.push_str(nl);
    }
    out.push_str(&format!(
        "{} {}{nl}",
        editor.method(),
        editor.url_text().trim()
    ));
    for (name, value) in editor.parsed_headers().unwrap_or_default() {
        if !NOT_SAVED.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            out.push_str(&format!("{name}: {value}{nl}"));
        }
    }
    let body = editor.body_text();
    if !body.trim().is_empty() {
        out.push_str(nl);
        out.push_str(&body.trim_end().replace('\n', nl));
        out.push_str(nl);
    }
    for opaque in &request.opaque {
        if let Some(text) = file.text().get(opaque.span.clone()) {
            out.push_str(nl);
            out.push_str(text.trim_end());
            out.push_str(nl);
        }
    }
    // The blank lines between this request and the next stay as they were.
    let trailing = old.len() - old.trim_end().len();
    let tail = &old[old.len() - trailing..];
    let tail = tail.strip_prefix(nl).unwrap_or(tail);
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_keeps_its_comments_kept_parts_and_blank_lines() {
        let text = "### a\r\n# why\r\nPOST /x\r\nAuthorization: old\r\n\r\n{}\r\n\r\n> {%\r\n  x\r\n%}\r\n\r\n\r\n";
        let file = HttpFile::parse(text);
        let (_, request) = file.requests().next().unwrap();
        let editor = RequestEditor::new("POST", "/y", "Authorization: GCS x\nA: b", "{\n}");
        let out = block_text(&editor, request, &file, file.block_text(0).unwrap(), 1);
        assert_eq!(
            out,
            "### a\r\n# why\r\n# signed by cinspect: v1HMAC\r\nPOST /y\r\nA: b\r\n\r\n{\r\n}\r\n\r\n> {%\r\n  x\r\n%}\r\n\r\n\r\n"
        );
    }
}
