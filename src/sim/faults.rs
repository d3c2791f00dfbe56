//! Fault routes under `/sim/` for tests and demos of the inspector's error handling: answers
//! the real API (or a proxy before it) can give but that are hard to provoke on purpose.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{StreamExt, stream};
use serde_json::json;

use super::api_error::{ApiError, error_response, json_response};
use super::server::{MAX_DELAY, not_found};

/// Largest body `/sim/large` generates, in MiB.
const MAX_LARGE_MIB: u64 = 1024;

/// Payments per chunk of the `/sim/large` stream (about 64 KiB).
const LARGE_CHUNK_ITEMS: u64 = 160;

const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The part of `/sim/truncated` that is sent before the connection is cut: JSON broken off
/// in the middle of a string.
const TRUNCATED_PART: &str = r#"{"payments":[{"id":"000000123410000596000000100001","status":"PENDING_APPROVAL"},{"id":"0000001234100005960"#;

/// How long `/sim/truncated` waits between its first part and the cut.
const TRUNCATION_PAUSE: Duration = Duration::from_millis(100);

/// The length `/sim/truncated` announces (more than it sends).
const TRUNCATED_ANNOUNCED: usize = 4096;

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/sim/html-502", get(html_502))
        .route("/sim/empty-500", get(empty_500))
        .route("/sim/unavailable", get(unavailable))
        .route("/sim/slow", get(slow))
        .route("/sim/truncated", get(truncated))
        .route("/sim/status/{code}", get(status))
        .route("/sim/large", get(large))
        .route("/sim/text-404", get(not_found))
}

/// A proxy's HTML error page.
async fn html_502() -> Response {
    (
        StatusCode::BAD_GATEWAY,
        [(header::CONTENT_TYPE, "text/html")],
        BAD_GATEWAY_PAGE,
    )
        .into_response()
}

/// 500 with an empty body and no Content-Type.
async fn empty_500() -> Response {
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// 503 with `Retry-After: 120` and an error body.
async fn unavailable() -> Response {
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let error = ApiError::platform(
        status,
        "9999",
        "SERVICE_UNAVAILABLE",
        "THE SERVICE IS TEMPORARILY UNAVAILABLE, PLEASE TRY AGAIN LATER".to_owned(),
    );
    let mut response = error_response(status, &[error]);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("120"));
    response
}

/// 400 for a query parameter the fault routes cannot use.
fn invalid_parameter(name: &str, value: &str) -> Response {
    let error = ApiError::platform(
        StatusCode::BAD_REQUEST,
        "1099",
        "INVALID_VALUE",
        format!("INVALID_VALUE: '{value}' is not a valid value for field '{name}'"),
    )
    .with_property(name);
    error_response(StatusCode::BAD_REQUEST, &[error])
}

/// The query parameter `name` as a number, `default` when absent; Err holds the bad text.
fn number_parameter(
    query: &HashMap<String, String>,
    name: &str,
    default: u64,
) -> Result<u64, String> {
    match query.get(name) {
        None => Ok(default),
        Some(text) => text.trim().parse().map_err(|_| text.clone()),
    }
}

/// `?ms=N`: answers 200 after N milliseconds (capped at 10 minutes).
async fn slow(Query(query): Query<HashMap<String, String>>) -> Response {
    let millis = match number_parameter(&query, "ms", 1000) {
        Ok(millis) => millis,
        Err(text) => return invalid_parameter("ms", &text),
    };
    let delay = Duration::from_millis(millis).min(MAX_DELAY);
    tokio::time::sleep(delay).await;
    let waited = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    json_response(StatusCode::OK, json!({ "result": "OK", "delayMs": waited }))
}

/// A body that stops mid-JSON: part of it is sent, then the connection is dropped before the
/// announced length is reached, so the client fails while reading the body.
async fn truncated() -> Response {
    let part = stream::once(async { Ok(Bytes::from_static(TRUNCATED_PART.as_bytes())) });
    // The pause lets the head and the first part reach the client before the cut.
    let cut = stream::once(async {
        tokio::time::sleep(TRUNCATION_PAUSE).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "simulated connection cut",
        ))
    });
    let chunks = part.chain(cut);
    let mut response = Response::new(Body::from_stream(chunks));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(TRUNCATED_ANNOUNCED),
    );
    response
}

/// `/sim/status/{code}`: that status with an error body (no body for 204 and 304, whose
/// answers cannot have one). Statuses outside 200–599 are refused.
async fn status(Path(code): Path<String>) -> Response {
    let status = code
        .parse::<u16>()
        .ok()
        .filter(|c| (200..=599).contains(c))
        .and_then(|c| StatusCode::from_u16(c).ok());
    let Some(status) = status else {
        return invalid_parameter("code", &code);
    };
    if matches!(status, StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED) {
        return status.into_response();
    }
    let error = ApiError::platform(
        status,
        "9999",
        "SIMULATED_STATUS",
        format!("SIMULATED {} ANSWER", status.as_u16()),
    );
    error_response(status, &[error])
}

