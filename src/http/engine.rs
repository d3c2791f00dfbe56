use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

use super::failure::{TransportError, source_chain};
use super::spec::{BodyCut, RequestSpec, ResponseRecord};

/// The one reqwest client of the process: connection pools and TLS sessions are
/// shared, so a resend does not pay for a new handshake.
#[derive(Clone)]
pub struct HttpEngine {
    client: reqwest::Client,
}

/// How the outcome of one execution ends.
#[derive(Debug)]
pub enum SendOutcome {
    Response(ResponseRecord),
    Failed(TransportError, Duration),
    Cancelled,
}

impl HttpEngine {
    pub fn new() -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("cinspect/", env!("CARGO_PKG_VERSION")))
            // Redirects would hide the API's real answer (and could carry our
            // signed headers elsewhere): show the 3xx as it is.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| TransportError::Other(source_chain(&e)))?;
        Ok(Self { client })
    }

    /// Sends the request and reads the whole body, or stops when `cancel` fires.
    pub async fn execute(&self, spec: &RequestSpec, cancel: &CancellationToken) -> SendOutcome {
        let started = Instant::now();
        tokio::select! {
            biased;
            _ = cancel.cancelled() => SendOutcome::Cancelled,
            result = self.run(spec, started) => match result {
                Ok(record) => SendOutcome::Response(record),
                Err(err) => SendOutcome::Failed(err, started.elapsed()),
            },
        }
    }

    async fn run(
        &self,
        spec: &RequestSpec,
        started: Instant,
    ) -> Result<ResponseRecord, TransportError> {
        let url = reqwest::Url::parse(&spec.url).map_err(|e| TransportError::InvalidUrl {
            url: spec.url.clone(),
            reason: e.to_string(),
        })?;
        let host = url
            .host_str()
            .map(|h| match url.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
            .unwrap_or_default();
        let https = url.scheme() == "https";
        let method = reqwest::Method::from_bytes(spec.method.as_bytes()).map_err(|_| {
            TransportError::InvalidUrl {
                url: spec.url.clone(),
                reason: format!("{:?} is not a valid HTTP method", spec.method),
            }
        })?;
        let mut request = self.client.request(method, url).timeout(spec.timeout);
        for (name, value) in &spec.headers {
            request = request.header(name, value);
        }
        if let Some(body) = &spec.body {
            request = request.body(body.clone());
        }
        let response = request
            .send()
            .await
            .map_err(|e| TransportError::from_reqwest(&e, &host, https, spec.timeout))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let declared = response.content_length();
        let limit = spec.max_body;
        let mut body =
            Vec::with_capacity(declared.unwrap_or(0).min(64 << 20).min(limit as u64) as usize);
        let mut cut = None;
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(bytes) => {
                    let room = limit.saturating_sub(body.len());
                    if bytes.len() > room {
                        // An endless or huge body: keep what fits, stop reading, say so.
                        body.extend_from_slice(&bytes[..room]);
                        cut = Some(BodyCut {
                            kept: body.len(),
                            declared,
                        });
                        break;
                    }
                    body.extend_from_slice(&bytes);
                }
                Err(e) if e.is_timeout() => return Err(TransportError::Timeout(spec.timeout)),
                Err(e) => {
                    return Err(TransportError::BodyInterrupted {
                        received: body.len(),
                        reason: source_chain(&e),
                    });
                }
            }
        }
        Ok(ResponseRecord {
            status,
            headers,
            body,
            elapsed: started.elapsed(),
            cut,
        })
    }
}
