//! curl commands: importing the ones people paste (browsers' "Copy as cURL", docs, SDK logs)
//! and exporting a runnable one.

use thiserror::Error;

use super::shell::{self, Split, SplitError, Word};
use super::{
    Position, RequestText, SIGNING_NOTE, drop_send_time_headers, export_headers, has_header,
};

/// Why a pasted command cannot be imported. Positions point into the pasted text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CurlError {
    #[error("nothing to import: paste a curl command")]
    Empty,
    #[error("unterminated {quote} quote opened at {at}: close it, or paste the whole command")]
    UnterminatedQuote { quote: &'static str, at: Position },
    #[error(
        "`{op}` at {at} is shell syntax: quote the argument that holds it, or paste only the curl command"
    )]
    ShellOperator { op: char, at: Position },
    #[error("the $'…' text in the word at {at} does not decode to UTF-8")]
    NotUtf8 { at: Position },
    #[error("not a curl command: it starts with `{found}`")]
    NotCurl { found: String },
    #[error("unknown curl option `{option}` at {at}")]
    UnknownOption { option: String, at: Position },
    #[error("`{option}` at {at}: curl takes the value as the next word: `{name} {value}`")]
    OptionWithEquals {
        option: String,
        name: String,
        value: String,
        at: Position,
    },
    #[error("`{option}` at {at} needs a value")]
    MissingValue { option: String, at: Position },
    #[error(
        "`{option} {value}` at {at} reads a file, and cinspect does not read files: paste the content instead"
    )]
    FileNotRead {
        option: String,
        value: String,
        at: Position,
    },
    #[error("header `{header}` at {at} has no `:`: write it as 'Name: value'")]
    BadHeader { header: String, at: Position },
    #[error("no URL in the command")]
    NoUrl,
    // Escaped: a stray control character (a CR) is the usual second "URL", and invisible.
    #[error("a second URL `{}` at {at}: cinspect imports one request", url.escape_debug())]
    SecondUrl { url: String, at: Position },
    #[error(
        "-I/--head sends HEAD, which carries no data: drop the data, or add -G to send it in the query"
    )]
    HeadWithData,
}

/// Imports a curl command: the request it would send, and notes on what was dropped or
/// ignored. `Authorization`, `Date`, `X-GCS-ServerMetaInfo` and `Content-Length` are dropped:
/// they are computed when cinspect signs and sends the request.
pub fn parse_curl(command: &str) -> Result<(RequestText, Vec<String>), CurlError> {
    let Split { words, expansions } = shell::split(command).map_err(|e| split_error(command, e))?;
    let mut words = words.into_iter();
    let program = words.next().ok_or(CurlError::Empty)?;
    if !is_curl(&program.text) {
        return Err(CurlError::NotCurl {
            found: program.text,
        });
    }
    let mut builder = Builder::default();
    for (name, at) in expansions {
        builder.note(format!(
            "`{name}` at {} would be expanded by a shell; kept as written",
            Position::at(command, at)
        ));
    }
    let mut args = Args {
        words: words.collect(),
        next: 0,
        command,
    };
    while let Some(word) = args.next_word() {
        if word.text.len() > 1 && word.text.starts_with("--") {
            let name = &word.text[2..];
            let option = long_option(name).ok_or_else(|| args.unknown_long(&word))?;
            let value = args.value_for(option, &word.text, &word, None)?;
            builder.apply(option, &word.text, value)?;
        } else if word.text.len() > 1 && word.text.starts_with('-') {
            // A cluster of short options (`-sSL`); one taking a value takes the rest of the
            // word (`-XPOST`) or the next word.
            let mut rest = &word.text[1..];
            while let Some(c) = rest.chars().next() {
                rest = &rest[c.len_utf8()..];
                let spelled = format!("-{c}");
                let option = short_option(c).ok_or_else(|| CurlError::UnknownOption {
                    option: spelled.clone(),
                    at: args.position(&word),
                })?;
                if option.takes_value() {
                    let attached = (!rest.is_empty()).then(|| rest.to_owned());
                    let value = args.value_for(option, &spelled, &word, attached)?;
                    builder.apply(option, &spelled, value)?;
                    break;
                }
                builder.apply(option, &spelled, None)?;
            }
        } else {
            let at = args.position(&word);
            builder.set_url(word.text, at)?;
        }
    }
    builder.finish()
}

