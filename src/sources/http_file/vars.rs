//! `{{name}}`, the REST Client way: the file's `@name = value` lines (which may
//! use each other), then the environment (never its secret), then earlier
//! responses (`{{create.response.body.$.payment.id}}`,
//! `{{create.response.headers.Location}}`), and the Connect ids carried from
//! earlier creates (`paymentId`, …), which also fill `{paymentId}`; and
//! REST Client's system variables (`system_vars`).
//! `{merchantId}` is left for the pipeline.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::HttpFile;
use super::fill::{Filler, Len, MAX_FILLED};
use crate::config::Environment;

/// Why a text's variables cannot all be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VarError {
    #[error("unresolved variable{}: {}{}", if names.len() + more == 1 { "" } else { "s" }, names.iter().map(|n| format!("{{{{{n}}}}}")).collect::<Vec<_>>().join(", "), if *more > 0 { format!(" and {more} more") } else { String::new() })]
    Unresolved {
        names: Vec<String>,
        /// Names past those listed.
        more: usize,
    },
    #[error("the file's variables refer to each other in a cycle: {}", chain.join(" → "))]
    Cycle { chain: Vec<String> },
    #[error(
        "the file's variables refer to each other more than {limit} deep: {}",
        short_chain(chain)
    )]
    TooDeep { limit: usize, chain: Vec<String> },
    #[error("{} more than {} MB, the most a request may be", name.as_ref().map_or("the filled text is".to_string(), |n| format!("{{{{{n}}}}} fills to")), limit >> 20)]
    TooLong { name: Option<String>, limit: usize },
    #[error("{{{{{reference}}}}}: {reason}")]
    Capture { reference: String, reason: String },
    #[error("{{{{{name}}}}}: {reason}")]
    System { name: String, reason: String },
    #[error("header {header}: the value filled from {} holds a line break or another control character, which no header value may", variables.iter().map(|n| format!("{{{{{n}}}}}")).collect::<Vec<_>>().join(", "))]
    HeaderBreak {
        header: String,
        variables: Vec<String>,
    },
}

/// A long chain with its middle left out: where it starts and where it stopped.
fn short_chain(chain: &[String]) -> String {
    if chain.len() <= 8 {
        return chain.join(" → ");
    }
    format!(
        "{} → … {} more … → {}",
        chain[..4].join(" → "),
        chain.len() - 6,
        chain[chain.len() - 2..].join(" → ")
    )
}

/// A name the environment gives that the file sets to something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub name: &'static str,
    pub file: String,
    pub environment: String,
    /// 1-based line of the file's `@name = …`.
    pub line: usize,
}

impl std::fmt::Display for Override {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: the file sets @{} = {} in place of the environment's {}",
            self.line, self.name, self.file, self.environment
        )
    }
}

/// What a named request's response left for later requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// A named request's response as later requests read it: its JSON body
/// parsed once, on first use, however many references read it.
#[derive(Debug)]
pub struct NamedResponse {
    pub captured: Captured,
    json: OnceLock<Option<Value>>,
}

impl NamedResponse {
    pub fn new(captured: Captured) -> Arc<Self> {
        Arc::new(Self {
            captured,
            json: OnceLock::new(),
        })
    }

    fn json(&self) -> Option<&Value> {
        self.json
            .get_or_init(|| serde_json::from_str(&self.captured.body).ok())
            .as_ref()
    }
}

/// Everything `{{…}}` can name at one point of a run.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The last definition of a name wins, as in REST Client.
    file: HashMap<String, String>,
    env: Vec<(&'static str, String)>,
    responses: HashMap<String, Arc<NamedResponse>>,
    ids: BTreeMap<String, String>,
    overrides: Vec<Override>,
    /// The request file's folder, where `{{$dotenv NAME}}` reads `.env`.
    dir: Option<std::path::PathBuf>,
}

