//! The request editor ↔ curl and .http: what the editor holds becomes a
//! `RequestText` for export, and an imported one fills the editor.

use super::editor::RequestEditor;
use super::state::App;
use crate::interop::{self, RequestText};

impl App {
    /// The request as the editor describes it, with the URL resolved against
    /// the environment. Unsigned: exports say how to sign instead.
    pub fn request_text(&self) -> RequestText {
        let mut headers = self.editor.parsed_headers().unwrap_or_default();
        let body = self.editor.body_text();
        let body = (!body.trim().is_empty()
            && !crate::pipeline::carries_no_body(self.editor.method()))
        .then_some(body);
        if body.is_some()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
        {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        RequestText {
            method: self.editor.method().to_string(),
            url: self.env().resolve_url(&self.editor.url_text()),
            headers,
            body,
        }
    }

    /// Fills the editor from an imported request. A URL under the current
    /// environment's base URL becomes a path again, and a JSON body is shown
    /// pretty.
    pub fn load_request_text(&mut self, request: &RequestText) {
        self.editor = editor_from(request, &self.env().base_url);
    }
}

pub fn editor_from(request: &RequestText, base_url: &str) -> RequestEditor {
    let url = request
        .url
        .strip_prefix(base_url)
        .filter(|p| p.starts_with('/'))
        .unwrap_or(&request.url);
    // Content-Type is added at send time; keeping it would only duplicate it.
    let headers: Vec<String> = request
        .headers
        .iter()
        .filter(|(n, v)| {
            !(n.eq_ignore_ascii_case("Content-Type") && v.starts_with("application/json"))
        })
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    let body = request.body.clone().unwrap_or_default();
    let body = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or(body);
    RequestEditor::new(&request.method, url, &headers.join("\n"), &body)
}

/// Parses what the user pasted: a curl command, or an .http request.
pub fn parse_import(text: &str) -> Result<(RequestText, Vec<String>), String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("curl") || trimmed.starts_with("$ curl") {
        interop::parse_curl(trimmed.trim_start_matches("$ ")).map_err(|e| e.to_string())
    } else {
        interop::parse_http_file(text).map_err(|e| e.to_string())
    }
}
