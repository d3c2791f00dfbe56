//! HTTP manners: an answer given before the request's body was read says `Connection: close`,
//! and a `201 Created` says where the new object is (`Location`), on every route.
//!
//! hyper closes such a connection anyway (the unread body is still on the socket, so the next
//! request could not be told from it), but without the header a keep-alive client (Node's agent)
//! sends its next request on the dead socket and gets EPIPE. A request whose body was read to
//! its end, or that had none, keeps its connection.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};

/// A request body that records when it has been read to its end.
struct Tracked {
    inner: Body,
    read: Arc<AtomicBool>,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) || self.inner.is_end_stream() {
            self.read.store(true, Ordering::Relaxed);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The largest answer read to find a created object's id (the simulator's own answers).
const MAX_CREATED_BYTES: usize = 1024 * 1024;

/// Adds `Connection: close` to the answer when the request's body was not read to its end,
/// and `Location` to a 201 whose route did not set one.
pub async fn layer(request: Request, next: Next) -> Response {
    // Only what a Location needs is kept (not the whole head): this runs on every request.
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let host = request.headers().get(header::HOST).cloned();
    let response = close_unless_read(request, next).await;
    if response.status() == StatusCode::CREATED
        && !response.headers().contains_key(header::LOCATION)
    {
        let mut headers = HeaderMap::new();
        if let Some(host) = host {
            headers.insert(header::HOST, host);
        }
        return with_location(response, method.as_str(), &path, &headers).await;
    }
    response
}

/// `Location` from the created object's id (`id`, `token`, …) in the answer's body.
async fn with_location(
    response: Response,
    method: &str,
    path: &str,
    headers: &HeaderMap,
) -> Response {
    let Some(endpoint) = super::generic::endpoint_of(method, path) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_CREATED_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let id = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| {
            super::generic::ID_KEYS
                .iter()
                .find_map(|k| v.get(*k).and_then(|id| id.as_str()).map(str::to_owned))
                // A mandate is named by its reference, inside the answer's `mandate`.
                .or_else(|| {
                    v.pointer("/mandate/uniqueMandateReference")
                        .and_then(|r| r.as_str())
                        .map(str::to_owned)
                })
        });
    let mut response = Response::from_parts(parts, Body::from(bytes));
    if let Some(location) = id.and_then(|id| super::generic::location(endpoint, path, &id, headers))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

async fn close_unless_read(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if body.is_end_stream() || body.size_hint().exact() == Some(0) {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let read = Arc::new(AtomicBool::new(false));
    let tracked = Body::new(Tracked {
        inner: body,
        read: Arc::clone(&read),
    });
    let mut response = next.run(Request::from_parts(parts, tracked)).await;
    if !read.load(Ordering::Relaxed) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
