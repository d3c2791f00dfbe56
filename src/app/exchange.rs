//! One request/response exchange: signing what is sent, and turning what came
//! back into everything the panes show (status meaning, verdict, errors, a
//! pretty body). `build_exchange` is the expensive part and runs off the UI thread.

use std::time::{Duration, SystemTime};

use crate::body::BodyDoc;
use crate::config::{Environment, Secret};
use crate::connect::{self, ErrorReport, StatusInfo, Verdict};
use crate::http::{RequestSpec, ResponseRecord, header_value};

/// A request as the editor describes it, before signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub timeout: Duration,
}

/// The request exactly as it went on the wire, safe to show and store: the
/// Authorization signature is masked; the string to sign is kept (it holds no
/// secret) because it is the first thing to check when a 401/403 comes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub string_to_sign: Option<String>,
    pub body: Option<String>,
    pub idempotence_key: Option<String>,
}

/// Everything the response and errors panes show about one completed exchange.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub request: SentRequest,
    pub status: StatusInfo,
    pub verdict: Verdict,
    pub headers: Vec<(String, String)>,
    pub report: ErrorReport,
    pub body: BodyDoc,
    pub elapsed: Duration,
}

/// Signs like the official SDKs: Date, Content-Type, X-GCS-ServerMetaInfo, then
/// Authorization over them. Headers the user typed win (a hand-written Date
/// tests clock skew, a hand-written Authorization tests the server's checks).
pub fn sign_request(
    prepared: &PreparedRequest,
    env: &Environment,
    secret: &Secret,
    now: SystemTime,
) -> (RequestSpec, SentRequest) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let has = |headers: &[(String, String)], name: &str| header_value(headers, name).is_some();
    let user = &prepared.headers;
    if !has(user, "Date") {
        headers.push(("Date".to_string(), connect::sign::rfc1123(now)));
    }
    if prepared.body.is_some() && !has(user, "Content-Type") {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    if !has(user, connect::meta::SERVER_META_INFO) {
        let platform = format!("{}; {}", std::env::consts::OS, std::env::consts::ARCH);
        let meta =
            connect::meta::server_meta_info(&platform, env!("CARGO_PKG_VERSION"), &env.integrator);
        headers.push((connect::meta::SERVER_META_INFO.to_string(), meta));
    }
    if let Some(json) = &env.client_meta_info
        && !has(user, connect::meta::CLIENT_META_INFO)
    {
        headers.push((
            connect::meta::CLIENT_META_INFO.to_string(),
            connect::meta::client_meta_info(json),
        ));
    }
    headers.extend(user.iter().cloned());

    let mut string_to_sign = None;
    if !has(&headers, "Authorization") {
        let (path, query) = split_target(&prepared.url);
        let date = header_value(&headers, "Date")
            .unwrap_or_default()
            .to_string();
        let content_type = header_value(&headers, "Content-Type").map(str::to_string);
        let input = connect::sign::SignInput {
            method: &prepared.method,
            content_type: content_type.as_deref(),
            date: &date,
            headers: &headers,
            path: &path,
            query: query.as_deref(),
            query_mode: connect::sign::QueryMode::Decoded,
        };
        let sts = connect::sign::string_to_sign(&input);
        let signature = connect::sign::signature(secret.expose(), &sts);
        headers.push((
            "Authorization".to_string(),
            connect::sign::authorization_value(&env.api_key_id, &signature),
        ));
        string_to_sign = Some(sts);
    }

    let shown_headers = headers
        .iter()
        .map(|(n, v)| {
            let v = if n.eq_ignore_ascii_case("Authorization") {
                connect::sign::mask_authorization(v)
            } else {
                v.clone()
            };
            (n.clone(), v)
        })
        .collect();
    let sent = SentRequest {
        method: prepared.method.clone(),
        url: prepared.url.clone(),
        headers: shown_headers,
        string_to_sign,
        body: prepared.body.clone(),
        idempotence_key: header_value(&headers, connect::meta::IDEMPOTENCE_KEY).map(str::to_string),
    };
    let spec = RequestSpec {
        method: prepared.method.clone(),
        url: prepared.url.clone(),
        headers,
        body: prepared.body.as_ref().map(|b| b.clone().into_bytes()),
        timeout: prepared.timeout,
    };
    (spec, sent)
}

/// The path and query as they will be sent (percent-encoded the way the HTTP
/// client will encode them), for the canonical resource.
fn split_target(url: &str) -> (String, Option<String>) {
    match reqwest::Url::parse(url) {
        Ok(u) => (u.path().to_string(), u.query().map(str::to_string)),
        Err(_) => (url.to_string(), None),
    }
}

/// Reads a response the way the SDKs do and prepares its body for viewing.
/// Cost is linear in the body size; call it off the UI thread.
pub fn build_exchange(request: SentRequest, record: ResponseRecord) -> Exchange {
    let content_type = record.header("Content-Type");
    let json_declared = connect::is_json_content_type(content_type);
    let trimmed_empty = record.body.iter().all(u8::is_ascii_whitespace);
    let parsed: Option<Result<serde_json::Value, serde_json::Error>> =
        (json_declared && !trimmed_empty).then(|| serde_json::from_slice(&record.body));
    let not_json_reason = match (&parsed, json_declared) {
        (Some(Err(e)), _) => Some(format!("the body is not valid JSON ({e})")),
        (None, false) if !trimmed_empty => Some(format!(
            "the body is {}, not JSON",
            content_type.unwrap_or("not JSON")
        )),
        _ => None,
    };
    let body_facts = match (&parsed, &not_json_reason) {
        (Some(Ok(value)), _) => connect::Body::Json(value),
        (_, Some(reason)) => connect::Body::NotJson { reason },
        _ => connect::Body::Empty,
    };
    let verdict = connect::classify(&connect::ResponseFacts {
        status: record.status,
        headers: &record.headers,
        body: body_facts,
        idempotence_key: request.idempotence_key.as_deref(),
    });
    let report = match &parsed {
        Some(Ok(value)) => connect::read_error_report(value),
        _ => ErrorReport::default(),
    };
    Exchange {
        status: connect::status_info(record.status),
        verdict,
        report,
        body: BodyDoc::build(&record.body),
        elapsed: record.elapsed,
        headers: record.headers,
        request,
    }
}