impl Scope {
    pub fn new(file: &HttpFile, env: &Environment) -> Self {
        let env_values = vec![
            ("baseUrl", env.base_url.clone()),
            ("merchantId", env.merchant_id.clone()),
            ("apiKeyId", env.api_key_id.clone()),
        ];
        // The last definition of a name is the one used.
        let mut overrides: Vec<Override> = Vec::new();
        for v in file.variables() {
            if let Some((name, value)) = env_values.iter().find(|(n, _)| *n == v.name) {
                overrides.retain(|o| o.name != *name);
                if v.value != *value {
                    overrides.push(Override {
                        name,
                        file: v.value.clone(),
                        environment: value.clone(),
                        line: v.line,
                    });
                }
            }
        }
        Self {
            file: file
                .variables()
                .map(|v| (v.name.clone(), v.value.clone()))
                .collect(),
            // The secret is deliberately not among them.
            env: env_values,
            overrides,
            ..Self::default()
        }
    }

    /// Where the file's own `@baseUrl`, `@merchantId` or `@apiKeyId` differs
    /// from the environment's: a front end names these before sending.
    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// After an exchange: a named request's response, and the ids a 2xx create made.
    pub fn remember(&mut self, name: Option<&str>, method: &str, url: &str, response: Captured) {
        for (id, value) in connect_ids(method, url, response.status, &response.body) {
            self.ids.insert(id.to_owned(), value);
        }
        if let Some(name) = name {
            self.responses
                .insert(name.to_owned(), NamedResponse::new(response));
        }
    }

    /// The folder of the request's file, for `{{$dotenv NAME}}`.
    pub fn with_dir(mut self, dir: Option<&std::path::Path>) -> Self {
        self.dir = dir.map(std::path::Path::to_path_buf);
        self
    }

    /// The Connect ids a front end carried from earlier creates (the TUI's).
    pub fn with_ids(mut self, ids: impl IntoIterator<Item = (String, String)>) -> Self {
        self.ids.extend(ids);
        self
    }

    /// The named responses a front end kept (the TUI's, across sends).
    pub fn with_responses<'a>(
        mut self,
        responses: impl IntoIterator<Item = (&'a String, &'a Arc<NamedResponse>)>,
    ) -> Self {
        for (name, response) in responses {
            self.responses.insert(name.clone(), Arc::clone(response));
        }
        self
    }

    /// The Connect ids carried so far (`paymentId` → its value).
    pub fn ids(&self) -> &BTreeMap<String, String> {
        &self.ids
    }

    /// `text` with every `{{…}}` filled, then every `{paymentId}`-style id
    /// carried; all names that cannot be filled are named at once.
    pub fn fill(&self, text: &str) -> Result<String, VarError> {
        self.request_fill().fill(text)
    }

    /// One request's fill: its parts (URL, headers, body) share the values of
    /// the file's variables, each filled once.
    pub fn request_fill(&self) -> RequestFill<'_> {
        RequestFill {
            scope: self,
            filler: Filler::new(&self.file),
        }
    }

    /// Whether `text` would fill, without building it: cheap enough to ask on
    /// every edit, however the file's variables refer to each other.
    pub fn check(&self, text: &str) -> Result<(), VarError> {
        self.checker().check(text)
    }

    /// Checks for many texts (every `{{…}}` of a body) that share what they
    /// learn: each variable walked once, each text answered once.
    pub fn checker(&self) -> Checker<'_> {
        Checker {
            scope: self,
            filler: Filler::new(&self.file),
            answers: HashMap::new(),
        }
    }

    /// A name that is not the file's: the environment, a carried id, a
    /// system variable, an earlier response.
    fn other_value(&self, name: &str) -> Result<Option<String>, VarError> {
        if let Some((_, v)) = self.env.iter().find(|(n, _)| *n == name) {
            return Ok(Some(v.clone()));
        }
        if let Some(v) = self.ids.get(name) {
            return Ok(Some(v.clone()));
        }
        // REST Client's system variables (a fresh idempotence key, a date).
        if let Some(value) = super::system_vars::value(name, self.dir.as_deref()) {
            return value.map(Some).map_err(|reason| VarError::System {
                name: name.to_owned(),
                reason,
            });
        }
        match name.split_once(".response.") {
            Some((request, what)) => self.response_value(name, request, what).map(Some),
            None => Ok(None),
        }
    }

    fn response_value(
        &self,
        reference: &str,
        request: &str,
        what: &str,
    ) -> Result<String, VarError> {
        let fail = |reason: String| VarError::Capture {
            reference: reference.to_owned(),
            reason,
        };
        let named = self.responses.get(request).ok_or_else(|| {
            fail(format!(
                "no earlier request named `{request}` has a response"
            ))
        })?;
        let response = &named.captured;
        if let Some(header) = what.strip_prefix("headers.") {
            return response
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(header))
                .map(|(_, v)| v.clone())
                .ok_or_else(|| {
                    fail(format!(
                        "the response of `{request}` has no header {header}"
                    ))
                });
        }
        let Some(path) = what.strip_prefix("body") else {
            return Err(fail(
                "expected `response.body…` or `response.headers.NAME`".into(),
            ));
        };
        let path = path.strip_prefix('.').unwrap_or(path);
        if path.is_empty() || path == "*" {
            return Ok(response.body.clone());
        }
        let json = named.json().ok_or_else(|| {
            fail(format!(
                "the response of `{request}` is not JSON (status {})",
                response.status
            ))
        })?;
        match json_path(json, path) {
            Ok(Some(Value::String(s))) => Ok(s.clone()),
            Ok(Some(v)) => Ok(v.to_string()),
            Ok(None) => Err(fail(format!(
                "the response of `{request}` (status {}) has nothing at {path}",
                response.status
            ))),
            Err(reason) => Err(fail(reason)),
        }
    }
}

