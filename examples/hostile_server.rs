//! A server that misbehaves on purpose, for `scripts/hostile-memory.sh`:
//! `/deep-array/N`, `/deep-object/N`, `/endless`, `/huge/MB`, `/many-errors/N`.
//! Prints `listening on http://127.0.0.1:PORT` and serves until killed.
//!
//!   cargo run --release --example hostile_server

use std::net::SocketAddr;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Path;
use axum::response::Response;
use futures_util::StreamExt;

fn json(status: u16, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap_or_default()
}

async fn route(Path((case, n)): Path<(String, usize)>) -> Response {
    match case.as_str() {
        "deep-array" => json(400, format!("{}{}", "[".repeat(n), "]".repeat(n))),
        "deep-object" => json(400, format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n))),
        "endless" => {
            let chunk = Bytes::from(vec![b'a'; 64 * 1024]);
            json(
                200,
                Body::from_stream(futures_util::stream::repeat(chunk).map(Ok::<_, std::io::Error>)),
            )
        }
        "huge" => json(200, vec![b' '; n << 20]),
        "many-errors" => {
            let errors: Vec<String> = (0..n)
                .map(|i| {
                    format!(r#"{{"code":"{i}","message":"error {i}","propertyName":"a[{i}]"}}"#)
                })
                .collect();
            json(
                400,
                format!(r#"{{"errorId":"e","errors":[{}]}}"#, errors.join(",")),
            )
        }
        _ => json(404, "{}"),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new().route("/{case}/{n}", axum::routing::any(route));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
