//! The checks before anything is signed, the same for every front end: the
//! URL resolved with no placeholder left, the method's rule for bodies, a body
//! that is JSON (or a yes to send it anyway), and a yes before writing to
//! production.

use std::time::Duration;

use super::exchange::PreparedRequest;
use crate::config::{Environment, SecretError, unfilled_placeholder};
use crate::connect::sign::QueryMode;

/// A request as a front end describes it: the editor, `cinspect send`'s
/// arguments, a request file, a logged exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub method: String,
    /// A path under the environment's base URL (with `{merchantId}`), or a full URL.
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// As typed; blank means no body.
    pub body: String,
}

/// The default `max_response_mb`: 256 MB.
pub const DEFAULT_MAX_RESPONSE: usize = 256 * 1024 * 1024;

/// How requests are sent: the same for every request of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendSettings {
    pub timeout: Duration,
    /// Past this many bytes a response body is cut (`max_response_mb`).
    pub max_response: usize,
    /// How the query enters the string to sign (the SDKs disagree).
    pub query_mode: QueryMode,
}

impl Default for SendSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_response: DEFAULT_MAX_RESPONSE,
            query_mode: QueryMode::Decoded,
        }
    }
}

/// The yeses already given, so that each question is asked once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Confirmed {
    /// Send a body that is not JSON (testing the API's reaction is a real need).
    pub invalid_json: bool,
    /// Send something other than a GET to a production environment.
    pub production: bool,
    /// Send a body that still holds values an SDK log masked (front ends that
    /// replay logs ask; the pipeline itself does not look).
    pub masked: bool,
    /// Send a request whose URL is not on the environment's origin, unsigned.
    pub other_origin: bool,
}

/// What a front end should tell the user about a request that will be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// GET, HEAD and DELETE carry no body: the editor's body stays, unsent.
    BodyNotSent { method: String },
    /// The URL is on another origin than the environment's, allowed: no signature goes there.
    Unsigned { origin: String, environment: String },
    /// A hand-written Content-Type with no body to describe: not sent (nor signed), as the
    /// SDKs send none without a body.
    ContentTypeNotSent,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::BodyNotSent { method } => write!(
                f,
                "the body is not sent with {method} (GET, HEAD and DELETE requests carry none)"
            ),
            Note::Unsigned {
                origin,
                environment,
            } => write!(
                f,
                "sent unsigned to {origin}: not the environment's origin ({environment}), so no signature goes there"
            ),
            Note::ContentTypeNotSent => write!(
                f,
                "the Content-Type header is not sent: no body goes with this request"
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub request: PreparedRequest,
    pub notes: Vec<Note>,
}

/// Why a request was not sent. The first two ask a question a yes answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotSent {
    #[error("the body is not valid JSON: line {line}, column {column}: {reason}")]
    InvalidJson {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{method} to PRODUCTION ({base_url}, merchant {merchant}) needs a yes")]
    Production {
        method: String,
        base_url: String,
        merchant: String,
    },
    #[error(
        "the request goes to {origin}, not to the {env} environment's origin ({environment}): \
         cinspect signs only for the environment's own host"
    )]
    OtherOrigin {
        origin: String,
        environment: String,
        env: String,
    },
    #[error("fill in {placeholder} in the URL ({target})")]
    Placeholder { placeholder: String, target: String },
    #[error(transparent)]
    Headers(#[from] super::headers::HeaderError),
    #[error("header {name}: its value holds a line break or another control character")]
    HeaderValue { name: String },
    #[error(transparent)]
    Secret(#[from] SecretError),
}

impl NotSent {
    /// The question whose yes lets the request go, for the two that have one.
    pub fn question(&self) -> Option<(String, Confirmation)> {
        match self {
            NotSent::InvalidJson { .. } => Some((
                format!("{self}. Send it as it is?"),
                Confirmation::InvalidJson,
            )),
            NotSent::Production {
                method,
                base_url,
                merchant,
            } => Some((
                format!("Send {method} to PRODUCTION ({base_url}, merchant {merchant})?"),
                Confirmation::Production,
            )),
            NotSent::OtherOrigin {
                origin,
                environment,
                env,
            } => Some((
                format!(
                    "The request goes to {origin}, not to {env}'s origin ({environment}). Send it there UNSIGNED (no Authorization)?"
                ),
                Confirmation::OtherOrigin,
            )),
            _ => None,
        }
    }
}

/// One yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    InvalidJson,
    Production,
    Masked,
    OtherOrigin,
}