/// Exports `r` as a runnable POSIX shell command: every argument single-quoted, one option a
/// line, and a first comment line saying how to sign it. Never carries a secret: an
/// `Authorization` header is written as the placeholder.
pub fn to_curl(r: &RequestText) -> String {
    let mut args = Vec::new();
    // `-X HEAD` makes curl wait for a body that never comes; `--head` does not.
    if r.method == "HEAD" && r.body.is_none() {
        args.push("curl --head".to_owned());
    } else {
        args.push(format!("curl --request {}", shell::quote(&r.method)));
    }
    // A URL starting with `-` would read as an option.
    if r.url.starts_with('-') {
        args.push(format!("--url {}", shell::quote(&r.url)));
    } else {
        args.push(shell::quote(&r.url));
    }
    for (name, value) in export_headers(&r.headers) {
        // `Name;` is curl's way to send a header with an empty value (`Name:` removes it).
        let header = if value.is_empty() {
            format!("{name};")
        } else {
            format!("{name}: {value}")
        };
        args.push(format!("--header {}", shell::quote(&header)));
    }
    if let Some(body) = &r.body {
        // Without it curl would add `Content-Type: application/x-www-form-urlencoded`.
        if !has_header(&r.headers, "content-type") {
            args.push("--header 'Content-Type:'".to_owned());
        }
        args.push(format!("--data-raw {}", shell::quote(body)));
    }
    format!("# {SIGNING_NOTE}\n{}\n", args.join(" \\\n  "))
}

fn is_curl(program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    name == "curl" || name.eq_ignore_ascii_case("curl.exe")
}

fn split_error(command: &str, e: SplitError) -> CurlError {
    match e {
        SplitError::Unterminated { quote, at } => CurlError::UnterminatedQuote {
            quote: match quote {
                "'" => "single",
                "\"" => "double",
                _ => "$'…'",
            },
            at: Position::at(command, at),
        },
        SplitError::Operator { op, at } => CurlError::ShellOperator {
            op,
            at: Position::at(command, at),
        },
        SplitError::NotUtf8 { at } => CurlError::NotUtf8 {
            at: Position::at(command, at),
        },
    }
}

/// The curl options a pasted command is likely to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opt {
    Request,
    Header,
    /// `-d`, `--data`, `--data-ascii`, `--data-binary`: `@file` reads a file.
    Data,
    /// `--data-raw`: `@` is just a character.
    DataRaw,
    DataUrlencode,
    Json,
    User,
    Url,
    Get,
    Head,
    Cookie,
    UserAgent,
    Referer,
    /// Changes how curl runs, not the request: ignored, with a note when that matters.
    Ignored {
        value: bool,
        note: Option<&'static str>,
    },
}

impl Opt {
    fn takes_value(self) -> bool {
        !matches!(
            self,
            Opt::Get | Opt::Head | Opt::Ignored { value: false, .. }
        )
    }
}

const LOCATION_NOTE: &str =
    "follows redirects; ignored: cinspect never follows them, so you see the API's own answer";
const INSECURE_NOTE: &str = "skips TLS certificate checks; ignored: cinspect always checks them";

fn long_option(name: &str) -> Option<Opt> {
    let quiet = |value| Some(Opt::Ignored { value, note: None });
    match name {
        "request" => Some(Opt::Request),
        "header" => Some(Opt::Header),
        "data" | "data-ascii" | "data-binary" => Some(Opt::Data),
        "data-raw" => Some(Opt::DataRaw),
        "data-urlencode" => Some(Opt::DataUrlencode),
        "json" => Some(Opt::Json),
        "user" => Some(Opt::User),
        "url" => Some(Opt::Url),
        "get" => Some(Opt::Get),
        "head" => Some(Opt::Head),
        "cookie" => Some(Opt::Cookie),
        "user-agent" => Some(Opt::UserAgent),
        "referer" => Some(Opt::Referer),
        "location" | "location-trusted" => Some(Opt::Ignored {
            value: false,
            note: Some(LOCATION_NOTE),
        }),
        "insecure" => Some(Opt::Ignored {
            value: false,
            note: Some(INSECURE_NOTE),
        }),
        "compressed" | "silent" | "show-error" | "verbose" | "include" | "fail"
        | "fail-with-body" | "globoff" | "no-progress-meter" | "progress-bar" | "http1.1"
        | "http2" | "no-buffer" => quiet(false),
        "output" | "max-time" | "connect-timeout" | "write-out" | "retry" => quiet(true),
        _ => None,
    }
}

