//! `cinspect run FILE --list` and `--dry-run`: what cinspect read from a
//! `.http` file, and what it would send, without sending anything.

use serde_json::json;

use crate::body::{printable, printable_lines, terminal_safe_json};
use crate::config::Environment;
use crate::history::redact::{
    DEFAULT_REDACT_FIELDS, DEFAULT_SECRET_HEADERS, redact_body, redact_headers,
};
use crate::pipeline::{self, Confirmed, NotSent, SendSettings};
use crate::sources::http_file::{Content, HttpFile, Request, Scope};

/// One line a request (`file:line  name  METHOD URL`, then its expected
/// status, kept parts and problems), and one a malformed block; or JSON Lines.
pub(super) fn list(file: &HttpFile, file_name: &str, as_json: bool) {
    for block in file.blocks() {
        match &block.content {
            Content::Request(r) => {
                let kept: Vec<String> = r.opaque.iter().map(|o| o.describe(file)).collect();
                if as_json {
                    let v = json!({"file": file_name, "line": r.line, "name": r.name,
                        "method": r.method, "url": r.target, "expect": r.expect,
                        "kept": kept, "problems": r.notes});
                    super::outln!("{}", terminal_safe_json(&v.to_string()));
                    continue;
                }
                let mut line = format!(
                    "{}:{}  {}  {} {}",
                    file_name,
                    r.line,
                    r.name.as_deref().unwrap_or("-"),
                    r.method,
                    r.target
                );
                if let Some(e) = r.expect {
                    line.push_str(&format!("  expects {e}"));
                }
                if !kept.is_empty() {
                    line.push_str(&format!("  kept, not run: {}", kept.join(", ")));
                }
                for p in &r.notes {
                    line.push_str(&format!("  problem: {p}"));
                }
                super::outln!("{}", printable(&line));
            }
            Content::Malformed(m) => {
                if as_json {
                    let v = json!({"file": file_name, "line": m.line, "column": m.column,
                        "malformed": m.message});
                    super::outln!("{}", terminal_safe_json(&v.to_string()));
                } else {
                    super::outln!(
                        "{}",
                        printable(&format!("{file_name}:{m}  (malformed: not sent)"))
                    );
                }
            }
            Content::Empty => {}
        }
    }
}

/// Each request as it would go: variables filled, the checks of a send
/// made, secrets masked; what cannot be known before sending (an earlier
/// response, an id a create would carry) is named. Nothing is signed or sent.
pub(super) fn dry_run(
    requests: &[&Request],
    scope: &Scope,
    env: &Environment,
    settings: SendSettings,
    file_name: &str,
) {
    let secret_names: Vec<String> = DEFAULT_SECRET_HEADERS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let fields: Vec<String> = DEFAULT_REDACT_FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    for r in requests {
        let name = r
            .name
            .clone()
            .unwrap_or_else(|| format!("{} {}", r.method, r.target));
        super::outln!("{}", printable(&format!("{name} ({file_name}:{})", r.line)));
        let draft = match super::run_cmd::draft(r, scope) {
            Ok((draft, _)) => draft,
            Err(e) => {
                super::outln!("{}\n", printable(&format!("not known before sending: {e}")));
                continue;
            }
        };
        // Nothing is sent: a production write needs no yes to be shown.
        let confirmed = Confirmed {
            production: true,
            ..Confirmed::default()
        };
        let prepared = match pipeline::prepare(&draft, env, settings, confirmed) {
            Ok(p) => p,
            Err(e @ NotSent::Placeholder { .. }) => {
                super::outln!("{}\n", printable(&format!("not known before sending: {e}")));
                continue;
            }
            Err(e) => {
                let hint = super::send_cmd::flag_hint(&e);
                super::outln!("{}\n", printable(&format!("would not be sent: {e}{hint}")));
                continue;
            }
        };
        let p = prepared.request;
        let mut text = format!("{} {}\n", p.method, p.url);
        for (n, v) in redact_headers(&p.headers, &secret_names) {
            text.push_str(&format!("{n}: {v}\n"));
        }
        let own = p
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Authorization"));
        if p.unsigned {
            text.push_str("(unsigned: another origin than the environment's)\n");
        } else if !own {
            text.push_str(
                "(Date, X-GCS-ServerMetaInfo and the v1HMAC Authorization are added when sent)\n",
            );
        }
        if let Some(body) = &p.body {
            let shown = redact_body(body, &fields);
            text.push('\n');
            text.push_str(&shown);
            text.push('\n');
            if shown != *body {
                text.push_str("note: card numbers masked and CVVs left out here, as in the history; sent as written\n");
            }
        }
        for note in &prepared.notes {
            text.push_str(&format!("note: {note}\n"));
        }
        super::outln!("{}", printable_lines(&text));
    }
}
