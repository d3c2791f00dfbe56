//! One request/response exchange: signing what is sent, and turning what came
//! back into everything the panes show (status meaning, verdict, errors, a
//! pretty body). `build_exchange` is the expensive part and runs off the UI thread.

use std::time::{Duration, SystemTime};

use crate::body::BodyDoc;
use crate::config::{Environment, Secret};
use crate::connect::{self, ErrorReport, StatusInfo, Verdict};
use crate::http::{RequestSpec, ResponseRecord, header_value};
use crate::viewer::Structure;

/// A request as the editor describes it, before signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub timeout: Duration,
    /// How the query enters the string to sign (the SDKs disagree).
    pub query_mode: connect::sign::QueryMode,
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
    /// Where the body's objects and arrays open and close, for folding.
    pub structure: Structure,
    pub elapsed: Duration,
    /// Only the head of a big body, shown while the whole is being indexed.
    pub preview: bool,
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
            query_mode: prepared.query_mode,
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

/// Above this, a 2xx JSON body is not parsed into a value tree.
const VALUE_TREE_LIMIT: usize = 1024 * 1024;

/// Reads a response the way the SDKs do and prepares its body for viewing.
/// Cost is linear in the body size; call it off the UI thread.
pub fn build_exchange(request: SentRequest, record: ResponseRecord) -> Exchange {
    let content_type = record.header("Content-Type");
    let json_declared = connect::is_json_content_type(content_type);
    let trimmed_empty = record.body.iter().all(u8::is_ascii_whitespace);
    // A big 2xx body (a find-payments page) carries no error report: building a
    // value tree of it would cost several times its size for nothing.
    let big_success = (200..300).contains(&record.status) && record.body.len() > VALUE_TREE_LIMIT;
    let parsed: Option<Result<serde_json::Value, serde_json::Error>> =
        (json_declared && !trimmed_empty && !big_success)
            .then(|| serde_json::from_slice(&record.body));
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
    // Free each copy as soon as the next is built: the peak memory of a 50 MB
    // body is the raw bytes plus their pretty text, never more.
    drop(parsed);
    let ResponseRecord {
        status,
        headers,
        body: raw,
        elapsed,
    } = record;
    let body = BodyDoc::build(&raw);
    drop(raw);
    Exchange {
        status: connect::status_info(status),
        verdict,
        report,
        structure: Structure::build(&body),
        body,
        elapsed,
        headers,
        request,
        preview: false,
    }
}

/// Bodies bigger than this get a preview of their head first.
const PREVIEW_ABOVE: usize = 4 * 1024 * 1024;
/// How much of the body the preview shows.
const PREVIEW_BYTES: usize = 64 * 1024;

/// A first look at a big response: its status, verdict and the head of the
/// body, ready in well under a millisecond, so the user reads while the whole
/// body is parsed and indexed. None for bodies that are quick to build whole.
pub fn build_preview(request: &SentRequest, record: &ResponseRecord) -> Option<Exchange> {
    if record.body.len() <= PREVIEW_ABOVE {
        return None;
    }
    let body = BodyDoc::head(&record.body, PREVIEW_BYTES);
    let verdict = connect::classify(&connect::ResponseFacts {
        status: record.status,
        headers: &record.headers,
        body: connect::Body::Empty,
        idempotence_key: request.idempotence_key.as_deref(),
    });
    Some(Exchange {
        request: request.clone(),
        status: connect::status_info(record.status),
        verdict,
        headers: record.headers.clone(),
        report: ErrorReport::default(),
        structure: Structure::build(&body),
        body,
        elapsed: record.elapsed,
        preview: true,
    })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::connect::sign::QueryMode;

    fn prepared(
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
        query_mode: QueryMode,
    ) -> PreparedRequest {
        PreparedRequest {
            method: "POST".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.map(str::to_string),
            timeout: Duration::from_secs(5),
            query_mode,
        }
    }

    fn sign(p: &PreparedRequest) -> (RequestSpec, SentRequest) {
        let env = Environment::simulator("http://127.0.0.1:7878");
        let now = UNIX_EPOCH + Duration::from_secs(1_402_061_983);
        sign_request(p, &env, &Secret::new("secret"), now)
    }

    #[test]
    fn signs_like_the_sdks_and_masks_what_it_keeps() {
        let (spec, sent) = sign(&prepared(
            "http://127.0.0.1:7878/v1/1/payments",
            &[("X-GCS-Idempotence-Key", "k1")],
            Some("{}"),
            QueryMode::Decoded,
        ));
        let sts = sent.string_to_sign.clone().expect("signed");
        assert_eq!(sts.lines().next(), Some("POST"));
        assert!(
            sts.contains("\napplication/json\nFri, 06 Jun 2014 13:39:43 GMT\n"),
            "{sts:?}"
        );
        assert!(sts.contains("x-gcs-idempotence-key:k1\n"));
        assert!(sts.ends_with("/v1/1/payments\n"));
        let auth = header_value(&spec.headers, "Authorization").expect("signed");
        assert_eq!(
            auth,
            connect::sign::authorization_value(
                crate::sim::DEMO_API_KEY_ID,
                &connect::sign::signature("secret", &sts)
            )
        );
        let shown = header_value(&sent.headers, "Authorization").expect("kept");
        assert!(
            !shown.contains(&auth[auth.len() - 10..]),
            "the signature is masked: {shown}"
        );
        assert_eq!(sent.idempotence_key.as_deref(), Some("k1"));
        assert!(header_value(&spec.headers, connect::meta::SERVER_META_INFO).is_some());
    }

    #[test]
    fn the_query_is_signed_decoded_or_as_sent() {
        let url = "http://127.0.0.1:7878/v1/1/products?locale=en%20GB";
        let (_, decoded) = sign(&prepared(url, &[], None, QueryMode::Decoded));
        let (_, as_sent) = sign(&prepared(url, &[], None, QueryMode::AsSent));
        assert!(
            decoded
                .string_to_sign
                .expect("signed")
                .ends_with("?locale=en GB\n")
        );
        assert!(
            as_sent
                .string_to_sign
                .expect("signed")
                .ends_with("?locale=en%20GB\n")
        );
    }

    #[test]
    fn hand_written_date_and_authorization_win() {
        let headers = [
            ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"),
            ("Authorization", "GCS v1HMAC:mine:abc"),
        ];
        let (spec, sent) = sign(&prepared(
            "http://127.0.0.1:7878/v1/1/x",
            &headers,
            None,
            QueryMode::Decoded,
        ));
        assert_eq!(
            header_value(&spec.headers, "Date"),
            Some("Mon, 01 Jan 2024 00:00:00 GMT")
        );
        assert_eq!(
            header_value(&spec.headers, "Authorization"),
            Some("GCS v1HMAC:mine:abc")
        );
        assert_eq!(
            spec.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("date"))
                .count(),
            1
        );
        assert!(sent.string_to_sign.is_none());
    }
}
