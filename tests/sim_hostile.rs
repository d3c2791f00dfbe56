//! The simulator on the wire against unusual and hostile clients: Date values in every form
//! HTTP lets a client send (the Java SDK sends a one-digit day), and a request head that never
//! ends.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use connect_inspector::connect::sign;
use connect_inspector::sim::{self, DEMO_API_KEY_ID, DEMO_SECRET, RunningSim, SimConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Far longer than the test's header timeout, so only a server that never closes fails.
const GENEROUS: Duration = Duration::from_secs(20);

/// Wed, 02 Dec 2026 10:00:00 GMT: a day of the month with one digit, whatever today is.
fn december_2() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_796_205_600)
}

async fn start(config: SimConfig) -> RunningSim {
    sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), config)
        .await
        .expect("the simulator binds a free port")
}

/// A GET of test-connection signed by hand: the string to sign is written out here with the
/// Date exactly as sent, not built by the code the simulator checks with.
async fn test_connection(sim: &RunningSim, date: &str) -> reqwest::StatusCode {
    let path = "/v1/1234/services/testconnection";
    let string_to_sign = format!("GET\n\n{date}\n{path}\n");
    let signature = sign::signature(DEMO_SECRET, &string_to_sign);
    reqwest::Client::new()
        .get(format!("{}{path}", sim.base_url()))
        .header("Date", date)
        .header(
            "Authorization",
            format!("GCS v1HMAC:{DEMO_API_KEY_ID}:{signature}"),
        )
        .timeout(GENEROUS)
        .send()
        .await
        .expect("the simulator answers")
        .status()
}

#[tokio::test]
async fn a_request_dated_with_a_one_digit_day_is_answered_2xx() {
    let sim = start(SimConfig {
        clock: december_2,
        ..SimConfig::default()
    })
    .await;
    let status = test_connection(&sim, "Wed, 2 Dec 2026 10:00:00 GMT").await;
    assert!(status.is_success(), "{status}");
    sim.shutdown().await;
}

#[tokio::test]
async fn the_obsolete_date_forms_are_answered_2xx_and_garbage_401() {
    let sim = start(SimConfig {
        clock: december_2,
        ..SimConfig::default()
    })
    .await;
    for date in [
        "Wed, 02 Dec 2026 10:00:00 GMT",
        "Wednesday, 02-Dec-26 10:00:00 GMT",
        "Wed Dec  2 10:00:00 2026",
    ] {
        let status = test_connection(&sim, date).await;
        assert!(status.is_success(), "{date}: {status}");
    }
    for date in ["Wed, 2 Dec 2026 10:00:00 UTC", "2026-12-02T10:00:00Z"] {
        let status = test_connection(&sim, date).await;
        assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED, "{date}");
    }
    sim.shutdown().await;
}

/// Reads until the server closes the connection (end of stream or a reset).
async fn until_closed(stream: &mut TcpStream) {
    let mut buf = [0u8; 1024];
    while let Ok(n) = stream.read(&mut buf).await {
        if n == 0 {
            return;
        }
    }
}

#[tokio::test]
async fn a_half_sent_request_head_is_closed_after_the_header_timeout() {
    let sim = start(SimConfig {
        header_timeout: Duration::from_millis(300),
        ..SimConfig::default()
    })
    .await;
    let mut stream = TcpStream::connect(sim.addr).await.expect("connects");
    // No blank line: the head never ends.
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("half a head is sent");
    // Meanwhile a whole request is answered: the short timeout cuts only heads that stall.
    let status = reqwest::Client::new()
        .get(format!("{}/sim/status/204", sim.base_url()))
        .timeout(GENEROUS)
        .send()
        .await
        .expect("answered")
        .status();
    assert_eq!(status, reqwest::StatusCode::NO_CONTENT);
    let closed = tokio::time::timeout(GENEROUS, until_closed(&mut stream)).await;
    assert!(
        closed.is_ok(),
        "the connection is still open after {GENEROUS:?}"
    );
    sim.shutdown().await;
}
