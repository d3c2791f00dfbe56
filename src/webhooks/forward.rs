//! Passing an event on to the integrator's app: the same bytes and headers
//! (but those of this hop, and this receiver's mark), through the one HTTP
//! engine, with a timeout.

use std::time::Duration;

use super::forward_loop::HOP_HEADER;
use super::received::Forwarded;
use crate::http::{HttpEngine, RequestSpec, SendOutcome};

/// How long the app may take to answer a forwarded event.
pub const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);
/// Of the app's answer, this much is kept (it is shown, not inspected).
const ANSWER_BYTES: usize = 64 * 1024;
const ANSWER_CHARS: usize = 2000;

/// Sends the event on, marked with this receiver's `mark` (see [`HOP_HEADER`]).
pub(super) async fn forward_to(
    http: &HttpEngine,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    timeout: Duration,
    mark: &str,
) -> Forwarded {
    let hop = ["host", "content-length", "connection", "transfer-encoding"];
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| !hop.contains(&n.to_ascii_lowercase().as_str()))
        .cloned()
        .collect();
    headers.push((HOP_HEADER.to_string(), mark.to_string()));
    let spec = RequestSpec {
        method: "POST".to_string(),
        url: url.to_string(),
        headers,
        body: Some(body.to_vec()),
        timeout,
        max_body: ANSWER_BYTES,
    };
    let started = std::time::Instant::now();
    let never = tokio_util::sync::CancellationToken::new();
    match http.execute(&spec, &never).await {
        SendOutcome::Response(r) => Forwarded::Answered {
            status: r.status,
            elapsed_ms: r.elapsed.as_millis() as u64,
            body: String::from_utf8_lossy(&r.body)
                .chars()
                .take(ANSWER_CHARS)
                .collect(),
        },
        SendOutcome::Failed(e, elapsed) => Forwarded::Failed {
            reason: e.to_string(),
            elapsed_ms: elapsed.as_millis() as u64,
        },
        SendOutcome::Cancelled => Forwarded::Failed {
            reason: "cancelled".to_string(),
            elapsed_ms: started.elapsed().as_millis() as u64,
        },
    }
}
