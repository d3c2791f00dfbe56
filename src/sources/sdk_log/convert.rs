//! A logged exchange in the pipeline's terms: the request as a `SentRequest`
//! (what the request editor and a replay start from), the response as a
//! `ResponseRecord`, and both as the `Exchange` every front end shows.

use std::time::Duration;

use super::model::LoggedExchange;
use crate::connect::meta;
use crate::http::{ResponseRecord, header_value};
use crate::pipeline::{Exchange, SentRequest, build_exchange};

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
        })
    }

    /// The response as logged. A content type logged beside the headers
    /// (Java's `content-type:` field) is added when the headers lack one, so
    /// that the body is read as the SDK read it.
    pub fn response_record(&self) -> Option<ResponseRecord> {
        let r = self.response.as_ref()?;
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
            elapsed: Duration::from_secs_f64(r.elapsed_ms.unwrap_or(0.0).max(0.0) / 1000.0),
        })
    }

    /// The exchange the panes and reports show; None when no response was
    /// logged. Linear in the body size (see `build_exchange`).
    pub fn exchange(&self) -> Option<Exchange> {
        let record = self.response_record()?;
        let request = self.sent_request().unwrap_or_else(|| SentRequest {
            method: String::new(),
            url: String::new(),
            headers: Vec::new(),
            string_to_sign: None,
            body: None,
            idempotence_key: None,
        });
        Some(build_exchange(request, record))
    }
}
