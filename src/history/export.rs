//! Exports of one entry: a runnable `curl` command, a `.http` request (VS Code REST Client /
//! JetBrains HTTP Client) and a Markdown report for a support ticket (see `markdown.rs`).
//!
//! Pure functions over an entry. Stored entries are already redacted; the exports apply the
//! default redaction once more (it is idempotent) so an entry built elsewhere cannot leak,
//! and they never carry an `Authorization` header: the v1HMAC signature covers the `Date`
//! header, so it has to be computed when the request is sent.

use std::str::FromStr;

use crate::interop;

use super::entry::Entry;
use super::markdown;
use super::redact::{
    DEFAULT_REDACT_FIELDS, DEFAULT_SECRET_HEADERS, redact_authorization, redact_body,
    redact_headers,
};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Curl,
    Http,
    Markdown,
}

impl FromStr for Format {
    type Err = String;

    /// `curl`, `http` or `markdown` (also `md`), ignoring case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "curl" => Ok(Format::Curl),
            "http" => Ok(Format::Http),
            "markdown" | "md" => Ok(Format::Markdown),
            _ => Err(format!(
                "unknown export format {s:?}: expected curl, http or markdown"
            )),
        }
    }
}

/// The entry in `format`. The Markdown report has no status meaning here; use
/// [`markdown::report`](super::markdown::report) to give one.
pub fn export(entry: &Entry, format: Format) -> String {
    match format {
        Format::Curl => curl(entry),
        Format::Http => http(entry),
        Format::Markdown => markdown::report(entry, None),
    }
}

/// Headers that the client computes itself: copying them would be wrong once a body was
/// redacted (a different length) or the URL changed.
const CLIENT_COMPUTED: &[&str] = &[
    "authorization",
    "content-length",
    "host",
    "transfer-encoding",
];

/// The request as the exports show it: headers to send (redacted, without the computed
/// ones), the redacted `Authorization` value if there was one, and the redacted body.
pub(crate) struct Request {
    pub headers: Vec<(String, String)>,
    pub authorization: Option<String>,
    pub body: String,
}

pub(crate) fn request(entry: &Entry) -> Request {
    let secret: Vec<String> = DEFAULT_SECRET_HEADERS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let fields: Vec<String> = DEFAULT_REDACT_FIELDS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let authorization = entry
        .request_headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| redact_authorization(value));
    let headers = redact_headers(&entry.request_headers, &secret)
        .into_iter()
        .filter(|(name, _)| !CLIENT_COMPUTED.iter().any(|c| name.eq_ignore_ascii_case(c)))
        .collect();
    Request {
        headers,
        authorization,
        body: redact_body(&entry.request_body, &fields),
    }
}

/// Comment lines shared by `curl` and `http`: what this is and what is missing.
fn preamble(entry: &Entry, req: &Request) -> Vec<String> {
    let mut lines = vec![format!(
        "cinspect history #{}, {}, environment {}",
        entry.id,
        markdown::format_utc(entry.time_ms),
        one_line(&entry.env)
    )];
    if let Some(auth) = &req.authorization {
        lines.push(format!(
            "Authorization omitted (was {}): the v1HMAC signature covers the Date header and is computed at send time; sign before sending.",
            one_line(auth)
        ));
    }
    lines.push("Secrets were redacted when saved (card number masked, CVV removed): fill them in to resend.".to_owned());
    lines
}

/// A runnable POSIX shell command, written by the same exporter as the TUI's
/// copy menu (`interop::to_curl`), after the entry's own notes.
pub fn curl(entry: &Entry) -> String {
    let req = request(entry);
    comments(entry, &req) + &interop::to_curl(&request_text(entry, req))
}

/// A `.http` file request (VS Code REST Client, JetBrains), by the same exporter
/// as the TUI's copy menu.
pub fn http(entry: &Entry) -> String {
    let req = request(entry);
    comments(entry, &req) + &interop::to_http_file(&request_text(entry, req))
}

fn comments(entry: &Entry, req: &Request) -> String {
    preamble(entry, req)
        .iter()
        .map(|line| format!("# {line}\n"))
        .collect()
}

fn request_text(entry: &Entry, req: Request) -> interop::RequestText {
    interop::RequestText {
        method: entry.method.clone(),
        url: entry.url.clone(),
        headers: req.headers,
        body: (!req.body.is_empty()).then_some(req.body),
    }
}