impl Confirmed {
    pub fn with(mut self, yes: Confirmation) -> Self {
        match yes {
            Confirmation::InvalidJson => self.invalid_json = true,
            Confirmation::Production => self.production = true,
            Confirmation::Masked => self.masked = true,
            Confirmation::OtherOrigin => self.other_origin = true,
        }
        self
    }
}

/// Methods that never carry a body (the API defines none for them).
pub fn carries_no_body(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "DELETE")
}

/// Checks a draft and makes it a request ready to sign.
pub fn prepare(
    draft: &Draft,
    env: &Environment,
    settings: SendSettings,
    confirmed: Confirmed,
) -> Result<Prepared, NotSent> {
    let method = draft.method.trim().to_ascii_uppercase();
    let url = env.resolve_url(&draft.target);
    if let Some(placeholder) = unfilled_placeholder(&url) {
        return Err(NotSent::Placeholder {
            placeholder: placeholder.to_string(),
            target: draft.target.trim().to_string(),
        });
    }
    // A line break in a value would end the header early (or start another): never sent.
    if let Some((name, _)) = draft
        .headers
        .iter()
        .find(|(_, v)| v.chars().any(|c| c.is_control() && c != '\t'))
    {
        return Err(NotSent::HeaderValue { name: name.clone() });
    }
    let mut notes = Vec::new();
    // Whatever the request's own headers say (a file's `Authorization:` line
    // too): another origin gets nothing of the environment's unless allowed.
    let unsigned = match other_origin(&url, env) {
        None => false,
        Some((origin, environment)) => {
            if !confirmed.other_origin && !env.allowed_origins.contains(&origin) {
                return Err(NotSent::OtherOrigin {
                    origin,
                    environment,
                    env: env.name.clone(),
                });
            }
            notes.push(Note::Unsigned {
                origin,
                environment,
            });
            true
        }
    };
    let has_body = !draft.body.trim().is_empty();
    let body = if has_body && carries_no_body(&method) {
        notes.push(Note::BodyNotSent {
            method: method.clone(),
        });
        None
    } else {
        has_body.then(|| draft.body.clone())
    };
    // One rule for every front: a Content-Type goes only with a body (it is signed, and would
    // describe nothing).
    let mut headers = draft.headers.clone();
    if body.is_none() && crate::http::header_value(&headers, "Content-Type").is_some() {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("Content-Type"));
        notes.push(Note::ContentTypeNotSent);
    }
    if let Some(text) = &body
        && !confirmed.invalid_json
        && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text)
    {
        return Err(NotSent::InvalidJson {
            line: e.line(),
            column: e.column(),
            reason: strip_position(&e.to_string()).to_string(),
        });
    }
    if env.production && method != "GET" && !confirmed.production {
        return Err(NotSent::Production {
            method,
            base_url: env.base_url.clone(),
            merchant: env.merchant_id.clone(),
        });
    }
    Ok(Prepared {
        request: PreparedRequest {
            method,
            url,
            headers,
            body,
            timeout: settings.timeout,
            max_response: settings.max_response,
            query_mode: settings.query_mode,
            source: None,
            unsigned,
        },
        notes,
    })
}

