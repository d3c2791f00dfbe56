//! Which endpoint a request is: from its method and a concrete URL, or from a name a user
//! typed (`payments.create`, `createPayment`, `create-payment`, `POST /v1/x/payments`).

use super::data::{Endpoint, Model};

/// A request matched to an endpoint, with the path parameters' values.
#[derive(Clone, Debug)]
pub struct EndpointMatch<'m> {
    pub endpoint: &'m Endpoint,
    /// (name, value as written, byte range of the value in the URL given).
    pub params: Vec<PathParam>,
}

/// One `{placeholder}` of the template and where its value sits in the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathParam {
    pub name: String,
    pub value: String,
    /// Byte range of the value in the URL as given.
    pub range: std::ops::Range<usize>,
}

/// Why a request matched no endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoMatch {
    /// The path is an endpoint's, but not with this method: the methods it takes.
    Method { allowed: Vec<String> },
    /// No endpoint has this path.
    Path,
}

/// The path part of a URL (scheme, host, query and fragment removed) and its byte offset.
fn path_part(url: &str) -> (&str, usize) {
    let url_end = url.find(['?', '#']).unwrap_or(url.len());
    let mut start = 0;
    if let Some(scheme) = url[..url_end].find("://") {
        let after = scheme + 3;
        start = url[after..url_end].find('/').map_or(url_end, |i| after + i);
    }
    (&url[start..url_end], start)
}

/// Non-empty segments of `path` with their byte offsets (relative to `base`).
fn segments(path: &str, base: usize) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for seg in path.split('/') {
        if !seg.is_empty() {
            out.push((seg, base + at));
        }
        at += seg.len() + 1;
    }
    out
}

/// How well a template fits the end of a concrete path: None when it does not; else the
/// number of literal segments that matched (more is more specific).
fn fit(template: &[&str], concrete: &[(&str, usize)]) -> Option<usize> {
    if concrete.len() < template.len() {
        return None;
    }
    let tail = &concrete[concrete.len() - template.len()..];
    let mut literals = 0;
    for (t, (c, _)) in template.iter().zip(tail) {
        if t.starts_with('{') && t.ends_with('}') {
            continue;
        }
        if t != c {
            return None;
        }
        literals += 1;
    }
    Some(literals)
}

impl Model {
    /// The endpoint of `method` and `url`: a full URL, a path with or without a base path
    /// in front (`/proxy/v1/123/payments`), ids in place of placeholders (or the
    /// placeholders themselves), a query string and fragment allowed.
    ///
    /// The template that fits the most segments at the path's end wins, then the one
    /// with more literal segments (`/payments/find` is not `/payments/{paymentId}`).
    pub fn match_request(&self, method: &str, url: &str) -> Result<EndpointMatch<'_>, NoMatch> {
        let (path, base) = path_part(url.trim_end());
        let concrete = segments(path, base);
        let mut best: Option<(usize, usize, &Endpoint)> = None;
        let mut allowed = Vec::new();
        for e in &self.endpoints {
            let template: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
            let Some(literals) = fit(&template, &concrete) else {
                continue;
            };
            if !e.method.eq_ignore_ascii_case(method.trim()) {
                if !allowed.contains(&e.method) {
                    allowed.push(e.method.clone());
                }
                continue;
            }
            let score = (template.len(), literals);
            if best.is_none_or(|(l, n, _)| score > (l, n)) {
                best = Some((score.0, score.1, e));
            }
        }
        let Some((len, _, endpoint)) = best else {
            return Err(if allowed.is_empty() {
                NoMatch::Path
            } else {
                NoMatch::Method { allowed }
            });
        };
        let tail = &concrete[concrete.len() - len..];
        let params = endpoint
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .zip(tail)
            .filter_map(|(t, &(value, at))| {
                let name = t.strip_prefix('{')?.strip_suffix('}')?;
                Some(PathParam {
                    name: name.to_owned(),
                    value: value.to_owned(),
                    range: at..at + value.len(),
                })
            })
            .collect();
        Ok(EndpointMatch { endpoint, params })
    }

    /// An endpoint from a name as a user types it: the id (`payments.create`,
    /// `services.get_iin_details`), any case and with `_`/`-` dropped (`payments.createPayment`
    /// is not a call, but `services.getIinDetails` is), a title (`Create payment`), a
    /// template name of F4 (`create-payment`), a verb-noun (`create-payout` →
    /// payouts.create) or `METHOD PATH` (`POST /v1/x/payments`).
    pub fn resolve_endpoint(&self, name: &str) -> Option<&Endpoint> {
        let name = name.trim();
        if let Some(e) = self.endpoint(name) {
            return Some(e);
        }
        if let Some((method, path)) = name.split_once(char::is_whitespace)
            && (path.trim_start().starts_with('/') || path.contains("://"))
        {
            return self
                .match_request(method, path.trim())
                .ok()
                .map(|m| m.endpoint);
        }
        let folded = fold(name);
        if let Some(e) = self
            .endpoints
            .iter()
            .find(|e| fold(&e.id) == folded || fold(&e.title) == folded || with_noun(e) == folded)
        {
            return Some(e);
        }
        if let Some(t) = super::super::templates::find(name) {
            let path = t.path.replace("{merchantId}", "merchant");
            return self
                .match_request(&t.method, &path)
                .ok()
                .map(|m| m.endpoint);
        }
        // verb-noun: create-payout → payouts.create, get-dispute → disputes.get.
        let words: Vec<&str> = name
            .split(['-', '_', ' '])
            .filter(|w| !w.is_empty())
            .collect();
        if let [verb, noun @ ..] = words.as_slice()
            && !noun.is_empty()
        {
            let noun = fold(&noun.concat());
            let verb = fold(verb);
            return self.endpoints.iter().find(|e| {
                let (group, call) = e.id.split_once('.').unwrap_or((&e.id, ""));
                let group = fold(group);
                fold(call) == verb && (group == noun || group == format!("{noun}s"))
            });
        }
        None
    }
}

/// `payments.createPayment`: the call with the group's singular noun after it, folded.
fn with_noun(e: &Endpoint) -> String {
    let group = e.group();
    let noun = group.strip_suffix('s').unwrap_or(group);
    fold(&format!("{}{noun}", e.id))
}

/// Lowercase, without `_`, `-`, `.` and spaces: `services.getIINdetails` and
/// `services.get_iin_details` fold alike.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}
