//! Requests from the team's `.http` files in the TUI: listed in the request
//! picker beside the templates, loaded into the editor, their `{{variables}}`
//! filled at send time (the file's, then the environment's), and the Connect
//! ids a successful create leaves carried into later requests' placeholders.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::editor::RequestEditor;
use super::state::App;
use crate::pipeline::{Draft, Exchange};
use crate::sources::http_file::{HttpFile, Request, Scope, connect_ids};

/// One request of a file, as the picker offers it.
#[derive(Debug, Clone)]
pub struct FileRequest {
    pub path: PathBuf,
    pub file: Arc<HttpFile>,
    pub request: Request,
}

impl FileRequest {
    /// Every request of the files given.
    pub fn all(files: &[(PathBuf, Arc<HttpFile>)]) -> Vec<FileRequest> {
        files
            .iter()
            .flat_map(|(path, file)| {
                file.requests().map(move |(_, request)| FileRequest {
                    path: path.clone(),
                    file: Arc::clone(file),
                    request: request.clone(),
                })
            })
            .collect()
    }

    /// `name` or `METHOD target`, for the picker.
    pub fn label(&self) -> String {
        let file = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let name = self
            .request
            .name
            .clone()
            .unwrap_or_else(|| format!("{} {}", self.request.method, self.request.target));
        format!("{file}: {name}")
    }
}

/// An id a successful create left, and where it came from (for the note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    pub value: String,
    pub from: String,
}

impl App {
    /// Loads file request `index` into the editor.
    pub(super) fn load_file_request(&mut self, index: usize) {
        let Some(fr) = self.file_requests.get(index).cloned() else {
            return;
        };
        let headers: Vec<String> = fr
            .request
            .headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        self.editor = RequestEditor::new(
            &fr.request.method,
            &fr.request.target,
            &headers.join("\n"),
            &fr.request.body,
        );
        self.request_source = Some(index);
        self.info(format!(
            "{} ({}:{})",
            fr.label(),
            fr.path.display(),
            fr.request.line
        ));
    }

    /// The draft with the carried ids and, for a file's request, its
    /// `{{variables}}` filled; the names that cannot be filled are the error.
    pub(super) fn fill_variables(&self, mut draft: Draft) -> Result<(Draft, Vec<String>), String> {
        let mut used = Vec::new();
        let mut carry = |text: &str| -> String {
            let mut out = text.to_string();
            for (id, c) in &self.carried {
                for placeholder in [format!("{{{{{id}}}}}"), format!("{{{id}}}")] {
                    if out.contains(&placeholder) {
                        out = out.replace(&placeholder, &c.value);
                        let note = format!("{id} {} {}", c.value, c.from);
                        if !used.contains(&note) {
                            used.push(note);
                        }
                    }
                }
            }
            out
        };
        draft.target = carry(&draft.target);
        draft.body = carry(&draft.body);
        for (_, v) in &mut draft.headers {
            *v = carry(v);
        }
        let file = self
            .request_source
            .and_then(|i| self.file_requests.get(i))
            .map(|fr| Arc::clone(&fr.file));
        let empty = HttpFile::parse("");
        let scope = Scope::new(file.as_deref().unwrap_or(&empty), &self.env);
        let fill = |text: &str| scope.fill(text).map_err(|e| e.to_string());
        draft.target = fill(&draft.target)?;
        draft.body = fill(&draft.body)?;
        for (_, v) in &mut draft.headers {
            *v = fill(v)?;
        }
        Ok((draft, used))
    }

    /// After a 2xx create: the ids it made, for the requests that follow.
    pub(super) fn carry_ids(&mut self, x: &Exchange) {
        let at = crate::connect::datetime::format_epoch_millis(crate::pipeline::record::now_ms());
        let time = at.get(11..19).unwrap_or(&at).to_string();
        for (id, value) in connect_ids(
            &x.request.method,
            &x.request.url,
            x.status.code,
            &x.body.text,
        ) {
            self.carried.insert(
                id.to_string(),
                Carried {
                    value,
                    from: format!("from the {} at {time}", x.status.code),
                },
            );
        }
    }

    pub fn carried(&self) -> &BTreeMap<String, Carried> {
        &self.carried
    }
}