fn short_option(c: char) -> Option<Opt> {
    match c {
        'X' => long_option("request"),
        'H' => long_option("header"),
        'd' => long_option("data"),
        'u' => long_option("user"),
        'G' => long_option("get"),
        'I' => long_option("head"),
        'b' => long_option("cookie"),
        'A' => long_option("user-agent"),
        'e' => long_option("referer"),
        'L' => long_option("location"),
        'k' => long_option("insecure"),
        's' | 'S' | 'v' | 'i' | 'f' | 'g' | 'N' | '#' => Some(Opt::Ignored {
            value: false,
            note: None,
        }),
        'o' | 'm' | 'w' => Some(Opt::Ignored {
            value: true,
            note: None,
        }),
        _ => None,
    }
}

/// The words after `curl`, read one by one.
struct Args<'a> {
    words: Vec<Word>,
    next: usize,
    command: &'a str,
}

/// An option's value and where it was written.
struct Value {
    text: String,
    at: Position,
}

impl Args<'_> {
    fn next_word(&mut self) -> Option<Word> {
        let word = self.words.get(self.next).cloned();
        self.next += usize::from(word.is_some());
        word
    }

    fn position(&self, word: &Word) -> Position {
        Position::at(self.command, word.at)
    }

    /// The value of `option` (spelled `spelled` in `word`): `attached` or the next word.
    fn value_for(
        &mut self,
        option: Opt,
        spelled: &str,
        word: &Word,
        attached: Option<String>,
    ) -> Result<Option<Value>, CurlError> {
        if !option.takes_value() {
            return Ok(None);
        }
        if let Some(text) = attached {
            return Ok(Some(Value {
                text,
                at: self.position(word),
            }));
        }
        let missing = || CurlError::MissingValue {
            option: spelled.to_owned(),
            at: Position::at(self.command, word.at),
        };
        let value = self.next_word().ok_or_else(missing)?;
        Ok(Some(Value {
            at: self.position(&value),
            text: value.text,
        }))
    }

    fn unknown_long(&self, word: &Word) -> CurlError {
        let at = self.position(word);
        if let Some((name, value)) = word.text.split_once('=')
            && long_option(&name[2..]).is_some()
        {
            return CurlError::OptionWithEquals {
                option: word.text.clone(),
                name: name.to_owned(),
                value: value.to_owned(),
                at,
            };
        }
        CurlError::UnknownOption {
            option: word.text.clone(),
            at,
        }
    }
}

/// The request as the options so far describe it.
#[derive(Default)]
struct Builder {
    method: Option<String>,
    url: Option<String>,
    headers: Vec<(String, String)>,
    /// Lower-cased names given as `Name:`, which tells curl not to send its own.
    removed: Vec<String>,
    data: Option<String>,
    json: bool,
    get: bool,
    head: bool,
    notes: Vec<String>,
}

