//! A request of a `.http` file: listed in F4 beside the templates, loaded
//! into the editor (which is then attached to it), and F4's list kept in
//! file order as files are read again.

use std::path::PathBuf;
use std::sync::Arc;

use super::Attached;
use crate::app::editor::RequestEditor;
use crate::app::state::{App, Level};
use crate::sources::http_file::opaque::kept_note;
use crate::sources::http_file::{HttpFile, Request, Scope};

/// One request of a file, as the picker offers it.
#[derive(Debug, Clone)]
pub struct FileRequest {
    pub path: PathBuf,
    pub file: Arc<HttpFile>,
    /// The block of `file` the request is in.
    pub block: usize,
    pub request: Request,
}

impl FileRequest {
    /// Every request of the files given.
    pub fn all(files: &[(PathBuf, Arc<HttpFile>)]) -> Vec<FileRequest> {
        files
            .iter()
            .flat_map(|(path, file)| {
                file.requests().map(move |(block, request)| FileRequest {
                    path: path.clone(),
                    file: Arc::clone(file),
                    block,
                    request: request.clone(),
                })
            })
            .collect()
    }

    /// What the request keeps and cinspect does not act on, for the picker's detail.
    pub fn kept(&self) -> Vec<String> {
        self.request
            .opaque
            .iter()
            .map(|o| o.summary(&self.file))
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

impl App {
    /// Loads file request `index` into the editor.
    pub(in crate::app) fn load_file_request(&mut self, index: usize) {
        let Some(fr) = self.files.requests.get(index).cloned() else {
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
        self.files.attached = Some(Attached {
            request: self.editor.request_id(),
            index,
        });
        let at = format!("{} ({}:{})", fr.label(), fr.path.display(), fr.request.line);
        // Handlers and includes are kept in the file but not run, and the file's own
        // baseUrl, merchantId or apiKeyId win over the environment's: say so, not leave them unseen.
        let scope = Scope::new(&fr.file, self.envs.active());
        let warnings: Vec<String> = kept_note(&fr.file, &fr.request)
            .into_iter()
            .chain(scope.overrides().iter().map(ToString::to_string))
            .collect();
        let fills = self.response_values();
        let at = if fills.is_empty() {
            at
        } else {
            format!("{at}; fills {}", fills.join(", "))
        };
        if warnings.is_empty() {
            self.info(at);
        } else {
            self.say(Level::Warning, format!("{at}; {}", warnings.join("; ")));
        }
    }

    /// The file request in the editor, for the body's title.
    pub fn request_source(&self) -> Option<&FileRequest> {
        self.files
            .index_of(self.editor.request_id())
            .and_then(|i| self.files.requests.get(i))
    }

    /// The requests of the files opened, as F4 lists them after the templates.
    pub fn file_requests(&self) -> &[FileRequest] {
        &self.files.requests
    }
}

impl App {
    /// Puts a file's requests in F4's list in place of what it held before.
    pub(in crate::app) fn replace_file(&mut self, path: &std::path::Path, fresh: Vec<FileRequest>) {
        self.replace_files(vec![(path.to_path_buf(), fresh)]);
    }

    /// Puts each file's requests in F4's list in place of what it held
    /// before, in one pass over the list however many files a batch holds:
    /// a folder of 100 000 files is merged in batches, never file by file.
    pub(in crate::app) fn replace_files(&mut self, files: Vec<(PathBuf, Vec<FileRequest>)>) {
        let current = self
            .files
            .attached
            .and_then(|a| Some((a.request, self.files.requests.get(a.index)?)))
            .map(|(request, f)| (request, f.path.clone(), f.block));
        let paths: std::collections::HashSet<&PathBuf> = files.iter().map(|(p, _)| p).collect();
        // The first request of a file already listed keeps the place of the file's requests.
        let mut places: std::collections::HashMap<PathBuf, usize> = Default::default();
        let mut kept = Vec::with_capacity(self.files.requests.len());
        for fr in std::mem::take(&mut self.files.requests) {
            if paths.contains(&fr.path) {
                places.entry(fr.path.clone()).or_insert(kept.len());
            } else {
                kept.push(fr);
            }
        }
        // Files already listed go back where they were; new ones at the end.
        let mut at_place: Vec<(usize, Vec<FileRequest>)> = Vec::new();
        let mut at_end = Vec::new();
        for (path, fresh) in files {
            match places.get(&path) {
                Some(&place) => at_place.push((place, fresh)),
                None => at_end.extend(fresh),
            }
        }
        at_place.sort_by_key(|(place, _)| *place);
        let mut merged = Vec::with_capacity(kept.len() + at_end.len());
        let mut placed = at_place.into_iter().peekable();
        for (i, fr) in kept.into_iter().enumerate() {
            while let Some((_, fresh)) = placed.next_if(|(place, _)| *place == i) {
                merged.extend(fresh);
            }
            merged.push(fr);
        }
        for (_, fresh) in placed {
            merged.extend(fresh);
        }
        merged.extend(at_end);
        self.files.requests = merged;
        self.files.attached = current.and_then(|(request, p, b)| {
            let index = self
                .files
                .requests
                .iter()
                .position(|f| f.path == p && f.block == b)?;
            Some(Attached { request, index })
        });
    }
}