/// The parts of one request being filled (see [`Scope::request_fill`]).
pub struct RequestFill<'s> {
    scope: &'s Scope,
    filler: Filler<'s, String>,
}

impl RequestFill<'_> {
    /// `text` with every `{{…}}` filled, then every `{paymentId}`-style id
    /// carried; all names that cannot be filled are named at once.
    pub fn fill(&mut self, text: &str) -> Result<String, VarError> {
        let scope = self.scope;
        let filled = self.filler.fill(text, |name| scope.other_value(name))?;
        take_unresolved(&mut self.filler)?;
        replace_ids(filled, &scope.ids)
    }
}

impl RequestFill<'_> {
    /// `text` filled by a fill that has met nothing yet: its error names every
    /// name nothing fills, not a variable met before and remembered as such.
    pub fn fill_anew(&self, text: &str) -> Result<String, VarError> {
        self.scope.request_fill().fill(text)
    }
}

/// The names a fill found nothing for, as the error (and forgotten).
fn take_unresolved<O: super::fill::Out>(filler: &mut Filler<'_, O>) -> Result<(), VarError> {
    let names = std::mem::take(&mut filler.unresolved);
    let more = filler.unresolved_count().saturating_sub(names.len());
    filler.clear_unresolved();
    if names.is_empty() {
        return Ok(());
    }
    Err(VarError::Unresolved { names, more })
}

/// `{paymentId}`-style placeholders filled with the ids carried, within the
/// request cap: a response's id repeated many times must not make gigabytes.
pub fn replace_ids(text: String, ids: &BTreeMap<String, String>) -> Result<String, VarError> {
    let mut out = text;
    for (id, value) in ids {
        let placeholder = format!("{{{id}}}");
        let count = out.matches(&placeholder).count();
        if count == 0 {
            continue;
        }
        let grown = out
            .len()
            .saturating_add(count.saturating_mul(value.len()))
            .saturating_sub(count.saturating_mul(placeholder.len()));
        if grown > MAX_FILLED {
            return Err(VarError::TooLong {
                name: Some(id.clone()),
                limit: MAX_FILLED,
            });
        }
        out = out.replace(&placeholder, value);
    }
    Ok(out)
}

