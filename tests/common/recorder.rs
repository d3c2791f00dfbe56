//! A recording server on a loopback port: every request it gets is kept as it
//! arrived on the wire (method, path and query, headers, body bytes) and
//! answered 200 with one fixed JSON body.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};

/// What one request looked like on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    pub method: String,
    /// The path and query as sent.
    pub path: String,
    /// Every header (names lower case, as HTTP/1.1 leaves their case open), sorted.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Wire {
    /// The same request without the headers named (any case).
    pub fn without(&self, names: &[&str]) -> Wire {
        Wire {
            headers: self
                .headers
                .iter()
                .filter(|(n, _)| !names.iter().any(|x| x.eq_ignore_ascii_case(n)))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// The value of header `name`, when it has one.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The requests received so far, in order.
pub type Seen = Arc<Mutex<Vec<Wire>>>;

#[derive(Clone)]
struct Recorder {
    seen: Seen,
    answer: &'static str,
}

async fn record(
    State(r): State<Recorder>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> ([(&'static str, &'static str); 1], &'static str) {
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    headers.sort();
    r.seen.lock().expect("lock").push(Wire {
        method: method.to_string(),
        path: uri.to_string(),
        headers,
        body: body.to_vec(),
    });
    ([("content-type", "application/json")], r.answer)
}

/// Starts the recorder on 127.0.0.1 (a free port) in the current runtime;
/// its base URL and what it receives.
pub async fn start(answer: &'static str) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = Router::new().fallback(record).with_state(Recorder {
        seen: Arc::clone(&seen),
        answer,
    });
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), seen)
}
