//! Requests from the team's `.http` files in the TUI: listed in the request
//! picker beside the templates, loaded into the editor, their `{{variables}}`
//! filled at send time (the file's, then the environment's), and the Connect
//! ids a successful create leaves carried into later requests' placeholders.
//! Reading the files is `file_loading`'s, writing them `file_saving`'s.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::editor::RequestEditor;
use super::state::App;
use crate::pipeline::{Draft, Exchange};
use crate::sources::http_file::opaque::kept_note;
use crate::sources::http_file::{Captured, HttpFile, NamedResponse, Request, Scope, connect_ids};

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
        let at = format!("{} ({}:{})", fr.label(), fr.path.display(), fr.request.line);
        // Handlers and includes are kept in the file but not run, and the file's own
        // baseUrl, merchantId or apiKeyId win over the environment's: say so, not leave them unseen.
        let scope = Scope::new(&fr.file, &self.env);
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
            self.say(
                super::state::Level::Warning,
                format!("{at}; {}", warnings.join("; ")),
            );
        }
    }

    /// The draft with the carried ids and, for a file's request, its
    /// `{{variables}}` filled; the names that cannot be filled are the error.
    pub(super) fn fill_variables(&self, mut draft: Draft) -> Result<(Draft, Vec<String>), String> {
        // Which carried ids the request names, for the note; the scope fills them.
        let texts: Vec<&str> = [draft.target.as_str(), draft.body.as_str()]
            .into_iter()
            .chain(draft.headers.iter().map(|(_, v)| v.as_str()))
            .collect();
        let used: Vec<String> = self
            .carried
            .iter()
            .filter(|(id, _)| texts.iter().any(|t| t.contains(&format!("{{{id}}}"))))
            .map(|(id, c)| format!("{id} {} {}", c.value, c.from))
            .collect();
        let scope = self.variable_scope();
        let mut filling = scope.request_fill();
        draft.target = filling.fill(&draft.target).map_err(|e| e.to_string())?;
        draft.body = filling.fill(&draft.body).map_err(|e| e.to_string())?;
        for (n, v) in &mut draft.headers {
            *v = filling.fill_header(n, v).map_err(|e| e.to_string())?;
        }
        if let Some(url) = crate::sources::http_file::host_url(&draft.target, &draft.headers) {
            draft.target = url;
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

    /// The file request in the editor, for the body's title.
    pub fn request_source(&self) -> Option<&FileRequest> {
        self.request_source.and_then(|i| self.file_requests.get(i))
    }

    /// The requests of the files opened, as F4 lists them after the templates.
    pub fn file_requests(&self) -> &[FileRequest] {
        &self.file_requests
    }
}

impl App {
    /// Puts a file's requests in F4's list in place of what it held before.
    pub(super) fn replace_file(&mut self, path: &std::path::Path, fresh: Vec<FileRequest>) {
        self.replace_files(vec![(path.to_path_buf(), fresh)]);
    }

    /// Puts each file's requests in F4's list in place of what it held
    /// before, in one pass over the list however many files a batch holds:
    /// a folder of 100 000 files is merged in batches, never file by file.
    pub(super) fn replace_files(&mut self, files: Vec<(PathBuf, Vec<FileRequest>)>) {
        let current = self
            .request_source
            .and_then(|i| self.file_requests.get(i))
            .map(|f| (f.path.clone(), f.block));
        let paths: std::collections::HashSet<&PathBuf> = files.iter().map(|(p, _)| p).collect();
        // The first request of a file already listed keeps the place of the file's requests.
        let mut places: std::collections::HashMap<PathBuf, usize> = Default::default();
        let mut kept = Vec::with_capacity(self.file_requests.len());
        for fr in std::mem::take(&mut self.file_requests) {
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
        self.file_requests = merged;
        self.request_source = current.and_then(|(p, b)| {
            self.file_requests
                .iter()
                .position(|f| f.path == p && f.block == b)
        });
    }
}

impl App {
    /// What fills `{{variables}}`: the variables of the file the request came
    /// from (none for a template), then the environment, then the responses
    /// of named file requests sent this session.
    fn variable_scope(&self) -> Scope {
        let scope = match self.request_source.and_then(|i| self.file_requests.get(i)) {
            Some(fr) => Scope::new(&fr.file, &self.env).with_dir(fr.path.parent()),
            None => Scope::new(&HttpFile::parse(""), &self.env),
        };
        scope.with_responses(&self.named_responses).with_ids(
            self.carried
                .iter()
                .map(|(id, c)| (id.clone(), c.value.clone())),
        )
    }

    /// A named file request answered: `{{name.response.body.$…}}` and
    /// `{{name.response.headers.…}}` of later requests read it, as in `cinspect run`.
    pub(super) fn remember_response(&mut self, name: String, x: &Exchange) {
        if x.body.text.len() > crate::sources::http_file::fill::MAX_FILLED {
            self.say(
                super::state::Level::Warning,
                format!("the response of `{name}` is over 4 MB: later requests cannot read it"),
            );
            return;
        }
        let captured = Captured {
            status: x.status.code,
            headers: x.headers.clone(),
            body: x.body.text.clone(),
        };
        self.named_responses
            .insert(name, NamedResponse::new(captured));
    }

    /// The earlier responses the request in the editor reads, with the values
    /// they give now (or why not): said when the request is loaded.
    pub(super) fn response_values(&self) -> Vec<String> {
        let scope = self.variable_scope();
        let mut texts = vec![self.editor.url_text(), self.editor.body_text()];
        texts.extend(self.editor.header_lines().iter().cloned());
        let mut said = Vec::new();
        for text in &texts {
            let mut rest = text.as_str();
            while let Some(open) = rest.find("{{") {
                let Some(close) = rest[open..].find("}}").map(|c| open + c) else {
                    break;
                };
                let name = rest[open + 2..close].trim();
                rest = &rest[close + 2..];
                if !name.contains(".response.") || said.iter().any(|(n, _)| n == name) {
                    continue;
                }
                let value = match scope.fill(&format!("{{{{{name}}}}}")) {
                    Ok(v) => {
                        let short: String = v.chars().take(40).collect();
                        if short.len() < v.len() {
                            format!("{short}…")
                        } else {
                            short
                        }
                    }
                    Err(e) => format!("not yet: {e}"),
                };
                said.push((name.to_owned(), value));
            }
        }
        said.into_iter()
            .map(|(n, v)| format!("{{{{{n}}}}} = {v}"))
            .collect()
    }

    /// The origin the URL, filled, goes to when it is not the environment's;
    /// unfillable URLs say nothing here (F5 names what is missing).
    pub(super) fn other_destination(&self) -> Option<String> {
        let url = self.editor.url_text();
        let filled = if url.contains("{{") {
            self.variable_scope().fill(&url).ok()?
        } else {
            url
        };
        let headers = self.editor.parsed_headers().unwrap_or_default();
        let filled = crate::sources::http_file::host_url(&filled, &headers).unwrap_or(filled);
        let resolved = self.env.resolve_url(&filled);
        crate::pipeline::other_origin(&resolved, &self.env).map(|(origin, _)| origin)
    }

    /// Where the body holds a `{{name}}` that neither the file, the environment
    /// nor a carried id fills: drawn highlighted, so it is seen before F5 refuses.
    pub(super) fn unresolved_variables(&self) -> Vec<(usize, std::ops::Range<usize>)> {
        let body = self.editor.body_lines();
        if !body.iter().any(|l| l.contains("{{")) {
            return Vec::new();
        }
        let scope = self.variable_scope();
        // One walk of the file's variables for the whole body, each name answered once.
        let mut checker = scope.checker();
        let mut found = Vec::new();
        for (row, line) in body.iter().enumerate() {
            let mut from = 0;
            // Characters before `from`, counted as the scan goes (never from the line's start again).
            let mut chars = 0;
            while let Some(open) = line[from..].find("{{").map(|i| from + i) {
                let Some(close) = line[open..].find("}}").map(|i| open + i + 2) else {
                    break;
                };
                let start = chars + line[from..open].chars().count();
                let len = line[open..close].chars().count();
                // Carried ids are in the scope: they fill like any other name.
                if checker.check(&line[open..close]).is_err() {
                    found.push((row, start..start + len));
                }
                chars = start + len;
                from = close;
            }
        }
        found
    }
}
