//! Serving the router over TCP: HTTP/1.1 (what the SDKs speak to an `http://` URL), with a
//! timeout on reading each request head. Not `axum::serve`: it gives hyper no timer, so a head
//! is never timed out and a client that sends half of one holds its connection for ever.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long to wait after a failed accept that would fail again at once (too many open files).
const ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

/// Serves `app` on `listener` until `stop` completes, then stops accepting and waits for the
/// open connections: idle ones close at once, busy ones after their answer.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) {
    serve_at_most(listener, app, header_timeout, stop, None).await;
}

/// [`serve`] with at most `max_connections` open at once: past it, new
/// connections wait in the kernel's accept queue (itself bounded) until one
/// closes, so a crowd of senders cannot take every file descriptor. Past half
/// of them, a connection serves one request and closes, so slots come back.
pub async fn serve_at_most(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
    max_connections: Option<usize>,
) {
    let room = max_connections.map(|n| Arc::new(Semaphore::new(n.max(1))));
    let mut http = http1::Builder::new();
    // hyper's header timeout runs from when it starts waiting for a head: on connecting and
    // after each answer, so it also closes connections that send nothing.
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    // Past half the connections, each serves one request: a client's pool of idle
    // keep-alive connections cannot hold every slot while others wait.
    let mut once = http.clone();
    once.keep_alive(false);
    let graceful = GracefulShutdown::new();
    let mut stop = pin!(stop);
    loop {
        let permit = match &room {
            Some(room) => tokio::select! {
                permit = Arc::clone(room).acquire_owned() => match permit {
                    Ok(permit) => Some(permit),
                    Err(_) => break, // never closed
                },
                () = &mut stop => break,
            },
            None => None,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    back_off(&e).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let crowded = match (&room, max_connections) {
            (Some(room), Some(max)) => room.available_permits() < max / 2,
            _ => false,
        };
        let builder = if crowded { &once } else { &http };
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that leaves, or is timed out, mid-request: nothing to report.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// After a failed accept: a connection reset before it was accepted concerns that client only;
/// any other error (out of file descriptors) would repeat at once, so wait instead of spinning.
async fn back_off(error: &io::Error) {
    let client_gone = matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
    );
    if !client_gone {
        tokio::time::sleep(ACCEPT_BACKOFF).await;
    }
}
