//! What a kept-as-is part of a request is, in words for the TUI: cinspect
//! neither runs a handler nor reads an include, so it says so instead of
//! leaving them unseen.

use super::{HttpFile, Opaque, OpaqueKind};

impl Opaque {
    /// Its text as written, without the line break that ends it.
    pub fn text<'a>(&self, file: &'a HttpFile) -> &'a str {
        file.text()
            .get(self.span.clone())
            .unwrap_or("")
            .trim_end_matches(['\r', '\n'])
    }

    /// The 1-based lines it spans, first and last.
    pub fn lines(&self, file: &HttpFile) -> (usize, usize) {
        let n = self.text(file).lines().count().max(1);
        (self.line, self.line + n - 1)
    }

    /// Short, for a picker's detail: `keeps a response handler (3 lines)`.
    pub fn summary(&self, file: &HttpFile) -> String {
        let (first, last) = self.lines(file);
        match self.kind {
            OpaqueKind::Handler => match last - first + 1 {
                1 => "keeps a response handler (1 line)".to_string(),
                n => format!("keeps a response handler ({n} lines)"),
            },
            OpaqueKind::Include => format!("body from {}", self.include_path(file)),
            OpaqueKind::PreScript => match last - first + 1 {
                1 => "keeps a pre-request script (1 line)".to_string(),
                n => format!("keeps a pre-request script ({n} lines)"),
            },
            OpaqueKind::Run => format!("keeps `{}`", self.text(file).trim()),
        }
    }

    /// Long, for the status line: what it is and where.
    pub fn describe(&self, file: &HttpFile) -> String {
        let (first, last) = self.lines(file);
        let at = if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}–{last}")
        };
        let first_line = self.text(file).lines().next().unwrap_or("").trim();
        match self.kind {
            OpaqueKind::Handler if first_line.starts_with("> {%") => {
                format!("> {{% … %}} response handler ({at})")
            }
            OpaqueKind::Handler => format!("`{first_line}` response handler ({at})"),
            OpaqueKind::Include => format!("`{first_line}` body include ({at})"),
            OpaqueKind::PreScript if first_line.starts_with("< {%") => {
                format!("< {{% … %}} pre-request script ({at})")
            }
            OpaqueKind::PreScript => format!("`{first_line}` pre-request script ({at})"),
            OpaqueKind::Run => format!("`{first_line}` ({at})"),
        }
    }

    /// The file an include names (`< ./body.json` → `./body.json`).
    pub fn include_path(&self, file: &HttpFile) -> String {
        let text = self.text(file).lines().next().unwrap_or("");
        text.trim_start_matches('<')
            .trim_start_matches('@')
            .trim()
            .to_string()
    }
}

/// What a request keeps and cinspect does not act on, and what was read
/// leniently, for the status line when it is loaded into the editor; None
/// when there is nothing to say.
pub fn kept_note(file: &HttpFile, request: &super::Request) -> Option<String> {
    let mut said: Vec<String> = Vec::new();
    if !request.opaque.is_empty() {
        let parts: Vec<String> = request.opaque.iter().map(|o| o.describe(file)).collect();
        let mut note = format!("kept as is, not run: {}", parts.join(", "));
        let include = request
            .opaque
            .iter()
            .find(|o| o.kind == OpaqueKind::Include);
        match include {
            Some(o) if request.body.trim().is_empty() => note.push_str(&format!(
                "; the body comes from {}, which cinspect does not read: sending uses the body in the editor (empty)",
                o.include_path(file)
            )),
            _ => note.push_str("; sending uses the body in the editor"),
        }
        said.push(note);
    }
    said.extend(request.notes.iter().cloned());
    (!said.is_empty()).then(|| said.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "### a\nPOST /x\n\n{\"a\": 1}\n\n> {%\n  client.global.set(\"id\", response.body.id);\n%}\n\n### b\nPOST /y\n\n< ./body.json\n";

    #[test]
    fn a_handler_and_an_include_are_named_with_their_lines() {
        let file = HttpFile::parse(FILE);
        let requests: Vec<_> = file.requests().map(|(_, r)| r.clone()).collect();
        let handler = &requests[0].opaque[0];
        assert_eq!(handler.lines(&file), (6, 8));
        assert_eq!(handler.summary(&file), "keeps a response handler (3 lines)");
        assert_eq!(
            kept_note(&file, &requests[0]).unwrap(),
            "kept as is, not run: > {% … %} response handler (lines 6–8); sending uses the body in the editor"
        );
        let include = &requests[1].opaque[0];
        assert_eq!(include.summary(&file), "body from ./body.json");
        let note = kept_note(&file, &requests[1]).unwrap();
        assert!(
            note.starts_with("kept as is, not run: `< ./body.json` body include (line 13)"),
            "{note}"
        );
        assert!(note.contains("the body comes from ./body.json, which cinspect does not read"));
    }

    #[test]
    fn a_request_without_opaque_parts_has_no_note() {
        let file = HttpFile::parse("GET /x\n");
        let (_, r) = file.requests().next().unwrap();
        assert_eq!(kept_note(&file, r), None);
    }
}
