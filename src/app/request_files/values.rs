//! What fills a request's `{{variables}}` and `{id}` placeholders in the
//! TUI, as `cinspect run` fills them: the variables of the file the request
//! came from, then the environment, then the responses of named file
//! requests sent this session, then the ids successful creates carried.

use std::collections::BTreeMap;

use crate::app::state::{App, Level};
use crate::pipeline::{Draft, Exchange};
use crate::sources::http_file::{Captured, HttpFile, NamedResponse, Scope, connect_ids};

/// An id a successful create left, and where it came from (for the note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    pub value: String,
    pub from: String,
}

impl App {
    /// The draft with the carried ids and, for a file's request, its
    /// `{{variables}}` filled; the names that cannot be filled are the error.
    pub(in crate::app) fn fill_variables(
        &self,
        mut draft: Draft,
    ) -> Result<(Draft, Vec<String>), String> {
        // Which carried ids the request names, for the note; the scope fills them.
        let texts: Vec<&str> = [draft.target.as_str(), draft.body.as_str()]
            .into_iter()
            .chain(draft.headers.iter().map(|(_, v)| v.as_str()))
            .collect();
        let used: Vec<String> = self
            .files
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
    pub(in crate::app) fn carry_ids(&mut self, x: &Exchange) {
        let at = crate::connect::datetime::format_epoch_millis(self.clock.epoch_ms());
        let time = at.get(11..19).unwrap_or(&at).to_string();
        for (id, value) in connect_ids(
            &x.request.method,
            &x.request.url,
            x.status.code,
            &x.body.text,
        ) {
            self.files.carried.insert(
                id.to_string(),
                Carried {
                    value,
                    from: format!("from the {} at {time}", x.status.code),
                },
            );
        }
    }

    pub fn carried(&self) -> &BTreeMap<String, Carried> {
        &self.files.carried
    }

    /// Forgets the carried ids; how many there were.
    pub(in crate::app) fn forget_carried(&mut self) -> usize {
        let n = self.files.carried.len();
        self.files.carried.clear();
        n
    }
}

impl App {
    /// What fills `{{variables}}`: the variables of the file the request came
    /// from (none for a template), then the environment, then the responses
    /// of named file requests sent this session.
    fn variable_scope(&self) -> Scope {
        let env = self.envs.active();
        let scope = match self.request_source() {
            Some(fr) => Scope::new(&fr.file, env).with_dir(fr.path.parent()),
            None => Scope::new(&HttpFile::parse(""), env),
        };
        scope.with_responses(&self.files.named).with_ids(
            self.files
                .carried
                .iter()
                .map(|(id, c)| (id.clone(), c.value.clone())),
        )
    }

    /// A named file request answered: `{{name.response.body.$…}}` and
    /// `{{name.response.headers.…}}` of later requests read it, as in `cinspect run`.
    pub(in crate::app) fn remember_response(&mut self, name: String, x: &Exchange) {
        if x.body.text.len() > crate::sources::http_file::fill::MAX_FILLED {
            self.say(
                Level::Warning,
                format!("the response of `{name}` is over 4 MB: later requests cannot read it"),
            );
            return;
        }
        let captured = Captured {
            status: x.status.code,
            headers: x.headers.clone(),
            body: x.body.text.clone(),
        };
        self.files.named.insert(name, NamedResponse::new(captured));
    }

    /// The earlier responses the request in the editor reads, with the values
    /// they give now (or why not): said when the request is loaded.
    pub(in crate::app) fn response_values(&self) -> Vec<String> {
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
    pub(in crate::app) fn other_destination(&self) -> Option<String> {
        let url = self.editor.url_text();
        let filled = if url.contains("{{") {
            self.variable_scope().fill(&url).ok()?
        } else {
            url
        };
        let headers = self.editor.parsed_headers().unwrap_or_default();
        let filled = crate::sources::http_file::host_url(&filled, &headers).unwrap_or(filled);
        let env = self.envs.active();
        let resolved = env.resolve_url(&filled);
        crate::pipeline::other_origin(&resolved, env).map(|(origin, _)| origin)
    }

    /// Where the body holds a `{{name}}` that neither the file, the environment
    /// nor a carried id fills: drawn highlighted, so it is seen before F5 refuses.
    pub(in crate::app) fn unresolved_variables(&self) -> Vec<(usize, std::ops::Range<usize>)> {
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
