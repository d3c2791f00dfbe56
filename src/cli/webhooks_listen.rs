//! `cinspect webhooks listen`: a local receiver for Connect's webhooks (behind
//! the user's own tunnel for the real platform). Every request is answered at
//! once and shown with its signature verdict and reason; the endpoint
//! verification GET is answered as Connect expects; `--forward` passes each
//! event on byte for byte to the integrator's app and shows its answer.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use clap::Args;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::fail;
use crate::body::printable;
use crate::config;
use crate::connect::webhook::{self, VERIFICATION_HEADER};
use crate::connect::webhook_events;
use crate::http::{HttpEngine, RequestSpec, SendOutcome};

/// Bodies bigger than this are refused (413): no real event comes close.
const MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;
/// Events waiting to be printed; past it they are counted as dropped, never blocking.
const QUEUE: usize = 1024;
const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The address to bind (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The port (0: any free one).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Pass each event on, byte for byte with its headers, to your app, and show its answer.
    #[arg(long, value_name = "URL")]
    pub forward: Option<String>,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,
}

struct Shared {
    keys: Vec<(String, String)>,
    forward: Option<String>,
    http: HttpEngine,
    shown: mpsc::Sender<Value>,
    dropped: AtomicU64,
}

pub fn run(args: ListenArgs) -> ExitCode {
    let loaded = config::load(config::config_dir().as_deref());
    for problem in &loaded.problems {
        eprintln!("cinspect: {problem}");
    }
    // Secrets are read once, at start; they are never printed.
    let mut keys = Vec::new();
    for (id, source) in &loaded.config.webhook_keys {
        match source.resolve(id) {
            Ok(secret) => keys.push((id.clone(), secret.expose().to_string())),
            Err(e) => eprintln!("cinspect: webhook key {id}: {e}"),
        }
    }
    if keys.is_empty() {
        eprintln!(
            "cinspect: no webhook keys configured ([webhooks.keys.KEY_ID] in config.toml): every event will be 'unknown key id'"
        );
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}"), 1),
    };
    match runtime.block_on(serve(args, keys)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e, 1),
    }
}

async fn serve(args: ListenArgs, keys: Vec<(String, String)>) -> anyhow::Result<()> {
    let (shown, mut queue) = mpsc::channel::<Value>(QUEUE);
    let shared = Arc::new(Shared {
        keys,
        forward: args.forward.clone(),
        http: HttpEngine::new()?,
        shown,
        dropped: AtomicU64::new(0),
    });
    let app = Router::new()
        .fallback(receive)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_EVENT_BYTES))
        .with_state(Arc::clone(&shared));
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    let as_json = args.json;
    let printer = tokio::spawn(async move {
        while let Some(event) = queue.recv().await {
            print_event(&event, as_json);
        }
    });
    let dropped = Arc::clone(&shared);
    let reporter = tokio::spawn(async move {
        let mut reported = 0;
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let now = dropped.dropped.load(Ordering::Relaxed);
            if now > reported {
                eprintln!(
                    "cinspect: {} events were answered but not shown (too many at once)",
                    now - reported
                );
                reported = now;
            }
        }
    });
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    reporter.abort();
    printer.abort();
    Ok(result?)
}

async fn receive(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let received_at =
        crate::connect::datetime::format_epoch_millis(crate::pipeline::record::now_ms());
    let pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    // Registering an endpoint: answer the value back as plain text.
    if method == Method::GET
        && let Some(value) = headers.get(VERIFICATION_HEADER)
    {
        let value = value.to_str().unwrap_or_default().to_string();
        show(
            &shared,
            json!({
                "received_at": received_at, "method": "GET", "path": uri.to_string(),
                "headers": header_object(&pairs), "body": null, "event_type": null, "event_id": null,
                "signature": null, "forward": null, "verification": value,
            }),
        );
        return ([("content-type", "text/plain")], value).into_response();
    }
    let verdict = webhook::verify(&pairs, &body, &shared.keys);
    let facts = webhook_events::facts(&body);
    let forward = match &shared.forward {
        Some(url) => Some(forward_to(&shared.http, url, &pairs, &body).await),
        None => None,
    };
    let key_id = pairs
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(webhook::KEY_ID_HEADER))
        .map(|(_, v)| v.clone());
    let body_value = serde_json::from_slice::<Value>(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    let (status, answer) = match &forward {
        // The app's answer goes back: its failure to accept an event is what is hunted.
        Some(Forwarded::Answered { status, body, .. }) => (*status, body.clone()),
        Some(Forwarded::Failed { .. }) => (502, "the forward target did not answer".to_string()),
        None => (200, String::new()),
    };
    show(
        &shared,
        json!({
            "received_at": received_at,
            "method": method.as_str(),
            "path": uri.to_string(),
            "headers": header_object(&pairs),
            "body": body_value,
            "event_type": facts.event_type,
            "event_id": facts.event_id,
            "object": facts.object,
            "signature": {"verdict": verdict.kind(), "reason": verdict.reason(), "key_id": key_id},
            "forward": forward.as_ref().map(Forwarded::json),
        }),
    );
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        answer,
    )
        .into_response()
}

