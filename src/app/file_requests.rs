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
        let scope = self.variable_scope();
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

impl App {
    /// The request from a file in the editor differs from the file's.
    pub fn is_modified(&self) -> bool {
        let Some(fr) = self.request_source.and_then(|i| self.file_requests.get(i)) else {
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

    /// The file request in the editor, for the body's title.
    pub fn request_source(&self) -> Option<&FileRequest> {
        self.request_source.and_then(|i| self.file_requests.get(i))
    }

    /// Writes the editor's request back into its block of its file: every other
    /// byte of the file stays, the file's line ends are kept, a file changed on
    /// disk since it was read is never overwritten.
    pub(super) fn save_request(&mut self) {
        let Some(index) = self.request_source else {
            self.info("this request is not from a file: the copy menu exports it as .http");
            return;
        };
        if !self.is_modified() {
            self.info("no changes to save");
            return;
        }
        let fr = self.file_requests[index].clone();
        match self.write_block(&fr) {
            Ok(saved) => {
                let path = fr.path.clone();
                self.reload_file(&path, saved, fr.block);
                self.info(format!("saved {} ({})", fr.label(), path.display()));
            }
            Err(e) => self.say(
                super::state::Level::Error,
                format!("not saved: {}: {e}", fr.path.display()),
            ),
        }
    }

    fn write_block(&self, fr: &FileRequest) -> Result<HttpFile, String> {
        let on_disk = std::fs::read(&fr.path).map_err(|e| e.to_string())?;
        if on_disk != fr.file.text().as_bytes() {
            return Err(
                "it changed on disk since it was read (a git pull?); reopen it".to_string(),
            );
        }
        let old = fr.file.block_text(fr.block).ok_or("its request is gone")?;
        let block = fr
            .file
            .blocks()
            .get(fr.block)
            .ok_or("its request is gone")?;
        let text = self.block_text(fr, old, block.line);
        let mut file = (*fr.file).clone();
        file.replace_block(fr.block, &text);
        // Written beside and renamed: a crash never leaves half a file.
        let tmp = fr.path.with_extension("http.cinspect-tmp");
        std::fs::write(&tmp, file.text()).map_err(|e| e.to_string())?;
        if let Ok(meta) = std::fs::metadata(&fr.path) {
            let _ = std::fs::set_permissions(&tmp, meta.permissions());
        }
        std::fs::rename(&tmp, &fr.path).map_err(|e| e.to_string())?;
        Ok(file)
    }

    /// The block as the editor describes it, keeping the lines above the
    /// request line (`###`, comments, `@name`, variables), the handlers after
    /// the body, and the blank lines that end the block.
    fn block_text(&self, fr: &FileRequest, old: &str, block_line: usize) -> String {
        let nl = if old.contains("\r\n") { "\r\n" } else { "\n" };
        let keep = fr.request.line.saturating_sub(block_line);
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
            self.editor.method(),
            self.editor.url_text().trim()
        ));
        for (name, value) in self.editor.parsed_headers().unwrap_or_default() {
            if !NOT_SAVED.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                out.push_str(&format!("{name}: {value}{nl}"));
            }
        }
        let body = self.editor.body_text();
        if !body.trim().is_empty() {
            out.push_str(nl);
            out.push_str(&body.trim_end().replace('\n', nl));
            out.push_str(nl);
        }
        for opaque in &fr.request.opaque {
            if let Some(text) = fr.file.text().get(opaque.span.clone()) {
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

    /// After a save: the file's requests as they now are, the one in the editor kept.
    fn reload_file(&mut self, path: &std::path::Path, file: HttpFile, block: usize) {
        let fresh = FileRequest::all(&[(path.to_path_buf(), Arc::new(file))]);
        self.replace_file(path, fresh);
        self.request_source = self
            .file_requests
            .iter()
            .position(|f| f.path == path && f.block == block);
    }
}

impl App {
    /// Reads `.http` files (a file or a folder) and adds their requests to F4's list.
    pub(super) fn open_request_files(&mut self, path: &std::path::Path) {
        let loaded = crate::sources::http_file::load::load(path);
        let mut added = 0;
        for (file_path, file) in &loaded.files {
            let fresh = FileRequest::all(&[(file_path.clone(), Arc::clone(file))]);
            added += fresh.len();
            self.replace_file(file_path, fresh);
        }
        let mut text = format!("{added} request(s) from {} (F4 lists them)", path.display());
        for p in &loaded.problems {
            text.push_str(&format!("; {p}"));
        }
        let level = if loaded.problems.is_empty() {
            super::state::Level::Info
        } else {
            super::state::Level::Warning
        };
        self.say(level, text);
    }

    /// `FILE.http NAME`: the editor's request added to the end of the file (made
    /// when missing) as `### NAME` with `# @name NAME`; the editor then edits it there.
    pub(super) fn save_as(&mut self, text: &str) {
        let Some((path, name)) = text.rsplit_once(' ').map(|(p, n)| (p.trim(), n.trim())) else {
            self.say(
                super::state::Level::Error,
                "not saved: give FILE.http and a NAME for the request",
            );
            return;
        };
        let path = PathBuf::from(path);
        let known = self
            .file_requests
            .iter()
            .find(|f| f.path == path)
            .map(|f| Arc::clone(&f.file));
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if let Some(file) = &known
            && on_disk != file.text()
        {
            self.say(
                super::state::Level::Error,
                format!(
                    "not saved: {}: it changed on disk since it was read; reopen it",
                    path.display()
                ),
            );
            return;
        }
        let nl = if on_disk.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let mut block = String::new();
        if !on_disk.is_empty() && !on_disk.ends_with('\n') {
            block.push_str(nl);
        }
        if !on_disk.trim().is_empty() {
            block.push_str(nl);
        }
        block.push_str(&format!("### {name}{nl}# @name {name}{nl}"));
        let fake = FileRequest {
            path: path.clone(),
            file: Arc::new(HttpFile::parse(block.clone())),
            block: 0,
            request: Request {
                name: Some(name.to_string()),
                expect: None,
                method: String::new(),
                target: String::new(),
                headers: Vec::new(),
                body: String::new(),
                line: 3,
                opaque: Vec::new(),
            },
        };
        let request_text = self.block_text(&fake, &block, 1);
        let new_text = format!("{on_disk}{request_text}");
        let tmp = path.with_extension("http.cinspect-tmp");
        let written = std::fs::write(&tmp, &new_text).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            self.say(
                super::state::Level::Error,
                format!("not saved: {}: {e}", path.display()),
            );
            return;
        }
        let file = Arc::new(HttpFile::parse(new_text));
        let fresh = FileRequest::all(&[(path.clone(), Arc::clone(&file))]);
        let last_block = fresh.last().map(|f| f.block);
        self.replace_file(&path, fresh);
        self.request_source = self
            .file_requests
            .iter()
            .position(|f| f.path == path && Some(f.block) == last_block);
        self.info(format!("saved as {name} in {}", path.display()));
    }

    /// Puts a file's requests in F4's list in place of what it held before.
    fn replace_file(&mut self, path: &std::path::Path, fresh: Vec<FileRequest>) {
        let current = self
            .request_source
            .and_then(|i| self.file_requests.get(i))
            .map(|f| (f.path.clone(), f.block));
        let first = self.file_requests.iter().position(|f| f.path == path);
        self.file_requests.retain(|f| f.path != path);
        let at = first
            .unwrap_or(self.file_requests.len())
            .min(self.file_requests.len());
        self.file_requests.splice(at..at, fresh);
        self.request_source = current.and_then(|(p, b)| {
            self.file_requests
                .iter()
                .position(|f| f.path == p && f.block == b)
        });
    }
}

impl App {
    /// What fills `{{variables}}`: the variables of the file the request came
    /// from (none for a template), then the environment.
    fn variable_scope(&self) -> Scope {
        match self.request_source.and_then(|i| self.file_requests.get(i)) {
            Some(fr) => Scope::new(&fr.file, &self.env),
            None => Scope::new(&HttpFile::parse(""), &self.env),
        }
    }

    /// Where the body holds a `{{name}}` that neither the file, the environment
    /// nor a carried id fills: drawn highlighted, so it is seen before F5 refuses.
    pub(super) fn unresolved_variables(&self) -> Vec<(usize, std::ops::Range<usize>)> {
        let body = self.editor.body_lines();
        if !body.iter().any(|l| l.contains("{{")) {
            return Vec::new();
        }
        let scope = self.variable_scope();
        let mut found = Vec::new();
        for (row, line) in body.iter().enumerate() {
            let mut from = 0;
            while let Some(open) = line[from..].find("{{").map(|i| from + i) {
                let Some(close) = line[open..].find("}}").map(|i| open + i + 2) else {
                    break;
                };
                let name = line[open + 2..close - 2].trim();
                let carried = self.carried.contains_key(name);
                if !carried && scope.fill(&line[open..close]).is_err() {
                    let start = line[..open].chars().count();
                    found.push((row, start..start + line[open..close].chars().count()));
                }
                from = close;
            }
        }
        found
    }
}