impl Builder {
    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    fn apply(&mut self, option: Opt, spelled: &str, value: Option<Value>) -> Result<(), CurlError> {
        let Some(value) = value else {
            match option {
                Opt::Get => self.get = true,
                Opt::Head => self.head = true,
                Opt::Ignored {
                    note: Some(note), ..
                } => self.note(format!("`{spelled}` {note}")),
                _ => {}
            }
            return Ok(());
        };
        let file_not_read = |value: &Value| CurlError::FileNotRead {
            option: spelled.to_owned(),
            value: value.text.clone(),
            at: value.at,
        };
        match option {
            Opt::Header | Opt::Data | Opt::Json if value.text.starts_with('@') => return Err(file_not_read(&value)),
            Opt::Request => self.method = Some(value.text),
            Opt::Header => self.header(&value)?,
            Opt::Data | Opt::DataRaw => self.add_data(value.text, false),
            Opt::Json => {
                self.json = true;
                self.add_data(value.text, true);
            }
            Opt::DataUrlencode => {
                let piece = urlencode_piece(&value.text).ok_or_else(|| file_not_read(&value))?;
                self.add_data(piece, false);
            }
            // The value holds a password: never repeat it.
            Opt::User => self.note(format!(
                "`{spelled}` (basic auth) dropped: the Connect API takes a v1HMAC signature, which cinspect \
                 computes at send time from the environment's API key"
            )),
            Opt::Url => self.set_url(value.text, value.at)?,
            Opt::Cookie if !value.text.contains('=') => return Err(file_not_read(&value)),
            Opt::Cookie => match self.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case("cookie")) {
                Some((_, cookies)) => {
                    cookies.push_str("; ");
                    cookies.push_str(&value.text);
                }
                None => self.headers.push(("Cookie".to_owned(), value.text)),
            },
            Opt::UserAgent => self.headers.push(("User-Agent".to_owned(), value.text)),
            Opt::Referer => self.headers.push(("Referer".to_owned(), value.text)),
            Opt::Get | Opt::Head | Opt::Ignored { .. } => {}
        }
        Ok(())
    }

    /// `Name: value`; `Name;` for an empty value; `Name:` to stop curl sending its own.
    fn header(&mut self, value: &Value) -> Result<(), CurlError> {
        let bad = || CurlError::BadHeader {
            header: value.text.clone(),
            at: value.at,
        };
        let (name, header_value) = match value.text.split_once(':') {
            Some((name, v)) => (name.trim(), Some(v.trim())),
            None => (value.text.strip_suffix(';').ok_or_else(bad)?.trim(), None),
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(bad());
        }
        match header_value {
            Some("") => self.removed.push(name.to_ascii_lowercase()),
            Some(v) => self.headers.push((name.to_owned(), v.to_owned())),
            None => self.headers.push((name.to_owned(), String::new())),
        }
        Ok(())
    }

    /// curl joins several data options with `&`, except that `--json` data is appended as is.
    fn add_data(&mut self, piece: String, json: bool) {
        match &mut self.data {
            None => self.data = Some(piece),
            Some(data) => {
                if !json {
                    data.push('&');
                }
                data.push_str(&piece);
            }
        }
    }

    fn set_url(&mut self, url: String, at: Position) -> Result<(), CurlError> {
        if self.url.is_some() {
            return Err(CurlError::SecondUrl { url, at });
        }
        self.url = Some(url);
        Ok(())
    }

    fn finish(mut self) -> Result<(RequestText, Vec<String>), CurlError> {
        let mut url = self.url.take().ok_or(CurlError::NoUrl)?;
        let mut body = self.data.take();
        if self.get {
            // -G sends the data as the query string.
            if let Some(query) = body.take() {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&query);
            }
        } else if self.head && body.is_some() && self.method.is_none() {
            return Err(CurlError::HeadWithData);
        }
        let method = self.method.take().unwrap_or_else(|| {
            let default = if self.head {
                "HEAD"
            } else if body.is_some() {
                "POST"
            } else {
                "GET"
            };
            default.to_owned()
        });
        if let Some(body) = &body {
            self.default_headers(body);
        }
        let headers = drop_send_time_headers(std::mem::take(&mut self.headers), &mut self.notes);
        Ok((
            RequestText {
                method,
                url,
                headers,
                body,
            },
            self.notes,
        ))
    }

    /// The headers curl adds for a body unless told otherwise.
    fn default_headers(&mut self, body: &str) {
        let given = |b: &Builder, name: &str| {
            has_header(&b.headers, name) || b.removed.iter().any(|r| r == name)
        };
        if !given(self, "content-type") {
            if self.json {
                self.headers
                    .push(("Content-Type".to_owned(), "application/json".to_owned()));
            } else {
                self.headers.push((
                    "Content-Type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ));
                if body.trim_start().starts_with(['{', '[']) {
                    self.note(
                        "no Content-Type was given, so curl would send this JSON as \
                         application/x-www-form-urlencoded; the Connect API expects application/json"
                            .to_owned(),
                    );
                }
            }
        }
        if self.json && !given(self, "accept") {
            self.headers
                .push(("Accept".to_owned(), "application/json".to_owned()));
        }
    }
}

/// A `--data-urlencode` value as curl sends it: `content`, `=content` or `name=content`, the
/// content percent-encoded. `None` for the forms that read a file (`@file`, `name@file`).
fn urlencode_piece(value: &str) -> Option<String> {
    match value.find(['=', '@']) {
        Some(i) if value[i..].starts_with('@') => None,
        Some(0) => Some(percent_encode(&value[1..])),
        Some(i) => Some(format!(
            "{}={}",
            &value[..i],
            percent_encode(&value[i + 1..])
        )),
        None => Some(percent_encode(value)),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as curl does.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::awkward_requests;
    use super::*;

    fn parse(command: &str) -> (RequestText, Vec<String>) {
        parse_curl(command).unwrap_or_else(|e| panic!("{command}\n→ {e}"))
    }

    fn err(command: &str) -> CurlError {
        match parse_curl(command) {
            Ok(r) => panic!("{command}\n→ parsed: {r:?}"),
            Err(e) => e,
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn import_of_the_export_gives_the_same_request() {
        for r in awkward_requests() {
            let exported = to_curl(&r);
            let (back, _) = parse(&exported);
            assert_eq!(back, r, "\n{exported}");
        }
    }

    #[test]
    fn export_starts_with_the_signing_note_and_continues_lines() {
        let r = &awkward_requests()[0];
        let out = to_curl(r);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some(format!("# {SIGNING_NOTE}").as_str()));
        assert_eq!(lines.next(), Some("curl --request 'POST' \\"));
        assert_eq!(
            lines.next(),
            Some("  'https://eu.sandbox.api-ingenico.com/v1/1234/payments' \\")
        );
        assert_eq!(
            lines.next(),
            Some("  --header 'Content-Type: application/json' \\")
        );
        assert!(out.ends_with("'\n"));
    }

    #[test]
    fn export_never_carries_a_signature() {
        let r = RequestText {
            method: "GET".into(),
            url: "https://example.test/v1/1/services/testconnection".into(),
            headers: headers(&[(
                "Authorization",
                "GCS v1HMAC:5e45c937b9db33ae:SECRETSIGNATURE=",
            )]),
            body: None,
        };
        let out = to_curl(&r);
        assert!(!out.contains("SECRETSIGNATURE"), "{out}");
        assert!(
            out.contains("--header 'Authorization: GCS v1HMAC:<apiKeyId>:<signature>'"),
            "{out}"
        );
        // And importing it back drops the placeholder with a note.
        let (back, notes) = parse(&out);
        assert_eq!(back.headers, vec![]);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn export_of_a_body_without_content_type_stops_curl_adding_one() {
        let r = RequestText {
            method: "POST".into(),
            url: "https://example.test/".into(),
            headers: vec![],
            body: Some(String::new()),
        };
        assert!(to_curl(&r).contains("--header 'Content-Type:'"));
        assert_eq!(parse(&to_curl(&r)).0, r);
    }

    #[test]
    fn chrome_copy_as_curl_with_ansi_c_data_imports() {
        let command = r#"curl 'https://payment.preprod.example.com/v1/1234/payments' \
  -H 'accept: application/json' \
  -H 'accept-language: en-GB,en;q=0.9' \
  -H 'content-type: application/json' \
  -b 'session=abc; theme=dark' \
  -H 'sec-ch-ua: "Chromium";v="124", "Not-A.Brand";v="99"' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \
  --data-raw $'{"order":{"customer":{"name":"O\'Brien","note":"line1\\nline2 \u00e9"}}}' \
  --compressed"#;
        let (r, notes) = parse(command);
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.url,
            "https://payment.preprod.example.com/v1/1234/payments"
        );
        assert_eq!(
            r.headers,
            headers(&[
                ("accept", "application/json"),
                ("accept-language", "en-GB,en;q=0.9"),
                ("content-type", "application/json"),
                ("Cookie", "session=abc; theme=dark"),
                ("sec-ch-ua", r#""Chromium";v="124", "Not-A.Brand";v="99""#),
                ("user-agent", "Mozilla/5.0 (X11; Linux x86_64)"),
            ])
        );
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"order":{"customer":{"name":"O'Brien","note":"line1\nline2 é"}}}"#)
        );
        assert_eq!(notes, Vec::<String>::new());
    }

    #[test]
    fn firefox_copy_as_curl_imports() {
        let command = "curl 'https://example.test/v1/1234/payments/1/approve' --compressed -X POST \
                       -H 'Accept: */*' -H 'Content-Type: application/json' --data-raw '{\"amount\":100}'";
        let (r, _) = parse(command);
        assert_eq!(r.method, "POST");
        assert_eq!(r.body.as_deref(), Some("{\"amount\":100}"));
    }

    #[test]
    fn sdk_log_headers_are_dropped_with_notes() {
        let command = "curl -X POST 'https://eu.sandbox.api-ingenico.com/v1/1234/payments' \
            -H 'Authorization: GCS v1HMAC:5e45c937b9db33ae:J5LjfSBvrQNhu7gG0gvifZt+IWNDReGCmHmBmcG4zdA=' \
            -H 'Date: Fri, 06 Jun 2014 13:39:43 GMT' \
            -H 'X-GCS-ServerMetaInfo: eyJzZGtJZGVudGlmaWVyIjoiSmF2YVNlcnZlclNESy92Ni40Ny4wIn0=' \
            -H 'Content-Type: application/json' \
            -H 'X-GCS-Idempotence-Key: 123e4567' \
            -d '{\"order\":{\"amountOfMoney\":{\"amount\":2345,\"currencyCode\":\"CAD\"}}}'";
        let (r, notes) = parse(command);
        assert_eq!(
            r.headers,
            headers(&[
                ("Content-Type", "application/json"),
                ("X-GCS-Idempotence-Key", "123e4567")
            ])
        );
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[0].starts_with("dropped the Authorization header"));
        assert!(notes[1].starts_with("dropped the Date header"));
        assert!(notes[2].starts_with("dropped the X-GCS-ServerMetaInfo header"));
        assert!(notes.iter().all(|n| !n.contains("J5Ljf")));
    }

    #[test]
    fn method_defaults_to_get_post_with_data_head_with_i() {
        assert_eq!(parse("curl https://x.test/").0.method, "GET");
        assert_eq!(parse("curl -d a=1 https://x.test/").0.method, "POST");
        assert_eq!(parse("curl -I https://x.test/").0.method, "HEAD");
        assert_eq!(
            parse("curl -XPATCH -d a=1 https://x.test/").0.method,
            "PATCH"
        );
        assert_eq!(parse("curl --request put https://x.test/").0.method, "put");
    }

    #[test]
    fn several_data_options_join_with_ampersand_and_json_appends() {
        let (r, _) = parse("curl -d a=1 --data-raw @b --data-binary 'c=3' https://x.test/");
        assert_eq!(r.body.as_deref(), Some("a=1&@b&c=3"));
        let (r, _) = parse("curl --json '{\"a\":' --json '1}' https://x.test/");
        assert_eq!(r.body.as_deref(), Some("{\"a\":1}"));
    }

    #[test]
    fn json_sets_body_content_type_and_accept_unless_given() {
        let (r, _) = parse("curl --json '{}' https://x.test/");
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.headers,
            headers(&[
                ("Content-Type", "application/json"),
                ("Accept", "application/json")
            ])
        );
        let (r, _) = parse("curl -H 'accept: text/plain' --json '{}' https://x.test/");
        assert_eq!(
            r.headers,
            headers(&[
                ("accept", "text/plain"),
                ("Content-Type", "application/json")
            ])
        );
    }

    #[test]
    fn data_without_content_type_gets_curls_form_type_and_a_note_when_it_is_json() {
        let (r, notes) = parse("curl -d '{\"a\":1}' https://x.test/");
        assert_eq!(
            r.headers,
            headers(&[("Content-Type", "application/x-www-form-urlencoded")])
        );
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("application/json"));
        let (_, notes) = parse("curl -d 'a=1' https://x.test/");
        assert_eq!(notes, Vec::<String>::new());
    }

    #[test]
    fn get_moves_the_data_to_the_query() {
        let (r, _) = parse("curl -G -d a=1 --data-urlencode 'q=x y&z' https://x.test/p?k=v");
        assert_eq!(r.method, "GET");
        assert_eq!(r.url, "https://x.test/p?k=v&a=1&q=x%20y%26z");
        assert_eq!(r.body, None);
        assert_eq!(r.headers, vec![]);
    }

    #[test]
    fn data_urlencode_forms() {
        assert_eq!(urlencode_piece("a b"), Some("a%20b".into()));
        assert_eq!(urlencode_piece("=a=b"), Some("a%3Db".into()));
        assert_eq!(urlencode_piece("n=é"), Some("n=%C3%A9".into()));
        assert_eq!(urlencode_piece("n@file"), None);
        assert_eq!(urlencode_piece("@file"), None);
    }

    #[test]
    fn header_forms_empty_value_and_removal() {
        let (r, _) = parse(
            "curl -H 'X-A:   spaced  ' -H 'X-Empty;' -H 'Content-Type:' -d x https://x.test/",
        );
        assert_eq!(r.headers, headers(&[("X-A", "spaced"), ("X-Empty", "")]));
    }

    #[test]
    fn ignored_options_are_accepted_and_some_noted() {
        let (r, notes) = parse("curl -sSLk -v -o /dev/null -m 5 --compressed https://x.test/");
        assert_eq!(r.url, "https://x.test/");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("`-L` follows redirects"));
        assert!(notes[1].starts_with("`-k` skips TLS"));
    }

    #[test]
    fn basic_auth_is_dropped_with_a_note_that_never_repeats_the_password() {
        let (r, notes) = parse("curl -u merchant:hunter2 https://x.test/");
        assert_eq!(r.headers, vec![]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("basic auth"));
        assert!(!notes[0].contains("hunter2"));
    }

    #[test]
    fn url_option_comments_and_prompt_free_paths() {
        let (r, _) =
            parse("# from the docs\n/usr/bin/curl --url 'https://x.test/a#frag' # trailing\n");
        assert_eq!(r.url, "https://x.test/a#frag");
    }

    #[test]
    fn shell_expansions_are_kept_with_a_note() {
        let (r, notes) = parse("curl -H \"X-Key: $API_KEY\" https://x.test/");
        assert_eq!(r.headers, headers(&[("X-Key", "$API_KEY")]));
        assert_eq!(
            notes,
            vec!["`$API_KEY` at line 1, column 17 would be expanded by a shell; kept as written"]
        );
    }

    #[test]
    fn an_unterminated_quote_names_its_line_and_column() {
        let e = err("curl \\\n  -H 'Accept: application/json' \\\n  --data-raw '{\"é\": 1}\n");
        assert_eq!(
            e,
            CurlError::UnterminatedQuote {
                quote: "single",
                at: Position {
                    line: 3,
                    column: 14
                }
            }
        );
        assert_eq!(
            e.to_string(),
            "unterminated single quote opened at line 3, column 14: close it, or paste the whole command"
        );
        assert!(matches!(
            err("curl \"https://x"),
            CurlError::UnterminatedQuote {
                quote: "double",
                ..
            }
        ));
    }

    #[test]
    fn unknown_options_are_named() {
        let e = err("curl --frobnicate https://x.test/");
        assert_eq!(
            e.to_string(),
            "unknown curl option `--frobnicate` at line 1, column 6"
        );
        assert_eq!(
            err("curl -sZ https://x.test/").to_string(),
            "unknown curl option `-Z` at line 1, column 6"
        );
    }

    #[test]
    fn long_option_with_equals_says_how_to_write_it() {
        assert_eq!(
            err("curl --request=POST https://x.test/").to_string(),
            "`--request=POST` at line 1, column 6: curl takes the value as the next word: `--request POST`"
        );
    }

    #[test]
    fn files_are_not_read() {
        for command in [
            "curl -d @body.json https://x.test/",
            "curl --data-binary @- https://x.test/",
            "curl --json @body.json https://x.test/",
            "curl -H @headers.txt https://x.test/",
            "curl --data-urlencode name@file https://x.test/",
            "curl -b cookies.txt https://x.test/",
        ] {
            assert!(
                matches!(err(command), CurlError::FileNotRead { .. }),
                "{command}"
            );
        }
        assert!(
            err("curl -d @body.json https://x.test/")
                .to_string()
                .contains("`-d @body.json`")
        );
    }

    #[test]
    fn other_errors() {
        assert_eq!(err(""), CurlError::Empty);
        assert_eq!(err("  # only a comment"), CurlError::Empty);
        assert_eq!(
            err("wget https://x.test/"),
            CurlError::NotCurl {
                found: "wget".into()
            }
        );
        assert_eq!(err("curl -s"), CurlError::NoUrl);
        assert!(matches!(err("curl -H"), CurlError::MissingValue { .. }));
        assert!(matches!(err("curl a b"), CurlError::SecondUrl { .. }));
        // A line break that did not continue the line is said, not left invisible.
        let stray = err("curl 'https://x.test/' \\\r -X POST").to_string();
        assert!(stray.contains("a second URL `\\r`"), "{stray}");
        assert!(matches!(
            err("curl -H 'NoColon' a"),
            CurlError::BadHeader { .. }
        ));
        assert_eq!(err("curl -I -d a=1 a"), CurlError::HeadWithData);
        assert_eq!(
            err("curl https://x.test/?a=1&b=2"),
            CurlError::ShellOperator {
                op: '&',
                at: Position {
                    line: 1,
                    column: 25
                }
            }
        );
        assert!(matches!(
            err("curl a | jq ."),
            CurlError::ShellOperator { op: '|', .. }
        ));
    }
}
