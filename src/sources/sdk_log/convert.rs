//! A logged exchange in the pipeline's terms: the request as a `SentRequest`
//! (what the request editor and a replay start from), the response as a
//! `ResponseRecord`, and both as the `Exchange` every front end shows.

use std::borrow::Cow;
use std::time::Duration;

use super::model::{LoggedExchange, LoggedRequest};
use crate::connect::meta;
use crate::http::{BodyCut, ResponseRecord, header_value};
use crate::pipeline::{Exchange, Judged, SentRequest, build_exchange, judge_parsed};

/// Headers the SDK or its HTTP client adds on every call: a request put back
/// in the editor leaves them out, so that sending it signs afresh.
const ADDED_BY_THE_SDK: &[&str] = &[
    "Date",
    "Authorization",
    meta::SERVER_META_INFO,
    "Content-Type",
    "Content-Length",
    "Host",
    "Connection",
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "Expect",
];

impl LoggedRequest {
    /// The path and query to put in the editor: the uri as logged, without
    /// scheme and host when it is absolute (a request through a proxy).
    pub fn target(&self) -> &str {
        match self.uri.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => &self.uri,
        }
    }

    /// The headers the caller chose (X-GCS-Idempotence-Key,
    /// X-GCS-ClientMetaInfo, …), without those the SDK adds and signs.
    pub fn editor_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(n, _)| !ADDED_BY_THE_SDK.iter().any(|a| a.eq_ignore_ascii_case(n)))
            .cloned()
            .collect()
    }
}

impl LoggedExchange {
    /// The request as logged: the URL is the endpoint and uri when the SDK
    /// logs an endpoint (PHP), else the uri as logged. Secrets stay masked
    /// as the SDK masked them; there is no string to sign. None when only
    /// the response was logged.
    pub fn sent_request(&self) -> Option<SentRequest> {
        let r = self.request.as_ref()?;
        let url = match &r.endpoint {
            Some(endpoint) if r.uri.starts_with('/') => format!("{endpoint}{}", r.uri),
            _ => r.uri.clone(),
        };
        Some(SentRequest {
            method: r.method.clone(),
            url,
            headers: r.headers.clone(),
            string_to_sign: None,
            body: r.body.as_ref().map(|b| b.text.clone()),
            idempotence_key: header_value(&r.headers, meta::IDEMPOTENCE_KEY).map(str::to_string),
            // The logger's time has no zone: it is not claimed as the send time.
            sent_at_ms: None,
        })
    }

    /// The response as logged. A content type logged beside the headers
    /// (Java's `content-type:` field) is added when the headers lack one, so
    /// that the body is read as the SDK read it. A body over the reader's
    /// cap is marked cut, as a download over its limit is.
    pub fn response_record(&self) -> Option<ResponseRecord> {
        let r = self.response.as_ref()?;
        let cut = r.body.as_ref().filter(|b| b.cut).map(|b| BodyCut {
            kept: b.text.len(),
            declared: header_value(&r.headers, "Content-Length")
                .and_then(|v| v.trim().parse().ok()),
        });
        let mut headers = r.headers.clone();
        if header_value(&headers, "Content-Type").is_none()
            && let Some(ct) = r.body.as_ref().and_then(|b| b.content_type.clone())
        {
            headers.push(("Content-Type".to_string(), ct));
        }
        Some(ResponseRecord {
            status: r.status,
            headers,
            body: r
                .body
                .as_ref()
                .map(|b| b.text.clone().into_bytes())
                .unwrap_or_default(),
            elapsed: Duration::try_from_secs_f64(r.elapsed_ms.unwrap_or(0.0) / 1000.0)
                .unwrap_or_default(),
            cut,
        })
    }

    /// What the response says (status, verdict, errors) as [`Self::exchange`]
    /// reads it, without copying or preparing the bodies: what a one-line
    /// report needs. None when no response was logged.
    pub fn judged(&self) -> Option<Judged> {
        self.judge(false).map(|(judged, _)| judged)
    }

    /// [`Self::judged`], and the response body's whole value when it was
    /// read as JSON for it (to print it).
    pub fn judged_parsed(&self) -> Option<(Judged, Option<serde_json::Value>)> {
        self.judge(true)
    }

    fn judge(&self, keep_body: bool) -> Option<(Judged, Option<serde_json::Value>)> {
        let r = self.response.as_ref()?;
        let logged_type = r.body.as_ref().and_then(|b| b.content_type.as_ref());
        let headers: Cow<'_, [(String, String)]> = match logged_type {
            Some(ct) if header_value(&r.headers, "Content-Type").is_none() => {
                let mut headers = r.headers.clone();
                headers.push(("Content-Type".to_string(), ct.clone()));
                Cow::Owned(headers)
            }
            _ => Cow::Borrowed(&r.headers),
        };
        let body = r.body.as_ref().map_or(&b""[..], |b| b.text.as_bytes());
        let key = self
            .request
            .as_ref()
            .and_then(|q| header_value(&q.headers, meta::IDEMPOTENCE_KEY));
        Some(judge_parsed(r.status, &headers, body, key, keep_body))
    }

    /// The exchange the panes and reports show; None when no response was
    /// logged. Linear in the body size (see `build_exchange`).
    /// The exchange as a side of a comparison: with its response, or the
    /// request and why none was logged.
    pub fn loaded(&self) -> Result<crate::pipeline::compare::Loaded, String> {
        use crate::pipeline::compare::Loaded;
        match self.exchange() {
            Some(x) => Ok(Loaded::Exchange(std::sync::Arc::new(x))),
            None => Ok(Loaded::NoResponse {
                request: self.sent_request().ok_or_else(|| {
                    "neither a request nor a response was logged there".to_string()
                })?,
                why: match &self.error {
                    Some(e) => format!("the SDK logged: {}", e.text),
                    None => "no response was logged".to_string(),
                },
            }),
        }
    }

    pub fn exchange(&self) -> Option<Exchange> {
        let record = self.response_record()?;
        let request = self.sent_request().unwrap_or_else(|| SentRequest {
            method: String::new(),
            url: String::new(),
            headers: Vec::new(),
            string_to_sign: None,
            body: None,
            idempotence_key: None,
            sent_at_ms: None,
        });
        Some(build_exchange(request, record))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::LoggedRequest;

    #[test]
    fn what_the_editor_gets_back() {
        let r = LoggedRequest {
            line: 1,
            span: Default::default(),
            time: None,
            method: "POST".into(),
            uri: "http://proxy.example:8080/v1/1234/payments?x=1".into(),
            endpoint: None,
            headers: vec![
                ("Date".into(), "Wed, 02 Dec 2026 00:28:38 GMT".into()),
                ("authorization".into(), "********".into()),
                ("X-GCS-Idempotence-Key".into(), "k1".into()),
                ("Host".into(), "proxy.example".into()),
            ],
            body: None,
            masked: Vec::new(),
        };
        assert_eq!(r.target(), "/v1/1234/payments?x=1");
        assert_eq!(
            r.editor_headers(),
            vec![("X-GCS-Idempotence-Key".to_string(), "k1".to_string())]
        );
    }
}
