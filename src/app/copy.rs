//! What the copy menu offers, and the text each choice puts on the clipboard.
//! Everything here is built from state that is already redacted: the request
//! as sent has its signature masked, and the secret is never in state.

use super::state::App;
use crate::history::markdown::{Personal, ticket};
use crate::pipeline::record::{entry_for_response, unsaved};
use crate::pipeline::{exchange_json, place_of};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    ResponseBody,
    ErrorIds,
    ExchangeJson,
    RequestBody,
    RequestCurl,
    RequestHttpFile,
    MarkdownReport,
    /// The report with the person's data in it, asked for on purpose.
    MarkdownReportPersonal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyChoice {
    pub kind: CopyKind,
    pub label: &'static str,
}

impl App {
    /// The choices that have something to copy right now.
    pub fn copy_choices(&self) -> Vec<CopyChoice> {
        let mut choices = Vec::new();
        // A webhook on show is no API exchange: its body, not a report or an exchange JSON.
        if let (Some(x), Some(_)) = (self.exchange(), self.webhook_shown()) {
            if x.body.size > 0 {
                choices.push(CopyChoice {
                    kind: CopyKind::ResponseBody,
                    label: "webhook body (as received)",
                });
            }
        } else if let Some(x) = self.exchange() {
            if x.body.size > 0 {
                choices.push(CopyChoice {
                    kind: CopyKind::ResponseBody,
                    label: "response body",
                });
            }
            if x.report.error_id.is_some()
                || x.report.errors.iter().any(|e| e.error.request_id.is_some())
            {
                choices.push(CopyChoice {
                    kind: CopyKind::ErrorIds,
                    label: "errorId and requestIds",
                });
            }
            choices.push(CopyChoice {
                kind: CopyKind::MarkdownReport,
                label: "markdown report for a support ticket (card and personal data masked)",
            });
            choices.push(CopyChoice {
                kind: CopyKind::MarkdownReportPersonal,
                label: "markdown report with personal data (card data masked)",
            });
            choices.push(CopyChoice {
                kind: CopyKind::ExchangeJson,
                label: "exchange as JSON (as cinspect send --json)",
            });
        }
        choices.push(CopyChoice {
            kind: CopyKind::RequestCurl,
            label: "request as curl (unsigned; says how to sign)",
        });
        choices.push(CopyChoice {
            kind: CopyKind::RequestHttpFile,
            label: "request as an .http file (VS Code, JetBrains)",
        });
        if !self.editor.body_text().trim().is_empty() {
            choices.push(CopyChoice {
                kind: CopyKind::RequestBody,
                label: "request body",
            });
        }
        choices
    }

    /// The text of a choice, or None when there is nothing to copy.
    pub fn copy_text(&self, kind: CopyKind) -> Option<String> {
        match kind {
            CopyKind::RequestBody => Some(self.editor.body_text()),
            CopyKind::RequestCurl => Some(crate::interop::to_curl(&self.request_text())),
            CopyKind::RequestHttpFile => Some(crate::interop::to_http_file(&self.request_text())),
            CopyKind::ResponseBody => self.exchange().map(|x| x.body.text.clone()),
            CopyKind::ErrorIds => {
                let x = self.exchange()?;
                let mut lines: Vec<String> = x
                    .report
                    .error_id
                    .iter()
                    .map(|id| format!("errorId {id}"))
                    .collect();
                lines.extend(
                    x.report
                        .errors
                        .iter()
                        .filter_map(|e| e.error.request_id.as_ref())
                        .filter(|r| !r.is_empty())
                        .map(|r| format!("requestId {r}")),
                );
                Some(lines.join("\n"))
            }
            CopyKind::MarkdownReport | CopyKind::MarkdownReportPersonal => {
                let x = self.exchange()?;
                let new = entry_for_response(
                    &self.env().name,
                    x.request.sent_at_ms.unwrap_or_default(),
                    x,
                    x.body.text.as_bytes(),
                    x.body.text.len(),
                );
                // The history store's rules redact the report exactly as they redact history;
                // its time is the send's (support correlates by it), not the copy's.
                let personal = if kind == CopyKind::MarkdownReport {
                    Personal::Redacted
                } else {
                    Personal::Included
                };
                Some(ticket(
                    &unsaved(new),
                    Some(x.status.name),
                    x.request.sent_at_ms,
                    personal,
                ))
            }
            CopyKind::ExchangeJson => {
                let x = self.exchange()?;
                let located: Vec<Option<(usize, usize)>> = (0..x.report.errors.len())
                    .map(|i| self.errors.located(i).and_then(place_of))
                    .collect();
                serde_json::to_string_pretty(&exchange_json(
                    x,
                    &located,
                    crate::connect::Reader::Tui,
                ))
                .ok()
            }
        }
    }
}
