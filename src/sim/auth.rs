//! v1HMAC checking, as the API does it: every `/v1/` request must carry a Date
//! close to now and `Authorization: GCS v1HMAC:<apiKeyId>:<signature>` over the
//! canonical request. Uses the same `connect::sign` code the client signs with,
//! so the official SDK test in CI (which signs with code we did not write) is
//! what proves both sides right. The Date may take any form HTTP allows a client
//! (`connect::datetime::parse_http_date`): the Java SDK sends a one-digit day.
//!
//! Invented where the API's behaviour is not public: a missing, malformed or
//! wrong signature → 401; an unknown apiKeyId or a Date more than 15 minutes
//! off → 403; both with the single error 9002 MISSING_OR_INVALID_AUTHORIZATION.
//! Both query readings (percent-decoded and as sent) are accepted, because the
//! SDKs disagree and the server's choice is unknown.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::SimConfig;
use super::api_error::{ApiError, error_response};
use crate::connect::datetime;
use crate::connect::sign::{self, QueryMode, SignInput};

/// How far the Date header may be from the simulator's clock.
const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

pub async fn layer(State(config): State<Arc<SimConfig>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    // The File API (`/files/v1/…`) is signed like the rest.
    let api = path.starts_with("/v1/") || path.starts_with("/files/v1/");
    if !config.check_signatures || !api {
        return next.run(request).await;
    }
    match check(&config, &request, (config.clock)()) {
        Ok(()) => next.run(request).await,
        Err(status) => {
            let error = ApiError::bare(status, "9002", "MISSING_OR_INVALID_AUTHORIZATION");
            error_response(status, &[error])
        }
    }
}

fn check(config: &SimConfig, request: &Request, now: SystemTime) -> Result<(), StatusCode> {
    let headers = request.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (key_id, signature) = text("authorization")
        .and_then(sign::parse_authorization)
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let secret = config.secret_of(key_id).ok_or(StatusCode::FORBIDDEN)?;
    let date = text("date").ok_or(StatusCode::UNAUTHORIZED)?;
    let now = datetime::unix_secs(now);
    let sent = datetime::parse_http_date(date, now).ok_or(StatusCode::UNAUTHORIZED)?;
    if sent.abs_diff(now) > MAX_SKEW.as_secs() {
        return Err(StatusCode::FORBIDDEN);
    }
    let pairs = header_pairs(headers);
    let uri = request.uri();
    let valid = [QueryMode::Decoded, QueryMode::AsSent]
        .into_iter()
        .any(|query_mode| {
            let input = SignInput {
                method: request.method().as_str(),
                content_type: text("content-type"),
                date,
                headers: &pairs,
                path: uri.path(),
                query: uri.query(),
                query_mode,
            };
            constant_time_eq(
                sign::signature(secret.expose(), &sign::string_to_sign(&input)).as_bytes(),
                signature.as_bytes(),
            )
        });
    if valid {
        Ok(())
    } else {
        Err(StatusCode::UNAUTHORIZED)
    }
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect()
}