/// One payment of the `/sim/large` page. Every one has the same length (the index is
/// zero-padded into the id, the amount has four digits), so the total size is known up front.
fn large_item(index: u64) -> String {
    let amount = 1000 + index % 9000;
    format!(
        concat!(
            r#"{{"id":"{id:030}","paymentOutput":{{"amountOfMoney":{{"amount":{amount},"currencyCode":"EUR"}},"#,
            r#""references":{{"merchantReference":"LARGE{id:012}","paymentReference":"0"}},"paymentMethod":"card","#,
            r#""cardPaymentMethodSpecificOutput":{{"paymentProductId":1,"authorisationCode":"OK1131","#,
            r#""card":{{"cardNumber":"************7977","expiryDate":"1230"}},"#,
            r#""fraudResults":{{"fraudServiceResult":"accepted","avsResult":"X","cvvResult":"M"}}}}}},"#,
            r#""status":"PENDING_APPROVAL","statusOutput":{{"isCancellable":true,"statusCategory":"PENDING_MERCHANT","#,
            r#""statusCode":600,"statusCodeChangeDateTime":"20160310094054","isAuthorized":true}}}}"#
        ),
        id = index,
        amount = amount,
    )
}

/// The layout of a `/sim/large` page of at least `target` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LargePage {
    items: u64,
    item_len: u64,
}

impl LargePage {
    const PREFIX: &'static str = r#"{"payments":["#;

    fn for_target(target: u64) -> Self {
        let item_len = large_item(0).len() as u64;
        // Each item after the first adds a comma.
        Self {
            items: target.div_ceil(item_len + 1),
            item_len,
        }
    }

    fn suffix(&self) -> String {
        format!(
            r#"],"offset":0,"limit":{n},"totalCount":{n}}}"#,
            n = self.items
        )
    }

    fn total_len(&self) -> u64 {
        let commas = self.items.saturating_sub(1);
        Self::PREFIX.len() as u64 + self.items * self.item_len + commas + self.suffix().len() as u64
    }

    /// Chunk `chunk` of the body (0 is the prefix plus the first items), None past the end.
    fn chunk(&self, chunk: u64) -> Option<Bytes> {
        let start = chunk * LARGE_CHUNK_ITEMS;
        if start > self.items || (start == self.items && chunk > 0) {
            return None;
        }
        let end = (start + LARGE_CHUNK_ITEMS).min(self.items);
        let mut text = String::with_capacity(((end - start) * (self.item_len + 1)) as usize + 64);
        if chunk == 0 {
            text.push_str(Self::PREFIX);
        }
        for index in start..end {
            if index > 0 {
                text.push(',');
            }
            text.push_str(&large_item(index));
        }
        if end == self.items {
            text.push_str(&self.suffix());
        }
        Some(Bytes::from(text))
    }
}

/// `?mb=N`: a find-payments page of at least N MiB (default 1), streamed as it is generated.
async fn large(Query(query): Query<HashMap<String, String>>) -> Response {
    let mib = match number_parameter(&query, "mb", 1) {
        Ok(mib) if mib <= MAX_LARGE_MIB => mib,
        Ok(mib) => return invalid_parameter("mb", &mib.to_string()),
        Err(text) => return invalid_parameter("mb", &text),
    };
    let page = LargePage::for_target(mib * 1024 * 1024);
    let chunks = stream::unfold(0u64, move |chunk| async move {
        page.chunk(chunk)
            .map(|bytes| (Ok::<Bytes, Infallible>(bytes), chunk + 1))
    });
    let mut response = Response::new(Body::from_stream(chunks));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(page.total_len()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(page: LargePage) -> String {
        let mut text = String::new();
        let mut chunk = 0;
        while let Some(bytes) = page.chunk(chunk) {
            text.push_str(std::str::from_utf8(&bytes).expect("UTF-8"));
            chunk += 1;
        }
        text
    }

    #[test]
    fn large_items_are_json_of_equal_length() {
        let first: serde_json::Value = serde_json::from_str(&large_item(0)).expect("JSON");
        assert_eq!(first["status"], "PENDING_APPROVAL");
        assert_eq!(large_item(0).len(), large_item(987_654).len());
    }

    #[test]
    fn large_page_is_valid_json_of_the_announced_length() {
        for target in [0, 1, 5_000, 1_000_000] {
            let page = LargePage::for_target(target);
            let text = whole(page);
            assert_eq!(text.len() as u64, page.total_len(), "target {target}");
            assert!(text.len() as u64 >= target);
            let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(value["totalCount"], page.items);
            assert_eq!(
                value["payments"].as_array().map(Vec::len),
                Some(page.items as usize)
            );
        }
    }

    #[test]
    fn truncated_part_is_not_complete_json() {
        assert!(serde_json::from_str::<serde_json::Value>(TRUNCATED_PART).is_err());
        assert!(TRUNCATED_PART.len() < TRUNCATED_ANNOUNCED);
    }
}