/// The URL's origin and the environment's, when they differ (scheme, host
/// and port; `https://h` and `https://h:443` are one origin).
/// Either that cannot be told is taken as another origin: never signed.
pub fn other_origin(url: &str, env: &Environment) -> Option<(String, String)> {
    let named = |text: &str| {
        crate::config::origin_of(text)
            .unwrap_or_else(|| format!("{} (not an http(s) URL)", crate::body::printable(text)))
    };
    match (
        crate::config::origin_of(url),
        crate::config::origin_of(&env.base_url),
    ) {
        (Some(to), Some(home)) if to == home => None,
        _ => Some((named(url), named(&env.base_url))),
    }
}

/// serde_json appends " at line L column C"; the message says it its own way.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(method: &str, target: &str, body: &str) -> Draft {
        Draft {
            method: method.into(),
            target: target.into(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn sim() -> Environment {
        Environment::simulator("http://127.0.0.1:7878")
    }

    fn go(d: &Draft, env: &Environment, confirmed: Confirmed) -> Result<Prepared, NotSent> {
        prepare(d, env, SendSettings::default(), confirmed)
    }

    #[test]
    fn a_content_type_goes_only_with_a_body() {
        let with_type = |method: &str, body: &str| Draft {
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("X-Custom".into(), "yes".into()),
            ],
            ..draft(method, "/v1/{merchantId}/x", body)
        };
        for (method, body) in [("GET", "{\"a\":1}"), ("POST", " ")] {
            let p = go(&with_type(method, body), &sim(), Confirmed::default()).expect("prepared");
            assert_eq!(
                p.request.headers,
                vec![("X-Custom".to_string(), "yes".to_string())],
                "{method}"
            );
            assert!(p.notes.contains(&Note::ContentTypeNotSent), "{:?}", p.notes);
        }
        let p = go(&with_type("POST", "{}"), &sim(), Confirmed::default()).expect("prepared");
        assert_eq!(p.request.headers.len(), 2);
        assert!(p.notes.is_empty());
    }

    #[test]
    fn get_head_and_delete_drop_the_body_with_a_note() {
        for method in ["GET", "head", "DELETE"] {
            let p = go(
                &draft(method, "/v1/{merchantId}/x", "{\"a\":1}"),
                &sim(),
                Confirmed::default(),
            )
            .expect("prepared");
            assert_eq!(p.request.body, None, "{method}");
            assert_eq!(p.request.method, method.to_ascii_uppercase());
            assert!(
                p.notes[0].to_string().contains("not sent with"),
                "{:?}",
                p.notes
            );
        }
        let p = go(&draft("POST", "/x", "{}"), &sim(), Confirmed::default()).expect("prepared");
        assert_eq!(p.request.body.as_deref(), Some("{}"));
        assert!(p.notes.is_empty());
    }

    #[test]
    fn a_left_placeholder_is_named_before_any_question() {
        let err = go(
            &draft(
                "POST",
                "/v1/{merchantId}/payments/{paymentId}/cancel",
                "not json",
            ),
            &sim(),
            Confirmed::default(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            NotSent::Placeholder {
                placeholder: "{paymentId}".into(),
                target: "/v1/{merchantId}/payments/{paymentId}/cancel".into()
            }
        );
    }

    #[test]
    fn invalid_json_asks_and_a_yes_sends_it() {
        let d = draft("POST", "/x", "{\"a\": }");
        let err = go(&d, &sim(), Confirmed::default()).unwrap_err();
        let (question, yes) = err.question().expect("a question");
        assert!(question.contains("line 1, column 7"), "{question}");
        assert!(!question.contains(" at line "), "{question}");
        let p = go(&d, &sim(), Confirmed::default().with(yes)).expect("sent with a yes");
        assert_eq!(p.request.body.as_deref(), Some("{\"a\": }"));
    }

    #[test]
    fn production_asks_for_anything_but_a_get() {
        let mut env = sim();
        env.production = true;
        assert!(go(&draft("GET", "/x", ""), &env, Confirmed::default()).is_ok());
        let err = go(&draft("POST", "/x", "{}"), &env, Confirmed::default()).unwrap_err();
        let (_, yes) = err.question().expect("asks");
        assert_eq!(yes, Confirmation::Production);
        assert!(
            go(
                &draft("POST", "/x", "{}"),
                &env,
                Confirmed::default().with(yes)
            )
            .is_ok()
        );
    }

    #[test]
    fn another_origin_is_refused_unless_allowed_then_sent_unsigned() {
        let env = Environment::simulator("http://127.0.0.1:7878");
        let err = go(
            &draft("GET", "http://127.0.0.1:7879/v1/1/x", ""),
            &env,
            Confirmed::default(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            NotSent::OtherOrigin {
                origin: "http://127.0.0.1:7879".into(),
                environment: "http://127.0.0.1:7878".into(),
                env: "sim".into()
            }
        );
        let (question, yes) = err.question().expect("a question");
        assert!(question.contains("UNSIGNED"), "{question}");
        let p = go(
            &draft("GET", "http://127.0.0.1:7879/v1/1/x", ""),
            &env,
            Confirmed::default().with(yes),
        )
        .expect("allowed");
        assert!(p.request.unsigned);
        assert!(
            p.notes[0]
                .to_string()
                .contains("sent unsigned to http://127.0.0.1:7879")
        );
        let mut listed = env.clone();
        listed.allowed_origins = vec!["http://127.0.0.1:7879".into()];
        let p = go(
            &draft("GET", "http://127.0.0.1:7879/v1/1/x", ""),
            &listed,
            Confirmed::default(),
        )
        .expect("listed");
        assert!(p.request.unsigned);
    }

    #[test]
    fn one_origin_spelled_two_ways_is_signed_and_nothing_else_is() {
        let env = Environment::simulator("https://API.example.com");
        for url in [
            "https://api.example.com:443/v1/1/x",
            "https://api.example.com/v1/1/x?q=1",
            "/v1/1/x",
        ] {
            let p = go(&draft("GET", url, ""), &env, Confirmed::default()).expect(url);
            assert!(!p.request.unsigned, "{url}");
        }
        for url in [
            "http://api.example.com/v1/1/x",
            "https://api.example.com:8443/v1/1/x",
            "https://api.example.com.evil/v1/1/x",
            "https://evil@api.example.co/v1",
        ] {
            let err = go(&draft("GET", url, ""), &env, Confirmed::default());
            assert!(
                matches!(err, Err(NotSent::OtherOrigin { .. })),
                "{url}: {err:?}"
            );
        }
        // A request's own Authorization (a file's line) changes nothing.
        let mut own = draft("GET", "https://elsewhere/v1/1/x", "");
        own.headers
            .push(("Authorization".into(), "Bearer mine".into()));
        let err = go(&own, &env, Confirmed::default());
        assert!(matches!(err, Err(NotSent::OtherOrigin { .. })), "{err:?}");
        // An environment whose base URL is not a URL signs for nothing.
        let broken = Environment::simulator("localhost:7878");
        let target = draft("GET", "http://127.0.0.1:9/v1/1/x", "");
        let err = go(&target, &broken, Confirmed::default());
        assert!(matches!(err, Err(NotSent::OtherOrigin { .. })), "{err:?}");
    }

    #[test]
    fn a_header_value_with_a_line_break_is_never_sent() {
        let mut d = draft("GET", "/v1/1/x", "");
        d.headers
            .push(("X-Note".into(), "a\r\nX-Injected: 1".into()));
        assert_eq!(
            go(&d, &sim(), Confirmed::default()).unwrap_err(),
            NotSent::HeaderValue {
                name: "X-Note".into()
            }
        );
        d.headers[0].1 = "tab\tis fine".into();
        assert!(go(&d, &sim(), Confirmed::default()).is_ok());
    }
}