/// Compares without leaking where the first difference is.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;
    use crate::sim::{DEMO_API_KEY_ID, DEMO_SECRET, SimKey};
    use axum::body::Body;

    fn signed(method: &str, uri: &str, date: &str, secret: &str, key_id: &str) -> Request {
        let (path, query) = uri
            .split_once('?')
            .map_or((uri, None), |(p, q)| (p, Some(q)));
        let input = SignInput {
            method,
            content_type: None,
            date,
            headers: &[],
            path,
            query,
            query_mode: QueryMode::Decoded,
        };
        let auth = sign::authorization_value(
            key_id,
            &sign::signature(secret, &sign::string_to_sign(&input)),
        );
        Request::builder()
            .method(method)
            .uri(uri)
            .header("Date", date)
            .header("Authorization", auth)
            .body(Body::empty())
            .expect("request")
    }

    fn now_date() -> (SystemTime, String) {
        let now = SystemTime::now();
        (now, httpdate::fmt_http_date(now))
    }

    #[test]
    fn a_correct_signature_passes() {
        let config = SimConfig::default();
        let (now, date) = now_date();
        let request = signed(
            "GET",
            "/v1/1234/products?countryCode=NL&amount=1000",
            &date,
            DEMO_SECRET,
            DEMO_API_KEY_ID,
        );
        assert_eq!(check(&config, &request, now), Ok(()));
    }

    #[test]
    fn a_wrong_secret_is_refused_401() {
        let config = SimConfig::default();
        let (now, date) = now_date();
        let request = signed(
            "GET",
            "/v1/1234/payments/1",
            &date,
            "not-the-secret",
            DEMO_API_KEY_ID,
        );
        assert_eq!(check(&config, &request, now), Err(StatusCode::UNAUTHORIZED));
    }

    #[test]
    fn an_unknown_key_id_is_refused_403() {
        let config = SimConfig::default();
        let (now, date) = now_date();
        let request = signed(
            "GET",
            "/v1/1234/payments/1",
            &date,
            DEMO_SECRET,
            "someone-else",
        );
        assert_eq!(check(&config, &request, now), Err(StatusCode::FORBIDDEN));
    }

    #[test]
    fn a_skewed_date_is_refused() {
        let config = SimConfig::default();
        let (now, _) = now_date();
        let old = httpdate::fmt_http_date(now - Duration::from_secs(3600));
        let request = signed(
            "GET",
            "/v1/1234/payments/1",
            &old,
            DEMO_SECRET,
            DEMO_API_KEY_ID,
        );
        assert_eq!(check(&config, &request, now), Err(StatusCode::FORBIDDEN));
    }

    /// Wed, 02 Dec 2026 10:00:00 GMT.
    fn december_2() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_205_600)
    }

    #[test]
    fn every_http_date_form_passes_a_one_digit_day_included() {
        let config = SimConfig::default();
        for date in [
            "Wed, 2 Dec 2026 10:00:00 GMT",
            "Wed, 02 Dec 2026 10:05:00 GMT",
            "Wednesday, 02-Dec-26 09:55:00 GMT",
            "Wed Dec  2 10:00:00 2026",
        ] {
            let request = signed(
                "GET",
                "/v1/1234/payments/1",
                date,
                DEMO_SECRET,
                DEMO_API_KEY_ID,
            );
            assert_eq!(check(&config, &request, december_2()), Ok(()), "{date}");
        }
    }

    #[test]
    fn a_one_digit_day_is_still_checked_for_skew_and_garbage_is_refused() {
        let config = SimConfig::default();
        let check_date = |date: &str| {
            let request = signed(
                "GET",
                "/v1/1234/payments/1",
                date,
                DEMO_SECRET,
                DEMO_API_KEY_ID,
            );
            check(&config, &request, december_2())
        };
        assert_eq!(
            check_date("Wed, 2 Dec 2026 10:16:00 GMT"),
            Err(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            check_date("Wed, 2 Dec 2026 10:00:00 UTC"),
            Err(StatusCode::UNAUTHORIZED)
        );
        assert_eq!(check_date("yesterday"), Err(StatusCode::UNAUTHORIZED));
    }

    #[test]
    fn an_added_key_passes_with_its_own_secret_only() {
        let config = SimConfig::default().with_key(SimKey {
            api_key_id: "mykey".into(),
            secret: Secret::new("my-secret"),
        });
        let (now, date) = now_date();
        let mine = signed("GET", "/v1/1234/payments/1", &date, "my-secret", "mykey");
        assert_eq!(check(&config, &mine, now), Ok(()));
        let demo = signed(
            "GET",
            "/v1/1234/payments/1",
            &date,
            DEMO_SECRET,
            DEMO_API_KEY_ID,
        );
        assert_eq!(
            check(&config, &demo, now),
            Ok(()),
            "the demo key still works"
        );
        let crossed = signed("GET", "/v1/1234/payments/1", &date, DEMO_SECRET, "mykey");
        assert_eq!(check(&config, &crossed, now), Err(StatusCode::UNAUTHORIZED));
    }

    #[test]
    fn a_missing_authorization_is_refused_401() {
        let request = Request::builder()
            .uri("/v1/1234/payments/1")
            .body(Body::empty())
            .expect("request");
        assert_eq!(
            check(&SimConfig::default(), &request, SystemTime::now()),
            Err(StatusCode::UNAUTHORIZED)
        );
    }
}