/// See [`Scope::checker`].
pub struct Checker<'s> {
    scope: &'s Scope,
    filler: Filler<'s, Len>,
    answers: HashMap<String, Result<(), VarError>>,
}

impl Checker<'_> {
    /// Whether `text` would fill (as [`Scope::check`]).
    pub fn check(&mut self, text: &str) -> Result<(), VarError> {
        if let Some(answer) = self.answers.get(text) {
            return answer.clone();
        }
        let scope = self.scope;
        let answer = self
            .filler
            .fill(text, |name| scope.other_value(name))
            .and_then(|_| take_unresolved(&mut self.filler));
        self.filler.clear_unresolved();
        self.answers.insert(text.to_owned(), answer.clone());
        answer
    }
}

impl RequestFill<'_> {
    /// A header's value filled: a line break (or another control character) a variable brought in
    /// (a captured response value) is refused, naming the header and the variables.
    pub fn fill_header(&mut self, header: &str, value: &str) -> Result<String, VarError> {
        let filled = self.fill(value)?;
        if filled.chars().any(|c| c.is_control() && c != '\t') {
            let mut variables = Vec::new();
            let mut rest = value;
            while let Some(open) = rest.find("{{") {
                let Some(close) = rest[open..].find("}}").map(|c| open + c) else {
                    break;
                };
                variables.push(rest[open + 2..close].trim().to_owned());
                rest = &rest[close + 2..];
            }
            return Err(VarError::HeaderBreak {
                header: header.to_owned(),
                variables,
            });
        }
        Ok(filled)
    }
}

/// The value at a JSONPath-like `$.a.b`, `$.a[0].b`; `Err` for a path it cannot read.
pub fn json_path<'v>(root: &'v Value, path: &str) -> Result<Option<&'v Value>, String> {
    let Some(mut rest) = path.strip_prefix('$') else {
        return Err(format!(
            "`{path}` is not a JSONPath: expected it to start with `$`"
        ));
    };
    let mut at = root;
    while !rest.is_empty() {
        let next = if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let (key, tail) = r.split_at(end);
            rest = tail;
            at.get(key)
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| format!("`{path}`: a `[` is not closed"))?;
            let index: usize = r[..end]
                .trim()
                .parse()
                .map_err(|_| format!("`{path}`: `[{}]` is not an array index", &r[..end]))?;
            rest = &r[end + 1..];
            at.get(index)
        } else {
            return Err(format!(
                "`{path}`: expected `.name` or `[index]` at `{rest}`"
            ));
        };
        match next {
            Some(v) => at = v,
            None => return Ok(None),
        }
    }
    Ok(Some(at))
}

/// The longest id carried from a response (Connect's are about 30 characters).
pub const MAX_ID_LEN: usize = 256;

/// The ids a successful create leaves, by what the URL creates: a payment,
/// payout, refund, hosted checkout, token or capture.
pub fn connect_ids(
    method: &str,
    url: &str,
    status: u16,
    body: &str,
) -> Vec<(&'static str, String)> {
    if !method.eq_ignore_ascii_case("POST") || !(200..300).contains(&status) {
        return Vec::new();
    }
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let (id, pointers): (&'static str, &[&str]) = match last {
        "payments" => ("paymentId", &["/payment/id"]),
        "payouts" => ("payoutId", &["/payout/id", "/id"]),
        "refund" | "refunds" => ("refundId", &["/id"]),
        "hostedcheckouts" => ("hostedCheckoutId", &["/hostedCheckoutId"]),
        "tokens" => ("tokenId", &["/token"]),
        "capture" | "captures" => ("captureId", &["/id"]),
        _ => return Vec::new(),
    };
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    pointers
        .iter()
        .find_map(|p| json.pointer(p).and_then(Value::as_str))
        // An id is a few dozen characters: a huge one is not carried into later requests.
        .filter(|v| v.len() <= MAX_ID_LEN)
        .map(|v| vec![(id, v.to_owned())])
        .unwrap_or_default()
}