fn show(shared: &Shared, event: Value) {
    if shared.shown.try_send(event).is_err() {
        shared.dropped.fetch_add(1, Ordering::Relaxed);
    }
}

enum Forwarded {
    Answered {
        status: u16,
        elapsed_ms: u128,
        body: String,
    },
    Failed {
        reason: String,
        elapsed_ms: u128,
    },
}

impl Forwarded {
    fn json(&self) -> Value {
        match self {
            Forwarded::Answered {
                status,
                elapsed_ms,
                body,
            } => {
                json!({"status": status, "elapsed_ms": elapsed_ms, "body": body})
            }
            Forwarded::Failed { reason, elapsed_ms } => {
                json!({"status": null, "elapsed_ms": elapsed_ms, "error": reason})
            }
        }
    }
}

/// Passes the event on with its headers (but those of this hop) and bytes.
async fn forward_to(
    http: &HttpEngine,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Forwarded {
    let hop = ["host", "content-length", "connection", "transfer-encoding"];
    let spec = RequestSpec {
        method: "POST".to_string(),
        url: url.to_string(),
        headers: headers
            .iter()
            .filter(|(n, _)| !hop.contains(&n.to_ascii_lowercase().as_str()))
            .cloned()
            .collect(),
        body: Some(body.to_vec()),
        timeout: FORWARD_TIMEOUT,
        max_body: 64 * 1024,
    };
    let started = Instant::now();
    match http
        .execute(&spec, &tokio_util::sync::CancellationToken::new())
        .await
    {
        SendOutcome::Response(r) => Forwarded::Answered {
            status: r.status,
            elapsed_ms: r.elapsed.as_millis(),
            body: String::from_utf8_lossy(&r.body)
                .chars()
                .take(2000)
                .collect(),
        },
        SendOutcome::Failed(e, elapsed) => Forwarded::Failed {
            reason: e.to_string(),
            elapsed_ms: elapsed.as_millis(),
        },
        SendOutcome::Cancelled => Forwarded::Failed {
            reason: "cancelled".to_string(),
            elapsed_ms: started.elapsed().as_millis(),
        },
    }
}

fn header_object(pairs: &[(String, String)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(n, v)| (n.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn print_event(e: &Value, as_json: bool) {
    if as_json {
        println!("{e}");
        return;
    }
    let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    if let Some(value) = e.get("verification").and_then(Value::as_str) {
        println!(
            "{}  GET {}  endpoint verification: answered {}",
            text("received_at"),
            text("path"),
            value
        );
        return;
    }
    let signature = &e["signature"];
    let mut line = format!(
        "{}  {} {}  {} {}  {}  signature {}: {}",
        text("received_at"),
        text("method"),
        text("path"),
        text("event_type"),
        text("event_id"),
        text("object"),
        signature["verdict"].as_str().unwrap_or(""),
        signature["reason"].as_str().unwrap_or("")
    );
    match &e["forward"] {
        Value::Null => {}
        f if f["status"].is_null() => line.push_str(&format!(
            "  → app: no answer ({}) after {} ms",
            f["error"].as_str().unwrap_or(""),
            f["elapsed_ms"]
        )),
        f => line.push_str(&format!(
            "  → app: {} in {} ms {}",
            f["status"],
            f["elapsed_ms"],
            f["body"]
                .as_str()
                .unwrap_or("")
                .chars()
                .take(120)
                .collect::<String>()
        )),
    }
    println!("{}", printable(&line));
}