/// Single-quotes `s` for a POSIX shell: `'` becomes `'\''`. Nothing inside single quotes
/// is special to the shell, so any text is safe.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Text that must stay on one line (comments, header lines): control characters, line
/// breaks included, are shown escaped so they cannot start a new line or command.
pub(crate) fn one_line(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            id: 7,
            time_ms: 1_700_000_000_123,
            env: "sandbox".into(),
            method: "POST".into(),
            url: "https://eu.sandbox.api-ingenico.com/v1/1234/payments".into(),
            request_headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Date".into(), "Fri, 06 Jun 2014 13:39:43 GMT".into()),
                ("Authorization".into(), "GCS v1HMAC:5e45c937b9db33ae:SIGNATURESECRET==".into()),
                ("X-GCS-Idempotence-Key".into(), "it's-key".into()),
                ("Content-Length".into(), "99".into()),
            ],
            request_body: "{\"card\":{\"cardNumber\":\"4567350000427977\",\"cvv\":\"123\"},\"note\":\"O'Hara\"}".into(),
            status: Some(402),
            ..Entry::default()
        }
    }

    /// Splits a shell command the way `sh` would for the subset the export uses: single
    /// quotes, `\` + newline continuations, blanks between words, `#` comment lines.
    fn shell_words(command: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word: Option<String> = None;
        let mut chars = command.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '#' if word.is_none() => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                '\'' => {
                    let w = word.get_or_insert_with(String::new);
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                        w.push(c);
                    }
                }
                '\\' => match chars.next() {
                    Some('\n') => {}
                    Some(other) => word.get_or_insert_with(String::new).push(other),
                    None => {}
                },
                ' ' | '\n' | '\t' => {
                    if let Some(w) = word.take() {
                        words.push(w);
                    }
                }
                other => word.get_or_insert_with(String::new).push(other),
            }
        }
        words.extend(word);
        words
    }

    #[test]
    fn curl_command_reparses_to_method_url_headers_and_redacted_body() {
        let words = shell_words(&curl(&entry()));
        assert_eq!(
            words,
            [
                "curl",
                "--request",
                "POST",
                "https://eu.sandbox.api-ingenico.com/v1/1234/payments",
                "--header",
                "Content-Type: application/json",
                "--header",
                "Date: Fri, 06 Jun 2014 13:39:43 GMT",
                "--header",
                "X-GCS-Idempotence-Key: it's-key",
                "--data-raw",
                "{\"card\":{\"cardNumber\":\"456735******7977\"},\"note\":\"O'Hara\"}",
            ]
        );
    }

    #[test]
    fn curl_never_carries_the_signature_and_says_signing_happens_at_send_time() {
        let out = curl(&entry());
        assert!(!out.contains("SIGNATURESECRET"));
        assert!(out.contains("# Authorization omitted (was GCS v1HMAC:5e45c937b9db33ae:****)"));
        assert!(out.contains("computed at send time"));
    }

    #[test]
    fn comment_text_cannot_break_out_onto_a_command_line() {
        let mut e = entry();
        e.env = "x\nrm -rf ~".into();
        let out = curl(&e);
        assert!(out.lines().all(|l| !l.starts_with("rm")), "{out}");
        assert!(shell_words(&out).iter().all(|w| w != "rm"));
    }

    #[test]
    fn shell_quote_handles_single_quotes_and_shell_metacharacters() {
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
        let tricky = "$(id) `id` \"; | & \\ \n ' end";
        assert_eq!(
            shell_words(&format!("x {}", shell_quote(tricky))),
            ["x", tricky]
        );
    }

    #[test]
    fn get_without_body_has_no_data_argument() {
        let mut e = entry();
        e.method = "GET".into();
        e.request_body.clear();
        assert!(!curl(&e).contains("--data-raw"));
    }

    #[test]
    fn http_file_has_request_line_headers_blank_line_and_body() {
        let out = http(&entry());
        let body_start = out.find("\n\n").expect("blank line");
        let head: Vec<&str> = out[..body_start]
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        assert_eq!(
            head,
            [
                "POST https://eu.sandbox.api-ingenico.com/v1/1234/payments HTTP/1.1",
                "Content-Type: application/json",
                "Date: Fri, 06 Jun 2014 13:39:43 GMT",
                "X-GCS-Idempotence-Key: it's-key",
            ]
        );
        assert_eq!(
            &out[body_start + 2..],
            "{\"card\":{\"cardNumber\":\"456735******7977\"},\"note\":\"O'Hara\"}\n"
        );
        assert!(!out.contains("SIGNATURESECRET"));
    }

    #[test]
    fn http_header_values_stay_on_one_line() {
        let mut e = entry();
        e.request_headers = vec![("X-Note".into(), "a\r\nX-Evil: 1".into())];
        let out = http(&e);
        assert!(out.contains("X-Note: a  X-Evil: 1\n"), "{out}");
        assert!(
            !out.lines().any(|l| l.starts_with("X-Evil")),
            "no header injected: {out}"
        );
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!("curl".parse(), Ok(Format::Curl));
        assert_eq!("HTTP".parse(), Ok(Format::Http));
        assert_eq!("md".parse(), Ok(Format::Markdown));
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn export_dispatches_to_each_format() {
        let e = entry();
        assert_eq!(export(&e, Format::Curl), curl(&e));
        assert_eq!(export(&e, Format::Http), http(&e));
        assert_eq!(export(&e, Format::Markdown), markdown::report(&e, None));
    }
}
